//! Logging in: a single-use link by mail, then (when the account has one, and always for
//! an administrator) the second factor, then a login row that the session points to.
//!
//! `staff_logins` is the per-person index of sessions: a session holds only a login id,
//! and every request checks that the login still exists and has not reached its absolute
//! expiry. Deleting a person's logins ends all their sessions at once.

use chrono::{DateTime, Utc};

use super::logins::{open_login, stored_login_id, Pending};
use super::{second_factor, Role, Staff, MAIL_LOGIN_LINK};
use crate::i18n::{tr, Lang};
use crate::mail::{self, Layout, OutgoingMail};
use crate::{rate_limit, tokens, Ctx, Email, Error, Result};

/// What a login-link request did. Never shown: the form answers the same either way, so
/// it reveals nothing about who is staff.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkRequest {
    Sent,
    NotStaff,
}

/// Where a used link leads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkUse {
    /// Unknown, expired or already used.
    Invalid,
    /// Logged in: the session keeps this login id.
    LoggedIn(String),
    /// The account has a second factor: ask for a code.
    NeedsCode(Pending),
    /// An administrator without a second factor: set one up first.
    NeedsEnrolment(Pending),
}

/// Sends a login link to `email` if it belongs to staff. Rate-limited per client address
/// and per address asked for, whether or not it is staff.
pub async fn request_login_link(
    ctx: &Ctx,
    email: &Email,
    lang: Lang,
    client: &str,
) -> Result<LinkRequest> {
    let limits = &ctx.settings.staff;
    let email = email.as_str();
    let by_client = format!("staff-login-client:{client}");
    let by_email = format!("staff-login-email:{email}");
    if !rate_limit::hit(
        &ctx.pool,
        &by_client,
        limits.login_requests_per_hour_per_address,
        3600,
    )
    .await?
        || !rate_limit::hit(
            &ctx.pool,
            &by_email,
            limits.login_requests_per_hour_per_email,
            3600,
        )
        .await?
    {
        return Err(Error::RateLimited);
    }
    let mut tx = ctx.pool.begin().await?;
    let id: Option<i64> = sqlx::query_scalar("select id from staff_accounts where email = $1")
        .bind(email)
        .fetch_optional(&mut *tx)
        .await?;
    let Some(id) = id else {
        return Ok(LinkRequest::NotStaff);
    };
    let token = tokens::random_token();
    sqlx::query(
        "insert into staff_login_links (token_hash, staff_id, expires_at)
         values ($1, $2, now() + make_interval(mins => $3))",
    )
    .bind(tokens::hash_token(&token))
    .bind(id)
    .bind(limits.login_link_minutes as i32)
    .execute(&mut *tx)
    .await?;
    mail::enqueue(
        &mut tx,
        MAIL_LOGIN_LINK,
        &link_mail(ctx, email, lang, &token),
    )
    .await?;
    tx.commit().await?;
    Ok(LinkRequest::Sent)
}

fn link_mail(ctx: &Ctx, email: &str, lang: Lang, token: &str) -> OutgoingMail {
    let site = &ctx.settings.site;
    let url = format!("{}/equipe/connexion/{token}", site.public_url);
    let minutes = ctx.settings.staff.login_link_minutes.to_string();
    let layout = Layout {
        lang,
        site_name: &site.name,
        paragraphs: vec![tr(lang, "mail-staff-login-intro", &[("site", &site.name)])],
        action: Some((tr(lang, "mail-staff-login-action", &[]), url)),
        after: vec![
            tr(lang, "mail-staff-login-expiry", &[("minutes", &minutes)]),
            tr(lang, "mail-staff-login-ignore", &[]),
        ],
        unsubscribe_url: None,
    };
    layout.mail(
        email.to_string(),
        tr(lang, "mail-staff-login-subject", &[("site", &site.name)]),
    )
}

/// Whether a login link would work. Reads only: the page asks before using it.
pub async fn login_link_is_valid(ctx: &Ctx, token: &str) -> Result<bool> {
    let pool = &ctx.pool;
    Ok(sqlx::query_scalar(
        "select exists (select 1 from staff_login_links
         where token_hash = $1 and used_at is null and expires_at > now())",
    )
    .bind(tokens::hash_token(token))
    .fetch_one(pool)
    .await?)
}

