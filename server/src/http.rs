//! The router: Leptos pages and server functions, the plain-POST form handlers, the
//! language switch, health checks, static files, and the middleware around them.

use std::net::SocketAddr;
use std::time::Duration;

use axum::body::{to_bytes, Body};
use axum::extract::{Path, Query, State};
use axum::http::header::{self, HeaderValue};
use axum::http::{Request, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{middleware, Router};
use leptos_axum::{generate_route_list, LeptosRoutes};
use serde::Deserialize;
use tower_http::compression::CompressionLayer;
use tower_http::request_id::{PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::services::ServeDir;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

use app::forms::{FormOutcome, Posted};
use app::pages::public::newsletter::{self, NewsletterSignup};
use app::{shell, App};

use crate::middleware as mw;
use crate::AppState;

/// Form bodies are small; anything larger is refused before it is read.
const FORM_LIMIT: usize = 16 * 1024;

pub fn router(state: AppState) -> Router {
    let routes = generate_route_list(App);
    let context = state.leptos_context();
    let options = state.leptos.clone();
    let pkg = ServeDir::new(format!("{}/pkg", state.config.server.site_root))
        .precompressed_br()
        .precompressed_gzip();
    let timeout = Duration::from_secs(state.config.server.request_timeout_secs);

    Router::new()
        .route("/healthz", get(|| async { "ok\n" }))
        .route("/readyz", get(readyz))
        .route("/langue/{lang}", get(switch_language))
        .route(newsletter::FORM_PATH, post(newsletter_post))
        .route("/lettre/desinscription/{token}", post(unsubscribe_post))
        .leptos_routes_with_context(&state, routes, context.clone(), {
            let options = options.clone();
            move || shell(options.clone())
        })
        .nest_service("/pkg", pkg)
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            AppState,
            _,
        >(context, shell))
        .layer(middleware::from_fn(mw::cache_headers))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            mw::same_origin,
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            mw::client_addr,
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            mw::security_headers,
        ))
        .layer(CompressionLayer::new().br(true).gzip(true))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::SERVICE_UNAVAILABLE,
            timeout,
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            mw::record_metrics,
        ))
        .layer(PropagateRequestIdLayer::new(mw::REQUEST_ID.clone()))
        .layer(
            TraceLayer::new_for_http().make_span_with(|req: &Request<Body>| {
                let id = req
                    .headers()
                    .get(&mw::REQUEST_ID)
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("-");
                // The path only: query strings may carry tokens.
                tracing::info_span!("request", id, method = %req.method(), path = %req.uri().path())
            }),
        )
        .layer(SetRequestIdLayer::new(mw::REQUEST_ID.clone(), mw::MakeId))
        .with_state(state)
}

/// Serves `router` on `listener` until `shutdown` resolves, then lets requests in flight finish.
pub async fn serve(
    listener: tokio::net::TcpListener,
    router: Router,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    use axum::serve::ListenerExt;
    // Without TCP_NODELAY, a response written in two parts (headers, then a file) waits
    // for the client's delayed ACK on a kept-alive connection: about 40 ms per request.
    let listener = listener.tap_io(|tcp| {
        let _ = tcp.set_nodelay(true);
    });
    axum::serve(
        listener,
        router.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
}

/// The metrics endpoint, for the separate metrics listener.
pub fn metrics_router(state: AppState) -> Router {
    Router::new()
        .route(
            "/metrics",
            get(|State(state): State<AppState>| async move {
                let outbox = backend::mail::stats(&state.ctx.pool).await.ok();
                let db_up = outbox.is_some();
                (
                    [(header::CONTENT_TYPE, "text/plain; version=0.0.4")],
                    state.metrics.render(outbox, db_up),
                )
            }),
        )
        .with_state(state)
}

async fn readyz(State(state): State<AppState>) -> Response {
    if backend::db::is_ready(&state.ctx.pool).await {
        "ready\n".into_response()
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "database unavailable\n").into_response()
    }
}

#[derive(Deserialize)]
struct ReturnTo {
    retour: Option<String>,
}

