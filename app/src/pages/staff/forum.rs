//! The forum's moderation (`/equipe/forum`), for forum moderators only: the post a topic's
//! « Modérer » link names (`?message=<id>`), the new people's posts held for approval (the
//! longest waiting first, shown as typed), the flagged posts (the longest waiting first,
//! each with its flags), the hidden posts (which may be restored), and the log of every
//! decision. A decision is one form per post: a reason (required to hide; the log keeps
//! it) and its buttons. Topics are locked, pinned, moved and merged from their own page.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::forum_sanctions::{sanction_path, SanctionRow, Sanctioned, SanctionsInForce};
#[cfg(feature = "ssr")]
use crate::actions::Reply;
use crate::actions::{outcome_in, outcome_query, sent, Action, IdParam, NoParams};
use crate::components::action_form::ActionForm;
use crate::components::fields::{ErrorSummary, TextField};
use crate::components::form::posted;
use crate::components::title::{title_with_errors, PageTitle};
use crate::forms::{FormErrors, PostedValues};
use crate::i18n::{use_i18n, Arg};
use crate::pages::forum::AuthorName;

pub use super::FORUM_MODERATION_PATH;

/// A flag, as the page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FlagRow {
    /// The reason's spelling (`common::states::FlagReason`).
    pub reason: String,
    pub detail: String,
    pub by: Option<String>,
    pub at: String,
}

/// A post to decide on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostRow {
    pub id: i64,
    pub topic_title: String,
    pub path: String,
    pub author: AuthorName,
    pub excerpt: String,
    pub is_question: bool,
    pub hidden: bool,
    /// Waiting for approval: shown whole, as typed; approved or refused (hidden).
    pub held: bool,
    pub flags: Vec<FlagRow>,
    /// Why and by whom it was hidden, for a hidden post.
    pub hidden_by: Option<(String, String)>,
}

/// An entry of the log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogRow {
    pub at: String,
    pub staff: String,
    /// The action's spelling (`common::states::ModerationAction`).
    pub action: String,
    /// The topic's title and the address of what the entry names (none: a sanction lifted).
    pub topic: Option<(String, String)>,
    /// The person a sanction concerns, and its last day.
    pub person: Option<String>,
    pub last_day: Option<String>,
    pub reason: String,
    pub idea_state: Option<common::states::IdeaState>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ForumModerationView {
    /// The post the address names (`?message=`), or the one a refused form was about.
    pub focus: Option<PostRow>,
    /// Posts of new people waiting for approval, the longest waiting first.
    pub held: Vec<PostRow>,
    pub flagged: Vec<PostRow>,
    pub hidden: Vec<PostRow>,
    pub sanctions: Vec<SanctionRow>,
    pub log: Vec<LogRow>,
}

#[cfg(feature = "ssr")]
fn post_row(
    lang: crate::i18n::Lang,
    p: backend::forum::moderation::ModeratedPost,
    hidden_by: Option<&backend::forum::moderation::LogEntry>,
) -> PostRow {
    PostRow {
        id: p.post_id,
        topic_title: p.topic_title,
        path: p.path,
        author: p.author.into(),
        excerpt: p.excerpt,
        is_question: p.is_question,
        hidden: p.state == common::states::PostState::Hidden,
        held: p.state == common::states::PostState::Held,
        flags: p
            .flags
            .into_iter()
            .map(|f| FlagRow {
                reason: f.reason.as_str().to_string(),
                detail: f.detail,
                by: f.by,
                at: backend::i18n::long_date_time(lang, f.at_paris),
            })
            .collect(),
        hidden_by: hidden_by.map(|e| (e.staff_email.clone(), e.reason.clone())),
    }
}

/// Hidden posts the page shows.
#[cfg(feature = "ssr")]
const HIDDEN_SHOWN: i64 = 30;
/// Held posts the page shows (once decided, the next ones come).
#[cfg(feature = "ssr")]
const HELD_SHOWN: i64 = 50;

