//! Provisioning against a real PostgreSQL and the Nextcloud stand-in (its web side in this
//! process, its `occ` and host script through its binary, as the command templates of real
//! hosts run them): an approval becomes a working space, every step recorded and nothing
//! secret in the records or in an argument vector; a repeated run does nothing twice; the
//! office suite and the apps steps do only what the host allows. When things go wrong
//! (a full fleet, a host down, a job given up), see `provisioning_faults.rs`.

use backend::jobs;
use backend::provisioning::steps::{ProvisionSpace, Step, PORTAL_ADMIN};
use common::states::{SpaceState, StepOutcome};
use nextcloud_sim::{Faults, HostConfig, Version};
use sqlx::PgPool;
use testkit::applicants::open;
use testkit::ctx;
use testkit::hosts::{approved, check_space, drain, due_now, host, state, steps, OFFICE_SECRET};

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
        assert!(!excerpt.contains(OFFICE_SECRET), "{excerpt}");
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
        Step::Settings,
        Step::Apps,
        Step::Office,
        Step::Theming,
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
async fn no_sealed_secret_ever_sits_in_an_argument_vector(pool: PgPool) {
    use backend::nextcloud::secrets::{self, Kind};
    let ctx = ctx(&pool);
    open(&ctx).await;
    let nc = host(&ctx, "nc35", Version::V35, 10).await;
    let record = recording(&pool, &nc).await;
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
    sealed.push(("office secret".into(), OFFICE_SECRET.into()));
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
    assert_eq!(inst.app_config["onlyoffice"]["jwt_secret"], OFFICE_SECRET);
    // Nextcloud 35 and OnlyOffice: the office step sets its two values in a `config:import`
    // of their own, and the OAuth2 client is added with `occ`.
    assert_eq!(
        occ_commands(&record),
        [
            "maintenance:install",
            "user:resetpassword",
            "config:list",
            "config:import",
            "app:list",
            "app:enable",
            "app:disable",
            "config:list",
            "config:import",
            "theming:config",
            "user:auth-tokens:add",
            "oauth2:add-client",
        ]
    );
}

/// The `occ` commands a new space takes, in order: no `status` before the install (the
/// host's script has just said it is not installed), one listing of the settings and one
/// `config:import` for all of them, the listing read again after `app:enable` (which writes
/// the apps' own values), Collabora's activation setting its URL itself, and no listing of
/// app passwords on the first try of that step (no earlier run could have left one).
#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn a_new_space_takes_one_occ_command_per_thing_to_do(pool: PgPool) {
    let ctx = ctx(&pool);
    open(&ctx).await;
    let nc = host(&ctx, "nc34", Version::V34, 10).await;
    let record = recording(&pool, &nc).await;
    let (space, slug) = approved(&ctx, "collabora").await;
    drain(&ctx).await.unwrap();
    assert_eq!(state(&pool, space).await, SpaceState::Active);
    check_space(&nc, &slug, "richdocuments");
    assert_eq!(
        occ_commands(&record),
        [
            "maintenance:install",
            "user:resetpassword",
            "config:list",
            "config:import",
            "app:list",
            "app:enable",
            "app:disable",
            "config:list",
            "richdocuments:activate-config",
            "theming:config",
            "user:auth-tokens:add",
        ]
    );
    // Every step did its work in this one run.
    let ran = steps(&pool, space).await;
    assert!(ran.iter().all(|s| s.1 == StepOutcome::Done), "{ran:?}");
}

/// Puts a recorder in front of every command the portal runs on `nc` (`occ` and the host
/// script): it logs each argument as the program sees it, and the line sudo would log
/// (`COMMAND=…`). Returns the log's path.
async fn recording(pool: &PgPool, nc: &nextcloud_sim::Host) -> std::path::PathBuf {
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
    .execute(pool)
    .await
    .unwrap();
    record
}

/// The `occ` commands in a [`recording`]'s log, in order, by their name: the word after the
/// space's name, which follows the stand-in's `--stdin-env` (the host script has none).
fn occ_commands(record: &std::path::Path) -> Vec<String> {
    std::fs::read_to_string(record)
        .unwrap()
        .lines()
        .filter_map(|l| l.split_once("COMMAND=").map(|(_, c)| c))
        .filter_map(|c| {
            let words: Vec<&str> = c.split(' ').collect();
            let at = words.iter().position(|w| *w == "--stdin-env")?;
            words.get(at + 2).map(|w| w.to_string())
        })
        .collect()
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
