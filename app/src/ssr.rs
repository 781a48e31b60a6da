//! Server-side glue: what the server hands to the pages through the request, and the one
//! helper every server function starts with.

use axum::http::header::{ACCEPT_LANGUAGE, COOKIE};
use axum::http::request::Parts;
use leptos::prelude::*;

use crate::i18n::{negotiate, Lang};
use crate::site::{DevMode, PageEnv, SiteInfo};

/// The CSP nonce the server chose for this response; the page puts it on its scripts.
#[derive(Clone, Debug)]
pub struct CspNonce(pub String);

/// Picks the visitor's language from the request and joins the site settings.
pub fn page_env() -> PageEnv {
    let lang = use_context::<Parts>()
        .map(|parts| request_lang(&parts))
        .unwrap_or_default();
    PageEnv {
        lang,
        site: use_context::<SiteInfo>().unwrap_or_default(),
        login_link_minutes: use_context::<backend::Ctx>()
            .map(|c| c.settings.staff.login_link_minutes)
            .unwrap_or(15),
    }
}

pub fn request_lang(parts: &Parts) -> Lang {
    let header = |name| parts.headers.get(name).and_then(|v| v.to_str().ok());
    negotiate(header(COOKIE), header(ACCEPT_LANGUAGE))
}

pub fn provide_request_nonce() {
    if let Some(nonce) =
        use_context::<Parts>().and_then(|p| p.extensions.get::<CspNonce>().cloned())
    {
        provide_context(leptos::nonce::Nonce::from_value(nonce.0));
    }
}

/// Session keys.
pub const SESSION_LOGIN: &str = "login";
pub const SESSION_PENDING: &str = "pending";
/// A space's dashboard: the login, and the login with the space in progress.
pub const SESSION_SPACE_LOGIN: &str = "space-login";
pub const SESSION_SPACE_PENDING: &str = "space-pending";
/// When the dashboard login's rights were last read in the space's Nextcloud.
pub const SESSION_SPACE_CHECKED: &str = "space-checked";
/// The forum's login (a login id of `forum_logins`).
pub const SESSION_FORUM_LOGIN: &str = "forum-login";

/// A step of the login that begins the caller's session afresh (an action answers it with
/// [`crate::actions::Reply::LogIn`]; the handler that serves the action makes it). The
/// session id changes, so that an id known before the step is worth nothing after it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SessionChange {
    /// Logged in: the session holds this login id (and no login in progress).
    LoggedIn(String),
    /// A login waiting for its second factor: the session holds it (and no login).
    Pending(backend::accounts::Pending),
    /// Logged in to a space's dashboard: the session holds this login id, and when the
    /// person's rights were read if they were (and no login with a space in progress).
    SpaceLoggedIn(backend::referents::login::LoggedIn),
    /// A login with a space begun: the session holds it until the person comes back.
    SpaceStarted(backend::referents::login::OAuthPending),
    /// Logged out of a space's dashboard: the session holds no dashboard login.
    SpaceLoggedOut,
    /// Logged in to the forum: the session holds this forum login id.
    ForumLoggedIn(String),
    /// Logged out of the forum.
    ForumLoggedOut,
}

impl SessionChange {
    /// Makes the change in `session`: a new id, then the login or the login in progress in
    /// place of the other. False when it could not (no session, or the store failed:
    /// logged); the caller then answers that the service is unavailable.
    pub async fn begin(self, session: Option<&tower_sessions::Session>) -> bool {
        let Some(session) = session else {
            tracing::error!("a login step without a session");
            return false;
        };
        match self.make(session).await {
            Ok(()) => true,
            Err(error) => {
                tracing::error!(%error, "starting a login's session failed");
                false
            }
        }
    }

    async fn make(
        self,
        session: &tower_sessions::Session,
    ) -> Result<(), tower_sessions::session::Error> {
        session.cycle_id().await?;
        match self {
            SessionChange::LoggedIn(login) => {
                let _: Option<backend::accounts::Pending> = session.remove(SESSION_PENDING).await?;
                session.insert(SESSION_LOGIN, login).await
            }
            SessionChange::Pending(pending) => {
                let _: Option<String> = session.remove(SESSION_LOGIN).await?;
                session.insert(SESSION_PENDING, pending).await
            }
            SessionChange::SpaceLoggedIn(login) => {
                let _: Option<backend::referents::login::OAuthPending> =
                    session.remove(SESSION_SPACE_PENDING).await?;
                match login.checked_at {
                    Some(at) => session.insert(SESSION_SPACE_CHECKED, at).await?,
                    None => {
                        let _: Option<chrono::DateTime<chrono::Utc>> =
                            session.remove(SESSION_SPACE_CHECKED).await?;
                    }
                }
                session.insert(SESSION_SPACE_LOGIN, login.login_id).await
            }
            SessionChange::SpaceStarted(pending) => {
                session.insert(SESSION_SPACE_PENDING, pending).await
            }
            SessionChange::SpaceLoggedOut => {
                let _: Option<String> = session.remove(SESSION_SPACE_LOGIN).await?;
                let _: Option<chrono::DateTime<chrono::Utc>> =
                    session.remove(SESSION_SPACE_CHECKED).await?;
                Ok(())
            }
            SessionChange::ForumLoggedIn(login) => session.insert(SESSION_FORUM_LOGIN, login).await,
            SessionChange::ForumLoggedOut => {
                let _: Option<String> = session.remove(SESSION_FORUM_LOGIN).await?;
                Ok(())
            }
        }
    }
}

