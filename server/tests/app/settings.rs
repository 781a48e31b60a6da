//! A space's settings from its dashboard, against a provisioned space on a stand-in host:
//! apps turned off and on by a job of the queue (an app the host lacks said so, an app not
//! offered refused), the name and colour set with `theming:config`, the logo written by the
//! host script then set, a hostile file or text refused beside its field with nothing kept,
//! and the office suite switched by a change of the space.

use sqlx::PgPool;

use crate::provisioning::provisioned;
use crate::support::{shown_in_main, Response, TestApp};

const SETTINGS: &str = "/espace/les-amis/reglages";
const LOGO: &str = "/espace/les-amis/reglages/logo";

fn dir(name: &str) -> std::path::PathBuf {
    std::env::temp_dir().join(format!("framaspace-settings-{name}-{}", std::process::id()))
}

/// A PNG's signature and header, `w`×`h` pixels: what the portal and the host read of it.
pub(crate) fn png(w: u32, h: u32) -> Vec<u8> {
    let mut b = b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR".to_vec();
    b.extend_from_slice(&w.to_be_bytes());
    b.extend_from_slice(&h.to_be_bytes());
    b.extend_from_slice(&[8, 6, 0, 0, 0, 0, 0, 0, 0]);
    b.extend_from_slice(&[0u8; 64]);
    b
}

/// Sends `bytes` as the logo's file (`multipart/form-data`).
async fn send_logo(app: &TestApp, cookie: &str, name: &str, bytes: &[u8]) -> Response {
    let boundary = "----framaspace-test-logo-0gW7MA4YWx";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"logo\"; filename=\"{name}\"\r\n\
         Content-Type: application/octet-stream\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let origin = app.origin();
    let content_type = format!("multipart/form-data; boundary={boundary}");
    app.request_bytes(
        "POST",
        LOGO,
        &[
            ("content-type", &content_type),
            ("origin", &origin),
            ("cookie", cookie),
        ],
        &body,
    )
    .await
}

fn done(res: &Response, outcome: &str) {
    assert_eq!(res.status, 303, "{}", res.body);
    assert_eq!(
        res.header("location"),
        Some(format!("{SETTINGS}?resultat={outcome}").as_str())
    );
}

/// The list item of `app` on the settings page.
fn app_item<'a>(page: &'a str, app: &str) -> &'a str {
    let start = page
        .find(&format!("id=\"app-{app}\""))
        .unwrap_or_else(|| panic!("{app} is listed"));
    let end = page[start..].find("</li>").unwrap() + start;
    &page[start..end]
}

