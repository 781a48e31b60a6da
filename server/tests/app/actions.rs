//! Every declared action (`app::registry::actions()`), read from its declaration: each
//! button tried by every caller it must refuse, and hostile values in every text field
//! through both ways in (plain POST and the server function), a secret field (a code)
//! never coming back. A new action is covered without a line more here.

use app::actions::Access;
use app::registry::{actions, ActionInfo};
use backend::accounts::Role;

use sqlx::PgPool;

use crate::forms::hostile_values;
use crate::support::{spawn_app, Response, TestApp};

fn encoded(value: &str) -> String {
    form_urlencoded::byte_serialize(value.as_bytes()).collect()
}

/// `body` with `field` set to `value` (added, or in place of the example's own).
fn with_field(body: &str, field: &str, value: &str) -> String {
    let mut pairs: Vec<String> = body
        .split('&')
        .filter(|kv| !kv.is_empty() && kv.split('=').next() != Some(field))
        .map(str::to_string)
        .collect();
    pairs.push(format!("{field}={}", encoded(value)));
    pairs.join("&")
}

/// The example's path parameters, URL-encoded, as the server function takes them.
fn params_of(action: &ActionInfo) -> String {
    let mut pairs = Vec::new();
    for (pattern, concrete) in action.path.split('/').zip(action.example.split('/')) {
        if let Some(name) = pattern.strip_prefix('{').and_then(|p| p.strip_suffix('}')) {
            pairs.push(format!("{name}={}", encoded(concrete)));
        }
    }
    pairs.join("&")
}

async fn through_server_fn(
    app: &TestApp,
    action: &ActionInfo,
    cookie: &str,
    body: &str,
) -> Response {
    let origin = app.origin();
    app.request(
        "POST",
        "/api/actions/run",
        &[
            ("content-type", "application/x-www-form-urlencoded"),
            ("accept", "application/json"),
            ("origin", &origin),
            ("cookie", cookie),
        ],
        &format!(
            "action={}&params={}&body={}&lang=fr",
            action.id,
            encoded(&params_of(action)),
            encoded(body)
        ),
    )
    .await
}

#[test]
fn every_action_is_declared_once_with_buttons_and_in_the_route_list() {
    let all = actions();
    assert!(all.len() >= 6, "{}", all.len());
    let routes = app::routes::all();
    let mut ids: Vec<_> = all.iter().map(|a| a.id).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), all.len(), "ids are unique");
    for a in &all {
        assert!(!a.examples.is_empty(), "{}: one example per button", a.id);
        let listed: Vec<_> = routes
            .iter()
            .filter(|r| r.path == a.path && r.method == "POST")
            .collect();
        assert_eq!(listed.len(), 1, "{}: listed once", a.path);
        assert_eq!(listed[0].kind, app::routes::Kind::Form);
        assert_eq!(listed[0].access, a.access, "{}", a.path);
        for (body, access) in &a.examples {
            assert!(
                *access as u8 >= a.access as u8,
                "{} {body}: a button asks for at least the action's proof",
                a.id
            );
        }
    }
}

/// The moderator's session, or a new one if the last button ended it.
async fn still_logged_in(app: &TestApp, cookie: String) -> String {
    if app.get_with("/equipe", &[("cookie", &cookie)]).await.status == 200 {
        return cookie;
    }
    app.log_in_as("modo@frama.example", Role::Moderator).await
}

/// A moderator may approve but not erase: each button's own proof, from the declaration.
#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn every_button_refuses_the_callers_it_must(pool: PgPool) {
    let app = spawn_app(pool, |_| {}).await;
    let mut refused = 0;
    let mut moderator = app.log_in_as("modo@frama.example", Role::Moderator).await;
    for action in actions() {
        for (body, access) in &action.examples {
            let what = format!("{} {body}", action.id);
            let anonymous = app.post_with(action.example, "", body).await;
            let by_moderator = app.post_with(action.example, &moderator, body).await;
            // A logout ends the session it is sent with: a new one for what follows.
            moderator = still_logged_in(&app, moderator).await;
            let js_anonymous = through_server_fn(&app, &action, "", body).await;
            let js_moderator = through_server_fn(&app, &action, &moderator, body).await;
            moderator = still_logged_in(&app, moderator).await;
            match access {
                Access::Anyone | Access::DevOnly => {
                    assert!(!matches!(anonymous.status, 401 | 403), "{what}");
                }
                Access::Staff => {
                    assert_eq!(anonymous.status, 401, "{what}, anonymous");
                    assert_eq!(
                        js_anonymous.status, 401,
                        "{what}, anonymous, server function"
                    );
                    assert!(!matches!(by_moderator.status, 401 | 403), "{what}");
                    assert!(!matches!(js_moderator.status, 401 | 403), "{what}");
                    refused += 2;
                }
                Access::Admin | Access::ForumModerator => {
                    assert_eq!(anonymous.status, 401, "{what}, anonymous");
                    assert_eq!(
                        js_anonymous.status, 401,
                        "{what}, anonymous, server function"
                    );
                    assert_eq!(by_moderator.status, 403, "{what}, a moderator");
                    assert_eq!(
                        js_moderator.status, 403,
                        "{what}, a moderator, server function"
                    );
                    refused += 4;
                }
                // Nobody here is logged in to a dashboard (another space's referent:
                // `dashboard::a_referent_of_one_space_gets_nothing_of_another`) or to the
                // forum (a staff member is not a forum member by being staff).
                Access::Referent | Access::Member => {
                    for (res, who) in [
                        (&anonymous, "anonymous"),
                        (&js_anonymous, "anonymous, server function"),
                        (&by_moderator, "a moderator"),
                        (&js_moderator, "a moderator, server function"),
                    ] {
                        assert!(
                            matches!(res.status, 401 | 403),
                            "{what}, {who}: {}",
                            res.status
                        );
                    }
                    refused += 4;
                }
            }
            for res in [&anonymous, &by_moderator, &js_anonymous, &js_moderator] {
                assert!(res.status < 500, "{what}: {}", res.status);
            }
        }
    }
    assert!(refused >= 40, "{refused}");
    // Nothing a refused caller sent was written.
    assert_eq!(app.count("application_events").await, 0);
    assert_eq!(app.count("space_events").await, 0);
}

