//! Rendering a page from a handler, and the plain forms' common steps: reading a body,
//! rendering the page again with what was typed and its errors. Below every handler
//! (`http`, `staff`) and the error pages.

use axum::body::Body;
use axum::http::header::{self, HeaderValue};
use axum::http::{Request, StatusCode};
use axum::response::Response;

use app::forms::Posted;
use app::shell;

use crate::AppState;

/// Renders the page at the request's path with extra context (the posted form).
pub(crate) async fn render_page(
    state: &AppState,
    req: Request<Body>,
    extra: impl Fn() + Clone + Send + Sync + 'static,
) -> Response {
    let context = state.leptos_context();
    let options = state.leptos.clone();
    // In one piece: streamed out of order, what a page's resources render would come after
    // the document, in a template only JavaScript moves into place.
    let handler = leptos_axum::render_app_async_with_context(
        move || {
            context();
            extra();
        },
        move || shell(options.clone()),
    );
    handler(req).await
}

/// A refused form: the same page again, 422, with the errors and what was typed, which
/// lives only in this response (`no-store`).
pub(crate) async fn rerender<T>(
    state: &AppState,
    parts: axum::http::request::Parts,
    posted: Posted<T>,
) -> Response
where
    T: Clone + Send + Sync + 'static,
{
    render_once(state, parts, posted, StatusCode::UNPROCESSABLE_ENTITY).await
}

/// The page at the request's path, rendered as its GET with `value` given to it as context
/// for this response only (`no-store`: what was typed, or what is shown once), answered
/// with `status`.
pub(crate) async fn render_once<T>(
    state: &AppState,
    parts: axum::http::request::Parts,
    value: T,
    status: StatusCode,
) -> Response
where
    T: Clone + Send + Sync + 'static,
{
    let req = get_request(Request::from_parts(parts, Body::empty()));
    let mut res = render_page(state, req, move || {
        leptos::prelude::provide_context(value.clone())
    })
    .await;
    *res.status_mut() = status;
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

/// The page at the request's path again (200, `no-store`), given what was typed (`posted`,
/// without errors) and what to show beside it (a preview) as context.
pub(crate) async fn render_again<S, T>(
    state: &AppState,
    parts: axum::http::request::Parts,
    shown: S,
    posted: Posted<T>,
) -> Response
where
    S: Clone + Send + Sync + 'static,
    T: Clone + Send + Sync + 'static,
{
    let req = get_request(Request::from_parts(parts, Body::empty()));
    let mut res = render_page(state, req, move || {
        leptos::prelude::provide_context(shown.clone());
        leptos::prelude::provide_context(posted.clone());
    })
    .await;
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

/// The same request as a GET: what a page rendered after a POST reads is the page itself.
pub(crate) fn get_request(req: Request<Body>) -> Request<Body> {
    let (mut parts, _) = req.into_parts();
    parts.method = axum::http::Method::GET;
    Request::from_parts(parts, Body::empty())
}

/// `res` as a file to save under `name`, kept by no cache: what is downloaded holds a
/// person's data.
pub(crate) fn download(mut res: Response, name: &str) -> Response {
    let h = res.headers_mut();
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    res
}
