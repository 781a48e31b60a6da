//! The welcome page of a space's members, at the unguessable address its referent sends
//! them (`/espace/bienvenue/<token>`, kept out of search engines): how to log in, the apps for a
//! phone and a computer, and where to ask.

use leptos::prelude::*;
use leptos_meta::Meta;
use leptos_router::hooks::use_params_map;
use serde::{Deserialize, Serialize};

use crate::components::title::PageTitle;
use crate::i18n::{use_i18n, Arg};

/// What the welcome page shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WelcomeView {
    pub name: String,
    pub url: String,
    pub forum_url: String,
    pub open: bool,
}

#[leptos::server(prefix = "/api", endpoint = "spaces/welcome")]
pub async fn space_welcome(
    #[server(default)] token: String,
) -> Result<Option<WelcomeView>, ServerFnError> {
    let caller = crate::ssr::caller().await?;
    let found = backend::referents::first_steps::welcome(&caller.ctx, &token)
        .await
        .map_err(|e| crate::ssr::server_error("welcome page", e))?;
    let Some(w) = found else {
        // An address the referent changed, or never was: gone, with no address to follow.
        crate::ssr::gone();
        return Ok(None);
    };
    Ok(Some(WelcomeView {
        name: w.name,
        url: w.url,
        forum_url: w.forum_url,
        open: w.open,
    }))
}

#[component]
fn Welcome(w: WelcomeView) -> impl IntoView {
    let i18n = use_i18n();
    let address = w.url.trim_start_matches("https://").to_string();
    let title = i18n.ta("welcome-title", &[("name", Arg::from(&w.name))]);
    view! {
        <PageTitle text=title.clone()/>
        <h1>{title}</h1>
        <p class="lead">{i18n.ta("welcome-lead", &[("address", Arg::from(&address))])}</p>
        {(!w.open).then(|| view! { <p class="notice">{i18n.t("welcome-closed")}</p> })}
        <p><a class="button" href=w.url.clone() rel="external">{i18n.t("welcome-open")}</a></p>
        <section aria-labelledby="login-title" class="panel">
            <h2 id="login-title">{i18n.t("welcome-login-title")}</h2>
            <p>{i18n.t("welcome-login-mail")}</p>
            <p>{i18n.t("welcome-login-password")}</p>
            <p>{i18n.t("welcome-login-forgot")}</p>
        </section>
        <section aria-labelledby="apps-title" class="panel">
            <h2 id="apps-title">{i18n.t("welcome-apps-title")}</h2>
            <ul>
                <li>{i18n.t("welcome-apps-web")}</li>
                <li>{i18n.t("welcome-apps-phone")}</li>
                <li>{i18n.t("welcome-apps-desktop")}</li>
                <li>{i18n.t("welcome-apps-calendar")}</li>
            </ul>
            <p>
                <a href="https://nextcloud.com/fr/install/#install-clients" rel="external">
                    {i18n.t("welcome-apps-link")}
                </a>
            </p>
            <p>{i18n.ta("welcome-apps-address", &[("address", Arg::from(&w.url))])}</p>
        </section>
        <section aria-labelledby="ask-title" class="panel">
            <h2 id="ask-title">{i18n.t("welcome-ask-title")}</h2>
            <p>{i18n.t("welcome-ask-referent")}</p>
            <p>
                {i18n.t("welcome-ask-forum")}" "
                <a href=w.forum_url.clone() rel="external">{w.forum_url.clone()}</a>
            </p>
        </section>
    }
}

/// No welcome page at this address (any more).
#[component]
fn Gone() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <PageTitle text=i18n.t("welcome-gone-title")/>
        <h1>{i18n.t("welcome-gone-title")}</h1>
        <p class="lead">{i18n.t("welcome-gone-text")}</p>
    }
}

#[component]
pub fn WelcomePage() -> impl IntoView {
    let params = use_params_map();
    let token = move || params.with(|p| p.get("token").unwrap_or_default());
    let data = crate::actions::page_data(token, space_welcome);
    view! {
        // An address given to members only: never in a search engine.
        <Meta name="robots" content="noindex, nofollow"/>
        <Suspense>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(Some(w)) => view! { <Welcome w/> }.into_any(),
                    Ok(None) => view! { <Gone/> }.into_any(),
                    Err(_) => view! { <crate::pages::site::errors::ErrorView status=500/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
