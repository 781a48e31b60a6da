//! After the form: the page that says it was sent, the link of the confirmation mail (it
//! shows a button that POSTs; mail scanners only follow links), and the page after it.

use leptos::prelude::*;

use super::paths::{CONFIRM_PREFIX, HOME, LOST_PATH};
use crate::components::notice::{Notice, TokenPage};

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
        <TokenPage
            check=confirm_link_is_valid
            title="application-confirm-title"
            text="application-confirm-text"
            submit="application-confirm-submit"
            action_prefix=CONFIRM_PREFIX
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
