//! The public pages, kept rendered for a second. What a public page shows is the same for
//! every visitor of a language: its text, and the state of registrations and capacity
//! (`public_state`). So a visitor without a session, asking for a public page without a
//! query, gets the page rendered for the last such visitor of their language, if it is at
//! most [`MAX_AGE`] old and nothing it is made of changed since (the registrations' state
//! heard no change: `PublicState::changes_heard`). Only the CSP nonce differs from one
//! response to the next: the kept page has it replaced by the current request's.
//!
//! The forum's pages of a category and of a topic ([`FORUM_PAGES`]) are kept the same way,
//! forgotten as well at every change of the forum heard (`PublicState::forum_changes_heard`).
//!
//! A kept page has an `ETag`, a hash of its bytes without the nonce. A browser that asks
//! again with it (`If-None-Match`) while the page is unchanged gets a `304` with no body and
//! no `Content-Security-Policy`: it shows the copy it holds under the policy stored with
//! that copy, whose nonce is the copy's own. Every `200` carries a fresh nonce and the
//! policy naming it.
//!
//! Nothing is kept while the server does not hear the changes (`PublicState::is_listening`),
//! nor a response that sets a cookie, is not a 200 HTML page, or says `no-store`.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::{to_bytes, Body};
use axum::http::header::{self, HeaderMap};
use axum::http::{HeaderValue, Method, Request, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use app::i18n::Lang;
use app::routes::{Access, Kind};
use app::ssr::CspNonce;
use sha2::{Digest, Sha256};

/// The longest a page is served as rendered before: a change that no notification says
/// (the count of spaces, say) shows within this.
pub const MAX_AGE: Duration = Duration::from_secs(1);

/// Pages kept at most. When full, the pages past their age go first; if none is, the map
/// is emptied rather than grown (a crawler walking the forum's topics, say).
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
    /// The page's `ETag` (also among its `headers`).
    etag: HeaderValue,
}

impl Kept {
    fn new(
        generation: u64,
        status: StatusCode,
        mut headers: HeaderMap,
        body: &str,
        nonce: &str,
    ) -> Self {
        let pieces: Vec<String> = body.split(nonce).map(str::to_string).collect();
        let mut hash = Sha256::new();
        for piece in &pieces {
            // Each piece's length first: no two cuts of different pages hash alike.
            hash.update((piece.len() as u64).to_le_bytes());
            hash.update(piece.as_bytes());
        }
        let hex: String = hash.finalize()[..16]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        // Weak: two responses differ by their nonce, not by what they show.
        let etag = HeaderValue::from_str(&format!("W/\"{hex}\"")).expect("ascii");
        headers.insert(header::ETAG, etag.clone());
        Kept {
            generation,
            until: Instant::now() + MAX_AGE,
            status,
            headers,
            pieces,
            etag,
        }
    }

    /// The `304` for a browser that holds this page: its validator and caching headers, no
    /// body, and no policy (the one stored with the browser's copy names that copy's nonce).
    fn not_modified(&self) -> Response {
        let mut res = StatusCode::NOT_MODIFIED.into_response();
        let h = res.headers_mut();
        h.insert(header::ETAG, self.etag.clone());
        for name in [
            header::CACHE_CONTROL,
            header::VARY,
            header::CONTENT_LANGUAGE,
        ] {
            for value in self.headers.get_all(&name) {
                h.append(name.clone(), value.clone());
            }
        }
        res
    }
}

/// Whether an `If-None-Match` names `etag` (weak comparison, as for a `GET`).
fn names(if_none_match: Option<&HeaderValue>, etag: &HeaderValue) -> bool {
    let (Some(asked), Ok(etag)) = (if_none_match.and_then(|v| v.to_str().ok()), etag.to_str())
    else {
        return false;
    };
    let opaque = |tag: &str| tag.trim().trim_start_matches("W/").to_string();
    asked
        .split(',')
        .any(|tag| tag.trim() == "*" || opaque(tag) == opaque(etag))
}

/// The forum's pages kept with a parameter in their path: a category's and a topic's. What
/// they show is the same for every reader without a session and changes only by the
/// forum's writes, which the server hears. (The forum's home and its other pages have no
/// parameter: they are public pages like the others.)
pub const FORUM_PAGES: &[&str] = &["/forum/c/{slug}/{id}", "/forum/t/{slug}/{id}"];

