//! A space's members, as its dashboard manages them through the Provisioning API with the
//! portal's app password (`NEXTCLOUD.md` §2): the list (searched and paged here; the portal's
//! own account is never in it), creating a member (with an e-mail, Nextcloud's welcome mail
//! and its link to set a password; without, a password made here, shown once and never
//! kept), disabling, enabling, deleting, making or unmaking a co-administrator (the `admin`
//! group), and sending the welcome mail again.
//!
//! Nextcloud has no account limit of its own: the portal counts the space's accounts (every
//! one but its own, disabled ones included, as the overview does) and refuses past the
//! limit. The creations of one space take turns (a transaction-scoped advisory lock held
//! while the accounts are counted and the new one made), so two people joining at once
//! cannot both take the last place; a creation form carries a single-use key, so the same
//! form sent twice (a double click, a retry) creates one account. The login a creation
//! chose is written down before Nextcloud is asked (`member_creations`): when the answer is
//! lost (the space too slow, the portal stopped) and the same form comes again, the account
//! Nextcloud made is found and recorded, rather than a second one made under another login.
//! Every action is written to `member_events` with the name of who did it: the page's short
//! history.

use chrono::{DateTime, NaiveDateTime, Utc};
use common::states::{MemberAction, SpaceState};
use common::{Email, ErrorCode};
use rand::Rng;

use super::{Referent, SpaceOnFile};
use crate::nextcloud::ocs::{NewUser, Ocs, UserDetails};
use crate::nextcloud::NcError;
use crate::provisioning::steps::access::login_from_name;
use crate::provisioning::steps::PORTAL_ADMIN;
use crate::{Ctx, Secret};

/// Members on one page of the list.
pub const PAGE_SIZE: usize = 20;
/// Nextcloud's group of administrators: a space's co-administrators.
pub(super) const ADMIN_GROUP: &str = "admin";
/// The longest login Nextcloud takes (`Manager::validateUserId`).
const LOGIN_MAX: usize = 64;

/// One member of a space.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Member {
    pub uid: String,
    pub display_name: String,
    pub email: Option<String>,
    pub enabled: bool,
    /// In the `admin` group: a co-administrator.
    pub admin: bool,
    pub last_login: Option<DateTime<Utc>>,
    /// The same in Paris time, on a roster's page.
    pub last_login_paris: Option<NaiveDateTime>,
    /// Bytes in their files.
    pub used: i64,
}

impl From<UserDetails> for Member {
    fn from(u: UserDetails) -> Self {
        Member {
            admin: u.groups.iter().any(|g| g == ADMIN_GROUP),
            enabled: u.enabled != Some(false),
            last_login: (u.last_login > 0)
                .then(|| DateTime::from_timestamp(u.last_login, 0))
                .flatten(),
            last_login_paris: None,
            uid: u.id,
            display_name: u.display_name,
            email: u.email,
            used: u.used,
        }
    }
}

/// One page of a space's members.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Roster {
    /// This page's members, by name.
    pub members: Vec<Member>,
    /// Members the search found (all of them without a search).
    pub matching: usize,
    /// The space's accounts, and how many it may have.
    pub accounts: usize,
    pub limit: u32,
    /// From 1; a page past the last is the last.
    pub page: usize,
    pub pages: usize,
}

/// Why a members' action was not done. Nothing was changed in any case.
#[derive(Debug, thiserror::Error)]
pub enum Refusal {
    /// The space did not answer, or answered what Nextcloud does not (see the error).
    #[error("the space: {0}")]
    Space(NcError),
    /// The space had the change and its answer was lost (too late, a failure on its side):
    /// it may have been done.
    #[error("the space's answer was lost: {0}")]
    Lost(NcError),
    /// Only an active space's members are managed here.
    #[error("the space is not active")]
    NotActive,
    #[error("no such member")]
    NoSuchMember,
    #[error("the space has {limit} accounts already")]
    LimitReached { limit: u32 },
    #[error("the login is taken")]
    UsernameTaken,
    /// Nextcloud refused the login (its message is logged, never shown).
    #[error("Nextcloud refused the login: {0}")]
    UsernameRefused(String),
    #[error("Nextcloud refused the e-mail: {0}")]
    EmailRefused(String),
    /// The space asks an e-mail of every account (`newUser.requireEmail`).
    #[error("the space requires an e-mail")]
    EmailRequired,
    /// The space's last enabled co-administrator stays one.
    #[error("the last co-administrator")]
    LastAdmin,
    /// One's own account is disabled, deleted or unmade by another co-administrator.
    #[error("one's own account")]
    Yourself,
    /// The welcome mail of a member without an e-mail address.
    #[error("the member has no e-mail address")]
    NoEmail,
    #[error(transparent)]
    Database(#[from] crate::Error),
}

impl From<sqlx::Error> for Refusal {
    fn from(e: sqlx::Error) -> Self {
        Refusal::Database(e.into())
    }
}

impl Refusal {
    /// A failed write's error: lost when the space may have done it.
    pub(super) fn of_answer(e: NcError) -> Refusal {
        if e.may_have_happened() {
            Refusal::Lost(e)
        } else {
            Refusal::Space(e)
        }
    }

