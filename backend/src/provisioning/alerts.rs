//! What staff must look at: a full fleet, a space failing its health checks, a space with
//! more accounts than allowed. One open alert per kind and subject; raising it again only
//! notes that it is still true; clearing it closes it.

use chrono::{DateTime, Utc};

use crate::Ctx;

/// No active host has room for a new space: approved spaces wait.
pub const FLEET_FULL: &str = "fleet_full";

/// An open or closed alert.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct Alert {
    pub id: i64,
    pub kind: String,
    pub subject: String,
    pub message: String,
    pub raised_at: DateTime<Utc>,
    pub last_seen_at: DateTime<Utc>,
    pub cleared_at: Option<DateTime<Utc>>,
    /// `raised_at` and `last_seen_at` on the clock of Paris, as pages show them.
    pub raised_paris: chrono::NaiveDateTime,
    pub last_seen_paris: chrono::NaiveDateTime,
}

/// Opens the alert (`kind`, `subject`), or notes that the open one is still true. Returns
/// whether it is new.
pub async fn raise(
    ctx: &Ctx,
    kind: &str,
    subject: &str,
    message: &str,
) -> Result<bool, sqlx::Error> {
    let fresh: Option<bool> = sqlx::query_scalar(
        "insert into alerts (kind, subject, message) values ($1, $2, $3)
         on conflict (kind, subject) where cleared_at is null
         do update set last_seen_at = now(), message = excluded.message
         returning (xmax = 0)",
    )
    .bind(kind)
    .bind(subject)
    .bind(message)
    .fetch_optional(&ctx.pool)
    .await?;
    Ok(fresh.unwrap_or(false))
}

/// Closes the open alert (`kind`, `subject`), if any. Returns whether one was open.
pub async fn clear(ctx: &Ctx, kind: &str, subject: &str) -> Result<bool, sqlx::Error> {
    let n = sqlx::query(
        "update alerts set cleared_at = now()
         where kind = $1 and subject = $2 and cleared_at is null",
    )
    .bind(kind)
    .bind(subject)
    .execute(&ctx.pool)
    .await?
    .rows_affected();
    Ok(n > 0)
}

const ALERT: &str = "select id, kind, subject, message, raised_at, last_seen_at, cleared_at,
        raised_at at time zone 'Europe/Paris' as raised_paris,
        last_seen_at at time zone 'Europe/Paris' as last_seen_paris
     from alerts";

/// The open alerts, newest first.
pub async fn open(ctx: &Ctx) -> Result<Vec<Alert>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{ALERT} where cleared_at is null order by raised_at desc, id desc"
    ))
    .fetch_all(&ctx.pool)
    .await
}

/// The last `limit` alerts closed, newest first.
pub async fn closed(ctx: &Ctx, limit: i64) -> Result<Vec<Alert>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{ALERT} where cleared_at is not null order by cleared_at desc, id desc limit $1"
    ))
    .bind(limit)
    .fetch_all(&ctx.pool)
    .await
}
