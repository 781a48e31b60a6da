//! The dashboard's help link opens « Poser une question » with the space's Nextcloud version
//! and office suite, in a box closed by default that the person may change or empty; nothing
//! else of the space travels (issue 22, point 8).

use app::pages::forum::compose::{Button, TopicInput};
use sqlx::PgPool;

use crate::support::spawn_app;

/// The question's form with `details`.
fn asked(details: &str, button: Button) -> String {
    serde_urlencoded::to_string(TopicInput {
        category: "2".into(),
        title: "Ouvrir un tableur à plusieurs".into(),
        body: "Deux personnes ne peuvent pas écrire en même temps.".into(),
        pseudonym: "camille".into(),
        details: details.into(),
        button,
    })
    .unwrap()
}

/// The opening tag of the box of the details, without its `>`.
fn tag(body: &str) -> String {
    let start = body.find("<details").expect("the box");
    body[start..start + body[start..].find('>').unwrap()].to_string()
}

async fn last_post(pool: &PgPool) -> String {
    sqlx::query_scalar("select body from forum_posts order by id desc limit 1")
        .fetch_one(pool)
        .await
        .unwrap()
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn the_dashboards_help_asks_with_the_spaces_versions_which_may_be_changed(pool: PgPool) {
    let app = spawn_app(pool.clone(), |_| {}).await;
    testkit::applicants::open(&app.state.ctx).await;
    let (_, id) =
        crate::applications::sent_and_confirmed(&app, &crate::applications::complete()).await;
    sqlx::query(
        "insert into spaces (application_id, slug, state, office, nextcloud_version)
         values ($1, 'les-amis', $2, 'onlyoffice', '30.0.4')",
    )
    .bind(id)
    .bind(common::states::SpaceState::Active)
    .execute(&pool)
    .await
    .unwrap();
    let referent = app.log_in_to_space("les-amis", "camille@example.org").await;
    let dashboard = app
        .get_with("/espace/les-amis", &[("cookie", &referent)])
        .await;
    assert_eq!(dashboard.status, 200);
    let ask = "/forum/nouveau?bureautique=onlyoffice&nextcloud=30.0.4";
    assert!(
        dashboard
            .body
            .contains(&format!("href=\"{}\"", ask.replace('&', "&amp;"))),
        "{}",
        dashboard.body
    );

    // Not logged in to the forum: the login comes back with them.
    let page = app.get(ask).await;
    assert!(page.body.contains(
        "href=\"/forum/connexion?retour=%2Fforum%2Fnouveau%3Fbureautique%3Donlyoffice%26nextcloud%3D30.0.4\""
    ));
    // Logged in: the words, in a box closed by default.
    let me = app.log_in_to_forum("camille@example.org").await;
    let page = app.get_with(ask, &[("cookie", &me)]).await;
    let words = "Mon espace\u{202f}: Nextcloud 30.0.4, suite bureautique OnlyOffice.";
    assert_eq!(tag(&page.body), "<details class=\"composer-details\"");
    assert!(page.body.contains(words), "{}", page.body);
    // A forged address carries a version of digits and dots and a known suite, or nothing.
    for (forged, shown) in [
        ("?bureautique=tableur", None),
        ("?nextcloud=30.0.4", None),
        (
            "?bureautique=collabora&nextcloud=%3Cb%3E30",
            Some("Mon espace\u{202f}: suite bureautique Collabora Online."),
        ),
    ] {
        let page = app
            .get_with(&format!("/forum/nouveau{forged}"), &[("cookie", &me)])
            .await;
        assert_eq!(page.status, 200);
        assert_eq!(
            page.body.contains("composer-details"),
            shown.is_some(),
            "{forged}"
        );
        if let Some(shown) = shown {
            assert!(page.body.contains(shown), "{forged}");
        }
        assert!(!page.body.contains("<b>30"), "{forged}");
    }

    // The preview shows them as the question's last paragraph, and so does the question.
    let preview = app
        .post_with("/forum/nouveau", &me, &asked(words, Button::Preview))
        .await;
    assert_eq!(preview.status, 200);
    assert!(preview.body.contains(&format!("<p>{words}</p>")));
    let published = app
        .post_with("/forum/nouveau", &me, &asked(words, Button::Publish))
        .await;
    assert_eq!(published.status, 303, "{}", published.body);
    assert_eq!(
        last_post(&pool).await,
        format!("Deux personnes ne peuvent pas écrire en même temps.\n\n{words}")
    );
    // Emptied, nothing of them is sent.
    let published = app
        .post_with("/forum/nouveau", &me, &asked("  ", Button::Publish))
        .await;
    assert_eq!(published.status, 303, "{}", published.body);
    assert_eq!(
        last_post(&pool).await,
        "Deux personnes ne peuvent pas écrire en même temps."
    );
    // Too long: refused beside them, the box open, what was typed kept.
    let long = "Nextcloud ".repeat(40);
    let refused = app
        .post_with("/forum/nouveau", &me, &asked(&long, Button::Publish))
        .await;
    assert_eq!(refused.status, 422);
    assert!(refused.body.contains("id=\"forum-details-error\""));
    assert!(
        tag(&refused.body).contains(" open"),
        "{}",
        tag(&refused.body)
    );
    assert!(refused.body.contains(long.trim_end()));
    assert_eq!(
        app.count("forum_topics").await,
        3,
        "the welcome topic and two questions"
    );
}
