//! Handing over a space: the referent offers their role to another member (a mail asks that
//! member to confirm, on a page whose button does it), and may withdraw the offer while it is
//! open. Only the referent on file offers the role; a co-administrator sees who holds it.

use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};
use serde::{Deserialize, Serialize};

use super::nav::{dashboard_page, DashboardNav};
use super::paths::{handover, members, HANDOVER_ACCEPT_PATH, HANDOVER_PATH};
#[cfg(feature = "ssr")]
use crate::actions::Reply;
use crate::actions::{
    address, outcome_in, outcome_query, sent, Action, NoInput, SlugParam, TokenParam,
};
use crate::components::action_form::ActionForm;
use crate::components::fields::{ErrorSummary, SelectField};
use crate::components::form::posted;
use crate::components::title::{title_with_errors, PageTitle};
use crate::forms::PostedValues;
#[cfg(feature = "ssr")]
use crate::forms::{ErrorCode, FormErrors};
use crate::i18n::{use_i18n, Arg};

/// An open offer of the role.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfferRow {
    pub to_name: String,
    pub to_uid: String,
    pub until: String,
}

/// What the page shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HandoverView {
    pub slug: String,
    pub address: String,
    pub referent_name: Option<String>,
    pub is_referent: bool,
    pub offer: Option<OfferRow>,
    /// `(login, name)` of the members the role may go to; `None`: the space did not answer.
    pub candidates: Option<Vec<(String, String)>>,
    pub days: i32,
}

