//! The invitation links of a space's dashboard: make a link that lasts a day, a week or a
//! month and serves up to a number of people, see who joined by which link, revoke one.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::nav::{dashboard_page, DashboardNav};
use super::paths::{invitations, INVITATIONS_PATH};
#[cfg(feature = "ssr")]
use crate::actions::Reply;
use crate::actions::{outcome_query, sent, Action, SlugParam};
use crate::components::action_form::ActionForm;
use crate::components::fields::{ErrorSummary, TextField};
use crate::components::form::posted;
use crate::components::title::PageTitle;
use crate::forms::PostedValues;
use crate::i18n::{use_i18n, Arg};

/// Where a link stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum LinkStatus {
    Open,
    Expired,
    Revoked,
    UsedUp,
}

/// Someone who joined by a link.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct JoinerRow {
    pub name: String,
    pub uid: String,
    pub when: String,
}

/// A link, as the page lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkRow {
    pub id: i64,
    pub url: Option<String>,
    pub created_by: String,
    pub created: String,
    pub expires: String,
    pub max_uses: i32,
    pub uses: i32,
    pub status: LinkStatus,
    pub joined: Vec<JoinerRow>,
}

/// What the invitations page shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct InvitationsView {
    pub slug: String,
    pub address: String,
    pub links: Vec<LinkRow>,
    pub days: Vec<u32>,
    pub max_uses: u32,
}

#[leptos::server(prefix = "/api", endpoint = "spaces/invitations")]
pub async fn space_invitations(
    #[server(default)] slug: String,
) -> Result<Option<InvitationsView>, ServerFnError> {
    use backend::referents::invitations::{self, LinkState};
    let caller = crate::ssr::caller().await?;
    let referent = caller
        .referent_of(&slug)
        .map_err(|d| d.into_server_error())?;
    let ctx = &caller.ctx;
    let lang = caller.lang;
    let when = |t| backend::i18n::long_date_time(lang, t);
    let links = invitations::list(ctx, &referent)
        .await
        .map_err(|e| crate::ssr::server_error("dashboard invitations", e))?
        .into_iter()
        .map(|i| LinkRow {
            id: i.id,
            url: i.url,
            created_by: i.created_by,
            created: when(i.created_at),
            expires: when(i.expires_at),
            max_uses: i.max_uses,
            uses: i.uses,
            status: match i.state {
                LinkState::Open => LinkStatus::Open,
                LinkState::Expired => LinkStatus::Expired,
                LinkState::Revoked => LinkStatus::Revoked,
                LinkState::UsedUp => LinkStatus::UsedUp,
            },
            joined: i
                .joined
                .into_iter()
                .map(|j| JoinerRow {
                    name: j.name,
                    uid: j.uid,
                    when: when(j.at),
                })
                .collect(),
        })
        .collect();
    Ok(Some(InvitationsView {
        address: ctx.settings.site.space_address(referent.slug()),
        slug: referent.slug().to_string(),
        links,
        days: invitations::DAYS.to_vec(),
        max_uses: invitations::MAX_USES,
    }))
}

/// The buttons of the invitations page.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum InvitationButton {
    #[default]
    Create,
    Revoke,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct InvitationInput {
    pub action: InvitationButton,
    /// Days the link lasts (a choice).
    pub days: String,
    /// At most how many people it serves.
    pub uses: String,
    /// The link revoked.
    pub id: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum InvitationOutcome {
    Created,
    Revoked,
    /// No such link, or revoked already.
    NotRevoked,
}

impl InvitationOutcome {
    fn key(self) -> &'static str {
        match self {
            InvitationOutcome::Created => "dash-invite-created",
            InvitationOutcome::Revoked => "dash-invite-revoked",
            InvitationOutcome::NotRevoked => "dash-invite-not-revoked",
        }
    }
}

pub struct InvitationsAction;