/// Why a caller was refused: not logged in (401) or logged in without the right (403).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Denied {
    NotLoggedIn,
    Forbidden,
}

impl Denied {
    pub fn status(self) -> axum::http::StatusCode {
        match self {
            Denied::NotLoggedIn => axum::http::StatusCode::UNAUTHORIZED,
            Denied::Forbidden => axum::http::StatusCode::FORBIDDEN,
        }
    }

    /// The error a server function answers with; it also sets the response's status.
    pub fn into_server_error(self) -> ServerFnError {
        if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
            res.set_status(self.status());
        }
        ServerFnError::new(crate::site::denied_code(self.status().as_u16()))
    }
}

/// Nothing here any more (a link changed or closed, with no address to follow): the page
/// that asked answers 410 (when rendered on the server).
pub fn gone() {
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        res.set_status(axum::http::StatusCode::GONE);
    }
}

/// Nothing here: the page that asked answers 404 (when rendered on the server).
pub fn not_found() {
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        // A page that moved for good (a topic merged into another) stays a redirect.
        let moved = res
            .0
            .read()
            .is_ok_and(|parts| parts.status.is_some_and(|s| s.is_redirection()));
        if !moved {
            res.set_status(axum::http::StatusCode::NOT_FOUND);
        }
    }
}

/// A backend failure in a server function: logged, answered with status 500 and the code
/// `server`, so that a page shows the error page rather than a wrong answer (a database
/// failure is never "this link no longer works").
pub fn server_error(what: &str, error: backend::Error) -> ServerFnError {
    tracing::error!(%error, "{what} failed");
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        res.set_status(axum::http::StatusCode::INTERNAL_SERVER_ERROR);
    }
    ServerFnError::new(common::ErrorCode::Server.as_str())
}

/// Who is calling, and the services to serve them: the one value every server function
/// and form handler starts from. The role checks return the capability value the backend
/// functions require.
pub struct Caller {
    pub ctx: backend::Ctx,
    pub client: backend::ClientAddr,
    pub dev_mode: bool,
    pub lang: Lang,
    session: Option<tower_sessions::Session>,
    staff: Option<backend::accounts::Staff>,
    referent: Option<backend::referents::Referent>,
    forum: Option<backend::forum::people::Member>,
}

impl Caller {
    /// The caller of a request: its session's login, checked against the database.
    pub async fn from_parts(ctx: backend::Ctx, parts: &Parts, dev_mode: bool) -> Self {
        let session = parts.extensions.get::<tower_sessions::Session>().cloned();
        let (staff, referent, forum) = match &session {
            Some(s) => (
                staff_of(&ctx, s).await,
                dashboard_login(&ctx, s).await,
                forum_login(&ctx, s).await,
            ),
            None => (None, None, None),
        };
        Self {
            client: client_addr(Some(parts)),
            lang: request_lang(parts),
            ctx,
            dev_mode,
            session,
            staff,
            referent,
            forum,
        }
    }

    pub fn session(&self) -> Option<&tower_sessions::Session> {
        self.session.as_ref()
    }

    /// A staff member, of any role.
    pub fn staff(&self) -> Result<&backend::accounts::Staff, Denied> {
        self.staff.as_ref().ok_or(Denied::NotLoggedIn)
    }

    /// An administrator who passed the second factor.
    pub fn admin(&self) -> Result<backend::accounts::Admin, Denied> {
        self.staff()?.admin().ok_or(Denied::Forbidden)
    }

    /// A staff member who moderates the forum.
    pub fn forum_moderator(&self) -> Result<backend::forum::moderation::ForumModerator, Denied> {
        backend::forum::moderation::ForumModerator::of(self.staff()?).ok_or(Denied::Forbidden)
    }

    /// A person logged in to a space's dashboard (of any space: an address names its
    /// space, and [`Caller::referent_of`] binds the proof to it).
    pub fn referent(&self) -> Result<&backend::referents::Referent, Denied> {
        self.referent.as_ref().ok_or(Denied::NotLoggedIn)
    }