/// Only a path on this site: never another host (`//host`, `/\host`), never a scheme.
fn local_path(candidate: Option<&str>) -> &str {
    match candidate {
        Some(p)
            if p.starts_with('/')
                && !p.starts_with("//")
                && !p.contains('\\')
                && !p.contains("://") =>
        {
            p
        }
        _ => "/",
    }
}

async fn switch_language(
    State(state): State<AppState>,
    Path(lang): Path<String>,
    Query(q): Query<ReturnTo>,
) -> Response {
    let Some(lang) = app::i18n::Lang::parse(&lang) else {
        return (StatusCode::NOT_FOUND, "Unknown language.\n").into_response();
    };
    let secure = if state.config.site.public_url.starts_with("https://") {
        "; Secure"
    } else {
        ""
    };
    let cookie = format!(
        "lang={}; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly{secure}",
        lang.as_str()
    );
    let mut res = Redirect::to(local_path(q.retour.as_deref())).into_response();
    res.headers_mut().insert(
        header::SET_COOKIE,
        HeaderValue::from_str(&cookie).expect("ascii"),
    );
    res
}

/// Renders the page at the request's path with extra context (the posted form).
async fn render_page(
    state: &AppState,
    req: Request<Body>,
    extra: impl Fn() + Clone + Send + Sync + 'static,
) -> Response {
    let context = state.leptos_context();
    let options = state.leptos.clone();
    let handler = leptos_axum::render_app_to_stream_with_context(
        move || {
            context();
            extra();
        },
        move || shell(options.clone()),
    );
    handler(req).await
}

/// The newsletter form without JavaScript: redirect on success, or the same page again
/// with the errors and the typed address.
async fn newsletter_post(State(state): State<AppState>, req: Request<Body>) -> Response {
    let (parts, body) = req.into_parts();
    let Ok(bytes) = to_bytes(body, FORM_LIMIT).await else {
        return StatusCode::PAYLOAD_TOO_LARGE.into_response();
    };
    let form: NewsletterSignup = serde_urlencoded::from_bytes(&bytes).unwrap_or_default();
    let lang = app::ssr::request_lang(&parts);
    let caller = app::ssr::Caller::from_parts(state.ctx.clone(), &parts, state.config.dev_mode());
    match newsletter::submit(&caller, form.clone(), lang).await {
        FormOutcome::Done => Redirect::to(newsletter::THANKS_PATH).into_response(),
        FormOutcome::Invalid(errors) => {
            let posted = Posted {
                values: form,
                errors,
            };
            let req = Request::from_parts(parts, Body::empty());
            let mut res = render_page(&state, req, move || {
                leptos::prelude::provide_context(posted.clone())
            })
            .await;
            *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            // The page holds what the visitor typed: no cache keeps it.
            res.headers_mut()
                .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            res
        }
    }
}

/// The unsubscribe button, and one-click unsubscribe from mail clients (RFC 8058).
async fn unsubscribe_post(
    State(state): State<AppState>,
    Path(token): Path<String>,
    req: Request<Body>,
) -> Response {
    use backend::newsletter::UnsubscribeOutcome;
    match backend::newsletter::unsubscribe(&state.ctx, &token).await {
        Ok(UnsubscribeOutcome::Done) => Redirect::to("/lettre/desinscrit").into_response(),
        // The same page, which explains that the link does not work.
        Ok(UnsubscribeOutcome::InvalidLink) => {
            let mut res = render_page(&state, req, || ()).await;
            *res.status_mut() = StatusCode::BAD_REQUEST;
            res
        }
        Err(error) => {
            tracing::error!(%error, "unsubscribe failed");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                [(header::RETRY_AFTER, "60")],
                "Please try again in a minute.\n",
            )
                .into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::local_path;

    #[test]
    fn only_local_paths_are_followed() {
        assert_eq!(local_path(Some("/questions")), "/questions");
        assert_eq!(local_path(Some("//evil.example")), "/");
        assert_eq!(local_path(Some("/\\evil.example")), "/");
        assert_eq!(local_path(Some("https://evil.example")), "/");
        assert_eq!(local_path(Some("/x?u=https://evil")), "/");
        assert_eq!(local_path(None), "/");
    }
}
