//! One space as the staff see it: its provisioning steps with a retry, its later life (the
//! admins' buttons, who asked what) and its health. Every button is a plain POST form.

use common::states::{
    ConnectionState, Drift, ExportState, JobState, SpaceAction, SpaceHealth, SpaceState,
    StepOutcome,
};
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};
use serde::{Deserialize, Serialize};

use super::actions::{OfficeChoice, SpaceButton, SpaceChange, SpaceOutcome};
use super::shared::{health_label, state_label};
use crate::actions::{sent, IdParam};
use crate::components::action_form::ActionForm;
use crate::components::form::NoteForm;
use crate::components::table::TableWrap;
use crate::components::title::PageTitle;
use crate::i18n::{use_i18n, Arg};
use crate::pages::staff::area::guarded;
use crate::pages::staff::format::gib;
use crate::pages::staff::SPACES_PATH;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StepView {
    pub number: usize,
    pub step: String,
    pub outcome: StepOutcome,
    pub started: String,
    pub seconds: Option<f64>,
    pub excerpt: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SpaceView {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub state: SpaceState,
    pub host: String,
    pub office: String,
    pub quota_gib: i64,
    pub address: Option<String>,
    pub steps: Vec<StepView>,
    pub total_steps: usize,
    /// `(id, state, attempts, last error)` of the provisioning job.
    pub job: Option<(i64, JobState, i32, String)>,
    pub can_retry: bool,
    pub health: HealthView,
    pub life: LifeView,
    /// Whom the portal mails for the space (`name <e-mail>`), and whether the role was
    /// handed over from the dashboard.
    pub referent: Option<String>,
    pub referent_handed: bool,
    pub exports: ExportsView,
    /// `(other space, proposed by this one, state, asked, what the hosts said last)`.
    pub connections: Vec<(String, bool, ConnectionState, String, String)>,
}

/// The referent's requests for an export, and whether the last one may be started again.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportsView {
    /// `(asked, by, state, finished, file and size, why it failed)`, newest first.
    pub rows: Vec<(String, String, ExportState, String, String, String)>,
    /// The caller is an admin and the last one failed or could not be made.
    pub can_restart: bool,
}

/// A space's later life as its page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LifeView {
    /// The caller may suspend, resume, delete, change the office suite.
    pub can_change: bool,
    pub busy: bool,
    pub suspend_reason: Option<String>,
    pub delete_after: Option<String>,
    /// `(when, who, action, detail)`, oldest first.
    pub events: Vec<(String, String, SpaceAction, String)>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HealthView {
    /// None before the first sweep.
    pub health: Option<SpaceHealth>,
    pub checked: Option<String>,
    pub detail: String,
    pub version: String,
    pub failed_sweeps: i32,
    pub accounts: Option<i32>,
    pub allowed: u32,
    pub storage_used: Option<i64>,
    pub quota_bytes: i64,
    pub last_login: Option<String>,
    pub drift: Vec<Drift>,
    /// `(health, version, from, to, sweeps)`, newest first.
    pub runs: Vec<(SpaceHealth, String, String, String, i32)>,
}