    /// The person logged in to the dashboard of the space at `slug`: 401 when nobody is
    /// logged in to a dashboard, 403 when they are, to another space's.
    pub fn referent_of(&self, slug: &str) -> Result<backend::referents::Referent, Denied> {
        let referent = self.referent()?;
        if referent.slug().eq_ignore_ascii_case(slug) {
            Ok(referent.clone())
        } else {
            Err(Denied::Forbidden)
        }
    }

    /// A person logged in to the forum, whom no moderator banned: every page and action
    /// of a member answers 403 to a banned person.
    pub fn forum_member(&self) -> Result<&backend::forum::people::Member, Denied> {
        match &self.forum {
            Some(member) if member.banned() => Err(Denied::Forbidden),
            Some(member) => Ok(member),
            None => Err(Denied::NotLoggedIn),
        }
    }

    /// The person logged in to the forum, banned or not: for what the pages say of their
    /// login (who they are, and why and until when a sanction holds).
    pub fn forum_login(&self) -> Option<&backend::forum::people::Member> {
        self.forum.as_ref()
    }

    /// The login with a space this session began, taken from it (a `state` serves once).
    pub async fn take_space_pending(&self) -> Option<backend::referents::login::OAuthPending> {
        let session = self.session.as_ref()?;
        session.remove(SESSION_SPACE_PENDING).await.ok()?
    }

    /// A login waiting for its second factor, if this session has one still live.
    pub async fn pending(&self) -> Option<backend::accounts::Pending> {
        let session = self.session.as_ref()?;
        let pending: backend::accounts::Pending = session.get(SESSION_PENDING).await.ok()??;
        pending.is_live().then_some(pending)
    }
}

async fn staff_of(
    ctx: &backend::Ctx,
    session: &tower_sessions::Session,
) -> Option<backend::accounts::Staff> {
    let login: String = session.get(SESSION_LOGIN).await.ok()??;
    match backend::accounts::authenticate(ctx, &login).await {
        Ok(staff) => staff,
        Err(error) => {
            tracing::error!(%error, "login check failed");
            None
        }
    }
}

async fn dashboard_login(
    ctx: &backend::Ctx,
    session: &tower_sessions::Session,
) -> Option<backend::referents::Referent> {
    let login: String = session.get(SESSION_SPACE_LOGIN).await.ok()??;
    let checked: Option<chrono::DateTime<chrono::Utc>> =
        session.get(SESSION_SPACE_CHECKED).await.ok().flatten();
    match backend::referents::authenticate(ctx, &login, checked).await {
        Ok(Some(live)) => {
            if Some(live.checked_at) != checked {
                // The session remembers the reading (a session write, allowed on a GET).
                if let Err(error) = session.insert(SESSION_SPACE_CHECKED, live.checked_at).await {
                    tracing::warn!(%error, "keeping a dashboard login's check failed");
                }
            }
            Some(live.referent)
        }
        Ok(None) => {
            // Ended, or its rights lost: the session forgets it.
            let _ = session.remove::<String>(SESSION_SPACE_LOGIN).await;
            None
        }
        Err(error) => {
            tracing::error!(%error, "dashboard login check failed");
            None
        }
    }
}

async fn forum_login(
    ctx: &backend::Ctx,
    session: &tower_sessions::Session,
) -> Option<backend::forum::people::Member> {
    let login: String = session.get(SESSION_FORUM_LOGIN).await.ok()??;
    match backend::forum::people::authenticate(ctx, &login).await {
        Ok(Some(member)) => Some(member),
        Ok(None) => {
            // Ended, or the account deleted: the session forgets it.
            let _ = session.remove::<String>(SESSION_FORUM_LOGIN).await;
            None
        }
        Err(error) => {
            tracing::error!(%error, "forum login check failed");
            None
        }
    }
}

/// The address the server's middleware put in the request.
fn client_addr(parts: Option<&Parts>) -> backend::ClientAddr {
    parts
        .and_then(|p| p.extensions.get::<backend::ClientAddr>().cloned())
        .unwrap_or_else(|| backend::ClientAddr("unknown".into()))
}

/// The caller of a server function.
pub async fn caller() -> Result<Caller, ServerFnError> {
    let ctx = use_context::<backend::Ctx>()
        .ok_or_else(|| ServerFnError::new("server context missing"))?;
    let parts = use_context::<Parts>().ok_or_else(|| ServerFnError::new("request missing"))?;
    let dev_mode = use_context::<DevMode>().unwrap_or_default().0;
    Ok(Caller::from_parts(ctx, &parts, dev_mode).await)
}