#[leptos::server(prefix = "/api", endpoint = "staff/forum")]
pub async fn staff_forum(focus: Option<i64>) -> Result<ForumModerationView, ServerFnError> {
    use backend::forum::moderation as m;
    let caller = crate::ssr::caller().await?;
    let moderator = caller
        .forum_moderator()
        .map_err(|d| d.into_server_error())?;
    let failed = |e| crate::ssr::server_error("forum moderation", e);
    let ctx = &caller.ctx;
    let lang = caller.lang;
    let focus = match focus {
        Some(id) => m::post(ctx, &moderator, id).await.map_err(failed)?,
        None => None,
    };
    let held = m::held(ctx, &moderator, HELD_SHOWN).await.map_err(failed)?;
    let flagged = m::queue(ctx, &moderator).await.map_err(failed)?;
    let hidden = m::hidden(ctx, &moderator, HIDDEN_SHOWN)
        .await
        .map_err(failed)?;
    let log = m::journal(ctx, &moderator).await.map_err(failed)?;
    let sanctions = backend::forum::sanctions::in_force(ctx, &moderator)
        .await
        .map_err(failed)?;
    Ok(ForumModerationView {
        sanctions: sanctions
            .into_iter()
            .map(|s| SanctionRow::of(lang, s))
            .collect(),
        focus: focus.map(|p| post_row(lang, p, None)),
        held: held.into_iter().map(|p| post_row(lang, p, None)).collect(),
        flagged: flagged
            .into_iter()
            .map(|p| post_row(lang, p, None))
            .collect(),
        hidden: hidden
            .into_iter()
            .map(|(p, e)| post_row(lang, p, Some(&e)))
            .collect(),
        log: log
            .into_iter()
            .map(|e| LogRow {
                at: backend::i18n::long_date_time(lang, e.at_paris),
                staff: e.staff_email,
                action: e.action.as_str().to_string(),
                topic: e.topic,
                person: e.person,
                last_day: e.last_day.map(|d| backend::i18n::long_date(lang, d)),
                reason: e.reason,
                idea_state: e.idea_state,
            })
            .collect(),
    })
}

/// A decision's buttons.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DecisionButton {
    #[default]
    Hide,
    Keep,
    Restore,
    Approve,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DecisionInput {
    pub post: i64,
    pub reason: String,
    pub decision: DecisionButton,
}

/// What came of a decision.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Decided {
    Hidden,
    Kept,
    Restored,
    Approved,
}

/// A forum moderator hides a post, keeps it (dismissing its flags), restores it, or
/// approves it (a new person's post held until then).
pub struct DecideAction;

impl Action for DecideAction {
    const ID: &'static str = "forum-decide";
    const PATH: &'static str = FORUM_MODERATION_PATH;
    const EXAMPLE: &'static str = FORUM_MODERATION_PATH;
    const TEXT_FIELDS: &'static [&'static str] = &["reason"];
    type Params = NoParams;
    type Input = DecisionInput;
    type Outcome = Decided;

    fn examples() -> Vec<DecisionInput> {
        [
            DecisionButton::Hide,
            DecisionButton::Keep,
            DecisionButton::Restore,
            DecisionButton::Approve,
        ]
        .into_iter()
        .map(|decision| DecisionInput {
            post: 1,
            reason: "Publicité sans rapport avec la question.".into(),
            decision,
        })
        .collect()
    }

    #[cfg(feature = "ssr")]
    type Who = backend::forum::moderation::ForumModerator;

    #[cfg(feature = "ssr")]
    async fn run(
        moderator: backend::forum::moderation::ForumModerator,
        _: NoParams,
        input: DecisionInput,
        caller: crate::ssr::Caller,
    ) -> Reply<Decided> {
        use backend::forum::moderation::{decide, DecideRefused, Decision};
        let (decision, outcome) = match input.decision {
            DecisionButton::Hide => (Decision::Hide, Decided::Hidden),
            DecisionButton::Keep => (Decision::Keep, Decided::Kept),
            DecisionButton::Restore => (Decision::Restore, Decided::Restored),
            DecisionButton::Approve => (Decision::Approve, Decided::Approved),
        };
        match decide(&caller.ctx, &moderator, input.post, decision, &input.reason).await {
            Ok(Ok(_)) => Reply::Done(outcome),
            Ok(Err(DecideRefused::NoPost)) => Reply::NotFound,
            Ok(Err(DecideRefused::Field(r))) => {
                Reply::Invalid(FormErrors::field_error(r.field, r.code))
            }
            Err(error) => Reply::failed("forum decision", error),
        }
    }

    fn next(_: &NoParams, outcome: &Decided) -> String {
        outcome_query(FORUM_MODERATION_PATH, outcome)
    }
}

