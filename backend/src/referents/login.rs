//! Logging in to a space's dashboard.
//!
//! **With the space** (NEXTCLOUD.md §5): the person types their space's address; the portal
//! sends them to that Nextcloud's OAuth2 login (authorization code, PKCE S256 and the
//! client secret) with a fresh `state`, kept in their session with the PKCE verifier for
//! ten minutes (a code lives as long, §5.3) and taken back once. On their return the code is
//! redeemed, `GET /cloud/user` says who they are, and they get in if the space says they
//! may ([`SpaceOnFile::may_use_dashboard`]). The access token serves for that one call: the
//! portal keeps no token, and a job then deletes the app token Nextcloud made for the login
//! (named after the portal's client, §8b.4) from the person's devices.
//!
//! **By a mailed link**, when the space has no OAuth2 client, does not answer, or is
//! suspended: a single-use link to the referent's address on file, which logs in as the
//! referent on file.

use chrono::{DateTime, Utc};
use common::states::SpaceState;
use serde::{Deserialize, Serialize};

use super::logins::open_login;
use super::space::{Found, SpaceOnFile};
use crate::i18n::{tr, Lang};
use crate::jobs::{JobError, Running};
use crate::mail::{self, Layout, OutgoingMail};
use crate::nextcloud::oauth::{client_known, OAuth};
use crate::nextcloud::NcError;
use crate::provisioning::steps::access::OAUTH_CLIENT_NAME;
use crate::{rate_limit, tokens, Ctx, Error, Result, Secret};

/// The mail kind of a referent's login link.
pub const MAIL_LOGIN_LINK: &str = "referent-login";

/// Where the space's Nextcloud sends the person back (registered with the client by
/// provisioning).
pub fn redirect_uri(ctx: &Ctx) -> String {
    format!("{}/espace/connexion/retour", ctx.settings.site.public_url)
}

/// Where spaces answer, as Content-Security-Policy sources (`https://*.frama.space`): the
/// hosts' address patterns with `*` for the space. The login pages' forms lead there (a
/// plain POST answered by a redirect to the space's login page), so their policy's
/// `form-action` names them.
pub async fn space_origins(ctx: &Ctx) -> Result<Vec<String>> {
    let patterns: Vec<String> = sqlx::query_scalar("select distinct ocs_url from hosts")
        .fetch_all(&ctx.pool)
        .await?;
    let mut origins: Vec<String> = patterns.iter().filter_map(|p| origin_pattern(p)).collect();
    origins.sort();
    origins.dedup();
    Ok(origins)
}

/// `https://{slug}.frama.space` → `https://*.frama.space`; `None` for anything that is not
/// a plain scheme, host and port (a source must never carry a `;` or a space).
fn origin_pattern(ocs_url: &str) -> Option<String> {
    let (scheme, rest) = ocs_url.split_once("://")?;
    let host = rest.split('/').next()?.replace("{slug}", "*");
    let plain = |s: &str, extra: &[char]| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-' || extra.contains(&c))
    };
    (matches!(scheme, "http" | "https") && plain(&host, &['*', ':']))
        .then(|| format!("{scheme}://{host}"))
}

/// What a login with the space is for: the space's dashboard (its admins and its
/// referent), or the help forum (any enabled account of an active space). Both come back
/// to the one address registered with the space's OAuth2 client.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum LoginFor {
    #[default]
    Dashboard,
    Forum,
}

/// A login with the space in progress: kept in the person's session (never in an address)
/// between the start and the return, and taken from it once.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OAuthPending {
    space_id: i64,
    state: String,
    verifier: String,
    until: DateTime<Utc>,
    #[serde(default)]
    login_for: LoginFor,
    /// For the forum: the page that asked for the login.
    #[serde(default)]
    back: Option<String>,
}

impl OAuthPending {
    /// An authorization code lives ten minutes (§5.3); so does the wait for it.
    const MINUTES: i64 = 10;

