//! Handing the referent's role over to another member of the space.
//!
//! The referent on file (the one the portal mails: logins by link, a deletion asked, a
//! suspension) chooses a member who is enabled and has an e-mail address in the space's
//! Nextcloud. A mail to that address carries a link; the link opens a page whose button
//! confirms (never its GET). On confirmation the member joins `admin` (through the Provisioning
//! API, as the members page does) and becomes the referent on file: `spaces.referent_*`
//! then replaces the application's. The former referent stays a co-administrator, is told by
//! mail, and may leave `admin` from the members page like anyone.
//!
//! One offer is open per space; a new one replaces it. An offer lasts [`OFFER_DAYS`] days.
//! Only the referent on file offers the role: a co-administrator cannot take it by offering it
//! to themselves.

use chrono::{DateTime, Utc};
use common::states::{MemberAction, SpaceState};
use common::Email;

use super::members::{self, Actor, Refusal, ADMIN_GROUP};
use super::{Referent, SpaceOnFile};
use crate::i18n::{long_date, tr, Lang};
use crate::mail::{self, Layout, OutgoingMail};
use crate::nextcloud::NcError;
use crate::{tokens, Ctx, Result};

/// The mail that offers the role, and the one that tells the former referent it passed.
pub const MAIL_OFFER: &str = "referent-handover";
pub const MAIL_HANDED: &str = "referent-role-handed";
/// How long an offer's link works.
pub const OFFER_DAYS: i32 = 7;

/// The open offer of a space, as its dashboard shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Offer {
    pub to_uid: String,
    pub to_name: String,
    pub asked_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

/// Who holds the role, and whether the person looking may hand it over.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Role {
    /// The referent on file's name (none once the application was erased).
    pub referent_name: Option<String>,
    /// The person looking is the referent on file.
    pub is_referent: bool,
    pub offer: Option<Offer>,
}

/// Who holds the role of `by`'s space, and its open offer.
pub async fn role(ctx: &Ctx, by: &Referent) -> Result<Role> {
    let space = SpaceOnFile::load(ctx, by.space_id()).await?;
    let offer = sqlx::query_as::<_, (String, String, DateTime<Utc>, DateTime<Utc>)>(
        "select to_uid, to_name, asked_at, expires_at from referent_handovers
         where space_id = $1 and accepted_at is null and cancelled_at is null
           and expires_at > now()",
    )
    .bind(by.space_id())
    .fetch_optional(&ctx.pool)
    .await?
    .map(|(to_uid, to_name, asked_at, expires_at)| Offer {
        to_uid,
        to_name,
        asked_at,
        expires_at,
    });
    Ok(Role {
        is_referent: space.as_ref().is_some_and(|s| s.is_referent(by.uid())),
        referent_name: space.and_then(|s| s.referent_name),
        offer,
    })
}

/// The members the role may go to: enabled, with an e-mail address, not `by`.
pub async fn candidates(ctx: &Ctx, by: &Referent) -> Result<Vec<members::Member>, Refusal> {
    let (_, all) = members::all_of(ctx, by.space_id()).await?;
    Ok(all
        .into_iter()
        .filter(|m| m.enabled && m.uid != by.uid() && usable_email(m).is_some())
        .collect())
}

fn usable_email(m: &members::Member) -> Option<Email> {
    m.email.as_deref().and_then(|e| Email::parse(e).ok())
}

