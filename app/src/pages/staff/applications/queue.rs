//! The queue of applications: oldest first, with filters, counts, pages and a bulk
//! approval. The bulk approval is a plain POST; the filters are a GET form.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

use super::moderation::{BulkApprove, QueueOutcome};
use crate::actions::NoParams;
use crate::components::action_form::ActionForm;
use crate::components::table::TableWrap;
use crate::components::title::PageTitle;
use crate::i18n::{use_i18n, Arg};
use crate::pages::staff::area::guarded;
use crate::pages::staff::APPLICATIONS_PATH;
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
    // Fetched again once the bulk approval did its work (with JavaScript).
    let data = crate::actions::page_data(
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
                        <ActionForm<BulkApprove> params=NoParams::default()>
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
                        </ActionForm<BulkApprove>>
                        {next_link.map(|href| view! { <p><a href=href>{i18n.t("staff-queue-next")}</a></p> })}
                    }
                })
            })}
        </Suspense>
    }
}
