//! Invitation links, against a provisioned space on a stand-in host: a referent makes one;
//! people ask on its public page, confirm their address through a page whose button
//! confirms, and get their account; the link's uses hold when several confirm at once, a
//! confirmation sent twice makes one account, a full space or a closed link says so.

use sqlx::PgPool;

use crate::members::accounts;
use crate::provisioning::provisioned;
use crate::support::{shown_in_main, TestApp};

const INVITATIONS: &str = "/espace/les-amis/invitations";

fn dir(name: &str) -> std::path::PathBuf {
    std::env::temp_dir().join(format!("framaspace-invite-{name}-{}", std::process::id()))
}

/// The path of the first link of `prefix` in `text`.
pub(crate) fn path_in(text: &str, prefix: &str) -> String {
    let at = text.find(prefix).expect(prefix);
    text[at..]
        .split(|c: char| c.is_whitespace() || c == '<' || c == '"')
        .next()
        .unwrap()
        .to_string()
}

async fn confirm_link(app: &TestApp, email: &str) -> String {
    let text: String = sqlx::query_scalar(
        "select body_text from mail_outbox where recipient = $1 and kind = 'invitation-confirm'
         order by id desc limit 1",
    )
    .bind(email)
    .fetch_one(&app.pool)
    .await
    .expect("a confirmation mail");
    path_in(&text, "/espace/rejoindre/confirmer/")
}

