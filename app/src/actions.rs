//! Declared actions: every write of the portal (buttons, one-text forms, pages with
//! several buttons, and the kit's forms, each of which is an action through
//! [`crate::forms::action::Kit`]) is declared once, as a type implementing [`Action`].
//!
//! - **One declaration** names the action's path, who may call it (the proof its `run`
//!   receives: [`Anyone`], a `Staff` member, an `Admin`; per button where a page mixes
//!   them), its typed path parameters and input (a page with several buttons has an enum
//!   of buttons, never a string compared by hand), its backend call, and its typed outcome.
//! - **Without JavaScript** the page's `<form method="post">` posts to the path; the
//!   server's one generic handler answers 303 to the page that shows the outcome, or the
//!   page again (422) with the text kept and its error beside it (never a field of
//!   [`Action::SECRET_FIELDS`]: a second-factor code).
//! - **With JavaScript** the same declaration answers the one server function
//!   [`run_action`], which finds the action by its id (through the registry's
//!   [`ActionRunner`]); the page's form is an [`crate::components::action_form::ActionForm`].
//! - **The outcome** travels to the page that shows it as the outcome type itself,
//!   written into the address by [`outcome_query`] and read back by [`outcome_in`]: the
//!   page matches the enum, never a spelling. What must never be in an address (recovery
//!   codes) is shown by the action's own page in the response itself ([`Reply::Show`],
//!   read by [`use_shown`]).
//! - **The login's steps** (the link's button, the second-factor code, its set-up) begin
//!   the caller's session afresh: their `run` answers [`Reply::LogIn`] with the change to
//!   make, and the handler that serves the action makes it (a new session id each time).
//! - **Listed once** in [`crate::registry::each_action`]: the server registers its routes
//!   from there, and the route list, the role tests and the hostile-values test are
//!   generated from the declarations (`server/tests/app/actions.rs`), so a new action is
//!   covered by all three.

use leptos::prelude::*;
use serde::{de::DeserializeOwned, Deserialize, Serialize};

use crate::forms::FormErrors;

/// Who may call a route or press a button (the route list re-exports it).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Access {
    /// Any visitor, same site.
    Anyone,
    /// Only when the server runs in development mode; 404 otherwise.
    DevOnly,
    /// A logged-in staff member of any role; anonymous callers get 401.
    Staff,
    /// An administrator who passed the second factor; anonymous 401, moderators 403.
    Admin,
    /// A person logged in to the dashboard of the space its address names (`{slug}`):
    /// nobody logged in to a dashboard 401, someone logged in to another space's 403.
    Referent,
    /// A person logged in to the forum (by a mailed link or with their space); anonymous
    /// callers get 401.
    Member,
    /// A staff member who moderates the forum (given the role by an admin, or an admin
    /// who passed the second factor): anonymous 401, other staff 403.
    ForumModerator,
}

/// The query parameter that names an outcome.
pub const OUTCOME_PARAM: &str = "resultat";

