//! `cargo bench -p backend --bench fleet` (run by `make bench`): provisioning a full fleet,
//! then one health sweep of it, on the PostgreSQL at `DATABASE_URL`, in a database of its own
//! (`framaspace_bench_fleet`, recreated).
//!
//! - 40 stand-in hosts in this process (their web side; `occ` and the host script through
//!   the stand-in's binary, one process per command as on a real host), half on Nextcloud
//!   35, half on 34, no added latency, with room for exactly the spaces asked for.
//! - `BENCH_SPACES` approved spaces (10,000 by default), provisioned by four workers of one
//!   loop each (`BENCH_LOOPS` per worker), through the real job queue and steps.
//! - It then checks: every space active, none twice (one referent, one app password, one
//!   OAuth2 client in each instance; one welcome mail per referent), no host over capacity;
//!   and prints where the time went, step by step.
//! - Then one health sweep of every space, by the same workers; it checks every space answered.
//!
//! Needs the stand-in's binary: `cargo build --release -p nextcloud-sim`.

#![allow(clippy::unwrap_used)] // a benchmark that cannot unwrap should stop

use std::sync::Arc;
use std::time::{Duration, Instant};

use backend::jobs::Worker;
use backend::nextcloud::occ::Occ;
use backend::provisioning::health;
use backend::provisioning::steps::access::is_portal_client;
use backend::provisioning::steps::PORTAL_ADMIN;
use backend::{Ctx, Settings};
use common::states::{ApplicationStatus, JobState, SpaceHealth, SpaceState};
use nextcloud_sim::{Host, Version};
use sqlx::PgPool;
use testkit::hosts::StandIn;

const HOSTS: usize = 40;
const WORKERS: usize = 4;
const GOAL_PROVISIONING_SECS: f64 = 360.0;
/// `occ` commands per space made: on a real host each one boots PHP.
const GOAL_OCC_PER_SPACE: f64 = 12.0;
const GOAL_SWEEP_SECS: f64 = 60.0;

fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

async fn database() -> PgPool {
    testkit::database::fresh_database("framaspace_bench_fleet", 32).await
}

/// Approved applications with their waiting spaces and provisioning jobs, as approvals
/// leave them.
async fn approved(pool: &PgPool, n: usize) {
    sqlx::query(
        "insert into applications (status, structure_name, kind, location, field_of_action,
            purpose, members, accounts, storage_gb, budget, slug, office, referent_name,
            referent_email, referent_role, lang, status_token_hash, confirmed_at, decided_at)
         select $2, 'Association numéro ' || i, 'association', '75', 'culture',
            'Mesurer la préparation des espaces', 12, 10, 40, 'none', 'banc-' || i,
            case when i % 3 = 0 then 'onlyoffice' else 'collabora' end, 'Référente ' || i,
            'referente' || i || '@example.org', 'présidente', 'fr',
            sha256(('bench-' || i)::bytea), now(), now()
         from generate_series(1, $1) as i",
    )
    .bind(n as i32)
    .bind(ApplicationStatus::Approved)
    .execute(pool)
    .await
    .unwrap();
    sqlx::query(
        "insert into spaces (application_id, slug, office)
         select id, slug, office from applications order by id",
    )
    .execute(pool)
    .await
    .unwrap();
    sqlx::query(
        "insert into jobs (kind, queue, payload, dedup_key)
         select 'spaces.provision', 'provisioning', jsonb_build_object('space_id', id),
                'space-' || id
         from spaces order by id",
    )
    .execute(pool)
    .await
    .unwrap();
}

