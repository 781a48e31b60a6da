//! The job queue: counts, a state filter, retry and cancel. Every button is an action's
//! form ([`ActionForm`]); the filter is a GET form.

use common::states::JobState;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

use super::actions::{JobButton, JobChange, JobOutcome};
use crate::actions::{sent, NoParams};
use crate::components::action_form::ActionForm;
use crate::components::table::TableWrap;
use crate::components::title::PageTitle;
use crate::i18n::{use_i18n, Arg};
use crate::pages::staff::area::guarded;
use crate::pages::staff::JOBS_PATH;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobView {
    pub id: i64,
    pub kind: String,
    pub state: JobState,
    pub attempts: i32,
    pub when: String,
    pub error: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobsView {
    pub counts: Vec<(JobState, i64)>,
    pub rows: Vec<JobView>,
}

/// The states in the order the page lists them: what needs looking at first.
const JOB_STATES: &[JobState] = &[
    JobState::Ready,
    JobState::Running,
    JobState::Dead,
    JobState::Done,
    JobState::Cancelled,
];

#[server(prefix = "/api", endpoint = "staff/jobs")]
pub async fn staff_jobs(state: Option<String>) -> Result<JobsView, ServerFnError> {
    let caller = crate::ssr::caller().await?;
    caller.admin().map_err(|d| d.into_server_error())?;
    // An unknown state in the address lists every job.
    let state = state.as_deref().and_then(JobState::parse);
    let s = backend::jobs::stats(&caller.ctx.pool)
        .await
        .map_err(|e| crate::ssr::server_error("jobs", e.into()))?;
    let rows = backend::jobs::list(&caller.ctx, state, 100)
        .await
        .map_err(|e| crate::ssr::server_error("jobs", e.into()))?;
    Ok(JobsView {
        counts: vec![
            (JobState::Ready, s.ready),
            (JobState::Running, s.running),
            (JobState::Dead, s.dead),
            (JobState::Done, s.done),
            (JobState::Cancelled, s.cancelled),
        ],
        rows: rows
            .into_iter()
            .map(|j| JobView {
                id: j.id,
                kind: j.kind,
                when: j.run_at.format("%Y-%m-%d %H:%M:%S UTC").to_string(),
                state: j.state,
                attempts: j.attempts,
                error: j.last_error.unwrap_or_default(),
            })
            .collect(),
    })
}

#[component]
pub fn JobsPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    // Fetched again once a button of the page did its work (with JavaScript).
    let data = crate::actions::page_data(
        move || query.with(|q| q.get("etat").filter(|s| !s.is_empty())),
        staff_jobs,
    );
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                guarded(data.await, move |v| {
                    let chosen = query.with(|q| q.get("etat").unwrap_or_default());
                    let outcome = query.with(crate::actions::outcome_in::<JobOutcome>);
                    view! {
                        <PageTitle text=i18n.t("jobs-title")/>
                        {outcome.map(|o| view! {
                            <div class="notice" role="status" tabindex="-1" id="job-outcome" autofocus>
                                <p>{i18n.t(if o == JobOutcome::Changed { "jobs-changed" } else { "jobs-unchanged" })}</p>
                            </div>
                        })}
                        <h1>{i18n.t("jobs-title")}</h1>
                        <p class="lead">{i18n.t("jobs-intro")}</p>
                        <ul class="counts">
                            {v.counts.into_iter().map(|(state, n)| view! {
                                <li>{i18n.t(&format!("jobs-state-{state}"))} {i18n.t("colon")} " " <strong>{n}</strong></li>
                            }).collect_view()}
                        </ul>
                        <form method="get" action=JOBS_PATH class="filters">
                            <div class="field">
                                <label for="jobs-state">{i18n.t("staff-col-state")}</label>
                                <select id="jobs-state" name="etat">
                                    <option value="">{i18n.t("staff-queue-any")}</option>
                                    {JOB_STATES.iter().map(|s| {
                                        let selected = chosen == s.as_str();
                                        view! { <option value=s.as_str() selected=selected>{i18n.t(&format!("jobs-state-{s}"))}</option> }
                                    }).collect_view()}
                                </select>
                            </div>
                            <button type="submit" class="button button-secondary">{i18n.t("staff-queue-filter")}</button>
                        </form>
                        {v.rows.is_empty().then(|| view! { <p>{i18n.t("jobs-none")}</p> })}
                        <TableWrap label=i18n.t("jobs-title")>
                            <table>
                                <caption class="visually-hidden">{i18n.t("jobs-title")}</caption>
                                <thead>
                                    <tr>
                                        <th scope="col">"#"</th>
                                        <th scope="col">{i18n.t("staff-col-kind")}</th>
                                        <th scope="col">{i18n.t("staff-col-state")}</th>
                                        <th scope="col">{i18n.t("staff-col-attempts")}</th>
                                        <th scope="col">{i18n.t("jobs-when")}</th>
                                        <th scope="col">{i18n.t("staff-col-error")}</th>
                                        <th scope="col"><span class="visually-hidden">{i18n.t("hosts-actions")}</span></th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {v.rows.into_iter().map(|j| {
                                        let can_retry = j.state.retryable();
                                        let can_cancel = j.state.cancellable();
                                        let (retry_id, cancel_id) = (j.id.to_string(), j.id.to_string());
                                        view! {
                                            <tr>
                                                <td>{j.id}</td>
                                                <td><code>{j.kind}</code></td>
                                                <td>{i18n.t(&format!("jobs-state-{}", j.state))}</td>
                                                <td>{j.attempts}</td>
                                                <td>{j.when}</td>
                                                <td>{j.error}</td>
                                                <td>
                                                    {can_retry.then(|| view! {
                                                        <ActionForm<JobChange> params=NoParams::default() class="inline-form">
                                                            <input type="hidden" name="id" value=retry_id/>
                                                            <input type="hidden" name="action" value=sent(&JobButton::Retry)/>
                                                            <button type="submit" class="button button-secondary">
                                                                {i18n.ta("jobs-retry", &[("id", Arg::Num(j.id))])}
                                                            </button>
                                                        </ActionForm<JobChange>>
                                                    })}
                                                    {can_cancel.then(|| view! {
                                                        <ActionForm<JobChange> params=NoParams::default() class="inline-form">
                                                            <input type="hidden" name="id" value=cancel_id/>
                                                            <input type="hidden" name="action" value=sent(&JobButton::Cancel)/>
                                                            <button type="submit" class="button button-secondary">
                                                                {i18n.ta("jobs-cancel", &[("id", Arg::Num(j.id))])}
                                                            </button>
                                                        </ActionForm<JobChange>>
                                                    })}
                                                </td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </TableWrap>
                    }
                })
            })}
        </Suspense>
    }
}
