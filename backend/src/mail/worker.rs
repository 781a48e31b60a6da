//! The mail sender: claims due mails with `FOR UPDATE SKIP LOCKED` and a lease, so any
//! number of workers can run side by side without sending a mail twice.

use rand::Rng;
use sqlx::PgPool;
use std::time::Duration;

use super::{OutgoingMail, Transport};
use crate::config::MailSettings;

/// How long a claimed mail stays reserved for the worker that claimed it.
const LEASE_SECS: f64 = 300.0;

pub struct Worker {
    pub pool: PgPool,
    pub transport: Transport,
    pub settings: MailSettings,
}

#[derive(sqlx::FromRow)]
struct Claimed {
    id: i64,
    recipient: String,
    subject: String,
    body_text: String,
    body_html: String,
    list_unsubscribe: Option<String>,
    attempts: i32,
}

/// What one pass did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Pass {
    pub sent: usize,
    pub failed: usize,
}

impl Worker {
    /// Sends every mail that is due now, in batches; returns what it did.
    pub async fn run_once(&self) -> Result<Pass, sqlx::Error> {
        let mut pass = Pass::default();
        loop {
            let batch = self.claim(20).await?;
            if batch.is_empty() {
                return Ok(pass);
            }
            for mail in batch {
                if self.deliver(mail).await? {
                    pass.sent += 1;
                } else {
                    pass.failed += 1;
                }
            }
        }
    }

    /// Runs until `shutdown` resolves, finishing the mail in hand first.
    pub async fn run(self, shutdown: impl std::future::Future<Output = ()>) {
        tokio::pin!(shutdown);
        let interval = Duration::from_millis(self.settings.poll_interval_ms.max(10));
        loop {
            match self.run_once().await {
                Ok(pass) if pass.sent + pass.failed > 0 => {
                    tracing::info!(sent = pass.sent, failed = pass.failed, "mail pass")
                }
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "mail worker could not reach the database"),
            }
            tokio::select! {
                _ = &mut shutdown => return,
                _ = tokio::time::sleep(interval) => {}
            }
        }
    }

    async fn claim(&self, limit: i64) -> Result<Vec<Claimed>, sqlx::Error> {
        sqlx::query_as::<_, Claimed>(
            "with due as (
               select id from mail_outbox
               where sent_at is null and failed_at is null and next_attempt_at <= now()
                 and body_text is not null
                 and (locked_until is null or locked_until < now())
               order by next_attempt_at, id
               limit $1
               for update skip locked)
             update mail_outbox m
             set locked_until = now() + make_interval(secs => $2), attempts = m.attempts + 1
             from due where m.id = due.id
             returning m.id, m.recipient, m.subject, m.body_text, m.body_html,
                       m.list_unsubscribe, m.attempts",
        )
        .bind(limit)
        .bind(LEASE_SECS)
        .fetch_all(&self.pool)
        .await
    }

    /// Sends one claimed mail and records the outcome; true when it went out.
    async fn deliver(&self, claimed: Claimed) -> Result<bool, sqlx::Error> {
        let mail = OutgoingMail {
            to: claimed.recipient,
            subject: claimed.subject,
            text: claimed.body_text,
            html: claimed.body_html,
            list_unsubscribe: claimed.list_unsubscribe,
        };
        match self
            .transport
            .send(claimed.id, &self.settings.from, &mail)
            .await
        {
            Ok(()) => {
                sqlx::query(
                    // Gone: the body (and any link with a token in it) goes too.
                    "update mail_outbox set sent_at = now(), locked_until = null, last_error = null,
                       subject = null, body_text = null, body_html = null,
                       list_unsubscribe = null, body_erased_at = now()
                     where id = $1",
                )
                .bind(claimed.id)
                .execute(&self.pool)
                .await?;
                Ok(true)
            }
            Err(error) => {
                let give_up = claimed.attempts >= self.settings.max_attempts;
                let delay = retry_delay(self.settings.retry_base_secs, claimed.attempts);
                tracing::warn!(id = claimed.id, attempts = claimed.attempts, give_up, %error, "mail not sent");
                sqlx::query(
                    "update mail_outbox set locked_until = null, last_error = $2,
                       next_attempt_at = now() + make_interval(secs => $3),
                       failed_at = case when $4 then now() else null end
                     where id = $1",
                )
                .bind(claimed.id)
                .bind(error)
                .bind(delay)
                .bind(give_up)
                .execute(&self.pool)
                .await?;
                Ok(false)
            }
        }
    }
}

/// Exponential backoff with jitter: base·2^(attempt-1), at most an hour, ±20 %.
pub fn retry_delay(base_secs: i64, attempt: i32) -> f64 {
    let exp = (attempt.max(1) - 1).min(20) as u32;
    let raw = (base_secs.max(0) as f64) * 2f64.powi(exp as i32);
    let capped = raw.min(3600.0);
    capped * rand::thread_rng().gen_range(0.8..=1.2)
}

#[cfg(test)]
mod tests {
    use super::retry_delay;

    #[test]
    fn backoff_grows_and_stops_at_an_hour() {
        assert!((24.0..=36.0).contains(&retry_delay(30, 1)));
        assert!((48.0..=72.0).contains(&retry_delay(30, 2)));
        assert!(retry_delay(30, 30) <= 3600.0 * 1.2);
        assert_eq!(retry_delay(0, 3), 0.0);
    }
}
