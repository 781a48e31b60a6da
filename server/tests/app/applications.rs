//! Applying for a space without JavaScript, over real HTTP: closed registrations, the form
//! with mistakes then right, the confirmation by the mail's button, the status page and
//! withdrawing.

use backend::applications::windows::{create_window, NewWindow};
use chrono::{Duration, Utc};
use sqlx::PgPool;

use crate::support::{shown_in_main, spawn_app, TestApp};

pub(crate) async fn open_registrations(app: &TestApp) {
    let now = Utc::now().naive_utc();
    create_window(
        &app.state.ctx,
        &NewWindow {
            opens: now - Duration::days(1),
            closes: now + Duration::days(10),
            max_applications: None,
            note_fr: "Première vague".into(),
            note_en: "First wave".into(),
        },
        None,
    )
    .await
    .unwrap();
}

fn encoded(value: &str) -> String {
    form_urlencoded::byte_serialize(value.as_bytes()).collect()
}

pub(crate) fn body(fields: &[(&str, &str)]) -> String {
    fields
        .iter()
        .map(|(k, v)| format!("{k}={}", encoded(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// The usual application from someone else, for another address.
fn another_applicant() -> Vec<(&'static str, &'static str)> {
    complete()
        .into_iter()
        .map(|(k, v)| match k {
            "slug" => (k, "autre-adresse"),
            "referent_email" => (k, "autre@asso.example"),
            _ => (k, v),
        })
        .collect()
}

pub(crate) fn complete() -> Vec<(&'static str, &'static str)> {
    vec![
        ("structure_name", "Les Amis de l’Étoile"),
        ("kind", "association"),
        ("location", "69"),
        ("identifier", "W691234567"),
        ("field_of_action", "culture"),
        ("field_detail", ""),
        ("purpose", "Partager nos documents et nos agendas."),
        ("members", "40"),
        ("accounts", "12"),
        ("storage_gb", "10"),
        ("budget", "1k-10k"),
        ("tools", ""),
        ("slug", "les-amis"),
        ("office", "collabora"),
        ("referent_name", "Camille Martin"),
        ("referent_email", "camille@example.org"),
        ("referent_role", "Secrétaire"),
        ("terms", "yes"),
        ("website", ""),
    ]
}

fn link_in(text: &str, prefix: &str) -> String {
    let start = text.find(prefix).expect(prefix);
    text[start..].split_whitespace().next().unwrap().to_string()
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn closed_registrations_show_no_form_but_the_newsletter(pool: PgPool) {
    let app = spawn_app(pool, |_| {}).await;
    let page = app.get("/demande").await;
    assert_eq!(page.status, 200);
    assert!(shown_in_main(&page.body, "Les inscriptions sont fermées"));
    assert!(!page.body.contains("name=\"structure_name\""));
    assert!(page.body.contains("href=\"/lettre\""));
    // Posting anyway writes nothing, and says why.
    let res = app.post_form("/demande", &body(&complete())).await;
    assert_eq!(res.status, 422);
    assert!(res
        .body
        .contains("Les inscriptions sont fermées en ce moment"));
    assert_eq!(app.count("applications").await, 0);
    // The home page says so too.
    assert!(shown_in_main(
        &app.get("/").await.body,
        "Les inscriptions sont fermées"
    ));
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn apply_with_mistakes_then_right_confirm_follow_and_withdraw(pool: PgPool) {
    let app = spawn_app(pool, |_| {}).await;
    open_registrations(&app).await;
    let page = app.get("/demande").await;
    assert!(shown_in_main(
        &page.body,
        "Les inscriptions sont ouvertes jusqu’au"
    ));
    assert!(page.body.contains("Première vague"));
    for name in [
        "structure_name",
        "kind",
        "location",
        "purpose",
        "slug",
        "terms",
        "website",
    ] {
        assert!(page.body.contains(&format!("name=\"{name}\"")), "{name}");
    }
    assert!(shown_in_main(
        &app.get("/").await.body,
        "Les inscriptions sont ouvertes"
    ));

    // Mistakes: each explained beside its field, everything typed kept.
    let mut wrong = complete();
    wrong.retain(|(k, _)| *k != "terms");
    for (k, v) in wrong.iter_mut() {
        match *k {
            "identifier" => *v = "732829321",
            "accounts" => *v = "80",
            "slug" => *v = "Les Amis",
            _ => {}
        }
    }
    let res = app.post_form("/demande", &body(&wrong)).await;
    assert_eq!(res.status, 422);
    assert!(
        res.body.contains("4 erreurs empêchent l’envoi"),
        "{}",
        res.body
    );
    for field in ["identifier", "accounts", "slug", "terms"] {
        assert!(
            res.body
                .contains(&format!("id=\"application-{field}-error\"")),
            "{field}"
        );
    }
    assert!(res.body.contains("Un espace compte au plus 50 comptes"));
    assert!(
        res.body.contains("Les Amis de l’Étoile"),
        "the name typed is kept"
    );
    assert!(
        res.body.contains("value=\"69\" selected"),
        "the department chosen is kept"
    );
    assert_eq!(app.count("applications").await, 0);

    // Right: 303 to the page that asks to confirm; one mail queued.
    let res = app.post_form("/demande", &body(&complete())).await;
    assert_eq!(res.status, 303, "{}", res.body);
    assert_eq!(res.header("location"), Some("/demande/envoyee"));
    assert_eq!(app.count("applications").await, 1);
    let mail: String = sqlx::query_scalar("select body_text from mail_outbox")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    let origin = app.origin();
    let confirm = link_in(&mail, "/demande/confirmer/");
    let status = link_in(&mail, "/demande/suivi/");
    assert!(mail.contains(&format!("{origin}{confirm}")));

    // The same address again is taken, said beside the field.
    let mut again = complete();
    again.iter_mut().for_each(|(k, v)| {
        if *k == "referent_email" {
            *v = "autre@example.org"
        }
    });
    let res = app.post_form("/demande", &body(&again)).await;
    assert_eq!(res.status, 422);
    assert!(res.body.contains("id=\"application-slug-error\""));
    assert!(res.body.contains("déjà prise ou demandée"));

    // The status page, before confirming.
    let page = app.get(&status).await;
    assert_eq!(page.status, 200);
    assert!(shown_in_main(
        &page.body,
        "en attente de votre confirmation"
    ));
    assert!(page.body.contains("les-amis.frama.space"));

    // The mail's link shows a button; only the button confirms.
    let page = app.get(&confirm).await;
    assert!(page.body.contains(&format!("action=\"{confirm}\"")));
    let res = app.post_form(&confirm, "").await;
    assert_eq!(res.status, 303);
    assert_eq!(res.header("location"), Some("/demande/confirmee"));
    let res = app.post_form(&confirm, "").await;
    assert_eq!(res.status, 400, "a link confirms once");
    let page = app.get(&status).await;
    assert!(shown_in_main(&page.body, "en cours d’examen"));
    assert!(page.body.contains("Réponse promise au plus tard le"));

    // Withdrawing frees the address.
    let res = app.post_form(&status, "action=withdraw").await;
    assert_eq!(res.status, 303);
    assert_eq!(res.header("location"), Some(status.as_str()));
    let page = app.get(&status).await;
    assert!(shown_in_main(&page.body, "retirée"));
    assert!(
        !page.body.contains("value=\"withdraw\""),
        "nothing left to withdraw"
    );
    let res = app.post_form("/demande", &body(&again)).await;
    assert_eq!(res.status, 303, "{}", res.body);
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn unknown_links_say_so_and_change_nothing(pool: PgPool) {
    let app = spawn_app(pool, |_| {}).await;
    for path in [
        "/demande/suivi/lien-inconnu",
        "/demande/confirmer/lien-inconnu",
    ] {
        let page = app.get(path).await;
        assert_eq!(page.status, 200, "{path}");
        assert!(
            shown_in_main(&page.body, "Ce lien ne fonctionne pas"),
            "{path}"
        );
    }
    let res = app.post_form("/demande/confirmer/lien-inconnu", "").await;
    assert_eq!(res.status, 400);
    for token in ["lien-inconnu", "a%0D%0ALocation:%20x"] {
        let res = app
            .post_form(&format!("/demande/suivi/{token}"), "action=withdraw")
            .await;
        assert_eq!(res.status, 400, "{token}");
        assert!(res.body.contains("Ce lien ne fonctionne pas"), "{token}");
        assert!(res.header("location").is_none());
    }
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn a_robot_filling_the_honeypot_is_thanked_and_forgotten(pool: PgPool) {
    let app = spawn_app(pool, |_| {}).await;
    open_registrations(&app).await;
    let mut robot = complete();
    robot.iter_mut().for_each(|(k, v)| {
        if *k == "website" {
            *v = "http://spam.example"
        }
    });
    let res = app.post_form("/demande", &body(&robot)).await;
    assert_eq!(res.status, 303);
    assert_eq!(res.header("location"), Some("/demande/envoyee"));
    assert_eq!(app.count("applications").await, 0);
    assert_eq!(app.count("mail_outbox").await, 0);
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn a_lost_link_form_answers_the_same_for_anyone(pool: PgPool) {
    let app = spawn_app(pool, |_| {}).await;
    open_registrations(&app).await;
    app.post_form("/demande", &body(&complete())).await;
    let known = app
        .post_form("/demande/lien-perdu", "email=camille%40example.org")
        .await;
    let unknown = app
        .post_form("/demande/lien-perdu", "email=nobody%40example.org")
        .await;
    assert_eq!((known.status, unknown.status), (303, 303));
    assert_eq!(known.header("location"), unknown.header("location"));
    assert_eq!(
        app.count("mail_outbox").await,
        2,
        "the confirmation and one new link"
    );
}

/// The status link and id of an application sent and confirmed through the pages.
/// Application `id`'s version, which a moderator's form carries.
async fn version(app: &TestApp, id: i64) -> i32 {
    sqlx::query_scalar("select version from applications where id = $1")
        .bind(id)
        .fetch_one(&app.pool)
        .await
        .unwrap()
}

/// A moderator approves application `id` on its page.
pub(crate) async fn approve(app: &TestApp, moderator: &str, id: i64) {
    let version = version(app, id).await;
    let res = app
        .post_with(
            &format!("/equipe/demandes/{id}"),
            moderator,
            &format!("version={version}&action=approve"),
        )
        .await;
    assert_eq!(res.status, 303);
}

pub(crate) async fn sent_and_confirmed(app: &TestApp, fields: &[(&str, &str)]) -> (String, i64) {
    let res = app.post_form("/demande", &body(fields)).await;
    assert_eq!(res.status, 303, "{}", res.body);
    let mail: String =
        sqlx::query_scalar("select body_text from mail_outbox order by id desc limit 1")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    let confirm = link_in(&mail, "/demande/confirmer/");
    assert_eq!(app.post_form(&confirm, "").await.status, 303);
    let id: i64 = sqlx::query_scalar("select max(id) from applications")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    (link_in(&mail, "/demande/suivi/"), id)
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn a_moderator_asks_the_applicant_answers_and_the_moderator_approves(pool: PgPool) {
    let app = spawn_app(pool, |_| {}).await;
    open_registrations(&app).await;
    let mut fields = complete();
    fields.iter_mut().for_each(|(k, v)| match *k {
        "structure_name" => *v = "<script>alert('zq7')</script> SARL",
        "purpose" => *v = "</textarea><b>gras</b>",
        _ => {}
    });
    let (status, id) = sent_and_confirmed(&app, &fields).await;
    let modo = app
        .log_in_as("modo@frama.example", backend::accounts::Role::Moderator)
        .await;
    let get = |path: String| {
        let modo = modo.clone();
        let app = &app;
        async move { app.get_with(&path, &[("cookie", &modo)]).await }
    };

    // The queue, and the application: what was typed is shown, escaped; hints appear.
    let queue = get("/equipe/demandes".into()).await;
    assert_eq!(queue.status, 200);
    assert!(queue
        .body
        .contains(&format!("href=\"/equipe/demandes/{id}\"")));
    let detail_path = format!("/equipe/demandes/{id}");
    let detail = get(detail_path.clone()).await;
    assert_eq!(detail.status, 200);
    for raw in ["<script>alert", "<b>gras", "</textarea><b>"] {
        let at = detail.body.find(raw);
        let around =
            at.map(|i| &detail.body[i.saturating_sub(300)..(i + 80).min(detail.body.len())]);
        assert!(at.is_none(), "{raw} came back raw: {around:?}");
    }
    assert!(detail.body.contains("&lt;script&gt;alert"));
    assert!(shown_in_main(
        &detail.body,
        "Des mots évoquent une entreprise"
    ));
    let version = version(&app, id).await;

    // Asked a question, the applicant sees it and answers on the status page.
    let ask = format!("version={version}&action=ask&text=Combien+de+b%C3%A9n%C3%A9voles+%3F");
    let res = app.post_with(&detail_path, &modo, &ask).await;
    assert_eq!(res.status, 303);
    let page = app.get(&status).await;
    assert!(
        shown_in_main(&page.body, "une question vous est posée"),
        "{} {}",
        page.status,
        page.body
    );
    assert!(page.body.contains("Combien de bénévoles ?"));
    let res = app
        .post_form(&status, "action=answer&text=Une+dizaine.")
        .await;
    assert_eq!(res.status, 303);
    assert!(shown_in_main(
        &app.get(&status).await.body,
        "en cours d’examen"
    ));

    // A decision made on the old version is refused, and says who came first.
    let res = app
        .post_with(
            &detail_path,
            &modo,
            &format!("version={version}&action=approve"),
        )
        .await;
    assert_eq!(res.status, 303);
    assert_eq!(
        res.header("location"),
        Some(format!("{detail_path}?deja=1").as_str())
    );
    let page = get(format!("{detail_path}?deja=1")).await;
    assert!(page.body.contains("Déjà traitée par"), "{}", page.body);
    assert_eq!(app.count("spaces").await, 0);

    // On the current version, approved: the space waits for provisioning.
    approve(&app, &modo, id).await;
    assert_eq!(app.count("spaces").await, 1);
    assert!(shown_in_main(&app.get(&status).await.body, "acceptée"));
    // Every mail goes; with no host in the fleet, the space waits for one.
    app.drain_jobs().await;
    let page = app.get(&status).await;
    assert!(shown_in_main(&page.body, "Préparation de votre espace"));
    assert!(
        shown_in_main(&page.body, "Étape 1 sur 16\u{202f}: choix du serveur"),
        "{}",
        page.body
    );
    assert!(
        page.body
            .contains(&format!("<form method=\"get\" action=\"{status}\"")),
        "a refresh button that needs no JavaScript"
    );
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn a_refused_text_comes_back_beside_its_field_and_nothing_is_written(pool: PgPool) {
    let app = spawn_app(pool, |_| {}).await;
    open_registrations(&app).await;
    let (status, id) = sent_and_confirmed(&app, &complete()).await;
    let modo = app
        .log_in_as("modo@frama.example", backend::accounts::Role::Moderator)
        .await;
    let detail_path = format!("/equipe/demandes/{id}");
    let long = "é".repeat(20_001);
    let events = |app: &TestApp| {
        let pool = app.pool.clone();
        async move {
            sqlx::query_scalar::<_, i64>(
                "select count(*) from application_events where actor = 'staff'",
            )
            .fetch_one(&pool)
            .await
            .unwrap()
        }
    };
    // (form, action, text, the error's words)
    let cases = [
        ("note", "note", "", "Ce champ est obligatoire"),
        ("note", "note", "bell\u{7}", "caractère invisible"),
        ("question", "ask", "", "Ce champ est obligatoire"),
        ("question", "ask", long.as_str(), "trop long"),
    ];
    for (form, action, text, words) in cases {
        let res = app
            .post_with(
                &detail_path,
                &modo,
                &format!(
                    "form={form}&version=2&action={action}&text={}",
                    encoded(text)
                ),
            )
            .await;
        assert_eq!(res.status, 422, "{form} {words}");
        assert_eq!(res.header("cache-control"), Some("no-store"));
        assert!(
            res.body.contains(&format!("id=\"{form}-error\"")),
            "{form}: the error beside the field"
        );
        assert!(res.body.contains(words), "{form}: {words}");
        assert!(res.body.contains(r#"aria-invalid="true""#));
        // What was typed is kept (the part that can be shown).
        let kept: String = text.chars().filter(|c| !c.is_control()).take(40).collect();
        assert!(res.body.contains(&kept), "{form}: the text is kept");
    }
    assert_eq!(events(&app).await, 0, "nothing written");
    // The applicant's answer, refused the same way.
    sqlx::query("update applications set status = 'question' where id = $1")
        .bind(id)
        .execute(&app.pool)
        .await
        .unwrap();
    let res = app
        .post_form(&status, "form=answer&action=answer&text=++")
        .await;
    assert_eq!(res.status, 422);
    assert!(res.body.contains("id=\"answer-error\""));
    // An application that does not exist is a 404 page.
    let res = app
        .get_with("/equipe/demandes/999999", &[("cookie", &modo)])
        .await;
    assert_eq!(res.status, 404);
    assert!(res.body.contains("Page introuvable"));
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn the_queue_filters_by_place_and_wave(pool: PgPool) {
    let app = spawn_app(pool, |_| {}).await;
    open_registrations(&app).await;
    let mut fields = complete();
    fields.iter_mut().for_each(|(k, v)| match *k {
        "location" => *v = "BE",
        "identifier" => *v = "",
        _ => {}
    });
    let (_, belgian) = sent_and_confirmed(&app, &fields).await;
    let (_, french) = sent_and_confirmed(&app, &another_applicant()).await;
    let modo = app
        .log_in_as("modo@frama.example", backend::accounts::Role::Moderator)
        .await;
    let window: i64 = sqlx::query_scalar("select id from registration_windows")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    let row = |id: i64| format!("href=\"/equipe/demandes/{id}\"");
    let page = app
        .get_with("/equipe/demandes?lieu=BE", &[("cookie", &modo)])
        .await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains(&row(belgian)));
    assert!(!page.body.contains(&row(french)));
    assert!(page.body.contains(r#"<option value="BE" selected"#));
    let page = app
        .get_with(
            &format!("/equipe/demandes?vague={window}"),
            &[("cookie", &modo)],
        )
        .await;
    assert!(page.body.contains(&row(belgian)) && page.body.contains(&row(french)));
    let page = app
        .get_with(
            &format!("/equipe/demandes?vague={}", window + 1),
            &[("cookie", &modo)],
        )
        .await;
    assert!(!page.body.contains(&row(belgian)));
    // An unknown place filters nothing out rather than failing.
    let page = app
        .get_with("/equipe/demandes?lieu=%3Cb%3E", &[("cookie", &modo)])
        .await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains(&row(french)));
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn admins_edit_the_rejection_reasons_that_moderators_pick_from(pool: PgPool) {
    let app = spawn_app(pool, |_| {}).await;
    open_registrations(&app).await;
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
    let version = version(&app, id).await;
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
    let offered = backend::applications::templates::list(&app.state.ctx, false)
        .await
        .unwrap();
    assert!(offered.iter().all(|t| t.code != "hors-champ"));
    app.drain_jobs().await;
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn a_bulk_approval_from_the_queue_respects_the_capacity(pool: PgPool) {
    let app = spawn_app(pool, |c| c.site.capacity = 1).await;
    open_registrations(&app).await;
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
    assert_eq!(back, "/equipe/demandes?groupe=complet&reste=1");
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
    assert_eq!(back, format!("/equipe/demandes/{second}?complet=1"));
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
    open_registrations(&app).await;
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
        Some(format!("{detail_path}?effacement=confirmer").as_str())
    );
    assert_eq!(app.count("applications").await, 1);
    let res = app
        .post_with(&detail_path, &admin, "action=erase&confirmer=oui")
        .await;
    let back = res.header("location").unwrap().to_string();
    assert_eq!(back, "/equipe/demandes?effacee=1");
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
async fn a_name_in_any_script_offers_a_free_address(pool: PgPool) {
    let app = spawn_app(pool, |_| {}).await;
    open_registrations(&app).await;
    let origin = app.origin();
    let check = |name: &str, slug: &str| {
        let body = format!(
            "form=application&field=structure_name&values[structure_name]={}&values[slug]={}&lang=fr",
            encoded(name),
            encoded(slug)
        );
        let origin = origin.clone();
        let app = &app;
        async move {
            let res = app
                .request(
                    "POST",
                    "/api/forms/check",
                    &[
                        ("content-type", "application/x-www-form-urlencoded"),
                        ("accept", "application/json"),
                        ("origin", &origin),
                    ],
                    &body,
                )
                .await;
            assert_eq!(res.status, 200, "{}", res.body);
            serde_json::from_str::<serde_json::Value>(&res.body).unwrap()
        }
    };
    let offered = check("« Les Amis de l'Étoile »", "").await;
    assert_eq!(offered["Fill"]["field"], "slug");
    assert_eq!(offered["Fill"]["value"], "les-amis-de-l-etoile");
    assert_eq!(check("Друзья", "").await["Fill"]["value"], "druz-ia");
    // Taken: a free one like it.
    sent_and_confirmed(&app, &complete()).await;
    let offered = check("Les Amis", "").await;
    let value = offered["Fill"]["value"].as_str().unwrap().to_string();
    assert!(
        value.starts_with("les-amis-") && value != "les-amis",
        "{value}"
    );
    // An address already typed is left alone; nothing usable, nothing offered.
    assert_eq!(check("Les Amis", "mon-asso").await["Fill"]["value"], "");
    assert_eq!(check("!!", "").await["Fill"]["value"], "");
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn the_moderation_pages_and_forms_refuse_anyone_else(pool: PgPool) {
    let app = spawn_app(pool, |_| {}).await;
    open_registrations(&app).await;
    let (status, id) = sent_and_confirmed(&app, &complete()).await;
    // A status link is no pass to the staff area.
    let _ = app.get(&status).await;
    for path in [
        "/equipe/demandes".to_string(),
        format!("/equipe/demandes/{id}"),
    ] {
        assert_eq!(app.get(&path).await.status, 401, "{path}");
    }
    for action in ["approve", "assign", "note"] {
        let res = app
            .post_form(
                &format!("/equipe/demandes/{id}"),
                &format!("version=2&action={action}&text=x&take=yes"),
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

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn registrations_and_applications_are_handled_on_the_command_line(pool: PgPool) {
    let run = crate::support::cli(&pool);
    let now = Utc::now().naive_utc();
    let opens = (now - Duration::days(1))
        .format("%Y-%m-%dT%H:%M")
        .to_string();
    let closes = (now + Duration::days(5))
        .format("%Y-%m-%dT%H:%M")
        .to_string();
    let (code, out, err) = run(&[
        "registrations",
        "open",
        &opens,
        &closes,
        "--cap",
        "100",
        "--note-fr",
        "Vague 1",
    ]);
    assert_eq!(code, Some(0), "{out}{err}");
    let (code, _, err) = run(&["registrations", "open", &opens, &closes]);
    assert_ne!(code, Some(0));
    assert!(err.contains("overlaps"), "{err}");
    let (_, out, _) = run(&["registrations", "list"]);
    assert!(
        out.contains("Open") && out.contains("cap 100") && out.contains("Vague 1"),
        "{out}"
    );

    let app = spawn_app(pool, |_| {}).await;
    let (_, id) = sent_and_confirmed(&app, &complete()).await;
    let (code, out, _) = run(&["applications", "list"]);
    assert_eq!(code, Some(0));
    assert!(
        out.contains(&format!("{id}\tconfirmed")) && out.contains("les-amis"),
        "{out}"
    );
    let (_, out, _) = run(&["applications", "show", &id.to_string()]);
    assert!(out.contains("Les Amis de l’Étoile"), "{out}");
    let (code, _, err) = run(&[
        "applications",
        "approve",
        &id.to_string(),
        "--as",
        "nobody@frama.example",
    ]);
    assert_ne!(code, Some(0));
    assert!(err.contains("not a staff account"), "{err}");
    backend::accounts::add_staff(
        &app.state.ctx,
        &crate::support::email("modo@frama.example"),
        backend::accounts::Role::Moderator,
    )
    .await
    .unwrap();
    let (code, out, err) = run(&[
        "applications",
        "reject",
        &id.to_string(),
        "--as",
        "modo@frama.example",
        "--reason",
        "company",
        "--note",
        "Bonne continuation.",
    ]);
    assert_eq!(code, Some(0), "{out}{err}");
    let (_, out, _) = run(&["applications", "export", &id.to_string()]);
    assert!(
        out.contains("\"status\": \"rejected\"") && out.contains("Bonne continuation."),
        "{out}"
    );
    let (code, out, _) = run(&["applications", "erase", &id.to_string()]);
    assert_eq!(code, Some(0), "{out}");
    assert_eq!(app.count("applications").await, 0);
}