    pub fn is_live(&self) -> bool {
        self.until > Utc::now()
    }

    pub fn login_for(&self) -> LoginFor {
        self.login_for
    }

    /// Returns to the forum's page `back` once logged in, if
    /// [`common::forum::forum_return`] takes it.
    pub fn returning_to(mut self, back: &str) -> Self {
        self.back = common::forum::forum_return(back).map(str::to_string);
        self
    }

    /// The forum's page to return to.
    pub fn back(&self) -> Option<&str> {
        self.back.as_deref()
    }
}

/// What typing an address led to.
#[derive(Debug)]
pub enum Start {
    /// Send the person to their Nextcloud's login; keep `pending` in their session.
    Redirect { url: String, pending: OAuthPending },
    /// No space has this address.
    Unknown,
    /// The space was removed.
    Removed,
    /// The space is not made yet (or its making failed): nothing to log in to.
    NotReady,
    /// Suspended: its referent logs in by the mailed link and sees why.
    Suspended { slug: String },
    /// The space cannot log people in now (no OAuth2 client, no answer, maintenance): the
    /// mailed link instead.
    UseLink { slug: String },
}

/// Login attempts from `client` within the hour: refused past the configured number.
async fn limit(ctx: &Ctx, client: &str) -> Result<()> {
    let key = format!("referent-login:{client}");
    let per_hour = ctx.settings.dashboard.logins_per_hour_per_address;
    if rate_limit::hit(&ctx.pool, &key, per_hour, 3600).await? {
        Ok(())
    } else {
        Err(Error::RateLimited)
    }
}

/// Begins a login with the space at `address`, typed by a person at `client`, for
/// `login_for`.
pub async fn start(ctx: &Ctx, address: &str, client: &str, login_for: LoginFor) -> Result<Start> {
    limit(ctx, client).await?;
    let space = match SpaceOnFile::find(ctx, address).await? {
        Found::Unknown => return Ok(Start::Unknown),
        Found::Removed => return Ok(Start::Removed),
        Found::Space(space) => space,
    };
    match space.state {
        SpaceState::Active => {}
        SpaceState::Suspended => return Ok(Start::Suspended { slug: space.slug }),
        _ => return Ok(Start::NotReady),
    }
    let use_link = Start::UseLink {
        slug: space.slug.clone(),
    };
    let (Some(client_id), Some(secret)) = (space.oauth_client_id.clone(), space.oauth_secret(ctx))
    else {
        return Ok(use_link);
    };
    let Ok(access) = space.dashboard_access(ctx).await else {
        return Ok(use_link);
    };
    let Ok(oauth) = OAuth::new(
        &access,
        &space.slug,
        &client_id,
        &secret,
        &redirect_uri(ctx),
    ) else {
        return Ok(use_link);
    };
    // Asking whether the space knows its client grants nothing (§5.2); a space that does
    // not answer, or no longer knows the client, is told apart here rather than on an error
    // page of its own.
    let Ok(http) = access.http_client() else {
        return Ok(use_link);
    };
    match client_known(&http, &access.base_url(&space.slug), &client_id).await {
        Ok(true) => {}
        Ok(false) | Err(_) => return Ok(use_link),
    }
    let auth = oauth.authorize();
    Ok(Start::Redirect {
        url: auth.url,
        pending: OAuthPending {
            space_id: space.id,
            state: auth.state,
            verifier: auth.verifier.expose().to_string(),
            until: Utc::now() + chrono::Duration::minutes(OAuthPending::MINUTES),
            login_for,
            back: None,
        },
    })
}

/// A login that succeeded: the session keeps `login_id` (and when the person's rights were
/// read, if they were); the dashboard is at `slug`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoggedIn {
    pub login_id: String,
    pub slug: String,
    pub checked_at: Option<DateTime<Utc>>,
}

