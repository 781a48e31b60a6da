//! Moderation: the queue of confirmed applications, oldest first, and staff's decisions.
//!
//! Every decision names the version of the application it was made on: two moderators
//! acting at once cannot both decide (the second is told who decided, when and what).
//! Each decision is an audit event and sends its mail through the job queue, in the same
//! transaction; an approval also creates the space, waiting for provisioning, and queues
//! its provisioning job.

use chrono::{DateTime, NaiveDateTime, Utc};
use common::states::{ApplicationEvent, ApplicationStatus};
use sqlx::{PgConnection, Postgres, Transaction};

use crate::accounts::{IsStaff, Staff};
use crate::i18n::{tr, Lang};
use crate::mail::{self, Layout, OutgoingMail};
use crate::{Ctx, Error, Result};

/// The mails decisions send; erasing an applicant erases these too.
pub const MAIL_DECISION: &str = "application-decision";

/// The statuses the queue shows by default: waiting for staff.
pub const WAITING: &[ApplicationStatus] = ApplicationStatus::UNDECIDED;

/// What the queue is filtered on. Empty means "any".
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct QueueFilter {
    /// One status; `None` means the waiting ones ([`WAITING`]).
    pub status: Option<ApplicationStatus>,
    pub kind: Option<String>,
    pub location: Option<String>,
    pub window_id: Option<i64>,
    /// Only those confirmed at least this many days ago.
    pub older_than_days: Option<i64>,
}

/// Where a page of the queue starts: after this `(confirmed_at, id)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct After {
    pub confirmed_at: DateTime<Utc>,
    pub id: i64,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueueRow {
    pub id: i64,
    pub structure_name: String,
    pub kind: String,
    pub location: String,
    pub slug: String,
    pub status: ApplicationStatus,
    pub confirmed_at: DateTime<Utc>,
    /// Whole days since confirmation.
    pub age_days: i64,
    /// Past the promised review time.
    pub overdue: bool,
    pub assigned_to: Option<String>,
    /// What a decision on it names (optimistic locking).
    pub version: i32,
}

/// A page of the queue, oldest first, and where the next one starts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QueuePage {
    pub rows: Vec<QueueRow>,
    pub next: Option<After>,
}

/// One page of the queue: confirmed applications matching `filter`, oldest first, after
/// `after` (keyset pagination: the same cost on the last page as on the first).
pub async fn queue(
    ctx: &Ctx,
    _staff: &impl IsStaff,
    filter: &QueueFilter,
    after: Option<After>,
    limit: i64,
) -> Result<QueuePage> {
    type Row = (
        i64,
        String,
        String,
        String,
        String,
        ApplicationStatus,
        DateTime<Utc>,
        i64,
        bool,
        Option<String>,
        i32,
    );
    let statuses = filter.status.map_or_else(|| WAITING.to_vec(), |s| vec![s]);
    let rows: Vec<Row> = sqlx::query_as(
        "select a.id, a.structure_name, a.kind, a.location, a.slug, a.status, a.confirmed_at,
                extract(day from now() - a.confirmed_at)::bigint,
                a.confirmed_at < now() - make_interval(days => $1)
                    and a.status = any($10),
                s.email, a.version
         from applications a left join staff_accounts s on s.id = a.assigned_to
         where a.confirmed_at is not null and a.anonymised_at is null
           and a.status = any($2)
           and ($3::text is null or a.kind = $3)
           and ($4::text is null or a.location = $4)
           and ($5::bigint is null or a.window_id = $5)
           and ($6::bigint is null or a.confirmed_at <= now() - make_interval(days => $6::int))
           and ($7::timestamptz is null or (a.confirmed_at, a.id) > ($7, $8))
         order by a.confirmed_at, a.id
         limit $9",
    )
    .bind(ctx.settings.applications.review_days as i32)
    .bind(&statuses)
    .bind(&filter.kind)
    .bind(&filter.location)
    .bind(filter.window_id)
    .bind(filter.older_than_days)
    .bind(after.map(|a| a.confirmed_at))
    .bind(after.map_or(0, |a| a.id))
    .bind(limit + 1)
    .bind(ApplicationStatus::REVIEWING)
    .fetch_all(&ctx.pool)
    .await?;
    let mut rows: Vec<QueueRow> = rows
        .into_iter()
        .map(
            |(
                id,
                structure_name,
                kind,
                location,
                slug,
                status,
                confirmed_at,
                age_days,
                overdue,
                assigned_to,
                version,
            )| {
                QueueRow {
                    version,
                    id,
                    structure_name,
                    kind,
                    location,
                    slug,
                    status,
                    confirmed_at,
                    age_days,
                    overdue,
                    assigned_to,
                }
            },
        )
        .collect();
    let next = if rows.len() as i64 > limit {
        rows.truncate(limit as usize);
        rows.last().map(|r| After {
            confirmed_at: r.confirmed_at,
            id: r.id,
        })
    } else {
        None
    };
    Ok(QueuePage { rows, next })
}

