//! The newsletter, with double opt-in: a sign-up stores a pending subscriber and queues a
//! confirmation mail in one transaction; only the link in that mail confirms.
//!
//! Every sign-up answers the same, whatever the address's state, so the form reveals
//! nothing about who is subscribed; a pending address gets at most one mail per
//! `resend_after_secs`.

use sqlx::{Postgres, Transaction};

use crate::accounts::IsStaff;
use crate::i18n::{tr, Lang};
use crate::mail::{self, Layout, OutgoingMail};
use crate::{rate_limit, tokens, Ctx, Email, Error, Result};

const UNSUBSCRIBE: &str = "newsletter-unsubscribe";
/// The kinds of mail the newsletter sends; erasing an address erases these.
pub const MAIL_CONFIRM: &str = "newsletter-confirm";
pub const MAIL_KINDS: [&str; 1] = [MAIL_CONFIRM];

/// Whether a sign-up led to a mail. Never shown to the visitor; tests and logs use it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SignupEffect {
    ConfirmationQueued,
    AlreadyConfirmed,
    RecentlyMailed,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConfirmOutcome {
    Confirmed,
    /// Unknown, expired or already used.
    InvalidLink,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnsubscribeOutcome {
    /// The address is no longer on the list (also when it already was not).
    Done,
    InvalidLink,
}

/// Signs `email` up. `client` is the rate-limit key of the caller's address.
pub async fn subscribe(ctx: &Ctx, email: &Email, lang: Lang, client: &str) -> Result<SignupEffect> {
    let limits = &ctx.settings.newsletter;
    let key = format!("newsletter-signup:{client}");
    if !rate_limit::hit(&ctx.pool, &key, limits.signups_per_hour_per_address, 3600).await? {
        return Err(Error::RateLimited);
    }
    let email = email.as_str();
    let mut tx = ctx.pool.begin().await?;
    sqlx::query(
        "insert into newsletter_subscribers (email, lang) values ($1, $2)
         on conflict (email) do nothing",
    )
    .bind(email)
    .bind(lang.as_str())
    .execute(&mut *tx)
    .await?;
    let (id, confirmed, recently_mailed): (i64, bool, bool) = sqlx::query_as(
        "select id, confirmed_at is not null,
                coalesce(last_mail_at > now() - make_interval(secs => $2), false)
         from newsletter_subscribers where email = $1 for update",
    )
    .bind(email)
    .bind(limits.resend_after_secs as f64)
    .fetch_one(&mut *tx)
    .await?;
    if confirmed {
        return Ok(SignupEffect::AlreadyConfirmed);
    }
    if recently_mailed {
        return Ok(SignupEffect::RecentlyMailed);
    }
    let token = tokens::random_token();
    sqlx::query(
        "update newsletter_subscribers
         set lang = $2, confirm_token_hash = $3, last_mail_at = now(),
             confirm_expires_at = now() + make_interval(hours => $4)
         where id = $1",
    )
    .bind(id)
    .bind(lang.as_str())
    .bind(tokens::hash_token(&token))
    .bind(limits.confirm_valid_hours as i32)
    .execute(&mut *tx)
    .await?;
    let mail = confirmation_mail(ctx, id, email, lang, &token);
    mail::enqueue(&mut tx, MAIL_CONFIRM, &mail).await?;
    tx.commit().await?;
    Ok(SignupEffect::ConfirmationQueued)
}

fn confirmation_mail(ctx: &Ctx, id: i64, email: &str, lang: Lang, token: &str) -> OutgoingMail {
    let site = &ctx.settings.site;
    let confirm_url = format!("{}/lettre/confirmer/{token}", site.public_url);
    let unsubscribe_url = unsubscribe_url(ctx, id);
    let hours = ctx.settings.newsletter.confirm_valid_hours;
    let days = (hours / 24).max(1).to_string();
    let layout = Layout {
        lang,
        site_name: &site.name,
        paragraphs: vec![tr(
            lang,
            "mail-newsletter-confirm-intro",
            &[("site", &site.name)],
        )],
        action: Some((tr(lang, "mail-newsletter-confirm-action", &[]), confirm_url)),
        after: vec![
            tr(lang, "mail-newsletter-confirm-expiry", &[("days", &days)]),
            tr(lang, "mail-newsletter-confirm-ignore", &[]),
        ],
        unsubscribe_url: Some(&unsubscribe_url),
    };
    layout.mail(
        email.to_string(),
        tr(
            lang,
            "mail-newsletter-confirm-subject",
            &[("site", &site.name)],
        ),
    )
}

pub fn unsubscribe_url(ctx: &Ctx, subscriber_id: i64) -> String {
    format!(
        "{}/lettre/desinscription/{}",
        ctx.settings.site.public_url,
        tokens::sign(&ctx.settings.secret_key, UNSUBSCRIBE, subscriber_id)
    )
}

/// Confirms the subscription whose confirmation link carries `token`.
pub async fn confirm(ctx: &Ctx, token: &str) -> Result<ConfirmOutcome> {
    let pool = &ctx.pool;
    let done = sqlx::query(
        "update newsletter_subscribers
         set confirmed_at = now(), confirm_token_hash = null, confirm_expires_at = null
         where confirm_token_hash = $1 and confirm_expires_at > now() and confirmed_at is null",
    )
    .bind(tokens::hash_token(token))
    .execute(pool)
    .await?;
    Ok(if done.rows_affected() == 1 {
        ConfirmOutcome::Confirmed
    } else {
        ConfirmOutcome::InvalidLink
    })
}

/// Whether a confirmation link would confirm. Reads only.
pub async fn confirm_link_is_valid(ctx: &Ctx, token: &str) -> Result<bool> {
    let pool = &ctx.pool;
    Ok(sqlx::query_scalar(
        "select exists (select 1 from newsletter_subscribers
         where confirm_token_hash = $1 and confirm_expires_at > now() and confirmed_at is null)",
    )
    .bind(tokens::hash_token(token))
    .fetch_one(pool)
    .await?)
}

