//! Writing in the forum: asking a question (`/forum/nouveau`) and replying to a topic
//! (`/forum/repondre/<id>`). Each page is open to everyone and says how to log in; logged
//! in, it shows the form. The form has two buttons: « Aperçu » shows the message as it
//! will read, on the same page with everything typed kept (without JavaScript too: it is a
//! plain POST answered by the page itself), and « Publier » writes it. A first post also
//! asks for the pseudonym the person will write under. Under a question's title, the
//! topics like it, so that people find the answer before asking again: as the title is
//! typed (with JavaScript) and with the preview (without).
//!
//! The forms are plain POSTs, with or without JavaScript: the message is long and its page
//! answers with the preview, so nothing is gained by sending it otherwise. With
//! JavaScript, the text being typed (and a question's title) is kept in the browser
//! (`localStorage`) until it is published, so that a page reloaded or closed by mistake
//! loses nothing.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::details::CATEGORY_PARAM;
use super::login::{MemberBar, MemberView};
use super::{Crumbs, NoIndex, TopicItem, TopicList, NEW_TOPIC_PATH};
#[cfg(feature = "ssr")]
use crate::actions::Reply;
use crate::actions::{sent, use_shown, Action, IdParam, NoParams};
use crate::components::action_form::ActionForm;
use crate::components::fields::{ErrorSummary, SelectField, TextField};
use crate::components::form::posted;
use crate::components::title::{title_with_errors, PageTitle};
use crate::forms::{FormErrors, PostedValues};
use crate::i18n::use_i18n;

pub const REPLY_PATH: &str = "/forum/repondre/{id}";

/// The composer's two buttons.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Button {
    /// Shows the message as it will read; writes nothing.
    Preview,
    #[default]
    Publish,
}

/// A new topic, as the form sends it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct TopicInput {
    pub category: String,
    pub title: String,
    pub body: String,
    /// Asked at a first post only.
    pub pseudonym: String,
    /// The details of the person's space, from the dashboard's help link
    /// ([`super::details`]).
    pub details: String,
    pub button: Button,
}

/// A reply, as the form sends it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ReplyInput {
    pub body: String,
    pub pseudonym: String,
    pub button: Button,
}

/// What came of the composer's form.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Composed {
    /// Written: read it there.
    Published { path: String },
    /// The message as it will read, shown by the form's page in this response beside
    /// what was typed ([`Reply::Preview`]); for a question, the topics like it.
    Preview {
        html: String,
        similar: Vec<TopicItem>,
    },
}

/// The topics whose titles are closest to `title`, a question being written: shown under
/// its title field as it is typed (with JavaScript) and with its preview.
#[leptos::server(prefix = "/api", endpoint = "forum/similar")]
pub async fn forum_similar(title: String) -> Result<Vec<TopicItem>, ServerFnError> {
    let caller = crate::ssr::caller().await?;
    similar_to(&caller, &title)
        .await
        .map_err(|e| crate::ssr::server_error("forum similar topics", e))
}

#[cfg(feature = "ssr")]
async fn similar_to(caller: &crate::ssr::Caller, title: &str) -> backend::Result<Vec<TopicItem>> {
    Ok(backend::forum::search::similar(&caller.ctx, title)
        .await?
        .into_iter()
        .map(|t| TopicItem::of(caller.lang, t))
        .collect())
}

#[cfg(feature = "ssr")]
fn refusals(refused: Vec<backend::forum::write::Refused>) -> FormErrors {
    let mut errors = FormErrors::default();
    for r in refused {
        errors.set_field(r.field, r.code);
    }
    errors
}

/// The preview of `text` (the message as it is kept, or why it is not), with the topics
/// like it for a question's `title`, or why it cannot be shown.
#[cfg(feature = "ssr")]
async fn preview(
    caller: &crate::ssr::Caller,
    text: Result<String, backend::forum::write::Refused>,
    title: Option<&str>,
) -> Reply<Composed> {
    use backend::forum::markdown;
    let body = match text {
        Ok(body) => body,
        Err(r) => return Reply::Invalid(refusals(vec![r])),
    };
    let similar = match title {
        Some(title) => match similar_to(caller, title).await {
            Ok(similar) => similar,
            Err(error) => return Reply::failed("forum similar topics", error),
        },
        None => Vec::new(),
    };
    Reply::Preview(Composed::Preview {
        html: markdown::render(&body).into_string(),
        similar,
    })
}

