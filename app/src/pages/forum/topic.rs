//! A topic's page (`/forum/t/<slug>/<id>`): its question, the accepted answer right under
//! it, then the replies, fifty a page. Each post is an `<article>` titled by an `<h2>` with
//! who wrote it and when; what it says is its Markdown, rendered and cleaned by the backend.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::{AuthorName, Crumbs, Marks, PageMeta, Pages, When};
use crate::actions::{Action, IdParam};
use crate::components::action_form::ActionForm;
use crate::components::title::PageTitle;
use crate::i18n::{use_i18n, Arg};

/// A post as the page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostView {
    pub id: i64,
    pub author: AuthorName,
    pub written: When,
    pub edited: Option<String>,
    /// Cleaned HTML (`backend::forum::markdown`).
    pub html: String,
    /// The people who like it.
    pub likes: i64,
    /// Whether the person reading likes it; `None` when nobody is logged in to the forum
    /// or the post is their own (no button).
    pub liked: Option<bool>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TopicView {
    pub id: i64,
    /// The person reading asked this question: they choose the answer that solved it.
    pub yours: bool,
    /// The person reading moderates the forum: each post links to its moderation, and the
    /// topic has its buttons (lock, pin).
    pub moderator: bool,
    pub path: String,
    pub slug: String,
    pub title: String,
    pub category_id: i64,
    pub category_path: String,
    pub category_name: String,
    /// The categories a moderator may move the topic to (empty for anyone else).
    pub categories: Vec<(i64, String)>,
    pub description: String,
    pub pinned: bool,
    pub locked: bool,
    pub guide: bool,
    pub question: PostView,
    /// In a category of ideas: its votes and state.
    pub idea: Option<super::IdeaView>,
    /// Whether the person reading voted for the idea; `None` when nobody is logged in to
    /// the forum.
    pub voted: Option<bool>,
    /// Whether the person reading watches the topic; `None` when nobody is logged in to
    /// the forum.
    pub watching: Option<bool>,
    pub solution: Option<PostView>,
    pub replies: Vec<PostView>,
    pub reply_count: i64,
    pub page: i64,
    pub pages: i64,
}

/// The person reading, if logged in to the forum, and the posts of the page they like.
#[cfg(feature = "ssr")]
type Reader<'a> = Option<(i64, &'a std::collections::HashSet<i64>)>;

#[cfg(feature = "ssr")]
fn post_view(lang: crate::i18n::Lang, p: backend::forum::Post, reader: Reader<'_>) -> PostView {
    let own = matches!(
        (&p.author, reader),
        (backend::forum::Author::Person { id, .. }, Some((me, _))) if *id == me
    );
    let liked = reader
        .filter(|_| !own)
        .map(|(_, liked)| liked.contains(&p.id));
    PostView {
        likes: p.likes,
        liked,
        id: p.id,
        author: p.author.into(),
        written: When::of(lang, p.created_at, p.created_paris),
        edited: p
            .edited_paris
            .map(|e| backend::i18n::long_date_time(lang, e)),
        html: p.html.into_string(),
    }
}

