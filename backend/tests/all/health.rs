//! The health sweep against a real PostgreSQL and the Nextcloud stand-in: what `status.php`
//! and the accounts' details say is stored with its history; three failed sweeps raise an
//! alert that reaches administrators by mail, at most once per kind per hour; drift is found
//! and put back by a repair job; more accounts than allowed are flagged.

use backend::accounts::{self, Admin, Role};
use backend::provisioning::alerts;
use backend::provisioning::health::{self, FAILED_SWEEPS_FOR_ALERT};
use backend::provisioning::steps::access::is_portal_client;
use backend::provisioning::steps::{APPS_FORBIDDEN, PORTAL_ADMIN};
use backend::Ctx;
use common::states::{Drift, JobState, SpaceHealth, SpaceState, StepOutcome};
use nextcloud_sim::{Host, Version};
use sqlx::PgPool;
use testkit::applicants::open;
use testkit::ctx;
use testkit::hosts::{approved, down, drain, host, set_state, state};

/// One sweep: the periodic job's work, then the queue drained (the hosts' sweeps, and any
/// repair they enqueued).
async fn sweep(ctx: &Ctx) {
    health::sweep(ctx).await.unwrap();
    drain(ctx).await.unwrap();
}

#[derive(Debug, sqlx::FromRow)]
struct Health {
    health: Option<SpaceHealth>,
    nextcloud_version: Option<String>,
    failed_sweeps: i32,
    accounts: Option<i32>,
    storage_used: Option<i64>,
    last_login: Option<chrono::DateTime<chrono::Utc>>,
    drift: Vec<Drift>,
}

async fn health_of(pool: &PgPool, space: i64) -> Health {
    sqlx::query_as(
        "select health, nextcloud_version, failed_sweeps, accounts, storage_used, last_login,
                drift
         from spaces where id = $1",
    )
    .bind(space)
    .fetch_one(pool)
    .await
    .unwrap()
}

/// The space's history, oldest first: (health, sweeps).
async fn history(pool: &PgPool, space: i64) -> Vec<(SpaceHealth, i32)> {
    sqlx::query_as("select health, sweeps from space_health where space_id = $1 order by id")
        .bind(space)
        .fetch_all(pool)
        .await
        .unwrap()
}

async fn open_alerts(pool: &PgPool, kind: alerts::AlertKind) -> Vec<String> {
    sqlx::query_scalar(
        "select subject from alerts where kind = $1 and cleared_at is null order by subject",
    )
    .bind(kind)
    .fetch_all(pool)
    .await
    .unwrap()
}

