//! The staff's forms and buttons, as plain POST handlers: the login form, the link's
//! button, the second-factor code, setting up the second factor, logging out.
//!
//! The session id changes at every login and logout (`cycle_id`, `flush`), so a session
//! id known before logging in is worth nothing after.

use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::{Request, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use tower_sessions::Session;

use app::forms::{ErrorCode, FormErrors, Posted};
use app::pages::staff::login::{RecoveryCodes, SecondFactorCode};
use app::pages::staff::{AREA_PATH, CODE_PATH, ENROL_PATH, LOGGED_OUT_PATH};
use app::ssr::{Caller, SESSION_LOGIN, SESSION_PENDING};
use backend::accounts::{self, CodeCheck, LinkUse};

use crate::render::{get_request, read_form, render_page, rerender};
use crate::AppState;

fn unavailable(error: impl std::fmt::Display) -> Response {
    tracing::error!(%error, "staff form failed");
    StatusCode::SERVICE_UNAVAILABLE.into_response()
}

async fn caller(state: &AppState, parts: &axum::http::request::Parts) -> Caller {
    Caller::from_parts(state.ctx.clone(), parts, state.config.dev_mode()).await
}

/// Starts a fresh session for a login: a new id, nothing of the session before it.
async fn log_in(session: &Session, login_id: String) -> Result<(), tower_sessions::session::Error> {
    session.cycle_id().await?;
    let _: Option<accounts::Pending> = session.remove(SESSION_PENDING).await?;
    session.insert(SESSION_LOGIN, login_id).await
}

pub async fn link_post(
    State(state): State<AppState>,
    session: Session,
    Path(token): Path<String>,
    req: Request<Body>,
) -> Response {
    let used = match accounts::use_login_link(&state.ctx, &token).await {
        Ok(used) => used,
        Err(error) => return unavailable(error),
    };
    let step = match used {
        LinkUse::Invalid => {
            // The same page, which now says the link no longer works.
            let mut res = render_page(&state, get_request(req), || ()).await;
            *res.status_mut() = StatusCode::BAD_REQUEST;
            return res;
        }
        LinkUse::LoggedIn(login) => log_in(&session, login).await.map(|()| AREA_PATH),
        LinkUse::NeedsCode(pending) => pending_step(&session, pending, CODE_PATH).await,
        LinkUse::NeedsEnrolment(pending) => pending_step(&session, pending, ENROL_PATH).await,
    };
    match step {
        Ok(path) => Redirect::to(path).into_response(),
        Err(error) => unavailable(error),
    }
}

async fn pending_step(
    session: &Session,
    pending: accounts::Pending,
    next: &'static str,
) -> Result<&'static str, tower_sessions::session::Error> {
    session.cycle_id().await?;
    let _: Option<String> = session.remove(SESSION_LOGIN).await?;
    session.insert(SESSION_PENDING, pending).await?;
    Ok(next)
}

/// A second-factor code checked: validated first, then `check` (not run when the form is
/// invalid). `Err` is the answer when the check could not be made.
async fn checked_code(
    form: &SecondFactorCode,
    check: impl std::future::Future<Output = backend::Result<CodeCheck>>,
) -> Result<Result<(Option<String>, Vec<String>), FormErrors>, Response> {
    let errors = FormErrors::of(form);
    if !errors.is_empty() {
        return Ok(Err(errors));
    }
    match check.await {
        Ok(CodeCheck::Accepted {
            login_id,
            recovery_codes,
        }) => Ok(Ok((login_id, recovery_codes))),
        Ok(CodeCheck::Wrong) => Ok(Err(FormErrors::field_error("code", ErrorCode::CodeWrong))),
        Ok(CodeCheck::RateLimited) => Ok(Err(FormErrors::form(ErrorCode::RateLimited))),
        Err(error) => Err(unavailable(error)),
    }
}

/// The code form again, with its error. The typed code is not shown again: it is spent or
/// wrong.
async fn code_refused(
    state: &AppState,
    parts: axum::http::request::Parts,
    errors: FormErrors,
) -> Response {
    let values = SecondFactorCode::default();
    rerender(state, parts, Posted { values, errors }).await
}

