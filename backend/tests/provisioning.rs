//! Provisioning against a real PostgreSQL and the Nextcloud stand-in (its web side in this
//! process, its `occ` and host script through its binary, as the command templates of real
//! hosts run them): an approval becomes a working space, every step recorded; a repeated
//! run does nothing twice; a full fleet waits with an alert; a host down is retried.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap fails, as it should

mod support;

use std::sync::Arc;

use backend::jobs::{self, Job};
use backend::provisioning::steps::access::{is_portal_client, OAUTH_CLIENT_NAME};
use backend::provisioning::steps::{ProvisionSpace, Step, PORTAL_ADMIN};
use common::states::{JobState, SpaceState, StepOutcome};
use nextcloud_sim::{Faults, Host, HostConfig, Version};
use sqlx::PgPool;
use support::applicants::open;
use support::hosts::{approved, ctx, down, drain, due_now, host, set_state, sim_exe, state, steps};

/// What must hold of a provisioned space in Nextcloud: one install, one referent account,
/// one app password, one OAuth2 client, the apps and settings of every space.
fn check_space(h: &Host, slug: &str, office_app: &str) {
    let inst = h.store.load(slug).unwrap().unwrap();
    assert!(inst.site && inst.database && inst.installed, "{slug}");
    let users: Vec<&str> = inst.users.keys().map(String::as_str).collect();
    assert_eq!(users, ["elodie.martin", PORTAL_ADMIN], "{slug}");
    let referent = &inst.users["elodie.martin"];
    assert!(referent.email.as_deref().unwrap().ends_with("@example.org"));
    assert!(inst.groups["admin"].members.contains("elodie.martin"));
    let app_passwords = inst
        .tokens
        .iter()
        .filter(|t| t.uid == PORTAL_ADMIN && t.name == "cli")
        .count();
    assert_eq!(app_passwords, 1, "{slug}: one app password");
    let clients: Vec<&str> = inst.oauth_clients.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(clients.len(), 1, "{slug}: one OAuth2 client: {clients:?}");
    assert!(is_portal_client(clients[0]), "{clients:?}");
    assert!(
        clients[0].starts_with(&format!("{OAUTH_CLIENT_NAME} ")),
        "a name of its own: {clients:?}"
    );
    for app in [
        "calendar",
        "contacts",
        "photos",
        "deck",
        "collectives",
        "spreed",
        "forms",
        "tables",
        "polls",
        office_app,
    ] {
        assert!(inst.app_enabled(app), "{slug}: {app} enabled");
    }
    assert!(!inst.app_enabled("registration"));
    assert!(!inst.app_enabled("updatenotification"));
    let sys = |k: &str| inst.system.get(k).cloned().unwrap_or_default();
    assert!(sys("trusted_domains")
        .as_array()
        .unwrap()
        .iter()
        .any(|d| d == &format!("{slug}.nc.test")));
    assert_eq!(
        sys("overwrite.cli.url"),
        format!("http://{slug}.nc.test:{}", h.addr.port()).as_str()
    );
    assert_eq!(sys("default_language"), "fr");
    assert_eq!(sys("mail_smtpmode"), "smtp");
    assert_eq!(inst.app_value("core", "backgroundjobs_mode"), Some("cron"));
    assert_eq!(inst.app_value("theming", "name"), Some("Les Amis du Vélo"));
    assert_eq!(inst.app_value("files", "default_quota"), Some("819 MB"));
    // Nextcloud's own welcome mail with the link to set a password.
    let mails = h.mails(slug);
    assert!(
        mails.iter().any(|m| m.to.ends_with("@example.org")),
        "{mails:?}"
    );
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn approved_spaces_become_working_spaces_on_the_host_with_most_room(pool: PgPool) {
    let ctx = ctx(&pool);
    open(&ctx).await;
    let nc35 = host(&ctx, "nc35", Version::V35, 10).await;
    let nc34 = host(&ctx, "nc34", Version::V34, 10).await;
    let (first, first_slug) = approved(&ctx, "collabora").await;
    let (second, second_slug) = approved(&ctx, "onlyoffice").await;
    drain(&ctx).await.unwrap();
    assert_eq!(state(&pool, first).await, SpaceState::Active);
    assert_eq!(state(&pool, second).await, SpaceState::Active);
    // Equal room: the older host first, then the other, which has more room left.
    check_space(&nc35, &first_slug, "richdocuments");
    check_space(&nc34, &second_slug, "onlyoffice");
    let inst = nc34.store.load(&second_slug).unwrap().unwrap();
    assert_eq!(
        inst.app_value("onlyoffice", "DocumentServerUrl"),
        Some("https://office.nc.test")
    );
    // Every step ran once, in order, and did its work.
    let ran = steps(&pool, first).await;
    let names: Vec<&str> = ran.iter().map(|(s, _, _)| s.as_str()).collect();
    let all: Vec<&str> = Step::ALL.iter().map(|s| s.key()).collect();
    assert_eq!(names, all);
    assert!(ran.iter().all(|s| s.1 == StepOutcome::Done), "{ran:?}");
    // Nothing secret in what was recorded.
    for (_, _, excerpt) in ran {
        assert!(!excerpt.contains("office-shared-secret"), "{excerpt}");
    }
    // The portal keeps its secrets sealed, and they work.
    let sealed: Option<Vec<u8>> =
        sqlx::query_scalar("select app_password from spaces where id = $1")
            .bind(first)
            .fetch_one(&pool)
            .await
            .unwrap();
    assert!(sealed.is_some());
    // The referent is told once, with the address and their login.
    let sent = backend::mail::read_mail_files(&ctx.settings.mail.file_dir, 100).await;
    let welcome: Vec<_> = sent
        .iter()
        .filter(|m| m.subject.contains("est prêt"))
        .collect();
    assert_eq!(welcome.len(), 2, "{sent:?}");
    let first_mail = welcome
        .iter()
        .find(|m| m.text.contains(&format!("http://{first_slug}.nc.test")))
        .unwrap();
    assert!(
        first_mail.text.contains("elodie.martin"),
        "{}",
        first_mail.text
    );
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn a_run_repeated_after_a_crash_does_nothing_twice(pool: PgPool) {
    let ctx = ctx(&pool);
    open(&ctx).await;
    let nc = host(&ctx, "nc35", Version::V35, 10).await;
    let (space, slug) = approved(&ctx, "collabora").await;
    drain(&ctx).await.unwrap();
    let first_run = steps(&pool, space).await.len();
    // As if the worker had died right after Nextcloud made the app password and the
    // OAuth2 client, before the portal saved them, and before the space was marked active.
    sqlx::query(
        "update spaces set state = $2, app_password = null, oauth_client_id = null,
             oauth_secret = null where id = $1",
    )
    .bind(space)
    .bind(SpaceState::Provisioning)
    .execute(&pool)
    .await
    .unwrap();
    let mut conn = pool.acquire().await.unwrap();
    jobs::enqueue(&mut conn, &ProvisionSpace { space_id: space })
        .await
        .unwrap();
    drop(conn);
    drain(&ctx).await.unwrap();
    assert_eq!(state(&pool, space).await, SpaceState::Active);
    check_space(&nc, &slug, "richdocuments");
    let again = &steps(&pool, space).await[first_run..];
    let outcome = |step: Step| {
        again
            .iter()
            .find(|(s, _, _)| s == step.key())
            .map(|(_, o, e)| (*o, e.as_str()))
            .unwrap()
    };
    for step in [
        Step::Site,
        Step::Database,
        Step::Install,
        Step::Address,
        Step::Language,
        Step::Cron,
        Step::Apps,
        Step::Office,
        Step::Theming,
        Step::Quotas,
        Step::Referent,
    ] {
        let (o, e) = outcome(step);
        assert_eq!(o, StepOutcome::Already, "{step:?}: {:?}", (o, e));
    }
    assert_eq!(outcome(Step::AppPassword).0, StepOutcome::Done);
    assert!(outcome(Step::AppPassword)
        .1
        .contains("1 unsaved one(s) revoked"));
    assert_eq!(outcome(Step::OAuthClient).0, StepOutcome::Done);
    assert!(outcome(Step::OAuthClient)
        .1
        .contains("1 unsaved one(s) removed"));
    // One install: the install step found it and the portal's admin is still the first.
    let inst = nc.store.load(&slug).unwrap().unwrap();
    assert_eq!(inst.users.len(), 2);
}

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

/// The host script of the docs (`docs/host/framaspace-host`), run for real against this
/// PostgreSQL with a web-server reload that does nothing, and the stand-in's `host`
/// command give the same answers to the same actions.
#[tokio::test]
async fn the_host_script_and_the_stand_in_answer_alike() {
    use backend::nextcloud::{CommandTemplate, HostScript, Occ, OnHost};
    use std::time::Duration;
    let url = std::env::var("DATABASE_URL").unwrap();
    let work = std::env::temp_dir().join(format!(
        "framaspace-host-script-{}-{}",
        std::process::id(),
        support::applicants::rand_suffix()
    ));
    let _ = std::fs::remove_dir_all(&work);
    for d in ["spaces", "sites", "sim"] {
        std::fs::create_dir_all(work.join(d)).unwrap();
    }
    std::fs::write(
        work.join("site.conf.template"),
        "server { server_name {name}.{domain}; root /srv/nextcloud/current; set $space {slug}; }\n",
    )
    .unwrap();
    std::fs::write(
        work.join("redirect.conf.template"),
        "server { server_name {names}; return 301 https://{name}.{domain}$request_uri; }\n",
    )
    .unwrap();
    let psql = ["/usr/lib/postgresql/15/bin/psql", "/usr/bin/psql"]
        .into_iter()
        .find(|p| std::path::Path::new(p).exists())
        .unwrap_or("psql");
    let script =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/host/framaspace-host");
    let wrapper = work.join("framaspace-host");
    std::fs::write(
        &wrapper,
        format!(
            "#!/bin/sh\nFRAMASPACE_SPACES_DIR={w}/spaces FRAMASPACE_SITES_DIR={w}/sites \
             FRAMASPACE_SITE_TEMPLATE={w}/site.conf.template FRAMASPACE_SPACE_USERS=0 \
             FRAMASPACE_POOL_TEMPLATE={pool} FRAMASPACE_POOLS_DIR={w}/pools \
             FRAMASPACE_RELOAD_PHP=true FRAMASPACE_CODE_DIR=/srv/nextcloud \
             FRAMASPACE_REDIRECT_TEMPLATE={w}/redirect.conf.template FRAMASPACE_DOMAIN=nc.test \
             FRAMASPACE_RELOAD=true FRAMASPACE_PSQL=\"{psql} -X -q -v ON_ERROR_STOP=1 -d {url}\" \
             FRAMASPACE_LOCK_DIR={w}/locks FRAMASPACE_LOCK_WAIT=1 \
             exec {s} \"$@\"\n",
            w = work.display(),
            s = script.display(),
            pool = script.with_file_name("pool.conf.template").display(),
        ),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&wrapper, std::fs::Permissions::from_mode(0o755)).unwrap();
    nextcloud_sim::Store::new(work.join("sim"))
        .init(
            &HostConfig {
                name: "sim".into(),
                domain: "nc.test".into(),
                version: Version::V35,
                default_space: None,
                sites: true,
                apps_not_installed: Vec::new(),
            },
            true,
        )
        .unwrap();
    let slug = format!(
        "hs-{}-{}",
        std::process::id(),
        support::applicants::rand_suffix()
    );
    let templates = [
        format!("{} {{slug}}", wrapper.display()),
        format!(
            "{} host --dir {}/sim {{slug}}",
            sim_exe().display(),
            work.display()
        ),
    ];
    let mut answers = Vec::new();
    for t in &templates {
        let template = CommandTemplate::direct(t).unwrap();
        let s = HostScript::new(template.clone(), "h", &slug, Duration::from_secs(30));
        let raw = Occ::new(template.clone(), "h", &slug, Duration::from_secs(30));
        let password = backend::Secret::new("a 'quoted' password; drop table x");
        let mut seen = vec![format!("{:?}", s.status().await.unwrap())];
        // The space's id names its Unix user: without it, nothing is made.
        seen.push(format!(
            "{:?}",
            raw.run(&["create-site"], &[]).await.unwrap().code
        ));
        seen.push(format!(
            "{:?}",
            raw.run(&["create-site", "0x1"], &[]).await.unwrap().code
        ));
        seen.push(format!("{:?}", s.create_site(41).await.unwrap()));
        seen.push(format!("{:?}", s.create_site(41).await.unwrap()));
        seen.push(format!("{:?}", s.create_database(&password).await.unwrap()));
        seen.push(format!("{:?}", s.create_database(&password).await.unwrap()));
        let made = s.status().await.unwrap();
        if t == &templates[0] {
            // Its PHP-FPM pool runs as the space's own user, inside its own folders.
            let pool = std::fs::read_to_string(work.join(format!("pools/framaspace-{slug}.conf")))
                .unwrap();
            let dir = work.join("spaces").join(&slug);
            for line in [
                format!("[{slug}]"),
                "user = space-41".to_string(),
                "group = space-41".to_string(),
                "pm = ondemand".to_string(),
                format!("env[NEXTCLOUD_CONFIG_DIR] = {}/config/", dir.display()),
                format!(
                    "php_admin_value[open_basedir] = {}/:/srv/nextcloud/:/dev/urandom",
                    dir.display()
                ),
                format!("php_admin_value[upload_tmp_dir] = {}/tmp", dir.display()),
                format!(
                    "php_admin_value[session.save_path] = {}/sessions",
                    dir.display()
                ),
                "php_admin_flag[opcache.validate_permission] = on".to_string(),
            ] {
                assert!(pool.lines().any(|l| l == line), "{line} in\n{pool}");
            }
            use std::os::unix::fs::PermissionsExt;
            for sub in ["config", "data", "tmp", "sessions"] {
                let mode = std::fs::metadata(dir.join(sub))
                    .unwrap()
                    .permissions()
                    .mode();
                assert_eq!(mode & 0o777, 0o700, "{sub} is its owner's only");
            }
            assert!(!dir.join("apps").exists(), "no writable apps folder");
            // The script made a real role and database.
            let pool = PgPool::connect(&url).await.unwrap();
            let db = format!("nc_{}", slug.replace('-', "_"));
            let found: Option<i32> =
                sqlx::query_scalar("select 1 from pg_database where datname = $1")
                    .bind(&db)
                    .fetch_optional(&pool)
                    .await
                    .unwrap();
            assert_eq!(found, Some(1), "{db}");
            // PostgreSQL keeps the verifier the script was sent, a verifier of this password.
            let kept: String =
                sqlx::query_scalar("select rolpassword from pg_authid where rolname = $1")
                    .bind(&db)
                    .fetch_one(&pool)
                    .await
                    .unwrap();
            assert!(
                nextcloud_sim::scram::verify(&kept, password.expose()),
                "{kept}"
            );
            // Only a space's own role may connect to its database.
            let other = format!("{slug}-b");
            let other_db = format!("nc_{}", other.replace('-', "_"));
            let s2 = HostScript::new(template.clone(), "h", &other, Duration::from_secs(30));
            s2.create_site(42).await.unwrap();
            s2.create_database(&backend::Secret::new("Other-space-password-1"))
                .await
                .unwrap();
            let as_role = |role: &str, database: &str| {
                let options: sqlx::postgres::PgConnectOptions = url.parse().unwrap();
                options.username(role).database(database)
            };
            use sqlx::ConnectOptions;
            as_role(&db, &db).connect().await.expect("its own database");
            let refused = as_role(&db, &other_db)
                .connect()
                .await
                .unwrap_err()
                .to_string();
            assert!(refused.contains("permission denied"), "{refused}");
            s2.remove().await.unwrap();
        }
        assert_eq!(
            made,
            OnHost {
                site: true,
                database: true,
                install_begun: false,
                installed: false
            }
        );
        seen.push(format!("{made:?}"));
        // A new address, the first one redirected; again, nothing to do; then a name of
        // its past given back, which no longer redirects.
        let renamed = format!("{slug}-new");
        let former = vec![slug.clone()];
        let addressed = [
            s.set_address(&renamed, &former).await.unwrap(),
            s.set_address(&renamed, &former).await.unwrap(),
        ];
        seen.push(format!("{addressed:?}"));
        if t == &templates[0] {
            let site = std::fs::read_to_string(work.join(format!("sites/framaspace-{slug}.conf")))
                .unwrap();
            assert!(
                site.contains(&format!("server_name {renamed}.nc.test;")),
                "{site}"
            );
            assert!(
                site.contains(&format!("set $space {slug};")),
                "the folder keeps its name"
            );
            let redirect =
                std::fs::read_to_string(work.join(format!("sites/framaspace-{slug}-former.conf")))
                    .unwrap();
            assert!(
                redirect.contains(&format!(
                    "server_name {slug}.nc.test; return 301 https://{renamed}.nc.test$request_uri;"
                )),
                "{redirect}"
            );
        } else {
            let store = nextcloud_sim::Store::new(work.join("sim"));
            assert_eq!(
                store.resolve(&renamed),
                nextcloud_sim::store::Site::Serve(slug.clone())
            );
            assert_eq!(
                store.resolve(&slug),
                nextcloud_sim::store::Site::Redirect(renamed.clone())
            );
        }
        seen.push(format!(
            "{:?}",
            s.set_address(&slug, std::slice::from_ref(&renamed))
                .await
                .unwrap()
        ));
        seen.push(format!("{:?}", s.set_address(&slug, &[]).await.unwrap()));
        seen.push(format!(
            "{:?}",
            raw.run(&["address", "-x"], &[]).await.unwrap().code
        ));
        // The space's lock held (by a running install): reset-install does not wait and
        // says busy; another action waits its while, then says busy too.
        let lock_file = if t == &templates[0] {
            work.join(format!("locks/{slug}.lock"))
        } else {
            nextcloud_sim::Store::new(work.join("sim")).lock_path(&slug)
        };
        let held = std::fs::File::open(&lock_file).unwrap();
        held.lock().unwrap();
        seen.push(format!(
            "{:?}",
            raw.run(&["reset-install"], &[]).await.unwrap().code
        ));
        if t == &templates[0] {
            let waited = raw.run(&["status"], &[]).await.unwrap().code;
            assert_eq!(
                waited,
                backend::nextcloud::HOST_BUSY,
                "after FRAMASPACE_LOCK_WAIT"
            );
        }
        drop(held);
        seen.push(format!("{:?}", s.reset_install().await));
        seen.push(format!("{:?}", raw.run(&["nope"], &[]).await.unwrap().code));
        seen.push(format!("{:?}", s.remove().await));
        seen.push(format!("{:?}", s.status().await.unwrap()));
        answers.push(seen);
    }
    assert_eq!(answers[0], answers[1]);
    assert_eq!(answers[0][1], "2", "create-site without the space's id");
    assert_eq!(answers[0][2], "2", "create-site with an id that is not one");
    assert_eq!(answers[0][3], "true");
    assert_eq!(answers[0][4], "false");
    assert_eq!(answers[0][5], "true");
    assert_eq!(answers[0][6], "false");
    assert_eq!(answers[0][8], "[true, false]");
    assert_eq!(answers[0][9], "true");
    assert_eq!(
        answers[0][10], "true",
        "the former name no longer redirects"
    );
    assert_eq!(answers[0][11], "2", "an invalid name is a usage error");
    assert_eq!(
        answers[0][12], "4",
        "reset-install while the space is locked: busy"
    );
    assert_eq!(answers[0][13], "Ok(())");
    assert_eq!(answers[0][14], "2", "an unknown action is a usage error");
    assert!(
        !work.join(format!("pools/framaspace-{slug}.conf")).exists(),
        "remove takes the pool away"
    );
    // Started as root, the occ wrapper runs occ only as a space's own user: never as root,
    // nor as any user that is not a space's.
    let root = std::process::Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.starts_with(b"0\n"));
    if root {
        let occ_wrapper = script.with_file_name("framaspace-occ");
        std::fs::create_dir_all(work.join("spaces/owned-by-root/config")).unwrap();
        let out = std::process::Command::new(&occ_wrapper)
            .arg("owned-by-root")
            .arg("status")
            .env("FRAMASPACE_SPACES_DIR", work.join("spaces"))
            .env("FRAMASPACE_PHP", "/bin/false")
            .stdin(std::process::Stdio::null())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(3));
        let said = String::from_utf8_lossy(&out.stderr);
        assert!(
            said.contains("belongs to root, not to a space's user"),
            "{said}"
        );
    }
    let _ = std::fs::remove_dir_all(&work);
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

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn no_sealed_secret_ever_sits_in_an_argument_vector(pool: PgPool) {
    use backend::nextcloud::secrets::{self, Kind};
    let ctx = ctx(&pool);
    open(&ctx).await;
    let nc = host(&ctx, "nc35", Version::V35, 10).await;
    // Every command the portal runs on the host goes through a recorder first: its argument
    // vector as a program sees it, and the line sudo would log (`COMMAND=…`).
    let record = nc.store.dir.join("argv.log");
    let recorder = nc.store.dir.join("recorder");
    std::fs::write(
        &recorder,
        format!(
            "#!/bin/sh\nfor a in \"$@\"; do printf 'ARG %s\\n' \"$a\" >> {r}; done\nprintf 'sudo: portal : TTY=unknown ; USER=www-data ; COMMAND=%s\\n' \"$*\" >> {r}\nexec \"$@\"\n",
            r = record.display()
        ),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&recorder, std::fs::Permissions::from_mode(0o755)).unwrap();
    sqlx::query(
        "update hosts set occ_template = $1 || ' ' || occ_template,
                          host_script = $1 || ' ' || host_script",
    )
    .bind(recorder.display().to_string())
    .execute(&pool)
    .await
    .unwrap();
    // OnlyOffice: its JWT secret is one of the host's secrets a space gets.
    let (space, slug) = approved(&ctx, "onlyoffice").await;
    drain(&ctx).await.unwrap();
    assert_eq!(state(&pool, space).await, SpaceState::Active);
    check_space(&nc, &slug, "onlyoffice");

    let row: (String, Vec<Option<Vec<u8>>>) = sqlx::query_as(
        "select instance, array[database_password, admin_password, app_password, oauth_secret]
         from spaces where id = $1",
    )
    .bind(space)
    .fetch_one(&pool)
    .await
    .unwrap();
    let key = &ctx.settings.secret_key;
    let kinds = [
        Kind::DatabasePassword,
        Kind::AdminPassword,
        Kind::AppPassword,
        Kind::OAuthClientSecret,
    ];
    let mut sealed: Vec<(String, String)> = kinds
        .iter()
        .zip(&row.1)
        .map(|(kind, bytes)| {
            let value = secrets::open(key, *kind, &row.0, bytes.as_deref().unwrap()).unwrap();
            (format!("{kind:?}"), value.expose().to_string())
        })
        .collect();
    sealed.push(("office secret".into(), "office-shared-secret".into()));
    let log = std::fs::read_to_string(&record).unwrap();
    assert!(
        log.contains("ARG maintenance:install"),
        "the recorder saw the commands"
    );
    for (what, value) in &sealed {
        assert!(
            !log.contains(value.as_str()),
            "{what} is in an argument vector or sudo's log"
        );
    }
    // And they are the ones in use: the database role's, config.php's, the admin's, OnlyOffice's.
    let inst = nc.store.load(&slug).unwrap().unwrap();
    let db = &sealed[0].1;
    assert!(nextcloud_sim::scram::verify(
        inst.database_verifier.as_deref().unwrap(),
        db
    ));
    assert_eq!(inst.system["dbpassword"], db.as_str());
    assert!(inst.users[PORTAL_ADMIN]
        .password
        .as_ref()
        .unwrap()
        .matches(&sealed[1].1));
    assert_eq!(
        inst.app_config["onlyoffice"]["jwt_secret"],
        "office-shared-secret"
    );
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn collabora_is_done_only_once_its_activation_succeeds(pool: PgPool) {
    let ctx = ctx(&pool);
    open(&ctx).await;
    let nc = host(&ctx, "nc35", Version::V35, 10).await;
    let (space, slug) = approved(&ctx, "collabora").await;
    // The office server cannot reach the space back: its URL is set, its activation fails.
    nc.set_faults(
        None,
        &Faults {
            office_down: true,
            ..Faults::default()
        },
    )
    .unwrap();
    drain(&ctx).await.unwrap_err();
    let ran = steps(&pool, space).await;
    let office = ran.iter().rfind(|(step, _, _)| step == "office").unwrap();
    assert_eq!(office.1, StepOutcome::Failed, "{office:?}");
    let inst = nc.store.load(&slug).unwrap().unwrap();
    assert_eq!(
        inst.app_value("richdocuments", "wopi_url"),
        Some("https://office.nc.test"),
        "the URL is set: it says nothing of the activation"
    );
    // The next run activates again, whatever the URL says, and only then goes on.
    nc.set_faults(None, &Faults::default()).unwrap();
    due_now(&pool).await;
    drain(&ctx).await.unwrap();
    let ran = steps(&pool, space).await;
    let office = ran.iter().rfind(|(step, _, _)| step == "office").unwrap();
    assert!(office.2.contains("activated"), "{office:?}");
    assert_eq!(state(&pool, space).await, SpaceState::Active);
    check_space(&nc, &slug, "richdocuments");
}

/// An offered app its operator did not install on the host is never fetched: the apps step
/// enables those on disk, names the missing one, and the sweep counts no drift for it.
#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn the_apps_step_only_enables_what_the_host_has(pool: PgPool) {
    let ctx = ctx(&pool);
    open(&ctx).await;
    let nc = host(&ctx, "nc35", Version::V35, 10).await;
    nc.store
        .init(
            &HostConfig {
                apps_not_installed: vec!["tables".into()],
                ..nc.config.clone()
            },
            true,
        )
        .unwrap();
    let (space, slug) = approved(&ctx, "collabora").await;
    drain(&ctx).await.unwrap();
    assert_eq!(state(&pool, space).await, SpaceState::Active);
    let inst = nc.store.load(&slug).unwrap().unwrap();
    assert!(!inst.apps.contains_key("tables"), "never downloaded");
    assert!(inst.app_enabled("polls") && inst.app_enabled("richdocuments"));
    let said: String = sqlx::query_scalar(
        "select excerpt from space_steps where space_id = $1 and step = 'apps' order by id desc limit 1",
    )
    .bind(space)
    .fetch_one(&pool)
    .await
    .unwrap();
    assert!(said.contains("not on host nc35: tables"), "{said}");
    let host_id: i64 = sqlx::query_scalar("select host_id from spaces where id = $1")
        .bind(space)
        .fetch_one(&pool)
        .await
        .unwrap();
    let found = backend::provisioning::health::check_host(&ctx, host_id)
        .await
        .unwrap();
    assert!(found[0].drift.is_empty(), "{:?}", found[0].drift);
}
