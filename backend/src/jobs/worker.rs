//! Claiming and running jobs: the registry of handlers, the lease a running job holds, the
//! worker loops, and the drain helper tests use.

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, LazyLock};
use std::time::{Duration, Instant};

use common::states::JobState;
use rand::Rng;
use sqlx::{PgPool, Postgres, Transaction};
use tokio::sync::{watch, Notify};
use tracing::Instrument;

use super::{Job, JobError, CHANNEL};
use crate::Ctx;

/// How a kind of job is retried.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Policy {
    /// Attempts before the job is given up (`dead`); a lease lost counts as an attempt.
    pub max_attempts: i32,
    /// First retry delay; it doubles at each attempt, up to an hour, ±20 %.
    pub retry_base_secs: i64,
    /// Long jobs (provisioning a space) are claimed one at a time, beside a batch of the
    /// others: a worker never holds several while other workers wait idle.
    pub one_at_a_time: bool,
}

impl Default for Policy {
    fn default() -> Self {
        Self {
            max_attempts: 12,
            retry_base_secs: 30,
            one_at_a_time: false,
        }
    }
}

type BoxFuture = Pin<Box<dyn Future<Output = Result<(), JobError>> + Send>>;
type Handler = Arc<dyn Fn(Running, serde_json::Value) -> BoxFuture + Send + Sync>;
type GivenUp = Arc<
    dyn Fn(Ctx, serde_json::Value) -> Pin<Box<dyn Future<Output = Result<(), sqlx::Error>> + Send>>
        + Send
        + Sync,
>;

struct Entry {
    handler: Handler,
    policy: Policy,
    /// What the kind does once one of its jobs is given up (dead), whatever the reason:
    /// its handler's fatal error, its last try failing, or tries that never finished.
    given_up: Option<GivenUp>,
}

struct Periodic {
    kind: &'static str,
    queue: &'static str,
    priority: i16,
    payload: serde_json::Value,
    every_secs: i64,
}

/// Which handler runs which kind of job, and which jobs run periodically.
#[derive(Default)]
pub struct Registry {
    entries: HashMap<&'static str, Entry>,
    periodic: Vec<Periodic>,
}

impl Registry {
    pub fn new() -> Self {
        Self::default()
    }

    /// Runs jobs of kind `J` with `handler`. The handler gets the running job (its lease,
    /// the context) and the payload.
    pub fn handle<J, F, Fut>(&mut self, policy: Policy, handler: F) -> &mut Self
    where
        J: Job,
        F: Fn(Running, J) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<(), JobError>> + Send + 'static,
    {
        let handler: Handler =
            Arc::new(
                move |running, payload| match serde_json::from_value::<J>(payload) {
                    Ok(job) => Box::pin(handler(running, job)),
                    Err(e) => {
                        Box::pin(
                            async move { Err(JobError::Fatal(format!("unreadable payload: {e}"))) },
                        )
                    }
                },
            );
        self.entries.insert(
            J::KIND,
            Entry {
                handler,
                policy,
                given_up: None,
            },
        );
        self
    }

    /// Runs `f` once a job of kind `J` (handled already) is given up, after its death is
    /// recorded: what depends on the job learns that it will not run again until retried.
    /// A failure of `f` is logged; the job stays dead.
    pub fn on_given_up<J, F, Fut>(&mut self, f: F) -> &mut Self
    where
        J: Job,
        F: Fn(Ctx, J) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<(), sqlx::Error>> + Send + 'static,
    {
        let f = Arc::new(f);
        if let Some(entry) = self.entries.get_mut(J::KIND) {
            entry.given_up = Some(Arc::new(move |ctx, payload| {
                match serde_json::from_value::<J>(payload) {
                    Ok(job) => Box::pin(f(ctx, job)),
                    Err(_) => Box::pin(async { Ok(()) }),
                }
            }));
        }
        self
    }

