//! A space's dashboard: logging in with the space through its Nextcloud's OAuth2 login (the
//! stand-in's login and consent pages), by the mailed link, what each refusal says, who may
//! open which dashboard, and logging out everywhere.

use backend::accounts::Admin;
use backend::provisioning::fleet;
use sqlx::PgPool;

use crate::provisioning::provisioned;
use crate::support::{session_cookie, shown_in_main, TestApp};

pub(crate) const PASSWORD: &str = "Un-mot-de-passe-assez-long-42";

fn dir(name: &str) -> std::path::PathBuf {
    std::env::temp_dir().join(format!(
        "framaspace-dashboard-{name}-{}",
        std::process::id()
    ))
}

/// A provisioned space `les-amis` on a stand-in host, its referent's account with a password:
/// the host and the referent's uid.
pub(crate) async fn space_with_referent(
    app: &TestApp,
    host_name: &str,
) -> (nextcloud_sim::Host, String) {
    let (host, _, _, _) = provisioned(app, &dir(host_name), host_name).await;
    app.drain_jobs().await;
    let inst = host.store.load("les-amis").unwrap().unwrap();
    let uid = inst
        .users
        .keys()
        .find(|u| *u != "framaspace")
        .unwrap()
        .clone();
    assert!(host.set_password("les-amis", &uid, PASSWORD).unwrap());
    (host, uid)
}

/// The address the start of a login sends the browser to, and the session it began.
async fn start(app: &TestApp, address: &str) -> (String, String) {
    let res = app
        .post_form("/espace/connexion", &format!("address={address}"))
        .await;
    assert_eq!(res.status, 303, "{}", res.body);
    let cookie = session_cookie(&res).expect("the login in progress is in a session");
    (res.header("location").unwrap().to_string(), cookie)
}

fn path_of(url: &str) -> String {
    let rest = url.split_once("://").unwrap().1;
    format!("/{}", rest.split_once('/').unwrap().1)
}

pub(crate) fn form_of(url: &str) -> String {
    url.split_once('?').unwrap().1.to_string()
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn a_referent_logs_in_with_their_space_then_out_everywhere(pool: PgPool) {
    let app = crate::support::spawn_app(pool, |_| {}).await;
    let (host, uid) = space_with_referent(&app, "nc-dash").await;
    let access = fleet::host(&app.state.ctx, &Admin::command_line(), "nc-dash")
        .await
        .unwrap()
        .unwrap()
        .access()
        .unwrap();
    // The address as typed from the welcome mail: the space's whole address.
    let (authorize, cookie) = start(&app, "https://LES-AMIS.frama.space/apps/files").await;
    assert!(
        authorize.starts_with(&format!(
            "{}/index.php/apps/oauth2/authorize?",
            access.base_url("les-amis")
        )),
        "{authorize}"
    );
    assert!(
        authorize.contains("code_challenge_method=S256"),
        "{authorize}"
    );
    let back =
        testkit::hosts::log_in_and_grant(&access, "les-amis", &authorize, &uid, PASSWORD).await;
    let back_path = path_of(&back);
    assert!(
        back_path.starts_with("/espace/connexion/retour?state="),
        "{back}"
    );
    // The return page changes nothing (a GET): its button posts what came back.
    let page = app.get_with(&back_path, &[("cookie", &cookie)]).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("name=\"code\""), "{}", page.body);
    assert_eq!(app.count("referent_logins").await, 0);
    let done = app
        .post_with("/espace/connexion/retour", &cookie, &form_of(&back))
        .await;
    assert_eq!(
        done.header("location"),
        Some("/espace/les-amis"),
        "{}",
        done.body
    );
    let logged_in = session_cookie(&done).expect("a new session id");
    assert_ne!(logged_in, cookie, "the session rotates at login");
    let overview = app
        .get_with("/espace/les-amis", &[("cookie", &logged_in)])
        .await;
    assert_eq!(overview.status, 200);
    assert!(
        shown_in_main(&overview.body, "Tableau de bord de"),
        "{}",
        overview.body
    );
    assert!(overview.body.contains("Collabora Online"));
    // What came back serves once: the same code again begins nothing.
    let again = app
        .post_with("/espace/connexion/retour", &logged_in, &form_of(&back))
        .await;
    assert_eq!(
        again.header("location"),
        Some("/espace/connexion?resultat=expired")
    );
    // The portal keeps no token, and the one Nextcloud made for this login leaves the
    // person's devices.
    let before = host.store.load("les-amis").unwrap().unwrap();
    assert!(before
        .tokens
        .iter()
        .any(|t| t.uid == uid && t.name.starts_with("Frama.space ")));
    app.drain_jobs().await;
    let after = host.store.load("les-amis").unwrap().unwrap();
    assert!(
        !after
            .tokens
            .iter()
            .any(|t| t.uid == uid && t.name.starts_with("Frama.space ")),
        "{:?}",
        after.tokens.iter().map(|t| &t.name).collect::<Vec<_>>()
    );
    // A second device, then "log out everywhere" from the first: both are closed.
    let (authorize, second) = start(&app, "les-amis").await;
    let back =
        testkit::hosts::log_in_and_grant(&access, "les-amis", &authorize, &uid, PASSWORD).await;
    let done = app
        .post_with("/espace/connexion/retour", &second, &form_of(&back))
        .await;
    let second = session_cookie(&done).unwrap();
    assert_eq!(app.count("referent_logins").await, 2);
    let out = app
        .post_with("/espace/les-amis", &logged_in, "action=log-out-everywhere")
        .await;
    assert_eq!(out.header("location"), Some("/espace/deconnecte?partout=1"));
    for cookie in [&logged_in, &second] {
        let res = app
            .get_with("/espace/les-amis", &[("cookie", cookie)])
            .await;
        assert_eq!(res.status, 401);
        assert!(res
            .body
            .contains("href=\"/espace/connexion?espace=les-amis\""));
    }
    assert_eq!(app.count("referent_logins").await, 0);
}

