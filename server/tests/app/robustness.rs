//! What a hostile or unlucky visitor meets: hostile return paths, panics, timeouts, bodies
//! too large, and the error pages they lead to.

use std::time::Duration;

use axum::routing::get;
use sqlx::PgPool;

use crate::support::{spawn_app, spawn_app_with, Response};

/// True when a browser following `location` stays on this site.
fn stays_on_site(location: &str) -> bool {
    let bytes = location.as_bytes();
    location.starts_with('/')
        && !matches!(bytes.get(1), Some(b'/') | Some(b'\\'))
        && location.bytes().all(|b| b.is_ascii_graphic() && b != b'\\')
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn the_language_switch_never_leaves_the_site_whatever_retour_holds(pool: PgPool) {
    let app = spawn_app(pool, |_| {}).await;
    let long = format!("/{}", "a".repeat(60 * 1024));
    let hostile: Vec<String> = [
        "//evil.example",
        "//evil.example/",
        "///evil.example",
        "/\\evil.example",
        "/%5Cevil.example",
        "/%5cevil.example",
        "\\\\evil.example",
        "%5C%5Cevil.example",
        "/%09/evil.example",
        "%2F%09%2Fevil.example",
        "/%0a/evil.example",
        "/%0d%0aSet-Cookie:%20x=1",
        "/%0D%0ALocation:%20https://evil.example",
        "%2F%0d%0a%2Fevil",
        "/%00",
        "/%00/evil.example",
        "%2F%2Fevil.example",
        "/%2F/evil.example",
        "/%2f%2fevil.example",
        "https://evil.example",
        "http:evil.example",
        "javascript:alert(1)",
        "JaVaScRiPt%3Aalert(1)",
        "data:text/html,<script>alert(1)</script>",
        "/%3Cscript%3Ealert(1)%3C/script%3E",
        "/x?u=https://evil.example",
        "/ /evil.example",
        "%20//evil.example",
        "/%E2%80%AE/evil.example",
        "/%ff%fe",
        "%ff",
        "/\u{7f}",
        "",
        "evil.example",
        ".//evil.example",
        "/%252F%252Fevil.example",
        "/%",
        "/%%32%46",
    ]
    .iter()
    .map(|s| s.to_string())
    .chain([long])
    .collect();
    assert!(hostile.len() >= 30);
    for value in &hostile {
        // Sent as typed: unencoded characters that HTTP allows in a request line go as they
        // are, the rest percent-encoded, as a browser would.
        let query: String = value
            .bytes()
            .map(|b| {
                if b.is_ascii_graphic() && b != b'#' {
                    (b as char).to_string()
                } else {
                    format!("%{b:02X}")
                }
            })
            .collect();
        let res = app.get(&format!("/langue/en?retour={query}")).await;
        assert!(res.status < 500, "{value:?}: {}", res.status);
        if res.status == 303 {
            let location = res.header("location").unwrap();
            assert!(stays_on_site(location), "{value:?} led to {location:?}");
            assert!(res.header("set-cookie").unwrap().starts_with("lang=en;"));
        }
    }
    // Raw control characters and backslashes in the request line itself.
    for raw in ["/%09/evil", "/\\evil", "/%0d%0a"] {
        let res = app.get(&format!("/langue/fr?retour={raw}")).await;
        assert!(res.status < 500);
        if let Some(location) = res.header("location") {
            assert!(stays_on_site(location), "{raw:?} led to {location:?}");
        }
    }
    // What the site's own links carry still works.
    let res = app.get("/langue/en?retour=/lettre/merci").await;
    assert_eq!(res.header("location"), Some("/lettre/merci"));
    // A path with an accent, as the page's switch link encodes it.
    let res = app.get("/langue/en?retour=/caf%25C3%25A9").await;
    assert_eq!(res.header("location"), Some("/caf%C3%A9"));
}

fn panicking_routes() -> axum::Router<server::AppState> {
    axum::Router::new()
        .route(
            "/essai/panique",
            get(|| async {
                if true {
                    panic!("a bug in a handler");
                }
                "never"
            }),
        )
        .route(
            "/essai/lent",
            get(|| async {
                tokio::time::sleep(Duration::from_secs(5)).await;
                "too late"
            }),
        )
}

fn assert_security_headers(res: &Response, what: &str) {
    let csp = res
        .header("content-security-policy")
        .unwrap_or_else(|| panic!("{what}: CSP"));
    assert!(csp.contains("frame-ancestors 'none'"), "{what}");
    assert_eq!(
        res.header("x-content-type-options"),
        Some("nosniff"),
        "{what}"
    );
    assert_eq!(res.header("x-frame-options"), Some("DENY"), "{what}");
    assert!(res.header("referrer-policy").is_some(), "{what}");
    assert!(res.header("x-request-id").is_some(), "{what}");
    assert!(
        res.header("content-type")
            .unwrap_or("")
            .starts_with("text/html"),
        "{what}: a page"
    );
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn a_panic_becomes_the_translated_500_page_and_the_server_lives_on(pool: PgPool) {
    let app = spawn_app_with(pool, |_| {}, panicking_routes()).await;
    let fr = app.get("/essai/panique").await;
    assert_eq!(fr.status, 500);
    assert_security_headers(&fr, "500");
    assert!(fr.body.contains("Une erreur est survenue"), "{}", fr.body);
    let id = fr.header("x-request-id").unwrap();
    assert!(
        fr.body.contains(id),
        "the page gives the request id to quote"
    );
    assert!(
        !fr.body.contains("a bug in a handler"),
        "no internals shown"
    );
    assert!(!fr.body.contains(".wasm"), "error pages are not hydrated");
    let en = app
        .get_with("/essai/panique", &[("accept-language", "en")])
        .await;
    assert!(en.body.contains("Something went wrong"));
    // The process and its other routes are fine.
    for _ in 0..3 {
        assert_eq!(app.get("/").await.status, 200);
    }
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn every_error_page_has_the_security_headers_in_the_visitors_language(pool: PgPool) {
    let app = spawn_app_with(
        pool,
        |c| c.server.request_timeout_secs = 1,
        panicking_routes(),
    )
    .await;
    let origin = app.origin();
    let big = format!("email={}", "a".repeat(300 * 1024));
    for (lang, cookie) in [("fr", "lang=fr"), ("en", "lang=en")] {
        let cases: Vec<(&str, Response, u16, &str)> = vec![
            (
                "404",
                app.get_with("/nulle-part", &[("cookie", cookie)]).await,
                404,
                if lang == "fr" {
                    "Page introuvable"
                } else {
                    "Page not found"
                },
            ),
            (
                "403",
                app.request(
                    "POST",
                    "/lettre",
                    &[("cookie", cookie), ("origin", "https://evil.example")],
                    "email=x",
                )
                .await,
                403,
                if lang == "fr" {
                    "Accès refusé"
                } else {
                    "Access denied"
                },
            ),
            (
                "413",
                app.request(
                    "POST",
                    "/lettre",
                    &[
                        ("cookie", cookie),
                        ("origin", &origin),
                        ("content-type", "application/x-www-form-urlencoded"),
                    ],
                    &big,
                )
                .await,
                // A form's page again, which says why (never a bare 413).
                413,
                if lang == "fr" {
                    "Ce texte est trop long"
                } else {
                    "This text is too long"
                },
            ),
            (
                "500",
                app.get_with("/essai/panique", &[("cookie", cookie)]).await,
                500,
                if lang == "fr" {
                    "Une erreur est survenue"
                } else {
                    "Something went wrong"
                },
            ),
            (
                "503",
                app.get_with("/essai/lent", &[("cookie", cookie)]).await,
                503,
                if lang == "fr" {
                    "Service momentanément indisponible"
                } else {
                    "Service temporarily unavailable"
                },
            ),
            (
                "unknown language",
                app.get_with("/langue/xx", &[("cookie", cookie)]).await,
                404,
                if lang == "fr" {
                    "Page introuvable"
                } else {
                    "Page not found"
                },
            ),
        ];
        for (what, res, status, title) in cases {
            assert_eq!(res.status, status, "{what} ({lang})");
            assert_security_headers(&res, what);
            assert!(
                res.body.contains(&format!("<html lang=\"{lang}\"")),
                "{what} in {lang}"
            );
            assert!(res.body.contains(title), "{what} ({lang}): {}", res.body);
            assert_eq!(crate::support::h1_count(&res.body), 1, "{what}");
        }
    }
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn one_access_line_per_request_without_query_body_or_cookie(pool: PgPool) {
    let (logs, _capturing) = crate::support::capture_logs();
    let app = spawn_app(pool, |_| {}).await;
    let page = app
        .get_with(
            "/lettre/confirmer/secret-token-in-path?utm=secret-in-query",
            &[("cookie", "lang=fr; other=secret-in-cookie")],
        )
        .await;
    let posted = app
        .post_form("/lettre", "email=secret-in-body%40asso.example")
        .await;
    let text = String::from_utf8(logs.0.lock().unwrap().clone()).unwrap();
    let access: Vec<serde_json::Value> = text
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|v| v["target"] == "access")
        .collect();
    assert_eq!(access.len(), 2, "one line per request: {text}");
    let get = &access[0];
    assert_eq!(get["level"], "INFO");
    assert_eq!(get["method"], "GET");
    assert_eq!(
        get["route"], "/lettre/confirmer/{token}",
        "the pattern, not the path"
    );
    assert_eq!(get["status"], 200);
    assert_eq!(get["request_id"], page.header("x-request-id").unwrap());
    assert!(get["duration_ms"].as_f64().is_some());
    let post = &access[1];
    assert_eq!(
        (post["method"].as_str(), post["route"].as_str()),
        (Some("POST"), Some("/lettre"))
    );
    assert_eq!(post["status"], posted.status);
    for secret in [
        "secret-token-in-path",
        "secret-in-query",
        "secret-in-cookie",
        "secret-in-body",
    ] {
        assert!(!text.contains(secret), "{secret} logged: {text}");
    }
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn a_database_failure_is_never_shown_as_a_dead_link(pool: PgPool) {
    let app = spawn_app(pool, |_| {}).await;
    app.state.read_ctx.pool.close().await;
    for path in ["/lettre/confirmer/un-lien", "/equipe/connexion/un-lien"] {
        let res = app.get(path).await;
        assert_eq!(res.status, 500, "{path}");
        assert!(
            crate::support::shown_in_main(&res.body, "Une erreur est survenue"),
            "{path}: {}",
            res.body
        );
        assert!(!res.body.contains("ne fonctionne plus"), "{path}");
    }
}
