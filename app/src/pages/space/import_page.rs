//! The pages that import members from a file: the upload (a file or pasted text, the
//! encoding left to the portal or chosen, a sample file, the latest imports), and an
//! import's page: its preview (how the file was read, each column's meaning, what will
//! happen to each row and what to do with each kind), then, once confirmed, its progress
//! (a refresh button without JavaScript, fetched again every two seconds with it) and its
//! report, on the page and as a file. The upload form sends a file, so it is a plain form
//! (`multipart/form-data`) with or without JavaScript.

use common::states::{ImportKind, ImportPlan, ImportResult, ImportState};
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::import::{
    space_import, space_imports, ChoicesView, ImportAction, ImportButton, ImportOutcome,
    ImportParam, ImportView, PreviewRow, PreviewView, ReportView, SpaceShown, StageView,
    UploadView,
};
use super::nav::{answer, DashboardNav};
use super::paths::{import, import_of, import_report, members, IMPORT_SAMPLE};
use crate::actions::{outcome_in, sent};
use crate::components::action_form::ActionForm;
use crate::components::fields::{error_text, ErrorSummary, TextField};
use crate::components::form::posted;
use crate::components::table::TableWrap;
use crate::components::title::PageTitle;
use crate::forms::PostedValues;
use crate::i18n::{use_i18n, Arg, I18n};

/// The upload form: a file, or text pasted, and the encoding.
#[component]
fn UploadForm(slug: String, encodings: Vec<String>) -> impl IntoView {
    let i18n = use_i18n();
    let posted = posted::<PostedValues>();
    let errors = RwSignal::new(posted.errors.clone());
    let text = RwSignal::new(posted.values.get("text").cloned().unwrap_or_default());
    let chosen = posted.values.get("encoding").cloned().unwrap_or_default();
    let file_error = errors.with_untracked(|e| e.field("file"));
    let field_id = |field: &str| format!("import-{field}");
    let options = encodings
        .into_iter()
        .map(|e| {
            let selected = e == chosen;
            view! { <option value=e.clone() selected=selected>{e.clone()}</option> }
        })
        .collect_view();
    view! {
        <form method="post" action=import(&slug) enctype="multipart/form-data" class="form">
            <ErrorSummary errors field_id/>
            <div class="field" class:field-invalid=file_error.is_some()>
                <label for="import-file">{i18n.t("import-file")}</label>
                <p class="field-hint" id="import-file-hint">{i18n.t("import-file-hint")}</p>
                {file_error.map(|code| view! {
                    <p class="field-error" id="import-file-error">
                        <span class="visually-hidden">{i18n.t("form-error-prefix")} " "</span>
                        {error_text(i18n, code)}
                    </p>
                })}
                <input
                    type="file"
                    id="import-file"
                    name="file"
                    accept=".csv,.txt,.tsv,.xlsx,.ods,text/csv,text/plain"
                    aria-describedby=if file_error.is_some() { "import-file-hint import-file-error" } else { "import-file-hint" }
                    aria-invalid=file_error.is_some().then_some("true")
                />
            </div>
            <TextField
                id="import-text"
                name="text"
                label=i18n.t("import-text")
                hint=i18n.t("import-text-hint")
                multiline=true
                value=text
                errors
                on_change=Callback::new(|()| ())
                node_ref=NodeRef::new()
            />
            <div class="field">
                <label for="import-encoding">{i18n.t("import-encoding")}</label>
                <p class="field-hint" id="import-encoding-hint">{i18n.t("import-encoding-hint")}</p>
                <select id="import-encoding" name="encoding" aria-describedby="import-encoding-hint">
                    <option value="" selected=chosen.is_empty()>{i18n.t("import-encoding-found")}</option>
                    {options}
                </select>
            </div>
            <button type="submit" class="button">{i18n.t("import-upload")}</button>
        </form>
    }
}