/// Spaces given or promised, and how many the platform can host.
pub async fn capacity(ctx: &Ctx, _staff: &impl IsStaff) -> Result<(i64, u32)> {
    let mut conn = ctx.pool.acquire().await?;
    let committed = super::windows::spaces_committed(&mut conn).await?;
    Ok((committed, ctx.settings.site.capacity))
}

/// How many applications are in each status (confirmed ones only: the unconfirmed are
/// not staff's yet, and are counted apart).
pub async fn counts(ctx: &Ctx, _staff: &impl IsStaff) -> Result<Vec<(ApplicationStatus, i64)>> {
    Ok(sqlx::query_as(
        "select status, count(*) from applications where anonymised_at is null
         group by status order by status",
    )
    .fetch_all(&ctx.pool)
    .await?)
}

/// Every answer of an application, and its state, as staff see it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApplicationDetail {
    pub id: i64,
    pub version: i32,
    pub status: ApplicationStatus,
    pub structure_name: String,
    pub kind: String,
    pub location: String,
    pub identifier: String,
    pub field_of_action: String,
    pub field_detail: String,
    pub purpose: String,
    pub members: i32,
    pub accounts: i32,
    pub storage_gb: i32,
    pub budget: String,
    pub tools: String,
    pub slug: String,
    pub office: String,
    pub referent_name: String,
    pub referent_email: String,
    pub referent_role: String,
    pub lang: String,
    pub submitted_at: DateTime<Utc>,
    pub confirmed_at: Option<DateTime<Utc>>,
    pub assigned_to: Option<String>,
}

/// One entry of an application's history, internal notes included.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HistoryEntry {
    pub paris: NaiveDateTime,
    pub actor: String,
    pub staff_email: Option<String>,
    pub kind: ApplicationEvent,
    pub from_status: Option<ApplicationStatus>,
    pub to_status: Option<ApplicationStatus>,
    pub body: String,
    pub internal: bool,
}

/// An application with all its answers.
pub async fn detail(
    ctx: &Ctx,
    _staff: &impl IsStaff,
    id: i64,
) -> Result<Option<ApplicationDetail>> {
    let row = sqlx::query(
        "select a.*, s.email as assigned_email from applications a
         left join staff_accounts s on s.id = a.assigned_to
         where a.id = $1 and a.anonymised_at is null",
    )
    .bind(id)
    .fetch_optional(&ctx.pool)
    .await?;
    use sqlx::Row;
    Ok(match row {
        None => None,
        Some(r) => Some(ApplicationDetail {
            id: r.try_get("id")?,
            version: r.try_get("version")?,
            status: r.try_get("status")?,
            structure_name: r.try_get("structure_name")?,
            kind: r.try_get("kind")?,
            location: r.try_get("location")?,
            identifier: r.try_get("identifier")?,
            field_of_action: r.try_get("field_of_action")?,
            field_detail: r.try_get("field_detail")?,
            purpose: r.try_get("purpose")?,
            members: r.try_get("members")?,
            accounts: r.try_get("accounts")?,
            storage_gb: r.try_get("storage_gb")?,
            budget: r.try_get("budget")?,
            tools: r.try_get("tools")?,
            slug: r.try_get("slug")?,
            office: r.try_get("office")?,
            referent_name: r.try_get("referent_name")?,
            referent_email: r.try_get("referent_email")?,
            referent_role: r.try_get("referent_role")?,
            lang: r.try_get("lang")?,
            submitted_at: r.try_get("submitted_at")?,
            confirmed_at: r.try_get("confirmed_at")?,
            assigned_to: r.try_get("assigned_email")?,
        }),
    })
}

