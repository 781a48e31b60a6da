//! Middleware: client address, cross-site request refusal, security headers with a
//! per-response CSP nonce, cache headers, metrics, request ids.

use std::net::SocketAddr;
use std::time::Instant;

use axum::body::Body;
use axum::extract::{ConnectInfo, MatchedPath, State};
use axum::http::header::{self, HeaderName, HeaderValue};
use axum::http::{Method, Request, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use base64_nonce::nonce;
use tower_http::request_id::{MakeRequestId, RequestId};
use tracing::Instrument;

use crate::AppState;

mod base64_nonce {
    use rand::RngCore;

    /// 16 random bytes, hex-encoded: a valid CSP nonce and a good request id.
    pub fn nonce() -> String {
        let mut bytes = [0u8; 16];
        rand::thread_rng().fill_bytes(&mut bytes);
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }
}

pub static REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// The request's id (set by the request-id layer), or `-`.
pub fn request_id(req: &Request<Body>) -> String {
    req.headers()
        .get(&REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("-")
        .to_string()
}

/// Whether a response is an HTML page.
pub fn is_html(headers: &axum::http::HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"))
}

#[derive(Clone, Copy, Default)]
pub struct MakeId;

impl MakeRequestId for MakeId {
    fn make_request_id<B>(&mut self, _: &Request<B>) -> Option<RequestId> {
        HeaderValue::from_str(&nonce()).ok().map(RequestId::new)
    }
}

/// Puts the caller's address in the request: the peer's, or, when the peer is one of the
/// configured trusted proxies, the one its header names.
pub async fn client_addr(
    State(state): State<AppState>,
    mut req: Request<Body>,
    next: Next,
) -> Response {
    let server = &state.config.server;
    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip());
    let client = match peer {
        Some(peer) => backend::ClientAddr::of(client_ip(
            peer,
            server.client_ip_header.as_deref(),
            &server.trusted_proxies,
            req.headers(),
        )),
        None => backend::ClientAddr("unknown".into()),
    };
    req.extensions_mut().insert(client);
    next.run(req).await
}

/// The client's address: `peer`, unless `peer` is a trusted proxy and `header` names
/// another. The header's entries are read from the right (each proxy appends the address
/// it received from), passing over trusted proxies; the first other entry is the client.
/// An entry that is not an address makes the whole header worthless: the peer is used.
pub fn client_ip(
    peer: std::net::IpAddr,
    header: Option<&str>,
    trusted: &[crate::config::ProxyNet],
    headers: &axum::http::HeaderMap,
) -> std::net::IpAddr {
    let peer = peer.to_canonical();
    let is_trusted = |ip: std::net::IpAddr| trusted.iter().any(|net| net.contains(ip));
    let Some(name) = header.filter(|_| is_trusted(peer)) else {
        return peer;
    };
    let values: Vec<&str> = headers
        .get_all(name)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect();
    let joined = values.join(",");
    for entry in joined.rsplit(',') {
        match entry
            .trim()
            .parse::<std::net::IpAddr>()
            .map(|ip| ip.to_canonical())
        {
            Ok(ip) if is_trusted(ip) => continue,
            Ok(ip) => return ip,
            Err(_) => return peer,
        }
    }
    peer
}

/// Refuses unsafe requests sent from another site: a form or script elsewhere must not be
/// able to act in a visitor's name.
pub async fn same_origin(
    State(state): State<AppState>,
    req: Request<Body>,
    next: Next,
) -> Response {
    let safe = matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if !safe && !origin_allowed(&req, &state.config.site.public_url) {
        tracing::warn!(method = %req.method(), path = %req.uri().path(), "cross-site request refused");
        // Bare status: the error-page layer renders the translated 403 page.
        return StatusCode::FORBIDDEN.into_response();
    }
    next.run(req).await
}

/// Whether an unsafe request may come from where it says it comes from.
///
/// - Fetch metadata first: `Sec-Fetch-Site: same-site` or `cross-site` is refused. Spaces
///   live on subdomains of the portal's domain (same site) and serve content their admins
///   control, so only `same-origin` (and `none`, a person's own action) may pass.
/// - Then `Origin`, when sent: the portal's address, or the host the request was sent to.
/// - Neither (old browsers, mail clients' one-click unsubscribe, RFC 8058): allowed.
fn origin_allowed(req: &Request<Body>, public_url: &str) -> bool {
    let headers = req.headers();
    if let Some(site) = headers.get("sec-fetch-site") {
        if !matches!(site.as_bytes(), b"same-origin" | b"none") {
            return false;
        }
    }
    let Some(origin) = headers.get(header::ORIGIN) else {
        return true;
    };
    let Ok(origin) = origin.to_str() else {
        return false;
    };
    let public_origin = public_url.trim_end_matches('/');
    if origin == public_origin {
        return true;
    }
    // Same origin as the host the request was sent to (any scheme the server sits behind).
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    host.is_some_and(|host| {
        origin
            .strip_prefix("http://")
            .or_else(|| origin.strip_prefix("https://"))
            .is_some_and(|o| o == host)
    })
}

/// Where spaces answer, as ` source source…` for a policy's `form-action`, read from the
/// hosts at most once a minute; empty when they cannot be read (the form then reaches only
/// the portal, which says so).
async fn space_origins(state: &AppState) -> String {
    const FRESH: std::time::Duration = std::time::Duration::from_secs(60);
    let kept = state.space_origins.lock().ok().and_then(|kept| {
        kept.as_ref()
            .filter(|(at, _)| at.elapsed() < FRESH)
            .map(|(_, origins)| origins.clone())
    });
    if let Some(origins) = kept {
        return origins;
    }
    match backend::referents::login::space_origins(&state.read_ctx).await {
        Ok(origins) => {
            let joined: String = origins.iter().map(|o| format!(" {o}")).collect();
            if let Ok(mut kept) = state.space_origins.lock() {
                *kept = Some((std::time::Instant::now(), joined.clone()));
            }
            joined
        }
        Err(error) => {
            tracing::warn!(%error, "where spaces answer could not be read");
            String::new()
        }
    }
}

/// Security headers on every response. The nonce goes into the request for the page's
/// inline scripts and into the response's CSP.
pub async fn security_headers(
    State(state): State<AppState>,
    mut req: Request<Body>,
    next: Next,
) -> Response {
    let nonce = nonce();
    req.extensions_mut()
        .insert(app::ssr::CspNonce(nonce.clone()));
    // The dashboard's and the forum's login forms lead to the space's own login page
    // (another site).
    let private = {
        let path = req.uri().path();
        path == "/espace" || path.starts_with("/espace/")
    };
    let login_page =
        |path: &str| path.starts_with("/espace/connexion") || path.starts_with("/forum/connexion");
    let to_spaces = if login_page(req.uri().path()) {
        space_origins(&state).await
    } else {
        String::new()
    };
    let mut res = next.run(req).await;
    let not_modified = res.status() == StatusCode::NOT_MODIFIED;
    let h = res.headers_mut();
    let csp = format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; \
         object-src 'none'; base-uri 'none'; form-action 'self'{to_spaces}; \
         frame-ancestors 'none'"
    );
    // A 304 keeps the policy stored with the browser's copy, whose nonce is that copy's
    // (`crate::page_cache`): a new one would block its scripts.
    if !not_modified {
        h.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_str(&csp).expect("ascii"),
        );
    }
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    // Full URL to our own pages, origin only elsewhere; forms do not depend on it.
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("strict-origin-when-cross-origin"),
    );
    h.insert(
        HeaderName::from_static("permissions-policy"),
        HeaderValue::from_static("camera=(), microphone=(), geolocation=(), interest-cohort=()"),
    );
    // A dashboard, and the members' welcome page whose address only they are given: never
    // in a search engine.
    if private {
        h.insert(
            HeaderName::from_static("x-robots-tag"),
            HeaderValue::from_static("noindex, nofollow"),
        );
    }
    h.insert(
        HeaderName::from_static("cross-origin-opener-policy"),
        HeaderValue::from_static("same-origin"),
    );
    if state.config.server.hsts {
        h.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=63072000; includeSubDomains"),
        );
    }
    res
}