#[component]
fn Upload(v: UploadView, outcome: Option<ImportOutcome>) -> impl IntoView {
    let i18n = use_i18n();
    let title = i18n.ta("import-title", &[("space", Arg::from(&v.address))]);
    let has_errors = !posted::<PostedValues>().errors.is_empty();
    let latest = v
        .latest
        .iter()
        .map(|l| {
            let name = if l.file_name.is_empty() {
                i18n.t("import-pasted")
            } else {
                l.file_name.clone()
            };
            view! {
                <li>
                    <a href=import_of(&v.slug, l.id)>{name}</a>
                    " — "{l.when.clone()}" — "{i18n.t(&l.state.message_key())}
                </li>
            }
        })
        .collect_view();
    view! {
        <PageTitle text=if has_errors { format!("{} {}", i18n.t("form-error-prefix"), title) } else { title.clone() }/>
        <DashboardNav slug=v.slug.clone() current="members"/>
        {outcome.map(|o| view! {
            <div class="notice" class:notice-error=o.refused() role="status" tabindex="-1" id="import-outcome" autofocus>
                <p>{i18n.t(o.key())}</p>
            </div>
        })}
        <h1>{title}</h1>
        <p class="lead">{i18n.t("import-lead")}</p>
        <ul>
            <li>{i18n.t("import-lead-columns")}</li>
            <li>{i18n.t("import-lead-preview")}</li>
            <li>{i18n.t("import-lead-welcome")}</li>
        </ul>
        <p>
            <a href=IMPORT_SAMPLE download="exemple-membres.csv">{i18n.t("import-sample")}</a>
        </p>
        <section class="panel" aria-labelledby="upload-title">
            <h2 id="upload-title">{i18n.t("import-upload-title")}</h2>
            <UploadForm slug=v.slug.clone() encodings=v.encodings.clone()/>
        </section>
        {(!v.latest.is_empty()).then(|| view! {
            <section class="panel" aria-labelledby="latest-title">
                <h2 id="latest-title">{i18n.t("import-latest")}</h2>
                <ul>{latest}</ul>
            </section>
        })}
        <p><a href=members(&v.slug)>{i18n.t("import-back")}</a></p>
    }
}

/// The page that takes a file.
#[component]
pub fn SpaceImportPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let slug = move || params.with(|p| p.get("slug").unwrap_or_default());
    let data = crate::actions::page_data(slug, space_imports);
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                answer(slug(), data.await, |v| {
                    let outcome = query.with(outcome_in::<ImportOutcome>);
                    view! { <Upload v outcome/> }.into_any()
                })
            })}
        </Suspense>
    }
}

/// A yes-or-no choice of the preview, as two radio buttons.
#[component]
fn YesNo(name: &'static str, legend: String, value: bool) -> impl IntoView {
    let i18n = use_i18n();
    let id = format!("import-{}", name.replace('_', "-"));
    let no_id = format!("{id}-no");
    view! {
        <fieldset class="field">
            <legend>{legend}</legend>
            <div class="choice">
                <input type="radio" id=id.clone() name=name value="yes" checked=value/>
                <label for=id>{i18n.t(&format!("import-choice-{}-yes", name.replace('_', "-")))}</label>
            </div>
            <div class="choice">
                <input type="radio" id=no_id.clone() name=name value="no" checked=!value/>
                <label for=no_id>{i18n.t(&format!("import-choice-{}-no", name.replace('_', "-")))}</label>
            </div>
        </fieldset>
    }
}

/// What the referent chooses for each kind of row found.
fn choices_view(i18n: I18n, p: &PreviewView, c: ChoicesView) -> impl IntoView {
    let has = |k: ImportKind| p.rows.iter().any(|r| r.kind == k);
    let new = p.rows.iter().any(|r| r.kind == ImportKind::New || r.mended);
    let exists_with_groups = p
        .rows
        .iter()
        .any(|r| r.kind == ImportKind::Exists && !r.groups.is_empty());
    view! {
        {new.then(|| view! { <YesNo name="create" legend=i18n.t("import-choice-create") value=c.create/> })}
        {exists_with_groups.then(|| view! {
            <YesNo name="add_to_groups" legend=i18n.t("import-choice-add-to-groups") value=c.add_to_groups/>
        })}
        {has(ImportKind::BadUsername).then(|| view! {
            <YesNo name="make_login" legend=i18n.t("import-choice-make-login") value=c.make_login/>
        })}
        {has(ImportKind::BadGroup).then(|| view! {
            <YesNo name="drop_groups" legend=i18n.t("import-choice-drop-groups") value=c.drop_groups/>
        })}
        {has(ImportKind::BadQuota).then(|| view! {
            <YesNo name="default_quota" legend=i18n.t("import-choice-default-quota") value=c.default_quota/>
        })}
    }
}

