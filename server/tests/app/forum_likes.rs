//! Likes: a person logged in to the forum likes someone else's post and takes it back; the
//! topic's page shows the count to everyone and the button, pressed or not, to them.

use common::states::{PostState, SanctionKind};
use sqlx::PgPool;
use testkit::forum::{person, reply, topic};

use crate::support::spawn_app;

fn like_form(like: &str) -> String {
    serde_urlencoded::to_string([("like", like)]).unwrap()
}

async fn likes(pool: &PgPool, post: i64) -> i64 {
    sqlx::query_scalar("select count(*) from forum_likes where post_id = $1")
        .bind(post)
        .fetch_one(pool)
        .await
        .unwrap()
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn a_person_likes_someone_elses_post_and_takes_it_back(pool: PgPool) {
    let app = spawn_app(pool.clone(), |_| {}).await;
    let camille = person(&pool, "camille").await;
    let dominique = person(&pool, "dominique").await;
    let (id, question) = topic(
        &pool,
        "premiers-pas",
        "Comment partager un dossier ?",
        "Avec le bureau.",
        camille,
    )
    .await;
    let answer = reply(&pool, id, "Par un lien de partage.", dominique).await;
    let path = format!("/forum/t/comment-partager-un-dossier/{id}");
    let like = format!("/forum/aimer/{answer}");

    // Only a person logged in to the forum likes; a GET changes nothing.
    assert_eq!(
        app.post_with(&like, "", &like_form("like")).await.status,
        401
    );
    assert_ne!(app.get(&like).await.status, 200);
    assert_eq!(likes(&pool, answer).await, 0);
    let anonymous = app.get(&path).await.body;
    assert!(!anonymous.contains("aria-pressed"));
    assert!(!anonymous.contains("aime ce message"));

    // Camille likes Dominique's answer: counted, shown, the button pressed.
    let me = app.log_in_to_forum("camille@example.org").await;
    let page = app.get_with(&path, &[("cookie", &me)]).await.body;
    assert!(page.contains("aria-pressed=\"false\""));
    let liked = app.post_with(&like, &me, &like_form("like")).await;
    assert_eq!(liked.status, 303, "{}", liked.body);
    assert_eq!(
        liked.header("location"),
        Some(format!("{path}#message-{answer}").as_str())
    );
    // Twice is once.
    app.post_with(&like, &me, &like_form("like")).await;
    assert_eq!(likes(&pool, answer).await, 1);
    let page = app.get_with(&path, &[("cookie", &me)]).await.body;
    assert!(page.contains("aria-pressed=\"true\""));
    assert!(page.contains("1 personne aime ce message"));
    assert!(app
        .get(&path)
        .await
        .body
        .contains("1 personne aime ce message"));

    // One's own post has no button, and liking it changes nothing.
    let own = format!("/forum/aimer/{question}");
    assert_eq!(
        app.post_with(&own, &me, &like_form("like")).await.status,
        303
    );
    assert_eq!(likes(&pool, question).await, 0);
    let mine = page
        .split(&format!("id=\"message-{answer}\""))
        .next()
        .unwrap()
        .to_string();
    assert!(!mine.contains("aria-pressed"), "no button on the question");

    // A silenced person still likes (a like says no words); taking it back counts down.
    sqlx::query(
        "insert into forum_sanctions (person_id, kind, until, reason)
         values ($1, $2, now() + interval '1 day', 'Publicités')",
    )
    .bind(camille)
    .bind(SanctionKind::Silence)
    .execute(&pool)
    .await
    .unwrap();
    let taken = app.post_with(&like, &me, &like_form("unlike")).await;
    assert_eq!(taken.status, 303, "{}", taken.body);
    assert_eq!(likes(&pool, answer).await, 0);
    // A banned person does nothing.
    sqlx::query("update forum_sanctions set kind = $2 where person_id = $1")
        .bind(camille)
        .bind(SanctionKind::Ban)
        .execute(&pool)
        .await
        .unwrap();
    assert_eq!(
        app.post_with(&like, &me, &like_form("like")).await.status,
        403
    );
    assert_eq!(likes(&pool, answer).await, 0);

    // A hidden post, or none, is nothing to like.
    let other = app.log_in_to_forum("alex@example.org").await;
    sqlx::query("update forum_posts set state = $2 where id = $1")
        .bind(answer)
        .bind(PostState::Hidden)
        .execute(&pool)
        .await
        .unwrap();
    assert_eq!(
        app.post_with(&like, &other, &like_form("like"))
            .await
            .status,
        404
    );
    assert_eq!(
        app.post_with("/forum/aimer/999999", &other, &like_form("like"))
            .await
            .status,
        404
    );
}
