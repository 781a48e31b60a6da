//! Logging in to a space's dashboard: "Se connecter avec mon espace".
//!
//! The person types their space's address; the form (a plain POST, with or without
//! JavaScript) begins the login with the space, keeps it in the session, and sends the
//! browser to another site, the space's Nextcloud, whose origin the page's policy allows. Nextcloud sends the
//! person back to the return page, a GET that changes nothing: its button posts what came
//! back, and the action logs in (a new session id). When the space cannot log people in
//! (no OAuth2 client, no answer, suspended), a single-use link mailed to the referent on
//! file does it instead. Every refusal is a plain sentence with a way on.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

use super::paths::{
    dashboard, LINK_PATH, LINK_SENT_PATH, LINK_TOKEN_PATH, LOGIN_PATH, RETURN_PATH,
};
use crate::actions::{outcome_in, outcome_query, Action, NoInput, NoParams, TokenParam};
#[cfg(feature = "ssr")]
use crate::actions::{Anyone, Reply, Then};
use crate::components::action_form::ActionForm;
use crate::components::fields::{ErrorSummary, TextField};
use crate::components::form::posted;
use crate::components::notice::{Notice, TokenPage};
use crate::components::title::{title_with_errors, PageTitle};
#[cfg(feature = "ssr")]
use crate::forms::FormErrors;
use crate::forms::PostedValues;
use crate::i18n::use_i18n;

/// A space's address as a person types it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AddressInput {
    pub address: String,
}

/// What came back from the space's login page, as its return page's button posts it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReturnInput {
    pub state: String,
    pub code: String,
    pub error: String,
}

/// Where a step of the login leads, and what the login page then says.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SpaceLogin {
    /// Logged in: the space's dashboard.
    Dashboard { slug: String },
    /// To the space's own login page (another site).
    Nextcloud { url: String },
    /// The space cannot log people in now: the mailed link, for this space.
    UseLink { espace: String },
    /// Suspended: its referent logs in by the mailed link and sees why.
    Suspended { espace: String },
    /// The link is on its way.
    LinkSent,
    /// The login with the space took too long, or was begun elsewhere: begin again.
    Expired,
    /// Access was not granted on the space's page.
    NotGranted,
    /// Logged in to Nextcloud, but neither an administrator of the space nor its referent.
    NotAllowed,
    /// The space was removed.
    Removed,
    /// The space did not answer.
    Unreachable { espace: String },
    /// A login with the space for the forum, which the forum's login page tells.
    Forum { step: ForumStep },
}

/// Where a login with one's space for the forum leads, and what the forum's login page
/// then says. The same return page serves both logins (one address is registered with the
/// space's OAuth2 client); what the login was begun for sends it on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ForumStep {
    /// To the space's own login page (another site).
    Nextcloud {
        url: String,
    },
    /// Logged in to the forum: back to the page that asked for the login, or on to asking
    /// a question.
    LoggedIn {
        back: Option<String>,
    },
    /// The space cannot log people in now (or is suspended): the mailed link instead.
    UseLink,
    Expired,
    NotGranted,
    /// Logged in to Nextcloud with an account that may not (disabled, the portal's own).
    NotAllowed,
    Removed,
    Unreachable,
}

impl ForumStep {
    /// The page that shows this step.
    pub fn next(&self) -> String {
        use crate::pages::forum::{FORUM_LOGIN_PATH, NEW_TOPIC_PATH};
        match self {
            ForumStep::Nextcloud { url } => url.clone(),
            ForumStep::LoggedIn { back } => back
                .as_deref()
                .and_then(common::forum::forum_return)
                .unwrap_or(NEW_TOPIC_PATH)
                .to_string(),
            _ => outcome_query(FORUM_LOGIN_PATH, self),
        }
    }

    /// The Fluent key of the sentence the forum's login page says for it.
    pub fn key(&self) -> &'static str {
        match self {
            ForumStep::UseLink => "forum-space-use-link",
            ForumStep::Expired => "forum-space-expired",
            ForumStep::NotGranted => "forum-space-not-granted",
            ForumStep::NotAllowed => "forum-space-not-allowed",
            ForumStep::Removed => "forum-space-removed",
            ForumStep::Unreachable => "forum-space-unreachable",
            ForumStep::Nextcloud { .. } | ForumStep::LoggedIn { .. } => "",
        }
    }
}