/// Rights are read again in Nextcloud: someone removed from `admin` loses the dashboard at
/// the next check, and a person who is not an administrator is refused in plain words.
#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn rights_are_read_again_and_a_member_who_is_no_admin_is_refused(pool: PgPool) {
    let app = crate::support::spawn_app(pool, |c| c.dashboard.recheck_secs = 0).await;
    let (host, uid) = space_with_referent(&app, "nc-rights").await;
    let access = fleet::host(&app.state.ctx, &Admin::command_line(), "nc-rights")
        .await
        .unwrap()
        .unwrap()
        .access()
        .unwrap();
    // A co-administrator made by the referent in Nextcloud, then a plain member.
    let portal = portal_ocs(&app, &access).await;
    for (member, admin) in [("camille", true), ("sacha", false)] {
        let groups: &[&str] = if admin { &["admin"] } else { &[] };
        portal
            .create_user(&backend::nextcloud::ocs::NewUser {
                uid: member,
                password: Some(&backend::Secret::new(PASSWORD)),
                groups,
                ..Default::default()
            })
            .await
            .unwrap();
    }
    let log_in = |who: String| {
        let (app, access) = (&app, &access);
        async move {
            let (authorize, cookie) = start(app, "les-amis").await;
            let back =
                testkit::hosts::log_in_and_grant(access, "les-amis", &authorize, &who, PASSWORD)
                    .await;
            app.post_with("/espace/connexion/retour", &cookie, &form_of(&back))
                .await
        }
    };
    let refused = log_in("sacha".into()).await;
    assert_eq!(
        refused.header("location"),
        Some("/espace/connexion?resultat=not-allowed")
    );
    let page = app.get("/espace/connexion?resultat=not-allowed").await;
    assert!(
        shown_in_main(&page.body, "réservé à sa personne référente"),
        "{}",
        page.body
    );
    assert!(!page.body.contains("invalid_"), "never OAuth2's words");
    let camille = session_cookie(&log_in("camille".into()).await).unwrap();
    let referent = session_cookie(&log_in(uid.clone()).await).unwrap();
    assert_eq!(
        app.get_with("/espace/les-amis", &[("cookie", &camille)])
            .await
            .status,
        200
    );
    // Removed from `admin` in Nextcloud: out at the next check. The referent stays.
    remove_from_admin(&host, "camille");
    assert_eq!(
        app.get_with("/espace/les-amis", &[("cookie", &camille)])
            .await
            .status,
        401
    );
    assert_eq!(
        app.get_with("/espace/les-amis", &[("cookie", &referent)])
            .await
            .status,
        200
    );
    // Disabled in Nextcloud: out too.
    portal.set_enabled(&uid, false).await.unwrap();
    assert_eq!(
        app.get_with("/espace/les-amis", &[("cookie", &referent)])
            .await
            .status,
        401
    );
}

pub(crate) async fn portal_ocs(
    app: &TestApp,
    access: &backend::nextcloud::HostAccess,
) -> backend::nextcloud::Ocs {
    let sealed: Vec<u8> =
        sqlx::query_scalar("select app_password from spaces where slug = 'les-amis'")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    let password = backend::nextcloud::secrets::open(
        &app.state.ctx.settings.secret_key,
        backend::nextcloud::secrets::Kind::AppPassword,
        "les-amis",
        &sealed,
    )
    .unwrap();
    backend::nextcloud::Ocs::new(
        access,
        "les-amis",
        Some(backend::nextcloud::Auth::Basic {
            user: "framaspace".into(),
            password,
        }),
    )
    .unwrap()
}