    /// Whether the space did not answer (down, slow, in maintenance): worth trying later.
    pub fn not_reached(&self) -> bool {
        matches!(self, Refusal::Space(e) if e.is_transient()) || self.maybe_done()
    }

    /// Whether the space said it is in maintenance mode (an update, most often).
    pub fn maintenance(&self) -> bool {
        matches!(self, Refusal::Space(NcError::Maintenance))
    }

    /// Whether the space's answer was lost after the request reached it (too slow, a
    /// failure on its side): what was asked may have been done.
    pub fn maybe_done(&self) -> bool {
        matches!(self, Refusal::Lost(_))
    }
}

/// The space of `referent`, active, and OCS as the portal's account there.
async fn reach(ctx: &Ctx, space_id: i64) -> Result<(SpaceOnFile, Ocs), Refusal> {
    let space = SpaceOnFile::load(ctx, space_id)
        .await?
        .filter(|s| s.state == SpaceState::Active)
        .ok_or(Refusal::NotActive)?;
    let ocs = space.dashboard_ocs(ctx).await.map_err(Refusal::Space)?;
    Ok((space, ocs))
}

/// Every member of the space but the portal's own account, by name.
async fn everyone(ocs: &Ocs) -> Result<Vec<Member>, Refusal> {
    let mut all: Vec<Member> = ocs
        .every_user_details()
        .await
        .map_err(Refusal::Space)?
        .into_iter()
        .filter(|u| u.id != PORTAL_ADMIN)
        .map(Member::from)
        .collect();
    all.sort_by_cached_key(|m| (folded(&m.display_name), folded(&m.uid)));
    Ok(all)
}

/// Every member of active space `space_id` (but the portal's own account), and OCS as the
/// portal's account there.
pub(super) async fn all_of(ctx: &Ctx, space_id: i64) -> Result<(Ocs, Vec<Member>), Refusal> {
    let (_, ocs) = reach(ctx, space_id).await?;
    let all = everyone(&ocs).await?;
    Ok((ocs, all))
}

/// The members of the referent's space whose name, login or e-mail holds `search`
/// (accents and case aside), page `page` of them.
pub async fn roster(
    ctx: &Ctx,
    referent: &Referent,
    search: &str,
    page: usize,
) -> Result<Roster, Refusal> {
    let (_, ocs) = reach(ctx, referent.space_id()).await?;
    let all = everyone(&ocs).await?;
    let accounts = all.len();
    let q = folded(search.trim());
    let matching: Vec<Member> = all
        .into_iter()
        .filter(|m| {
            q.is_empty()
                || folded(&m.display_name).contains(&q)
                || folded(&m.uid).contains(&q)
                || m.email.as_deref().is_some_and(|e| folded(e).contains(&q))
        })
        .collect();
    let pages = matching.len().div_ceil(PAGE_SIZE).max(1);
    let page = page.clamp(1, pages);
    let count = matching.len();
    let mut members: Vec<Member> = matching
        .into_iter()
        .skip((page - 1) * PAGE_SIZE)
        .take(PAGE_SIZE)
        .collect();
    let logins: Vec<Option<DateTime<Utc>>> = members.iter().map(|m| m.last_login).collect();
    let paris: Vec<Option<NaiveDateTime>> = sqlx::query_scalar(
        "select t at time zone 'Europe/Paris' from unnest($1::timestamptz[]) with ordinality
         as u(t, n) order by n",
    )
    .bind(&logins)
    .fetch_all(&ctx.pool)
    .await?;
    for (m, at) in members.iter_mut().zip(paris) {
        m.last_login_paris = at;
    }
    Ok(Roster {
        matching: count,
        members,
        accounts,
        limit: ctx.settings.site.accounts_per_space,
        page,
        pages,
    })
}

/// A member to create, as the form gave them.
#[derive(Clone, Debug)]
pub struct NewMember {
    pub display_name: String,
    /// The login typed ([`check_login`]); `None`: made from the name.
    pub uid: Option<String>,
    /// With an address, Nextcloud mails a link to set a password; without, the portal
    /// makes one.
    pub email: Option<Email>,
    /// Groups to put them in, which must exist (an import makes them first).
    pub groups: Vec<String>,
    /// Their quota (`5 GB`); `None`: the space's default.
    pub quota: Option<String>,
}

/// A member created.
#[derive(Debug)]
pub struct Created {
    pub uid: String,
    /// The password made for a member without an e-mail: shown once, kept nowhere.
    pub password: Option<Secret>,
    /// The same form was sent before: the account it made is this one, and nothing was done
    /// now (its password, if any, was shown to the first sending).
    pub again: bool,
}

/// Who did something to the members: a dashboard login's account, or (`uid: None`) the
/// person who joined by an invitation link, under the account just made.
#[derive(Clone, Copy, Debug)]
pub(super) struct Actor<'a> {
    pub uid: Option<&'a str>,
    pub name: &'a str,
}

