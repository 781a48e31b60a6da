//! A space's dashboard: who may use it, and how they log in.
//!
//! A person logs in with their space (its Nextcloud's OAuth2 login, [`login`]) or by a
//! single-use link mailed to the referent on file; either way a row of `referent_logins`
//! opens, and the session holds its id (the table keeps only its hash). [`authenticate`]
//! makes the proof [`Referent`] from a live login, bound to one space: every backend
//! function of the dashboard takes `&Referent` after `&Ctx` and acts on that space only.
//!
//! Rights are read again in the space's Nextcloud (enabled, in `admin`, or the referent on
//! file) once [`DashboardSettings::recheck_secs`] have passed since the last reading, which
//! the session keeps: someone removed from `admin` or disabled loses the dashboard within
//! that time. A space that does not answer keeps its logins until it answers again (its
//! pages say what could not be reached).
//!
//! [`DashboardSettings::recheck_secs`]: crate::config::DashboardSettings

pub mod connections;
pub mod directory;
pub mod export;
pub mod first_steps;
pub mod handover;
pub mod import;
pub mod invitations;
pub mod login;
mod logins;
pub mod members;
pub mod overview;
pub mod settings;
mod space;

use chrono::{DateTime, Utc};
use common::states::SpaceState;

use crate::nextcloud::NcError;
use crate::{Ctx, Result};

pub use login::MAIL_LOGIN_LINK;
use logins::stored_login_id;
pub use space::SpaceOnFile;

/// A person allowed to use one space's dashboard, whose login was just checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Referent {
    space_id: i64,
    slug: String,
    uid: String,
    display_name: String,
    login_id: String,
    by_link: bool,
    logged_in_at: DateTime<Utc>,
}

impl Referent {
    /// The space this proof is bound to.
    pub fn space_id(&self) -> i64 {
        self.space_id
    }
    /// The space's address (`<slug>.<domain>`), as it is now.
    pub fn slug(&self) -> &str {
        &self.slug
    }
    /// The person's Nextcloud account.
    pub fn uid(&self) -> &str {
        &self.uid
    }
    pub fn display_name(&self) -> &str {
        &self.display_name
    }
    /// The login this session belongs to (what "log out" ends).
    pub fn login_id(&self) -> &str {
        &self.login_id
    }
    /// Logged in by the mailed link rather than with the space.
    pub fn by_link(&self) -> bool {
        self.by_link
    }
    pub fn logged_in_at(&self) -> DateTime<Utc> {
        self.logged_in_at
    }
}

/// A live dashboard login, and when the person's rights were last read in Nextcloud (the
/// session keeps it: reading it needs no write, so a GET may check rights).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Authenticated {
    pub referent: Referent,
    /// The session keeps it for the next request.
    pub checked_at: DateTime<Utc>,
}

/// The person a session's login id stands for, if that login is still live and its space
/// not removed; their rights in Nextcloud are read again when `checked_at` (what the
/// session kept) is older than the configured delay. `None` once they lost them (removed
/// from `admin`, disabled, deleted). A space that cannot tell (down, slow, in maintenance)
/// keeps the login until it can: the check counts as made, and is tried again later.
pub async fn authenticate(
    ctx: &Ctx,
    login_id: &str,
    checked_at: Option<DateTime<Utc>>,
) -> Result<Option<Authenticated>> {
    type Row = (i64, String, String, String, bool, DateTime<Utc>);
    let row: Option<Row> = sqlx::query_as(
        "select l.space_id, s.slug, l.uid, l.display_name, l.by_link, l.created_at
         from referent_logins l join spaces s on s.id = l.space_id
         where l.id = $1 and l.expires_at > now() and s.state <> $2",
    )
    .bind(stored_login_id(login_id))
    .bind(SpaceState::Deleted)
    .fetch_optional(&ctx.pool)
    .await?;
    let Some((space_id, slug, uid, display_name, by_link, logged_in_at)) = row else {
        return Ok(None);
    };
    let referent = Referent {
        space_id,
        slug,
        uid,
        display_name,
        login_id: login_id.to_string(),
        by_link,
        logged_in_at,
    };
    let now = Utc::now();
    let delay = chrono::Duration::seconds(ctx.settings.dashboard.recheck_secs);
    if let Some(at) = checked_at.filter(|at| now - *at < delay && *at <= now) {
        return Ok(Some(Authenticated {
            referent,
            checked_at: at,
        }));
    }
    match rights(ctx, space_id, &referent.uid).await {
        Ok(true) => {}
        Ok(false) => {
            tracing::info!(
                space = space_id,
                "a dashboard login lost its rights in Nextcloud"
            );
            return Ok(None);
        }
        Err(error) => {
            tracing::warn!(space = space_id, %error, "a dashboard login's rights could not be read again");
        }
    }
    Ok(Some(Authenticated {
        referent,
        checked_at: now,
    }))
}

