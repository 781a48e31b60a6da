//! Quoting: under each post of a topic open to replies, « Citer » opens the reply form with
//! the post quoted (`/forum/repondre/<topic>?citer=<post>`, a link, so it works without
//! JavaScript). With JavaScript, a passage of the post selected first is what is quoted.
//! The quote is Markdown in the form (`backend::forum::quote`): the person cuts or keeps it.

use common::forum::{PASSAGE_PARAM, QUOTE_PARAM};
use leptos::prelude::*;

use crate::i18n::{use_i18n, Arg};

/// The reply page of topic `topic` with its post `post` quoted.
pub fn quote_path(topic: i64, post: i64) -> String {
    format!("/forum/repondre/{topic}?{QUOTE_PARAM}={post}")
}

/// « Citer » under post `post` of topic `topic` (by `author`, in words, for a screen
/// reader). The pointer pressed on it keeps the selection, which a click would otherwise
/// drop before it could be read.
#[component]
pub fn QuoteLink(topic: i64, post: i64, author: String) -> impl IntoView {
    let i18n = use_i18n();
    let href = quote_path(topic, post);
    let whose = i18n.ta("forum-quote-whose", &[("author", Arg::from(author))]);
    let navigate = leptos_router::hooks::use_navigate();
    let to = href.clone();
    view! {
        <a
            href=href
            rel="nofollow"
            on:mousedown=move |ev| {
                if selected_passage(post).is_some() {
                    ev.prevent_default();
                }
            }
            on:click=move |ev| {
                if let Some(query) = selected_passage(post).and_then(|p| passage_query(&p)) {
                    ev.prevent_default();
                    navigate(&format!("{to}&{query}"), Default::default());
                }
            }
        >
            {i18n.t("forum-quote")}<span class="visually-hidden">" " {whose}</span>
        </a>
    }
}

/// The text selected inside post `post`'s words, if the selection starts and ends there.
#[cfg(feature = "hydrate")]
fn selected_passage(post: i64) -> Option<String> {
    let words = document()
        .get_element_by_id(&format!("message-{post}"))?
        .query_selector(".post-body")
        .ok()??;
    let selection = window().get_selection().ok()??;
    if selection.is_collapsed() {
        return None;
    }
    let inside = |node: Option<web_sys::Node>| node.is_some_and(|n| words.contains(Some(&n)));
    if !inside(selection.anchor_node()) || !inside(selection.focus_node()) {
        return None;
    }
    let text = selection.to_string().as_string()?;
    let text = text.trim();
    (!text.is_empty()).then(|| text.chars().take(common::forum::PASSAGE_MAX).collect())
}

#[cfg(not(feature = "hydrate"))]
fn selected_passage(_post: i64) -> Option<String> {
    None
}

/// `passage=…`, encoded for an address.
#[cfg(feature = "hydrate")]
fn passage_query(passage: &str) -> Option<String> {
    let query = web_sys::UrlSearchParams::new().ok()?;
    query.append(PASSAGE_PARAM, passage);
    query.to_string().as_string()
}

#[cfg(not(feature = "hydrate"))]
fn passage_query(_passage: &str) -> Option<String> {
    let _ = PASSAGE_PARAM;
    None
}

/// The Markdown the reply form opens with: post `post` of topic `topic` (or `passage` of
/// it) quoted under a line naming its author and linking to it. `None` when there is no
/// such visible post, or nothing to quote.
#[cfg(feature = "ssr")]
pub async fn quote(
    caller: &crate::ssr::Caller,
    topic: i64,
    post: i64,
    passage: Option<&str>,
) -> Result<Option<String>, ServerFnError> {
    use backend::forum::quote;
    let found = quote::quoted(&caller.ctx, topic, post)
        .await
        .map_err(|e| crate::ssr::server_error("forum quote", e))?;
    let Some(q) = found else {
        return Ok(None);
    };
    let i18n = crate::i18n::I18n { lang: caller.lang };
    let name = super::AuthorName::from(q.author).words(i18n);
    let link = format!("[{}]({})", quote::escape(&name), q.path);
    let header = i18n.ta("forum-quote-wrote", &[("author", Arg::from(link))]);
    let text = passage.filter(|p| !p.trim().is_empty()).unwrap_or(&q.body);
    Ok(Some(quote::markdown(&header, text)).filter(|m| !m.is_empty()))
}
