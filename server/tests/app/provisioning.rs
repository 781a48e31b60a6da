//! Provisioning on the command line: the fleet of Nextcloud hosts.

use backend::provisioning::fleet;
use common::states::{HostState, JobState, SpaceState, StepOutcome};
use nextcloud_sim::Version;
use sqlx::PgPool;
use testkit::hosts::StandIn;

/// The operator's proof, as `framaspace` on the host's command line has it.
fn operator() -> backend::accounts::Admin {
    backend::accounts::Admin::command_line()
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn hosts_are_managed_on_the_command_line(pool: PgPool) {
    let run = crate::support::cli(&pool);
    let add = |name: &str, version: &str| {
        run(&[
            "hosts",
            "add",
            name,
            "--occ",
            "ssh -T {host} sudo -u www-data /usr/local/bin/framaspace-occ {slug}",
            "--ocs-url",
            "https://{slug}.frama.space",
            "--version",
            version,
            "--database",
            "db1.internal:5432",
            "--spaces",
            "250",
            "--storage",
            "10 TB",
        ])
    };
    let (code, out, err) = add("nc1.frama.space", "35");
    assert_eq!(code, Some(0), "{out}{err}");
    let (code, _, err) = add("nc1.frama.space", "35");
    assert_ne!(code, Some(0));
    assert!(err.contains("exists already"), "{err}");
    let (code, _, err) = add("nc2.frama.space", "27");
    assert_ne!(code, Some(0));
    assert!(err.contains("--version"), "{err}");
    let (code, _, err) = add("<b>nc3</b>", "35");
    assert_ne!(code, Some(0));
    assert!(err.contains("<name>"), "{err}");
    let (code, _, err) = run(&["hosts", "add", "nc4.frama.space", "--storage", "lots"]);
    assert_ne!(code, Some(0));
    assert!(err.contains("--storage"), "{err}");
    let (code, _, err) = run(&["hosts", "add", "nc5.frama.space", "--connect-to", "nope"]);
    assert_ne!(code, Some(0));
    assert!(err.contains("--connect-to"), "{err}");
    let (code, _, _) = run(&["hosts", "drain", "nc1.frama.space"]);
    assert_eq!(code, Some(0));
    let (code, _, err) = run(&["hosts", "drain", "nowhere.frama.space"]);
    assert_ne!(code, Some(0));
    assert!(err.contains("no host"), "{err}");
    let (_, out, _) = run(&["hosts", "list"]);
    assert!(
        out.contains("nc1.frama.space\tdraining\t35\t0/250\t0/10240\t2"),
        "{out}"
    );
    let ctx = testkit::ctx(&pool);
    assert_eq!(
        fleet::hosts(&ctx, &operator()).await.unwrap().len(),
        1,
        "nothing else written"
    );
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn admins_add_a_host_from_the_staff_page(pool: PgPool) {
    let app = crate::support::spawn_app(pool.clone(), |_| {}).await;
    let admin = app
        .log_in_as("admin@frama.example", backend::accounts::Role::Admin)
        .await;
    let modo = app
        .log_in_as("modo@frama.example", backend::accounts::Role::Moderator)
        .await;
    let form = |name: &str, storage: &str, code: &str| {
        crate::applications::body(&[
            ("arguments", "shell"),
            ("code", code),
            ("name", name),
            ("ocs_url", "https://{slug}.frama.space"),
            ("version", "35"),
            ("occ", "ssh -T nc4 sudo -u www-data php /srv/{slug}/occ"),
            ("host_script", "ssh -T nc4 sudo framaspace-host {slug}"),
            ("database", "db4.internal"),
            ("spaces", "250"),
            ("storage", storage),
            ("parallel", "3"),
            ("office_url", "https://office4.frama.space"),
            ("office_secret", "wopi-s3cret"),
        ])
    };
    let page = app
        .get_with("/equipe/serveurs/nouveau", &[("cookie", &admin)])
        .await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Ajouter un serveur"), "{}", page.body);
    assert!(
        page.body.contains("type=\"password\""),
        "the secret is typed unseen"
    );
    let denied = app
        .post_with(
            "/equipe/serveurs/nouveau",
            &modo,
            &form("nc4.frama.space", "10 To", "123456"),
        )
        .await;
    assert_eq!(denied.status, 403, "moderators do not manage the fleet");
    // A size that is not one: the page again, the error beside the field, all kept.
    let res = app
        .post_with(
            "/equipe/serveurs/nouveau",
            &admin,
            &form("nc4.frama.space", "beaucoup", "123456"),
        )
        .await;
    assert_eq!(res.status, 422);
    assert!(
        res.body.contains("id=\"host-storage-error\""),
        "{}",
        res.body
    );
    assert!(res.body.contains("Écrivez une taille comme 40"));
    assert!(res.body.contains("value=\"nc4.frama.space\""));
    assert!(res.body.contains("value=\"beaucoup\""));
    let ctx = testkit::ctx(&pool);
    assert!(
        fleet::hosts(&ctx, &operator()).await.unwrap().is_empty(),
        "nothing written"
    );
    // Without a fresh second-factor code, a whole host is refused beside the code.
    let email = "admin@frama.example";
    for (code, error) in [
        ("", "id=\"host-code-error\""),
        ("000000", "Ce code ne convient pas"),
    ] {
        let res = app
            .post_with(
                "/equipe/serveurs/nouveau",
                &admin,
                &form("nc4.frama.space", "10 To", code),
            )
            .await;
        assert_eq!(res.status, 422, "{code:?}");
        assert!(res.body.contains(error), "{code:?}: {}", res.body);
        assert!(
            res.body.contains("value=\"nc4.frama.space\""),
            "the rest kept"
        );
    }
    assert!(fleet::hosts(&ctx, &operator()).await.unwrap().is_empty());
    // Accepted: back to the fleet, where the host is, active, its secret sealed.
    let res = app
        .post_with(
            "/equipe/serveurs/nouveau",
            &admin,
            &form("nc4.frama.space", "10 To", &app.totp_code(email, 1).await),
        )
        .await;
    assert_eq!(res.status, 303, "{}", res.body);
    assert_eq!(res.header("location"), Some("/equipe/serveurs"));
    let hosts = fleet::hosts(&ctx, &operator()).await.unwrap();
    assert_eq!(hosts.len(), 1);
    let h = &hosts[0];
    assert_eq!(
        (
            h.name.as_str(),
            h.state,
            h.nextcloud_version,
            h.capacity_spaces,
            h.capacity_bytes,
            h.max_parallel
        ),
        ("nc4.frama.space", HostState::Active, 35, 250, 10 << 40, 3)
    );
    assert_eq!(
        h.office_secret(&app.state.ctx.settings.secret_key)
            .map(|s| s.expose().to_string()),
        Some("wopi-s3cret".to_string())
    );
    assert!(h.access().is_some(), "the driver can reach it");
    let list = app
        .get_with("/equipe/serveurs", &[("cookie", &admin)])
        .await;
    assert!(list.body.contains("nc4.frama.space"));
    assert!(
        !list.body.contains("wopi-s3cret"),
        "the secret is never shown"
    );
    assert!(!h.direct_arguments, "quoted for a shell, as chosen");
    // The same name again (a minute later, with the code of then): refused beside the name.
    sqlx::query("update staff_accounts set totp_last_step = totp_last_step - 2")
        .execute(&pool)
        .await
        .unwrap();
    let res = app
        .post_with(
            "/equipe/serveurs/nouveau",
            &admin,
            &form("nc4.frama.space", "10 To", &app.totp_code(email, 0).await),
        )
        .await;
    assert_eq!(res.status, 422);
    assert!(res.body.contains("id=\"host-name-error\""));
    assert!(res.body.contains("Un serveur porte déjà ce nom"));
    assert_eq!(fleet::hosts(&ctx, &operator()).await.unwrap().len(), 1);
}

/// An application sent, confirmed, approved by a moderator and provisioned on a stand-in
/// host of its own in `dir`: the host, the moderator's cookie, the application's status
/// page and id.
pub(crate) async fn provisioned(
    app: &crate::support::TestApp,
    dir: &std::path::Path,
    host_name: &str,
) -> (nextcloud_sim::Host, String, String, i64) {
    use crate::applications::{complete, sent_and_confirmed};
    let _ = std::fs::remove_dir_all(dir);
    // A stand-in host of its own in `dir`, with room for ten spaces.
    let host = StandIn {
        dir: dir.join(host_name),
        ..StandIn::new(host_name, Version::V35)
    }
    .start(&app.state.ctx)
    .await;
    testkit::applicants::open(&app.state.ctx).await;
    let (status, id) = sent_and_confirmed(app, &complete()).await;
    let modo = app
        .log_in_as("modo@frama.example", backend::accounts::Role::Moderator)
        .await;
    crate::applications::approve(app, &modo, id).await;
    (host, modo, status, id)
}

/// From approval to a working space, as the applicant sees it: the status page follows the
/// steps, then gives the address, which answers `status.php`.
#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn the_applicant_follows_the_making_of_their_space_to_its_address(pool: PgPool) {
    let app = crate::support::spawn_app(pool, |_| {}).await;
    let ctx = app.state.ctx.clone();
    let dir = std::env::temp_dir().join(format!(
        "framaspace-server-provisioning-{}",
        std::process::id()
    ));
    let (host, modo, status, _) = provisioned(&app, &dir, "nc-demo").await;
    let page = app.get(&status).await;
    assert!(crate::support::shown_in_main(&page.body, "Étape 1 sur 13"));
    app.drain_jobs().await;
    let page = app.get(&status).await;
    assert!(
        crate::support::shown_in_main(&page.body, "Votre espace est prêt"),
        "{}",
        page.body
    );
    let address = format!("http://les-amis.nc.test:{}", host.addr.port());
    assert!(
        page.body.contains(&format!("href=\"{address}\"")),
        "{}",
        page.body
    );
    assert!(
        !page.body.contains("Actualiser"),
        "nothing left to wait for"
    );
    // The address answers: Nextcloud, installed, not in maintenance.
    let ocs = backend::nextcloud::Ocs::new(
        &fleet::host(&ctx, &operator(), "nc-demo")
            .await
            .unwrap()
            .unwrap()
            .access()
            .unwrap(),
        "les-amis",
        None,
    )
    .unwrap();
    let st = ocs.status().await.unwrap();
    assert!(st.installed && !st.maintenance);
    // A health sweep: staff see the space answer, its usage and its history.
    let inst = host.store.load("les-amis").unwrap().unwrap();
    let referent = inst.users.keys().find(|u| *u != "framaspace").unwrap();
    assert!(host.set_usage("les-amis", referent, 3 << 29).unwrap());
    backend::provisioning::health::sweep(&ctx).await.unwrap();
    app.drain_jobs().await;
    let list = app.get_with("/equipe/espaces", &[("cookie", &modo)]).await;
    assert!(
        crate::support::shown_in_main(&list.body, "1 compte · 1,5\u{202f}Gio"),
        "{}",
        list.body
    );
    let space: i64 = sqlx::query_scalar("select id from spaces")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    let detail = app
        .get_with(&format!("/equipe/espaces/{space}"), &[("cookie", &modo)])
        .await;
    for shown in [
        "Santé et utilisation",
        "répond",
        "1 compte sur 50",
        "1,5\u{202f}Gio / 40,0\u{202f}Gio",
        "Historique de santé",
    ] {
        assert!(
            crate::support::shown_in_main(&detail.body, shown),
            "{shown}: {}",
            detail.body
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// What staff see of what runs: the spaces (search, state), one space's steps with a
/// retry, the hosts with their room and a drain, the jobs with retry and cancel, the
/// alerts. Moderators see spaces and alerts; hosts, jobs and the buttons are the admins'.
#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn staff_follow_spaces_hosts_jobs_and_alerts(pool: PgPool) {
    use crate::applications::{complete, sent_and_confirmed};
    use backend::accounts::Role;
    let app = crate::support::spawn_app(pool, |_| {}).await;
    testkit::applicants::open(&app.state.ctx).await;
    let (_, id) = sent_and_confirmed(&app, &complete()).await;
    let admin = app.log_in_as("admin@frama.example", Role::Admin).await;
    let modo = app.log_in_as("modo@frama.example", Role::Moderator).await;
    crate::applications::approve(&app, &modo, id).await;
    // No host: the space waits, and the fleet-full alert is raised.
    app.drain_jobs().await;
    let space: i64 = sqlx::query_scalar("select id from spaces")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    let get = |path: &str, who: &str| {
        let (path, who) = (path.to_string(), who.to_string());
        let app = &app;
        async move { app.get_with(&path, &[("cookie", &who)]).await }
    };
    let waiting = SpaceState::Waiting.as_str();
    let list = get(&format!("/equipe/espaces?q=AMIS&etat={waiting}"), &modo).await;
    assert_eq!(list.status, 200);
    assert!(list
        .body
        .contains(&format!("href=\"/equipe/espaces/{space}\"")));
    assert!(list.body.contains("les-amis"));
    let active = SpaceState::Active.as_str();
    let none = get(
        &format!("/equipe/espaces?q=%25%3Cb%3E&etat={active}"),
        &modo,
    )
    .await;
    assert!(crate::support::shown_in_main(
        &none.body,
        "Aucun espace ne correspond"
    ));
    let detail = get(&format!("/equipe/espaces/{space}"), &modo).await;
    assert!(crate::support::shown_in_main(
        &detail.body,
        "choix du serveur"
    ));
    assert!(crate::support::shown_in_main(&detail.body, "en attente"));
    assert!(
        !detail.body.contains("value=\"retry\""),
        "no button for moderators"
    );
    let alerts = get("/equipe/alertes", &modo).await;
    assert!(crate::support::shown_in_main(
        &alerts.body,
        "Plus de place sur les serveurs"
    ));
    // Admin-only pages.
    assert_eq!(get("/equipe/serveurs", &modo).await.status, 403);
    assert_eq!(get("/equipe/taches", &modo).await.status, 403);
    let detail = get(&format!("/equipe/espaces/{space}"), &admin).await;
    assert!(detail.body.contains("value=\"retry\""));
    // Retry: the waiting job runs now (and waits again: still no host).
    let res = app
        .post_with(&format!("/equipe/espaces/{space}"), &admin, "action=retry")
        .await;
    assert_eq!(res.status, 303);
    assert_eq!(
        res.header("location"),
        Some(format!("/equipe/espaces/{space}?resultat=retried").as_str())
    );
    // A host, drained then active again.
    let ctx = app.state.ctx.clone();
    fleet::add_host(
        &ctx,
        &operator(),
        &fleet::NewHost {
            name: "nc1.frama.space".into(),
            occ_template: "ssh -T {host} sudo -u www-data framaspace-occ {slug}".into(),
            host_script: Some("ssh -T {host} sudo framaspace-host {slug}".into()),
            ocs_url: "https://{slug}.frama.space".into(),
            nextcloud_version: 35,
            database_server: "db1".into(),
            capacity_spaces: 250,
            capacity_bytes: fleet::parse_bytes("10 TB").unwrap(),
            max_parallel: 2,
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let hosts = get("/equipe/serveurs", &admin).await;
    assert_eq!(hosts.status, 200);
    assert!(hosts.body.contains("<meter"), "capacity bars");
    assert!(hosts.body.contains("0 / 250"));
    let res = app
        .post_with(
            "/equipe/serveurs",
            &admin,
            "action=drain&name=nc1.frama.space",
        )
        .await;
    assert_eq!(res.status, 303);
    assert_eq!(
        fleet::hosts(&ctx, &operator()).await.unwrap()[0].state,
        HostState::Draining
    );
    let res = app
        .post_with("/equipe/serveurs", &admin, "action=drain&name=%3Cb%3Enope")
        .await;
    assert_eq!(res.status, 404);
    // Jobs: cancel the waiting provisioning, then run it again.
    let job: i64 = sqlx::query_scalar("select id from jobs where kind = 'spaces.provision'")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    let ready = JobState::Ready.as_str();
    let jobs = get(&format!("/equipe/taches?etat={ready}"), &admin).await;
    assert!(jobs.body.contains(&format!("Annuler la tâche {job}")));
    for (action, state) in [("cancel", JobState::Cancelled), ("retry", JobState::Ready)] {
        let res = app
            .post_with(
                "/equipe/taches",
                &admin,
                &format!("action={action}&id={job}"),
            )
            .await;
        assert_eq!(
            res.header("location"),
            Some("/equipe/taches?resultat=changed")
        );
        let now: JobState = sqlx::query_scalar("select state from jobs where id = $1")
            .bind(job)
            .fetch_one(&app.pool)
            .await
            .unwrap();
        assert_eq!(now, state);
    }
    let res = app
        .post_with("/equipe/taches", &admin, &format!("action=retry&id={job}"))
        .await;
    assert_eq!(
        res.header("location"),
        Some("/equipe/taches?resultat=unchanged"),
        "a ready job is not retried"
    );
}

/// Never done twice, never lost: the worker process is killed (SIGKILL, with the `occ` it
/// runs) right after Nextcloud or the host applied an effect and before the portal recorded
/// it, once for each kind of effect of each step (held by the stand-in's pause knob), and
/// once in the middle of the install. Each time a new worker takes the job over when the
/// killed one's short lease lapses. The space ends active with one install, one referent
/// account, one app password, one OAuth2 client, and one welcome mail.
#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn a_worker_killed_after_every_effect_leaves_exactly_one_of_everything(pool: PgPool) {
    use crate::applications::{complete, sent_and_confirmed};
    use std::collections::BTreeSet;
    use std::os::unix::process::CommandExt;
    use std::time::{Duration, Instant};
    let app = crate::support::spawn_app(pool.clone(), |_| {}).await;
    let ctx = app.state.ctx.clone();
    let dir = std::env::temp_dir().join(format!("framaspace-server-faults-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    // Nextcloud 34: the OAuth2 client goes through the web side, paused there too.
    let host = StandIn {
        dir: dir.join("nc34"),
        ..StandIn::new("nc34", Version::V34)
    }
    .start(&ctx)
    .await;
    testkit::applicants::open(&app.state.ctx).await;
    let mut fields = complete();
    fields.iter_mut().for_each(|(k, v)| {
        if *k == "office" {
            *v = "onlyoffice"
        }
    });
    let (_, id) = sent_and_confirmed(&app, &fields).await;
    let modo = app
        .log_in_as("modo@frama.example", backend::accounts::Role::Moderator)
        .await;
    crate::applications::approve(&app, &modo, id).await;
    let slug = "les-amis";
    let space: i64 = sqlx::query_scalar("select id from spaces")
        .fetch_one(&pool)
        .await
        .unwrap();
    host.set_faults(
        Some(slug),
        &nextcloud_sim::Faults {
            pause_after_effect_ms: 20_000,
            ..Default::default()
        },
    )
    .unwrap();
    let url = crate::support::database_url(&pool);
    let worker = || {
        std::process::Command::new(env!("CARGO_BIN_EXE_framaspace"))
            .arg("worker")
            .env("DATABASE_URL", &url)
            .env("FRAMASPACE_SERVER__MODE", "development")
            .env("FRAMASPACE_JOBS__LEASE_SECS", "1")
            .env("FRAMASPACE_JOBS__POLL_INTERVAL_MS", "50")
            .env("FRAMASPACE_MAIL__FILE_DIR", dir.join("mail"))
            .env_remove("FRAMASPACE_CONFIG")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            // Its own process group: killed with the `occ` it runs.
            .process_group(0)
            .spawn()
            .unwrap()
    };
    let state = || {
        let pool = pool.clone();
        async move {
            sqlx::query_scalar::<_, SpaceState>("select state from spaces where id = $1")
                .bind(space)
                .fetch_one(&pool)
                .await
                .unwrap()
        }
    };
    let running_step = || {
        let pool = pool.clone();
        async move {
            sqlx::query_scalar::<_, String>(
                "select step from space_steps where space_id = $1 and outcome = $2
                 order by id desc limit 1",
            )
            .bind(space)
            .bind(StepOutcome::Running)
            .fetch_optional(&pool)
            .await
            .unwrap()
            .unwrap_or_default()
        }
    };
    /// A worker process, killed with its group however the test ends.
    struct Worker(std::process::Child);
    impl Worker {
        fn kill(&mut self) -> bool {
            let group = std::process::Command::new("kill")
                .args(["-s", "KILL", "--", &format!("-{}", self.0.id())])
                .status()
                .is_ok_and(|s| s.success());
            let _ = self.0.kill();
            let _ = self.0.wait();
            group
        }
    }
    impl Drop for Worker {
        fn drop(&mut self) {
            self.kill();
        }
    }
    let mut killed: BTreeSet<(String, String)> = BTreeSet::new();
    let started = Instant::now();
    'runs: for _ in 0..100 {
        let mut child = Worker(worker());
        loop {
            assert!(
                started.elapsed() < Duration::from_secs(240),
                "provisioning never ended; killed at {killed:?}"
            );
            if state().await == SpaceState::Active {
                child.kill();
                break 'runs;
            }
            if let Some(what) = host.store.paused(slug) {
                let step = running_step().await;
                if killed.insert((step, what)) {
                    assert!(child.kill(), "the worker's process group is killed");
                    host.store.clear_paused(slug);
                    continue 'runs;
                }
                host.store.release(slug);
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }
    assert_eq!(state().await, SpaceState::Active, "killed at {killed:?}");
    println!("{} kills: {killed:?}", killed.len());
    let steps: BTreeSet<&str> = killed.iter().map(|(s, _)| s.as_str()).collect();
    for step in [
        "site",
        "database",
        "install",
        "settings",
        "apps",
        "office",
        "theming",
        "referent",
        "app-password",
        "oauth-client",
    ] {
        assert!(
            steps.contains(step),
            "never killed during {step}: {killed:?}"
        );
    }
    assert!(
        killed.contains(&("install".to_string(), "install-begun".to_string())),
        "killed in the middle of the install: {killed:?}"
    );
    let inst = host.store.load(slug).unwrap().unwrap();
    assert!(inst.installed);
    assert_eq!(
        inst.users.keys().collect::<Vec<_>>(),
        ["camille.martin", backend::provisioning::steps::PORTAL_ADMIN],
        "one referent account"
    );
    let app_passwords = inst
        .tokens
        .iter()
        .filter(|t| t.uid == backend::provisioning::steps::PORTAL_ADMIN && t.name == "cli")
        .count();
    assert_eq!(app_passwords, 1, "one app password; killed at {killed:?}");
    assert_eq!(inst.oauth_clients.len(), 1, "one OAuth2 client");
    assert_eq!(
        host.mails(slug)
            .iter()
            .filter(|m| m.to == "camille@example.org")
            .count(),
        1,
        "Nextcloud's welcome mail, once"
    );
    let welcome: i64 =
        sqlx::query_scalar("select count(*) from mail_outbox where kind = 'space-welcome'")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(welcome, 1, "the portal's welcome mail, once");
    // One install: the one whose admin password the portal sealed before running it.
    let sealed: Vec<u8> = sqlx::query_scalar("select admin_password from spaces where id = $1")
        .bind(space)
        .fetch_one(&pool)
        .await
        .unwrap();
    let password = backend::nextcloud::secrets::open(
        &ctx.settings.secret_key,
        backend::nextcloud::secrets::Kind::AdminPassword,
        slug,
        &sealed,
    )
    .unwrap();
    let access = fleet::host(&ctx, &operator(), "nc34")
        .await
        .unwrap()
        .unwrap()
        .access()
        .unwrap();
    let me = backend::nextcloud::Ocs::new(
        &access,
        slug,
        Some(backend::nextcloud::Auth::Basic {
            user: backend::provisioning::steps::PORTAL_ADMIN.into(),
            password,
        }),
    )
    .unwrap()
    .me()
    .await
    .unwrap();
    assert_eq!(me.id, backend::provisioning::steps::PORTAL_ADMIN);
    let _ = std::fs::remove_dir_all(&dir);
}
