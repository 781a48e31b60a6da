//! The forum's people: a person's profile (`/forum/u/<pseudonym>`: their topics and
//! replies, how many answers of theirs solved a question, their space only if they chose
//! so), their account (`/forum/compte`: what they show, which mails they get, leaving the
//! forum), and the one-click unsubscribe of the forum's mails.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::{profile_path, Crumbs, NoIndex, PageMeta, Pages, When, ACCOUNT_PATH};
use crate::actions::{Action, NoParams};
#[cfg(feature = "ssr")]
use crate::actions::{Reply, Then};
use crate::components::action_form::ActionForm;
use crate::components::fields::{CheckboxField, ErrorSummary};
use crate::components::form::{posted, KitForm};
use crate::components::notice::{Notice, TokenPage};
use crate::components::title::PageTitle;
use crate::forms::{Field, Form, FormErrors, Input, PostedValues};
use crate::i18n::{use_i18n, Arg};
use crate::pages::links::LinkButton;

pub const DELETE_PATH: &str = "/forum/compte/supprimer";
pub const UNSUBSCRIBE_PATH: &str = "/forum/desabonnement/{token}";
pub const UNSUBSCRIBED_PATH: &str = "/forum/desabonne";

/// One post of a person, as their profile lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityView {
    pub title: String,
    pub path: String,
    pub question: bool,
    pub excerpt: String,
    pub written: When,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileView {
    pub pseudonym: String,
    pub mark: Option<super::PersonMark>,
    pub path: String,
    pub since: When,
    pub topics: i64,
    pub replies: i64,
    pub solutions: i64,
    pub space: Option<String>,
    pub activity: Vec<ActivityView>,
    pub page: i64,
    pub pages: i64,
}

#[leptos::server(prefix = "/api", endpoint = "forum/profile")]
pub async fn forum_profile(
    pseudonym: String,
    page: i64,
) -> Result<Option<ProfileView>, ServerFnError> {
    let caller = crate::ssr::caller().await?;
    let lang = caller.lang;
    let found = backend::forum::profile::profile(&caller.ctx, &pseudonym, page)
        .await
        .map_err(|e| crate::ssr::server_error("forum profile", e))?;
    let Some(p) = found else {
        crate::ssr::not_found();
        return Ok(None);
    };
    Ok(Some(ProfileView {
        mark: p.mark.map(super::PersonMark::from),
        path: profile_path(&p.pseudonym),
        since: When::of(lang, p.since, p.since_paris),
        topics: p.topics,
        replies: p.replies,
        solutions: p.solutions,
        space: p.space,
        activity: p
            .activity
            .into_iter()
            .map(|a| ActivityView {
                written: When::of(lang, a.created_at, a.created_paris),
                title: a.title,
                path: a.path,
                question: a.question,
                excerpt: a.excerpt,
            })
            .collect(),
        page: p.page,
        pages: p.pages,
        pseudonym: p.pseudonym,
    }))
}