    /// Enqueues `job` once per period of `every` (periods are aligned on the database's
    /// clock, so every worker agrees). Its kind must have a handler.
    pub fn every<J: Job>(&mut self, every: Duration, job: J) -> &mut Self {
        self.periodic.push(Periodic {
            kind: J::KIND,
            queue: J::QUEUE,
            priority: J::PRIORITY,
            payload: serde_json::to_value(&job).unwrap_or(serde_json::Value::Null),
            every_secs: every.as_secs().max(1) as i64,
        });
        self
    }

    /// A periodic sweep: runs `sweep` every `every`, logging how many rows it handled;
    /// an error is retried with the default policy.
    pub fn sweep<J, F, Fut, E>(&mut self, every: Duration, job: J, sweep: F) -> &mut Self
    where
        J: Job,
        F: Fn(Ctx) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<u64, E>> + Send + 'static,
        E: std::fmt::Display,
    {
        let sweep = Arc::new(sweep);
        self.handle(Policy::default(), move |run: Running, _: J| {
            let sweep = sweep.clone();
            async move {
                match sweep(run.ctx).await {
                    Ok(0) => Ok(()),
                    Ok(n) => {
                        tracing::info!(n, kind = J::KIND, "sweep");
                        Ok(())
                    }
                    Err(e) => Err(JobError::Retry(e.to_string())),
                }
            }
        })
        .every(every, job)
    }

    /// The kinds claimed one at a time ([`Policy::one_at_a_time`]), sorted.
    pub fn single_kinds(&self) -> Vec<String> {
        let mut kinds: Vec<String> = self
            .entries
            .iter()
            .filter(|(_, e)| e.policy.one_at_a_time)
            .map(|(k, _)| k.to_string())
            .collect();
        kinds.sort();
        kinds
    }

    /// The kinds this registry can run, sorted.
    pub fn kinds(&self) -> Vec<String> {
        let mut kinds: Vec<String> = self.entries.keys().map(|k| k.to_string()).collect();
        kinds.sort();
        kinds
    }
}

/// A job in a worker's hands: what its handler knows about it, and its lease.
#[derive(Clone)]
pub struct Running {
    pub ctx: Ctx,
    pub id: i64,
    /// 1 for the first attempt.
    pub attempt: i32,
    token: i64,
    lease_secs: f64,
    finished: Arc<AtomicBool>,
}

/// The statement that renews a running job's lease, and changes nothing when this worker
/// no longer holds it: `$1` the job, `$2` its fencing token, `$3` the lease in seconds, `$4`
/// the running state ([`LeaseArgs`] and [`JobState::Running`]). [`Running::check_lease`] runs it
/// alone; a handler that renews the lease before each of its steps may run it as the first
/// part of its own statement (`with lease as (… returning id) …`), its writes conditioned on
/// the lease, in one round trip instead of two.
pub const RENEW_LEASE: &str = "update jobs set lease_until = now() + make_interval(secs => $3)
     where id = $1 and lease = $2 and state = $4 and lease_until > now()";

/// What [`RENEW_LEASE`] binds first, for a handler's own statement.
#[derive(Clone, Copy, Debug)]
pub struct LeaseArgs {
    pub job: i64,
    pub token: i64,
    pub lease_secs: f64,
}

impl Running {
    /// The values that make [`RENEW_LEASE`] renew this claim's lease.
    pub fn lease_args(&self) -> LeaseArgs {
        LeaseArgs {
            job: self.id,
            token: self.token,
            lease_secs: self.lease_secs,
        }
    }

    /// This claim's name for what it holds outside the queue (a host's slot): the job and
    /// its fencing token, so a retry of the job (a new claim) never inherits what a dead
    /// run of it still holds, and waits for that lease to lapse instead.
    pub fn holder(&self) -> String {
        format!("job-{}-{}", self.id, self.token)
    }