/// A provisioned space on a fresh host.
async fn active_space(ctx: &Ctx, version: Version) -> (Host, i64, String) {
    open(ctx).await;
    let h = host(ctx, "nc1", version, 10).await;
    let (id, slug) = approved(ctx, "collabora").await;
    drain(ctx).await.unwrap();
    assert_eq!(state(&ctx.pool, id).await, SpaceState::Active);
    (h, id, slug)
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn a_sweep_stores_health_usage_and_a_short_history(pool: PgPool) {
    let ctx = ctx(&pool);
    let (h, id, slug) = active_space(&ctx, Version::V35).await;
    assert!(h.set_usage(&slug, "elodie.martin", 5_000_000).unwrap());
    h.store
        .update(&slug, |i| {
            i.users.get_mut("elodie.martin").unwrap().last_login = 1_790_000_000;
        })
        .unwrap();

    sweep(&ctx).await;
    let first = health_of(&pool, id).await;
    assert_eq!(first.health, Some(SpaceHealth::Ok), "{first:?}");
    assert!(first.nextcloud_version.unwrap().starts_with("35."));
    assert_eq!(first.failed_sweeps, 0);
    // The referent; the portal's own account is not counted.
    assert_eq!(first.accounts, Some(1));
    assert_eq!(first.storage_used, Some(5_000_000));
    assert_eq!(
        first.last_login,
        chrono::DateTime::from_timestamp(1_790_000_000, 0)
    );
    assert!(first.drift.is_empty(), "{:?}", first.drift);
    let days: i64 =
        sqlx::query_scalar("select count(*) from space_usage where space_id = $1 and accounts = 1")
            .bind(id)
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(days, 1);

    // The same result again only counts; a change opens a new run.
    sweep(&ctx).await;
    assert_eq!(history(&pool, id).await, [(SpaceHealth::Ok, 2)]);
    h.store
        .update(&slug, |i| {
            i.system.insert("maintenance".into(), true.into());
        })
        .unwrap();
    sweep(&ctx).await;
    let maintained = health_of(&pool, id).await;
    assert_eq!(maintained.health, Some(SpaceHealth::Maintenance));
    assert_eq!(maintained.failed_sweeps, 1);
    // Usage read before stays.
    assert_eq!(maintained.accounts, Some(1));
    assert_eq!(
        history(&pool, id).await,
        [(SpaceHealth::Ok, 2), (SpaceHealth::Maintenance, 1)]
    );
    let runs = health::runs(&ctx, &Admin::command_line(), id, 10)
        .await
        .unwrap();
    assert_eq!(runs[0].health, SpaceHealth::Maintenance);
    assert_eq!(runs[1].sweeps, 2);

    // A space not active is not swept.
    set_state(&pool, id, SpaceState::Suspended).await;
    sweep(&ctx).await;
    assert_eq!(history(&pool, id).await.len(), 2);
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn three_failed_sweeps_raise_an_alert_mailed_at_most_hourly(pool: PgPool) {
    let ctx = ctx(&pool);
    let (h, first, first_slug) = active_space(&ctx, Version::V34).await;
    let (second, second_slug) = approved(&ctx, "onlyoffice").await;
    drain(&ctx).await.unwrap();
    assert_eq!(state(&pool, second).await, SpaceState::Active);
    let admin = Admin::command_line();
    let ops = backend::Email::parse("ops@staff.example").unwrap();
    accounts::add_staff(&ctx, &admin, &ops, Role::Admin)
        .await
        .unwrap();
    let moderator = backend::Email::parse("mod@staff.example").unwrap();
    accounts::add_staff(&ctx, &admin, &moderator, Role::Moderator)
        .await
        .unwrap();

    down(&h, true);
    for n in 1..=FAILED_SWEEPS_FOR_ALERT {
        assert!(open_alerts(&pool, alerts::AlertKind::SpaceDown)
            .await
            .is_empty());
        sweep(&ctx).await;
        let seen = health_of(&pool, first).await;
        assert_eq!(seen.health, Some(SpaceHealth::Unreachable));
        assert_eq!(seen.failed_sweeps, n);
    }
    let mut both = vec![first_slug.clone(), second_slug.clone()];
    both.sort();
    assert_eq!(open_alerts(&pool, alerts::AlertKind::SpaceDown).await, both);

    // One mail for the kind, to the administrator only, naming both spaces.
    assert_eq!(alerts::mail_staff(&ctx).await.unwrap(), 1);
    let mails: Vec<(String, String, String)> = sqlx::query_as(
        "select recipient, subject, body_text from mail_outbox where kind = $1 order by id",
    )
    .bind(alerts::MAIL_ALERTS)
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(mails.len(), 1, "{mails:?}");
    assert_eq!(mails[0].0, "ops@staff.example");
    assert!(mails[0].1.contains("2 alertes"), "{}", mails[0].1);
    assert!(mails[0].2.contains(&first_slug) && mails[0].2.contains(&second_slug));
    assert!(mails[0].2.contains("/equipe/alertes"));
    // Still down: nothing new to say. A new alert of the kind within the hour waits.
    sweep(&ctx).await;
    assert_eq!(alerts::mail_staff(&ctx).await.unwrap(), 0);
    alerts::raise(
        &pool,
        alerts::AlertKind::SpaceDown,
        "autre-asso",
        SpaceHealth::Unreachable.as_str(),
    )
    .await
    .unwrap();
    assert_eq!(alerts::mail_staff(&ctx).await.unwrap(), 0);
    // An hour later it goes, alone.
    sqlx::query("update alert_mails set sent_at = sent_at - interval '61 minutes'")
        .execute(&pool)
        .await
        .unwrap();
    assert_eq!(alerts::mail_staff(&ctx).await.unwrap(), 1);
    let last: String = sqlx::query_scalar(
        "select body_text from mail_outbox where kind = $1 order by id desc limit 1",
    )
    .bind(alerts::MAIL_ALERTS)
    .fetch_one(&pool)
    .await
    .unwrap();
    assert!(
        last.contains("autre-asso") && !last.contains(&first_slug),
        "{last}"
    );
    drain(&ctx).await.unwrap();

    // Back up: the alerts close at the next sweep.
    down(&h, false);
    sweep(&ctx).await;
    assert_eq!(health_of(&pool, first).await.failed_sweeps, 0);
    assert_eq!(
        open_alerts(&pool, alerts::AlertKind::SpaceDown).await,
        ["autre-asso"]
    );
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn drift_is_found_by_the_sweep_and_put_back_by_a_repair(pool: PgPool) {
    let ctx = ctx(&pool);
    let (h, id, slug) = active_space(&ctx, Version::V35).await;
    // Someone turned an app off (their choice, kept), revoked the portal's app password and
    // deleted its OAuth2 client.
    h.store
        .update(&slug, |i| {
            i.apps.get_mut("deck").unwrap().enabled = false;
            i.tokens.retain(|t| t.uid != PORTAL_ADMIN);
            i.oauth_clients.clear();
        })
        .unwrap();
    let found = health::check_host(&ctx, fleet_host(&pool, id).await)
        .await
        .unwrap();
    assert_eq!(found[0].health, SpaceHealth::Ok);
    assert_eq!(found[0].drift, [Drift::AppPassword, Drift::OauthClient]);

    sweep(&ctx).await;
    let repaired: Vec<(String, StepOutcome)> = sqlx::query_as(
        "select st.step, st.outcome from space_steps st join jobs j on j.id = st.job_id
         where st.space_id = $1 and j.kind = 'spaces.repair' order by st.id",
    )
    .bind(id)
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(
        repaired,
        [
            ("settings".into(), StepOutcome::Already),
            ("apps".into(), StepOutcome::Already),
            ("app-password".into(), StepOutcome::Done),
            ("oauth-client".into(), StepOutcome::Done),
        ]
    );
    let inst = h.store.load(&slug).unwrap().unwrap();
    assert!(!inst.app_enabled("deck"), "the admin's choice is kept");
    assert_eq!(
        inst.tokens.iter().filter(|t| t.uid == PORTAL_ADMIN).count(),
        1
    );
    let clients: Vec<&str> = inst.oauth_clients.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(clients.len(), 1, "{clients:?}");
    assert!(is_portal_client(clients[0]), "{clients:?}");
    assert!(health_of(&pool, id).await.drift.is_empty());

    // Repaired: the next sweep finds nothing, and enqueues nothing.
    sweep(&ctx).await;
    assert!(health_of(&pool, id).await.drift.is_empty());
    let repairs: i64 = sqlx::query_scalar("select count(*) from jobs where kind = 'spaces.repair'")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(repairs, 1);

    // A forbidden app alone (the self-registration, which would let people in past the
    // account limit): the portal can still read the apps and says which drift it is.
    h.store
        .update(&slug, |i| {
            i.apps.get_mut("registration").unwrap().enabled = true;
        })
        .unwrap();
    let found = health::check_host(&ctx, fleet_host(&pool, id).await)
        .await
        .unwrap();
    assert_eq!(found[0].drift, [Drift::Apps]);
}

/// A request as the space's admin `login` with `secret`, as Nextcloud's web pages send it
/// (`OCS-APIRequest` stands for the CSRF token): the status and the body.
async fn as_admin(
    h: &Host,
    slug: &str,
    path: &str,
    form: &[(&str, &str)],
    login: &str,
    secret: &str,
) -> (u16, String) {
    let client = reqwest::Client::builder()
        .resolve(&format!("{slug}.nc.test"), h.addr)
        .build()
        .unwrap();
    let res = client
        .post(format!("{}{path}", h.base_url(slug)))
        .basic_auth(login, Some(secret))
        .header("OCS-APIRequest", "true")
        .form(form)
        .send()
        .await
        .unwrap();
    (res.status().as_u16(), res.text().await.unwrap_or_default())
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn a_space_stays_sealed_whatever_its_admin_does(pool: PgPool) {
    let ctx = ctx(&pool);
    let (h, id, slug) = active_space(&ctx, Version::V35).await;
    // Provisioning sealed it: no app store, no writable apps folder, no Local mount, no
    // request to the host's network, no forbidden app (some are on by default).
    let inst = h.store.load(&slug).unwrap().unwrap();
    for key in [
        "appstoreenabled",
        "files_external_allow_create_new_local",
        "allow_local_remote_servers",
    ] {
        assert_eq!(inst.system.get(key), Some(&false.into()), "{key}");
    }
    let paths = inst.system["apps_paths"].as_array().unwrap();
    assert_eq!(paths.len(), 2);
    assert!(paths.iter().all(|p| p["writable"] == false), "{paths:?}");
    assert_eq!(paths[1]["path"], "/srv/nextcloud/current/custom_apps");
    for app in APPS_FORBIDDEN {
        assert!(!inst.app_enabled(app), "{app}");
    }

    // A hostile admin of the space (its referent is one).
    let password = "Hostile-admin-password-1";
    let token = h
        .store
        .update(&slug, |i| {
            i.create_user("mallory", Some(password), 1);
            i.groups
                .get_mut("admin")
                .unwrap()
                .members
                .insert("mallory".into());
            i.add_token("mallory", "phone", None, None).1
        })
        .unwrap();
    let enable = "/ocs/v2.php/cloud/apps/files_external?format=json";
    // Enabling an app asks the login password itself: an app password is refused.
    let (status, _) = as_admin(&h, &slug, enable, &[], "mallory", &token).await;
    assert_eq!(status, 403);
    let (status, body) = as_admin(&h, &slug, enable, &[], "mallory", password).await;
    assert_eq!(status, 200, "{body}");
    // External storage is on, but a Local mount of the host's folders is refused.
    let mount = [
        ("mountPoint", "host"),
        ("backend", "local"),
        ("authMechanism", "null::null"),
        ("backendOptions[datadir]", "/"),
    ];
    let storages = "/index.php/apps/files_external/globalstorages";
    let (status, body) = as_admin(&h, &slug, storages, &mount, "mallory", password).await;
    assert_eq!(status, 403, "{body}");
    assert!(body.contains("Forbidden to manage local mounts"), "{body}");
    // Enabling an app the host does not have: no app store to fetch it from.
    h.store
        .update(&slug, |i| {
            i.apps.remove("groupfolders");
        })
        .unwrap();
    let (status, body) = as_admin(
        &h,
        &slug,
        "/ocs/v2.php/cloud/apps/groupfolders?format=json",
        &[],
        "mallory",
        password,
    )
    .await;
    assert!(
        body.contains("Could not download app groupfolders"),
        "{status} {body}"
    );
    // The admin's own choices of apps, made in Nextcloud: Kanban off, notes on.
    h.store
        .update(&slug, |i| {
            i.apps.get_mut("deck").unwrap().enabled = false;
            i.apps.get_mut("notes").unwrap().enabled = true;
        })
        .unwrap();
    // What code run as the space's user could do: config.php rewritten.
    h.store
        .update(&slug, |i| {
            i.system
                .insert("allow_local_remote_servers".into(), true.into());
            i.system.insert("appstoreenabled".into(), true.into());
        })
        .unwrap();

    let found = health::check_host(&ctx, fleet_host(&pool, id).await)
        .await
        .unwrap();
    assert_eq!(found[0].drift, [Drift::Apps, Drift::Settings]);
    sweep(&ctx).await;
    let inst = h.store.load(&slug).unwrap().unwrap();
    assert!(!inst.app_enabled("files_external"));
    // Only the forbidden app was undone: the admin's choices are kept.
    assert!(!inst.app_enabled("deck"));
    assert!(inst.app_enabled("notes"));
    assert_eq!(
        inst.system.get("allow_local_remote_servers"),
        Some(&false.into())
    );
    assert_eq!(inst.system.get("appstoreenabled"), Some(&false.into()));
    assert!(health_of(&pool, id).await.drift.is_empty());
    // With the app off again, its routes are gone.
    let (status, _) = as_admin(&h, &slug, storages, &mount, "mallory", password).await;
    assert_eq!(status, 404);
}

async fn fleet_host(pool: &PgPool, space: i64) -> i64 {
    sqlx::query_scalar("select host_id from spaces where id = $1")
        .bind(space)
        .fetch_one(pool)
        .await
        .unwrap()
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn more_accounts_than_allowed_are_flagged_to_staff(pool: PgPool) {
    let ctx = ctx(&pool);
    let allowed = ctx.settings.provisioning.accounts_per_space as usize;
    let (h, id, slug) = active_space(&ctx, Version::V35).await;
    h.store
        .update(&slug, |i| {
            for n in 0..allowed {
                let uid = format!("membre{n}");
                i.users.insert(
                    uid.clone(),
                    nextcloud_sim::model::User {
                        uid,
                        enabled: true,
                        quota: "default".into(),
                        ..Default::default()
                    },
                );
            }
        })
        .unwrap();
    sweep(&ctx).await;
    assert_eq!(
        health_of(&pool, id).await.accounts,
        Some(allowed as i32 + 1)
    );
    assert_eq!(
        open_alerts(&pool, alerts::AlertKind::TooManyAccounts).await,
        [slug.as_str()]
    );
    let message: String = sqlx::query_scalar("select message from alerts where kind = $1")
        .bind(alerts::AlertKind::TooManyAccounts)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(
        message,
        format!("{} accounts, {allowed} allowed", allowed + 1)
    );

    h.store
        .update(&slug, |i| {
            i.users.remove("membre0");
        })
        .unwrap();
    sweep(&ctx).await;
    assert!(open_alerts(&pool, alerts::AlertKind::TooManyAccounts)
        .await
        .is_empty());
    // Flagged, never enforced by deleting: the space keeps every account it has.
    let inst = h.store.load(&slug).unwrap().unwrap();
    assert_eq!(inst.users.len(), allowed + 1);
    assert_eq!(health_of(&pool, id).await.accounts, Some(allowed as i32));
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn a_host_is_swept_a_bounded_number_of_spaces_at_a_time(pool: PgPool) {
    let mut settings = (*ctx(&pool).settings).clone();
    settings.provisioning.sweep_per_host = 2;
    let ctx = Ctx::new(pool.clone(), settings);
    let (h, first, _) = active_space(&ctx, Version::V35).await;
    for _ in 0..5 {
        approved(&ctx, "collabora").await;
    }
    drain(&ctx).await.unwrap();
    // Slow answers, so that checks overlap as much as the bound lets them.
    h.set_faults(
        None,
        &nextcloud_sim::Faults {
            latency_ms: 40,
            ..Default::default()
        },
    )
    .unwrap();
    h.web.reset_busiest();
    let checked = health::check_host(&ctx, fleet_host(&pool, first).await)
        .await
        .unwrap();
    assert_eq!(checked.len(), 6);
    assert!(
        checked.iter().all(|c| c.health == SpaceHealth::Ok),
        "{checked:?}"
    );
    // Each check's requests follow one another: at most two at once, and two were.
    assert_eq!(h.web.busiest(), 2);
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn a_space_suspended_during_a_sweep_keeps_no_trace_of_it(pool: PgPool) {
    let ctx = ctx(&pool);
    let (_h, id, _) = active_space(&ctx, Version::V35).await;
    let host: i64 = sqlx::query_scalar("select host_id from spaces where id = $1")
        .bind(id)
        .fetch_one(&pool)
        .await
        .unwrap();
    let checked = health::check_host(&ctx, host).await.unwrap();
    assert_eq!(checked.len(), 1);
    let (row, runs) = (
        format!("{:?}", health_of(&pool, id).await),
        history(&pool, id).await,
    );
    // Suspended between the checks and their record.
    set_state(&pool, id, SpaceState::Suspended).await;
    let mut tx = pool.begin().await.unwrap();
    health::record(&ctx, &mut tx, &checked).await.unwrap();
    tx.commit().await.unwrap();
    let usage: i64 = sqlx::query_scalar("select count(*) from space_usage where space_id = $1")
        .bind(id)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(usage, 0, "no usage of the day");
    assert_eq!(history(&pool, id).await, runs, "no health run");
    assert_eq!(
        format!("{:?}", health_of(&pool, id).await),
        row,
        "its row untouched"
    );
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn no_repair_is_enqueued_while_a_change_of_the_space_waits(pool: PgPool) {
    let ctx = ctx(&pool);
    let (h, id, slug) = active_space(&ctx, Version::V35).await;
    h.store.update(&slug, |i| i.oauth_clients.clear()).unwrap();
    // A change of the space is queued (due in an hour): it owns the space until it ends.
    sqlx::query(
        "insert into jobs (kind, queue, payload, dedup_key, run_at)
         values ('spaces.change', 'provisioning', jsonb_build_object('space_id', $1::bigint, 'change', jsonb_build_object('do', 'office')),
                 $1::text, now() + interval '1 hour')",
    )
    .bind(id)
    .execute(&pool)
    .await
    .unwrap();
    health::sweep(&ctx).await.unwrap();
    let registry = std::sync::Arc::new(backend::portal::jobs(&ctx.settings));
    backend::jobs::drain(&ctx, registry, &["spaces.change"])
        .await
        .unwrap();
    assert_eq!(
        health_of(&pool, id).await.drift,
        [Drift::OauthClient],
        "seen"
    );
    let repairs: i64 = sqlx::query_scalar("select count(*) from jobs where kind = 'spaces.repair'")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(repairs, 0, "left to the change");
    // The change ended: the next sweep repairs.
    sqlx::query("update jobs set state = $1 where kind = 'spaces.change'")
        .bind(JobState::Cancelled)
        .execute(&pool)
        .await
        .unwrap();
    sweep(&ctx).await;
    assert!(health_of(&pool, id).await.drift.is_empty());
}
