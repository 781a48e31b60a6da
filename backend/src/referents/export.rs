//! An export of a space's data, asked by its referent from the dashboard.
//!
//! The referent on file asks; the job `referents.export` has the host script make one
//! archive (the space's data folder, every member's files, and a dump of its database) in
//! the asker's own files, folder `Exports`, then `occ files:scan` lists it in Nextcloud and
//! the referent is mailed. The archive never leaves the space: whoever downloads it logs in
//! to the space as the asker. Only the referent on file asks, since the archive holds every
//! member's files: a co-administrator sees the requests and who may ask.
//!
//! One request is open (asked or running) per space, and a new one waits [`BETWEEN_HOURS`]
//! after the last ready one: an archive of 40 GB is work for the host. A host whose script
//! has no `export` action (an older copy) or no script at all cannot make it: the request
//! says so, staff get an alert (as for a request given up after its tries), and they start
//! it again from the space's page once the host is put right ([`start_again`]).

use chrono::{DateTime, Utc};
use common::states::{ExportState, SpaceState};
use common::Email;

use super::{Referent, SpaceOnFile};
use crate::accounts::Admin;
use crate::i18n::{tr, Lang};
use crate::jobs::{self, Job, JobError, Policy, Registry, Running};
use crate::mail::{self, Layout, OutgoingMail};
use crate::nextcloud::NcError;
use crate::provisioning::alerts::{self, AlertKind};
use crate::{Ctx, Result};

/// The mail that says an export is ready.
pub const MAIL_READY: &str = "space-export-ready";
/// The folder of the asker's files the archive goes into.
pub const FOLDER: &str = "Exports";
/// Hours between a ready export and the next request.
pub const BETWEEN_HOURS: i32 = 24;
/// How long the host may take to make the archive (40 GB, compressed, on a busy disk).
pub const MAKE_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(4 * 3600);
/// Tries before a request is given up as failed.
const MAX_ATTEMPTS: i32 = 5;

/// A request, as the dashboard and the staff's page show it.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct Request {
    pub id: i64,
    /// Who asked (their account: the archive is in its files).
    pub uid: String,
    pub name: String,
    pub state: ExportState,
    pub asked_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
    /// `asked_at` and `finished_at` on the clock of Paris, as pages show them.
    pub asked_paris: chrono::NaiveDateTime,
    pub finished_paris: Option<chrono::NaiveDateTime>,
    /// `Exports/frama-space-….tar.gz`, once made.
    pub file: Option<String>,
    pub bytes: Option<i64>,
    /// Why it failed or could not be made.
    pub error: Option<String>,
}

impl Request {
    /// The archive as pages show it, `Exports/….tar.gz (12 Mo)`; empty until it is made.
    pub fn file_in_words(&self, lang: Lang) -> String {
        match (&self.file, self.bytes) {
            (Some(f), Some(b)) => format!("{f} ({})", lang.size(u64::try_from(b).unwrap_or(0))),
            (f, _) => f.clone().unwrap_or_default(),
        }
    }
}

/// The address of the `Exports` folder in the space at `slug`, where the archive is.
pub fn folder_url(ctx: &Ctx, slug: &str) -> String {
    let address = ctx.settings.site.space_address(slug);
    format!("https://{address}/apps/files/?dir=/{FOLDER}")
}

const REQUEST_COLUMNS: &str = "id, uid, name, state, asked_at, finished_at, file, bytes, error,
    asked_at at time zone 'Europe/Paris' as asked_paris,
    finished_at at time zone 'Europe/Paris' as finished_paris
    from space_exports";

/// What the dashboard's export page shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Exports {
    /// The person looking is the referent on file (who may ask).
    pub is_referent: bool,
    pub referent_name: Option<String>,
    /// The newest first, at most five.
    pub requests: Vec<Request>,
    /// When a new request may be asked, if not now (on the clock of Paris).
    pub next_paris: Option<chrono::NaiveDateTime>,
}

