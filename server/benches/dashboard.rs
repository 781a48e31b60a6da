//! `cargo bench -p server --bench dashboard` (run by `make bench`): a referent's dashboard
//! of a space of 50 accounts, on loopback against a stand-in Nextcloud host, on the
//! PostgreSQL at `DATABASE_URL`, in a database of its own (`framaspace_bench_dashboard`,
//! recreated).
//!
//! - The real server (production mode) and a stand-in host in this process; an application
//!   approved and its space provisioned through the real queue and steps (`occ` and the
//!   host script through the stand-in's binary); 49 members besides the referent, each
//!   with files; a health sweep, so that the overview has its figures.
//! - The referent logs in by the mailed link; then, for `BENCH_DURATION` (10 s) each, four
//!   connections ask, one request after another: the overview (`/espace/<slug>`), the
//!   members page (`/espace/<slug>/membres`), and, through the portal's own driver with its
//!   app password, the stand-in's answers to the OCS calls those pages make:
//!   `GET /cloud/users/details` (the members' list), `GET /cloud/capabilities` (the first
//!   steps' appearance), `GET /cloud/users/{uid}` (the rights read again once a minute).
//! - It prints the percentiles, each page's p95 against the 150 ms goal and against the
//!   stand-in's answer to the call it waits on, and fails past the goal or on any answer
//!   other than 200.
//!
//! Needs the stand-in's binary: `cargo build --release -p nextcloud-sim`.

#![allow(clippy::unwrap_used)] // a benchmark that cannot unwrap should stop

mod common;

use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant};

use backend::accounts::Admin;
use backend::nextcloud::ocs::{Auth, Ocs};
use backend::nextcloud::secrets::{self, Kind};
use backend::provisioning::fleet;
use backend::provisioning::steps::PORTAL_ADMIN;

use common::Bench;

const CONNECTIONS: usize = 4;
const MEMBERS: usize = 49;
const GOAL_MS: f64 = 150.0;

/// `BENCH_DURATION` (10 s unless said).
fn duration() -> Duration {
    let raw = std::env::var("BENCH_DURATION").unwrap_or_else(|_| "10s".into());
    let secs: f64 = raw.trim_end_matches('s').parse().unwrap_or(10.0);
    Duration::from_secs_f64(secs)
}

/// What one case measured: latencies in milliseconds, sorted, and the answers that failed.
struct Measured {
    label: String,
    millis: Vec<f64>,
    failed: usize,
    elapsed: Duration,
}

impl Measured {
    fn at(&self, percentile: f64) -> f64 {
        common::at(&self.millis, percentile)
    }
}

/// `CONNECTIONS` loops, each calling `one` again and again for `duration()`.
async fn measure<F, Fut>(label: &str, one: F) -> Measured
where
    F: Fn() -> Fut + Send + Sync + 'static,
    Fut: Future<Output = bool> + Send,
{
    let one = Arc::new(one);
    let until = Instant::now() + duration();
    let started = Instant::now();
    let loops: Vec<_> = (0..CONNECTIONS)
        .map(|_| {
            let one = one.clone();
            tokio::spawn(async move {
                let (mut millis, mut failed) = (Vec::new(), 0);
                while Instant::now() < until {
                    let t = Instant::now();
                    let ok = one().await;
                    millis.push(t.elapsed().as_secs_f64() * 1000.0);
                    failed += usize::from(!ok);
                }
                (millis, failed)
            })
        })
        .collect();
    let mut all = Measured {
        label: label.into(),
        millis: Vec::new(),
        failed: 0,
        elapsed: Duration::ZERO,
    };
    for l in loops {
        let (millis, failed) = l.await.unwrap();
        all.millis.extend(millis);
        all.failed += failed;
    }
    all.elapsed = started.elapsed();
    all.millis.sort_by(f64::total_cmp);
    all
}