/// Why an offer was not made. Nothing was recorded in any case.
#[derive(Debug, thiserror::Error)]
pub enum OfferRefusal {
    /// Only the referent on file hands the role over.
    #[error("only the referent on file hands the role over")]
    NotReferent,
    #[error("the member is disabled")]
    Disabled,
    #[error("the member has no usable e-mail address")]
    NoEmail,
    #[error(transparent)]
    Member(#[from] Refusal),
}

impl From<crate::Error> for OfferRefusal {
    fn from(e: crate::Error) -> Self {
        OfferRefusal::Member(Refusal::Database(e))
    }
}

impl From<sqlx::Error> for OfferRefusal {
    fn from(e: sqlx::Error) -> Self {
        OfferRefusal::Member(e.into())
    }
}

/// Offers the role of `by`'s space to member `uid`: a mail to their address asks them to
/// confirm. Replaces the offer still open.
pub async fn offer(ctx: &Ctx, by: &Referent, uid: &str) -> Result<(), OfferRefusal> {
    let space = SpaceOnFile::active(ctx, by.space_id())
        .await?
        .ok_or(Refusal::NotActive)?;
    if !space.is_referent(by.uid()) {
        return Err(OfferRefusal::NotReferent);
    }
    if uid.eq_ignore_ascii_case(by.uid()) {
        return Err(Refusal::Yourself.into());
    }
    let member = members::member(ctx, by, uid).await?;
    if !member.enabled {
        return Err(OfferRefusal::Disabled);
    }
    let email = usable_email(&member).ok_or(OfferRefusal::NoEmail)?;
    // Nextcloud shows the login where a member has no name.
    let name = match member.display_name.trim() {
        "" => member.uid.clone(),
        name => name.to_string(),
    };
    let token = tokens::random_token();
    let mut tx = ctx.pool.begin().await?;
    // Offers of one space take turns: the one sent last replaces the other.
    sqlx::query("select 1 from spaces where id = $1 for update")
        .bind(by.space_id())
        .execute(&mut *tx)
        .await?;
    close_open(&mut tx, by.space_id()).await?;
    sqlx::query(
        "insert into referent_handovers (space_id, from_uid, from_name, to_uid, to_name,
                                         to_email, token_hash, expires_at)
         values ($1, $2, left($3, 200), $4, left($5, 200), $6, $7,
                 now() + make_interval(days => $8))",
    )
    .bind(by.space_id())
    .bind(by.uid())
    .bind(by.display_name())
    .bind(&member.uid)
    .bind(&name)
    .bind(email.as_str())
    .bind(tokens::hash_token(&token))
    .bind(OFFER_DAYS)
    .execute(&mut *tx)
    .await?;
    let actor = Actor {
        uid: Some(by.uid()),
        name: by.display_name(),
    };
    let offered = MemberAction::ReferentOffered;
    members::record(&mut tx, by.space_id(), actor, offered, &member.uid, None).await?;
    let lang = space.language();
    let address = ctx.settings.site.space_address(&space.slug);
    let mail = offer_mail(
        ctx,
        &email,
        (by.display_name(), &name),
        &address,
        lang,
        &token,
    );
    mail::enqueue(&mut tx, MAIL_OFFER, &mail).await?;
    tx.commit().await?;
    Ok(())
}

async fn close_open(tx: &mut sqlx::PgConnection, space_id: i64) -> Result<u64> {
    Ok(sqlx::query(
        "update referent_handovers set cancelled_at = now()
         where space_id = $1 and accepted_at is null and cancelled_at is null",
    )
    .bind(space_id)
    .execute(tx)
    .await?
    .rows_affected())
}

/// Withdraws the open offer of `by`'s space (only its referent on file may). Whether there
/// was one.
pub async fn withdraw(ctx: &Ctx, by: &Referent) -> Result<bool, OfferRefusal> {
    let role = role(ctx, by).await?;
    if !role.is_referent {
        return Err(OfferRefusal::NotReferent);
    }
    let mut tx = ctx.pool.begin().await?;
    let closed = close_open(&mut tx, by.space_id()).await?;
    tx.commit().await?;
    Ok(closed > 0)
}

fn offer_mail(
    ctx: &Ctx,
    to: &Email,
    (from, name): (&str, &str),
    address: &str,
    lang: Lang,
    token: &str,
) -> OutgoingMail {
    let site = &ctx.settings.site;
    let url = format!("{}/espace/transmission/{token}", site.public_url);
    let days = OFFER_DAYS.to_string();
    let layout = Layout {
        lang,
        site_name: &site.name,
        paragraphs: vec![
            tr(
                lang,
                "mail-handover-intro",
                &[("name", name), ("from", from), ("space", address)],
            ),
            tr(lang, "mail-handover-what", &[]),
        ],
        action: Some((tr(lang, "mail-handover-action", &[]), url)),
        after: vec![
            tr(lang, "mail-handover-expiry", &[("days", &days)]),
            tr(lang, "mail-handover-ignore", &[]),
        ],
        unsubscribe_url: None,
    };
    layout.mail(
        to.to_string(),
        tr(lang, "mail-handover-subject", &[("space", address)]),
    )
}

/// An open offer, as its link's page shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Offered {
    pub address: String,
    pub from_name: String,
    pub to_name: String,
    pub to_uid: String,
    pub expires_at: DateTime<Utc>,
}

#[derive(sqlx::FromRow)]
struct OfferRow {
    id: i64,
    space_id: i64,
    slug: String,
    state: SpaceState,
    from_name: String,
    to_uid: String,
    to_name: String,
    to_email: String,
    expires_at: DateTime<Utc>,
    accepted_at: Option<DateTime<Utc>>,
    cancelled_at: Option<DateTime<Utc>>,
}

const OFFER_SELECT: &str = "select h.id, h.space_id, s.slug, s.state, h.from_name, h.to_uid,
        h.to_name, h.to_email, h.expires_at, h.accepted_at, h.cancelled_at
    from referent_handovers h join spaces s on s.id = h.space_id
    where h.token_hash = $1";

