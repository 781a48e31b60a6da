//! Invitation links of a space. Its referent makes a link with an expiry and a number of
//! uses, sees who joined by which link, and may revoke it. Whoever holds the link gives a
//! name and an e-mail on its public page; a mail asks them to confirm the address (its link
//! opens a page whose button confirms, never the GET of the link); then the account is
//! made within the space's limit ([`super::members`]), with Nextcloud's welcome mail and
//! its link to choose a password.
//!
//! A link's token is stored sealed (the referent sees the link again) and looked up by its
//! hash; a confirmation code is stored hashed only. A use is taken when the account is
//! made, atomically: a link with one use left serves one person, however many confirm at
//! once; a confirmation sent twice makes one account.

use chrono::NaiveDateTime;
use common::states::MemberAction;
use common::{Email, Lang};

use super::members::{self, Actor, NewMember, Refusal};
use super::Referent;
use crate::i18n::tr;
use crate::mail::{self, Layout, OutgoingMail};
use crate::{crypto, rate_limit, tokens, ClientAddr, Ctx, Error, Result};

/// The mail that asks a person who used a link to confirm their address.
pub const MAIL_JOIN_CONFIRM: &str = "invitation-confirm";
/// What a link's sealed token is bound to.
const PURPOSE: &str = "invitation-link";
/// How long a confirmation mail's link works.
const CONFIRM_HOURS: i32 = 24;
/// The choices of the form: days a link lasts, and at most how many people it serves.
pub const DAYS: &[u32] = &[1, 7, 30];
pub const MAX_USES: u32 = 50;

/// Where a link stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkState {
    Open,
    Expired,
    Revoked,
    /// Every use taken.
    UsedUp,
}

/// Someone who joined by a link.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Joiner {
    pub name: String,
    pub uid: String,
    /// Paris time.
    pub at: NaiveDateTime,
}

/// A link, as its space's dashboard lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Invitation {
    pub id: i64,
    /// The whole address to send, when its token could be opened.
    pub url: Option<String>,
    pub created_by: String,
    /// Paris time.
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
    pub max_uses: i32,
    pub uses: i32,
    pub state: LinkState,
    pub joined: Vec<Joiner>,
}

fn url_of(ctx: &Ctx, token: &str) -> String {
    format!("{}/espace/rejoindre/{token}", ctx.settings.site.public_url)
}

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    token_sealed: Vec<u8>,
    created_by: String,
    created_at: NaiveDateTime,
    expires_at: NaiveDateTime,
    max_uses: i32,
    uses: i32,
    revoked: bool,
    expired: bool,
}

/// The links of the referent's space, the newest first, with who joined by each.
pub async fn list(ctx: &Ctx, referent: &Referent) -> Result<Vec<Invitation>> {
    let rows: Vec<Row> = sqlx::query_as(
        "select id, token_sealed, created_by, created_at at time zone 'Europe/Paris' as created_at,
                expires_at at time zone 'Europe/Paris' as expires_at, max_uses, uses,
                revoked_at is not null as revoked, expires_at <= now() as expired
         from invitations where space_id = $1 order by created_at desc, id desc limit 50",
    )
    .bind(referent.space_id())
    .fetch_all(&ctx.pool)
    .await?;
    let joined: Vec<(i64, String, String, NaiveDateTime)> = sqlx::query_as(
        "select r.invitation_id, r.name, r.member_uid, r.joined_at at time zone 'Europe/Paris'
         from invitation_requests r join invitations i on i.id = r.invitation_id
         where i.space_id = $1 and r.member_uid is not null order by r.joined_at",
    )
    .bind(referent.space_id())
    .fetch_all(&ctx.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| Invitation {
            url: crypto::open(&ctx.settings.secret_key, PURPOSE, &r.token_sealed)
                .and_then(|t| String::from_utf8(t).ok())
                .map(|t| url_of(ctx, &t)),
            state: state(r.revoked, r.expired, r.uses, r.max_uses),
            joined: joined
                .iter()
                .filter(|(id, ..)| *id == r.id)
                .map(|(_, name, uid, at)| Joiner {
                    name: name.clone(),
                    uid: uid.clone(),
                    at: *at,
                })
                .collect(),
            id: r.id,
            created_by: r.created_by,
            created_at: r.created_at,
            expires_at: r.expires_at,
            max_uses: r.max_uses,
            uses: r.uses,
        })
        .collect())
}

fn state(revoked: bool, expired: bool, uses: i32, max_uses: i32) -> LinkState {
    if revoked {
        LinkState::Revoked
    } else if uses >= max_uses {
        LinkState::UsedUp
    } else if expired {
        LinkState::Expired
    } else {
        LinkState::Open
    }
}

