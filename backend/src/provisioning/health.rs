//! The health sweep of every active space: `status.php` (reachable, installed, not in
//! maintenance, version), usage (accounts, bytes in their homes, the latest login) and drift
//! (the portal's app password refused, its OAuth2 client gone, a forbidden app on, a sealing
//! setting of `config.php` changed). Any other app the space's admin turned on or off is
//! their choice, kept.
//!
//! - A periodic `spaces.sweep` enqueues one `spaces.sweep_host` per host with active spaces
//!   (one at a time per host, by its deduplication key), which checks that host's spaces
//!   `[provisioning] sweep_per_host` at a time over one connection pool.
//! - Results are written in a few statements for the whole host, under the job's lease: the
//!   space's last check, the history as runs of the same result ([`history`]), usage day by
//!   day. A worker that lost its job writes nothing, so no sweep is counted twice.
//! - Three failed sweeps in a row raise [`alerts::AlertKind::SpaceDown`]; more accounts than a space
//!   may have raise [`alerts::AlertKind::TooManyAccounts`]; drift enqueues a `spaces.repair`.

use std::sync::Arc;

use chrono::{DateTime, NaiveDateTime, Utc};
use common::states::{Drift, SpaceHealth};
use serde::{Deserialize, Serialize};
use sqlx::PgConnection;

use super::apps::{forbidden_enabled, sealing};
use super::steps::{RepairSpace, PORTAL_ADMIN};
use super::{alerts, fleet};
use crate::accounts::IsStaff;
use crate::jobs::{self, Job, JobError, Running};
use crate::nextcloud::secrets::{self, Kind};
use crate::nextcloud::{oauth, Auth, NcError, Occ, Ocs, OcsVersion};
use crate::{Ctx, Secret};
use common::states::SpaceState;

/// Sweeps failed in a row before a space is said down.
pub const FAILED_SWEEPS_FOR_ALERT: i32 = 3;

/// The periodic start of a sweep.
#[derive(Clone, Copy, Debug, Serialize, Deserialize)]
pub struct Sweep;

impl Job for Sweep {
    const KIND: &'static str = "spaces.sweep";
    const QUEUE: &'static str = "health";
}

/// The sweep of one host's active spaces.
#[derive(Clone, Copy, Debug, Serialize, Deserialize)]
pub struct SweepHost {
    pub host_id: i64,
}

impl Job for SweepHost {
    const KIND: &'static str = "spaces.sweep_host";
    const QUEUE: &'static str = "health";

    fn dedup_key(&self) -> Option<String> {
        Some(self.host_id.to_string())
    }
}

/// Enqueues the sweep of each host with active spaces. Returns how many.
pub async fn sweep(ctx: &Ctx) -> Result<u64, sqlx::Error> {
    let hosts: Vec<i64> = sqlx::query_scalar(&format!(
        "select distinct host_id from spaces
         where state = {active} and host_id is not null order by host_id",
        // literal: partial index spaces_active_on_host
        active = SpaceState::Active.sql()
    ))
    .fetch_all(&ctx.pool)
    .await?;
    let mut tx = ctx.pool.begin().await?;
    for host_id in &hosts {
        jobs::enqueue(&mut tx, &SweepHost { host_id: *host_id }).await?;
    }
    tx.commit().await?;
    Ok(hosts.len() as u64)
}

/// What one check of one space found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Checked {
    pub space_id: i64,
    pub health: SpaceHealth,
    /// Why it is not [`SpaceHealth::Ok`], or what could not be read (usage, apps) on an `ok` space.
    pub detail: Option<String>,
    pub version: Option<String>,
    pub usage: Option<Usage>,
    pub drift: Vec<Drift>,
}

/// A space's usage, as its accounts' details give it (`NEXTCLOUD.md` §7).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Usage {
    /// Accounts besides the portal's own.
    pub accounts: i32,
    /// Bytes in all homes.
    pub storage_used: i64,
    pub last_login: Option<DateTime<Utc>>,
}

/// A space as the sweep reaches it.
struct Target {
    id: i64,
    slug: String,
    app_password: Option<Secret>,
    oauth_client_id: Option<String>,
    /// Its `occ`, to read the sealing settings (no HTTP interface shows `config.php`).
    occ: Occ,
    /// The sealing settings it must have ([`sealing`]).
    sealed: Arc<Vec<(&'static str, serde_json::Value)>>,
}

/// What a host's sweep did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Swept {
    pub checked: usize,
    pub failing: usize,
    pub drifted: usize,
    pub alerts_raised: usize,
}

