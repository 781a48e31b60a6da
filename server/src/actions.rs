//! The one plain-POST handler of every declared action (`app::actions`, the kit's forms
//! included): 303 to the page that shows the outcome, or the action's page showing it in
//! this response only (200, `no-store`), or the page again with what was typed and its
//! errors (422; 503 when the backend failed; never a secret field), or the status the
//! declaration answered. A login step's new session is made here, before the
//! answer.

use std::collections::BTreeMap;

use axum::body::Body;
use axum::extract::{RawPathParams, State};
use axum::http::header::{self, HeaderValue};
use axum::http::request::Parts;
use axum::http::{Request, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{post, MethodRouter};

use app::actions::{params_from, perform, Action, Reply, Shown, Then};
use app::forms::{ErrorCode, FormErrors, Posted};
use app::registry::{each_action, ActionVisitor};

use crate::render::{get_request, render_again, render_once, render_page, rerender};
use crate::AppState;

async fn action_post<A: Action>(
    State(state): State<AppState>,
    raw: RawPathParams,
    req: Request<Body>,
) -> Response {
    let pairs = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(raw.iter())
        .finish();
    let Some(params) = params_from::<A::Params>(&pairs) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let (parts, body) = req.into_parts();
    let Some(body) = within(body, A::BODY_LIMIT).await else {
        // The page again with a sentence, never a bare 413.
        let posted = Posted {
            values: BTreeMap::<String, String>::new(),
            errors: A::too_large(),
        };
        let mut res = rerender(&state, parts, posted).await;
        *res.status_mut() = StatusCode::PAYLOAD_TOO_LARGE;
        return res;
    };
    let caller =
        app::ssr::Caller::from_parts(state.ctx.clone(), &parts, state.config.dev_mode()).await;
    let session = caller.session().cloned();
    match perform::<A>(caller, params.clone(), &body).await {
        Reply::Done(outcome) => Redirect::to(&A::next(&params, &outcome)).into_response(),
        Reply::Show(outcome) => show(&state, parts, outcome).await,
        Reply::Preview(outcome) => {
            let posted = typed::<A>(&body, FormErrors::default());
            render_again(&state, parts, Shown(outcome), posted).await
        }
        Reply::LogIn {
            session: change,
            then,
        } => {
            if !change.begin(session.as_ref()).await {
                return unavailable();
            }
            match then {
                Then::Done(outcome) => Redirect::to(&A::next(&params, &outcome)).into_response(),
                Then::Show(outcome) => show(&state, parts, outcome).await,
            }
        }
        Reply::Invalid(errors) => rerender(&state, parts, typed::<A>(&body, errors)).await,
        Reply::Page(status) => {
            let mut res = render_page(
                &state,
                get_request(Request::from_parts(parts, Body::empty())),
                || (),
            )
            .await;
            *res.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_REQUEST);
            res
        }
        Reply::NotFound => StatusCode::NOT_FOUND.into_response(),
        Reply::Unprocessable => StatusCode::UNPROCESSABLE_ENTITY.into_response(),
        // Nothing typed to lose (a button): the error page says to try later.
        Reply::Unavailable if A::text_fields().is_empty() => unavailable(),
        // The page again, what was typed kept, with an error that says to try later.
        Reply::Unavailable => {
            let posted = typed::<A>(&body, FormErrors::form(ErrorCode::Server));
            let mut res = rerender(&state, parts, posted).await;
            *res.status_mut() = StatusCode::SERVICE_UNAVAILABLE;
            res.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("60"));
            res
        }
        Reply::Denied(denied) => denied.status().into_response(),
    }
}

/// The body, when it is at most `limit` bytes. A larger one is read on (up to
/// [`DRAIN_LIMIT`], its bytes dropped) so that the browser, still sending, gets the page
/// that says why rather than a connection cut.
async fn within(body: Body, limit: usize) -> Option<axum::body::Bytes> {
    use futures_util::StreamExt;
    let mut stream = body.into_data_stream();
    let mut kept: Vec<u8> = Vec::new();
    let mut seen = 0usize;
    while let Some(chunk) = stream.next().await {
        let Ok(chunk) = chunk else {
            return None;
        };
        seen += chunk.len();
        if seen > DRAIN_LIMIT {
            break;
        }
        if seen <= limit {
            kept.extend_from_slice(&chunk);
        }
    }
    (seen <= limit).then(|| kept.into())
}

/// The most of a body too large that is read before the answer.
const DRAIN_LIMIT: usize = 32 * 1024 * 1024;

/// What was typed, for the page shown again in this response only (`no-store`), with
/// `errors`, but the fields never shown again. A form with a file (a multipart body, told
/// as the action's own input tells it) gives its text fields; the file is not shown again.
fn typed<A: Action>(body: &[u8], errors: FormErrors) -> Posted<BTreeMap<String, String>> {
    let pairs: Vec<(String, String)> = app::multipart::text_values(body).unwrap_or_else(|| {
        form_urlencoded::parse(body)
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect()
    });
    let values = pairs
        .into_iter()
        .filter(|(k, _)| !A::SECRET_FIELDS.contains(&k.as_str()))
        .collect();
    Posted { values, errors }
}

/// The backend or the session store failed (logged where it failed): try again later.
fn unavailable() -> Response {
    (
        StatusCode::SERVICE_UNAVAILABLE,
        [(header::RETRY_AFTER, HeaderValue::from_static("60"))],
    )
        .into_response()
}

/// The action's page itself, showing `outcome` (given to the page as `Shown`) in this
/// response only: never in an address, kept by no cache.
async fn show<O>(state: &AppState, parts: Parts, outcome: O) -> Response
where
    O: Clone + Send + Sync + 'static,
{
    render_once(state, parts, Shown(outcome), StatusCode::OK).await
}

/// The plain-POST handler of the action declared at `path`, if one is.
pub(crate) fn action_handler(path: &str) -> Option<MethodRouter<AppState>> {
    struct Find<'a>(&'a str, Option<MethodRouter<AppState>>);
    impl ActionVisitor for Find<'_> {
        fn visit<A: Action>(&mut self) {
            if A::PATH == self.0 {
                self.1 = Some(post(action_post::<A>));
            }
        }
    }
    let mut find = Find(path, None);
    each_action(&mut find);
    find.1
}