    /// Renews the lease, or fails with [`JobError::LeaseLost`] when this worker no longer
    /// holds the job (taken over, cancelled, or expired). Call it before each external
    /// effect: each mail sent, each command run.
    pub async fn check_lease(&self) -> Result<(), JobError> {
        let fence = self.lease_args();
        let renewed = sqlx::query(RENEW_LEASE)
            .bind(fence.job)
            .bind(fence.token)
            .bind(fence.lease_secs)
            .bind(JobState::Running)
            .execute(&self.ctx.pool)
            .await?;
        if renewed.rows_affected() == 1 {
            Ok(())
        } else {
            Err(JobError::LeaseLost)
        }
    }

    /// A transaction that holds the job's row under this worker's lease: the handler's
    /// last writes go in it, then [`Running::complete`] marks the job done and commits, so
    /// a worker that lost the job cannot write anything.
    pub async fn fence(&self) -> Result<Transaction<'static, Postgres>, JobError> {
        let mut tx = self.ctx.pool.begin().await?;
        let held: Option<i64> = sqlx::query_scalar(
            "select id from jobs where id = $1 and lease = $2 and state = $3 for update",
        )
        .bind(self.id)
        .bind(self.token)
        .bind(JobState::Running)
        .fetch_optional(&mut *tx)
        .await?;
        match held {
            Some(_) => Ok(tx),
            None => Err(JobError::LeaseLost),
        }
    }

    /// Marks the job done inside `tx` (from [`Running::fence`]) and commits.
    pub async fn complete(&self, mut tx: Transaction<'static, Postgres>) -> Result<(), JobError> {
        if !finish(&mut tx, self.id, self.token).await? {
            return Err(JobError::LeaseLost);
        }
        tx.commit().await?;
        self.finished.store(true, Ordering::SeqCst);
        Ok(())
    }
}

async fn finish(conn: &mut sqlx::PgConnection, id: i64, token: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "update jobs set state = $3, finished_at = now(), last_error = null, lease_until = null
         where id = $1 and lease = $2 and state = $4",
    )
    .bind(id)
    .bind(token)
    .bind(JobState::Done)
    .bind(JobState::Running)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The claim (`Worker::claim`), written once: `$1` the kinds the worker runs, `$2` the
/// batch's size, `$3` the worker's name, `$4` the lease in seconds, `$5` the kinds claimed
/// one at a time, `$6` the running state.
static CLAIM: LazyLock<String> = LazyLock::new(|| {
    // literal: partial indexes jobs_ready and jobs_running
    format!(
        "with token as (select nextval('job_leases') as t),
         single as (
           select id, priority, run_at from jobs
           where kind = any($5)
             and ((state = {ready} and run_at <= now())
                  or (state = {running} and lease_until < now()))
           order by priority desc, run_at, id limit 1
           for update skip locked),
         ready as (
           select id, priority, run_at from jobs
           where state = {ready} and run_at <= now() and kind = any($1)
             and not kind = any($5)
           order by priority desc, run_at, id limit $2
           for update skip locked),
         expired as (
           select id, priority, run_at from jobs
           where state = {running} and lease_until < now() and kind = any($1)
             and not kind = any($5)
           order by lease_until limit $2
           for update skip locked),
         due as (
           select id from single
           union all
           select id from (
             select id, priority, run_at from (select * from ready union all select * from expired) d
             order by priority desc, run_at, id limit $2) b)
         update jobs j
         set state = $6, lease = token.t, lease_owner = $3,
             lease_until = now() + make_interval(secs => $4),
             attempts = j.attempts + 1, started_at = now()
         from due, token
         where j.id = due.id
         returning j.id, j.kind, j.payload, j.attempts, j.lease, j.priority, j.run_at",
        ready = JobState::Ready.sql(),
        running = JobState::Running.sql(),
    )
});