/// Checks the active spaces of host `host_id`, `[provisioning] sweep_per_host` at a time.
pub async fn check_host(ctx: &Ctx, host_id: i64) -> Result<Vec<Checked>, JobError> {
    check_on_host(ctx, host_id, None).await
}

/// Checks the active space `space_id` now, as the sweep does, each request waiting at most
/// `timeout_secs`, and records what it found (a referent's "refresh"): `None` when it is not
/// an active space on a host.
pub(crate) async fn check_space(
    ctx: &Ctx,
    space_id: i64,
    timeout_secs: u64,
) -> Result<Option<Checked>, JobError> {
    let host_id: Option<i64> = sqlx::query_scalar(
        "select host_id from spaces where id = $1 and state = $2 and host_id is not null",
    )
    .bind(space_id)
    .bind(SpaceState::Active)
    .fetch_optional(&ctx.pool)
    .await?;
    let Some(host_id) = host_id else {
        return Ok(None);
    };
    let checked = check_on_host(ctx, host_id, Some((space_id, timeout_secs))).await?;
    let mut tx = ctx.pool.begin().await?;
    record(ctx, &mut tx, &checked).await?;
    tx.commit().await?;
    Ok(checked.into_iter().next())
}

/// The active spaces of host `host_id` checked (only one space when given, with its own
/// timeout).
async fn check_on_host(
    ctx: &Ctx,
    host_id: i64,
    one: Option<(i64, u64)>,
) -> Result<Vec<Checked>, JobError> {
    let only = one.map(|(id, _)| id);
    let Some(host) = fleet::host_by_id(ctx, host_id)
        .await
        .map_err(|e| JobError::Retry(e.to_string()))?
    else {
        return Ok(Vec::new());
    };
    let Some(access) = host.access() else {
        return Err(JobError::Fatal(format!(
            "host {}: its address cannot be read",
            host.name
        )));
    };
    let access = match one {
        Some((_, secs)) => access.waiting_at_most(secs),
        None => access,
    };
    #[derive(sqlx::FromRow)]
    struct Row {
        id: i64,
        slug: String,
        instance: String,
        app_password: Option<Vec<u8>>,
        oauth_client_id: Option<String>,
    }
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "select id, slug, instance, app_password, oauth_client_id from spaces
         where host_id = $1 and state = {active} and ($2::bigint is null or id = $2)
         order by id",
        // literal: partial index spaces_active_on_host
        active = SpaceState::Active.sql()
    ))
    .bind(host_id)
    .bind(only)
    .fetch_all(&ctx.pool)
    .await?;
    let key = &ctx.settings.secret_key;
    let http = access
        .http_client()
        .map_err(|e| JobError::Retry(e.to_string()))?;
    let limit = Arc::new(tokio::sync::Semaphore::new(
        ctx.settings.provisioning.sweep_per_host.max(1) as usize,
    ));
    let mut set = tokio::task::JoinSet::new();
    let sealed = Arc::new(sealing(&ctx.settings.provisioning.nextcloud_dir));
    for r in rows {
        let target = Target {
            occ: access.occ(&r.instance),
            sealed: sealed.clone(),
            app_password: r
                .app_password
                .as_deref()
                .and_then(|b| secrets::open(key, Kind::AppPassword, &r.instance, b)),
            id: r.id,
            oauth_client_id: r.oauth_client_id,
            slug: r.slug,
        };
        let (http, base, limit) = (http.clone(), access.base_url(&target.slug), limit.clone());
        let version = access.ocs_version;
        set.spawn(async move {
            let _permit = limit.acquire_owned().await;
            check(http, base, version, target).await
        });
    }
    let mut out = Vec::with_capacity(set.len());
    while let Some(done) = set.join_next().await {
        match done {
            Ok(c) => out.push(c),
            Err(e) => tracing::warn!(error = %e, "a space's check panicked"),
        }
    }
    out.sort_by_key(|c| c.space_id);
    Ok(out)
}