#[component]
fn Profile(v: ProfileView) -> impl IntoView {
    let i18n = use_i18n();
    let title = super::paged_title(&v.pseudonym, v.page);
    let description = i18n.ta(
        "forum-profile-description",
        &[
            ("name", Arg::from(v.pseudonym.clone())),
            ("topics", Arg::Num(v.topics)),
            ("replies", Arg::Num(v.replies)),
        ],
    );
    view! {
        <PageTitle text=title.clone()/>
        <PageMeta title description path=v.path.clone()/>
        <Crumbs/>
        <h1>{v.pseudonym.clone()}</h1>
        {v.mark.map(|mark| view! { <p class="profile-mark"><super::PersonMarkView mark=Some(mark)/></p> })}
        <dl class="profile-facts">
            <dt>{i18n.t("forum-profile-since")}</dt>
            <dd><time datetime=v.since.iso.clone()>{v.since.words.clone()}</time></dd>
            <dt>{i18n.t("forum-profile-topics")}</dt>
            <dd>{v.topics}</dd>
            <dt>{i18n.t("forum-profile-replies")}</dt>
            <dd>{v.replies}</dd>
            <dt>{i18n.t("forum-profile-solutions")}</dt>
            <dd>{v.solutions}</dd>
            {v.space.clone().map(|space| view! {
                <dt>{i18n.t("forum-profile-space")}</dt>
                <dd>{space}</dd>
            })}
        </dl>
        <h2>{i18n.t("forum-profile-activity")}</h2>
        {if v.activity.is_empty() {
            view! { <p>{i18n.t("forum-profile-nothing")}</p> }.into_any()
        } else {
            view! {
                <ul class="activity-list">
                    {v.activity.into_iter().map(|a| {
                        let what = if a.question { "forum-profile-asked" } else { "forum-profile-replied" };
                        view! {
                            <li>
                                <p class="activity-head">
                                    {i18n.t(what)} " "
                                    <a href=a.path>{a.title}</a>
                                    " · "
                                    <time datetime=a.written.iso>{a.written.words}</time>
                                </p>
                                <p class="activity-excerpt">{a.excerpt}</p>
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }.into_any()
        }}
        <Pages base=v.path page=v.page pages=v.pages/>
    }
}

#[component]
pub fn ForumProfilePage() -> impl IntoView {
    use crate::pages::site::errors::ErrorView;
    use leptos_router::hooks::{use_params_map, use_query_map};
    let params = use_params_map();
    let query = use_query_map();
    let data = crate::actions::page_data(
        move || {
            (
                params.with(|p| p.get("pseudonym").unwrap_or_default()),
                query.with(super::page_in),
            )
        },
        |(pseudonym, page)| forum_profile(pseudonym, page),
    );
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(Some(v)) => view! { <Profile v/> }.into_any(),
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

/// A person's account, as its page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountView {
    pub pseudonym: Option<String>,
    pub space: Option<String>,
    pub has_email: bool,
    pub settings: ForumSettings,
}

#[leptos::server(prefix = "/api", endpoint = "forum/account")]
pub async fn forum_account() -> Result<AccountView, ServerFnError> {
    let caller = crate::ssr::caller().await?;
    let member = caller.forum_member().map_err(|d| d.into_server_error())?;
    let s = backend::forum::profile::settings(&caller.ctx, member)
        .await
        .map_err(|e| crate::ssr::server_error("forum account", e))?;
    let ticked = |on: bool| if on { "yes" } else { "" }.to_string();
    Ok(AccountView {
        pseudonym: s.pseudonym,
        space: s.space,
        has_email: s.has_email,
        settings: ForumSettings {
            show_space: ticked(s.choices.show_space),
            mail_mentions: ticked(s.choices.mail_mentions),
            mail_watched: ticked(s.choices.mail_watched),
            delivery: if s.choices.mail_daily { DAILY } else { AT_ONCE }.to_string(),
        },
    })
}

const AT_ONCE: &str = "now";
const DAILY: &str = "daily";

/// What a person chooses about their forum account: boxes ticked (`yes`) or not, and when
/// the mails come.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, validator::Validate)]
#[serde(default)]
pub struct ForumSettings {
    pub show_space: String,
    pub mail_mentions: String,
    pub mail_watched: String,
    pub delivery: String,
}

impl Form for ForumSettings {
    const ID: &'static str = "forum-settings";
    const PATH: &'static str = ACCOUNT_PATH;
    const FIELDS: &'static [Field] = &[
        Field::plain(
            "mail_mentions",
            Input::Checkbox,
            "forum-settings-mail_mentions",
            None,
        ),
        Field::plain(
            "mail_watched",
            Input::Checkbox,
            "forum-settings-mail_watched",
            Some("forum-settings-mail_watched-hint"),
        ),
        Field::plain(
            "delivery",
            Input::Radios(&[AT_ONCE, DAILY]),
            "forum-settings-delivery",
            None,
        ),
        Field::plain(
            "show_space",
            Input::Checkbox,
            "forum-settings-show_space",
            Some("forum-settings-show_space-hint"),
        ),
    ];
    const SUBMIT: &'static str = "forum-settings-submit";
    const SUBMITTING: &'static str = "forum-settings-submitting";

    fn errors(&self, _site: &common::SiteInfo) -> FormErrors {
        use common::ErrorCode;
        // A box: ticked (`yes`) or left out; anything else was never offered.
        let tick = |v: &str| match v {
            "" | "yes" => Ok(()),
            _ => Err(ErrorCode::ChoiceRequired),
        };
        let delivery = match self.delivery.as_str() {
            AT_ONCE | DAILY => Ok(()),
            _ => Err(ErrorCode::ChoiceRequired),
        };
        FormErrors::from_checks([
            ("show_space", tick(&self.show_space)),
            ("mail_mentions", tick(&self.mail_mentions)),
            ("mail_watched", tick(&self.mail_watched)),
            ("delivery", delivery),
        ])
    }

    #[cfg(feature = "ssr")]
    type Who = backend::forum::people::Member;

    #[cfg(feature = "ssr")]
    fn submit(
        self,
        member: backend::forum::people::Member,
        caller: crate::ssr::Caller,
    ) -> impl std::future::Future<Output = crate::forms::Submitted> + Send {
        use backend::forum::profile::{save_settings, Choices};
        async move {
            let choices = Choices {
                show_space: self.show_space == "yes",
                mail_mentions: self.mail_mentions == "yes",
                mail_watched: self.mail_watched == "yes",
                mail_daily: self.delivery == DAILY,
            };
            let saved = save_settings(&caller.ctx, &member, &choices).await;
            crate::forms::kit::backend_outcome(saved, SAVED_PATH, "forum settings saved")
        }
    }
}

/// The outcome the forum's home shows once an account is deleted.
pub const DELETED: &str = "compte-supprime";

/// The outcome the account's page shows once its settings are saved, and that page.
const SAVED: &str = "enregistre";
#[cfg(feature = "ssr")]
const SAVED_PATH: &str = "/forum/compte?resultat=enregistre";

/// What deleting one's account sends: the box that says the person understood.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DeleteInput {
    pub confirm: String,
}

/// A person deletes their forum account: logged out, their posts stay without their name.
pub struct DeleteForumAccount;

impl Action for DeleteForumAccount {
    const ID: &'static str = "forum-delete-account";
    const PATH: &'static str = DELETE_PATH;
    const EXAMPLE: &'static str = DELETE_PATH;
    type Params = NoParams;
    type Input = DeleteInput;
    type Outcome = ();

    fn examples() -> Vec<DeleteInput> {
        vec![DeleteInput {
            confirm: "yes".into(),
        }]
    }

    #[cfg(feature = "ssr")]
    type Who = backend::forum::people::Member;

    #[cfg(feature = "ssr")]
    async fn run(
        member: backend::forum::people::Member,
        _: NoParams,
        input: DeleteInput,
        caller: crate::ssr::Caller,
    ) -> Reply<()> {
        if input.confirm != "yes" {
            return Reply::Invalid(FormErrors::field_error(
                "confirm",
                common::ErrorCode::AccountDeleteConfirm,
            ));
        }
        if let Err(error) = backend::forum::profile::delete_account(&caller.ctx, &member).await {
            return Reply::failed("forum account deletion", error);
        }
        Reply::LogIn {
            session: crate::ssr::SessionChange::ForumLoggedOut,
            then: Then::Done(()),
        }
    }

    fn next(_: &NoParams, (): &()) -> String {
        format!("/forum?{}={DELETED}", crate::actions::OUTCOME_PARAM)
    }
}

#[component]
fn Account(v: AccountView) -> impl IntoView {
    let i18n = use_i18n();
    let saved = leptos_router::hooks::use_query_map()
        .with_untracked(|q| q.get(crate::actions::OUTCOME_PARAM).as_deref() == Some(SAVED));
    let name = match v.pseudonym.clone() {
        Some(p) => view! {
            <p>
                {i18n.ta("forum-account-pseudonym", &[("name", Arg::from(p.clone()))])} " "
                <a href=profile_path(&p)>{i18n.t("forum-account-profile")}</a>
            </p>
        }
        .into_any(),
        None => view! { <p>{i18n.t("forum-account-no-pseudonym")}</p> }.into_any(),
    };
    let login = match v.space.clone() {
        Some(space) => i18n.ta("forum-account-with-space", &[("space", Arg::from(space))]),
        None => i18n.t("forum-account-by-email"),
    };
    view! {
        <h1>{i18n.t("forum-account-title")}</h1>
        {saved.then(|| view! {
            <div class="notice" role="status"><p>{i18n.t("forum-settings-saved")}</p></div>
        })}
        {name}
        <p>{login}</p>
        <p><a href=super::NOTIFICATIONS_PATH>{i18n.t("forum-notifications-title")}</a></p>
        <section aria-labelledby="forum-settings-title">
            <h2 id="forum-settings-title">{i18n.t("forum-settings-title")}</h2>
            {(!v.has_email).then(|| view! { <p>{i18n.t("forum-settings-no-email")}</p> })}
            <KitForm<ForumSettings> values=v.settings.clone()/>
        </section>
        <section aria-labelledby="forum-delete-title">
            <h2 id="forum-delete-title">{i18n.t("forum-delete-title")}</h2>
            <p><a href=DELETE_PATH>{i18n.t("forum-delete-link")}</a></p>
        </section>
    }
}

#[component]
pub fn ForumAccountPage() -> impl IntoView {
    super::member_page(
        "forum-account-title",
        ACCOUNT_PATH,
        forum_account,
        |v| view! { <Account v/> },
    )
}

/// The page that deletes one's account, once the box is ticked.
#[component]
pub fn ForumDeletePage() -> impl IntoView {
    let i18n = use_i18n();
    // A refused deletion (the box left unticked) comes back with its error.
    let posted = posted::<PostedValues>();
    let has_errors = !posted.errors.is_empty();
    let errors = RwSignal::new(posted.errors);
    let data = crate::actions::page_data(|| (), |()| forum_account());
    view! {
        <PageTitle text=crate::components::title::title_with_errors("forum-delete-title", has_errors)/>
        <NoIndex/>
        <Suspense>
            {move || Suspend::new(async move {
                super::member_guarded(data.await, DELETE_PATH, move |_| view! {
                    <h1>{i18n.t("forum-delete-title")}</h1>
                    <p class="lead">{i18n.t("forum-delete-text")}</p>
                    <ActionForm<DeleteForumAccount> params=NoParams {} class="form" errors=Some(errors)>
                        <ErrorSummary errors field_id=|f: &str| format!("forum-delete-{f}")/>
                        <CheckboxField
                            id="forum-delete-confirm".to_string()
                            name="confirm"
                            label=i18n.t("forum-delete-confirm")
                            hint=String::new()
                            value=RwSignal::new(String::new())
                            errors
                            on_change=Callback::new(|()| ())
                        />
                        <button type="submit" class="button">{i18n.t("forum-delete-submit")}</button>
                    </ActionForm<DeleteForumAccount>>
                    <p><a href=ACCOUNT_PATH>{i18n.t("forum-delete-cancel")}</a></p>
                })
            })}
        </Suspense>
    }
}

/// The unsubscribe button of the forum's mails, and their one-click unsubscribe (RFC 8058).
pub struct ForumUnsubscribe;

impl LinkButton for ForumUnsubscribe {
    const ID: &'static str = "forum-unsubscribe";
    const PATH: &'static str = UNSUBSCRIBE_PATH;
    const EXAMPLE: &'static str = "/forum/desabonnement/1.lien-inconnu";
    const NEXT: &'static str = UNSUBSCRIBED_PATH;
    const WHAT: &'static str = "forum unsubscribe";

    #[cfg(feature = "ssr")]
    async fn press(ctx: &backend::Ctx, token: &str) -> backend::Result<bool> {
        backend::forum::notify::unsubscribe(ctx, token).await
    }
}

/// Whether a forum unsubscribe link is one the forum made. Reads only.
#[leptos::server(prefix = "/api", endpoint = "forum/unsubscribe-link")]
pub async fn forum_unsubscribe_link_is_valid(token: String) -> Result<bool, ServerFnError> {
    let caller = crate::ssr::caller().await?;
    Ok(backend::forum::notify::unsubscribe_link_is_valid(
        &caller.ctx,
        &token,
    ))
}

#[component]
pub fn ForumUnsubscribePage() -> impl IntoView {
    view! {
        <NoIndex/>
        <TokenPage<ForumUnsubscribe, _, _>
            check=forum_unsubscribe_link_is_valid
            title="forum-unsubscribe-title"
            text="forum-unsubscribe-text"
            submit="forum-unsubscribe-submit"
            invalid=|| view! {
                <Notice
                    title="forum-unsubscribe-invalid-title"
                    paragraphs=&["forum-unsubscribe-invalid-text"]
                    link=(ACCOUNT_PATH, "forum-account-title")
                />
            }.into_any()
        />
    }
}

#[component]
pub fn ForumUnsubscribedPage() -> impl IntoView {
    view! {
        <NoIndex/>
        <Notice
            title="forum-unsubscribed-title"
            paragraphs=&["forum-unsubscribed-text"]
            link=(ACCOUNT_PATH, "forum-account-title")
        />
    }
}