/// What an administrator does in Nextcloud's users page: `uid` leaves the `admin` group.
fn remove_from_admin(host: &nextcloud_sim::Host, uid: &str) {
    host.store
        .transact("les-amis", |i, _| {
            if let Some(admins) = i.groups.get_mut("admin") {
                admins.members.remove(uid);
            }
            ((), true)
        })
        .unwrap();
}

/// Each refusal of the login says what happened in plain words and offers a way on.
#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn a_refused_login_says_why_and_leads_on(pool: PgPool) {
    let app = crate::support::spawn_app(pool, |_| {}).await;
    // An address no space has, or that is no address: beside the field, what was typed kept.
    for (typed, says) in [
        ("personne-ici", "Aucun espace n’a cette adresse"),
        ("%3Cb%3Ex%3C%2Fb%3E", "Aucun espace n’a cette adresse"),
        ("", "Ce champ est obligatoire"),
    ] {
        let res = app
            .post_form("/espace/connexion", &format!("address={typed}"))
            .await;
        assert_eq!(res.status, 422, "{typed}");
        assert!(res.body.contains("aria-invalid=\"true\""), "{typed}");
        assert!(shown_in_main(&res.body, says), "{typed}: {}", res.body);
    }
    // A space without host (no OAuth2 client): the mailed link instead.
    testkit::applicants::space_without_host(&app.state.ctx, "sans-nuage", "ref@example.org").await;
    let res = app
        .post_form("/espace/connexion", "address=sans-nuage")
        .await;
    assert_eq!(
        res.header("location"),
        Some("/espace/connexion/lien?resultat=use-link&espace=sans-nuage")
    );
    let page = app
        .get("/espace/connexion/lien?resultat=use-link&espace=sans-nuage")
        .await;
    assert!(
        page.body.contains("value=\"sans-nuage\""),
        "the address is filled in"
    );
    // A return without a login in progress, or after its ten minutes: begin again.
    let res = app
        .post_form("/espace/connexion/retour", "state=x&code=y")
        .await;
    assert_eq!(
        res.header("location"),
        Some("/espace/connexion?resultat=expired")
    );
    let page = app.get("/espace/connexion?resultat=expired").await;
    assert!(shown_in_main(&page.body, "Recommencez"));
    // A space removed meanwhile.
    sqlx::query("update spaces set state = $1 where slug = 'sans-nuage'")
        .bind(common::states::SpaceState::Deleted)
        .execute(&app.pool)
        .await
        .unwrap();
    let res = app
        .post_form("/espace/connexion", "address=sans-nuage")
        .await;
    assert!(shown_in_main(&res.body, "a été supprimé"), "{}", res.body);
}

/// The mailed link works once; a suspended space's referent logs in this way and sees why.
#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn a_suspended_space_s_referent_logs_in_by_link_and_sees_why(pool: PgPool) {
    let app = crate::support::spawn_app(pool, |_| {}).await;
    let id = testkit::applicants::space_without_host(&app.state.ctx, "en-pause", "ref@example.org")
        .await;
    sqlx::query("update spaces set state = $2, suspend_reason = $3 where id = $1")
        .bind(id)
        .bind(common::states::SpaceState::Suspended)
        .bind("<b>Contenus</b> signalés")
        .execute(&app.pool)
        .await
        .unwrap();
    let res = app.post_form("/espace/connexion", "address=en-pause").await;
    assert_eq!(
        res.header("location"),
        Some("/espace/connexion/lien?resultat=suspended&espace=en-pause")
    );
    let cookie = app.log_in_to_space("en-pause", "ref@example.org").await;
    let page = app
        .get_with("/espace/en-pause", &[("cookie", &cookie)])
        .await;
    assert_eq!(page.status, 200);
    assert!(shown_in_main(&page.body, "suspendu"));
    assert!(
        page.body.contains("&lt;b&gt;Contenus&lt;/b&gt; signalés"),
        "escaped"
    );
    // The link served once.
    let link = app.space_login_link("ref@example.org").await;
    let again = app.post_form(&link, "").await;
    assert_eq!(again.status, 400);
    assert!(shown_in_main(&again.body, "Ce lien ne marche plus"));
}

