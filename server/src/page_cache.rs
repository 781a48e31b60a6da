//! The public pages, kept rendered for a second. What a public page shows is the same for
//! every visitor of a language: its text, and the state of registrations and capacity
//! (`public_state`). So a visitor without a session, asking for a public page without a
//! query, gets the page rendered for the last such visitor of their language, if it is at
//! most [`MAX_AGE`] old and nothing it is made of changed since (the registrations' state
//! heard no change: `PublicState::changes_heard`). Only the CSP nonce differs from one
//! response to the next: the kept page has it replaced by the current request's.
//!
//! Nothing is kept while the server does not hear the changes (`PublicState::is_listening`),
//! nor a response that sets a cookie, is not a 200 HTML page, or says `no-store`.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::{to_bytes, Body};
use axum::http::header::{self, HeaderMap};
use axum::http::{Method, Request, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use app::i18n::Lang;
use app::routes::{Access, Kind};
use app::ssr::CspNonce;

/// The longest a page is served as rendered before: a change that no notification says
/// (the count of spaces, say) shows within this.
pub const MAX_AGE: Duration = Duration::from_secs(1);

/// More pages than the public ones in both languages: the map is emptied rather than grown.
const MAX_ENTRIES: usize = 256;

/// A rendered page is at most this long (the longest public page is far shorter).
const MAX_BODY: usize = 1024 * 1024;

/// The pages kept, by path and language.
#[derive(Default)]
pub struct PageCache {
    kept: Mutex<HashMap<(String, Lang), Arc<Kept>>>,
}

struct Kept {
    /// The registrations' state it was rendered with (`PublicState::changes_heard`).
    generation: u64,
    until: Instant,
    status: StatusCode,
    headers: HeaderMap,
    /// The page cut where the nonce it was rendered with stood: every copy served joins
    /// the pieces with its own.
    pieces: Vec<String>,
}

impl Kept {
    fn new(
        generation: u64,
        status: StatusCode,
        headers: HeaderMap,
        body: &str,
        nonce: &str,
    ) -> Self {
        Kept {
            generation,
            until: Instant::now() + MAX_AGE,
            status,
            headers,
            pieces: body.split(nonce).map(str::to_string).collect(),
        }
    }
}

/// The public pages: anyone's, without a parameter in their path.
fn is_public_page(path: &str) -> bool {
    app::routes::ROUTES.iter().any(|r| {
        r.kind == Kind::Page
            && r.method == "GET"
            && r.access == Access::Anyone
            && r.path == path
            && !r.path.contains('{')
    })
}

/// The language of a request that may be served a kept page: one without any cookie but
/// the language's (a session changes what a page shows), asking for a public page without
/// a query.
fn keepable(req: &Request<Body>) -> Option<(String, Lang)> {
    if req.method() != Method::GET || req.uri().query().is_some() {
        return None;
    }
    let path = req.uri().path();
    if !is_public_page(path) {
        return None;
    }
    let cookies = req
        .headers()
        .get(header::COOKIE)
        .map(|v| v.to_str().ok())
        .unwrap_or(Some(""))?;
    let only_lang = cookies
        .split(';')
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .all(|c| c.split('=').next() == Some("lang"));
    if !only_lang {
        return None;
    }
    let accept = req
        .headers()
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok());
    let lang = app::i18n::negotiate(Some(cookies), accept);
    Some((path.to_string(), lang))
}

impl PageCache {
    pub fn new() -> Arc<Self> {
        Arc::default()
    }

    /// The page kept for `key`, if still good for `generation`, with `nonce`. The lock is
    /// held only to take the page, not to copy it.
    fn get(&self, key: &(String, Lang), generation: u64, nonce: &str) -> Option<Response> {
        let page = {
            let kept = self.kept.lock().unwrap_or_else(|p| p.into_inner());
            Arc::clone(kept.get(key)?)
        };
        if page.generation != generation || page.until <= Instant::now() {
            return None;
        }
        let mut res = Response::new(Body::from(page.pieces.join(nonce)));
        *res.status_mut() = page.status;
        *res.headers_mut() = page.headers.clone();
        Some(res)
    }

    fn keep(&self, key: (String, Lang), page: Kept) {
        let mut kept = self.kept.lock().unwrap_or_else(|p| p.into_inner());
        if kept.len() >= MAX_ENTRIES {
            kept.clear();
        }
        kept.insert(key, Arc::new(page));
    }