/// What will happen to a row, in words.
fn row_says(i18n: I18n, r: &PreviewRow) -> String {
    let login = r.uid.clone().unwrap_or_default();
    match r.plan {
        ImportPlan::Create => i18n.ta("import-plan-create", &[("login", Arg::from(&login))]),
        ImportPlan::AddToGroups => {
            i18n.ta("import-plan-add-to-groups", &[("login", Arg::from(&login))])
        }
        ImportPlan::Skip => match r.kind {
            ImportKind::Twice => i18n.ta(
                "import-row-twice",
                &[("line", Arg::Num(r.first.unwrap_or_default() as i64))],
            ),
            ImportKind::Exists => i18n.ta("import-row-exists", &[("login", Arg::from(&login))]),
            ImportKind::New => i18n.ta("import-plan-not-created", &[("login", Arg::from(&login))]),
            other => i18n.t(&other.message_key()),
        },
    }
}

fn preview_table(i18n: I18n, p: &PreviewView) -> impl IntoView {
    let rows = p
        .rows
        .iter()
        .map(|r| {
            let problem = !matches!(r.kind, ImportKind::New | ImportKind::Exists);
            let says = row_says(i18n, r);
            let mended = r.mended.then(|| i18n.t(&r.kind.message_key()));
            view! {
                <tr class:row-problem=problem && !r.mended>
                    <td>{r.line}</td>
                    <th scope="row">{r.name.clone()}</th>
                    <td>{r.email.clone()}</td>
                    <td>{r.groups.clone()}</td>
                    <td>
                        {says}
                        {mended.map(|m| view! { <br/><span class="field-hint">{m}</span> })}
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <TableWrap label=i18n.t("import-rows-caption")>
            <table>
                <caption>{i18n.t("import-rows-caption")}</caption>
                <thead>
                    <tr>
                        <th scope="col">{i18n.t("import-row-line")}</th>
                        <th scope="col">{i18n.t("dash-member-name")}</th>
                        <th scope="col">{i18n.t("dash-member-email")}</th>
                        <th scope="col">{i18n.t("import-row-groups")}</th>
                        <th scope="col">{i18n.t("import-row-what")}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </TableWrap>
    }
}

/// How the file was read, each column's meaning, and the choices.
#[component]
fn PreviewForm(v: ImportView, p: PreviewView) -> impl IntoView {
    let i18n = use_i18n();
    let params = ImportParam {
        slug: v.slug.clone(),
        id: v.id,
    };
    let columns = p
        .columns
        .iter()
        .enumerate()
        .map(|(n, c)| {
            let id = format!("import-col-{n}");
            let label = match &c.title {
                Some(t) if !t.is_empty() => {
                    i18n.ta("import-column-titled", &[("n", Arg::Num(n as i64 + 1)), ("title", Arg::from(t))])
                }
                _ => i18n.ta("import-column", &[("n", Arg::Num(n as i64 + 1))]),
            };
            let sample = c.sample.join(" · ");
            let hint_id = format!("{id}-hint");
            let options = p
                .meanings
                .iter()
                .map(|m| {
                    view! {
                        <option value=m.clone() selected=*m == c.meaning>
                            {i18n.t(&format!("import-meaning-{m}"))}
                        </option>
                    }
                })
                .collect_view();
            view! {
                <div class="field">
                    <label for=id.clone()>{label}</label>
                    <p class="field-hint" id=hint_id.clone()>
                        {if sample.is_empty() { i18n.t("import-column-empty") } else { i18n.ta("import-column-sample", &[("sample", Arg::from(&sample))]) }}
                    </p>
                    <select id=id name=format!("col-{n}") aria-describedby=hint_id>{options}</select>
                </div>
            }
        })
        .collect_view();
    let encodings = p
        .encodings
        .iter()
        .map(|e| {
            let selected = p.chosen.as_ref() == Some(e);
            view! { <option value=e.clone() selected=selected>{e.clone()}</option> }
        })
        .collect_view();
    let found = match (&p.encoding, &p.separator) {
        (Some(e), Some(s)) => Some(i18n.ta(
            "import-read-as",
            &[
                ("encoding", Arg::from(e)),
                ("separator", Arg::from(&i18n.t(s))),
            ],
        )),
        _ => None,
    };
    let reached = matches!(p.space, SpaceShown::Reached { .. });
    let can_confirm = reached && p.error.is_none() && !p.rows.is_empty();
    let button = move |action: ImportButton, class: &'static str, key: &'static str| {
        view! {
            <button type="submit" name="action" value=sent(&action) class=class>{i18n.t(key)}</button>
        }
    };
    view! {
        <ActionForm<ImportAction> params class="form">
            <section class="panel" aria-labelledby="read-title">
                <h2 id="read-title">{i18n.t("import-read-title")}</h2>
                {found.map(|f| view! { <p>{f}</p> })}
                {p.error.map(|code| view! { <p class="notice notice-error" role="alert">{error_text(i18n, code)}</p> })}
                {p.text.then(|| view! {
                    <div class="field">
                        <label for="import-encoding">{i18n.t("import-encoding")}</label>
                        <p class="field-hint" id="import-encoding-hint">{i18n.t("import-encoding-change")}</p>
                        <select id="import-encoding" name="encoding" aria-describedby="import-encoding-hint">
                            <option value="" selected=p.chosen.is_none()>{i18n.t("import-encoding-found")}</option>
                            {encodings}
                        </select>
                    </div>
                })}
                {(!p.columns.is_empty()).then(|| view! {
                    <YesNo name="header" legend=i18n.t("import-header") value=p.header/>
                    <fieldset class="field">
                        <legend>{i18n.t("import-columns")}</legend>
                        <p class="field-hint">{i18n.t("import-columns-hint")}</p>
                        {columns}
                    </fieldset>
                })}
            </section>
            {(!p.rows.is_empty()).then(|| view! {
                <section class="panel" aria-labelledby="choices-title">
                    <h2 id="choices-title">{i18n.t("import-choices-title")}</h2>
                    {choices_view(i18n, &p, p.choices)}
                </section>
            })}
            <p class="form-actions">
                {button(ImportButton::Update, "button button-secondary", "import-update")}
                " "
                {can_confirm.then(|| button(ImportButton::Confirm, "button", "import-confirm"))}
                " "
                {button(ImportButton::Cancel, "button button-secondary button-danger", "import-cancel")}
            </p>
        </ActionForm<ImportAction>>
    }
}

/// The counts of each kind, and the space's places.
fn preview_summary(i18n: I18n, p: &PreviewView) -> impl IntoView {
    let counts = p
        .counts
        .iter()
        .map(|(k, n)| {
            view! { <li>{i18n.ta(&format!("{}-count", k.message_key()), &[("count", Arg::Num(*n as i64))])}</li> }
        })
        .collect_view();
    let space = match p.space {
        SpaceShown::Reached { accounts, limit } => i18n.ta(
            "import-space-places",
            &[
                ("count", Arg::Num(accounts as i64)),
                ("limit", Arg::Num(i64::from(limit))),
                (
                    "free",
                    Arg::Num(i64::from(limit).saturating_sub(accounts as i64).max(0)),
                ),
            ],
        ),
        SpaceShown::NotReached => i18n.t("import-space-not-reached"),
        SpaceShown::Maintenance => i18n.t("import-space-maintenance"),
        SpaceShown::NotActive => i18n.t("dash-member-not-active"),
    };
    let refused = !matches!(p.space, SpaceShown::Reached { .. });
    view! {
        <p class:notice=refused class:notice-error=refused>{space}</p>
        {(!p.rows.is_empty()).then(|| view! {
            <p class="lead">{i18n.ta("import-will-create", &[("count", Arg::Num(p.to_create as i64)), ("total", Arg::Num(p.total as i64))])}</p>
            <ul>{counts}</ul>
        })}
        {(p.total > p.rows.len()).then(|| view! {
            <p>{i18n.ta("import-rows-shown", &[("shown", Arg::Num(p.rows.len() as i64)), ("total", Arg::Num(p.total as i64))])}</p>
        })}
    }
}

/// A confirmed import: progress, then the report.
#[component]
fn Report(v: ImportView, r: ReportView) -> impl IntoView {
    let i18n = use_i18n();
    let running = v.state != ImportState::Finished;
    if running {
        // Every two seconds until the import ends; without JavaScript, the refresh button
        // below.
        crate::actions::refetch_every(std::time::Duration::from_secs(2));
    }
    let counts = r
        .counts
        .iter()
        .map(|(k, n)| view! { <li>{i18n.ta(&format!("{}-count", k.message_key()), &[("count", Arg::Num(*n as i64))])}</li> })
        .collect_view();
    let rows = r
        .rows
        .iter()
        .map(|l| {
            let says = match l.result {
                Some(ImportResult::Skipped) => {
                    format!(
                        "{} — {}",
                        i18n.t(&ImportResult::Skipped.message_key()),
                        i18n.t(&l.kind.message_key())
                    )
                }
                Some(res) => i18n.t(&res.message_key()),
                None => i18n.t("import-result-waiting"),
            };
            view! {
                <tr>
                    <td>{l.line}</td>
                    <th scope="row">{l.name.clone()}</th>
                    <td>{l.uid.clone().map(|u| view! { <code>{u}</code> })}</td>
                    <td>{says}</td>
                </tr>
            }
        })
        .collect_view();
    let here = import_of(&v.slug, v.id);
    view! {
        <section class="panel" aria-labelledby="progress-title">
            <h2 id="progress-title">{i18n.t(if running { "import-progress-title" } else { "import-report-title" })}</h2>
            <p>
                <label for="import-progress">{i18n.ta("import-progress", &[("processed", Arg::Num(r.done as i64)), ("total", Arg::Num(r.total as i64))])}</label>
                " "
                <progress id="import-progress" max=r.total.max(1) value=r.done>{format!("{} / {}", r.done, r.total)}</progress>
            </p>
            {r.retry_at.clone().map(|t| view! { <p class="notice">{i18n.ta("import-retry", &[("when", Arg::from(&t))])}</p> })}
            {running.then(|| view! {
                <form method="get" action=here.clone()>
                    <button type="submit" class="button button-secondary">{i18n.t("import-refresh")}</button>
                </form>
            })}
            <ul>{counts}</ul>
            {(!running).then(|| view! {
                <p>
                    <a class="button button-secondary" href=import_report(&v.slug, v.id) download="">{i18n.t("import-report-download")}</a>
                </p>
                <p>{i18n.t("import-report-kept")}</p>
            })}
        </section>
        <TableWrap label=i18n.t("import-report-caption")>
            <table>
                <caption>{i18n.t("import-report-caption")}</caption>
                <thead>
                    <tr>
                        <th scope="col">{i18n.t("import-row-line")}</th>
                        <th scope="col">{i18n.t("dash-member-name")}</th>
                        <th scope="col">{i18n.t("dash-member-username")}</th>
                        <th scope="col">{i18n.t("import-row-what")}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </TableWrap>
    }
}

#[component]
fn ImportShown(v: ImportView, outcome: Option<ImportOutcome>) -> impl IntoView {
    let i18n = use_i18n();
    let title = i18n.ta("import-of-title", &[("space", Arg::from(&v.address))]);
    let file = if v.file_name.is_empty() {
        i18n.t("import-pasted")
    } else {
        v.file_name.clone()
    };
    let kind = v.format.clone().map(|f| i18n.t(&f));
    let notice = outcome.map(|o| {
        let text = match o {
            ImportOutcome::Queued { create, groups } => i18n.ta(
                o.key(),
                &[("count", Arg::Num(create)), ("groups", Arg::Num(groups))],
            ),
            _ => i18n.t(o.key()),
        };
        view! {
            <div class="notice" class:notice-error=o.refused() role="status" tabindex="-1" id="import-outcome" autofocus>
                <p>{text}</p>
            </div>
        }
    });
    let body = match v.stage.clone() {
        StageView::Preview(p) => view! {
            {preview_summary(i18n, &p)}
            <PreviewForm v=v.clone() p=p.clone()/>
            {(!p.rows.is_empty()).then(|| preview_table(i18n, &p))}
        }
        .into_any(),
        StageView::Report(r) => view! { <Report v=v.clone() r/> }.into_any(),
    };
    view! {
        <PageTitle text=title.clone()/>
        <DashboardNav slug=v.slug.clone() current="members"/>
        {notice}
        <h1>{title}</h1>
        <dl class="facts">
            <dt>{i18n.t("import-file-name")}</dt>
            <dd>{file}{kind.map(|k| view! { " ("{k}")" })}</dd>
            <dt>{i18n.t("import-by")}</dt>
            <dd>{i18n.ta("import-by-when", &[("name", Arg::from(&v.created_by)), ("when", Arg::from(&v.created))])}</dd>
            <dt>{i18n.t("import-state")}</dt>
            <dd>{i18n.t(&v.state.message_key())}</dd>
        </dl>
        {body}
        <p>
            <a href=import(&v.slug)>{i18n.t("import-another")}</a>
            " · "
            <a href=members(&v.slug)>{i18n.t("import-back")}</a>
        </p>
    }
}

/// An import's preview, progress and report.
#[component]
pub fn SpaceImportShownPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let slug = move || params.with(|p| p.get("slug").unwrap_or_default());
    let id = move || {
        params.with(|p| {
            p.get("id")
                .and_then(|i| i.parse::<i64>().ok())
                .unwrap_or_default()
        })
    };
    let data =
        crate::actions::page_data(move || (slug(), id()), |(slug, id)| space_import(slug, id));
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                answer(slug(), data.await, |v| {
                    let outcome = query.with(outcome_in::<ImportOutcome>);
                    view! { <ImportShown v outcome/> }.into_any()
                })
            })}
        </Suspense>
    }
}
