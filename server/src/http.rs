//! The router: Leptos pages and server functions, the plain-POST form handlers, the
//! language switch, health checks, static files, and the middleware around them.

use std::net::SocketAddr;
use std::time::Duration;

use axum::extract::{Path, RawQuery, State};
use axum::http::header::{self, HeaderValue};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, MethodRouter};
use axum::{middleware, Router};
use leptos_axum::{generate_route_list, LeptosRoutes};
use tower_http::compression::CompressionLayer;
use tower_http::request_id::{PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::services::ServeDir;
use tower_http::timeout::TimeoutLayer;

use app::routes::{Kind, Route};
use app::{shell, App};
use tower_sessions::{Expiry, SessionManagerLayer};
use tower_sessions_sqlx_store::PostgresStore;

use crate::errors;
use crate::middleware as mw;
use crate::sessions::HashedIds;
use crate::staff;
use crate::AppState;

pub fn router(state: AppState) -> Router {
    router_with(state, Router::new())
}

/// The router with `extra` routes inside every layer (tests add routes that panic or
/// hang, to prove what the layers do with them).
pub fn router_with(state: AppState, extra: Router<AppState>) -> Router {
    let routes = generate_route_list(App);
    let context = state.leptos_context();
    let options = state.leptos.clone();
    let pkg = ServeDir::new(format!("{}/pkg", state.config.server.site_root))
        .precompressed_br()
        .precompressed_gzip();
    let timeout = Duration::from_secs(state.config.server.request_timeout_secs);

    // Layers run from the last added (outermost) to the first. From the outside in:
    // request id, access log, metrics, security headers (on every response, error pages
    // included), error pages, panics, compression, timeout, client address, cross-site
    // refusal, the public pages kept rendered, cache headers, sessions (not for `/pkg`), then
    // the routes.
    let sessions = session_layer(&state);
    let mut handlers = Router::new();
    for route in app::routes::all()
        .iter()
        .filter(|r| matches!(r.kind, Kind::Form | Kind::Handler))
    {
        handlers = handlers.route(route.path, handler(route));
    }
    handlers
        .merge(extra)
        .leptos_routes_with_context(&state, routes, context.clone(), {
            let options = options.clone();
            move || shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            AppState,
            _,
        >(context, shell))
        .layer(sessions)
        // The hashed assets, outside the sessions: a page preloads a hundred of them, which
        // would each save the session and answer with its cookie (under `public,
        // immutable`, which a shared cache could hand to anyone).
        .nest_service("/pkg", pkg)
        .layer(middleware::from_fn(mw::cache_headers))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            mw::kept_pages,
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            mw::same_origin,
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            mw::client_addr,
        ))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::SERVICE_UNAVAILABLE,
            timeout,
        ))
        .layer(CompressionLayer::new().br(true).gzip(true))
        .layer(middleware::from_fn(errors::catch_panic))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            errors::error_pages,
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            mw::security_headers,
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            mw::record_metrics,
        ))
        .layer(middleware::from_fn(mw::access_log))
        .layer(PropagateRequestIdLayer::new(mw::REQUEST_ID.clone()))
        .layer(SetRequestIdLayer::new(mw::REQUEST_ID.clone(), mw::MakeId))
        .with_state(state)
}

/// The handler of a `Form` or `Handler` entry of the route list. A listed entry without a
/// handler stops the server at start (and fails the route-list test).
fn handler(route: &Route) -> MethodRouter<AppState> {
    let path = route.path;
    if route.method == "POST" {
        if let Some(action) = crate::actions::action_handler(path) {
            return action;
        }
    }
    match (route.method, path) {
        ("GET", "/healthz") => get(|| async { "ok\n" }),
        ("GET", "/readyz") => get(readyz),
        ("GET", "/langue/{lang}") => get(switch_language),
        ("GET", "/messages/{lang}") => get(browser_messages),
        ("GET", "/equipe/demandes/{id}/export") => get(staff::export_get),
        ("GET", "/forum/flux.atom") => get(crate::feeds::latest),
        ("GET", "/forum/c/{slug}/{id}/flux.atom") => get(crate::feeds::category),
        ("GET", "/espace/{slug}/membres/importer/{id}/rapport.csv") => {
            get(crate::dashboard::import_report_get)
        }
        (method, path) => panic!("the route list names {method} {path}, which has no handler"),
    }
}

