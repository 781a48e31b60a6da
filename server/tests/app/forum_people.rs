//! The forum's people (issue 22, point 4): mentions and replies told on the page of
//! notifications and by mail (at once, in a daily digest, or not at all, with a one-click
//! unsubscribe), watching topics and categories, profiles, and deleting one's account.

use app::pages::forum::compose::{Button, ReplyInput, TopicInput};
use sqlx::PgPool;
use testkit::forum::person;

use crate::support::{spawn_app, TestApp};

fn reply_form(body: &str, pseudonym: &str) -> String {
    serde_urlencoded::to_string(ReplyInput {
        body: body.into(),
        pseudonym: pseudonym.into(),
        button: Button::Publish,
    })
    .unwrap()
}

/// Someone logged in by a link to `<name>@example.org`, who chose `name` with a first
/// question; their cookie and the question's topic id.
async fn asker(app: &TestApp, name: &str, title: &str) -> (String, i64) {
    let me = app.log_in_to_forum(&format!("{name}@example.org")).await;
    let form = serde_urlencoded::to_string(TopicInput {
        category: "2".into(),
        title: title.into(),
        body: "Voici ma question, avec assez de mots.".into(),
        pseudonym: name.into(),
        button: Button::Publish,
        ..Default::default()
    })
    .unwrap();
    let published = app.post_with("/forum/nouveau", &me, &form).await;
    assert_eq!(published.status, 303, "{}", published.body);
    let at = published.header("location").unwrap();
    (me, at.rsplit('/').next().unwrap().parse().unwrap())
}

