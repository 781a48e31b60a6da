//! A space's later life, from its staff page and from its referent's mail.

use common::states::SpaceState;
use sqlx::PgPool;

use crate::provisioning::provisioned;

/// A space's later life from its staff page, and the referent's cancel link: admins only;
/// a reason refused shows the page again with it; hostile reasons change nothing and come
/// back escaped; the link's page (GET) changes nothing, its button cancels once.
#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn staff_suspend_resume_and_delete_a_space_and_its_referent_cancels(pool: PgPool) {
    use backend::accounts::Role;
    let app = crate::support::spawn_app(pool, |_| {}).await;
    let dir = std::env::temp_dir().join(format!(
        "framaspace-server-lifecycle-{}",
        std::process::id()
    ));
    let (host, modo, _, _) = provisioned(&app, &dir, "nc-life").await;
    let admin = app.log_in_as("admin@frama.example", Role::Admin).await;
    app.drain_jobs().await;
    let space: i64 = sqlx::query_scalar("select id from spaces")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    let path = format!("/equipe/espaces/{space}");
    let state = || async {
        sqlx::query_scalar::<_, SpaceState>("select state from spaces")
            .fetch_one(&app.pool)
            .await
            .unwrap()
    };
    let events = || async {
        sqlx::query_scalar::<_, i64>("select count(*) from space_events")
            .fetch_one(&app.pool)
            .await
            .unwrap()
    };
    // Moderators see the space, not the buttons, and may not post them.
    let seen = app.get_with(&path, &[("cookie", &modo)]).await;
    assert!(!seen.body.contains("value=\"suspend\""));
    let res = app
        .post_with(&path, &modo, "action=suspend&form=suspend-reason&text=x")
        .await;
    assert_eq!(res.status, 403);
    assert!(app
        .get_with(&path, &[("cookie", &admin)])
        .await
        .body
        .contains("value=\"suspend\""));
    // No reason: the page again, 422, the error beside the field.
    let res = app
        .post_with(
            &path,
            &admin,
            "action=suspend&form=suspend-reason&text=%20%20",
        )
        .await;
    assert_eq!(res.status, 422);
    assert!(res.body.contains("aria-invalid=\"true\""), "{}", res.body);
    assert_eq!((state().await, events().await), (SpaceState::Active, 0));

    let reason = "<b>Contenus</b> signalés\r\nBcc: x@evil.example";
    let res = app
        .post_with(
            &path,
            &admin,
            &format!(
                "action=suspend&form=suspend-reason&text={}",
                form_urlencoded::byte_serialize(reason.as_bytes()).collect::<String>()
            ),
        )
        .await;
    assert_eq!(
        res.header("location"),
        Some(format!("{path}?resultat=suspended").as_str())
    );
    app.drain_jobs().await;
    assert_eq!(state().await, SpaceState::Suspended);
    assert!(host.store.load("les-amis").unwrap().unwrap().maintenance());
    let page = app.get_with(&path, &[("cookie", &admin)]).await;
    assert!(
        page.body.contains("&lt;b&gt;Contenus&lt;/b&gt;"),
        "escaped reason"
    );
    assert!(!page.body.contains("<b>Contenus</b>"));

    // Hostile reasons on a suspended space: refused (422, kept and escaped) or turned away by
    // the state; never a 500, never a change.
    let before = events().await;
    for value in crate::forms::hostile_values() {
        let body = format!(
            "action=suspend&form=suspend-reason&text={}",
            form_urlencoded::byte_serialize(value.as_bytes()).collect::<String>()
        );
        let res = app.post_with(&path, &admin, &body).await;
        match res.status {
            303 => assert_eq!(
                res.header("location"),
                Some(format!("{path}?resultat=state").as_str())
            ),
            422 => assert!(!res.body.contains("<script>alert('zq7')")),
            other => panic!("{other} for {value:.40}"),
        }
    }
    assert_eq!(
        (state().await, events().await),
        (SpaceState::Suspended, before)
    );

    // Resume, then ask for deletion.
    let res = app.post_with(&path, &admin, "action=resume").await;
    assert_eq!(
        res.header("location"),
        Some(format!("{path}?resultat=resumed").as_str())
    );
    app.drain_jobs().await;
    assert_eq!(state().await, SpaceState::Active);

    // A new address: moderators may not; a bad or hostile one is the page again, 422, the
    // error beside the field and what was typed kept (escaped); nothing changes.
    let rename = |text: &str| {
        format!(
            "action=rename&form=rename-address&text={}",
            form_urlencoded::byte_serialize(text.as_bytes()).collect::<String>()
        )
    };
    assert_eq!(
        app.post_with(&path, &modo, &rename("les-amis-bis"))
            .await
            .status,
        403
    );
    let before = events().await;
    let res = app.post_with(&path, &admin, &rename("les amis")).await;
    assert_eq!(res.status, 422);
    assert!(
        res.body.contains("id=\"rename-address-error\""),
        "{}",
        res.body
    );
    assert!(res.body.contains("value=\"les amis\""));
    let res = app.post_with(&path, &admin, &rename("les-amis")).await;
    assert_eq!(res.status, 422);
    assert!(res.body.contains("déjà l’adresse de cet espace"));
    for value in crate::forms::hostile_values() {
        let res = app.post_with(&path, &admin, &rename(&value)).await;
        assert_eq!(res.status, 422, "{value:.40}");
        assert!(!res.body.contains("<script>alert('zq7')"), "{value:.40}");
        assert!(
            res.body.contains("id=\"rename-address-error\""),
            "{value:.40}"
        );
    }
    assert_eq!(events().await, before);
    let res = app
        .post_with(&path, &admin, &rename("Les-Amis-Du-Quartier"))
        .await;
    assert_eq!(
        res.header("location"),
        Some(format!("{path}?resultat=renamed").as_str())
    );
    app.drain_jobs().await;
    let page = app.get_with(&path, &[("cookie", &admin)]).await;
    assert!(
        page.body.contains("les-amis-du-quartier.nc.test"),
        "{}",
        page.body
    );
    assert!(page.body.contains("changement d’adresse"));
    assert_eq!(
        host.store.resolve("les-amis"),
        nextcloud_sim::store::Site::Redirect("les-amis-du-quartier".into())
    );
    let res = app.post_with(&path, &admin, "action=delete").await;
    assert_eq!(
        res.header("location"),
        Some(format!("{path}?resultat=deletion-asked").as_str())
    );
    let res = app.post_with(&path, &admin, "action=delete").await;
    assert_eq!(
        res.header("location"),
        Some(format!("{path}?resultat=deletion-pending").as_str())
    );
    let page = app.get_with(&path, &[("cookie", &modo)]).await;
    assert!(crate::support::shown_in_main(
        &page.body,
        "Suppression prévue le"
    ));
    // The referent's link: its page only shows a button; the button cancels, once.
    let mail: String = sqlx::query_scalar(
        "select body_text from mail_outbox where kind = 'space-lifecycle' order by id desc limit 1",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    let link = mail
        .split_whitespace()
        .find(|w| w.contains("/espace/suppression/"))
        .unwrap();
    let link_path = &link[link.find("/espace/").unwrap()..];
    let page = app.get(link_path).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Annuler la suppression"));
    let pending: bool =
        sqlx::query_scalar("select delete_after is not null from spaces where id = $1")
            .bind(space)
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert!(pending, "a GET changes nothing");
    let res = app.post_form(link_path, "").await;
    assert_eq!(res.header("location"), Some("/espace/suppression-annulee"));
    let res = app.post_form(link_path, "").await;
    assert_eq!(res.status, 400);
    assert!(res.body.contains("Ce lien ne marche plus"));
    let actors: Vec<String> = sqlx::query_scalar("select actor from space_events order by id")
        .fetch_all(&app.pool)
        .await
        .unwrap();
    assert_eq!(
        actors,
        [
            "staff:admin@frama.example",
            "staff:admin@frama.example",
            "staff:admin@frama.example",
            "staff:admin@frama.example",
            "referent"
        ]
    );
    let _ = std::fs::remove_dir_all(&dir);
}
