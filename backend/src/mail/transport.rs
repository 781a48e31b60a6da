//! Where mail goes: an SMTP relay, or files for development and the demo.

use lettre::message::header::{HeaderName, HeaderValue};
use lettre::message::{Mailbox, MultiPart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::time::Duration;

use super::OutgoingMail;
use crate::config::{MailSettings, MailTransportKind};

#[derive(Clone)]
pub enum Transport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    File(PathBuf),
}

/// What the file transport writes beside each `.eml`, for the development mail page.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct SentMailFile {
    pub id: i64,
    pub to: String,
    pub subject: String,
    pub text: String,
    pub sent_at: String,
}

impl Transport {
    pub fn from_settings(settings: &MailSettings) -> Self {
        match settings.transport {
            MailTransportKind::File => Transport::File(settings.file_dir.clone()),
            MailTransportKind::Smtp => {
                // Plain SMTP to a relay the operator runs (usually on the same host or
                // network); the relay does TLS to the outside world.
                let mut builder =
                    AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(&settings.smtp_host)
                        .port(settings.smtp_port)
                        .timeout(Some(Duration::from_secs(settings.timeout_secs)));
                if let (Some(user), Some(password)) =
                    (&settings.smtp_username, &settings.smtp_password)
                {
                    builder = builder.credentials(Credentials::new(
                        user.clone(),
                        password.expose().to_string(),
                    ));
                }
                Transport::Smtp(builder.build())
            }
        }
    }

    /// Sends one mail.
    pub async fn send(&self, id: i64, from: &str, mail: &OutgoingMail) -> Result<(), SendError> {
        let message = build_message(id, from, mail)?;
        match self {
            Transport::Smtp(smtp) => smtp
                .send(message)
                .await
                .map(|_| ())
                .map_err(SendError::from),
            Transport::File(dir) => write_files(dir, id, mail, &message).await,
        }
    }
}

/// Why a mail did not go.
#[derive(Debug, thiserror::Error)]
pub enum SendError {
    #[error("sender address: {0}")]
    Sender(lettre::address::AddressError),
    #[error("recipient address: {0}")]
    Recipient(lettre::address::AddressError),
    #[error("message: {0}")]
    Message(#[from] lettre::error::Error),
    /// The SMTP server refused for good (5xx), or could not be reached, or failed for now.
    #[error("smtp: {0}")]
    Smtp(#[from] lettre::transport::smtp::Error),
    #[error("mail folder: {0}")]
    File(#[from] std::io::Error),
    #[error("mail record: {0}")]
    Record(#[from] serde_json::Error),
}

impl SendError {
    /// True when trying again cannot help: a malformed address, or an SMTP server that
    /// answered with a permanent refusal (5xx).
    pub fn is_permanent(&self) -> bool {
        match self {
            SendError::Sender(_) | SendError::Recipient(_) | SendError::Message(_) => true,
            SendError::Smtp(e) => e.is_permanent(),
            SendError::File(_) | SendError::Record(_) => false,
        }
    }
}

fn build_message(id: i64, from: &str, mail: &OutgoingMail) -> Result<Message, SendError> {
    let from: Mailbox = from.parse().map_err(SendError::Sender)?;
    let to: Mailbox = mail.to.parse().map_err(SendError::Recipient)?;
    let domain = from.email.domain().to_string();
    let mut builder = Message::builder()
        .from(from)
        .to(to)
        .subject(&mail.subject)
        .message_id(Some(format!("<outbox-{id}@{domain}>")));
    if let Some(url) = &mail.list_unsubscribe {
        builder = builder
            .raw_header(HeaderValue::new(
                HeaderName::new_from_ascii_str("List-Unsubscribe"),
                format!("<{url}>"),
            ))
            .raw_header(HeaderValue::new(
                HeaderName::new_from_ascii_str("List-Unsubscribe-Post"),
                "List-Unsubscribe=One-Click".to_string(),
            ));
    }
    Ok(builder.multipart(MultiPart::alternative_plain_html(
        mail.text.clone(),
        mail.html.clone(),
    ))?)
}

async fn write_files(
    dir: &Path,
    id: i64,
    mail: &OutgoingMail,
    message: &Message,
) -> Result<(), SendError> {
    tokio::fs::create_dir_all(dir).await?;
    let record = SentMailFile {
        id,
        to: mail.to.clone(),
        subject: mail.subject.clone(),
        text: mail.text.clone(),
        sent_at: chrono::Utc::now().to_rfc3339(),
    };
    let json = serde_json::to_vec_pretty(&record)?;
    // The `.eml` first: the page lists `.json` files, so it never shows half a mail.
    tokio::fs::write(dir.join(format!("{id:08}.eml")), message.formatted()).await?;
    tokio::fs::write(dir.join(format!("{id:08}.json")), json).await?;
    Ok(())
}

/// The mails written by the file transport, newest first.
pub async fn read_mail_files(dir: &Path, limit: usize) -> Vec<SentMailFile> {
    let mut names = Vec::new();
    if let Ok(mut entries) = tokio::fs::read_dir(dir).await {
        while let Ok(Some(entry)) = entries.next_entry().await {
            let name = entry.file_name().to_string_lossy().to_string();
            if name.ends_with(".json") {
                names.push(name);
            }
        }
    }
    names.sort_unstable_by(|a, b| b.cmp(a));
    let mut out = Vec::new();
    for name in names.into_iter().take(limit) {
        if let Ok(bytes) = tokio::fs::read(dir.join(&name)).await {
            if let Ok(mail) = serde_json::from_slice(&bytes) {
                out.push(mail);
            }
        }
    }
    out
}
