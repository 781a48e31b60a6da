//! The help forum (`/forum`), open to everyone for reading: its home (categories and latest
//! topics), a category's topics, a topic with its posts, and the search. Each page has a canonical
//! address with a slug and an id, a title and a description of its own for search engines
//! and link previews, and a heading outline a screen reader can follow: the page's `<h1>`,
//! one `<h2>` per post, a post's own headings below (`backend::forum::markdown`).

pub mod category;
pub mod compose;
pub mod details;
pub mod flag;
pub mod home;
pub mod ideas;
pub mod likes;
pub mod login;
pub mod notifications;
pub mod pending;
pub mod people;
pub mod quote;
pub mod search;
pub mod topic;

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::i18n::{use_i18n, Arg};

/// Where a question is asked.
pub const NEW_TOPIC_PATH: &str = "/forum/nouveau";
/// Where one logs in to the forum.
pub const FORUM_LOGIN_PATH: &str = "/forum/connexion";
/// A person's notifications, and their account.
pub const NOTIFICATIONS_PATH: &str = "/forum/notifications";
pub const ACCOUNT_PATH: &str = "/forum/compte";
/// The login page's parameter, and its forms' field, naming the page to return to.
pub(crate) const RETURN_PARAM: &str = "retour";

/// The login page's address, which returns to the forum's page `back` once logged in.
pub fn login_to(back: &str) -> String {
    format!(
        "{FORUM_LOGIN_PATH}?{RETURN_PARAM}={}",
        crate::actions::escape(back)
    )
}

/// Whether `path` is a page of the forum (its own area: its messages, its menu entry, its
/// own description).
pub fn is_forum_path(path: &str) -> bool {
    path == "/forum" || path.starts_with("/forum/")
}

/// A page's title, with its page number past the first (« Annonces (page 2) »).
pub fn paged_title(name: &str, page: i64) -> String {
    if page > 1 {
        use_i18n().ta(
            "forum-title-page",
            &[("title", Arg::from(name)), ("n", Arg::Num(page))],
        )
    } else {
        name.to_string()
    }
}

pub use common::forum::profile_path;

/// Who wrote something, as a page names them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum AuthorName {
    Team,
    /// A pseudonym, and the mark beside it.
    Person(String, Option<PersonMark>),
    Gone,
}

/// Who a person is for the service, said beside their name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PersonMark {
    Staff,
    Referent,
}

#[cfg(feature = "ssr")]
impl From<backend::forum::Mark> for PersonMark {
    fn from(m: backend::forum::Mark) -> Self {
        match m {
            backend::forum::Mark::Staff => PersonMark::Staff,
            backend::forum::Mark::Referent => PersonMark::Referent,
        }
    }
}

impl AuthorName {
    /// The name as words: the pseudonym, « L’équipe », or « Ancien membre ».
    pub fn words(&self, i18n: crate::i18n::I18n) -> String {
        match self {
            AuthorName::Team => i18n.t("forum-team"),
            AuthorName::Person(n, _) => n.clone(),
            AuthorName::Gone => i18n.t("forum-gone"),
        }
    }
}

#[cfg(feature = "ssr")]
impl From<backend::forum::Author> for AuthorName {
    fn from(a: backend::forum::Author) -> Self {
        match a {
            backend::forum::Author::Team => AuthorName::Team,
            backend::forum::Author::Person {
                pseudonym, mark, ..
            } => AuthorName::Person(pseudonym, mark.map(PersonMark::from)),
            backend::forum::Author::Gone => AuthorName::Gone,
        }
    }
}

/// An instant as a page shows it: in words on the clock of Paris, and as `<time>`'s
/// machine-readable value.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct When {
    pub words: String,
    pub iso: String,
}

#[cfg(feature = "ssr")]
impl When {
    pub fn of(
        lang: crate::i18n::Lang,
        utc: chrono::DateTime<chrono::Utc>,
        paris: chrono::NaiveDateTime,
    ) -> Self {
        When {
            words: backend::i18n::long_date_time(lang, paris),
            iso: utc.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        }
    }
}

/// A topic as a list shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TopicItem {
    pub path: String,
    pub title: String,
    pub category_path: String,
    pub category_name: String,
    pub author: AuthorName,
    pub last_posted: When,
    pub replies: i64,
    pub pinned: bool,
    pub locked: bool,
    pub guide: bool,
    pub solved: bool,
    /// In a category of ideas: its votes and state.
    pub idea: Option<IdeaView>,
}