impl SpaceLogin {
    /// The page that shows this step.
    fn next(&self) -> String {
        match self {
            SpaceLogin::Dashboard { slug } => dashboard(slug),
            SpaceLogin::Nextcloud { url } => url.clone(),
            SpaceLogin::UseLink { .. } | SpaceLogin::Suspended { .. } => {
                outcome_query(LINK_PATH, self)
            }
            SpaceLogin::LinkSent => LINK_SENT_PATH.to_string(),
            SpaceLogin::Forum { step } => step.next(),
            _ => outcome_query(LOGIN_PATH, self),
        }
    }

    /// The Fluent key of the sentence the login pages say for it.
    fn key(&self) -> &'static str {
        match self {
            SpaceLogin::UseLink { .. } => "dash-login-use-link",
            SpaceLogin::Suspended { .. } => "dash-login-suspended",
            SpaceLogin::Expired => "dash-login-expired",
            SpaceLogin::NotGranted => "dash-login-not-granted",
            SpaceLogin::NotAllowed => "dash-login-not-allowed",
            SpaceLogin::Removed => "dash-login-removed",
            SpaceLogin::Unreachable { .. } => "dash-login-unreachable",
            SpaceLogin::Dashboard { .. }
            | SpaceLogin::Nextcloud { .. }
            | SpaceLogin::LinkSent
            | SpaceLogin::Forum { .. } => "",
        }
    }
}

/// The address typed, checked as a line: refused, the reply that shows it again.
#[cfg(feature = "ssr")]
fn address_of<O>(ctx: &backend::Ctx, raw: &str) -> Result<String, Reply<O>> {
    use crate::forms::ErrorCode;
    let max = ctx.settings.site.applications.line_max;
    let refused = |code| Reply::Invalid(FormErrors::field_error("address", code));
    match common::application::clean_line(raw, max) {
        Ok(line) if line.is_empty() => Err(refused(ErrorCode::Required)),
        Ok(line) => Ok(line),
        Err(code) => Err(refused(code)),
    }
}

/// A refusal by the backend as the form's answer.
#[cfg(feature = "ssr")]
fn refused<O>(what: &str, error: backend::Error) -> Reply<O> {
    use crate::forms::ErrorCode;
    match error {
        backend::Error::RateLimited => Reply::Invalid(FormErrors::form(ErrorCode::RateLimited)),
        error => Reply::failed(what, error),
    }
}

/// A login with a space begun: where to send the browser and what the session keeps, or
/// the mailed link instead (the space suspended, or unable to log people in now).
#[cfg(feature = "ssr")]
pub(crate) enum Begun {
    Redirect((String, backend::referents::login::OAuthPending)),
    Suspended(String),
    UseLink(String),
}

/// Begins a login with the space whose address was typed (`raw`), for the dashboard or the
/// forum: refused, the reply that says why beside the field (an address no space has, a
/// space removed or not made yet) or on the whole form (too many attempts).
#[cfg(feature = "ssr")]
pub(crate) async fn begin<O>(
    caller: &crate::ssr::Caller,
    raw: &str,
    login_for: backend::referents::login::LoginFor,
) -> Result<Begun, Reply<O>> {
    use crate::forms::ErrorCode;
    use backend::referents::login::{start, Start};
    let address = address_of(&caller.ctx, raw)?;
    let at = |code| Err(Reply::Invalid(FormErrors::field_error("address", code)));
    match start(&caller.ctx, &address, &caller.client.0, login_for).await {
        Ok(Start::Redirect { url, pending }) => Ok(Begun::Redirect((url, pending))),
        Ok(Start::Unknown) => at(ErrorCode::SpaceUnknown),
        Ok(Start::Removed) => at(ErrorCode::SpaceRemoved),
        Ok(Start::NotReady) => at(ErrorCode::SpaceNotReady),
        Ok(Start::Suspended { slug }) => Ok(Begun::Suspended(slug)),
        Ok(Start::UseLink { slug }) => Ok(Begun::UseLink(slug)),
        Err(error) => Err(refused("space login", error)),
    }
}

/// "Se connecter avec mon espace": the address typed, the login with that space begun.
pub struct StartSpaceLogin;