/// The requests of `by`'s space, and whether and when `by` may ask one.
pub async fn list(ctx: &Ctx, by: &Referent) -> Result<Exports> {
    let space = SpaceOnFile::load(ctx, by.space_id()).await?;
    let requests = requests(ctx, by.space_id(), 5).await?;
    let open = requests
        .iter()
        .any(|r| matches!(r.state, ExportState::Requested | ExportState::Running));
    let next_paris = if open {
        None
    } else {
        next_after_ready(&ctx.pool, by.space_id())
            .await?
            .map(|(_, paris)| paris)
    };
    Ok(Exports {
        is_referent: space.as_ref().is_some_and(|s| s.is_referent(by.uid())),
        referent_name: space.and_then(|s| s.referent_name),
        requests,
        next_paris,
    })
}

/// The newest `limit` requests of a space.
pub(crate) async fn requests(ctx: &Ctx, space_id: i64, limit: i64) -> Result<Vec<Request>> {
    Ok(sqlx::query_as(&format!(
        "select {REQUEST_COLUMNS} where space_id = $1 order by asked_at desc, id desc limit $2"
    ))
    .bind(space_id)
    .bind(limit)
    .fetch_all(&ctx.pool)
    .await?)
}

/// When the last ready export lets a new one be asked, if that is still to come (and the
/// same moment on the clock of Paris).
async fn next_after_ready(
    db: impl sqlx::PgExecutor<'_>,
    space_id: i64,
) -> sqlx::Result<Option<(DateTime<Utc>, chrono::NaiveDateTime)>> {
    sqlx::query_as(
        "select next, next at time zone 'Europe/Paris' from (
             select max(finished_at) + make_interval(hours => $3) as next from space_exports
             where space_id = $1 and state = $2) n
         where next > now()",
    )
    .bind(space_id)
    .bind(ExportState::Ready)
    .bind(BETWEEN_HOURS)
    .fetch_optional(db)
    .await
}

/// Why a request was not recorded. Nothing was.
#[derive(Debug, thiserror::Error)]
pub enum AskRefusal {
    #[error("only the referent on file asks for an export")]
    NotReferent,
    #[error("the space is not active")]
    NotActive,
    #[error("an export is under way")]
    Open,
    /// An export was made lately: the next may be asked from then.
    #[error("an export was made lately")]
    Recent(DateTime<Utc>),
    #[error(transparent)]
    Database(#[from] crate::Error),
}

impl From<sqlx::Error> for AskRefusal {
    fn from(e: sqlx::Error) -> Self {
        AskRefusal::Database(e.into())
    }
}

/// Records `by`'s request for an export of their space and enqueues its job, in one
/// transaction that holds the space's row: two requests at once make one.
pub async fn ask(ctx: &Ctx, by: &Referent) -> Result<i64, AskRefusal> {
    let space = SpaceOnFile::load(ctx, by.space_id()).await?;
    let Some(space) = space else {
        return Err(AskRefusal::NotActive);
    };
    if !space.is_referent(by.uid()) {
        return Err(AskRefusal::NotReferent);
    }
    let mut tx = ctx.pool.begin().await?;
    let state: Option<SpaceState> =
        sqlx::query_scalar("select state from spaces where id = $1 for update")
            .bind(by.space_id())
            .fetch_optional(&mut *tx)
            .await?;
    if state != Some(SpaceState::Active) {
        return Err(AskRefusal::NotActive);
    }
    let open: bool = sqlx::query_scalar(
        "select exists (select 1 from space_exports where space_id = $1 and state in ($2, $3))",
    )
    .bind(by.space_id())
    .bind(ExportState::Requested)
    .bind(ExportState::Running)
    .fetch_one(&mut *tx)
    .await?;
    if open {
        return Err(AskRefusal::Open);
    }
    if let Some((at, _)) = next_after_ready(&mut *tx, by.space_id()).await? {
        return Err(AskRefusal::Recent(at));
    }
    let id: i64 = sqlx::query_scalar(
        "insert into space_exports (space_id, uid, name) values ($1, $2, left($3, 200))
         returning id",
    )
    .bind(by.space_id())
    .bind(by.uid())
    .bind(by.display_name())
    .fetch_one(&mut *tx)
    .await?;
    jobs::enqueue(&mut tx, &MakeExport { export_id: id }).await?;
    tx.commit().await?;
    tracing::info!(space = by.space_id(), export = id, "an export was asked");
    Ok(id)
}

/// Starts the space's last export again when it failed or its host could not make it (once
/// the host's script is up to date), from the start: an archive made before the failure
/// may be gone since. Whether there was one to start.
pub async fn start_again(ctx: &Ctx, _admin: &Admin, space_id: i64) -> Result<bool> {
    let mut tx = ctx.pool.begin().await?;
    let slug: Option<String> =
        sqlx::query_scalar("select slug from spaces where id = $1 and state = $2 for update")
            .bind(space_id)
            .bind(SpaceState::Active)
            .fetch_optional(&mut *tx)
            .await?;
    let Some(slug) = slug else {
        return Ok(false);
    };
    let id: Option<i64> = sqlx::query_scalar(
        "update space_exports set state = $2, error = null, finished_at = null, started_at = null,
                file = null, bytes = null
         where id = (select id from space_exports where space_id = $1
                     order by asked_at desc, id desc limit 1)
           and state in ($3, $4)
         returning id",
    )
    .bind(space_id)
    .bind(ExportState::Requested)
    .bind(ExportState::Failed)
    .bind(ExportState::Unavailable)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(id) = id else {
        return Ok(false);
    };
    jobs::enqueue(&mut tx, &MakeExport { export_id: id }).await?;
    alerts::clear(&mut *tx, AlertKind::ExportByHand, &slug).await?;
    tx.commit().await?;
    Ok(true)
}

/// Makes one requested export.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct MakeExport {
    pub export_id: i64,
}

