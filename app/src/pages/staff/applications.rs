//! Moderation pages: the queue of applications (oldest first, filters, counts, pages) and
//! one application (every answer, eligibility hints, possible duplicates, history, and
//! the decisions). Every form here is a plain POST; the filters are a GET form.

use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};
use serde::{Deserialize, Serialize};

use super::area::guarded;
use super::moderation::{ModerationButton, ModerationOutcome, QueueOutcome};
use super::{APPLICATIONS_PATH, BULK_APPROVE_PATH};
use crate::components::form::NoteForm;
use crate::components::table::TableWrap;
use crate::components::title::PageTitle;
use crate::i18n::{use_i18n, Arg};
use common::states::ApplicationStatus;

/// A row of the queue, ready to show.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueRowView {
    pub id: i64,
    pub structure_name: String,
    pub kind: String,
    pub place: String,
    pub slug: String,
    pub status: ApplicationStatus,
    pub age_days: i64,
    pub overdue: bool,
    pub assigned_to: Option<String>,
    /// `<id>:<version>`, for the bulk approval's box, when it can be approved.
    pub approvable: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueView {
    /// Spaces given or promised, and the platform's capacity.
    pub committed: i64,
    pub capacity: u32,
    pub rows: Vec<QueueRowView>,
    pub counts: Vec<(ApplicationStatus, i64)>,
    /// `(id, label)` of every registration window, the latest first.
    pub windows: Vec<(i64, String)>,
    /// The `apres` parameter of the next page, if there is one.
    pub next: Option<String>,
}

/// Rows per page of the queue.
pub const PAGE_SIZE: i64 = 50;

/// The statuses the queue can be filtered on, in the filter's order.
const STATUS_FILTERS: &[ApplicationStatus] = &[
    ApplicationStatus::Confirmed,
    ApplicationStatus::Question,
    ApplicationStatus::Waitlisted,
    ApplicationStatus::Approved,
    ApplicationStatus::Rejected,
    ApplicationStatus::Withdrawn,
];

#[server(prefix = "/api", endpoint = "staff/applications")]
pub async fn staff_queue(
    status: Option<String>,
    kind: Option<String>,
    older: Option<i64>,
    place: Option<String>,
    window: Option<i64>,
    after: Option<String>,
) -> Result<QueueView, ServerFnError> {
    use backend::applications::moderation::{self, After, QueueFilter};
    let caller = crate::ssr::caller().await?;
    let staff = caller.staff().map_err(|d| d.into_server_error())?;
    let ctx = &caller.ctx;
    let known = |v: Option<String>, among: &[&str]| v.filter(|v| among.contains(&v.as_str()));
    let filter = QueueFilter {
        status: status
            .and_then(|s| ApplicationStatus::parse(&s))
            .filter(|s| STATUS_FILTERS.contains(s)),
        kind: known(kind, common::application::KINDS),
        location: place.filter(|p| common::places::Place::parse(p).is_some()),
        window_id: window,
        older_than_days: older.filter(|d| (0..=3650).contains(d)),
    };
    // `apres` is `<unix micros>_<id>`; anything else starts from the top.
    let after = after.and_then(|a| {
        let (t, id) = a.split_once('_')?;
        Some(After {
            confirmed_at: chrono::DateTime::from_timestamp_micros(t.parse().ok()?)?,
            id: id.parse().ok()?,
        })
    });
    let page = moderation::queue(ctx, staff, &filter, after, PAGE_SIZE)
        .await
        .map_err(|e| crate::ssr::server_error("moderation queue", e))?;
    let counts = moderation::counts(ctx, staff)
        .await
        .map_err(|e| crate::ssr::server_error("moderation counts", e))?;
    let (committed, capacity) = moderation::capacity(ctx, staff)
        .await
        .map_err(|e| crate::ssr::server_error("capacity", e))?;
    let lang = caller.lang.as_str();
    let windows = backend::applications::windows::list_windows(ctx, staff)
        .await
        .map_err(|e| crate::ssr::server_error("registration windows", e))?
        .into_iter()
        .map(|w| {
            let day = |t: chrono::NaiveDateTime| backend::i18n::long_date(caller.lang, t);
            (w.id, format!("{} – {}", day(w.opens), day(w.closes)))
        })
        .collect();
    Ok(QueueView {
        committed,
        capacity,
        windows,
        rows: page
            .rows
            .into_iter()
            .map(|r| QueueRowView {
                approvable: r
                    .status
                    .may_become(ApplicationStatus::Approved)
                    .then(|| format!("{}:{}", r.id, r.version)),
                id: r.id,
                place: common::places::place_name(&r.location, lang),
                structure_name: r.structure_name,
                kind: r.kind,
                slug: r.slug,
                status: r.status,
                age_days: r.age_days,
                overdue: r.overdue,
                assigned_to: r.assigned_to,
            })
            .collect(),
        counts,
        next: page
            .next
            .map(|a| format!("{}_{}", a.confirmed_at.timestamp_micros(), a.id)),
    })
}

