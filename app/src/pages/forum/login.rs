//! Logging in to the forum (`/forum/connexion`): with one's space (the dashboard's OAuth2
//! login, open here to any enabled account of an active space, not only to its admins:
//! `backend::referents::login::LoginFor::Forum`), or by a single-use link mailed to any
//! address (the first use makes the person), the link's page with its one button (mail
//! scanners follow links, never buttons); and logging out.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::{login_to, NoIndex, RETURN_PARAM};
use crate::actions::{outcome_in, Action, NoInput, NoParams, TokenParam};
#[cfg(feature = "ssr")]
use crate::actions::{Anyone, Reply, Then};
use crate::components::action_form::ActionForm;
use crate::components::fields::{ErrorSummary, TextField};
use crate::components::form::posted;
use crate::components::form::KitForm;
use crate::components::notice::{Notice, TokenPage};
use crate::components::title::{title_with_errors, PageTitle};
use crate::forms::{Field, Form, FormErrors, Input, PostedValues};
use crate::i18n::use_i18n;
use crate::pages::space::login::ForumStep;

pub use super::FORUM_LOGIN_PATH as LOGIN_PATH;
pub const SPACE_LOGIN_PATH: &str = "/forum/connexion/espace";
pub const LINK_SENT_PATH: &str = "/forum/connexion/envoye";
pub const LINK_PATH: &str = "/forum/connexion/lien/{token}";
pub const LOGOUT_PATH: &str = "/forum/deconnexion";

/// The page to return to that the login page was given, if it is one
/// ([`common::forum::forum_return`]).
fn asked_return() -> String {
    leptos_router::hooks::use_query_map().with_untracked(|q| {
        q.get(RETURN_PARAM)
            .as_deref()
            .and_then(common::forum::forum_return)
            .unwrap_or_default()
            .to_string()
    })
}

/// The login form: an address, to which a single-use link is mailed; and the forum's page
/// it returns to.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, validator::Validate)]
#[serde(default)]
pub struct ForumLogin {
    #[validate(custom(function = "crate::forms::email_address"))]
    pub email: String,
    /// Checked as it is kept (`backend::forum::people::request_link`).
    pub retour: String,
}

impl Form for ForumLogin {
    const ID: &'static str = "forum-login";
    const PATH: &'static str = LOGIN_PATH;
    const FIELDS: &'static [Field] = &[
        Field {
            name: "email",
            input: Input::Email,
            autocomplete: "email",
            label: "forum-login-email",
            hint: Some("forum-login-email-hint"),
            section: None,
        },
        Field::plain(RETURN_PARAM, Input::Hidden, "forum-login-return", None),
    ];
    const SUBMIT: &'static str = "forum-login-submit";
    const SUBMITTING: &'static str = "forum-login-submitting";

    fn errors(&self, _site: &common::SiteInfo) -> FormErrors {
        FormErrors::of(self)
    }

    #[cfg(feature = "ssr")]
    type Who = Anyone;

    #[cfg(feature = "ssr")]
    fn submit(
        self,
        _: Anyone,
        caller: crate::ssr::Caller,
    ) -> impl std::future::Future<Output = crate::forms::Submitted> + Send {
        use crate::forms::kit::{backend_outcome, email_in};
        async move {
            let email = match email_in("email", &self.email) {
                Ok(email) => email,
                Err(refused) => return refused,
            };
            let asked = backend::forum::people::request_link(
                &caller.ctx,
                &email,
                caller.lang,
                &caller.client.0,
                &self.retour,
            )
            .await;
            backend_outcome(asked, LINK_SENT_PATH, "forum login link request")
        }
    }
}

/// A space's address as a person types it, and the forum's page to return to (checked as
/// it is kept: `backend::referents::login::OAuthPending::returning_to`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ForumAddressInput {
    pub address: String,
    pub retour: String,
}

/// "Se connecter avec mon espace", for the forum: the address typed, the login with that
/// space begun (the same as the dashboard's, for any enabled account).
pub struct StartForumSpaceLogin;