/// Asking a question: a new topic in a category.
pub struct NewTopicAction;

impl Action for NewTopicAction {
    const ID: &'static str = "forum-new-topic";
    const PATH: &'static str = NEW_TOPIC_PATH;
    const EXAMPLE: &'static str = NEW_TOPIC_PATH;
    const TEXT_FIELDS: &'static [&'static str] = &["title", "body", "pseudonym", "details"];
    type Params = NoParams;
    type Input = TopicInput;
    type Outcome = Composed;

    fn examples() -> Vec<TopicInput> {
        [Button::Preview, Button::Publish]
            .into_iter()
            .map(|button| TopicInput {
                category: "1".into(),
                title: "Comment partager un agenda ?".into(),
                body: "Avec **tout le bureau**.".into(),
                pseudonym: "camille".into(),
                details: "Mon espace : Nextcloud 30.0.4.".into(),
                button,
            })
            .collect()
    }

    #[cfg(feature = "ssr")]
    type Who = backend::forum::people::Member;

    #[cfg(feature = "ssr")]
    async fn run(
        member: backend::forum::people::Member,
        _: NoParams,
        input: TopicInput,
        caller: crate::ssr::Caller,
    ) -> Reply<Composed> {
        use backend::forum::write::{new_topic, NewTopic};
        if input.button == Button::Preview {
            let text = backend::forum::write::question_text(&input.body, &input.details);
            return preview(&caller, text, Some(&input.title)).await;
        }
        let Ok(category_id) = input.category.trim().parse::<i64>() else {
            return Reply::Invalid(FormErrors::field_error(
                "category",
                crate::forms::ErrorCode::ChoiceRequired,
            ));
        };
        let topic = NewTopic {
            category_id,
            title: &input.title,
            body: &input.body,
            pseudonym: &input.pseudonym,
            details: &input.details,
        };
        match new_topic(&caller.ctx, &member, &topic).await {
            Ok(Ok(written)) => Reply::Done(Composed::Published { path: written.path }),
            Ok(Err(refused)) => Reply::Invalid(refusals(refused)),
            Err(error) => Reply::failed("forum new topic", error),
        }
    }

    fn next(_: &NoParams, outcome: &Composed) -> String {
        match outcome {
            Composed::Published { path } => path.clone(),
            Composed::Preview { .. } => NEW_TOPIC_PATH.to_string(),
        }
    }
}

/// Replying to a topic.
pub struct ReplyAction;

impl Action for ReplyAction {
    const ID: &'static str = "forum-reply";
    const PATH: &'static str = REPLY_PATH;
    const EXAMPLE: &'static str = "/forum/repondre/1";
    const TEXT_FIELDS: &'static [&'static str] = &["body", "pseudonym"];
    type Params = IdParam;
    type Input = ReplyInput;
    type Outcome = Composed;

    fn examples() -> Vec<ReplyInput> {
        [Button::Preview, Button::Publish]
            .into_iter()
            .map(|button| ReplyInput {
                body: "Merci, c’est très clair.".into(),
                pseudonym: "camille".into(),
                button,
            })
            .collect()
    }

    #[cfg(feature = "ssr")]
    type Who = backend::forum::people::Member;

    #[cfg(feature = "ssr")]
    async fn run(
        member: backend::forum::people::Member,
        topic: IdParam,
        input: ReplyInput,
        caller: crate::ssr::Caller,
    ) -> Reply<Composed> {
        use backend::forum::write::{reply, ReplyRefused};
        if input.button == Button::Preview {
            return preview(
                &caller,
                backend::forum::write::clean_body(&input.body),
                None,
            )
            .await;
        }
        match reply(
            &caller.ctx,
            &member,
            topic.id,
            &input.body,
            &input.pseudonym,
        )
        .await
        {
            Ok(Ok(written)) => Reply::Done(Composed::Published { path: written.path }),
            Ok(Err(ReplyRefused::NoTopic)) => Reply::NotFound,
            Ok(Err(ReplyRefused::Field(refused))) => Reply::Invalid(refusals(refused)),
            Err(error) => Reply::failed("forum reply", error),
        }
    }

    fn next(topic: &IdParam, outcome: &Composed) -> String {
        match outcome {
            Composed::Published { path } => path.clone(),
            Composed::Preview { .. } => format!("/forum/repondre/{}", topic.id),
        }
    }
}

