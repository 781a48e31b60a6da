//! Exporting a space, against a provisioned space on a stand-in host: the referent on file
//! asks (a GET changes nothing, a second request while one is open or soon after one was
//! made records nothing), the job has the host script write one archive of the data folder
//! and of the database into the referent's files, `files:scan` lists it in Nextcloud, and
//! the referent is mailed; the dashboard and the staff's page follow it. A host that cannot
//! make exports says so to the referent and raises an alert; staff start it again.

use sqlx::PgPool;

use app::pages::space::export::ExportOutcome;
use app::pages::staff::spaces::actions::SpaceOutcome;

use crate::provisioning::provisioned;
use crate::support::{shown_in_main, Response, TestApp};

const EXPORT: &str = "/espace/les-amis/exporter";

fn dir(name: &str) -> std::path::PathBuf {
    std::env::temp_dir().join(format!("framaspace-export-{name}-{}", std::process::id()))
}

fn done(res: &Response, outcome: ExportOutcome) {
    assert_eq!(res.status, 303, "{}", res.body);
    let shown = app::actions::outcome_query(EXPORT, &outcome);
    assert_eq!(res.header("location"), Some(shown.as_str()));
}

async fn space_id(app: &TestApp) -> i64 {
    sqlx::query_scalar("select id from spaces")
        .fetch_one(&app.pool)
        .await
        .unwrap()
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn the_referent_asks_for_an_export_that_lands_in_their_files(pool: PgPool) {
    let app = crate::support::spawn_app(pool, |_| {}).await;
    let (host, modo, _, _) = provisioned(&app, &dir("made"), "sim-export").await;
    app.drain_jobs().await;
    let cookie = app.log_in_to_space("les-amis", "camille@example.org").await;
    // A member's file in the space's data folder.
    let files = host
        .store
        .space_dir("les-amis")
        .join("data/camille.martin/files");
    std::fs::create_dir_all(&files).unwrap();
    std::fs::write(files.join("compte-rendu-AG.txt"), "Assemblée du 3 mars").unwrap();

    let page = app.get_with(EXPORT, &[("cookie", &cookie)]).await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(shown_in_main(
        &page.body,
        "Aucun export n’a encore été demandé"
    ));
    assert!(page.body.contains("Demander un export"));
    assert_eq!(app.count("space_exports").await, 0, "a GET changes nothing");

    // Asked once; asked again while it is open: nothing more.
    done(
        &app.post_with(EXPORT, &cookie, "").await,
        ExportOutcome::Asked,
    );
    done(
        &app.post_with(EXPORT, &cookie, "").await,
        ExportOutcome::Open,
    );
    assert_eq!(app.count("space_exports").await, 1);
    let page = app.get_with(EXPORT, &[("cookie", &cookie)]).await;
    assert!(shown_in_main(&page.body, "Un export est en cours"));
    assert!(shown_in_main(&page.body, "En attente"));
    assert!(
        page.body.contains("method=\"get\""),
        "a refresh button without JavaScript"
    );
    assert!(!page.body.contains("http-equiv=\"refresh\""));

    app.drain_jobs().await;
    let (state, file, bytes): (String, String, i64) =
        sqlx::query_as("select state, file, bytes from space_exports")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(state, common::states::ExportState::Ready.as_str());
    assert!(
        file.starts_with("Exports/frama-space-les-amis-") && file.ends_with(".tar.gz"),
        "{file}"
    );
    // The archive is in the referent's files, and holds the member's file and the
    // instance's data; never config.php.
    let archive = host
        .store
        .space_dir("les-amis")
        .join("data/camille.martin/files")
        .join(&file);
    assert_eq!(
        std::fs::metadata(&archive).unwrap().len(),
        bytes as u64,
        "its size as recorded"
    );
    let listed = std::process::Command::new("tar")
        .arg("-tzf")
        .arg(&archive)
        .output()
        .unwrap();
    assert!(listed.status.success());
    let listed = String::from_utf8_lossy(&listed.stdout);
    assert!(
        listed.contains("data/camille.martin/files/compte-rendu-AG.txt"),
        "{listed}"
    );
    assert!(listed.contains("database.json"), "{listed}");
    assert!(!listed.contains("Exports/"), "never an export in an export");
    assert!(!listed.contains("config.php"));
    // Nextcloud lists it: `files:scan` put it in its file cache.
    let instance = host.store.load("les-amis").unwrap().unwrap();
    let cached = format!("/camille.martin/files/{file}");
    assert_eq!(instance.file_cache.get(&cached), Some(&(bytes as u64)));
    // The referent was mailed where to find it.
    let mail = app.sent_mails("camille@example.org");
    let mail = mail
        .iter()
        .find(|m| m.contains("/apps/files/?dir=/Exports"))
        .expect("the mail that says it is ready");
    assert!(mail.contains(file.trim_start_matches("Exports/")), "{mail}");
    assert!(mail.contains("camille.martin"), "the account that holds it");

    // The dashboard shows it, and a new request waits a day.
    let page = app.get_with(EXPORT, &[("cookie", &cookie)]).await;
    assert!(shown_in_main(&page.body, "Prêt"));
    assert!(shown_in_main(
        &page.body,
        "Vous pourrez en demander un nouveau"
    ));
    assert!(!page.body.contains("Demander un export"));
    done(
        &app.post_with(EXPORT, &cookie, "").await,
        ExportOutcome::Recent,
    );
    assert_eq!(app.count("space_exports").await, 1);
    // A day on, the next one replaces it in the folder.
    sqlx::query("update space_exports set finished_at = now() - interval '25 hours'")
        .execute(&app.pool)
        .await
        .unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    done(
        &app.post_with(EXPORT, &cookie, "").await,
        ExportOutcome::Asked,
    );
    app.drain_jobs().await;
    let folder = archive.parent().unwrap();
    let names: Vec<String> = std::fs::read_dir(folder)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 1, "one export at a time: {names:?}");
    assert!(!archive.exists(), "the former one is gone");
    let instance = host.store.load("les-amis").unwrap().unwrap();
    assert!(
        !instance.file_cache.contains_key(&cached),
        "and Nextcloud forgot it"
    );

    // Staff see the requests and their state on the space's page.
    let id = space_id(&app).await;
    let staff = app
        .get_with(&format!("/equipe/espaces/{id}"), &[("cookie", &modo)])
        .await;
    assert!(shown_in_main(
        &staff.body,
        "Exports demandés par la personne référente"
    ));
    assert!(shown_in_main(
        &staff.body,
        "Camille Martin (camille.martin)"
    ));
    assert!(shown_in_main(&staff.body, "frama-space-les-amis-"));

    // Someone who is not the referent on file (a co-administrator) sees who may ask, and
    // is refused.
    sqlx::query(
        "update spaces set referent_uid = 'dominique.roux', referent_name = 'Dominique Roux',
                referent_email = 'dominique@example.org'",
    )
    .execute(&app.pool)
    .await
    .unwrap();
    sqlx::query("update space_exports set finished_at = now() - interval '25 hours'")
        .execute(&app.pool)
        .await
        .unwrap();
    let page = app.get_with(EXPORT, &[("cookie", &cookie)]).await;
    assert!(shown_in_main(
        &page.body,
        "Seul·e Dominique Roux, référent·e de l’espace, peut demander un export"
    ));
    done(
        &app.post_with(EXPORT, &cookie, "").await,
        ExportOutcome::NotReferent,
    );
    assert_eq!(app.count("space_exports").await, 2);
}

