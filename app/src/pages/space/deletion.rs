//! The pages a space's referent reaches from their mails: the link that cancels a deletion
//! asked for their space (it shows a button that POSTs; mail scanners only follow links), and
//! the page that says it is cancelled.

use leptos::prelude::*;

use crate::components::notice::{Notice, TokenPage};

pub const CANCEL_PREFIX: &str = "/espace/suppression";
pub const CANCELLED_PATH: &str = "/espace/suppression-annulee";

#[server(prefix = "/api", endpoint = "spaces/cancel-link")]
pub async fn cancel_link_is_valid(token: String) -> Result<bool, ServerFnError> {
    let caller = crate::ssr::caller().await?;
    backend::provisioning::lifecycle::pending_deletion(&caller.ctx, &token)
        .await
        .map(|p| p.is_some())
        .map_err(|e| crate::ssr::server_error("deletion link check", e.into()))
}

#[component]
pub fn DeletionCancelPage() -> impl IntoView {
    view! {
        <TokenPage
            check=cancel_link_is_valid
            title="space-cancel-title"
            text="space-cancel-text"
            submit="space-cancel-submit"
            action_prefix=CANCEL_PREFIX
            invalid=|| view! {
                <Notice
                    title="space-cancel-invalid-title"
                    paragraphs=&["space-cancel-invalid-text"]
                    link=("/questions", "space-cancel-help")
                />
            }
            .into_any()
        />
    }
}

#[component]
pub fn DeletionCancelledPage() -> impl IntoView {
    view! {
        <Notice
            title="space-cancelled-title"
            paragraphs=&["space-cancelled-text"]
            link=("/", "space-cancelled-home")
        />
    }
}
