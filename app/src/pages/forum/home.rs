//! The forum's home (`/forum`): what it is for, its categories, and the topics with the
//! latest posts.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::{PageMeta, TopicItem, TopicList};
use crate::components::title::PageTitle;
use crate::i18n::{use_i18n, Arg};

/// Topics in the home's list of the latest.
pub const LATEST: i64 = 20;

/// A category as the home lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryItem {
    pub path: String,
    pub name: String,
    pub description: String,
    pub topics: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HomeView {
    pub categories: Vec<CategoryItem>,
    pub latest: Vec<TopicItem>,
    /// Who is logged in to the forum, if anyone: their notifications and their account.
    pub member: Option<super::login::MemberView>,
}

#[leptos::server(prefix = "/api", endpoint = "forum/home")]
pub async fn forum_home() -> Result<HomeView, ServerFnError> {
    let caller = crate::ssr::caller().await?;
    let failed = |e| crate::ssr::server_error("forum home", e);
    let categories = backend::forum::categories(&caller.ctx)
        .await
        .map_err(failed)?
        .into_iter()
        .map(|c| CategoryItem {
            path: backend::forum::category_path(&c.slug, c.id),
            name: c.name,
            description: c.description,
            topics: c.topics,
        })
        .collect();
    let latest = backend::forum::latest(&caller.ctx, LATEST)
        .await
        .map_err(failed)?
        .into_iter()
        .map(|t| TopicItem::of(caller.lang, t))
        .collect();
    let member = super::login::MemberView::load(&caller).await?;
    Ok(HomeView {
        categories,
        latest,
        member,
    })
}

#[component]
fn Home(v: HomeView) -> impl IntoView {
    let i18n = use_i18n();
    // Where deleting one's forum account leads.
    let deleted = leptos_router::hooks::use_query_map().with_untracked(|q| {
        q.get(crate::actions::OUTCOME_PARAM).as_deref() == Some(super::people::DELETED)
    });
    view! {
        <PageTitle text=i18n.t("forum-title")/>
        <PageMeta title=i18n.t("forum-title") description=i18n.t("forum-lead") path="/forum".to_string()/>
        <h1>{i18n.t("forum-title")}</h1>
        {deleted.then(|| view! {
            <div class="notice" role="status"><p>{i18n.t("forum-account-deleted")}</p></div>
        })}
        <p class="lead">{i18n.t("forum-lead")}</p>
        {v.member.map(|member| view! { <super::login::MemberBar member/> })}
        <super::search::SearchForm/>
        <p class="topic-actions">
            <a class="button" href="/forum/nouveau">{i18n.t("forum-ask")}</a>
        </p>
        <section aria-labelledby="forum-categories-title">
            <h2 id="forum-categories-title">{i18n.t("forum-categories")}</h2>
            <ul class="category-list">
                {v.categories
                    .into_iter()
                    .map(|c| view! {
                        <li>
                            <a class="category-name" href=c.path>{c.name}</a>
                            <p>{c.description}</p>
                            <p class="topic-meta">{i18n.ta("forum-topics", &[("n", Arg::Num(c.topics))])}</p>
                        </li>
                    })
                    .collect_view()}
            </ul>
        </section>
        <section aria-labelledby="forum-latest-title">
            <h2 id="forum-latest-title">{i18n.t("forum-latest")}</h2>
            <TopicList topics=v.latest with_category=true/>
            <super::FeedLink path="/forum".to_string()/>
        </section>
    }
}

#[component]
pub fn ForumHomePage() -> impl IntoView {
    let data = crate::actions::page_data(|| (), |()| forum_home());
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(v) => view! { <Home v/> }.into_any(),
                    Err(_) => view! { <crate::pages::site::errors::ErrorView status=500/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
