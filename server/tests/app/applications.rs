//! Applying for a space without JavaScript, over real HTTP: closed registrations, the form
//! with mistakes then right, the confirmation by the mail's button, the status page and
//! withdrawing.

use chrono::{Duration, Utc};
use common::states::ApplicationStatus;
use sqlx::PgPool;
use testkit::applicants::{open, version};

use crate::support::{shown_in_main, spawn_app, TestApp};

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
pub(crate) fn another_applicant() -> Vec<(&'static str, &'static str)> {
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
    open(&app.state.ctx).await;
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
    open(&app.state.ctx).await;
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
    open(&app.state.ctx).await;
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

/// A moderator approves application `id` on its page.
pub(crate) async fn approve(app: &TestApp, moderator: &str, id: i64) {
    let version = version(&app.pool, id).await;
    let res = app
        .post_with(
            &format!("/equipe/demandes/{id}"),
            moderator,
            &format!("version={version}&action=approve"),
        )
        .await;
    assert_eq!(res.status, 303);
}

/// The status link and id of an application sent and confirmed through the pages.
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
    open(&app.state.ctx).await;
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
    let version = version(&app.pool, id).await;

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
        Some(format!("{detail_path}?resultat=already-decided").as_str())
    );
    let page = get(format!("{detail_path}?resultat=already-decided")).await;
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
        shown_in_main(&page.body, "Étape 1 sur 13\u{202f}: choix du serveur"),
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
    open(&app.state.ctx).await;
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
    sqlx::query("update applications set status = $2 where id = $1")
        .bind(id)
        .bind(ApplicationStatus::Question)
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
    open(&app.state.ctx).await;
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
async fn a_name_in_any_script_offers_a_free_address(pool: PgPool) {
    let app = spawn_app(pool, |_| {}).await;
    open(&app.state.ctx).await;
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
        &backend::accounts::Admin::command_line(),
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