#[component]
pub fn QueuePage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    // What the last bulk approval (or an erasure) did, said once at the top.
    let bulk_notice = move || {
        let outcome = query.with(crate::actions::outcome_in::<QueueOutcome>)?;
        let (class, text) = match outcome {
            QueueOutcome::Approved { approved, skipped } => {
                let mut text = i18n.ta("staff-bulk-done", &[("count", Arg::Num(approved))]);
                if skipped > 0 {
                    text.push(' ');
                    text.push_str(&i18n.ta("staff-bulk-skipped", &[("count", Arg::Num(skipped))]));
                }
                ("notice", text)
            }
            QueueOutcome::Full { room } => (
                "error-summary",
                i18n.ta("staff-bulk-full", &[("count", Arg::Num(room))]),
            ),
            QueueOutcome::Empty => ("error-summary", i18n.t("staff-bulk-none")),
            QueueOutcome::Erased => ("notice", i18n.t("staff-erased")),
        };
        Some(view! {
            <div class=class role="status" tabindex="-1" id="bulk-outcome" autofocus>
                <p>{text}</p>
            </div>
        })
    };
    let data = Resource::new_blocking(
        move || {
            query.with(|q| {
                (
                    q.get("etat"),
                    q.get("type"),
                    q.get("anciennete").and_then(|d| d.parse::<i64>().ok()),
                    q.get("lieu").filter(|p| !p.is_empty()),
                    q.get("vague").and_then(|d| d.parse::<i64>().ok()),
                    q.get("apres"),
                )
            })
        },
        |(status, kind, older, place, window, after)| {
            staff_queue(status, kind, older, place, window, after)
        },
    );
    let selected =
        move |name: &str, value: &str| query.with(|q| q.get(name).as_deref() == Some(value));
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                guarded(data.await, move |q| {
                    let has_approvable = q.rows.iter().any(|r| r.approvable.is_some());
                    // "" first: the waiting ones.
                    let status_options = std::iter::once("").chain(STATUS_FILTERS.iter().map(|s| s.as_str()));
                    let next_link = q.next.clone().map(|after| {
                        let mut params: Vec<String> = query.with(|m| {
                            ["etat", "type", "anciennete", "lieu", "vague"]
                                .iter()
                                .filter_map(|k| m.get(k).map(|v| format!("{k}={v}")))
                                .collect()
                        });
                        params.push(format!("apres={after}"));
                        format!("{APPLICATIONS_PATH}?{}", params.join("&"))
                    });
                    view! {
                        <PageTitle text=i18n.t("staff-queue-title")/>
                        {bulk_notice()}
                        <h1>{i18n.t("staff-queue-title")}</h1>
                        <p class="lead">{i18n.t("staff-queue-intro")}</p>
                        <p>
                            {i18n.ta("staff-capacity", &[
                                ("committed", Arg::Num(q.committed)),
                                ("capacity", Arg::Num(i64::from(q.capacity))),
                            ])}
                        </p>
                        <ul class="counts">
                            {q.counts.into_iter().map(|(status, n)| view! {
                                <li>{i18n.t(&format!("application-status-{status}"))} {i18n.t("colon")} " " <strong>{n}</strong></li>
                            }).collect_view()}
                        </ul>
                        <form method="get" action=APPLICATIONS_PATH class="filters">
                            <div class="field">
                                <label for="filtre-etat">{i18n.t("staff-queue-filter-status")}</label>
                                <select id="filtre-etat" name="etat">
                                    {status_options.into_iter().map(|s| {
                                        let label = if s.is_empty() {
                                            i18n.t("staff-queue-waiting")
                                        } else {
                                            i18n.t(&format!("application-status-{s}"))
                                        };
                                        view! { <option value=s selected=selected("etat", s)>{label}</option> }
                                    }).collect_view()}
                                </select>
                            </div>
                            <div class="field">
                                <label for="filtre-type">{i18n.t("application-kind")}</label>
                                <select id="filtre-type" name="type">
                                    <option value="">{i18n.t("staff-queue-any")}</option>
                                    {common::application::KINDS.iter().map(|k| view! {
                                        <option value=*k selected=selected("type", k)>{i18n.t(&format!("application-kind-{k}"))}</option>
                                    }).collect_view()}
                                </select>
                            </div>
                            <div class="field">
                                <label for="filtre-anciennete">{i18n.t("staff-queue-filter-age")}</label>
                                <select id="filtre-anciennete" name="anciennete">
                                    <option value="">{i18n.t("staff-queue-any")}</option>
                                    {["7", "14", "21", "30"].into_iter().map(|d| view! {
                                        <option value=d selected=selected("anciennete", d)>
                                            {i18n.ta("staff-queue-older-than", &[("days", Arg::from(d))])}
                                        </option>
                                    }).collect_view()}
                                </select>
                            </div>
                            <div class="field">
                                <label for="filtre-lieu">{i18n.t("application-location")}</label>
                                <select id="filtre-lieu" name="lieu">
                                    <option value="">{i18n.t("staff-queue-any")}</option>
                                    {crate::components::fields::place_options(i18n).into_iter().map(|(group, options)| view! {
                                        <optgroup label=group.unwrap_or_default()>
                                            {options.into_iter().map(|(value, label)| {
                                                let chosen = selected("lieu", &value);
                                                view! { <option value=value selected=chosen>{label}</option> }
                                            }).collect_view()}
                                        </optgroup>
                                    }).collect_view()}
                                </select>
                            </div>
                            <div class="field">
                                <label for="filtre-vague">{i18n.t("staff-queue-filter-window")}</label>
                                <select id="filtre-vague" name="vague">
                                    <option value="">{i18n.t("staff-queue-any")}</option>
                                    {q.windows.iter().map(|(id, label)| {
                                        let value = id.to_string();
                                        let chosen = selected("vague", &value);
                                        view! { <option value=value selected=chosen>{label.clone()}</option> }
                                    }).collect_view()}
                                </select>
                            </div>
                            <button type="submit" class="button button-secondary">{i18n.t("staff-queue-filter")}</button>
                        </form>
                        {q.rows.is_empty().then(|| view! { <p>{i18n.t("staff-queue-empty")}</p> })}
                        <form method="post" action=BULK_APPROVE_PATH>
                        <TableWrap label=i18n.t("staff-queue-title")>
                            <table>
                                <caption class="visually-hidden">{i18n.t("staff-queue-title")}</caption>
                                <thead>
                                    <tr>
                                        <th scope="col"><span class="visually-hidden">{i18n.t("staff-bulk-select")}</span></th>
                                        <th scope="col">{i18n.t("application-structure_name")}</th>
                                        <th scope="col">{i18n.t("application-kind")}</th>
                                        <th scope="col">{i18n.t("application-location")}</th>
                                        <th scope="col">{i18n.t("application-slug")}</th>
                                        <th scope="col">{i18n.t("staff-col-state")}</th>
                                        <th scope="col">{i18n.t("staff-queue-age")}</th>
                                        <th scope="col">{i18n.t("staff-queue-assigned")}</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {q.rows.into_iter().map(|r| {
                                        let age = i18n.ta("staff-queue-days", &[("count", Arg::Num(r.age_days.max(0)))]);
                                        view! {
                                            <tr class:overdue=r.overdue>
                                                <td>
                                                    {r.approvable.clone().map(|value| {
                                                        let id = format!("choix-{}", r.id);
                                                        let label = i18n.ta("staff-bulk-select-one", &[("name", Arg::from(r.structure_name.clone()))]);
                                                        view! {
                                                            <input type="checkbox" name="choix" id=id.clone() value=value/>
                                                            <label for=id class="visually-hidden">{label}</label>
                                                        }
                                                    })}
                                                </td>
                                                <td><a href=format!("{APPLICATIONS_PATH}/{}", r.id)>{r.structure_name}</a></td>
                                                <td>{i18n.t(&format!("application-kind-{}", r.kind))}</td>
                                                <td>{r.place}</td>
                                                <td><code>{r.slug}</code></td>
                                                <td>{i18n.t(&format!("application-status-{}", r.status))}</td>
                                                <td>
                                                    {age}
                                                    {r.overdue.then(|| view! { " " <strong class="badge-overdue">{i18n.t("staff-queue-overdue")}</strong> })}
                                                </td>
                                                <td>{r.assigned_to.unwrap_or_default()}</td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </TableWrap>
                        {has_approvable.then(|| view! {
                            <p class="field-hint">{i18n.t("staff-bulk-hint")}</p>
                            <button type="submit" class="button">{i18n.t("staff-bulk-approve")}</button>
                        })}
                        </form>
                        {next_link.map(|href| view! { <p><a href=href>{i18n.t("staff-queue-next")}</a></p> })}
                    }
                })
            })}
        </Suspense>
    }
}