/// A referent only ever sees and acts on their own space: every dashboard page, action and
/// server function of another space answers 403; anonymous callers, applicants and staff
/// who are no referent of it get 401 or 403.
#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn a_referent_of_one_space_gets_nothing_of_another(pool: PgPool) {
    use app::routes::{all, Access, Kind};
    let app = crate::support::spawn_app(pool, |_| {}).await;
    let ctx = app.state.ctx.clone();
    testkit::applicants::space_without_host(&ctx, "les-amis", "amis@example.org").await;
    testkit::applicants::space_without_host(&ctx, "autre-asso", "autre@example.org").await;
    let own = app.log_in_to_space("les-amis", "amis@example.org").await;
    let other = app.log_in_to_space("autre-asso", "autre@example.org").await;
    let moderator = app
        .log_in_as("modo@frama.example", backend::accounts::Role::Moderator)
        .await;
    let mut checked = 0;
    for route in all().iter().filter(|r| r.access == Access::Referent) {
        let path = route.example.unwrap_or(route.path);
        assert!(
            path.contains("les-amis") || route.kind == Kind::ServerFn,
            "{path}"
        );
        for (who, cookie, allowed) in [
            ("anonymous", "", &[401][..]),
            ("a moderator", moderator.as_str(), &[401, 403][..]),
            ("another space's referent", other.as_str(), &[403][..]),
        ] {
            let res = call(&app, route, cookie).await;
            assert!(
                allowed.contains(&res.status),
                "{} {path}, {who}: {}",
                route.method,
                res.status
            );
            checked += 1;
        }
        let res = call(&app, route, &own).await;
        assert!(
            !matches!(res.status, 401 | 403),
            "{path}, its referent: {}",
            res.status
        );
    }
    assert!(checked >= 6, "{checked}");
}

/// `route` called as `cookie`'s holder names the space `les-amis` (its example address, or
/// the server function's argument).
async fn call(app: &TestApp, route: &app::routes::Route, cookie: &str) -> crate::support::Response {
    let origin = app.origin();
    let mut headers = vec![
        ("origin", origin.as_str()),
        ("content-type", "application/x-www-form-urlencoded"),
        ("accept", "text/html"),
    ];
    if !cookie.is_empty() {
        headers.push(("cookie", cookie));
    }
    let path = route.example.unwrap_or(route.path);
    let body = if route.kind == app::routes::Kind::ServerFn {
        "slug=les-amis"
    } else {
        ""
    };
    app.request(route.method, path, &headers, body).await
}

/// The space down: the overview still renders from what the portal knows, the login stays
/// (its rights cannot be read, so they are not taken away), and a refresh says plainly that
/// the space did not answer.
#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn the_overview_renders_what_the_portal_knows_while_the_space_is_down(pool: PgPool) {
    let app = crate::support::spawn_app(pool, |c| c.dashboard.recheck_secs = 0).await;
    let (host, uid) = space_with_referent(&app, "nc-down").await;
    let access = fleet::host(&app.state.ctx, &Admin::command_line(), "nc-down")
        .await
        .unwrap()
        .unwrap()
        .access()
        .unwrap();
    let (authorize, cookie) = start(&app, "les-amis").await;
    let back =
        testkit::hosts::log_in_and_grant(&access, "les-amis", &authorize, &uid, PASSWORD).await;
    let done = app
        .post_with("/espace/connexion/retour", &cookie, &form_of(&back))
        .await;
    let cookie = session_cookie(&done).unwrap();
    backend::provisioning::health::sweep(&app.state.ctx)
        .await
        .unwrap();
    app.drain_jobs().await;
    host.set_faults(
        Some("les-amis"),
        &nextcloud_sim::store::Faults {
            down: true,
            ..Default::default()
        },
    )
    .unwrap();
    let page = app
        .get_with("/espace/les-amis", &[("cookie", &cookie)])
        .await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(
        shown_in_main(&page.body, "1 compte sur 50"),
        "{}",
        page.body
    );
    let refreshed = app
        .post_with("/espace/les-amis", &cookie, "action=refresh")
        .await;
    assert_eq!(
        refreshed.header("location"),
        Some("/espace/les-amis?resultat=not-reached")
    );
    let page = app
        .get_with(
            "/espace/les-amis?resultat=not-reached",
            &[("cookie", &cookie)],
        )
        .await;
    assert!(
        shown_in_main(&page.body, "Votre espace n’a pas répondu"),
        "{}",
        page.body
    );
    // Its login page sends the person to the mailed link rather than to a dead site.
    let res = app.post_form("/espace/connexion", "address=les-amis").await;
    assert_eq!(
        res.header("location"),
        Some("/espace/connexion/lien?resultat=use-link&espace=les-amis")
    );
}
