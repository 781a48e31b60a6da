//! Handing the referent's role over, against a provisioned space on a stand-in host: only
//! enabled members with an address are offered it, a refusal is a sentence beside the field,
//! an offer is mailed and may be withdrawn or replaced (its former link then says so), the
//! link's page changes nothing until its button, which puts the member in `admin` and makes
//! them the referent on file (the login link and the space's mails go to them); the former
//! referent is told and can no longer offer the role.

use sqlx::PgPool;

use app::pages::space::handover::HandoverOutcome;

use crate::members::create;
use crate::provisioning::provisioned;
use crate::support::{shown_in_main, Response, TestApp};

const HANDOVER: &str = "/espace/les-amis/passer-la-main";

fn dir(name: &str) -> std::path::PathBuf {
    std::env::temp_dir().join(format!("framaspace-handover-{name}-{}", std::process::id()))
}

fn done(res: &Response, outcome: HandoverOutcome) {
    assert_eq!(res.status, 303, "{}", res.body);
    let shown = app::actions::outcome_query(HANDOVER, &outcome);
    assert_eq!(res.header("location"), Some(shown.as_str()));
}

/// The link of the latest offer mailed to `email`, read before the mail is sent (its words
/// are erased then).
async fn offer_link(app: &TestApp, email: &str) -> String {
    let text: String = sqlx::query_scalar(
        "select body_text from mail_outbox where recipient = $1 and kind = $2
         order by id desc limit 1",
    )
    .bind(email)
    .bind(backend::referents::handover::MAIL_OFFER)
    .fetch_one(&app.pool)
    .await
    .expect("an offer mailed");
    let start = text.find("/espace/transmission/").expect("a link");
    text[start..].split_whitespace().next().unwrap().to_string()
}