/// An idea for Nextcloud: its votes, its state and the reason given with it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdeaView {
    pub votes: i64,
    pub state: common::states::IdeaState,
    pub reason: String,
}

#[cfg(feature = "ssr")]
impl From<backend::forum::Idea> for IdeaView {
    fn from(i: backend::forum::Idea) -> Self {
        IdeaView {
            votes: i.votes,
            state: i.state,
            reason: i.reason,
        }
    }
}

/// An idea's state, as words (not a colour only).
#[component]
pub fn IdeaMark(state: common::states::IdeaState) -> impl IntoView {
    let i18n = use_i18n();
    let spelling = state.as_str();
    view! {
        <span class=format!("mark idea-{spelling}")>{i18n.t(&format!("forum-idea-{spelling}"))}</span>
    }
}

#[cfg(feature = "ssr")]
impl TopicItem {
    pub fn of(lang: crate::i18n::Lang, t: backend::forum::TopicRow) -> Self {
        TopicItem {
            path: t.path(),
            category_path: backend::forum::category_path(&t.category_slug, t.category_id),
            category_name: t.category_name,
            author: t.author.into(),
            last_posted: When::of(lang, t.last_posted_at, t.last_posted_paris),
            replies: t.replies,
            pinned: t.pinned,
            locked: t.locked,
            guide: t.guide,
            solved: t.solved,
            idea: t.idea.map(IdeaView::from),
            title: t.title,
        }
    }
}

/// The name of who wrote something.
#[component]
pub fn Author(name: AuthorName) -> impl IntoView {
    let i18n = use_i18n();
    match name {
        AuthorName::Team => {
            view! { <span class="author author-team">{i18n.t("forum-team")}</span> }.into_any()
        }
        AuthorName::Person(p, mark) => {
            let href = profile_path(&p);
            view! { <a class="author" href=href>{p}</a> <PersonMarkView mark/> }.into_any()
        }
        AuthorName::Gone => {
            view! { <span class="author author-gone">{i18n.t("forum-gone")}</span> }.into_any()
        }
    }
}

/// The mark beside a person's name, in words: « Équipe », « Référent·e d’un espace ».
#[component]
pub fn PersonMarkView(mark: Option<PersonMark>) -> impl IntoView {
    let i18n = use_i18n();
    mark.map(|mark| {
        let (key, class) = match mark {
            PersonMark::Staff => ("forum-mark-staff", "mark mark-staff"),
            PersonMark::Referent => ("forum-mark-referent", "mark mark-referent"),
        };
        view! { " " <span class=class>{i18n.t(key)}</span> }
    })
}

/// What sets a topic apart (pinned, solved, a guide, closed), as words, not colours only.
#[component]
pub fn Marks(pinned: bool, solved: bool, guide: bool, locked: bool) -> impl IntoView {
    let i18n = use_i18n();
    let marks: Vec<(&str, &str)> = [
        (pinned, "forum-mark-pinned", "mark-pinned"),
        (solved, "forum-mark-solved", "mark-solved"),
        (guide, "forum-mark-guide", "mark-guide"),
        (locked, "forum-mark-locked", "mark-locked"),
    ]
    .into_iter()
    .filter(|(on, _, _)| *on)
    .map(|(_, key, class)| (key, class))
    .collect();
    marks
        .into_iter()
        .map(|(key, class)| view! { <span class=format!("mark {class}")>{i18n.t(key)}</span> })
        .collect_view()
}

