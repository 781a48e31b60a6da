//! Posts held for a moderator's approval (issue 22, point 5).
//!
//! A person who logs in by a mailed link has what they write held ([`Member::held`]) until
//! a forum moderator approves one of their posts. A held post counts in no topic, shows in
//! no list, no search and no feed, and tells nobody: spam reaches nobody's page nor mailbox.
//! Its author reads it on their page of posts waiting ([`mine`], at [`PENDING_PATH`]); the
//! moderators see it in their own list, and approve it (its author is then no longer held,
//! [`released`]) or refuse it by hiding it, with a reason, as any post.
//!
//! A person logged in with their space is never held: the team reviewed their association
//! before opening it.

use chrono::{DateTime, NaiveDateTime, Utc};
use common::forum::PENDING_PATH;
use common::states::PostState;
use sqlx::PgConnection;

use super::notify::{tell, Posted};
use super::people::Member;
use super::{markdown, post_path, topic_path};
use crate::{Ctx, Result};

/// The posts a person's page of posts waiting shows, the newest.
pub const SHOWN: i64 = 50;

/// Where the author of held post `post_id` reads it.
pub fn pending_path(post_id: i64) -> String {
    format!("{PENDING_PATH}#message-{post_id}")
}

/// A post of one's own waiting for a moderator.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HeldPost {
    pub post_id: i64,
    pub topic_title: String,
    /// The topic's address, for a reply to a visible topic (a held question has none yet).
    pub topic_path: Option<String>,
    /// It opens its topic: the topic waits with it.
    pub is_question: bool,
    pub created_at: DateTime<Utc>,
    pub created_paris: NaiveDateTime,
    /// Its Markdown, rendered and cleaned.
    pub html: markdown::Html,
}

/// `member`'s posts waiting for a moderator, the newest first.
pub async fn mine(ctx: &Ctx, member: &Member) -> Result<Vec<HeldPost>> {
    #[derive(sqlx::FromRow)]
    struct Row {
        id: i64,
        title: String,
        slug: String,
        topic_id: i64,
        topic_visible: bool,
        is_question: bool,
        created_at: DateTime<Utc>,
        created_paris: NaiveDateTime,
        body: String,
    }
    let rows: Vec<Row> = sqlx::query_as(
        "select o.id, t.title, t.slug, t.id as topic_id, t.state = $3 as topic_visible,
                o.id = (select min(q.id) from forum_posts q where q.topic_id = t.id)
                    as is_question,
                o.created_at, o.created_at at time zone 'Europe/Paris' as created_paris, o.body
         from forum_posts o join forum_topics t on t.id = o.topic_id
         where o.author_id = $1 and o.state = $2
         order by o.id desc limit $4",
    )
    .bind(member.person_id())
    .bind(PostState::Held)
    .bind(PostState::Visible)
    .bind(SHOWN)
    .fetch_all(&ctx.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| HeldPost {
            post_id: r.id,
            topic_path: r.topic_visible.then(|| topic_path(&r.slug, r.topic_id)),
            topic_title: r.title,
            is_question: r.is_question,
            created_at: r.created_at,
            created_paris: r.created_paris,
            html: markdown::render(&r.body),
        })
        .collect())
}

/// Held post `post_id`, just shown by a moderator in `tx`: its author is held no more, and
/// the people it concerns are told, as when a post is written.
pub(super) async fn released(tx: &mut PgConnection, ctx: &Ctx, post_id: i64) -> Result<()> {
    #[derive(sqlx::FromRow)]
    struct Row {
        topic_id: i64,
        slug: String,
        category_id: i64,
        author_id: Option<i64>,
        body: String,
        is_question: bool,
        before: i64,
    }
    let r: Row = sqlx::query_as(&format!(
        "select t.id as topic_id, t.slug, t.category_id, o.author_id, o.body,
                o.id = (select min(q.id) from forum_posts q where q.topic_id = t.id)
                    as is_question,
                {} as before
         from forum_posts o join forum_topics t on t.id = o.topic_id
         where o.id = $1",
        super::replies_before("$2")
    ))
    .bind(post_id)
    .bind(PostState::Visible)
    .fetch_one(&mut *tx)
    .await?;
    // The team's posts are never held.
    let Some(author) = r.author_id else {
        return Ok(());
    };
    sqlx::query(
        "update forum_people set approved_at = now() where id = $1 and approved_at is null",
    )
    .bind(author)
    .execute(&mut *tx)
    .await?;
    let path = post_path(&r.slug, r.topic_id, post_id, r.before);
    let posted = Posted {
        author,
        topic_id: r.topic_id,
        post_id,
        body: &r.body,
        path: &path,
        new_topic_in: r.is_question.then_some(r.category_id),
    };
    tell(tx, ctx, &posted).await
}
