//! A space's first steps on its dashboard's overview (ticked by hand, or by themselves when
//! the portal sees them done in the space), and its members' welcome page: reachable by its
//! unguessable address only, kept out of search engines, moved when the referent asks.

use sqlx::PgPool;

use crate::provisioning::provisioned;
use crate::support::shown_in_main;

const OVERVIEW: &str = "/espace/les-amis";

fn welcome_address(page: &str) -> String {
    let at = page
        .find("/espace/bienvenue/")
        .expect("the welcome page's address");
    page[at..at + "/espace/bienvenue/".len() + 64].to_string()
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn first_steps_tick_by_hand_or_by_themselves(pool: PgPool) {
    let app = crate::support::spawn_app(pool, |_| {}).await;
    let dir = std::env::temp_dir().join(format!("framaspace-steps-{}", std::process::id()));
    let (host, _, _, _) = provisioned(&app, &dir, "nc-steps").await;
    app.drain_jobs().await;
    let cookie = app.log_in_to_space("les-amis", "camille@example.org").await;
    let page = app.get_with(OVERVIEW, &[("cookie", &cookie)]).await;
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(
        shown_in_main(&page.body, "0 étape faite sur 6"),
        "{}",
        page.body
    );
    assert!(shown_in_main(&page.body, "Créer un agenda partagé"));
    // By hand, with who ticked it; a GET ticks nothing.
    let res = app
        .post_with(OVERVIEW, &cookie, "action=step-done&step=step-calendar")
        .await;
    assert_eq!(
        res.header("location"),
        Some("/espace/les-amis?resultat=step-ticked")
    );
    let page = app.get_with(OVERVIEW, &[("cookie", &cookie)]).await;
    assert!(shown_in_main(&page.body, "1 étape faite sur 6"));
    assert!(shown_in_main(&page.body, "coché par Camille Martin"));
    // By themselves: a member besides the referent, a colour of the association's.
    let key = "k";
    let res = app
        .post_with(
            "/espace/les-amis/membres",
            &cookie,
            &format!("action=create&key={key}&name=Dominique&email=dominique%40example.org"),
        )
        .await;
    assert_eq!(res.status, 303, "{}", res.body);
    host.store
        .update("les-amis", |i| {
            i.app_config
                .entry("theming".into())
                .or_default()
                .insert("primary_color".into(), "#7a2e8c".into());
        })
        .unwrap();
    let page = app.get_with(OVERVIEW, &[("cookie", &cookie)]).await;
    assert!(
        shown_in_main(&page.body, "3 étapes faites sur 6"),
        "{}",
        page.body
    );
    assert!(shown_in_main(
        &page.body,
        "nous le voyons dans votre espace"
    ));
    // A tick taken back; a step nobody names is refused.
    app.post_with(OVERVIEW, &cookie, "action=step-undone&step=step-calendar")
        .await;
    let page = app.get_with(OVERVIEW, &[("cookie", &cookie)]).await;
    assert!(shown_in_main(&page.body, "2 étapes faites sur 6"));
    let res = app
        .post_with(OVERVIEW, &cookie, "action=step-done&step=step-nowhere")
        .await;
    assert_eq!(res.status, 422);
    assert_eq!(app.count("first_steps").await, 0);
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn the_members_welcome_page_is_private_and_its_address_can_change(pool: PgPool) {
    let app = crate::support::spawn_app(pool, |_| {}).await;
    let ctx = app.state.ctx.clone();
    testkit::applicants::space_without_host(&ctx, "les-amis", "amis@example.org").await;
    let cookie = app.log_in_to_space("les-amis", "amis@example.org").await;
    let page = app.get_with(OVERVIEW, &[("cookie", &cookie)]).await;
    assert_eq!(page.header("x-robots-tag"), Some("noindex, nofollow"));
    let address = welcome_address(&page.body);
    // Anyone with the address, without logging in; never indexed.
    let welcome = app.get(&address).await;
    assert_eq!(welcome.status, 200, "{}", welcome.body);
    assert!(shown_in_main(&welcome.body, "Bienvenue dans l’espace de"));
    assert!(shown_in_main(&welcome.body, "Mot de passe oublié"));
    assert_eq!(welcome.header("x-robots-tag"), Some("noindex, nofollow"));
    assert!(welcome
        .body
        .contains("<meta name=\"robots\" content=\"noindex, nofollow\">"));
    // Any other token: gone (the referent may have changed the address).
    for other in [
        "/espace/bienvenue/0000000000000000000000000000000000000000000000000000000000000000",
        "/espace/bienvenue/court",
        "/espace/bienvenue/%3Cb%3E",
    ] {
        let res = app.get(other).await;
        assert_eq!(res.status, 410, "{other}");
        assert!(shown_in_main(&res.body, "a changé d’adresse"), "{other}");
    }
    // A new address: the old one stops working.
    let res = app
        .post_with(OVERVIEW, &cookie, "action=new-welcome-address")
        .await;
    assert_eq!(
        res.header("location"),
        Some("/espace/les-amis?resultat=welcome-address-changed")
    );
    assert_eq!(app.get(&address).await.status, 410);
    let page = app.get_with(OVERVIEW, &[("cookie", &cookie)]).await;
    let moved = welcome_address(&page.body);
    assert_ne!(moved, address);
    assert_eq!(app.get(&moved).await.status, 200);
}
