//! The forum's people: who may write, and how they log in.
//!
//! - **By a mailed link**, for anyone: an address typed on the login page gets a single-use
//!   link (the same answer whether the address is known or not); its first use makes the
//!   person. Their address is kept for what the forum writes to them, never shown.
//! - **With their space** (the dashboard's OAuth2 login, `referents::login`): any enabled
//!   account of an active space, not only its admins: [`log_in_with_space`].
//!
//! A login is a row of `forum_logins` whose id the session holds (stored hashed, as the
//! dashboard's); [`authenticate`] turns it into a [`Member`], the proof every write of the
//! forum takes. A pseudonym is chosen at the first post ([`check_pseudonym`]): unique
//! whatever the case, never an address, never a name the service keeps for itself.

use common::states::SanctionKind;

use crate::i18n::{tr, Lang};
use crate::mail::{self, Layout, OutgoingMail};
use crate::{rate_limit, tokens, Ctx, Error, Result};

/// The mail kind of a forum login link.
pub const MAIL_LOGIN_LINK: &str = "forum-login";
/// How long a mailed link works.
pub const LINK_MINUTES: i32 = 20;
/// How long a forum login lasts.
pub const SESSION_DAYS: i32 = 30;
/// How long an account counts as new: [`NEW_ACCOUNT_POSTS_PER_DAY`] posts a day at most.
pub const NEW_ACCOUNT_DAYS: i32 = 7;
/// The posts a new account may write in a day.
pub const NEW_ACCOUNT_POSTS_PER_DAY: u32 = 10;
/// The shortest and the longest pseudonym.
pub const PSEUDONYM_MIN: usize = 2;
pub const PSEUDONYM_MAX: usize = 30;

/// Names nobody may take: they would pass for the service or its team. Compared without
/// case, dots, dashes or underscores.
const RESERVED: &[&str] = &[
    "admin",
    "administrateur",
    "administratrice",
    "administration",
    "moderateur",
    "moderatrice",
    "moderation",
    "modo",
    "equipe",
    "team",
    "staff",
    "support",
    "framasoft",
    "framaspace",
    "frama",
    "nextcloud",
    "root",
    "system",
    "systeme",
    "anonyme",
    "anonymous",
    "ancienmembre",
    "robot",
    "bot",
    "here",
    "all",
    "tous",
];

/// A person's sanction, while it lasts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sanction {
    pub kind: SanctionKind,
    /// Its last day, by the clock of Paris (it ends at that day's midnight).
    pub last_day: chrono::NaiveDate,
    pub reason: String,
}

/// A sanction's last day, from sanctions `s` (it ends at that day's midnight in Paris).
pub(super) const LAST_DAY: &str =
    "((s.until at time zone 'Europe/Paris') - interval '1 microsecond')::date";

/// A person logged in to the forum: what every write of the forum requires. Made only by
/// [`authenticate`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Member {
    person_id: i64,
    pseudonym: Option<String>,
    /// The sanction in force, if a moderator silenced or banned them.
    sanction: Option<Sanction>,
    /// Their forum account is less than a day old: no links nor images yet.
    first_day: bool,
    /// Less than [`NEW_ACCOUNT_DAYS`] old: at most [`NEW_ACCOUNT_POSTS_PER_DAY`] posts a day.
    new_account: bool,
    /// Logged in by a mailed link, and no moderator approved a post of theirs yet: their
    /// posts wait for a moderator ([`super::held`]).
    held: bool,
}

impl Member {
    pub fn person_id(&self) -> i64 {
        self.person_id
    }

    /// Their pseudonym, once chosen (at their first post).
    pub fn pseudonym(&self) -> Option<&str> {
        self.pseudonym.as_deref()
    }

    /// The sanction a moderator took, while it lasts.
    pub fn sanction(&self) -> Option<&Sanction> {
        self.sanction.as_ref()
    }

    /// Whether a moderator banned them: their login opens nothing of the forum.
    pub fn banned(&self) -> bool {
        self.sanction
            .as_ref()
            .is_some_and(|s| s.kind == SanctionKind::Ban)
    }

