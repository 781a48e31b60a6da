//! Wishes for Nextcloud (issue 22, point 7): in a category of ideas (`forum_categories.ideas`),
//! each topic is an idea that members vote on, one vote each, withdrawable ([`vote`]); a
//! forum moderator sets its state, with a reason for a declined one ([`set_state`]), and the
//! category lists the ideas by votes. The count is kept by a trigger on `forum_votes`, so
//! whatever removes a vote (a forum account deleted) counts it out.

use common::states::{IdeaState, ModerationAction, PostState};

use super::moderation::{clean_reason, log, ForumModerator, Logged};
use super::people::Member;
use super::topic_path;
use super::write::Refused;
use crate::{Ctx, Result};

/// The visible topic `topic_id` of a category of ideas: its slug, or `None`.
async fn idea_slug(tx: &mut sqlx::PgConnection, topic_id: i64) -> Result<Option<String>> {
    Ok(sqlx::query_scalar(
        "select t.slug from forum_topics t join forum_categories c on c.id = t.category_id
         where t.id = $1 and t.state = $2 and c.ideas for update of t",
    )
    .bind(topic_id)
    .bind(PostState::Visible)
    .fetch_optional(&mut *tx)
    .await?)
}

/// `member` votes for the idea `topic_id` (`on`) or withdraws their vote. Returns where the
/// idea is read; `None` when it is no visible idea.
pub async fn vote(ctx: &Ctx, member: &Member, topic_id: i64, on: bool) -> Result<Option<String>> {
    let mut tx = ctx.pool.begin().await?;
    let Some(slug) = idea_slug(&mut tx, topic_id).await? else {
        return Ok(None);
    };
    if on {
        sqlx::query(
            "insert into forum_votes (topic_id, person_id) values ($1, $2) on conflict do nothing",
        )
    } else {
        sqlx::query("delete from forum_votes where topic_id = $1 and person_id = $2")
    }
    .bind(topic_id)
    .bind(member.person_id())
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(Some(format!("{}#votes", topic_path(&slug, topic_id))))
}

/// Whether `member` voted for the idea `topic_id`.
pub async fn voted(ctx: &Ctx, member: &Member, topic_id: i64) -> Result<bool> {
    Ok(sqlx::query_scalar(
        "select exists (select 1 from forum_votes where topic_id = $1 and person_id = $2)",
    )
    .bind(topic_id)
    .bind(member.person_id())
    .fetch_one(&ctx.pool)
    .await?)
}

/// Why a state was not set.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StateRefused {
    NoIdea,
    /// The reason: required to decline, too long, controls.
    Field(Refused),
}

/// `moderator` sets the state of the idea `topic_id`, with `reason` (required to decline;
/// shown under the idea). Logged when it changes something. Returns where it is read.
pub async fn set_state(
    ctx: &Ctx,
    moderator: &ForumModerator,
    topic_id: i64,
    state: IdeaState,
    reason: &str,
) -> Result<std::result::Result<String, StateRefused>> {
    let reason = match clean_reason("reason", reason, state == IdeaState::Declined) {
        Ok(r) => r,
        Err(r) => return Ok(Err(StateRefused::Field(r))),
    };
    let mut tx = ctx.pool.begin().await?;
    let Some(slug) = idea_slug(&mut tx, topic_id).await? else {
        return Ok(Err(StateRefused::NoIdea));
    };
    let changed = sqlx::query(
        "update forum_topics set idea_state = $2, idea_reason = $3
         where id = $1 and (idea_state <> $2 or idea_reason <> $3)",
    )
    .bind(topic_id)
    .bind(state)
    .bind(&reason)
    .execute(&mut *tx)
    .await?;
    if changed.rows_affected() > 0 {
        let entry = Logged {
            topic_id: Some(topic_id),
            reason: &reason,
            idea_state: Some(state),
            ..Logged::of(ModerationAction::IdeaState)
        };
        log(&mut tx, moderator, entry).await?;
    }
    tx.commit().await?;
    Ok(Ok(topic_path(&slug, topic_id)))
}