/// An application's whole history, oldest first.
pub async fn history(ctx: &Ctx, _staff: &impl IsStaff, id: i64) -> Result<Vec<HistoryEntry>> {
    type Row = (
        NaiveDateTime,
        String,
        Option<String>,
        ApplicationEvent,
        Option<ApplicationStatus>,
        Option<ApplicationStatus>,
        String,
        bool,
    );
    let rows: Vec<Row> = sqlx::query_as(
        "select e.at at time zone 'Europe/Paris', e.actor, s.email, e.kind, e.from_status,
                e.to_status, e.body, e.internal
         from application_events e left join staff_accounts s on s.id = e.staff_id
         where e.application_id = $1 order by e.id",
    )
    .bind(id)
    .fetch_all(&ctx.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(
            |(paris, actor, staff_email, kind, from_status, to_status, body, internal)| {
                HistoryEntry {
                    paris,
                    actor,
                    staff_email,
                    kind,
                    from_status,
                    to_status,
                    body,
                    internal,
                }
            },
        )
        .collect())
}

/// What a moderator decides.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Decision {
    /// The space is created, waiting for provisioning.
    Approve,
    /// With the reason's text (from a template, in the applicant's language) and a
    /// personal note, both shown to the applicant.
    Reject { reason: String, note: String },
    /// Kept for the next registration wave.
    Waitlist { note: String },
    /// A question the applicant answers on the status page.
    Ask { question: String },
}

impl Decision {
    fn status(&self) -> ApplicationStatus {
        match self {
            Decision::Approve => ApplicationStatus::Approved,
            Decision::Reject { .. } => ApplicationStatus::Rejected,
            Decision::Waitlist { .. } => ApplicationStatus::Waitlisted,
            Decision::Ask { .. } => ApplicationStatus::Question,
        }
    }

    fn kind(&self) -> ApplicationEvent {
        match self {
            Decision::Approve => ApplicationEvent::Approved,
            Decision::Reject { .. } => ApplicationEvent::Rejected,
            Decision::Waitlist { .. } => ApplicationEvent::Waitlisted,
            Decision::Ask { .. } => ApplicationEvent::Question,
        }
    }

    fn body(&self) -> String {
        match self {
            Decision::Approve => String::new(),
            Decision::Reject { reason, note } if note.is_empty() => reason.clone(),
            Decision::Reject { reason, note } => format!("{reason}\n\n{note}"),
            Decision::Waitlist { note } => note.clone(),
            Decision::Ask { question } => question.clone(),
        }
    }
}

/// Why a decision was not taken.
#[derive(Debug, thiserror::Error)]
pub enum DecideError {
    #[error("no such application")]
    NotFound,
    /// Someone decided first (or the application changed): who, when, and what.
    #[error("already decided by {by} at {at}: {status}")]
    AlreadyDecided {
        by: String,
        at: NaiveDateTime,
        status: ApplicationStatus,
    },
    /// This decision cannot be taken from the application's current status.
    #[error("not possible while the application is {0}")]
    NotPossible(ApplicationStatus),
    /// Approving would promise more spaces than the platform can host; `room` are left.
    #[error("capacity reached: {room} spaces left")]
    CapacityReached { room: i64 },
    #[error(transparent)]
    Backend(#[from] Error),
}

impl From<sqlx::Error> for DecideError {
    fn from(e: sqlx::Error) -> Self {
        DecideError::Backend(e.into())
    }
}

/// Takes `decision` on application `id`, as it was at `version`.
pub async fn decide(
    ctx: &Ctx,
    by: &Staff,
    id: i64,
    version: i32,
    decision: &Decision,
) -> Result<(), DecideError> {
    let mut tx = ctx.pool.begin().await?;
    decide_in(ctx, &mut tx, by, id, version, decision).await?;
    tx.commit().await?;
    Ok(())
}

/// What a bulk approval did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Bulk {
    pub approved: Vec<i64>,
    /// Decided or changed by someone else meanwhile, or not in a state to approve.
    pub skipped: Vec<i64>,
}