/// The composer's page data: who is writing, and for a new topic the categories open to
/// them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewTopicView {
    pub member: Option<MemberView>,
    /// `(id, name)` of each category a member may open a topic in.
    pub categories: Vec<(String, String)>,
}

#[leptos::server(prefix = "/api", endpoint = "forum/compose")]
pub async fn topic_composer() -> Result<NewTopicView, ServerFnError> {
    let caller = crate::ssr::caller().await?;
    let categories = backend::forum::category_names(&caller.ctx)
        .await
        .map_err(|e| crate::ssr::server_error("forum categories", e))?
        .into_iter()
        .filter(|(_, _, staff_only)| !staff_only)
        .map(|(id, name, _)| (id.to_string(), name))
        .collect();
    let member = MemberView::load(&caller).await?;
    Ok(NewTopicView { member, categories })
}

/// The topic a reply is written to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReplyView {
    pub member: Option<MemberView>,
    pub title: String,
    pub path: String,
    pub locked: bool,
    pub category: (String, String),
    /// The post the form opens with quoted, as Markdown (`super::quote`).
    pub quote: Option<String>,
}

#[leptos::server(prefix = "/api", endpoint = "forum/compose-reply")]
pub async fn reply_composer(
    id: i64,
    quote: Option<i64>,
    passage: Option<String>,
) -> Result<Option<ReplyView>, ServerFnError> {
    let caller = crate::ssr::caller().await?;
    let found = backend::forum::topic_row(&caller.ctx, id)
        .await
        .map_err(|e| crate::ssr::server_error("forum reply's topic", e))?;
    let Some(row) = found else {
        crate::ssr::not_found();
        return Ok(None);
    };
    let member = MemberView::load(&caller).await?;
    let quote = match quote {
        Some(post) => super::quote::quote(&caller, id, post, passage.as_deref()).await?,
        None => None,
    };
    Ok(Some(ReplyView {
        quote,
        member,
        path: row.path(),
        title: row.title,
        locked: row.locked,
        category: (
            backend::forum::category_path(&row.category_slug, row.category_id),
            row.category_name,
        ),
    }))
}

/// What the page shows in its fields: the preview's values, or what a refused post left,
/// or nothing; with the preview (its rendering, the topics like it) and the errors.
fn typed<A: Action<Outcome = Composed>>() -> (PostedValues, Option<Composed>, FormErrors) {
    let preview = use_shown::<A>().filter(|c| matches!(c, Composed::Preview { .. }));
    let posted = posted::<PostedValues>();
    (posted.values, preview, posted.errors)
}

/// The topics like the question being written, under its title: each opens in a new tab,
/// so that what was typed stays. A live region, so that a screen reader hears them come.
#[component]
fn SimilarTopics(similar: RwSignal<Vec<TopicItem>>) -> impl IntoView {
    let i18n = use_i18n();
    let list = move || {
        let topics = similar.get();
        (!topics.is_empty()).then(|| {
            view! {
                <section class="similar-topics" aria-labelledby="forum-similar-title">
                    <h2 id="forum-similar-title">{i18n.t("forum-similar")}</h2>
                    <p>{i18n.t("forum-similar-lead")}</p>
                    <TopicList topics with_category=true new_tab=true/>
                </section>
            }
        })
    };
    view! { <div aria-live="polite">{list}</div> }
}

/// With JavaScript, the topics like the title being typed are asked for once typing
/// pauses (400 ms); an answer to a title since changed is dropped.
#[allow(unused_variables)]
fn follow_title(title: RwSignal<String>, similar: RwSignal<Vec<TopicItem>>) {
    #[cfg(feature = "hydrate")]
    {
        let pending = StoredValue::new(None::<leptos::prelude::TimeoutHandle>);
        Effect::new(move |ran: Option<()>| {
            let typed = title.get();
            if ran.is_none() {
                // The page as it came: its list is the server's.
                return;
            }
            if let Some(handle) = pending.get_value() {
                handle.clear();
            }
            let ask = move || {
                leptos::task::spawn_local(async move {
                    if let Ok(found) = forum_similar(typed.clone()).await {
                        // The page may be gone meanwhile (the question published opens
                        // its topic): then its signals are too, and nothing is shown.
                        if title.try_get_untracked().as_ref() == Some(&typed) {
                            let _ = similar.try_set(found);
                        }
                    }
                })
            };
            let handle = set_timeout_with_handle(ask, std::time::Duration::from_millis(400));
            pending.set_value(handle.ok());
        });
        // A pause not yet over when the page goes asks for nothing.
        on_cleanup(move || {
            if let Some(handle) = pending.try_get_value().flatten() {
                handle.clear();
            }
        });
    }
}

