//! Error pages and panics.
//!
//! Any response with an error status and no HTML body (a refused cross-site request, a
//! payload too large, the timeout's 503, an extractor's 400, a caught panic) is replaced
//! here by the site's own page for that status, in the visitor's language, inside the same
//! middleware as every other page, so it carries the same security headers. A panic in a
//! handler becomes that 500 page, logged with the request id, and the connection lives on.

use std::any::Any;
use std::panic::AssertUnwindSafe;

use axum::body::Body;
use axum::extract::State;
use axum::http::header::{self, HeaderValue};
use axum::http::{Request, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use futures_util::FutureExt;

use crate::middleware::{is_html, request_id};
use crate::AppState;

/// Machine-facing paths keep their own error bodies unless a browser navigated there.
fn wants_page(req: &Request<Body>) -> bool {
    let path = req.uri().path();
    let accepts_html = req
        .headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("text/html"));
    let machine = path.starts_with("/api/")
        || path.starts_with("/pkg/")
        || path == "/healthz"
        || path == "/readyz";
    !machine || accepts_html
}

pub async fn error_pages(
    State(state): State<AppState>,
    req: Request<Body>,
    next: Next,
) -> Response {
    let wants_page = wants_page(&req);
    let (parts, body) = req.into_parts();
    let kept = parts.clone();
    let res = next.run(Request::from_parts(parts, body)).await;
    let status = res.status();
    if !(status.is_client_error() || status.is_server_error())
        || is_html(res.headers())
        || !wants_page
    {
        return res;
    }
    let mut page = render(&state, kept, status).await;
    // Headers that tell the client what to do next survive the new body.
    for name in [header::RETRY_AFTER, header::ALLOW, header::WWW_AUTHENTICATE] {
        if let Some(v) = res.headers().get(&name) {
            page.headers_mut().insert(name, v.clone());
        }
    }
    page
}

/// The translated page for `status`, rendered like every other page but never hydrated.
async fn render(
    state: &AppState,
    parts: axum::http::request::Parts,
    status: StatusCode,
) -> Response {
    let shown = app::ErrorPage(page_status(status));
    let req = Request::from_parts(parts, Body::empty());
    let rendered = AssertUnwindSafe(crate::render::render_page(state, req, move || {
        leptos::prelude::provide_context(shown)
    }))
    .catch_unwind()
    .await;
    let mut res = match rendered {
        Ok(res) if res.status().is_success() || res.status() == status => res,
        Ok(res) => {
            tracing::error!(
                status = res.status().as_u16(),
                "the error page did not render"
            );
            return minimal_page(status);
        }
        Err(panic) => {
            tracing::error!(panic = %panic_message(&panic), "the error page panicked");
            return minimal_page(status);
        }
    };
    *res.status_mut() = status;
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

/// What the page shows for a status: its own page for the statuses a visitor meets, the
/// generic one otherwise.
pub fn page_status(status: StatusCode) -> u16 {
    match status.as_u16() {
        s @ (400 | 401 | 403 | 404 | 405 | 413 | 429 | 500 | 503) => s,
        s if s >= 500 => 500,
        _ => 400,
    }
}

/// Catches a panic in the handlers below: a bare 500 (rendered by [`error_pages`]),
/// logged with the request id, instead of a dropped connection.
pub async fn catch_panic(req: Request<Body>, next: Next) -> Response {
    let id = request_id(&req);
    let route = req.uri().path().to_string();
    match AssertUnwindSafe(next.run(req)).catch_unwind().await {
        Ok(res) => res,
        Err(panic) => {
            tracing::error!(request_id = %id, path = %route, panic = %panic_message(&panic), "handler panicked");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

fn panic_message(panic: &Box<dyn Any + Send>) -> &str {
    panic
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| panic.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("(not a string)")
}

/// The last resort when even the error page cannot be rendered.
pub fn minimal_page(status: StatusCode) -> Response {
    let mut res = (
        status,
        [(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"))],
        format!(
            "<!DOCTYPE html><html lang=\"fr\"><head><meta charset=\"utf-8\"><title>{s}</title></head>\
             <body><main><h1>Erreur {s} / Error {s}</h1><p><a href=\"/\">Accueil / Home</a></p></main></body></html>",
            s = status.as_u16()
        ),
    )
        .into_response();
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}