async fn wishes(app: &TestApp) -> i64 {
    sqlx::query_scalar("select count(*) from space_wishes")
        .fetch_one(&app.pool)
        .await
        .unwrap()
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn the_referent_sets_apps_look_and_office_suite(pool: PgPool) {
    let app = crate::support::spawn_app(pool, |_| {}).await;
    let (host, _, _, _) = provisioned(&app, &dir("main"), "sim-settings").await;
    app.drain_jobs().await;
    let cookie = app.log_in_to_space("les-amis", "camille@example.org").await;
    // The host's operator never installed the whiteboard.
    host.store
        .update("les-amis", |i| {
            i.apps.remove("whiteboard");
        })
        .unwrap();

    let page = app.get_with(SETTINGS, &[("cookie", &cookie)]).await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(shown_in_main(&page.body, "Collabora Online"));
    assert!(
        app_item(&page.body, "cospend").contains("activée"),
        "{}",
        app_item(&page.body, "cospend")
    );
    assert!(
        app_item(&page.body, "notes").contains("désactivée"),
        "{}",
        app_item(&page.body, "notes")
    );
    assert!(
        app_item(&page.body, "whiteboard").contains("pas encore installée"),
        "{}",
        app_item(&page.body, "whiteboard")
    );
    assert!(
        !app_item(&page.body, "whiteboard").contains("<button"),
        "{}",
        app_item(&page.body, "whiteboard")
    );
    // Those off at first are folded away, after the others.
    let folded = page.body.find("<details").unwrap();
    assert!(page.body.find("id=\"app-notes\"").unwrap() > folded);
    assert!(page.body.find("id=\"app-cospend\"").unwrap() < folded);

    // Shared budgets off, notes on: noted, then done by the queue.
    for (which, to) in [("cospend", "off"), ("notes", "on")] {
        let res = app
            .post_with(
                SETTINGS,
                &cookie,
                &format!("action=app&app={which}&to={to}"),
            )
            .await;
        done(&res, "asked");
    }
    let page = app.get_with(SETTINGS, &[("cookie", &cookie)]).await;
    assert!(
        app_item(&page.body, "cospend").contains("En cours"),
        "{}",
        app_item(&page.body, "cospend")
    );
    app.drain_jobs().await;
    let inst = host.store.load("les-amis").unwrap().unwrap();
    assert!(!inst.app_enabled("cospend"));
    assert!(inst.app_enabled("notes"));
    let page = app.get_with(SETTINGS, &[("cookie", &cookie)]).await;
    assert!(
        app_item(&page.body, "cospend").contains("désactivée"),
        "{}",
        app_item(&page.body, "cospend")
    );
    assert!(
        !app_item(&page.body, "cospend").contains("En cours"),
        "{}",
        app_item(&page.body, "cospend")
    );
    assert!(
        app_item(&page.body, "notes").contains("activée"),
        "{}",
        app_item(&page.body, "notes")
    );

    // An app the dashboard does not offer, or a forged choice: refused, nothing noted.
    let before = wishes(&app).await;
    for body in [
        "action=app&app=files_external&to=on",
        "action=app&app=registration&to=on",
        "action=app&app=notes&to=maybe",
        "action=office&suite=word",
    ] {
        let res = app.post_with(SETTINGS, &cookie, body).await;
        assert_eq!(res.status, 422, "{body}");
    }
    assert_eq!(wishes(&app).await, before);

    // The name and the colour, set with `theming:config`; markup shown as text.
    let res = app
        .post_with(
            SETTINGS,
            &cookie,
            "action=name&name=Les+Amis+%3Cb%3Edu%3C%2Fb%3E+quartier",
        )
        .await;
    done(&res, "asked");
    let res = app
        .post_with(SETTINGS, &cookie, "action=color&color=%231A6B3C")
        .await;
    done(&res, "asked");
    app.drain_jobs().await;
    let inst = host.store.load("les-amis").unwrap().unwrap();
    assert_eq!(
        inst.app_value("theming", "name"),
        Some("Les Amis <b>du</b> quartier")
    );
    assert_eq!(inst.app_value("theming", "primary_color"), Some("#1a6b3c"));
    let page = app.get_with(SETTINGS, &[("cookie", &cookie)]).await;
    assert!(page
        .body
        .contains("Les Amis &lt;b&gt;du&lt;/b&gt; quartier"));
    assert!(!page.body.contains("<b>du</b>"));
    assert!(page.body.contains("fill=\"#1a6b3c\""), "the colour drawn");

    // The logo: written by the host script inside the space's folder, then set; the
    // portal forgets the file once it is applied.
    let res = send_logo(&app, &cookie, "logo.png", &png(256, 128)).await;
    done(&res, "asked");
    app.drain_jobs().await;
    let inst = host.store.load("les-amis").unwrap().unwrap();
    assert_eq!(inst.app_value("theming", "logoMime"), Some("image/png"));
    let file = host.store.space_dir("les-amis").join("theming/logo.png");
    assert_eq!(std::fs::read(&file).unwrap(), png(256, 128));
    let kept: Option<Vec<u8>> =
        sqlx::query_scalar("select logo from space_wishes where topic = 'logo'")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(kept, None);
    let page = app.get_with(SETTINGS, &[("cookie", &cookie)]).await;
    assert!(page.body.contains("image/png 256×128"), "{}", page.body);

    // The office suite: a change of the space, its apps switched and set up.
    let res = app
        .post_with(SETTINGS, &cookie, "action=office&suite=onlyoffice")
        .await;
    done(&res, "office-asked");
    let page = app.get_with(SETTINGS, &[("cookie", &cookie)]).await;
    assert!(page.body.contains("en cours"), "{}", page.body);
    app.drain_jobs().await;
    let inst = host.store.load("les-amis").unwrap().unwrap();
    assert!(inst.app_enabled("onlyoffice"));
    assert!(!inst.app_enabled("richdocuments"));
    assert!(!inst.app_enabled("cospend"), "the other apps as they were");
    assert!(inst.app_enabled("notes"));
    let page = app.get_with(SETTINGS, &[("cookie", &cookie)]).await;
    assert!(shown_in_main(&page.body, "s’ouvrent avec OnlyOffice"));
    assert!(page.body.contains("terminé"));
    let actor: String =
        sqlx::query_scalar("select actor from space_events order by id desc limit 1")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(actor, "referent");
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn bad_names_colours_and_logos_are_refused_beside_their_field(pool: PgPool) {
    let app = crate::support::spawn_app(pool, |_| {}).await;
    let (host, _, _, _) = provisioned(&app, &dir("bad"), "sim-settings-bad").await;
    app.drain_jobs().await;
    let cookie = app.log_in_to_space("les-amis", "camille@example.org").await;
    let long = "a".repeat(81);
    for (body, says) in [
        ("action=name&name=", "Indiquez le nom de l’espace"),
        ("action=name&name=++", "Indiquez le nom de l’espace"),
        ("action=name&name=Les%0D%0AAmis", "tenir sur une ligne"),
        ("action=name&name=Les%00Amis", "tenir sur une ligne"),
        (&format!("action=name&name={long}") as &str, "trop long"),
        ("action=color&color=red", "Indiquez une couleur"),
        ("action=color&color=%231a6b3", "Indiquez une couleur"),
        (
            "action=color&color=%23fff%3Cscript%3E",
            "Indiquez une couleur",
        ),
    ] {
        let res = app.post_with(SETTINGS, &cookie, body).await;
        assert_eq!(res.status, 422, "{body}");
        assert!(res.body.contains(says), "{body}: {says}");
        assert!(!res.body.contains("<script>"), "{body}");
    }
    // What was typed stays in its field.
    let res = app
        .post_with(SETTINGS, &cookie, "action=color&color=vert+sapin")
        .await;
    assert!(res.body.contains("value=\"vert sapin\""), "{}", res.body);

    let svg = br#"<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>"#;
    let mut jpeg_in_disguise = b"<svg><script>alert(1)</script></svg>".to_vec();
    jpeg_in_disguise.extend_from_slice(&[0xff, 0xd8, 0xff]);
    for (name, bytes, says, status) in [
        ("logo.svg", svg.to_vec(), "ni en PNG ni en JPEG", 422),
        ("logo.png", jpeg_in_disguise, "ni en PNG ni en JPEG", 422),
        ("logo.png", Vec::new(), "Choisissez une image", 422),
        ("logo.png", png(8, 8), "de 16 à 4", 422),
        ("logo.png", png(5000, 100), "de 16 à 4", 422),
        (
            "logo.png",
            b"\x89PNG\r\n\x1a\n".to_vec(),
            "ni en PNG ni en JPEG",
            422,
        ),
        ("logo.png", vec![0u8; 3 * 1024 * 1024], "dépasse 1", 413),
    ] {
        let res = send_logo(&app, &cookie, name, &bytes).await;
        assert_eq!(res.status, status, "{name} {says}");
        assert!(res.body.contains(says), "{name}: {says}");
        assert!(
            res.body.contains("id=\"settings-logo-error\""),
            "beside the field"
        );
    }
    assert_eq!(wishes(&app).await, 0, "nothing kept");
    let inst = host.store.load("les-amis").unwrap().unwrap();
    assert_eq!(inst.app_value("theming", "logoMime"), None);
}

/// A wish asked while the space does not answer waits, said on the page, and is applied
/// once the space answers; one asked again replaces the first.
#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn a_wish_waits_for_a_space_that_does_not_answer(pool: PgPool) {
    let app = crate::support::spawn_app(pool, |_| {}).await;
    let (host, _, _, _) = provisioned(&app, &dir("down"), "sim-settings-down").await;
    app.drain_jobs().await;
    let cookie = app.log_in_to_space("les-amis", "camille@example.org").await;
    host.set_faults(
        Some("les-amis"),
        &nextcloud_sim::store::Faults {
            down: true,
            ..Default::default()
        },
    )
    .unwrap();
    for color in ["%23aa0000", "%23123456"] {
        let res = app
            .post_with(SETTINGS, &cookie, &format!("action=color&color={color}"))
            .await;
        done(&res, "asked");
    }
    let page = app.get_with(SETTINGS, &[("cookie", &cookie)]).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("ne répond pas en ce moment"));
    // The job tries, fails, and is tried again later: the page says so.
    let registry = std::sync::Arc::new(backend::portal::jobs(&app.state.ctx.settings));
    let worker = backend::jobs::Worker::new(app.state.ctx.clone(), registry, "test");
    worker.run_once().await.unwrap();
    let page = app.get_with(SETTINGS, &[("cookie", &cookie)]).await;
    assert!(page.body.contains("nous réessayons"), "{}", page.body);
    host.set_faults(Some("les-amis"), &nextcloud_sim::store::Faults::default())
        .unwrap();
    sqlx::query("update jobs set run_at = now() where kind = 'referents.settings'")
        .execute(&app.pool)
        .await
        .unwrap();
    app.drain_jobs().await;
    let inst = host.store.load("les-amis").unwrap().unwrap();
    assert_eq!(inst.app_value("theming", "primary_color"), Some("#123456"));
}

