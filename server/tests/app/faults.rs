//! The dashboard while its space is in maintenance or slow (the stand-in's knobs), the space
//! waited for `dashboard.space_timeout_secs` (one second here): every page renders with what
//! the portal knows and a plain sentence about what could not be read, every action says
//! that nothing was done, and a creation whose answer was lost (the space made the account
//! and answered too late) says it may have been made and makes one member when sent again.
//! The space down is tried in `dashboard.rs` and `members.rs`.

use sqlx::PgPool;

use crate::invitations::{ask, path_in};
use crate::members::{accounts, create};
use crate::provisioning::provisioned;
use crate::support::{shown_in_main, TestApp};

const OVERVIEW: &str = "/espace/les-amis";
const MEMBERS: &str = "/espace/les-amis/membres";
const INVITATIONS: &str = "/espace/les-amis/invitations";

fn dir(name: &str) -> std::path::PathBuf {
    std::env::temp_dir().join(format!("framaspace-faults-{name}-{}", std::process::id()))
}

/// A provisioned space `les-amis` checked by the sweep, its referent logged in by the
/// mailed link; rights read again at every request, the space waited for one second.
async fn space(pool: PgPool, host_name: &str) -> (TestApp, nextcloud_sim::Host, String) {
    let app = crate::support::spawn_app(pool, |c| {
        c.dashboard.recheck_secs = 0;
        c.dashboard.space_timeout_secs = 1;
    })
    .await;
    let (host, _, _, _) = provisioned(&app, &dir(host_name), host_name).await;
    app.drain_jobs().await;
    backend::provisioning::health::sweep(&app.state.ctx)
        .await
        .unwrap();
    app.drain_jobs().await;
    let cookie = app.log_in_to_space("les-amis", "camille@example.org").await;
    (app, host, cookie)
}

fn faults(host: &nextcloud_sim::Host, f: nextcloud_sim::store::Faults) {
    host.set_faults(Some("les-amis"), &f).unwrap();
}

fn maintenance(host: &nextcloud_sim::Host, on: bool) {
    host.store
        .update("les-amis", |i| {
            i.system.insert("maintenance".into(), on.into());
        })
        .unwrap();
}

/// An invitation link made by the referent, and `name` <`email`> asking to join by it: the
/// path of the mailed confirmation.
async fn asked_to_join(app: &TestApp, cookie: &str, name: &str, email: &str) -> String {
    let res = app
        .post_with(INVITATIONS, cookie, "action=create&days=7&uses=5")
        .await;
    assert_eq!(res.status, 303, "{}", res.body);
    let page = app.get_with(INVITATIONS, &[("cookie", cookie)]).await;
    let link = path_in(&page.body, "/espace/rejoindre/");
    ask(app, &link, name, email).await
}

/// Presses the button of a join's confirmation page: where it leads.
async fn confirm_join(app: &TestApp, confirm: &str) -> String {
    let res = app.post_form(confirm, "").await;
    res.header("location").expect("a page to go to").to_string()
}