/// How the return from the space's login ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Finish {
    LoggedIn(LoggedIn),
    /// Logged in to the forum: the session keeps this forum login id.
    ForumLoggedIn {
        login_id: String,
    },
    /// No login in progress in this session, its ten minutes passed, the `state` does not
    /// match, or the code was refused (spent, too old): begin again.
    Expired,
    /// The person did not grant access (Nextcloud said `access_denied` or the like).
    NotGranted,
    /// Logged in to Nextcloud, but neither an admin of the space nor its referent.
    NotAllowed {
        slug: String,
    },
    /// The space was removed meanwhile.
    Removed,
    /// The space did not answer: try again, or use the mailed link.
    Unreachable {
        slug: String,
    },
}

/// What the space's Nextcloud sent back, as the return page's button posts it.
#[derive(Clone, Debug, Default)]
pub struct Returned<'a> {
    pub state: &'a str,
    pub code: Option<&'a str>,
    pub error: Option<&'a str>,
}

/// Ends a login with the space: `pending` is what the session held (already taken from
/// it: a `state` serves once).
pub async fn finish(
    ctx: &Ctx,
    pending: Option<OAuthPending>,
    returned: Returned<'_>,
    client: &str,
) -> Result<Finish> {
    limit(ctx, client).await?;
    // A code is 128 characters (§5.2): anything much longer is not one.
    let too_long = returned.code.is_some_and(|c| c.len() > 1024);
    let Some(pending) = pending.filter(|p| p.is_live() && p.state == returned.state && !too_long)
    else {
        return Ok(Finish::Expired);
    };
    let Some(space) = SpaceOnFile::load(ctx, pending.space_id).await? else {
        return Ok(Finish::Removed);
    };
    if space.state == SpaceState::Deleted {
        return Ok(Finish::Removed);
    }
    if returned.error.is_some() {
        return Ok(Finish::NotGranted);
    }
    let Some(code) = returned.code.filter(|c| !c.is_empty()) else {
        return Ok(Finish::Expired);
    };
    let unreachable = || Finish::Unreachable {
        slug: space.slug.clone(),
    };
    let (Some(client_id), Some(secret)) = (space.oauth_client_id.clone(), space.oauth_secret(ctx))
    else {
        return Ok(unreachable());
    };
    let Ok(access) = space.dashboard_access(ctx).await else {
        return Ok(unreachable());
    };
    let Ok(oauth) = OAuth::new(
        &access,
        &space.slug,
        &client_id,
        &secret,
        &redirect_uri(ctx),
    ) else {
        return Ok(unreachable());
    };
    let tokens = match oauth
        .exchange(code, &Secret::new(pending.verifier.clone()))
        .await
    {
        Ok(t) => t,
        // Spent, too old, or not this client's: the person begins again.
        Err(NcError::OAuth(error)) => {
            tracing::info!(space = space.id, %error, "a dashboard login's code was refused");
            return Ok(Finish::Expired);
        }
        Err(error) => {
            tracing::warn!(space = space.id, %error, "a dashboard login's code could not be redeemed");
            return Ok(unreachable());
        }
    };
    let user = match oauth.identity(&tokens.access).await {
        Ok(user) => user,
        Err(error) => {
            tracing::warn!(space = space.id, %error, "who logged in could not be read");
            return Ok(unreachable());
        }
    };
    // The token served its purpose; the portal keeps none, and deletes Nextcloud's copy.
    drop(tokens);
    let mut conn = ctx.pool.acquire().await?;
    crate::jobs::enqueue(
        &mut conn,
        &EndLoginToken {
            space_id: space.id,
            uid: user.id.clone(),
        },
    )
    .await?;
    if pending.login_for == LoginFor::Forum {
        if !space.may_use_forum(&user) {
            return Ok(Finish::NotAllowed { slug: space.slug });
        }
        let login_id = crate::forum::people::log_in_with_space(
            ctx,
            space.id,
            &user.id,
            user.email.as_deref(),
            space.is_referent(&user.id),
        )
        .await?;
        return Ok(Finish::ForumLoggedIn { login_id });
    }
    if !space.may_use_dashboard(&user) {
        return Ok(Finish::NotAllowed { slug: space.slug });
    }
    let login_id = open_login(ctx, space.id, &user.id, &user.display_name, false).await?;
    tracing::info!(space = space.id, "a dashboard login with the space");
    Ok(Finish::LoggedIn(LoggedIn {
        login_id,
        slug: space.slug,
        checked_at: Some(Utc::now()),
    }))
}