impl Action for StartForumSpaceLogin {
    const ID: &'static str = "forum-space-login";
    const PATH: &'static str = SPACE_LOGIN_PATH;
    const EXAMPLE: &'static str = SPACE_LOGIN_PATH;
    const TEXT_FIELDS: &'static [&'static str] = &["address", RETURN_PARAM];
    type Params = NoParams;
    type Input = ForumAddressInput;
    type Outcome = ForumStep;

    fn examples() -> Vec<ForumAddressInput> {
        vec![ForumAddressInput {
            address: "les-amis".into(),
            retour: "/forum/signaler/1".into(),
        }]
    }

    #[cfg(feature = "ssr")]
    type Who = Anyone;

    #[cfg(feature = "ssr")]
    async fn run(
        _: Anyone,
        _: NoParams,
        input: ForumAddressInput,
        caller: crate::ssr::Caller,
    ) -> Reply<ForumStep> {
        use crate::pages::space::login::{begin, Begun};
        use backend::referents::login::LoginFor;
        match begin(&caller, &input.address, LoginFor::Forum).await {
            Ok(Begun::Redirect((url, pending))) => Reply::LogIn {
                session: crate::ssr::SessionChange::SpaceStarted(
                    pending.returning_to(&input.retour),
                ),
                then: Then::Done(ForumStep::Nextcloud { url }),
            },
            Ok(Begun::Suspended(_) | Begun::UseLink(_)) => Reply::Done(ForumStep::UseLink),
            Err(reply) => reply,
        }
    }

    fn next(_: &NoParams, step: &ForumStep) -> String {
        step.next()
    }
}

/// The form of a login with one's space: its address. `own_page`: the page it posts to,
/// which shows it again with what was typed and its error (on the other, the errors are
/// another form's).
#[component]
fn SpaceAddressForm(own_page: bool) -> impl IntoView {
    let i18n = use_i18n();
    let posted = if own_page {
        posted::<PostedValues>()
    } else {
        Default::default()
    };
    let value = RwSignal::new(posted.values.get("address").cloned().unwrap_or_default());
    let back = match posted.values.get(RETURN_PARAM) {
        Some(back) => back.clone(),
        None => asked_return(),
    };
    let errors = RwSignal::new(posted.errors);
    view! {
        <form method="post" action=SPACE_LOGIN_PATH class="form" novalidate>
            <input type="hidden" name=RETURN_PARAM value=back/>
            <ErrorSummary errors field_id=|_| "forum-space-address".to_string()/>
            <TextField
                id="forum-space-address"
                name="address"
                label=i18n.t("forum-space-address")
                hint=i18n.t("forum-space-address-hint")
                autocomplete="url"
                value
                errors
                on_change=Callback::new(|()| ())
                node_ref=NodeRef::new()
            />
            <button type="submit" class="button">{i18n.t("forum-space-submit")}</button>
        </form>
    }
}

/// What the last step of a login with one's space said, on the login page.
#[component]
fn StepSaid() -> impl IntoView {
    let i18n = use_i18n();
    let step = leptos_router::hooks::use_query_map().with_untracked(outcome_in::<ForumStep>);
    step.filter(|s| !s.key().is_empty()).map(|s| {
        view! {
            <div class="notice" role="status" id="login-outcome">
                <p>{i18n.t(s.key())}</p>
            </div>
        }
    })
}

#[component]
pub fn ForumSpaceLoginPage() -> impl IntoView {
    let i18n = use_i18n();
    // The way by e-mail returns to the same page (the one posted, or the one asked for).
    let back = posted::<PostedValues>()
        .values
        .get(RETURN_PARAM)
        .and_then(|b| common::forum::forum_return(b).map(str::to_string))
        .unwrap_or_else(asked_return);
    let by_email = match back.is_empty() {
        true => LOGIN_PATH.to_string(),
        false => login_to(&back),
    };
    let has_errors = !posted::<PostedValues>().errors.is_empty();
    view! {
        <PageTitle text=title_with_errors("forum-space-title", has_errors)/>
        <NoIndex/>
        <h1>{i18n.t("forum-space-title")}</h1>
        <p class="lead">{i18n.t("forum-space-lead")}</p>
        <SpaceAddressForm own_page=true/>
        <p><a href=by_email>{i18n.t("forum-space-by-email")}</a></p>
    }
}

/// Who is logged in to the forum, as its pages greet them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberView {
    /// Chosen at their first post.
    pub pseudonym: Option<String>,
    /// Their unread notifications.
    pub unread: i64,
    /// A moderator's sanction in force: the bar says why and until when, and the pages
    /// offer no form to write.
    pub sanction: Option<SanctionView>,
    /// What they write waits for a moderator's approval (a new person logged in by a
    /// mailed link): the bar says so and where to read it.
    pub held: bool,
}