#[tokio::main(flavor = "multi_thread")]
async fn main() {
    let Bench {
        base,
        client,
        cookie,
        ctx,
        pool,
        host,
        slug,
        space_id,
    } = common::space(
        "framaspace_bench_dashboard",
        "nc-bench",
        CONNECTIONS,
        |_| {},
    )
    .await;
    // A space of 50 accounts, checked by the sweep.
    host.store
        .update(&slug, |i| {
            for n in 1..=MEMBERS {
                let uid = format!("membre{n:02}");
                i.create_user(&uid, Some("Bench-member-password-1"), 0);
                let u = i.users.get_mut(&uid).unwrap();
                u.display_name = format!("Membre {n}");
                u.email = Some(format!("membre{n}@example.org"));
                u.used = n as i64 * 1_000_000;
            }
        })
        .unwrap();
    backend::provisioning::health::sweep(&ctx).await.unwrap();
    testkit::hosts::drain(&ctx).await.unwrap();

    // Each page must be the page, with its figures, before it is timed.
    let overview = format!("{base}/espace/{slug}");
    let members = format!("{base}/espace/{slug}/membres");
    for (url, says) in [(&overview, "50 comptes sur 50"), (&members, "Page 1 sur 3")] {
        let page = client
            .get(url)
            .header("cookie", &cookie)
            .send()
            .await
            .unwrap();
        assert_eq!(page.status(), 200, "{url}");
        let body = page.text().await.unwrap();
        assert!(body.contains(says), "{url} does not say {says}");
    }

    // The portal's driver as the dashboard holds it: its app password, its host's access.
    let (instance, sealed): (String, Vec<u8>) =
        sqlx::query_as("select instance, app_password from spaces where id = $1")
            .bind(space_id)
            .fetch_one(&pool)
            .await
            .unwrap();
    let password = secrets::open(
        &ctx.settings.secret_key,
        Kind::AppPassword,
        &instance,
        &sealed,
    )
    .unwrap();
    let access = fleet::host(&ctx, &Admin::command_line(), "nc-bench")
        .await
        .unwrap()
        .unwrap()
        .access()
        .unwrap();
    let ocs = Arc::new(
        Ocs::new(
            &access,
            &slug,
            Some(Auth::Basic {
                user: PORTAL_ADMIN.into(),
                password,
            }),
        )
        .unwrap(),
    );
    assert_eq!(ocs.users_details(100, 0).await.unwrap().len(), MEMBERS + 2);

    let page = |url: String| {
        let (client, cookie) = (client.clone(), cookie.clone());
        move || {
            let (client, cookie, url) = (client.clone(), cookie.clone(), url.clone());
            async move {
                match client.get(&url).header("cookie", &cookie).send().await {
                    Ok(r) => r.status() == 200 && r.bytes().await.is_ok(),
                    Err(_) => false,
                }
            }
        }
    };
    let mut rows = Vec::new();
    rows.push(measure("overview page", page(overview)).await);
    rows.push(measure("members page (page 1 of 3)", page(members)).await);
    let o = ocs.clone();
    rows.push(
        measure("stand-in: GET /cloud/users/details", move || {
            let o = o.clone();
            async move { o.users_details(100, 0).await.is_ok() }
        })
        .await,
    );
    let o = ocs.clone();
    rows.push(
        measure("stand-in: GET /cloud/capabilities", move || {
            let o = o.clone();
            async move { o.capabilities().await.is_ok() }
        })
        .await,
    );
    let o = ocs.clone();
    rows.push(
        measure("stand-in: GET /cloud/users/{uid}", move || {
            let o = o.clone();
            async move { matches!(o.user("membre07").await, Ok(Some(_))) }
        })
        .await,
    );

    println!(
        "A space of {} accounts, {CONNECTIONS} connections, {:?} each, on loopback:",
        MEMBERS + 1,
        duration()
    );
    println!(
        "{:<40} {:>10} {:>8} {:>8} {:>8} {:>7}",
        "", "requests/s", "p50 ms", "p95 ms", "p99 ms", "not ok"
    );
    for r in &rows {
        println!(
            "{:<40} {:>10.1} {:>8.2} {:>8.2} {:>8.2} {:>7}",
            r.label,
            r.millis.len() as f64 / r.elapsed.as_secs_f64(),
            r.at(50.0),
            r.at(95.0),
            r.at(99.0),
            r.failed
        );
    }
    let (overview, members, details, capabilities) = (&rows[0], &rows[1], &rows[2], &rows[3]);
    println!(
        "overview p95 / {GOAL_MS} ms goal: {:.2}; members p95 / goal: {:.2}",
        overview.at(95.0) / GOAL_MS,
        members.at(95.0) / GOAL_MS
    );
    println!(
        "members page p95 / the stand-in's users/details p95: {:.2}; overview p95 / capabilities p95: {:.2}",
        members.at(95.0) / details.at(95.0),
        overview.at(95.0) / capabilities.at(95.0)
    );
    let over = [overview, members]
        .iter()
        .any(|r| r.at(95.0) > GOAL_MS || r.failed > 0);
    let failed = rows.iter().any(|r| r.failed > 0);
    if over || failed {
        eprintln!("a dashboard page is over {GOAL_MS} ms at p95, or a request failed");
        std::process::exit(1);
    }
}
