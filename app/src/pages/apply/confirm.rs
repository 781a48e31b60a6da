//! After the form: the page that says it was sent, the link of the confirmation mail (it
//! shows a button that POSTs; mail scanners only follow links), and the page after it.

use leptos::prelude::*;

use super::paths::{HOME, LOST_PATH};
use crate::components::notice::{Notice, TokenPage};
use crate::pages::links::LinkButton;

#[component]
pub fn SentPage() -> impl IntoView {
    view! {
        <Notice
            title="application-sent-title"
            paragraphs=&["application-sent-text", "application-sent-spam"]
            link=HOME
        />
    }
}

#[server(prefix = "/api", endpoint = "applications/confirm-link")]
pub async fn confirm_link_is_valid(token: String) -> Result<bool, ServerFnError> {
    let caller = crate::ssr::caller().await?;
    backend::applications::confirm_link_is_valid(&caller.ctx, &token)
        .await
        .map_err(|e| crate::ssr::server_error("application link check", e))
}

#[component]
pub fn ConfirmPage() -> impl IntoView {
    view! {
        <TokenPage<ConfirmApplication, _, _>
            check=confirm_link_is_valid
            title="application-confirm-title"
            text="application-confirm-text"
            submit="application-confirm-submit"
            invalid=|| view! {
                <Notice
                    title="application-invalid-title"
                    paragraphs=&["application-invalid-text"]
                    link=(LOST_PATH, "application-lost-link")
                />
            }
            .into_any()
        />
    }
}

#[component]
pub fn ConfirmedPage() -> impl IntoView {
    view! {
        <Notice
            title="application-confirmed-title"
            paragraphs=&["application-confirmed-text"]
            link=HOME
        />
    }
}

/// The button of an application's confirmation page.
pub struct ConfirmApplication;

impl LinkButton for ConfirmApplication {
    const ID: &'static str = "confirm-application";
    const PATH: &'static str = "/demande/confirmer/{token}";
    const EXAMPLE: &'static str = "/demande/confirmer/lien-inconnu";
    const NEXT: &'static str = super::paths::CONFIRMED_PATH;
    const WHAT: &'static str = "application confirmation";

    #[cfg(feature = "ssr")]
    async fn press(ctx: &backend::Ctx, token: &str) -> backend::Result<bool> {
        use backend::applications::ConfirmOutcome;
        Ok(backend::applications::confirm(ctx, token).await? == ConfirmOutcome::Confirmed)
    }
}
