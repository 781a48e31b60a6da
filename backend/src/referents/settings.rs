//! The settings a space's referent changes from the dashboard: the office suite (a change of
//! the space, `provisioning::lifecycle::change_office_as_referent`), the apps offered
//! ([`apps::offered`]), and the space's name, colour and logo.
//!
//! What the space has now is read in its Nextcloud each time the page is shown ([`now`]):
//! a change its admin made in Nextcloud itself shows as it is, and is kept. A change asked
//! here is a wish (`space_wishes`, one per space and topic, the latest one wins), applied by
//! the job `referents.settings` with `occ` (`app:enable`, `app:disable`, `theming:config`)
//! and, for the logo's file, the host script: durable, retried, shown as pending until done.

use chrono::{DateTime, Utc};
use common::states::{JobState, SpaceAction, SpaceState};
use common::ErrorCode;

use super::{Referent, SpaceOnFile};
use crate::jobs::{self, Job, JobError, Policy, Registry, Running};
use crate::nextcloud::NcError;
use crate::provisioning::apps;
use crate::Ctx;

/// A name Nextcloud shows in its header and mails: at most this many characters…
pub const NAME_MAX_CHARS: usize = 80;
/// …and bytes: Nextcloud's theming refuses a name over 250 bytes
/// (`ThemingController::updateStylesheet`, `NEXTCLOUD.md` §6 theming).
pub const NAME_MAX_BYTES: usize = 250;
/// A logo's file, at most.
pub const LOGO_MAX_BYTES: usize = 1024 * 1024;
/// A logo's width and height, in pixels, at least and at most.
pub const LOGO_MIN_SIDE: usize = 16;
pub const LOGO_MAX_SIDE: usize = 4096;

/// The primary colour's key of `theming:config` (Nextcloud 30 and later; `color` before,
/// still taken with a warning: `NEXTCLOUD.md` §6 theming).
pub const COLOR_KEY: &str = "primary_color";

/// A logo checked: PNG or JPEG, its type read from its bytes, never from its name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Logo {
    bytes: Vec<u8>,
    mime: &'static str,
    width: usize,
    height: usize,
}

impl Logo {
    /// The file as a logo, or why not (an SVG is refused: Nextcloud would keep its scripts).
    pub fn check(bytes: Vec<u8>) -> Result<Logo, ErrorCode> {
        if bytes.is_empty() {
            return Err(ErrorCode::LogoEmpty);
        }
        if bytes.len() > LOGO_MAX_BYTES {
            return Err(ErrorCode::LogoTooLarge);
        }
        let mime = match imagesize::image_type(&bytes) {
            Ok(imagesize::ImageType::Png) => "image/png",
            Ok(imagesize::ImageType::Jpeg) => "image/jpeg",
            _ => return Err(ErrorCode::LogoType),
        };
        let size = imagesize::blob_size(&bytes).map_err(|_| ErrorCode::LogoType)?;
        let sides = LOGO_MIN_SIDE..=LOGO_MAX_SIDE;
        if !sides.contains(&size.width) || !sides.contains(&size.height) {
            return Err(ErrorCode::LogoDimensions);
        }
        Ok(Logo {
            bytes,
            mime,
            width: size.width,
            height: size.height,
        })
    }

    /// `image/png 512×512`: what the page says of the logo once the file is gone.
    fn described(&self) -> String {
        format!("{} {}×{}", self.mime, self.width, self.height)
    }
}

/// A name as Nextcloud will show it: trimmed, on one line, within the limits.
pub fn check_name(name: &str) -> Result<String, ErrorCode> {
    let name = name.trim();
    if name.is_empty() {
        return Err(ErrorCode::SpaceNameRequired);
    }
    if name.chars().count() > NAME_MAX_CHARS || name.len() > NAME_MAX_BYTES {
        return Err(ErrorCode::SpaceNameTooLong);
    }
    if name.chars().any(char::is_control) {
        return Err(ErrorCode::SpaceNameCharacters);
    }
    Ok(name.to_string())
}

/// A colour as `#rrggbb` in lower case (what a colour field sends), or `#rgb` widened.
pub fn check_color(color: &str) -> Result<String, ErrorCode> {
    let hex = color.trim().strip_prefix('#').unwrap_or("");
    if !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return Err(ErrorCode::ColorInvalid);
    }
    let hex = hex.to_ascii_lowercase();
    match hex.len() {
        6 => Ok(format!("#{hex}")),
        3 => Ok(format!(
            "#{}",
            hex.chars().flat_map(|c| [c, c]).collect::<String>()
        )),
        _ => Err(ErrorCode::ColorInvalid),
    }
}