/// A list of topics, or a sentence saying there is none. `new_tab`: each opens in a new tab
/// (beside a form being filled in, so that what was typed stays).
#[component]
pub fn TopicList(
    topics: Vec<TopicItem>,
    #[prop(optional)] with_category: bool,
    #[prop(optional)] new_tab: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    if topics.is_empty() {
        return view! { <p>{i18n.t("forum-no-topic")}</p> }.into_any();
    }
    view! {
        <ul class="topic-list">
            {topics
                .into_iter()
                .map(|t| {
                    let replies = i18n.ta("forum-replies", &[("n", Arg::Num(t.replies))]);
                    let idea = t.idea.clone().map(|idea| view! {
                        <IdeaMark state=idea.state/>
                        " "
                        <span class="votes">{i18n.ta("forum-votes", &[("n", Arg::Num(idea.votes))])}</span>
                    });
                    view! {
                        <li>
                            <a
                                class="topic-title"
                                href=t.path.clone()
                                target=new_tab.then_some("_blank")
                                rel=new_tab.then_some("noopener")
                            >
                                {t.title.clone()}
                            </a>
                            " "
                            <Marks pinned=t.pinned solved=t.solved guide=t.guide locked=t.locked/>
                            {idea}
                            <p class="topic-meta">
                                {with_category.then(|| view! {
                                    <a href=t.category_path.clone()>{t.category_name.clone()}</a>
                                    " · "
                                })}
                                <Author name=t.author.clone()/>
                                " · "
                                {replies}
                                " · "
                                {i18n.t("forum-last-post")}
                                " "
                                <time datetime=t.last_posted.iso.clone()>{t.last_posted.words.clone()}</time>
                            </p>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
    .into_any()
}

/// Links to the pages of a list (`?page=N`), when there are several.
#[component]
pub fn Pages(base: String, page: i64, pages: i64) -> impl IntoView {
    let i18n = use_i18n();
    (pages > 1).then(|| {
        let link = move |n: i64| {
            if n == 1 {
                base.clone()
            } else {
                format!("{base}?page={n}")
            }
        };
        view! {
            <nav class="pages" aria-label=i18n.t("forum-pages")>
                <ul>
                    {(1..=pages)
                        .map(|n| {
                            let label = i18n.ta("forum-page-n", &[("n", Arg::Num(n))]);
                            view! {
                                <li>
                                    <a
                                        href=link(n)
                                        aria-current=(n == page).then_some("page")
                                        aria-label=label
                                    >
                                        {n}
                                    </a>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </nav>
        }
    })
}

/// The way back up: the forum, and the category of the page.
#[component]
pub fn Crumbs(#[prop(optional)] category: Option<(String, String)>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <nav class="crumbs" aria-label=i18n.t("forum-crumbs")>
            <ol>
                <li><a href="/forum">{i18n.t("forum-title")}</a></li>
                {category.map(|(path, name)| view! { <li><a href=path>{name}</a></li> })}
            </ol>
        </nav>
    }
}

/// The page asked for, from the address's `page` (1 when it is missing; 0, which no page
/// has, when it is not a number).
pub fn page_in(query: &leptos_router::params::ParamsMap) -> i64 {
    match query.get("page") {
        None => 1,
        Some(p) => p.parse().unwrap_or(0),
    }
}

/// The description and the address search engines and link previews take for the page
/// (`<meta name="description">`, Open Graph, `<link rel="canonical">`), in the `<head>`.
/// Rendered on both sides: a view that is nothing in the browser would wait for a marker
/// the server never wrote, and hydration would fail.
#[component]
pub fn PageMeta(title: String, description: String, path: String) -> impl IntoView {
    use leptos_meta::{Link, Meta};
    let url = format!("{}{path}", crate::site::use_env().site.public_url);
    view! {
        <Meta name="description" content=description.clone()/>
        <Meta property="og:title" content=title/>
        <Meta property="og:description" content=description/>
        <Meta property="og:type" content="website"/>
        <Meta property="og:url" content=url.clone()/>
        <Link rel="canonical" href=url/>
    }
}

/// The Atom feed of a page's topics (`path`, the forum's or a category's): named in the
/// `<head>` for feed readers, and linked where the list ends.
#[component]
pub fn FeedLink(path: String) -> impl IntoView {
    use leptos_meta::Link;
    let i18n = crate::i18n::use_i18n();
    let href = format!("{path}/flux.atom");
    view! {
        <Link rel="alternate" type_="application/atom+xml" title=i18n.t("forum-feed-follow") href=href.clone()/>
        <p class="feed-link"><a href=href type="application/atom+xml" rel="external">{i18n.t("forum-feed-follow")}</a></p>
    }
}

/// A page of a person logged in to the forum (`path`): `ok`'s view of the data, or, for
/// nobody logged in, the way to log in that returns here (401); 500 when the server failed.
pub fn member_guarded<T, V>(
    result: Result<T, ServerFnError>,
    path: &'static str,
    ok: impl FnOnce(T) -> V,
) -> AnyView
where
    V: IntoView + 'static,
{
    use crate::pages::site::errors::ErrorView;
    match result {
        Ok(value) => ok(value).into_any(),
        Err(e) if crate::site::denied_status(&e) == Some(401) => {
            let i18n = use_i18n();
            view! {
                <h1>{i18n.t("forum-log-in-first")}</h1>
                <p class="lead">{i18n.t("forum-log-in-first-text")}</p>
                <p><a class="button" href=login_to(path)>{i18n.t("forum-log-in-button")}</a></p>
            }
            .into_any()
        }
        Err(_) => view! { <ErrorView status=500/> }.into_any(),
    }
}

/// A page of a person logged in to the forum (`path`), titled `title` and kept out of
/// search engines: its data from `fetch`, shown by `show`, or the way to log in
/// ([`member_guarded`]).
pub fn member_page<T, Fut, V>(
    title: &'static str,
    path: &'static str,
    fetch: fn() -> Fut,
    show: fn(T) -> V,
) -> impl IntoView
where
    T: Serialize + serde::de::DeserializeOwned + Clone + Send + Sync + 'static,
    Fut: std::future::Future<Output = Result<T, ServerFnError>> + Send + 'static,
    V: IntoView + 'static,
{
    let i18n = use_i18n();
    let data = crate::actions::page_data(|| (), move |()| fetch());
    view! {
        <crate::components::title::PageTitle text=i18n.t(title)/>
        <NoIndex/>
        <Suspense>
            {move || Suspend::new(async move { member_guarded(data.await, path, show) })}
        </Suspense>
    }
}

/// A page not for search engines' indexes (search results, the login, the composer: the
/// topics are). Rendered on both sides, as [`PageMeta`].
#[component]
pub fn NoIndex() -> impl IntoView {
    view! { <leptos_meta::Meta name="robots" content="noindex"/> }
}

/// On the server, an address whose slug is not the canonical one (a title changed, a slug
/// mistyped) answers 301 to the canonical address: one address per page for search
/// engines, and old links keep working.
pub fn canonical(asked_slug: &str, slug: &str, path: &str, page: i64) {
    if asked_slug != slug {
        let to = if page > 1 {
            format!("{path}?page={page}")
        } else {
            path.to_string()
        };
        moved_permanently(&to);
    }
}

/// On the server, answers 301 to `to`: the page moved for good (another slug, a topic
/// merged into another). Nothing in the browser, where the address is already the one shown.
#[allow(unused_variables)]
pub fn moved_permanently(to: &str) {
    #[cfg(feature = "ssr")]
    {
        use axum::http::{header::LOCATION, HeaderValue, StatusCode};
        if let (Some(res), Ok(value)) = (
            use_context::<leptos_axum::ResponseOptions>(),
            HeaderValue::from_str(to),
        ) {
            res.set_status(StatusCode::MOVED_PERMANENTLY);
            res.insert_header(LOCATION, value);
        }
    }
}

/// A page whose address is `<slug>/<id>` (and `?page=N`): its data, from `fetch` given the
/// id and the page, shown by `show` at its canonical address ([`canonical`]: `address`
/// gives the slug, the path and the page it has); 404 when there is no such id or page, 500
/// when the server failed.
pub fn slug_id_page<T, Fut>(
    fetch: impl Fn(i64, i64) -> Fut + Copy + Send + Sync + 'static,
    address: fn(&T) -> (String, String, i64),
    show: fn(T) -> AnyView,
) -> impl IntoView
where
    T: Serialize + serde::de::DeserializeOwned + Clone + Send + Sync + 'static,
    Fut: std::future::Future<Output = Result<Option<T>, ServerFnError>> + Send + 'static,
{
    use crate::pages::site::errors::ErrorView;
    use leptos_router::hooks::{use_params_map, use_query_map};
    let params = use_params_map();
    let query = use_query_map();
    let source = move || {
        let id = params.with(|p| p.get("id").and_then(|id| id.parse::<i64>().ok()));
        (id, query.with(page_in))
    };
    let data = crate::actions::page_data(source, move |(id, page)| async move {
        match id {
            Some(id) => fetch(id, page).await,
            None => Ok(None),
        }
    });
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                let asked = params.with(|p| p.get("slug").unwrap_or_default());
                match data.await {
                    Ok(Some(v)) => {
                        let (slug, path, page) = address(&v);
                        canonical(&asked, &slug, &path, page);
                        show(v)
                    }
                    Ok(None) => {
                        #[cfg(feature = "ssr")]
                        crate::ssr::not_found();
                        view! { <ErrorView status=404/> }.into_any()
                    }
                    Err(_) => view! { <ErrorView status=500/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
