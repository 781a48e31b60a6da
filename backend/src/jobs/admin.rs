//! Looking at the queue and acting on one job: what operators (`framaspace jobs`) and,
//! later, the staff pages use.

use std::time::Duration;

use chrono::{DateTime, Utc};
use common::states::{sql_list, JobState};
use serde::{Deserialize, Serialize};

use super::{Job, Registry, CHANNEL};
use crate::Ctx;

/// One job as an operator sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct JobRow {
    pub id: i64,
    pub kind: String,
    pub queue: String,
    pub state: JobState,
    pub attempts: i32,
    pub run_at: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
    pub lease_owner: Option<String>,
    pub last_error: Option<String>,
}

/// The newest `limit` jobs, of one state if given.
pub async fn list(
    ctx: &Ctx,
    state: Option<JobState>,
    limit: i64,
) -> Result<Vec<JobRow>, sqlx::Error> {
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
    let state: Option<(JobState, String)> =
        sqlx::query_as("select state, queue from jobs where id = $1 for update")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
    let Some((state, queue)) = state else {
        return Ok(Change::NotFound);
    };
    if !state.retryable() {
        return Ok(Change::Refused(state.as_str().to_string()));
    }
    let updated = sqlx::query(
        "update jobs set state = $2, run_at = now(), attempts = 0, finished_at = null
         where id = $1",
    )
    .bind(id)
    .bind(JobState::Ready)
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
    let cancellable: Vec<JobState> = JobState::ALL
        .iter()
        .copied()
        .filter(|s| s.cancellable())
        .collect();
    let state: Option<JobState> = sqlx::query_scalar(
        "with old as (select id, state from jobs where id = $1 for update)
         update jobs j set state = case when old.state = any($2)
                                        then $3::text else j.state end,
                           finished_at = case when old.state = any($2)
                                              then now() else j.finished_at end,
                           lease_until = null
         from old where j.id = old.id
         returning old.state",
    )
    .bind(id)
    .bind(&cancellable)
    .bind(JobState::Cancelled)
    .fetch_optional(&ctx.pool)
    .await?;
    Ok(match state {
        None => Change::NotFound,
        Some(s) if s.cancellable() => Change::Done,
        Some(other) => Change::Refused(other.as_str().to_string()),
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
        "select count(*) filter (where state = $1),
                count(*) filter (where state = $2),
                count(*) filter (where state = $3),
                count(*) filter (where state = $4),
                count(*) filter (where state = $5)
         from jobs",
    )
    .bind(JobState::Ready)
    .bind(JobState::Running)
    .bind(JobState::Done)
    .bind(JobState::Dead)
    .bind(JobState::Cancelled)
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
    // literal: partial index jobs_finished
    let done = sqlx::query(&format!(
        "delete from jobs where state in ({})
           and finished_at < now() - make_interval(days => $1)",
        sql_list(JobState::FINISHED, JobState::sql)
    ))
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
