//! Sanctions of the forum (issue 22, point 5): a [`ForumModerator`] silences the author of a
//! post (they read, logged in, but no longer post or flag) or bans them (their login opens
//! nothing of the forum; its pages say why and until when), through the end of a day and
//! for a reason ([`sanction`]). One sanction per person at a time: a new one replaces it, a
//! moderator may lift it ([`lift`]), and one past its end no longer counts. Each is a row
//! of the moderation log, naming the person and the post it was taken from.
//!
//! The sanction is read with the login ([`super::people::authenticate`]), so it applies from
//! the person's next page.

use chrono::{NaiveDate, NaiveDateTime};
use common::states::{ModerationAction, SanctionKind};
use common::ErrorCode;

use super::moderation::{clean_reason, log, ForumModerator, Logged};
pub use super::people::Sanction;
use super::people::LAST_DAY;
use super::write::{refused, Refused};
use crate::{Ctx, Result};

/// The furthest end of a sanction, in days from today.
pub const SANCTION_MAX_DAYS: i64 = 730;

/// Why a sanction was not taken.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SanctionRefused {
    /// No such post, or no living person wrote it (the team, a deleted account).
    NoPerson,
    /// The end date or the reason, beside its field.
    Field(Refused),
}

/// The sanction's last day typed as `2027-01-31`: from `today` to [`SANCTION_MAX_DAYS`]
/// ahead.
pub fn last_day(raw: &str, today: NaiveDate) -> std::result::Result<NaiveDate, Refused> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err(refused("until", ErrorCode::Required));
    }
    let day = NaiveDate::parse_from_str(raw, "%Y-%m-%d")
        .map_err(|_| refused("until", ErrorCode::DateInvalid))?;
    let furthest = today + chrono::Days::new(SANCTION_MAX_DAYS as u64);
    if day < today || day > furthest {
        return Err(refused("until", ErrorCode::SanctionEndRange));
    }
    Ok(day)
}

/// Today, by the clock of Paris (the day a sanction's last day is counted from).
async fn today(tx: &mut sqlx::PgConnection) -> Result<NaiveDate> {
    Ok(
        sqlx::query_scalar("select (now() at time zone 'Europe/Paris')::date")
            .fetch_one(&mut *tx)
            .await?,
    )
}

/// `moderator` sanctions the author of post `post_id` with `kind` through the day `until`
/// (`2027-01-31`), for `reason` (required). A sanction the person had is replaced.
pub async fn sanction(
    ctx: &Ctx,
    moderator: &ForumModerator,
    post_id: i64,
    kind: SanctionKind,
    until: &str,
    reason: &str,
) -> Result<std::result::Result<(), SanctionRefused>> {
    let mut tx = ctx.pool.begin().await?;
    let day = last_day(until, today(&mut tx).await?);
    let reason = clean_reason("reason", reason, true);
    let (day, reason) = match (day, reason) {
        (Ok(day), Ok(reason)) => (day, reason),
        (Err(r), _) | (_, Err(r)) => return Ok(Err(SanctionRefused::Field(r))),
    };
    let author: Option<(i64, i64)> = sqlx::query_as(
        "select p.id, o.topic_id from forum_posts o
         join forum_people p on p.id = o.author_id
         where o.id = $1 and p.deleted_at is null and p.pseudonym is not null
         for update of p",
    )
    .bind(post_id)
    .fetch_optional(&mut *tx)
    .await?;
    let Some((person, topic_id)) = author else {
        return Ok(Err(SanctionRefused::NoPerson));
    };
    // Its end: the midnight after its last day, in Paris.
    let until: chrono::DateTime<chrono::Utc> = sqlx::query_scalar(
        "insert into forum_sanctions (person_id, kind, until, reason, staff_id)
         values ($1, $2, ($3::date + 1)::timestamp at time zone 'Europe/Paris', $4, $5)
         on conflict (person_id) do update set kind = excluded.kind, until = excluded.until,
             reason = excluded.reason, staff_id = excluded.staff_id, at = now()
         returning until",
    )
    .bind(person)
    .bind(kind)
    .bind(day)
    .bind(&reason)
    .bind(moderator.staff().id())
    .fetch_one(&mut *tx)
    .await?;
    let action = match kind {
        SanctionKind::Silence => ModerationAction::Silence,
        SanctionKind::Ban => ModerationAction::Ban,
    };
    let entry = Logged {
        topic_id: Some(topic_id),
        post_id: Some(post_id),
        person_id: Some(person),
        until: Some(until),
        reason: &reason,
        ..Logged::of(action)
    };
    log(&mut tx, moderator, entry).await?;
    tx.commit().await?;
    tracing::info!(person, %kind, %day, "a forum person sanctioned");
    Ok(Ok(()))
}