impl<'a> Actor<'a> {
    fn of(referent: &'a Referent) -> Self {
        Actor {
            uid: Some(referent.uid()),
            name: referent.display_name(),
        }
    }
}

/// Creates a member of the referent's space, within the space's account limit; `form_key`
/// (the form's single-use key) makes the same form sent twice create once.
pub async fn create(
    ctx: &Ctx,
    referent: &Referent,
    new: &NewMember,
    form_key: &str,
) -> Result<Created, Refusal> {
    create_as(
        ctx,
        referent.space_id(),
        Actor::of(referent),
        MemberAction::Created,
        new,
        Some(form_key).filter(|k| !k.is_empty()),
    )
    .await
}

/// Creates a member of space `space_id` for `actor`, the creations of the space taking
/// turns so that the limit holds when several arrive at once.
pub(super) async fn create_as(
    ctx: &Ctx,
    space_id: i64,
    actor: Actor<'_>,
    action: MemberAction,
    new: &NewMember,
    form_key: Option<&str>,
) -> Result<Created, Refusal> {
    let (_, ocs) = reach(ctx, space_id).await?;
    let mut tx = ctx.pool.begin().await?;
    sqlx::query("select pg_advisory_xact_lock(hashtext('members.create'), $1::int)")
        .bind(space_id as i32)
        .execute(&mut *tx)
        .await?;
    if let Some(key) = form_key {
        let made: Option<String> = sqlx::query_scalar(
            "select member_uid from member_events where space_id = $1 and form_key = $2",
        )
        .bind(space_id)
        .bind(key)
        .fetch_optional(&mut *tx)
        .await?;
        if let Some(uid) = made {
            return Ok(Created {
                uid,
                password: None,
                again: true,
            });
        }
    }
    let all = everyone(&ocs).await?;
    let begun = match form_key {
        Some(key) => begun_under(ctx, space_id, key).await?,
        None => None,
    };
    // The same form sent before, its answer lost after Nextcloud made the account: that
    // account is the one asked for, recorded now (a password made then was never shown,
    // so it gets a new one, shown this once).
    if let Some(made) = begun
        .as_deref()
        .and_then(|uid| all.iter().find(|m| m.uid == uid))
        .filter(|m| is_the_one(m, new))
    {
        let password = new.email.is_none().then(new_password);
        if let Some(p) = &password {
            ocs.edit_user(&made.uid, "password", p.expose())
                .await
                .map_err(Refusal::Space)?;
        }
        record(&mut tx, space_id, actor, action, &made.uid, form_key).await?;
        forget_begun(&mut tx, space_id, form_key).await?;
        tx.commit().await?;
        return Ok(Created {
            uid: made.uid.clone(),
            password,
            again: false,
        });
    }
    let limit = ctx.settings.site.accounts_per_space;
    if all.len() >= limit as usize {
        return Err(Refusal::LimitReached { limit });
    }
    let taken = |uid: &str| {
        uid.eq_ignore_ascii_case(PORTAL_ADMIN)
            || all.iter().any(|m| m.uid.eq_ignore_ascii_case(uid))
    };
    let uid = match (&new.uid, begun) {
        (Some(uid), _) if taken(uid) => return Err(Refusal::UsernameTaken),
        (Some(uid), _) => uid.clone(),
        (None, Some(uid)) if !taken(&uid) => uid,
        (None, _) => free_login(&new.display_name, taken),
    };
    if let Some(key) = form_key {
        begin(ctx, space_id, key, &uid).await?;
    }
    let password = new.email.is_none().then(new_password);
    let groups: Vec<&str> = new.groups.iter().map(String::as_str).collect();
    let made = ocs
        .create_user(&NewUser {
            uid: &uid,
            password: password.as_ref(),
            email: new.email.as_ref().map(Email::as_str),
            display_name: Some(&new.display_name),
            quota: new.quota.as_deref(),
            language: None,
            groups: &groups,
        })
        .await;
    if let Err(e) = made {
        if let Some(key) = form_key.filter(|_| !e.may_have_happened()) {
            // Nextcloud answered no: a retry chooses afresh.
            forget_begun(&mut *ctx.pool.acquire().await?, space_id, Some(key)).await?;
        }
        return Err(match e {
            NcError::UserExists => Refusal::UsernameTaken,
            NcError::EmailRequired => Refusal::EmailRequired,
            NcError::InvalidArgument(m) if m.to_ascii_lowercase().contains("mail") => {
                Refusal::EmailRefused(m)
            }
            NcError::InvalidArgument(m) => Refusal::UsernameRefused(m),
            e => Refusal::of_answer(e),
        });
    }
    record(&mut tx, space_id, actor, action, &uid, form_key).await?;
    forget_begun(&mut tx, space_id, form_key).await?;
    tx.commit().await?;
    Ok(Created {
        uid,
        password,
        again: false,
    })
}