impl Action for InvitationsAction {
    const ID: &'static str = "space-invitations";
    const PATH: &'static str = INVITATIONS_PATH;
    const EXAMPLE: &'static str = "/espace/les-amis/invitations";
    const TEXT_FIELDS: &'static [&'static str] = &["days", "uses", "id"];
    type Params = SlugParam;
    type Input = InvitationInput;
    type Outcome = InvitationOutcome;

    fn examples() -> Vec<InvitationInput> {
        vec![
            InvitationInput {
                action: InvitationButton::Create,
                days: "7".into(),
                uses: "10".into(),
                id: String::new(),
            },
            InvitationInput {
                action: InvitationButton::Revoke,
                id: "1".into(),
                ..InvitationInput::default()
            },
        ]
    }

    #[cfg(feature = "ssr")]
    type Who = backend::referents::Referent;

    #[cfg(feature = "ssr")]
    async fn run(
        who: backend::referents::Referent,
        _: SlugParam,
        input: InvitationInput,
        caller: crate::ssr::Caller,
    ) -> Reply<InvitationOutcome> {
        use crate::forms::{ErrorCode, FormErrors};
        use backend::referents::invitations;
        let ctx = &caller.ctx;
        match input.action {
            InvitationButton::Create => {
                let Ok(days) = input.days.trim().parse::<u32>() else {
                    return Reply::Invalid(FormErrors::field_error(
                        "days",
                        ErrorCode::ChoiceRequired,
                    ));
                };
                if !invitations::DAYS.contains(&days) {
                    return Reply::Invalid(FormErrors::field_error(
                        "days",
                        ErrorCode::ChoiceRequired,
                    ));
                }
                let uses = match input.uses.trim().parse::<u32>() {
                    Ok(n) if (1..=invitations::MAX_USES).contains(&n) => n,
                    _ => {
                        return Reply::Invalid(FormErrors::field_error(
                            "uses",
                            ErrorCode::InvitationUsesRange,
                        ))
                    }
                };
                match invitations::create(ctx, &who, days, uses).await {
                    Ok(_) => Reply::Done(InvitationOutcome::Created),
                    Err(error) => Reply::failed("dashboard invitation", error),
                }
            }
            InvitationButton::Revoke => {
                let Ok(id) = input.id.trim().parse::<i64>() else {
                    return Reply::Done(InvitationOutcome::NotRevoked);
                };
                match invitations::revoke(ctx, &who, id).await {
                    Ok(true) => Reply::Done(InvitationOutcome::Revoked),
                    Ok(false) => Reply::Done(InvitationOutcome::NotRevoked),
                    Err(error) => Reply::failed("dashboard invitation revoke", error),
                }
            }
        }
    }

    fn next(params: &SlugParam, outcome: &InvitationOutcome) -> String {
        outcome_query(&invitations(&params.slug), outcome)
    }
}

#[component]
fn LinkItem(slug: String, l: LinkRow) -> impl IntoView {
    let i18n = use_i18n();
    let status = match l.status {
        LinkStatus::Open => i18n.ta("dash-invite-open", &[("date", Arg::from(&l.expires))]),
        LinkStatus::Expired => i18n.ta("dash-invite-expired", &[("date", Arg::from(&l.expires))]),
        LinkStatus::Revoked => i18n.t("dash-invite-revoked-state"),
        LinkStatus::UsedUp => i18n.t("dash-invite-used-up"),
    };
    let joined = l
        .joined
        .iter()
        .map(|j| {
            view! {
                <li>{i18n.ta("dash-invite-joiner", &[("name", Arg::from(&j.name)), ("login", Arg::from(&j.uid)), ("date", Arg::from(&j.when))])}</li>
            }
        })
        .collect_view();
    view! {
        <li class="invitation">
            <p>
                <strong>{i18n.ta("dash-invite-made", &[("name", Arg::from(&l.created_by)), ("date", Arg::from(&l.created))])}</strong>
            </p>
            <p>{status}" "{i18n.ta("dash-invite-uses", &[("uses", Arg::Num(i64::from(l.uses))), ("max", Arg::Num(i64::from(l.max_uses)))])}</p>
            {(l.status == LinkStatus::Open).then(|| l.url.clone().map(|url| view! {
                <p>{i18n.t("dash-invite-send")}" "<code class="address">{url}</code></p>
            }))}
            {(!l.joined.is_empty()).then(|| view! { <ul>{joined}</ul> })}
            {(l.status == LinkStatus::Open).then(|| view! {
                <ActionForm<InvitationsAction> params=SlugParam { slug: slug.clone() } class="inline-form">
                    <input type="hidden" name="action" value=sent(&InvitationButton::Revoke)/>
                    <input type="hidden" name="id" value=l.id.to_string()/>
                    <button type="submit" class="button button-secondary button-small">
                        {i18n.t("dash-invite-revoke")}
                        <span class="visually-hidden">" "{i18n.ta("dash-invite-made", &[("name", Arg::from(&l.created_by)), ("date", Arg::from(&l.created))])}</span>
                    </button>
                </ActionForm<InvitationsAction>>
            })}
        </li>
    }
}