async fn on_file(app: &TestApp) -> Option<String> {
    sqlx::query_scalar("select referent_uid from spaces")
        .fetch_one(&app.pool)
        .await
        .unwrap()
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn the_referent_hands_their_role_to_a_member_who_confirms(pool: PgPool) {
    let app = crate::support::spawn_app(pool, |_| {}).await;
    let (host, modo, _, _) = provisioned(&app, &dir("role"), "sim-handover").await;
    app.drain_jobs().await;
    let cookie = app.log_in_to_space("les-amis", "camille@example.org").await;
    // Two members: one with an address, one without.
    for (fields, key) in [
        (
            "name=Dominique%20Roux&email=dominique%40example.org&username=",
            "k-dominique",
        ),
        ("name=Sam%20Petit&email=&username=sam", "k-sam"),
    ] {
        let res = create(&app, &cookie, fields, key).await;
        assert!(res.status == 303 || res.status == 200, "{}", res.body);
    }

    let page = app.get_with(HANDOVER, &[("cookie", &cookie)]).await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(shown_in_main(&page.body, "Camille Martin"));
    assert!(page.body.contains("value=\"dominique.roux\""));
    assert!(
        !page.body.contains("value=\"sam\""),
        "no address, not offered"
    );
    assert!(
        !page.body.contains("value=\"camille.martin\""),
        "not oneself"
    );
    assert!(!page.body.contains("value=\"framaspace\""));

    // Refused beside the field, nothing recorded or mailed: none chosen, oneself, the
    // portal's account, a member without an address, hostile values.
    for (member, says) in [
        ("", "Choisissez un membre de la liste"),
        ("camille.martin", "Choisissez un membre de la liste"),
        ("framaspace", "Choisissez un membre de la liste"),
        ("personne", "Choisissez un membre de la liste"),
        ("sam", "n’a pas d’adresse e-mail"),
        ("%3Cb%3Ex%3C%2Fb%3E", "Choisissez un membre de la liste"),
        ("dominique.roux%0D%0Ax", "Choisissez un membre de la liste"),
    ] {
        let res = app
            .post_with(HANDOVER, &cookie, &format!("action=offer&member={member}"))
            .await;
        assert_eq!(res.status, 422, "{member}: {}", res.body);
        assert!(res.body.contains(says), "{member}");
        assert!(!res.body.contains("<b>x</b>"), "shown escaped");
    }
    let offers: i64 = sqlx::query_scalar("select count(*) from referent_handovers")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(offers, 0);

    // Offered, replaced, withdrawn: each former link says it no longer works.
    let res = app
        .post_with(HANDOVER, &cookie, "action=offer&member=dominique.roux")
        .await;
    done(&res, HandoverOutcome::Offered);
    let first = offer_link(&app, "dominique@example.org").await;
    let res = app
        .post_with(HANDOVER, &cookie, "action=offer&member=dominique.roux")
        .await;
    done(&res, HandoverOutcome::Offered);
    let second = offer_link(&app, "dominique@example.org").await;
    assert_ne!(first, second);
    let page = app.get(&first).await;
    assert!(shown_in_main(&page.body, "Ce lien ne fonctionne plus"));
    let page = app.get_with(HANDOVER, &[("cookie", &cookie)]).await;
    assert!(shown_in_main(
        &page.body,
        "Le rôle est proposé à Dominique Roux"
    ));
    done(
        &app.post_with(HANDOVER, &cookie, "action=withdraw").await,
        HandoverOutcome::Withdrawn,
    );
    done(
        &app.post_with(HANDOVER, &cookie, "action=withdraw").await,
        HandoverOutcome::NoOffer,
    );
    let res = app.post_form(&second, "").await;
    assert_eq!(res.status, 303);
    let page = app.get(res.header("location").unwrap()).await;
    assert!(shown_in_main(&page.body, "Ce lien ne fonctionne plus"));

    // The link's page asks and changes nothing; its button hands the role over.
    let res = app
        .post_with(HANDOVER, &cookie, "action=offer&member=dominique.roux")
        .await;
    done(&res, HandoverOutcome::Offered);
    let link = offer_link(&app, "dominique@example.org").await;
    let page = app.get(&link).await;
    assert_eq!(page.status, 200);
    assert!(shown_in_main(
        &page.body,
        "Camille Martin vous propose, Dominique Roux"
    ));
    assert_eq!(on_file(&app).await, None, "a GET changes nothing");
    let admins = || {
        host.store.load("les-amis").unwrap().unwrap().groups["admin"]
            .members
            .clone()
    };
    assert!(!admins().contains("dominique.roux"));
    let res = app.post_form(&link, "").await;
    assert_eq!(res.status, 303, "{}", res.body);
    let shown = res.header("location").unwrap().to_string();
    assert!(shown.contains("resultat=done"), "{shown}");
    let page = app.get(&shown).await;
    assert!(shown_in_main(&page.body, "vous êtes référent·e"));
    assert_eq!(on_file(&app).await.as_deref(), Some("dominique.roux"));
    assert!(admins().contains("dominique.roux"));
    assert!(admins().contains("camille.martin"), "the former stays");
    // Pressed again: done already, nothing twice.
    let again = app.post_form(&link, "").await;
    assert_eq!(again.header("location"), Some(shown.as_str()));
    let told: Vec<String> =
        sqlx::query_scalar("select recipient from mail_outbox where kind = $1 order by id")
            .bind(backend::referents::handover::MAIL_HANDED)
            .fetch_all(&app.pool)
            .await
            .unwrap();
    assert_eq!(told, ["camille@example.org"]);
    // Staff see whom the portal mails now.
    let id: i64 = sqlx::query_scalar("select id from spaces")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    let staff = app
        .get_with(&format!("/equipe/espaces/{id}"), &[("cookie", &modo)])
        .await;
    assert!(
        shown_in_main(&staff.body, "Dominique Roux &lt;dominique@example.org"),
        "{}",
        staff.body
    );
    assert!(shown_in_main(
        &staff.body,
        "(rôle transmis depuis le tableau de bord)"
    ));

    // The former referent sees who holds the role and can no longer offer it.
    let page = app.get_with(HANDOVER, &[("cookie", &cookie)]).await;
    assert!(shown_in_main(
        &page.body,
        "Seul·e Dominique Roux, référent·e de l’espace"
    ));
    assert!(!page.body.contains("name=\"member\""));
    let res = app
        .post_with(HANDOVER, &cookie, "action=offer&member=dominique.roux")
        .await;
    done(&res, HandoverOutcome::NotReferent);
    let history = app
        .get_with("/espace/les-amis/membres", &[("cookie", &cookie)])
        .await;
    assert!(shown_in_main(
        &history.body,
        "a accepté le rôle de référent·e"
    ));
    app.drain_jobs().await;
    // The login link goes to the new referent on file now.
    let theirs = app
        .log_in_to_space("les-amis", "dominique@example.org")
        .await;
    let page = app.get_with(HANDOVER, &[("cookie", &theirs)]).await;
    assert!(page.body.contains("name=\"member\""), "{}", page.body);
    assert!(page.body.contains("value=\"camille.martin\""));
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn an_expired_offer_changes_nothing(pool: PgPool) {
    let app = crate::support::spawn_app(pool, |_| {}).await;
    let (_host, _, _, _) = provisioned(&app, &dir("old"), "sim-handover-exp").await;
    app.drain_jobs().await;
    let cookie = app.log_in_to_space("les-amis", "camille@example.org").await;
    let res = create(
        &app,
        &cookie,
        "name=Dominique%20Roux&email=dominique%40example.org&username=",
        "k-dominique",
    )
    .await;
    assert!(res.status == 303 || res.status == 200, "{}", res.body);
    let res = app
        .post_with(HANDOVER, &cookie, "action=offer&member=dominique.roux")
        .await;
    done(&res, HandoverOutcome::Offered);
    let link = offer_link(&app, "dominique@example.org").await;
    sqlx::query("update referent_handovers set expires_at = now() - interval '1 minute'")
        .execute(&app.pool)
        .await
        .unwrap();
    let page = app.get(&link).await;
    assert!(shown_in_main(&page.body, "Ce lien ne fonctionne plus"));
    let res = app.post_form(&link, "").await;
    assert!(res.header("location").unwrap().contains("resultat=gone"));
    assert_eq!(on_file(&app).await, None);
    let page = app.get_with(HANDOVER, &[("cookie", &cookie)]).await;
    assert!(!shown_in_main(&page.body, "Le rôle est proposé"));
    app.drain_jobs().await;
}
