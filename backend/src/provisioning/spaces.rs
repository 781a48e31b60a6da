//! The spaces as staff see them: a list (search, state, newest first, pages by keyset), one
//! space with the timeline of its provisioning steps and its job, and a retry; and how far
//! a space's making has gone, as its applicant sees it.

use chrono::{DateTime, Utc};

use super::steps::ProvisionSpace;
use super::steps::Step;
use crate::accounts::{Admin, IsStaff};
use crate::jobs::Job;
use crate::{Ctx, Result};
use common::states::{
    sql_list, Drift, JobState, SpaceAction, SpaceHealth, SpaceState, StepOutcome,
};

/// A space in the list.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct SpaceRow {
    pub id: i64,
    pub slug: String,
    /// The structure's name, while its application keeps it.
    pub structure_name: Option<String>,
    pub state: SpaceState,
    pub host: Option<String>,
    pub created_at: DateTime<Utc>,
    pub age_days: i64,
    /// Steps done out of [`Step::ALL`], for a space being made.
    pub steps_done: i64,
    /// What the last health sweep said, once swept.
    pub health: Option<SpaceHealth>,
    /// Accounts and bytes used, as the last sweep that could read them found.
    pub accounts: Option<i32>,
    pub storage_used: Option<i64>,
}

/// What the list shows: a search on the address or the name, and a state.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SpaceFilter {
    pub search: Option<String>,
    pub state: Option<SpaceState>,
}

/// One page of the list, and where the next starts (`after` the last id shown).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SpacePage {
    pub rows: Vec<SpaceRow>,
    pub next: Option<i64>,
}

/// The list's columns; the steps done counted in a fragment several statements share, so
/// the outcomes are written in from their type.
fn row_columns() -> String {
    format!(
        "s.id, s.slug, a.structure_name, s.state, h.name as host, s.created_at,
        extract(day from now() - s.created_at)::bigint as age_days,
        (select count(distinct st.step) from space_steps st
          where st.space_id = s.id and st.outcome in ({done})
            and st.step in ({steps})) as steps_done,
        s.health, s.accounts, s.storage_used",
        done = sql_list(StepOutcome::COMPLETE, StepOutcome::sql),
        // Today's steps only: a space begun before the steps were regrouped may have
        // rows of steps that no longer exist.
        steps = Step::ALL
            .iter()
            .map(|s| format!("'{}'", s.key()))
            .collect::<Vec<_>>()
            .join(", ")
    )
}
const ROW_FROM: &str = "from spaces s
     left join applications a on a.id = s.application_id
     left join hosts h on h.id = s.host_id";

/// `s` for a `LIKE` pattern: its wildcards taken literally.
fn like(s: &str) -> String {
    let mut out = String::from("%");
    for c in s.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
}

/// The newest spaces first, `limit` at most, after the space `after` (keyset: the id).
/// A search reads the trigram indexes of the address and of the name (a union of two
/// indexed lookups; an `or` across the join would read every space and application).
pub async fn list(
    ctx: &Ctx,
    _staff: &impl IsStaff,
    filter: &SpaceFilter,
    after: Option<i64>,
    limit: i64,
) -> Result<SpacePage> {
    let search = filter
        .search
        .as_deref()
        .map(|s| {
            s.chars()
                .filter(|c| !c.is_control())
                .take(100)
                .collect::<String>()
        })
        .map(|s| s.trim().to_lowercase())
        .filter(|s| !s.is_empty());
    let state = filter.state;
    let mut rows: Vec<SpaceRow> = sqlx::query_as(&format!(
        "select {columns} {ROW_FROM}
         where ($1::bigint is null or s.id < $1)
           and ($2::text is null or s.state = $2)
           and ($3::text is null or s.id in (
                 select id from spaces where slug like $3
                 union all
                 select s2.id from applications a2 join spaces s2 on s2.application_id = a2.id
                  where a2.structure_name ilike $3))
         order by s.id desc limit $4",
        columns = row_columns()
    ))
    .bind(after)
    .bind(state)
    .bind(search.as_deref().map(like))
    .bind(limit + 1)
    .fetch_all(&ctx.pool)
    .await?;
    let next = if rows.len() as i64 > limit {
        rows.truncate(limit as usize);
        rows.last().map(|r| r.id)
    } else {
        None
    };
    Ok(SpacePage { rows, next })
}

/// How many spaces are in each state.
pub async fn counts(ctx: &Ctx, _staff: &impl IsStaff) -> Result<Vec<(SpaceState, i64)>> {
    Ok(
        sqlx::query_as("select state, count(*) from spaces group by state order by state")
            .fetch_all(&ctx.pool)
            .await?,
    )
}

/// One run of a step.
#[derive(Clone, Debug, PartialEq, sqlx::FromRow)]
pub struct StepRun {
    pub step: String,
    pub outcome: StepOutcome,
    /// When it started, on the clock of Paris.
    pub started_paris: chrono::NaiveDateTime,
    /// How long it took, when it ended.
    pub seconds: Option<f64>,
    pub excerpt: String,
    pub job_id: Option<i64>,
}

