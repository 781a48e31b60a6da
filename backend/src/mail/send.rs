//! The `mail.send` job: sends one outbox mail, once, under the job's lease.

use std::sync::Arc;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use super::{OutgoingMail, Transport};
use crate::config::MailSettings;
use crate::jobs::{Job, JobError, Policy, Registry, Running};

/// Send the outbox mail `outbox_id`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SendMail {
    pub outbox_id: i64,
}

impl Job for SendMail {
    const KIND: &'static str = "mail.send";
    const QUEUE: &'static str = "mail";
    /// Login links and confirmations are awaited by someone at a screen.
    const PRIORITY: i16 = 10;
}

/// The hourly sweep that erases the bodies of given-up mails past their retention.
#[derive(Clone, Copy, Debug, Default, Serialize, Deserialize)]
pub struct EraseDeadBodies;

impl Job for EraseDeadBodies {
    const KIND: &'static str = "mail.erase-dead-bodies";
    const QUEUE: &'static str = "sweeps";
}

/// Registers the mail jobs, sending through the transport `settings` describe.
pub fn register(registry: &mut Registry, settings: &MailSettings) {
    let transport = Arc::new(Transport::from_settings(settings));
    let from: Arc<str> = settings.from.as_str().into();
    let policy = Policy {
        max_attempts: settings.max_attempts,
        retry_base_secs: settings.retry_base_secs,
        ..Policy::default()
    };
    registry
        .handle(policy, move |run: Running, job: SendMail| {
            let (transport, from) = (transport.clone(), from.clone());
            async move { send(run, job, &transport, &from).await }
        })
        .sweep(
            Duration::from_secs(3600),
            EraseDeadBodies,
            |ctx: crate::Ctx| async move { super::erase_dead_bodies(&ctx).await },
        );
}

#[derive(sqlx::FromRow)]
struct Stored {
    recipient: String,
    subject: Option<String>,
    body_text: Option<String>,
    body_html: Option<String>,
    list_unsubscribe: Option<String>,
    sent: bool,
}

async fn send(
    run: Running,
    job: SendMail,
    transport: &Transport,
    from: &str,
) -> Result<(), JobError> {
    let stored: Option<Stored> = sqlx::query_as(
        "select recipient, subject, body_text, body_html, list_unsubscribe,
                sent_at is not null as sent
         from mail_outbox where id = $1",
    )
    .bind(job.outbox_id)
    .fetch_optional(&run.ctx.pool)
    .await?;
    // Asked first: the mail may be gone (its recipient was forgotten) or already sent.
    let Some(stored) = stored else {
        return Ok(());
    };
    if stored.sent {
        return Ok(());
    }
    let (Some(subject), Some(text), Some(html)) =
        (stored.subject, stored.body_text, stored.body_html)
    else {
        return Err(JobError::Fatal(
            "the mail's body was erased before it could be sent".into(),
        ));
    };
    let mail = OutgoingMail {
        to: stored.recipient,
        subject,
        text,
        html,
        list_unsubscribe: stored.list_unsubscribe,
    };
    run.check_lease().await?;
    transport
        .send(job.outbox_id, from, &mail)
        .await
        .map_err(|e| {
            // A refusal for good is not retried twelve times.
            if e.is_permanent() {
                JobError::Fatal(e.to_string())
            } else {
                JobError::Retry(e.to_string())
            }
        })?;
    // Gone: the body (and any link with a token in it) goes too, with the job, fenced.
    let mut tx = run.fence().await?;
    sqlx::query(
        "update mail_outbox set sent_at = now(),
           subject = null, body_text = null, body_html = null, list_unsubscribe = null,
           body_erased_at = now()
         where id = $1",
    )
    .bind(job.outbox_id)
    .execute(&mut *tx)
    .await?;
    run.complete(tx).await
}