/// `moderator` lifts the sanction of person `person_id` before its end. `false` when they
/// had none in force (nothing is written).
pub async fn lift(ctx: &Ctx, moderator: &ForumModerator, person_id: i64) -> Result<bool> {
    let mut tx = ctx.pool.begin().await?;
    let lifted = sqlx::query("delete from forum_sanctions where person_id = $1 and until > now()")
        .bind(person_id)
        .execute(&mut *tx)
        .await?;
    if lifted.rows_affected() == 0 {
        return Ok(false);
    }
    let entry = Logged {
        person_id: Some(person_id),
        ..Logged::of(ModerationAction::Lift)
    };
    log(&mut tx, moderator, entry).await?;
    tx.commit().await?;
    tracing::info!(person = person_id, "a forum sanction lifted");
    Ok(true)
}

/// A sanction in force, as the moderators' page lists it.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct InForce {
    pub person_id: i64,
    pub pseudonym: Option<String>,
    pub kind: SanctionKind,
    pub last_day: NaiveDate,
    pub reason: String,
    /// Who took it (`None`: their staff account is gone).
    pub by: Option<String>,
    pub at_paris: NaiveDateTime,
}

/// The sanctions in force, the soonest to end first.
pub async fn in_force(ctx: &Ctx, _moderator: &ForumModerator) -> Result<Vec<InForce>> {
    in_force_where(ctx, None).await
}

/// The sanction in force of person `person_id`, if any.
pub async fn in_force_of(
    ctx: &Ctx,
    _moderator: &ForumModerator,
    person_id: i64,
) -> Result<Option<InForce>> {
    Ok(in_force_where(ctx, Some(person_id)).await?.pop())
}

async fn in_force_where(ctx: &Ctx, person_id: Option<i64>) -> Result<Vec<InForce>> {
    Ok(sqlx::query_as(&format!(
        "select s.person_id, p.pseudonym, s.kind, {LAST_DAY} as last_day, s.reason,
                a.email as by, s.at at time zone 'Europe/Paris' as at_paris
         from forum_sanctions s join forum_people p on p.id = s.person_id
         left join staff_accounts a on a.id = s.staff_id
         where s.until > now() and ($1::bigint is null or s.person_id = $1)
         order by s.until, s.person_id"
    ))
    .bind(person_id)
    .fetch_all(&ctx.pool)
    .await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_last_day_is_a_date_from_today_to_two_years_ahead() {
        let today = NaiveDate::from_ymd_opt(2027, 1, 10).unwrap();
        let day = |s: &str| last_day(s, today).map_err(|r| r.code);
        assert_eq!(day("2027-01-10"), Ok(today));
        assert_eq!(
            day(" 2027-02-01 "),
            Ok(NaiveDate::from_ymd_opt(2027, 2, 1).unwrap())
        );
        assert_eq!(
            day("2029-01-09"),
            Ok(NaiveDate::from_ymd_opt(2029, 1, 9).unwrap())
        );
        assert_eq!(day(""), Err(ErrorCode::Required));
        for bad in [
            "demain",
            "2027-02-30",
            "31/01/2027",
            "2027-01-10T00:00",
            "<b>",
        ] {
            assert_eq!(day(bad), Err(ErrorCode::DateInvalid), "{bad}");
        }
        assert_eq!(day("2027-01-09"), Err(ErrorCode::SanctionEndRange));
        assert_eq!(day("2029-01-10"), Err(ErrorCode::SanctionEndRange));
    }
}