/// The fields and buttons of a composer, the form of action `A`. `categories`: the new
/// topic's choice of category and its title field; `None` for a reply. With JavaScript the
/// form goes through the actions' server function: a preview shows in place, a refusal
/// beside its field, a message published opens its topic.
#[component]
fn Composer<A: Action<Outcome = Composed>>(
    #[prop(optional)] _action: std::marker::PhantomData<A>,
    params: A::Params,
    /// The id the draft is kept under in the browser.
    draft: String,
    needs_pseudonym: bool,
    categories: Option<(Vec<(String, String)>, String)>,
    values: PostedValues,
    preview: Option<Composed>,
    errors: FormErrors,
    /// A question's details of the person's space, as the page opened with them.
    #[prop(default = None)]
    details: Option<String>,
    /// A post quoted, the message's start unless one was sent (Markdown).
    #[prop(default = None)]
    quote: Option<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    // Shown when the page opened with them, or when they were sent (even emptied).
    let details = values.get("details").cloned().or(details);
    let value = |name: &str| RwSignal::new(values.get(name).cloned().unwrap_or_default());
    let (pseudonym, title, body) = (value("pseudonym"), value("title"), value("body"));
    let had_text = !body.get_untracked().is_empty();
    if let Some(quote) = quote.as_ref().filter(|_| !had_text) {
        body.set(quote.clone());
    }
    let had_title = !title.get_untracked().is_empty();
    let similar = RwSignal::new(match &preview {
        Some(Composed::Preview { similar, .. }) => similar.clone(),
        _ => Vec::new(),
    });
    let draft_key = draft.clone();
    let errors = RwSignal::new(errors);
    let no_check = Callback::new(|()| {});
    let pseudonym_field = needs_pseudonym.then(|| {
        view! {
            <TextField
                id="forum-pseudonym"
                name="pseudonym"
                label=i18n.t("forum-pseudonym")
                hint=i18n.t("forum-pseudonym-hint")
                autocomplete="nickname"
                value=pseudonym
                errors
                on_change=no_check
                node_ref=NodeRef::new()
            />
        }
    });
    let asks = categories.is_some();
    let topic_fields = categories.map(|(options, chosen)| {
        let category = RwSignal::new(values.get("category").cloned().unwrap_or(chosen));
        view! {
            <SelectField
                id="forum-category".to_string()
                name="category"
                label=i18n.t("forum-category")
                hint=String::new()
                options=vec![(None, options)]
                value=category
                errors
                on_change=no_check
            />
            <TextField
                id="forum-title"
                name="title"
                label=i18n.t("forum-topic-title")
                hint=i18n.t("forum-topic-title-hint")
                value=title
                errors
                on_change=no_check
                node_ref=NodeRef::new()
            />
            <SimilarTopics similar/>
        }
    });
    let field_id = |name: &str| format!("forum-{name}");
    // The preview the server rendered (without JavaScript, in the page; with it, in place).
    let shown = RwSignal::new(preview);
    // A preview shown in place brings the topics like the question.
    Effect::new(move |_| {
        if let Some(Composed::Preview { similar: found, .. }) = shown.get() {
            similar.set(found);
        }
    });
    let preview = move || match shown.get() {
        Some(Composed::Preview { html, .. }) => Some(view! {
            <section class="composer-preview" aria-labelledby="forum-preview-title" tabindex="-1" autofocus>
                <h2 id="forum-preview-title">{i18n.t("forum-preview")}</h2>
                <div class="post-body" inner_html=html></div>
            </section>
        }),
        _ => None,
    };
    keep_draft(draft.clone(), body, had_text, quote);
    if asks {
        keep_draft(title_key(&draft), title, had_title, None);
        follow_title(title, similar);
    }
    // A message sent to be published leaves no draft; refused, it is kept again.
    let restore_key = draft_key.clone();
    let on_invalid = Callback::new(move |()| {
        keep_again(&restore_key, body);
        keep_again(&title_key(&restore_key), title);
    });
    view! {
        <ActionForm<A> params class="form composer" errors=Some(errors) shown=Some(shown) on_invalid=Some(on_invalid)>
            <ErrorSummary errors field_id/>
            {pseudonym_field}
            {topic_fields}
            <TextField
                id="forum-body"
                name="body"
                label=i18n.t("forum-body")
                hint=i18n.t("forum-body-hint")
                multiline=true
                value=body
                errors
                on_change=no_check
                node_ref=NodeRef::new()
            />
            {details.map(|d| view! { <super::details::DetailsField value=RwSignal::new(d) errors/> })}
            {preview}
            <div class="buttons">
                <button type="submit" name="button" value=sent(&Button::Preview) class="button button-secondary">
                    {i18n.t("forum-preview-button")}
                </button>
                <button
                    type="submit"
                    name="button"
                    value=sent(&Button::Publish)
                    class="button"
                    on:click=move |_| forget_draft(&draft_key)
                >
                    {i18n.t("forum-publish")}
                </button>
            </div>
        </ActionForm<A>>
    }
}