/// The forum's mails to `email` (of kind `kind`), oldest first: subject and text.
async fn mails(pool: &PgPool, email: &str, kind: &str) -> Vec<(String, String)> {
    sqlx::query_as(
        "select subject, body_text from mail_outbox where recipient = $1 and kind = $2
         order by id",
    )
    .bind(email)
    .bind(kind)
    .fetch_all(pool)
    .await
    .unwrap()
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn a_mention_and_a_reply_are_told_on_the_page_and_by_mail(pool: PgPool) {
    let app = spawn_app(pool.clone(), |_| {}).await;
    let (camille, id) = asker(&app, "camille", "Synchroniser mon agenda sur Android").await;
    // Dominique is mentioned before writing anything: a person with a pseudonym.
    let dominique = person(&pool, "dominique").await;
    let (alex, _) = asker(&app, "alex", "Partager un dossier avec le bureau").await;

    let replied = app
        .post_with(
            &format!("/forum/repondre/{id}"),
            &alex,
            &reply_form(
                "Essayez DAVx5. @Dominique saura mieux que moi, et `@personne` non. \
                 Écrire à dominique@example.org ne mentionne personne.",
                "",
            ),
        )
        .await;
    assert_eq!(replied.status, 303, "{}", replied.body);
    let post = replied.header("location").unwrap().to_string();

    // The asker watches their topic: told of the reply. Dominique: mentioned.
    let to_camille = mails(&pool, "camille@example.org", "forum-notification").await;
    assert_eq!(to_camille.len(), 1, "{to_camille:?}");
    assert_eq!(
        to_camille[0].0,
        "alex a répondu dans «\u{202f}Synchroniser mon agenda sur Android\u{202f}»"
    );
    assert!(to_camille[0].1.contains("Essayez DAVx5."));
    assert!(to_camille[0].1.contains(&post), "{}", to_camille[0].1);
    let to_dominique = mails(&pool, "dominique@example.org", "forum-notification").await;
    assert_eq!(to_dominique.len(), 1);
    assert!(to_dominique[0].0.starts_with("alex vous a mentionné·e"));
    // The author is told nothing of their own post.
    assert!(mails(&pool, "alex@example.org", "forum-notification")
        .await
        .is_empty());
    // Each mail has its one-click unsubscribe.
    let unsubscribe: Option<String> = sqlx::query_scalar(
        "select list_unsubscribe from mail_outbox where recipient = 'dominique@example.org'
         and kind = 'forum-notification'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    let unsubscribe = unsubscribe.expect("a List-Unsubscribe address");
    assert!(
        unsubscribe.contains("/forum/desabonnement/"),
        "{unsubscribe}"
    );

    // The mention is a link to the profile; the code and the address are not.
    let page = app
        .get(&format!(
            "/forum/t/synchroniser-mon-agenda-sur-android/{id}"
        ))
        .await
        .body;
    assert!(page.contains("<a href=\"/forum/u/Dominique\""), "{page}");
    assert!(page.contains("<code>@personne</code>"));

    // The page of notifications lists it, unread; a GET changes nothing; the button reads all.
    let list = app
        .get_with("/forum/notifications", &[("cookie", &camille)])
        .await;
    assert_eq!(list.status, 200);
    assert!(list.body.contains("alex a répondu dans"), "{}", list.body);
    assert!(list.body.contains("Une notification non lue."));
    let unread = || async {
        let n: i64 = sqlx::query_scalar(
            "select count(*) from forum_notifications where read_at is null and person_id =
             (select id from forum_people where pseudonym = 'camille')",
        )
        .fetch_one(&pool)
        .await
        .unwrap();
        n
    };
    assert_eq!(unread().await, 1);
    let read = app.post_with("/forum/notifications", &camille, "").await;
    assert_eq!(read.status, 303);
    assert_eq!(unread().await, 0);
    let list = app
        .get_with("/forum/notifications", &[("cookie", &camille)])
        .await;
    assert!(list.body.contains("Tout est lu."));
    // Nobody logged in: the way to log in, which returns here.
    let anonymous = app.get("/forum/notifications").await;
    assert_eq!(anonymous.status, 401);
    assert!(anonymous
        .body
        .contains("/forum/connexion?retour=%2Fforum%2Fnotifications"));
    let _ = dominique;
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn watching_digests_and_the_one_click_unsubscribe(pool: PgPool) {
    let app = spawn_app(pool.clone(), |_| {}).await;
    let (camille, id) = asker(&app, "camille", "Rédiger le compte rendu à plusieurs").await;
    let (alex, _) = asker(&app, "alex", "Une question sur les contacts").await;

    // Camille stops watching her topic: a reply tells her nothing.
    let stop = app
        .post_with(
            &format!("/forum/suivre/sujet/{id}"),
            &camille,
            "watch=stop&retour=%2Fforum",
        )
        .await;
    assert_eq!(stop.status, 303);
    assert_eq!(stop.header("location"), Some("/forum"));
    app.post_with(
        &format!("/forum/repondre/{id}"),
        &alex,
        &reply_form("Une réponse.", ""),
    )
    .await;
    assert!(mails(&pool, "camille@example.org", "forum-notification")
        .await
        .is_empty());
    // Watching again, with the mails in a daily digest: nothing at once.
    app.post_with(
        &format!("/forum/suivre/sujet/{id}"),
        &camille,
        "watch=watch&retour=https%3A%2F%2Fevil.example",
    )
    .await;
    let saved = app
        .post_with(
            "/forum/compte",
            &camille,
            "mail_mentions=yes&mail_watched=yes&delivery=daily",
        )
        .await;
    assert_eq!(saved.status, 303, "{}", saved.body);
    app.post_with(
        &format!("/forum/repondre/{id}"),
        &alex,
        &reply_form("Deux.", ""),
    )
    .await;
    app.post_with(
        &format!("/forum/repondre/{id}"),
        &alex,
        &reply_form("Trois.", ""),
    )
    .await;
    assert!(mails(&pool, "camille@example.org", "forum-notification")
        .await
        .is_empty());
    // The digest: one mail with both, then nothing more the same day.
    let ctx = app.state.ctx.clone();
    assert_eq!(backend::forum::notify::send_digests(&ctx).await.unwrap(), 1);
    let digests = mails(&pool, "camille@example.org", "forum-digest").await;
    assert_eq!(digests.len(), 1);
    assert_eq!(
        digests[0].0,
        "2 nouveautés pour vous sur le forum d’entraide"
    );
    assert_eq!(digests[0].1.matches("alex a répondu dans").count(), 2);
    app.post_with(
        &format!("/forum/repondre/{id}"),
        &alex,
        &reply_form("Quatre.", ""),
    )
    .await;
    assert_eq!(backend::forum::notify::send_digests(&ctx).await.unwrap(), 0);

    // A category watched: a new topic in it is told.
    let watched = app
        .post_with(
            "/forum/suivre/categorie/2",
            &alex,
            "watch=watch&retour=%2Fforum%2Fc%2Ffichiers-et-synchronisation%2F2",
        )
        .await;
    assert_eq!(
        watched.header("location"),
        Some("/forum/c/fichiers-et-synchronisation/2")
    );
    asker(&app, "zoe", "Un nouveau sujet dans les fichiers").await;
    let to_alex = mails(&pool, "alex@example.org", "forum-notification").await;
    assert!(
        to_alex.iter().any(|(s, _)| s
            .contains("zoe a ouvert «\u{202f}Un nouveau sujet dans les fichiers\u{202f}»")),
        "{to_alex:?}"
    );

    // The one-click unsubscribe (RFC 8058): a POST with the link's token, no login.
    let link: String = sqlx::query_scalar(
        "select list_unsubscribe from mail_outbox where recipient = 'alex@example.org'
         and kind = 'forum-notification' limit 1",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    let path = &link[link.find("/forum/desabonnement/").unwrap()..];
    assert_eq!(app.get(path).await.status, 200, "the page reads only");
    let off = app.post_form(path, "List-Unsubscribe=One-Click").await;
    assert_eq!(off.status, 303, "{}", off.body);
    let (mentions, watched): (bool, bool) = sqlx::query_as(
        "select mail_mentions, mail_watched from forum_people where pseudonym = 'alex'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert!(!mentions && !watched);
    // A forged token does nothing.
    let forged = app.post_form("/forum/desabonnement/1.forged", "").await;
    assert_eq!(forged.status, 400);
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn a_profile_shows_what_was_written_and_an_account_is_deleted(pool: PgPool) {
    let app = spawn_app(pool.clone(), |_| {}).await;
    let (camille, id) = asker(&app, "camille", "Comment partager un agenda ?").await;
    let (alex, _) = asker(&app, "alex", "Comment inviter des membres ?").await;
    app.post_with(
        &format!("/forum/repondre/{id}"),
        &alex,
        &reply_form("Avec un lien de partage.", ""),
    )
    .await;

    // The profile, whatever the case typed; 404 for nobody.
    let profile = app.get("/forum/u/ALEX").await;
    assert_eq!(profile.status, 200);
    assert!(profile.body.contains("<h1>alex</h1>"), "{}", profile.body);
    assert!(profile.body.contains("Avec un lien de partage."));
    assert!(profile.body.contains("Comment inviter des membres ?"));
    assert_eq!(app.get("/forum/u/personne").await.status, 404);
    // Names link to profiles.
    let topic_page = app.get("/forum").await.body;
    assert!(topic_page.contains("href=\"/forum/u/alex\""));

    // The account page: its settings; deleting asks for the box first.
    let account = app.get_with("/forum/compte", &[("cookie", &alex)]).await;
    assert_eq!(account.status, 200);
    assert!(account.body.contains("Votre pseudonyme\u{202f}: alex."));
    let page = app
        .get_with("/forum/compte/supprimer", &[("cookie", &alex)])
        .await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("name=\"confirm\""));
    let refused = app.post_with("/forum/compte/supprimer", &alex, "").await;
    assert_eq!(refused.status, 422);
    assert!(refused.body.contains("Cochez la case"));
    let deleted = app
        .post_with("/forum/compte/supprimer", &alex, "confirm=yes")
        .await;
    assert_eq!(deleted.status, 303);
    assert_eq!(
        deleted.header("location"),
        Some("/forum?resultat=compte-supprime")
    );
    // Logged out; the posts stay, as a former member's; the name and address are gone.
    assert_eq!(
        app.get_with("/forum/compte", &[("cookie", &alex)])
            .await
            .status,
        401
    );
    let page = app
        .get(&format!("/forum/t/comment-partager-un-agenda/{id}"))
        .await
        .body;
    assert!(page.contains("Avec un lien de partage."));
    assert!(page.contains("Ancien membre"));
    assert!(!page.contains(">alex<"));
    assert_eq!(app.get("/forum/u/alex").await.status, 404);
    let left: i64 = sqlx::query_scalar(
        "select count(*) from forum_people where email = 'alex@example.org' or pseudonym = 'alex'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(left, 0);
    // Someone of the team, logged in by a link to their staff address, is marked so.
    app.log_in_as(
        "equipe-camille@example.org",
        backend::accounts::Role::Moderator,
    )
    .await;
    let (_, team) = asker(&app, "equipe-camille", "Une réponse de l’équipe du service").await;
    let _ = team;
    let home = app.get("/forum").await.body;
    assert_eq!(
        home.matches("<span class=\"mark mark-staff\">Équipe</span>")
            .count(),
        1,
        "{home}"
    );
    assert_eq!(
        app.get("/forum/u/equipe-camille")
            .await
            .body
            .matches("mark-staff")
            .count(),
        1
    );
    // The pseudonym is free again.
    let (_, _) = asker(&app, "alex", "De retour avec le même nom").await;
    let _ = camille;
}
