//! The rows behind a staff session: a login (`staff_logins`, its id stored hashed) and,
//! before it, a login waiting for its second factor. Both the link and the second factor
//! open logins.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::{tokens, Ctx, Result};

/// A login waiting for its second factor: kept in the session between the link and the
/// code, for a few minutes. Only [`super::use_login_link`] makes one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pending {
    staff_id: i64,
    until: DateTime<Utc>,
}

impl Pending {
    /// Ten minutes to type a code or set up an authenticator app.
    const MINUTES: i64 = 10;

    pub(super) fn new(staff_id: i64) -> Self {
        Self {
            staff_id,
            until: Utc::now() + chrono::Duration::minutes(Self::MINUTES),
        }
    }

    pub(super) fn staff_id(&self) -> i64 {
        self.staff_id
    }

    pub fn is_live(&self) -> bool {
        self.until > Utc::now()
    }
}

/// How a login id is stored: hashed (SHA-256, hex), so a copy of the table opens nothing.
/// Only the session holds the id itself.
pub(super) fn stored_login_id(login_id: &str) -> String {
    tokens::hash_hex(login_id)
}

/// Opens a login for `staff_id`; the session stores the id returned.
pub(super) async fn open_login(ctx: &Ctx, staff_id: i64, second_factor: bool) -> Result<String> {
    let id = tokens::random_token();
    sqlx::query(
        "insert into staff_logins (id, staff_id, second_factor, expires_at)
         values ($1, $2, $3, now() + make_interval(hours => $4))",
    )
    .bind(stored_login_id(&id))
    .bind(staff_id)
    .bind(second_factor)
    .bind(ctx.settings.staff.session_absolute_hours as i32)
    .execute(&ctx.pool)
    .await?;
    Ok(id)
}
