//! What the forum tells a person (`/forum/notifications`): the posts that mention them, the
//! replies in the topics they watch, the new topics in the categories they watch, unread
//! first marked as such, and the button that marks them read (a page's visit changes
//! nothing); and the buttons that watch a topic or a category, or stop.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::{AuthorName, When, NOTIFICATIONS_PATH};
#[cfg(feature = "ssr")]
use crate::actions::Reply;
use crate::actions::{sent, Action, IdParam, NoInput, NoParams};
use crate::components::action_form::ActionForm;
use crate::i18n::{use_i18n, Arg};
use common::states::NotificationKind;

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
        <p><a href=super::ACCOUNT_PATH>{i18n.t("forum-notifications-settings")}</a></p>
    }
}

#[component]
pub fn ForumNotificationsPage() -> impl IntoView {
    super::member_page(
        "forum-notifications-title",
        NOTIFICATIONS_PATH,
        forum_notifications,
        |v| view! { <Notifications v/> },
    )
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

/// A person starts or stops watching a topic (`CATEGORY` false: their own topics, and those
/// they replied to, they watch from the start) or a category (each new topic in it is a
/// notification).
pub struct Watch<const CATEGORY: bool>;
pub type WatchTopic = Watch<false>;
pub type WatchCategory = Watch<true>;

impl<const CATEGORY: bool> Action for Watch<CATEGORY> {
    const ID: &'static str = if CATEGORY {
        "forum-watch-category"
    } else {
        "forum-watch-topic"
    };
    const PATH: &'static str = if CATEGORY {
        "/forum/suivre/categorie/{id}"
    } else {
        "/forum/suivre/sujet/{id}"
    };
    const EXAMPLE: &'static str = if CATEGORY {
        "/forum/suivre/categorie/1"
    } else {
        "/forum/suivre/sujet/1"
    };
    const TEXT_FIELDS: &'static [&'static str] = &["retour"];
    type Params = IdParam;
    type Input = WatchInput;
    type Outcome = String;

    fn examples() -> Vec<WatchInput> {
        [WatchButton::Watch, WatchButton::Stop]
            .into_iter()
            .map(|watch| WatchInput {
                watch,
                retour: "/forum".into(),
            })
            .collect()
    }

    #[cfg(feature = "ssr")]
    type Who = backend::forum::people::Member;

    #[cfg(feature = "ssr")]
    async fn run(
        member: backend::forum::people::Member,
        target: IdParam,
        input: WatchInput,
        caller: crate::ssr::Caller,
    ) -> Reply<String> {
        use backend::forum::notify::{watch, Watched};
        let on = input.watch == WatchButton::Watch;
        let what = if CATEGORY {
            Watched::Category
        } else {
            Watched::Topic
        };
        match watch(&caller.ctx, &member, what, target.id, on).await {
            // Back to the page it was on, if it is one of the forum's.
            Ok(true) => Reply::Done(
                common::forum::forum_return(&input.retour)
                    .unwrap_or("/forum")
                    .to_string(),
            ),
            Ok(false) => Reply::NotFound,
            Err(error) => Reply::failed("forum watch", error),
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
                <a href=super::login_to(&path) rel="nofollow">{i18n.t(&format!("forum-watch-{what}-log-in"))}</a>
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
    let fields = view! {
        <input type="hidden" name="retour" value=path/>
        <button type="submit" name="watch" value=sent(&value) class="button button-secondary">
            {i18n.t(&label)}
        </button>
    };
    let form = if category {
        view! { <ActionForm<WatchCategory> params=IdParam { id } class="inline-form">{fields}</ActionForm<WatchCategory>> }
            .into_any()
    } else {
        view! { <ActionForm<WatchTopic> params=IdParam { id } class="inline-form">{fields}</ActionForm<WatchTopic>> }
            .into_any()
    };
    view! { <div class="watch">{state} {form}</div> }.into_any()
}
