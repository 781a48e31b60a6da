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
use app::pages::staff::{AREA_PATH, CODE_PATH, ENROL_PATH};
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

/// Everything kept about an application, as a JSON file, for its applicant (admins).
pub async fn export_get(
    State(state): State<AppState>,
    Path(id): Path<i64>,
    req: Request<Body>,
) -> Response {
    use axum::http::{header, HeaderValue};
    let (parts, _) = req.into_parts();
    let admin = match caller(&state, &parts).await.admin() {
        Ok(admin) => admin,
        Err(denied) => return denied.status().into_response(),
    };
    match backend::applications::privacy::export(&state.ctx, &admin, id).await {
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