async fn check(http: reqwest::Client, base: String, version: OcsVersion, t: Target) -> Checked {
    let mut c = Checked {
        space_id: t.id,
        health: SpaceHealth::Ok,
        detail: None,
        version: None,
        usage: None,
        drift: Vec::new(),
    };
    let anonymous = Ocs::with_client(http.clone(), base.clone(), None, version);
    match anonymous.status().await {
        Err(e @ (NcError::Unreachable(_) | NcError::Timeout)) => {
            c.health = SpaceHealth::Unreachable;
            c.detail = Some(e.to_string());
            return c;
        }
        Err(e) => {
            c.health = SpaceHealth::Error;
            c.detail = Some(e.to_string());
            return c;
        }
        Ok(st) => {
            c.version = Some(st.versionstring);
            if !st.installed {
                c.health = SpaceHealth::NotInstalled;
                return c;
            }
            if st.maintenance {
                c.health = SpaceHealth::Maintenance;
                return c;
            }
        }
    }
    let mut unread = Vec::new();
    match t.app_password {
        None => c.drift.push(Drift::AppPassword),
        Some(password) => {
            let ocs = Ocs::with_client(
                http.clone(),
                base.clone(),
                Some(Auth::Basic {
                    user: PORTAL_ADMIN.into(),
                    password,
                }),
                version,
            );
            match usage(&ocs).await {
                Ok(u) => c.usage = Some(u),
                Err(NcError::BadCredentials | NcError::NotLoggedIn) => {
                    c.drift.push(Drift::AppPassword)
                }
                Err(e) => unread.push(format!("usage: {e}")),
            }
            if c.drift.is_empty() {
                // Only a forbidden app on is drift: every other app is the space's admin's
                // choice, made in Nextcloud or from the dashboard, and kept.
                match ocs.apps(Some("enabled")).await {
                    Ok(enabled) => {
                        if !forbidden_enabled(|a| enabled.iter().any(|e| e == a)).is_empty() {
                            c.drift.push(Drift::Apps);
                        }
                    }
                    Err(e) => unread.push(format!("apps: {e}")),
                }
            }
        }
    }
    match t.occ.system_config().await {
        Ok(now) => {
            if t.sealed.iter().any(|(k, v)| now.get(*k) != Some(v)) {
                c.drift.push(Drift::Settings);
            }
        }
        Err(e) => unread.push(format!("settings: {e}")),
    }
    match t.oauth_client_id {
        None => c.drift.push(Drift::OauthClient),
        Some(id) => match oauth::client_known(&http, &base, &id).await {
            Ok(true) => {}
            Ok(false) => c.drift.push(Drift::OauthClient),
            Err(e) => unread.push(format!("OAuth2 client: {e}")),
        },
    }
    if !unread.is_empty() {
        c.detail = Some(unread.join("; "));
    }
    c
}

/// Accounts, bytes and the latest login, from the accounts' details.
async fn usage(ocs: &Ocs) -> Result<Usage, NcError> {
    let mut u = Usage {
        accounts: 0,
        storage_used: 0,
        last_login: None,
    };
    for d in ocs.every_user_details().await? {
        u.storage_used += d.used.max(0);
        if d.id == PORTAL_ADMIN {
            continue;
        }
        u.accounts += 1;
        // Seconds (the driver reads `lastLogin`'s milliseconds); 0 for never.
        if d.last_login > 0 {
            let at = DateTime::from_timestamp(d.last_login, 0);
            u.last_login = u.last_login.max(at);
        }
    }
    Ok(u)
}