/// A write of the portal. See the module's documentation.
pub trait Action: 'static {
    /// A stable id: the server function finds the action by it.
    const ID: &'static str;
    /// Where the page's form posts, as axum writes it (`/equipe/espaces/{id}`).
    const PATH: &'static str;
    /// A concrete address to try, for paths with parameters.
    const EXAMPLE: &'static str;
    /// The fields of the input that take text typed by a person (the hostile-values test
    /// tries each, and a refused text is shown again).
    const TEXT_FIELDS: &'static [&'static str] = &[];
    /// The fields never shown again when the page is rendered again with an error (a
    /// second-factor code: spent, or wrong); the plain-POST handler leaves them out of
    /// what it hands back to the page.
    const SECRET_FIELDS: &'static [&'static str] = &[];
    /// The largest body the action reads: a form of words is far below it; a form that
    /// sends a file says its own.
    const BODY_LIMIT: usize = 256 * 1024;
    /// The path's parameters (`{id}`, `{token}`); [`NoParams`] when there are none.
    type Params: Serialize + DeserializeOwned + Clone + Send + Sync + std::fmt::Debug + 'static;
    /// What the form sends.
    type Input: Serialize + DeserializeOwned + Clone + Send + Sync + std::fmt::Debug + 'static;
    /// What came of it, shown by the page.
    type Outcome: Serialize
        + DeserializeOwned
        + Clone
        + PartialEq
        + Send
        + Sync
        + std::fmt::Debug
        + 'static;

    /// One input per button, for the generated tests.
    fn examples() -> Vec<Self::Input>;

    /// [`Action::TEXT_FIELDS`], or the typed fields of a kit form.
    fn text_fields() -> Vec<&'static str> {
        Self::TEXT_FIELDS.to_vec()
    }

    /// What the page says of a body over [`Action::BODY_LIMIT`], shown again beside what
    /// was typed (never a bare 413).
    fn too_large() -> FormErrors {
        FormErrors::form(crate::forms::ErrorCode::TextTooLong)
    }

    /// The input, from the form's body (URL-encoded); `None` when it is not one (a forged
    /// form).
    #[cfg(feature = "ssr")]
    fn input_from(body: &[u8]) -> Option<Self::Input> {
        serde_urlencoded::from_bytes(body).ok()
    }

    /// The least a caller must be: the proof `run` receives.
    #[cfg(feature = "ssr")]
    type Who: Proof;

    /// Who may send this input: the proof's role, unless a button asks for more.
    #[cfg(feature = "ssr")]
    fn access(_input: &Self::Input) -> Access {
        <Self::Who as Proof>::ACCESS
    }

    /// The backend call, once the caller showed the proof `access` names.
    #[cfg(feature = "ssr")]
    fn run(
        who: Self::Who,
        params: Self::Params,
        input: Self::Input,
        caller: crate::ssr::Caller,
    ) -> impl std::future::Future<Output = Reply<Self::Outcome>> + Send;

    /// The page that shows `outcome` (usually [`outcome_query`] on the action's page).
    fn next(params: &Self::Params, outcome: &Self::Outcome) -> String;
}

/// The parameters of a path without any.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoParams {}

/// The input of a button that sends nothing but itself.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoInput {}

/// A path's `{id}`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdParam {
    pub id: i64,
}

/// A path's `{token}` (a link from a mail).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenParam {
    pub token: String,
}

/// A path's `{slug}`: the space whose dashboard it is.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlugParam {
    pub slug: String,
}

/// What the server made of an action.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reply<O> {
    /// Done (or refused by the state of things, which the outcome says): go to the page
    /// that shows it.
    Done(O),
    /// Done, and what came of it must never be in an address (recovery codes): the
    /// action's own page answers (200, `Cache-Control: no-store`) and shows it, given to the
    /// page for this response only ([`Shown`]). With JavaScript, the server function
    /// returns it as data to the page that sent the action.
    Show(O),
    /// Nothing done: the action's own page again (200, `no-store`) with what was typed kept,
    /// as for a refused text but without an error, and this shown beside it (a message's
    /// preview). With JavaScript, as [`Reply::Show`]: the page has what was typed.
    Preview(O),
    /// A step of the login: the handler begins the caller's session afresh as `session`
    /// says, then answers as `then` (as [`Reply::Done`] or [`Reply::Show`]); if the
    /// session could not be changed, as [`Reply::Unavailable`].
    #[cfg(feature = "ssr")]
    LogIn {
        session: crate::ssr::SessionChange,
        then: Then<O>,
    },
    /// A text refused: the page again, the text kept and its error beside it.
    Invalid(FormErrors),
    /// The page itself again with this status: it says why (a link that no longer works).
    Page(u16),
    /// Nothing there to act on.
    NotFound,
    /// The input names no button of the page (a forged form).
    Unprocessable,
    /// The backend failed (logged); nothing typed is lost.
    Unavailable,
    #[cfg(feature = "ssr")]
    Denied(crate::ssr::Denied),
}

impl<O> Reply<O> {
    /// A backend error, logged, as the reply.
    #[cfg(feature = "ssr")]
    pub fn failed(what: &str, error: impl std::fmt::Display) -> Self {
        tracing::error!(%error, "{what} failed");
        Reply::Unavailable
    }

    /// A backend answer that names the outcome, or `None` when there is nothing to act on.
    #[cfg(feature = "ssr")]
    pub fn found<E: std::fmt::Display>(what: &str, result: Result<Option<O>, E>) -> Self {
        match result {
            Ok(Some(outcome)) => Reply::Done(outcome),
            Ok(None) => Reply::NotFound,
            Err(error) => Reply::failed(what, error),
        }
    }
}

