//! Registration windows ("waves") and the platform's capacity: whether an application can
//! be sent now, and what the public pages say about it.

use chrono::{DateTime, NaiveDateTime, Utc};
use common::states::{ApplicationStatus, SpaceState};
use sqlx::PgConnection;

use crate::accounts::{Admin, IsStaff};
use crate::{Ctx, Lang, Result};

/// A moment, and the same moment on the clock of Paris (what every page and mail shows).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Moment {
    pub utc: DateTime<Utc>,
    pub paris: NaiveDateTime,
}

/// Whether applications are accepted now.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Registration {
    /// A window is open, until `closes`.
    Open {
        window_id: i64,
        closes: Moment,
        note: String,
    },
    /// No window open; the next one, if one is planned.
    Closed { next: Option<Moment>, note: String },
    /// The open window took all the applications it allows; the next one, if planned.
    WindowFull { next: Option<Moment> },
    /// Every space the platform can host is in use or promised.
    CapacityReached,
}

impl Registration {
    pub fn is_open(&self) -> bool {
        matches!(self, Registration::Open { .. })
    }
}

/// Spaces in use or promised: active, being provisioned, or approved and waiting.
pub async fn spaces_committed(conn: &mut PgConnection) -> Result<i64> {
    Ok(
        sqlx::query_scalar("select count(*) from spaces where state <> all($1)")
            .bind(&[SpaceState::Deleted, SpaceState::Failed][..])
            .fetch_one(conn)
            .await?,
    )
}

/// The applications a window no longer counts against its cap: withdrawn, or never
/// confirmed in time.
const NOT_COUNTED: &[ApplicationStatus] =
    &[ApplicationStatus::Expired, ApplicationStatus::Withdrawn];

type WindowRow = (
    i64,
    DateTime<Utc>,
    NaiveDateTime,
    Option<i32>,
    String,
    String,
);

/// The registration state now, with notes in `lang`.
pub async fn registration(ctx: &Ctx, lang: Lang) -> Result<Registration> {
    let mut conn = ctx.pool.acquire().await?;
    registration_on(&mut conn, ctx, lang).await
}

/// As [`registration`], on the caller's connection (inside its transaction).
pub async fn registration_on(
    conn: &mut PgConnection,
    ctx: &Ctx,
    lang: Lang,
) -> Result<Registration> {
    if spaces_committed(conn).await? >= i64::from(ctx.settings.site.capacity) {
        return Ok(Registration::CapacityReached);
    }
    let note = |fr: String, en: String| {
        if lang == Lang::En && !en.is_empty() {
            en
        } else {
            fr
        }
    };
    let open: Option<WindowRow> = sqlx::query_as(
        "select id, closes_at, closes_at at time zone 'Europe/Paris', max_applications,
                note_fr, note_en
         from registration_windows where opens_at <= now() and closes_at > now()",
    )
    .fetch_optional(&mut *conn)
    .await?;
    let next: Option<(DateTime<Utc>, NaiveDateTime, String, String)> = sqlx::query_as(
        "select opens_at, opens_at at time zone 'Europe/Paris', note_fr, note_en
         from registration_windows where opens_at > now() order by opens_at limit 1",
    )
    .fetch_optional(&mut *conn)
    .await?;
    let next_moment = next.as_ref().map(|(utc, paris, _, _)| Moment {
        utc: *utc,
        paris: *paris,
    });
    let Some((window_id, closes_utc, closes_paris, cap, note_fr, note_en)) = open else {
        let note = next.map(|(_, _, fr, en)| note(fr, en)).unwrap_or_default();
        return Ok(Registration::Closed {
            next: next_moment,
            note,
        });
    };
    if let Some(cap) = cap {
        let taken: i64 = sqlx::query_scalar(
            "select count(*) from applications
             where window_id = $1 and status <> all($2)",
        )
        .bind(window_id)
        .bind(NOT_COUNTED)
        .fetch_one(&mut *conn)
        .await?;
        if taken >= i64::from(cap) {
            return Ok(Registration::WindowFull { next: next_moment });
        }
    }
    Ok(Registration::Open {
        window_id,
        closes: Moment {
            utc: closes_utc,
            paris: closes_paris,
        },
        note: note(note_fr, note_en),
    })
}

/// A window an administrator plans. Times are on the clock of Paris.
#[derive(Clone, Debug)]
pub struct NewWindow {
    pub opens: NaiveDateTime,
    pub closes: NaiveDateTime,
    pub max_applications: Option<i32>,
    pub note_fr: String,
    pub note_en: String,
}

#[derive(Debug, thiserror::Error)]
pub enum WindowError {
    #[error("a window closes after it opens")]
    ClosesBeforeOpening,
    #[error("this window overlaps another")]
    Overlaps,
    #[error(transparent)]
    Backend(#[from] crate::Error),
}

/// Plans a registration window; windows never overlap.
pub async fn create_window(ctx: &Ctx, by: &Admin, window: &NewWindow) -> Result<i64, WindowError> {
    if window.closes <= window.opens {
        return Err(WindowError::ClosesBeforeOpening);
    }
    let created = sqlx::query_scalar(
        "insert into registration_windows
             (opens_at, closes_at, max_applications, note_fr, note_en, created_by)
         values ($1 at time zone 'Europe/Paris', $2 at time zone 'Europe/Paris', $3, $4, $5, $6)
         returning id",
    )
    .bind(window.opens)
    .bind(window.closes)
    .bind(window.max_applications)
    .bind(&window.note_fr)
    .bind(&window.note_en)
    .bind(by.staff().map(|s| s.id()))
    .fetch_one(&ctx.pool)
    .await;
    match created {
        Ok(id) => Ok(id),
        Err(sqlx::Error::Database(e)) if e.code().as_deref() == Some("23P01") => {
            Err(WindowError::Overlaps)
        }
        Err(e) => Err(WindowError::Backend(e.into())),
    }
}

/// A planned or past window, as staff see it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WindowSummary {
    pub id: i64,
    /// On the clock of Paris.
    pub opens: NaiveDateTime,
    pub closes: NaiveDateTime,
    pub max_applications: Option<i32>,
    /// Applications received in it (expired and withdrawn ones excepted).
    pub applications: i64,
    pub note_fr: String,
    pub note_en: String,
    /// `past`, `open` or `planned`, now.
    pub state: String,
}

/// Every window, the latest first.
pub async fn list_windows(ctx: &Ctx, _staff: &impl IsStaff) -> Result<Vec<WindowSummary>> {
    type Row = (
        i64,
        NaiveDateTime,
        NaiveDateTime,
        Option<i32>,
        i64,
        String,
        String,
        String,
    );
    let rows: Vec<Row> = sqlx::query_as(
        "select w.id, w.opens_at at time zone 'Europe/Paris', w.closes_at at time zone 'Europe/Paris',
                w.max_applications,
                (select count(*) from applications a
                 where a.window_id = w.id and a.status <> all($1)),
                w.note_fr, w.note_en,
                case when w.closes_at <= now() then 'past'
                     when w.opens_at <= now() then 'open' else 'planned' end
         from registration_windows w order by w.opens_at desc",
    )
    .bind(NOT_COUNTED)
    .fetch_all(&ctx.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(
            |(id, opens, closes, max_applications, applications, note_fr, note_en, state)| {
                WindowSummary {
                    id,
                    opens,
                    closes,
                    max_applications,
                    applications,
                    note_fr,
                    note_en,
                    state,
                }
            },
        )
        .collect())
}
