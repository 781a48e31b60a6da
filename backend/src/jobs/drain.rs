//! Draining the queue, for tests: every due job run, then a failure for any job left dead or
//! waiting.

use std::sync::Arc;

use common::states::JobState;

use super::worker::{Pass, Registry, Worker};
use crate::Ctx;

/// What [`drain`] ran.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Drained {
    pub done: usize,
}

/// A job [`drain`] left behind.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct LeftJob {
    pub id: i64,
    pub kind: String,
    pub state: JobState,
    pub last_error: Option<String>,
}

/// Why [`drain`] failed.
#[derive(Debug, thiserror::Error)]
pub enum DrainError {
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    #[error("{}", left.iter().map(|j| format!("job {} ({}) is {}: {}", j.id, j.kind, j.state, j.last_error.as_deref().unwrap_or("-"))).collect::<Vec<_>>().join("; "))]
    Left { left: Vec<LeftJob> },
}

/// For tests: runs every due job with `registry`'s handlers until none is left, then fails
/// when a job is dead, whatever its kind, or still waiting (not due yet, or of a kind
/// without a handler) unless its kind is in `exempt` (kinds that may wait, such as a
/// provisioning that finds no host in a test without one). A dead job never passes: a test
/// that gives up a job must say so by marking it itself.
pub async fn drain(
    ctx: &Ctx,
    registry: Arc<Registry>,
    exempt: &[&str],
) -> Result<Drained, DrainError> {
    let worker = Worker::new(ctx.clone(), registry, "drain");
    let mut drained = Drained::default();
    loop {
        let pass = worker.run_once().await?;
        drained.done += pass.done;
        if pass == Pass::default() {
            break;
        }
    }
    let exempt: Vec<String> = exempt.iter().map(|k| k.to_string()).collect();
    let left: Vec<LeftJob> = sqlx::query_as(
        "select id, kind, state, last_error from jobs
         where state = $2 or (state = any($3) and not (kind = any($1)))
         order by id",
    )
    .bind(&exempt)
    .bind(JobState::Dead)
    .bind(JobState::PENDING)
    .fetch_all(&ctx.pool)
    .await?;
    if left.is_empty() {
        Ok(drained)
    } else {
        Err(DrainError::Left { left })
    }
}
