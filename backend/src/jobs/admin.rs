//! Looking at the queue and acting on one job: what operators (`framaspace jobs`) and,
//! later, the staff pages use.

use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{Job, Registry, CHANNEL};
use crate::Ctx;

/// One job as an operator sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct JobRow {
    pub id: i64,
    pub kind: String,
    pub queue: String,
    pub state: String,
    pub attempts: i32,
    pub run_at: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
    pub lease_owner: Option<String>,
    pub last_error: Option<String>,
}

/// The newest `limit` jobs, of one state if given (`ready`, `running`, `done`, `dead`,
/// `cancelled`).
pub async fn list(ctx: &Ctx, state: Option<&str>, limit: i64) -> Result<Vec<JobRow>, sqlx::Error> {
    sqlx::query_as(
        "select id, kind, queue, state, attempts, run_at, created_at, finished_at, lease_owner,
                last_error
         from jobs where ($1::text is null or state = $1)
         order by id desc limit $2",
    )
    .bind(state)
    .bind(limit)
    .fetch_all(&ctx.pool)
    .await
}

/// What asking for a change to one job did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    Done,
    NotFound,
    /// The job's state does not allow it (the state is given), or another job with the
    /// same deduplication key is waiting.
    Refused(String),
}

/// Runs a dead or cancelled job again, now, with a fresh count of attempts.
pub async fn retry(ctx: &Ctx, id: i64) -> Result<Change, sqlx::Error> {
    let mut tx = ctx.pool.begin().await?;
    let state: Option<(String, String)> =
        sqlx::query_as("select state, queue from jobs where id = $1 for update")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
    let Some((state, queue)) = state else {
        return Ok(Change::NotFound);
    };
    if state != "dead" && state != "cancelled" {
        return Ok(Change::Refused(state));
    }
    let updated = sqlx::query(
        "update jobs set state = 'ready', run_at = now(), attempts = 0, finished_at = null
         where id = $1",
    )
    .bind(id)
    .execute(&mut *tx)
    .await;
    match updated {
        Ok(_) => {}
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
            return Ok(Change::Refused("a job with the same key is waiting".into()))
        }
        Err(e) => return Err(e),
    }
    sqlx::query("select pg_notify($1, $2)")
        .bind(CHANNEL)
        .bind(queue)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(Change::Done)
}

/// Cancels a job that is waiting, running (its worker stops at its next lease check, and
/// can no longer record anything) or dead.
pub async fn cancel(ctx: &Ctx, id: i64) -> Result<Change, sqlx::Error> {
    let state: Option<String> = sqlx::query_scalar(
        "with old as (select id, state from jobs where id = $1 for update)
         update jobs j set state = case when old.state in ('ready', 'running', 'dead')
                                        then 'cancelled' else j.state end,
                           finished_at = case when old.state in ('ready', 'running', 'dead')
                                              then now() else j.finished_at end,
                           lease_until = null
         from old where j.id = old.id
         returning old.state",
    )
    .bind(id)
    .fetch_optional(&ctx.pool)
    .await?;
    Ok(match state.as_deref() {
        None => Change::NotFound,
        Some("ready" | "running" | "dead") => Change::Done,
        Some(other) => Change::Refused(other.to_string()),
    })
}

/// Counts by state, for metrics and staff.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct JobStats {
    pub ready: i64,
    pub running: i64,
    pub done: i64,
    pub dead: i64,
    pub cancelled: i64,
}

pub async fn stats(pool: &sqlx::PgPool) -> Result<JobStats, sqlx::Error> {
    let (ready, running, done, dead, cancelled) = sqlx::query_as(
        "select count(*) filter (where state = 'ready'),
                count(*) filter (where state = 'running'),
                count(*) filter (where state = 'done'),
                count(*) filter (where state = 'dead'),
                count(*) filter (where state = 'cancelled')
         from jobs",
    )
    .fetch_one(pool)
    .await?;
    Ok(JobStats {
        ready,
        running,
        done,
        dead,
        cancelled,
    })
}

/// Deletes finished jobs (done or cancelled) older than `jobs.keep_finished_days`, and the
/// periods of periodic jobs as old. Dead jobs stay until someone acts on them.
pub async fn purge_finished(ctx: &Ctx) -> Result<u64, sqlx::Error> {
    let days = ctx.settings.jobs.keep_finished_days.max(0) as i32;
    let done = sqlx::query(
        "delete from jobs where state in ('done', 'cancelled')
           and finished_at < now() - make_interval(days => $1)",
    )
    .bind(days)
    .execute(&ctx.pool)
    .await?;
    sqlx::query("delete from job_periods where period_start < now() - make_interval(days => $1)")
        .bind(days)
        .execute(&ctx.pool)
        .await?;
    Ok(done.rows_affected())
}

/// The daily sweep of finished jobs.
#[derive(Clone, Copy, Debug, Default, Serialize, Deserialize)]
pub struct PurgeFinished;

impl Job for PurgeFinished {
    const KIND: &'static str = "jobs.purge-finished";
    const QUEUE: &'static str = "sweeps";
}

pub(crate) fn register(registry: &mut Registry) {
    registry.sweep(
        Duration::from_secs(86_400),
        PurgeFinished,
        |ctx: Ctx| async move { purge_finished(&ctx).await },
    );
}
