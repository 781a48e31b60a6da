//! A space's members from its dashboard, against a provisioned space on a stand-in host:
//! each button does what it says in Nextcloud and in the page's history, a password made
//! for a member without an e-mail is shown once and works, the account limit holds when
//! creations arrive at once, a form sent twice creates once, and every refusal is a
//! sentence (beside its field for the creation form) with nothing done.

use std::collections::BTreeSet;

use sqlx::PgPool;

use crate::provisioning::provisioned;
use crate::support::{shown_in_main, Response, TestApp};

const MEMBERS: &str = "/espace/les-amis/membres";
const REFERENT: &str = "camille.martin";

fn dir(name: &str) -> std::path::PathBuf {
    std::env::temp_dir().join(format!("framaspace-members-{name}-{}", std::process::id()))
}

/// A provisioned space `les-amis`, its referent logged in to its dashboard by the mailed
/// link: the host and the session cookie.
async fn space(app: &TestApp, host_name: &str) -> (nextcloud_sim::Host, String) {
    let (host, _, _, _) = provisioned(app, &dir(host_name), host_name).await;
    app.drain_jobs().await;
    let cookie = app.log_in_to_space("les-amis", "camille@example.org").await;
    (host, cookie)
}

fn instance(host: &nextcloud_sim::Host) -> nextcloud_sim::model::Instance {
    host.store.load("les-amis").unwrap().unwrap()
}

pub(crate) fn accounts(host: &nextcloud_sim::Host) -> BTreeSet<String> {
    instance(host)
        .users
        .into_keys()
        .filter(|u| u != "framaspace")
        .collect()
}

fn admins(host: &nextcloud_sim::Host) -> BTreeSet<String> {
    instance(host).groups["admin"].members.clone()
}

/// The creation form's single-use key on the page.
fn form_key(page: &str) -> String {
    let at = page.find("name=\"key\" value=\"").expect("a creation form");
    let rest = &page[at + "name=\"key\" value=\"".len()..];
    rest[..rest.find('"').unwrap()].to_string()
}

async fn press(app: &TestApp, cookie: &str, action: &str, uid: &str) -> Response {
    app.post_with(MEMBERS, cookie, &format!("action={action}&uid={uid}"))
        .await
}

