//! Applications for a space: sent while registrations are open, confirmed by e-mail, then
//! followed by the applicant on a private status page.
//!
//! - **Sending** writes the application, its first event and the confirmation mail in one
//!   transaction; the address (slug) is free, not reserved, and unique among live
//!   applications, with a database index as the last guard against a race.
//! - **Until confirmed**, an application waits outside the queue, and expires after
//!   `unconfirmed_expire_hours` (its address is free again).
//! - **The status page** is reached by an unguessable link (only its hash is stored); a
//!   "lost my link" request mails a fresh one, and reveals nothing about who applied.

pub mod digest;
pub mod hints;
mod mails;
pub mod moderation;
pub mod privacy;
pub mod public_state;
mod slug;
pub mod templates;
pub mod windows;

use chrono::{DateTime, NaiveDateTime, Utc};
use sqlx::{PgConnection, Postgres, Transaction};

pub use common::application::{check, clean_text, ApplicationForm, Checked, NewApplication};
pub use slug::{check_not_reserved, suggest_slug, DEFAULT_RESERVED};
pub use windows::{registration, Registration};

use crate::i18n::{tr, Lang};
use crate::mail::{self, Layout, OutgoingMail};
use crate::{rate_limit, tokens, ClientAddr, Ctx, Email, Error, Result};
use common::states::{sql_list, ApplicationEvent, ApplicationStatus, SpaceState};
use common::{ErrorCode, Slug};

pub use mails::{MAIL_CONFIRM, MAIL_KINDS, MAIL_LINK};

/// Why an application was not written.
#[derive(Debug, thiserror::Error)]
pub enum SubmitError {
    /// Closed, window full, or capacity reached: the form should not have been shown.
    #[error("registrations are not open")]
    NotOpen(ErrorCode),
    /// The address is reserved, or already asked for or in use.
    #[error("address refused")]
    Slug(ErrorCode),
    #[error(transparent)]
    Backend(#[from] Error),
}

impl From<sqlx::Error> for SubmitError {
    fn from(e: sqlx::Error) -> Self {
        SubmitError::Backend(e.into())
    }
}

/// An application written; its links are in the mail (tests read them here).
#[derive(Debug)]
pub struct Submitted {
    pub id: i64,
    pub confirm_token: String,
    pub status_token: String,
}

/// The reserved addresses: the built-in list, the operator's, the first label of every
/// host's name (`nc1` of `nc1.frama.space`) and of the portal's own address when it is a
/// subdomain (`portail` of `portail.frama.space`): each is a name the deployment may use
/// beside the spaces.
pub async fn reserved(ctx: &Ctx) -> Result<Vec<String>, sqlx::Error> {
    let hosts: Vec<String> =
        sqlx::query_scalar("select distinct split_part(name, '.', 1) from hosts")
            .fetch_all(&ctx.pool)
            .await?;
    Ok(DEFAULT_RESERVED
        .iter()
        .map(|r| r.to_string())
        .chain(ctx.settings.applications.reserved.iter().cloned())
        .chain(hosts)
        .chain(portal_label(&ctx.settings.site.public_url))
        .collect())
}

/// The first label of the portal's address, when that address has three labels or more.
fn portal_label(public_url: &str) -> Option<String> {
    let rest = public_url.split_once("://").map_or(public_url, |(_, r)| r);
    let host = rest.split(['/', ':']).next()?;
    let labels: Vec<&str> = host.split('.').collect();
    (labels.len() >= 3
        && labels.iter().all(|l| !l.is_empty())
        && host.parse::<std::net::IpAddr>().is_err())
    .then(|| labels[0].to_ascii_lowercase())
}

/// Whether an address is taken by a live application or a space.
async fn slug_taken(conn: &mut PgConnection, slug: &Slug) -> Result<bool> {
    Ok(slug_taken_by_others(conn, slug, None).await?)
}

/// Whether an address is taken by a live application, a live space, or kept as a space's
/// former address; `own` leaves out one space and its application (a space renamed may
/// take back a name it had).
pub(crate) async fn slug_taken_by_others(
    conn: &mut PgConnection,
    slug: &Slug,
    own: Option<(i64, Option<i64>)>,
) -> std::result::Result<bool, sqlx::Error> {
    let (space, application) = own.map_or((None, None), |(s, a)| (Some(s), a));
    // literal: partial indexes applications_live_slug and spaces_live_slug
    let sql = format!(
        "select exists (select 1 from applications where lower(slug) = $1
                          and status not in ({closed})
                          and id is distinct from $3)
             or exists (select 1 from spaces where lower(slug) = $1 and state <> {deleted}
                          and id is distinct from $2)
             or exists (select 1 from space_former_addresses where slug = $1
                          and space_id is distinct from $2)",
        closed = sql_list(ApplicationStatus::CLOSED, ApplicationStatus::sql),
        deleted = SpaceState::Deleted.sql(),
    );
    sqlx::query_scalar(&sql)
        .bind(slug.as_str())
        .bind(space)
        .bind(application)
        .fetch_one(conn)
        .await
}