/// What the dashboard says with the space in maintenance, then slow: each page renders and
/// says what it could not read; each action says it was not done, or may have been.
#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn every_dashboard_page_renders_while_the_space_is_in_maintenance_or_slow(pool: PgPool) {
    let (app, host, cookie) = space(pool, "nc-faults").await;
    let confirm = asked_to_join(&app, &cookie, "Alix%20Roux", "alix@example.org").await;
    let cases = [
        ("travaux", "en maintenance", "en maintenance"),
        ("lent", "n’a pas répondu", "ne répond pas en ce moment"),
    ];
    for (case, refreshed, listed) in cases {
        match case {
            "travaux" => maintenance(&host, true),
            _ => faults(
                &host,
                nextcloud_sim::store::Faults {
                    latency_ms: 2_500,
                    ..Default::default()
                },
            ),
        }
        // The overview: the sweep's figures, and the first steps.
        let page = app.get_with(OVERVIEW, &[("cookie", &cookie)]).await;
        assert_eq!(page.status, 200, "{case}: {}", page.body);
        assert!(shown_in_main(&page.body, "1 compte sur 50"), "{case}");
        assert!(shown_in_main(&page.body, "Premiers pas"), "{case}");
        // A refresh says the figures are the last known, and why.
        sqlx::query("delete from rate_limits")
            .execute(&app.pool)
            .await
            .unwrap();
        let res = app.post_with(OVERVIEW, &cookie, "action=refresh").await;
        let next = res.header("location").unwrap().to_string();
        let page = app.get_with(&next, &[("cookie", &cookie)]).await;
        assert!(shown_in_main(&page.body, refreshed), "{case}: {next}");
        assert!(shown_in_main(&page.body, "1 compte sur 50"), "{case}");
        // The members page: what could not be read, said; the history still there.
        let page = app.get_with(MEMBERS, &[("cookie", &cookie)]).await;
        assert_eq!(page.status, 200, "{case}");
        assert!(shown_in_main(&page.body, listed), "{case}: {}", page.body);
        assert!(shown_in_main(&page.body, "Membres"), "{case}");
        // A creation: refused beside the form, what was typed kept (the list could not be
        // read, so nothing was asked of the space).
        let res = create(
            &app,
            &cookie,
            &format!("name=Pendant%20{case}"),
            &format!("k-{case}"),
        )
        .await;
        assert_eq!(res.status, 422, "{case}: {}", res.body);
        assert!(
            shown_in_main(&res.body, "n’a pas répondu\u{202f}: rien n’a été fait"),
            "{case}: {}",
            res.body
        );
        assert!(res.body.contains(&format!("value=\"Pendant {case}\"")));
        assert!(
            res.body
                .contains(&format!("name=\"key\" value=\"k-{case}\"")),
            "{case}: the form's key is kept, so that sending it again makes one member"
        );
        // A button of the list.
        let res = app
            .post_with(MEMBERS, &cookie, "action=disable&uid=camille.martin")
            .await;
        assert_eq!(
            res.header("location"),
            Some("/espace/les-amis/membres?resultat=not-reached"),
            "{case}"
        );
        // The invitations page reads only the portal: all there.
        let page = app.get_with(INVITATIONS, &[("cookie", &cookie)]).await;
        assert_eq!(page.status, 200, "{case}");
        assert!(shown_in_main(&page.body, "0 sur 5"), "{case}");
        // Joining by a link: said, and the button again.
        let next = confirm_join(&app, &confirm).await;
        assert!(next.ends_with("resultat=not-reached"), "{case}: {next}");
        let page = app.get(&next).await;
        assert!(shown_in_main(&page.body, "n’a pas répondu"), "{case}");
        assert!(
            page.body.contains("type=\"submit\""),
            "{case}: the button again"
        );
        // Logging in with the space leads to the mailed link rather than a dead site.
        let res = app.post_form("/espace/connexion", "address=les-amis").await;
        assert_eq!(
            res.header("location"),
            Some("/espace/connexion/lien?resultat=use-link&espace=les-amis"),
            "{case}"
        );
        maintenance(&host, false);
        faults(&host, nextcloud_sim::store::Faults::default());
    }
    // Back to normal, the same forms sent again make each account once.
    let res = create(&app, &cookie, "name=Pendant%20lent", "k-lent").await;
    assert_eq!(res.status, 200, "{}", res.body);
    let next = confirm_join(&app, &confirm).await;
    assert!(next.contains("resultat=joined&compte=alix.roux"), "{next}");
    let made: Vec<String> = accounts(&host).into_iter().collect();
    assert_eq!(made, ["alix.roux", "camille.martin", "pendant.lent"]);
    assert!(host.store.load("les-amis").unwrap().unwrap().users["camille.martin"].enabled);
    // The referent kept their login all along: rights that cannot be read are not taken.
    let page = app.get_with(OVERVIEW, &[("cookie", &cookie)]).await;
    assert_eq!(page.status, 200);
}

/// Nextcloud made the account and its answer came too late: the page says it may have been
/// made; the same form sent again finds that account (the password made the first time was
/// never shown, so it gets a new one, shown once), and a confirmation of a join finds its own.
#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn a_creation_whose_answer_was_lost_makes_one_member(pool: PgPool) {
    let (app, host, cookie) = space(pool, "nc-lost").await;
    let confirm = asked_to_join(&app, &cookie, "Bea%20Lune", "bea@example.org").await;
    let lost = nextcloud_sim::store::Faults {
        pause_after_effect_ms: 60_000,
        ..Default::default()
    };
    faults(&host, lost);
    let res = create(&app, &cookie, "name=Lou%20Perdu", "k-lost").await;
    assert_eq!(res.status, 422, "{}", res.body);
    assert!(shown_in_main(&res.body, "a peut-être été créé"));
    assert!(res.body.contains("name=\"key\" value=\"k-lost\""));
    assert!(accounts(&host).contains("lou.perdu"));
    host.store.release("les-amis");
    let next = confirm_join(&app, &confirm).await;
    assert!(next.ends_with("resultat=maybe-done"), "{next}");
    assert!(accounts(&host).contains("bea.lune"));
    host.store.release("les-amis");
    faults(&host, nextcloud_sim::store::Faults::default());
    // Sent again: the same accounts, recorded once; a new password shown, and it works.
    let res = create(&app, &cookie, "name=Lou%20Perdu", "k-lost").await;
    assert_eq!(res.status, 200, "{}", res.body);
    let at = res.body.find("class=\"secret\">").expect("a password") + 15;
    let password = &res.body[at..at + res.body[at..].find('<').unwrap()];
    let inst = host.store.load("les-amis").unwrap().unwrap();
    assert!(inst.users["lou.perdu"]
        .password
        .as_ref()
        .unwrap()
        .matches(password));
    let next = confirm_join(&app, &confirm).await;
    assert!(next.contains("resultat=joined&compte=bea.lune"), "{next}");
    let made: Vec<String> = accounts(&host).into_iter().collect();
    assert_eq!(made, ["bea.lune", "camille.martin", "lou.perdu"]);
    assert_eq!(app.count("member_events").await, 2);
    assert_eq!(app.count("member_creations").await, 0);
    let uses: i32 = sqlx::query_scalar("select uses from invitations")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(uses, 1, "one use for one person");
}