/// Makes a link of the referent's space that lasts `days` (one of [`DAYS`]) and serves at
/// most `max_uses` people (1 to [`MAX_USES`]): its whole address.
pub async fn create(ctx: &Ctx, referent: &Referent, days: u32, max_uses: u32) -> Result<String> {
    let days = if DAYS.contains(&days) { days } else { 7 };
    let max_uses = max_uses.clamp(1, MAX_USES);
    let token = tokens::random_token();
    sqlx::query(
        "insert into invitations (space_id, token_hash, token_sealed, created_by, expires_at,
                                  max_uses)
         values ($1, $2, $3, left($4, 200), now() + make_interval(days => $5), $6)",
    )
    .bind(referent.space_id())
    .bind(tokens::hash_token(&token))
    .bind(crypto::seal(
        &ctx.settings.secret_key,
        PURPOSE,
        token.as_bytes(),
    ))
    .bind(referent.display_name())
    .bind(days as i32)
    .bind(max_uses as i32)
    .execute(&ctx.pool)
    .await?;
    Ok(url_of(ctx, &token))
}

/// Revokes a link of the referent's space; `false` when it has no such link, or it was
/// revoked already.
pub async fn revoke(ctx: &Ctx, referent: &Referent, id: i64) -> Result<bool> {
    let done = sqlx::query(
        "update invitations set revoked_at = now()
         where id = $1 and space_id = $2 and revoked_at is null",
    )
    .bind(id)
    .bind(referent.space_id())
    .execute(&ctx.pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// What a link's public page finds at its address.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Link {
    /// Open: the space's name and address.
    Open {
        space: String,
        address: String,
    },
    Closed(LinkState),
    /// No link has this token, or its space is not open.
    Unknown,
}

/// The link of token `token`, as its public page shows it (reads only).
pub async fn link(ctx: &Ctx, token: &str) -> Result<Link> {
    type Row = (String, Option<String>, bool, bool, i32, i32, bool);
    let row: Option<Row> = sqlx::query_as(
        "select s.slug, a.structure_name, i.revoked_at is not null, i.expires_at <= now(),
                i.uses, i.max_uses, s.state = $2
         from invitations i join spaces s on s.id = i.space_id
              left join applications a on a.id = s.application_id
         where i.token_hash = $1",
    )
    .bind(tokens::hash_token(token))
    .bind(common::states::SpaceState::Active)
    .fetch_optional(&ctx.pool)
    .await?;
    Ok(match row {
        None | Some((.., false)) => Link::Unknown,
        Some((slug, name, revoked, expired, uses, max, true)) => {
            match state(revoked, expired, uses, max) {
                LinkState::Open => Link::Open {
                    address: ctx.settings.site.space_address(&slug),
                    space: name.unwrap_or(slug),
                },
                closed => Link::Closed(closed),
            }
        }
    })
}

/// What came of asking to join.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Asked {
    /// The mail that confirms the address is on its way.
    Sent,
    Link(Link),
}

/// Someone holding the link asks to join under `name` (checked, at most 64 characters) and
/// `email`: a mail asks them to confirm the address. At most ten asks an hour per client
/// address and fifty per link.
pub async fn ask(
    ctx: &Ctx,
    token: &str,
    name: &str,
    email: &Email,
    lang: Lang,
    client: &ClientAddr,
) -> Result<Asked> {
    match link(ctx, token).await? {
        Link::Open { space, address } => {
            let by_client = format!("invitation-ask:{}", client.0);
            // The limits keep their keys hashed: the token is not stored by them.
            let by_link = format!("invitation-ask-link:{token}");
            if !rate_limit::hit(&ctx.pool, &by_client, 10, 3600).await?
                || !rate_limit::hit(&ctx.pool, &by_link, 50, 3600).await?
            {
                return Err(Error::RateLimited);
            }
            let code = tokens::random_token();
            let mut tx = ctx.pool.begin().await?;
            sqlx::query(
                "insert into invitation_requests (invitation_id, code_hash, name, email,
                                                  expires_at)
                 select id, $2, $3, $4, now() + make_interval(hours => $5)
                 from invitations where token_hash = $1",
            )
            .bind(tokens::hash_token(token))
            .bind(tokens::hash_token(&code))
            .bind(name)
            .bind(email.as_str())
            .bind(CONFIRM_HOURS)
            .execute(&mut *tx)
            .await?;
            let mail = confirm_mail(ctx, email, name, &space, &address, lang, &code);
            mail::enqueue(&mut tx, MAIL_JOIN_CONFIRM, &mail).await?;
            tx.commit().await?;
            Ok(Asked::Sent)
        }
        other => Ok(Asked::Link(other)),
    }
}

fn confirm_mail(
    ctx: &Ctx,
    email: &Email,
    name: &str,
    space: &str,
    address: &str,
    lang: Lang,
    code: &str,
) -> OutgoingMail {
    let site = &ctx.settings.site;
    let url = format!("{}/espace/rejoindre/confirmer/{code}", site.public_url);
    let layout = Layout {
        lang,
        site_name: &site.name,
        paragraphs: vec![tr(
            lang,
            "mail-join-intro",
            &[("name", name), ("space", space), ("address", address)],
        )],
        action: Some((tr(lang, "mail-join-action", &[]), url)),
        after: vec![
            tr(lang, "mail-join-expiry", &[]),
            tr(lang, "mail-join-ignore", &[]),
        ],
        unsubscribe_url: None,
    };
    layout.mail(
        email.to_string(),
        tr(lang, "mail-join-subject", &[("space", space)]),
    )
}

