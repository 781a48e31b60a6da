//! A space's dashboard, its overview: the space's address and a button to open it, its
//! state (active, suspended with the reason, being deleted with the date and a button that
//! cancels), accounts and storage used of their limits (in words, with a warning at 80 %
//! and 95 %), the first steps and the members' welcome page ([`super::first_steps`]), the
//! office suite, the last check, and where to find help. The figures come from the sweep, so
//! the page renders whether or not the space answers; the referent may have them read again
//! now, at most once a minute. Its buttons are [`super::dashboard`]'s action.

use common::states::{FirstStep, SpaceHealth, SpaceState};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::dashboard::{DashboardAction, DashboardButton, DashboardOutcome};
use super::first_steps::{FirstSteps, StepDone, WelcomeAddress};
use super::nav::{dashboard_page, DashboardNav};
use crate::actions::{sent, SlugParam};
use crate::components::action_form::ActionForm;
use crate::components::title::PageTitle;
use crate::i18n::{use_i18n, Arg, I18n};

/// What the overview shows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OverviewView {
    pub slug: String,
    pub url: String,
    /// Who is logged in (their name in Nextcloud).
    pub who: String,
    pub state: SpaceState,
    pub suspend_reason: Option<String>,
    /// When a deletion asked will be done, in words.
    pub delete_after: Option<String>,
    pub office: String,
    pub accounts: Option<i32>,
    pub accounts_limit: u32,
    pub storage_used: Option<i64>,
    pub quota_bytes: i64,
    /// When the space was last checked, in words.
    pub checked: Option<String>,
    pub health: Option<SpaceHealth>,
    pub help_email: String,
    pub forum_url: String,
    /// « Poser une question » on the forum, with the space's versions
    /// (`crate::pages::forum::details`).
    pub ask: String,
    /// The first steps, in order.
    pub steps: Vec<(FirstStep, StepDone)>,
    /// The members' welcome page (`/espace/bienvenue/<token>`).
    pub welcome: String,
}

#[server(prefix = "/api", endpoint = "spaces/overview")]
pub async fn space_overview(slug: Option<String>) -> Result<Option<OverviewView>, ServerFnError> {
    let caller = crate::ssr::caller().await?;
    let referent = match &slug {
        Some(slug) => caller.referent_of(slug),
        None => caller.referent().cloned(),
    }
    .map_err(|d| d.into_server_error())?;
    if slug.is_none() {
        crate::ssr::not_found();
        return Ok(None);
    }
    let ctx = &caller.ctx;
    let Some(o) = backend::referents::overview::overview(ctx, &referent)
        .await
        .map_err(|e| crate::ssr::server_error("dashboard overview", e))?
    else {
        crate::ssr::not_found();
        return Ok(None);
    };
    let lang = caller.lang;
    let when = |t: chrono::NaiveDateTime| backend::i18n::long_date_time(lang, t);
    let checklist = backend::referents::first_steps::checklist(ctx, &referent)
        .await
        .map_err(|e| crate::ssr::server_error("dashboard first steps", e))?;
    let steps = checklist
        .steps
        .into_iter()
        .map(|(step, done)| {
            use backend::referents::first_steps::Done;
            let done = match done {
                Done::No => StepDone::No,
                Done::Seen => StepDone::Seen,
                Done::ByHand { by, at } => StepDone::ByHand {
                    by,
                    when: backend::i18n::long_date(lang, at),
                },
            };
            (step, done)
        })
        .collect();
    let ask = crate::pages::forum::details::ask_about(o.nextcloud_version.as_deref(), &o.office);
    Ok(Some(OverviewView {
        who: referent.display_name().to_string(),
        slug: o.slug,
        url: o.url,
        state: o.state,
        suspend_reason: o.suspend_reason,
        delete_after: o.delete_after_paris.map(when),
        office: o.office,
        accounts: o.accounts,
        accounts_limit: o.accounts_limit,
        storage_used: o.storage_used,
        quota_bytes: o.quota_bytes,
        checked: o.checked_paris.map(when),
        health: o.health,
        help_email: o.help_email,
        forum_url: o.forum_url,
        ask,
        steps,
        welcome: super::first_steps::welcome(&checklist.welcome_token),
    }))
}

