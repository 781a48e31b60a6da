//! Searching the forum (`/forum/recherche?q=…`): a GET form, so that a search is an address
//! to share and works without JavaScript; filters by category and by solved topics; each
//! hit with the passages that matched, highlighted, and a link to the post they are in.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

use super::{Crumbs, Marks, NoIndex, PageMeta};
use crate::components::title::PageTitle;
use crate::i18n::{use_i18n, Arg};

/// Where the search lives.
pub const SEARCH_PATH: &str = "/forum/recherche";

/// The longest search the form lets one type (`backend::forum::search::WORDS_MAX`: the
/// server cuts a longer one anyway).
const WORDS_MAX: usize = 200;

/// A topic found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HitItem {
    /// The topic's address, at the post that matched.
    pub href: String,
    pub title: String,
    pub category_name: String,
    pub solved: bool,
    pub guide: bool,
    pub is_solution: bool,
    /// The passages, each piece with whether it matched.
    pub excerpt: Vec<(String, bool)>,
}

/// What was searched, as the address carries it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Asked {
    pub words: String,
    pub category: Option<i64>,
    pub solved_only: bool,
    pub page: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchView {
    pub asked: Asked,
    /// Every category, for the filter: id and name.
    pub categories: Vec<(i64, String)>,
    /// `None`: nothing searched yet.
    pub hits: Option<Vec<HitItem>>,
    pub more: bool,
}

#[leptos::server(prefix = "/api", endpoint = "forum/search")]
pub async fn forum_search(asked: Asked) -> Result<SearchView, ServerFnError> {
    use backend::forum::search::{clean_words, search, Search};
    let caller = crate::ssr::caller().await?;
    let failed = |e| crate::ssr::server_error("forum search", e);
    let categories = backend::forum::category_names(&caller.ctx)
        .await
        .map_err(failed)?
        .into_iter()
        .map(|(id, name, _)| (id, name))
        .collect();
    let words = clean_words(&asked.words);
    let (hits, more) = if words.is_empty() {
        (None, false)
    } else {
        let found = search(
            &caller.ctx,
            &Search {
                words: words.clone(),
                category: asked.category,
                solved_only: asked.solved_only,
            },
            asked.page.max(1),
        )
        .await
        .map_err(failed)?;
        let hits = found
            .hits
            .into_iter()
            .map(|h| HitItem {
                href: match h.post_id {
                    Some(post) => format!("{}#message-{post}", h.topic.path()),
                    None => h.topic.path(),
                },
                title: h.topic.title,
                category_name: h.topic.category_name,
                solved: h.topic.solved,
                guide: h.topic.guide,
                is_solution: h.is_solution,
                excerpt: h.excerpt,
            })
            .collect();
        (Some(hits), found.more)
    };
    Ok(SearchView {
        asked: Asked {
            words,
            page: asked.page.max(1),
            ..asked
        },
        categories,
        hits,
        more,
    })
}

/// The address of a search's page `page`.
fn page_href(asked: &Asked, page: i64) -> String {
    let mut params = vec![("q".to_string(), asked.words.clone())];
    if let Some(c) = asked.category {
        params.push(("categorie".into(), c.to_string()));
    }
    if asked.solved_only {
        params.push(("resolus".into(), "1".into()));
    }
    if page > 1 {
        params.push(("page".into(), page.to_string()));
    }
    format!("{SEARCH_PATH}?{}", crate::actions::query_of(&params))
}

/// The search form: on the search's page with what was asked, and on the forum's home.
#[component]
pub fn SearchForm(
    #[prop(optional)] asked: Asked,
    #[prop(optional)] categories: Vec<(i64, String)>,
) -> impl IntoView {
    let i18n = use_i18n();
    let filters = !categories.is_empty();
    let (words, category, solved_only) = (asked.words, asked.category, asked.solved_only);
    view! {
        <form class="forum-search" role="search" method="get" action=SEARCH_PATH>
            <div class="field">
                <label for="forum-search-words">{i18n.t("forum-search-words")}</label>
                <input
                    id="forum-search-words"
                    type="search"
                    name="q"
                    maxlength=WORDS_MAX
                    value=words
                />
            </div>
            {filters.then(|| view! {
                <div class="field">
                    <label for="forum-search-category">{i18n.t("forum-search-category")}</label>
                    <select id="forum-search-category" name="categorie">
                        <option value="">{i18n.t("forum-search-any-category")}</option>
                        {categories
                            .into_iter()
                            .map(|(id, name)| view! {
                                <option value=id.to_string() selected=category == Some(id)>{name}</option>
                            })
                            .collect_view()}
                    </select>
                </div>
                <div class="field field-checkbox">
                    <input id="forum-search-solved" type="checkbox" name="resolus" value="1" checked=solved_only/>
                    <label for="forum-search-solved">{i18n.t("forum-search-solved")}</label>
                </div>
            })}
            <button type="submit" class="button">{i18n.t("forum-search-submit")}</button>
        </form>
    }
}