/// Hostile values in every text field of every button, sent by an admin (who may press
/// every staff button) or a dashboard's referent, on a real application and space: never a
/// 500, never markup or a header made of them, never in an address; a text refused comes
/// back typed, beside its error.
#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn every_text_field_of_every_action_takes_hostile_values_cleanly(pool: PgPool) {
    let app = spawn_app(pool, |_| {}).await;
    testkit::applicants::open(&app.state.ctx).await;
    let (_, id) =
        crate::applications::sent_and_confirmed(&app, &crate::applications::complete()).await;
    assert_eq!(id, 1, "the examples name application 1");
    let admin = app.log_in_as("admin@frama.example", Role::Admin).await;
    // A dashboard's actions, by the referent of the space their examples name (a space on
    // no host: what needs Nextcloud says it was not reached, after the words are read).
    sqlx::query(
        "insert into spaces (application_id, slug, state, office) values (1, 'les-amis', $1, 'collabora')",
    )
    .bind(common::states::SpaceState::Active)
    .execute(&app.pool)
    .await
    .unwrap();
    let referent = app.log_in_to_space("les-amis", "camille@example.org").await;
    let member = app.log_in_to_forum("dominique@example.org").await;
    let mut tried = 0;
    for action in actions() {
        let caller = match action.access {
            Access::Referent => &referent,
            Access::Member => &member,
            _ => &admin,
        };
        for (body, _) in &action.examples {
            for field in action.text_fields.clone() {
                for value in hostile_values() {
                    let what = format!(
                        "{} {body} {field} {:?}",
                        action.id,
                        value.chars().take(40).collect::<String>()
                    );
                    let sent = with_field(body, field, &value);
                    // A secret field's long value, were it shown again (nothing else on a
                    // page holds a thousand letters in a row; a random nonce could hold
                    // `zq7`). The handler leaves a secret field out whatever its value.
                    let secret = (action.secret_fields.contains(&field) && value.len() > 1000)
                        .then(|| "a".repeat(1000));
                    let started = std::time::Instant::now();
                    let res = app.post_with(action.example, caller, &sent).await;
                    let took = started.elapsed();
                    if res.status >= 500 {
                        let activity = app.database_activity().await;
                        // What failed comes last: a shortened output keeps its end.
                        panic!("{activity}\n{what}: {} after {took:?}", res.status);
                    }
                    if let Some(secret) = &secret {
                        assert!(!res.body.contains(secret), "{what}: never shown again");
                    }
                    for raw in ["<script>alert", "<img src=x"] {
                        assert!(!res.body.contains(raw), "{what}: {raw:?} came back raw");
                    }
                    // A topic's address holds its title's slug: lower-case ASCII words
                    // and hyphens, which can say nothing else. Nothing else typed may be
                    // in a header.
                    let slug = backend::forum::slug_of(&value);
                    assert!(
                        res.headers.iter().all(|(k, v)| {
                            let v = v.replace(&format!("/{slug}/"), "/");
                            !k.eq_ignore_ascii_case("x-injected")
                                && !v.contains("victim")
                                && !v.contains("zq7")
                        }),
                        "{what}: no header, no address made of what was typed"
                    );
                    // A button of a text form (`form=<its id>`): the page shows the text again.
                    let text_form = body
                        .split('&')
                        .any(|kv| kv.starts_with("form=") && kv.len() > 5);
                    // Refused for its text (not for a forged reason, say): the page again.
                    let shown_again = res.body.contains("id=\"error-summary\"");
                    if res.status == 422 && field == "text" && text_form && shown_again {
                        assert_eq!(res.header("cache-control"), Some("no-store"), "{what}");
                        let kept = if value.len() > 1000 {
                            "a".repeat(1000)
                        } else {
                            "zq7".into()
                        };
                        if !value.contains("ｚｑ７") {
                            assert!(res.body.contains(&kept), "{what}: the text is kept");
                        }
                    }
                    let started = std::time::Instant::now();
                    let res = through_server_fn(&app, &action, caller, &sent).await;
                    let took = started.elapsed();
                    if res.status >= 500 {
                        let activity = app.database_activity().await;
                        panic!(
                            "{activity}\n{what}, server function: {} after {took:?}",
                            res.status
                        );
                    }
                    assert!(!res.body.contains("<script"), "{what}, server function");
                    if let Some(secret) = &secret {
                        assert!(!res.body.contains(secret), "{what}, server function");
                    }
                    tried += 1;
                }
            }
        }
    }
    assert!(tried >= 200, "{tried}");
    // What was taken as words shows escaped where it is shown.
    for page in [
        "/equipe/demandes/1",
        "/equipe/demandes",
        "/equipe/espaces",
        "/equipe/taches",
        "/forum",
    ] {
        let res = app.get_with(page, &[("cookie", &admin)]).await;
        assert_eq!(res.status, 200, "{page}");
        for raw in ["<script>alert", "<img src=x"] {
            assert!(!res.body.contains(raw), "{page}: {raw:?} shown raw");
        }
    }
}