/// Uses a login link, once.
pub async fn use_login_link(ctx: &Ctx, token: &str) -> Result<LinkUse> {
    let row: Option<(i64, String, bool)> = sqlx::query_as(
        "with used as (
           update staff_login_links set used_at = now()
           where token_hash = $1 and used_at is null and expires_at > now()
           returning staff_id)
         select a.id, a.role, a.totp_secret is not null
         from used join staff_accounts a on a.id = used.staff_id",
    )
    .bind(tokens::hash_token(token))
    .fetch_optional(&ctx.pool)
    .await?;
    let Some((staff_id, role, has_totp)) = row else {
        return Ok(LinkUse::Invalid);
    };
    let pending = || Pending::new(staff_id);
    if has_totp {
        return Ok(LinkUse::NeedsCode(pending()));
    }
    if Role::parse(&role) == Some(Role::Admin) {
        let pending = pending();
        // The account has no factor yet: a pending login may begin one.
        let begun = second_factor::begin_enrolment(ctx, &pending).await?;
        debug_assert!(begun);
        return Ok(LinkUse::NeedsEnrolment(pending));
    }
    Ok(LinkUse::LoggedIn(open_login(ctx, staff_id, false).await?))
}

/// The staff member a session's login id stands for, if that login is still live.
pub async fn authenticate(ctx: &Ctx, login_id: &str) -> Result<Option<Staff>> {
    let pool = &ctx.pool;
    type Row = (i64, String, String, bool, DateTime<Utc>, bool, bool);
    let row: Option<Row> = sqlx::query_as(
        "select a.id, a.email, a.role, l.second_factor, l.created_at, a.totp_secret is not null,
                a.forum_moderator
         from staff_logins l join staff_accounts a on a.id = l.staff_id
         where l.id = $1 and l.expires_at > now()",
    )
    .bind(stored_login_id(login_id))
    .fetch_optional(pool)
    .await?;
    Ok(row.and_then(
        |(id, email, role, second_factor, logged_in_at, totp_enabled, forum_moderator)| {
            Some(Staff {
                id,
                email,
                role: Role::parse(&role)?,
                login_id: login_id.to_string(),
                second_factor,
                logged_in_at,
                totp_enabled,
                forum_moderator,
            })
        },
    ))
}

/// Ends this login.
pub async fn logout(ctx: &Ctx, staff: &Staff) -> Result<()> {
    let pool = &ctx.pool;
    sqlx::query("delete from staff_logins where id = $1")
        .bind(stored_login_id(staff.login_id()))
        .execute(pool)
        .await?;
    Ok(())
}

/// Ends every login of this person, on every device. Returns how many ended.
pub async fn logout_everywhere(ctx: &Ctx, staff: &Staff) -> Result<u64> {
    let pool = &ctx.pool;
    let done = sqlx::query("delete from staff_logins where staff_id = $1")
        .bind(staff.id())
        .execute(pool)
        .await?;
    Ok(done.rows_affected())
}

/// How many live logins this person has (this one included).
pub async fn active_logins(ctx: &Ctx, staff: &Staff) -> Result<i64> {
    let pool = &ctx.pool;
    Ok(sqlx::query_scalar(
        "select count(*) from staff_logins where staff_id = $1 and expires_at > now()",
    )
    .bind(staff.id())
    .fetch_one(pool)
    .await?)
}

/// Forgets used or expired links, ended logins and expired sessions (housekeeping).
pub async fn purge(ctx: &Ctx) -> Result<u64> {
    let pool = &ctx.pool;
    let links = sqlx::query(
        "delete from staff_login_links where used_at is not null or expires_at < now()",
    )
    .execute(pool)
    .await?;
    let logins = sqlx::query("delete from staff_logins where expires_at < now()")
        .execute(pool)
        .await?;
    let sessions = sqlx::query("delete from sessions where expiry_date < now()")
        .execute(pool)
        .await?;
    Ok(links.rows_affected() + logins.rows_affected() + sessions.rows_affected())
}
