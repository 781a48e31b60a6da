//! The public pages: languages, structure, translations, status codes.

use sqlx::PgPool;

use crate::support::{h1_count, soon, spawn_app};

pub const PAGES: [&str; 9] = [
    "/",
    "/fonctionnalites",
    "/qui-peut-en-beneficier",
    "/questions",
    "/soutenir",
    "/mentions-legales",
    "/conditions",
    "/accessibilite",
    "/lettre",
];

/// Every message key of the locale files: none may reach a page untranslated.
fn all_keys() -> Vec<String> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../locales/fr");
    let mut keys = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        for line in text.lines() {
            if let Some((key, _)) = line.split_once(" = ") {
                if !key.starts_with([' ', '#']) && !key.is_empty() {
                    keys.push(key.to_string());
                }
            }
        }
    }
    keys
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn every_page_answers_in_both_languages_with_one_h1_and_no_raw_keys(pool: PgPool) {
    let app = spawn_app(pool, |_| {}).await;
    let keys = all_keys();
    assert!(keys.len() > 100);
    for lang in ["fr", "en"] {
        let cookie = format!("lang={lang}");
        for page in PAGES {
            let res = app.get_with(page, &[("cookie", &cookie)]).await;
            assert_eq!(res.status, 200, "{page} in {lang}");
            assert!(
                res.body.contains(&format!("<html lang=\"{lang}\"")),
                "{page} in {lang}"
            );
            assert_eq!(h1_count(&res.body), 1, "{page} in {lang} has one h1");
            assert!(
                res.body.contains("<main id=\"contenu\""),
                "{page}: main landmark"
            );
            assert!(res.body.contains("href=\"#contenu\""), "{page}: skip link");
            assert!(res.body.contains("<title>"), "{page}: title");
            for key in &keys {
                assert!(
                    !res.body.contains(&format!(">{key}<")),
                    "{page} in {lang} shows the raw key {key}"
                );
            }
        }
    }
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn language_comes_from_cookie_then_accept_language_then_french(pool: PgPool) {
    let app = spawn_app(pool, |_| {}).await;
    let fr = app.get("/").await;
    assert!(fr.body.contains("<html lang=\"fr\""));
    assert!(fr.body.contains("Un espace collaboratif libre et gratuit"));
    let en = app
        .get_with("/", &[("accept-language", "en-GB,en;q=0.9")])
        .await;
    assert!(en.body.contains("<html lang=\"en\""));
    assert!(en.body.contains("A free and open collaborative space"));
    let cookie_wins = app
        .get_with(
            "/",
            &[("accept-language", "en"), ("cookie", "theme=x; lang=fr")],
        )
        .await;
    assert!(cookie_wins.body.contains("<html lang=\"fr\""));
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn the_language_switch_sets_a_cookie_and_returns_to_the_page(pool: PgPool) {
    let app = spawn_app(pool, |_| {}).await;
    let res = app.get("/langue/en?retour=/questions").await;
    assert_eq!(res.status, 303);
    assert_eq!(res.header("location"), Some("/questions"));
    let cookie = res.header("set-cookie").unwrap();
    assert!(cookie.starts_with("lang=en;"), "{cookie}");
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"));
    // Never to another site.
    let res = app.get("/langue/fr?retour=//evil.example/").await;
    assert_eq!(res.header("location"), Some("/"));
    assert_eq!(app.get("/langue/de").await.status, 404);
    // The switch on a page points to the other language and back to that page.
    let page = app.get("/questions").await;
    assert!(
        page.body.contains("href=\"/langue/en?retour=/questions\""),
        "switch link"
    );
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn operator_settings_reach_the_pages(pool: PgPool) {
    let app = spawn_app(pool, |c| {
        c.site.name = "Espaces Solidaires".into();
        c.site.quota_gb = 25;
        c.site.accounts_per_space = 30;
        c.site.capacity = 1234;
        c.site.donation_url = "https://dons.example/".into();
        c.site.publisher = "Association Exemple".into();
    })
    .await;
    let home = app.get("/").await.body;
    assert!(home.contains("Espaces Solidaires"));
    assert!(home.contains("30 comptes"));
    assert!(home.contains("25 Go"));
    assert!(
        home.contains("1\u{202f}234 espaces"),
        "French digit grouping"
    );
    let support = app.get("/soutenir").await.body;
    assert!(support.contains("href=\"https://dons.example/\""));
    let legal = app.get("/mentions-legales").await.body;
    assert!(legal.contains("Association Exemple"));
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn unknown_pages_are_404_with_a_way_home(pool: PgPool) {
    let app = spawn_app(pool, |_| {}).await;
    let res = app.get("/nulle-part").await;
    assert_eq!(res.status, 404);
    assert!(res.body.contains("Page introuvable"));
    assert_eq!(h1_count(&res.body), 1);
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn health_and_readiness(pool: PgPool) {
    let app = spawn_app(pool, |_| {}).await;
    assert_eq!(app.get("/healthz").await.status, 200);
    assert_eq!(app.get("/readyz").await.status, 200);
    app.state.ctx.pool.close().await;
    assert_eq!(
        app.get("/healthz").await.status,
        200,
        "liveness does not need the database"
    );
    assert_eq!(app.get("/readyz").await.status, 503);
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn metrics_count_responses_on_their_own_address(pool: PgPool) {
    let app = spawn_app(pool, |_| {}).await;
    app.get("/").await;
    app.get("/nulle-part").await;
    assert_eq!(
        app.get("/metrics").await.status,
        404,
        "not on the public address"
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(server::http::serve(
        listener,
        server::http::metrics_router(app.state.clone()),
        std::future::pending(),
    ));
    let metrics = crate::support::TestApp {
        addr,
        pool: app.pool.clone(),
        state: app.state.clone(),
    };
    let text = metrics.get("/metrics").await.body;
    for line in [
        "framaspace_http_responses_total{class=\"2xx\"} 1",
        "framaspace_http_responses_total{class=\"4xx\"} 2",
        "framaspace_database_up 1",
        "framaspace_mail_outbox{state=\"pending\"} 0",
    ] {
        assert!(text.contains(line), "{line} in {text}");
    }
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn hashed_assets_are_served_precompressed_and_immutable(pool: PgPool) {
    let root = std::env::temp_dir().join(format!("framaspace-site-{}", std::process::id()));
    std::fs::create_dir_all(root.join("pkg")).unwrap();
    std::fs::write(root.join("pkg/app.abc123.css"), "body{color:red}").unwrap();
    std::fs::write(root.join("pkg/app.abc123.css.br"), "brotli-bytes").unwrap();
    let site_root = root.to_string_lossy().to_string();
    let app = spawn_app(pool, |c| c.server.site_root = site_root).await;
    let res = app
        .get_with("/pkg/app.abc123.css", &[("accept-encoding", "br")])
        .await;
    assert_eq!(res.status, 200);
    assert_eq!(res.header("content-encoding"), Some("br"));
    assert_eq!(res.body, "brotli-bytes");
    assert_eq!(
        res.header("cache-control"),
        Some("public, max-age=31536000, immutable")
    );
    let plain = app.get("/pkg/app.abc123.css").await;
    assert_eq!(plain.body, "body{color:red}");
    // Asked by someone logged in, it neither saves the session nor answers with its cookie.
    let me = app.log_in_to_forum("camille@example.org").await;
    let sessions = || async {
        sqlx::query_scalar::<_, Option<String>>("select max(expiry_date)::text from sessions")
            .fetch_one(&app.pool)
            .await
            .unwrap()
    };
    let before = sessions().await;
    let asset = app
        .get_with("/pkg/app.abc123.css", &[("cookie", &me)])
        .await;
    assert_eq!(asset.status, 200);
    assert_eq!(asset.header("set-cookie"), None);
    assert_eq!(sessions().await, before, "no session saved");
    let page = app.get_with("/forum", &[("cookie", &me)]).await;
    assert!(
        page.header("set-cookie").is_some(),
        "a page still touches it"
    );
    let missing = app.get("/pkg/nope.js").await;
    assert_eq!(missing.status, 404);
    assert_ne!(
        missing.header("cache-control"),
        Some("public, max-age=31536000, immutable")
    );
    std::fs::remove_dir_all(root).unwrap();
}

/// Whether registrations are open is kept by the server, and forgotten as soon as the
/// database says it changed, whoever changed it.
#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn the_public_pages_keep_the_registration_state_until_the_database_says_it_changed(
    pool: PgPool,
) {
    use crate::support::shown_in_main;
    let app = spawn_app(pool.clone(), |_| {}).await;
    let closed = "Les inscriptions sont fermées";
    assert!(shown_in_main(&app.get("/").await.body, closed));
    let public = app.state.public.clone();
    soon("the server listens for changes", || public.is_listening()).await;
    // Read now, and kept.
    assert!(shown_in_main(&app.get("/").await.body, closed));
    // A window opened by another connection with its triggers off (as a restore would):
    // no notification, and the pages still say what they kept.
    let mut other = pool.acquire().await.unwrap();
    sqlx::query("set session_replication_role = replica")
        .execute(&mut *other)
        .await
        .unwrap();
    sqlx::query(
        "insert into registration_windows (opens_at, closes_at, note_fr, note_en)
         values (now() - interval '1 day', now() + interval '10 days', '', '')",
    )
    .execute(&mut *other)
    .await
    .unwrap();
    assert!(
        shown_in_main(&app.get("/").await.body, closed),
        "served from what was kept"
    );
    // Any change to what it is made of notifies (here, the same window touched), and the
    // next page reads it again.
    let heard = public.changes_heard();
    sqlx::query("set session_replication_role = origin")
        .execute(&mut *other)
        .await
        .unwrap();
    sqlx::query("update registration_windows set note_fr = 'Vague'")
        .execute(&mut *other)
        .await
        .unwrap();
    soon("the change is heard", || public.changes_heard() > heard).await;
    assert!(shown_in_main(
        &app.get("/").await.body,
        "Les inscriptions sont ouvertes"
    ));
    drop(other);
    // The spaces and the applications notify too.
    for statement in [
        "update spaces set state = state",
        "update applications set status = status",
    ] {
        let heard = public.changes_heard();
        sqlx::query(statement).execute(&pool).await.unwrap();
        soon(statement, || public.changes_heard() > heard).await;
    }
}
