//! The staff's side of applications: rejection reasons, approving a selection, the daily
//! digest, registration waves, erasure on request, and who may do any of it.

use sqlx::PgPool;
use testkit::applicants::{open, version};

use crate::applications::{another_applicant, body, complete, sent_and_confirmed};
use crate::support::spawn_app;

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn admins_edit_the_rejection_reasons_that_moderators_pick_from(pool: PgPool) {
    let app = spawn_app(pool, |_| {}).await;
    open(&app.state.ctx).await;
    let (status, id) = sent_and_confirmed(&app, &complete()).await;
    let admin = app
        .log_in_as("admin@frama.example", backend::accounts::Role::Admin)
        .await;
    let modo = app
        .log_in_as("modo@frama.example", backend::accounts::Role::Moderator)
        .await;
    let page = app
        .get_with("/equipe/modeles-de-refus", &[("cookie", &admin)])
        .await;
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains("Une entreprise"),
        "the first reasons are there"
    );
    // A new reason, then a mistake in a change: the form comes back with the error.
    let reason = body(&[
        ("code", "hors-champ"),
        ("label_fr", "Hors du champ"),
        ("text_fr", "Votre projet sort du champ <b>associatif</b>."),
        ("label_en", "Out of scope"),
        ("text_en", "Your project is outside what we host."),
        ("retired", ""),
    ]);
    let res = app
        .post_with("/equipe/modeles-de-refus", &admin, &reason)
        .await;
    assert_eq!(res.status, 303);
    let res = app
        .post_with(
            "/equipe/modeles-de-refus",
            &admin,
            &reason.replace("code=hors-champ", "code=Hors+Champ"),
        )
        .await;
    assert_eq!(res.status, 422);
    assert!(res.body.contains("id=\"reject-template-code-error\""));
    assert!(res.body.contains("Hors du champ"), "what was typed is kept");
    // Opened from the list, the form holds the reason's words.
    let edit = app
        .get_with(
            "/equipe/modeles-de-refus?modele=hors-champ",
            &[("cookie", &admin)],
        )
        .await;
    assert!(edit.body.contains("Modifier ce motif"));
    assert!(edit.body.contains("value=\"Out of scope\""));
    // A moderator may not change reasons, but picks from them.
    let res = app
        .post_with("/equipe/modeles-de-refus", &modo, &reason)
        .await;
    assert_eq!(res.status, 403);
    let detail_path = format!("/equipe/demandes/{id}");
    let detail = app.get_with(&detail_path, &[("cookie", &modo)]).await;
    assert!(detail
        .body
        .contains(r#"<option value="hors-champ">Hors du champ</option>"#));
    let version = version(&app.pool, id).await;
    // A reason that is not offered is refused.
    let res = app
        .post_with(
            &detail_path,
            &modo,
            &format!("form=reject-note&version={version}&action=reject&reason=inconnu&text="),
        )
        .await;
    assert_eq!(res.status, 422);
    let res = app
        .post_with(
            &detail_path,
            &modo,
            &format!(
                "form=reject-note&version={version}&action=reject&reason=hors-champ&text=Bonne+suite."
            ),
        )
        .await;
    assert_eq!(res.status, 303);
    let page = app.get(&status).await;
    assert!(page
        .body
        .contains("Votre projet sort du champ &lt;b&gt;associatif&lt;/b&gt;."));
    assert!(page.body.contains("Bonne suite."));
    // Retired, it is no longer offered.
    let res = app
        .post_with(
            "/equipe/modeles-de-refus",
            &admin,
            &reason.replace("retired=", "retired=yes"),
        )
        .await;
    assert_eq!(res.status, 303);
    let offered = backend::applications::templates::list(
        &app.state.ctx,
        &backend::accounts::Admin::command_line(),
        false,
    )
    .await
    .unwrap();
    assert!(offered.iter().all(|t| t.code != "hors-champ"));
    app.drain_jobs().await;
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn a_bulk_approval_from_the_queue_respects_the_capacity(pool: PgPool) {
    let app = spawn_app(pool, |c| c.site.capacity = 1).await;
    open(&app.state.ctx).await;
    let (_, first) = sent_and_confirmed(&app, &complete()).await;
    let (_, second) = sent_and_confirmed(&app, &another_applicant()).await;
    let modo = app
        .log_in_as("modo@frama.example", backend::accounts::Role::Moderator)
        .await;
    let queue = app.get_with("/equipe/demandes", &[("cookie", &modo)]).await;
    assert!(queue.body.contains("Espaces donnés ou promis"));
    assert!(
        queue.body.contains(&format!(r#"value="{first}:2""#)),
        "{}",
        queue.body
    );
    let both = format!("choix={first}%3A2&choix={second}%3A2");
    let res = app
        .post_with("/equipe/demandes/approbation", &modo, &both)
        .await;
    assert_eq!(res.status, 303);
    let back = res.header("location").unwrap().to_string();
    assert_eq!(back, "/equipe/demandes?resultat=full&room=1");
    let page = app.get_with(&back, &[("cookie", &modo)]).await;
    assert!(
        page.body.contains("Il ne reste qu’une place"),
        "{}",
        page.body
    );
    assert_eq!(app.count("spaces").await, 0, "all or nothing");
    let res = app
        .post_with(
            "/equipe/demandes/approbation",
            &modo,
            &format!("choix={first}%3A2"),
        )
        .await;
    let back = res.header("location").unwrap().to_string();
    let page = app.get_with(&back, &[("cookie", &modo)]).await;
    assert!(page.body.contains("Une demande acceptée"), "{}", page.body);
    assert_eq!(app.count("spaces").await, 1);
    // The platform is full: a single approval says so on the application's page.
    let res = app
        .post_with(
            &format!("/equipe/demandes/{second}"),
            &modo,
            "version=2&action=approve",
        )
        .await;
    let back = res.header("location").unwrap().to_string();
    assert_eq!(
        back,
        format!("/equipe/demandes/{second}?resultat=capacity-reached")
    );
    let page = app.get_with(&back, &[("cookie", &modo)]).await;
    assert!(page.body.contains("La capacité est atteinte"));
    // Forged or empty selections change nothing.
    for body in ["", "choix=abc", "choix=1%3Ax", "choix=999999%3A1"] {
        let res = app
            .post_with("/equipe/demandes/approbation", &modo, body)
            .await;
        assert_eq!(res.status, 303, "{body}");
    }
    assert_eq!(app.count("spaces").await, 1);
    app.drain_jobs().await;
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn a_moderator_turns_the_daily_digest_off_and_on(pool: PgPool) {
    let app = spawn_app(pool, |_| {}).await;
    let modo = app
        .log_in_as("modo@frama.example", backend::accounts::Role::Moderator)
        .await;
    let area = app.get_with("/equipe", &[("cookie", &modo)]).await;
    assert!(area.body.contains("Vous recevez chaque jour"));
    let res = app
        .post_with("/equipe/resume-quotidien", &modo, "recevoir=non")
        .await;
    assert_eq!(res.status, 303);
    assert_eq!(res.header("location"), Some("/equipe"));
    let area = app.get_with("/equipe", &[("cookie", &modo)]).await;
    assert!(area.body.contains("Vous ne recevez pas le point quotidien"));
    let on: bool = sqlx::query_scalar(
        "select moderation_digest from staff_accounts where email = 'modo@frama.example'",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert!(!on);
    let res = app
        .post_with("/equipe/resume-quotidien", &modo, "recevoir=%3Cb%3E")
        .await;
    assert_eq!(res.status, 422);
    let res = app
        .post_with("/equipe/resume-quotidien", &modo, "recevoir=oui")
        .await;
    assert_eq!(res.status, 303);
    let area = app.get_with("/equipe", &[("cookie", &modo)]).await;
    assert!(area.body.contains("Vous recevez chaque jour"));
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn admins_plan_registration_waves_that_never_overlap(pool: PgPool) {
    let app = spawn_app(pool, |_| {}).await;
    let admin = app
        .log_in_as("admin@frama.example", backend::accounts::Role::Admin)
        .await;
    let wave = |opens: &str, closes: &str| {
        body(&[
            ("opens", opens),
            ("closes", closes),
            ("max_applications", "300"),
            ("note_fr", "Vague <b>d’hiver</b>"),
            ("note_en", "Winter wave"),
        ])
    };
    let res = app
        .post_with(
            "/equipe/vagues",
            &admin,
            &wave("2031-01-05T09:00", "2031-01-25T18:00"),
        )
        .await;
    assert_eq!(res.status, 303, "{}", res.body);
    let page = app.get_with("/equipe/vagues", &[("cookie", &admin)]).await;
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains("5 janvier 2031"),
        "in words, on the clock of Paris"
    );
    assert!(page.body.contains("0 / 300"));
    assert!(page.body.contains("Vague &lt;b&gt;d’hiver&lt;/b&gt;"));
    assert!(page.body.contains("Prévue"));
    // Overlapping, or closing first: refused beside the field, what was typed kept.
    let res = app
        .post_with(
            "/equipe/vagues",
            &admin,
            &wave("2031-01-20T09:00", "2031-02-10T18:00"),
        )
        .await;
    assert_eq!(res.status, 422);
    assert!(res.body.contains("id=\"window-opens-error\""));
    assert!(res.body.contains("chevauche une vague déjà prévue"));
    assert!(res.body.contains("value=\"2031-02-10T18:00\""));
    let res = app
        .post_with(
            "/equipe/vagues",
            &admin,
            &wave("2031-03-10T09:00", "2031-03-01T09:00"),
        )
        .await;
    assert_eq!(res.status, 422);
    assert!(res.body.contains("id=\"window-closes-error\""));
    assert_eq!(app.count("registration_windows").await, 1);
    // The public pages say when registrations reopen.
    let home = app.get("/demande").await;
    assert!(home.body.contains("5 janvier 2031"), "{}", home.body);
    // Moderators may not plan waves.
    let modo = app
        .log_in_as("modo@frama.example", backend::accounts::Role::Moderator)
        .await;
    let res = app
        .post_with(
            "/equipe/vagues",
            &modo,
            &wave("2032-01-05T09:00", "2032-01-25T18:00"),
        )
        .await;
    assert_eq!(res.status, 403);
    assert_eq!(app.count("registration_windows").await, 1);
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn an_admin_exports_or_erases_an_application_on_request(pool: PgPool) {
    let app = spawn_app(pool, |_| {}).await;
    open(&app.state.ctx).await;
    let (_, id) = sent_and_confirmed(&app, &complete()).await;
    let admin = app
        .log_in_as("admin@frama.example", backend::accounts::Role::Admin)
        .await;
    let modo = app
        .log_in_as("modo@frama.example", backend::accounts::Role::Moderator)
        .await;
    let detail_path = format!("/equipe/demandes/{id}");
    // Moderators see neither the export nor the erasure.
    let page = app.get_with(&detail_path, &[("cookie", &modo)]).await;
    assert!(!page.body.contains("value=\"erase\""));
    let res = app
        .post_with(&detail_path, &modo, "action=erase&confirmer=oui")
        .await;
    assert_eq!(res.status, 403);
    // The export: everything kept, no secret, as a file that is never cached.
    let page = app.get_with(&detail_path, &[("cookie", &admin)]).await;
    assert!(page
        .body
        .contains(&format!("href=\"{detail_path}/export\"")));
    let res = app
        .get_with(&format!("{detail_path}/export"), &[("cookie", &admin)])
        .await;
    assert_eq!(res.status, 200);
    assert_eq!(
        res.header("content-disposition"),
        Some(format!("attachment; filename=\"demande-{id}.json\"").as_str())
    );
    assert_eq!(res.header("cache-control"), Some("no-store"));
    let data: serde_json::Value = serde_json::from_str(&res.body).unwrap();
    assert_eq!(data["application"]["referent_email"], "camille@example.org");
    assert!(data["application"].get("status_token_hash").is_none());
    // Erasure needs the box ticked; then nothing is left.
    let res = app.post_with(&detail_path, &admin, "action=erase").await;
    assert_eq!(
        res.header("location"),
        Some(format!("{detail_path}?resultat=confirm-erasure").as_str())
    );
    assert_eq!(app.count("applications").await, 1);
    let res = app
        .post_with(&detail_path, &admin, "action=erase&confirmer=oui")
        .await;
    let back = res.header("location").unwrap().to_string();
    assert_eq!(back, "/equipe/demandes?resultat=erased");
    assert!(app
        .get_with(&back, &[("cookie", &admin)])
        .await
        .body
        .contains("La demande a été effacée"));
    assert_eq!(app.count("applications").await, 0);
    assert_eq!(app.count("application_events").await, 0);
    let res = app
        .get_with(&format!("{detail_path}/export"), &[("cookie", &admin)])
        .await;
    assert_eq!(res.status, 404);
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn the_moderation_pages_and_forms_refuse_anyone_else(pool: PgPool) {
    let app = spawn_app(pool, |_| {}).await;
    open(&app.state.ctx).await;
    let (status, id) = sent_and_confirmed(&app, &complete()).await;
    // A status link is no pass to the staff area.
    let _ = app.get(&status).await;
    for path in [
        "/equipe/demandes".to_string(),
        format!("/equipe/demandes/{id}"),
    ] {
        assert_eq!(app.get(&path).await.status, 401, "{path}");
    }
    for action in ["approve", "take", "note"] {
        let res = app
            .post_form(
                &format!("/equipe/demandes/{id}"),
                &format!("version=2&action={action}&text=x"),
            )
            .await;
        assert_eq!(res.status, 401, "{action}");
    }
    assert_eq!(app.count("spaces").await, 0);
    let events: i64 =
        sqlx::query_scalar("select count(*) from application_events where actor = 'staff'")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(events, 0);
}