#[server(prefix = "/api", endpoint = "staff/space")]
pub async fn staff_space(id: Option<i64>) -> Result<Option<SpaceView>, ServerFnError> {
    use backend::provisioning::spaces;
    let caller = crate::ssr::caller().await?;
    let staff = caller.staff().map_err(|d| d.into_server_error())?;
    let is_admin = staff.admin().is_some();
    let Some(id) = id else {
        crate::ssr::not_found();
        return Ok(None);
    };
    let Some(d) = spaces::detail(&caller.ctx, staff, id)
        .await
        .map_err(|e| crate::ssr::server_error("space", e))?
    else {
        crate::ssr::not_found();
        return Ok(None);
    };
    let lang = caller.lang;
    let when = |t: chrono::NaiveDateTime| backend::i18n::long_date_time(lang, t);
    let h = d.health;
    let health = HealthView {
        health: d.row.health,
        checked: h.checked_paris.map(when),
        detail: h.health_detail.unwrap_or_default(),
        version: h.nextcloud_version.unwrap_or_default(),
        failed_sweeps: h.failed_sweeps,
        accounts: d.row.accounts,
        allowed: caller.ctx.settings.provisioning.accounts_per_space,
        storage_used: d.row.storage_used,
        quota_bytes: d.quota_bytes,
        last_login: h.last_login_paris.map(when),
        drift: h.drift,
        runs: h
            .runs
            .into_iter()
            .map(|r| {
                (
                    r.health,
                    r.version.unwrap_or_default(),
                    when(r.first_paris),
                    when(r.last_paris),
                    r.sweeps,
                )
            })
            .collect(),
    };
    let life = LifeView {
        can_change: is_admin,
        busy: d.life.busy,
        suspend_reason: d.life.suspend_reason,
        delete_after: d.life.delete_after_paris.map(when),
        events: d
            .life
            .events
            .into_iter()
            .map(|e| (when(e.at_paris), e.actor, e.action, e.detail))
            .collect(),
    };
    let referent = match (d.referent.referent_name, d.referent.referent_email) {
        (Some(name), Some(email)) => Some(format!("{name} <{email}>")),
        (name, email) => name.or(email),
    };
    let exports = ExportsView {
        can_restart: is_admin
            && d.row.state == SpaceState::Active
            && d.exports
                .first()
                .is_some_and(|e| matches!(e.state, ExportState::Failed | ExportState::Unavailable)),
        rows: d
            .exports
            .into_iter()
            .map(|e| {
                let file = e.file_in_words(lang);
                (
                    when(e.asked_paris),
                    format!("{} ({})", e.name, e.uid),
                    e.state,
                    e.finished_paris.map(when).unwrap_or_default(),
                    file,
                    e.error.unwrap_or_default(),
                )
            })
            .collect(),
    };
    let connections = d
        .connections
        .into_iter()
        .map(|c| {
            (
                c.peer_slug,
                c.ours,
                c.state,
                when(c.asked_paris),
                c.error.unwrap_or_default(),
            )
        })
        .collect();
    Ok(Some(SpaceView {
        exports,
        connections,
        health,
        life,
        referent,
        referent_handed: d.referent.handed,
        id: d.row.id,
        can_retry: is_admin
            && d.row.state.unfinished()
            && d.job.as_ref().is_none_or(|j| j.state != JobState::Running),
        slug: d.row.slug,
        name: d.row.structure_name.unwrap_or_default(),
        state: d.row.state,
        host: d.row.host.unwrap_or_default(),
        office: d.office,
        quota_gib: d.quota_bytes >> 30,
        address: d.address,
        total_steps: backend::provisioning::steps::Step::ALL.len(),
        steps: d
            .steps
            .into_iter()
            .map(|s| StepView {
                number: spaces::step_number(&s.step).unwrap_or(0),
                started: backend::i18n::long_date_time(lang, s.started_paris),
                seconds: s.seconds,
                step: s.step,
                outcome: s.outcome,
                excerpt: s.excerpt,
            })
            .collect(),
        job: d
            .job
            .map(|j| (j.id, j.state, j.attempts, j.last_error.unwrap_or_default())),
    }))
}

