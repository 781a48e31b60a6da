//! Staff: accounts on the command line, login by a single-use link, the second factor,
//! sessions that rotate and end, and the staff area.

use backend::accounts::{self, Role};
use sqlx::PgPool;

use crate::support::{session_cookie, session_set_cookie, shown_in_main, spawn_app};

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn a_moderator_logs_in_with_a_link_that_works_once(pool: PgPool) {
    let app = spawn_app(pool.clone(), |_| {}).await;
    accounts::add_staff(
        &app.state.ctx,
        &accounts::Admin::command_line(),
        &crate::support::email("Camille@Frama.example"),
        Role::Moderator,
    )
    .await
    .unwrap();
    let asked = app
        .post_form("/equipe/connexion", "email=camille%40frama.example")
        .await;
    assert_eq!(
        (asked.status, asked.header("location")),
        (303, Some("/equipe/connexion/envoye"))
    );
    let link = app.login_link("camille@frama.example").await;
    // A mail scanner following the link logs nobody in.
    let page = app.get(&link).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Me connecter"));
    assert!(session_cookie(&page).is_none());
    let logged = app.post_form(&link, "").await;
    assert_eq!(
        (logged.status, logged.header("location")),
        (303, Some("/equipe"))
    );
    let set = session_set_cookie(&logged).expect("a session cookie");
    assert!(set.contains("HttpOnly"), "{set}");
    assert!(set.contains("SameSite=Lax"), "{set}");
    assert!(
        !set.contains("Secure"),
        "not in development, over plain HTTP"
    );
    let cookie = session_cookie(&logged).unwrap();
    let area = app.get_with("/equipe", &[("cookie", &cookie)]).await;
    assert_eq!(area.status, 200);
    assert!(area.body.contains("camille@frama.example"));
    assert!(area.body.contains("modération"));
    // Once only.
    let again = app.post_form(&link, "").await;
    assert_eq!(again.status, 400);
    assert!(again
        .body
        .contains("Ce lien de connexion ne fonctionne plus"));
    // The token is stored only as a hash, and the mail's body is gone once sent.
    let token = link.rsplit('/').next().unwrap();
    let stored: i64 = sqlx::query_scalar(
        "select count(*) from staff_login_links where encode(token_hash, 'escape') like '%' || $1 || '%'",
    )
    .bind(token)
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(stored, 0);
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn the_login_form_reveals_nothing_about_who_is_staff(pool: PgPool) {
    let app = spawn_app(pool.clone(), |_| {}).await;
    accounts::add_staff(
        &app.state.ctx,
        &accounts::Admin::command_line(),
        &crate::support::email("staff@frama.example"),
        Role::Moderator,
    )
    .await
    .unwrap();
    let staff = app
        .post_form("/equipe/connexion", "email=staff%40frama.example")
        .await;
    let stranger = app
        .post_form("/equipe/connexion", "email=stranger%40frama.example")
        .await;
    assert_eq!(staff.status, stranger.status);
    assert_eq!(staff.header("location"), stranger.header("location"));
    assert_eq!(app.count("mail_outbox").await, 1, "a mail to staff only");
    let page = app.get("/equipe/connexion/envoye").await;
    assert!(page.body.contains("Si cette adresse appartient à l’équipe"));
    assert_eq!(app.drain_jobs().await, 1, "the link went");
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn a_bad_address_comes_back_with_its_error_and_value(pool: PgPool) {
    let app = spawn_app(pool, |_| {}).await;
    let res = app
        .post_form("/equipe/connexion", "email=camille%40%3Cb%3E")
        .await;
    assert_eq!(res.status, 422);
    assert_eq!(res.header("cache-control"), Some("no-store"));
    assert!(res.body.contains("Cette adresse ne semble pas valide"));
    assert!(res.body.contains("value=\"camille@&lt;b&gt;\""));
    assert_eq!(app.count("rate_limits").await, 0, "refused before counting");
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn login_requests_are_limited_per_address_and_per_email(pool: PgPool) {
    let app = spawn_app(pool.clone(), |c| {
        c.staff.login_requests_per_hour_per_email = 2;
        c.staff.login_requests_per_hour_per_address = 4;
    })
    .await;
    for _ in 0..2 {
        let ok = app
            .post_form("/equipe/connexion", "email=a%40frama.example")
            .await;
        assert_eq!(ok.status, 303);
    }
    let third = app
        .post_form("/equipe/connexion", "email=a%40frama.example")
        .await;
    assert_eq!(third.status, 422);
    assert!(third.body.contains("Trop de tentatives"));
    // Another address from the same client: allowed until the client's own limit.
    let other = app
        .post_form("/equipe/connexion", "email=b%40frama.example")
        .await;
    assert_eq!(other.status, 303);
    let over = app
        .post_form("/equipe/connexion", "email=c%40frama.example")
        .await;
    assert_eq!(over.status, 422, "the client's limit");
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn an_admin_sets_up_a_second_factor_then_needs_it(pool: PgPool) {
    let app = spawn_app(pool.clone(), |_| {}).await;
    let email = "admin@frama.example";
    accounts::add_staff(
        &app.state.ctx,
        &accounts::Admin::command_line(),
        &crate::support::email(email),
        Role::Admin,
    )
    .await
    .unwrap();
    let opened = app.open_login_link(email).await;
    assert_eq!(
        opened.header("location"),
        Some("/equipe/double-authentification")
    );
    let pending = session_cookie(&opened).unwrap();
    // Half-way through, the staff area is still closed.
    let area = app.get_with("/equipe", &[("cookie", &pending)]).await;
    assert_eq!(area.status, 401);
    let page = app
        .get_with("/equipe/double-authentification", &[("cookie", &pending)])
        .await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("<svg"), "a QR code");
    assert!(page.body.contains("class=\"secret\""));
    let wrong = app
        .post_with("/equipe/double-authentification", &pending, "code=000000")
        .await;
    assert_eq!(wrong.status, 422);
    assert_eq!(wrong.header("cache-control"), Some("no-store"));
    assert!(
        shown_in_main(&wrong.body, "Ce code ne convient pas"),
        "shown without JavaScript"
    );
    assert!(
        !wrong.body.contains("value=\"000000\""),
        "a code is never shown again"
    );
    let code = app.pending_totp_code(email).await;
    let done = app
        .post_with(
            "/equipe/double-authentification",
            &pending,
            &format!("code={code}"),
        )
        .await;
    assert_eq!(done.status, 200);
    assert_eq!(done.header("cache-control"), Some("no-store"));
    let recovery: Vec<String> = done
        .body
        .split("<li><code>")
        .skip(1)
        .map(|s| s.split('<').next().unwrap().to_string())
        .collect();
    assert_eq!(recovery.len(), 10, "{}", done.body);
    let cookie = session_cookie(&done).unwrap();
    assert_ne!(cookie, pending, "a new session id at login");
    assert_eq!(
        app.get_with("/equipe", &[("cookie", &pending)])
            .await
            .status,
        401,
        "the old id is worth nothing"
    );
    let accounts_page = app
        .get_with("/equipe/comptes", &[("cookie", &cookie)])
        .await;
    assert_eq!(accounts_page.status, 200);
    assert!(accounts_page.body.contains(email));
    // The key is stored encrypted.
    let secret: Vec<u8> = sqlx::query_scalar("select totp_secret from staff_accounts")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert!(secret.len() > 20 + 16, "sealed: nonce, key, tag");

    // Next login: the code is asked, and the code already used is refused.
    let opened = app.open_login_link(email).await;
    assert_eq!(opened.header("location"), Some("/equipe/verification"));
    let pending = session_cookie(&opened).unwrap();
    let replay = app
        .post_with("/equipe/verification", &pending, &format!("code={code}"))
        .await;
    assert_eq!(replay.status, 422, "a code is good once");
    assert!(shown_in_main(&replay.body, "Ce code ne convient pas"));
    assert!(
        !replay.body.contains(&format!("value=\"{code}\"")),
        "a code is never shown again"
    );
    let next = app.totp_code(email, 1).await;
    let ok = app
        .post_with("/equipe/verification", &pending, &format!("code={next}"))
        .await;
    assert_eq!((ok.status, ok.header("location")), (303, Some("/equipe")));

    // Without the phone: a recovery code, once.
    for (attempt, expected) in [(1, 303), (2, 422)] {
        let opened = app.open_login_link(email).await;
        let pending = session_cookie(&opened).unwrap();
        let res = app
            .post_with(
                "/equipe/verification",
                &pending,
                &format!("code={}", recovery[0].to_uppercase()),
            )
            .await;
        assert_eq!(res.status, expected, "recovery code, attempt {attempt}");
    }
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn wrong_codes_are_limited(pool: PgPool) {
    let app = spawn_app(pool.clone(), |c| c.staff.code_attempts_per_quarter_hour = 3).await;
    let email = "admin@frama.example";
    app.log_in_as(email, Role::Admin).await;
    let opened = app.open_login_link(email).await;
    let pending = session_cookie(&opened).unwrap();
    // One attempt was spent setting up.
    for _ in 0..2 {
        let res = app
            .post_with("/equipe/verification", &pending, "code=000000")
            .await;
        assert!(res.body.contains("Ce code ne convient pas"));
    }
    let good = app.totp_code(email, 1).await;
    let res = app
        .post_with("/equipe/verification", &pending, &format!("code={good}"))
        .await;
    assert_eq!(res.status, 422);
    assert!(
        res.body.contains("Trop de tentatives"),
        "even a good code waits"
    );
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn logging_out_ends_this_session_and_everywhere_ends_them_all(pool: PgPool) {
    let app = spawn_app(pool.clone(), |_| {}).await;
    let email = "modo@frama.example";
    let first = app.log_in_as(email, Role::Moderator).await;
    let second = session_cookie(&app.open_login_link(email).await).unwrap();
    let third = session_cookie(&app.open_login_link(email).await).unwrap();
    let area = app.get_with("/equipe", &[("cookie", &first)]).await;
    assert!(area.body.contains("3 sessions ouvertes"), "{}", area.body);

    let out = app.post_with("/equipe/deconnexion", &first, "").await;
    assert_eq!(
        (out.status, out.header("location")),
        (303, Some("/equipe/deconnecte"))
    );
    assert!(
        session_set_cookie(&out).is_some_and(|c| c.contains("Max-Age=0")),
        "cookie removed"
    );
    assert_eq!(
        app.get_with("/equipe", &[("cookie", &first)]).await.status,
        401
    );
    assert_eq!(
        app.get_with("/equipe", &[("cookie", &second)]).await.status,
        200
    );

    let all = app
        .post_with("/equipe/deconnexion-partout", &second, "")
        .await;
    assert_eq!(all.status, 303);
    for cookie in [&second, &third] {
        assert_eq!(
            app.get_with("/equipe", &[("cookie", cookie)]).await.status,
            401
        );
    }
    // Removing an account ends its sessions too.
    let again = session_cookie(&app.open_login_link(email).await).unwrap();
    assert!(accounts::remove_staff(
        &app.state.ctx,
        &accounts::Admin::command_line(),
        &crate::support::email(email),
    )
    .await
    .unwrap());
    assert_eq!(
        app.get_with("/equipe", &[("cookie", &again)]).await.status,
        401
    );
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn a_moderator_may_turn_on_the_second_factor(pool: PgPool) {
    let app = spawn_app(pool.clone(), |_| {}).await;
    let email = "modo@frama.example";
    let cookie = app.log_in_as(email, Role::Moderator).await;
    let start = app
        .post_with("/equipe/double-authentification/commencer", &cookie, "")
        .await;
    assert_eq!(
        start.header("location"),
        Some("/equipe/double-authentification")
    );
    let code = app.pending_totp_code(email).await;
    let done = app
        .post_with(
            "/equipe/double-authentification",
            &cookie,
            &format!("code={code}"),
        )
        .await;
    assert_eq!(done.status, 200);
    let area = app.get_with("/equipe", &[("cookie", &cookie)]).await;
    assert!(area.body.contains("La double authentification est activée"));
    // From now on, the code is asked at login.
    let opened = app.open_login_link(email).await;
    assert_eq!(opened.header("location"), Some("/equipe/verification"));
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn sessions_are_secure_outside_development(pool: PgPool) {
    let app = spawn_app(pool.clone(), |c| {
        c.server.mode = server::config::Mode::Production;
        c.secret_key = Some(backend::Secret::new("p".repeat(40)));
    })
    .await;
    accounts::add_staff(
        &app.state.ctx,
        &accounts::Admin::command_line(),
        &crate::support::email("modo@frama.example"),
        Role::Moderator,
    )
    .await
    .unwrap();
    let logged = app.open_login_link("modo@frama.example").await;
    let set = session_set_cookie(&logged).unwrap();
    assert!(set.starts_with("__Host-session="), "{set}");
    assert!(set.contains("Secure") && set.contains("HttpOnly") && set.contains("SameSite=Lax"));
    assert!(set.contains("Path=/") && !set.contains("Domain"));
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn the_outbox_page_shows_metadata_never_bodies(pool: PgPool) {
    let app = spawn_app(pool.clone(), |_| {}).await;
    let cookie = app.log_in_as("admin@frama.example", Role::Admin).await;
    app.post_form("/lettre", "email=lecteur%40asso.example")
        .await;
    let page = app
        .get_with("/equipe/courriels", &[("cookie", &cookie)])
        .await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("lecteur@asso.example"));
    assert!(page.body.contains("newsletter-confirm"));
    assert!(
        !page.body.contains("/lettre/confirmer/"),
        "no body, no link"
    );
    assert!(
        !page.body.contains("Confirmez votre inscription"),
        "no subject"
    );
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn staff_accounts_are_managed_on_the_command_line(pool: PgPool) {
    let run = crate::support::cli(&pool);
    let (code, out, _) = run(&["staff", "add", "Dominique@Frama.example", "--role", "admin"]);
    assert_eq!(code, Some(0), "{out}");
    let (code, out, _) = run(&["staff", "add", "modo@frama.example", "--role", "moderator"]);
    assert_eq!(code, Some(0), "{out}");
    let (_, out, _) = run(&["staff", "list"]);
    assert!(
        out.contains("dominique@frama.example") && out.contains("admin"),
        "{out}"
    );
    assert!(
        out.contains("modo@frama.example") && out.contains("moderator"),
        "{out}"
    );
    let (code, _, err) = run(&["staff", "add", "pas-une-adresse", "--role", "admin"]);
    assert_ne!(code, Some(0));
    assert!(err.contains("address"), "{err}");
    let (code, _, err) = run(&["staff", "add", "x@frama.example", "--role", "chef"]);
    assert_ne!(code, Some(0));
    assert!(err.contains("moderator"), "{err}");
    // The forum's moderation, given and listed; a word other than yes or no is refused.
    let (code, out, _) = run(&["staff", "forum", "modo@frama.example", "yes"]);
    assert_eq!(code, Some(0), "{out}");
    let (_, out, _) = run(&["staff", "list"]);
    let line = out.lines().find(|l| l.contains("modo@")).unwrap();
    assert!(line.contains("forum moderator: yes"), "{out}");
    let (code, _, _) = run(&["staff", "forum", "modo@frama.example", "peut-être"]);
    assert_ne!(code, Some(0));
    let (code, _, _) = run(&["staff", "forum", "personne@frama.example", "yes"]);
    assert_ne!(code, Some(0));
    let (code, _, _) = run(&["staff", "role", "modo@frama.example", "admin"]);
    assert_eq!(code, Some(0));
    let (code, _, _) = run(&["staff", "remove", "dominique@frama.example"]);
    assert_eq!(code, Some(0));
    let (code, _, err) = run(&["staff", "remove", "personne@frama.example"]);
    assert_ne!(code, Some(0), "{err}");
    let list = accounts::staff_accounts(&testkit::ctx(&pool), &accounts::Admin::command_line())
        .await
        .unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(
        (list[0].email.as_str(), list[0].role),
        ("modo@frama.example", Role::Admin)
    );
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn sessions_end_when_idle_and_at_their_absolute_limit(pool: PgPool) {
    let app = spawn_app(pool.clone(), |c| {
        c.staff.session_idle_minutes = 30;
        c.staff.session_absolute_hours = 8;
    })
    .await;
    let cookie = app.log_in_as("modo@frama.example", Role::Moderator).await;
    let (idle_left, absolute_left): (f64, f64) = sqlx::query_as(
        "select extract(epoch from (select max(expiry_date) from sessions) - now())::float8,
                extract(epoch from (select max(expires_at) from staff_logins) - now())::float8",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert!((1700.0..=1800.0).contains(&idle_left), "{idle_left}");
    assert!(
        (28_700.0..=28_800.0).contains(&absolute_left),
        "{absolute_left}"
    );
    // A request pushes the idle expiry back (the session touch).
    sqlx::query("update sessions set expiry_date = now() + interval '5 minutes'")
        .execute(&pool)
        .await
        .unwrap();
    assert_eq!(
        app.get_with("/equipe", &[("cookie", &cookie)]).await.status,
        200
    );
    let touched: f64 = sqlx::query_scalar(
        "select extract(epoch from max(expiry_date) - now())::float8 from sessions",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert!(touched > 1700.0, "{touched}");
    // Idle too long.
    sqlx::query("update sessions set expiry_date = now() - interval '1 second'")
        .execute(&pool)
        .await
        .unwrap();
    assert_eq!(
        app.get_with("/equipe", &[("cookie", &cookie)]).await.status,
        401
    );
    // Active, but past the absolute limit.
    let cookie = session_cookie(&app.open_login_link("modo@frama.example").await).unwrap();
    assert_eq!(
        app.get_with("/equipe", &[("cookie", &cookie)]).await.status,
        200
    );
    sqlx::query("update staff_logins set expires_at = now() - interval '1 second'")
        .execute(&pool)
        .await
        .unwrap();
    assert_eq!(
        app.get_with("/equipe", &[("cookie", &cookie)]).await.status,
        401
    );
}

fn encoded(value: &str) -> String {
    form_urlencoded::byte_serialize(value.as_bytes()).collect()
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn hostile_values_in_the_team_forms_are_refused_cleanly(pool: PgPool) {
    let app = spawn_app(pool.clone(), |_| {}).await;
    accounts::add_staff(
        &app.state.ctx,
        &accounts::Admin::command_line(),
        &crate::support::email("admin@frama.example"),
        Role::Admin,
    )
    .await
    .unwrap();
    let opened = app.open_login_link("admin@frama.example").await;
    let pending = session_cookie(&opened).unwrap();
    let mails = app.count("mail_outbox").await;
    let hostile = [
        "<script>alert(1)</script>@frama.example",
        "\"><img src=x onerror=alert(1)>",
        "admin@frama.example\r\nBcc: victim@evil.example",
        "admin@frama.example\nBcc: victim@evil.example",
        "admin\u{0}@frama.example",
        "admin\u{7}\u{1b}[31m@frama.example",
        "\u{202e}elpmaxe.amarf@nimda",
        "' or 1=1 --@frama.example",
        &"a".repeat(300),
    ];
    for value in hostile {
        let res = app
            .post_form("/equipe/connexion", &format!("email={}", encoded(value)))
            .await;
        assert_eq!(res.status, 422, "{value:?}");
        assert!(!res.body.contains("<script>alert"), "{value:?} escaped");
        assert!(!res.body.contains("<img src=x"), "{value:?} escaped");
        let res = app
            .post_with(
                "/equipe/double-authentification",
                &pending,
                &format!("code={}", encoded(value)),
            )
            .await;
        assert_eq!(res.status, 422, "code {value:?}");
        assert!(!res.body.contains("<script>alert"));
    }
    assert_eq!(app.count("mail_outbox").await, mails, "nothing sent");
    let big = format!("email={}", "a".repeat(300 * 1024));
    let res = app.post_form("/equipe/connexion", &big).await;
    // The login page again, which says why (never a bare 413).
    assert_eq!(res.status, 413);
    assert!(crate::support::shown_in_main(
        &res.body,
        "Ce texte est trop long"
    ));
    let res = app
        .post_with(
            "/equipe/verification",
            &pending,
            &format!("code={}", "1".repeat(300 * 1024)),
        )
        .await;
    assert_eq!(res.status, 413);
    // The pending login still works: nothing was half-done.
    let code = app.pending_totp_code("admin@frama.example").await;
    let done = app
        .post_with(
            "/equipe/double-authentification",
            &pending,
            &format!("code={code}"),
        )
        .await;
    assert_eq!(done.status, 200);
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn a_login_link_alone_can_neither_read_nor_replace_a_second_factor(pool: PgPool) {
    let app = spawn_app(pool.clone(), |_| {}).await;
    let email = "admin@frama.example";
    let admin = app.log_in_as(email, Role::Admin).await;
    let factor_before: Vec<u8> =
        sqlx::query_scalar("select totp_secret from staff_accounts where email = $1")
            .bind(email)
            .fetch_one(&pool)
            .await
            .unwrap();
    // The admin begins a new set-up (a new phone) and leaves it half-way.
    let begun = app
        .post_with("/equipe/double-authentification/commencer", &admin, "")
        .await;
    assert_eq!(begun.status, 303);
    let page = app
        .get_with("/equipe/double-authentification", &[("cookie", &admin)])
        .await;
    assert!(page.body.contains("class=\"secret\""), "the admin sees it");

    // Someone who reads the admin's mail asks for a login link and follows it.
    let opened = app.open_login_link(email).await;
    assert_eq!(opened.header("location"), Some("/equipe/verification"));
    let intruder = session_cookie(&opened).unwrap();
    let page = app
        .get_with("/equipe/double-authentification", &[("cookie", &intruder)])
        .await;
    assert!(
        !page.body.contains("class=\"secret\"") && !page.body.contains("<svg"),
        "the pending key is not shown to a login without the factor"
    );
    let origin = app.origin();
    let api = app
        .request(
            "POST",
            "/api/staff/enrolment",
            &[
                ("cookie", &intruder),
                ("origin", &origin),
                ("content-type", "application/x-www-form-urlencoded"),
                ("accept", "application/json"),
            ],
            "",
        )
        .await;
    assert_eq!(api.status, 200);
    assert_eq!(api.body.trim(), "null", "nor given by the server function");
    let code = app.pending_totp_code(email).await;
    let swap = app
        .post_with(
            "/equipe/double-authentification",
            &intruder,
            &format!("code={code}"),
        )
        .await;
    assert_eq!(swap.status, 422, "even with the right code");
    assert!(
        session_cookie(&swap).is_none_or(|c| c == intruder),
        "no login opened (a login gets a new session id)"
    );
    let restart = app
        .post_with("/equipe/double-authentification/commencer", &intruder, "")
        .await;
    assert_eq!(restart.status, 401, "a pending login is nobody in the area");
    let factor_after: Vec<u8> =
        sqlx::query_scalar("select totp_secret from staff_accounts where email = $1")
            .bind(email)
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(
        factor_before, factor_after,
        "the factor is the admin's still"
    );
    assert_eq!(
        app.get_with("/equipe", &[("cookie", &intruder)])
            .await
            .status,
        401
    );

    // The set-up left waiting expires after 15 minutes, even for the admin.
    sqlx::query("update staff_accounts set totp_pending_at = now() - interval '16 minutes'")
        .execute(&pool)
        .await
        .unwrap();
    let page = app
        .get_with("/equipe/double-authentification", &[("cookie", &admin)])
        .await;
    assert!(!page.body.contains("class=\"secret\""), "expired");
    let late = app
        .post_with(
            "/equipe/double-authentification",
            &admin,
            &format!("code={}", app.pending_totp_code(email).await),
        )
        .await;
    assert_eq!(late.status, 422);
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn a_session_older_than_the_factor_cannot_replace_it(pool: PgPool) {
    let app = spawn_app(pool.clone(), |_| {}).await;
    let email = "modo@frama.example";
    let old = app.log_in_as(email, Role::Moderator).await;
    // From another session, the moderator turns the second factor on.
    let new = session_cookie(&app.open_login_link(email).await).unwrap();
    app.post_with("/equipe/double-authentification/commencer", &new, "")
        .await;
    let code = app.pending_totp_code(email).await;
    let done = app
        .post_with(
            "/equipe/double-authentification",
            &new,
            &format!("code={code}"),
        )
        .await;
    assert_eq!(done.status, 200);
    // The session opened before, which never passed the factor, may not start over.
    let refused = app
        .post_with("/equipe/double-authentification/commencer", &old, "")
        .await;
    assert_eq!(refused.status, 403);
    let pending: Option<Vec<u8>> =
        sqlx::query_scalar("select totp_pending from staff_accounts where email = $1")
            .bind(email)
            .fetch_one(&pool)
            .await
            .unwrap();
    assert!(pending.is_none(), "nothing begun");
    // The session that passed it may (a new phone).
    let again = app
        .post_with("/equipe/double-authentification/commencer", &new, "")
        .await;
    assert_eq!(again.status, 303);
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn session_and_login_ids_are_stored_hashed(pool: PgPool) {
    let app = spawn_app(pool.clone(), |_| {}).await;
    let cookie = app.log_in_as("modo@frama.example", Role::Moderator).await;
    let id = cookie.split_once('=').unwrap().1;
    assert_eq!(
        app.get_with("/equipe", &[("cookie", &cookie)]).await.status,
        200
    );
    let sessions: Vec<(String, Vec<u8>)> = sqlx::query_as("select id, data from sessions")
        .fetch_all(&pool)
        .await
        .unwrap();
    assert_eq!(sessions.len(), 1);
    let (stored, data) = &sessions[0];
    assert_ne!(stored, id, "the table holds the id's hash");
    assert!(
        !String::from_utf8_lossy(data).contains(id),
        "nor does the session's data hold the id"
    );
    let login: String = sqlx::query_scalar("select id from staff_logins")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(login.len(), 64, "a SHA-256 in hex");
    assert!(
        !String::from_utf8_lossy(data).contains(&login),
        "the session holds the login id, the table its hash"
    );
}