/// The heartbeat (`Worker::run_batch`), written once: renews for `$2` seconds the leases
/// of the jobs that the claim with fencing token `$1` still holds.
static HEARTBEAT: LazyLock<String> = LazyLock::new(|| {
    // literal: partial index jobs_running
    format!(
        "update jobs set lease_until = now() + make_interval(secs => $2)
         where lease = $1 and state = {running} and lease_until > now()",
        running = JobState::Running.sql(),
    )
});

#[derive(sqlx::FromRow)]
struct Claimed {
    id: i64,
    kind: String,
    payload: serde_json::Value,
    attempts: i32,
    lease: i64,
    priority: i16,
    run_at: chrono::DateTime<chrono::Utc>,
}

/// What a worker did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Pass {
    pub done: usize,
    /// Failed attempts (to be retried, or given up).
    pub failed: usize,
    /// Jobs this worker lost to another (or to a cancel) before it could finish them.
    pub lost: usize,
    /// Jobs put back to wait (a full fleet, a busy host), no attempt counted.
    pub waiting: usize,
}

impl Pass {
    fn add(&mut self, other: Pass) {
        self.done += other.done;
        self.failed += other.failed;
        self.lost += other.lost;
        self.waiting += other.waiting;
    }
}

/// One worker loop. A process runs several ([`Worker::run_all`]); any number of processes
/// may run side by side.
pub struct Worker {
    ctx: Ctx,
    registry: Arc<Registry>,
    kinds: Vec<String>,
    single_kinds: Vec<String>,
    owner: String,
    stop: watch::Receiver<bool>,
}

impl Worker {
    /// A worker identified as `name` in the jobs it holds (host, process, loop).
    pub fn new(ctx: Ctx, registry: Arc<Registry>, name: impl Into<String>) -> Self {
        let kinds = registry.kinds();
        let single_kinds = registry.single_kinds();
        Self {
            ctx,
            registry,
            kinds,
            single_kinds,
            owner: name.into(),
            stop: watch::channel(false).1,
        }
    }

    fn lease_secs(&self) -> f64 {
        self.ctx.settings.jobs.lease_secs.max(1) as f64
    }

    /// Runs jobs until none is due; returns what it did.
    pub async fn run_once(&self) -> Result<Pass, sqlx::Error> {
        let mut pass = Pass::default();
        loop {
            if *self.stop.borrow() {
                return Ok(pass);
            }
            let batch = self.claim(self.ctx.settings.jobs.batch.max(1)).await?;
            if batch.is_empty() {
                return Ok(pass);
            }
            pass.add(self.run_batch(batch).await);
        }
    }

    async fn claim(&self, limit: i64) -> Result<Vec<Claimed>, sqlx::Error> {
        // Due jobs, and jobs whose holder let its lease run out; one fencing token for the
        // whole claim. At most one job of the kinds claimed one at a time ($5), beside up to
        // `limit` of the others.
        sqlx::query_as::<_, Claimed>(CLAIM.as_str())
            .bind(&self.kinds)
            .bind(limit)
            .bind(&self.owner)
            .bind(self.lease_secs())
            .bind(&self.single_kinds)
            .bind(JobState::Running)
            .fetch_all(&self.ctx.pool)
            .await
    }

    /// Runs a claimed batch one job after the other, while a heartbeat renews the leases
    /// of the jobs still held. Both run in this one task: a worker that freezes stops
    /// renewing too, and loses its jobs to another, as it should.
    async fn run_batch(&self, mut batch: Vec<Claimed>) -> Pass {
        let Some(token) = batch.first().map(|c| c.lease) else {
            return Pass::default();
        };
        batch.sort_by_key(|c| (-c.priority, c.run_at, c.id));
        let heartbeat = async {
            let every = Duration::from_secs_f64(self.lease_secs() / 3.0);
            loop {
                tokio::time::sleep(every).await;
                let renewed = sqlx::query(HEARTBEAT.as_str())
                    .bind(token)
                    .bind(self.lease_secs())
                    .execute(&self.ctx.pool)
                    .await;
                if let Err(e) = renewed {
                    tracing::warn!(error = %e, "job heartbeat failed");
                }
            }
        };
        let work = async {
            let mut pass = Pass::default();
            let mut rest = batch.into_iter();
            for claimed in rest.by_ref() {
                pass.add(self.run_job(claimed).await);
                if *self.stop.borrow() {
                    break;
                }
            }
            let unstarted: Vec<i64> = rest.map(|c| c.id).collect();
            if !unstarted.is_empty() {
                self.release(token, &unstarted).await;
            }
            pass
        };
        tokio::select! {
            pass = work => pass,
            never = heartbeat => never,
        }
    }