/// Approves each `(id, version)` of a selection, in one transaction. A selection larger
/// than the room left is refused whole (`CapacityReached`): nothing is approved, and the
/// moderator chooses which to keep. An application decided meanwhile is skipped.
pub async fn approve_many(
    ctx: &Ctx,
    by: &Staff,
    selection: &[(i64, i32)],
) -> Result<Bulk, DecideError> {
    let mut tx = ctx.pool.begin().await?;
    lock_capacity(&mut tx).await?;
    let room = room_left(ctx, &mut tx).await?;
    // Each application once, as first named.
    let mut seen = std::collections::HashSet::new();
    let selection: Vec<(i64, i32)> = selection
        .iter()
        .copied()
        .filter(|(id, _)| seen.insert(*id))
        .collect();
    if selection.len() as i64 > room {
        return Err(DecideError::CapacityReached { room });
    }
    let mut bulk = Bulk::default();
    for (id, version) in selection {
        match decide_in(ctx, &mut tx, by, id, version, &Decision::Approve).await {
            Ok(()) => bulk.approved.push(id),
            Err(
                DecideError::AlreadyDecided { .. }
                | DecideError::NotPossible(_)
                | DecideError::NotFound,
            ) => bulk.skipped.push(id),
            Err(other) => return Err(other),
        }
    }
    tx.commit().await?;
    Ok(bulk)
}