impl Action for StartSpaceLogin {
    const ID: &'static str = "space-login";
    const PATH: &'static str = LOGIN_PATH;
    const EXAMPLE: &'static str = LOGIN_PATH;
    const TEXT_FIELDS: &'static [&'static str] = &["address"];
    type Params = NoParams;
    type Input = AddressInput;
    type Outcome = SpaceLogin;

    fn examples() -> Vec<AddressInput> {
        vec![AddressInput {
            address: "les-amis".into(),
        }]
    }

    #[cfg(feature = "ssr")]
    type Who = Anyone;

    #[cfg(feature = "ssr")]
    async fn run(
        _: Anyone,
        _: NoParams,
        input: AddressInput,
        caller: crate::ssr::Caller,
    ) -> Reply<SpaceLogin> {
        use backend::referents::login::LoginFor;
        match begin(&caller, &input.address, LoginFor::Dashboard).await {
            Ok(Begun::Redirect((url, pending))) => Reply::LogIn {
                session: crate::ssr::SessionChange::SpaceStarted(pending),
                then: Then::Done(SpaceLogin::Nextcloud { url }),
            },
            Ok(Begun::Suspended(slug)) => Reply::Done(SpaceLogin::Suspended { espace: slug }),
            Ok(Begun::UseLink(slug)) => Reply::Done(SpaceLogin::UseLink { espace: slug }),
            Err(reply) => reply,
        }
    }

    fn next(_: &NoParams, outcome: &SpaceLogin) -> String {
        outcome.next()
    }
}

/// The return page's button: what the space sent back is redeemed, once.
pub struct FinishSpaceLogin;

impl Action for FinishSpaceLogin {
    const ID: &'static str = "space-login-return";
    const PATH: &'static str = RETURN_PATH;
    const EXAMPLE: &'static str = RETURN_PATH;
    const TEXT_FIELDS: &'static [&'static str] = &["state", "code", "error"];
    type Params = NoParams;
    type Input = ReturnInput;
    type Outcome = SpaceLogin;

    fn examples() -> Vec<ReturnInput> {
        vec![ReturnInput {
            state: "etat".into(),
            code: "code".into(),
            error: String::new(),
        }]
    }

    #[cfg(feature = "ssr")]
    type Who = Anyone;

    #[cfg(feature = "ssr")]
    async fn run(
        _: Anyone,
        _: NoParams,
        input: ReturnInput,
        caller: crate::ssr::Caller,
    ) -> Reply<SpaceLogin> {
        use backend::referents::login::{finish, Finish, LoginFor, Returned};
        let pending = caller.take_space_pending().await;
        let for_forum = pending
            .as_ref()
            .is_some_and(|p| p.login_for() == LoginFor::Forum);
        let back = pending.as_ref().and_then(|p| p.back().map(str::to_string));
        let returned = Returned {
            state: &input.state,
            code: Some(input.code.as_str()).filter(|c| !c.is_empty()),
            error: Some(input.error.as_str()).filter(|e| !e.is_empty()),
        };
        let finished = finish(&caller.ctx, pending, returned, &caller.client.0).await;
        let outcome = match finished {
            Ok(Finish::LoggedIn(done)) => {
                let slug = done.slug.clone();
                return Reply::LogIn {
                    session: crate::ssr::SessionChange::SpaceLoggedIn(done),
                    then: Then::Done(SpaceLogin::Dashboard { slug }),
                };
            }
            Ok(Finish::ForumLoggedIn { login_id }) => {
                return Reply::LogIn {
                    session: crate::ssr::SessionChange::ForumLoggedIn(login_id),
                    then: Then::Done(SpaceLogin::Forum {
                        step: ForumStep::LoggedIn { back },
                    }),
                };
            }
            Ok(Finish::Expired) => SpaceLogin::Expired,
            Ok(Finish::NotGranted) => SpaceLogin::NotGranted,
            Ok(Finish::NotAllowed { .. }) => SpaceLogin::NotAllowed,
            Ok(Finish::Removed) => SpaceLogin::Removed,
            Ok(Finish::Unreachable { slug }) => SpaceLogin::Unreachable { espace: slug },
            Err(error) => return refused("space login return", error),
        };
        if for_forum {
            let step = match outcome {
                SpaceLogin::NotGranted => ForumStep::NotGranted,
                SpaceLogin::NotAllowed => ForumStep::NotAllowed,
                SpaceLogin::Removed => ForumStep::Removed,
                SpaceLogin::Unreachable { .. } => ForumStep::Unreachable,
                _ => ForumStep::Expired,
            };
            return Reply::Done(SpaceLogin::Forum { step });
        }
        Reply::Done(outcome)
    }

    fn next(_: &NoParams, outcome: &SpaceLogin) -> String {
        outcome.next()
    }
}

/// A login link mailed to the referent on file.
pub struct RequestSpaceLink;