/// A sanction, as the person it concerns reads it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SanctionView {
    pub kind: common::states::SanctionKind,
    /// Its last day, as people read it.
    pub last_day: String,
    pub reason: String,
}

/// The person logged in to the forum in this session, if any.
#[leptos::server(prefix = "/api", endpoint = "forum/me")]
pub async fn forum_me() -> Result<Option<MemberView>, ServerFnError> {
    let caller = crate::ssr::caller().await?;
    MemberView::load(&caller).await
}

impl MemberView {
    /// The person `caller` is logged in to the forum as, if any, with their unread
    /// notifications.
    #[cfg(feature = "ssr")]
    pub async fn load(caller: &crate::ssr::Caller) -> Result<Option<MemberView>, ServerFnError> {
        let Some(member) = caller.forum_login() else {
            return Ok(None);
        };
        let unread = backend::forum::notify::unread(&caller.ctx, member)
            .await
            .map_err(|e| crate::ssr::server_error("forum notifications count", e))?;
        let sanction = member.sanction().map(|s| SanctionView {
            kind: s.kind,
            last_day: backend::i18n::long_date(caller.lang, s.last_day),
            reason: s.reason.clone(),
        });
        Ok(Some(MemberView {
            pseudonym: member.pseudonym().map(str::to_string),
            unread,
            sanction,
            held: member.held(),
        }))
    }
}

/// The button of the mailed link's page: the link is used up and the person is logged in.
/// A link that no longer works shows its page again, which says so (400). Open to anyone:
/// the link's token is the proof.
pub struct UseForumLink;

impl Action for UseForumLink {
    const ID: &'static str = "use-forum-link";
    const PATH: &'static str = LINK_PATH;
    const EXAMPLE: &'static str = "/forum/connexion/lien/lien-inconnu";
    type Params = TokenParam;
    type Input = NoInput;
    type Outcome = ForumStep;

    fn examples() -> Vec<NoInput> {
        vec![NoInput {}]
    }

    #[cfg(feature = "ssr")]
    type Who = Anyone;

    #[cfg(feature = "ssr")]
    async fn run(
        _: Anyone,
        link: TokenParam,
        _: NoInput,
        caller: crate::ssr::Caller,
    ) -> Reply<ForumStep> {
        match backend::forum::people::use_link(&caller.ctx, &link.token).await {
            Ok(Some(used)) => Reply::LogIn {
                session: crate::ssr::SessionChange::ForumLoggedIn(used.login),
                then: Then::Done(ForumStep::LoggedIn { back: used.back }),
            },
            Ok(None) => Reply::Page(400),
            Err(error) => Reply::failed("forum login link", error),
        }
    }

    fn next(_: &TokenParam, step: &ForumStep) -> String {
        step.next()
    }
}

/// Logs out of the forum (the dashboard's login, if any, stays). Open to anyone: a banned
/// person logs out too, and without a forum login it changes nothing.
pub struct ForumLogOut;

impl Action for ForumLogOut {
    const ID: &'static str = "forum-log-out";
    const PATH: &'static str = LOGOUT_PATH;
    const EXAMPLE: &'static str = LOGOUT_PATH;
    type Params = NoParams;
    type Input = NoInput;
    type Outcome = ();

    fn examples() -> Vec<NoInput> {
        vec![NoInput {}]
    }

    #[cfg(feature = "ssr")]
    type Who = crate::actions::Anyone;

    #[cfg(feature = "ssr")]
    async fn run(
        _: crate::actions::Anyone,
        _: NoParams,
        _: NoInput,
        caller: crate::ssr::Caller,
    ) -> Reply<()> {
        let login: Option<String> = match caller.session() {
            Some(session) => session
                .get(crate::ssr::SESSION_FORUM_LOGIN)
                .await
                .ok()
                .flatten(),
            None => None,
        };
        // Without a forum login, nothing to end: the session stays as it is.
        let Some(login) = login else {
            return Reply::Done(());
        };
        if let Err(error) = backend::forum::people::log_out(&caller.ctx, &login).await {
            return Reply::failed("forum log out", error);
        }
        Reply::LogIn {
            session: crate::ssr::SessionChange::ForumLoggedOut,
            then: Then::Done(()),
        }
    }

    fn next(_: &NoParams, (): &()) -> String {
        "/forum".to_string()
    }
}

