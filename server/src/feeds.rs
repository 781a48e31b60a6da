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
use backend::i18n::tr as t;
use backend::mail::escape_html;

use crate::AppState;

/// `/forum/flux.atom`: the newest topics of the whole forum.
pub async fn latest(State(state): State<AppState>, headers: HeaderMap) -> Response {
    match load(&state, None).await {
        Ok(feed) => respond(&state, &headers, &feed),
        Err(res) => res,
    }
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
    match load(&state, Some(id)).await {
        Ok(feed) if feed.category.as_ref().is_some_and(|(_, s, _)| *s != slug) => {
            Redirect::permanent(&feed_path(&feed)).into_response()
        }
        Ok(feed) => respond(&state, &headers, &feed),
        Err(res) => res,
    }
}

/// The address of a feed.
fn feed_path(feed: &Feed) -> String {
    match &feed.category {
        Some((id, slug, _)) => format!("{}/flux.atom", category_path(slug, *id)),
        None => "/forum/flux.atom".into(),
    }
}

/// The feed of `category` (`None`: the whole forum), or the response saying why not.
async fn load(state: &AppState, category: Option<i64>) -> Result<Feed, Response> {
    match backend::forum::newest(&state.ctx, category).await {
        Ok(Some(feed)) => Ok(feed),
        Ok(None) => Err(StatusCode::NOT_FOUND.into_response()),
        Err(error) => {
            tracing::error!(%error, "forum feed failed");
            Err(StatusCode::SERVICE_UNAVAILABLE.into_response())
        }
    }
}

/// The feed's XML, in the reader's language.
fn respond(state: &AppState, headers: &HeaderMap, feed: &Feed) -> Response {
    let cookie = headers.get(header::COOKIE).and_then(|v| v.to_str().ok());
    let accept = headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok());
    let lang = app::i18n::negotiate(cookie, accept);
    let body = atom(
        feed,
        lang,
        &state.config.site.public_url,
        &state.config.site.name,
    );
    (
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
        .into_response()
}

/// Text as XML character data or an attribute's value: the characters XML 1.0 does not
/// allow (C0 controls but tab and line ends, U+FFFE and U+FFFF; lone surrogates cannot occur
/// in a `str`) left out, then markup escaped as the mails escape it.
fn escape(text: &str) -> String {
    let allowed: String = text
        .chars()
        .filter(|&c| {
            matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && c != '\u{FFFE}' && c != '\u{FFFF}')
        })
        .collect();
    escape_html(&allowed)
}

fn stamp(at: &DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// The feed's XML. Links are absolute (`public_url`); the content's own links, relative to
/// the site, resolve against `xml:base`.
fn atom(feed: &Feed, lang: Lang, public_url: &str, site: &str) -> String {
    let base = public_url.trim_end_matches('/');
    let self_url = format!("{base}{}", feed_path(feed));
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
            "&lt;b a=&quot;1&quot;&gt;&amp;&#39;\t\r\né&lt;/b&gt;"
        );
    }
}
