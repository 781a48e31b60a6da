//! A person's posts waiting for a moderator's approval (`/forum/en-attente`): the first
//! posts of someone logged in by a mailed link are read by a moderator before anyone else
//! sees them. Writing one leads here; the page shows each as it will read, and says what
//! happens next.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::When;
use crate::i18n::{use_i18n, Arg};
use common::forum::PENDING_PATH;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingPost {
    pub id: i64,
    pub topic_title: String,
    /// The topic's address, for a reply (a question waits with its topic).
    pub topic_path: Option<String>,
    pub is_question: bool,
    pub when: When,
    /// Rendered and cleaned by the server.
    pub html: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingView {
    pub posts: Vec<PendingPost>,
    /// Their posts are still held (no moderator approved one yet).
    pub held: bool,
}

#[leptos::server(prefix = "/api", endpoint = "forum/pending")]
pub async fn forum_pending() -> Result<PendingView, ServerFnError> {
    let caller = crate::ssr::caller().await?;
    let member = caller.forum_member().map_err(|d| d.into_server_error())?;
    let posts = backend::forum::held::mine(&caller.ctx, member)
        .await
        .map_err(|e| crate::ssr::server_error("forum pending posts", e))?;
    Ok(PendingView {
        held: member.held(),
        posts: posts
            .into_iter()
            .map(|p| PendingPost {
                id: p.post_id,
                topic_title: p.topic_title,
                topic_path: p.topic_path,
                is_question: p.is_question,
                when: When::of(caller.lang, p.created_at, p.created_paris),
                html: p.html.into_string(),
            })
            .collect(),
    })
}

#[component]
fn Pending(v: PendingView) -> impl IntoView {
    let i18n = use_i18n();
    let lead = if v.held {
        "forum-pending-lead"
    } else {
        "forum-pending-approved"
    };
    let list = if v.posts.is_empty() {
        view! { <p>{i18n.t("forum-pending-none")}</p> }.into_any()
    } else {
        v.posts
            .into_iter()
            .map(|p| {
                let id = format!("message-{}", p.id);
                let title_id = format!("{id}-titre");
                let labelled_by = title_id.clone();
                let which = if p.is_question {
                    "forum-pending-question"
                } else {
                    "forum-pending-reply"
                };
                let heading = i18n.ta(which, &[("title", Arg::from(p.topic_title))]);
                view! {
                    <article class="card post" id=id aria-labelledby=labelled_by>
                        <h2 id=title_id>{heading}</h2>
                        <p class="post-meta">
                            <span class="mark">{i18n.t("forum-pending-mark")}</span>
                            " · " <time datetime=p.when.iso>{p.when.words}</time>
                            {p.topic_path.map(|path| view! {
                                " · " <a href=path>{i18n.t("forum-pending-topic")}</a>
                            })}
                        </p>
                        <div class="post-body" inner_html=p.html></div>
                    </article>
                }
            })
            .collect_view()
            .into_any()
    };
    view! {
        <h1>{i18n.t("forum-pending-title")}</h1>
        <p class="lead">{i18n.t(lead)}</p>
        {list}
        <p><a href="/forum">{i18n.t("forum-pending-back")}</a></p>
    }
}

#[component]
pub fn ForumPendingPage() -> impl IntoView {
    super::member_page("forum-pending-title", PENDING_PATH, forum_pending, |v| {
        view! { <Pending v/> }
    })
}