/// A host without the host script's `export` action: the request says so, staff get an
/// alert and start it again once the host can; nothing is written meanwhile.
#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn a_host_that_cannot_export_says_so_and_staff_start_it_again(pool: PgPool) {
    let app = crate::support::spawn_app(pool, |_| {}).await;
    let (host, _, _, _) = provisioned(&app, &dir("none"), "sim-export-none").await;
    app.drain_jobs().await;
    let cookie = app.log_in_to_space("les-amis", "camille@example.org").await;
    // The host's script is an older copy: no `export` action.
    let template: String = sqlx::query_scalar("select host_script from hosts")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    let old = std::env::temp_dir().join(format!(
        "framaspace-old-host-script-{}.sh",
        std::process::id()
    ));
    std::fs::write(
        &old,
        "#!/bin/sh\nfor a in \"$@\"; do\n  if [ \"$a\" = export ]; then\n    echo \"framaspace-host: unknown action 'export'\" >&2; exit 2\n  fi\ndone\nexec \"$@\"\n",
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&old, std::fs::Permissions::from_mode(0o755)).unwrap();
    sqlx::query("update hosts set host_script = $1")
        .bind(format!("{} {template}", old.display()))
        .execute(&app.pool)
        .await
        .unwrap();

    done(
        &app.post_with(EXPORT, &cookie, "").await,
        ExportOutcome::Asked,
    );
    app.drain_jobs().await;
    let page = app.get_with(EXPORT, &[("cookie", &cookie)]).await;
    assert!(
        shown_in_main(
            &page.body,
            "Pas encore possible sur le serveur de votre espace"
        ),
        "{}",
        page.body
    );
    let exports = host
        .store
        .space_dir("les-amis")
        .join("data/camille.martin/files/Exports");
    assert!(!exports.exists(), "nothing written");
    let alerts: i64 = sqlx::query_scalar(
        "select count(*) from alerts where kind = $1 and subject = 'les-amis' and cleared_at is null",
    )
    .bind(common::states::AlertKind::ExportByHand)
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(alerts, 1);

    // The host is put right; an admin starts it again from the space's page.
    sqlx::query("update hosts set host_script = $1")
        .bind(&template)
        .execute(&app.pool)
        .await
        .unwrap();
    let admin = app
        .log_in_as("admin@frama.example", backend::accounts::Role::Admin)
        .await;
    let id = space_id(&app).await;
    let path = format!("/equipe/espaces/{id}");
    let page = app.get_with(&path, &[("cookie", &admin)]).await;
    assert!(shown_in_main(&page.body, "Impossible sur ce serveur"));
    assert!(page.body.contains("Relancer l’export"));
    let res = app.post_with(&path, &admin, "action=export").await;
    assert_eq!(
        res.header("location"),
        Some(app::actions::outcome_query(&path, &SpaceOutcome::ExportAgain).as_str())
    );
    let alerts: i64 =
        sqlx::query_scalar("select count(*) from alerts where kind = $1 and cleared_at is null")
            .bind(common::states::AlertKind::ExportByHand)
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(alerts, 0, "the alert is closed");
    app.drain_jobs().await;
    assert!(exports.exists());
    let res = app.post_with(&path, &admin, "action=export").await;
    assert_eq!(
        res.header("location"),
        Some(app::actions::outcome_query(&path, &SpaceOutcome::NoExport).as_str())
    );
}
