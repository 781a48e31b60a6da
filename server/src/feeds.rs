//! The forum's Atom feeds (RFC 4287): the newest topics of the whole forum
//! (`/forum/flux.atom`) and of a category (`/forum/c/<slug>/<id>/flux.atom`). Each entry is a
//! topic, its link the topic's canonical address, its content the question as the topic's
//! page shows it (rendered and cleaned by `backend::forum::markdown`). Anyone may read them;
//! they read only what is visible, and are the same for every reader of a language.

use axum::extract::{Path, State};
use axum::http::header::{self, HeaderMap, HeaderValue};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{DateTime, SecondsFormat, Utc};

use app::i18n::Lang;
use backend::forum::{category_path, Author, Feed};

use crate::AppState;

/// `/forum/flux.atom`: the newest topics of the whole forum.
pub async fn latest(State(state): State<AppState>, headers: HeaderMap) -> Response {
    serve(&state, &headers, None).await.into_response()
}

/// `/forum/c/<slug>/<id>/flux.atom`: the newest topics of a category; another slug leads to
/// the canonical address, as the category's page does.
pub async fn category(
    State(state): State<AppState>,
    Path((slug, id)): Path<(String, String)>,
    headers: HeaderMap,
) -> Response {
    let Ok(id) = id.parse::<i64>() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let res = serve(&state, &headers, Some(id)).await;
    match res {
        Served::Feed(feed, body) => match &feed.category {
            Some((_, canonical, _)) if *canonical != slug => {
                Redirect::permanent(&feed_path(Some(&feed))).into_response()
            }
            _ => body,
        },
        Served::Other(res) => res,
    }
}

/// The address of a feed.
fn feed_path(feed: Option<&Feed>) -> String {
    match feed.and_then(|f| f.category.as_ref()) {
        Some((id, slug, _)) => format!("{}/flux.atom", category_path(slug, *id)),
        None => "/forum/flux.atom".into(),
    }
}

enum Served {
    Feed(Box<Feed>, Response),
    Other(Response),
}

impl IntoResponse for Served {
    fn into_response(self) -> Response {
        match self {
            Served::Feed(_, res) | Served::Other(res) => res,
        }
    }
}

async fn serve(state: &AppState, headers: &HeaderMap, category: Option<i64>) -> Served {
    let feed = match backend::forum::newest(&state.ctx, category).await {
        Ok(Some(feed)) => feed,
        Ok(None) => return Served::Other(StatusCode::NOT_FOUND.into_response()),
        Err(error) => {
            tracing::error!(%error, "forum feed failed");
            return Served::Other(StatusCode::SERVICE_UNAVAILABLE.into_response());
        }
    };
    let cookie = headers.get(header::COOKIE).and_then(|v| v.to_str().ok());
    let accept = headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok());
    let lang = app::i18n::negotiate(cookie, accept);
    let body = atom(
        &feed,
        lang,
        &state.config.site.public_url,
        &state.config.site.name,
    );
    let res = (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/atom+xml; charset=utf-8"),
            ),
            // Feed readers ask often; a minute late is no harm.
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=60"),
            ),
        ],
        body,
    )
        .into_response();
    Served::Feed(Box::new(feed), res)
}

fn t(lang: Lang, key: &str, args: &[(&'static str, &str)]) -> String {
    let args: std::collections::HashMap<_, _> = args
        .iter()
        .map(|(k, v)| {
            (
                std::borrow::Cow::Borrowed(*k),
                common::FluentValue::from(v.to_string()),
            )
        })
        .collect();
    common::lookup(lang, key, Some(&args)).unwrap_or_else(|| key.to_string())
}

/// Text as XML character data or an attribute's value: markup escaped, and the characters
/// XML 1.0 does not allow (C0 controls but tab and line ends, lone surrogates cannot occur
/// in a `str`, U+FFFE and U+FFFF) left out.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

fn stamp(at: &DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// The feed's XML. Links are absolute (`public_url`); the content's own links, relative to
/// the site, resolve against `xml:base`.
fn atom(feed: &Feed, lang: Lang, public_url: &str, site: &str) -> String {
    let base = public_url.trim_end_matches('/');
    let self_url = format!("{base}{}", feed_path(Some(feed)));
    let (title, page) = match &feed.category {
        Some((id, slug, name)) => (
            t(
                lang,
                "forum-feed-category",
                &[("category", name), ("site", site)],
            ),
            category_path(slug, *id),
        ),
        None => (
            t(lang, "forum-feed-latest", &[("site", site)]),
            "/forum".into(),
        ),
    };
    let updated = feed
        .entries
        .iter()
        .map(|(row, _)| row.created_at)
        .max()
        .unwrap_or(DateTime::<Utc>::UNIX_EPOCH);
    let mut xml = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n\
         <feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{lang}\" xml:base=\"{base}/\">\n\
         <id>{id}</id>\n<title>{title}</title>\n<updated>{updated}</updated>\n\
         <link rel=\"self\" type=\"application/atom+xml\" href=\"{id}\"/>\n\
         <link rel=\"alternate\" type=\"text/html\" href=\"{page}\"/>\n\
         <author><name>{site}</name></author>\n",
        lang = lang.as_str(),
        base = escape(base),
        id = escape(&self_url),
        title = escape(&title),
        updated = stamp(&updated),
        page = escape(&format!("{base}{page}")),
        site = escape(site),
    );
    for (row, question) in &feed.entries {
        let author = match &question.author {
            Author::Team => t(lang, "forum-team", &[]),
            Author::Person { pseudonym, .. } => pseudonym.clone(),
            Author::Gone => t(lang, "forum-gone", &[]),
        };
        let url = format!("{base}{}", row.path());
        xml.push_str(&format!(
            "<entry>\n<id>{url}</id>\n<title>{title}</title>\n\
             <link rel=\"alternate\" type=\"text/html\" href=\"{url}\"/>\n\
             <published>{published}</published>\n<updated>{updated}</updated>\n\
             <author><name>{author}</name></author>\n\
             <category term=\"{category}\"/>\n\
             <content type=\"html\">{content}</content>\n</entry>\n",
            url = escape(&url),
            title = escape(&row.title),
            published = stamp(&row.created_at),
            updated = stamp(&question.created_at),
            author = escape(&author),
            category = escape(&row.category_name),
            content = escape(question.html.as_str()),
        ));
    }
    xml.push_str("</feed>\n");
    xml
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_and_characters_xml_refuses_are_not_passed() {
        assert_eq!(
            escape("<b a=\"1\">&'\u{0}\u{7}\u{1b}\t\r\n\u{FFFF}é</b>"),
            "&lt;b a=&quot;1&quot;&gt;&amp;&apos;\t\r\né&lt;/b&gt;"
        );
    }
}
