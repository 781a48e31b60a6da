//! Outgoing mail: an outbox row and a `mail.send` job, written in the same transaction as
//! the change that calls for the mail; the job queue's workers send it.
//!
//! Delivery is at least once: a mail is marked sent right after the SMTP server accepted it.
//! Only a worker that stalls or dies between those two steps lets another send it again,
//! after its lease ends; the `Message-ID` comes from the outbox row, so the copy carries the
//! same one and mail clients show it once. A worker checks its lease just before sending,
//! so one that lost its job sends nothing.

mod send;
mod template;
mod transport;

pub use send::{register, SendMail};
pub use template::{escape_html, Layout};
pub use transport::{read_mail_files, SendError, SentMailFile, Transport};

use common::states::JobState;
use sqlx::PgConnection;

/// The states of a mail's job that mean the mail will not be sent.
const GIVEN_UP: &[JobState] = &[JobState::Dead, JobState::Cancelled];

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

/// Writes `mail` into the outbox and its `mail.send` job, inside the caller's transaction.
/// `kind` names what the mail is for (`newsletter-confirm`): staff see it instead of the
/// body, and erasing an address finds its mails by it. Returns the outbox id.
pub async fn enqueue(
    conn: &mut PgConnection,
    kind: &str,
    mail: &OutgoingMail,
) -> Result<i64, sqlx::Error> {
    let id: i64 = sqlx::query_scalar(
        "insert into mail_outbox (kind, recipient, subject, body_text, body_html, list_unsubscribe)
         values ($1, $2, $3, $4, $5, $6) returning id",
    )
    .bind(kind)
    .bind(&mail.to)
    .bind(&mail.subject)
    .bind(&mail.text)
    .bind(&mail.html)
    .bind(&mail.list_unsubscribe)
    .fetch_one(&mut *conn)
    .await?;
    let job = crate::jobs::enqueue(&mut *conn, &SendMail { outbox_id: id }).await?;
    sqlx::query("update mail_outbox set job_id = $2 where id = $1")
        .bind(id)
        .bind(job.id)
        .execute(&mut *conn)
        .await?;
    Ok(id)
}

/// Erases the bodies of mails given up more than `mail.dead_body_retention_hours` ago (sent mails lose theirs
/// as they go). Returns how many were erased.
pub async fn erase_dead_bodies(ctx: &crate::Ctx) -> Result<u64, sqlx::Error> {
    let (pool, keep_hours) = (&ctx.pool, ctx.settings.mail.dead_body_retention_hours);
    let done = sqlx::query(
        "update mail_outbox m
         set subject = null, body_text = null, body_html = null, list_unsubscribe = null,
             body_erased_at = now()
         from jobs j
         where j.id = m.job_id and j.state = any($2)
           and j.finished_at < now() - make_interval(hours => $1) and m.body_erased_at is null",
    )
    .bind(keep_hours as i32)
    .bind(GIVEN_UP)
    .execute(pool)
    .await?;
    Ok(done.rows_affected())
}

/// Deletes every mail of `kinds` sent or to be sent to `recipient`, with its job (whose
/// last error may quote the address).
pub async fn forget_recipient(
    conn: &mut PgConnection,
    recipient: &str,
    kinds: &[&str],
) -> Result<u64, sqlx::Error> {
    let kinds: Vec<String> = kinds.iter().map(|k| k.to_string()).collect();
    let job_ids: Vec<Option<i64>> = sqlx::query_scalar(
        "delete from mail_outbox where recipient = $1 and kind = any($2) returning job_id",
    )
    .bind(recipient)
    .bind(&kinds)
    .fetch_all(&mut *conn)
    .await?;
    let jobs: Vec<i64> = job_ids.iter().flatten().copied().collect();
    sqlx::query("delete from jobs where id = any($1)")
        .bind(&jobs)
        .execute(&mut *conn)
        .await?;
    Ok(job_ids.len() as u64)
}

/// One mail as staff see it: what it was for, to whom, and how its delivery went; never
/// its subject or body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutboxEntry {
    pub id: i64,
    pub kind: String,
    pub recipient: String,
    pub created_at: chrono::DateTime<chrono::Utc>,
    /// `pending`, `sent` or `failed`.
    pub state: &'static str,
    pub attempts: i32,
    pub last_error: Option<String>,
}

/// The newest `limit` mails, metadata only, for an administrator.
pub async fn outbox_metadata(
    ctx: &crate::Ctx,
    _admin: &crate::accounts::Admin,
    limit: i64,
) -> Result<Vec<OutboxEntry>, sqlx::Error> {
    let pool = &ctx.pool;
    #[derive(sqlx::FromRow)]
    struct Row {
        id: i64,
        kind: String,
        recipient: String,
        created_at: chrono::DateTime<chrono::Utc>,
        sent: bool,
        failed: bool,
        attempts: i32,
        last_error: Option<String>,
    }
    let rows: Vec<Row> = sqlx::query_as(
        "select m.id, m.kind, m.recipient, m.created_at, m.sent_at is not null as sent,
                coalesce(j.state = any($2), m.sent_at is null) as failed,
                coalesce(j.attempts, 0) as attempts, j.last_error
         from mail_outbox m left join jobs j on j.id = m.job_id
         order by m.id desc limit $1",
    )
    .bind(limit)
    .bind(GIVEN_UP)
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| OutboxEntry {
            id: r.id,
            kind: r.kind,
            recipient: r.recipient,
            created_at: r.created_at,
            state: if r.sent {
                "sent"
            } else if r.failed {
                "failed"
            } else {
                "pending"
            },
            attempts: r.attempts,
            last_error: r.last_error,
        })
        .collect())
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
        "select count(*) filter (where m.sent_at is null and j.state = any($1)),
                count(*) filter (where m.sent_at is not null),
                count(*) filter (where m.sent_at is null
                                 and coalesce(not (j.state = any($1)), true))
         from mail_outbox m left join jobs j on j.id = m.job_id",
    )
    .bind(JobState::PENDING)
    .fetch_one(pool)
    .await?;
    Ok(OutboxStats {
        pending,
        sent,
        failed,
    })
}