/// What the availability check says of an address.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Availability {
    Available,
    /// Reserved or taken, with free addresses close to it.
    Unavailable {
        code: ErrorCode,
        suggestions: Vec<String>,
    },
}

/// Whether `slug` can be asked for, with suggestions when it cannot (rate-limited per
/// client: it tells whether an address is taken).
pub async fn slug_availability(
    ctx: &Ctx,
    slug: &Slug,
    client: &ClientAddr,
) -> Result<Availability> {
    let limit = ctx.settings.applications.slug_checks_per_hour_per_address;
    if !rate_limit::hit(
        &ctx.pool,
        &format!("application-slug:{}", client.0),
        limit,
        3600,
    )
    .await?
    {
        return Err(Error::RateLimited);
    }
    let reserved = reserved(ctx).await?;
    let mut conn = ctx.pool.acquire().await?;
    let code = if check_not_reserved(slug, &reserved).is_err() {
        ErrorCode::SlugReserved
    } else if slug_taken(&mut conn, slug).await? {
        ErrorCode::SlugTaken
    } else {
        return Ok(Availability::Available);
    };
    let mut suggestions = Vec::new();
    for candidate in slug_variants(slug) {
        if suggestions.len() == 3 {
            break;
        }
        if let Ok(candidate) = Slug::parse(&candidate) {
            if check_not_reserved(&candidate, &reserved).is_ok()
                && !slug_taken(&mut conn, &candidate).await?
            {
                suggestions.push(candidate.as_str().to_string());
            }
        }
    }
    Ok(Availability::Unavailable { code, suggestions })
}

/// Addresses near `slug`: with the association's usual words, then numbered.
fn slug_variants(slug: &Slug) -> impl Iterator<Item = String> + '_ {
    let base = slug.as_str();
    ["asso", "collectif", "association"]
        .into_iter()
        .map(move |w| format!("{base}-{w}"))
        .chain((2..=9).map(move |n| format!("{base}-{n}")))
}