/// A line of an application's history, as the detail page shows it.
pub type HistoryLine = (
    String,
    String,
    String,
    Option<ApplicationStatus>,
    Option<ApplicationStatus>,
    String,
    bool,
);

/// One application as the detail page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DetailView {
    pub id: i64,
    pub version: i32,
    pub status: ApplicationStatus,
    /// `(label key, value)` of every answer, in the form's order.
    pub answers: Vec<(String, String)>,
    pub structure_name: String,
    pub hints: Vec<String>,
    /// `(id, name, slug, status, reason keys)`.
    pub duplicates: Vec<(i64, String, String, ApplicationStatus, Vec<String>)>,
    /// `(when, who, kind, from, to, body, internal)`.
    pub history: Vec<HistoryLine>,
    pub assigned_to_me: bool,
    pub assigned_to: Option<String>,
    /// `(short name, label)` of each reason offered for a rejection.
    pub reasons: Vec<(String, String)>,
    /// The caller is an administrator (export and erasure).
    pub is_admin: bool,
}

#[server(prefix = "/api", endpoint = "staff/application")]
pub async fn staff_application(id: Option<i64>) -> Result<Option<DetailView>, ServerFnError> {
    use backend::applications::hints::{self, DuplicateReason};
    use backend::applications::moderation;
    let caller = crate::ssr::caller().await?;
    let staff = caller.staff().map_err(|d| d.into_server_error())?;
    let me = staff.email().to_string();
    let is_admin = staff.admin().is_some();
    // No id (a malformed call) is no application.
    let Some(id) = id else {
        crate::ssr::not_found();
        return Ok(None);
    };
    let ctx = &caller.ctx;
    let fail = |e| crate::ssr::server_error("application detail", e);
    let Some(a) = moderation::detail(ctx, staff, id).await.map_err(fail)? else {
        crate::ssr::not_found();
        return Ok(None);
    };
    let lang = caller.lang;
    let hints = hints::hints(ctx, &a)
        .into_iter()
        .map(|h| h.as_str().to_string())
        .collect();
    let duplicates = hints::duplicates(ctx, staff, &a)
        .await
        .map_err(fail)?
        .into_iter()
        .map(|d| {
            let reasons = d
                .reasons
                .iter()
                .map(|r| {
                    match r {
                        DuplicateReason::SameEmail => "same-email",
                        DuplicateReason::SameIdentifier => "same-identifier",
                        DuplicateReason::SimilarName => "similar-name",
                        DuplicateReason::SameAddressFamily => "same-address",
                    }
                    .to_string()
                })
                .collect();
            (d.id, d.structure_name, d.slug, d.status, reasons)
        })
        .collect();
    let history = moderation::history(ctx, staff, id)
        .await
        .map_err(fail)?
        .into_iter()
        .map(|e| {
            (
                backend::i18n::long_date_time(lang, e.paris),
                e.staff_email.unwrap_or(e.actor),
                e.kind,
                e.from_status,
                e.to_status,
                e.body,
                e.internal,
            )
        })
        .collect();
    let site = &ctx.settings.site;
    let answers = vec![
        ("application-kind", format!("kind:{}", a.kind)),
        (
            "application-location",
            common::places::place_name(&a.location, lang.as_str()),
        ),
        ("application-identifier", a.identifier.clone()),
        (
            "application-field_of_action",
            format!("field:{}", a.field_of_action),
        ),
        ("application-field_detail", a.field_detail.clone()),
        ("application-purpose", a.purpose.clone()),
        ("application-members", a.members.to_string()),
        ("application-accounts", a.accounts.to_string()),
        ("application-storage_gb", a.storage_gb.to_string()),
        ("application-budget", format!("budget:{}", a.budget)),
        ("application-tools", a.tools.clone()),
        (
            "application-slug",
            format!("{}.{}", a.slug, site.domain_suffix),
        ),
        ("application-office", format!("office:{}", a.office)),
        ("application-referent_name", a.referent_name.clone()),
        ("application-referent_email", a.referent_email.clone()),
        ("application-referent_role", a.referent_role.clone()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    let reasons = backend::applications::templates::list(ctx, staff, false)
        .await
        .map_err(fail)?
        .into_iter()
        .map(|t| (t.code.clone(), t.label(lang).to_string()))
        .collect();
    Ok(Some(DetailView {
        is_admin,
        reasons,
        id: a.id,
        version: a.version,
        status: a.status,
        answers,
        structure_name: a.structure_name,
        hints,
        duplicates,
        history,
        assigned_to_me: a.assigned_to.as_deref() == Some(me.as_str()),
        assigned_to: a.assigned_to,
    }))
}

/// An answer's text: a choice (`kind:association`) in words, anything else as typed.
fn answer_text(i18n: crate::i18n::I18n, value: &str) -> String {
    for (prefix, key) in [
        ("kind:", "application-kind-"),
        ("field:", "application-field_of_action-"),
        ("budget:", "application-budget-"),
        ("office:", "application-office-"),
    ] {
        if let Some(v) = value.strip_prefix(prefix) {
            return i18n.t(&format!("{key}{v}"));
        }
    }
    value.to_string()
}

#[component]
pub fn DetailPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let query = use_query_map();
    let id = move || params.with(|p| p.get("id").and_then(|i| i.parse::<i64>().ok()));
    let data = Resource::new_blocking(id, staff_application);
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                guarded(data.await, move |d| match d {
                    None => view! { <crate::pages::public::errors::ErrorView status=404/> }.into_any(),
                    Some(d) => {
                        let base = format!("{APPLICATIONS_PATH}/{}", d.id);
                        // Every form of the page posts to the page itself, so that a text
                        // refused comes back on it.
                        let decision = base.clone();
                        let version = d.version.to_string();
                        let can_decide = d.status.undecided();
                        let outcome = query.with(crate::actions::outcome_in::<ModerationOutcome>);
                        let notice = (outcome == Some(ModerationOutcome::AlreadyDecided))
                            .then(|| d.history.iter().rev().find_map(|(when, who, _, _, to, _, _)| {
                                to.map(|to| (when.clone(), who.clone(), to))
                            }))
                            .flatten()
                            .map(|(when, who, to)| view! {
                                <div class="error-summary" role="alert" tabindex="-1" id="error-summary" autofocus>
                                    <p class="error-summary-title">
                                        {i18n.ta("staff-already-decided", &[
                                            ("who", Arg::from(who)),
                                            ("when", Arg::from(when)),
                                            ("status", Arg::from(i18n.t(&format!("application-status-{to}")))),
                                        ])}
                                    </p>
                                </div>
                            });
                        let problem = match outcome {
                            Some(ModerationOutcome::ConfirmErasure) => Some("staff-erase-confirm-needed"),
                            Some(ModerationOutcome::HasSpace) => Some("staff-erase-has-space"),
                            Some(ModerationOutcome::CapacityReached) => Some("staff-capacity-reached"),
                            _ => None,
                        }
                        .map(|key| view! {
                            <div class="error-summary" role="alert" tabindex="-1" id="error-summary" autofocus>
                                <p class="error-summary-title">{i18n.t(key)}</p>
                            </div>
                        });
                        view! {
                            <PageTitle text=d.structure_name.clone()/>
                            {notice}
                            {problem}
                            <p><a href=APPLICATIONS_PATH>{i18n.t("staff-queue-back")}</a></p>
                            <h1>{d.structure_name.clone()}</h1>
                            <p class="lead">
                                {i18n.t("application-status-now")} " "
                                <strong>{i18n.t(&format!("application-status-{}", d.status))}</strong>
                            </p>
                            {(!d.hints.is_empty()).then(|| view! {
                                <section class="panel panel-no" aria-labelledby="hints-title">
                                    <h2 id="hints-title">{i18n.t("staff-hints-title")}</h2>
                                    <ul>{d.hints.iter().map(|h| view! { <li>{i18n.t(&format!("staff-hint-{h}"))}</li> }).collect_view()}</ul>
                                </section>
                            })}
                            {(!d.duplicates.is_empty()).then(|| view! {
                                <section class="panel" aria-labelledby="duplicates-title">
                                    <h2 id="duplicates-title">{i18n.t("staff-duplicates-title")}</h2>
                                    <ul>
                                        {d.duplicates.iter().cloned().map(|(id, name, slug, status, reasons)| view! {
                                            <li>
                                                <a href=format!("{APPLICATIONS_PATH}/{id}")>{name}</a>
                                                " (" <code>{slug}</code> ", " {i18n.t(&format!("application-status-{status}"))} ")" {i18n.t("colon")} " "
                                                {reasons.iter().map(|r| i18n.t(&format!("staff-duplicate-{r}"))).collect::<Vec<_>>().join(", ")}
                                            </li>
                                        }).collect_view()}
                                    </ul>
                                </section>
                            })}
                            <h2>{i18n.t("staff-answers-title")}</h2>
                            <dl class="answers">
                                {d.answers.iter().map(|(label, value)| view! {
                                    <dt>{i18n.t(label)}</dt>
                                    <dd>{answer_text(i18n, value)}</dd>
                                }).collect_view()}
                            </dl>
                            {can_decide.then(|| view! {
                                <section class="panel" aria-labelledby="decide-title">
                                    <h2 id="decide-title">{i18n.t("staff-decide-title")}</h2>
                                    <form method="post" action=decision.clone()>
                                        <input type="hidden" name="version" value=version.clone()/>
                                        <input type="hidden" name="action" value=crate::actions::sent(&ModerationButton::Approve)/>
                                        <button type="submit" class="button">{i18n.t("staff-decide-approve")}</button>
                                    </form>
                                    {
                                    let (v1, v2) = (version.clone(), version.clone());
                                    let reasons = d.reasons.clone();
                                    view! {
                                    <NoteForm
                                        action=decision.clone()
                                        id=super::moderation::text_form(ModerationButton::Ask)
                                        label=i18n.t("staff-decide-question")
                                        submit=i18n.t("staff-decide-ask")
                                        secondary=true
                                    >
                                        <input type="hidden" name="version" value=v1/>
                                        <input type="hidden" name="action" value=crate::actions::sent(&ModerationButton::Ask)/>
                                    </NoteForm>
                                    <NoteForm
                                        action=decision.clone()
                                        id=super::moderation::text_form(ModerationButton::Reject)
                                        label=i18n.t("staff-decide-note")
                                        submit=i18n.t("staff-decide-reject")
                                        secondary=true
                                    >
                                        <input type="hidden" name="version" value=v2/>
                                        <input type="hidden" name="action" value=crate::actions::sent(&ModerationButton::Reject)/>
                                        <div class="field">
                                            <label for="reason">{i18n.t("staff-decide-reason")}</label>
                                            <select id="reason" name="reason">
                                                {reasons.into_iter().map(|(code, label)| view! {
                                                    <option value=code>{label}</option>
                                                }).collect_view()}
                                            </select>
                                        </div>
                                    </NoteForm>
                                    }
                                    }
                                    <form method="post" action=decision.clone()>
                                        <input type="hidden" name="version" value=version.clone()/>
                                        <input type="hidden" name="action" value=crate::actions::sent(&ModerationButton::Waitlist)/>
                                        <button type="submit" class="button button-secondary">{i18n.t("staff-decide-waitlist")}</button>
                                    </form>
                                </section>
                            })}
                            <section class="panel" aria-labelledby="team-title">
                                <h2 id="team-title">{i18n.t("staff-team-title")}</h2>
                                <p>{match d.assigned_to.clone() {
                                    Some(who) => i18n.ta("staff-assigned-to", &[("who", Arg::from(who))]),
                                    None => i18n.t("staff-assigned-nobody"),
                                }}</p>
                                <form method="post" action=base.clone()>
                                    <input type="hidden" name="action" value=crate::actions::sent(if d.assigned_to_me { &ModerationButton::Release } else { &ModerationButton::Take })/>
                                    <button type="submit" class="button button-secondary">
                                        {i18n.t(if d.assigned_to_me { "staff-release" } else { "staff-take" })}
                                    </button>
                                </form>
                                <NoteForm
                                    action=base.clone()
                                    id=super::moderation::text_form(ModerationButton::Note)
                                    label=i18n.t("staff-note-label")
                                    submit=i18n.t("staff-note-add")
                                    secondary=true
                                >
                                    <input type="hidden" name="action" value=crate::actions::sent(&ModerationButton::Note)/>
                                </NoteForm>
                            </section>
                            {d.is_admin.then(|| view! {
                                <section class="panel" aria-labelledby="privacy-title">
                                    <h2 id="privacy-title">{i18n.t("staff-privacy-title")}</h2>
                                    <p>{i18n.t("staff-privacy-text")}</p>
                                    <p><a href=format!("{base}/export") download>{i18n.t("staff-export")}</a></p>
                                    <form method="post" action=base.clone() class="form">
                                        <input type="hidden" name="action" value=crate::actions::sent(&ModerationButton::Erase)/>
                                        <div class="field field-checkbox">
                                            <input type="checkbox" id="confirmer" name="confirmer" value=crate::actions::sent(&super::moderation::Ticked::Yes)/>
                                            <label for="confirmer">{i18n.t("staff-erase-confirm")}</label>
                                        </div>
                                        <button type="submit" class="button button-secondary">{i18n.t("staff-erase")}</button>
                                    </form>
                                </section>
                            })}
                            <h2>{i18n.t("staff-history-title")}</h2>
                            <ol class="timeline">
                                {d.history.iter().cloned().map(|(when, who, kind, _, _, body, internal)| view! {
                                    <li>
                                        <span class="timeline-when">{when}</span> " " {who} {i18n.t("colon")} " "
                                        {i18n.t(&format!("staff-event-{kind}"))}
                                        {internal.then(|| view! { " " <em>{i18n.t("staff-event-internal")}</em> })}
                                        {(!body.is_empty()).then(|| view! { <blockquote>{body}</blockquote> })}
                                    </li>
                                }).collect_view()}
                            </ol>
                        }
                        .into_any()
                    }
                })
            })}
        </Suspense>
    }
}
