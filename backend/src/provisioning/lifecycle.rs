//! A space's life after it is made: suspended (maintenance mode, the referent told why) and
//! resumed; deleted after a grace period of [`GRACE_DAYS`] days, with a reminder
//! [`REMINDER_DAYS`] days before, which the referent or staff may cancel until then; its office
//! suite changed.
//!
//! Its address may change ([`rename`]): the host then serves the new name and redirects the
//! former ones, which no other space may take while it lives.
//!
//! Each change is asked first ([`suspend`], [`resume`], [`change_office`], [`rename`],
//! [`ask_deletion`], [`cancel_deletion`]): refused in a state where it makes no sense or while another change
//! of the space is under way, recorded as an event with who asked, and handed to one
//! `spaces.change` job (one at a time per space), whose steps are recorded in the space's
//! timeline like provisioning's. A deletion's removal is enqueued by the periodic
//! [`deletions`] once its grace period has passed.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sqlx::PgConnection;

pub use super::space_mails::{cancel_link, MAIL_LIFECYCLE};
use super::space_mails::{deletion_mail, referent, state_mail, DeletionMail, StateMail};
use super::steps::{self, Step};
use crate::accounts::Admin;
use crate::jobs::{self, Job, JobError, Running};
use crate::Ctx;
use common::states::{sql_list, JobState, SpaceAction, SpaceState};
use common::Slug;

/// Days between a deletion asked and the removal.
pub const GRACE_DAYS: i64 = 30;
/// Days before the removal when the referent is reminded.
pub const REMINDER_DAYS: i64 = 7;

/// What a `spaces.change` job does.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "do", rename_all = "snake_case")]
pub enum Change {
    Suspend,
    Resume,
    Office,
    Remove,
    Rename,
}

impl Change {
    /// Whether the change may be asked of a space in `state` (the buttons ask the same).
    pub fn asked_in(&self, state: SpaceState) -> bool {
        match self {
            Change::Suspend | Change::Office | Change::Rename => state.changeable(),
            Change::Resume => state.resumable(),
            Change::Remove => state.deletable(),
        }
    }

    /// The states its job still acts in (it does nothing in any other: done by an earlier
    /// run, or the space moved on), and the state it leaves the space in.
    fn runs(&self) -> (&'static [SpaceState], SpaceState) {
        use SpaceState::*;
        match self {
            Change::Suspend => (&[Active], Suspended),
            Change::Resume => (&[Suspended], Active),
            Change::Office | Change::Rename => (&[Active], Active),
            Change::Remove => (&[Active, Suspended, Failed, Waiting, Provisioning], Deleted),
        }
    }

    /// The line it writes in the space's audit.
    fn action(&self) -> SpaceAction {
        match self {
            Change::Suspend => SpaceAction::Suspend,
            Change::Resume => SpaceAction::Resume,
            Change::Office => SpaceAction::Office,
            Change::Rename => SpaceAction::Rename,
            Change::Remove => SpaceAction::Remove,
        }
    }
}

/// One change of a space, by a job.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ChangeSpace {
    pub space_id: i64,
    pub change: Change,
}

impl Job for ChangeSpace {
    const KIND: &'static str = "spaces.change";
    const QUEUE: &'static str = "provisioning";

    fn dedup_key(&self) -> Option<String> {
        Some(self.space_id.to_string())
    }
}

/// Who asks for a change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Actor {
    /// A staff member, by address.
    Staff(String),
    /// The space's referent, from their dashboard or the link mailed to them.
    Referent,
    /// The operator, on the host's command line.
    Operator,
    System,
}

impl Actor {
    /// An administrator's login, or the operator.
    fn of(admin: &Admin) -> Actor {
        match admin.staff() {
            Some(s) => Actor::Staff(s.email().to_string()),
            None => Actor::Operator,
        }
    }