/// Sends an application: checks the registration state and the address, then writes the
/// application, its first event and the confirmation mail together.
pub async fn submit(
    ctx: &Ctx,
    app: &NewApplication,
    lang: Lang,
    client: &ClientAddr,
) -> Result<Submitted, SubmitError> {
    let settings = &ctx.settings.applications;
    let key = format!("application-submit:{}", client.0);
    if !rate_limit::hit(
        &ctx.pool,
        &key,
        settings.submissions_per_hour_per_address,
        3600,
    )
    .await?
    {
        return Err(Error::RateLimited.into());
    }
    check_not_reserved(&app.slug, &reserved(ctx).await?).map_err(SubmitError::Slug)?;
    let mut tx = ctx.pool.begin().await?;
    // One sender at a time: the window's cap and the capacity are counted, then written.
    sqlx::query("select pg_advisory_xact_lock(hashtext('applications.submit'))")
        .execute(&mut *tx)
        .await?;
    let window_id = match windows::registration_on(&mut tx, ctx, lang).await? {
        Registration::Open { window_id, .. } => window_id,
        Registration::CapacityReached => {
            return Err(SubmitError::NotOpen(ErrorCode::CapacityReached))
        }
        _ => return Err(SubmitError::NotOpen(ErrorCode::RegistrationsClosed)),
    };
    if slug_taken(&mut tx, &app.slug).await? {
        return Err(SubmitError::Slug(ErrorCode::SlugTaken));
    }
    let confirm_token = tokens::random_token();
    let status_token = tokens::random_token();
    let inserted = sqlx::query_scalar(
        "insert into applications (window_id, structure_name, kind, location, identifier,
             field_of_action, field_detail, purpose, members, accounts, storage_gb, budget,
             tools, slug, office, referent_name, referent_email, referent_role, lang,
             confirm_token_hash, confirm_expires_at, status_token_hash)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17,
                 $18, $19, $20, now() + make_interval(hours => $21), $22)
         returning id",
    )
    .bind(window_id)
    .bind(&app.structure_name)
    .bind(app.kind)
    .bind(app.place.code())
    .bind(&app.identifier)
    .bind(app.field_of_action)
    .bind(&app.field_detail)
    .bind(&app.purpose)
    .bind(app.members as i32)
    .bind(app.accounts as i32)
    .bind(app.storage_gb as i32)
    .bind(app.budget)
    .bind(&app.tools)
    .bind(app.slug.as_str())
    .bind(app.office)
    .bind(&app.referent_name)
    .bind(app.referent_email.as_str())
    .bind(&app.referent_role)
    .bind(lang.as_str())
    .bind(tokens::hash_token(&confirm_token))
    .bind(settings.unconfirmed_expire_hours as i32)
    .bind(tokens::hash_token(&status_token))
    .fetch_one(&mut *tx)
    .await;
    let id: i64 = match inserted {
        Ok(id) => id,
        // The index caught a race the check above could not see.
        Err(sqlx::Error::Database(e)) if e.constraint() == Some("applications_live_slug") => {
            return Err(SubmitError::Slug(ErrorCode::SlugTaken))
        }
        Err(e) => return Err(e.into()),
    };
    event(
        &mut tx,
        id,
        ApplicationEvent::Submitted,
        None,
        Some(ApplicationStatus::Unconfirmed),
        "",
    )
    .await?;
    let mail = confirmation_mail(ctx, app, lang, &confirm_token, &status_token);
    mail::enqueue(&mut tx, MAIL_CONFIRM, &mail).await?;
    tx.commit().await?;
    Ok(Submitted {
        id,
        confirm_token,
        status_token,
    })
}