/// What a request for a mailed link did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkRequest {
    /// Sent to the referent's address on file (which the page never shows).
    Sent,
    Unknown,
    Removed,
    /// The space is not made yet.
    NotReady,
    /// The application was erased: no address on file. Staff can help.
    NoReferent,
}

/// Mails a single-use login link to the referent on file of the space at `address`.
pub async fn request_link(
    ctx: &Ctx,
    address: &str,
    lang: Lang,
    client: &str,
) -> Result<LinkRequest> {
    limit(ctx, client).await?;
    let space = match SpaceOnFile::find(ctx, address).await? {
        Found::Unknown => return Ok(LinkRequest::Unknown),
        Found::Removed => return Ok(LinkRequest::Removed),
        Found::Space(space) => space,
    };
    if !matches!(space.state, SpaceState::Active | SpaceState::Suspended) {
        return Ok(LinkRequest::NotReady);
    }
    let Some(email) = space.referent_email.clone() else {
        return Ok(LinkRequest::NoReferent);
    };
    // At most a few links an hour reach one referent, whoever asks.
    let by_space = format!("referent-link-space:{}", space.id);
    if !rate_limit::hit(&ctx.pool, &by_space, 5, 3600).await? {
        return Err(Error::RateLimited);
    }
    let token = tokens::random_token();
    let mut tx = ctx.pool.begin().await?;
    sqlx::query(
        "insert into referent_login_links (token_hash, space_id, expires_at)
         values ($1, $2, now() + make_interval(mins => $3))",
    )
    .bind(tokens::hash_token(&token))
    .bind(space.id)
    .bind(ctx.settings.dashboard.login_link_minutes as i32)
    .execute(&mut *tx)
    .await?;
    let lang = match space.lang.as_deref() {
        Some("en") => Lang::En,
        Some("fr") => Lang::Fr,
        _ => lang,
    };
    mail::enqueue(
        &mut tx,
        MAIL_LOGIN_LINK,
        &link_mail(ctx, &email, &space.slug, lang, &token),
    )
    .await?;
    tx.commit().await?;
    Ok(LinkRequest::Sent)
}

fn link_mail(ctx: &Ctx, email: &str, slug: &str, lang: Lang, token: &str) -> OutgoingMail {
    let site = &ctx.settings.site;
    let url = format!("{}/espace/connexion/lien/{token}", site.public_url);
    let minutes = ctx.settings.dashboard.login_link_minutes.to_string();
    let address = site.space_address(slug);
    let layout = Layout {
        lang,
        site_name: &site.name,
        paragraphs: vec![tr(
            lang,
            "mail-referent-login-intro",
            &[("space", &address)],
        )],
        action: Some((tr(lang, "mail-referent-login-action", &[]), url)),
        after: vec![
            tr(lang, "mail-referent-login-expiry", &[("minutes", &minutes)]),
            tr(lang, "mail-referent-login-ignore", &[]),
        ],
        unsubscribe_url: None,
    };
    layout.mail(
        email.to_string(),
        tr(lang, "mail-referent-login-subject", &[("space", &address)]),
    )
}