/// Leaving: the referent asks for the deletion by typing the space's address again, gets the
/// mail with its cancel link, sees the date, and keeps the space from the dashboard.
#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn the_referent_asks_for_the_deletion_and_keeps_the_space(pool: PgPool) {
    let app = crate::support::spawn_app(pool, |_| {}).await;
    let (_host, _, _, _) = provisioned(&app, &dir("leave"), "sim-settings-leave").await;
    app.drain_jobs().await;
    let cookie = app.log_in_to_space("les-amis", "camille@example.org").await;
    let delete_after = || async {
        sqlx::query_scalar::<_, Option<chrono::DateTime<chrono::Utc>>>(
            "select delete_after from spaces",
        )
        .fetch_one(&app.pool)
        .await
        .unwrap()
    };
    // Another address, or none: refused beside the field, what was typed kept.
    for typed in ["autre-asso", "", "les-amis%0D%0AX"] {
        let res = app
            .post_with(SETTINGS, &cookie, &format!("action=delete&confirm={typed}"))
            .await;
        assert_eq!(res.status, 422, "{typed}");
        assert!(
            res.body.contains("Recopiez l’adresse de votre espace"),
            "{typed}"
        );
    }
    let res = app
        .post_with(SETTINGS, &cookie, "action=delete&confirm=autre-asso")
        .await;
    assert!(res.body.contains("value=\"autre-asso\""));
    assert_eq!(delete_after().await, None);

    let res = app
        .post_with(SETTINGS, &cookie, "action=delete&confirm=+Les-Amis+")
        .await;
    done(&res, "deletion-asked");
    let after = delete_after().await.expect("a deletion asked");
    let days = (after - chrono::Utc::now()).num_days();
    assert!((29..=30).contains(&days), "{days}");
    let actor: String =
        sqlx::query_scalar("select actor from space_events order by id desc limit 1")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(actor, "referent");
    let page = app.get_with(SETTINGS, &[("cookie", &cookie)]).await;
    assert!(
        shown_in_main(&page.body, "il sera supprimé le"),
        "{}",
        page.body
    );
    assert!(shown_in_main(&page.body, "Garder mon espace"));
    let res = app
        .post_with(SETTINGS, &cookie, "action=delete&confirm=les-amis")
        .await;
    done(&res, "deletion-pending");

    // Kept from the dashboard: the deletion cancelled, both mails sent.
    let res = app
        .post_with("/espace/les-amis", &cookie, "action=cancel-deletion")
        .await;
    assert_eq!(res.status, 303, "{}", res.body);
    assert_eq!(delete_after().await, None);
    // Read before they go (a mail's words are erased once sent).
    let bodies: Vec<String> =
        sqlx::query_scalar("select body_text from mail_outbox where kind = $1 order by id")
            .bind(backend::provisioning::lifecycle::MAIL_LIFECYCLE)
            .fetch_all(&app.pool)
            .await
            .unwrap();
    assert_eq!(bodies.len(), 2, "{bodies:?}");
    assert!(bodies[0].contains("Il sera supprimé le"), "{bodies:?}");
    assert!(
        bodies[0].contains("/espace/suppression/"),
        "the cancel link"
    );
    assert!(bodies[1].contains("est annulée"), "{bodies:?}");
    app.drain_jobs().await;
}