/// The space's latest provisioning job.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct SpaceJob {
    pub id: i64,
    pub state: JobState,
    pub attempts: i32,
    pub run_at: DateTime<Utc>,
    pub last_error: Option<String>,
}

/// One space, its steps (oldest first) and its job.
#[derive(Clone, Debug, PartialEq)]
pub struct SpaceDetail {
    pub row: SpaceRow,
    pub office: String,
    pub quota_bytes: i64,
    pub address: Option<String>,
    pub provisioned_at: Option<DateTime<Utc>>,
    pub steps: Vec<StepRun>,
    pub job: Option<SpaceJob>,
    pub health: Health,
    pub life: Life,
    pub referent: Referent,
    /// Its referent's requests for an export, the newest first (at most five).
    pub exports: Vec<crate::referents::export::Request>,
    /// Its connections with other spaces, the newest first.
    pub connections: Vec<crate::referents::connections::StaffRow>,
}

/// Whom the portal mails for a space: the application's referent, or the member the role
/// was handed over to (`handed`).
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct Referent {
    pub referent_name: Option<String>,
    pub referent_email: Option<String>,
    pub handed: bool,
}

/// A space's later life: a suspension's reason, a pending deletion, and who asked what.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct Life {
    pub suspend_reason: Option<String>,
    /// When a pending deletion removes the space, on the clock of Paris.
    pub delete_after_paris: Option<chrono::NaiveDateTime>,
    /// A change of the space is asked and not done yet.
    pub busy: bool,
    /// Oldest first.
    #[sqlx(skip)]
    pub events: Vec<SpaceEvent>,
}

/// Who asked what of a space, and when.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct SpaceEvent {
    pub at_paris: chrono::NaiveDateTime,
    pub actor: String,
    pub action: SpaceAction,
    pub detail: String,
}

/// What the health sweeps said of a space.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct Health {
    /// The last sweep, on the clock of Paris.
    pub checked_paris: Option<chrono::NaiveDateTime>,
    pub health_detail: Option<String>,
    pub nextcloud_version: Option<String>,
    pub failed_sweeps: i32,
    pub last_login_paris: Option<chrono::NaiveDateTime>,
    pub drift: Vec<Drift>,
    /// The newest runs of its history.
    #[sqlx(skip)]
    pub runs: Vec<super::health::HealthRun>,
}

pub async fn detail(ctx: &Ctx, staff: &impl IsStaff, id: i64) -> Result<Option<SpaceDetail>> {
    #[derive(sqlx::FromRow)]
    struct DetailRow {
        #[sqlx(flatten)]
        row: SpaceRow,
        office: String,
        quota_bytes: i64,
        provisioned_at: Option<DateTime<Utc>>,
        ocs_url: Option<String>,
        #[sqlx(flatten)]
        health: Health,
        #[sqlx(flatten)]
        life: Life,
        #[sqlx(flatten)]
        referent: Referent,
    }
    let found: Option<DetailRow> = sqlx::query_as(&format!(
        "select {columns}, s.office, s.quota_bytes, s.provisioned_at, h.ocs_url,
                s.checked_at at time zone 'Europe/Paris' as checked_paris, s.health_detail,
                s.nextcloud_version, s.failed_sweeps,
                s.last_login at time zone 'Europe/Paris' as last_login_paris, s.drift,
                s.suspend_reason, s.delete_after at time zone 'Europe/Paris' as delete_after_paris,
                {busy} as busy,
                coalesce(s.referent_name, a.referent_name) as referent_name,
                coalesce(s.referent_email, a.referent_email) as referent_email,
                s.referent_uid is not null as handed
         {ROW_FROM} where s.id = $1",
        columns = row_columns(),
        busy = super::lifecycle::busy_sql("s.id")
    ))
    .bind(id)
    .fetch_optional(&ctx.pool)
    .await?;
    let Some(DetailRow {
        row,
        office,
        quota_bytes,
        provisioned_at,
        ocs_url,
        mut health,
        mut life,
        referent,
    }) = found
    else {
        return Ok(None);
    };
    let steps = sqlx::query_as(
        "select step, outcome, started_at at time zone 'Europe/Paris' as started_paris,
                extract(epoch from finished_at - started_at)::float8 as seconds, excerpt, job_id
         from space_steps where space_id = $1 order by id",
    )
    .bind(id)
    .fetch_all(&ctx.pool)
    .await?;
    let job = latest_job(&ctx.pool, id).await?;
    health.runs = super::health::runs(ctx, staff, id, 20).await?;
    life.events = sqlx::query_as(
        "select at at time zone 'Europe/Paris' as at_paris, actor, action, detail
         from space_events where space_id = $1 order by id",
    )
    .bind(id)
    .fetch_all(&ctx.pool)
    .await?;
    let exports = crate::referents::export::requests(ctx, id, 5).await?;
    let connections = crate::referents::connections::of_space(ctx, id).await?;
    Ok(Some(SpaceDetail {
        address: ocs_url.map(|u| super::fleet::space_address(&u, &row.slug)),
        row,
        office,
        quota_bytes,
        provisioned_at,
        steps,
        job,
        health,
        life,
        referent,
        exports,
        connections,
    }))
}