pub(crate) async fn create(app: &TestApp, cookie: &str, fields: &str, key: &str) -> Response {
    app.post_with(
        MEMBERS,
        cookie,
        &format!("action=create&key={key}&{fields}"),
    )
    .await
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn a_referent_manages_the_members_of_their_space(pool: PgPool) {
    let app = crate::support::spawn_app(pool, |_| {}).await;
    let (host, cookie) = space(&app, "nc-members").await;
    let page = app.get_with(MEMBERS, &[("cookie", &cookie)]).await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(shown_in_main(&page.body, "Camille Martin"));
    assert!(shown_in_main(&page.body, "1 compte sur 50"));
    assert!(
        !shown_in_main(&page.body, "framaspace"),
        "the portal's own account is never listed"
    );
    // With an e-mail: Nextcloud's welcome mail, with its link to set a password.
    let key = form_key(&page.body);
    let res = create(
        &app,
        &cookie,
        "name=Dominique%20Roux&email=dominique%40example.org&username=",
        &key,
    )
    .await;
    assert_eq!(
        res.header("location"),
        Some("/espace/les-amis/membres?resultat=created&compte=dominique.roux"),
        "{}",
        res.body
    );
    let made = &instance(&host).users["dominique.roux"];
    assert_eq!(made.display_name, "Dominique Roux");
    assert_eq!(made.email.as_deref(), Some("dominique@example.org"));
    let mails = host.mails("les-amis");
    assert!(
        mails
            .iter()
            .any(|m| m.to == "dominique@example.org" && m.body.contains("Set your password")),
        "{mails:?}"
    );
    let page = app
        .get_with(
            "/espace/les-amis/membres?resultat=created&compte=dominique.roux",
            &[("cookie", &cookie)],
        )
        .await;
    assert!(shown_in_main(
        &page.body,
        "un e-mail pour choisir son mot de passe"
    ));
    // Without: a password made here, shown in the answer itself, never in an address.
    let res = create(
        &app,
        &cookie,
        "name=Sam%20Petit&email=&username=sam",
        "k-sam",
    )
    .await;
    assert_eq!(res.status, 200, "{}", res.body);
    assert!(res.header("location").is_none());
    assert_eq!(res.header("cache-control"), Some("no-store"));
    let at = res
        .body
        .find("class=\"secret\">")
        .expect("the password shown")
        + 15;
    let password = &res.body[at..at + res.body[at..].find('<').unwrap()];
    assert_eq!(password.len(), 23, "{password}");
    assert!(shown_in_main(&res.body, "ne sera plus jamais affiché"));
    assert!(instance(&host).users["sam"]
        .password
        .as_ref()
        .unwrap()
        .matches(password));
    // Disable, enable, make and unmake a co-administrator, the welcome mail again.
    let res = press(&app, &cookie, "disable", "sam").await;
    assert_eq!(
        res.header("location"),
        Some("/espace/les-amis/membres?resultat=disabled&compte=sam")
    );
    assert!(!instance(&host).users["sam"].enabled);
    press(&app, &cookie, "enable", "sam").await;
    assert!(instance(&host).users["sam"].enabled);
    press(&app, &cookie, "make-admin", "dominique.roux").await;
    assert!(admins(&host).contains("dominique.roux"));
    press(&app, &cookie, "unmake-admin", "dominique.roux").await;
    assert!(!admins(&host).contains("dominique.roux"));
    let before = host.mails("les-amis").len();
    let res = press(&app, &cookie, "welcome", "dominique.roux").await;
    assert_eq!(
        res.header("location"),
        Some("/espace/les-amis/membres?resultat=welcome-sent&compte=dominique.roux")
    );
    assert_eq!(host.mails("les-amis").len(), before + 1);
    let res = press(&app, &cookie, "welcome", "sam").await;
    assert_eq!(
        res.header("location"),
        Some("/espace/les-amis/membres?resultat=no-email")
    );
    // Deleting asks first, and says what is lost; the GET deletes nothing.
    let page = app
        .get_with(
            "/espace/les-amis/membres?supprimer=sam",
            &[("cookie", &cookie)],
        )
        .await;
    assert!(shown_in_main(
        &page.body,
        "Supprimer le compte de Sam Petit"
    ));
    assert!(shown_in_main(&page.body, "ses fichiers, ses agendas"));
    assert!(accounts(&host).contains("sam"));
    let res = press(&app, &cookie, "delete", "sam").await;
    assert_eq!(
        res.header("location"),
        Some("/espace/les-amis/membres?resultat=deleted&compte=sam")
    );
    assert!(!accounts(&host).contains("sam"));
    // One's own account, the portal's, one that is not there: refused, nothing done.
    for (action, uid, says) in [
        ("disable", REFERENT, "yourself"),
        ("delete", REFERENT, "yourself"),
        ("unmake-admin", REFERENT, "yourself"),
        ("disable", "framaspace", "no-such-member"),
        ("delete", "personne", "no-such-member"),
        ("disable", "a%0Ab", "no-such-member"),
    ] {
        let res = press(&app, &cookie, action, uid).await;
        assert_eq!(
            res.header("location"),
            Some(format!("/espace/les-amis/membres?resultat={says}").as_str()),
            "{action} {uid}"
        );
    }
    assert!(instance(&host).users["framaspace"].enabled);
    assert!(instance(&host).users[REFERENT].enabled);
    // The last co-administrator stays one: here the referent on file is no longer in
    // `admin` (they keep the dashboard), and Dominique is the only one.
    host.store
        .update("les-amis", |i| {
            i.groups.get_mut("admin").unwrap().members.remove(REFERENT);
            i.groups
                .get_mut("admin")
                .unwrap()
                .members
                .insert("dominique.roux".into());
        })
        .unwrap();
    for action in ["unmake-admin", "disable", "delete"] {
        let res = press(&app, &cookie, action, "dominique.roux").await;
        assert_eq!(
            res.header("location"),
            Some("/espace/les-amis/membres?resultat=last-admin"),
            "{action}"
        );
    }
    assert!(admins(&host).contains("dominique.roux"));
    // The history says who did what, the latest first.
    let page = app.get_with(MEMBERS, &[("cookie", &cookie)]).await;
    for line in [
        "Camille Martin a créé le compte «\u{202f}dominique.roux\u{202f}»",
        "Camille Martin a supprimé le compte «\u{202f}sam\u{202f}»",
        "Camille Martin a désactivé le compte «\u{202f}sam\u{202f}»",
        "Camille Martin a renvoyé l’e-mail de bienvenue",
    ] {
        assert!(shown_in_main(&page.body, line), "{line}");
    }
    let first = page.body.find("a supprimé le compte").unwrap();
    let created = page.body.find("a créé le compte «\u{202f}sam").unwrap();
    assert!(first < created, "the latest first");
}

/// Nextcloud has no limit of its own: the portal's holds when creations arrive at once, and
/// the same form sent twice (a double click, a retry) creates one account.
#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn the_account_limit_holds_when_several_arrive_at_once(pool: PgPool) {
    let app = crate::support::spawn_app(pool, |_| {}).await;
    let (host, cookie) = space(&app, "nc-limit").await;
    // Members made in Nextcloud itself count: three places are left of fifty.
    host.store
        .update("les-amis", |i| {
            for n in 0..46 {
                i.create_user(&format!("membre{n}"), None, 0);
            }
        })
        .unwrap();
    // The same form twice at once: one account, and the second answer says so.
    let (a, b) = tokio::join!(
        create(&app, &cookie, "name=Alex%20Un", "same-key"),
        create(&app, &cookie, "name=Alex%20Un", "same-key"),
    );
    let mut statuses = [a.status, b.status];
    statuses.sort_unstable();
    assert_eq!(statuses, [200, 303], "{}\n{}", a.body, b.body);
    let again = if a.status == 303 { &a } else { &b };
    assert_eq!(
        again.header("location"),
        Some("/espace/les-amis/membres?resultat=created-again&compte=alex.un")
    );
    assert_eq!(accounts(&host).len(), 48);
    // Four at once for the two places left.
    let names = ["Bea", "Cyd", "Dan", "Eve"];
    let forms: Vec<String> = names.iter().map(|n| format!("name={n}")).collect();
    let answers = futures_util::future::join_all(
        names
            .iter()
            .zip(&forms)
            .map(|(n, form)| create(&app, &cookie, form, n)),
    )
    .await;
    let made = answers.iter().filter(|r| r.status == 200).count();
    let refused: Vec<&Response> = answers.iter().filter(|r| r.status == 422).collect();
    assert_eq!((made, refused.len()), (2, 2));
    for r in refused {
        assert!(shown_in_main(&r.body, "limite de 50 comptes"), "{}", r.body);
    }
    assert_eq!(accounts(&host).len(), 50);
    let page = app.get_with(MEMBERS, &[("cookie", &cookie)]).await;
    assert!(shown_in_main(&page.body, "50 comptes sur 50"));
    assert!(shown_in_main(&page.body, "Page 1 sur 3"), "twenty a page");
    assert!(
        !page.body.contains("name=\"key\""),
        "no creation form when full"
    );
}

