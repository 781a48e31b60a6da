//! Joining a space by an invitation link: the link's public page asks for a name and an
//! e-mail (or says plainly that the link expired, was revoked or is used up); a mail asks to
//! confirm the address; its link opens a page whose button confirms and makes the account,
//! within the space's limit; the page then says how to choose one's password.

use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};
use serde::{Deserialize, Serialize};

use super::paths::{JOIN_CONFIRM_PATH, JOIN_PATH};
use crate::actions::{address, outcome_in, outcome_query, Action, NoInput, TokenParam};
#[cfg(feature = "ssr")]
use crate::actions::{Anyone, Reply};
use crate::components::action_form::ActionForm;
use crate::components::fields::{ErrorSummary, TextField};
use crate::components::form::posted;
use crate::components::title::{title_with_errors, PageTitle};
#[cfg(feature = "ssr")]
use crate::forms::FormErrors;
use crate::forms::PostedValues;
use crate::i18n::{use_i18n, Arg};

/// What a link's address leads to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum LinkView {
    Open { space: String, address: String },
    Expired,
    Revoked,
    UsedUp,
    Unknown,
}

#[leptos::server(prefix = "/api", endpoint = "spaces/join-link")]
pub async fn join_link(#[server(default)] token: String) -> Result<LinkView, ServerFnError> {
    use backend::referents::invitations::{link, Link, LinkState};
    let caller = crate::ssr::caller().await?;
    let found = link(&caller.ctx, &token)
        .await
        .map_err(|e| crate::ssr::server_error("invitation link", e))?;
    Ok(match found {
        Link::Open { space, address } => LinkView::Open { space, address },
        Link::Closed(LinkState::Expired) => LinkView::Expired,
        Link::Closed(LinkState::Revoked) => LinkView::Revoked,
        Link::Closed(LinkState::UsedUp) => LinkView::UsedUp,
        // No such link (or its space closed): gone, with nowhere to follow.
        Link::Closed(LinkState::Open) | Link::Unknown => {
            crate::ssr::gone();
            LinkView::Unknown
        }
    })
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct JoinInput {
    pub name: String,
    pub email: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum JoinOutcome {
    /// The mail that confirms the address is on its way.
    Sent,
    /// The link closed meanwhile: its page says how.
    Closed,
}

/// The link's form: a name and an e-mail.
pub struct JoinAction;

impl Action for JoinAction {
    const ID: &'static str = "space-join";
    const PATH: &'static str = JOIN_PATH;
    const EXAMPLE: &'static str = "/espace/rejoindre/lien-inconnu";
    const TEXT_FIELDS: &'static [&'static str] = &["name", "email"];
    type Params = TokenParam;
    type Input = JoinInput;
    type Outcome = JoinOutcome;

    fn examples() -> Vec<JoinInput> {
        vec![JoinInput {
            name: "Camille".into(),
            email: "camille@example.org".into(),
        }]
    }

    #[cfg(feature = "ssr")]
    type Who = Anyone;

    #[cfg(feature = "ssr")]
    async fn run(
        _: Anyone,
        params: TokenParam,
        input: JoinInput,
        caller: crate::ssr::Caller,
    ) -> Reply<JoinOutcome> {
        use crate::forms::ErrorCode;
        use backend::referents::invitations::{ask, Asked};
        let mut errors = FormErrors::default();
        let name = match common::application::clean_line(&input.name, 200) {
            Ok(n) if n.is_empty() => Err(ErrorCode::Required),
            Ok(n) if n.chars().count() > 64 => Err(ErrorCode::NameTooLong),
            other => other,
        };
        if let Err(code) = &name {
            errors.set_field("name", *code);
        }
        let email = common::Email::parse(&input.email);
        if let Err(code) = &email {
            errors.set_field("email", *code);
        }
        let (Ok(name), Ok(email)) = (name, email) else {
            return Reply::Invalid(errors);
        };
        match ask(
            &caller.ctx,
            &params.token,
            &name,
            &email,
            caller.lang,
            &caller.client,
        )
        .await
        {
            Ok(Asked::Sent) => Reply::Done(JoinOutcome::Sent),
            Ok(Asked::Link(_)) => Reply::Done(JoinOutcome::Closed),
            Err(backend::Error::RateLimited) => {
                Reply::Invalid(FormErrors::form(ErrorCode::RateLimited))
            }
            Err(error) => Reply::failed("invitation ask", error),
        }
    }

    fn next(params: &TokenParam, outcome: &JoinOutcome) -> String {
        outcome_query(&address::<Self>(params), outcome)
    }
}

/// A request waiting for its confirmation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestView {
    pub name: String,
    pub email: String,
    pub space: String,
}