    /// Whether their account is less than a day old.
    pub fn first_day(&self) -> bool {
        self.first_day
    }

    /// Whether their account is less than [`NEW_ACCOUNT_DAYS`] old.
    pub fn new_account(&self) -> bool {
        self.new_account
    }

    /// Whether what they write waits for a moderator's approval before it is shown.
    pub fn held(&self) -> bool {
        self.held
    }
}

/// Why a pseudonym is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PseudonymRefused {
    /// Shorter or longer than allowed.
    Length,
    /// A character other than letters, digits, `.`, `-` and `_`, or not beginning with a
    /// letter or a digit (a mention `@pseudo` must find its end).
    Characters,
    /// It would pass for the service or its team.
    Reserved,
    /// Someone has it already.
    Taken,
}

/// Whether `pseudonym` may be chosen, before looking whether someone has it.
pub fn check_pseudonym(pseudonym: &str) -> std::result::Result<(), PseudonymRefused> {
    let count = pseudonym.chars().count();
    if !(PSEUDONYM_MIN..=PSEUDONYM_MAX).contains(&count) {
        return Err(PseudonymRefused::Length);
    }
    let first_fits = pseudonym.chars().next().is_some_and(char::is_alphanumeric);
    if !first_fits
        || !pseudonym
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '_'))
    {
        return Err(PseudonymRefused::Characters);
    }
    // Without accents (`deunicode`, as slugs are made), case and separators.
    let bare: String = deunicode::deunicode(pseudonym)
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    if RESERVED.iter().any(|r| bare == *r) {
        return Err(PseudonymRefused::Reserved);
    }
    Ok(())
}

/// Mails a single-use login link to `email`, typed by a person at `client`, which returns
/// to the forum's page `back` (kept only if [`common::forum::forum_return`] takes it).
/// Whether the address is known or not, the answer is the same (the page says a link was
/// sent).
pub async fn request_link(
    ctx: &Ctx,
    email: &common::Email,
    lang: Lang,
    client: &str,
    back: &str,
) -> Result<()> {
    let email = email.as_str();
    let by_client = format!("forum-login-client:{client}");
    let by_email = format!("forum-login-email:{}", email.to_lowercase());
    if !rate_limit::hit(&ctx.pool, &by_client, 20, 3600).await?
        || !rate_limit::hit(&ctx.pool, &by_email, 5, 3600).await?
    {
        return Err(Error::RateLimited);
    }
    let token = tokens::random_token();
    let mut tx = ctx.pool.begin().await?;
    sqlx::query(
        "insert into forum_login_links (token_hash, email, expires_at, return_path)
         values ($1, $2, now() + make_interval(mins => $3), $4)",
    )
    .bind(tokens::hash_token(&token))
    .bind(email)
    .bind(LINK_MINUTES)
    .bind(common::forum::forum_return(back))
    .execute(&mut *tx)
    .await?;
    mail::enqueue(
        &mut tx,
        MAIL_LOGIN_LINK,
        &link_mail(ctx, email, lang, &token),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

fn link_mail(ctx: &Ctx, email: &str, lang: Lang, token: &str) -> OutgoingMail {
    let site = &ctx.settings.site;
    let url = format!("{}/forum/connexion/lien/{token}", site.public_url);
    let minutes = LINK_MINUTES.to_string();
    let layout = Layout {
        lang,
        site_name: &site.name,
        paragraphs: vec![tr(lang, "mail-forum-login-intro", &[])],
        action: Some((tr(lang, "mail-forum-login-action", &[]), url)),
        after: vec![
            tr(lang, "mail-forum-login-expiry", &[("minutes", &minutes)]),
            tr(lang, "mail-forum-login-ignore", &[]),
        ],
        unsubscribe_url: None,
    };
    layout.mail(email.to_string(), tr(lang, "mail-forum-login-subject", &[]))
}

/// Whether a mailed link would work. Reads only: the page asks before its button.
pub async fn link_is_valid(ctx: &Ctx, token: &str) -> Result<bool> {
    Ok(sqlx::query_scalar(
        "select exists (select 1 from forum_login_links
         where token_hash = $1 and used_at is null and expires_at > now())",
    )
    .bind(tokens::hash_token(token))
    .fetch_one(&ctx.pool)
    .await?)
}

/// Uses a mailed link, once: a login of the person with that address (made now if this is
/// their first). `None` when the link is unknown, spent or expired. Returns the login id
/// the session keeps, and the page to return to.
pub async fn use_link(ctx: &Ctx, token: &str) -> Result<Option<LinkUsed>> {
    let mut tx = ctx.pool.begin().await?;
    let found: Option<(String, Option<String>)> = sqlx::query_as(
        "update forum_login_links set used_at = now()
         where token_hash = $1 and used_at is null and expires_at > now()
         returning email, return_path",
    )
    .bind(tokens::hash_token(token))
    .fetch_optional(&mut *tx)
    .await?;
    let Some((email, back)) = found else {
        return Ok(None);
    };
    // Two first uses at once (two links) make one person: the unique index decides, and
    // the second finds the first's row.
    let person: i64 = sqlx::query_scalar(
        "with made as (
             insert into forum_people (email) values ($1)
             on conflict (lower(email)) where deleted_at is null and nc_uid is null do nothing
             returning id
         )
         select id from made
         union all
         select id from forum_people
         where lower(email) = lower($1) and deleted_at is null and nc_uid is null
         limit 1",
    )
    .bind(&email)
    .fetch_one(&mut *tx)
    .await?;
    let login = open_login(&mut tx, person).await?;
    tx.commit().await?;
    tracing::info!(person, "a forum login by mailed link");
    Ok(Some(LinkUsed { login, back }))
}