/// How a login step answers once its session began ([`Reply::LogIn`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Then<O> {
    /// As [`Reply::Done`]: the page that shows the outcome.
    Done(O),
    /// As [`Reply::Show`]: the action's own page shows it, this once.
    Show(O),
}

impl<O> From<Then<O>> for Reply<O> {
    fn from(then: Then<O>) -> Self {
        match then {
            Then::Done(outcome) => Reply::Done(outcome),
            Then::Show(outcome) => Reply::Show(outcome),
        }
    }
}

/// An outcome the action's own page shows in this response only ([`Reply::Show`]): the
/// plain-POST handler provides it as context when it renders the page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shown<O>(pub O);

/// The outcome action `A` shows on this page, when this response is the one that shows it
/// ([`Reply::Show`] without JavaScript); `None` on any other visit.
pub fn use_shown<A: Action>() -> Option<A::Outcome> {
    SharedValue::new(use_context::<Shown<A::Outcome>>)
        .into_inner()
        .map(|shown| shown.0)
}

/// Who a caller proved to be: what an action's `run` receives. Made from the caller's
/// session alone, before the input is read; a proof that needs the input (an administrator
/// who typed a code again) is made afterwards, in `run` ([`crate::proofs::AdminAgain`]).
#[cfg(feature = "ssr")]
pub trait Proof: Sized + Send + 'static {
    const ACCESS: Access;
    fn of(caller: &crate::ssr::Caller) -> Result<Self, crate::ssr::Denied>;

    /// The proof bound to what the address names (its path's parameters, as words): a
    /// space's dashboard proof holds only for that space. Most proofs hold everywhere.
    fn bind(self, _params: &[(String, String)]) -> Result<Self, crate::ssr::Denied> {
        Ok(self)
    }
}

/// Anyone: the proof of nothing, for actions open to every visitor (a link's button, a
/// step of the login, whose `run` checks what the session holds).
#[derive(Clone, Copy, Debug)]
pub struct Anyone;

#[cfg(feature = "ssr")]
impl Proof for Anyone {
    const ACCESS: Access = Access::Anyone;
    fn of(_: &crate::ssr::Caller) -> Result<Self, crate::ssr::Denied> {
        Ok(Anyone)
    }
}

#[cfg(feature = "ssr")]
impl Proof for backend::accounts::Staff {
    const ACCESS: Access = Access::Staff;
    fn of(caller: &crate::ssr::Caller) -> Result<Self, crate::ssr::Denied> {
        caller.staff().cloned()
    }
}

#[cfg(feature = "ssr")]
impl Proof for backend::accounts::Admin {
    const ACCESS: Access = Access::Admin;
    fn of(caller: &crate::ssr::Caller) -> Result<Self, crate::ssr::Denied> {
        caller.admin()
    }
}

/// A person logged in to a space's dashboard, for that space only: the action's path names
/// the space (`{slug}`), and a login of another space is refused (403).
#[cfg(feature = "ssr")]
impl Proof for backend::referents::Referent {
    const ACCESS: Access = Access::Referent;
    fn of(caller: &crate::ssr::Caller) -> Result<Self, crate::ssr::Denied> {
        caller.referent().cloned()
    }

    fn bind(self, params: &[(String, String)]) -> Result<Self, crate::ssr::Denied> {
        match params.iter().find(|(name, _)| name == "slug") {
            Some((_, slug)) if self.slug().eq_ignore_ascii_case(slug) => Ok(self),
            _ => Err(crate::ssr::Denied::Forbidden),
        }
    }
}

/// A person logged in to the forum: every write of the forum takes it.
#[cfg(feature = "ssr")]
impl Proof for backend::forum::people::Member {
    const ACCESS: Access = Access::Member;
    fn of(caller: &crate::ssr::Caller) -> Result<Self, crate::ssr::Denied> {
        caller.forum_member().cloned()
    }
}

/// A staff member who moderates the forum: its queue, its log, its decisions.
#[cfg(feature = "ssr")]
impl Proof for backend::forum::moderation::ForumModerator {
    const ACCESS: Access = Access::ForumModerator;
    fn of(caller: &crate::ssr::Caller) -> Result<Self, crate::ssr::Denied> {
        caller.forum_moderator()
    }
}

