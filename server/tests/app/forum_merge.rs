//! Merging a duplicate: a forum moderator names the older topic it repeats, by its number
//! or address (or by its button among the topics like it); the duplicate's posts, watchers
//! and votes move there, its address leads there for good, and the log says so.

use backend::accounts::Role;
use common::states::{ModerationAction, PostState};
use sqlx::PgPool;
use testkit::forum::{person, reply, topic};

use crate::support::spawn_app;

fn merge_form(into: &str) -> String {
    serde_urlencoded::to_string([("into", into)]).unwrap()
}

async fn topic_of(pool: &PgPool, post: i64) -> i64 {
    sqlx::query_scalar("select topic_id from forum_posts where id = $1")
        .bind(post)
        .fetch_one(pool)
        .await
        .unwrap()
}

async fn merged(pool: &PgPool, topic: i64) -> (PostState, Option<i64>, i32) {
    sqlx::query_as("select state, merged_into, replies from forum_topics where id = $1")
        .bind(topic)
        .fetch_one(pool)
        .await
        .unwrap()
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn a_forum_moderator_merges_a_duplicate_into_the_older_topic_it_repeats(pool: PgPool) {
    let app = spawn_app(pool.clone(), |_| {}).await;
    let camille = person(&pool, "camille").await;
    let dominique = person(&pool, "dominique").await;
    let (kept, _) = topic(
        &pool,
        "agendas-et-contacts",
        "Synchroniser mon agenda sur Android",
        "Comment faire ?",
        camille,
    )
    .await;
    reply(&pool, kept, "Avec DAVx5.", dominique).await;
    let (duplicate, question) = topic(
        &pool,
        "premiers-pas",
        "Synchroniser l’agenda sur un téléphone Android",
        "Je n’y arrive pas.",
        dominique,
    )
    .await;
    let answer = reply(&pool, duplicate, "Il faut DAVx5 aussi.", camille).await;
    // A third, newer, merged into the duplicate first: its address follows.
    let (third, _) = topic(
        &pool,
        "premiers-pas",
        "Agenda Android encore",
        "Pareil.",
        dominique,
    )
    .await;
    sqlx::query("insert into forum_topic_watches (person_id, topic_id) values ($1, $2)")
        .bind(dominique)
        .bind(duplicate)
        .execute(&pool)
        .await
        .unwrap();
    let kept_path = format!("/forum/t/synchroniser-mon-agenda-sur-android/{kept}");
    let duplicate_path =
        format!("/forum/t/synchroniser-l-agenda-sur-un-telephone-android/{duplicate}");
    let page = format!("/equipe/forum/sujet/{duplicate}/fusionner");

    // Only a forum moderator merges, or sees the page.
    let form = merge_form(&kept.to_string());
    assert_eq!(app.post_with(&page, "", &form).await.status, 401);
    let member = app.log_in_to_forum("camille@example.org").await;
    assert_eq!(app.post_with(&page, &member, &form).await.status, 401);
    let modo = app.log_in_as("modo@frama.example", Role::Moderator).await;
    assert_eq!(app.post_with(&page, &modo, &form).await.status, 403);
    assert_eq!(app.get_with(&page, &[("cookie", &modo)]).await.status, 403);
    assert_eq!(app.get(&page).await.status, 401);

    // The moderator's way there, and the older topics like it, each with its button.
    let admin = app.log_in_as("admin@frama.example", Role::Admin).await;
    let topic_page = app
        .get_with(&duplicate_path, &[("cookie", &admin)])
        .await
        .body;
    assert!(topic_page.contains(&format!("href=\"{page}\"")));
    let shown = app.get_with(&page, &[("cookie", &admin)]).await;
    assert_eq!(shown.status, 200);
    assert!(shown
        .body
        .contains("Synchroniser l’agenda sur un téléphone Android"));
    assert!(shown.body.contains(&format!("href=\"{kept_path}\"")));
    assert!(shown
        .body
        .contains("Fusionner dans «\u{202f}Synchroniser mon agenda sur Android\u{202f}»"));
    assert!(
        !shown
            .body
            .contains("Fusionner dans «\u{202f}Agenda Android encore\u{202f}»"),
        "a newer topic is no candidate"
    );

    // Refused beside the field, what was typed kept, nothing changed.
    let third_page = format!("/equipe/forum/sujet/{third}/fusionner");
    for (at, into, says) in [
        (&page, "  ", "Ce champ est obligatoire"),
        (&page, "douze", "Indiquez l’adresse ou le numéro"),
        (
            &page,
            "/forum/t/x/999999",
            "Indiquez l’adresse ou le numéro",
        ),
        (
            &page,
            &duplicate.to_string(),
            "Indiquez l’adresse ou le numéro",
        ),
        (&page, &third.to_string(), "plus récent"),
        (&page, "<b>12</b>\r\n", "Indiquez l’adresse ou le numéro"),
    ] {
        let res = app.post_with(at, &admin, &merge_form(into)).await;
        assert_eq!(res.status, 422, "{into:?}");
        assert!(res.body.contains(says), "{into:?}: {says}");
    }
    let kept_typed = app
        .post_with(&page, &admin, &merge_form("le sujet d’hier"))
        .await;
    assert!(kept_typed.body.contains("value=\"le sujet d’hier\""));
    assert_eq!(app.count("forum_moderation_log").await, 0);
    assert_eq!(topic_of(&pool, answer).await, duplicate);

    // The third into the duplicate, then the duplicate into the kept topic, by its address.
    let done = app
        .post_with(&third_page, &admin, &merge_form(&duplicate.to_string()))
        .await;
    assert_eq!(done.status, 303, "{}", done.body);
    let address = format!("https://frama.example{kept_path}?page=1#message-2");
    let done = app.post_with(&page, &admin, &merge_form(&address)).await;
    assert_eq!(done.status, 303, "{}", done.body);
    assert_eq!(done.header("location"), Some(kept_path.as_str()));

    // Its posts are the kept topic's, counted; its watcher watches the kept topic.
    assert_eq!(topic_of(&pool, question).await, kept);
    assert_eq!(topic_of(&pool, answer).await, kept);
    assert_eq!(merged(&pool, kept).await, (PostState::Visible, None, 4));
    assert_eq!(
        merged(&pool, duplicate).await,
        (PostState::Hidden, Some(kept), 0)
    );
    assert_eq!(
        merged(&pool, third).await,
        (PostState::Hidden, Some(kept), 0)
    );
    let read = app.get(&kept_path).await.body;
    assert!(read.contains("Je n’y arrive pas.") && read.contains("Il faut DAVx5 aussi."));
    let watching: i64 = sqlx::query_scalar(
        "select count(*) from forum_topic_watches where person_id = $1 and topic_id = $2",
    )
    .bind(dominique)
    .bind(kept)
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(watching, 1);

    // The old addresses lead to the kept topic for good, whatever their slug.
    for old in [
        duplicate_path.clone(),
        format!("/forum/t/autre/{duplicate}"),
        format!("/forum/t/agenda-android-encore/{third}"),
    ] {
        let res = app.get(&old).await;
        assert_eq!(res.status, 301, "{old}");
        assert_eq!(res.header("location"), Some(kept_path.as_str()), "{old}");
    }
    assert!(!app.get("/forum").await.body.contains(&duplicate_path));

    // Logged with the duplicate's title; merging it again finds nothing.
    let logged: Vec<(String, Option<i64>, String)> =
        sqlx::query_as("select action, topic_id, reason from forum_moderation_log order by id")
            .fetch_all(&pool)
            .await
            .unwrap();
    let merge = ModerationAction::Merge.as_str().to_string();
    assert_eq!(
        logged[1],
        (
            merge,
            Some(kept),
            "«\u{202f}Synchroniser l’agenda sur un téléphone Android\u{202f}»".to_string()
        )
    );
    assert!(app
        .get_with("/equipe/forum", &[("cookie", &admin)])
        .await
        .body
        .contains("Sujets fusionnés"));
    assert_eq!(app.post_with(&page, &admin, &form).await.status, 404);
}