    /// Gives back jobs claimed but not started (the worker is stopping).
    async fn release(&self, token: i64, ids: &[i64]) {
        let released = sqlx::query(
            "update jobs set state = $3, attempts = attempts - 1, lease_until = null
             where id = any($1) and lease = $2 and state = $4",
        )
        .bind(ids)
        .bind(token)
        .bind(JobState::Ready)
        .bind(JobState::Running)
        .execute(&self.ctx.pool)
        .await;
        if let Err(e) = released {
            tracing::warn!(error = %e, "could not give back unstarted jobs; their lease will run out");
        }
    }

    async fn run_job(&self, claimed: Claimed) -> Pass {
        let span = tracing::info_span!("job", id = claimed.id, kind = %claimed.kind, attempt = claimed.attempts);
        self.run_job_in_span(claimed).instrument(span).await
    }

    async fn run_job_in_span(&self, claimed: Claimed) -> Pass {
        let Some(entry) = self.registry.entries.get(claimed.kind.as_str()) else {
            return Pass::default();
        };
        let payload = entry.given_up.as_ref().map(|_| claimed.payload.clone());
        let running = Running {
            ctx: self.ctx.clone(),
            id: claimed.id,
            attempt: claimed.attempts,
            token: claimed.lease,
            lease_secs: self.lease_secs(),
            finished: Arc::new(AtomicBool::new(false)),
        };
        let outcome = if claimed.attempts > entry.policy.max_attempts {
            Err(JobError::Fatal(format!(
                "given up after {} attempts (the last ones never finished: their worker stopped or lost its lease)",
                claimed.attempts - 1
            )))
        } else {
            // Spawned, so that a panicking handler is a failed attempt, not a dead worker.
            let handler = (entry.handler)(running.clone(), claimed.payload);
            match tokio::spawn(handler.in_current_span()).await {
                Ok(outcome) => outcome,
                Err(e) if e.is_panic() => Err(JobError::Retry("the job's code panicked".into())),
                Err(e) => Err(JobError::Retry(e.to_string())),
            }
        };
        let mut dead = false;
        let recorded = match outcome {
            Ok(()) if running.finished.load(Ordering::SeqCst) => Ok(Pass {
                done: 1,
                ..Pass::default()
            }),
            Ok(()) => self.record_done(&running).await,
            Err(JobError::LeaseLost) => Ok(Pass {
                lost: 1,
                ..Pass::default()
            }),
            Err(JobError::Fatal(error)) => {
                dead = true;
                self.record_failure(&running, &error, None).await
            }
            Err(JobError::Later { secs, why }) => self.record_wait(&running, secs, &why).await,
            Err(error) => {
                let delay = retry_delay(entry.policy.retry_base_secs, claimed.attempts);
                let give_up = claimed.attempts >= entry.policy.max_attempts;
                dead = give_up;
                let error = error.to_string();
                self.record_failure(&running, &error, (!give_up).then_some(delay))
                    .await
            }
        };
        let pass = recorded.unwrap_or_else(|e| {
            // The lease runs out and the job is tried again: at least once, never lost.
            tracing::warn!(error = %e, "could not record the job's outcome");
            Pass::default()
        });
        // Only the worker that recorded the death tells.
        if let (true, 1, Some(hook), Some(payload)) = (dead, pass.failed, &entry.given_up, payload)
        {
            if let Err(e) = hook(self.ctx.clone(), payload).await {
                tracing::warn!(error = %e, "the job's given-up hook failed");
            }
        }
        pass
    }