/// What a referent asks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Wish {
    App { app: &'static str, on: bool },
    Name(String),
    Color(String),
    Logo(Logo),
}

impl Wish {
    fn topic(&self) -> String {
        match self {
            Wish::App { app, .. } => format!("app:{app}"),
            Wish::Name(_) => "name".into(),
            Wish::Color(_) => "color".into(),
            Wish::Logo(_) => "logo".into(),
        }
    }

    fn value(&self) -> String {
        match self {
            Wish::App { on, .. } => if *on { "on" } else { "off" }.into(),
            Wish::Name(n) => n.clone(),
            Wish::Color(c) => c.clone(),
            Wish::Logo(l) => l.described(),
        }
    }
}

/// Why a wish was refused.
#[derive(Debug, thiserror::Error)]
pub enum WishError {
    #[error("the space is not active")]
    NotActive,
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
}

/// Records `wish` (replacing any earlier one of its topic) and enqueues the job that applies
/// it, in one transaction. An app must be one the dashboard offers ([`apps::is_offered`]),
/// which the caller checked with the offered list's own names.
pub async fn ask(ctx: &Ctx, by: &Referent, wish: Wish) -> Result<(), WishError> {
    let mut tx = ctx.pool.begin().await?;
    // The space's row, locked: the job's last look for wishes waits for this one.
    let state: Option<SpaceState> =
        sqlx::query_scalar("select state from spaces where id = $1 for update")
            .bind(by.space_id())
            .fetch_optional(&mut *tx)
            .await?;
    if state != Some(SpaceState::Active) {
        return Err(WishError::NotActive);
    }
    let logo = match &wish {
        Wish::Logo(l) => Some(l.bytes.as_slice()),
        _ => None,
    };
    sqlx::query(
        "insert into space_wishes (space_id, topic, value, logo, asked_by)
         values ($1, $2, $3, $4, $5)
         on conflict (space_id, topic) do update
         set value = excluded.value, logo = excluded.logo, asked_by = excluded.asked_by,
             asked_at = clock_timestamp(), applied_at = null, error = null",
    )
    .bind(by.space_id())
    .bind(wish.topic())
    .bind(wish.value())
    .bind(logo)
    .bind(
        format!("{} ({})", by.display_name(), by.uid())
            .chars()
            .take(400)
            .collect::<String>(),
    )
    .execute(&mut *tx)
    .await?;
    jobs::enqueue(
        &mut tx,
        &ApplySettings {
            space_id: by.space_id(),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// A wish as the page shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WishNow {
    pub topic: String,
    pub value: String,
    pub asked_by: String,
    pub asked_at: DateTime<Utc>,
    pub applied_at: Option<DateTime<Utc>>,
    /// Why the last try failed (it is tried again), or why it never will be.
    pub error: Option<String>,
}

impl WishNow {
    pub fn pending(&self) -> bool {
        self.applied_at.is_none()
    }
}

/// An app the dashboard offers, as the space has it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AppNow {
    pub id: &'static str,
    /// On in a new space.
    pub at_first: bool,
    /// `None`: not on this space's host (its operator has not installed it).
    pub on: Option<bool>,
}

/// The office suite and its latest change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OfficeNow {
    /// `collabora` or `onlyoffice`: what the portal set up, or is setting up.
    pub office: String,
    /// Its host has an office server.
    pub host_has_office: bool,
    pub change: Option<OfficeChange>,
}

/// The latest change of office suite, and how far its job went.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OfficeChange {
    pub at: DateTime<Utc>,
    pub by_referent: bool,
    pub job: Option<JobState>,
    /// Its steps, each with its outcome.
    pub steps: Vec<(String, String)>,
}

/// The space's look as its Nextcloud tells it (`capabilities` → `theming`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LookNow {
    pub name: String,
    pub color: String,
}

/// What the settings page shows.
#[derive(Debug)]
pub struct Now {
    pub office: OfficeNow,
    /// Another change of the space is under way (its office suite cannot change now).
    pub busy: bool,
    pub state: SpaceState,
    /// When the deletion asked will be done.
    pub delete_after: Option<DateTime<Utc>>,
    /// From the space's Nextcloud; `Err` when it did not answer.
    pub apps: Result<Vec<AppNow>, NcError>,
    pub look: Result<LookNow, NcError>,
    pub wishes: Vec<WishNow>,
}

