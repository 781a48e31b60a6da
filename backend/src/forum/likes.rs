//! Likes (issue 22, point 1): a person logged in to the forum likes a visible post of
//! someone else's, once, and takes it back at will ([`like`]); each post shows how many
//! like it (`Post::likes`), and the person sees which they like ([`liked`]). A like says
//! no words: a silenced person may still like; a banned one does nothing (their login
//! opens nothing of the forum). One's own post is not liked.

use std::collections::HashSet;

use common::states::PostState;

use super::people::Member;
use super::{post_path, replies_before};
use crate::{Ctx, Result};

/// `member` likes the visible post `post_id` (`on`), or takes their like back. Returns the
/// post's address; `None` when there is no such visible post. Liking one's own post, or
/// liking twice, changes nothing.
pub async fn like(ctx: &Ctx, member: &Member, post_id: i64, on: bool) -> Result<Option<String>> {
    let found: Option<(Option<i64>, String, i64, i64)> = sqlx::query_as(&format!(
        "select o.author_id, t.slug, t.id, {}
         from forum_posts o join forum_topics t on t.id = o.topic_id
         where o.id = $1 and o.state = $2 and t.state = $2",
        replies_before("$2")
    ))
    .bind(post_id)
    .bind(PostState::Visible)
    .fetch_optional(&ctx.pool)
    .await?;
    let Some((author, slug, topic_id, before)) = found else {
        return Ok(None);
    };
    if author != Some(member.person_id()) {
        if on {
            sqlx::query(
                "insert into forum_likes (post_id, person_id) values ($1, $2)
                 on conflict do nothing",
            )
        } else {
            sqlx::query("delete from forum_likes where post_id = $1 and person_id = $2")
        }
        .bind(post_id)
        .bind(member.person_id())
        .execute(&ctx.pool)
        .await?;
    }
    Ok(Some(post_path(&slug, topic_id, post_id, before)))
}

/// Which of `posts` `member` likes.
pub async fn liked(ctx: &Ctx, member: &Member, posts: &[i64]) -> Result<HashSet<i64>> {
    let ids: Vec<i64> = sqlx::query_scalar(
        "select post_id from forum_likes where person_id = $1 and post_id = any($2)",
    )
    .bind(member.person_id())
    .bind(posts)
    .fetch_all(&ctx.pool)
    .await?;
    Ok(ids.into_iter().collect())
}
