//! A fleet of stand-in hosts for provisioning and health tests: the hosts, approved spaces
//! on them, and the queue drained.

use std::path::PathBuf;
use std::sync::Arc;

use backend::accounts::Admin;
use backend::applications::moderation::{self, Decision};
use backend::jobs;
use backend::provisioning::fleet::{self, NewHost};
use backend::{Ctx, Settings};
use common::states::{SpaceState, StepOutcome};
use nextcloud_sim::{Faults, Host, HostConfig, Version};
use sqlx::PgPool;

use super::applicants::{confirmed, moderator, version};

pub fn sim_exe() -> PathBuf {
    nextcloud_sim::built_binary()
}

pub fn ctx(pool: &PgPool) -> Ctx {
    use std::sync::atomic::{AtomicU32, Ordering};
    static N: AtomicU32 = AtomicU32::new(0);
    let mut settings = Settings::for_tests();
    settings.mail.file_dir = std::env::temp_dir().join(format!(
        "framaspace-provisioning-mail-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = std::fs::remove_dir_all(&settings.mail.file_dir);
    Ctx::new(pool.clone(), settings)
}

/// A stand-in host that makes its spaces' sites (as the portal's hosts do), added to the
/// fleet with room for `spaces`.
pub async fn host(ctx: &Ctx, name: &str, version: Version, spaces: i32) -> Host {
    let dir = std::env::temp_dir().join(format!(
        "framaspace-provisioning-{}-{}-{name}",
        std::process::id(),
        super::applicants::rand_suffix()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    let config = HostConfig {
        name: name.into(),
        domain: "nc.test".into(),
        version,
        default_space: None,
        sites: true,
        apps_not_installed: Vec::new(),
    };
    let h = Host::start(&dir, config, "127.0.0.1:0").await.unwrap();
    let exe = sim_exe();
    fleet::add_host(
        ctx,
        &Admin::command_line(),
        &NewHost {
            name: name.into(),
            occ_template: h.occ_template(&exe),
            host_script: Some(h.host_script_template(&exe)),
            ocs_url: h.ocs_url(),
            nextcloud_version: version.major() as i32,
            database_server: "db.nc.test:5432".into(),
            office_url: Some("https://office.nc.test".into()),
            office_secret: Some(backend::Secret::new("office-shared-secret")),
            capacity_spaces: spaces,
            capacity_bytes: fleet::parse_bytes("100 TB").unwrap(),
            max_parallel: 2,
            connect_to: Some(h.addr),
            direct_arguments: true,
        },
    )
    .await
    .unwrap();
    h
}

/// Sends, confirms and approves an application; returns the new space's id and slug.
pub async fn approved(ctx: &Ctx, office: &str) -> (i64, String) {
    let camille = moderator(
        ctx,
        &format!("camille-{}@staff.example", super::applicants::rand_suffix()),
    )
    .await;
    let (id, _) = confirmed(ctx, |f| {
        f.office = office.into();
        f.referent_name = "Élodie Martin".into();
    })
    .await;
    let v = version(&ctx.pool, id).await;
    moderation::decide(ctx, &camille, id, v, &Decision::Approve)
        .await
        .unwrap();
    sqlx::query_as("select id, slug from spaces where application_id = $1")
        .bind(id)
        .fetch_one(&ctx.pool)
        .await
        .unwrap()
}

/// The host's connections refused, as a host that is down (or back up).
pub fn down(h: &Host, down: bool) {
    h.set_faults(
        None,
        &Faults {
            down,
            ..Faults::default()
        },
    )
    .unwrap();
}

/// Every waiting job due now (a retry's backoff or a wait cut short).
pub async fn due_now(pool: &PgPool) {
    sqlx::query("update jobs set run_at = now()")
        .execute(pool)
        .await
        .unwrap();
}

pub async fn drain(ctx: &Ctx) -> Result<jobs::Drained, jobs::DrainError> {
    let registry = Arc::new(backend::portal::jobs(&ctx.settings));
    jobs::drain(ctx, registry, &[]).await
}

pub async fn state(pool: &PgPool, space: i64) -> SpaceState {
    sqlx::query_scalar("select state from spaces where id = $1")
        .bind(space)
        .fetch_one(pool)
        .await
        .unwrap()
}

/// Puts the space in `to` behind the portal's back, as a crash or staff would have left it.
pub async fn set_state(pool: &PgPool, space: i64, to: SpaceState) {
    sqlx::query("update spaces set state = $2 where id = $1")
        .bind(space)
        .bind(to)
        .execute(pool)
        .await
        .unwrap();
}

/// Each step's outcomes, in order of the runs.
pub async fn steps(pool: &PgPool, space: i64) -> Vec<(String, StepOutcome, String)> {
    sqlx::query_as("select step, outcome, excerpt from space_steps where space_id = $1 order by id")
        .bind(space)
        .fetch_all(pool)
        .await
        .unwrap()
}