#[leptos::server(prefix = "/api", endpoint = "spaces/handover")]
pub async fn space_handover(
    #[server(default)] slug: String,
) -> Result<Option<HandoverView>, ServerFnError> {
    use backend::referents::handover::{candidates, role, OFFER_DAYS};
    let caller = crate::ssr::caller().await?;
    let referent = caller
        .referent_of(&slug)
        .map_err(|d| d.into_server_error())?;
    let ctx = &caller.ctx;
    let role = role(ctx, &referent)
        .await
        .map_err(|e| crate::ssr::server_error("dashboard handover", e))?;
    let candidates = if role.is_referent {
        candidates(ctx, &referent).await.ok().map(|all| {
            all.into_iter()
                .map(|m| (m.uid, m.display_name))
                .collect::<Vec<_>>()
        })
    } else {
        Some(Vec::new())
    };
    let lang = caller.lang;
    Ok(Some(HandoverView {
        slug: referent.slug().to_string(),
        address: ctx.settings.site.space_address(referent.slug()),
        referent_name: role.referent_name,
        is_referent: role.is_referent,
        offer: role.offer.map(|o| OfferRow {
            to_name: o.to_name,
            to_uid: o.to_uid,
            until: backend::i18n::long_date(lang, o.expires_at.naive_utc()),
        }),
        candidates,
        days: OFFER_DAYS,
    }))
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum HandoverButton {
    #[default]
    Offer,
    Withdraw,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct HandoverInput {
    pub action: HandoverButton,
    /// The member's login.
    pub member: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum HandoverOutcome {
    Offered,
    Withdrawn,
    /// No offer was open.
    NoOffer,
    /// Only the referent on file hands the role over.
    NotReferent,
    NotActive,
    /// The space did not answer: nothing was done.
    NotReached,
}

impl HandoverOutcome {
    fn key(self) -> &'static str {
        match self {
            HandoverOutcome::Offered => "handover-offered",
            HandoverOutcome::Withdrawn => "handover-withdrawn",
            HandoverOutcome::NoOffer => "handover-no-offer",
            HandoverOutcome::NotReferent => "handover-not-referent",
            HandoverOutcome::NotActive => "settings-not-active",
            HandoverOutcome::NotReached => "handover-not-reached",
        }
    }
}

pub struct HandoverAction;

impl Action for HandoverAction {
    const ID: &'static str = "space-handover";
    const PATH: &'static str = HANDOVER_PATH;
    const EXAMPLE: &'static str = "/espace/les-amis/passer-la-main";
    const TEXT_FIELDS: &'static [&'static str] = &["member"];
    type Params = SlugParam;
    type Input = HandoverInput;
    type Outcome = HandoverOutcome;

    fn examples() -> Vec<HandoverInput> {
        vec![
            HandoverInput {
                action: HandoverButton::Offer,
                member: "dominique".into(),
            },
            HandoverInput {
                action: HandoverButton::Withdraw,
                member: String::new(),
            },
        ]
    }

    #[cfg(feature = "ssr")]
    type Who = backend::referents::Referent;

    #[cfg(feature = "ssr")]
    async fn run(
        who: backend::referents::Referent,
        _: SlugParam,
        input: HandoverInput,
        caller: crate::ssr::Caller,
    ) -> Reply<HandoverOutcome> {
        use backend::referents::handover::{offer, withdraw, OfferRefusal};
        use backend::referents::members::Refusal;
        let ctx = &caller.ctx;
        let field = |code| Reply::Invalid(FormErrors::field_error("member", code));
        match input.action {
            HandoverButton::Offer => {
                let uid = input.member.trim();
                if uid.is_empty() {
                    return field(ErrorCode::HandoverMember);
                }
                match offer(ctx, &who, uid).await {
                    Ok(()) => Reply::Done(HandoverOutcome::Offered),
                    Err(OfferRefusal::NotReferent) => Reply::Done(HandoverOutcome::NotReferent),
                    Err(OfferRefusal::Disabled) => field(ErrorCode::HandoverDisabled),
                    Err(OfferRefusal::NoEmail) => field(ErrorCode::HandoverNoEmail),
                    Err(OfferRefusal::Member(Refusal::NoSuchMember | Refusal::Yourself)) => {
                        field(ErrorCode::HandoverMember)
                    }
                    Err(OfferRefusal::Member(Refusal::NotActive)) => {
                        Reply::Done(HandoverOutcome::NotActive)
                    }
                    Err(OfferRefusal::Member(r)) if r.not_reached() => {
                        Reply::Done(HandoverOutcome::NotReached)
                    }
                    Err(e) => Reply::failed("dashboard handover", e),
                }
            }
            HandoverButton::Withdraw => match withdraw(ctx, &who).await {
                Ok(true) => Reply::Done(HandoverOutcome::Withdrawn),
                Ok(false) => Reply::Done(HandoverOutcome::NoOffer),
                Err(OfferRefusal::NotReferent) => Reply::Done(HandoverOutcome::NotReferent),
                Err(e) => Reply::failed("dashboard handover withdrawal", e),
            },
        }
    }

    fn next(params: &SlugParam, outcome: &HandoverOutcome) -> String {
        outcome_query(&handover(&params.slug), outcome)
    }
}

/// The form that offers the role, or why there is none.
#[component]
fn OfferForm(v: HandoverView) -> impl IntoView {
    let i18n = use_i18n();
    let posted = posted::<PostedValues>();
    let member = RwSignal::new(posted.values.get("member").cloned().unwrap_or_default());
    let errors = RwSignal::new(posted.errors.clone());
    let body = match v.candidates.clone() {
        None => view! { <p class="notice notice-error">{i18n.t("handover-unreached")}</p> }.into_any(),
        Some(c) if c.is_empty() => view! {
            <p>{i18n.t("handover-nobody")}" "<a href=members(&v.slug)>{i18n.t("handover-members-link")}</a></p>
        }
        .into_any(),
        Some(c) => {
            let mut options = vec![(String::new(), i18n.t("handover-choose"))];
            options.extend(c.into_iter().map(|(uid, name)| (uid.clone(), format!("{name} ({uid})"))));
            view! {
                <ActionForm<HandoverAction> params=SlugParam { slug: v.slug.clone() } class="form" errors=Some(errors)>
                    <input type="hidden" name="action" value=sent(&HandoverButton::Offer)/>
                    <ErrorSummary errors field_id=|f: &str| format!("handover-{f}")/>
                    <SelectField
                        id="handover-member".into()
                        name="member"
                        label=i18n.t("handover-member")
                        hint=i18n.ta("handover-member-hint", &[("days", Arg::from(v.days as usize))])
                        options=vec![(None, options)]
                        value=member
                        errors
                        on_change=Callback::new(|()| ())
                    />
                    <button type="submit" class="button">{i18n.t("handover-submit")}</button>
                </ActionForm<HandoverAction>>
            }
            .into_any()
        }
    };
    view! { {body} }
}

#[component]
fn Handover(v: HandoverView, outcome: Option<HandoverOutcome>) -> impl IntoView {
    let i18n = use_i18n();
    let title = i18n.t("handover-title");
    let has_errors = !posted::<PostedValues>().errors.is_empty();
    let holder = v
        .referent_name
        .clone()
        .unwrap_or_else(|| i18n.t("handover-nobody-on-file"));
    let offer = v.offer.clone().map(|o| {
        view! {
            <div class="notice" role="status">
                <p>{i18n.ta("handover-open", &[("name", Arg::from(&o.to_name)), ("login", Arg::from(&o.to_uid)), ("date", Arg::from(&o.until))])}</p>
            </div>
            {v.is_referent.then(|| view! {
                <ActionForm<HandoverAction> params=SlugParam { slug: v.slug.clone() } class="inline-form">
                    <input type="hidden" name="action" value=sent(&HandoverButton::Withdraw)/>
                    <button type="submit" class="button button-secondary">{i18n.t("handover-withdraw")}</button>
                </ActionForm<HandoverAction>>
            })}
        }
    });
    let form = if v.is_referent {
        view! {
            <p>{i18n.t("handover-text")}</p>
            <OfferForm v=v.clone()/>
        }
        .into_any()
    } else {
        view! { <p>{i18n.ta("handover-only-referent", &[("name", Arg::from(&holder))])}</p> }
            .into_any()
    };
    view! {
        <PageTitle text=title_with_errors("handover-title", has_errors)/>
        <DashboardNav slug=v.slug.clone() current="handover"/>
        {outcome.map(|o| view! {
            <div class="notice" role="status" tabindex="-1" id="handover-outcome" autofocus>
                <p>{i18n.t(o.key())}</p>
            </div>
        })}
        <h1>{title}</h1>
        <section class="panel" aria-labelledby="handover-role-title">
            <h2 id="handover-role-title">{i18n.t("handover-role-title")}</h2>
            <p>{i18n.ta("handover-holder", &[("name", Arg::from(&holder))])}</p>
            {offer}
            {form}
        </section>
    }
}

#[component]
pub fn SpaceHandoverPage() -> impl IntoView {
    dashboard_page(space_handover, |v, outcome: Option<HandoverOutcome>| {
        view! { <Handover v outcome/> }.into_any()
    })
}

/// An open offer, as its link's page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfferedView {
    pub address: String,
    pub from_name: String,
    pub to_name: String,
    pub to_uid: String,
    pub until: String,
}