pub async fn code_post(
    State(state): State<AppState>,
    session: Session,
    req: Request<Body>,
) -> Response {
    let (parts, form): (_, SecondFactorCode) = match read_form(req).await {
        Ok(read) => read,
        Err(res) => return res,
    };
    let caller = caller(&state, &parts).await;
    let Some(pending) = caller.pending().await else {
        // Expired: the page says so and leads back to the login form.
        return Redirect::to(CODE_PATH).into_response();
    };
    let check = accounts::check_code(&caller.ctx, &pending, &form.code);
    match checked_code(&form, check).await {
        Err(res) => res,
        Ok(Err(errors)) => code_refused(&state, parts, errors).await,
        Ok(Ok((login, _))) => match log_in_if(&session, login).await {
            Ok(()) => Redirect::to(AREA_PATH).into_response(),
            Err(error) => unavailable(error),
        },
    }
}

pub async fn enrol_post(
    State(state): State<AppState>,
    session: Session,
    req: Request<Body>,
) -> Response {
    let (parts, form): (_, SecondFactorCode) = match read_form(req).await {
        Ok(read) => read,
        Err(res) => return res,
    };
    let caller = caller(&state, &parts).await;
    let pending = caller.pending().await;
    let who = match (&pending, caller.staff()) {
        (Some(p), _) => accounts::Who::from(p),
        (None, Ok(staff)) => accounts::Who::from(staff),
        (None, Err(_)) => return Redirect::to(ENROL_PATH).into_response(),
    };
    let check = accounts::finish_enrolment(&caller.ctx, who, &form.code);
    let (login, recovery_codes) = match checked_code(&form, check).await {
        Err(res) => return res,
        Ok(Err(errors)) => return code_refused(&state, parts, errors).await,
        Ok(Ok(accepted)) => accepted,
    };
    if let Err(error) = log_in_if(&session, login).await {
        return unavailable(error);
    }
    // Shown once, in this response only.
    let codes = RecoveryCodes(recovery_codes);
    let mut res = render_page(&state, get_request_from(parts), move || {
        leptos::prelude::provide_context(codes.clone())
    })
    .await;
    res.headers_mut().insert(
        axum::http::header::CACHE_CONTROL,
        axum::http::HeaderValue::from_static("no-store"),
    );
    res
}

/// Logs in when the second factor opened a login (not when a logged-in member set one up).
async fn log_in_if(
    session: &Session,
    login: Option<String>,
) -> Result<(), tower_sessions::session::Error> {
    match login {
        Some(login) => log_in(session, login).await,
        None => Ok(()),
    }
}

fn get_request_from(parts: axum::http::request::Parts) -> Request<Body> {
    get_request(Request::from_parts(parts, Body::empty()))
}

/// A logged-in member begins setting up a second factor.
pub async fn enrol_start_post(State(state): State<AppState>, req: Request<Body>) -> Response {
    let (parts, _) = req.into_parts();
    let caller = caller(&state, &parts).await;
    let staff = match caller.staff() {
        Ok(staff) => staff,
        Err(denied) => return denied.status().into_response(),
    };
    match accounts::begin_enrolment(&caller.ctx, staff).await {
        Ok(true) => Redirect::to(ENROL_PATH).into_response(),
        // The account has a second factor this login did not pass (a session opened before
        // it was set up): only a login that passed it may replace it.
        Ok(false) => StatusCode::FORBIDDEN.into_response(),
        Err(error) => unavailable(error),
    }
}

async fn end(state: &AppState, session: Session, req: Request<Body>, everywhere: bool) -> Response {
    let (parts, _) = req.into_parts();
    let caller = caller(state, &parts).await;
    let staff = match caller.staff() {
        Ok(staff) => staff,
        Err(denied) => return denied.status().into_response(),
    };
    let ended = if everywhere {
        accounts::logout_everywhere(&caller.ctx, staff)
            .await
            .map(drop)
    } else {
        accounts::logout(&caller.ctx, staff).await
    };
    if let Err(error) = ended {
        return unavailable(error);
    }
    if let Err(error) = session.flush().await {
        return unavailable(error);
    }
    Redirect::to(LOGGED_OUT_PATH).into_response()
}

