//! The hosts: their room for spaces and storage, with a drain. Every button is an action's
//! form ([`ActionForm`]).

use common::states::HostState;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::actions::{HostButton, HostChange};
use crate::actions::{sent, NoParams};
use crate::components::action_form::ActionForm;
use crate::components::table::TableWrap;
use crate::components::title::PageTitle;
use crate::i18n::{use_i18n, Arg};
use crate::pages::staff::area::guarded;
use crate::pages::staff::format::gib;
use crate::pages::staff::NEW_HOST_PATH;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HostView {
    pub name: String,
    pub state: HostState,
    pub version: i32,
    pub spaces: i64,
    pub capacity_spaces: i32,
    pub reserved_gib: i64,
    pub capacity_gib: i64,
    pub parallel: i32,
    pub office: String,
}

#[server(prefix = "/api", endpoint = "staff/hosts")]
pub async fn staff_hosts() -> Result<Vec<HostView>, ServerFnError> {
    let caller = crate::ssr::caller().await?;
    let admin = caller.admin().map_err(|d| d.into_server_error())?;
    let hosts = backend::provisioning::fleet::hosts(&caller.ctx, &admin)
        .await
        .map_err(|e| crate::ssr::server_error("hosts", e))?;
    Ok(hosts
        .into_iter()
        .map(|h| HostView {
            name: h.name,
            state: h.state,
            version: h.nextcloud_version,
            spaces: h.spaces,
            capacity_spaces: h.capacity_spaces,
            reserved_gib: h.reserved_bytes >> 30,
            capacity_gib: h.capacity_bytes >> 30,
            parallel: h.max_parallel,
            office: h.office_url.unwrap_or_default(),
        })
        .collect())
}

#[component]
pub fn HostsPage() -> impl IntoView {
    let i18n = use_i18n();
    // Fetched again once a button of the page did its work (with JavaScript).
    let data = crate::actions::page_data(|| (), |()| staff_hosts());
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                guarded(data.await, move |hosts| {
                    let used: i64 = hosts.iter().map(|h| h.spaces).sum();
                    let room: i64 = hosts.iter().filter(|h| h.state == HostState::Active).map(|h| i64::from(h.capacity_spaces) - h.spaces).sum();
                    view! {
                        <PageTitle text=i18n.t("hosts-title")/>
                        <h1>{i18n.t("hosts-title")}</h1>
                        <p class="lead">{i18n.t("hosts-intro")}</p>
                        <p>{i18n.ta("hosts-summary", &[("spaces", Arg::Num(used)), ("room", Arg::Num(room.max(0)))])}</p>
                        {hosts.is_empty().then(|| view! { <p>{i18n.t("hosts-none")}</p> })}
                        <TableWrap label=i18n.t("hosts-title")>
                            <table>
                                <caption class="visually-hidden">{i18n.t("hosts-title")}</caption>
                                <thead>
                                    <tr>
                                        <th scope="col">{i18n.t("hosts-name")}</th>
                                        <th scope="col">{i18n.t("staff-col-state")}</th>
                                        <th scope="col">{i18n.t("hosts-version")}</th>
                                        <th scope="col">{i18n.t("hosts-spaces")}</th>
                                        <th scope="col">{i18n.t("hosts-storage")}</th>
                                        <th scope="col">{i18n.t("hosts-parallel")}</th>
                                        <th scope="col"><span class="visually-hidden">{i18n.t("hosts-actions")}</span></th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {hosts.into_iter().map(|h| {
                                        let (verb, label) = if h.state == HostState::Active {
                                            (HostButton::Drain, i18n.ta("hosts-drain", &[("name", Arg::from(h.name.clone()))]))
                                        } else {
                                            (HostButton::Activate, i18n.ta("hosts-activate", &[("name", Arg::from(h.name.clone()))]))
                                        };
                                        let spaces_label = format!("{} / {}", h.spaces, h.capacity_spaces);
                                        let storage_label = format!("{} / {}", gib(i18n, h.reserved_gib << 30), gib(i18n, h.capacity_gib << 30));
                                        view! {
                                            <tr>
                                                <td>{h.name.clone()}</td>
                                                <td>{i18n.t(&format!("hosts-state-{}", h.state))}</td>
                                                <td>{format!("Nextcloud {}", h.version)}</td>
                                                <td>
                                                    <meter min="0" max=h.capacity_spaces.to_string() value=h.spaces.to_string()
                                                        high=(f64::from(h.capacity_spaces) * 0.9).to_string()
                                                        aria-label=i18n.ta("hosts-spaces-of", &[("name", Arg::from(h.name.clone()))])>
                                                        {spaces_label.clone()}
                                                    </meter>
                                                    " " {spaces_label.clone()}
                                                </td>
                                                <td>
                                                    <meter min="0" max=h.capacity_gib.to_string() value=h.reserved_gib.to_string()
                                                        high=(h.capacity_gib as f64 * 0.9).to_string()
                                                        aria-label=i18n.ta("hosts-storage-of", &[("name", Arg::from(h.name.clone()))])>
                                                        {storage_label.clone()}
                                                    </meter>
                                                    " " {storage_label.clone()}
                                                </td>
                                                <td>{h.parallel}</td>
                                                <td>
                                                    <ActionForm<HostChange> params=NoParams::default() class="inline-form">
                                                        <input type="hidden" name="name" value=h.name.clone()/>
                                                        <input type="hidden" name="action" value=sent(&verb)/>
                                                        <button type="submit" class="button button-secondary">{label}</button>
                                                    </ActionForm<HostChange>>
                                                </td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </TableWrap>
                        <p><a class="button" href=NEW_HOST_PATH>{i18n.t("hosts-add")}</a></p>
                        <p>{i18n.t("hosts-add-cli")}</p>
                    }
                })
            })}
        </Suspense>
    }
}