#[leptos::server(prefix = "/api", endpoint = "spaces/handover-offer")]
pub async fn handover_offer(
    #[server(default)] token: String,
) -> Result<Option<OfferedView>, ServerFnError> {
    let caller = crate::ssr::caller().await?;
    let found = backend::referents::handover::offered(&caller.ctx, &token)
        .await
        .map_err(|e| crate::ssr::server_error("handover offer", e))?;
    let lang = caller.lang;
    Ok(found.map(|o| OfferedView {
        address: o.address,
        from_name: o.from_name,
        to_name: o.to_name,
        to_uid: o.to_uid,
        until: backend::i18n::long_date(lang, o.expires_at.naive_utc()),
    }))
}

/// What came of a confirmation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AcceptOutcome {
    Done { espace: String },
    Gone,
    NotMember,
    NotReached,
}

/// The button of the offer's page.
pub struct AcceptHandoverAction;

impl Action for AcceptHandoverAction {
    const ID: &'static str = "space-handover-accept";
    const PATH: &'static str = HANDOVER_ACCEPT_PATH;
    const EXAMPLE: &'static str = "/espace/transmission/lien-inconnu";
    type Params = TokenParam;
    type Input = NoInput;
    type Outcome = AcceptOutcome;

    fn examples() -> Vec<NoInput> {
        vec![NoInput {}]
    }