/// A mailed link used: the login it opened, and the forum's page that asked for it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LinkUsed {
    pub login: String,
    pub back: Option<String>,
}

/// A login of the account `uid` of space `space_id` (its address `email` if Nextcloud gave
/// one), who logged in with their space: the person is made at their first login.
/// `referent`: the portal's record says this account is the space's referent (the mark
/// beside their name follows it at each login).
pub async fn log_in_with_space(
    ctx: &Ctx,
    space_id: i64,
    uid: &str,
    email: Option<&str>,
    referent: bool,
) -> Result<String> {
    let email = email.filter(|e| common::is_email(e) && e.len() <= 254);
    let mut tx = ctx.pool.begin().await?;
    let person: i64 = sqlx::query_scalar(
        "with made as (
             insert into forum_people (space_id, nc_uid, email, referent) values ($1, $2, $3, $4)
             on conflict (space_id, nc_uid) where deleted_at is null and nc_uid is not null
             do update set email = coalesce(excluded.email, forum_people.email),
                           referent = excluded.referent
             returning id
         )
         select id from made",
    )
    .bind(space_id)
    .bind(uid)
    .bind(email)
    .bind(referent)
    .fetch_one(&mut *tx)
    .await?;
    let login = open_login(&mut tx, person).await?;
    tx.commit().await?;
    tracing::info!(person, space = space_id, "a forum login with a space");
    Ok(login)
}

async fn open_login(tx: &mut sqlx::PgConnection, person: i64) -> Result<String> {
    let id = tokens::random_token();
    sqlx::query(
        "insert into forum_logins (id, person_id, expires_at)
         values ($1, $2, now() + make_interval(days => $3))",
    )
    .bind(tokens::hash_hex(&id))
    .bind(person)
    .bind(SESSION_DAYS)
    .execute(&mut *tx)
    .await?;
    Ok(id)
}

