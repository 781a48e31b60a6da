//! The overview of a space, as its dashboard shows it: what the portal knows from the
//! sweep (nothing here asks the space itself, so the page renders when it is down), and a
//! refresh that checks it now, at most once a minute.

use chrono::NaiveDateTime;
use common::states::{SpaceHealth, SpaceState};

use super::space::space_url;
use super::Referent;
use crate::provisioning::health;
use crate::{rate_limit, Ctx, Result};

/// One space's overview.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Overview {
    pub slug: String,
    /// Where the space answers (`https://<slug>.<domain>`).
    pub url: String,
    pub state: SpaceState,
    /// Why staff suspended it, as its referent was told.
    pub suspend_reason: Option<String>,
    /// A deletion asked: the space is removed after this (Paris time), unless cancelled.
    pub delete_after_paris: Option<NaiveDateTime>,
    pub office: String,
    /// The Nextcloud version the last check read.
    pub nextcloud_version: Option<String>,
    /// Accounts besides the portal's own, and the limit.
    pub accounts: Option<i32>,
    pub accounts_limit: u32,
    pub storage_used: Option<i64>,
    pub quota_bytes: i64,
    /// The last check (Paris time), and what it found.
    pub checked_paris: Option<NaiveDateTime>,
    pub health: Option<SpaceHealth>,
    pub help_email: String,
    pub forum_url: String,
}

#[derive(sqlx::FromRow)]
struct Row {
    slug: String,
    state: SpaceState,
    suspend_reason: Option<String>,
    delete_after_paris: Option<NaiveDateTime>,
    office: String,
    nextcloud_version: Option<String>,
    accounts: Option<i32>,
    storage_used: Option<i64>,
    quota_bytes: i64,
    checked_paris: Option<NaiveDateTime>,
    health: Option<SpaceHealth>,
    ocs_url: Option<String>,
}

/// The overview of the referent's space.
pub async fn overview(ctx: &Ctx, referent: &Referent) -> Result<Option<Overview>> {
    let row: Option<Row> = sqlx::query_as(
        "select s.slug, s.state, s.suspend_reason,
                s.delete_after at time zone 'Europe/Paris' as delete_after_paris, s.office,
                s.nextcloud_version,
                s.accounts, s.storage_used, s.quota_bytes,
                s.checked_at at time zone 'Europe/Paris' as checked_paris, s.health, h.ocs_url
         from spaces s left join hosts h on h.id = s.host_id
         where s.id = $1",
    )
    .bind(referent.space_id())
    .fetch_optional(&ctx.pool)
    .await?;
    let Some(r) = row else {
        return Ok(None);
    };
    let url = space_url(ctx, r.ocs_url.as_deref(), &r.slug);
    let dashboard = &ctx.settings.dashboard;
    Ok(Some(Overview {
        url,
        slug: r.slug,
        state: r.state,
        suspend_reason: r.suspend_reason,
        delete_after_paris: r.delete_after_paris,
        office: r.office,
        nextcloud_version: r.nextcloud_version,
        accounts: r.accounts,
        accounts_limit: ctx.settings.site.accounts_per_space,
        storage_used: r.storage_used,
        quota_bytes: r.quota_bytes,
        checked_paris: r.checked_paris,
        health: r.health,
        help_email: dashboard.help_email.clone(),
        forum_url: dashboard.forum_url.clone(),
    }))
}

/// What a refresh did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refreshed {
    /// Checked now; the figures are the space's own.
    Done,
    /// Checked, but the space did not answer (the figures are the last known).
    NotReached,
    /// Checked: the space is in maintenance mode (an update, most often).
    Maintenance,
    /// Refreshed less than a minute ago: the figures are that fresh.
    TooSoon,
    /// Only an active space is checked.
    NotActive,
}

/// Checks the referent's space now and records its figures, at most once a minute per space.
pub async fn refresh(ctx: &Ctx, referent: &Referent) -> Result<Refreshed> {
    let key = format!("dashboard-refresh:{}", referent.space_id());
    if !rate_limit::hit(&ctx.pool, &key, 1, 60).await? {
        return Ok(Refreshed::TooSoon);
    }
    let timeout = ctx.settings.dashboard.space_timeout_secs;
    match health::check_space(ctx, referent.space_id(), timeout).await {
        Ok(None) => Ok(Refreshed::NotActive),
        Ok(Some(c)) if c.health == SpaceHealth::Ok => Ok(Refreshed::Done),
        Ok(Some(c)) if c.health == SpaceHealth::Maintenance => Ok(Refreshed::Maintenance),
        Ok(Some(_)) => Ok(Refreshed::NotReached),
        Err(error) => {
            tracing::warn!(space = referent.space_id(), %error, "a refresh of the dashboard failed");
            Ok(Refreshed::NotReached)
        }
    }
}
