//! The one durable job queue: mail now; provisioning, sweeps and imports next.
//!
//! - A job is a typed value ([`Job`]): a kind, a JSON payload, a queue, a priority and an
//!   optional deduplication key. [`enqueue`] writes it inside the caller's transaction, so
//!   the change and the work it calls for are committed together, or neither is.
//! - Workers ([`Worker`]) claim due jobs with `FOR UPDATE SKIP LOCKED` under a lease that
//!   a heartbeat renews, and a fencing token: every update after the work is conditioned
//!   on that token ([`Running::fence`]), and a handler checks its lease before each
//!   external effect ([`Running::check_lease`]). A worker that loses its lease stops.
//! - A failed job is retried with exponential backoff and jitter, then given up (`dead`)
//!   after its kind's maximum of attempts; [`retry`] and [`cancel`] act on one job by id.
//! - Periodic jobs run once per period however many workers run ([`Registry::every`]).
//! - `NOTIFY jobs` on enqueue wakes idle workers at once; polling stays as the fallback.
//!
//! Adding a job kind: a `Serialize + Deserialize` type implementing [`Job`], a handler
//! registered by the portal's top (`crate::portal::jobs`), and a test that drains the queue ([`drain`]).

mod admin;
mod drain;
mod worker;

pub(crate) use admin::register;
pub use admin::{cancel, list, purge_finished, retry, stats, Change, JobRow, JobStats};
pub use drain::{drain, DrainError, Drained, LeftJob};
pub use worker::{LeaseArgs, Pass, Policy, Registry, Running, Worker, RENEW_LEASE};

/// Where a job stands, re-exported for the crates that do not depend on `common` (the
/// server's command line and metrics).
pub use common::states::JobState;

use common::states::sql_list;
use serde::{de::DeserializeOwned, Serialize};
use sqlx::PgConnection;

/// The channel workers listen on; the payload is the job's queue.
pub const CHANNEL: &str = "jobs";

/// A kind of background work. The value is the job's payload.
pub trait Job: Serialize + DeserializeOwned + Send + Sync + 'static {
    /// A stable name, `capability.action` (`mail.send`): stored with every job.
    const KIND: &'static str;
    /// Queues only group jobs for listing and wake-ups; every worker serves every queue
    /// whose kinds it has handlers for.
    const QUEUE: &'static str = "default";
    /// Higher runs first among due jobs.
    const PRIORITY: i16 = 0;

    /// Two jobs with the same kind and key are never ready or running at once: enqueueing
    /// the second returns the first.
    fn dedup_key(&self) -> Option<String> {
        None
    }
}

/// What [`enqueue`] did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Enqueued {
    pub id: i64,
    /// False when a ready or running job with the same deduplication key was already there
    /// (`id` is then that job's).
    pub fresh: bool,
}

/// Why a job did not finish. A handler returns it; the worker records it.
#[derive(Debug, thiserror::Error)]
pub enum JobError {
    /// Worth another try later (a host down, a timeout): retried with backoff, then dead.
    #[error("{0}")]
    Retry(String),
    /// Will fail the same way every time (bad payload, erased data): dead at once.
    #[error("{0}")]
    Fatal(String),
    /// Not now, and not a failure (a full fleet, a busy host): ready again after `secs`
    /// seconds, without counting an attempt; `why` is shown with the job.
    #[error("waiting: {why}")]
    Later { secs: u64, why: String },
    /// Another worker holds the job now: this one must stop touching it.
    #[error("the lease on this job was lost")]
    LeaseLost,
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
}

/// A host's failure in a job: tried again later, whatever it was (a refusal may be a
/// state the host leaves: a space in maintenance, a lock held); the job's policy gives up
/// after its attempts.
impl From<crate::nextcloud::NcError> for JobError {
    fn from(e: crate::nextcloud::NcError) -> Self {
        JobError::Retry(e.to_string())
    }
}

/// Writes `job` into the queue inside the caller's transaction (or connection), and
/// notifies the workers when it commits.
pub async fn enqueue<J: Job>(conn: &mut PgConnection, job: &J) -> Result<Enqueued, sqlx::Error> {
    enqueue_at(conn, job, None).await
}

/// Like [`enqueue`], to run no earlier than `run_at`.
pub async fn enqueue_at<J: Job>(
    conn: &mut PgConnection,
    job: &J,
    run_at: Option<chrono::DateTime<chrono::Utc>>,
) -> Result<Enqueued, sqlx::Error> {
    let payload = serde_json::to_value(job).map_err(|e| sqlx::Error::Encode(Box::new(e)))?;
    insert_job(
        conn,
        J::KIND,
        J::QUEUE,
        &payload,
        J::PRIORITY,
        job.dedup_key().as_deref(),
        run_at,
    )
    .await
}

/// The one place a job row is written.
pub(crate) async fn insert_job(
    conn: &mut PgConnection,
    kind: &str,
    queue: &str,
    payload: &serde_json::Value,
    priority: i16,
    key: Option<&str>,
    run_at: Option<chrono::DateTime<chrono::Utc>>,
) -> Result<Enqueued, sqlx::Error> {
    // literal: partial index jobs_dedup (`on conflict` infers the index from it)
    let pending = sql_list(JobState::PENDING, JobState::sql);
    let made: Option<i64> = sqlx::query_scalar(&format!(
        "insert into jobs (kind, queue, payload, priority, dedup_key, run_at)
         values ($1, $2, $3, $4, $5, coalesce($6, now()))
         on conflict (kind, dedup_key) where dedup_key is not null and state in ({pending})
         do nothing
         returning id"
    ))
    .bind(kind)
    .bind(queue)
    .bind(payload)
    .bind(priority)
    .bind(key)
    .bind(run_at)
    .fetch_optional(&mut *conn)
    .await?;
    let enqueued = match made {
        Some(id) => Enqueued { id, fresh: true },
        None => {
            // literal: partial index jobs_dedup
            let id = sqlx::query_scalar(&format!(
                "select id from jobs where kind = $1 and dedup_key = $2
                   and state in ({pending})"
            ))
            .bind(kind)
            .bind(key)
            .fetch_one(&mut *conn)
            .await?;
            Enqueued { id, fresh: false }
        }
    };
    if enqueued.fresh {
        sqlx::query("select pg_notify($1, $2)")
            .bind(CHANNEL)
            .bind(queue)
            .execute(&mut *conn)
            .await?;
    }
    Ok(enqueued)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Serialize, serde::Deserialize)]
    struct Tick;
    impl Job for Tick {
        const KIND: &'static str = "test.tick";
    }

    #[test]
    fn a_unit_job_is_a_json_null_payload() {
        assert_eq!(
            serde_json::to_value(Tick).unwrap_or_default(),
            serde_json::Value::Null
        );
        assert!(serde_json::from_value::<Tick>(serde_json::Value::Null).is_ok());
        assert_eq!(Tick.dedup_key(), None);
        assert_eq!(Tick::QUEUE, "default");
    }
}