/// The open offer a link names. Reads only: the page asks before its button.
pub async fn offered(ctx: &Ctx, token: &str) -> Result<Option<Offered>> {
    let row: Option<OfferRow> = sqlx::query_as(OFFER_SELECT)
        .bind(tokens::hash_token(token))
        .fetch_optional(&ctx.pool)
        .await?;
    Ok(row
        .filter(|r| {
            r.accepted_at.is_none()
                && r.cancelled_at.is_none()
                && r.expires_at > Utc::now()
                && r.state == SpaceState::Active
        })
        .map(|r| Offered {
            address: ctx.settings.site.space_address(&r.slug),
            from_name: r.from_name,
            to_name: r.to_name,
            to_uid: r.to_uid,
            expires_at: r.expires_at,
        }))
}

/// What came of a confirmation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Accepted {
    /// The member is the referent now (`already`: this link was used before).
    Done {
        address: String,
        uid: String,
        already: bool,
    },
    /// Unknown, expired, withdrawn or replaced, or its space closed.
    Gone,
    /// The member's account is gone or disabled since the offer.
    NotMember,
    /// The space did not answer: nothing changed, the button may be pressed again.
    NotReached,
}

/// Confirms the offer a link names: the member joins `admin` and becomes the referent on
/// file; the former referent is mailed. The offer's row is held while the space is asked,
/// so a withdrawal or a second confirmation waits and then finds it done.
pub async fn accept(ctx: &Ctx, token: &str) -> Result<Accepted> {
    let mut tx = ctx.pool.begin().await?;
    let row: Option<OfferRow> = sqlx::query_as(&format!("{OFFER_SELECT} for update of h"))
        .bind(tokens::hash_token(token))
        .fetch_optional(&mut *tx)
        .await?;
    let Some(row) = row else {
        return Ok(Accepted::Gone);
    };
    let address = ctx.settings.site.space_address(&row.slug);
    if row.accepted_at.is_some() {
        return Ok(Accepted::Done {
            address,
            uid: row.to_uid,
            already: true,
        });
    }
    if row.cancelled_at.is_some() || row.expires_at <= Utc::now() {
        return Ok(Accepted::Gone);
    }
    let Some(space) = SpaceOnFile::load(ctx, row.space_id)
        .await?
        .filter(|s| s.state == SpaceState::Active)
    else {
        return Ok(Accepted::Gone);
    };
    let Ok(ocs) = space.dashboard_ocs(ctx).await else {
        return Ok(Accepted::NotReached);
    };
    match members::find(&ocs, &row.to_uid).await {
        Ok(member) if member.enabled => {}
        Ok(_) | Err(Refusal::NoSuchMember) => return Ok(Accepted::NotMember),
        Err(_) => return Ok(Accepted::NotReached),
    }
    match ocs.add_to_group(&row.to_uid, ADMIN_GROUP).await {
        Ok(()) => {}
        Err(NcError::NotFound) => return Ok(Accepted::NotMember),
        // Perhaps in `admin` already: the button again finds it so and goes on.
        Err(_) => return Ok(Accepted::NotReached),
    }
    let former = (space.referent_email.clone(), space.referent_name.clone());
    sqlx::query("update referent_handovers set accepted_at = now() where id = $1")
        .bind(row.id)
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "update spaces set referent_uid = $2, referent_name = left(coalesce(nullif($3, ''), $2), 200),
                referent_email = $4
         where id = $1",
    )
    .bind(row.space_id)
    .bind(&row.to_uid)
    .bind(&row.to_name)
    .bind(&row.to_email)
    .execute(&mut *tx)
    .await?;
    // This member's dashboard rights are read again at their next page.
    let actor = Actor {
        uid: Some(&row.to_uid),
        name: &row.to_name,
    };
    let handed = MemberAction::ReferentHanded;
    members::record(&mut tx, row.space_id, actor, handed, &row.to_uid, None).await?;
    if let (Some(email), Some(name)) = former {
        if let Ok(email) = Email::parse(&email) {
            let lang = space.language();
            let mail = handed_mail(ctx, &email, (&name, &row.to_name), &address, lang);
            mail::enqueue(&mut tx, MAIL_HANDED, &mail).await?;
        }
    }
    tx.commit().await?;
    tracing::info!(space = row.space_id, "the referent's role was handed over");
    Ok(Accepted::Done {
        address,
        uid: row.to_uid,
        already: false,
    })
}

fn handed_mail(
    ctx: &Ctx,
    to: &Email,
    (former, name): (&str, &str),
    address: &str,
    lang: Lang,
) -> OutgoingMail {
    let site = &ctx.settings.site;
    let today = long_date(lang, Utc::now().naive_utc());
    let layout = Layout {
        lang,
        site_name: &site.name,
        paragraphs: vec![
            tr(
                lang,
                "mail-handed-intro",
                &[
                    ("former", former),
                    ("name", name),
                    ("space", address),
                    ("date", &today),
                ],
            ),
            tr(lang, "mail-handed-admin", &[]),
        ],
        action: None,
        after: vec![tr(lang, "mail-handed-question", &[])],
        unsubscribe_url: None,
    };
    layout.mail(
        to.to_string(),
        tr(lang, "mail-handed-subject", &[("space", address)]),
    )
}