async fn latest_job(pool: &sqlx::PgPool, space: i64) -> Result<Option<SpaceJob>> {
    Ok(sqlx::query_as(
        "select id, state, attempts, run_at, last_error from jobs
         where kind = $1 and dedup_key = $2 order by id desc limit 1",
    )
    .bind(ProvisionSpace::KIND)
    .bind(ProvisionSpace { space_id: space }.dedup_key())
    .fetch_optional(pool)
    .await?)
}

/// What a retry did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Retried {
    /// The dead or cancelled job runs again now.
    Again(i64),
    /// The job was waiting: it runs now.
    Now(i64),
    /// The space is made already, or gone: nothing to retry.
    Nothing(String),
}

/// Runs the space's provisioning again now: its dead job again, its waiting job at once, or
/// a new job when none is left.
pub async fn retry(ctx: &Ctx, _admin: &Admin, id: i64) -> Result<Option<Retried>> {
    let state: Option<SpaceState> = sqlx::query_scalar("select state from spaces where id = $1")
        .bind(id)
        .fetch_optional(&ctx.pool)
        .await?;
    let Some(state) = state else {
        return Ok(None);
    };
    if !state.unfinished() {
        return Ok(Some(Retried::Nothing(state.to_string())));
    }
    match latest_job(&ctx.pool, id).await? {
        Some(job) if job.state.retryable() => match crate::jobs::retry(ctx, job.id).await? {
            crate::jobs::Change::Done => Ok(Some(Retried::Again(job.id))),
            other => Ok(Some(Retried::Nothing(format!("{other:?}")))),
        },
        Some(job) if job.state == JobState::Ready => {
            sqlx::query("update jobs set run_at = now() where id = $1 and state = $2")
                .bind(job.id)
                .bind(JobState::Ready)
                .execute(&ctx.pool)
                .await?;
            sqlx::query("select pg_notify($1, $2)")
                .bind(crate::jobs::CHANNEL)
                .bind(ProvisionSpace::QUEUE)
                .execute(&ctx.pool)
                .await?;
            Ok(Some(Retried::Now(job.id)))
        }
        Some(job) if job.state == JobState::Running => {
            Ok(Some(Retried::Nothing(JobState::Running.to_string())))
        }
        _ => {
            let mut conn = ctx.pool.acquire().await?;
            let made = crate::jobs::enqueue(&mut conn, &ProvisionSpace { space_id: id }).await?;
            Ok(Some(Retried::Now(made.id)))
        }
    }
}

/// The number of a step by its key, for the timeline.
pub fn step_number(key: &str) -> Option<usize> {
    Step::parse(key).map(Step::number)
}

/// How far the making of an application's space has gone, for its applicant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Progress {
    pub state: SpaceState,
    /// The step under way (or the last one, once active).
    pub step: Step,
    /// Steps done, out of [`Step::ALL`].
    pub done: usize,
    /// The last run of a step failed: it will be tried again.
    pub trouble: bool,
    /// Where the space answers, once it is placed.
    pub address: Option<String>,
}

/// The progress of the space of application `application_id`, if it has one.
pub async fn progress(ctx: &Ctx, application_id: i64) -> Result<Option<Progress>> {
    let row: Option<(i64, SpaceState, String, Option<String>)> = sqlx::query_as(
        "select s.id, s.state, s.slug, h.ocs_url from spaces s
         left join hosts h on h.id = s.host_id
         where s.application_id = $1",
    )
    .bind(application_id)
    .fetch_optional(&ctx.pool)
    .await?;
    let Some((id, state, slug, ocs_url)) = row else {
        return Ok(None);
    };
    let done: Vec<String> = sqlx::query_scalar(
        "select distinct step from space_steps
         where space_id = $1 and outcome = any($3) and step = any($2)",
    )
    .bind(id)
    .bind(Step::ALL.map(Step::key).to_vec())
    .bind(StepOutcome::COMPLETE)
    .fetch_all(&ctx.pool)
    .await?;
    let last: Option<StepOutcome> = sqlx::query_scalar(
        "select outcome from space_steps where space_id = $1 order by id desc limit 1",
    )
    .bind(id)
    .fetch_optional(&ctx.pool)
    .await?;
    let next = Step::ALL
        .into_iter()
        .find(|s| !done.iter().any(|d| d == s.key()));
    Ok(Some(Progress {
        trouble: last == Some(StepOutcome::Failed) && state != SpaceState::Active,
        step: next.unwrap_or(Step::Welcome),
        done: if state == SpaceState::Active {
            Step::ALL.len()
        } else {
            done.len().min(Step::ALL.len() - 1)
        },
        address: ocs_url.map(|u| super::fleet::space_address(&u, &slug)),
        state,
    }))
}