/// Whether a mailed login link would work. Reads only: the page asks before its button.
pub async fn link_is_valid(ctx: &Ctx, token: &str) -> Result<bool> {
    Ok(sqlx::query_scalar(
        "select exists (select 1 from referent_login_links
         where token_hash = $1 and used_at is null and expires_at > now())",
    )
    .bind(tokens::hash_token(token))
    .fetch_one(&ctx.pool)
    .await?)
}

/// Uses a mailed login link, once: a login as the referent on file. `None` when the link is
/// unknown, spent or expired, or the space or its referent is gone.
pub async fn use_link(ctx: &Ctx, token: &str) -> Result<Option<LoggedIn>> {
    let space_id: Option<i64> = sqlx::query_scalar(
        "update referent_login_links set used_at = now()
         where token_hash = $1 and used_at is null and expires_at > now()
         returning space_id",
    )
    .bind(tokens::hash_token(token))
    .fetch_optional(&ctx.pool)
    .await?;
    let Some(space_id) = space_id else {
        return Ok(None);
    };
    let Some(space) = SpaceOnFile::load(ctx, space_id).await? else {
        return Ok(None);
    };
    let (Some(uid), Some(name)) = (space.referent_uid(), space.referent_name.clone()) else {
        return Ok(None);
    };
    if space.state == SpaceState::Deleted {
        return Ok(None);
    }
    let login_id = open_login(ctx, space.id, &uid, &name, true).await?;
    tracing::info!(space = space.id, "a dashboard login by mailed link");
    Ok(Some(LoggedIn {
        login_id,
        slug: space.slug,
        checked_at: None,
    }))
}

/// Deletes from the person's devices the app token Nextcloud made when they logged in to
/// the dashboard (named after the portal's OAuth2 client of that space, §8b.4).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct EndLoginToken {
    pub space_id: i64,
    pub uid: String,
}

impl crate::jobs::Job for EndLoginToken {
    const KIND: &'static str = "referents.end-login-token";
    fn dedup_key(&self) -> Option<String> {
        Some(format!("{}:{}", self.space_id, self.uid))
    }
}

async fn end_login_token(run: Running, job: EndLoginToken) -> Result<(), JobError> {
    let space = SpaceOnFile::load(&run.ctx, job.space_id)
        .await
        .map_err(|e| JobError::Retry(e.to_string()))?;
    let Some(space) = space.filter(|s| s.state == SpaceState::Active) else {
        return Ok(());
    };
    let access = space
        .access(&run.ctx)
        .await
        .map_err(|e| JobError::Retry(e.to_string()))?;
    let prefix = format!("{OAUTH_CLIENT_NAME} {}-", space.id);
    let revoked = access
        .occ(&space.instance)
        .revoke_tokens(&job.uid, |name| name.starts_with(&prefix))
        .await;
    match revoked {
        Ok(_) => Ok(()),
        // The person was deleted meanwhile: their tokens went with them.
        Err(NcError::NotFound) => Ok(()),
        Err(e) if e.is_transient() => Err(JobError::Retry(e.to_string())),
        Err(e) => Err(JobError::Fatal(e.to_string())),
    }
}

pub(super) fn register(registry: &mut crate::jobs::Registry) {
    registry.handle(
        crate::jobs::Policy {
            max_attempts: 8,
            retry_base_secs: 30,
            one_at_a_time: false,
        },
        end_login_token,
    );
}

#[cfg(test)]
mod tests {
    use super::origin_pattern;

    #[test]
    fn a_host_s_address_pattern_becomes_a_csp_source() {
        assert_eq!(
            origin_pattern("https://{slug}.frama.space").as_deref(),
            Some("https://*.frama.space")
        );
        assert_eq!(
            origin_pattern("http://{slug}.localhost:8080").as_deref(),
            Some("http://*.localhost:8080")
        );
        for bad in [
            "ftp://{slug}.x",
            "https://{slug}.x; script-src *",
            "nothing",
            "https:// x",
        ] {
            assert_eq!(origin_pattern(bad), None, "{bad}");
        }
    }
}
