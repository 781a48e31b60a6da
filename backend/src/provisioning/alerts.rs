//! What staff must look at: a full fleet, a space failing its health checks, a space with
//! more accounts than allowed. One open alert per kind and subject; raising it again only
//! notes that it is still true; clearing it closes it. New alerts reach the administrators by
//! mail, batched: at most one mail per kind per hour ([`mail_staff`]).

use chrono::{DateTime, Utc};
use sqlx::PgExecutor;

use crate::accounts::IsStaff;
use crate::i18n::{tr, tr_count, Lang};
use crate::Ctx;

pub use common::states::AlertKind;

/// What the alert mails are, in the outbox.
pub const MAIL_ALERTS: &str = "staff-alerts";

/// An open or closed alert.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct Alert {
    pub id: i64,
    pub kind: AlertKind,
    pub subject: String,
    pub message: String,
    pub raised_at: DateTime<Utc>,
    pub last_seen_at: DateTime<Utc>,
    pub cleared_at: Option<DateTime<Utc>>,
    /// `raised_at` and `last_seen_at` on the clock of Paris, as pages show them.
    pub raised_paris: chrono::NaiveDateTime,
    pub last_seen_paris: chrono::NaiveDateTime,
}

/// Opens the alert (`kind`, `subject`), or notes that the open one is still true. Returns
/// whether it is new.
pub async fn raise(
    db: impl PgExecutor<'_>,
    kind: AlertKind,
    subject: &str,
    message: &str,
) -> Result<bool, sqlx::Error> {
    let fresh: Option<bool> = sqlx::query_scalar(
        "insert into alerts (kind, subject, message) values ($1, $2, $3)
         on conflict (kind, subject) where cleared_at is null
         do update set last_seen_at = now(), message = excluded.message
         returning (xmax = 0)",
    )
    .bind(kind)
    .bind(subject)
    .bind(message)
    .fetch_optional(db)
    .await?;
    Ok(fresh.unwrap_or(false))
}

/// Closes the open alert (`kind`, `subject`), if any. Returns whether one was open.
pub async fn clear(
    db: impl PgExecutor<'_>,
    kind: AlertKind,
    subject: &str,
) -> Result<bool, sqlx::Error> {
    Ok(clear_each(db, kind, &[subject.to_string()]).await? > 0)
}

/// Closes the open alerts of `kind` about any of `subjects`, in one statement (a sweep clears
/// thousands). Returns how many were open.
pub async fn clear_each(
    db: impl PgExecutor<'_>,
    kind: AlertKind,
    subjects: &[String],
) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query(
        "update alerts set cleared_at = now()
         where kind = $1 and subject = any($2) and cleared_at is null",
    )
    .bind(kind)
    .bind(subjects)
    .execute(db)
    .await?
    .rows_affected())
}

const ALERT: &str = "select id, kind, subject, message, raised_at, last_seen_at, cleared_at,
        raised_at at time zone 'Europe/Paris' as raised_paris,
        last_seen_at at time zone 'Europe/Paris' as last_seen_paris
     from alerts";

/// The open alerts, newest first.
pub async fn open(ctx: &Ctx, _staff: &impl IsStaff) -> Result<Vec<Alert>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{ALERT} where cleared_at is null order by raised_at desc, id desc"
    ))
    .fetch_all(&ctx.pool)
    .await
}

/// The last `limit` alerts closed, newest first.
pub async fn closed(
    ctx: &Ctx,
    _staff: &impl IsStaff,
    limit: i64,
) -> Result<Vec<Alert>, sqlx::Error> {
    sqlx::query_as(&format!(
        "{ALERT} where cleared_at is not null order by cleared_at desc, id desc limit $1"
    ))
    .bind(limit)
    .fetch_all(&ctx.pool)
    .await
}

/// Mails the administrators the open alerts no mail has told yet: one mail per kind, and
/// none for a kind mailed less than an hour ago (its new alerts wait for the next one).
/// Returns how many kinds were mailed.
pub async fn mail_staff(ctx: &Ctx) -> Result<u64, sqlx::Error> {
    let mut tx = ctx.pool.begin().await?;
    // Two runs at once would both see the same alerts unmailed.
    sqlx::query("select pg_advisory_xact_lock(hashtext('alerts.mail'))")
        .execute(&mut *tx)
        .await?;
    let kinds: Vec<AlertKind> = sqlx::query_scalar(
        "select distinct a.kind from alerts a
         where a.cleared_at is null and a.mailed_at is null
           and not exists (select 1 from alert_mails m
                           where m.kind = a.kind and m.sent_at > now() - interval '1 hour')
         order by a.kind",
    )
    .fetch_all(&mut *tx)
    .await?;
    if kinds.is_empty() {
        return Ok(0);
    }
    let admins: Vec<String> =
        sqlx::query_scalar("select email from staff_accounts where role = 'admin' order by email")
            .fetch_all(&mut *tx)
            .await?;
    for kind in &kinds {
        let batch: Vec<Alert> = sqlx::query_as(&format!(
            "{ALERT} where kind = $1 and cleared_at is null and mailed_at is null
             order by raised_at, id"
        ))
        .bind(kind)
        .fetch_all(&mut *tx)
        .await?;
        for to in &admins {
            let mail = alert_mail(ctx, Lang::default(), to, *kind, &batch);
            crate::mail::enqueue(&mut tx, MAIL_ALERTS, &mail).await?;
        }
        let ids: Vec<i64> = batch.iter().map(|a| a.id).collect();
        sqlx::query("update alerts set mailed_at = now() where id = any($1)")
            .bind(&ids)
            .execute(&mut *tx)
            .await?;
        sqlx::query("insert into alert_mails (kind, alerts, recipients) values ($1, $2, $3)")
            .bind(kind)
            .bind(ids.len() as i32)
            .bind(admins.len() as i32)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(kinds.len() as u64)
}

/// At most this many alerts are listed in one mail; the page has them all.
const MAIL_LISTS: usize = 50;

fn alert_mail(
    ctx: &Ctx,
    lang: Lang,
    to: &str,
    kind: AlertKind,
    batch: &[Alert],
) -> crate::mail::OutgoingMail {
    let site = &ctx.settings.site;
    let title = tr(lang, &format!("alert-{kind}"), &[]);
    let count = batch.len() as i64;
    let mut paragraphs = vec![tr_count(
        lang,
        "mail-alerts-intro",
        count,
        &[("kind", &title)],
    )];
    paragraphs.extend(batch.iter().take(MAIL_LISTS).map(|a| {
        if a.subject.is_empty() {
            a.message.clone()
        } else {
            tr(
                lang,
                "mail-alerts-line",
                &[("subject", &a.subject), ("message", &a.message)],
            )
        }
    }));
    if batch.len() > MAIL_LISTS {
        paragraphs.push(tr_count(
            lang,
            "mail-alerts-more",
            (batch.len() - MAIL_LISTS) as i64,
            &[],
        ));
    }
    let url = format!("{}/equipe/alertes", site.public_url);
    let layout = crate::mail::Layout {
        lang,
        site_name: &site.name,
        paragraphs,
        action: Some((tr(lang, "mail-alerts-action", &[]), url)),
        after: vec![tr(lang, "mail-alerts-batched", &[])],
        unsubscribe_url: None,
    };
    layout.mail(
        to.to_string(),
        tr_count(lang, "mail-alerts-subject", count, &[("kind", &title)]),
    )
}
