//! The forum's people, topics and replies, written straight into the database for tests
//! that read them (the writing itself has its own tests).

use common::states::PostState;
use sqlx::PgPool;

/// A person of the forum, who logged in by a mailed link to `<pseudonym>@example.org` and
/// whose posts a moderator approved already (they are held no more); their id.
pub async fn person(pool: &PgPool, pseudonym: &str) -> i64 {
    sqlx::query_scalar(
        "insert into forum_people (pseudonym, email, approved_at)
         values ($1, $1 || '@example.org', now()) returning id",
    )
    .bind(pseudonym)
    .fetch_one(pool)
    .await
    .unwrap()
}

/// A topic in the category `category` (its slug) by `author`, with its question; the
/// topic's id and its question's.
pub async fn topic(
    pool: &PgPool,
    category: &str,
    title: &str,
    body: &str,
    author: i64,
) -> (i64, i64) {
    let topic: i64 = sqlx::query_scalar(
        "insert into forum_topics (category_id, title, slug, author_id)
         select id, $2, $3, $4 from forum_categories where slug = $1 returning id",
    )
    .bind(category)
    .bind(title)
    .bind(backend::forum::slug_of(title))
    .bind(author)
    .fetch_one(pool)
    .await
    .unwrap();
    let post = post(pool, topic, body, author).await;
    (topic, post)
}

/// A reply, counted in its topic's replies; its id.
pub async fn reply(pool: &PgPool, topic: i64, body: &str, author: i64) -> i64 {
    let id = post(pool, topic, body, author).await;
    sqlx::query(
        "update forum_topics set replies = replies + 1, last_posted_at = now() where id = $1",
    )
    .bind(topic)
    .execute(pool)
    .await
    .unwrap();
    id
}

async fn post(pool: &PgPool, topic: i64, body: &str, author: i64) -> i64 {
    sqlx::query_scalar(
        "insert into forum_posts (topic_id, body, author_id) values ($1, $2, $3) returning id",
    )
    .bind(topic)
    .bind(body)
    .bind(author)
    .fetch_one(pool)
    .await
    .unwrap()
}

/// `post` accepted as its topic's answer.
pub async fn solve(pool: &PgPool, topic: i64, post: i64) {
    sqlx::query("update forum_topics set solved_post_id = $1 where id = $2")
        .bind(post)
        .bind(topic)
        .execute(pool)
        .await
        .unwrap();
}

/// The post `id` put in `state` (hidden by a moderator, waiting for approval).
pub async fn set_post_state(pool: &PgPool, id: i64, state: PostState) {
    sqlx::query("update forum_posts set state = $1 where id = $2")
        .bind(state)
        .bind(id)
        .execute(pool)
        .await
        .unwrap();
}

/// The topic `id` put in `state`.
pub async fn set_topic_state(pool: &PgPool, id: i64, state: PostState) {
    sqlx::query("update forum_topics set state = $1 where id = $2")
        .bind(state)
        .bind(id)
        .execute(pool)
        .await
        .unwrap();
}

/// Post `id`'s state.
pub async fn post_state(pool: &PgPool, id: i64) -> PostState {
    sqlx::query_scalar("select state from forum_posts where id = $1")
        .bind(id)
        .fetch_one(pool)
        .await
        .unwrap()
}

/// Topic `id`'s state.
pub async fn topic_state(pool: &PgPool, id: i64) -> PostState {
    sqlx::query_scalar("select state from forum_topics where id = $1")
        .bind(id)
        .fetch_one(pool)
        .await
        .unwrap()
}

/// Topic `id`'s count of visible replies.
pub async fn replies(pool: &PgPool, topic: i64) -> i32 {
    sqlx::query_scalar("select replies from forum_topics where id = $1")
        .bind(topic)
        .fetch_one(pool)
        .await
        .unwrap()
}
