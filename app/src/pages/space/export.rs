//! Exporting a space: the referent on file asks for one archive of the whole space (every
//! member's files and a copy of its database), which a job puts in their own files, folder
//! "Exports"; the page follows the request (a refresh button without JavaScript, fetched
//! again with it) and lists the last ones. A co-administrator sees them and who may ask.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::nav::{dashboard_page, DashboardNav};
use super::paths::{export, EXPORT_PATH};
#[cfg(feature = "ssr")]
use crate::actions::Reply;
use crate::actions::{outcome_query, Action, NoInput, SlugParam};
use crate::components::action_form::ActionForm;
use crate::components::table::TableWrap;
use crate::components::title::PageTitle;
use crate::i18n::{use_i18n, Arg};

/// A request, as the page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RequestRow {
    pub asked: String,
    /// Who asked: `Name (login)`.
    pub by: String,
    /// The state's spelling (`common::states::ExportState`).
    pub state: String,
    pub finished: Option<String>,
    /// The archive's name and size in words, once made (else empty).
    pub file: String,
}

/// What the page shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportView {
    pub slug: String,
    pub is_referent: bool,
    pub referent_name: Option<String>,
    pub requests: Vec<RequestRow>,
    /// A request is asked or running.
    pub open: bool,
    /// When a new one may be asked, in words, if not now.
    pub next: Option<String>,
    /// The asker's "Exports" folder in the space.
    pub folder_url: String,
    pub hours: i32,
}

#[leptos::server(prefix = "/api", endpoint = "spaces/export")]
pub async fn space_export(
    #[server(default)] slug: String,
) -> Result<Option<ExportView>, ServerFnError> {
    use backend::i18n::long_date_time;
    use backend::referents::export::{folder_url, list, BETWEEN_HOURS};
    use common::states::ExportState;
    let caller = crate::ssr::caller().await?;
    let referent = caller
        .referent_of(&slug)
        .map_err(|d| d.into_server_error())?;
    let ctx = &caller.ctx;
    let found = list(ctx, &referent)
        .await
        .map_err(|e| crate::ssr::server_error("dashboard export", e))?;
    let lang = caller.lang;
    Ok(Some(ExportView {
        slug: referent.slug().to_string(),
        is_referent: found.is_referent,
        referent_name: found.referent_name,
        open: found
            .requests
            .iter()
            .any(|r| matches!(r.state, ExportState::Requested | ExportState::Running)),
        requests: found
            .requests
            .into_iter()
            .map(|r| RequestRow {
                asked: long_date_time(lang, r.asked_paris),
                by: format!("{} ({})", r.name, r.uid),
                state: r.state.as_str().to_string(),
                finished: r.finished_paris.map(|t| long_date_time(lang, t)),
                file: r.file_in_words(lang),
            })
            .collect(),
        next: found.next_paris.map(|t| long_date_time(lang, t)),
        folder_url: folder_url(ctx, referent.slug()),
        hours: BETWEEN_HOURS,
    }))
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ExportOutcome {
    Asked,
    /// One is under way already.
    Open,
    /// One was made lately: the page says from when a new one may be asked.
    Recent,
    /// Only the referent on file asks.
    NotReferent,
    NotActive,
}

impl ExportOutcome {
    fn key(self) -> &'static str {
        match self {
            ExportOutcome::Asked => "export-asked",
            ExportOutcome::Open => "export-open",
            ExportOutcome::Recent => "export-recent",
            ExportOutcome::NotReferent => "export-not-referent",
            ExportOutcome::NotActive => "export-not-active",
        }
    }
}

pub struct ExportAction;

impl Action for ExportAction {
    const ID: &'static str = "space-export";
    const PATH: &'static str = EXPORT_PATH;
    const EXAMPLE: &'static str = "/espace/les-amis/exporter";
    type Params = SlugParam;
    type Input = NoInput;
    type Outcome = ExportOutcome;

    fn examples() -> Vec<NoInput> {
        vec![NoInput {}]
    }

    #[cfg(feature = "ssr")]
    type Who = backend::referents::Referent;

    #[cfg(feature = "ssr")]
    async fn run(
        who: backend::referents::Referent,
        _: SlugParam,
        _: NoInput,
        caller: crate::ssr::Caller,
    ) -> Reply<ExportOutcome> {
        use backend::referents::export::{ask, AskRefusal};
        Reply::Done(match ask(&caller.ctx, &who).await {
            Ok(_) => ExportOutcome::Asked,
            Err(AskRefusal::Open) => ExportOutcome::Open,
            Err(AskRefusal::Recent(_)) => ExportOutcome::Recent,
            Err(AskRefusal::NotReferent) => ExportOutcome::NotReferent,
            Err(AskRefusal::NotActive) => ExportOutcome::NotActive,
            Err(e) => return Reply::failed("dashboard export", e),
        })
    }

