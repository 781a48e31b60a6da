//! A category's page (`/forum/c/<slug>/<id>`): its topics, pinned ones first, then by last
//! post, thirty a page.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::{Crumbs, PageMeta, Pages, TopicItem, TopicList};
use crate::components::title::PageTitle;
use crate::i18n::{use_i18n, Arg};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryView {
    pub id: i64,
    /// Members open topics in it (not only the team).
    pub open: bool,
    /// Its canonical address.
    pub path: String,
    pub slug: String,
    pub name: String,
    pub description: String,
    pub topics: i64,
    pub list: Vec<TopicItem>,
    pub page: i64,
    pub pages: i64,
    /// Whether the person reading watches the category; `None` when nobody is logged in
    /// to the forum.
    pub watching: Option<bool>,
}

#[leptos::server(prefix = "/api", endpoint = "forum/category")]
pub async fn forum_category(id: i64, page: i64) -> Result<Option<CategoryView>, ServerFnError> {
    let caller = crate::ssr::caller().await?;
    let found = backend::forum::category(&caller.ctx, id, page)
        .await
        .map_err(|e| crate::ssr::server_error("forum category", e))?;
    let Some(c) = found else {
        crate::ssr::not_found();
        return Ok(None);
    };
    let watching = match caller.forum_member() {
        Ok(member) => Some(
            backend::forum::notify::watches(
                &caller.ctx,
                member,
                backend::forum::notify::Watched::Category,
                c.category.id,
            )
            .await
            .map_err(|e| crate::ssr::server_error("forum watch", e))?,
        ),
        Err(_) => None,
    };
    Ok(Some(CategoryView {
        watching,
        id: c.category.id,
        open: !c.category.staff_only,
        path: backend::forum::category_path(&c.category.slug, c.category.id),
        slug: c.category.slug,
        name: c.category.name,
        description: c.category.description,
        topics: c.category.topics,
        list: c
            .topics
            .into_iter()
            .map(|t| super::TopicItem::of(caller.lang, t))
            .collect(),
        page: c.page,
        pages: c.pages,
    }))
}

#[component]
fn Category(v: CategoryView) -> impl IntoView {
    let i18n = use_i18n();
    let title = super::paged_title(&v.name, v.page);
    view! {
        <PageTitle text=title.clone()/>
        <PageMeta title description=v.description.clone() path=v.path.clone()/>
        <Crumbs/>
        <h1>{v.name.clone()}</h1>
        <p class="lead">{v.description.clone()}</p>
        <p>{i18n.ta("forum-topics", &[("n", Arg::Num(v.topics))])}</p>
        {v.open.then(|| view! {
            <p class="topic-actions">
                <a class="button" href=format!("/forum/nouveau?categorie={}", v.id)>{i18n.t("forum-ask")}</a>
            </p>
        })}
        <super::notifications::WatchBox id=v.id category=true watching=v.watching path=v.path.clone()/>
        <TopicList topics=v.list/>
        <Pages base=v.path.clone() page=v.page pages=v.pages/>
        <super::FeedLink path=v.path/>
    }
}

#[component]
pub fn ForumCategoryPage() -> impl IntoView {
    super::slug_id_page(
        forum_category,
        |v| (v.slug.clone(), v.path.clone(), v.page),
        |v| view! { <Category v/> }.into_any(),
    )
}