    async fn record_done(&self, running: &Running) -> Result<Pass, sqlx::Error> {
        let mut conn = self.ctx.pool.acquire().await?;
        Ok(if finish(&mut conn, running.id, running.token).await? {
            Pass {
                done: 1,
                ..Pass::default()
            }
        } else {
            tracing::warn!("job finished after its lease was lost; another worker holds it");
            Pass {
                lost: 1,
                ..Pass::default()
            }
        })
    }

    /// Puts the job back to wait `secs` seconds; the attempt is not counted.
    async fn record_wait(
        &self,
        running: &Running,
        secs: u64,
        why: &str,
    ) -> Result<Pass, sqlx::Error> {
        let why: String = why.chars().take(2000).collect();
        let updated = sqlx::query(
            "update jobs
             set state = $5, attempts = attempts - 1, lease_until = null, last_error = $4,
                 run_at = now() + make_interval(secs => $3::float8)
             where id = $1 and lease = $2 and state = $6",
        )
        .bind(running.id)
        .bind(running.token)
        .bind(secs as f64)
        .bind(why)
        .bind(JobState::Ready)
        .bind(JobState::Running)
        .execute(&self.ctx.pool)
        .await?;
        Ok(Pass {
            waiting: usize::from(updated.rows_affected() == 1),
            lost: usize::from(updated.rows_affected() != 1),
            ..Pass::default()
        })
    }

    /// Records a failed attempt: ready again after `retry_in` seconds, or dead when `None`.
    async fn record_failure(
        &self,
        running: &Running,
        error: &str,
        retry_in: Option<f64>,
    ) -> Result<Pass, sqlx::Error> {
        let error: String = error.chars().take(2000).collect();
        tracing::warn!(%error, dead = retry_in.is_none(), "job failed");
        let updated = sqlx::query(
            "update jobs
             set state = case when $3::float8 is null then $5::text else $6::text end,
                 run_at = case when $3::float8 is null then run_at
                               else now() + make_interval(secs => $3::float8) end,
                 finished_at = case when $3::float8 is null then now() end,
                 lease_until = null, last_error = $4
             where id = $1 and lease = $2 and state = $7",
        )
        .bind(running.id)
        .bind(running.token)
        .bind(retry_in)
        .bind(error)
        .bind(JobState::Dead)
        .bind(JobState::Ready)
        .bind(JobState::Running)
        .execute(&self.ctx.pool)
        .await?;
        Ok(if updated.rows_affected() == 1 {
            Pass {
                failed: 1,
                ..Pass::default()
            }
        } else {
            Pass {
                lost: 1,
                ..Pass::default()
            }
        })
    }

    /// Enqueues each periodic job whose current period has none yet. Returns how many.
    pub async fn schedule_periodic(&self) -> Result<usize, sqlx::Error> {
        let mut made = 0;
        for p in &self.registry.periodic {
            let mut tx = self.ctx.pool.begin().await?;
            let fresh: Option<chrono::DateTime<chrono::Utc>> = sqlx::query_scalar(
                "insert into job_periods (kind, period_start)
                 values ($1, to_timestamp(floor(extract(epoch from now()) / $2) * $2))
                 on conflict do nothing
                 returning period_start",
            )
            .bind(p.kind)
            .bind(p.every_secs as f64)
            .fetch_optional(&mut *tx)
            .await?;
            if let Some(start) = fresh {
                let id =
                    super::insert_job(&mut tx, p.kind, p.queue, &p.payload, p.priority, None, None)
                        .await?;
                sqlx::query(
                    "update job_periods set job_id = $3 where kind = $1 and period_start = $2",
                )
                .bind(p.kind)
                .bind(start)
                .bind(id.id)
                .execute(&mut *tx)
                .await?;
                made += 1;
            }
            tx.commit().await?;
        }
        Ok(made)
    }