#[component]
pub fn SpacePage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let query = use_query_map();
    let id = move || params.with(|p| p.get("id").and_then(|i| i.parse::<i64>().ok()));
    // Fetched again once a button of the page did its work (with JavaScript).
    let data = crate::actions::page_data(id, staff_space);
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                guarded(data.await, move |d| match d {
                    None => view! { <crate::pages::site::errors::ErrorView status=404/> }.into_any(),
                    Some(d) => {
                        let outcome = query.with(crate::actions::outcome_in::<SpaceOutcome>);
                        let total = d.total_steps;
                        let here = IdParam { id: d.id };
                        view! {
                            <PageTitle text=d.slug.clone()/>
                            {outcome.map(|o| view! {
                                <div class="notice" role="status" tabindex="-1" id="change-outcome" autofocus>
                                    <p>{i18n.t(o.key())}</p>
                                </div>
                            })}
                            <p><a href=SPACES_PATH>{i18n.t("spaces-title")}</a></p>
                            <h1><code>{d.slug.clone()}</code> " " {d.name.clone()}</h1>
                            <dl class="facts">
                                <dt>{i18n.t("staff-col-state")}</dt><dd>{state_label(i18n, d.state)}</dd>
                                <dt>{i18n.t("spaces-host")}</dt><dd>{d.host.clone()}</dd>
                                <dt>{i18n.t("application-office")}</dt><dd>{d.office.clone()}</dd>
                                <dt>{i18n.t("spaces-quota")}</dt><dd>{gib(i18n, d.quota_gib << 30)}</dd>
                                <dt>{i18n.t("spaces-referent")}</dt>
                                <dd>
                                    {d.referent.clone().unwrap_or_else(|| i18n.t("spaces-referent-erased"))}
                                    {d.referent_handed.then(|| format!(" {}", i18n.t("spaces-referent-handed")))}
                                </dd>
                                {d.address.clone().map(|a| view! {
                                    <dt>{i18n.t("spaces-address")}</dt><dd><a href=a.clone()>{a.clone()}</a></dd>
                                })}
                                {d.job.clone().map(|(id, state, attempts, error)| view! {
                                    <dt>{i18n.t("spaces-job")}</dt>
                                    <dd>
                                        {format!("#{id} · ")} {i18n.t(&format!("jobs-state-{state}"))}
                                        {format!(" · {attempts} ")} {i18n.t("jobs-attempts")}
                                        {(!error.is_empty()).then(|| view! { <br/><code>{error.clone()}</code> })}
                                    </dd>
                                })}
                            </dl>
                            {d.can_retry.then(|| view! {
                                <ActionForm<SpaceChange> params=here class="inline-form">
                                    <input type="hidden" name="action" value=sent(&SpaceButton::Retry)/>
                                    <button type="submit" class="button">{i18n.t("space-retry")}</button>
                                </ActionForm<SpaceChange>>
                            })}
                            <LifeSection id=d.id state=d.state office=d.office.clone() life=d.life.clone()/>
                            <ExportsSection id=d.id exports=d.exports.clone()/>
                            <ConnectionsSection rows=d.connections.clone()/>
                            <HealthSection h=d.health.clone()/>
                            <h2>{i18n.t("spaces-timeline")}</h2>
                            {d.steps.is_empty().then(|| view! { <p>{i18n.t("spaces-timeline-empty")}</p> })}
                            <TableWrap label=i18n.t("spaces-timeline")>
                                <table>
                                    <caption class="visually-hidden">{i18n.t("spaces-timeline")}</caption>
                                    <thead>
                                        <tr>
                                            <th scope="col">{i18n.t("spaces-step")}</th>
                                            <th scope="col">{i18n.t("spaces-outcome")}</th>
                                            <th scope="col">{i18n.t("spaces-started")}</th>
                                            <th scope="col">{i18n.t("spaces-duration")}</th>
                                            <th scope="col">{i18n.t("spaces-said")}</th>
                                        </tr>
                                    </thead>
                                    <tbody>
                                        {d.steps.into_iter().map(|s| view! {
                                            <tr class:overdue=s.outcome == StepOutcome::Failed>
                                                <td>{(s.number > 0).then(|| format!("{}/{total} ", s.number))} {i18n.t(&format!("step-{}", s.step))}</td>
                                                <td>{i18n.t(&format!("step-outcome-{}", s.outcome))}</td>
                                                <td>{s.started}</td>
                                                <td>{s.seconds.map(|x| format!("{x:.2} s")).unwrap_or_default()}</td>
                                                <td><code>{s.excerpt}</code></td>
                                            </tr>
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            </TableWrap>
                        }
                        .into_any()
                    }
                })
            })}
        </Suspense>
    }
}

