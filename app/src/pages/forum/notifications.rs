//! What the forum tells a person (`/forum/notifications`): the posts that mention them, the
//! replies in the topics they watch, the new topics in the categories they watch, unread
//! first marked as such, and the button that marks them read (a page's visit changes
//! nothing); and the buttons that watch a topic or a category, or stop.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::{AuthorName, NoIndex, When};
#[cfg(feature = "ssr")]
use crate::actions::Reply;
use crate::actions::{sent, Action, IdParam, NoInput, NoParams};
use crate::components::action_form::ActionForm;
use crate::components::title::PageTitle;
use crate::i18n::{use_i18n, Arg};
use common::states::NotificationKind;

pub const NOTIFICATIONS_PATH: &str = "/forum/notifications";

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotificationView {
    pub kind: NotificationKind,
    pub author: AuthorName,
    pub title: String,
    pub category: String,
    pub path: String,
    pub when: When,
    pub read: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotificationsView {
    pub list: Vec<NotificationView>,
    pub unread: i64,
}

#[leptos::server(prefix = "/api", endpoint = "forum/notifications")]
pub async fn forum_notifications() -> Result<NotificationsView, ServerFnError> {
    use backend::forum::notify;
    let caller = crate::ssr::caller().await?;
    let member = caller.forum_member().map_err(|d| d.into_server_error())?;
    let failed = |e| crate::ssr::server_error("forum notifications", e);
    let list = notify::list(&caller.ctx, member).await.map_err(failed)?;
    let unread = notify::unread(&caller.ctx, member).await.map_err(failed)?;
    Ok(NotificationsView {
        list: list
            .into_iter()
            .map(|n| NotificationView {
                kind: n.kind,
                author: n.author.into(),
                when: When::of(caller.lang, n.created_at, n.created_paris),
                title: n.title,
                category: n.category,
                path: n.path,
                read: n.read,
            })
            .collect(),
        unread,
    })
}

/// Marks every notification of the person read.
pub struct MarkReadAction;

impl Action for MarkReadAction {
    const ID: &'static str = "forum-mark-read";
    const PATH: &'static str = NOTIFICATIONS_PATH;
    const EXAMPLE: &'static str = NOTIFICATIONS_PATH;
    type Params = NoParams;
    type Input = NoInput;
    type Outcome = ();

    fn examples() -> Vec<NoInput> {
        vec![NoInput {}]
    }

    #[cfg(feature = "ssr")]
    type Who = backend::forum::people::Member;

    #[cfg(feature = "ssr")]
    async fn run(
        member: backend::forum::people::Member,
        _: NoParams,
        _: NoInput,
        caller: crate::ssr::Caller,
    ) -> Reply<()> {
        match backend::forum::notify::mark_read(&caller.ctx, &member).await {
            Ok(_) => Reply::Done(()),
            Err(error) => Reply::failed("forum notifications read", error),
        }
    }

    fn next(_: &NoParams, (): &()) -> String {
        NOTIFICATIONS_PATH.to_string()
    }
}

#[component]
fn Notifications(v: NotificationsView) -> impl IntoView {
    let i18n = use_i18n();
    let list = if v.list.is_empty() {
        view! { <p>{i18n.t("forum-notifications-none")}</p> }.into_any()
    } else {
        view! {
            <ul class="notification-list">
                {v.list.into_iter().map(|n| {
                    let author = n.author.words(i18n);
                    let said = i18n.ta(
                        &format!("forum-notification-{}", n.kind.as_str()),
                        &[
                            ("author", Arg::from(author)),
                            ("category", Arg::from(n.category.clone())),
                        ],
                    );
                    view! {
                        <li class:unread=!n.read>
                            {(!n.read).then(|| view! { <span class="mark mark-unread">{i18n.t("forum-notification-unread")}</span> " " })}
                            {said} " "
                            <a href=n.path>{n.title}</a>
                            " · "
                            <time datetime=n.when.iso>{n.when.words}</time>
                        </li>
                    }
                }).collect_view()}
            </ul>
        }
        .into_any()
    };
    view! {
        <h1>{i18n.t("forum-notifications-title")}</h1>
        <p>{i18n.ta("forum-notifications-unread", &[("n", Arg::Num(v.unread))])}</p>
        {(v.unread > 0).then(|| view! {
            <ActionForm<MarkReadAction> params=NoParams {} class="inline-form">
                <button type="submit" class="button button-secondary">{i18n.t("forum-notifications-mark-read")}</button>
            </ActionForm<MarkReadAction>>
        })}
        {list}
        <p><a href=super::people::ACCOUNT_PATH>{i18n.t("forum-notifications-settings")}</a></p>
    }
}

#[component]
pub fn ForumNotificationsPage() -> impl IntoView {
    let i18n = use_i18n();
    let data = crate::actions::page_data(|| (), |()| forum_notifications());
    view! {
        <PageTitle text=i18n.t("forum-notifications-title")/>
        <NoIndex/>
        <Suspense>
            {move || Suspend::new(async move {
                super::member_guarded(data.await, NOTIFICATIONS_PATH, |v| view! { <Notifications v/> })
            })}
        </Suspense>
    }
}

/// The watch button's two meanings.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum WatchButton {
    #[default]
    Watch,
    Stop,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct WatchInput {
    pub watch: WatchButton,
    /// The page to return to (the topic's or the category's own, checked).
    pub retour: String,
}

fn watch_examples() -> Vec<WatchInput> {
    [WatchButton::Watch, WatchButton::Stop]
        .into_iter()
        .map(|watch| WatchInput {
            watch,
            retour: "/forum".into(),
        })
        .collect()
}

/// Where a watch button returns: the page it was on, if it is one of the forum's.
fn back(input: &WatchInput) -> String {
    common::forum::forum_return(&input.retour)
        .unwrap_or("/forum")
        .to_string()
}

/// A person starts or stops watching a topic (their own topics, and those they replied
/// to, they watch from the start).
pub struct WatchTopic;

impl Action for WatchTopic {
    const ID: &'static str = "forum-watch-topic";
    const PATH: &'static str = "/forum/suivre/sujet/{id}";
    const EXAMPLE: &'static str = "/forum/suivre/sujet/1";
    const TEXT_FIELDS: &'static [&'static str] = &["retour"];
    type Params = IdParam;
    type Input = WatchInput;
    type Outcome = String;

    fn examples() -> Vec<WatchInput> {
        watch_examples()
    }

    #[cfg(feature = "ssr")]
    type Who = backend::forum::people::Member;

    #[cfg(feature = "ssr")]
    async fn run(
        member: backend::forum::people::Member,
        topic: IdParam,
        input: WatchInput,
        caller: crate::ssr::Caller,
    ) -> Reply<String> {
        let on = input.watch == WatchButton::Watch;
        match backend::forum::notify::watch_topic(&caller.ctx, &member, topic.id, on).await {
            Ok(true) => Reply::Done(back(&input)),
            Ok(false) => Reply::NotFound,
            Err(error) => Reply::failed("forum watch topic", error),
        }
    }

    fn next(_: &IdParam, path: &String) -> String {
        path.clone()
    }
}