/// A request waiting for its confirmation, as the confirmation page shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request {
    pub name: String,
    pub email: String,
    pub space: String,
}

/// The request of code `code`, if it may still be confirmed (reads only).
pub async fn request(ctx: &Ctx, code: &str) -> Result<Option<Request>> {
    Ok(sqlx::query_as(
        "select r.name, r.email, coalesce(a.structure_name, s.slug)
         from invitation_requests r join invitations i on i.id = r.invitation_id
              join spaces s on s.id = i.space_id
              left join applications a on a.id = s.application_id
         where r.code_hash = $1 and r.joined_at is null and r.expires_at > now()",
    )
    .bind(tokens::hash_token(code))
    .fetch_optional(&ctx.pool)
    .await?
    .map(|(name, email, space)| Request { name, email, space }))
}

/// What came of a confirmation.
#[derive(Debug)]
pub enum Joined {
    /// The account is made: its login, and the space's address.
    Done { uid: String, address: String },
    /// This confirmation was used already (its account was made).
    Already { uid: String, address: String },
    /// The code is unknown or too old.
    Expired,
    /// The link closed meanwhile.
    Closed(LinkState),
    /// The space has as many accounts as it may.
    Full,
    /// The space did not answer, or refused (logged): nothing was done; try again.
    NotReached,
    /// The space's answer was lost after it had the request: the account may exist, and a
    /// confirmation sent again finds it rather than making another.
    MaybeDone,
}

/// Confirms the request of code `code`: the account is made within the space's limit and
/// the link's uses, once. The request's row stays locked while its account is made, so a
/// confirmation sent twice waits for the first and finds its account; the link's row too,
/// once a use is taken, so the last use serves one person. A refusal undoes both.
pub async fn join(ctx: &Ctx, code: &str) -> Result<Joined> {
    let address = |slug: &str| ctx.settings.site.space_address(slug);
    let mut tx = ctx.pool.begin().await?;
    type Found = (i64, i64, i64, String, String, String, Option<String>, bool);
    let found: Option<Found> = sqlx::query_as(
        "select r.id, i.id, s.id, s.slug, r.name, r.email, r.member_uid, r.expires_at > now()
         from invitation_requests r join invitations i on i.id = r.invitation_id
              join spaces s on s.id = i.space_id
         where r.code_hash = $1
         for update of r",
    )
    .bind(tokens::hash_token(code))
    .fetch_optional(&mut *tx)
    .await?;
    let Some((request_id, invitation_id, space_id, slug, name, email, made, fresh)) = found else {
        return Ok(Joined::Expired);
    };
    if let Some(uid) = made {
        return Ok(Joined::Already {
            uid,
            address: address(&slug),
        });
    }
    if !fresh {
        return Ok(Joined::Expired);
    }
    let took: Option<i64> = sqlx::query_scalar(
        "update invitations set uses = uses + 1
         where id = $1 and uses < max_uses and revoked_at is null and expires_at > now()
         returning id",
    )
    .bind(invitation_id)
    .fetch_optional(&mut *tx)
    .await?;
    if took.is_none() {
        let (revoked, expired, uses, max): (bool, bool, i32, i32) = sqlx::query_as(
            "select revoked_at is not null, expires_at <= now(), uses, max_uses
             from invitations where id = $1",
        )
        .bind(invitation_id)
        .fetch_one(&mut *tx)
        .await?;
        return Ok(Joined::Closed(state(revoked, expired, uses, max)));
    }
    let new = NewMember {
        display_name: name.clone(),
        uid: None,
        email: Email::parse(&email).ok(),
        groups: Vec::new(),
        quota: None,
    };
    let actor = Actor {
        uid: None,
        name: &name,
    };
    // The request's own key: a confirmation whose answer was lost finds its account again.
    let key = format!("join-{request_id}");
    let made = members::create_as(ctx, space_id, actor, MemberAction::Joined, &new, Some(&key));
    match made.await {
        Ok(made) => {
            sqlx::query(
                "update invitation_requests set joined_at = now(), member_uid = $2 where id = $1",
            )
            .bind(request_id)
            .bind(&made.uid)
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
            Ok(Joined::Done {
                uid: made.uid,
                address: address(&slug),
            })
        }
        // The transaction rolls back: the use is given back, the request still waits.
        Err(Refusal::LimitReached { .. }) => Ok(Joined::Full),
        Err(Refusal::Database(e)) => Err(e),
        Err(other) if other.maybe_done() => {
            tracing::warn!(space = space_id, error = %other, "a member's join may have been done");
            Ok(Joined::MaybeDone)
        }
        Err(other) => {
            tracing::warn!(space = space_id, error = %other, "a member's join was not done");
            Ok(Joined::NotReached)
        }
    }
}
