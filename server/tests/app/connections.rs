//! Connections between two spaces, against two spaces provisioned on one stand-in host: the
//! referent on file of a listed space proposes, the other's is mailed and accepts after the
//! page says what it means; the job adds each space to the other's trusted servers, whose
//! keys the stand-in exchanges, and the connection turns connected once both list the other
//! as ok; either side disconnects and both lists are empty again. A space whose federation
//! app is off makes the connection unavailable until it is on again; a declined proposal is
//! not made again; nothing is shown of a space that did not opt in.

use sqlx::PgPool;

use app::pages::space::directory::DirectoryOutcome;
use common::states::ConnectionState;

use crate::provisioning::provisioned;
use crate::support::{shown_in_main, Response, TestApp};

const OURS: &str = "/espace/les-amis/associations";
const THEIRS: &str = "/espace/autre-asso/associations";

fn done(res: &Response, page: &str, outcome: DirectoryOutcome) {
    assert_eq!(res.status, 303, "{}", res.body);
    let shown = app::actions::outcome_query(page, &outcome);
    assert_eq!(res.header("location"), Some(shown.as_str()), "{outcome:?}");
}

/// A button of a connection pressed on `page` by `cookie`'s dashboard, about `with`.
async fn press(
    app: &TestApp,
    (page, cookie): (&str, &str),
    action: &str,
    with: i64,
    outcome: DirectoryOutcome,
) {
    let res = app
        .post_with(page, cookie, &format!("action={action}&with={with}"))
        .await;
    done(&res, page, outcome);
}

async fn id_of(app: &TestApp, slug: &str) -> i64 {
    sqlx::query_scalar("select id from spaces where slug = $1")
        .bind(slug)
        .fetch_one(&app.pool)
        .await
        .unwrap()
}

async fn state(app: &TestApp) -> Option<ConnectionState> {
    sqlx::query_scalar("select state from space_connections")
        .fetch_optional(&app.pool)
        .await
        .unwrap()
}

async fn connection_id(app: &TestApp) -> i64 {
    sqlx::query_scalar("select id from space_connections")
        .fetch_one(&app.pool)
        .await
        .unwrap()
}

/// The trusted servers of `slug` on the stand-in: `(url, status)`.
fn trusted(host: &nextcloud_sim::Host, slug: &str) -> Vec<(String, u8)> {
    host.store
        .load(slug)
        .unwrap()
        .unwrap()
        .trusted_servers
        .iter()
        .map(|s| (s.url.clone(), s.status))
        .collect()
}

const ENTRY_OURS: &str =
    "listed=yes&name=Les%20Amis%20de%20l%27%C3%89toile&cause=culture&place=69&text=";