/// `bytes` in GiB with one decimal, in the page's language.
pub(super) fn gib(i18n: I18n, bytes: i64) -> String {
    let n = format!("{:.1}", bytes.max(0) as f64 / f64::from(1u32 << 30));
    let n = if i18n.lang == common::Lang::Fr {
        n.replace('.', ",")
    } else {
        n
    };
    i18n.ta("dash-size-gib", &[("n", Arg::Str(n))])
}

/// A figure of its limit: a bar, the figures in words, and a warning from 80 %.
#[component]
fn Usage(id: &'static str, label: String, used: f64, limit: f64, words: String) -> impl IntoView {
    let i18n = use_i18n();
    let share = if limit > 0.0 { used / limit } else { 0.0 };
    let percent = (share * 100.0).round() as i64;
    let warning = if share >= 0.95 {
        Some("dash-usage-full")
    } else if share >= 0.8 {
        Some("dash-usage-high")
    } else {
        None
    };
    let label_id = format!("{id}-label");
    view! {
        <div class="usage" class:usage-high=warning.is_some()>
            <p id=label_id.clone()>
                <strong>{label}</strong>" "
                {words}" "
                {i18n.ta("dash-usage-percent", &[("n", Arg::Num(percent))])}
            </p>
            <meter
                id=id
                min="0"
                max=limit.to_string()
                low=(limit * 0.8).to_string()
                high=(limit * 0.95).to_string()
                optimum="0"
                value=used.to_string()
                aria-labelledby=label_id
            ></meter>
            {warning.map(|key| view! { <p class="usage-warning">{i18n.t(key)}</p> })}
        </div>
    }
}

/// A button of the overview.
#[component]
fn Button(
    slug: String,
    action: DashboardButton,
    label: String,
    #[prop(optional)] secondary: bool,
) -> impl IntoView {
    view! {
        <ActionForm<DashboardAction> params=SlugParam { slug } class="inline-form">
            <input type="hidden" name="action" value=sent(&action)/>
            <button type="submit" class="button" class:button-secondary=secondary>{label}</button>
        </ActionForm<DashboardAction>>
    }
}

fn health_key(health: Option<SpaceHealth>) -> &'static str {
    match health {
        None => "dash-health-none",
        Some(SpaceHealth::Ok) => "dash-health-ok",
        Some(SpaceHealth::Maintenance) => "dash-health-maintenance",
        Some(SpaceHealth::Unreachable) => "dash-health-unreachable",
        Some(SpaceHealth::NotInstalled | SpaceHealth::Error) => "dash-health-error",
    }
}

