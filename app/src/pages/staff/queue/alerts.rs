//! The alerts: the open ones first, then the latest cleared.

use common::states::AlertKind;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::components::title::PageTitle;
use crate::i18n::{use_i18n, Arg};
use crate::pages::staff::area::guarded;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AlertView {
    pub kind: AlertKind,
    pub subject: String,
    pub message: String,
    pub raised: String,
    pub last_seen: String,
    pub open: bool,
}

#[server(prefix = "/api", endpoint = "staff/alerts")]
pub async fn staff_alerts() -> Result<Vec<AlertView>, ServerFnError> {
    use backend::provisioning::alerts;
    let caller = crate::ssr::caller().await?;
    let staff = caller.staff().map_err(|d| d.into_server_error())?;
    let mut all = alerts::open(&caller.ctx, staff)
        .await
        .map_err(|e| crate::ssr::server_error("alerts", e.into()))?;
    all.extend(
        alerts::closed(&caller.ctx, staff, 50)
            .await
            .map_err(|e| crate::ssr::server_error("alerts", e.into()))?,
    );
    let lang = caller.lang;
    Ok(all
        .into_iter()
        .map(|a| AlertView {
            open: a.cleared_at.is_none(),
            kind: a.kind,
            subject: a.subject,
            message: a.message,
            raised: backend::i18n::long_date_time(lang, a.raised_paris),
            last_seen: backend::i18n::long_date_time(lang, a.last_seen_paris),
        })
        .collect())
}

#[component]
pub fn AlertsPage() -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new_blocking(|| (), |_| staff_alerts());
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                guarded(data.await, move |alerts| {
                    let open = alerts.iter().filter(|a| a.open).count() as i64;
                    view! {
                        <PageTitle text=i18n.t("alerts-title")/>
                        <h1>{i18n.t("alerts-title")}</h1>
                        <p class="lead">{i18n.ta("alerts-open", &[("count", Arg::Num(open))])}</p>
                        {alerts.is_empty().then(|| view! { <p>{i18n.t("alerts-none")}</p> })}
                        <ul class="alerts">
                            {alerts.into_iter().map(|a| view! {
                                <li class:alert-open=a.open>
                                    <strong>{i18n.t(&format!("alert-{}", a.kind))}</strong>
                                    {(!a.subject.is_empty()).then(|| view! { " " <code>{a.subject.clone()}</code> })}
                                    " — " {if a.open { i18n.t("alerts-state-open") } else { i18n.t("alerts-state-closed") }}
                                    <br/>{a.message}
                                    <br/><small>{i18n.ta("alerts-times", &[("raised", Arg::from(a.raised)), ("seen", Arg::from(a.last_seen))])}</small>
                                </li>
                            }).collect_view()}
                        </ul>
                    }
                })
            })}
        </Suspense>
    }
}