/// What the space has now, read in its Nextcloud, with the wishes and the office change.
pub async fn now(ctx: &Ctx, by: &Referent) -> crate::Result<Now> {
    type Row = (String, SpaceState, bool, bool, Option<DateTime<Utc>>);
    let (office, state, host_has_office, busy, delete_after): Row = sqlx::query_as(&format!(
        "select s.office, s.state, coalesce(h.office_url is not null, false), {busy},
                s.delete_after
         from spaces s left join hosts h on h.id = s.host_id where s.id = $1",
        busy = crate::provisioning::lifecycle::busy_sql("s.id"),
    ))
    .bind(by.space_id())
    .fetch_one(&ctx.pool)
    .await?;
    type ChangeRow = (DateTime<Utc>, String, Option<JobState>, Option<i64>);
    let change: Option<ChangeRow> = sqlx::query_as(
        "select e.at, e.actor, j.state, e.job_id from space_events e
         left join jobs j on j.id = e.job_id
         where e.space_id = $1 and e.action = $2 order by e.id desc limit 1",
    )
    .bind(by.space_id())
    .bind(SpaceAction::Office)
    .fetch_optional(&ctx.pool)
    .await?;
    let change = match change {
        None => None,
        Some((at, actor, job, job_id)) => {
            let steps: Vec<(String, String)> = sqlx::query_as(
                "select step, outcome from space_steps where job_id = $1 order by id",
            )
            .bind(job_id)
            .fetch_all(&ctx.pool)
            .await?;
            Some(OfficeChange {
                at,
                by_referent: actor == "referent",
                job,
                steps,
            })
        }
    };
    let wishes = wishes(ctx, by.space_id()).await?;
    let (apps, look) = match SpaceOnFile::load(ctx, by.space_id()).await? {
        Some(space) => read_space(ctx, &space).await,
        None => (
            Err(NcError::Unreachable("no such space".into())),
            Err(NcError::Unreachable("no such space".into())),
        ),
    };
    Ok(Now {
        office: OfficeNow {
            office,
            host_has_office,
            change,
        },
        busy,
        state,
        delete_after,
        apps,
        look,
        wishes,
    })
}

type Read<T> = Result<T, NcError>;

/// The offered apps and the look, as the space's Nextcloud has them.
async fn read_space(ctx: &Ctx, space: &SpaceOnFile) -> (Read<Vec<AppNow>>, Read<LookNow>) {
    let ocs = match space.dashboard_ocs(ctx).await {
        Ok(ocs) => ocs,
        Err(e) => return (Err(NcError::Unreachable(e.to_string())), Err(e)),
    };
    let (enabled, disabled, caps) = tokio::join!(
        ocs.apps(Some("enabled")),
        ocs.apps(Some("disabled")),
        ocs.capabilities()
    );
    let apps = match (enabled, disabled) {
        (Ok(enabled), Ok(disabled)) => Ok(apps::offered()
            .map(|(id, at_first)| AppNow {
                id,
                at_first,
                on: if enabled.iter().any(|a| a == id) {
                    Some(true)
                } else if disabled.iter().any(|a| a == id) {
                    Some(false)
                } else {
                    None
                },
            })
            .collect()),
        (Err(e), _) | (_, Err(e)) => Err(e),
    };
    let look = caps.map(|caps| {
        let theming = &caps["capabilities"]["theming"];
        LookNow {
            name: theming["name"].as_str().unwrap_or_default().to_string(),
            color: theming["color"].as_str().unwrap_or_default().to_string(),
        }
    });
    (apps, look)
}

async fn wishes(ctx: &Ctx, space_id: i64) -> sqlx::Result<Vec<WishNow>> {
    type Row = (
        String,
        String,
        String,
        DateTime<Utc>,
        Option<DateTime<Utc>>,
        Option<String>,
    );
    let rows: Vec<Row> = sqlx::query_as(
        "select topic, value, asked_by, asked_at, applied_at, error from space_wishes
         where space_id = $1 order by topic",
    )
    .bind(space_id)
    .fetch_all(&ctx.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(
            |(topic, value, asked_by, asked_at, applied_at, error)| WishNow {
                topic,
                value,
                asked_by,
                asked_at,
                applied_at,
                error,
            },
        )
        .collect())
}

/// Applies a space's pending wishes, until none is left.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct ApplySettings {
    pub space_id: i64,
}

impl Job for ApplySettings {
    const KIND: &'static str = "referents.settings";