#[component]
fn Overview(o: OverviewView, outcome: Option<DashboardOutcome>) -> impl IntoView {
    let i18n = use_i18n();
    let slug = o.slug.clone();
    let state = match (o.state, &o.delete_after) {
        (_, Some(date)) => i18n.ta("dash-state-deleting", &[("date", Arg::from(date))]),
        (SpaceState::Suspended, _) => i18n.t("dash-state-suspended"),
        (SpaceState::Active, _) => i18n.t("dash-state-active"),
        _ => i18n.t("dash-state-other"),
    };
    let accounts = o.accounts.map(|n| {
        let words = i18n.ta(
            "dash-accounts-figures",
            &[
                ("count", Arg::Num(i64::from(n))),
                ("limit", Arg::Num(i64::from(o.accounts_limit))),
            ],
        );
        view! {
            <Usage
                id="usage-accounts"
                label=i18n.t("dash-accounts")
                used=f64::from(n)
                limit=f64::from(o.accounts_limit)
                words
            />
        }
    });
    let storage = o.storage_used.map(|used| {
        let words = i18n.ta(
            "dash-storage-figures",
            &[
                ("used", Arg::from(gib(i18n, used))),
                ("quota", Arg::from(gib(i18n, o.quota_bytes))),
            ],
        );
        view! {
            <Usage
                id="usage-storage"
                label=i18n.t("dash-storage")
                used=used as f64
                limit=o.quota_bytes as f64
                words
            />
        }
    });
    let no_figures = accounts.is_none() && storage.is_none();
    let office = common::application::office_name(&o.office).unwrap_or_default();
    let checked = match &o.checked {
        Some(when) => i18n.ta(
            "dash-checked",
            &[
                ("date", Arg::from(when)),
                ("health", Arg::from(i18n.t(health_key(o.health)))),
            ],
        ),
        None => i18n.t("dash-checked-never"),
    };
    let address = o.url.trim_start_matches("https://").to_string();
    view! {
        <PageTitle text=i18n.ta("dash-dashboard-title", &[("space", Arg::from(&address))])/>
        <DashboardNav slug=slug.clone() current="overview"/>
        {outcome.filter(|o| !o.key().is_empty()).map(|o| view! {
            <div class="notice" role="status" tabindex="-1" id="dashboard-outcome" autofocus>
                <p>{i18n.t(o.key())}</p>
            </div>
        })}
        <h1>{i18n.ta("dash-dashboard-title", &[("space", Arg::from(&address))])}</h1>
        <p class="lead">{i18n.ta("dash-dashboard-hello", &[("name", Arg::from(&o.who))])}</p>
        <p><a class="button" href=o.url.clone() rel="external">{i18n.t("dash-open")}</a></p>
        <section aria-labelledby="state-title" class="panel">
            <h2 id="state-title">{i18n.t("dash-state-title")}</h2>
            <p>{state}</p>
            {o.suspend_reason.clone().filter(|_| o.state == SpaceState::Suspended).map(|reason| view! {
                <p>{i18n.t("dash-suspend-reason")}" "<q>{reason}</q></p>
                <p>{i18n.t("dash-suspend-help")}</p>
            })}
            {o.delete_after.is_some().then(|| view! {
                <p>{i18n.t("dash-deleting-text")}</p>
                <Button slug=slug.clone() action=DashboardButton::CancelDeletion label=i18n.t("dash-deletion-cancel")/>
            })}
        </section>
        <FirstSteps slug=slug.clone() url=o.url.clone() forum_url=o.forum_url.clone() steps=o.steps.clone()/>
        <WelcomeAddress slug=slug.clone() address=o.welcome.clone()/>
        <section aria-labelledby="usage-title" class="panel">
            <h2 id="usage-title">{i18n.t("dash-usage-title")}</h2>
            {no_figures.then(|| view! { <p>{i18n.t("dash-usage-none")}</p> })}
            {accounts}
            {storage}
            <p>{checked}</p>
            <Button slug=slug.clone() action=DashboardButton::Refresh label=i18n.t("dash-refresh") secondary=true/>
        </section>
        <section aria-labelledby="office-title" class="panel">
            <h2 id="office-title">{i18n.t("dash-office-title")}</h2>
            <p>{i18n.ta("dash-office-text", &[("office", Arg::from(office))])}</p>
        </section>
        <section aria-labelledby="help-title" class="panel">
            <h2 id="help-title">{i18n.t("dash-help-title")}</h2>
            <p><a class="button" href=o.ask.clone()>{i18n.t("dash-help-ask")}</a></p>
            <p class="field-hint">{i18n.t("dash-help-ask-text")}</p>
            <p>
                {i18n.t("dash-help-forum")}" "
                <a href=o.forum_url.clone() rel="external">{o.forum_url.clone()}</a>
            </p>
            <p>
                {i18n.t("dash-help-mail")}" "
                <a href=format!("mailto:{}", o.help_email) rel="external">{o.help_email.clone()}</a>
            </p>
        </section>
        <section aria-labelledby="session-title" class="panel">
            <h2 id="session-title">{i18n.t("dash-session-title")}</h2>
            <Button slug=slug.clone() action=DashboardButton::LogOut label=i18n.t("dash-logout") secondary=true/>
            <Button slug action=DashboardButton::LogOutEverywhere label=i18n.t("dash-logout-everywhere") secondary=true/>
        </section>
    }
}

#[component]
pub fn SpaceOverviewPage() -> impl IntoView {
    dashboard_page(
        |slug| space_overview(Some(slug)),
        |o, outcome: Option<DashboardOutcome>| view! { <Overview o outcome/> }.into_any(),
    )
}