pub async fn logout_post(
    State(state): State<AppState>,
    session: Session,
    req: Request<Body>,
) -> Response {
    end(&state, session, req, false).await
}

pub async fn logout_everywhere_post(
    State(state): State<AppState>,
    session: Session,
    req: Request<Body>,
) -> Response {
    end(&state, session, req, true).await
}

/// What a moderation form sends.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct ModerationForm {
    /// Which of the page's forms (see `app::components::form::NoteForm`).
    form: String,
    action: String,
    version: i32,
    reason: String,
    text: String,
    take: String,
    /// Ticked to confirm an erasure.
    confirmer: String,
}

/// A moderation form as posted: who sent it, what, and the request (to render the page
/// again if the text is refused).
struct Moderation {
    by: backend::applications::moderation::Moderator,
    is_admin: bool,
    form: ModerationForm,
    parts: axum::http::request::Parts,
}

/// The staff member behind a moderation form, and the form; or the refusal to answer.
async fn moderation_form(state: &AppState, req: Request<Body>) -> Result<Moderation, Response> {
    let (parts, form): (_, ModerationForm) = read_form(req).await?;
    let caller = caller(state, &parts).await;
    let staff = caller.staff().map_err(|d| d.status().into_response())?;
    Ok(Moderation {
        is_admin: staff.admin().is_some(),
        by: staff.into(),
        form,
        parts,
    })
}

/// The form's text, or the application's page again with the text and its error.
async fn moderation_text(
    state: &AppState,
    m: &mut Moderation,
    required: bool,
) -> Result<String, Response> {
    match crate::render::note_text(state, &m.form.text, required) {
        Ok(text) => Ok(text),
        Err(code) => {
            let parts = std::mem::replace(&mut m.parts, Request::new(()).into_parts().0);
            let text = std::mem::take(&mut m.form.text);
            Err(crate::render::note_refused(state, parts, &m.form.form, text, code).await)
        }
    }
}

fn detail_path(id: i64) -> String {
    format!("{}/{id}", app::pages::staff::APPLICATIONS_PATH)
}

/// Every form of an application's page posts to the page itself, naming its `action`:
/// a decision, taking the application, or a note.
pub async fn application_post(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    req: Request<Body>,
) -> Response {
    let m = match moderation_form(&state, req).await {
        Ok(read) => read,
        Err(res) => return res,
    };
    match m.form.action.as_str() {
        "approve" | "ask" | "reject" | "waitlist" => decision(&state, id, m).await,
        "assign" => assign(&state, id, m).await,
        "note" => note(&state, id, m).await,
        "erase" => erase(&state, id, m).await,
        _ => StatusCode::UNPROCESSABLE_ENTITY.into_response(),
    }
}

/// A moderator's decision: approve, reject (a reason's text in the applicant's language
/// and a note), waitlist, or ask a question. Back to the application; if someone decided
/// first, the page says who, when and what.
async fn decision(state: &AppState, id: i64, mut m: Moderation) -> Response {
    use backend::applications::moderation::{self, DecideError, Decision};
    let required = m.form.action == "ask";
    let text = match moderation_text(state, &mut m, required).await {
        Ok(text) => text,
        Err(res) => return res,
    };
    let Moderation { by, form, .. } = m;
    let decision = match form.action.as_str() {
        "approve" => Decision::Approve,
        "waitlist" => Decision::Waitlist { note: text },
        "ask" => Decision::Ask { question: text },
        "reject" => {
            use backend::applications::templates::{self, Unknown};
            match templates::rejection(&state.ctx, id, &form.reason, text).await {
                Ok(Ok(decision)) => decision,
                Ok(Err(Unknown::Application)) => return StatusCode::NOT_FOUND.into_response(),
                // A reason retired meanwhile, or a forged one.
                Ok(Err(Unknown::Reason)) => {
                    return StatusCode::UNPROCESSABLE_ENTITY.into_response()
                }
                Err(error) => return unavailable(error),
            }
        }
        _ => return StatusCode::UNPROCESSABLE_ENTITY.into_response(),
    };
    match moderation::decide(&state.ctx, &by, id, form.version, &decision).await {
        Ok(()) => Redirect::to(&detail_path(id)).into_response(),
        Err(DecideError::AlreadyDecided { .. } | DecideError::NotPossible(_)) => {
            Redirect::to(&format!("{}?deja=1", detail_path(id))).into_response()
        }
        Err(DecideError::NotFound) => StatusCode::NOT_FOUND.into_response(),
        Err(DecideError::CapacityReached { .. }) => {
            Redirect::to(&format!("{}?complet=1", detail_path(id))).into_response()
        }
        Err(DecideError::Backend(error)) => unavailable(error),
    }
}