/// A moderator's change of a topic's marks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TopicButton {
    #[default]
    Lock,
    Unlock,
    Pin,
    Unpin,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct TopicInput {
    pub change: TopicButton,
}

/// A forum moderator locks, unlocks, pins or unpins a topic, from its page.
pub struct TopicModeration;

impl Action for TopicModeration {
    const ID: &'static str = "forum-topic-moderation";
    const PATH: &'static str = "/equipe/forum/sujet/{id}";
    const EXAMPLE: &'static str = "/equipe/forum/sujet/1";
    type Params = IdParam;
    type Input = TopicInput;
    type Outcome = String;

    fn examples() -> Vec<TopicInput> {
        [
            TopicButton::Lock,
            TopicButton::Unlock,
            TopicButton::Pin,
            TopicButton::Unpin,
        ]
        .into_iter()
        .map(|change| TopicInput { change })
        .collect()
    }

    #[cfg(feature = "ssr")]
    type Who = backend::forum::moderation::ForumModerator;

    #[cfg(feature = "ssr")]
    async fn run(
        moderator: backend::forum::moderation::ForumModerator,
        topic: IdParam,
        input: TopicInput,
        caller: crate::ssr::Caller,
    ) -> Reply<String> {
        use backend::forum::moderation::{change_topic, TopicChange};
        let change = match input.change {
            TopicButton::Lock => TopicChange::Lock,
            TopicButton::Unlock => TopicChange::Unlock,
            TopicButton::Pin => TopicChange::Pin,
            TopicButton::Unpin => TopicChange::Unpin,
        };
        Reply::found(
            "forum topic moderation",
            change_topic(&caller.ctx, &moderator, topic.id, change).await,
        )
    }

