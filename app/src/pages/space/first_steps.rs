//! The first steps of a space, on its dashboard's overview: each step says what to do, links
//! to where it is done, and shows whether it is done (seen by the portal in the space, or
//! ticked by hand, with who did it); and the address of the members' welcome page, to send
//! them.

use common::states::FirstStep;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::dashboard::{DashboardAction, DashboardButton};
use super::paths::members;
use crate::actions::{sent, SlugParam};
use crate::components::action_form::ActionForm;
use crate::i18n::{use_i18n, Arg};

/// Where a step stands, as the overview shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum StepDone {
    No,
    /// The portal saw it done in the space.
    Seen,
    /// Ticked by this person, on this date (in words).
    ByHand {
        by: String,
        when: String,
    },
}

/// The address of the members' welcome page of token `token`.
pub fn welcome(token: &str) -> String {
    format!("/espace/bienvenue/{token}")
}

/// The names a step's messages have (`dash-step-<name>-title`, `-text`, `-link`).
fn name(step: FirstStep) -> &'static str {
    match step {
        FirstStep::Appearance => "appearance",
        FirstStep::Members => "members",
        FirstStep::Calendar => "calendar",
        FirstStep::Folder => "folder",
        FirstStep::Apps => "install",
        FirstStep::Help => "help",
    }
}

/// Where a step is done: the dashboard's settings and members, the space's own pages, the
/// apps, the forum.
fn link(step: FirstStep, slug: &str, url: &str, forum: &str) -> String {
    match step {
        FirstStep::Appearance => super::paths::settings(slug),
        FirstStep::Members => members(slug),
        FirstStep::Calendar => format!("{url}/index.php/apps/calendar/"),
        FirstStep::Folder => format!("{url}/index.php/apps/files/"),
        FirstStep::Apps => "https://nextcloud.com/fr/install/#install-clients".into(),
        FirstStep::Help => forum.to_string(),
    }
}

#[component]
fn Tick(slug: String, step: FirstStep, done: bool, label: String) -> impl IntoView {
    let action = if done {
        DashboardButton::StepDone
    } else {
        DashboardButton::StepUndone
    };
    view! {
        <ActionForm<DashboardAction> params=SlugParam { slug } class="inline-form">
            <input type="hidden" name="action" value=sent(&action)/>
            <input type="hidden" name="step" value=sent(&step)/>
            <button type="submit" class="button button-secondary button-small">{label}</button>
        </ActionForm<DashboardAction>>
    }
}

/// The checklist.
#[component]
pub fn FirstSteps(
    slug: String,
    url: String,
    forum_url: String,
    steps: Vec<(FirstStep, StepDone)>,
) -> impl IntoView {
    let i18n = use_i18n();
    let done = steps.iter().filter(|(_, d)| *d != StepDone::No).count();
    let total = steps.len();
    let items = steps
        .into_iter()
        .map(|(step, state)| {
            let n = name(step);
            let title = i18n.t(&format!("dash-step-{n}-title"));
            let status = match &state {
                StepDone::No => i18n.t("dash-step-todo"),
                StepDone::Seen => i18n.t("dash-step-seen"),
                StepDone::ByHand { by, when } => i18n.ta(
                    "dash-step-ticked",
                    &[("name", Arg::from(by)), ("date", Arg::from(when))],
                ),
            };
            let tick = match &state {
                StepDone::No => Some(view! {
                    <Tick slug=slug.clone() step done=true label=i18n.ta("dash-step-tick", &[("step", Arg::from(&title))])/>
                }),
                StepDone::ByHand { .. } => Some(view! {
                    <Tick slug=slug.clone() step done=false label=i18n.ta("dash-step-untick", &[("step", Arg::from(&title))])/>
                }),
                StepDone::Seen => None,
            };
            let external = !matches!(step, FirstStep::Members);
            view! {
                <li class="step" class:step-done=state != StepDone::No>
                    <h3>{title.clone()}</h3>
                    <p class="step-status">{status}</p>
                    <p>{i18n.t(&format!("dash-step-{n}-text"))}</p>
                    // A `div`: a form inside a `p` would close it, and the page the browser
                    // builds would no longer be the one the WASM hydrates.
                    <div class="step-actions">
                        <a href=link(step, &slug, &url, &forum_url) rel=external.then_some("external")>
                            {i18n.t(&format!("dash-step-{n}-link"))}
                        </a>
                        " "
                        {tick}
                    </div>
                </li>
            }
        })
        .collect_view();
    view! {
        <section aria-labelledby="steps-title" class="panel">
            <h2 id="steps-title">{i18n.t("dash-steps-title")}</h2>
            <p>{i18n.ta("dash-steps-count", &[("ticked", Arg::Num(done as i64)), ("total", Arg::Num(total as i64))])}</p>
            <ol class="steps">{items}</ol>
        </section>
    }
}

/// The members' welcome page: its address to send, and a button that changes it.
#[component]
pub fn WelcomeAddress(slug: String, address: String) -> impl IntoView {
    let i18n = use_i18n();
    let path = address.clone();
    let full = format!("{}{address}", crate::site::use_env().site.public_url);
    view! {
        <section aria-labelledby="welcome-title" class="panel">
            <h2 id="welcome-title">{i18n.t("dash-welcome-title")}</h2>
            <p>{i18n.t("dash-welcome-text")}</p>
            <p><code class="address">{full}</code></p>
            <p><a href=path>{i18n.t("dash-welcome-see")}</a></p>
            <p>{i18n.t("dash-welcome-change-text")}</p>
            <ActionForm<DashboardAction> params=SlugParam { slug } class="inline-form">
                <input type="hidden" name="action" value=sent(&DashboardButton::NewWelcomeAddress)/>
                <button type="submit" class="button button-secondary">{i18n.t("dash-welcome-change")}</button>
            </ActionForm<DashboardAction>>
        </section>
    }
}
