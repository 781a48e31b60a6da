//! The links between the pages of a space's dashboard.

use leptos::prelude::*;

use super::paths::{
    dashboard, directory, export, handover, invitations, members, settings, LOGIN_PATH,
};
use crate::components::title::PageTitle;
use crate::i18n::use_i18n;

/// The dashboard's pages, the current one marked (`current`: `overview`, `members`,
/// `invitations`, `options` (the settings), `directory`, `handover` or `export`).
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
                {link(settings(&slug), "dash-nav-settings", "options")}
                {link(directory(&slug), "dash-nav-directory", "directory")}
                {link(handover(&slug), "dash-nav-handover", "handover")}
                {link(export(&slug), "dash-nav-export", "export")}
            </ul>
        </nav>
    }
}

/// A dashboard page of the space its address names: its data, from the server function
/// `fetch` given the slug, shown by `show` with the outcome an action left in the address,
/// or what [`answer`] shows instead (404, the way to log in, 500).
pub fn dashboard_page<T, O, Fut>(
    fetch: impl Fn(String) -> Fut + Send + Sync + 'static,
    show: fn(T, Option<O>) -> AnyView,
) -> impl IntoView
where
    T: serde::Serialize + serde::de::DeserializeOwned + Clone + Send + Sync + 'static,
    O: serde::de::DeserializeOwned + 'static,
    Fut: std::future::Future<Output = Result<Option<T>, ServerFnError>> + Send + 'static,
{
    use leptos_router::hooks::{use_params_map, use_query_map};
    let params = use_params_map();
    let query = use_query_map();
    let slug = move || params.with(|p| p.get("slug").unwrap_or_default());
    let data = crate::actions::page_data(slug, fetch);
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                answer(slug(), data.await, |v| {
                    show(v, query.with(crate::actions::outcome_in::<O>))
                })
            })}
        </Suspense>
    }
}

/// What a dashboard page shows for what its server function answered: the page itself,
/// 404, the way to log in (401; 403: logged in to another space's dashboard), or 500.
pub fn answer<T>(
    slug: String,
    data: Result<Option<T>, ServerFnError>,
    page: impl FnOnce(T) -> AnyView,
) -> AnyView {
    use crate::pages::site::errors::ErrorView;
    match data {
        Ok(Some(v)) => page(v),
        Ok(None) => view! { <ErrorView status=404/> }.into_any(),
        Err(e) => match crate::site::denied_status(&e) {
            Some(401) => view! { <LogInFirst slug/> }.into_any(),
            Some(403) => view! { <LogInFirst slug other=true/> }.into_any(),
            _ => view! { <ErrorView status=500/> }.into_any(),
        },
    }
}

/// A dashboard's page for someone not logged in to it: the way to log in (`other`: logged in
/// to another space's).
#[component]
fn LogInFirst(slug: String, #[prop(optional)] other: bool) -> impl IntoView {
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