    /// What the middleware ([`crate::middleware::kept_pages`]) does: serves the page kept
    /// for `req`, if there is one still good for `generation`; otherwise renders it with
    /// `next` and keeps it, unless `changed()` says a change was heard meanwhile (it may
    /// show the state before it) or the response is not one to keep (`keep`).
    pub async fn serve(
        &self,
        req: Request<Body>,
        next: Next,
        generation: u64,
        changed: impl Fn() -> bool,
        keep: fn(&Response) -> bool,
    ) -> Response {
        let (Some(key), Some(nonce)) = (
            keepable(&req),
            // An empty nonce would cut the page at every character.
            req.extensions()
                .get::<CspNonce>()
                .filter(|n| !n.0.is_empty())
                .cloned(),
        ) else {
            return next.run(req).await;
        };
        if let Some(res) = self.get(&key, generation, &nonce.0) {
            return res;
        }
        let res = next.run(req).await;
        if !keep(&res) {
            return res;
        }
        let (parts, body) = res.into_parts();
        let Ok(bytes) = to_bytes(body, MAX_BODY).await else {
            return StatusCode::SERVICE_UNAVAILABLE.into_response();
        };
        if !changed() {
            if let Ok(text) = std::str::from_utf8(&bytes) {
                let mut headers = parts.headers.clone();
                headers.remove(header::CONTENT_LENGTH);
                headers.remove(header::DATE);
                self.keep(
                    key,
                    Kept::new(generation, parts.status, headers, text, &nonce.0),
                );
            }
        }
        Response::from_parts(parts, Body::from(bytes))
    }
}

/// Whether a rendered page may be kept: a 200 HTML page (`is_html`) that sets no cookie and
/// does not say `no-store`.
pub fn worth_keeping(res: &Response, is_html: bool) -> bool {
    res.status() == StatusCode::OK
        && is_html
        && !res.headers().contains_key(header::SET_COOKIE)
        && res
            .headers()
            .get(header::CACHE_CONTROL)
            .is_none_or(|v| !v.as_bytes().windows(8).any(|w| w == b"no-store"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(method: Method, uri: &str, headers: &[(&str, &str)]) -> Request<Body> {
        let mut b = Request::builder().method(method).uri(uri);
        for (k, v) in headers {
            b = b.header(*k, *v);
        }
        b.body(Body::empty()).unwrap()
    }

    #[test]
    fn only_anonymous_gets_of_public_pages_without_query_are_kept() {
        let home = |h: &[(&str, &str)]| keepable(&req(Method::GET, "/", h));
        assert_eq!(home(&[]), Some(("/".into(), Lang::Fr)));
        assert_eq!(home(&[("cookie", "lang=en")]), Some(("/".into(), Lang::En)));
        assert_eq!(
            home(&[("accept-language", "en-GB,en;q=0.8")]),
            Some(("/".into(), Lang::En))
        );
        // A session (any cookie but the language's) changes what a page may show.
        assert_eq!(home(&[("cookie", "lang=fr; session=abc")]), None);
        assert_eq!(home(&[("cookie", "__Host-session=abc")]), None);
        // An outcome or a filter in the query, a write, a staff page, a page of a link.
        assert_eq!(keepable(&req(Method::GET, "/?resultat=x", &[])), None);
        assert_eq!(keepable(&req(Method::POST, "/lettre", &[])), None);
        assert_eq!(keepable(&req(Method::GET, "/equipe/demandes", &[])), None);
        assert_eq!(
            keepable(&req(Method::GET, "/lettre/confirmer/abc", &[])),
            None
        );
        assert!(keepable(&req(Method::GET, "/questions", &[])).is_some());
    }

    #[tokio::test]
    async fn a_kept_page_carries_the_nonce_of_the_response_it_is_served_in() {
        let cache = PageCache::default();
        let key = ("/".to_string(), Lang::Fr);
        let body = r#"<script nonce="n1">a</script><script nonce="n1">b</script>"#;
        cache.keep(
            key.clone(),
            Kept::new(3, StatusCode::OK, HeaderMap::new(), body, "n1"),
        );
        let res = cache.get(&key, 3, "n2").expect("kept");
        let body = to_bytes(res.into_body(), MAX_BODY).await.unwrap();
        assert_eq!(
            std::str::from_utf8(&body).unwrap(),
            r#"<script nonce="n2">a</script><script nonce="n2">b</script>"#
        );
        // A change heard since: rendered again.
        assert!(cache.get(&key, 4, "n3").is_none());
        assert!(cache.get(&(key.0.clone(), Lang::En), 3, "n3").is_none());
    }
}
