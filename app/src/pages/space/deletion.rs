//! The pages a space's referent reaches from their mails: the link that cancels a deletion
//! asked for their space (it shows a button that POSTs; mail scanners only follow links), and
//! the page that says it is cancelled.

use leptos::prelude::*;

use crate::components::notice::{Notice, TokenPage};
use crate::pages::links::LinkButton;

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
        <TokenPage<CancelDeletion, _, _>
            check=cancel_link_is_valid
            title="space-cancel-title"
            text="space-cancel-text"
            submit="space-cancel-submit"
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

/// The button of the page of a deletion's cancel link: the referent keeps their space. Once
/// the removal has begun, the link's page says it is too late.
pub struct CancelDeletion;

impl LinkButton for CancelDeletion {
    const ID: &'static str = "cancel-deletion";
    const PATH: &'static str = "/espace/suppression/{token}";
    const EXAMPLE: &'static str = "/espace/suppression/1.lien-inconnu";
    const NEXT: &'static str = CANCELLED_PATH;
    const WHAT: &'static str = "deletion cancel";

    #[cfg(feature = "ssr")]
    async fn press(ctx: &backend::Ctx, token: &str) -> backend::Result<bool> {
        use backend::provisioning::lifecycle::{self, Refused};
        let Some(pending) = lifecycle::pending_deletion(ctx, token).await? else {
            return Ok(false);
        };
        match lifecycle::cancel_deletion_by_link(ctx, &pending).await {
            Ok(()) => Ok(true),
            Err(Refused::Database(error)) => Err(error.into()),
            Err(_) => Ok(false),
        }
    }
}