/// Whether `caller` is at least `access` (the per-button check before `run`).
#[cfg(feature = "ssr")]
pub fn check_access(access: Access, caller: &crate::ssr::Caller) -> Result<(), crate::ssr::Denied> {
    match access {
        Access::Anyone => Ok(()),
        Access::DevOnly if caller.dev_mode => Ok(()),
        Access::DevOnly => Err(crate::ssr::Denied::Forbidden),
        Access::Staff => caller.staff().map(drop),
        Access::Admin => caller.admin().map(drop),
        Access::Referent => caller.referent().map(drop),
        Access::Member => caller.forum_member().map(drop),
        Access::ForumModerator => caller.forum_moderator().map(drop),
    }
}

/// A path's parameters, from their URL-encoded pairs; `None` when they do not fit (an
/// `{id}` that is no number).
#[cfg(feature = "ssr")]
pub fn params_from<T: DeserializeOwned>(pairs: &str) -> Option<T> {
    serde_urlencoded::from_str(pairs).ok()
}

/// Runs `A` for `caller` on a form's body (URL-encoded): the proof first (so that a
/// caller without it learns nothing of the input), then the input read, the button's own
/// access, and the backend call.
#[cfg(feature = "ssr")]
pub async fn perform<A: Action>(
    caller: crate::ssr::Caller,
    params: A::Params,
    body: &[u8],
) -> Reply<A::Outcome> {
    let who = match <A::Who as Proof>::of(&caller).and_then(|who| who.bind(&pairs_of(&params))) {
        Ok(who) => who,
        Err(denied) => return Reply::Denied(denied),
    };
    let Some(input) = A::input_from(body) else {
        return Reply::Unprocessable;
    };
    if let Err(denied) = check_access(A::access(&input), &caller) {
        return Reply::Denied(denied);
    }
    A::run(who, params, input, caller).await
}

/// The value a form's hidden input sends for `value` (a button of an action's input, a
/// choice): the spelling its type reads back, never written by hand.
pub fn sent<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        Ok(other) => other.to_string(),
        Err(_) => String::new(),
    }
}

/// A text typed into an action's form (a question, a note, a reason), checked as the
/// application form checks its long texts; refused, the reply that shows it again with
/// its error beside it (the field is `text`).
#[cfg(feature = "ssr")]
pub fn text_of<O>(ctx: &backend::Ctx, raw: &str, required: bool) -> Result<String, Reply<O>> {
    let max = ctx.settings.site.applications.text_max;
    let refused = |code| Reply::Invalid(FormErrors::field_error("text", code));
    match backend::applications::clean_text(raw, max) {
        Ok(text) if required && text.is_empty() => Err(refused(crate::forms::ErrorCode::Required)),
        Ok(text) => Ok(text),
        Err(code) => Err(refused(code)),
    }
}

/// The address of action `A` for `params`: its path with each `{name}` filled in.
pub fn address<A: Action>(params: &A::Params) -> String {
    let mut path = A::PATH.to_string();
    for (name, value) in pairs_of(params) {
        path = path.replace(&format!("{{{name}}}"), &escape(&value));
    }
    path
}

/// `params` URL-encoded, as the server function [`run_action`] takes a path's parameters.
pub fn params_query<P: Serialize>(params: &P) -> String {
    query_of(&pairs_of(params))
}

/// A flat struct's fields as words (numbers written out).
fn pairs_of<P: Serialize>(value: &P) -> Vec<(String, String)> {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::Object(map)) => words(map),
        _ => Vec::new(),
    }
}

/// A JSON object's fields as words: a string as it is, anything else as JSON writes it.
fn words(map: serde_json::Map<String, serde_json::Value>) -> Vec<(String, String)> {
    map.into_iter()
        .map(|(k, v)| match v {
            serde_json::Value::String(s) => (k, s),
            other => (k, other.to_string()),
        })
        .collect()
}

/// `k=v&…`, each side percent-encoded.
pub fn query_of(pairs: &[(String, String)]) -> String {
    let pairs: Vec<String> = pairs
        .iter()
        .map(|(k, v)| format!("{}={}", escape(k), escape(v)))
        .collect();
    pairs.join("&")
}

/// What the server function answers.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ActionReply {
    /// Go to this page (it shows the outcome).
    Go(String),
    /// Show this outcome where the action was sent, never in an address (`Reply::Show`):
    /// the action's `Outcome` as JSON, which the page reads back as that type. Answered
    /// with `Cache-Control: no-store`.
    Show(String),
    /// A text refused: show these errors, keep what was typed (but a secret field).
    Invalid(FormErrors),
}