    fn label(&self) -> String {
        match self {
            Actor::Staff(email) => format!("staff:{email}"),
            Actor::Referent => "referent".into(),
            Actor::Operator => "operator".into(),
            Actor::System => "system".into(),
        }
    }
}

/// Why a change was refused.
#[derive(Debug, thiserror::Error)]
pub enum Refused {
    #[error("no such space")]
    NotFound,
    /// The space's state does not allow it (the state is given).
    #[error("the space is {0}")]
    State(SpaceState),
    #[error("another change of this space is under way")]
    Busy,
    #[error("no deletion of this space is pending")]
    NoDeletion,
    #[error("a deletion of this space is pending")]
    DeletionPending,
    #[error("the space already uses this office suite")]
    SameOffice,
    /// The new address is refused (its form, reserved, taken, or the same).
    #[error("address refused: {0}")]
    Address(common::ErrorCode),
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
}

struct Locked {
    state: SpaceState,
    office: String,
    delete_after: Option<DateTime<Utc>>,
}

/// SQL: whether a change, repair or provisioning of the space whose id is the expression
/// `id` is queued or running. The space's page shows its buttons only when this is false,
/// and [`lock`] refuses a change when it is true: one test for both.
pub(crate) fn busy_sql(id: &str) -> String {
    format!(
        "exists (select 1 from jobs where state in ({pending}) and (
            (kind in ('spaces.change', 'spaces.repair') and dedup_key = ({id})::text)
            or (kind = 'spaces.provision' and dedup_key = 'space-' || ({id})::text)))",
        // literal: the fragment goes into several statements, each with its own parameters.
        pending = sql_list(JobState::PENDING, JobState::sql)
    )
}

/// The space's row, locked for the change, after checking that no other change, repair or
/// provisioning of it is under way.
async fn lock(tx: &mut PgConnection, id: i64) -> Result<Locked, Refused> {
    let row: Option<(SpaceState, String, Option<DateTime<Utc>>)> =
        sqlx::query_as("select state, office, delete_after from spaces where id = $1 for update")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
    let Some((state, office, delete_after)) = row else {
        return Err(Refused::NotFound);
    };
    let busy: bool = sqlx::query_scalar(&format!("select {}", busy_sql("$1")))
        .bind(id)
        .fetch_one(&mut *tx)
        .await?;
    if busy {
        return Err(Refused::Busy);
    }
    Ok(Locked {
        state,
        office,
        delete_after,
    })
}

async fn event(
    tx: &mut PgConnection,
    id: i64,
    actor: &Actor,
    action: SpaceAction,
    detail: &str,
    job: Option<i64>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "insert into space_events (space_id, actor, action, detail, job_id)
         values ($1, $2, $3, $4, $5)",
    )
    .bind(id)
    .bind(actor.label())
    .bind(action)
    .bind(detail)
    .bind(job)
    .execute(tx)
    .await?;
    Ok(())
}