/// Whether `path` is one of `pattern`'s (`{name}` standing for any non-empty segment).
fn matches(pattern: &str, path: &str) -> bool {
    let (mut p, mut q) = (pattern.split('/'), path.split('/'));
    loop {
        match (p.next(), q.next()) {
            (None, None) => return true,
            (Some(a), Some(b)) if a.starts_with('{') && !b.is_empty() => {}
            (Some(a), Some(b)) if a == b => {}
            _ => return false,
        }
    }
}

/// The public pages: anyone's, without a parameter in their path, and [`FORUM_PAGES`].
fn is_public_page(path: &str) -> bool {
    app::routes::ROUTES.iter().any(|r| {
        r.kind == Kind::Page
            && r.method == "GET"
            && r.access == Access::Anyone
            && if r.path.contains('{') {
                FORUM_PAGES.contains(&r.path) && matches(r.path, path)
            } else {
                r.path == path
            }
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

    /// The page kept for `key`, if still good for `generation`, with `nonce`; a `304` if
    /// `if_none_match` names it. The lock is held only to take the page, not to copy it.
    fn get(
        &self,
        key: &(String, Lang),
        generation: u64,
        nonce: &str,
        if_none_match: Option<&HeaderValue>,
    ) -> Option<Response> {
        let page = {
            let kept = self.kept.lock().unwrap_or_else(|p| p.into_inner());
            Arc::clone(kept.get(key)?)
        };
        if page.generation != generation || page.until <= Instant::now() {
            return None;
        }
        if names(if_none_match, &page.etag) {
            return Some(page.not_modified());
        }
        let mut res = Response::new(Body::from(page.pieces.join(nonce)));
        *res.status_mut() = page.status;
        *res.headers_mut() = page.headers.clone();
        Some(res)
    }

    fn keep(&self, key: (String, Lang), page: Kept) {
        let mut kept = self.kept.lock().unwrap_or_else(|p| p.into_inner());
        if kept.len() >= MAX_ENTRIES {
            let now = Instant::now();
            kept.retain(|_, page| page.until > now);
        }
        if kept.len() >= MAX_ENTRIES {
            kept.clear();
        }
        kept.insert(key, Arc::new(page));
    }

    /// What the middleware ([`crate::middleware::kept_pages`]) does: serves the page kept
    /// for `req`, if there is one still good for `generation`; otherwise renders it with
    /// `next` and keeps it, unless `changed()` says a change was heard meanwhile (it may
    /// show the state before it) or the response is not one to keep (`keep`). Either way,
    /// a page kept that the request's `If-None-Match` names is answered by a `304`.
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
        let if_none_match = req.headers().get(header::IF_NONE_MATCH).cloned();
        if let Some(res) = self.get(&key, generation, &nonce.0, if_none_match.as_ref()) {
            return res;
        }
        let res = next.run(req).await;
        if !keep(&res) {
            return res;
        }
        let (mut parts, body) = res.into_parts();
        let Ok(bytes) = to_bytes(body, MAX_BODY).await else {
            return StatusCode::SERVICE_UNAVAILABLE.into_response();
        };
        if !changed() {
            if let Ok(text) = std::str::from_utf8(&bytes) {
                let mut headers = parts.headers.clone();
                headers.remove(header::CONTENT_LENGTH);
                headers.remove(header::DATE);
                let page = Kept::new(generation, parts.status, headers, text, &nonce.0);
                if names(if_none_match.as_ref(), &page.etag) {
                    let res = page.not_modified();
                    self.keep(key, page);
                    return res;
                }
                parts.headers.insert(header::ETAG, page.etag.clone());
                self.keep(key, page);
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

    #[test]
    fn the_forum_s_categories_and_topics_are_kept_not_its_links_nor_its_forms() {
        let kept = |path: &str| keepable(&req(Method::GET, path, &[])).is_some();
        for page in FORUM_PAGES {
            assert!(
                app::routes::ROUTES
                    .iter()
                    .any(|r| r.path == *page && r.kind == Kind::Page && r.access == Access::Anyone),
                "{page} is an open page of the route list"
            );
        }
        assert!(kept("/forum"));
        assert!(kept("/forum/t/comment-synchroniser/123"));
        assert!(kept("/forum/c/premiers-pas/1"));
        assert!(!kept("/forum/t/comment-synchroniser/123?page=2"));
        assert!(!kept("/forum/t//123"));
        assert!(!kept("/forum/t/a/123/plus"));
        assert!(!kept("/forum/t/a"));
        assert!(!kept("/forum/connexion/lien/abc"));
        assert!(!kept("/forum/repondre/1"));
        assert!(keepable(&req(
            Method::GET,
            "/forum/t/a/1",
            &[("cookie", "forum=abc")]
        ))
        .is_none());
    }

    #[test]
    fn a_full_map_lets_the_pages_past_their_age_go_first() {
        let cache = PageCache::default();
        let page = || Kept::new(1, StatusCode::OK, HeaderMap::new(), "<p>x</p>", "n");
        let live = ("/".to_string(), Lang::Fr);
        cache.keep(live.clone(), page());
        for n in 1..MAX_ENTRIES {
            let mut old = page();
            old.until = Instant::now() - Duration::from_secs(1);
            cache.keep((format!("/forum/t/a/{n}"), Lang::Fr), old);
        }
        cache.keep(("/forum".to_string(), Lang::Fr), page());
        let kept = cache.kept.lock().unwrap();
        assert_eq!(kept.len(), 2);
        assert!(kept.contains_key(&live));
    }

    #[tokio::test]
    async fn a_browser_holding_the_page_gets_a_304_without_a_policy() {
        let cache = PageCache::default();
        let key = ("/forum/t/a/1".to_string(), Lang::Fr);
        let mut headers = HeaderMap::new();
        headers.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("private, no-cache"),
        );
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html"));
        let page =
            |nonce: &str, text: &str| format!(r#"<script nonce="{nonce}">a</script><p>{text}</p>"#);
        cache.keep(
            key.clone(),
            Kept::new(1, StatusCode::OK, headers.clone(), &page("n1", "x"), "n1"),
        );
        let res = cache.get(&key, 1, "n2", None).expect("kept");
        let etag = res.headers().get(header::ETAG).expect("an ETag").clone();
        assert!(etag.to_str().unwrap().starts_with("W/\""));

        // The same page rendered with another nonce has the same ETag; another text not.
        let again = Kept::new(1, StatusCode::OK, headers.clone(), &page("n9", "x"), "n9");
        assert_eq!(again.etag, etag);
        let other = Kept::new(1, StatusCode::OK, headers.clone(), &page("n9", "y"), "n9");
        assert_ne!(other.etag, etag);

        for asked in [
            etag.to_str().unwrap().to_string(),
            etag.to_str().unwrap().trim_start_matches("W/").to_string(),
            format!("W/\"other\", {}", etag.to_str().unwrap()),
            "*".to_string(),
        ] {
            let asked = HeaderValue::from_str(&asked).unwrap();
            let res = cache.get(&key, 1, "n3", Some(&asked)).expect("kept");
            assert_eq!(res.status(), StatusCode::NOT_MODIFIED, "{asked:?}");
            assert_eq!(res.headers().get(header::ETAG), Some(&etag));
            assert!(res.headers().get(header::CONTENT_SECURITY_POLICY).is_none());
            assert!(res.headers().get(header::CONTENT_TYPE).is_none());
            assert_eq!(
                res.headers().get(header::CACHE_CONTROL).unwrap(),
                "private, no-cache"
            );
            let body = to_bytes(res.into_body(), MAX_BODY).await.unwrap();
            assert!(body.is_empty());
        }
        let stale = HeaderValue::from_static("W/\"0123\"");
        let res = cache.get(&key, 1, "n4", Some(&stale)).expect("kept");
        assert_eq!(res.status(), StatusCode::OK);
        // A change heard: the page is rendered again, whatever the browser holds.
        assert!(cache.get(&key, 2, "n4", Some(&etag)).is_none());
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
        let res = cache.get(&key, 3, "n2", None).expect("kept");
        let body = to_bytes(res.into_body(), MAX_BODY).await.unwrap();
        assert_eq!(
            std::str::from_utf8(&body).unwrap(),
            r#"<script nonce="n2">a</script><script nonce="n2">b</script>"#
        );
        // A change heard since: rendered again.
        assert!(cache.get(&key, 4, "n3", None).is_none());
        assert!(cache
            .get(&(key.0.clone(), Lang::En), 3, "n3", None)
            .is_none());
    }
}