/// An action found by its id and ready to run, as the server function awaits it: its
/// reply, or the status that refuses it (401, 403, 404, 422).
#[cfg(feature = "ssr")]
pub type PendingAction =
    std::pin::Pin<Box<dyn std::future::Future<Output = Result<ActionReply, u16>> + Send>>;

/// The server function's way to the actions, by id. The registry, above the pages, makes
/// it ([`crate::registry::action_runner`]) and the server provides it in every request's
/// context, as it provides the kit's forms: so this module, below the pages, never imports
/// them.
#[cfg(feature = "ssr")]
#[derive(Clone, Copy)]
pub struct ActionRunner {
    /// `None` when no action has this id.
    pub find: fn(
        id: &str,
        params: String,
        body: String,
        caller: crate::ssr::Caller,
    ) -> Option<PendingAction>,
}

/// The client path of every action: finds it by `action` (its id), reads `params` (the
/// path's, URL-encoded) and `body` (what the form holds, URL-encoded) as the plain POST
/// does, and runs it. A login step's session change is made in this request's session, as
/// the plain POST makes it.
#[server(prefix = "/api", endpoint = "actions/run")]
pub async fn run_action(
    action: String,
    params: String,
    body: String,
    lang: crate::i18n::Lang,
) -> Result<ActionReply, ServerFnError> {
    let Some(runner) = use_context::<ActionRunner>() else {
        tracing::error!("no action runner in the context");
        return Err(ServerFnError::new("unavailable"));
    };
    let mut caller = crate::ssr::caller().await?;
    caller.lang = lang;
    let Some(pending) = (runner.find)(&action, params, body, caller) else {
        return Err(ServerFnError::new("unknown action"));
    };
    match pending.await {
        Ok(reply) => {
            if matches!(reply, ActionReply::Show(_)) {
                // What is shown once is kept by no cache.
                if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
                    res.insert_header(
                        axum::http::header::CACHE_CONTROL,
                        axum::http::HeaderValue::from_static("no-store"),
                    );
                }
            }
            Ok(reply)
        }
        Err(status) => {
            if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
                res.set_status(
                    axum::http::StatusCode::from_u16(status)
                        .unwrap_or(axum::http::StatusCode::BAD_REQUEST),
                );
            }
            Err(ServerFnError::new(match status {
                401 | 403 => crate::site::denied_code(status),
                404 => "not-found",
                _ => "refused",
            }))
        }
    }
}

/// How many actions went through the server function on this page: the pages' data read
/// it in their sources, so that they are fetched again once an action is done and its
/// outcome shows without the page loading again. Provided by the app's root.
#[derive(Clone, Copy)]
pub struct Written(RwSignal<u64>);

/// Provides the count of actions done (see [`Written`]).
pub fn provide_written() {
    provide_context(Written(RwSignal::new(0)));
}

/// A page's data, fetched before its HTML is sent (a blocking resource) from what `source`
/// reads, and fetched again after every action done on this page (see [`Written`]).
pub fn page_data<S, T, Fut>(
    source: impl Fn() -> S + Send + Sync + 'static,
    fetcher: impl Fn(S) -> Fut + Send + Sync + 'static,
) -> Resource<T>
where
    S: PartialEq + Clone + Send + Sync + 'static,
    T: Serialize + DeserializeOwned + Send + Sync + 'static,
    Fut: std::future::Future<Output = T> + Send + 'static,
{
    let written = use_written();
    Resource::new_blocking(
        move || (written.get(), source()),
        move |(_, source)| fetcher(source),
    )
}

/// The count of actions done (see [`Written`]).
fn use_written() -> Signal<u64> {
    use_context::<Written>()
        .map(|w| w.0.read_only().into())
        .unwrap_or_else(|| Signal::stored(0))
}

impl Written {
    /// Counts one more action done: the pages' data are fetched again.
    pub fn count(self) {
        self.0.update(|n| *n += 1);
    }
}