impl Action for RequestSpaceLink {
    const ID: &'static str = "space-login-link";
    const PATH: &'static str = LINK_PATH;
    const EXAMPLE: &'static str = LINK_PATH;
    const TEXT_FIELDS: &'static [&'static str] = &["address"];
    type Params = NoParams;
    type Input = AddressInput;
    type Outcome = SpaceLogin;

    fn examples() -> Vec<AddressInput> {
        vec![AddressInput {
            address: "les-amis".into(),
        }]
    }

    #[cfg(feature = "ssr")]
    type Who = Anyone;

    #[cfg(feature = "ssr")]
    async fn run(
        _: Anyone,
        _: NoParams,
        input: AddressInput,
        caller: crate::ssr::Caller,
    ) -> Reply<SpaceLogin> {
        use crate::forms::ErrorCode;
        use backend::referents::login::{request_link, LinkRequest};
        let address = match address_of(&caller.ctx, &input.address) {
            Ok(a) => a,
            Err(reply) => return reply,
        };
        let at = |code| Reply::Invalid(FormErrors::field_error("address", code));
        match request_link(&caller.ctx, &address, caller.lang, &caller.client.0).await {
            Ok(LinkRequest::Sent) => Reply::Done(SpaceLogin::LinkSent),
            Ok(LinkRequest::Unknown) => at(ErrorCode::SpaceUnknown),
            Ok(LinkRequest::Removed) => at(ErrorCode::SpaceRemoved),
            Ok(LinkRequest::NotReady) => at(ErrorCode::SpaceNotReady),
            Ok(LinkRequest::NoReferent) => at(ErrorCode::SpaceNoReferent),
            Err(error) => refused("space login link", error),
        }
    }

    fn next(_: &NoParams, outcome: &SpaceLogin) -> String {
        outcome.next()
    }
}

/// The button of a mailed login link's page: the link is used up, and the referent on file
/// is logged in. A link that no longer works shows its page again, which says so (400).
pub struct UseSpaceLink;

impl Action for UseSpaceLink {
    const ID: &'static str = "use-space-link";
    const PATH: &'static str = LINK_TOKEN_PATH;
    const EXAMPLE: &'static str = "/espace/connexion/lien/lien-inconnu";
    type Params = TokenParam;
    type Input = NoInput;
    type Outcome = SpaceLogin;

    fn examples() -> Vec<NoInput> {
        vec![NoInput {}]
    }

    #[cfg(feature = "ssr")]
    type Who = Anyone;

    #[cfg(feature = "ssr")]
    async fn run(
        _: Anyone,
        link: TokenParam,
        _: NoInput,
        caller: crate::ssr::Caller,
    ) -> Reply<SpaceLogin> {
        match backend::referents::login::use_link(&caller.ctx, &link.token).await {
            Ok(Some(done)) => {
                let slug = done.slug.clone();
                Reply::LogIn {
                    session: crate::ssr::SessionChange::SpaceLoggedIn(done),
                    then: Then::Done(SpaceLogin::Dashboard { slug }),
                }
            }
            Ok(None) => Reply::Page(400),
            Err(error) => Reply::failed("space login link use", error),
        }
    }

    fn next(_: &TokenParam, outcome: &SpaceLogin) -> String {
        outcome.next()
    }
}

/// The address field of the login forms: a plain POST to action `A`'s path, with or
/// without JavaScript, shown again by the server with what was typed and its error when
/// refused. Not sent through the actions' server function: the login with a space leaves
/// for another site (the policy's `form-action` names the spaces), and on these lazy pages
/// a refusal answered to the server function did not show (see the README).
#[component]
fn AddressForm<A: Action<Params = NoParams>>(
    #[prop(optional)] _action: std::marker::PhantomData<A>,
    submit: &'static str,
    value: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let posted = posted::<PostedValues>();
    let value = RwSignal::new(posted.values.get("address").cloned().unwrap_or(value));
    let errors = RwSignal::new(posted.errors);
    view! {
        <form method="post" action=A::PATH class="form" novalidate>
            <ErrorSummary errors field_id=|_| "space-address".to_string()/>
            <TextField
                id="space-address"
                name="address"
                label=i18n.t("dash-login-address")
                hint=i18n.t("dash-login-address-hint")
                autocomplete="url"
                value
                errors
                on_change=Callback::new(|()| ())
                node_ref=NodeRef::new()
            />
            <button type="submit" class="button">{i18n.t(submit)}</button>
        </form>
    }
}

/// What an earlier step said, if the address carries it.
fn said() -> Option<SpaceLogin> {
    use_query_map().with_untracked(outcome_in::<SpaceLogin>)
}

/// The space an earlier step named (`?espace=`), to fill in the form.
fn named_space() -> String {
    use_query_map().with_untracked(|q| q.get("espace").unwrap_or_default())
}

#[component]
fn Said(outcome: Option<SpaceLogin>) -> impl IntoView {
    let i18n = use_i18n();
    outcome.filter(|o| !o.key().is_empty()).map(|o| {
        view! {
            <div class="notice" role="status" id="login-outcome">
                <p>{i18n.t(o.key())}</p>
            </div>
        }
    })
}

