//! The forum's "similar topics", shown while a question's title is typed.

use backend::forum::search::{similar, SIMILAR_MAX};
use common::states::PostState;
use sqlx::PgPool;
use testkit::ctx;
use testkit::forum::{person, set_topic_state, topic};

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn a_question_being_typed_finds_the_topics_with_the_closest_titles(pool: PgPool) {
    let ctx = ctx(&pool);
    let camille = person(&pool, "camille").await;
    let (agenda, _) = topic(
        &pool,
        "agendas-et-contacts",
        "Synchroniser mon agenda sur Android",
        "DAVx5 ?",
        camille,
    )
    .await;
    let (folder, _) = topic(
        &pool,
        "fichiers-et-synchronisation",
        "Synchroniser un dossier partagé",
        "Le client.",
        camille,
    )
    .await;
    topic(
        &pool,
        "premiers-pas",
        "Changer mon mot de passe",
        "Où ?",
        camille,
    )
    .await;
    let (held, _) = topic(&pool, "premiers-pas", "Agenda en attente", "x", camille).await;
    set_topic_state(&pool, held, PostState::Held).await;

    let found = similar(&ctx, "Comment synchroniser l’agenda de l’asso ?")
        .await
        .unwrap();
    let ids: Vec<i64> = found.iter().map(|t| t.id).collect();
    assert_eq!(ids.first(), Some(&agenda), "both words match it: first");
    assert!(ids.contains(&folder), "one word matches it");
    assert!(
        !ids.contains(&held),
        "a topic waiting for approval is not shown"
    );
    assert_eq!(ids.len(), 2);

    for nothing in ["", "ab", "le la les", "!!! ???"] {
        assert!(
            similar(&ctx, nothing).await.unwrap().is_empty(),
            "{nothing}"
        );
    }
    for n in 0..10 {
        topic(
            &pool,
            "premiers-pas",
            &format!("Agenda numéro {n}"),
            "x",
            camille,
        )
        .await;
    }
    assert_eq!(
        similar(&ctx, "agenda").await.unwrap().len() as i64,
        SIMILAR_MAX
    );
}