/// The login a creation sent under `key` chose, when its answer never came back.
async fn begun_under(ctx: &Ctx, space_id: i64, key: &str) -> crate::Result<Option<String>> {
    Ok(sqlx::query_scalar(
        "select member_uid from member_creations where space_id = $1 and form_key = $2",
    )
    .bind(space_id)
    .bind(key)
    .fetch_optional(&ctx.pool)
    .await?)
}

/// Writes down, before asking Nextcloud and outside the creation's transaction (so that it
/// stays if the answer is lost or the portal stops), which login the creation under `key`
/// chose.
async fn begin(ctx: &Ctx, space_id: i64, key: &str, uid: &str) -> crate::Result<()> {
    sqlx::query(
        "insert into member_creations (space_id, form_key, member_uid) values ($1, $2, $3)
         on conflict (space_id, form_key) do update set member_uid = excluded.member_uid,
                                                      begun_at = now()",
    )
    .bind(space_id)
    .bind(key)
    .bind(uid)
    .execute(&ctx.pool)
    .await?;
    Ok(())
}

/// The creation under `key` is recorded: nothing is left to find.
async fn forget_begun(
    tx: &mut sqlx::PgConnection,
    space_id: i64,
    key: Option<&str>,
) -> crate::Result<()> {
    if let Some(key) = key {
        sqlx::query("delete from member_creations where space_id = $1 and form_key = $2")
            .bind(space_id)
            .bind(key)
            .execute(tx)
            .await?;
    }
    Ok(())
}

/// Whether an account found under the login a lost creation chose is that creation's: the
/// same name, and the same e-mail when one was given.
fn is_the_one(m: &Member, new: &NewMember) -> bool {
    m.display_name == new.display_name
        && new.email.as_ref().is_none_or(|e| {
            m.email
                .as_deref()
                .is_some_and(|found| found.eq_ignore_ascii_case(e.as_str()))
        })
}

/// What a button of the members' list does to one member.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    Disable,
    Enable,
    /// Their account and everything in it: files, calendars, contacts, shares.
    Delete,
    MakeAdmin,
    UnmakeAdmin,
    /// Nextcloud's welcome mail again, to their address.
    Welcome,
}

impl Change {
    fn action(self) -> MemberAction {
        match self {
            Change::Disable => MemberAction::Disabled,
            Change::Enable => MemberAction::Enabled,
            Change::Delete => MemberAction::Deleted,
            Change::MakeAdmin => MemberAction::AdminMade,
            Change::UnmakeAdmin => MemberAction::AdminUnmade,
            Change::Welcome => MemberAction::WelcomeSent,
        }
    }

    /// Takes a co-administrator away, or the member's access.
    fn takes_away(self) -> bool {
        matches!(self, Change::Disable | Change::Delete | Change::UnmakeAdmin)
    }
}

