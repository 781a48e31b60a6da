//! Provisioning when things go wrong, against a real PostgreSQL and the Nextcloud
//! stand-in: a full fleet waits with an alert; a host down is retried, and down for good
//! gives a dead job that staff run again; a job given up marks its space failed; a dead
//! run's slot is waited for; four workers keep to a host's bound; the install has a
//! timeout of its own.

use std::sync::Arc;

use backend::jobs::{self, Job};
use backend::provisioning::steps::ProvisionSpace;
use common::states::{JobState, SpaceState, StepOutcome};
use nextcloud_sim::{Faults, Version};
use sqlx::PgPool;
use testkit::applicants::open;
use testkit::ctx;
use testkit::hosts::{approved, check_space, down, drain, due_now, host, set_state, state, steps};

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn a_full_fleet_waits_with_an_alert_then_places_when_a_host_comes(pool: PgPool) {
    use backend::provisioning::alerts::open as open_alerts;
    let ctx = ctx(&pool);
    let admin = backend::accounts::Admin::command_line();
    open(&ctx).await;
    let (space, slug) = approved(&ctx, "collabora").await;
    drain(&ctx).await.unwrap_err();
    let (job, attempts, error): (JobState, i32, Option<String>) =
        sqlx::query_as("select state, attempts, last_error from jobs where kind = $1")
            .bind(ProvisionSpace::KIND)
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(job, JobState::Ready, "the job waits, it does not fail");
    assert_eq!(attempts, 0, "waiting is not an attempt");
    assert!(error.unwrap().contains("no active host has room"));
    let alerts = open_alerts(&ctx, &admin).await.unwrap();
    assert_eq!(alerts.len(), 1);
    assert_eq!(
        alerts[0].kind,
        backend::provisioning::alerts::AlertKind::FleetFull
    );
    // Waiting again raises no second alert.
    due_now(&pool).await;
    drain(&ctx).await.unwrap_err();
    assert_eq!(open_alerts(&ctx, &admin).await.unwrap().len(), 1);
    let nc = host(&ctx, "nc35", Version::V35, 1).await;
    due_now(&pool).await;
    drain(&ctx).await.unwrap();
    assert_eq!(state(&pool, space).await, SpaceState::Active);
    check_space(&nc, &slug, "richdocuments");
    assert!(open_alerts(&ctx, &admin).await.unwrap().is_empty());
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn a_host_down_is_retried_then_the_space_is_made(pool: PgPool) {
    let ctx = ctx(&pool);
    open(&ctx).await;
    let nc = host(&ctx, "nc35", Version::V35, 10).await;
    down(&nc, true);
    let (space, slug) = approved(&ctx, "collabora").await;
    drain(&ctx).await.unwrap_err();
    let (attempts, error): (i32, Option<String>) =
        sqlx::query_as("select attempts, last_error from jobs where kind = $1 and state = $2")
            .bind(ProvisionSpace::KIND)
            .bind(JobState::Ready)
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(attempts, 1);
    assert!(
        error.unwrap().starts_with("site: "),
        "the first step on the host failed"
    );
    let failed: Vec<(String, StepOutcome, String)> = steps(&pool, space).await;
    assert_eq!(failed.last().unwrap().1, StepOutcome::Failed);
    down(&nc, false);
    due_now(&pool).await;
    drain(&ctx).await.unwrap();
    assert_eq!(state(&pool, space).await, SpaceState::Active);
    check_space(&nc, &slug, "richdocuments");
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn the_per_host_bound_holds_with_four_workers(pool: PgPool) {
    let ctx = ctx(&pool);
    open(&ctx).await;
    let nc = host(&ctx, "nc35", Version::V35, 20).await;
    // Slow enough that runs overlap.
    nc.set_faults(
        None,
        &Faults {
            latency_ms: 20,
            ..Faults::default()
        },
    )
    .unwrap();
    let mut spaces = Vec::new();
    for _ in 0..6 {
        spaces.push(approved(&ctx, "collabora").await);
    }
    let registry = Arc::new(backend::portal::jobs(&ctx.settings));
    let shared = pool.clone();
    let all_active = move || {
        let pool = shared.clone();
        async move {
            let n: i64 = sqlx::query_scalar("select count(*) from spaces where state = $1")
                .bind(SpaceState::Active)
                .fetch_one(&pool)
                .await
                .unwrap();
            n == 6
        }
    };
    let mut workers = Vec::new();
    for i in 0..4 {
        let w = jobs::Worker::new(ctx.clone(), registry.clone(), format!("w{i}"));
        let done = all_active.clone();
        workers.push(tokio::spawn(async move {
            while !done().await {
                w.run_once().await.unwrap();
                tokio::time::sleep(std::time::Duration::from_millis(100)).await;
            }
        }));
    }
    let mut most = 0;
    let started = std::time::Instant::now();
    while !all_active().await {
        assert!(
            started.elapsed().as_secs() < 120,
            "provisioning never ended"
        );
        let held: i64 =
            sqlx::query_scalar("select count(*) from host_slots where expires_at > now()")
                .fetch_one(&pool)
                .await
                .unwrap();
        most = most.max(held);
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
    for w in workers {
        w.await.unwrap();
    }
    assert!(
        most <= 2,
        "at most max_parallel (2) spaces at once on the host, saw {most}"
    );
    assert_eq!(most, 2, "the workers did work side by side");
    for (_, slug) in &spaces {
        check_space(&nc, slug, "richdocuments");
    }
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn a_host_down_for_good_gives_a_dead_job_that_staff_run_again(pool: PgPool) {
    use backend::provisioning::spaces::{self, Retried};
    let ctx = ctx(&pool);
    let admin = backend::accounts::Admin::command_line();
    open(&ctx).await;
    let nc = host(&ctx, "nc35", Version::V35, 10).await;
    down(&nc, true);
    let (space, slug) = approved(&ctx, "collabora").await;
    // The last of its tries, after a day of failures.
    sqlx::query("update jobs set attempts = 29 where kind = $1")
        .bind(ProvisionSpace::KIND)
        .execute(&pool)
        .await
        .unwrap();
    let left = drain(&ctx).await.unwrap_err().to_string();
    assert!(left.contains("is dead"), "{left}");
    assert_eq!(state(&pool, space).await, SpaceState::Failed);
    let page = spaces::detail(&ctx, &admin, space).await.unwrap().unwrap();
    assert_eq!(page.job.as_ref().unwrap().state, JobState::Dead);
    assert!(
        page.steps.last().unwrap().excerpt.contains("ssh"),
        "{:?}",
        page.steps
    );
    // The host is back; staff run it again.
    down(&nc, false);
    assert!(matches!(
        spaces::retry(&ctx, &admin, space).await.unwrap(),
        Some(Retried::Again(_))
    ));
    drain(&ctx).await.unwrap();
    assert_eq!(state(&pool, space).await, SpaceState::Active);
    check_space(&nc, &slug, "richdocuments");
    assert!(matches!(
        spaces::retry(&ctx, &admin, space).await.unwrap(),
        Some(Retried::Nothing(_))
    ));
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn a_job_given_up_before_its_handler_runs_marks_the_space_failed(pool: PgPool) {
    let ctx = ctx(&pool);
    open(&ctx).await;
    let _nc = host(&ctx, "nc35", Version::V35, 10).await;
    let (space, _) = approved(&ctx, "collabora").await;
    // Its tries all began and never finished (workers killed, leases lapsed): the next
    // claim gives it up without running the handler.
    sqlx::query(
        "update jobs set state = $2, attempts = 30, lease = 1,
                lease_until = now() - interval '1 second' where kind = $1",
    )
    .bind(ProvisionSpace::KIND)
    .bind(JobState::Running)
    .execute(&pool)
    .await
    .unwrap();
    set_state(&pool, space, SpaceState::Provisioning).await;
    let left = drain(&ctx).await.unwrap_err().to_string();
    assert!(left.contains("is dead"), "{left}");
    assert_eq!(
        state(&pool, space).await,
        SpaceState::Failed,
        "not provisioning for ever: staff see it failed and can run it again"
    );
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn a_retried_job_waits_for_the_slot_its_dead_run_still_holds(pool: PgPool) {
    let ctx = ctx(&pool);
    open(&ctx).await;
    let nc = host(&ctx, "nc35", Version::V35, 10).await;
    sqlx::query("update hosts set max_parallel = 1")
        .execute(&pool)
        .await
        .unwrap();
    let (space, slug) = approved(&ctx, "collabora").await;
    // A first run of the job claimed it, took the host's one slot and died: its job lease
    // has lapsed, the slot's (twice as long) has not. It may still be running a command.
    sqlx::query(
        "with claim as (update jobs set state = $2, attempts = 1, lease = nextval('job_leases'),
             lease_until = now() - interval '1 second' where kind = $1 returning id, lease)
         insert into host_slots (host_id, slot, holder, expires_at)
         select h.id, 0, 'job-' || claim.id || '-' || claim.lease, now() + interval '1 hour'
         from claim, hosts h",
    )
    .bind(ProvisionSpace::KIND)
    .bind(JobState::Running)
    .execute(&pool)
    .await
    .unwrap();
    let registry = Arc::new(backend::portal::jobs(&ctx.settings));
    jobs::drain(&ctx, registry.clone(), &[ProvisionSpace::KIND])
        .await
        .unwrap();
    let (job_state, error): (JobState, Option<String>) =
        sqlx::query_as("select state, last_error from jobs where kind = $1")
            .bind(ProvisionSpace::KIND)
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(job_state, JobState::Ready, "the new claim waits");
    assert!(error.unwrap().contains("busy"));
    assert_ne!(state(&pool, space).await, SpaceState::Active);
    // The dead run's slot lapses: the job goes on.
    sqlx::query("update host_slots set expires_at = now() - interval '1 second'")
        .execute(&pool)
        .await
        .unwrap();
    due_now(&pool).await;
    drain(&ctx).await.unwrap();
    assert_eq!(state(&pool, space).await, SpaceState::Active);
    check_space(&nc, &slug, "richdocuments");
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn the_install_has_a_timeout_of_its_own(pool: PgPool) {
    let mut short = ctx(&pool);
    let settings = std::sync::Arc::make_mut(&mut short.settings);
    settings.provisioning.install_timeout_secs = 1;
    open(&short).await;
    let nc = host(&short, "nc35", Version::V35, 10).await;
    let (space, slug) = approved(&short, "collabora").await;
    // Every change pauses 2 s: the install pauses between its halves, longer than its 1 s.
    nc.set_faults(
        None,
        &Faults {
            pause_after_effect_ms: 2000,
            ..Faults::default()
        },
    )
    .unwrap();
    drain(&short).await.unwrap_err();
    let ran = steps(&pool, space).await;
    let install = ran.iter().find(|(step, _, _)| step == "install").unwrap();
    assert_eq!(install.1, StepOutcome::Failed);
    assert!(install.2.contains("no answer in time"), "{install:?}");
    let site = ran.iter().find(|(step, _, _)| step == "site").unwrap();
    assert_eq!(
        site.1,
        StepOutcome::Done,
        "the site step, 2 s too, had the host's own timeout"
    );
    // With the default (minutes), the same install goes through; the half-done one is reset.
    nc.set_faults(None, &Faults::default()).unwrap();
    let normal = ctx(&pool);
    due_now(&pool).await;
    drain(&normal).await.unwrap();
    assert_eq!(state(&pool, space).await, SpaceState::Active);
    check_space(&nc, &slug, "richdocuments");
}