    #[cfg(feature = "ssr")]
    type Who = crate::actions::Anyone;

    #[cfg(feature = "ssr")]
    async fn run(
        _: crate::actions::Anyone,
        params: TokenParam,
        _: NoInput,
        caller: crate::ssr::Caller,
    ) -> Reply<AcceptOutcome> {
        use backend::referents::handover::{accept, Accepted};
        Reply::Done(match accept(&caller.ctx, &params.token).await {
            Ok(Accepted::Done { address, .. }) => AcceptOutcome::Done { espace: address },
            Ok(Accepted::Gone) => AcceptOutcome::Gone,
            Ok(Accepted::NotMember) => AcceptOutcome::NotMember,
            Ok(Accepted::NotReached) => AcceptOutcome::NotReached,
            Err(error) => return Reply::failed("handover accept", error),
        })
    }

    fn next(params: &TokenParam, outcome: &AcceptOutcome) -> String {
        outcome_query(&address::<Self>(params), outcome)
    }
}

#[component]
pub fn HandoverAcceptPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let token = move || params.with(|p| p.get("token").unwrap_or_default());
    let data = crate::actions::page_data(token, handover_offer);
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                let i18n = use_i18n();
                let outcome = query.with(outcome_in::<AcceptOutcome>);
                let button = |o: OfferedView| view! {
                    <p class="lead">{i18n.ta("handover-accept-lead", &[("from", Arg::from(&o.from_name)), ("name", Arg::from(&o.to_name)), ("login", Arg::from(&o.to_uid)), ("address", Arg::from(&o.address))])}</p>
                    <p>{i18n.t("handover-accept-what")}</p>
                    <p>{i18n.ta("handover-accept-until", &[("date", Arg::from(&o.until))])}</p>
                    <ActionForm<AcceptHandoverAction> params=TokenParam { token: token() } class="inline-form">
                        <button type="submit" class="button">{i18n.t("handover-accept-submit")}</button>
                    </ActionForm<AcceptHandoverAction>>
                };
                let body = match (outcome, data.await) {
                    (Some(AcceptOutcome::Done { espace }), _) => {
                        let slug = espace.split('.').next().unwrap_or_default().to_string();
                        view! {
                            <div class="notice" role="status"><p>{i18n.ta("handover-accepted", &[("address", Arg::from(&espace))])}</p></div>
                            <p><a class="button" href=format!("{}?espace={slug}", super::paths::LOGIN_PATH)>{i18n.t("handover-accepted-login")}</a></p>
                        }
                        .into_any()
                    }
                    (Some(AcceptOutcome::NotReached), Ok(Some(o))) => view! {
                        <p class="notice notice-error" role="alert">{i18n.t("handover-accept-not-reached")}</p>
                        {button(o)}
                    }
                    .into_any(),
                    (Some(AcceptOutcome::NotMember), _) => view! { <p class="notice notice-error">{i18n.t("handover-accept-not-member")}</p> }.into_any(),
                    (Some(_), _) | (None, Ok(None)) => view! { <p class="notice notice-error">{i18n.t("handover-accept-gone")}</p> }.into_any(),
                    (None, Ok(Some(o))) => button(o).into_any(),
                    (None, Err(_)) => view! { <crate::pages::site::errors::ErrorView status=500/> }.into_any(),
                };
                view! {
                    <PageTitle text=i18n.t("handover-accept-title")/>
                    <h1>{i18n.t("handover-accept-title")}</h1>
                    {body}
                }
            })}
        </Suspense>
    }
}
