//! One list of routes (`app::routes::all()`), compared with what exists, both ways, and
//! each entry tried by every caller it must refuse.

use std::collections::BTreeSet;

use app::routes::{all, Access, Kind, Route};
use backend::accounts::Role;
use sqlx::PgPool;

use crate::support::{spawn_app, Response, TestApp};

fn listed(kind: Kind) -> BTreeSet<String> {
    all()
        .iter()
        .filter(|r| r.kind == kind)
        .map(|r| r.path.to_string())
        .collect()
}

#[test]
fn every_leptos_page_is_listed_and_every_listed_page_exists() {
    let pages: BTreeSet<String> = leptos_axum::generate_route_list(app::App)
        .iter()
        .map(|r| r.path().to_string())
        .collect();
    assert_eq!(pages, listed(Kind::Page));
}

#[test]
fn every_server_function_is_listed_and_every_listed_one_exists() {
    let registered: BTreeSet<String> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _)| path.to_string())
        .collect();
    assert_eq!(registered, listed(Kind::ServerFn));
}

/// The server registers its axum routes only from the list: no `.route(` elsewhere in its
/// sources (the metrics listener, on its own address, aside).
#[test]
fn no_axum_route_is_registered_outside_the_list() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut found = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        for (n, line) in lines.iter().enumerate() {
            if line.contains(".route(") || line.contains(".route_service(") {
                // The call and the line after it, where rustfmt may have put the path.
                let next = lines.get(n + 1).map(|l| l.trim()).unwrap_or("");
                found.push(format!(
                    "{}:{}: {} {next}",
                    path.display(),
                    n + 1,
                    line.trim()
                ));
            }
        }
    }
    assert_eq!(
        found.len(),
        2,
        "only the loop over the list and the metrics route: {found:#?}"
    );
    assert!(found
        .iter()
        .any(|l| l.contains("handlers.route(route.path")));
    assert!(found.iter().any(|l| l.contains("\"/metrics\"")));
}

/// The URL to try for an entry.
fn url(route: &Route) -> &'static str {
    route.example.unwrap_or(route.path)
}

pub(crate) async fn call(app: &TestApp, route: &Route, cookie: &str) -> Response {
    let origin = app.origin();
    let mut headers = vec![
        ("origin", origin.as_str()),
        ("content-type", "application/x-www-form-urlencoded"),
        ("accept", "text/html"),
    ];
    if !cookie.is_empty() {
        headers.push(("cookie", cookie));
    }
    let path = url(route).replace("{token}", "x").replace("{lang}", "en");
    app.request(route.method, &path, &headers, "").await
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn every_listed_route_has_a_handler(pool: PgPool) {
    let app = spawn_app(pool, |_| {}).await;
    // Application 1, which the examples name.
    testkit::applicants::open(&app.state.ctx).await;
    let (_, id) =
        crate::applications::sent_and_confirmed(&app, &crate::applications::complete()).await;
    assert_eq!(id, 1);
    let moderator = app.log_in_as("modo@frama.example", Role::Moderator).await;
    let admin = app.log_in_as("admin@frama.example", Role::Admin).await;
    // Space 1, which the examples name too.
    let approved = app
        .post_with("/equipe/demandes/1", &moderator, "version=2&action=approve")
        .await;
    assert_eq!(approved.header("location"), Some("/equipe/demandes/1"));
    assert_eq!(app.count("spaces").await, 1);
    // The person the profile's example names (404 in an empty database).
    testkit::forum::person(&app.pool, "camille").await;
    for route in &all() {
        let cookie = match route.access {
            Access::Admin => admin.as_str(),
            Access::Staff => moderator.as_str(),
            _ => "",
        };
        let res = call(&app, route, cookie).await;
        // A server function may itself answer 404 (no such application: the call names
        // none); that it is registered is proven above, from the registry itself.
        let answered_by_it = route.kind == Kind::ServerFn;
        assert!(
            !matches!(res.status, 404 | 405) || answered_by_it || route.access == Access::DevOnly,
            "{} {}: {}",
            route.method,
            route.path,
            res.status
        );
        assert!(
            res.status < 500,
            "{} {}: {}",
            route.method,
            route.path,
            res.status
        );
    }
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn every_route_refuses_the_callers_it_must(pool: PgPool) {
    let app = spawn_app(pool.clone(), |_| {}).await;
    let moderator = app.log_in_as("modo@frama.example", Role::Moderator).await;
    let mut checked = 0;
    for route in &all() {
        let what = format!("{} {}", route.method, route.path);
        match route.access {
            Access::Anyone => {
                let res = call(&app, route, "").await;
                assert!(!matches!(res.status, 401 | 403), "{what}: {}", res.status);
            }
            Access::DevOnly => {}
            Access::Staff => {
                let res = call(&app, route, "").await;
                assert_eq!(res.status, 401, "{what}, anonymous");
                checked += 1;
            }
            Access::Admin | Access::ForumModerator => {
                let res = call(&app, route, "").await;
                assert_eq!(res.status, 401, "{what}, anonymous");
                let res = call(&app, route, &moderator).await;
                assert_eq!(res.status, 403, "{what}, a moderator");
                checked += 2;
            }
            // Another space's referent too: `dashboard::a_referent_of_one_space_gets_nothing_of_another`.
            // A staff member is no forum member by being staff.
            Access::Referent | Access::Member => {
                let res = call(&app, route, "").await;
                assert_eq!(res.status, 401, "{what}, anonymous");
                let res = call(&app, route, &moderator).await;
                assert!(matches!(res.status, 401 | 403), "{what}, a moderator");
                checked += 2;
            }
        }
    }
    assert!(checked >= 10, "{checked}");

    // Development routes do not exist in production.
    let prod = spawn_app(pool, |c| {
        c.server.mode = server::config::Mode::Production;
        c.secret_key = Some(backend::Secret::new("p".repeat(40)));
    })
    .await;
    for route in all().iter().filter(|r| r.access == Access::DevOnly) {
        let res = call(&prod, route, "").await;
        assert!(
            matches!(res.status, 401 | 403 | 404),
            "{} {}: {}",
            route.method,
            route.path,
            res.status
        );
    }
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn an_admin_without_second_factor_in_this_login_is_refused_admin_pages(pool: PgPool) {
    let app = spawn_app(pool.clone(), |_| {}).await;
    // A moderator made admin keeps no login: the new role applies from the next one.
    let cookie = app.log_in_as("promu@frama.example", Role::Moderator).await;
    assert!(backend::accounts::set_role(
        &app.state.ctx,
        &backend::accounts::Admin::command_line(),
        &crate::support::email("promu@frama.example"),
        Role::Admin
    )
    .await
    .unwrap());
    let res = app
        .get_with("/equipe/comptes", &[("cookie", cookie.as_str())])
        .await;
    assert_eq!(res.status, 401);
}