/// The public pages kept rendered for a second (`crate::page_cache`), while the server
/// hears every change of what they show (`PublicState`: the registrations' state and the
/// forum's).
pub async fn kept_pages(State(state): State<AppState>, req: Request<Body>, next: Next) -> Response {
    let public = state.public.clone();
    if !public.is_listening() {
        // Until the server hears the changes, nothing is kept.
        public.start();
        return next.run(req).await;
    }
    // Both counts only grow: their sum moves whenever either does.
    let heard = move || public.changes_heard() + public.forum_changes_heard();
    let generation = heard();
    let public = state.public.clone();
    let changed = move || !public.is_listening() || heard() != generation;
    state
        .pages
        .serve(req, next, generation, changed, |res| {
            crate::page_cache::worth_keeping(res, is_html(res.headers()))
        })
        .await
}

/// Pages depend on the language cookie and `Accept-Language`, and are never stored by
/// shared caches; hashed assets are cached for good.
pub async fn cache_headers(req: Request<Body>, next: Next) -> Response {
    let immutable = req.uri().path().starts_with("/pkg/");
    let mut res = next.run(req).await;
    let ok = res.status() == StatusCode::OK;
    let h = res.headers_mut();
    if immutable && ok {
        h.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=31536000, immutable"),
        );
        return res;
    }
    if is_html(h) {
        h.insert(
            header::VARY,
            HeaderValue::from_static("Cookie, Accept-Language, Accept-Encoding"),
        );
        if !h.contains_key(header::CACHE_CONTROL) {
            h.insert(
                header::CACHE_CONTROL,
                HeaderValue::from_static("private, no-cache"),
            );
        }
    }
    res
}