/// One member of the referent's space, if there is one of that login (never the portal's).
pub async fn member(ctx: &Ctx, referent: &Referent, uid: &str) -> Result<Member, Refusal> {
    let (_, ocs) = reach(ctx, referent.space_id()).await?;
    find(&ocs, uid).await
}

pub(super) async fn find(ocs: &Ocs, uid: &str) -> Result<Member, Refusal> {
    if uid.is_empty() || uid.eq_ignore_ascii_case(PORTAL_ADMIN) {
        return Err(Refusal::NoSuchMember);
    }
    match ocs.user(uid).await {
        Ok(Some(u)) if !u.id.eq_ignore_ascii_case(PORTAL_ADMIN) => Ok(u.into()),
        Ok(_) => Err(Refusal::NoSuchMember),
        Err(e) => Err(Refusal::Space(e)),
    }
}

/// Makes `change` to the member `uid` of the referent's space. A person's own account is
/// not disabled, deleted or unmade here, and the space keeps one enabled co-administrator.
/// A member who loses their access or their role loses their dashboard logins at once.
pub async fn change(
    ctx: &Ctx,
    referent: &Referent,
    uid: &str,
    change: Change,
) -> Result<(), Refusal> {
    let space_id = referent.space_id();
    let (_, ocs) = reach(ctx, space_id).await?;
    let member = find(&ocs, uid).await?;
    let uid = member.uid.as_str();
    if change.takes_away() && uid == referent.uid() {
        return Err(Refusal::Yourself);
    }
    if change.takes_away() && member.admin && member.enabled {
        let admins = everyone(&ocs)
            .await?
            .iter()
            .filter(|m| m.admin && m.enabled)
            .count();
        if admins <= 1 {
            return Err(Refusal::LastAdmin);
        }
    }
    let done = match change {
        Change::Disable => ocs.set_enabled(uid, false).await,
        Change::Enable => ocs.set_enabled(uid, true).await,
        Change::Delete => match ocs.delete_user(uid).await {
            Ok(true) => Ok(()),
            Ok(false) => return Err(Refusal::NoSuchMember),
            Err(e) => Err(e),
        },
        Change::MakeAdmin => ocs.add_to_group(uid, ADMIN_GROUP).await,
        Change::UnmakeAdmin => ocs.remove_from_group(uid, ADMIN_GROUP).await,
        Change::Welcome if member.email.is_none() => return Err(Refusal::NoEmail),
        Change::Welcome => match ocs.welcome(uid).await {
            Err(NcError::EmailRequired) => return Err(Refusal::NoEmail),
            other => other,
        },
    };
    let lost = match done {
        Ok(()) => None,
        Err(NcError::NotFound) => return Err(Refusal::NoSuchMember),
        Err(e) => match Refusal::of_answer(e) {
            lost @ Refusal::Lost(_) if change.takes_away() => Some(lost),
            refusal => return Err(refusal),
        },
    };
    let mut tx = ctx.pool.begin().await?;
    if change.takes_away() {
        sqlx::query("delete from referent_logins where space_id = $1 and uid = $2")
            .bind(space_id)
            .bind(uid)
            .execute(&mut *tx)
            .await?;
    }
    if let Some(lost) = lost {
        // Perhaps done: their logins end anyway (they log in again if it was not), and the
        // history records only what is known.
        tx.commit().await?;
        return Err(lost);
    }
    record(
        &mut tx,
        space_id,
        Actor::of(referent),
        change.action(),
        uid,
        None,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

pub(super) async fn record(
    tx: &mut sqlx::PgConnection,
    space_id: i64,
    actor: Actor<'_>,
    action: MemberAction,
    uid: &str,
    form_key: Option<&str>,
) -> crate::Result<()> {
    sqlx::query(
        "insert into member_events (space_id, action, actor_uid, actor_name, member_uid, form_key)
         values ($1, $2, $3, left($4, 200), $5, $6)",
    )
    .bind(space_id)
    .bind(action)
    .bind(actor.uid.unwrap_or(uid))
    .bind(actor.name)
    .bind(uid)
    .bind(form_key)
    .execute(tx)
    .await?;
    Ok(())
}

/// A line of the members' history.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct Event {
    /// Paris time.
    pub at_paris: NaiveDateTime,
    pub action: MemberAction,
    pub actor_name: String,
    pub actor_uid: String,
    pub member_uid: String,
}

/// The latest `limit` actions on the referent's space's members, the latest first.
pub async fn history(ctx: &Ctx, referent: &Referent, limit: i64) -> crate::Result<Vec<Event>> {
    Ok(sqlx::query_as(
        "select at at time zone 'Europe/Paris' as at_paris, action, actor_name, actor_uid,
                member_uid
         from member_events where space_id = $1 order by at desc, id desc limit $2",
    )
    .bind(referent.space_id())
    .bind(limit)
    .fetch_all(&ctx.pool)
    .await?)
}

/// A login as typed, trimmed: `None` when empty (the name makes one); refused unless
/// Nextcloud would take it (`Manager::validateUserId`: letters without accents, digits,
/// spaces and `_.@-'`, not only dots, 64 characters at most).
pub fn check_login(raw: &str) -> Result<Option<String>, ErrorCode> {
    let login = raw.trim();
    if login.is_empty() {
        return Ok(None);
    }
    let fits = login.chars().count() <= LOGIN_MAX
        && !login.chars().all(|c| c == '.')
        && login
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || " _.@-'".contains(c));
    if fits {
        Ok(Some(login.to_string()))
    } else {
        Err(ErrorCode::UsernameInvalid)
    }
}