/// Runs the four workers until no job of `kinds` is ready or running; returns the time it
/// took.
async fn run_until_done(ctx: &Ctx, kinds: &[&str]) -> Duration {
    let registry = Arc::new(backend::portal::jobs(&ctx.settings));
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let start = Instant::now();
    let workers: Vec<_> = (0..WORKERS)
        .map(|_| {
            let (ctx, registry, mut stopped) = (ctx.clone(), registry.clone(), stopped.clone());
            tokio::spawn(Worker::run_all(ctx, registry, async move {
                let _ = stopped.wait_for(|s| *s).await;
            }))
        })
        .collect();
    let kinds: Vec<String> = kinds.iter().map(|k| k.to_string()).collect();
    let mut last_report = Instant::now();
    loop {
        tokio::time::sleep(Duration::from_millis(200)).await;
        let (left, dead): (i64, i64) = sqlx::query_as(
            "select count(*) filter (where state = any($2)),
                    count(*) filter (where state = $3)
             from jobs where kind = any($1)",
        )
        .bind(&kinds)
        .bind(JobState::PENDING)
        .bind(JobState::Dead)
        .fetch_one(&ctx.pool)
        .await
        .unwrap();
        if left == 0 {
            assert_eq!(dead, 0, "some jobs were given up");
            break;
        }
        if last_report.elapsed() > Duration::from_secs(30) {
            last_report = Instant::now();
            eprintln!(
                "  {:>6.0} s: {left} jobs left",
                start.elapsed().as_secs_f64()
            );
        }
    }
    let took = start.elapsed();
    let _ = stop.send(true);
    for w in workers {
        w.await.unwrap();
    }
    took
}

fn main() {
    let spaces = env_number("BENCH_SPACES", 10_000);
    let loops = env_number("BENCH_LOOPS", 1);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(bench(spaces, loops));
}