/// Who is logged in, and the button to log out.
#[component]
pub fn MemberBar(member: MemberView) -> impl IntoView {
    let i18n = use_i18n();
    let said = match member.pseudonym {
        Some(name) => i18n.ta("forum-logged-in-as", &[("name", name.into())]),
        None => i18n.t("forum-logged-in"),
    };
    let notifications = i18n.ta(
        "forum-my-notifications",
        &[("n", crate::i18n::Arg::Num(member.unread))],
    );
    let banned = member
        .sanction
        .as_ref()
        .is_some_and(|s| s.kind == common::states::SanctionKind::Ban);
    let sanction = member.sanction.map(|s| {
        let key = format!("forum-sanctioned-{}", s.kind);
        view! {
            <div class="notice notice-warning" role="status" id="forum-sanction">
                <p>{i18n.ta(&key, &[("until", s.last_day.into())])}</p>
                <p>{i18n.ta("forum-sanctioned-reason", &[("reason", s.reason.into())])}</p>
            </div>
        }
    });
    let held = (member.held && sanction.is_none()).then(|| {
        view! {
            <div class="notice" id="forum-held">
                <p>{i18n.t("forum-held-notice")}</p>
                <p><a href=common::forum::PENDING_PATH>{i18n.t("forum-pending-title")}</a></p>
            </div>
        }
    });
    view! {
        <div class="member-bar">
            <p>{said}</p>
            {(!banned).then(|| view! {
                <p class="member-links">
                    <a href=super::NOTIFICATIONS_PATH>{notifications}</a>
                    " · "
                    <a href=super::ACCOUNT_PATH>{i18n.t("forum-account-title")}</a>
                </p>
            })}
            <ActionForm<ForumLogOut> params=NoParams {}>
                <button type="submit" class="button button-secondary">{i18n.t("forum-log-out")}</button>
            </ActionForm<ForumLogOut>>
        </div>
        {sanction}
        {held}
    }
}

#[component]
pub fn ForumLoginPage() -> impl IntoView {
    let i18n = use_i18n();
    let has_errors = !posted::<PostedValues>().errors.is_empty();
    let title = title_with_errors("forum-login-title", has_errors);
    let me = Resource::new_blocking(|| (), |()| forum_me());
    view! {
        <PageTitle text=title/>
        <NoIndex/>
        <h1>{i18n.t("forum-login-title")}</h1>
        <StepSaid/>
        <p class="lead">{i18n.t("forum-login-lead")}</p>
        <Suspense>
            {move || Suspend::new(async move {
                match me.await {
                    Ok(Some(member)) => view! { <MemberBar member/> }.into_any(),
                    _ => ().into_any(),
                }
            })}
        </Suspense>
        <section aria-labelledby="forum-login-space-title">
            <h2 id="forum-login-space-title">{i18n.t("forum-login-with-space")}</h2>
            <p>{i18n.t("forum-login-with-space-text")}</p>
            <SpaceAddressForm own_page=false/>
        </section>
        <section aria-labelledby="forum-login-email-title">
            <h2 id="forum-login-email-title">{i18n.t("forum-login-by-email")}</h2>
            <KitForm<ForumLogin> values=ForumLogin { email: String::new(), retour: asked_return() }/>
        </section>
    }
}

#[component]
pub fn ForumLinkSentPage() -> impl IntoView {
    view! {
        <NoIndex/>
        <Notice
            title="forum-link-sent-title"
            paragraphs=&["forum-link-sent-text", "newsletter-thanks-spam"]
            link=("/forum", "forum-back")
        />
    }
}

/// Whether a forum login link would work. Reads only: the page asks before its button.
#[leptos::server(prefix = "/api", endpoint = "forum/link-valid")]
pub async fn forum_link_is_valid(token: String) -> Result<bool, ServerFnError> {
    let caller = crate::ssr::caller().await?;
    backend::forum::people::link_is_valid(&caller.ctx, &token)
        .await
        .map_err(|error| crate::ssr::server_error("forum login link check", error))
}

#[component]
fn Expired() -> impl IntoView {
    view! {
        <Notice
            title="forum-link-invalid-title"
            paragraphs=&["forum-link-invalid-text"]
            link=(LOGIN_PATH, "forum-login-again")
        />
    }
}

#[component]
pub fn ForumLinkPage() -> impl IntoView {
    view! {
        <NoIndex/>
        <TokenPage<UseForumLink, _, _>
            check=forum_link_is_valid
            title="forum-link-title"
            text="forum-link-text"
            submit="forum-link-submit"
            invalid=|| view! { <Expired/> }.into_any()
        />
    }
}