    fn dedup_key(&self) -> Option<String> {
        Some(self.space_id.to_string())
    }
}

pub(crate) fn register(registry: &mut Registry) {
    registry.handle(
        Policy {
            max_attempts: 10,
            retry_base_secs: 30,
            one_at_a_time: false,
        },
        apply,
    );
}

/// A pending wish, as the job reads it.
#[derive(sqlx::FromRow)]
struct Pending {
    topic: String,
    value: String,
    logo: Option<Vec<u8>>,
    asked_at: DateTime<Utc>,
}

async fn apply(run: Running, job: ApplySettings) -> Result<(), JobError> {
    let ctx = run.ctx.clone();
    loop {
        let pending: Vec<Pending> = sqlx::query_as(
            "select topic, value, logo, asked_at from space_wishes
             where space_id = $1 and applied_at is null order by asked_at",
        )
        .bind(job.space_id)
        .fetch_all(&ctx.pool)
        .await?;
        if pending.is_empty() {
            // The last look, with the space's row locked: a wish asked meanwhile either
            // shows here, or is asked after this job is done and enqueues the next one.
            let mut tx = run.fence().await?;
            sqlx::query("select 1 from spaces where id = $1 for update")
                .bind(job.space_id)
                .fetch_optional(&mut *tx)
                .await?;
            let left: bool = sqlx::query_scalar(
                "select exists (select 1 from space_wishes where space_id = $1 and applied_at is null)",
            )
            .bind(job.space_id)
            .fetch_one(&mut *tx)
            .await?;
            if left {
                continue;
            }
            return run.complete(tx).await;
        }
        let Some(space) = SpaceOnFile::for_job(&ctx, job.space_id).await? else {
            return Err(JobError::Fatal("the space was removed".into()));
        };
        let access = space
            .access(&ctx)
            .await
            .map_err(|e| JobError::Retry(e.to_string()))?;
        for wish in pending {
            run.check_lease().await?;
            let outcome = apply_one(&access, &space.instance, &wish).await;
            let (applied, error) = match &outcome {
                Ok(()) => (true, None),
                // Never better on a retry (an app the host lacks): said, and done with.
                Err(Applied::Never(why)) => (true, Some(why.clone())),
                Err(Applied::Later(why)) => (false, Some(why.clone())),
            };
            sqlx::query(
                "update space_wishes
                 set applied_at = case when $4 then now() end, error = $5,
                     logo = case when $4 then null else logo end
                 where space_id = $1 and topic = $2 and asked_at = $3",
            )
            .bind(job.space_id)
            .bind(&wish.topic)
            .bind(wish.asked_at)
            .bind(applied)
            .bind(
                error
                    .as_deref()
                    .map(|e| e.chars().take(500).collect::<String>()),
            )
            .execute(&ctx.pool)
            .await?;
            if let Err(Applied::Later(why)) = outcome {
                return Err(JobError::Retry(why));
            }
        }
    }
}

/// Why a wish was not applied.
enum Applied {
    Never(String),
    Later(String),
}

impl From<NcError> for Applied {
    fn from(e: NcError) -> Self {
        Applied::Later(e.to_string())
    }
}

async fn apply_one(
    access: &crate::nextcloud::HostAccess,
    instance: &str,
    wish: &Pending,
) -> Result<(), Applied> {
    let occ = access.occ(instance);
    if let Some(app) = wish.topic.strip_prefix("app:") {
        if wish.value == "on" {
            let out = occ.run(&["app:enable", "--", app], &[]).await?;
            if out.code != 0 {
                // `<id> not found`: the host's operator has not installed it; anything
                // else may pass on a retry.
                return Err(if out.says("not found") {
                    Applied::Never(out.said())
                } else {
                    Applied::Later(out.said())
                });
            }
        } else {
            occ.ok(&["app:disable", "--", app], &[]).await?;
        }
        return Ok(());
    }
    match wish.topic.as_str() {
        "name" => occ.theming("name", &wish.value).await?,
        "color" => occ.theming(COLOR_KEY, &wish.value).await?,
        "logo" => {
            let Some(bytes) = &wish.logo else {
                return Err(Applied::Never("the logo's file is gone".into()));
            };
            let script = access
                .host_script(instance)
                .ok_or_else(|| Applied::Later("the host has no host script".into()))?;
            let path = script.write_logo(bytes).await?;
            occ.theming("logo", &path).await?;
        }
        other => return Err(Applied::Never(format!("unknown setting {other}"))),
    }
    Ok(())
}