/// Writes a host's checks, raises and clears its spaces' alerts, and enqueues the repairs,
/// in the caller's transaction.
pub async fn record(
    ctx: &Ctx,
    tx: &mut PgConnection,
    checked: &[Checked],
) -> Result<Swept, sqlx::Error> {
    let ids: Vec<i64> = checked.iter().map(|c| c.space_id).collect();
    let health: Vec<SpaceHealth> = checked.iter().map(|c| c.health).collect();
    let detail: Vec<Option<String>> = checked
        .iter()
        .map(|c| c.detail.as_ref().map(|d| d.chars().take(500).collect()))
        .collect();
    let version: Vec<Option<String>> = checked
        .iter()
        .map(|c| c.version.as_ref().map(|v| v.chars().take(40).collect()))
        .collect();
    let accounts: Vec<Option<i32>> = checked
        .iter()
        .map(|c| c.usage.map(|u| u.accounts))
        .collect();
    let used: Vec<Option<i64>> = checked
        .iter()
        .map(|c| c.usage.map(|u| u.storage_used))
        .collect();
    let last: Vec<Option<DateTime<Utc>>> = checked
        .iter()
        .map(|c| c.usage.and_then(|u| u.last_login))
        .collect();
    // One text per space (an array of arrays cannot be unnested row by row), split again
    // in SQL.
    let drift: Vec<String> = checked
        .iter()
        .map(|c| {
            c.drift
                .iter()
                .map(|d| d.as_str())
                .collect::<Vec<_>>()
                .join(",")
        })
        .collect();
    // Only spaces still active: one suspended or deleted meanwhile keeps its state.
    /// A space as the sweep left it.
    #[derive(sqlx::FromRow)]
    struct Row {
        id: i64,
        slug: String,
        health: SpaceHealth,
        failed_sweeps: i32,
        accounts: Option<i32>,
        drift: Vec<Drift>,
    }
    let rows: Vec<Row> = sqlx::query_as(
        "with r as (
           select * from unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::int[],
                                $6::bigint[], $7::timestamptz[], $8::text[])
             as r(id, health, detail, version, accounts, used, last_login, drift))
         update spaces s set
           checked_at = now(), health = r.health, health_detail = r.detail,
           nextcloud_version = coalesce(r.version, s.nextcloud_version),
           failed_sweeps = case when r.health = $10 then 0 else s.failed_sweeps + 1 end,
           accounts = coalesce(r.accounts, s.accounts),
           storage_used = coalesce(r.used, s.storage_used),
           last_login = coalesce(r.last_login, s.last_login),
           drift = case when r.health = $10 then string_to_array(r.drift, ',')
                        else s.drift end
         from r where s.id = r.id and s.state = $9
         returning s.id, s.slug, s.health, s.failed_sweeps, s.accounts, s.drift",
    )
    .bind(&ids)
    .bind(&health)
    .bind(&detail)
    .bind(&version)
    .bind(&accounts)
    .bind(&used)
    .bind(&last)
    .bind(&drift)
    .bind(SpaceState::Active)
    .bind(SpaceHealth::Ok)
    .fetch_all(&mut *tx)
    .await?;
    // History and usage of the spaces updated only (a space suspended meanwhile has none).
    let kept: Vec<i64> = rows.iter().map(|r| r.id).collect();
    history(&mut *tx, &ids, &health, &version, &detail, &kept).await?;
    sqlx::query(
        "insert into space_usage (space_id, day, accounts, storage_used)
         select id, (now() at time zone 'Europe/Paris')::date, accounts, used
         from unnest($1::bigint[], $2::int[], $3::bigint[]) as r(id, accounts, used)
         where accounts is not null and id = any($4)
         on conflict (space_id, day) do update
           set accounts = excluded.accounts, storage_used = excluded.storage_used",
    )
    .bind(&ids)
    .bind(&accounts)
    .bind(&used)
    .bind(&kept)
    .execute(&mut *tx)
    .await?;

    let mut swept = Swept {
        checked: rows.len(),
        ..Swept::default()
    };
    let allowed = ctx.settings.provisioning.accounts_per_space as i32;
    let (mut well, mut few) = (Vec::new(), Vec::new());
    for Row {
        id,
        slug,
        health,
        failed_sweeps: failed,
        accounts,
        drift,
    } in &rows
    {
        if *health == SpaceHealth::Ok {
            well.push(slug.clone());
        } else {
            swept.failing += 1;
        }
        if *failed >= FAILED_SWEEPS_FOR_ALERT {
            let message = format!("{health} at {failed} health checks in a row");
            if alerts::raise(&mut *tx, alerts::AlertKind::SpaceDown, slug, &message).await? {
                swept.alerts_raised += 1;
            }
        }
        match accounts {
            Some(n) if *n > allowed => {
                let message = format!("{n} accounts, {allowed} allowed");
                if alerts::raise(&mut *tx, alerts::AlertKind::TooManyAccounts, slug, &message)
                    .await?
                {
                    swept.alerts_raised += 1;
                }
            }
            _ => few.push(slug.clone()),
        }
        // The drift this sweep recorded (only an answering space's is). A change or a
        // provisioning of the space under way is left alone: the repair would run its steps
        // against a space that job is changing (the next sweep looks again).
        if *health == SpaceHealth::Ok && !drift.is_empty() {
            let busy: bool =
                sqlx::query_scalar(&format!("select {}", super::lifecycle::busy_sql("$1")))
                    .bind(id)
                    .fetch_one(&mut *tx)
                    .await?;
            if !busy {
                jobs::enqueue(&mut *tx, &RepairSpace { space_id: *id }).await?;
            }
            swept.drifted += 1;
        }
    }
    alerts::clear_each(&mut *tx, alerts::AlertKind::SpaceDown, &well).await?;
    alerts::clear_each(&mut *tx, alerts::AlertKind::TooManyAccounts, &few).await?;
    Ok(swept)
}