/// Takes an application (or leaves it to anyone).
async fn assign(state: &AppState, id: i64, m: Moderation) -> Response {
    let Moderation { by, form, .. } = m;
    let take = form.take == "yes";
    match backend::applications::moderation::assign(&state.ctx, &by, id, take).await {
        Ok(true) => Redirect::to(&detail_path(id)).into_response(),
        Ok(false) => StatusCode::NOT_FOUND.into_response(),
        Err(error) => unavailable(error),
    }
}

/// An internal note on an application.
async fn note(state: &AppState, id: i64, mut m: Moderation) -> Response {
    let text = match moderation_text(state, &mut m, true).await {
        Ok(text) => text,
        Err(res) => return res,
    };
    match backend::applications::moderation::add_note(&state.ctx, &m.by, id, &text).await {
        Ok(true) => Redirect::to(&detail_path(id)).into_response(),
        Ok(false) => StatusCode::NOT_FOUND.into_response(),
        Err(error) => unavailable(error),
    }
}

/// Approves the applications ticked in the queue (`choix=<id>:<version>`, repeated), all
/// or none when the capacity would not hold them; back to the queue, which says what
/// happened.
pub async fn bulk_approve_post(State(state): State<AppState>, req: Request<Body>) -> Response {
    use app::pages::staff::APPLICATIONS_PATH;
    use backend::applications::moderation::{self, DecideError};
    let (parts, pairs): (_, Vec<(String, String)>) = match read_form(req).await {
        Ok(read) => read,
        Err(res) => return res,
    };
    let by = match caller(&state, &parts).await.staff() {
        Ok(staff) => moderation::Moderator::from(staff),
        Err(denied) => return denied.status().into_response(),
    };
    let selection: Vec<(i64, i32)> = pairs
        .iter()
        .filter(|(k, _)| k == "choix")
        .filter_map(|(_, v)| {
            let (id, version) = v.split_once(':')?;
            Some((id.parse().ok()?, version.parse().ok()?))
        })
        .take(1000)
        .collect();
    if selection.is_empty() {
        return Redirect::to(&format!("{APPLICATIONS_PATH}?groupe=vide")).into_response();
    }
    match moderation::approve_many(&state.ctx, &by, &selection).await {
        Ok(bulk) => Redirect::to(&format!(
            "{APPLICATIONS_PATH}?groupe=fait&approuvees={}&ignorees={}",
            bulk.approved.len(),
            bulk.skipped.len()
        ))
        .into_response(),
        Err(DecideError::CapacityReached { room }) => {
            Redirect::to(&format!("{APPLICATIONS_PATH}?groupe=complet&reste={room}"))
                .into_response()
        }
        Err(DecideError::Backend(error)) => unavailable(error),
        Err(other) => unavailable(other),
    }
}

/// Turns the daily digest of moderation on (`recevoir=oui`) or off (`recevoir=non`).
pub async fn digest_post(State(state): State<AppState>, req: Request<Body>) -> Response {
    #[derive(Debug, Default, serde::Deserialize)]
    #[serde(default)]
    struct Choice {
        recevoir: String,
    }
    let (parts, choice): (_, Choice) = match read_form(req).await {
        Ok(read) => read,
        Err(res) => return res,
    };
    let caller = caller(&state, &parts).await;
    let staff = match caller.staff() {
        Ok(staff) => staff,
        Err(denied) => return denied.status().into_response(),
    };
    let on = match choice.recevoir.as_str() {
        "oui" => true,
        "non" => false,
        _ => return StatusCode::UNPROCESSABLE_ENTITY.into_response(),
    };
    match backend::applications::digest::set_digest(&state.ctx, staff.id(), on).await {
        Ok(()) => Redirect::to(AREA_PATH).into_response(),
        Err(error) => unavailable(error),
    }
}