#[leptos::server(prefix = "/api", endpoint = "forum/topic")]
pub async fn forum_topic(id: i64, page: i64) -> Result<Option<TopicView>, ServerFnError> {
    let caller = crate::ssr::caller().await?;
    let found = backend::forum::topic(&caller.ctx, id, page)
        .await
        .map_err(|e| crate::ssr::server_error("forum topic", e))?;
    let Some(t) = found else {
        // A duplicate merged into another topic: its address leads there for good.
        let merged = backend::forum::merge::merged_into(&caller.ctx, id)
            .await
            .map_err(|e| crate::ssr::server_error("forum merged topic", e))?;
        match merged {
            Some(path) => super::moved_permanently(&path),
            None => crate::ssr::not_found(),
        }
        return Ok(None);
    };
    let lang = caller.lang;
    let liked = match caller.forum_member() {
        Ok(member) => {
            let ids: Vec<i64> = std::iter::once(t.question.id)
                .chain(t.solution.iter().map(|p| p.id))
                .chain(t.replies.iter().map(|p| p.id))
                .collect();
            let liked = backend::forum::likes::liked(&caller.ctx, member, &ids)
                .await
                .map_err(|e| crate::ssr::server_error("forum likes", e))?;
            Some((member.person_id(), liked))
        }
        Err(_) => None,
    };
    let reader = liked.as_ref().map(|(me, liked)| (*me, liked));
    let voted = match (&t.row.idea, caller.forum_member()) {
        (Some(_), Ok(member)) => Some(
            backend::forum::ideas::voted(&caller.ctx, member, t.row.id)
                .await
                .map_err(|e| crate::ssr::server_error("forum vote", e))?,
        ),
        _ => None,
    };
    let watching = match caller.forum_member() {
        Ok(member) => Some(
            backend::forum::notify::watches(
                &caller.ctx,
                member,
                backend::forum::notify::Watched::Topic,
                t.row.id,
            )
            .await
            .map_err(|e| crate::ssr::server_error("forum watch", e))?,
        ),
        Err(_) => None,
    };
    let yours = match (&t.row.author, caller.forum_member()) {
        (backend::forum::Author::Person { id, .. }, Ok(member)) => *id == member.person_id(),
        _ => false,
    };
    let moderator = caller.forum_moderator().is_ok();
    let categories = if moderator {
        backend::forum::category_names(&caller.ctx)
            .await
            .map_err(|e| crate::ssr::server_error("forum categories", e))?
            .into_iter()
            .map(|(id, name, _)| (id, name))
            .collect()
    } else {
        Vec::new()
    };
    Ok(Some(TopicView {
        id: t.row.id,
        yours,
        moderator,
        category_id: t.row.category_id,
        categories,
        path: t.row.path(),
        category_path: backend::forum::category_path(&t.row.category_slug, t.row.category_id),
        category_name: t.row.category_name,
        slug: t.row.slug,
        title: t.row.title,
        description: t.description,
        pinned: t.row.pinned,
        locked: t.row.locked,
        guide: t.row.guide,
        question: post_view(lang, t.question, reader),
        idea: t.row.idea.map(super::IdeaView::from),
        voted,
        watching,
        solution: t.solution.map(|p| post_view(lang, p, reader)),
        replies: t
            .replies
            .into_iter()
            .map(|p| post_view(lang, p, reader))
            .collect(),
        reply_count: t.row.replies,
        page: t.page,
        pages: t.pages,
    }))
}

/// One post: `heading` is the message key of its `<h2>` (« Question de … »); `anchor` its
/// ids' prefix (the accepted answer's copy under the question has its own); `solve`, for
/// the person who asked, the button that makes this reply the solution or withdraws it.
#[component]
fn Post(
    p: PostView,
    heading: &'static str,
    #[prop(default = "message")] anchor: &'static str,
    #[prop(default = None)] solve: Option<(i64, bool)>,
    #[prop(default = false)] moderator: bool,
    /// The topic, when it takes replies: the post may be quoted.
    #[prop(default = None)]
    quote: Option<i64>,
) -> impl IntoView {
    let i18n = use_i18n();
    let title_id = format!("{anchor}-{}-titre", p.id);
    let labelled_by = title_id.clone();
    let solve = solve.map(|(topic, is_solution)| {
        let (post, label) = if is_solution {
            (None, "forum-unsolve")
        } else {
            (Some(p.id), "forum-solve")
        };
        view! {
            <ActionForm<SolveAction> params=IdParam { id: topic } class="post-actions">
                {post.map(|id| view! { <input type="hidden" name="post" value=id.to_string()/> })}
                <button type="submit" class="button button-secondary">{i18n.t(label)}</button>
            </ActionForm<SolveAction>>
        }
    });
    let name = p.author.words(i18n);
    let flag_which = i18n.ta("forum-flag-which", &[("author", Arg::from(name.clone()))]);
    // The accepted answer's copy under the question shows its likes; its button is in place.
    let liked = p.liked.filter(|_| anchor == "message");
    let likes = view! { <super::likes::Likes post=p.id likes=p.likes liked author=name.clone()/> };
    let quote = quote.map(|topic| {
        view! { <super::quote::QuoteLink topic post=p.id author=name.clone()/> " · " }
    });
    view! {
        <article class="post" id=format!("{anchor}-{}", p.id) aria-labelledby=labelled_by>
            // Not a <header>: the page has one banner, the site's.
            <div class="post-header">
                <h2 id=title_id>
                    {i18n.ta(heading, &[("author", Arg::from(name))])}
                    {match &p.author {
                        AuthorName::Person(_, mark) => Some(view! { <super::PersonMarkView mark=*mark/> }),
                        _ => None,
                    }}
                </h2>
                <p class="post-when">
                    <time datetime=p.written.iso.clone()>{p.written.words.clone()}</time>
                    {p.edited.clone().map(|e| view! {
                        " · " {i18n.ta("forum-edited", &[("when", Arg::from(e))])}
                    })}
                </p>
            </div>
            <div class="post-body" inner_html=p.html.clone()></div>
            {likes}
            {solve}
            <p class="post-links">
                {quote}
                <a href=super::flag::flag_path(p.id) rel="nofollow">
                    {i18n.t("forum-flag")}<span class="visually-hidden">" " {flag_which}</span>
                </a>
                {moderator.then(|| view! {
                    " · "
                    <a href=crate::pages::staff::forum::moderate_path(p.id)>{i18n.t("forum-moderate")}</a>
                })}
            </p>
        </article>
    }
}