#[component]
fn Invitations(v: InvitationsView, outcome: Option<InvitationOutcome>) -> impl IntoView {
    let i18n = use_i18n();
    let title = i18n.ta("dash-invite-title", &[("space", Arg::from(&v.address))]);
    let slug = v.slug.clone();
    let days = v
        .days
        .iter()
        .map(|d| {
            let d = *d;
            view! { <option value=d.to_string() selected=d == 7>{i18n.ta("dash-invite-days-n", &[("n", Arg::Num(i64::from(d)))])}</option> }
        })
        .collect_view();
    let posted = posted::<PostedValues>();
    let uses = RwSignal::new(
        posted
            .values
            .get("uses")
            .cloned()
            .unwrap_or_else(|| "10".into()),
    );
    let errors = RwSignal::new(posted.errors);
    let links = v
        .links
        .iter()
        .cloned()
        .map(|l| view! { <LinkItem slug=slug.clone() l/> })
        .collect_view();
    view! {
        <PageTitle text=title.clone()/>
        <DashboardNav slug=slug.clone() current="invitations"/>
        {outcome.map(|o| view! {
            <div class="notice" role="status" tabindex="-1" id="invitations-outcome" autofocus>
                <p>{i18n.t(o.key())}</p>
            </div>
        })}
        <h1>{title}</h1>
        <p class="lead">{i18n.t("dash-invite-lead")}</p>
        <section class="panel" aria-labelledby="new-link-title">
            <h2 id="new-link-title">{i18n.t("dash-invite-new")}</h2>
            <ActionForm<InvitationsAction> params=SlugParam { slug: slug.clone() } class="form" errors=Some(errors)>
                <input type="hidden" name="action" value=sent(&InvitationButton::Create)/>
                <ErrorSummary errors field_id=|f: &str| format!("invite-{f}")/>
                <div class="field">
                    <label for="invite-days">{i18n.t("dash-invite-days")}</label>
                    <select id="invite-days" name="days">{days}</select>
                </div>
                <TextField
                    id="invite-uses"
                    name="uses"
                    label=i18n.t("dash-invite-max")
                    hint=i18n.ta("dash-invite-max-hint", &[("max", Arg::Num(i64::from(v.max_uses)))])
                    numeric=true
                    value=uses
                    errors
                    on_change=Callback::new(|()| ())
                    node_ref=NodeRef::new()
                />
                <button type="submit" class="button">{i18n.t("dash-invite-create")}</button>
            </ActionForm<InvitationsAction>>
        </section>
        <section class="panel" aria-labelledby="links-title">
            <h2 id="links-title">{i18n.t("dash-invite-links")}</h2>
            {if v.links.is_empty() {
                view! { <p>{i18n.t("dash-invite-none")}</p> }.into_any()
            } else {
                view! { <ul class="invitations">{links}</ul> }.into_any()
            }}
        </section>
    }
}

#[component]
pub fn SpaceInvitationsPage() -> impl IntoView {
    dashboard_page(
        space_invitations,
        |v, outcome: Option<InvitationOutcome>| view! { <Invitations v outcome/> }.into_any(),
    )
}
