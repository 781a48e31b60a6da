//! `cargo bench -p backend --bench jobs` (run by `make bench`): the job queue on the
//! PostgreSQL at `DATABASE_URL`, in a database of its own (`framaspace_bench_jobs`,
//! recreated).
//!
//! - Claims per second: 20,000 no-op jobs drained by 1, 2 and 4 worker loops (each claims
//!   `jobs.batch` jobs at a time, runs them, and records each outcome under its lease).
//! - Enqueue-to-start latency: jobs enqueued one by one, 20 ms apart, each in its own
//!   transaction, while two idle loops wait on `LISTEN` with a polling interval of 1 s;
//!   measured on the database's clock, from the job's insertion to its claim.

#![allow(clippy::unwrap_used)] // a benchmark that cannot unwrap should stop

use std::sync::Arc;
use std::time::{Duration, Instant};

use backend::jobs::{self, Job, Policy, Registry, Running, Worker};
use backend::{Ctx, Settings};
use common::states::JobState;
use serde::{Deserialize, Serialize};
use sqlx::PgPool;

#[derive(Serialize, Deserialize)]
struct Noop;
impl Job for Noop {
    const KIND: &'static str = "bench.noop";
    const QUEUE: &'static str = "bench";
}

const JOBS: i64 = 20_000;
const LATENCY_SAMPLES: usize = 300;

fn registry() -> Arc<Registry> {
    let mut r = Registry::new();
    r.handle(Policy::default(), |_: Running, _: Noop| async { Ok(()) });
    Arc::new(r)
}

async fn database() -> PgPool {
    testkit::database::fresh_database("framaspace_bench_jobs", 16).await
}

fn ctx(pool: &PgPool, loops: usize, poll_ms: u64) -> Ctx {
    ctx_batch(pool, loops, poll_ms, batch_size())
}

fn ctx_batch(pool: &PgPool, loops: usize, poll_ms: u64, batch: i64) -> Ctx {
    let mut settings = Settings::for_tests();
    settings.jobs.batch = batch;
    settings.jobs.loops = loops;
    settings.jobs.poll_interval_ms = poll_ms;
    Ctx::new(pool.clone(), settings)
}

async fn claims_per_second(pool: &PgPool, loops: usize, batch: i64) -> f64 {
    sqlx::query("truncate jobs, mail_outbox cascade")
        .execute(pool)
        .await
        .unwrap();
    sqlx::query(
        "insert into jobs (kind, queue) select 'bench.noop', 'bench' from generate_series(1, $1)",
    )
    .bind(JOBS)
    .execute(pool)
    .await
    .unwrap();
    sqlx::query("vacuum analyze jobs")
        .execute(pool)
        .await
        .unwrap();
    let registry = registry();
    let started = Instant::now();
    let runs: Vec<_> = (0..loops)
        .map(|i| {
            let w = Worker::new(
                ctx_batch(pool, loops, 1000, batch),
                registry.clone(),
                format!("bench{i}"),
            );
            tokio::spawn(async move { w.run_once().await.unwrap() })
        })
        .collect();
    let mut done = 0;
    for r in runs {
        done += r.await.unwrap().done;
    }
    let elapsed = started.elapsed().as_secs_f64();
    let left: i64 = sqlx::query_scalar("select count(*) from jobs where state <> $1")
        .bind(JobState::Done)
        .fetch_one(pool)
        .await
        .unwrap();
    assert_eq!((done as i64, left), (JOBS, 0), "every job ran once");
    JOBS as f64 / elapsed
}

fn batch_size() -> i64 {
    Settings::for_tests().jobs.batch
}

async fn latency(pool: &PgPool) -> (f64, f64, f64) {
    sqlx::query("truncate jobs, mail_outbox cascade")
        .execute(pool)
        .await
        .unwrap();
    let ctx = ctx(pool, 2, 1000);
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let running = tokio::spawn(Worker::run_all(ctx, registry(), async move {
        let _ = stop_rx.await;
    }));
    tokio::time::sleep(Duration::from_millis(500)).await;
    for _ in 0..LATENCY_SAMPLES {
        let mut tx = pool.begin().await.unwrap();
        jobs::enqueue(&mut tx, &Noop).await.unwrap();
        tx.commit().await.unwrap();
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    for _ in 0..100 {
        let left: i64 = sqlx::query_scalar("select count(*) from jobs where state <> $1")
            .bind(JobState::Done)
            .fetch_one(pool)
            .await
            .unwrap();
        if left == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    stop_tx.send(()).unwrap();
    running.await.unwrap();
    sqlx::query_as(
        "select percentile_cont(0.5) within group (order by ms),
                percentile_cont(0.95) within group (order by ms),
                count(*)::float8
         from (select extract(epoch from started_at - created_at) * 1000 as ms
               from jobs where state = $1 and kind = 'bench.noop') s",
    )
    .bind(JobState::Done)
    .fetch_one(pool)
    .await
    .unwrap()
}

fn main() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let pool = database().await;
        println!("Job queue: {JOBS} no-op jobs run to done");
        println!(
            "{:<8} {:>6} {:>12} {:>12}",
            "loops", "batch", "claims/s", "vs 1,000/s"
        );
        let default = batch_size();
        for (loops, batch) in [(1, default), (2, default), (4, default), (4, 1)] {
            let rate = claims_per_second(&pool, loops, batch).await;
            println!(
                "{loops:<8} {batch:>6} {rate:>12.0} {:>11.1}x",
                rate / 1000.0
            );
        }
        let (p50, p95, n) = latency(&pool).await;
        println!(
            "Enqueue to start, woken by LISTEN/NOTIFY ({n} jobs, polling every 1,000 ms): \
             p50 {p50:.1} ms, p95 {p95:.1} ms ({:.3} and {:.3} of the polling interval)",
            p50 / 1000.0,
            p95 / 1000.0
        );
        pool.close().await;
    });
}