/// With JavaScript, the message being typed is kept in the browser under `key` until it
/// is sent: a page reloaded or closed by mistake finds it again. A page that arrives with
/// a text (a preview, a refused post) keeps its own and stores it; one that arrives with
/// a `quote` adds it under the draft, unless the draft has it already. Read after
/// hydration, so that the page the server sent is the one hydrated.
#[allow(unused_variables)]
fn keep_draft(key: String, body: RwSignal<String>, had_text: bool, quote: Option<String>) {
    #[cfg(feature = "hydrate")]
    {
        let key = draft_key(&key);
        let restored = StoredValue::new(had_text);
        Effect::new(move |_| {
            let Some(storage) = local_storage() else {
                return;
            };
            if !restored.get_value() {
                restored.set_value(true);
                if let Ok(Some(saved)) = storage.get_item(&key) {
                    body.set(match &quote {
                        Some(q) if !saved.contains(q.trim()) => {
                            format!("{}\n\n{q}", saved.trim_end())
                        }
                        _ => saved,
                    });
                }
            }
            // Read on every run, so that every change runs it again.
            let text = body.get();
            let _ = if text.trim().is_empty() {
                storage.remove_item(&key)
            } else {
                storage.set_item(&key, &text)
            };
        });
    }
}

#[cfg(feature = "hydrate")]
fn local_storage() -> Option<web_sys::Storage> {
    leptos::prelude::window().local_storage().ok().flatten()
}

#[cfg(feature = "hydrate")]
fn draft_key(key: &str) -> String {
    format!("forum-draft:{key}")
}

/// Where a question's title is kept beside its message's draft `key`.
fn title_key(key: &str) -> String {
    format!("{key}:titre")
}

/// Forgets the draft (message and title) as the message is sent to be published: a post
/// published leaves nothing behind (without JavaScript nothing was kept).
#[allow(unused_variables)]
fn forget_draft(key: &str) {
    #[cfg(feature = "hydrate")]
    if let Some(storage) = local_storage() {
        let _ = storage.remove_item(&draft_key(key));
        let _ = storage.remove_item(&draft_key(&title_key(key)));
    }
}

/// Keeps the draft again: the message was refused, and stays in the form.
#[allow(unused_variables)]
fn keep_again(key: &str, text: RwSignal<String>) {
    #[cfg(feature = "hydrate")]
    if let Some(storage) = local_storage() {
        let text = text.get_untracked();
        if !text.trim().is_empty() {
            let _ = storage.set_item(&draft_key(key), &text);
        }
    }
}

/// What a visitor not logged in reads where the form would be: the login, which returns
/// to the page `back`.
#[component]
pub(super) fn LogInFirst(text: &'static str, back: String) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <p>{i18n.t(text)}</p>
        <p><a class="button" href=super::login_to(&back)>{i18n.t("forum-log-in")}</a></p>
    }
}