async fn bench(spaces: usize, loops: usize) {
    let pool = database().await;
    let work = std::env::current_dir()
        .unwrap()
        .join("../target/bench-fleet");
    let _ = std::fs::remove_dir_all(&work);
    let mut settings = Settings::for_tests();
    settings.jobs.loops = loops;
    settings.mail.file_dir = work.join("mail");
    // One sweep, started by hand below, not by the period.
    settings.provisioning.sweep_every_secs = 86_400;
    let ctx = Ctx::new(pool.clone(), settings);

    let per_host = spaces.div_ceil(HOSTS);
    let mut hosts: Vec<Host> = Vec::new();
    for i in 0..HOSTS {
        let version = if i % 2 == 0 {
            Version::V35
        } else {
            Version::V34
        };
        let name = format!("nc{i}");
        let h = StandIn {
            dir: work.join(&name),
            domain: format!("{name}.bench"),
            spaces: per_host as i32,
            ..StandIn::new(&name, version)
        }
        .start(&ctx)
        .await;
        hosts.push(h);
    }
    approved(&pool, spaces).await;
    println!(
        "Provisioning {spaces} spaces on {HOSTS} stand-in hosts ({per_host} each at most), \
         {WORKERS} workers of {loops} loop(s)"
    );
    let occ_before = Occ::started();
    let took = run_until_done(&ctx, &["spaces.provision", "mail.send"]).await;
    let secs = took.as_secs_f64();
    let occ_per_space = (Occ::started() - occ_before) as f64 / spaces as f64;

    // Exactly once, everywhere.
    let (active, total): (i64, i64) =
        sqlx::query_as("select count(*) filter (where state = $1), count(*) from spaces")
            .bind(SpaceState::Active)
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!((active, total), (spaces as i64, spaces as i64));
    let over: i64 = sqlx::query_scalar(
        "select count(*) from (select h.id from hosts h join spaces s on s.host_id = h.id
         group by h.id having count(*) > max(h.capacity_spaces)) x",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    let twice_mailed: i64 = sqlx::query_scalar(
        "select count(*) from (select recipient from mail_outbox where kind = 'space-welcome'
         group by recipient having count(*) > 1) x",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    let rows: Vec<(String, String)> = sqlx::query_as(
        "select h.name, s.slug from spaces s join hosts h on h.id = s.host_id order by s.id",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    let mut duplicates = 0;
    for (host_name, slug) in &rows {
        let h = hosts.iter().find(|h| &h.config.name == host_name).unwrap();
        let inst = h.store.load(slug).unwrap().unwrap();
        let app_passwords = inst
            .tokens
            .iter()
            .filter(|t| t.uid == PORTAL_ADMIN && t.name == "cli")
            .count();
        let clients = inst
            .oauth_clients
            .iter()
            .filter(|c| is_portal_client(&c.name))
            .count();
        if !inst.installed || inst.users.len() != 2 || app_passwords != 1 || clients != 1 {
            duplicates += 1;
        }
    }

    println!();
    println!("| provisioning | figure |");
    println!("|---|---|");
    println!("| spaces active | {active} of {spaces} |");
    println!("| total time | {secs:.1} s ({:.1} min) |", secs / 60.0);
    println!(
        "| per space | {:.1} ms of wall time, {:.1} spaces/s |",
        secs * 1000.0 / spaces as f64,
        spaces as f64 / secs
    );
    println!(
        "| total / 6-minute goal | {:.2} |",
        secs / GOAL_PROVISIONING_SECS
    );
    println!(
        "| `occ` commands per space | {occ_per_space:.1} ({:.2} of the goal of {GOAL_OCC_PER_SPACE}) |",
        occ_per_space / GOAL_OCC_PER_SPACE
    );
    println!("| spaces not made exactly once | {duplicates} |");
    println!("| welcome mails sent twice | {twice_mailed} |");
    println!("| hosts over capacity | {over} |");

    // Where the time goes: each step's time summed over every space, against the workers'
    // time (wall time × loops).
    let by_step: Vec<(String, f64, f64)> = sqlx::query_as(
        "select step, sum(extract(epoch from finished_at - started_at))::float8,
                avg(extract(epoch from finished_at - started_at))::float8 * 1000
         from space_steps where finished_at is not null
         group by step order by 2 desc",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    let busy = secs * (WORKERS * loops) as f64;
    let in_steps: f64 = by_step.iter().map(|s| s.1).sum();
    println!();
    println!("| step | total s | mean ms | share of the workers' time |");
    println!("|---|---|---|---|");
    for (step, total, mean) in &by_step {
        println!(
            "| {step} | {total:.1} | {mean:.1} | {:.1} % |",
            total / busy * 100.0
        );
    }
    println!(
        "| (the queue, slots and records between steps) | {:.1} | | {:.1} % |",
        busy - in_steps,
        (busy - in_steps) / busy * 100.0
    );

    // One health sweep of every space.
    let occ_before = Occ::started();
    health::sweep(&ctx).await.unwrap();
    let swept = run_until_done(&ctx, &["spaces.sweep_host"]).await;
    let occ_per_check = (Occ::started() - occ_before) as f64 / spaces as f64;
    let ok: i64 = sqlx::query_scalar(
        "select count(*) from spaces where health = $1 and checked_at is not null
           and cardinality(drift) = 0",
    )
    .bind(SpaceHealth::Ok)
    .fetch_one(&pool)
    .await
    .unwrap();
    let s = swept.as_secs_f64();
    println!();
    println!("| health sweep | figure |");
    println!("|---|---|");
    println!("| spaces answering, without drift | {ok} of {spaces} |");
    println!(
        "| total time | {s:.1} s ({:.0} spaces/s) |",
        spaces as f64 / s
    );
    println!("| total / 60-second goal | {:.2} |", s / GOAL_SWEEP_SECS);
    println!("| `occ` commands per space checked | {occ_per_check:.1} |");

    let failed = duplicates > 0 || over > 0 || twice_mailed > 0 || ok != spaces as i64;
    drop(hosts);
    let _ = std::fs::remove_dir_all(&work);
    if failed {
        eprintln!("fleet bench: a space was made twice, a host is over capacity, or the sweep missed a space");
        std::process::exit(1);
    }
}