/// A change as asked, with what it needs.
enum Ask<'a> {
    Suspend { reason: &'a str },
    Resume,
    Office { office: &'static str },
    Rename { to: &'a Slug },
    Remove,
}

/// Asks for a change and enqueues its job, once the state allows it, in one transaction.
/// Returns the job's id.
async fn ask(ctx: &Ctx, id: i64, asked: Ask<'_>, actor: &Actor) -> Result<i64, Refused> {
    let change = match asked {
        Ask::Suspend { .. } => Change::Suspend,
        Ask::Resume => Change::Resume,
        Ask::Office { .. } => Change::Office,
        Ask::Rename { .. } => Change::Rename,
        Ask::Remove => Change::Remove,
    };
    let action = change.action();
    let mut tx = ctx.pool.begin().await?;
    let locked = lock(&mut tx, id).await?;
    if !change.asked_in(locked.state) {
        return Err(Refused::State(locked.state));
    }
    let detail = match asked {
        Ask::Suspend { reason } => {
            sqlx::query("update spaces set suspend_reason = $2 where id = $1")
                .bind(id)
                .bind(reason)
                .execute(&mut *tx)
                .await?;
            reason.to_string()
        }
        Ask::Office { office } => {
            if locked.office == office {
                return Err(Refused::SameOffice);
            }
            sqlx::query("update spaces set office = $2 where id = $1")
                .bind(id)
                .bind(office)
                .execute(&mut *tx)
                .await?;
            format!("{} → {office}", locked.office)
        }
        Ask::Rename { to } => readdress(&mut tx, id, to).await?,
        Ask::Resume | Ask::Remove => String::new(),
    };
    let job = jobs::enqueue(
        &mut tx,
        &ChangeSpace {
            space_id: id,
            change,
        },
    )
    .await?;
    event(&mut tx, id, actor, action, &detail, Some(job.id)).await?;
    tx.commit().await?;
    Ok(job.id)
}

/// Gives the space the address `to` in the locked transaction: its current one joins its
/// former addresses (and `to` leaves them, for a space given back a name it had). Refused
/// when another application or space has it, has asked for it, or had it.
async fn readdress(tx: &mut PgConnection, id: i64, to: &Slug) -> Result<String, Refused> {
    let (from, application): (String, Option<i64>) =
        sqlx::query_as("select slug, application_id from spaces where id = $1")
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
    if from.eq_ignore_ascii_case(to.as_str()) {
        return Err(Refused::Address(common::ErrorCode::SlugUnchanged));
    }
    if crate::applications::slug_taken_by_others(&mut *tx, to, Some((id, application))).await? {
        return Err(Refused::Address(common::ErrorCode::SlugTaken));
    }
    sqlx::query(
        "insert into space_former_addresses (slug, space_id) values (lower($2), $1)
         on conflict (slug) do update set replaced_at = now() where space_former_addresses.space_id = $1",
    )
    .bind(id)
    .bind(&from)
    .execute(&mut *tx)
    .await?;
    sqlx::query("delete from space_former_addresses where slug = $2 and space_id = $1")
        .bind(id)
        .bind(to.as_str())
        .execute(&mut *tx)
        .await?;
    sqlx::query("update spaces set slug = $2 where id = $1")
        .bind(id)
        .bind(to.as_str())
        .execute(&mut *tx)
        .await?;
    // The space's open alerts follow it (the sweep raises and clears them by address).
    sqlx::query(
        "update alerts set subject = $2 where subject = $1 and cleared_at is null
           and kind = any($3)",
    )
    .bind(&from)
    .bind(to.as_str())
    .bind(super::alerts::AlertKind::OF_A_SPACE)
    .execute(&mut *tx)
    .await?;
    Ok(format!("{from} → {to}", to = to.as_str()))
}

/// Gives an active space a new address (`raw`, as typed): the host serves it and redirects
/// the former one, the referent is told.
pub async fn rename(ctx: &Ctx, by: &Admin, id: i64, raw: &str) -> Result<i64, Refused> {
    let to = Slug::parse(raw).map_err(Refused::Address)?;
    let reserved = crate::applications::reserved(ctx).await?;
    crate::applications::check_not_reserved(&to, &reserved).map_err(Refused::Address)?;
    match ask(ctx, id, Ask::Rename { to: &to }, &Actor::of(by)).await {
        // Taken meanwhile by a space whose transaction ended first.
        Err(Refused::Database(sqlx::Error::Database(e))) if e.is_unique_violation() => {
            Err(Refused::Address(common::ErrorCode::SlugTaken))
        }
        other => other,
    }
}

/// Suspends an active space: maintenance mode, then the referent is told `reason`.
pub async fn suspend(ctx: &Ctx, by: &Admin, id: i64, reason: &str) -> Result<i64, Refused> {
    ask(ctx, id, Ask::Suspend { reason }, &Actor::of(by)).await
}

/// Resumes a suspended space.
pub async fn resume(ctx: &Ctx, by: &Admin, id: i64) -> Result<i64, Refused> {
    ask(ctx, id, Ask::Resume, &Actor::of(by)).await
}

/// Switches an active space to the other office suite (`collabora` or `onlyoffice`).
pub async fn change_office(ctx: &Ctx, by: &Admin, id: i64, office: &str) -> Result<i64, Refused> {
    let office = suite(office);
    ask(ctx, id, Ask::Office { office }, &Actor::of(by)).await
}

/// Switches the space whose dashboard `by` is logged in to to the other office suite, as
/// [`change_office`] does for staff.
pub async fn change_office_as_referent(
    ctx: &Ctx,
    by: &crate::referents::Referent,
    office: &str,
) -> Result<i64, Refused> {
    ask(
        ctx,
        by.space_id(),
        Ask::Office {
            office: suite(office),
        },
        &Actor::Referent,
    )
    .await
}

/// The office suite `office` names: `onlyoffice`, or `collabora` for anything else.
fn suite(office: &str) -> &'static str {
    if office == "onlyoffice" {
        "onlyoffice"
    } else {
        "collabora"
    }
}

/// Asks for the space's deletion: it is removed [`GRACE_DAYS`] days from now unless
/// cancelled; the referent is told, with a link to cancel. Returns the date of the removal.
pub async fn ask_deletion(ctx: &Ctx, by: &Admin, id: i64) -> Result<DateTime<Utc>, Refused> {
    deletion(ctx, id, &Actor::of(by)).await
}

/// Asks for the deletion of the space whose dashboard `by` is logged in to, as
/// [`ask_deletion`] does for staff: the same grace, the same mail with its cancel link.
pub async fn ask_deletion_as_referent(
    ctx: &Ctx,
    by: &crate::referents::Referent,
) -> Result<DateTime<Utc>, Refused> {
    deletion(ctx, by.space_id(), &Actor::Referent).await
}

async fn deletion(ctx: &Ctx, id: i64, actor: &Actor) -> Result<DateTime<Utc>, Refused> {
    let mut tx = ctx.pool.begin().await?;
    let locked = lock(&mut tx, id).await?;
    if !Change::Remove.asked_in(locked.state) {
        return Err(Refused::State(locked.state));
    }
    if locked.delete_after.is_some() {
        return Err(Refused::DeletionPending);
    }
    let after: DateTime<Utc> = sqlx::query_scalar(
        "update spaces set delete_after = date_trunc('second', now()) + make_interval(days => $2),
                deletion_reminded_at = null
         where id = $1 returning delete_after",
    )
    .bind(id)
    .bind(GRACE_DAYS as i32)
    .fetch_one(&mut *tx)
    .await?;
    event(
        &mut tx,
        id,
        actor,
        SpaceAction::DeleteAsked,
        &after.to_rfc3339(),
        None,
    )
    .await?;
    deletion_mail(ctx, &mut tx, id, DeletionMail::Asked, after).await?;
    tx.commit().await?;
    Ok(after)
}

/// Cancels a pending deletion, until its removal has begun.
pub async fn cancel_deletion(ctx: &Ctx, by: &Admin, id: i64) -> Result<(), Refused> {
    cancel(ctx, id, &Actor::of(by)).await
}

/// Cancels the pending deletion of the space whose dashboard `by` is logged in to.
pub async fn cancel_deletion_as_referent(
    ctx: &Ctx,
    by: &crate::referents::Referent,
) -> Result<(), Refused> {
    cancel(ctx, by.space_id(), &Actor::Referent).await
}

/// Cancels the pending deletion a referent's link names ([`pending_deletion`]).
pub async fn cancel_deletion_by_link(ctx: &Ctx, pending: &PendingDeletion) -> Result<(), Refused> {
    cancel(ctx, pending.space_id, &Actor::Referent).await
}

async fn cancel(ctx: &Ctx, id: i64, actor: &Actor) -> Result<(), Refused> {
    let mut tx = ctx.pool.begin().await?;
    let locked = lock(&mut tx, id).await?;
    let Some(after) = locked.delete_after else {
        return Err(Refused::NoDeletion);
    };
    if locked.state == SpaceState::Deleted {
        return Err(Refused::State(locked.state));
    }
    sqlx::query("update spaces set delete_after = null, deletion_reminded_at = null where id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    event(&mut tx, id, actor, SpaceAction::DeleteCancelled, "", None).await?;
    deletion_mail(ctx, &mut tx, id, DeletionMail::Cancelled, after).await?;
    tx.commit().await?;
    Ok(())
}

/// The periodic work of deletions: reminds referents [`REMINDER_DAYS`] days before, and
/// enqueues the removal of each space whose grace period has passed. Returns how many
/// spaces it acted on.
pub async fn deletions(ctx: &Ctx) -> Result<u64, sqlx::Error> {
    let mut n = 0;
    let remind: Vec<(i64, DateTime<Utc>)> = sqlx::query_as(
        "select id, delete_after from spaces
         where delete_after is not null and state <> $2 and deletion_reminded_at is null
           and delete_after > now() and delete_after <= now() + make_interval(days => $1)
         order by delete_after",
    )
    .bind(REMINDER_DAYS as i32)
    .bind(SpaceState::Deleted)
    .fetch_all(&ctx.pool)
    .await?;
    for (id, after) in remind {
        let mut tx = ctx.pool.begin().await?;
        let claimed = sqlx::query(
            "update spaces set deletion_reminded_at = now()
             where id = $1 and deletion_reminded_at is null and delete_after = $2",
        )
        .bind(id)
        .bind(after)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if claimed == 1 {
            event(
                &mut tx,
                id,
                &Actor::System,
                SpaceAction::DeleteReminded,
                "",
                None,
            )
            .await?;
            deletion_mail(ctx, &mut tx, id, DeletionMail::Reminder, after).await?;
            n += 1;
        }
        tx.commit().await?;
    }
    let due: Vec<i64> = sqlx::query_scalar(
        "select id from spaces where delete_after <= now() and state <> $1 order by id",
    )
    .bind(SpaceState::Deleted)
    .fetch_all(&ctx.pool)
    .await?;
    for id in due {
        match ask(ctx, id, Ask::Remove, &Actor::System).await {
            Ok(_) => n += 1,
            // Another change first; the next run enqueues the removal.
            Err(Refused::Busy | Refused::NotFound | Refused::State(_)) => {}
            Err(Refused::Database(e)) => return Err(e),
            Err(e) => tracing::warn!(space = id, error = %e, "removal not enqueued"),
        }
    }
    Ok(n)
}

/// The handler of `spaces.change`.
pub async fn change(run: Running, job: ChangeSpace) -> Result<(), JobError> {
    let id = job.space_id;
    let state: Option<SpaceState> = sqlx::query_scalar("select state from spaces where id = $1")
        .bind(id)
        .fetch_optional(&run.ctx.pool)
        .await?;
    let Some(state) = state else {
        return Ok(());
    };
    let steps: &[Step] = match job.change {
        Change::Suspend => &[Step::MaintenanceOn],
        Change::Resume => &[Step::MaintenanceOff],
        Change::Office => &[Step::Office],
        Change::Rename => &[Step::Rename, Step::Settings],
        Change::Remove => &[Step::Remove],
    };
    let (from, to) = job.change.runs();
    if !from.contains(&state) {
        // Done by an earlier run, or the space moved on: nothing to do.
        return Ok(());
    }
    // A space never placed has nothing on any host: its removal is only the record.
    if !steps::run_steps(&run, id, steps).await? && job.change != Change::Remove {
        return Ok(());
    }
    let mut tx = run.fence().await?;
    let changed = sqlx::query(
        "update spaces set state = $2,
            suspended_at = case when $2 = $4 then now() else null end,
            suspend_reason = case when $2 = $4 then suspend_reason else null end,
            deleted_at = case when $2 = $5 then now() else deleted_at end,
            delete_after = case when $2 = $5 then null else delete_after end,
            database_password = case when $2 = $5 then null else database_password end,
            admin_password = case when $2 = $5 then null else admin_password end,
            app_password = case when $2 = $5 then null else app_password end,
            oauth_secret = case when $2 = $5 then null else oauth_secret end
         where id = $1 and state = any($3)",
    )
    .bind(id)
    .bind(to)
    .bind(from)
    .bind(SpaceState::Suspended)
    .bind(SpaceState::Deleted)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if changed == 1 {
        let mail = match job.change {
            Change::Suspend => Some(StateMail::Suspended),
            Change::Resume => Some(StateMail::Resumed),
            Change::Remove => Some(StateMail::Removed),
            Change::Rename => Some(StateMail::Renamed),
            Change::Office => None,
        };
        if let Some(m) = mail {
            state_mail(&run.ctx, &mut tx, id, m).await?;
        }
        if job.change == Change::Remove {
            let slug: String = sqlx::query_scalar("select slug from spaces where id = $1")
                .bind(id)
                .fetch_one(&mut *tx)
                .await?;
            for kind in super::alerts::AlertKind::OF_A_SPACE {
                super::alerts::clear(&mut *tx, *kind, &slug).await?;
            }
            // Its former addresses are free again with it (the host removed their redirect).
            sqlx::query("delete from space_former_addresses where space_id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
    }
    run.complete(tx).await?;
    Ok(())
}

/// What a cancel link shows: the space and the date of its removal, while the deletion it
/// was made for is pending. Made only by [`pending_deletion`] from a valid link, so it is
/// the referent's proof for [`cancel_deletion_by_link`].
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct PendingDeletion {
    pub space_id: i64,
    pub structure: String,
    pub address: String,
    pub delete_after: DateTime<Utc>,
}

/// The pending deletion a cancel link's token names, if it is still the pending one.
pub async fn pending_deletion(
    ctx: &Ctx,
    token: &str,
) -> Result<Option<PendingDeletion>, sqlx::Error> {
    let Some(id) = token
        .split_once('.')
        .and_then(|(id, _)| id.parse::<i64>().ok())
    else {
        return Ok(None);
    };
    let after: Option<Option<DateTime<Utc>>> =
        sqlx::query_scalar("select delete_after from spaces where id = $1 and state <> $2")
            .bind(id)
            .bind(SpaceState::Deleted)
            .fetch_optional(&ctx.pool)
            .await?;
    let Some(Some(after)) = after else {
        return Ok(None);
    };
    let purpose = format!("space-deletion:{}", after.timestamp());
    if crate::tokens::verify(&ctx.settings.secret_key, &purpose, token) != Some(id) {
        return Ok(None);
    }
    let mut conn = ctx.pool.acquire().await?;
    let r = referent(&mut conn, id).await?;
    let (structure, address) = match r {
        Some(r) => (r.structure, r.address),
        None => (String::new(), String::new()),
    };
    Ok(Some(PendingDeletion {
        space_id: id,
        structure,
        address,
        delete_after: after,
    }))
}

/// The periodic job of [`deletions`].
#[derive(Clone, Copy, Debug, Serialize, Deserialize)]
pub struct Deletions;

impl Job for Deletions {
    const KIND: &'static str = "spaces.deletions";
}

pub(crate) fn register(registry: &mut crate::jobs::Registry) {
    registry
        .handle(
            crate::jobs::Policy {
                max_attempts: 12,
                retry_base_secs: 30,
                one_at_a_time: true,
            },
            change,
        )
        .sweep(
            std::time::Duration::from_secs(15 * 60),
            Deletions,
            |ctx| async move { deletions(&ctx).await },
        );
}