/// What Nextcloud or the portal refuses comes back beside the field, what was typed kept;
/// the space down, the page still renders and nothing is half-done.
#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn a_refused_member_says_why_beside_the_field(pool: PgPool) {
    let app = crate::support::spawn_app(pool, |_| {}).await;
    let (host, cookie) = space(&app, "nc-refused").await;
    for (fields, field, says) in [
        (
            "name=Camille%20Bis&username=Camille.Martin",
            "member-username",
            "a déjà cet identifiant",
        ),
        (
            "name=Camille%20Bis&username=h%C3%A9l%C3%A8ne%2Fx",
            "member-username",
            "ne peut contenir que",
        ),
        (
            "name=Camille%20Bis&email=pas-une-adresse",
            "member-email",
            "ne semble pas valide",
        ),
        ("name=&email=", "member-name", "obligatoire"),
        (
            &format!("name={}", "x".repeat(65)),
            "member-name",
            "64 caractères au plus",
        ),
    ] {
        let res = create(&app, &cookie, fields, "k").await;
        assert_eq!(res.status, 422, "{fields}: {}", res.body);
        assert!(shown_in_main(&res.body, says), "{fields}: {}", res.body);
        assert!(
            res.body
                .contains(&format!("id=\"{field}\" name=\"{}\"", &field[7..])),
            "{fields}"
        );
        assert!(res.body.contains("aria-invalid=\"true\""), "{fields}");
    }
    let res = create(
        &app,
        &cookie,
        "name=Camille%20Bis&username=Camille.Martin",
        "k",
    )
    .await;
    assert!(
        res.body.contains("value=\"Camille Bis\""),
        "what was typed is kept"
    );
    assert_eq!(accounts(&host).len(), 1);
    // The space down: the page says so, a creation is refused with what was typed kept.
    host.set_faults(
        Some("les-amis"),
        &nextcloud_sim::store::Faults {
            down: true,
            ..Default::default()
        },
    )
    .unwrap();
    let page = app.get_with(MEMBERS, &[("cookie", &cookie)]).await;
    assert_eq!(page.status, 200);
    assert!(shown_in_main(&page.body, "ne répond pas en ce moment"));
    let res = create(&app, &cookie, "name=Pendant%20la%20panne", "k-down").await;
    assert_eq!(res.status, 422, "{}", res.body);
    assert!(
        shown_in_main(&res.body, "n’a pas répondu"),
        "{}",
        &res.body[res.body.find("<main").unwrap()..]
    );
    assert!(res.body.contains("value=\"Pendant la panne\""));
    let res = press(&app, &cookie, "disable", REFERENT).await;
    assert_eq!(
        res.header("location"),
        Some("/espace/les-amis/membres?resultat=not-reached")
    );
    assert_eq!(app.count("member_events").await, 0);
}