/// Adds an event by the applicant or the system to an application's timeline.
async fn event(
    tx: &mut Transaction<'_, Postgres>,
    id: i64,
    kind: ApplicationEvent,
    from: Option<ApplicationStatus>,
    to: Option<ApplicationStatus>,
    body: &str,
) -> Result<()> {
    let actor = if kind == ApplicationEvent::Expired {
        "system"
    } else {
        "applicant"
    };
    sqlx::query(
        "insert into application_events (application_id, actor, kind, from_status, to_status, body)
         values ($1, $2, $3, $4, $5, $6)",
    )
    .bind(id)
    .bind(actor)
    .bind(kind)
    .bind(from)
    .bind(to)
    .bind(body)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

fn status_url(ctx: &Ctx, token: &str) -> String {
    format!("{}/demande/suivi/{token}", ctx.settings.site.public_url)
}

fn confirmation_mail(
    ctx: &Ctx,
    app: &NewApplication,
    lang: Lang,
    confirm_token: &str,
    status_token: &str,
) -> OutgoingMail {
    let site = &ctx.settings.site;
    let hours = ctx
        .settings
        .applications
        .unconfirmed_expire_hours
        .to_string();
    let address = site.space_address(app.slug.as_str());
    let layout = Layout {
        lang,
        site_name: &site.name,
        paragraphs: vec![tr(
            lang,
            "mail-application-confirm-intro",
            &[
                ("site", &site.name),
                ("name", &app.structure_name),
                ("address", &address),
            ],
        )],
        action: Some((
            tr(lang, "mail-application-confirm-action", &[]),
            format!("{}/demande/confirmer/{confirm_token}", site.public_url),
        )),
        after: vec![
            tr(
                lang,
                "mail-application-confirm-expiry",
                &[("hours", &hours)],
            ),
            tr(
                lang,
                "mail-application-status-link",
                &[("url", &status_url(ctx, status_token))],
            ),
            tr(lang, "mail-application-confirm-ignore", &[]),
        ],
        unsubscribe_url: None,
    };
    layout.mail(
        app.referent_email.as_str().to_string(),
        tr(
            lang,
            "mail-application-confirm-subject",
            &[("site", &site.name)],
        ),
    )
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConfirmOutcome {
    Confirmed,
    /// Unknown, expired or already used.
    InvalidLink,
}

/// Whether a confirmation link would confirm. Reads only.
pub async fn confirm_link_is_valid(ctx: &Ctx, token: &str) -> Result<bool> {
    Ok(sqlx::query_scalar(
        "select exists (select 1 from applications where confirm_token_hash = $1
                          and status = $2 and confirm_expires_at > now())",
    )
    .bind(tokens::hash_token(token))
    .bind(ApplicationStatus::Unconfirmed)
    .fetch_one(&ctx.pool)
    .await?)
}

/// Confirms the application whose confirmation link carries `token`: it enters the queue.
pub async fn confirm(ctx: &Ctx, token: &str) -> Result<ConfirmOutcome> {
    let mut tx = ctx.pool.begin().await?;
    let id: Option<i64> = sqlx::query_scalar(
        "update applications
         set status = $2, confirmed_at = now(), version = version + 1,
             confirm_token_hash = null, confirm_expires_at = null
         where confirm_token_hash = $1 and status = $3 and confirm_expires_at > now()
         returning id",
    )
    .bind(tokens::hash_token(token))
    .bind(ApplicationStatus::Confirmed)
    .bind(ApplicationStatus::Unconfirmed)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(id) = id else {
        return Ok(ConfirmOutcome::InvalidLink);
    };
    event(
        &mut tx,
        id,
        ApplicationEvent::Confirmed,
        Some(ApplicationStatus::Unconfirmed),
        Some(ApplicationStatus::Confirmed),
        "",
    )
    .await?;
    tx.commit().await?;
    Ok(ConfirmOutcome::Confirmed)
}

/// One entry of the timeline the applicant sees.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimelineEntry {
    pub at: DateTime<Utc>,
    /// The same moment on the clock of Paris.
    pub paris: NaiveDateTime,
    pub kind: ApplicationEvent,
    pub body: String,
}

/// What the private status page shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatusView {
    pub id: i64,
    pub structure_name: String,
    pub slug: String,
    pub status: ApplicationStatus,
    pub submitted_at: DateTime<Utc>,
    /// When the answer is promised by: `review_days` after confirmation (on the clock
    /// of Paris, as the pages show it).
    pub answer_by: Option<DateTime<Utc>>,
    pub answer_by_paris: Option<NaiveDateTime>,
    pub timeline: Vec<TimelineEntry>,
}

impl StatusView {
    /// The applicant may still withdraw.
    pub fn can_withdraw(&self) -> bool {
        self.status.withdrawable()
    }
}