/// Whether `token` is a genuine unsubscribe link (the page asks before acting on it).
pub fn unsubscribe_link_is_valid(ctx: &Ctx, token: &str) -> bool {
    tokens::verify(&ctx.settings.secret_key, UNSUBSCRIBE, token).is_some()
}

/// Removes the subscriber named by a signed unsubscribe link, and the newsletter's mails to
/// that address, sent or not: nothing of the address is kept.
pub async fn unsubscribe(ctx: &Ctx, token: &str) -> Result<UnsubscribeOutcome> {
    let Some(id) = tokens::verify(&ctx.settings.secret_key, UNSUBSCRIBE, token) else {
        return Ok(UnsubscribeOutcome::InvalidLink);
    };
    let mut tx = ctx.pool.begin().await?;
    let email: Option<String> =
        sqlx::query_scalar("delete from newsletter_subscribers where id = $1 returning email")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
    if let Some(email) = email {
        mail::forget_recipient(&mut tx, &email, &MAIL_KINDS).await?;
    }
    tx.commit().await?;
    Ok(UnsubscribeOutcome::Done)
}

/// Forgets sign-ups that were never confirmed, once their link has expired, with their mails.
pub async fn purge_unconfirmed(ctx: &Ctx) -> Result<u64> {
    let pool = &ctx.pool;
    let mut tx = pool.begin().await?;
    let gone: Vec<String> = sqlx::query_scalar(
        "delete from newsletter_subscribers
         where confirmed_at is null and confirm_expires_at < now()
         returning email",
    )
    .fetch_all(&mut *tx)
    .await?;
    for email in &gone {
        mail::forget_recipient(&mut tx, email, &MAIL_KINDS).await?;
    }
    tx.commit().await?;
    Ok(gone.len() as u64)
}

/// Confirmed subscribers, for the demo and for staff.
pub async fn confirmed_count(ctx: &Ctx, _staff: &impl IsStaff) -> Result<i64> {
    let pool = &ctx.pool;
    Ok(sqlx::query_scalar(
        "select count(*) from newsletter_subscribers where confirmed_at is not null",
    )
    .fetch_one(pool)
    .await?)
}

/// Inserts an already-confirmed subscriber (demo content). Does nothing if it exists.
pub async fn insert_confirmed(
    tx: &mut Transaction<'_, Postgres>,
    email: &Email,
    lang: Lang,
) -> Result<()> {
    sqlx::query(
        "insert into newsletter_subscribers (email, lang, confirmed_at) values ($1, $2, now())
         on conflict (email) do nothing",
    )
    .bind(email.as_str())
    .bind(lang.as_str())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The hourly sweep of sign-ups never confirmed.
#[derive(Clone, Copy, Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct PurgeUnconfirmed;

impl crate::jobs::Job for PurgeUnconfirmed {
    const KIND: &'static str = "newsletter.purge-unconfirmed";
    const QUEUE: &'static str = "sweeps";
}

pub(crate) fn register(registry: &mut crate::jobs::Registry) {
    registry.sweep(
        std::time::Duration::from_secs(3600),
        PurgeUnconfirmed,
        |ctx: Ctx| async move { purge_unconfirmed(&ctx).await },
    );
}