/// Erases an application at its applicant's request (admins, with the box ticked). Back
/// to the queue, which says it is done; an approved one must have its space closed first.
async fn erase(state: &AppState, id: i64, m: Moderation) -> Response {
    use backend::applications::privacy::{self, EraseOutcome};
    if !m.is_admin {
        return StatusCode::FORBIDDEN.into_response();
    }
    if m.form.confirmer != "oui" {
        return Redirect::to(&format!("{}?effacement=confirmer", detail_path(id))).into_response();
    }
    match privacy::erase(&state.ctx, id).await {
        Ok(EraseOutcome::Erased) => {
            tracing::info!(application = id, by = m.by.id, "application erased");
            Redirect::to(&format!(
                "{}?effacee=1",
                app::pages::staff::APPLICATIONS_PATH
            ))
            .into_response()
        }
        Ok(EraseOutcome::HasSpace) => {
            Redirect::to(&format!("{}?effacement=espace", detail_path(id))).into_response()
        }
        Ok(EraseOutcome::NotFound) => StatusCode::NOT_FOUND.into_response(),
        Err(error) => unavailable(error),
    }
}

/// Everything kept about an application, as a JSON file, for its applicant (admins).
pub async fn export_get(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    req: Request<Body>,
) -> Response {
    use axum::http::{header, HeaderValue};
    let (parts, _) = req.into_parts();
    if let Err(denied) = caller(&state, &parts).await.admin() {
        return denied.status().into_response();
    }
    match backend::applications::privacy::export(&state.ctx, id).await {
        Ok(Some(data)) => {
            let mut res = axum::Json(data).into_response();
            let h = res.headers_mut();
            h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            if let Ok(v) =
                HeaderValue::from_str(&format!("attachment; filename=\"demande-{id}.json\""))
            {
                h.insert(header::CONTENT_DISPOSITION, v);
            }
            res
        }
        Ok(None) => StatusCode::NOT_FOUND.into_response(),
        Err(error) => unavailable(error),
    }
}

/// The buttons of the fleet's pages: `action` and what it acts on.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct FleetForm {
    action: String,
    name: String,
    id: i64,
    /// A suspension's reason (the page's `NoteForm`).
    text: String,
    form: String,
    office: String,
}

/// An admin's fleet form, or the refusal to answer.
async fn fleet_form(state: &AppState, req: Request<Body>) -> Result<FleetForm, Response> {
    fleet_form_parts(state, req).await.map(|(_, _, f)| f)
}

/// An admin's fleet form with the request (to render the page again) and the admin's address.
async fn fleet_form_parts(
    state: &AppState,
    req: Request<Body>,
) -> Result<(axum::http::request::Parts, String, FleetForm), Response> {
    let (parts, form): (_, FleetForm) = read_form(req).await?;
    let caller = caller(state, &parts).await;
    let admin = caller.admin().map_err(|d| d.status().into_response())?;
    let email = admin.staff().email().to_string();
    Ok((parts, email, form))
}