#[component]
pub fn NewTopicPage() -> impl IntoView {
    let i18n = use_i18n();
    let (values, preview, errors) = typed::<NewTopicAction>();
    let title = title_with_errors("forum-new-title", !errors.is_empty());
    let query = leptos_router::hooks::use_query_map();
    let chosen = query.with_untracked(|q| q.get(CATEGORY_PARAM).unwrap_or_default());
    let details = query.with_untracked(|q| super::details::from_query(i18n, q));
    let back = query.with_untracked(super::details::back);
    let data = Resource::new_blocking(|| (), |()| topic_composer());
    view! {
        <PageTitle text=title/>
        <NoIndex/>
        <Crumbs/>
        <h1>{i18n.t("forum-new-title")}</h1>
        <p class="lead">{i18n.t("forum-new-lead")}</p>
        <Suspense>
            {move || {
                let (values, preview, errors, chosen, details, back) = (
                    values.clone(),
                    preview.clone(),
                    errors.clone(),
                    chosen.clone(),
                    details.clone(),
                    back.clone(),
                );
                Suspend::new(async move {
                    match data.await {
                        Ok(v) => {
                            let form = match v.member {
                                Some(m) if m.sanction.is_some() => view! { <MemberBar member=m/> }.into_any(),
                                Some(m) => view! {
                                    <MemberBar member=m.clone()/>
                                    <Composer<NewTopicAction>
                                        params=NoParams {}
                                        draft="nouveau-sujet".to_string()
                                        needs_pseudonym=m.pseudonym.is_none()
                                        categories=Some((v.categories, chosen))
                                        values
                                        preview
                                        errors
                                        details
                                    />
                                }
                                .into_any(),
                                None => view! { <LogInFirst text="forum-new-log-in" back/> }.into_any(),
                            };
                            form
                        }
                        Err(_) => view! { <crate::pages::site::errors::ErrorView status=500/> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

#[component]
pub fn ReplyPage() -> impl IntoView {
    let i18n = use_i18n();
    let (values, preview, errors) = typed::<ReplyAction>();
    let has_errors = !errors.is_empty();
    let params = leptos_router::hooks::use_params_map();
    let id = params.with_untracked(|p| p.get("id").and_then(|id| id.parse::<i64>().ok()));
    let (quote, passage) = leptos_router::hooks::use_query_map().with_untracked(|q| {
        let quote = q
            .get(common::forum::QUOTE_PARAM)
            .and_then(|p| p.parse::<i64>().ok());
        (quote, q.get(common::forum::PASSAGE_PARAM))
    });
    let data = Resource::new_blocking(
        move || (id, quote, passage.clone()),
        |(id, quote, passage)| async move {
            match id {
                Some(id) => reply_composer(id, quote, passage).await,
                None => Ok(None),
            }
        },
    );
    view! {
        <Suspense>
            {move || {
                let (values, preview, errors) = (values.clone(), preview.clone(), errors.clone());
                Suspend::new(async move {
                    match data.await {
                        Ok(Some(v)) => {
                            let heading = i18n.ta("forum-reply-title", &[("title", v.title.as_str().into())]);
                            let title = if has_errors {
                                format!("{} {heading}", i18n.t("form-error-prefix"))
                            } else {
                                heading.clone()
                            };
                            let id = id.unwrap_or_default();
                            let form = match (v.member, v.locked) {
                                (_, true) => view! { <p>{i18n.t("forum-topic-locked")}</p> }.into_any(),
                                (Some(m), false) if m.sanction.is_some() => view! { <MemberBar member=m/> }.into_any(),
                                (Some(m), false) => view! {
                                    <MemberBar member=m.clone()/>
                                    <Composer<ReplyAction>
                                        params=IdParam { id }
                                        draft=format!("reply-{id}")
                                        needs_pseudonym=m.pseudonym.is_none()
                                        categories=None
                                        values
                                        preview
                                        errors
                                        quote=v.quote.clone()
                                    />
                                }
                                .into_any(),
                                (None, false) => view! {
                                    <LogInFirst text="forum-reply-log-in" back=format!("/forum/repondre/{id}")/>
                                }
                                .into_any(),
                            };
                            view! {
                                <PageTitle text=title/>
                                <NoIndex/>
                                <Crumbs category=v.category/>
                                <h1>{heading}</h1>
                                <p><a href=v.path>{i18n.t("forum-reply-back")}</a></p>
                                {form}
                            }
                            .into_any()
                        }
                        Ok(None) => view! { <crate::pages::site::errors::ErrorView status=404/> }.into_any(),
                        Err(_) => view! { <crate::pages::site::errors::ErrorView status=500/> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}
