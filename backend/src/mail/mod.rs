//! Outgoing mail: an outbox table written in the same transaction as the change that calls
//! for the mail, and a worker that sends it.
//!
//! Delivery is at least once: a mail is marked sent right after the SMTP server accepted it.
//! Only a crash between those two steps can send it again, after its lease ends; its
//! `Message-ID` stays the same, so mail clients show such a copy once.

mod template;
mod transport;
pub mod worker;

pub use template::{escape_html, Layout};
pub use transport::{read_mail_files, SentMailFile, Transport};
pub use worker::Worker;

use sqlx::PgConnection;

/// A mail ready to be sent, rendered in its recipient's language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutgoingMail {
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: String,
    /// An unsubscribe URL for the `List-Unsubscribe` header, when the mail has one.
    pub list_unsubscribe: Option<String>,
}

/// Writes `mail` into the outbox, inside the caller's transaction.
pub async fn enqueue(conn: &mut PgConnection, mail: &OutgoingMail) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "insert into mail_outbox (recipient, subject, body_text, body_html, list_unsubscribe)
         values ($1, $2, $3, $4, $5) returning id",
    )
    .bind(&mail.to)
    .bind(&mail.subject)
    .bind(&mail.text)
    .bind(&mail.html)
    .bind(&mail.list_unsubscribe)
    .fetch_one(conn)
    .await
}

/// Counts of the outbox, for metrics and staff.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct OutboxStats {
    pub pending: i64,
    pub sent: i64,
    pub failed: i64,
}

pub async fn stats(pool: &sqlx::PgPool) -> Result<OutboxStats, sqlx::Error> {
    let (pending, sent, failed): (i64, i64, i64) = sqlx::query_as(
        "select count(*) filter (where sent_at is null and failed_at is null),
                count(*) filter (where sent_at is not null),
                count(*) filter (where failed_at is not null)
         from mail_outbox",
    )
    .fetch_one(pool)
    .await?;
    Ok(OutboxStats {
        pending,
        sent,
        failed,
    })
}