#[component]
fn Topic(v: TopicView) -> impl IntoView {
    let i18n = use_i18n();
    let solution_id = v.solution.as_ref().map(|s| s.id);
    let title = super::paged_title(&v.title, v.page);
    let quote = (!v.locked).then_some(v.id);
    view! {
        <PageTitle text=title.clone()/>
        <PageMeta title description=v.description.clone() path=v.path.clone()/>
        <Crumbs category=(v.category_path.clone(), v.category_name.clone())/>
        <h1>{v.title.clone()}</h1>
        <p class="topic-marks">
            <Marks pinned=v.pinned solved=v.solution.is_some() guide=v.guide locked=v.locked/>
        </p>
        <Post p=v.question.clone() heading="forum-question-by" moderator=v.moderator quote/>
        {v.solution.clone().map(|s| view! {
            <section class="solution" id="solution" aria-label=i18n.t("forum-solution")>
                <p class="solution-label">
                    {i18n.t("forum-solution")} " · "
                    <a href=format!("#message-{}", s.id)>{i18n.t("forum-solution-in-place")}</a>
                </p>
                <Post p=s heading="forum-solution-by" anchor="solution"/>
            </section>
        })}
        {v.idea.clone().map(|idea| view! {
            <super::ideas::IdeaBox topic=v.id slug=v.slug.clone() idea voted=v.voted moderator=v.moderator/>
        })}
        <section class="replies" aria-labelledby="forum-replies-title">
            <p id="forum-replies-title" class="replies-count">
                {i18n.ta("forum-replies", &[("n", Arg::Num(v.reply_count))])}
            </p>
            {v.replies
                .into_iter()
                .map(|p| {
                    let solve = v.yours.then(|| (v.id, solution_id == Some(p.id)));
                    view! { <Post p heading="forum-reply-by" solve moderator=v.moderator quote/> }
                })
                .collect_view()}
        </section>
        <Pages base=v.path.clone() page=v.page pages=v.pages/>
        {v.moderator.then(|| view! {
            <crate::pages::staff::forum::TopicModerationBar id=v.id locked=v.locked pinned=v.pinned
                category=v.category_id categories=v.categories.clone()/>
        })}
        {(!v.locked).then(|| view! {
            <p class="topic-actions">
                <a class="button" href=format!("/forum/repondre/{}", v.id)>{i18n.t("forum-reply")}</a>
            </p>
        })}
        <super::notifications::WatchBox id=v.id watching=v.watching path=v.path.clone()/>
    }
}

#[component]
pub fn ForumTopicPage() -> impl IntoView {
    super::slug_id_page(
        forum_topic,
        |v| (v.slug.clone(), v.path.clone(), v.page),
        |v| view! { <Topic v/> }.into_any(),
    )
}

/// What the solve button sends: the reply that solved the question, or nothing to withdraw
/// the mark.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SolveInput {
    pub post: Option<i64>,
}

/// The person who asked marks the reply that solved their question (shown under it), or
/// withdraws the mark.
pub struct SolveAction;

impl Action for SolveAction {
    const ID: &'static str = "forum-solve";
    const PATH: &'static str = "/forum/solution/{id}";
    const EXAMPLE: &'static str = "/forum/solution/1";
    type Params = IdParam;
    type Input = SolveInput;
    type Outcome = String;

    fn examples() -> Vec<SolveInput> {
        vec![SolveInput { post: Some(2) }, SolveInput { post: None }]
    }

    #[cfg(feature = "ssr")]
    type Who = backend::forum::people::Member;

    #[cfg(feature = "ssr")]
    async fn run(
        member: backend::forum::people::Member,
        topic: IdParam,
        input: SolveInput,
        caller: crate::ssr::Caller,
    ) -> crate::actions::Reply<String> {
        use crate::actions::Reply;
        use backend::forum::write::{mark_solved, SolveRefused};
        match mark_solved(&caller.ctx, &member, topic.id, input.post).await {
            Ok(Ok(path)) => Reply::Done(path),
            Ok(Err(SolveRefused::NotYours)) => Reply::Denied(crate::ssr::Denied::Forbidden),
            Ok(Err(SolveRefused::NoTopic | SolveRefused::NoReply)) => Reply::NotFound,
            Err(error) => Reply::failed("forum solution", error),
        }
    }

    fn next(_: &IdParam, path: &String) -> String {
        path.clone()
    }
}
