//! Merging a duplicate (`/equipe/forum/sujet/<id>/fusionner`, linked from the topic's
//! moderation bar): the page shows the topic, the older topics whose titles are like its
//! own (each with its button), and a field for any other topic's address or number. The
//! duplicate's posts move into the kept topic, and its address leads there for good.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use crate::actions::Reply;
use crate::actions::{Action, IdParam};
use crate::components::action_form::ActionForm;
use crate::components::fields::{ErrorSummary, TextField};
use crate::components::title::PageTitle;
#[cfg(feature = "ssr")]
use crate::forms::FormErrors;
use crate::i18n::{use_i18n, Arg};
use crate::pages::forum::When;

use super::FORUM_MODERATION_PATH;

/// The page that merges topic `id` into another.
pub fn merge_path(id: i64) -> String {
    format!("{FORUM_MODERATION_PATH}/sujet/{id}/fusionner")
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct MergeInput {
    /// The topic to keep: its number or its address.
    pub into: String,
}

/// A forum moderator merges a duplicate into the older topic it repeats.
pub struct TopicMerge;

impl Action for TopicMerge {
    const ID: &'static str = "forum-topic-merge";
    const PATH: &'static str = "/equipe/forum/sujet/{id}/fusionner";
    const EXAMPLE: &'static str = "/equipe/forum/sujet/1/fusionner";
    const TEXT_FIELDS: &'static [&'static str] = &["into"];
    type Params = IdParam;
    type Input = MergeInput;
    type Outcome = String;

    fn examples() -> Vec<MergeInput> {
        vec![MergeInput {
            into: "/forum/t/comment-partager-un-agenda/2".into(),
        }]
    }

    #[cfg(feature = "ssr")]
    type Who = backend::forum::moderation::ForumModerator;

    #[cfg(feature = "ssr")]
    async fn run(
        moderator: backend::forum::moderation::ForumModerator,
        topic: IdParam,
        input: MergeInput,
        caller: crate::ssr::Caller,
    ) -> Reply<String> {
        use backend::forum::merge::{merge, MergeRefused};
        match merge(&caller.ctx, &moderator, topic.id, &input.into).await {
            Ok(Ok(path)) => Reply::Done(path),
            Ok(Err(MergeRefused::NoTopic)) => Reply::NotFound,
            Ok(Err(MergeRefused::Field(r))) => {
                Reply::Invalid(FormErrors::field_error(r.field, r.code))
            }
            Err(error) => Reply::failed("forum topic merge", error),
        }
    }

    fn next(_: &IdParam, path: &String) -> String {
        path.clone()
    }
}

/// A topic the page names: the duplicate, or one it may be merged into.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MergeTopic {
    pub id: i64,
    pub title: String,
    pub path: String,
    pub category: String,
    pub replies: i64,
    pub last_posted: When,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MergeView {
    pub topic: MergeTopic,
    /// Older visible topics whose titles are like its own.
    pub candidates: Vec<MergeTopic>,
}

#[cfg(feature = "ssr")]
fn merge_topic(lang: crate::i18n::Lang, t: backend::forum::TopicRow) -> MergeTopic {
    MergeTopic {
        id: t.id,
        path: t.path(),
        title: t.title,
        category: t.category_name,
        replies: t.replies,
        last_posted: When::of(lang, t.last_posted_at, t.last_posted_paris),
    }
}

/// The visible topic `topic`, and the older topics like it; `None` (404) when there is no
/// such visible topic. The id is optional so that the role is checked first.
#[leptos::server(prefix = "/api", endpoint = "staff/forum-merge")]
pub async fn staff_forum_merge(topic: Option<i64>) -> Result<Option<MergeView>, ServerFnError> {
    let caller = crate::ssr::caller().await?;
    caller
        .forum_moderator()
        .map_err(|d| d.into_server_error())?;
    let failed = |e| crate::ssr::server_error("forum merge page", e);
    let ctx = &caller.ctx;
    let found = match topic {
        Some(id) => backend::forum::topic_row(ctx, id).await.map_err(failed)?,
        None => None,
    };
    let Some(row) = found else {
        crate::ssr::not_found();
        return Ok(None);
    };
    let candidates = backend::forum::search::similar(ctx, &row.title)
        .await
        .map_err(failed)?
        .into_iter()
        .filter(|t| t.id != row.id && t.created_at < row.created_at)
        .map(|t| merge_topic(caller.lang, t))
        .collect();
    Ok(Some(MergeView {
        topic: merge_topic(caller.lang, row),
        candidates,
    }))
}

/// A topic as the page describes it: its title (a link), category, replies and date.
#[component]
fn TopicFacts(t: MergeTopic) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <a href=t.path>{t.title}</a>
        " · " {i18n.ta("forum-merge-number", &[("n", Arg::Num(t.id))])}
        " · " {t.category}
        " · " {i18n.ta("forum-replies", &[("n", Arg::Num(t.replies))])}
        " · " {i18n.t("forum-merge-last-post")} " "
        <time datetime=t.last_posted.iso>{t.last_posted.words}</time>
    }
}

/// The page that merges a duplicate into another topic.
#[component]
pub fn MergePage() -> impl IntoView {
    super::area::id_form_page(
        "forum-merge-title",
        staff_forum_merge,
        |v, id, title, sent| {
            let i18n = use_i18n();
            let into = RwSignal::new(sent.values.get("into").cloned().unwrap_or_default());
            let errors = RwSignal::new(sent.errors.clone());
            view! {
                <PageTitle text=title/>
                <h1>{i18n.t("forum-merge-title")}</h1>
                <p>{i18n.t("forum-merge-this")} " " <TopicFacts t=v.topic.clone()/></p>
                <p class="lead">{i18n.t("forum-merge-lead")}</p>
                <section aria-labelledby="forum-merge-like-title">
                    <h2 id="forum-merge-like-title">{i18n.t("forum-merge-like")}</h2>
                    {if v.candidates.is_empty() {
                        view! { <p>{i18n.t("forum-merge-like-none")}</p> }.into_any()
                    } else {
                        view! {
                            <ul class="merge-candidates">
                                {v.candidates.into_iter().map(|c| {
                                    let label = i18n.ta("forum-merge-into-this", &[("title", Arg::from(c.title.clone()))]);
                                    let number = c.id.to_string();
                                    view! {
                                        <li>
                                            <p><TopicFacts t=c/></p>
                                            <ActionForm<TopicMerge> params=IdParam { id } class="inline-form">
                                                <input type="hidden" name="into" value=number/>
                                                <button type="submit" class="button button-secondary" aria-label=label>
                                                    {i18n.t("forum-merge-into-button")}
                                                </button>
                                            </ActionForm<TopicMerge>>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        }.into_any()
                    }}
                </section>
                <section aria-labelledby="forum-merge-other-title">
                    <h2 id="forum-merge-other-title">{i18n.t("forum-merge-other")}</h2>
                    <ActionForm<TopicMerge> params=IdParam { id } class="form" errors=Some(errors)>
                        <ErrorSummary errors field_id=|_| "forum-merge-into".to_string()/>
                        <TextField
                            id="forum-merge-into"
                            name="into"
                            label=i18n.t("forum-merge-into")
                            hint=i18n.t("forum-merge-into-hint")
                            value=into
                            errors
                            on_change=Callback::new(|()| {})
                            node_ref=NodeRef::new()
                        />
                        <button type="submit" class="button">{i18n.t("forum-merge-submit")}</button>
                    </ActionForm<TopicMerge>>
                </section>
                <p><a href=v.topic.path>{i18n.t("forum-merge-back")}</a></p>
            }
        },
    )
}