const ENTRY_THEIRS: &str = "listed=yes&name=Autre%20Asso&cause=culture&place=75&text=";

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn two_spaces_connect_after_both_referents_agree_and_disconnect(pool: PgPool) {
    let app = crate::support::spawn_app(pool, |_| {}).await;
    let dir = std::env::temp_dir().join(format!("framaspace-connect-{}", std::process::id()));
    let (host, modo, _, _) = provisioned(&app, &dir, "sim-connect").await;
    // A second space on the same host.
    let mut second = crate::applications::complete();
    for (k, v) in second.iter_mut() {
        match *k {
            "slug" => *v = "autre-asso",
            "structure_name" => *v = "Autre Asso",
            "referent_name" => *v = "Dominique Petit",
            "referent_email" => *v = "dominique@example.org",
            "identifier" => *v = "W751234567",
            _ => {}
        }
    }
    let (_, id) = crate::applications::sent_and_confirmed(&app, &second).await;
    crate::applications::approve(&app, &modo, id).await;
    app.drain_jobs().await;
    let ours = app.log_in_to_space("les-amis", "camille@example.org").await;
    let theirs = app
        .log_in_to_space("autre-asso", "dominique@example.org")
        .await;
    let their_id = id_of(&app, "autre-asso").await;

    // Not in the directory yet: nothing to propose to, and no proposal made.
    let page = app
        .get_with(&format!("{OURS}?q="), &[("cookie", &ours)])
        .await;
    assert!(shown_in_main(
        &page.body,
        "Aucune association ne correspond"
    ));
    press(
        &app,
        (OURS, &ours),
        "propose",
        their_id,
        DirectoryOutcome::NotListed,
    )
    .await;
    done(
        &app.post_with(OURS, &ours, ENTRY_OURS).await,
        OURS,
        DirectoryOutcome::Listed,
    );
    press(
        &app,
        (OURS, &ours),
        "propose",
        their_id,
        DirectoryOutcome::Gone,
    )
    .await;
    assert_eq!(app.count("space_connections").await, 0);
    done(
        &app.post_with(THEIRS, &theirs, ENTRY_THEIRS).await,
        THEIRS,
        DirectoryOutcome::Listed,
    );

    // Found, with a button to propose; a GET changes nothing.
    let page = app
        .get_with(&format!("{OURS}?q=autre"), &[("cookie", &ours)])
        .await;
    assert!(shown_in_main(&page.body, "Autre Asso"));
    assert!(page.body.contains("Proposer de relier nos espaces"));
    assert!(page
        .body
        .contains(&format!("name=\"with\" value=\"{their_id}\"")));
    assert_eq!(app.count("space_connections").await, 0);

    // Proposed once; again, or crossing it from the other side: nothing more.
    press(
        &app,
        (OURS, &ours),
        "propose",
        their_id,
        DirectoryOutcome::Proposed,
    )
    .await;
    press(
        &app,
        (OURS, &ours),
        "propose",
        their_id,
        DirectoryOutcome::Exists,
    )
    .await;
    let our_id = id_of(&app, "les-amis").await;
    press(
        &app,
        (THEIRS, &theirs),
        "propose",
        our_id,
        DirectoryOutcome::Exists,
    )
    .await;
    assert_eq!(app.count("space_connections").await, 1);
    assert_eq!(state(&app).await, Some(ConnectionState::Asked));
    app.drain_jobs().await;
    let mails = app.sent_mails("dominique@example.org");
    let asked = mails
        .iter()
        .map(|m| m.split_whitespace().collect::<Vec<_>>().join(" "))
        .find(|m| m.contains("propose de relier son espace"))
        .expect("the other referent is mailed");
    assert!(asked.contains("Les Amis de l'Étoile"), "{asked}");
    assert!(asked.contains("/espace/autre-asso/associations"));

    // The asker cannot accept its own proposal; the other side sees what accepting means.
    let cid = connection_id(&app).await;
    press(&app, (OURS, &ours), "accept", cid, DirectoryOutcome::Gone).await;
    let page = app.get_with(OURS, &[("cookie", &ours)]).await;
    assert!(shown_in_main(&page.body, "en attente de sa réponse"));
    let page = app.get_with(THEIRS, &[("cookie", &theirs)]).await;
    assert!(shown_in_main(
        &page.body,
        "Vous propose de relier vos espaces"
    ));
    assert!(shown_in_main(
        &page.body,
        "deviennent visibles dans le carnet d’adresses"
    ));
    assert!(page.body.contains("Accepter"));
    assert!(
        trusted(&host, "les-amis").is_empty(),
        "nothing before an answer"
    );

    // Accepted: each trusts the other, the keys are exchanged, both lists say ok.
    press(
        &app,
        (THEIRS, &theirs),
        "accept",
        cid,
        DirectoryOutcome::Accepted,
    )
    .await;
    assert_eq!(state(&app).await, Some(ConnectionState::Linking));
    app.drain_jobs().await;
    assert_eq!(state(&app).await, Some(ConnectionState::Connected));
    let port = host.addr.port();
    assert_eq!(
        trusted(&host, "les-amis"),
        vec![(format!("http://autre-asso.nc.test:{port}"), 1)]
    );
    assert_eq!(
        trusted(&host, "autre-asso"),
        vec![(format!("http://les-amis.nc.test:{port}"), 1)]
    );
    for to in ["camille@example.org", "dominique@example.org"] {
        assert!(
            app.sent_mails(to).iter().any(|m| m
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .contains("est maintenant relié")),
            "{to} is told"
        );
    }
    // Staff follow it from the space's page.
    let staff = app
        .get_with(&format!("/equipe/espaces/{our_id}"), &[("cookie", &modo)])
        .await;
    assert!(shown_in_main(&staff.body, "Liens avec d’autres espaces"));
    assert!(shown_in_main(&staff.body, "autre-asso"));
    let page = app.get_with(OURS, &[("cookie", &ours)]).await;
    assert!(shown_in_main(&page.body, "Reliée."));
    assert!(shown_in_main(&page.body, "nom@autre-asso."));
    assert!(page.body.contains("Défaire le lien"));

    // Disconnected by either side: both lists are empty again, and the row gone.
    press(
        &app,
        (OURS, &ours),
        "disconnect",
        cid,
        DirectoryOutcome::Disconnected,
    )
    .await;
    assert_eq!(state(&app).await, Some(ConnectionState::Unlinking));
    app.drain_jobs().await;
    assert_eq!(state(&app).await, None);
    assert!(trusted(&host, "les-amis").is_empty());
    assert!(trusted(&host, "autre-asso").is_empty());

    // A space whose federation app is off: unavailable, said, and tried again once it is on.
    let federation = |on: bool| {
        host.store
            .update("autre-asso", |i| {
                i.apps.get_mut("federation").unwrap().enabled = on;
            })
            .unwrap();
    };
    federation(false);
    press(
        &app,
        (OURS, &ours),
        "propose",
        their_id,
        DirectoryOutcome::Proposed,
    )
    .await;
    let cid = connection_id(&app).await;
    press(
        &app,
        (THEIRS, &theirs),
        "accept",
        cid,
        DirectoryOutcome::Accepted,
    )
    .await;
    app.drain_jobs().await;
    assert_eq!(state(&app).await, Some(ConnectionState::Unavailable));
    let page = app.get_with(THEIRS, &[("cookie", &theirs)]).await;
    assert!(shown_in_main(
        &page.body,
        "ne permet pas encore les connexions"
    ));
    federation(true);
    press(
        &app,
        (THEIRS, &theirs),
        "try-again",
        cid,
        DirectoryOutcome::TriedAgain,
    )
    .await;
    app.drain_jobs().await;
    assert_eq!(state(&app).await, Some(ConnectionState::Connected));
    press(
        &app,
        (THEIRS, &theirs),
        "disconnect",
        cid,
        DirectoryOutcome::Disconnected,
    )
    .await;
    app.drain_jobs().await;
    assert!(trusted(&host, "les-amis").is_empty());
    assert!(trusted(&host, "autre-asso").is_empty());

    // Declined: shown to both, and not proposed again by either.
    press(
        &app,
        (OURS, &ours),
        "propose",
        their_id,
        DirectoryOutcome::Proposed,
    )
    .await;
    let cid = connection_id(&app).await;
    press(
        &app,
        (THEIRS, &theirs),
        "decline",
        cid,
        DirectoryOutcome::Declined,
    )
    .await;
    let page = app.get_with(OURS, &[("cookie", &ours)]).await;
    assert!(shown_in_main(&page.body, "a été refusée"));
    press(
        &app,
        (OURS, &ours),
        "propose",
        their_id,
        DirectoryOutcome::Exists,
    )
    .await;
    app.drain_jobs().await;
    assert!(trusted(&host, "autre-asso").is_empty());
    let _ = std::fs::remove_dir_all(&dir);
}
