//! The rows behind a dashboard session: one per login, its id stored hashed.

use crate::{tokens, Ctx, Result};

/// How a login id is stored: SHA-256, hex.
pub(super) fn stored_login_id(login_id: &str) -> String {
    tokens::hash_hex(login_id)
}

/// Opens a login of `uid` on `space_id`; the session stores the id returned.
pub(super) async fn open_login(
    ctx: &Ctx,
    space_id: i64,
    uid: &str,
    display_name: &str,
    by_link: bool,
) -> Result<String> {
    let id = tokens::random_token();
    let name: String = display_name.chars().take(200).collect();
    sqlx::query(
        "insert into referent_logins (id, space_id, uid, display_name, by_link, expires_at)
         values ($1, $2, $3, $4, $5, now() + make_interval(hours => $6))",
    )
    .bind(stored_login_id(&id))
    .bind(space_id)
    .bind(uid)
    .bind(name)
    .bind(by_link)
    .bind(ctx.settings.dashboard.session_hours as i32)
    .execute(&ctx.pool)
    .await?;
    Ok(id)
}