#[component]
pub fn SpaceLoginPage() -> impl IntoView {
    let i18n = use_i18n();
    let has_errors = !posted::<PostedValues>().errors.is_empty();
    view! {
        <PageTitle text=title_with_errors("dash-login-title", has_errors)/>
        <h1>{i18n.t("dash-login-title")}</h1>
        <Said outcome=said()/>
        <p class="lead">{i18n.t("dash-login-intro")}</p>
        <section class="panel">
            <AddressForm<StartSpaceLogin> submit="dash-login-submit" value=named_space()/>
        </section>
        <p>{i18n.t("dash-login-who")}</p>
        <p><a href=LINK_PATH>{i18n.t("dash-login-by-link")}</a></p>
    }
}

#[component]
pub fn SpaceLinkPage() -> impl IntoView {
    let i18n = use_i18n();
    let has_errors = !posted::<PostedValues>().errors.is_empty();
    view! {
        <PageTitle text=title_with_errors("dash-link-title", has_errors)/>
        <h1>{i18n.t("dash-link-title")}</h1>
        <Said outcome=said()/>
        <p class="lead">{i18n.t("dash-link-intro")}</p>
        <section class="panel">
            <AddressForm<RequestSpaceLink> submit="dash-link-submit" value=named_space()/>
        </section>
        <p><a href=LOGIN_PATH>{i18n.t("dash-link-with-space")}</a></p>
    }
}

#[component]
pub fn SpaceLinkSentPage() -> impl IntoView {
    view! {
        <Notice
            title="dash-link-sent-title"
            paragraphs=&["dash-link-sent-text", "newsletter-thanks-spam"]
            link=(LOGIN_PATH, "dash-link-sent-again")
        />
    }
}

/// The page Nextcloud sends the person back to. A GET changes nothing: its button posts
/// what came back ([`FinishSpaceLogin`]).
#[component]
pub fn SpaceReturnPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let get = move |name: &str| query.with_untracked(|q| q.get(name).unwrap_or_default());
    let (state, code, error) = (get("state"), get("code"), get("error"));
    let nothing = state.is_empty();
    view! {
        <PageTitle text=i18n.t("dash-return-title")/>
        <h1>{i18n.t("dash-return-title")}</h1>
        {if nothing {
            view! {
                <p class="lead">{i18n.t("dash-login-expired")}</p>
                <p><a href=LOGIN_PATH>{i18n.t("dash-return-again")}</a></p>
            }
            .into_any()
        } else {
            view! {
                <p class="lead">{i18n.t("dash-return-text")}</p>
                <ActionForm<FinishSpaceLogin> params=NoParams::default() class="form">
                    <input type="hidden" name="state" value=state/>
                    <input type="hidden" name="code" value=code/>
                    <input type="hidden" name="error" value=error/>
                    <button type="submit" class="button">{i18n.t("dash-return-submit")}</button>
                </ActionForm<FinishSpaceLogin>>
            }
            .into_any()
        }}
    }
}

/// Whether a mailed login link would work. Reads only: the page asks before its button.
#[server(prefix = "/api", endpoint = "spaces/login-link-valid")]
pub async fn space_link_is_valid(token: String) -> Result<bool, ServerFnError> {
    let caller = crate::ssr::caller().await?;
    backend::referents::login::link_is_valid(&caller.ctx, &token)
        .await
        .map_err(|error| crate::ssr::server_error("space login link check", error))
}

#[component]
pub fn SpaceLinkUsePage() -> impl IntoView {
    view! {
        <TokenPage<UseSpaceLink, _, _>
            check=space_link_is_valid
            title="dash-link-use-title"
            text="dash-link-use-text"
            submit="dash-link-use-submit"
            invalid=|| view! {
                <Notice
                    title="dash-link-invalid-title"
                    paragraphs=&["dash-link-invalid-text"]
                    link=(LINK_PATH, "dash-link-invalid-again")
                />
            }
            .into_any()
        />
    }
}

#[component]
pub fn SpaceLoggedOutPage() -> impl IntoView {
    let i18n = use_i18n();
    let everywhere = use_query_map().with_untracked(|q| q.get("partout").is_some());
    let text = if everywhere {
        "dash-logged-out-everywhere"
    } else {
        "dash-logged-out-text"
    };
    view! {
        <PageTitle text=i18n.t("dash-logged-out-title")/>
        <h1>{i18n.t("dash-logged-out-title")}</h1>
        <p class="lead">{i18n.t(text)}</p>
        <p><a href=LOGIN_PATH>{i18n.t("dash-logged-out-again")}</a></p>
    }
}