/// A space's buttons (admins): run its provisioning again (`action=retry`), or change its
/// life (`suspend` with a reason, `rename` with an address, `resume`, `office`, `delete`,
/// `cancel-delete`); back to the space, which says what happened. A reason or an address
/// refused shows the page again with it.
pub async fn space_post(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    req: Request<Body>,
) -> Response {
    use backend::provisioning::lifecycle::{self, Actor, Refused};
    use backend::provisioning::spaces::{self, Retried};
    let (parts, email, form) = match fleet_form_parts(&state, req).await {
        Ok(f) => f,
        Err(res) => return res,
    };
    let path = format!("{}/{id}", app::pages::staff::SPACES_PATH);
    let ctx = &state.ctx;
    let actor = Actor::Staff(email);
    let done = match form.action.as_str() {
        "retry" => {
            return match spaces::retry(ctx, id).await {
                Ok(None) => StatusCode::NOT_FOUND.into_response(),
                Ok(Some(Retried::Again(job) | Retried::Now(job))) => {
                    tracing::info!(space = id, job, "provisioning run again by staff");
                    Redirect::to(&format!("{path}?relance=oui")).into_response()
                }
                Ok(Some(Retried::Nothing(_))) => {
                    Redirect::to(&format!("{path}?relance=non")).into_response()
                }
                Err(error) => unavailable(error),
            }
        }
        "suspend" => {
            let reason = match crate::render::note_text(&state, &form.text, true) {
                Ok(r) => r,
                Err(code) => {
                    return crate::render::note_refused(&state, parts, &form.form, form.text, code)
                        .await
                }
            };
            lifecycle::suspend(ctx, id, &reason, &actor)
                .await
                .map(|_| "suspend")
        }
        "rename" => match lifecycle::rename(ctx, id, &form.text, &actor).await {
            // The address refused: the page again, what was typed beside its error.
            Err(Refused::Address(code)) => {
                return crate::render::note_refused(&state, parts, &form.form, form.text, code)
                    .await
            }
            other => other.map(|_| "rename"),
        },
        "resume" => lifecycle::resume(ctx, id, &actor).await.map(|_| "resume"),
        "office" => lifecycle::change_office(ctx, id, &form.office, &actor)
            .await
            .map(|_| "office"),
        "delete" => lifecycle::ask_deletion(ctx, id, &actor)
            .await
            .map(|_| "delete"),
        "cancel-delete" => lifecycle::cancel_deletion(ctx, id, &actor)
            .await
            .map(|()| "cancel-delete"),
        _ => return StatusCode::UNPROCESSABLE_ENTITY.into_response(),
    };
    let code = match done {
        Ok(code) => {
            tracing::info!(space = id, action = %form.action, "space change asked by staff");
            code
        }
        Err(Refused::NotFound) => return StatusCode::NOT_FOUND.into_response(),
        Err(Refused::Busy) => "busy",
        Err(Refused::State(_)) => "state",
        Err(Refused::SameOffice) => "same-office",
        Err(Refused::NoDeletion) => "no-deletion",
        Err(Refused::DeletionPending) => "pending",
        // Answered above, with the page again.
        Err(Refused::Address(_)) => "state",
        Err(Refused::Database(error)) => return unavailable(error),
    };
    Redirect::to(&format!("{path}?fait={code}")).into_response()
}

/// Drains a host or makes it active again (`action=drain|activate`, `name`).
pub async fn hosts_post(State(state): State<AppState>, req: Request<Body>) -> Response {
    use backend::provisioning::fleet::{self, HostState};
    let form = match fleet_form(&state, req).await {
        Ok(f) => f,
        Err(res) => return res,
    };
    let to = match form.action.as_str() {
        "drain" => HostState::Draining,
        "activate" => HostState::Active,
        _ => return StatusCode::UNPROCESSABLE_ENTITY.into_response(),
    };
    match fleet::set_state(&state.ctx, &form.name, to).await {
        Ok(true) => {
            tracing::info!(host = %form.name, action = %form.action, "host changed by staff");
            Redirect::to(app::pages::staff::HOSTS_PATH).into_response()
        }
        Ok(false) => StatusCode::NOT_FOUND.into_response(),
        Err(error) => unavailable(error),
    }
}

/// Runs a dead or cancelled job again, or cancels one (`action=retry|cancel`, `id`).
pub async fn jobs_post(State(state): State<AppState>, req: Request<Body>) -> Response {
    use backend::jobs::{self, Change};
    let form = match fleet_form(&state, req).await {
        Ok(f) => f,
        Err(res) => return res,
    };
    let changed = match form.action.as_str() {
        "retry" => jobs::retry(&state.ctx, form.id).await,
        "cancel" => jobs::cancel(&state.ctx, form.id).await,
        _ => return StatusCode::UNPROCESSABLE_ENTITY.into_response(),
    };
    let path = app::pages::staff::JOBS_PATH;
    match changed {
        Ok(Change::Done) => {
            tracing::info!(job = form.id, action = %form.action, "job changed by staff");
            Redirect::to(&format!("{path}?fait=oui")).into_response()
        }
        Ok(Change::NotFound) => StatusCode::NOT_FOUND.into_response(),
        Ok(Change::Refused(_)) => Redirect::to(&format!("{path}?fait=non")).into_response(),
        Err(error) => unavailable(error),
    }
}
