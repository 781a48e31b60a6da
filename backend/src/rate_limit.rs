//! Fixed-window counters kept in PostgreSQL, so every server process sees the same count.
//!
//! Keys name people (a client address, an e-mail address): they are stored only as a
//! SHA-256 hash, so the table holds no personal data.

use sqlx::PgPool;

/// Counts one hit on `key` and tells whether it stays within `limit` hits per `window_secs`.
pub async fn hit(
    pool: &PgPool,
    key: &str,
    limit: u32,
    window_secs: i64,
) -> Result<bool, sqlx::Error> {
    let hits: i32 = sqlx::query_scalar(
        "insert into rate_limits (key, window_start, hits) values ($1, now(), 1)
         on conflict (key) do update set
           hits = case when rate_limits.window_start <= now() - make_interval(secs => $2)
                       then 1 else rate_limits.hits + 1 end,
           window_start = case when rate_limits.window_start <= now() - make_interval(secs => $2)
                       then now() else rate_limits.window_start end
         returning hits",
    )
    .bind(crate::tokens::hash_hex(key))
    .bind(window_secs as f64)
    .fetch_one(pool)
    .await?;
    Ok(hits as i64 <= limit as i64)
}

/// Drops counters whose window has long passed.
pub async fn purge(pool: &PgPool, older_than_secs: i64) -> Result<u64, sqlx::Error> {
    let done = sqlx::query(
        "delete from rate_limits where window_start < now() - make_interval(secs => $1)",
    )
    .bind(older_than_secs as f64)
    .execute(pool)
    .await?;
    Ok(done.rows_affected())
}

/// The hourly sweep of rate-limit windows older than a day.
#[derive(Clone, Copy, Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct PurgeRateLimits;

impl crate::jobs::Job for PurgeRateLimits {
    const KIND: &'static str = "rate-limits.purge";
    const QUEUE: &'static str = "sweeps";
}

pub(crate) fn register(registry: &mut crate::jobs::Registry) {
    registry.sweep(
        std::time::Duration::from_secs(3600),
        PurgeRateLimits,
        |ctx: crate::Ctx| async move { purge(&ctx.pool, 86_400).await },
    );
}
