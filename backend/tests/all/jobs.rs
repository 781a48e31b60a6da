//! The job queue against a real PostgreSQL: transactions, deduplication, order, leases and
//! fencing, retries, periodic jobs, wake-ups and the drain helper.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use backend::jobs::{self, Change, Job, JobError, Policy, Registry, Running, Worker};
use backend::{Ctx, Settings};
use common::states::JobState;
use serde::{Deserialize, Serialize};
use sqlx::PgPool;

#[derive(Clone, Debug, Serialize, Deserialize)]
struct Note {
    n: i64,
}
impl Job for Note {
    const KIND: &'static str = "test.note";
}

#[derive(Clone, Debug, Serialize, Deserialize)]
struct Keyed {
    key: String,
}
impl Job for Keyed {
    const KIND: &'static str = "test.keyed";
    fn dedup_key(&self) -> Option<String> {
        Some(self.key.clone())
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
struct Urgent;
impl Job for Urgent {
    const KIND: &'static str = "test.urgent";
    const PRIORITY: i16 = 5;
}

fn ctx(pool: &PgPool) -> Ctx {
    let mut settings = Settings::for_tests();
    settings.jobs.batch = 5;
    Ctx::new(pool.clone(), settings)
}

async fn enqueue<J: Job>(pool: &PgPool, job: &J) -> jobs::Enqueued {
    let mut conn = pool.acquire().await.unwrap();
    jobs::enqueue(&mut conn, job).await.unwrap()
}

async fn state(pool: &PgPool, id: i64) -> (JobState, i32, Option<String>) {
    sqlx::query_as("select state, attempts, last_error from jobs where id = $1")
        .bind(id)
        .fetch_one(pool)
        .await
        .unwrap()
}

/// Records the order in which `test.note` and `test.urgent` jobs ran.
fn recording(order: Arc<Mutex<Vec<i64>>>) -> Registry {
    let mut r = Registry::new();
    let o = order.clone();
    r.handle(Policy::default(), move |_: Running, job: Note| {
        let o = o.clone();
        async move {
            o.lock().unwrap().push(job.n);
            Ok(())
        }
    });
    r.handle(Policy::default(), move |_: Running, _: Urgent| {
        let o = order.clone();
        async move {
            o.lock().unwrap().push(-1);
            Ok(())
        }
    });
    r
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn a_job_exists_only_if_the_callers_transaction_commits(pool: PgPool) {
    let mut tx = pool.begin().await.unwrap();
    jobs::enqueue(&mut tx, &Note { n: 1 }).await.unwrap();
    tx.rollback().await.unwrap();
    let mut tx = pool.begin().await.unwrap();
    let kept = jobs::enqueue(&mut tx, &Note { n: 2 }).await.unwrap();
    tx.commit().await.unwrap();
    let payloads: Vec<(i64, serde_json::Value)> =
        sqlx::query_as("select id, payload from jobs order by id")
            .fetch_all(&pool)
            .await
            .unwrap();
    assert_eq!(payloads, vec![(kept.id, serde_json::json!({"n": 2}))]);
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn a_deduplication_key_keeps_one_waiting_job(pool: PgPool) {
    let first = enqueue(
        &pool,
        &Keyed {
            key: "space-7".into(),
        },
    )
    .await;
    let again = enqueue(
        &pool,
        &Keyed {
            key: "space-7".into(),
        },
    )
    .await;
    let other = enqueue(
        &pool,
        &Keyed {
            key: "space-8".into(),
        },
    )
    .await;
    assert!(first.fresh && !again.fresh && other.fresh);
    assert_eq!(again.id, first.id);
    let mut r = Registry::new();
    r.handle(Policy::default(), |_: Running, _: Keyed| async { Ok(()) });
    let done = jobs::drain(&ctx(&pool), Arc::new(r), &[]).await.unwrap();
    assert_eq!(done.done, 2);
    // Once done, the same key may be enqueued again.
    assert!(
        enqueue(
            &pool,
            &Keyed {
                key: "space-7".into()
            }
        )
        .await
        .fresh
    );
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn higher_priority_first_then_oldest_and_never_before_run_at(pool: PgPool) {
    for n in 1..=3 {
        enqueue(&pool, &Note { n }).await;
    }
    enqueue(&pool, &Urgent).await;
    let mut conn = pool.acquire().await.unwrap();
    let later = chrono::Utc::now() + chrono::Duration::hours(1);
    let waiting = jobs::enqueue_at(&mut conn, &Note { n: 9 }, Some(later))
        .await
        .unwrap();
    drop(conn);
    let order = Arc::new(Mutex::new(Vec::new()));
    let mut settings = Settings::for_tests();
    settings.jobs.batch = 1;
    let w = Worker::new(
        Ctx::new(pool.clone(), settings),
        Arc::new(recording(order.clone())),
        "w",
    );
    assert_eq!(w.run_once().await.unwrap().done, 4);
    assert_eq!(*order.lock().unwrap(), vec![-1, 1, 2, 3]);
    assert_eq!(state(&pool, waiting.id).await.0, JobState::Ready);
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn four_workers_never_run_one_job_at_once_and_run_each_once(pool: PgPool) {
    for n in 0..200 {
        enqueue(&pool, &Note { n }).await;
    }
    let in_flight = Arc::new(Mutex::new(HashSet::new()));
    let runs = Arc::new(Mutex::new(HashMap::<i64, usize>::new()));
    let overlaps = Arc::new(Mutex::new(0usize));
    let mut r = Registry::new();
    {
        let (in_flight, runs, overlaps) = (in_flight.clone(), runs.clone(), overlaps.clone());
        r.handle(Policy::default(), move |_: Running, job: Note| {
            let (in_flight, runs, overlaps) = (in_flight.clone(), runs.clone(), overlaps.clone());
            async move {
                if !in_flight.lock().unwrap().insert(job.n) {
                    *overlaps.lock().unwrap() += 1;
                }
                tokio::time::sleep(Duration::from_millis(2)).await;
                *runs.lock().unwrap().entry(job.n).or_default() += 1;
                in_flight.lock().unwrap().remove(&job.n);
                Ok(())
            }
        });
    }
    let registry = Arc::new(r);
    let workers: Vec<Worker> = (0..4)
        .map(|i| Worker::new(ctx(&pool), registry.clone(), format!("w{i}")))
        .collect();
    let passes = futures_join(&workers).await;
    assert_eq!(passes.iter().map(|p| p.done).sum::<usize>(), 200);
    assert!(
        passes.iter().filter(|p| p.done > 0).count() >= 2,
        "the work was shared: {passes:?}"
    );
    assert_eq!(*overlaps.lock().unwrap(), 0);
    let runs = runs.lock().unwrap();
    assert_eq!(runs.len(), 200);
    assert!(runs.values().all(|&n| n == 1), "each job ran once");
}

async fn futures_join(workers: &[Worker]) -> Vec<jobs::Pass> {
    let (a, b, c, d) = tokio::join!(
        workers[0].run_once(),
        workers[1].run_once(),
        workers[2].run_once(),
        workers[3].run_once()
    );
    vec![a.unwrap(), b.unwrap(), c.unwrap(), d.unwrap()]
}

/// A handler that, on its first run, waits until the test lets it go, then reports what
/// its lease checks and its fenced completion said.
#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn a_worker_that_lost_its_lease_can_neither_act_nor_finish(pool: PgPool) {
    let job = enqueue(&pool, &Note { n: 1 }).await;
    let (started_tx, started_rx) = tokio::sync::oneshot::channel::<()>();
    let (go_tx, go_rx) = tokio::sync::oneshot::channel::<()>();
    let seen = Arc::new(Mutex::new(Vec::<String>::new()));
    let slot = Arc::new(Mutex::new(Some((started_tx, go_rx))));
    let mut r = Registry::new();
    {
        let seen = seen.clone();
        r.handle(Policy::default(), move |run: Running, _: Note| {
            let (seen, slot) = (seen.clone(), slot.clone());
            async move {
                let first = slot.lock().unwrap().take();
                if let Some((started, go)) = first {
                    let _ = started.send(());
                    let _ = go.await;
                    let check = run.check_lease().await;
                    seen.lock().unwrap().push(format!("stale check: {check:?}"));
                    let fenced = run.fence().await;
                    seen.lock()
                        .unwrap()
                        .push(format!("stale fence: {}", fenced.is_ok()));
                    return check;
                }
                run.check_lease().await?;
                let tx = run.fence().await?;
                run.complete(tx).await?;
                seen.lock().unwrap().push("taken over: done".into());
                Ok(())
            }
        });
    }
    let registry = Arc::new(r);
    let stale = Worker::new(ctx(&pool), registry.clone(), "stale");
    let stale_run = tokio::spawn(async move { stale.run_once().await.unwrap() });
    started_rx.await.unwrap();
    // The stale worker's lease runs out (as if it had frozen); another takes the job.
    sqlx::query("update jobs set lease_until = now() - interval '1 second' where id = $1")
        .bind(job.id)
        .execute(&pool)
        .await
        .unwrap();
    let fresh = Worker::new(ctx(&pool), registry, "fresh");
    assert_eq!(fresh.run_once().await.unwrap().done, 1);
    go_tx.send(()).unwrap();
    let stale_pass = stale_run.await.unwrap();
    assert_eq!((stale_pass.done, stale_pass.lost), (0, 1));
    assert_eq!(
        *seen.lock().unwrap(),
        vec![
            "taken over: done".to_string(),
            "stale check: Err(LeaseLost)".into(),
            "stale fence: false".into()
        ]
    );
    let (st, attempts, _) = state(&pool, job.id).await;
    assert_eq!((st, attempts), (JobState::Done, 2));
    let owner: String = sqlx::query_scalar("select lease_owner from jobs where id = $1")
        .bind(job.id)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(owner, "fresh");
}

fn failing(policy: Policy) -> Registry {
    let mut r = Registry::new();
    r.handle(policy, |run: Running, job: Note| async move {
        match job.n {
            0 => Err(JobError::Retry(format!(
                "host down (attempt {})",
                run.attempt
            ))),
            1 => Err(JobError::Fatal("bad payload".into())),
            _ => panic!("a bug in a handler"),
        }
    });
    r
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn failures_back_off_then_die_and_an_operator_can_retry_or_cancel(pool: PgPool) {
    let retried = enqueue(&pool, &Note { n: 0 }).await.id;
    let fatal = enqueue(&pool, &Note { n: 1 }).await.id;
    let panics = enqueue(&pool, &Note { n: 2 }).await.id;
    let policy = Policy {
        max_attempts: 2,
        retry_base_secs: 60,
        ..Policy::default()
    };
    let w = Worker::new(ctx(&pool), Arc::new(failing(policy)), "w");
    let pass = w.run_once().await.unwrap();
    assert_eq!(
        (pass.done, pass.failed),
        (0, 3),
        "the worker survives a panic"
    );
    let waits: Vec<(i64, JobState, bool)> = sqlx::query_as(
        "select id, state, run_at > now() + interval '40 seconds' from jobs order by id",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(
        waits,
        vec![
            (retried, JobState::Ready, true),
            (fatal, JobState::Dead, false),
            (panics, JobState::Ready, true)
        ]
    );
    assert_eq!(
        state(&pool, panics).await.2.as_deref(),
        Some("the job's code panicked")
    );
    // Not due: nothing runs. Made due: the last attempt fails and the job dies.
    assert_eq!(w.run_once().await.unwrap(), jobs::Pass::default());
    sqlx::query("update jobs set run_at = now()")
        .execute(&pool)
        .await
        .unwrap();
    w.run_once().await.unwrap();
    assert_eq!(
        state(&pool, retried).await,
        (JobState::Dead, 2, Some("host down (attempt 2)".into()))
    );
    let err = jobs::drain(&ctx(&pool), Arc::new(failing(policy)), &[])
        .await
        .unwrap_err()
        .to_string();
    assert!(
        err.contains(&format!("job {retried} (test.note) is dead")),
        "{err}"
    );
    // A kind that may wait is not one that may die: exempting it lets a dead job pass no more.
    let err = jobs::drain(&ctx(&pool), Arc::new(failing(policy)), &["test.note"])
        .await
        .unwrap_err()
        .to_string();
    assert!(
        err.contains(&format!("job {retried} (test.note) is dead")),
        "an exempt kind's dead job still fails the drain: {err}"
    );

    assert_eq!(
        jobs::retry(&ctx(&pool), retried).await.unwrap(),
        Change::Done
    );
    assert_eq!(state(&pool, retried).await.0, JobState::Ready);
    assert_eq!(
        state(&pool, retried).await.1,
        0,
        "a fresh count of attempts"
    );
    assert_eq!(
        jobs::retry(&ctx(&pool), retried).await.unwrap(),
        Change::Refused(JobState::Ready.as_str().into())
    );
    assert_eq!(
        jobs::cancel(&ctx(&pool), retried).await.unwrap(),
        Change::Done
    );
    assert_eq!(
        jobs::cancel(&ctx(&pool), fatal).await.unwrap(),
        Change::Done
    );
    assert_eq!(
        jobs::cancel(&ctx(&pool), panics).await.unwrap(),
        Change::Done
    );
    assert_eq!(
        jobs::cancel(&ctx(&pool), retried).await.unwrap(),
        Change::Refused(JobState::Cancelled.as_str().into())
    );
    assert_eq!(
        jobs::retry(&ctx(&pool), 999_999).await.unwrap(),
        Change::NotFound
    );
    assert_eq!(w.run_once().await.unwrap(), jobs::Pass::default());
    jobs::drain(&ctx(&pool), Arc::new(failing(policy)), &[])
        .await
        .unwrap();
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn a_job_whose_lease_ran_out_too_often_is_given_up(pool: PgPool) {
    let id = enqueue(&pool, &Note { n: 5 }).await.id;
    // Two attempts already claimed, and the last one's worker died.
    sqlx::query(
        "update jobs set state = $2, attempts = 2, lease = 1,
           lease_until = now() - interval '1 second' where id = $1",
    )
    .bind(id)
    .bind(JobState::Running)
    .execute(&pool)
    .await
    .unwrap();
    let w = Worker::new(ctx(&pool), Arc::new(recording(Default::default())), "w");
    // The default policy allows 12 attempts: the job is simply taken over.
    assert_eq!(w.run_once().await.unwrap().done, 1);

    let id = enqueue(&pool, &Note { n: 6 }).await.id;
    sqlx::query(
        "update jobs set state = $2, attempts = 12, lease = 1,
           lease_until = now() - interval '1 second' where id = $1",
    )
    .bind(id)
    .bind(JobState::Running)
    .execute(&pool)
    .await
    .unwrap();
    assert_eq!(w.run_once().await.unwrap().failed, 1);
    let (st, _, error) = state(&pool, id).await;
    assert_eq!(st, JobState::Dead);
    assert!(error.unwrap().contains("never finished"));
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
struct Tick;
impl Job for Tick {
    const KIND: &'static str = "test.tick";
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn a_periodic_job_is_enqueued_once_per_period_by_many_workers(pool: PgPool) {
    let mut r = Registry::new();
    r.sweep(Duration::from_secs(3600), Tick, |_: Ctx| async {
        Ok::<u64, String>(1)
    });
    let registry = Arc::new(r);
    let workers: Vec<Worker> = (0..4)
        .map(|i| Worker::new(ctx(&pool), registry.clone(), format!("w{i}")))
        .collect();
    let mut made = 0;
    for _ in 0..3 {
        let (a, b, c, d) = tokio::join!(
            workers[0].schedule_periodic(),
            workers[1].schedule_periodic(),
            workers[2].schedule_periodic(),
            workers[3].schedule_periodic()
        );
        made += a.unwrap() + b.unwrap() + c.unwrap() + d.unwrap();
    }
    assert_eq!(made, 1);
    let (ticks, periods): (i64, i64) = sqlx::query_as(
        "select (select count(*) from jobs where kind = 'test.tick'),
                (select count(*) from job_periods where job_id is not null)",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!((ticks, periods), (1, 1));
    // The next period (here: the current one forgotten) gets its own run.
    jobs::drain(&ctx(&pool), registry.clone(), &[])
        .await
        .unwrap();
    sqlx::query("delete from job_periods")
        .execute(&pool)
        .await
        .unwrap();
    assert_eq!(workers[0].schedule_periodic().await.unwrap(), 1);
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn an_idle_worker_wakes_on_enqueue_long_before_its_next_poll(pool: PgPool) {
    let mut settings = Settings::for_tests();
    settings.jobs.poll_interval_ms = 600_000;
    settings.jobs.loops = 2;
    let ctx = Ctx::new(pool.clone(), settings);
    let order = Arc::new(Mutex::new(Vec::new()));
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let running = tokio::spawn(Worker::run_all(
        ctx.clone(),
        Arc::new(recording(order.clone())),
        async move {
            let _ = stop_rx.await;
        },
    ));
    // Let both loops pass once and fall asleep for ten minutes.
    tokio::time::sleep(Duration::from_millis(500)).await;
    enqueue(&pool, &Note { n: 42 }).await;
    for _ in 0..200 {
        if !order.lock().unwrap().is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(
        *order.lock().unwrap(),
        vec![42],
        "woken by NOTIFY, not by polling"
    );
    stop_tx.send(()).unwrap();
    running.await.unwrap();
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn draining_fails_on_kinds_without_a_handler_unless_exempt(pool: PgPool) {
    enqueue(&pool, &Note { n: 1 }).await;
    enqueue(&pool, &Tick).await;
    let registry = Arc::new(recording(Default::default()));
    let err = jobs::drain(&ctx(&pool), registry.clone(), &[])
        .await
        .unwrap_err()
        .to_string();
    assert!(err.contains("(test.tick) is ready"), "{err}");
    let drained = jobs::drain(&ctx(&pool), registry, &["test.tick"])
        .await
        .unwrap();
    assert_eq!(drained.done, 0, "the note already ran in the first drain");
    // The standard registry knows every kind the portal enqueues.
    let all = backend::portal::jobs(&Settings::for_tests()).kinds();
    for kind in [
        "mail.send",
        "mail.erase-dead-bodies",
        "newsletter.purge-unconfirmed",
        "accounts.purge",
        "rate-limits.purge",
        "jobs.purge-finished",
    ] {
        assert!(all.contains(&kind.to_string()), "{kind} in {all:?}");
    }
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn finished_jobs_are_purged_after_their_retention_and_dead_ones_kept(pool: PgPool) {
    for n in 0..3 {
        enqueue(&pool, &Note { n }).await;
    }
    sqlx::query(
        "update jobs set state = case id % 3 when 0 then $1 when 1 then $2 else $3 end,
           finished_at = now() - interval '8 days'",
    )
    .bind(JobState::Done)
    .bind(JobState::Cancelled)
    .bind(JobState::Dead)
    .execute(&pool)
    .await
    .unwrap();
    assert_eq!(jobs::purge_finished(&ctx(&pool)).await.unwrap(), 2);
    let left: Vec<JobState> = sqlx::query_scalar("select state from jobs")
        .fetch_all(&pool)
        .await
        .unwrap();
    assert_eq!(left, vec![JobState::Dead]);
}
