//! Staff accounts: added, listed, removed and given a role from the command line (the
//! operator has the server), and listed for administrators in the staff area.

use chrono::{DateTime, Utc};

use super::{Admin, Role};
use crate::{Ctx, Email, Result};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AddOutcome {
    Added,
    /// The address already has an account; its role is unchanged.
    AlreadyStaff(Role),
}

/// What the staff list shows: never a secret, only whether there is one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StaffAccount {
    pub email: String,
    pub role: Role,
    /// Given the forum's moderation by an admin (see [`set_forum_moderator`]).
    pub forum_moderator: bool,
    pub created_at: DateTime<Utc>,
    pub totp_enabled: bool,
    pub active_logins: i64,
}

/// Adds a staff account (`Added`), or says which role the address already has.
pub async fn add_staff(ctx: &Ctx, _admin: &Admin, email: &Email, role: Role) -> Result<AddOutcome> {
    let pool = &ctx.pool;
    let email = email.as_str();
    let inserted = sqlx::query(
        "insert into staff_accounts (email, role) values ($1, $2) on conflict (email) do nothing",
    )
    .bind(email)
    .bind(role.as_str())
    .execute(pool)
    .await?;
    if inserted.rows_affected() == 1 {
        return Ok(AddOutcome::Added);
    }
    let role: String = sqlx::query_scalar("select role from staff_accounts where email = $1")
        .bind(email)
        .fetch_one(pool)
        .await?;
    Ok(AddOutcome::AlreadyStaff(
        Role::parse(&role).unwrap_or(Role::Moderator),
    ))
}

/// Removes an account; its logins, links and recovery codes go with it, so its sessions end
/// at their next request. False when there was no such account.
pub async fn remove_staff(ctx: &Ctx, _admin: &Admin, email: &Email) -> Result<bool> {
    let pool = &ctx.pool;
    let done = sqlx::query("delete from staff_accounts where email = $1")
        .bind(email.as_str())
        .execute(pool)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Changes a role. Ends the account's logins, so the new role applies from the next login
/// (an admin must then pass the second factor). False when there was no such account.
pub async fn set_role(ctx: &Ctx, _admin: &Admin, email: &Email, role: Role) -> Result<bool> {
    let pool = &ctx.pool;
    let mut tx = pool.begin().await?;
    let id: Option<i64> =
        sqlx::query_scalar("update staff_accounts set role = $2 where email = $1 returning id")
            .bind(email.as_str())
            .bind(role.as_str())
            .fetch_optional(&mut *tx)
            .await?;
    if let Some(id) = id {
        sqlx::query("delete from staff_logins where staff_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(id.is_some())
}

/// Gives the forum's moderation to a staff account, or takes it back (`on`). It applies
/// from the account's next page: the role is read with each login's check. False when there
/// was no such account.
pub async fn set_forum_moderator(
    ctx: &Ctx,
    _admin: &Admin,
    email: &Email,
    on: bool,
) -> Result<bool> {
    let done = sqlx::query("update staff_accounts set forum_moderator = $2 where email = $1")
        .bind(email.as_str())
        .bind(on)
        .execute(&ctx.pool)
        .await?;
    Ok(done.rows_affected() > 0)
}

/// Every staff account, with its logins: for an administrator in the staff area and the
/// operator's command line.
pub async fn staff_accounts(ctx: &Ctx, _admin: &Admin) -> Result<Vec<StaffAccount>> {
    let pool = &ctx.pool;
    let rows: Vec<(String, String, bool, DateTime<Utc>, bool, i64)> = sqlx::query_as(
        "select a.email, a.role, a.forum_moderator, a.created_at, a.totp_secret is not null,
                (select count(*) from staff_logins l
                 where l.staff_id = a.id and l.expires_at > now())
         from staff_accounts a order by a.email",
    )
    .fetch_all(pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(
            |(email, role, forum_moderator, created_at, totp_enabled, active_logins)| {
                StaffAccount {
                    email,
                    role: Role::parse(&role).unwrap_or(Role::Moderator),
                    forum_moderator,
                    created_at,
                    totp_enabled,
                    active_logins,
                }
            },
        )
        .collect())
}