/// One approval at a time against the capacity (held until the transaction ends).
async fn lock_capacity(tx: &mut Transaction<'_, Postgres>) -> Result<(), DecideError> {
    sqlx::query("select pg_advisory_xact_lock(hashtext('applications.approve'))")
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Spaces the platform can still promise.
async fn room_left(ctx: &Ctx, tx: &mut Transaction<'_, Postgres>) -> Result<i64, DecideError> {
    let committed = super::windows::spaces_committed(tx).await?;
    Ok((i64::from(ctx.settings.site.capacity) - committed).max(0))
}

async fn decide_in(
    ctx: &Ctx,
    tx: &mut Transaction<'_, Postgres>,
    by: &Staff,
    id: i64,
    version: i32,
    decision: &Decision,
) -> Result<(), DecideError> {
    type Current = (
        ApplicationStatus,
        i32,
        String,
        String,
        String,
        String,
        String,
    );
    let current: Option<Current> = sqlx::query_as(
        "select status, version, slug, office, referent_email, lang, structure_name
         from applications where id = $1 and anonymised_at is null for update",
    )
    .bind(id)
    .fetch_optional(&mut **tx)
    .await?;
    let Some((from, now_version, slug, office, email, lang, name)) = current else {
        return Err(DecideError::NotFound);
    };
    if now_version != version {
        return Err(last_change(tx, id, from).await);
    }
    let to = decision.status();
    if !from.may_become(to) {
        return Err(DecideError::NotPossible(from));
    }
    if matches!(decision, Decision::Approve) {
        lock_capacity(tx).await?;
        if room_left(ctx, tx).await? == 0 {
            return Err(DecideError::CapacityReached { room: 0 });
        }
        let space_id: i64 = sqlx::query_scalar(
            "insert into spaces (application_id, slug, office) values ($1, $2, $3) returning id",
        )
        .bind(id)
        .bind(&slug)
        .bind(&office)
        .fetch_one(&mut **tx)
        .await?;
        crate::jobs::enqueue(tx, &crate::provisioning::steps::ProvisionSpace { space_id }).await?;
    }
    // `$4`: approved or rejected, decided for good (a question or the waiting list is not).
    sqlx::query(
        "update applications set status = $2, version = version + 1,
             decided_at = case when $4 then now() else decided_at end,
             decided_by = case when $4 then $3 else decided_by end
         where id = $1",
    )
    .bind(id)
    .bind(to)
    .bind(by.id())
    .bind(!to.undecided())
    .execute(&mut **tx)
    .await?;
    let body = decision.body();
    staff_event(
        tx,
        id,
        by,
        decision.kind(),
        Some(from),
        Some(to),
        &body,
        false,
    )
    .await?;
    let lang = Lang::parse(&lang).unwrap_or_default();
    let mail = decision_mail(ctx, lang, &email, &name, &slug, decision);
    mail::enqueue(tx, MAIL_DECISION, &mail).await?;
    Ok(())
}

/// The last change of an application, to tell a moderator who came second.
async fn last_change(tx: &mut PgConnection, id: i64, status: ApplicationStatus) -> DecideError {
    let last: std::result::Result<Option<(NaiveDateTime, Option<String>, String)>, sqlx::Error> =
        sqlx::query_as(
            "select e.at at time zone 'Europe/Paris', s.email, e.actor from application_events e
             left join staff_accounts s on s.id = e.staff_id
             where e.application_id = $1 and e.to_status is not null
             order by e.id desc limit 1",
        )
        .bind(id)
        .fetch_optional(&mut *tx)
        .await;
    match last {
        Ok(Some((at, email, actor))) => DecideError::AlreadyDecided {
            by: email.unwrap_or(actor),
            at,
            status,
        },
        Ok(None) => DecideError::NotPossible(status),
        Err(e) => e.into(),
    }
}

#[allow(clippy::too_many_arguments)]
async fn staff_event(
    conn: &mut PgConnection,
    id: i64,
    by: &Staff,
    kind: ApplicationEvent,
    from: Option<ApplicationStatus>,
    to: Option<ApplicationStatus>,
    body: &str,
    internal: bool,
) -> Result<()> {
    sqlx::query(
        "insert into application_events
             (application_id, actor, staff_id, kind, from_status, to_status, body, internal)
         values ($1, 'staff', $2, $3, $4, $5, $6, $7)",
    )
    .bind(id)
    .bind(by.id())
    .bind(kind)
    .bind(from)
    .bind(to)
    .bind(body)
    .bind(internal)
    .execute(conn)
    .await?;
    Ok(())
}

fn decision_mail(
    ctx: &Ctx,
    lang: Lang,
    to: &str,
    name: &str,
    slug: &str,
    decision: &Decision,
) -> OutgoingMail {
    let site = &ctx.settings.site;
    let address = site.space_address(slug);
    let key = format!("mail-application-{}", decision.kind());
    let mut paragraphs = vec![tr(
        lang,
        &format!("{key}-intro"),
        &[("name", name), ("address", &address), ("site", &site.name)],
    )];
    let body = decision.body();
    if !body.is_empty() {
        paragraphs.push(body);
    }
    let layout = Layout {
        lang,
        site_name: &site.name,
        paragraphs,
        action: None,
        after: vec![tr(lang, "mail-application-decision-status", &[])],
        unsubscribe_url: None,
    };
    layout.mail(
        to.to_string(),
        tr(lang, &format!("{key}-subject"), &[("site", &site.name)]),
    )
}

/// Assigns an application to `by` (or, with `take = false`, leaves it to anyone).
pub async fn assign(ctx: &Ctx, by: &Staff, id: i64, take: bool) -> Result<bool> {
    let mut tx = ctx.pool.begin().await?;
    let done = sqlx::query(
        "update applications set assigned_to = $2 where id = $1 and anonymised_at is null",
    )
    .bind(id)
    .bind(take.then_some(by.id()))
    .execute(&mut *tx)
    .await?
    .rows_affected()
        == 1;
    if done {
        use ApplicationEvent::{Assigned, Unassigned};
        let kind = if take { Assigned } else { Unassigned };
        staff_event(&mut tx, id, by, kind, None, None, "", true).await?;
    }
    tx.commit().await?;
    Ok(done)
}

/// Leaves an internal note, which the applicant never sees.
pub async fn add_note(ctx: &Ctx, by: &Staff, id: i64, note: &str) -> Result<bool> {
    let exists: bool =
        sqlx::query_scalar("select exists (select 1 from applications where id = $1)")
            .bind(id)
            .fetch_one(&ctx.pool)
            .await?;
    if exists {
        let mut conn = ctx.pool.acquire().await?;
        staff_event(
            &mut conn,
            id,
            by,
            ApplicationEvent::Note,
            None,
            None,
            note,
            true,
        )
        .await?;
    }
    Ok(exists)
}
