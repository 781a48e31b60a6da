//! The forum's search, by the words of a topic's posts together, and its "similar topics",
//! shown while a question's title is typed.

use backend::forum::search::{search, similar, Found, Search, CANDIDATES, SIMILAR_MAX};
use common::states::PostState;
use sqlx::PgPool;
use testkit::ctx;
use testkit::forum::{person, reply, set_post_state, set_topic_state, topic};

async fn find(pool: &PgPool, words: &str) -> Found {
    let asked = Search {
        words: words.into(),
        ..Search::default()
    };
    search(&ctx(pool), &asked, 1).await.unwrap()
}

/// The topics found and, for each, the post linked.
async fn found(pool: &PgPool, words: &str) -> Vec<(i64, Option<i64>)> {
    find(pool, words)
        .await
        .hits
        .iter()
        .map(|h| (h.topic.id, h.post_id))
        .collect()
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn a_topic_is_found_by_the_words_of_its_posts_as_they_change(pool: PgPool) {
    let camille = person(&pool, "camille").await;
    let dominique = person(&pool, "dominique").await;
    let (agenda, question) = topic(
        &pool,
        "agendas-et-contacts",
        "Agenda partagé",
        "Comment le voir sur mon téléphone ?",
        camille,
    )
    .await;
    assert_eq!(
        found(&pool, "telephone").await,
        vec![(agenda, Some(question))]
    );
    // A reply's words are the topic's as soon as it is written.
    let answer = reply(&pool, agenda, "Essayez DAVx5 sur Android.", dominique).await;
    assert_eq!(found(&pool, "davx5").await, vec![(agenda, Some(answer))]);
    // Words spread over the title and a reply find the topic, linked to no post.
    assert_eq!(found(&pool, "agenda android").await, vec![(agenda, None)]);
    assert!(found(&pool, "agenda -android").await.is_empty());
    // A hidden reply's words are not searched; restored, they are again.
    set_post_state(&pool, answer, PostState::Hidden).await;
    assert!(found(&pool, "davx5").await.is_empty());
    set_post_state(&pool, answer, PostState::Visible).await;
    assert_eq!(found(&pool, "davx5").await, vec![(agenda, Some(answer))]);
    // So is a hidden question's (the title, which the topic's own state governs, still
    // finds the topic).
    set_post_state(&pool, question, PostState::Hidden).await;
    assert!(found(&pool, "telephone").await.is_empty());
    assert_eq!(found(&pool, "agenda").await, vec![(agenda, None)]);
    set_post_state(&pool, question, PostState::Visible).await;
    assert_eq!(
        found(&pool, "telephone").await,
        vec![(agenda, Some(question))]
    );
    // A new title replaces the old one's words.
    sqlx::query("update forum_topics set title = 'Calendrier commun' where id = $1")
        .bind(agenda)
        .execute(&pool)
        .await
        .unwrap();
    assert!(found(&pool, "partagé").await.is_empty());
    assert_eq!(found(&pool, "calendrier").await, vec![(agenda, None)]);
    // A removed reply's words go with it.
    sqlx::query("delete from forum_posts where id = $1")
        .bind(answer)
        .execute(&pool)
        .await
        .unwrap();
    assert!(found(&pool, "davx5").await.is_empty());
    // French stop words are not words, with or without their accents.
    assert!(found(&pool, "à été").await.is_empty());
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn a_common_word_is_ranked_among_the_newest_topics_and_one_more_word_reaches_all(
    pool: PgPool,
) {
    let camille = person(&pool, "camille").await;
    // The oldest topic says « agenda » most, in its title and its question.
    let (oldest, _) = topic(
        &pool,
        "agendas-et-contacts",
        "Agenda, agenda, agenda",
        "Mon agenda de trésorière.",
        camille,
    )
    .await;
    for n in 0..CANDIDATES {
        topic(
            &pool,
            "agendas-et-contacts",
            &format!("Question {n}"),
            "Une question sur l’agenda.",
            camille,
        )
        .await;
    }
    let common = find(&pool, "agenda").await;
    assert!(common.more, "more pages of candidates follow");
    assert!(common.hits.iter().all(|h| h.topic.id != oldest));
    // One more word, and the whole forum is searched again.
    assert_eq!(
        found(&pool, "agenda trésorière").await.first().map(|h| h.0),
        Some(oldest)
    );
}

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