/// Sessions in PostgreSQL, their ids stored hashed (`HashedIds`): `HttpOnly`, `SameSite=Lax`, `Secure` (and the `__Host-` name
/// prefix) outside development, ended after the configured idle time. The absolute limit
/// is the login's (`staff_logins.expires_at`), checked at every request.
fn session_layer(state: &AppState) -> SessionManagerLayer<HashedIds<PostgresStore>> {
    let store = PostgresStore::new(state.ctx.pool.clone())
        .with_schema_name("public")
        .and_then(|s| s.with_table_name("sessions"))
        .map(HashedIds)
        .expect("valid names");
    let secure = !state.config.dev_mode();
    let idle = time::Duration::minutes(state.config.staff.session_idle_minutes);
    SessionManagerLayer::new(store)
        .with_name(if secure { "__Host-session" } else { "session" })
        .with_secure(secure)
        .with_http_only(true)
        .with_same_site(tower_sessions::cookie::SameSite::Lax)
        .with_path("/")
        .with_expiry(Expiry::OnInactivity(idle))
        // Every request with a session pushes its idle expiry back: the "session touch",
        // the one write a GET may make (`app::routes::GET_SIDE_EFFECTS`).
        .with_always_save(true)
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
                let jobs = backend::jobs::stats(&state.ctx.pool).await.ok();
                (
                    [(header::CONTENT_TYPE, "text/plain; version=0.0.4")],
                    state.metrics.render(outbox, jobs),
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

/// The `retour` parameter of a raw query string, decoded (invalid UTF-8 replaced, never
/// refused: a bad value simply leads home).
fn query_param(raw: Option<&str>, name: &str) -> Option<String> {
    form_urlencoded::parse(raw?.as_bytes())
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}

/// Longest return path followed; anything longer leads home.
const MAX_RETURN_PATH: usize = 2048;

/// Only a path on this site: a single leading `/`, then only the characters a URL path
/// may hold unescaped (RFC 3986 `pchar` and `/`). No control character, space, backslash,
/// query or fragment, and, once percent-escapes are decoded, still no second slash or
/// backslash at the start and no control character: browsers read `/\t/host`,
/// `/\\host` and `//host` as another site.
fn local_path(candidate: Option<&str>) -> &str {
    let Some(p) = candidate else { return "/" };
    let pchar = |c: char| c.is_ascii_alphanumeric() || "-._~!$&'()*+,;=:@%/".contains(c);
    let plain_ok = p.len() <= MAX_RETURN_PATH
        && p.starts_with('/')
        && p.chars().all(pchar)
        && !p.contains("://");
    if !plain_ok {
        return "/";
    }
    let decoded: Vec<u8> = percent_encoding::percent_decode_str(p).collect();
    let second = decoded.get(1).copied();
    let decoded_ok = !matches!(second, Some(b'/') | Some(b'\\'))
        && !decoded.iter().any(|b| b.is_ascii_control() || *b == b'\\');
    if decoded_ok {
        p
    } else {
        "/"
    }
}

/// One language's messages for the browser (`common::browser`): kept for good when the
/// address carries their current version, as every page's link does; otherwise (a page
/// rendered before an upgrade) the current text, to be asked again next time.
async fn browser_messages(Path(lang): Path<String>, RawQuery(query): RawQuery) -> Response {
    let Some(lang) = app::i18n::Lang::ALL
        .into_iter()
        .find(|l| l.as_str() == lang)
    else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let area = match query_param(query.as_deref(), "zone") {
        None => common::browser::Area::Public,
        Some(zone) => match common::browser::Area::parse(&zone) {
            Some(area) => area,
            None => return StatusCode::NOT_FOUND.into_response(),
        },
    };
    let current =
        query_param(query.as_deref(), "v").as_deref() == Some(common::browser::version(lang, area));
    let cache = if current {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/plain; charset=utf-8"),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static(cache)),
        ],
        common::browser::source(lang, area),
    )
        .into_response()
}

async fn switch_language(
    State(state): State<AppState>,
    Path(lang): Path<String>,
    RawQuery(query): RawQuery,
) -> Response {
    let Some(lang) = app::i18n::Lang::parse(&lang) else {
        // Bare status: the error-page layer renders the translated page.
        return StatusCode::NOT_FOUND.into_response();
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
    let retour = query_param(query.as_deref(), "retour");
    let target = local_path(retour.as_deref());
    let mut res = Redirect::to(target).into_response();
    res.headers_mut().insert(
        header::SET_COOKIE,
        HeaderValue::from_str(&cookie).expect("ascii"),
    );
    res
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