/// With JavaScript, the page's data are fetched again every `every` while the component
/// that calls this is shown (a job under way); without, the page's refresh button does it.
pub fn refetch_every(every: std::time::Duration) {
    #[cfg(feature = "hydrate")]
    if let Some(written) = use_context::<Written>() {
        Effect::new(move |_| {
            if let Ok(handle) = set_interval_with_handle(move || written.count(), every) {
                on_cleanup(move || handle.clear());
            }
        });
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = every;
}

/// `path?resultat=…`: the outcome written into the address of the page that shows it. A
/// unit variant is its name; a variant with fields adds each field (numbers, words).
pub fn outcome_query<O: Serialize>(path: &str, outcome: &O) -> String {
    use serde_json::Value;
    let mut pairs: Vec<(String, String)> = Vec::new();
    match serde_json::to_value(outcome) {
        Ok(Value::String(name)) => pairs.push((OUTCOME_PARAM.into(), name)),
        Ok(Value::Object(map)) => {
            for (name, fields) in map {
                pairs.push((OUTCOME_PARAM.into(), name));
                if let Value::Object(fields) = fields {
                    pairs.extend(words(fields));
                }
            }
        }
        // `()`, `null`: nothing to say.
        _ => return path.to_string(),
    }
    format!("{path}?{}", query_of(&pairs))
}

/// Percent-encodes all but the unreserved characters (RFC 3986).
pub use common::percent_encode as escape;

/// The outcome an address carries (see [`outcome_query`]), if any.
pub fn outcome_in<O: DeserializeOwned>(query: &leptos_router::params::ParamsMap) -> Option<O> {
    use serde_json::{Map, Value};
    let name = query.get(OUTCOME_PARAM)?;
    if let Ok(unit) = serde_json::from_value(Value::String(name.clone())) {
        return Some(unit);
    }
    let fields: Map<String, Value> = query
        .into_iter()
        .filter(|(k, _)| k.as_ref() != OUTCOME_PARAM)
        .map(|(k, v)| {
            let value = v
                .parse::<i64>()
                .map(Value::from)
                .unwrap_or_else(|_| Value::String(v.to_string()));
            (k.to_string(), value)
        })
        .collect();
    let mut outer = Map::new();
    outer.insert(name, Value::Object(fields));
    serde_json::from_value(Value::Object(outer)).ok()
}

/// The outcome of action `A` in the current address, if any.
pub fn use_outcome<A: Action>() -> Option<A::Outcome> {
    let query = leptos_router::hooks::use_query_map();
    query.with_untracked(outcome_in::<A::Outcome>)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
    #[serde(rename_all = "kebab-case")]
    enum Said {
        Busy,
        Approved { count: i64, skipped: i64 },
        Named { who: String },
    }

    fn round_trip(outcome: Said) -> (String, Option<Said>) {
        let url = outcome_query("/p", &outcome);
        let query = url.split_once('?').map(|(_, q)| q).unwrap_or("");
        let map: leptos_router::params::ParamsMap = query
            .split('&')
            .filter_map(|kv| kv.split_once('='))
            .map(|(k, v)| {
                let v = percent_decode(v);
                (k.to_string(), v)
            })
            .collect();
        (url, outcome_in(&map))
    }

    fn percent_decode(s: &str) -> String {
        let bytes = s.as_bytes();
        let mut out = Vec::new();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b'%' && i + 2 < bytes.len() + 1 {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap();
                out.push(u8::from_str_radix(hex, 16).unwrap());
                i += 3;
            } else {
                out.push(bytes[i]);
                i += 1;
            }
        }
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn an_outcome_comes_back_from_its_address_as_itself() {
        let (url, back) = round_trip(Said::Busy);
        assert_eq!(url, "/p?resultat=busy");
        assert_eq!(back, Some(Said::Busy));
        let (url, back) = round_trip(Said::Approved {
            count: 3,
            skipped: 1,
        });
        assert_eq!(url, "/p?resultat=approved&count=3&skipped=1");
        assert_eq!(
            back,
            Some(Said::Approved {
                count: 3,
                skipped: 1
            })
        );
        let (url, back) = round_trip(Said::Named {
            who: "a&b=c é".into(),
        });
        assert_eq!(url, "/p?resultat=named&who=a%26b%3Dc%20%C3%A9");
        assert_eq!(
            back,
            Some(Said::Named {
                who: "a&b=c é".into()
            })
        );
        assert_eq!(outcome_query("/p", &()), "/p");
    }

    #[test]
    fn an_unknown_outcome_is_none() {
        let map: leptos_router::params::ParamsMap =
            [("resultat".to_string(), "nimporte".to_string())]
                .into_iter()
                .collect();
        assert_eq!(outcome_in::<Said>(&map), None);
        let map = leptos_router::params::ParamsMap::new();
        assert_eq!(outcome_in::<Said>(&map), None);
    }
}