    fn next(params: &SlugParam, outcome: &ExportOutcome) -> String {
        outcome_query(&export(&params.slug), outcome)
    }
}

/// The requests, newest first.
#[component]
fn Requests(v: ExportView) -> impl IntoView {
    let i18n = use_i18n();
    if v.requests.is_empty() {
        return view! { <p>{i18n.t("export-none")}</p> }.into_any();
    }
    let rows = v
        .requests
        .iter()
        .map(|r| {
            view! {
                <tr>
                    <th scope="row">{r.asked.clone()}</th>
                    <td>{r.by.clone()}</td>
                    <td>{i18n.t(&format!("export-state-{}", r.state))}</td>
                    <td>{r.finished.clone()}</td>
                    <td>{r.file.clone()}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <TableWrap label=i18n.t("export-caption")>
            <table>
                <caption>{i18n.t("export-caption")}</caption>
                <thead>
                    <tr>
                        <th scope="col">{i18n.t("export-col-asked")}</th>
                        <th scope="col">{i18n.t("export-col-by")}</th>
                        <th scope="col">{i18n.t("export-col-state")}</th>
                        <th scope="col">{i18n.t("export-col-finished")}</th>
                        <th scope="col">{i18n.t("export-col-file")}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </TableWrap>
    }
    .into_any()
}

#[component]
fn Export(v: ExportView, outcome: Option<ExportOutcome>) -> impl IntoView {
    let i18n = use_i18n();
    let title = i18n.t("export-title");
    if v.open {
        // Every ten seconds while a request is under way; without JavaScript, the refresh
        // button below.
        crate::actions::refetch_every(std::time::Duration::from_secs(10));
    }
    let holder = v
        .referent_name
        .clone()
        .unwrap_or_else(|| i18n.t("handover-nobody-on-file"));
    let here = export(&v.slug);
    let ask = if v.open {
        view! {
            <p class="notice" role="status">{i18n.t("export-under-way")}</p>
            <form method="get" action=here.clone()>
                <button type="submit" class="button button-secondary">{i18n.t("import-refresh")}</button>
            </form>
        }
        .into_any()
    } else if !v.is_referent {
        view! { <p>{i18n.ta("export-only-referent", &[("name", Arg::from(&holder))])}</p> }
            .into_any()
    } else if let Some(next) = v.next.clone() {
        view! {
            <p>{i18n.ta("export-next", &[("date", Arg::from(&next)), ("hours", Arg::from(v.hours as usize))])}</p>
        }
        .into_any()
    } else {
        view! {
            <ActionForm<ExportAction> params=SlugParam { slug: v.slug.clone() } class="inline-form">
                <button type="submit" class="button">{i18n.t("export-submit")}</button>
            </ActionForm<ExportAction>>
        }
        .into_any()
    };
    let any_ready = v.requests.iter().any(|r| !r.file.is_empty());
    view! {
        <PageTitle text=title.clone()/>
        <DashboardNav slug=v.slug.clone() current="export"/>
        {outcome.map(|o| view! {
            <div class="notice" role="status" tabindex="-1" id="export-outcome" autofocus>
                <p>{i18n.t(o.key())}</p>
            </div>
        })}
        <h1>{title}</h1>
        <section class="panel" aria-labelledby="export-what-title">
            <h2 id="export-what-title">{i18n.t("export-what-title")}</h2>
            <p>{i18n.t("export-what")}</p>
            <p>{i18n.t("export-where")}</p>
            <p>{i18n.t("export-open-how")}</p>
            <p>{i18n.t("export-privacy")}</p>
            {ask}
        </section>
        <section class="panel" aria-labelledby="export-list-title">
            <h2 id="export-list-title">{i18n.t("export-list-title")}</h2>
            {any_ready.then(|| view! {
                <p><a href=v.folder_url.clone()>{i18n.t("export-folder-link")}</a></p>
            })}
            <Requests v=v.clone()/>
        </section>
    }
}

#[component]
pub fn SpaceExportPage() -> impl IntoView {
    dashboard_page(space_export, |v, outcome: Option<ExportOutcome>| {
        view! { <Export v outcome/> }.into_any()
    })
}