impl Job for MakeExport {
    const KIND: &'static str = "referents.export";

    fn dedup_key(&self) -> Option<String> {
        Some(self.export_id.to_string())
    }
}

pub(crate) fn register(registry: &mut Registry) {
    registry.handle(
        Policy {
            max_attempts: MAX_ATTEMPTS,
            retry_base_secs: 300,
            // Hours of a host's disk and processor: never several at once per worker.
            one_at_a_time: true,
        },
        make,
    );
}

#[derive(sqlx::FromRow)]
struct Pending {
    space_id: i64,
    uid: String,
    state: ExportState,
    file: Option<String>,
}

async fn make(run: Running, job: MakeExport) -> Result<(), JobError> {
    let ctx = run.ctx.clone();
    let row: Option<Pending> =
        sqlx::query_as("select space_id, uid, state, file from space_exports where id = $1")
            .bind(job.export_id)
            .fetch_optional(&ctx.pool)
            .await?;
    let Some(row) = row else {
        // The space was removed, and its requests with it.
        return Ok(());
    };
    if !matches!(row.state, ExportState::Requested | ExportState::Running) {
        return Ok(());
    }
    let Some(space) = SpaceOnFile::for_job(&ctx, row.space_id).await? else {
        let why = "the space was removed";
        return finish(&run, job.export_id, Finish::Failed(None, why)).await;
    };
    sqlx::query(
        "update space_exports set state = $2, started_at = coalesce(started_at, now())
         where id = $1",
    )
    .bind(job.export_id)
    .bind(ExportState::Running)
    .execute(&ctx.pool)
    .await?;
    let access = space
        .access(&ctx)
        .await
        .map_err(|e| JobError::Retry(e.to_string()))?;
    // A retry after the archive was made only lists it again.
    if row.file.is_none() {
        let Some(script) = access.host_script(&space.instance) else {
            let why = "the host has no host script";
            return finish(&run, job.export_id, Finish::Unavailable(&space.slug, why)).await;
        };
        run.check_lease().await?;
        match script.export(&row.uid, MAKE_TIMEOUT).await {
            Ok(Some(made)) => {
                sqlx::query("update space_exports set file = $2, bytes = $3 where id = $1")
                    .bind(job.export_id)
                    .bind(&made.file)
                    .bind(i64::try_from(made.bytes).unwrap_or(i64::MAX))
                    .execute(&ctx.pool)
                    .await?;
            }
            Ok(None) => {
                let why = "the host script has no export action";
                return finish(&run, job.export_id, Finish::Unavailable(&space.slug, why)).await;
            }
            Err(e) => return given_up_or_retried(&run, job.export_id, &space.slug, e).await,
        }
    }
    run.check_lease().await?;
    let folder = format!("/{}/files/{FOLDER}", row.uid);
    if let Err(e) = access.occ(&space.instance).scan_files(&folder).await {
        return given_up_or_retried(&run, job.export_id, &space.slug, e).await;
    }
    finish(&run, job.export_id, Finish::Ready(&space, &row.uid)).await
}