/// Extends each space's latest run of the same health and version, or opens a new one.
async fn history(
    tx: &mut PgConnection,
    ids: &[i64],
    health: &[SpaceHealth],
    version: &[Option<String>],
    detail: &[Option<String>],
    kept: &[i64],
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "with r as (
           select * from unnest($1::bigint[], $2::text[], $3::text[], $4::text[])
             as r(id, health, version, detail)
           where r.id = any($5)),
         latest as (
           select distinct on (space_id) id, space_id, health, version from space_health
           where space_id = any($1) order by space_id, id desc),
         extended as (
           update space_health h
           set last_at = now(), sweeps = h.sweeps + 1, detail = r.detail
           from r join latest l on l.space_id = r.id
           where h.id = l.id and l.health = r.health
             and l.version is not distinct from r.version
           returning h.space_id)
         insert into space_health (space_id, health, version, detail)
         select r.id, r.health, r.version, r.detail from r
         where r.id not in (select space_id from extended)",
    )
    .bind(ids)
    .bind(health)
    .bind(version)
    .bind(detail)
    .bind(kept)
    .execute(tx)
    .await?;
    Ok(())
}

/// The handler of `spaces.sweep_host`.
pub async fn sweep_host(run: Running, job: SweepHost) -> Result<(), JobError> {
    let checked = check_host(&run.ctx, job.host_id).await?;
    let mut tx = run.fence().await?;
    let swept = record(&run.ctx, &mut tx, &checked).await?;
    run.complete(tx).await?;
    if swept.failing > 0 || swept.drifted > 0 {
        tracing::info!(
            host = job.host_id,
            checked = swept.checked,
            failing = swept.failing,
            drifted = swept.drifted,
            "health sweep"
        );
    }
    Ok(())
}

/// One run of the same health in a space's history.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct HealthRun {
    pub health: SpaceHealth,
    pub version: Option<String>,
    pub detail: Option<String>,
    pub first_paris: NaiveDateTime,
    pub last_paris: NaiveDateTime,
    pub sweeps: i32,
}

/// The newest `limit` runs of a space's history.
pub async fn runs(
    ctx: &Ctx,
    _staff: &impl IsStaff,
    space_id: i64,
    limit: i64,
) -> Result<Vec<HealthRun>, sqlx::Error> {
    sqlx::query_as(
        "select health, version, detail, first_at at time zone 'Europe/Paris' as first_paris,
                last_at at time zone 'Europe/Paris' as last_paris, sweeps
         from space_health where space_id = $1 order by id desc limit $2",
    )
    .bind(space_id)
    .bind(limit)
    .fetch_all(&ctx.pool)
    .await
}

pub(crate) fn register(registry: &mut crate::jobs::Registry, every: std::time::Duration) {
    registry
        .handle(crate::jobs::Policy::default(), sweep_host)
        .sweep(every, Sweep, |ctx| async move { sweep(&ctx).await })
        .sweep(
            std::time::Duration::from_secs(60),
            MailAlerts,
            |ctx| async move { alerts::mail_staff(&ctx).await },
        );
}

/// The periodic mail of new alerts to administrators ([`alerts::mail_staff`]).
#[derive(Clone, Copy, Debug, Serialize, Deserialize)]
pub struct MailAlerts;

impl Job for MailAlerts {
    const KIND: &'static str = "alerts.mail";
}
