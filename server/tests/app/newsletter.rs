//! The newsletter form without JavaScript (plain POST) and through its server function,
//! then the links in the mail.

use sqlx::PgPool;

use crate::support::spawn_app;

async fn outbox_text(pool: &PgPool) -> String {
    sqlx::query_scalar("select body_text from mail_outbox order by id desc limit 1")
        .fetch_one(pool)
        .await
        .unwrap()
}

fn link_after(text: &str, marker: &str) -> String {
    let start = text.find(marker).expect("link in the mail");
    let rest = &text[start..];
    rest.split_whitespace().next().unwrap().to_string()
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn a_bad_address_comes_back_with_the_error_and_what_was_typed(pool: PgPool) {
    let app = spawn_app(pool, |_| {}).await;
    let res = app
        .post_form("/lettre", "email=camille%40%3Cnulle+part%3E")
        .await;
    assert_eq!(res.status, 422);
    assert_eq!(res.header("cache-control"), Some("no-store"));
    assert!(
        res.body.contains("Cette adresse ne semble pas valide"),
        "translated error"
    );
    assert!(res.body.contains("aria-invalid=\"true\""));
    assert!(res
        .body
        .contains("aria-describedby=\"newsletter-email-hint newsletter-email-error\""));
    // What was typed is back in the field, escaped.
    assert!(
        res.body.contains("value=\"camille@&lt;nulle part&gt;\""),
        "typed value kept"
    );
    assert!(
        res.body.contains("<title>Erreur"),
        "the title says there is an error"
    );
    assert_eq!(app.count("newsletter_subscribers").await, 0);
    assert_eq!(app.count("mail_outbox").await, 0);

    let empty = app.post_form("/lettre", "").await;
    assert_eq!(empty.status, 422);
    assert!(empty.body.contains("Indiquez votre adresse e-mail"));

    let en = app
        .request(
            "POST",
            "/lettre",
            &[
                ("content-type", "application/x-www-form-urlencoded"),
                ("origin", &app.origin()),
                ("cookie", "lang=en"),
            ],
            "email=nope",
        )
        .await;
    assert!(en.body.contains("This address does not look valid"));
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn a_good_address_leads_to_the_thanks_page_and_one_mail(pool: PgPool) {
    let app = spawn_app(pool.clone(), |_| {}).await;
    let res = app
        .post_form("/lettre", "email=camille%40asso.example")
        .await;
    assert_eq!(res.status, 303);
    assert_eq!(res.header("location"), Some("/lettre/merci"));
    assert_eq!(app.count("mail_outbox").await, 1);
    // Again: the same answer, and no second mail within the hour.
    let again = app
        .post_form("/lettre", "email=Camille%40asso.example")
        .await;
    assert_eq!(
        (again.status, again.header("location")),
        (303, Some("/lettre/merci"))
    );
    assert_eq!(app.count("mail_outbox").await, 1);
    let thanks = app.get("/lettre/merci").await;
    assert!(thanks.body.contains("Vérifiez votre boîte mail"));
    assert_eq!(app.drain_jobs().await, 1, "the confirmation went");
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn the_mail_links_confirm_then_unsubscribe(pool: PgPool) {
    let app = spawn_app(pool.clone(), |_| {}).await;
    app.post_form("/lettre", "email=dominique%40collectif.example")
        .await;
    let text = outbox_text(&pool).await;
    let origin = app.origin();

    let confirm = link_after(&text, &format!("{origin}/lettre/confirmer/"));
    let path = confirm.strip_prefix(&origin).unwrap();
    // What a mail scanner does: follow the link. It only shows a button.
    let page = app.get(path).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Confirmer votre inscription"));
    assert!(page
        .body
        .contains(&format!("<form method=\"post\" action=\"{path}\"")));
    assert_eq!(
        backend::newsletter::confirmed_count(
            &app.state.ctx,
            &backend::accounts::Admin::command_line(),
        )
        .await
        .unwrap(),
        0,
        "following the link confirms nothing"
    );
    let done = app.post_form(path, "").await;
    assert_eq!(
        (done.status, done.header("location")),
        (303, Some("/lettre/confirmee"))
    );
    assert_eq!(
        backend::newsletter::confirmed_count(
            &app.state.ctx,
            &backend::accounts::Admin::command_line(),
        )
        .await
        .unwrap(),
        1
    );
    let thanks = app.get("/lettre/confirmee").await;
    assert!(thanks.body.contains("Inscription confirmée"));
    let reused = app.post_form(path, "").await;
    assert_eq!(reused.status, 400);
    assert!(
        crate::support::shown_in_main(&reused.body, "Ce lien ne fonctionne plus"),
        "{}",
        reused.body
    );
    assert!(app
        .get(path)
        .await
        .body
        .contains("Ce lien ne fonctionne plus"));

    let unsubscribe = link_after(&text, &format!("{origin}/lettre/desinscription/"));
    let path = unsubscribe.strip_prefix(&origin).unwrap();
    let page = app.get(path).await;
    assert!(page.body.contains("Se désinscrire de la lettre"));
    assert!(page
        .body
        .contains(&format!("<form method=\"post\" action=\"{path}\"")));
    assert_eq!(
        app.count("newsletter_subscribers").await,
        1,
        "showing the page changes nothing"
    );
    let done = app.post_form(path, "").await;
    assert_eq!(
        (done.status, done.header("location")),
        (303, Some("/lettre/desinscrit"))
    );
    assert_eq!(app.count("newsletter_subscribers").await, 0);
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn one_click_unsubscribe_from_a_mail_client_works(pool: PgPool) {
    let app = spawn_app(pool.clone(), |_| {}).await;
    app.post_form("/lettre", "email=sam%40coop.example").await;
    let text = outbox_text(&pool).await;
    let url = link_after(&text, &format!("{}/lettre/desinscription/", app.origin()));
    let path = url.strip_prefix(&app.origin()).unwrap();
    // RFC 8058: a POST from the mail provider, with no Origin header.
    let res = app
        .request(
            "POST",
            path,
            &[("content-type", "application/x-www-form-urlencoded")],
            "List-Unsubscribe=One-Click",
        )
        .await;
    assert_eq!(res.status, 303);
    assert_eq!(app.count("newsletter_subscribers").await, 0);
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn bad_links_explain_themselves(pool: PgPool) {
    let app = spawn_app(pool, |_| {}).await;
    let confirm = app.get("/lettre/confirmer/nimportequoi").await;
    assert_eq!(
        confirm.status,
        200,
        "{:?} {}",
        confirm.headers,
        confirm.body.chars().take(600).collect::<String>()
    );
    assert!(confirm.body.contains("Ce lien ne fonctionne plus"));
    let unsub = app.get("/lettre/desinscription/12.faux").await;
    assert!(unsub.body.contains("Ce lien ne fonctionne plus"));
    let post = app.post_form("/lettre/desinscription/12.faux", "").await;
    assert_eq!(post.status, 400);
    assert!(post.body.contains("Ce lien ne fonctionne plus"));
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn the_server_function_answers_like_the_form(pool: PgPool) {
    let app = spawn_app(pool, |_| {}).await;
    let call = |body: &'static str| {
        let origin = app.origin();
        let app = &app;
        async move {
            app.request(
                "POST",
                "/api/actions/run",
                &[
                    ("content-type", "application/x-www-form-urlencoded"),
                    ("accept", "application/json"),
                    ("origin", &origin),
                ],
                body,
            )
            .await
        }
    };
    let bad = call("action=newsletter&params=&body=email%3Dnope&lang=fr").await;
    assert_eq!(bad.status, 200, "{}", bad.body);
    assert!(bad.body.contains("email-invalid"), "{}", bad.body);
    let good = call("action=newsletter&params=&body=email%3Dok%2540asso.example&lang=en").await;
    assert_eq!(good.status, 200);
    assert!(good.body.contains("/lettre/merci"), "{}", good.body);
    let unknown = call("action=nothing&params=&body=email%3Dok%2540asso.example&lang=en").await;
    assert_eq!(unknown.status, 500, "{}", unknown.body);
    assert_eq!(app.count("mail_outbox").await, 1);
    let subject: String = sqlx::query_scalar("select subject from mail_outbox")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert!(
        subject.starts_with("Confirm your subscription"),
        "the page's language is the mail's"
    );
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn too_many_signups_from_one_address_are_refused_politely(pool: PgPool) {
    let app = spawn_app(pool, |c| c.newsletter.signups_per_hour_per_address = 2).await;
    app.post_form("/lettre", "email=a1%40asso.example").await;
    app.post_form("/lettre", "email=a2%40asso.example").await;
    let third = app.post_form("/lettre", "email=a3%40asso.example").await;
    assert_eq!(third.status, 422);
    assert!(third.body.contains("Trop de tentatives"));
    assert!(
        third.body.contains("value=\"a3@asso.example\""),
        "typed value kept"
    );
    assert_eq!(app.count("newsletter_subscribers").await, 2);
}
