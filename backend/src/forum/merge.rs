//! Merging a duplicate into the topic it repeats (issue 22, point 5).
//!
//! A forum moderator names, from the duplicate's page, the topic to keep ([`merge`]): the
//! older of the two, so that its question stays first. In one transaction, every post of
//! the duplicate moves into the kept topic (its question becoming a reply there, each with
//! its flags, notifications and state), its watchers and votes follow, both topics are
//! counted again, and the duplicate is hidden with `merged_into` naming the kept topic: its
//! address leads there for good ([`merged_into`], a 301), as do the addresses of topics
//! merged into it before. The log keeps the duplicate's title.

use common::states::{ModerationAction, PostState};
use common::ErrorCode;

use super::moderation::{log, recount, ForumModerator, Logged};
use super::topic_path;
use super::write::{refused, Refused};
use crate::{Ctx, Result};

/// Why a merge was not made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MergeRefused {
    /// No such visible topic to merge.
    NoTopic,
    /// The topic to keep, beside its field (`into`).
    Field(Refused),
}

/// The number of the topic `raw` names: its number (`123`) or its address, whole or not
/// (`https://…/forum/t/comment-partager/123?page=2#message-4`, `/forum/t/…/123`).
pub fn topic_number(raw: &str) -> Option<i64> {
    let path = raw.trim().split(['?', '#']).next().unwrap_or_default();
    let last = path.trim_end_matches('/').rsplit('/').next()?;
    if last.is_empty() || !last.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    last.parse().ok().filter(|n| *n > 0)
}

/// `moderator` merges the visible topic `duplicate` into the topic `into` names (its number
/// or address). Returns the kept topic's address.
pub async fn merge(
    ctx: &Ctx,
    moderator: &ForumModerator,
    duplicate: i64,
    into: &str,
) -> Result<std::result::Result<String, MergeRefused>> {
    let field = |code| Ok(Err(MergeRefused::Field(refused("into", code))));
    if into.trim().is_empty() {
        return field(ErrorCode::Required);
    }
    let Some(kept) = topic_number(into).filter(|k| *k != duplicate) else {
        return field(ErrorCode::MergeTarget);
    };
    let mut tx = ctx.pool.begin().await?;
    // Both rows locked, the lower id first (as any two merges lock them): the counts and
    // the posts written one after the other.
    let rows: Vec<(i64, String, String, i64)> = sqlx::query_as(
        "select t.id, t.slug, t.title,
                (select min(o.id) from forum_posts o where o.topic_id = t.id) as question
         from forum_topics t where t.id = any($1) and t.state = $2
         order by t.id for update of t",
    )
    .bind([duplicate, kept])
    .bind(PostState::Visible)
    .fetch_all(&mut *tx)
    .await?;
    let find = |id: i64| rows.iter().find(|r| r.0 == id);
    let Some((_, _, duplicate_title, duplicate_question)) = find(duplicate) else {
        return Ok(Err(MergeRefused::NoTopic));
    };
    let Some((_, kept_slug, _, kept_question)) = find(kept) else {
        return field(ErrorCode::MergeTarget);
    };
    // A topic's question is its first post: the kept one must stay first.
    if kept_question > duplicate_question {
        return field(ErrorCode::MergeNewer);
    }
    sqlx::query("update forum_posts set topic_id = $2 where topic_id = $1")
        .bind(duplicate)
        .bind(kept)
        .execute(&mut *tx)
        .await?;
    for table in ["forum_topic_watches", "forum_votes"] {
        sqlx::query(&format!(
            "with gone as (delete from {table} where topic_id = $1 returning person_id)
             insert into {table} (topic_id, person_id) select $2, person_id from gone
             on conflict do nothing"
        ))
        .bind(duplicate)
        .bind(kept)
        .execute(&mut *tx)
        .await?;
    }
    // The duplicate, and whatever led to it, now leads to the kept topic.
    sqlx::query(
        "update forum_topics set state = $3, merged_into = $2, solved_post_id = null,
                replies = 0, pinned = false
         where id = $1 or merged_into = $1",
    )
    .bind(duplicate)
    .bind(kept)
    .bind(PostState::Hidden)
    .execute(&mut *tx)
    .await?;
    recount(&mut tx, kept).await?;
    let reason = format!("«\u{202f}{duplicate_title}\u{202f}»");
    let entry = Logged {
        topic_id: Some(kept),
        reason: &reason,
        ..Logged::of(ModerationAction::Merge)
    };
    log(&mut tx, moderator, entry).await?;
    tx.commit().await?;
    tracing::info!(duplicate, kept, "a forum topic merged");
    Ok(Ok(topic_path(kept_slug, kept)))
}

/// Where the address of a merged topic leads: the kept topic's address, while that is
/// visible. Anyone may follow it.
pub async fn merged_into(ctx: &Ctx, topic_id: i64) -> Result<Option<String>> {
    let kept: Option<(i64, String)> = sqlx::query_as(
        "select k.id, k.slug from forum_topics t join forum_topics k on k.id = t.merged_into
         where t.id = $1 and k.state = $2",
    )
    .bind(topic_id)
    .bind(PostState::Visible)
    .fetch_optional(&ctx.pool)
    .await?;
    Ok(kept.map(|(id, slug)| topic_path(&slug, id)))
}

#[cfg(test)]
mod tests {
    use super::topic_number;

    #[test]
    fn a_topic_is_named_by_its_number_or_its_address() {
        for (raw, number) in [
            ("123", Some(123)),
            (" 123 ", Some(123)),
            ("/forum/t/comment-partager/123", Some(123)),
            (
                "https://frama.space/forum/t/comment-partager/123/",
                Some(123),
            ),
            ("/forum/t/comment-partager/123?page=2#message-9", Some(123)),
            ("", None),
            ("0", None),
            ("-4", None),
            ("douze", None),
            ("/forum/t/comment-partager", None),
            ("99999999999999999999999", None),
            ("12a", None),
        ] {
            assert_eq!(topic_number(raw), number, "{raw:?}");
        }
    }
}