/// A space's later life: a pending deletion, a suspension's reason, the admins' buttons
/// (each refused by the server where the state does not allow it), and who asked what.
#[component]
fn LifeSection(id: i64, state: SpaceState, office: String, life: LifeView) -> impl IntoView {
    let i18n = use_i18n();
    let here = IdParam { id };
    let active = state.changeable();
    let suspended = state.resumable();
    let deletable = state.deletable();
    let other_office = if office == OfficeChoice::Onlyoffice.as_str() {
        OfficeChoice::Collabora
    } else {
        OfficeChoice::Onlyoffice
    };
    let buttons = life.can_change && !life.busy;
    let button = move |value: SpaceButton, label: String| {
        view! {
            <ActionForm<SpaceChange> params=here class="inline-form">
                <input type="hidden" name="action" value=sent(&value)/>
                <button type="submit" class="button button-secondary">{label}</button>
            </ActionForm<SpaceChange>>
        }
    };
    view! {
        {life.delete_after.clone().map(|date| view! {
            <p class="notice"><strong>{i18n.ta("space-deletion-pending", &[("date", Arg::Str(date))])}</strong></p>
        })}
        {life.suspend_reason.clone().filter(|_| suspended).map(|r| view! {
            <p>{i18n.t("space-suspend-reason")} {i18n.t("colon")} " " {r}</p>
        })}
        {life.busy.then(|| view! { <p>{i18n.t("space-change-busy")}</p> })}
        {buttons.then(|| view! {
            <h2>{i18n.t("space-life-title")}</h2>
            {active.then(|| view! {
                <NoteForm<SpaceChange> params=here id=super::actions::text_form(SpaceButton::Suspend) label=i18n.t("space-suspend-reason") submit=i18n.t("space-suspend") secondary=true>
                    <input type="hidden" name="action" value=sent(&SpaceButton::Suspend)/>
                </NoteForm<SpaceChange>>
            })}
            {active.then(|| view! {
                <NoteForm<SpaceChange> params=here id=super::actions::text_form(SpaceButton::Rename) one_line=true
                    label=i18n.t("space-rename-label") hint=i18n.t("space-rename-hint")
                    submit=i18n.t("space-rename") secondary=true>
                    <input type="hidden" name="action" value=sent(&SpaceButton::Rename)/>
                </NoteForm<SpaceChange>>
            })}
            {suspended.then(|| button(SpaceButton::Resume, i18n.t("space-resume")))}
            {active.then(|| {
                view! {
                    <ActionForm<SpaceChange> params=here class="inline-form">
                        <input type="hidden" name="action" value=sent(&SpaceButton::Office)/>
                        <input type="hidden" name="office" value=sent(&other_office)/>
                        <button type="submit" class="button button-secondary">
                            {i18n.ta("space-office-switch", &[("office", Arg::Str(other_office.as_str().to_string()))])}
                        </button>
                    </ActionForm<SpaceChange>>
                }
            })}
            {(deletable && life.delete_after.is_none()).then(|| button(SpaceButton::Delete, i18n.t("space-delete")))}
            {life.delete_after.is_some().then(|| button(SpaceButton::CancelDelete, i18n.t("space-delete-cancel")))}
        })}
        {(!life.events.is_empty()).then(|| view! {
            <TableWrap label=i18n.t("space-events")>
                <table>
                    <caption>{i18n.t("space-events")}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{i18n.t("space-event-when")}</th>
                            <th scope="col">{i18n.t("space-event-who")}</th>
                            <th scope="col">{i18n.t("space-event-what")}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {life.events.iter().map(|(at, who, what, detail)| view! {
                            <tr>
                                <td>{at.clone()}</td>
                                <td>{who.strip_prefix("staff:").map(str::to_string).unwrap_or_else(|| i18n.t(&format!("space-actor-{who}")))}</td>
                                <td>{i18n.t(&format!("space-event-{what}"))}
                                    {(!detail.is_empty()).then(|| view! { <br/><code>{detail.clone()}</code> })}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </TableWrap>
        })}
    }
}

/// The referent's requests for an export, and the button that starts the last one again.
#[component]
fn ExportsSection(id: i64, exports: ExportsView) -> impl IntoView {
    let i18n = use_i18n();
    if exports.rows.is_empty() {
        return ().into_any();
    }
    let rows = exports
        .rows
        .iter()
        .map(|(asked, by, state, finished, file, error)| {
            view! {
                <tr>
                    <th scope="row">{asked.clone()}</th>
                    <td>{by.clone()}</td>
                    <td>
                        {i18n.t(&format!("spaces-export-state-{}", state.as_str()))}
                        {(!error.is_empty()).then(|| view! { <br/><code>{error.clone()}</code> })}
                    </td>
                    <td>{finished.clone()}</td>
                    <td>{file.clone()}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <h2>{i18n.t("spaces-exports")}</h2>
        <TableWrap label=i18n.t("spaces-exports")>
            <table>
                <caption class="visually-hidden">{i18n.t("spaces-exports")}</caption>
                <thead>
                    <tr>
                        <th scope="col">{i18n.t("spaces-export-col-asked")}</th>
                        <th scope="col">{i18n.t("spaces-export-col-by")}</th>
                        <th scope="col">{i18n.t("staff-col-state")}</th>
                        <th scope="col">{i18n.t("spaces-export-col-finished")}</th>
                        <th scope="col">{i18n.t("spaces-export-col-file")}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </TableWrap>
        {exports.can_restart.then(|| view! {
            <ActionForm<SpaceChange> params=IdParam { id } class="inline-form">
                <input type="hidden" name="action" value=sent(&SpaceButton::Export)/>
                <button type="submit" class="button button-secondary">{i18n.t("space-export-again")}</button>
            </ActionForm<SpaceChange>>
        })}
    }
    .into_any()
}

/// The space's connections with other spaces (Nextcloud's federation), for staff to follow
/// one that failed: what the hosts said last.
#[component]
fn ConnectionsSection(rows: Vec<(String, bool, ConnectionState, String, String)>) -> impl IntoView {
    let i18n = use_i18n();
    if rows.is_empty() {
        return ().into_any();
    }
    let rows = rows
        .into_iter()
        .map(|(peer, ours, state, asked, error)| {
            view! {
                <tr>
                    <th scope="row">{peer}</th>
                    <td>{i18n.t(if ours { "spaces-connection-ours" } else { "spaces-connection-theirs" })}</td>
                    <td>{asked}</td>
                    <td>
                        {i18n.t(&format!("spaces-connection-state-{}", state.as_str()))}
                        {(!error.is_empty()).then(|| view! { <br/><code>{error}</code> })}
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <h2>{i18n.t("spaces-connections")}</h2>
        <TableWrap label=i18n.t("spaces-connections")>
            <table>
                <caption class="visually-hidden">{i18n.t("spaces-connections")}</caption>
                <thead>
                    <tr>
                        <th scope="col">{i18n.t("spaces-connection-col-peer")}</th>
                        <th scope="col">{i18n.t("spaces-connection-col-by")}</th>
                        <th scope="col">{i18n.t("spaces-export-col-asked")}</th>
                        <th scope="col">{i18n.t("staff-col-state")}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </TableWrap>
    }
    .into_any()
}

/// A space's health: the last sweep, its usage, what drifted, and the history.
#[component]
fn HealthSection(h: HealthView) -> impl IntoView {
    let i18n = use_i18n();
    let usage = h.accounts.map(|n| {
        i18n.ta(
            "spaces-accounts-of",
            &[
                ("count", Arg::Num(i64::from(n))),
                ("allowed", Arg::Num(i64::from(h.allowed))),
            ],
        )
    });
    let storage = h
        .storage_used
        .map(|b| format!("{} / {}", gib(i18n, b), gib(i18n, h.quota_bytes)));
    view! {
        <h2>{i18n.t("spaces-health-title")}</h2>
        <dl class="facts">
            <dt>{i18n.t("spaces-health")}</dt>
            <dd>
                {health_label(i18n, h.health)}
                {(h.failed_sweeps > 0).then(|| format!(" · {}", i18n.ta("spaces-failed-sweeps", &[("count", Arg::Num(i64::from(h.failed_sweeps)))])))}
                {(!h.detail.is_empty()).then(|| view! { <br/><code>{h.detail.clone()}</code> })}
            </dd>
            {h.checked.clone().map(|c| view! { <dt>{i18n.t("spaces-checked")}</dt><dd>{c}</dd> })}
            {(!h.version.is_empty()).then(|| view! { <dt>{i18n.t("spaces-version")}</dt><dd>{h.version.clone()}</dd> })}
            {usage.map(|u| view! { <dt>{i18n.t("spaces-usage")}</dt><dd>{u}</dd> })}
            {storage.map(|s| view! { <dt>{i18n.t("spaces-storage")}</dt><dd>{s}</dd> })}
            {h.last_login.clone().map(|l| view! { <dt>{i18n.t("spaces-last-login")}</dt><dd>{l}</dd> })}
            {(!h.drift.is_empty()).then(|| view! {
                <dt>{i18n.t("spaces-drift")}</dt>
                <dd>
                    <ul>
                        {h.drift.iter().map(|d| view! { <li>{i18n.t(&format!("drift-{d}"))}</li> }).collect_view()}
                    </ul>
                </dd>
            })}
        </dl>
        {(!h.runs.is_empty()).then(|| view! {
            <TableWrap label=i18n.t("spaces-history")>
                <table>
                    <caption>{i18n.t("spaces-history")}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{i18n.t("spaces-health")}</th>
                            <th scope="col">{i18n.t("spaces-version")}</th>
                            <th scope="col">{i18n.t("spaces-history-from")}</th>
                            <th scope="col">{i18n.t("spaces-history-to")}</th>
                            <th scope="col">{i18n.t("spaces-history-sweeps")}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {h.runs.iter().map(|(health, version, from, to, sweeps)| view! {
                            <tr class:overdue=*health != SpaceHealth::Ok>
                                <td>{health_label(i18n, Some(*health))}</td>
                                <td>{version.clone()}</td>
                                <td>{from.clone()}</td>
                                <td>{to.clone()}</td>
                                <td>{*sweeps}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </TableWrap>
        })}
    }
}