/// Whether `uid` may use the dashboard of `space_id`, asked of the space's Nextcloud with the
/// portal's app password: enabled, and in `admin` or the referent on file. `Err` when the
/// space could not tell (down, in maintenance, no app password).
async fn rights(ctx: &Ctx, space_id: i64, uid: &str) -> std::result::Result<bool, Recheck> {
    let space = SpaceOnFile::load(ctx, space_id)
        .await
        .map_err(|e| Recheck(e.to_string()))?
        .ok_or_else(|| Recheck("no such space".into()))?;
    let ocs = space.dashboard_ocs(ctx).await?;
    match ocs.user(uid).await {
        Ok(Some(user)) => Ok(space.may_use_dashboard(&user)),
        Ok(None) => Ok(false),
        Err(e) => Err(Recheck(e.to_string())),
    }
}

#[derive(Debug, thiserror::Error)]
#[error("{0}")]
struct Recheck(String);

impl From<NcError> for Recheck {
    fn from(e: NcError) -> Self {
        Recheck(e.to_string())
    }
}

/// Ends this login.
pub async fn logout(ctx: &Ctx, referent: &Referent) -> Result<()> {
    sqlx::query("delete from referent_logins where id = $1")
        .bind(stored_login_id(referent.login_id()))
        .execute(&ctx.pool)
        .await?;
    Ok(())
}

/// Ends every dashboard login of this Nextcloud account of this space, on every device.
/// Returns how many ended.
pub async fn logout_everywhere(ctx: &Ctx, referent: &Referent) -> Result<u64> {
    let done = sqlx::query("delete from referent_logins where space_id = $1 and uid = $2")
        .bind(referent.space_id)
        .bind(&referent.uid)
        .execute(&ctx.pool)
        .await?;
    Ok(done.rows_affected())
}

/// Forgets used or expired links, ended logins, closed offers of the referent's role, the
/// members' history and the requests for an export older than a year, and requests to join
/// never confirmed (housekeeping; imports have their own,
/// [`import::register`]).
pub async fn purge(ctx: &Ctx) -> Result<u64> {
    let links = sqlx::query(
        "delete from referent_login_links where used_at is not null or expires_at < now()",
    )
    .execute(&ctx.pool)
    .await?;
    let logins = sqlx::query("delete from referent_logins where expires_at < now()")
        .execute(&ctx.pool)
        .await?;
    // The members' history keeps a year: who did what, long enough to answer a question.
    let events = sqlx::query("delete from member_events where at < now() - interval '1 year'")
        .execute(&ctx.pool)
        .await?;
    // Requests to join by an invitation link never confirmed, a day after their mail.
    let requests = sqlx::query(
        "delete from invitation_requests where joined_at is null and expires_at < now()",
    )
    .execute(&ctx.pool)
    .await?;
    // Creations whose answer was lost, a day on: a retry of their form comes sooner.
    let begun =
        sqlx::query("delete from member_creations where begun_at < now() - interval '1 day'")
            .execute(&ctx.pool)
            .await?;
    // Requests for an export, a year after they ended (the archive itself is the
    // referent's, in their files, to keep or delete).
    let exports =
        sqlx::query("delete from space_exports where finished_at < now() - interval '1 year'")
            .execute(&ctx.pool)
            .await?;
    // Offers of the referent's role, a month after they were accepted, withdrawn or expired.
    let offers = sqlx::query(
        "delete from referent_handovers
         where coalesce(accepted_at, cancelled_at, expires_at) < now() - interval '30 days'",
    )
    .execute(&ctx.pool)
    .await?;
    Ok(links.rows_affected()
        + offers.rows_affected()
        + exports.rows_affected()
        + logins.rows_affected()
        + events.rows_affected()
        + requests.rows_affected()
        + begun.rows_affected())
}

/// The hourly sweep of used or expired links and ended logins.
#[derive(Clone, Copy, Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct PurgeReferentLogins;

impl crate::jobs::Job for PurgeReferentLogins {
    const KIND: &'static str = "referents.purge";
    const QUEUE: &'static str = "sweeps";
}

pub(crate) fn register(registry: &mut crate::jobs::Registry) {
    login::register(registry);
    registry.sweep(
        std::time::Duration::from_secs(3600),
        PurgeReferentLogins,
        |ctx: Ctx| async move { purge(&ctx).await },
    );
}
