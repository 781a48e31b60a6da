use crate::components::title::PageTitle;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::i18n::use_i18n;

#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(axum::http::StatusCode::NOT_FOUND);
    }
    let i18n = use_i18n();
    view! {
        <PageTitle text=i18n.t("errorpage-404-title")/>
        <h1>{i18n.t("errorpage-404-title")}</h1>
        <p>{i18n.t("errorpage-404-text")}</p>
        <p><A href="/">{i18n.t("back-home")}</A></p>
    }
}