/// Asks on the link's page as `name` <`email`>, and returns the path of the mailed
/// confirmation.
pub(crate) async fn ask(app: &TestApp, link: &str, name: &str, email: &str) -> String {
    let res = app
        .post_form(
            link,
            &format!("name={name}&email={}", email.replace('@', "%40")),
        )
        .await;
    assert_eq!(
        res.header("location"),
        Some(format!("{link}?resultat=sent").as_str()),
        "{}",
        res.body
    );
    confirm_link(app, email).await
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn a_link_lets_people_join_within_its_uses(pool: PgPool) {
    let app = crate::support::spawn_app(pool, |_| {}).await;
    let (host, _, _, _) = provisioned(&app, &dir("uses"), "nc-invite").await;
    app.drain_jobs().await;
    let cookie = app.log_in_to_space("les-amis", "camille@example.org").await;
    // A number of people out of range is refused beside its field.
    let res = app
        .post_with(INVITATIONS, &cookie, "action=create&days=7&uses=0")
        .await;
    assert_eq!(res.status, 422);
    assert!(shown_in_main(&res.body, "entre 1 et 50"));
    let res = app
        .post_with(INVITATIONS, &cookie, "action=create&days=7&uses=2")
        .await;
    assert_eq!(
        res.header("location"),
        Some("/espace/les-amis/invitations?resultat=created")
    );
    let page = app.get_with(INVITATIONS, &[("cookie", &cookie)]).await;
    assert!(shown_in_main(&page.body, "0 sur 2"), "{}", page.body);
    let link = path_in(&page.body, "/espace/rejoindre/");
    // The public page, without logging in.
    let open = app.get(&link).await;
    assert_eq!(open.status, 200);
    assert!(shown_in_main(&open.body, "Les Amis de l’Étoile"));
    // A refused name or address comes back beside its field, what was typed kept.
    let res = app.post_form(&link, "name=&email=pas-une-adresse").await;
    assert_eq!(res.status, 422);
    assert!(shown_in_main(&res.body, "obligatoire"));
    assert!(res.body.contains("value=\"pas-une-adresse\""));
    // Ask, then confirm: the GET of the mailed link makes nothing, its button does.
    let confirm = ask(&app, &link, "Alix%20Roux", "alix@example.org").await;
    let page = app.get(&confirm).await;
    assert_eq!(page.status, 200);
    assert!(shown_in_main(&page.body, "alix@example.org"));
    assert!(!accounts(&host).contains("alix.roux"));
    let (first, second) = tokio::join!(app.post_form(&confirm, ""), app.post_form(&confirm, ""));
    for res in [&first, &second] {
        assert_eq!(
            res.header("location"),
            Some(
                format!("{confirm}?resultat=joined&compte=alix.roux&espace=les-amis.frama.space")
                    .as_str()
            ),
            "{}",
            res.body
        );
    }
    let inst = host.store.load("les-amis").unwrap().unwrap();
    assert_eq!(
        inst.users["alix.roux"].email.as_deref(),
        Some("alix@example.org")
    );
    assert!(host
        .mails("les-amis")
        .iter()
        .any(|m| m.to == "alix@example.org" && m.body.contains("Set your password")));
    let page = app
        .get(&format!(
            "{confirm}?resultat=joined&compte=alix.roux&espace=les-amis.frama.space"
        ))
        .await;
    assert!(shown_in_main(&page.body, "choisir votre mot de passe"));
    // Two ask, both confirm at once, for the one use left: one joins.
    let bea = ask(&app, &link, "Bea", "bea@example.org").await;
    let cyd = ask(&app, &link, "Cyd", "cyd@example.org").await;
    let (b, c) = tokio::join!(app.post_form(&bea, ""), app.post_form(&cyd, ""));
    let joined = [&b, &c]
        .iter()
        .filter(|r| {
            r.header("location")
                .is_some_and(|l| l.contains("resultat=joined"))
        })
        .count();
    let used_up = [&b, &c]
        .iter()
        .filter(|r| {
            r.header("location")
                .is_some_and(|l| l.ends_with("resultat=used-up"))
        })
        .count();
    assert_eq!(
        (joined, used_up),
        (1, 1),
        "{:?} {:?}",
        b.header("location"),
        c.header("location")
    );
    assert_eq!(accounts(&host).len(), 3);
    let closed = app.get(&link).await;
    assert!(shown_in_main(
        &closed.body,
        "a servi autant de fois que prévu"
    ));
    // The referent sees who joined by the link, and the members' history says so.
    let page = app.get_with(INVITATIONS, &[("cookie", &cookie)]).await;
    assert!(shown_in_main(&page.body, "2 sur 2"));
    assert!(shown_in_main(
        &page.body,
        "Alix Roux a rejoint l’espace avec le compte «\u{202f}alix.roux\u{202f}»"
    ));
    let members = app
        .get_with("/espace/les-amis/membres", &[("cookie", &cookie)])
        .await;
    assert!(shown_in_main(
        &members.body,
        "Alix Roux a rejoint l’espace par un lien d’invitation"
    ));
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn a_closed_link_or_a_full_space_says_so(pool: PgPool) {
    let app = crate::support::spawn_app(pool, |_| {}).await;
    let (host, _, _, _) = provisioned(&app, &dir("closed"), "nc-closed").await;
    app.drain_jobs().await;
    let cookie = app.log_in_to_space("les-amis", "camille@example.org").await;
    for _ in 0..2 {
        app.post_with(INVITATIONS, &cookie, "action=create&days=1&uses=5")
            .await;
    }
    let page = app.get_with(INVITATIONS, &[("cookie", &cookie)]).await;
    let newest = path_in(&page.body, "/espace/rejoindre/");
    let older = path_in(
        &page.body[page.body.find(&newest).unwrap() + 10..],
        "/espace/rejoindre/",
    );
    // Revoked: said on its page, and a confirmation pending on it is refused.
    let pending = ask(&app, &newest, "Dan", "dan@example.org").await;
    let ids: Vec<i64> = sqlx::query_scalar("select id from invitations order by id")
        .fetch_all(&app.pool)
        .await
        .unwrap();
    let res = app
        .post_with(
            INVITATIONS,
            &cookie,
            &format!("action=revoke&id={}", ids[1]),
        )
        .await;
    assert_eq!(
        res.header("location"),
        Some("/espace/les-amis/invitations?resultat=revoked")
    );
    let again = app
        .post_with(
            INVITATIONS,
            &cookie,
            &format!("action=revoke&id={}", ids[1]),
        )
        .await;
    assert_eq!(
        again.header("location"),
        Some("/espace/les-amis/invitations?resultat=not-revoked")
    );
    assert!(shown_in_main(&app.get(&newest).await.body, "a été révoqué"));
    let res = app.post_form(&pending, "").await;
    assert_eq!(
        res.header("location"),
        Some(format!("{pending}?resultat=revoked").as_str())
    );
    // Expired.
    sqlx::query("update invitations set expires_at = now() - interval '1 minute' where id = $1")
        .bind(ids[0])
        .execute(&app.pool)
        .await
        .unwrap();
    assert!(shown_in_main(&app.get(&older).await.body, "a expiré"));
    sqlx::query("update invitations set expires_at = now() + interval '1 day' where id = $1")
        .bind(ids[0])
        .execute(&app.pool)
        .await
        .unwrap();
    // The space full: the account is not made, and the use is given back.
    host.store
        .update("les-amis", |i| {
            for n in 0..49 {
                i.create_user(&format!("membre{n}"), None, 0);
            }
        })
        .unwrap();
    let confirm = ask(&app, &older, "Eve", "eve@example.org").await;
    let res = app.post_form(&confirm, "").await;
    assert_eq!(
        res.header("location"),
        Some(format!("{confirm}?resultat=full").as_str())
    );
    let uses: i32 = sqlx::query_scalar("select uses from invitations where id = $1")
        .bind(ids[0])
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(uses, 0);
    assert_eq!(accounts(&host).len(), 50);
    // No link at all: gone.
    let res = app.get("/espace/rejoindre/pas-un-lien").await;
    assert_eq!(res.status, 410);
    assert!(shown_in_main(&res.body, "ne marche pas"));
}
