//! Wishes for Nextcloud: members vote on ideas (one vote each, withdrawable), the category
//! lists them by votes, and a forum moderator sets each one's state, with a reason to
//! decline it.

use backend::accounts::Role;
use common::states::{IdeaState, ModerationAction};
use sqlx::PgPool;
use testkit::forum::{person, topic};

use crate::support::spawn_app;

const IDEAS: &str = "idees-pour-nextcloud";

async fn votes(pool: &PgPool, topic: i64) -> i32 {
    sqlx::query_scalar("select votes from forum_topics where id = $1")
        .bind(topic)
        .fetch_one(pool)
        .await
        .unwrap()
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn members_vote_once_withdraw_and_the_ideas_are_listed_by_votes(pool: PgPool) {
    let app = spawn_app(pool.clone(), |_| {}).await;
    let author = person(&pool, "camille").await;
    let (first, _) = topic(
        &pool,
        IDEAS,
        "Un agenda partagé avec les disponibilités",
        "Pour trouver une date de réunion.",
        author,
    )
    .await;
    let (second, _) = topic(
        &pool,
        IDEAS,
        "Signer un document dans Nextcloud",
        "Les statuts de l’association, par exemple.",
        author,
    )
    .await;
    let at = format!("/forum/t/signer-un-document-dans-nextcloud/{second}");
    let vote = format!("/forum/vote/{second}");

    // Anonymous: the count, the state, how to log in; a vote refused.
    let page = app.get(&at).await.body;
    assert!(page.contains("aucun vote"), "{page}");
    assert!(page.contains("Proposée"));
    assert!(page.contains("Se connecter pour voter"));
    assert_eq!(app.post_with(&vote, "", "vote=for").await.status, 401);

    let one = app.log_in_to_forum("dominique@example.org").await;
    let page = app.get_with(&at, &[("cookie", &one)]).await.body;
    assert!(page.contains("Voter pour cette idée"));
    let voted = app.post_with(&vote, &one, "vote=for").await;
    assert_eq!(voted.status, 303);
    assert_eq!(
        voted.header("location"),
        Some(format!("{at}#votes").as_str())
    );
    // One vote each, however often pressed.
    app.post_with(&vote, &one, "vote=for").await;
    assert_eq!(votes(&pool, second).await, 1);
    let page = app.get_with(&at, &[("cookie", &one)]).await.body;
    assert!(page.contains("Retirer mon vote"));
    assert!(page.contains("1 vote"));
    let two = app.log_in_to_forum("alex@example.org").await;
    app.post_with(&vote, &two, "vote=for").await;
    assert_eq!(votes(&pool, second).await, 2);
    app.post_with(&vote, &two, "vote=withdraw").await;
    assert_eq!(votes(&pool, second).await, 1);
    // A topic that is no idea takes no vote.
    assert_eq!(
        app.post_with("/forum/vote/1", &one, "vote=for")
            .await
            .status,
        404
    );

    // The category lists the ideas by votes, the one voted for first.
    let category: i64 = sqlx::query_scalar("select id from forum_categories where slug = $1")
        .bind(IDEAS)
        .fetch_one(&pool)
        .await
        .unwrap();
    let list = app.get(&format!("/forum/c/{IDEAS}/{category}")).await.body;
    let (a, b) = (
        list.find("Signer un document").unwrap(),
        list.find("Un agenda partagé").unwrap(),
    );
    assert!(a < b, "by votes");
    assert!(list.contains("1 vote"));
    let _ = first;
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn a_forum_moderator_sets_an_ideas_state_with_a_reason_to_decline(pool: PgPool) {
    let app = spawn_app(pool.clone(), |_| {}).await;
    let author = person(&pool, "camille").await;
    let (id, _) = topic(
        &pool,
        IDEAS,
        "Des formulaires d’adhésion en ligne",
        "Pour les nouvelles personnes.",
        author,
    )
    .await;
    let at = format!("/forum/t/des-formulaires-d-adhesion-en-ligne/{id}");
    let set = |state: IdeaState, reason: &str| {
        serde_urlencoded::to_string([("state", state.as_str()), ("reason", reason)]).unwrap()
    };

    let modo = app.log_in_as("modo@frama.example", Role::Moderator).await;
    assert_eq!(
        app.post_with(&at, &modo, &set(IdeaState::Planned, ""))
            .await
            .status,
        403
    );
    sqlx::query("update staff_accounts set forum_moderator = true")
        .execute(&pool)
        .await
        .unwrap();
    let page = app.get_with(&at, &[("cookie", &modo)]).await.body;
    assert!(page.contains("État de l’idée"));
    // Declining needs a reason: refused beside the field, the choice kept.
    let refused = app
        .post_with(&at, &modo, &set(IdeaState::Declined, " "))
        .await;
    assert_eq!(refused.status, 422);
    assert!(refused.body.contains("forum-idea-reason-error"));
    let state: IdeaState = sqlx::query_scalar("select idea_state from forum_topics where id = $1")
        .bind(id)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(state, IdeaState::Proposed);
    // An unknown state is no state.
    let forged = app.post_with(&at, &modo, "state=%3Cb%3E&reason=x").await;
    assert_eq!(forged.status, 422);

    let declined = app
        .post_with(
            &at,
            &modo,
            &set(
                IdeaState::Declined,
                "L’application Formulaires le fait déjà.",
            ),
        )
        .await;
    assert_eq!(declined.status, 303);
    let page = app.get(&at).await.body;
    assert!(page.contains("Refusée"));
    assert!(page.contains("L’application Formulaires le fait déjà."));
    // Logged with the state given; the same state again writes nothing.
    app.post_with(
        &at,
        &modo,
        &set(
            IdeaState::Declined,
            "L’application Formulaires le fait déjà.",
        ),
    )
    .await;
    let logged: Vec<(ModerationAction, Option<IdeaState>)> =
        sqlx::query_as("select action, idea_state from forum_moderation_log")
            .fetch_all(&pool)
            .await
            .unwrap();
    assert_eq!(
        logged,
        [(ModerationAction::IdeaState, Some(IdeaState::Declined))]
    );
    let journal = app
        .get_with("/equipe/forum", &[("cookie", &modo)])
        .await
        .body;
    assert!(journal.contains("État de l’idée changé"));
    // A topic that is no idea has no state.
    assert_eq!(
        app.post_with(
            "/forum/t/bienvenue-sur-le-forum-d-entraide/1",
            &modo,
            &set(IdeaState::Planned, "")
        )
        .await
        .status,
        404
    );
}