/// A person starts or stops watching a category: each new topic in it is a notification.
pub struct WatchCategory;

impl Action for WatchCategory {
    const ID: &'static str = "forum-watch-category";
    const PATH: &'static str = "/forum/suivre/categorie/{id}";
    const EXAMPLE: &'static str = "/forum/suivre/categorie/1";
    const TEXT_FIELDS: &'static [&'static str] = &["retour"];
    type Params = IdParam;
    type Input = WatchInput;
    type Outcome = String;

    fn examples() -> Vec<WatchInput> {
        watch_examples()
    }

    #[cfg(feature = "ssr")]
    type Who = backend::forum::people::Member;

    #[cfg(feature = "ssr")]
    async fn run(
        member: backend::forum::people::Member,
        category: IdParam,
        input: WatchInput,
        caller: crate::ssr::Caller,
    ) -> Reply<String> {
        let on = input.watch == WatchButton::Watch;
        match backend::forum::notify::watch_category(&caller.ctx, &member, category.id, on).await {
            Ok(true) => Reply::Done(back(&input)),
            Ok(false) => Reply::NotFound,
            Err(error) => Reply::failed("forum watch category", error),
        }
    }

    fn next(_: &IdParam, path: &String) -> String {
        path.clone()
    }
}

/// The button that watches a topic (`category`: false) or a category, or stops; `None`
/// when nobody is logged in to the forum (a link to log in, which returns here).
#[component]
pub fn WatchBox(
    id: i64,
    #[prop(optional)] category: bool,
    watching: Option<bool>,
    /// The page's address, which the button returns to.
    path: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let what = if category { "category" } else { "topic" };
    let Some(watching) = watching else {
        return view! {
            <p class="watch">
                <a href=super::login::login_to(&path) rel="nofollow">{i18n.t(&format!("forum-watch-{what}-log-in"))}</a>
            </p>
        }
        .into_any();
    };
    let (value, label) = if watching {
        (WatchButton::Stop, format!("forum-watch-{what}-stop"))
    } else {
        (WatchButton::Watch, format!("forum-watch-{what}"))
    };
    let state = watching.then(|| {
        view! { <span class="watch-state">{i18n.t(&format!("forum-watching-{what}"))}</span> " " }
    });
    let button = view! {
        <input type="hidden" name="retour" value=path/>
        <button type="submit" name="watch" value=sent(&value) class="button button-secondary">
            {i18n.t(&label)}
        </button>
    };
    if category {
        view! {
            <div class="watch">
                {state}
                <ActionForm<WatchCategory> params=IdParam { id } class="inline-form">{button}</ActionForm<WatchCategory>>
            </div>
        }
        .into_any()
    } else {
        view! {
            <div class="watch">
                {state}
                <ActionForm<WatchTopic> params=IdParam { id } class="inline-form">{button}</ActionForm<WatchTopic>>
            </div>
        }
        .into_any()
    }
}
