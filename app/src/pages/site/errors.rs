//! The page shown for an error status: rendered by the server, in the visitor's language,
//! inside the site's frame, never hydrated.

use crate::components::title::PageTitle;
use leptos::prelude::*;

use crate::i18n::{use_i18n, Arg};

/// The id the server gave the request, shown so that a visitor can quote it.
fn request_id() -> Option<String> {
    #[cfg(feature = "ssr")]
    {
        use_context::<axum::http::request::Parts>().and_then(|p| {
            p.headers
                .get("x-request-id")
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        })
    }
    #[cfg(not(feature = "ssr"))]
    None
}

#[component]
pub fn ErrorView(status: u16) -> impl IntoView {
    let i18n = use_i18n();
    let title = i18n.t(&format!("errorpage-{status}-title"));
    let reference = (status >= 500)
        .then(request_id)
        .flatten()
        .map(|id| view! { <p>{i18n.ta("errorpage-request", &[("id", Arg::from(id))])}</p> });
    view! {
        <PageTitle text=title.clone()/>
        <h1>{title}</h1>
        <p class="lead">{i18n.t(&format!("errorpage-{status}-text"))}</p>
        <p>{i18n.ta("errorpage-code", &[("status", Arg::from(status.to_string()))])}</p>
        {reference}
        {(status == 401).then(|| view! {
            <p><a class="button" href=crate::pages::staff::LOGIN_PATH>{i18n.t("errorpage-401-login")}</a></p>
        })}
        <p><a href="/">{i18n.t("back-home")}</a></p>
    }
}
