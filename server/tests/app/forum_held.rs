//! The first posts of a person logged in by a mailed link wait for a forum moderator: shown
//! to their author only (on their page of posts waiting), counted nowhere, found by no
//! search, telling nobody; approved, a post shows and tells, and its author writes freely
//! from then on; refused, it is hidden with a reason.

use app::pages::forum::compose::{Button, ReplyInput, TopicInput};
use backend::accounts::Role;
use common::forum::PENDING_PATH;
use common::states::{ModerationAction, NotificationKind, PostState};
use sqlx::PgPool;
use testkit::forum::{person, post_state, replies, topic, topic_state};

use crate::support::spawn_app;

const QUEUE: &str = "/equipe/forum";
const APPROVE: &str = "approve";
const HIDE: &str = "hide";

/// A question in the category « Fichiers et synchronisation ».
fn topic_form(title: &str, body: &str) -> String {
    serde_urlencoded::to_string(TopicInput {
        category: "2".into(),
        title: title.into(),
        body: body.into(),
        pseudonym: "nouvelle".into(),
        button: Button::Publish,
        ..Default::default()
    })
    .unwrap()
}

fn reply_form(body: &str) -> String {
    serde_urlencoded::to_string(ReplyInput {
        body: body.into(),
        pseudonym: "nouvelle".into(),
        button: Button::Publish,
    })
    .unwrap()
}

fn decision(post: i64, decision: &str, reason: &str) -> String {
    serde_urlencoded::to_string([
        ("post", post.to_string().as_str()),
        ("decision", decision),
        ("reason", reason),
    ])
    .unwrap()
}