/// A failure of the host: tried again later, or given up at the last attempt.
async fn given_up_or_retried(
    run: &Running,
    id: i64,
    slug: &str,
    e: NcError,
) -> Result<(), JobError> {
    if let NcError::Occ { code, .. } = &e {
        if *code == crate::nextcloud::HOST_BUSY {
            return Err(JobError::Later {
                secs: 120,
                why: "the space is busy".into(),
            });
        }
    }
    let why = e.to_string();
    sqlx::query("update space_exports set error = left($2, 500) where id = $1")
        .bind(id)
        .bind(&why)
        .execute(&run.ctx.pool)
        .await?;
    if run.attempt >= MAX_ATTEMPTS {
        return finish(run, id, Finish::Failed(Some(slug), &why)).await;
    }
    Err(JobError::Retry(why))
}

enum Finish<'a> {
    /// The space, and the account whose files hold the archive.
    Ready(&'a SpaceOnFile, &'a str),
    /// Given up (the space's slug, unless it was removed; why): staff hear of it.
    Failed(Option<&'a str>, &'a str),
    /// The host cannot make it (the space's slug, why).
    Unavailable(&'a str, &'a str),
}

/// Records how the request ended and completes the job, in one transaction under its lease;
/// a ready export mails the referent on file, one the host cannot make raises an alert.
async fn finish(run: &Running, id: i64, how: Finish<'_>) -> Result<(), JobError> {
    let mut tx = run.fence().await?;
    let (state, error) = match &how {
        Finish::Ready(..) => (ExportState::Ready, None),
        Finish::Failed(_, why) => (ExportState::Failed, Some(*why)),
        Finish::Unavailable(_, why) => (ExportState::Unavailable, Some(*why)),
    };
    let done: Option<(Option<String>, Option<i64>)> = sqlx::query_as(
        "update space_exports set state = $2, finished_at = now(), error = left($3, 500)
         where id = $1 returning file, bytes",
    )
    .bind(id)
    .bind(state)
    .bind(error)
    .fetch_optional(&mut *tx)
    .await?;
    match how {
        Finish::Ready(space, uid) => {
            if let (Some((Some(file), bytes)), Some(email)) = (
                done,
                space
                    .referent_email
                    .as_deref()
                    .and_then(|e| Email::parse(e).ok()),
            ) {
                let made = (uid, file.as_str(), bytes.unwrap_or(0));
                let mail = ready_mail(&run.ctx, space, &email, made);
                mail::enqueue(&mut tx, MAIL_READY, &mail).await?;
            }
        }
        Finish::Unavailable(slug, why) | Finish::Failed(Some(slug), why) => {
            alerts::raise(&mut *tx, AlertKind::ExportByHand, slug, why).await?;
        }
        Finish::Failed(None, _) => {}
    }
    run.complete(tx).await
}

/// The mail to the referent on file: the archive `(account, file, bytes)` is ready.
fn ready_mail(
    ctx: &Ctx,
    space: &SpaceOnFile,
    to: &Email,
    (uid, file, bytes): (&str, &str, i64),
) -> OutgoingMail {
    let site = &ctx.settings.site;
    let lang = space.language();
    let address = site.space_address(&space.slug);
    let name = file.rsplit('/').next().unwrap_or(file);
    let size = lang.size(u64::try_from(bytes).unwrap_or(0));
    let url = folder_url(ctx, &space.slug);
    let layout = Layout {
        lang,
        site_name: &site.name,
        paragraphs: vec![
            tr(
                lang,
                "mail-export-intro",
                &[
                    ("space", &address),
                    ("file", name),
                    ("size", &size),
                    ("account", uid),
                ],
            ),
            tr(lang, "mail-export-what", &[]),
        ],
        action: Some((tr(lang, "mail-export-action", &[]), url)),
        after: vec![tr(lang, "mail-export-after", &[])],
        unsubscribe_url: None,
    };
    layout.mail(
        to.to_string(),
        tr(lang, "mail-export-subject", &[("space", &address)]),
    )
}