#[leptos::server(prefix = "/api", endpoint = "spaces/join-request")]
pub async fn join_request(
    #[server(default)] token: String,
) -> Result<Option<RequestView>, ServerFnError> {
    let caller = crate::ssr::caller().await?;
    let found = backend::referents::invitations::request(&caller.ctx, &token)
        .await
        .map_err(|e| crate::ssr::server_error("invitation request", e))?;
    Ok(found.map(|r| RequestView {
        name: r.name,
        email: r.email,
        space: r.space,
    }))
}

/// What came of a confirmation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ConfirmOutcome {
    Joined {
        compte: String,
        espace: String,
    },
    Expired,
    Revoked,
    UsedUp,
    Full,
    NotReached,
    /// The space answered too late: the account may exist; the button again finds it.
    MaybeDone,
}

impl ConfirmOutcome {
    /// The space was not reached, or answered too late: the button may be pressed again.
    fn may_retry(&self) -> bool {
        matches!(self, ConfirmOutcome::NotReached | ConfirmOutcome::MaybeDone)
    }
}

/// The confirmation page's button.
pub struct ConfirmJoinAction;

impl Action for ConfirmJoinAction {
    const ID: &'static str = "space-join-confirm";
    const PATH: &'static str = JOIN_CONFIRM_PATH;
    const EXAMPLE: &'static str = "/espace/rejoindre/confirmer/lien-inconnu";
    type Params = TokenParam;
    type Input = NoInput;
    type Outcome = ConfirmOutcome;

    fn examples() -> Vec<NoInput> {
        vec![NoInput {}]
    }

    #[cfg(feature = "ssr")]
    type Who = Anyone;

    #[cfg(feature = "ssr")]
    async fn run(
        _: Anyone,
        params: TokenParam,
        _: NoInput,
        caller: crate::ssr::Caller,
    ) -> Reply<ConfirmOutcome> {
        use backend::referents::invitations::{join, Joined, LinkState};
        Reply::Done(match join(&caller.ctx, &params.token).await {
            Ok(Joined::Done { uid, address } | Joined::Already { uid, address }) => {
                ConfirmOutcome::Joined {
                    compte: uid,
                    espace: address,
                }
            }
            Ok(Joined::Expired) => ConfirmOutcome::Expired,
            Ok(Joined::Closed(LinkState::Revoked)) => ConfirmOutcome::Revoked,
            Ok(Joined::Closed(LinkState::UsedUp)) => ConfirmOutcome::UsedUp,
            Ok(Joined::Closed(_)) => ConfirmOutcome::Expired,
            Ok(Joined::Full) => ConfirmOutcome::Full,
            Ok(Joined::NotReached) => ConfirmOutcome::NotReached,
            Ok(Joined::MaybeDone) => ConfirmOutcome::MaybeDone,
            Err(error) => return Reply::failed("invitation join", error),
        })
    }

    fn next(params: &TokenParam, outcome: &ConfirmOutcome) -> String {
        outcome_query(&address::<Self>(params), outcome)
    }
}

fn closed_key(link: &LinkView) -> &'static str {
    match link {
        LinkView::Expired => "join-expired",
        LinkView::Revoked => "join-revoked",
        LinkView::UsedUp => "join-used-up",
        LinkView::Open { .. } | LinkView::Unknown => "join-unknown",
    }
}

#[component]
fn JoinForm(token: String, space: String, address: String) -> impl IntoView {
    let i18n = use_i18n();
    let posted = posted::<PostedValues>();
    let kept = |name: &str| RwSignal::new(posted.values.get(name).cloned().unwrap_or_default());
    let (name, email) = (kept("name"), kept("email"));
    let errors = RwSignal::new(posted.errors.clone());
    view! {
        <p class="lead">{i18n.ta("join-lead", &[("space", Arg::from(&space)), ("address", Arg::from(&address))])}</p>
        <ActionForm<JoinAction> params=TokenParam { token } class="form" errors=Some(errors)>
            <ErrorSummary errors field_id=|f: &str| format!("join-{f}")/>
            <TextField
                id="join-name"
                name="name"
                label=i18n.t("join-name")
                hint=i18n.t("join-name-hint")
                autocomplete="name"
                value=name
                errors
                on_change=Callback::new(|()| ())
                node_ref=NodeRef::new()
            />
            <TextField
                id="join-email"
                name="email"
                label=i18n.t("join-email")
                hint=i18n.t("join-email-hint")
                input_type="email"
                autocomplete="email"
                value=email
                errors
                on_change=Callback::new(|()| ())
                node_ref=NodeRef::new()
            />
            <button type="submit" class="button">{i18n.t("join-submit")}</button>
        </ActionForm<JoinAction>>
    }
}

