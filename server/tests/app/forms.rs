//! The form kit, for every form it serves, read from its declarations (`app::registry::forms()`):
//! hostile values in every field, through both ways in (plain POST and the server
//! function); the answer is clean and nothing is written.

use sqlx::PgPool;

use crate::support::spawn_app;

/// Every hostile value carries `zq7` (except the long one), to find it again in the page.
pub(crate) fn hostile_values() -> Vec<String> {
    vec![
        "<script>alert('zq7')</script>".into(),
        "</textarea><script>alert('zq7')</script>".into(),
        "\"><img src=x onerror=alert(1)>zq7".into(),
        "zq7@frama.example\r\nBcc: victim@evil.example".into(),
        "zq7@frama.example\nX-Injected: 1".into(),
        "zq7\u{0}@frama.example".into(),
        "zq7\u{7}\u{8}\u{1b}[31m@frama.example".into(),
        "\u{202e}elpmaxe.amarf@zq7".into(),
        "مرحبا zq7 שלום".into(),
        "zq7' or 1=1 --".into(),
        "zq7\u{200b}\u{feff}@frama.example".into(),
        "ｚｑ７＠ｆｒａｍａ．ｅｘａｍｐｌｅ".into(),
        "a".repeat(50 * 1024),
    ]
}

fn encoded(value: &str) -> String {
    form_urlencoded::byte_serialize(value.as_bytes()).collect()
}

/// Row counts of every table but the session store and rate-limit counters.
async fn counts(pool: &PgPool) -> Vec<(String, i64)> {
    let tables: Vec<String> = sqlx::query_scalar(
        "select table_name::text from information_schema.tables
         where table_schema = 'public' and table_type = 'BASE TABLE'
           and table_name not in ('sessions', 'rate_limits', '_sqlx_migrations')
         order by 1",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    let mut out = Vec::new();
    for t in tables {
        let n: i64 = sqlx::query_scalar(&format!("select count(*) from \"{t}\""))
            .fetch_one(pool)
            .await
            .unwrap();
        out.push((t, n));
    }
    out
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn every_field_of_every_form_refuses_hostile_values_cleanly(pool: PgPool) {
    let app = spawn_app(pool.clone(), |_| {}).await;
    let forms = app::registry::forms();
    assert!(
        forms.len() >= 2,
        "the newsletter and the staff login at least"
    );
    // Registrations open, so that the application form is on its page.
    let now = chrono::Utc::now().naive_utc();
    backend::applications::windows::create_window(
        &app.state.ctx,
        &backend::accounts::Admin::command_line(),
        &backend::applications::windows::NewWindow {
            opens: now - chrono::Duration::days(1),
            closes: now + chrono::Duration::days(1),
            max_applications: None,
            note_fr: String::new(),
            note_en: String::new(),
        },
    )
    .await
    .unwrap();
    // The forms of the staff area are tried by an admin (who may send them all).
    let admin = app
        .log_in_as("admin@frama.example", backend::accounts::Role::Admin)
        .await;
    // The forms of a forum account, by a person logged in to the forum.
    let member = app.log_in_to_forum("hostile@example.org").await;
    let before = counts(&pool).await;
    let origin = app.origin();
    for form in &forms {
        let access = app::routes::all()
            .iter()
            .find(|r| r.path == form.path && r.method == "POST")
            .map(|r| r.access);
        let cookie = match access {
            Some(app::routes::Access::Anyone) => "",
            Some(app::routes::Access::Member) => member.as_str(),
            _ => admin.as_str(),
        };
        for field in form.fields {
            for value in hostile_values() {
                let what = format!(
                    "{} {} {:?}",
                    form.id,
                    field.name,
                    value.chars().take(40).collect::<String>()
                );
                // Without JavaScript.
                let body = format!("{}={}", field.name, encoded(&value));
                let res = app.post_with(form.path, cookie, &body).await;
                assert_eq!(res.status, 422, "{what}");
                assert_eq!(res.header("cache-control"), Some("no-store"), "{what}");
                assert!(res.body.contains("id=\"error-summary\""), "{what}");
                // The field's own rule decides: refused (the error beside the field), or
                // taken as words like any (markup in a name), kept and shown escaped.
                let refused = (form.errors)(
                    [(field.name.to_string(), value.clone())].into(),
                    &backend::config::SiteSettings::default(),
                )
                .field(field.name)
                .is_some();
                assert_eq!(
                    res.body
                        .contains(&format!("id=\"{}-{}-error\"", form.id, field.name)),
                    refused,
                    "{what}: the error sits beside its field exactly when its rule refuses it"
                );
                for raw in ["<script>alert", "<img src=x"] {
                    assert!(!res.body.contains(raw), "{what}: {raw:?} came back raw");
                }
                assert!(
                    res.headers.iter().all(
                        |(k, v)| !k.eq_ignore_ascii_case("x-injected") && !v.contains("victim")
                    ),
                    "{what}: no header made of what was typed"
                );
                let kept = if value.len() > 1000 {
                    "a".repeat(1000)
                } else if value.contains("ｚｑ７") {
                    "ｚｑ７".into()
                } else {
                    "zq7".into()
                };
                if field.input.keeps_text() {
                    assert!(res.body.contains(&kept), "{what}: what was typed is kept");
                } else {
                    assert!(refused, "{what}: a value never offered is refused");
                }
                // With JavaScript: the actions' server function.
                let res = app
                    .request(
                        "POST",
                        "/api/actions/run",
                        &[
                            ("content-type", "application/x-www-form-urlencoded"),
                            ("accept", "application/json"),
                            ("origin", &origin),
                            ("cookie", cookie),
                        ],
                        &format!(
                            "action={}&params=&body={}&lang=fr",
                            form.id,
                            encoded(&format!("{}={}", field.name, encoded(&value)))
                        ),
                    )
                    .await;
                assert_eq!(res.status, 200, "{what}: {}", res.body);
                assert!(res.body.contains("Invalid"), "{what}: {}", res.body);
            }
        }
    }
    assert_eq!(counts(&pool).await, before, "nothing was written");
}

#[test]
fn every_form_path_is_in_the_route_list_as_a_form_with_its_page() {
    let all = app::routes::all();
    for form in app::registry::forms() {
        let listed = all
            .iter()
            .find(|r| r.path == form.path && r.method == "POST")
            .unwrap_or_else(|| panic!("{} is not in the route list", form.path));
        assert_eq!(listed.kind, app::routes::Kind::Form, "{}", form.path);
        assert!(
            all.iter().any(|r| r.path == form.path && r.method == "GET"),
            "{}: its page",
            form.path
        );
    }
}