    /// Runs until `stop` turns true: schedules periodic jobs, runs what is due, then waits
    /// for a wake-up (`NOTIFY`) or the polling interval.
    async fn run_loop(mut self, wake: Arc<Notify>) {
        let poll = Duration::from_millis(self.ctx.settings.jobs.poll_interval_ms.max(10));
        let mut last_schedule: Option<Instant> = None;
        loop {
            if *self.stop.borrow() {
                return;
            }
            // Registered before the pass, so a job enqueued during it still wakes us.
            let notified = wake.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            if last_schedule.is_none_or(|t| t.elapsed() >= Duration::from_secs(1)) {
                last_schedule = Some(Instant::now());
                if let Err(e) = self.schedule_periodic().await {
                    tracing::warn!(error = %e, "could not schedule periodic jobs");
                }
            }
            match self.run_once().await {
                Ok(pass) if pass != Pass::default() => tracing::info!(
                    done = pass.done,
                    failed = pass.failed,
                    lost = pass.lost,
                    "job pass"
                ),
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "job worker could not reach the database"),
            }
            tokio::select! {
                _ = &mut notified => {}
                _ = tokio::time::sleep(poll) => {}
                _ = self.stop.changed() => {}
            }
        }
    }

    /// Runs `jobs.loops` worker loops and one `LISTEN` connection until `shutdown`
    /// resolves; each loop finishes the job in hand and gives back the rest of its batch.
    pub async fn run_all(ctx: Ctx, registry: Arc<Registry>, shutdown: impl Future<Output = ()>) {
        let wake = Arc::new(Notify::new());
        let (stop_tx, stop_rx) = watch::channel(false);
        let listener = tokio::spawn(listen(ctx.pool.clone(), wake.clone()));
        let host = std::fs::read_to_string("/etc/hostname")
            .map(|h| h.trim().to_string())
            .unwrap_or_else(|_| "localhost".into());
        let pid = std::process::id();
        let loops: Vec<_> = (0..ctx.settings.jobs.loops.max(1))
            .map(|n| {
                let mut worker =
                    Worker::new(ctx.clone(), registry.clone(), format!("{host}:{pid}:{n}"));
                worker.stop = stop_rx.clone();
                tokio::spawn(worker.run_loop(wake.clone()))
            })
            .collect();
        tracing::info!(loops = loops.len(), kinds = ?registry.kinds(), "job worker running");
        shutdown.await;
        let _ = stop_tx.send(true);
        for l in loops {
            let _ = l.await;
        }
        listener.abort();
    }
}

/// Wakes the worker loops on every `NOTIFY jobs`; reconnects when the connection drops.
async fn listen(pool: PgPool, wake: Arc<Notify>) {
    loop {
        match sqlx::postgres::PgListener::connect_with(&pool).await {
            Ok(mut listener) => match listener.listen(CHANNEL).await {
                Ok(()) => loop {
                    match listener.recv().await {
                        Ok(_) => wake.notify_waiters(),
                        Err(e) => {
                            tracing::warn!(error = %e, "job wake-ups lost; polling meanwhile");
                            break;
                        }
                    }
                },
                Err(e) => tracing::warn!(error = %e, "cannot LISTEN for jobs; polling"),
            },
            Err(e) => tracing::warn!(error = %e, "cannot LISTEN for jobs; polling"),
        }
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
}

/// Exponential backoff with jitter: base·2^(attempt-1), at most an hour, ±20 %.
pub fn retry_delay(base_secs: i64, attempt: i32) -> f64 {
    let exp = (attempt.max(1) - 1).min(20);
    let raw = (base_secs.max(0) as f64) * 2f64.powi(exp);
    raw.min(3600.0) * rand::thread_rng().gen_range(0.8..=1.2)
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