#[component]
pub fn JoinPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let token = move || params.with(|p| p.get("token").unwrap_or_default());
    let data = crate::actions::page_data(token, join_link);
    let has_errors = !posted::<PostedValues>().errors.is_empty();
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                let i18n = use_i18n();
                let outcome = query.with(outcome_in::<JoinOutcome>);
                let body = match (outcome, data.await) {
                    (Some(JoinOutcome::Sent), _) => view! {
                        <div class="notice" role="status"><p>{i18n.t("join-sent")}</p></div>
                        <p>{i18n.t("join-sent-spam")}</p>
                    }.into_any(),
                    (_, Ok(LinkView::Open { space, address })) => view! { <JoinForm token=token() space address/> }.into_any(),
                    (_, Ok(closed)) => view! { <p class="notice notice-error">{i18n.t(closed_key(&closed))}</p> }.into_any(),
                    (_, Err(_)) => view! { <crate::pages::site::errors::ErrorView status=500/> }.into_any(),
                };
                view! {
                    <PageTitle text=title_with_errors("join-title", has_errors)/>
                    <h1>{i18n.t("join-title")}</h1>
                    {body}
                }
            })}
        </Suspense>
    }
}

fn confirm_key(outcome: &ConfirmOutcome) -> &'static str {
    match outcome {
        ConfirmOutcome::Joined { .. } => "join-joined",
        ConfirmOutcome::Expired => "join-confirm-expired",
        ConfirmOutcome::Revoked => "join-revoked",
        ConfirmOutcome::UsedUp => "join-used-up",
        ConfirmOutcome::Full => "join-full",
        ConfirmOutcome::NotReached => "join-not-reached",
        ConfirmOutcome::MaybeDone => "join-maybe-done",
    }
}

#[component]
pub fn JoinConfirmPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let token = move || params.with(|p| p.get("token").unwrap_or_default());
    let data = crate::actions::page_data(token, join_request);
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                let i18n = use_i18n();
                let outcome = query.with(outcome_in::<ConfirmOutcome>);
                let button = |r: RequestView| view! {
                    <p class="lead">{i18n.ta("join-confirm-lead", &[("name", Arg::from(&r.name)), ("email", Arg::from(&r.email)), ("space", Arg::from(&r.space))])}</p>
                    <ActionForm<ConfirmJoinAction> params=TokenParam { token: token() } class="inline-form">
                        <button type="submit" class="button">{i18n.t("join-confirm-submit")}</button>
                    </ActionForm<ConfirmJoinAction>>
                };
                let body = match (outcome, data.await) {
                    (Some(ConfirmOutcome::Joined { compte, espace }), _) => view! {
                        <div class="notice" role="status">
                            <p>{i18n.ta("join-joined", &[("login", Arg::from(&compte)), ("address", Arg::from(&espace))])}</p>
                        </div>
                        <p>{i18n.t("join-joined-password")}</p>
                        <p><a class="button" href=format!("https://{espace}") rel="external">{i18n.t("join-open")}</a></p>
                    }.into_any(),
                    // Not reached, or reached too late: said, and the button again.
                    (Some(o), Ok(Some(r))) if o.may_retry() => view! {
                        <p class="notice notice-error" role="alert">{i18n.t(confirm_key(&o))}</p>
                        {button(r)}
                    }.into_any(),
                    (Some(other), _) => view! { <p class="notice notice-error">{i18n.t(confirm_key(&other))}</p> }.into_any(),
                    (None, Ok(Some(r))) => button(r).into_any(),
                    (None, Ok(None)) => view! { <p class="notice notice-error">{i18n.t("join-confirm-expired")}</p> }.into_any(),
                    (None, Err(_)) => view! { <crate::pages::site::errors::ErrorView status=500/> }.into_any(),
                };
                view! {
                    <PageTitle text=i18n.t("join-confirm-title")/>
                    <h1>{i18n.t("join-confirm-title")}</h1>
                    {body}
                }
            })}
        </Suspense>
    }
}
