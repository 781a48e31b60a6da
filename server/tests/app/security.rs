//! Who may call what, and the headers every response carries.

use sqlx::PgPool;

use crate::support::spawn_app;

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn cross_site_posts_are_refused_everywhere(pool: PgPool) {
    let app = spawn_app(pool, |_| {}).await;
    // Every route that is not a GET, from the route list.
    for route in app::routes::all().iter().filter(|r| r.method != "GET") {
        let path = route.path.replace("{token}", "1.x");
        let path = path.as_str();
        let res = app
            .request(
                "POST",
                path,
                &[
                    ("content-type", "application/x-www-form-urlencoded"),
                    ("origin", "https://evil.example"),
                ],
                "email=victim%40asso.example&form[email]=victim%40asso.example&lang=fr",
            )
            .await;
        assert_eq!(res.status, 403, "{path}");
        let res = app
            .request(
                "POST",
                path,
                &[("sec-fetch-site", "cross-site")],
                "email=victim%40asso.example",
            )
            .await;
        assert_eq!(res.status, 403, "{path} (fetch metadata)");
        // A space is same-site with the portal and serves what its admins put there.
        let res = app
            .request(
                "POST",
                path,
                &[
                    ("sec-fetch-site", "same-site"),
                    ("content-type", "application/x-www-form-urlencoded"),
                ],
                "email=victim%40asso.example",
            )
            .await;
        assert_eq!(res.status, 403, "{path} (from a space)");
    }
    assert_eq!(app.count("newsletter_subscribers").await, 0);
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn every_response_has_security_headers_and_a_fresh_nonce(pool: PgPool) {
    let app = spawn_app(pool, |_| {}).await;
    let a = app.get("/").await;
    let b = app.get("/").await;
    let csp = a.header("content-security-policy").unwrap();
    assert!(csp.contains("frame-ancestors 'none'"));
    assert!(csp.contains("'wasm-unsafe-eval'"));
    assert!(!csp.contains("unsafe-inline"));
    let nonce = csp
        .split("'nonce-")
        .nth(1)
        .unwrap()
        .split('\'')
        .next()
        .unwrap();
    assert_ne!(
        b.header("content-security-policy"),
        Some(csp),
        "a nonce per response"
    );
    // Every inline script carries it.
    let scripts = a.body.matches("<script").count();
    assert!(scripts >= 1);
    assert_eq!(
        a.body.matches(&format!("nonce=\"{nonce}\"")).count(),
        scripts,
        "{}",
        a.body
    );
    assert_eq!(a.header("x-content-type-options"), Some("nosniff"));
    assert_eq!(
        a.header("referrer-policy"),
        Some("strict-origin-when-cross-origin")
    );
    assert!(a.header("x-request-id").is_some());
    assert!(a.header("vary").unwrap().contains("Cookie"));
    assert!(
        a.header("strict-transport-security").is_none(),
        "HSTS only when configured"
    );
    let other = app.get("/healthz").await;
    assert!(other.header("content-security-policy").is_some());

    let hsts = spawn_app(app.pool.clone(), |c| c.server.hsts = true).await;
    assert!(hsts
        .get("/")
        .await
        .header("strict-transport-security")
        .is_some());
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn development_pages_exist_only_in_development(pool: PgPool) {
    let dev = spawn_app(pool.clone(), |_| {}).await;
    let page = dev.get("/dev/courriels").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Courriels envoyés"));

    let prod = spawn_app(pool, |c| {
        c.server.mode = server::config::Mode::Production;
        c.secret_key = Some(backend::Secret::new("p".repeat(40)));
    })
    .await;
    let page = prod.get("/dev/courriels").await;
    assert_eq!(page.status, 404);
    assert!(!page.body.contains("Courriels envoyés"));
    let origin = prod.origin();
    let call = prod
        .request(
            "POST",
            "/api/dev/mails",
            &[
                ("origin", &origin),
                ("content-type", "application/x-www-form-urlencoded"),
            ],
            "",
        )
        .await;
    assert_ne!(
        call.status, 200,
        "the server function refuses outside development"
    );
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn the_role_that_serves_get_requests_cannot_write(pool: PgPool) {
    let app = spawn_app(pool, |_| {}).await;
    let denied =
        sqlx::query("insert into rate_limits (key, window_start, hits) values ('x', now(), 1)")
            .execute(&app.state.read_ctx.pool)
            .await
            .unwrap_err();
    assert!(denied.to_string().contains("permission denied"), "{denied}");
    // Yet every public page renders under it.
    for route in app::routes::all()
        .iter()
        .filter(|r| r.kind == app::routes::Kind::Page && r.access == app::routes::Access::Anyone)
    {
        let path = route.example.unwrap_or(route.path);
        let res = app.get(path).await;
        assert_eq!(res.status, route.example_status, "{path}: {}", res.body);
    }
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn typed_values_never_reach_a_url(pool: PgPool) {
    let app = spawn_app(pool, |_| {}).await;
    let res = app.post_form("/lettre", "email=secret-typed%40").await;
    assert_eq!(res.status, 422, "re-rendered, not redirected");
    assert!(res.header("location").is_none());
    let ok = app
        .post_form("/lettre", "email=secret%40asso.example")
        .await;
    assert!(!ok.header("location").unwrap().contains("secret"));
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn public_server_functions_answer_anonymous_visitors(pool: PgPool) {
    let app = spawn_app(pool, |_| {}).await;
    let origin = app.origin();
    let headers = [
        ("content-type", "application/x-www-form-urlencoded"),
        ("accept", "application/json"),
        ("origin", origin.as_str()),
    ];
    for path in [
        "/api/newsletter/confirm-link",
        "/api/newsletter/unsubscribe-link",
        "/api/staff/link-valid",
    ] {
        let res = app
            .request("POST", path, &headers, "token=not-a-token")
            .await;
        assert_eq!(res.status, 200, "{path}: {}", res.body);
        assert_eq!(
            res.body, "false",
            "{path}: a wrong token is simply not valid"
        );
    }
}
