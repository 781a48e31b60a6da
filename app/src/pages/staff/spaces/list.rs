//! The spaces: their state, host, health, usage and age, with a search, a state filter and
//! pages. The filters are a GET form.

use common::states::{SpaceHealth, SpaceState};
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

use super::shared::{health_label, state_label};
use crate::components::table::TableWrap;
use crate::components::title::PageTitle;
use crate::i18n::{use_i18n, Arg};
use crate::pages::staff::area::guarded;
use crate::pages::staff::format::gib;
use crate::pages::staff::SPACES_PATH;

/// Rows per page of the spaces.
pub const PAGE_SIZE: i64 = 50;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpaceRowView {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub state: SpaceState,
    pub host: String,
    pub age_days: i64,
    pub steps_done: i64,
    /// The last sweep's word, none before the first.
    pub health: Option<SpaceHealth>,
    pub accounts: Option<i32>,
    pub storage_used: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpacesView {
    pub rows: Vec<SpaceRowView>,
    pub counts: Vec<(SpaceState, i64)>,
    pub total_steps: usize,
    /// The `apres` parameter of the next page.
    pub next: Option<i64>,
}

#[server(prefix = "/api", endpoint = "staff/spaces")]
pub async fn staff_spaces(
    search: Option<String>,
    state: Option<String>,
    after: Option<i64>,
) -> Result<SpacesView, ServerFnError> {
    use backend::provisioning::spaces::{self, SpaceFilter};
    let caller = crate::ssr::caller().await?;
    let staff = caller.staff().map_err(|d| d.into_server_error())?;
    let fail = |e| crate::ssr::server_error("spaces", e);
    // An unknown state in the address lists every space.
    let state = state.as_deref().and_then(SpaceState::parse);
    let filter = SpaceFilter { search, state };
    let page = spaces::list(&caller.ctx, staff, &filter, after, PAGE_SIZE)
        .await
        .map_err(fail)?;
    Ok(SpacesView {
        rows: page
            .rows
            .into_iter()
            .map(|r| SpaceRowView {
                id: r.id,
                name: r.structure_name.unwrap_or_default(),
                slug: r.slug,
                state: r.state,
                host: r.host.unwrap_or_default(),
                age_days: r.age_days,
                steps_done: r.steps_done,
                health: r.health,
                accounts: r.accounts,
                storage_used: r.storage_used,
            })
            .collect(),
        counts: spaces::counts(&caller.ctx, staff).await.map_err(fail)?,
        total_steps: backend::provisioning::steps::Step::ALL.len(),
        next: page.next,
    })
}

#[component]
pub fn SpacesPage() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let data = Resource::new_blocking(
        move || {
            query.with(|q| {
                (
                    q.get("q").filter(|s| !s.is_empty()),
                    q.get("etat").filter(|s| !s.is_empty()),
                    q.get("apres").and_then(|a| a.parse::<i64>().ok()),
                )
            })
        },
        |(search, state, after)| staff_spaces(search, state, after),
    );
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                guarded(data.await, move |v| {
                    let search = query.with(|q| q.get("q").unwrap_or_default());
                    let chosen = query.with(|q| q.get("etat").unwrap_or_default());
                    let next_link = v.next.map(|after| {
                        let mut params: Vec<(String, String)> = query.with(|m| {
                            ["q", "etat"]
                                .iter()
                                .filter_map(|k| m.get(k).map(|v| (k.to_string(), v)))
                                .collect()
                        });
                        params.push(("apres".into(), after.to_string()));
                        let encoded: String = crate::actions::query_of(&params);
                        format!("{SPACES_PATH}?{encoded}")
                    });
                    let total = v.total_steps;
                    view! {
                        <PageTitle text=i18n.t("spaces-title")/>
                        <h1>{i18n.t("spaces-title")}</h1>
                        <p class="lead">{i18n.t("spaces-intro")}</p>
                        <ul class="counts">
                            {v.counts.into_iter().map(|(state, n)| view! {
                                <li>{state_label(i18n, state)} {i18n.t("colon")} " " <strong>{n}</strong></li>
                            }).collect_view()}
                        </ul>
                        <form method="get" action=SPACES_PATH class="filters" role="search">
                            <div class="field">
                                <label for="spaces-q">{i18n.t("spaces-search")}</label>
                                <input type="search" id="spaces-q" name="q" value=search maxlength="100"/>
                            </div>
                            <div class="field">
                                <label for="spaces-state">{i18n.t("staff-col-state")}</label>
                                <select id="spaces-state" name="etat">
                                    <option value="">{i18n.t("staff-queue-any")}</option>
                                    {SpaceState::ALL.iter().map(|s| {
                                        let selected = chosen == s.as_str();
                                        view! { <option value=s.as_str() selected=selected>{state_label(i18n, *s)}</option> }
                                    }).collect_view()}
                                </select>
                            </div>
                            <button type="submit" class="button button-secondary">{i18n.t("staff-queue-filter")}</button>
                        </form>
                        {v.rows.is_empty().then(|| view! { <p>{i18n.t("spaces-none")}</p> })}
                        <TableWrap label=i18n.t("spaces-title")>
                            <table>
                                <caption class="visually-hidden">{i18n.t("spaces-title")}</caption>
                                <thead>
                                    <tr>
                                        <th scope="col">{i18n.t("application-slug")}</th>
                                        <th scope="col">{i18n.t("application-structure_name")}</th>
                                        <th scope="col">{i18n.t("staff-col-state")}</th>
                                        <th scope="col">{i18n.t("spaces-host")}</th>
                                        <th scope="col">{i18n.t("spaces-health")}</th>
                                        <th scope="col">{i18n.t("spaces-usage")}</th>
                                        <th scope="col">{i18n.t("staff-queue-age")}</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {v.rows.into_iter().map(|r| {
                                        let state = if r.state == SpaceState::Provisioning {
                                            format!("{} ({}/{total})", state_label(i18n, r.state), r.steps_done)
                                        } else {
                                            state_label(i18n, r.state)
                                        };
                                        let usage = match (r.accounts, r.storage_used) {
                                            (Some(n), Some(b)) => format!(
                                                "{} · {}",
                                                i18n.ta("spaces-accounts", &[("count", Arg::Num(i64::from(n)))]),
                                                gib(i18n, b)
                                            ),
                                            _ => String::new(),
                                        };
                                        view! {
                                            <tr>
                                                <td><a href=format!("{SPACES_PATH}/{}", r.id)><code>{r.slug}</code></a></td>
                                                <td>{r.name}</td>
                                                <td>{state}</td>
                                                <td>{r.host}</td>
                                                <td>{(r.state == SpaceState::Active).then(|| health_label(i18n, r.health))}</td>
                                                <td>{usage}</td>
                                                <td>{i18n.ta("staff-queue-days", &[("count", Arg::Num(r.age_days.max(0)))])}</td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </TableWrap>
                        {next_link.map(|href| view! {
                            <p><a href=href class="button button-secondary">{i18n.t("staff-queue-next")}</a></p>
                        })}
                    }
                })
            })}
        </Suspense>
    }
}