/// The person a session's forum login names, while it lasts and they have not deleted
/// their account, with the sanction in force (a banned person is a [`Member`] who may do
/// nothing but read why: [`Member::banned`]) and the limits of a new account.
pub async fn authenticate(ctx: &Ctx, login_id: &str) -> Result<Option<Member>> {
    #[derive(sqlx::FromRow)]
    struct Row {
        id: i64,
        pseudonym: Option<String>,
        first_day: bool,
        new_account: bool,
        held: bool,
        kind: Option<SanctionKind>,
        last_day: Option<chrono::NaiveDate>,
        reason: Option<String>,
    }
    let row: Option<Row> = sqlx::query_as(&format!(
        "select p.id, p.pseudonym,
                p.created_at > now() - interval '1 day' as first_day,
                p.created_at > now() - make_interval(days => $2) as new_account,
                p.nc_uid is null and p.approved_at is null as held,
                s.kind, {LAST_DAY} as last_day, s.reason
         from forum_logins l
         join forum_people p on p.id = l.person_id
         left join forum_sanctions s on s.person_id = p.id and s.until > now()
         where l.id = $1 and l.expires_at > now() and p.deleted_at is null"
    ))
    .bind(tokens::hash_hex(login_id))
    .bind(NEW_ACCOUNT_DAYS)
    .fetch_optional(&ctx.pool)
    .await?;
    Ok(row.map(|r| Member {
        person_id: r.id,
        pseudonym: r.pseudonym,
        sanction: match (r.kind, r.last_day, r.reason) {
            (Some(kind), Some(last_day), Some(reason)) => Some(Sanction {
                kind,
                last_day,
                reason,
            }),
            _ => None,
        },
        first_day: r.first_day,
        new_account: r.new_account,
        held: r.held,
    }))
}

/// Ends a forum login (the session forgets it too).
pub async fn log_out(ctx: &Ctx, login_id: &str) -> Result<()> {
    sqlx::query("delete from forum_logins where id = $1")
        .bind(tokens::hash_hex(login_id))
        .execute(&ctx.pool)
        .await?;
    Ok(())
}

/// Gives `member` the pseudonym `pseudonym` within `tx`, if they have none yet (a
/// pseudonym, once chosen, stays: mentions and quotes name it). Their own pseudonym again
/// is fine.
pub(super) async fn take_pseudonym(
    tx: &mut sqlx::PgConnection,
    member: &Member,
    pseudonym: &str,
) -> Result<std::result::Result<(), PseudonymRefused>> {
    if member.pseudonym.is_some() {
        return Ok(Ok(()));
    }
    if let Err(refused) = check_pseudonym(pseudonym) {
        return Ok(Err(refused));
    }
    let set =
        sqlx::query("update forum_people set pseudonym = $2 where id = $1 and pseudonym is null")
            .bind(member.person_id)
            .bind(pseudonym)
            .execute(&mut *tx)
            .await;
    match set {
        Ok(_) => Ok(Ok(())),
        // Someone has it, whatever its case (`forum_people_pseudonym`, on `lower`). The
        // transaction is over: the caller returns without writing anything more.
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
            Ok(Err(PseudonymRefused::Taken))
        }
        Err(e) => Err(e.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pseudonyms_follow_the_rules() {
        for fine in ["camille", "Dominique_B", "élise.m", "zoé-2", "ab"] {
            assert_eq!(check_pseudonym(fine), Ok(()), "{fine}");
        }
        assert_eq!(check_pseudonym("a"), Err(PseudonymRefused::Length));
        assert_eq!(
            check_pseudonym(&"a".repeat(31)),
            Err(PseudonymRefused::Length)
        );
        for bad in [
            "two words",
            "-dash",
            "a@b",
            "<b>x</b>",
            "x\ny",
            "ça\u{202e}",
        ] {
            assert_eq!(
                check_pseudonym(bad),
                Err(PseudonymRefused::Characters),
                "{bad:?}"
            );
        }
        for reserved in ["Admin", "mo-dé-rateur", "Équipe", "frama_soft", "MODO"] {
            assert_eq!(
                check_pseudonym(reserved),
                Err(PseudonymRefused::Reserved),
                "{reserved}"
            );
        }
    }
}
