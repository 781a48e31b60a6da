//! The links between the pages of a space's dashboard.

use leptos::prelude::*;

use super::paths::{dashboard, invitations, members, LOGIN_PATH};
use crate::components::title::PageTitle;
use crate::i18n::use_i18n;

/// The dashboard's pages, the current one marked (`current`: `overview`, `members` or
/// `invitations`).
#[component]
pub fn DashboardNav(slug: String, current: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    let link = move |href: String, key: &'static str, name: &'static str| {
        view! {
            <li>
                <a href=href aria-current=(current == name).then_some("page")>{i18n.t(key)}</a>
            </li>
        }
    };
    view! {
        <nav class="dashboard-nav" aria-label=i18n.t("dash-nav")>
            <ul>
                {link(dashboard(&slug), "dash-nav-overview", "overview")}
                {link(members(&slug), "dash-nav-members", "members")}
                {link(invitations(&slug), "dash-nav-invitations", "invitations")}
            </ul>
        </nav>
    }
}

/// A dashboard's page for someone not logged in to it: the way to log in (`other`: logged in
/// to another space's).
#[component]
pub fn LogInFirst(slug: String, #[prop(optional)] other: bool) -> impl IntoView {
    let i18n = use_i18n();
    let login = format!("{LOGIN_PATH}?espace={slug}");
    view! {
        <PageTitle text=i18n.t("dash-login-first-title")/>
        <h1>{i18n.t("dash-login-first-title")}</h1>
        <p class="lead">
            {i18n.t(if other { "dash-login-other-space" } else { "dash-login-first-text" })}
        </p>
        <p><a class="button" href=login>{i18n.t("dash-login-submit")}</a></p>
    }
}
