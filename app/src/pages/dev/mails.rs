//! The mail the file transport wrote, so that `make run` needs no mail server.

use crate::components::title::PageTitle;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::i18n::use_i18n;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DevMail {
    pub to: String,
    pub subject: String,
    pub text: String,
    pub sent_at: String,
}

/// Refused unless the server runs in development mode.
#[server(prefix = "/api", endpoint = "dev/mails")]
pub async fn list_dev_mails() -> Result<Vec<DevMail>, ServerFnError> {
    let caller = crate::ssr::caller().await?;
    if !caller.dev_mode {
        if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
            res.set_status(axum::http::StatusCode::NOT_FOUND);
        }
        return Err(ServerFnError::new("not available"));
    }
    let dir = &caller.ctx.settings.mail.file_dir;
    Ok(backend::mail::read_mail_files(dir, 50)
        .await
        .into_iter()
        .map(|m| DevMail {
            to: m.to,
            subject: m.subject,
            text: m.text,
            sent_at: m.sent_at,
        })
        .collect())
}

/// Mail text with its links made clickable.
fn linkify(text: &str) -> impl IntoView {
    text.split_inclusive(char::is_whitespace)
        .map(|word| {
            let trimmed = word.trim_end();
            if trimmed.starts_with("http://") || trimmed.starts_with("https://") {
                let rest = word[trimmed.len()..].to_string();
                // A full page load, as from a mail client.
                view! { <a href=trimmed.to_string() rel="external">{trimmed.to_string()}</a>{rest} }
                    .into_any()
            } else {
                word.to_string().into_any()
            }
        })
        .collect_view()
}

#[component]
pub fn MailsPage() -> impl IntoView {
    let i18n = use_i18n();
    let mails = Resource::new_blocking(|| (), |_| list_dev_mails());
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                match mails.await {
                    Err(_) => view! { <crate::pages::site::not_found::NotFound/> }.into_any(),
                    Ok(list) => view! {
                        <PageTitle text=i18n.t("devmail-title")/>
                        <h1>{i18n.t("devmail-title")}</h1>
                        <p>{i18n.t("devmail-intro")}</p>
                        {list.is_empty().then(|| view! { <p>{i18n.t("devmail-empty")}</p> })}
                        <ol class="mail-list">
                            {list.into_iter().map(|m| view! {
                                <li class="mail">
                                    <h2>{m.subject}</h2>
                                    <p>{i18n.t("devmail-to")} " " {m.to}</p>
                                    <p>{i18n.t("devmail-date")} " " {m.sent_at}</p>
                                    <pre>{linkify(&m.text)}</pre>
                                </li>
                            }).collect_view()}
                        </ol>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}