/// The id in a pending page's address (`/forum/en-attente#message-<id>`).
fn held_id(location: Option<&str>) -> i64 {
    let at = location.expect("a location");
    let id = at
        .strip_prefix(&format!("{PENDING_PATH}#message-"))
        .unwrap_or_else(|| panic!("held, not shown: {at}"));
    id.parse().unwrap()
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn a_new_persons_posts_wait_for_a_moderator_who_approves_or_refuses_them(pool: PgPool) {
    let app = spawn_app(pool.clone(), |_| {}).await;
    let camille = person(&pool, "camille").await;
    let (asked, _) = topic(
        &pool,
        "premiers-pas",
        "Comment partager un dossier ?",
        "Je voudrais partager un dossier avec le bureau.",
        camille,
    )
    .await;
    let asked_path = format!("/forum/t/comment-partager-un-dossier/{asked}");
    sqlx::query("insert into forum_topic_watches (person_id, topic_id) values ($1, $2)")
        .bind(camille)
        .bind(asked)
        .execute(&pool)
        .await
        .unwrap();

    // A new person is told before writing that a moderator reads their first posts.
    let me = app.log_in_to_forum_as_new("nouvelle@example.org").await;
    let page = app.get_with("/forum/nouveau", &[("cookie", &me)]).await;
    assert!(page.body.contains("Vos premiers messages sont relus"));
    assert!(page.body.contains(&format!("href=\"{PENDING_PATH}\"")));

    // Their question waits: on their page only, nowhere else.
    let title = "Synchroniser les agendas du bureau";
    let asked_new = app
        .post_with(
            "/forum/nouveau",
            &me,
            &topic_form(title, "Avec **tout le bureau**, sur nos téléphones."),
        )
        .await;
    assert_eq!(asked_new.status, 303, "{}", asked_new.body);
    let question = held_id(asked_new.header("location"));
    let new_topic: i64 = sqlx::query_scalar("select topic_id from forum_posts where id = $1")
        .bind(question)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(topic_state(&pool, new_topic).await, PostState::Held);
    let new_path = format!("/forum/t/synchroniser-les-agendas-du-bureau/{new_topic}");
    assert_eq!(app.get(&new_path).await.status, 404);
    assert_eq!(
        app.get_with(&new_path, &[("cookie", &me)]).await.status,
        404
    );
    assert!(!app.get("/forum").await.body.contains(title));
    assert!(!app
        .get("/forum/recherche?q=agendas")
        .await
        .body
        .contains(title));
    assert!(!app.get("/forum/flux.atom").await.body.contains(title));

    // Their reply, which mentions camille, waits too: not counted, nobody told.
    let replied = app
        .post_with(
            &format!("/forum/repondre/{asked}"),
            &me,
            &reply_form("Voyez les réglages de partage, @camille."),
        )
        .await;
    assert_eq!(replied.status, 303, "{}", replied.body);
    let answer = held_id(replied.header("location"));
    assert_eq!(replies(&pool, asked).await, 0);
    assert!(!app
        .get(&asked_path)
        .await
        .body
        .contains("Voyez les réglages"));
    assert_eq!(app.count("forum_notifications").await, 0);

    // Their page shows both as they will read, newest first; anonymous readers get none.
    let pending = app.get_with(PENDING_PATH, &[("cookie", &me)]).await;
    assert_eq!(pending.status, 200);
    let body = &pending.body;
    assert!(body.contains("<strong>tout le bureau</strong>"));
    assert!(body.contains("Votre question «\u{202f}Synchroniser les agendas du bureau\u{202f}»"));
    assert!(body.contains("Votre réponse dans «\u{202f}Comment partager un dossier ?\u{202f}»"));
    assert!(body.contains(&format!("href=\"{asked_path}\"")));
    assert!(body.find(&format!("message-{answer}")) < body.find(&format!("message-{question}")));
    assert!(app.get(PENDING_PATH).await.status >= 400);

    // Only a forum moderator approves.
    let approve = decision(answer, APPROVE, "");
    assert_eq!(app.post_with(QUEUE, "", &approve).await.status, 401);
    assert_eq!(app.post_with(QUEUE, &me, &approve).await.status, 401);
    let modo = app.log_in_as("modo@frama.example", Role::Moderator).await;
    assert_eq!(app.post_with(QUEUE, &modo, &approve).await.status, 403);
    assert_eq!(post_state(&pool, answer).await, PostState::Held);

    // The moderators' list shows both, whole and as typed.
    let admin = app.log_in_as("admin@frama.example", Role::Admin).await;
    let queue = app.get_with(QUEUE, &[("cookie", &admin)]).await.body;
    assert!(
        queue.contains("2 messages en attente d’approbation"),
        "{queue}"
    );
    assert!(queue.contains("Avec **tout le bureau**, sur nos téléphones."));
    assert!(queue.contains("Accepter et publier"));

    // Approved, the reply shows, counts and tells camille; its author is held no more.
    let approved = app.post_with(QUEUE, &admin, &approve).await;
    assert_eq!(approved.status, 303, "{}", approved.body);
    assert_eq!(post_state(&pool, answer).await, PostState::Visible);
    assert_eq!(replies(&pool, asked).await, 1);
    assert!(app
        .get(&asked_path)
        .await
        .body
        .contains("Voyez les réglages"));
    let told: Vec<(i64, String)> =
        sqlx::query_as("select person_id, kind from forum_notifications where post_id = $1")
            .bind(answer)
            .fetch_all(&pool)
            .await
            .unwrap();
    assert_eq!(
        told,
        vec![(camille, NotificationKind::Mention.as_str().to_string())]
    );
    let logged: Vec<(String, Option<i64>)> =
        sqlx::query_as("select action, post_id from forum_moderation_log")
            .fetch_all(&pool)
            .await
            .unwrap();
    assert_eq!(
        logged,
        vec![(ModerationAction::Approve.as_str().to_string(), Some(answer))]
    );
    // Approving it again changes nothing and logs nothing.
    assert_eq!(app.post_with(QUEUE, &admin, &approve).await.status, 303);
    assert_eq!(app.count("forum_moderation_log").await, 1);

    // Their other post still waits; what they write now shows at once.
    assert_eq!(post_state(&pool, question).await, PostState::Held);
    let page = app.get_with(PENDING_PATH, &[("cookie", &me)]).await.body;
    assert!(page.contains("Un modérateur a accepté l’un de vos messages"));
    assert!(!page.contains(&format!("message-{answer}\"")));
    let next = app
        .post_with(
            &format!("/forum/repondre/{asked}"),
            &me,
            &reply_form("Et dans l’application mobile aussi."),
        )
        .await;
    let at = next.header("location").unwrap();
    assert!(at.starts_with(&asked_path), "{at}");
    assert_eq!(replies(&pool, asked).await, 2);

    // Refused: hidden with a reason, which is required; the topic stays unseen.
    let refused = app
        .post_with(QUEUE, &admin, &decision(question, HIDE, ""))
        .await;
    assert_eq!(refused.status, 422);
    assert_eq!(post_state(&pool, question).await, PostState::Held);
    let hidden = app
        .post_with(
            QUEUE,
            &admin,
            &decision(question, HIDE, "Déjà demandé ailleurs"),
        )
        .await;
    assert_eq!(hidden.status, 303, "{}", hidden.body);
    assert_eq!(topic_state(&pool, new_topic).await, PostState::Hidden);
    assert_eq!(app.get(&new_path).await.status, 404);
    // A hidden post is restored, never approved.
    assert_eq!(
        app.post_with(QUEUE, &admin, &decision(question, APPROVE, ""))
            .await
            .status,
        404
    );
    let page = app.get_with(PENDING_PATH, &[("cookie", &me)]).await.body;
    assert!(page.contains("Aucun message en attente."));
    let queue = app.get_with(QUEUE, &[("cookie", &admin)]).await.body;
    assert!(queue.contains("Aucun message n’attend d’approbation."));
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn an_approved_question_opens_its_topic_and_tells_the_categorys_watchers(pool: PgPool) {
    let app = spawn_app(pool.clone(), |_| {}).await;
    let dominique = person(&pool, "dominique").await;
    sqlx::query(
        "insert into forum_category_watches (person_id, category_id)
         select $1, id from forum_categories where slug = 'fichiers-et-synchronisation'",
    )
    .bind(dominique)
    .execute(&pool)
    .await
    .unwrap();
    let me = app.log_in_to_forum_as_new("nouvelle@example.org").await;
    let title = "Retrouver un fichier supprimé";
    let asked = app
        .post_with(
            "/forum/nouveau",
            &me,
            &topic_form(title, "Il a disparu hier."),
        )
        .await;
    let question = held_id(asked.header("location"));
    assert_eq!(app.count("forum_notifications").await, 0);

    let admin = app.log_in_as("admin@frama.example", Role::Admin).await;
    let approved = app
        .post_with(QUEUE, &admin, &decision(question, APPROVE, ""))
        .await;
    assert_eq!(approved.status, 303, "{}", approved.body);
    let topic_id: i64 = sqlx::query_scalar("select topic_id from forum_posts where id = $1")
        .bind(question)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(topic_state(&pool, topic_id).await, PostState::Visible);
    let page = app
        .get(&format!(
            "/forum/t/retrouver-un-fichier-supprime/{topic_id}"
        ))
        .await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Il a disparu hier."));
    assert!(app.get("/forum").await.body.contains(title));
    let told: Vec<(i64, String)> =
        sqlx::query_as("select person_id, kind from forum_notifications where post_id = $1")
            .bind(question)
            .fetch_all(&pool)
            .await
            .unwrap();
    assert_eq!(
        told,
        vec![(dominique, NotificationKind::Topic.as_str().to_string())]
    );
    // Its author watches it from now on, as one who asked.
    let watching: bool = sqlx::query_scalar(
        "select exists (select 1 from forum_topic_watches w join forum_people p
                        on p.id = w.person_id where w.topic_id = $1 and p.pseudonym = 'nouvelle')",
    )
    .bind(topic_id)
    .fetch_one(&pool)
    .await
    .unwrap();
    assert!(watching);
}