#[component]
fn Hits(v: SearchView) -> impl IntoView {
    let i18n = use_i18n();
    let Some(hits) = v.hits.clone() else {
        return view! { <p>{i18n.t("forum-search-hint")}</p> }.into_any();
    };
    if hits.is_empty() {
        return view! {
            <p role="status">{i18n.ta("forum-search-none", &[("words", Arg::from(&v.asked.words))])}</p>
        }
        .into_any();
    }
    let page = v.asked.page;
    let previous = (page > 1).then(|| page_href(&v.asked, page - 1));
    let next = v.more.then(|| page_href(&v.asked, page + 1));
    view! {
        <p role="status">{i18n.ta("forum-search-page", &[("n", Arg::Num(page))])}</p>
        <ol class="topic-list search-hits">
            {hits
                .into_iter()
                .map(|h| view! {
                    <li>
                        <a class="topic-title" href=h.href>{h.title}</a>
                        " "
                        <Marks pinned=false solved=h.solved guide=h.guide locked=false/>
                        <p class="topic-meta">
                            {h.category_name}
                            {h.is_solution.then(|| view! { " · " {i18n.t("forum-search-in-solution")} })}
                        </p>
                        <p class="excerpt">
                            {h.excerpt
                                .into_iter()
                                .map(|(text, matched)| if matched {
                                    view! { <mark>{text}</mark> }.into_any()
                                } else {
                                    text.into_any()
                                })
                                .collect_view()}
                        </p>
                    </li>
                })
                .collect_view()}
        </ol>
        <nav class="pages" aria-label=i18n.t("forum-pages")>
            <ul>
                {previous.map(|href| view! { <li><a href=href rel="prev">{i18n.t("forum-page-previous")}</a></li> })}
                {next.map(|href| view! { <li><a href=href rel="next">{i18n.t("forum-page-next")}</a></li> })}
            </ul>
        </nav>
    }
    .into_any()
}

#[component]
fn SearchPage(v: SearchView) -> impl IntoView {
    let i18n = use_i18n();
    let title = if v.asked.words.is_empty() {
        i18n.t("forum-search-title")
    } else {
        i18n.ta(
            "forum-search-title-for",
            &[("words", Arg::from(&v.asked.words))],
        )
    };
    view! {
        <PageTitle text=title/>
        <PageMeta
            title=i18n.t("forum-search-title")
            description=i18n.t("forum-lead")
            path=SEARCH_PATH.to_string()
        />
        <NoIndex/>
        <Crumbs/>
        <h1>{i18n.t("forum-search-title")}</h1>
        <SearchForm asked=v.asked.clone() categories=v.categories.clone()/>
        <section aria-labelledby="forum-hits-title">
            <h2 id="forum-hits-title">{i18n.t("forum-search-results")}</h2>
            <Hits v/>
        </section>
    }
}

#[component]
pub fn ForumSearchPage() -> impl IntoView {
    let query = use_query_map();
    let source = move || {
        query.with(|q| Asked {
            words: q.get("q").unwrap_or_default(),
            category: q.get("categorie").and_then(|c| c.parse().ok()),
            solved_only: q.get("resolus").is_some_and(|s| s == "1"),
            page: q.get("page").and_then(|p| p.parse().ok()).unwrap_or(1),
        })
    };
    let data = crate::actions::page_data(source, forum_search);
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(v) => view! { <SearchPage v/> }.into_any(),
                    Err(_) => view! { <crate::pages::site::errors::ErrorView status=500/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