/// The application a status link names, with its timeline (never staff's internal notes).
pub async fn status(ctx: &Ctx, token: &str) -> Result<Option<StatusView>> {
    type Row = (
        i64,
        String,
        String,
        ApplicationStatus,
        DateTime<Utc>,
        Option<DateTime<Utc>>,
        Option<NaiveDateTime>,
    );
    let row: Option<Row> = sqlx::query_as(
        "select id, structure_name, slug, status, submitted_at,
                confirmed_at + make_interval(days => $2),
                (confirmed_at + make_interval(days => $2)) at time zone 'Europe/Paris'
         from applications where status_token_hash = $1 and anonymised_at is null",
    )
    .bind(tokens::hash_token(token))
    .bind(ctx.settings.applications.review_days as i32)
    .fetch_optional(&ctx.pool)
    .await?;
    let Some((id, structure_name, slug, status, submitted_at, answer_by, answer_by_paris)) = row
    else {
        return Ok(None);
    };
    let timeline = sqlx::query_as::<_, (DateTime<Utc>, NaiveDateTime, ApplicationEvent, String)>(
        "select at, at at time zone 'Europe/Paris', kind, body from application_events
         where application_id = $1 and not internal order by id",
    )
    .bind(id)
    .fetch_all(&ctx.pool)
    .await?
    .into_iter()
    .map(|(at, paris, kind, body)| TimelineEntry {
        at,
        paris,
        kind,
        body,
    })
    .collect();
    Ok(Some(StatusView {
        id,
        structure_name,
        slug,
        status,
        submitted_at,
        answer_by,
        answer_by_paris,
        timeline,
    }))
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WithdrawOutcome {
    Withdrawn,
    /// Already decided, withdrawn or expired: nothing changed.
    TooLate,
    InvalidLink,
}

/// The id and status of the application a status link names, locked for a change.
async fn by_status_link(
    conn: &mut PgConnection,
    token: &str,
) -> Result<Option<(i64, ApplicationStatus)>> {
    Ok(sqlx::query_as(
        "select id, status from applications where status_token_hash = $1
         and anonymised_at is null for update",
    )
    .bind(tokens::hash_token(token))
    .fetch_optional(conn)
    .await?)
}

/// Withdraws the application a status link names; its address is free again.
pub async fn withdraw(ctx: &Ctx, token: &str) -> Result<WithdrawOutcome> {
    let mut tx = ctx.pool.begin().await?;
    let row = by_status_link(&mut tx, token).await?;
    let Some((id, from)) = row else {
        return Ok(WithdrawOutcome::InvalidLink);
    };
    if !from.withdrawable() {
        return Ok(WithdrawOutcome::TooLate);
    }
    sqlx::query(
        "update applications set status = $2, version = version + 1,
             confirm_token_hash = null
         where id = $1",
    )
    .bind(id)
    .bind(ApplicationStatus::Withdrawn)
    .execute(&mut *tx)
    .await?;
    event(
        &mut tx,
        id,
        ApplicationEvent::Withdrawn,
        Some(from),
        Some(ApplicationStatus::Withdrawn),
        "",
    )
    .await?;
    tx.commit().await?;
    Ok(WithdrawOutcome::Withdrawn)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AnswerOutcome {
    /// The answer is recorded; the application is back in the queue.
    Answered,
    /// No question is waiting (answered already, or decided).
    NoQuestion,
    InvalidLink,
}

/// The applicant's answer to staff's question, from the status page: recorded in the
/// timeline, and the application goes back to the queue.
pub async fn answer(ctx: &Ctx, token: &str, text: &str) -> Result<AnswerOutcome> {
    let mut tx = ctx.pool.begin().await?;
    let row = by_status_link(&mut tx, token).await?;
    let Some((id, status)) = row else {
        return Ok(AnswerOutcome::InvalidLink);
    };
    if !status.awaits_answer() {
        return Ok(AnswerOutcome::NoQuestion);
    }
    sqlx::query("update applications set status = $2, version = version + 1 where id = $1")
        .bind(id)
        .bind(ApplicationStatus::Confirmed)
        .execute(&mut *tx)
        .await?;
    event(
        &mut tx,
        id,
        ApplicationEvent::Answer,
        Some(status),
        Some(ApplicationStatus::Confirmed),
        text,
    )
    .await?;
    tx.commit().await?;
    Ok(AnswerOutcome::Answered)
}

/// Mails a fresh status link for every live application of `email` (one mail per
/// application per `link_resend_secs`); the old links stop working. Answers the same
/// whoever asks, so it reveals nothing.
pub async fn send_lost_links(
    ctx: &Ctx,
    email: &Email,
    lang: Lang,
    client: &ClientAddr,
) -> Result<usize> {
    let settings = &ctx.settings.applications;
    let key = format!("application-lost-link:{}", client.0);
    if !rate_limit::hit(
        &ctx.pool,
        &key,
        settings.lost_link_per_hour_per_address,
        3600,
    )
    .await?
    {
        return Err(Error::RateLimited);
    }
    let mut tx = ctx.pool.begin().await?;
    let found: Vec<(i64, String, String, String)> = sqlx::query_as(
        "select id, structure_name, slug, lang from applications
         where lower(referent_email) = lower($1) and anonymised_at is null
           and status <> $3
           and (link_mailed_at is null or link_mailed_at < now() - make_interval(secs => $2))
         order by id for update",
    )
    .bind(email.as_str())
    .bind(settings.link_resend_secs as f64)
    .bind(ApplicationStatus::Expired)
    .fetch_all(&mut *tx)
    .await?;
    for (id, name, _slug, app_lang) in &found {
        let token = tokens::random_token();
        sqlx::query(
            "update applications set status_token_hash = $2, link_mailed_at = now() where id = $1",
        )
        .bind(id)
        .bind(tokens::hash_token(&token))
        .execute(&mut *tx)
        .await?;
        let mail_lang = Lang::parse(app_lang).unwrap_or(lang);
        let site = &ctx.settings.site;
        let layout = Layout {
            lang: mail_lang,
            site_name: &site.name,
            paragraphs: vec![tr(
                mail_lang,
                "mail-application-link-intro",
                &[("name", name)],
            )],
            action: Some((
                tr(mail_lang, "mail-application-link-action", &[]),
                status_url(ctx, &token),
            )),
            after: vec![tr(mail_lang, "mail-application-link-ignore", &[])],
            unsubscribe_url: None,
        };
        let mail = layout.mail(
            email.as_str().to_string(),
            tr(
                mail_lang,
                "mail-application-link-subject",
                &[("site", &site.name)],
            ),
        );
        mail::enqueue(&mut tx, MAIL_LINK, &mail).await?;
    }
    tx.commit().await?;
    Ok(found.len())
}

/// Expires the applications never confirmed in time; their addresses are free again.
pub async fn expire_unconfirmed(ctx: &Ctx) -> Result<u64> {
    let mut tx = ctx.pool.begin().await?;
    // literal: partial index applications_unconfirmed
    let sql = format!(
        "update applications set status = $1, version = version + 1,
             confirm_token_hash = null
         where status = {unconfirmed} and confirm_expires_at <= now()
         returning id",
        unconfirmed = ApplicationStatus::Unconfirmed.sql(),
    );
    let ids: Vec<i64> = sqlx::query_scalar(&sql)
        .bind(ApplicationStatus::Expired)
        .fetch_all(&mut *tx)
        .await?;
    for id in &ids {
        event(
            &mut tx,
            *id,
            ApplicationEvent::Expired,
            Some(ApplicationStatus::Unconfirmed),
            Some(ApplicationStatus::Expired),
            "",
        )
        .await?;
    }
    tx.commit().await?;
    Ok(ids.len() as u64)
}

/// The sweep of applications never confirmed.
#[derive(Clone, Copy, Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct ExpireUnconfirmed;

impl crate::jobs::Job for ExpireUnconfirmed {
    const KIND: &'static str = "applications.expire-unconfirmed";
    const QUEUE: &'static str = "sweeps";
}

pub(crate) fn register(registry: &mut crate::jobs::Registry) {
    registry.sweep(
        std::time::Duration::from_secs(600),
        ExpireUnconfirmed,
        |ctx: Ctx| async move { expire_unconfirmed(&ctx).await },
    );
    registry.sweep(
        std::time::Duration::from_secs(24 * 3600),
        privacy::AnonymiseFinished,
        |ctx: Ctx| async move { privacy::anonymise_finished(&ctx).await },
    );
    digest::register(registry);
}