    fn next(_: &IdParam, path: &String) -> String {
        path.clone()
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct MoveInput {
    /// The category's id.
    pub category: i64,
}

/// A forum moderator moves a topic to another category, from its page; its address stays.
pub struct TopicMove;

impl Action for TopicMove {
    const ID: &'static str = "forum-topic-move";
    const PATH: &'static str = "/equipe/forum/sujet/{id}/deplacer";
    const EXAMPLE: &'static str = "/equipe/forum/sujet/1/deplacer";
    type Params = IdParam;
    type Input = MoveInput;
    type Outcome = String;

    fn examples() -> Vec<MoveInput> {
        vec![MoveInput { category: 1 }]
    }

    #[cfg(feature = "ssr")]
    type Who = backend::forum::moderation::ForumModerator;

    #[cfg(feature = "ssr")]
    async fn run(
        moderator: backend::forum::moderation::ForumModerator,
        topic: IdParam,
        input: MoveInput,
        caller: crate::ssr::Caller,
    ) -> Reply<String> {
        use backend::forum::moderation::move_topic;
        Reply::found(
            "forum topic move",
            move_topic(&caller.ctx, &moderator, topic.id, input.category).await,
        )
    }

    fn next(_: &IdParam, path: &String) -> String {
        path.clone()
    }
}

/// The buttons a moderator has on a topic's page: lock or unlock, pin or unpin, and the
/// choice of a category to move it to.
#[component]
pub fn TopicModerationBar(
    id: i64,
    locked: bool,
    pinned: bool,
    category: i64,
    categories: Vec<(i64, String)>,
) -> impl IntoView {
    let i18n = use_i18n();
    let (lock, lock_label) = if locked {
        (TopicButton::Unlock, "forum-mod-unlock")
    } else {
        (TopicButton::Lock, "forum-mod-lock")
    };
    let (pin, pin_label) = if pinned {
        (TopicButton::Unpin, "forum-mod-unpin")
    } else {
        (TopicButton::Pin, "forum-mod-pin")
    };
    view! {
        <section class="moderation-bar" aria-labelledby="forum-mod-bar-title">
            <h2 id="forum-mod-bar-title">{i18n.t("forum-mod-bar")}</h2>
            <ActionForm<TopicModeration> params=IdParam { id } class="inline-form">
                <button type="submit" name="change" value=sent(&lock) class="button button-secondary">
                    {i18n.t(lock_label)}
                </button>
                <button type="submit" name="change" value=sent(&pin) class="button button-secondary">
                    {i18n.t(pin_label)}
                </button>
            </ActionForm<TopicModeration>>
            <ActionForm<TopicMove> params=IdParam { id } class="inline-form">
                <label for="forum-mod-category">{i18n.t("forum-mod-category")}</label>
                <select id="forum-mod-category" name="category">
                    {categories.into_iter().map(|(c, name)| view! {
                        <option value=c.to_string() selected=c == category>{name}</option>
                    }).collect_view()}
                </select>
                <button type="submit" class="button button-secondary">{i18n.t("forum-mod-move")}</button>
            </ActionForm<TopicMove>>
            <p>
                <a href=super::forum_merge::merge_path(id)>{i18n.t("forum-merge-link")}</a>
                " · "
                <a href=FORUM_MODERATION_PATH>{i18n.t("forum-mod-queue-link")}</a>
            </p>
        </section>
    }
}

/// The address of the moderation page that names post `id` (a topic's « Modérer » link).
pub fn moderate_path(id: i64) -> String {
    format!("{FORUM_MODERATION_PATH}?message={id}#message-{id}")
}

/// One post with its decision form. `posted`: what a refused form sent, when it was about
/// this post.
#[component]
fn PostToDecide(p: PostRow, posted: Option<(PostedValues, FormErrors)>) -> impl IntoView {
    let i18n = use_i18n();
    let sanctioned = match &p.author {
        AuthorName::Person(name, _) => Some(name.clone()),
        AuthorName::Team | AuthorName::Gone => None,
    };
    let (values, errors) = posted.unwrap_or_default();
    let reason = RwSignal::new(values.get("reason").cloned().unwrap_or_default());
    let errors = RwSignal::new(errors);
    let id = p.id;
    let field = format!("forum-mod-reason-{id}");
    let author = p.author.words(i18n);
    let title_id = format!("message-{id}-titre");
    let buttons = if p.hidden {
        vec![(DecisionButton::Restore, "forum-mod-restore")]
    } else if p.held {
        vec![
            (DecisionButton::Approve, "forum-mod-approve"),
            (DecisionButton::Hide, "forum-mod-refuse"),
        ]
    } else if p.flags.is_empty() {
        vec![(DecisionButton::Hide, "forum-mod-hide")]
    } else {
        vec![
            (DecisionButton::Hide, "forum-mod-hide"),
            (DecisionButton::Keep, "forum-mod-keep"),
        ]
    };
    view! {
        <article class="card moderated-post" id=format!("message-{id}") aria-labelledby=format!("message-{id}-titre")>
            <h3 id=title_id>
                {i18n.ta("forum-mod-post-title", &[
                    ("author", Arg::from(author)),
                    ("title", Arg::from(p.topic_title.clone())),
                ])}
            </h3>
            <p>
                // A held question has no page yet; a held reply is read here, not in its topic.
                {(!p.held).then(|| view! { <a href=p.path.clone()>{i18n.t("forum-mod-read")}</a> })}
                {(p.held && !p.is_question).then(|| view! {
                    <a href=p.path.clone()>{i18n.t("forum-mod-read-topic")}</a>
                })}
                {p.is_question.then(|| view! { " · " {i18n.t("forum-mod-is-question")} })}
            </p>
            <blockquote class:as-typed=p.held><p>{p.excerpt.clone()}</p></blockquote>
            {p.hidden_by.clone().map(|(by, why)| view! {
                <p>{i18n.ta("forum-mod-hidden-by", &[("by", Arg::from(by)), ("reason", Arg::from(why))])}</p>
            })}
            {(!p.flags.is_empty()).then(|| view! {
                <ul class="flags">
                    {p.flags.iter().map(|f| {
                        let by = f.by.clone().unwrap_or_else(|| i18n.t("forum-gone"));
                        view! {
                            <li>
                                <strong>{i18n.t(&format!("forum-flag-reason-{}", f.reason))}</strong>
                                " · " {by} " · " {f.at.clone()}
                                {(!f.detail.is_empty()).then(|| view! { <br/> {f.detail.clone()} })}
                            </li>
                        }
                    }).collect_view()}
                </ul>
            })}
            <ActionForm<DecideAction> params=NoParams {} class="form" errors=Some(errors)>
                <ErrorSummary errors field_id=move |_| format!("forum-mod-reason-{id}")/>
                <input type="hidden" name="post" value=id.to_string()/>
                <TextField
                    id=field
                    name="reason"
                    label=i18n.t("forum-mod-reason")
                    hint=i18n.t("forum-mod-reason-hint")
                    value=reason
                    errors
                    on_change=Callback::new(|()| {})
                    node_ref=NodeRef::new()
                />
                <div class="buttons">
                    {buttons.into_iter().map(|(b, label)| view! {
                        <button type="submit" name="decision" value=sent(&b) class="button" class:button-secondary=!matches!(b, DecisionButton::Hide | DecisionButton::Approve)>
                            {i18n.t(label)}
                        </button>
                    }).collect_view()}
                </div>
            </ActionForm<DecideAction>>
            {sanctioned.map(|name| view! {
                <p><a href=sanction_path(id)>{i18n.ta("forum-sanction-summary", &[("name", Arg::from(name))])}</a></p>
            })}
        </article>
    }
}

#[component]
pub fn ForumModerationPage() -> impl IntoView {
    let i18n = use_i18n();
    let posted = posted::<PostedValues>();
    let refused_post = posted
        .values
        .get("post")
        .and_then(|p| p.parse::<i64>().ok())
        .filter(|_| !posted.errors.is_empty());
    let query = leptos_router::hooks::use_query_map();
    // Fetched again once a decision is taken (with JavaScript).
    let data = crate::actions::page_data(
        move || {
            refused_post
                .or_else(|| query.with(|q| q.get("message").and_then(|m| m.parse::<i64>().ok())))
        },
        staff_forum,
    );
    let title = title_with_errors("forum-mod-title", refused_post.is_some());
    view! {
        <Suspense>
            {move || {
                let (title, posted) = (title.clone(), posted.clone());
                Suspend::new(async move {
                    super::area::guarded(data.await, move |v| {
                        let outcome = query.with(outcome_in::<Decided>);
                        let sanctioned = query.with(outcome_in::<Sanctioned>);
                        let for_post = |id: i64| {
                            (refused_post == Some(id))
                                .then(|| (posted.values.clone(), posted.errors.clone()))
                        };
                        let list = |posts: Vec<PostRow>, empty: &'static str| {
                            if posts.is_empty() {
                                return view! { <p>{i18n.t(empty)}</p> }.into_any();
                            }
                            posts
                                .into_iter()
                                .map(|p| {
                                    let posted = for_post(p.id);
                                    view! { <PostToDecide p posted/> }
                                })
                                .collect_view()
                                .into_any()
                        };
                        let in_lists = |id| {
                            v.held.iter().chain(&v.flagged).chain(&v.hidden).any(|p| p.id == id)
                        };
                        let focus = v.focus.clone().filter(|p| !in_lists(p.id));
                        view! {
                            <PageTitle text=title/>
                            <h1>{i18n.t("forum-mod-title")}</h1>
                            <p class="lead">{i18n.t("forum-mod-lead")}</p>
                            {outcome.map(|o| {
                                let key = match o {
                                    Decided::Hidden => "forum-mod-done-hidden",
                                    Decided::Kept => "forum-mod-done-kept",
                                    Decided::Restored => "forum-mod-done-restored",
                                    Decided::Approved => "forum-mod-done-approved",
                                };
                                view! {
                                    <div class="notice" role="status" tabindex="-1" autofocus>
                                        <p>{i18n.t(key)}</p>
                                    </div>
                                }
                            })}
                            {sanctioned.map(|o| view! {
                                <div class="notice" role="status" tabindex="-1" autofocus>
                                    <p>{i18n.t(o.key())}</p>
                                </div>
                            })}
                            {focus.map(|p| {
                                let posted = for_post(p.id);
                                view! {
                                    <section aria-labelledby="forum-mod-focus-title">
                                        <h2 id="forum-mod-focus-title">{i18n.t("forum-mod-focus")}</h2>
                                        <PostToDecide p posted/>
                                    </section>
                                }
                            })}
                            <section aria-labelledby="forum-mod-held-title">
                                <h2 id="forum-mod-held-title">
                                    {i18n.ta("forum-mod-held", &[("n", Arg::Num(v.held.len() as i64))])}
                                </h2>
                                <p>{i18n.t("forum-mod-held-lead")}</p>
                                {list(v.held, "forum-mod-none-held")}
                            </section>
                            <section aria-labelledby="forum-mod-flagged-title">
                                <h2 id="forum-mod-flagged-title">
                                    {i18n.ta("forum-mod-flagged", &[("n", Arg::Num(v.flagged.len() as i64))])}
                                </h2>
                                {list(v.flagged, "forum-mod-none-flagged")}
                            </section>
                            <section aria-labelledby="forum-mod-hidden-title">
                                <h2 id="forum-mod-hidden-title">{i18n.t("forum-mod-hidden")}</h2>
                                {list(v.hidden, "forum-mod-none-hidden")}
                            </section>
                            <section aria-labelledby="forum-sanctions-title">
                                <h2 id="forum-sanctions-title">{i18n.t("forum-sanctions")}</h2>
                                <SanctionsInForce rows=v.sanctions/>
                            </section>
                            <section aria-labelledby="forum-mod-log-title">
                                <h2 id="forum-mod-log-title">{i18n.t("forum-mod-log")}</h2>
                                <LogTable rows=v.log/>
                            </section>
                        }
                    })
                })
            }}
        </Suspense>
    }
}

#[component]
fn LogTable(rows: Vec<LogRow>) -> impl IntoView {
    let i18n = use_i18n();
    if rows.is_empty() {
        return view! { <p>{i18n.t("forum-mod-log-empty")}</p> }.into_any();
    }
    view! {
        <crate::components::table::TableWrap label=i18n.t("forum-mod-log")>
            <table>
                <thead>
                    <tr>
                        <th scope="col">{i18n.t("forum-mod-col-when")}</th>
                        <th scope="col">{i18n.t("forum-mod-col-who")}</th>
                        <th scope="col">{i18n.t("forum-mod-col-what")}</th>
                        <th scope="col">{i18n.t("forum-mod-col-topic")}</th>
                        <th scope="col">{i18n.t("forum-mod-col-reason")}</th>
                    </tr>
                </thead>
                <tbody>
                    {rows.into_iter().map(|r| view! {
                        <tr>
                            <td>{r.at}</td>
                            <td>{r.staff}</td>
                            <td>
                                {i18n.t(&format!("forum-mod-action-{}", r.action))}
                                {r.idea_state.map(|s| view! { " (" <crate::pages::forum::IdeaMark state=s/> ")" })}
                            </td>
                            <td>
                                {r.topic.map(|(title, path)| view! { <a href=path>{title}</a> })}
                                {r.person.map(|name| view! {
                                    <p>{i18n.ta("forum-mod-log-person", &[("name", Arg::from(name))])}</p>
                                })}
                            </td>
                            <td>
                                {r.reason}
                                {r.last_day.map(|d| view! {
                                    <p>{i18n.ta("forum-mod-log-until", &[("until", Arg::from(d))])}</p>
                                })}
                            </td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </crate::components::table::TableWrap>
    }
    .into_any()
}