/// One line per request at `info`: method, route pattern, status, duration and request id.
/// Never the query string, a body or a cookie: the route pattern (`/lettre/confirmer/{token}`)
/// stands for the path, so tokens in paths stay out too. Everything logged while the
/// request is handled carries its id.
pub async fn access_log(req: Request<Body>, next: Next) -> Response {
    let start = Instant::now();
    let id = request_id(&req);
    let method = req.method().clone();
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_string())
        .unwrap_or_else(|| "(no route)".into());
    let span = tracing::info_span!("request", request_id = %id);
    let res = next.run(req).instrument(span.clone()).await;
    let duration_ms = start.elapsed().as_secs_f64() * 1000.0;
    span.in_scope(|| {
        tracing::info!(
            target: "access",
            method = %method,
            route = %route,
            status = res.status().as_u16(),
            duration_ms = (duration_ms * 1000.0).round() / 1000.0,
            request_id = %id,
            "request"
        )
    });
    res
}

pub async fn record_metrics(
    State(state): State<AppState>,
    req: Request<Body>,
    next: Next,
) -> Response {
    let start = Instant::now();
    let res = next.run(req).await;
    state
        .metrics
        .observe(res.status().as_u16(), start.elapsed());
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(headers: &[(&str, &str)]) -> Request<Body> {
        let mut b = Request::builder().method("POST").uri("/lettre");
        for (k, v) in headers {
            b = b.header(*k, *v);
        }
        b.body(Body::empty()).unwrap()
    }

    #[test]
    fn cross_site_requests_are_told_apart() {
        let public = "https://frama.space";
        assert!(origin_allowed(
            &req(&[("origin", "https://frama.space")]),
            public
        ));
        assert!(origin_allowed(
            &req(&[
                ("origin", "http://127.0.0.1:3000"),
                ("host", "127.0.0.1:3000")
            ]),
            public
        ));
        assert!(!origin_allowed(
            &req(&[("origin", "https://evil.example"), ("host", "frama.space")]),
            public
        ));
        assert!(!origin_allowed(&req(&[("origin", "null")]), public));
        assert!(origin_allowed(&req(&[]), public));
        assert!(origin_allowed(
            &req(&[("sec-fetch-site", "same-origin")]),
            public
        ));
        assert!(!origin_allowed(
            &req(&[("sec-fetch-site", "cross-site")]),
            public
        ));
        // A space (same site, another origin) may not post here, even with no Origin.
        assert!(!origin_allowed(
            &req(&[("sec-fetch-site", "same-site")]),
            public
        ));
        assert!(!origin_allowed(
            &req(&[
                ("sec-fetch-site", "same-site"),
                ("origin", "https://frama.space")
            ]),
            public
        ));
        assert!(origin_allowed(&req(&[("sec-fetch-site", "none")]), public));
        assert!(!origin_allowed(
            &req(&[
                ("sec-fetch-site", "same-origin"),
                ("origin", "https://mon-asso.frama.space")
            ]),
            public
        ));
    }

    #[test]
    fn the_client_address_comes_from_a_trusted_proxy_only() {
        use crate::config::ProxyNet;
        let trusted: Vec<ProxyNet> = ["10.0.0.0/8", "::1"]
            .iter()
            .map(|s| s.parse().unwrap())
            .collect();
        let ip = |s: &str| s.parse::<std::net::IpAddr>().unwrap();
        let headers = |xff: &[&str]| {
            let mut h = axum::http::HeaderMap::new();
            for v in xff {
                h.append("x-forwarded-for", v.parse().unwrap());
            }
            h
        };
        let xff = Some("x-forwarded-for");
        let from = |peer: &str, values: &[&str]| {
            super::client_ip(ip(peer), xff, &trusted, &headers(values))
        };
        assert_eq!(from("10.1.2.3", &["198.51.100.7"]), ip("198.51.100.7"));
        assert_eq!(
            from("203.0.113.9", &["198.51.100.7"]),
            ip("203.0.113.9"),
            "an untrusted peer's header is ignored"
        );
        assert_eq!(
            from("10.1.2.3", &["6.6.6.6, 198.51.100.7, 10.9.9.9"]),
            ip("198.51.100.7"),
            "read from the right, past the trusted proxies"
        );
        assert_eq!(
            from("10.1.2.3", &["6.6.6.6", "198.51.100.7"]),
            ip("198.51.100.7"),
            "several header lines are one list"
        );
        let long = "9".repeat(50_000);
        for garbage in ["<script>", "198.51.100.7 x", "", "unknown", long.as_str()] {
            assert_eq!(
                from("10.1.2.3", &[garbage]),
                ip("10.1.2.3"),
                "{garbage:.20}"
            );
        }
        assert_eq!(from("::1", &[]), ip("::1"), "no header: the peer");
        assert_eq!(
            super::client_ip(ip("10.1.2.3"), None, &trusted, &headers(&["198.51.100.7"])),
            ip("10.1.2.3"),
            "no header configured: the peer"
        );
    }
}