/// In ASCII and lower case, for a search (`Hélène` → `helene`).
pub fn folded(s: &str) -> String {
    deunicode::deunicode(s).to_lowercase()
}

/// A login made from a name (`Hélène Dupont` → `helene.dupont`), with a number after it
/// when `taken`; `membre` when the name leaves nothing to make one.
pub(crate) fn free_login(name: &str, taken: impl Fn(&str) -> bool) -> String {
    let base = login_from_name(name).unwrap_or_else(|| "membre".into());
    if !taken(&base) {
        return base;
    }
    (2..)
        .map(|n| format!("{base}{n}"))
        .find(|l| !taken(l))
        .unwrap_or(base)
}

/// A password for a member without an e-mail: four groups of five letters and digits
/// (no look-alikes: 0 O 1 l I), upper and lower case and a digit in each, about 112 bits.
fn new_password() -> Secret {
    const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut rng = rand::thread_rng();
    loop {
        let groups: Vec<String> = (0..4)
            .map(|_| {
                (0..5)
                    .map(|_| ALPHABET[rng.gen_range(0..ALPHABET.len())] as char)
                    .collect()
            })
            .collect();
        let p = groups.join("-");
        if p.chars().any(|c| c.is_ascii_lowercase())
            && p.chars().any(|c| c.is_ascii_uppercase())
            && p.chars().any(|c| c.is_ascii_digit())
        {
            return Secret::new(p);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_login_is_made_from_a_name_and_numbered_when_taken() {
        let none = |_: &str| false;
        assert_eq!(free_login("Hélène Dupont", none), "helene.dupont");
        assert_eq!(free_login("  Jean-Éric d'Œuf ", none), "jean.eric.d.oeuf");
        assert_eq!(free_login("<b>!!</b>", none), "b.b");
        assert_eq!(free_login("!!!", none), "membre");
        let taken = |l: &str| l == "marie" || l == "marie2";
        assert_eq!(free_login("Marie", taken), "marie3");
        assert!(free_login(&"x".repeat(200), none).len() <= LOGIN_MAX);
    }

    #[test]
    fn a_login_typed_is_taken_as_nextcloud_takes_it() {
        assert_eq!(check_login("  "), Ok(None));
        assert_eq!(
            check_login(" jean.dupont@asso "),
            Ok(Some("jean.dupont@asso".into()))
        );
        assert_eq!(check_login("o'hara_2-x"), Ok(Some("o'hara_2-x".into())));
        for refused in ["hélène", "a/b", "..", "<b>", "a\u{0}b", "a\r\nb"] {
            assert_eq!(
                check_login(refused),
                Err(ErrorCode::UsernameInvalid),
                "{refused:?}"
            );
        }
        assert_eq!(
            check_login(&"a".repeat(65)),
            Err(ErrorCode::UsernameInvalid)
        );
        assert!(check_login(&"a".repeat(64)).is_ok());
    }

    #[test]
    fn a_made_password_is_long_and_mixed() {
        let a = new_password();
        let b = new_password();
        assert_ne!(a.expose(), b.expose());
        assert_eq!(a.expose().len(), 23);
        assert!(!a.expose().contains(['0', 'O', '1', 'l', 'I']));
    }

    #[test]
    fn search_ignores_accents_and_case() {
        assert_eq!(folded("HÉLÈNE Çà Œuf"), "helene ca oeuf");
    }
}
