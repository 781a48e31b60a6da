//! One application: every answer, eligibility hints, possible duplicates, history, and the
//! decisions. Every form here is an action's ([`ActionForm`]).

use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};
use serde::{Deserialize, Serialize};

use super::moderation::{Moderate, ModerationButton, ModerationOutcome};
use crate::actions::IdParam;
use crate::components::action_form::ActionForm;
use crate::components::form::NoteForm;
use crate::components::title::PageTitle;
use crate::i18n::{use_i18n, Arg};
use crate::pages::staff::area::guarded;
use crate::pages::staff::APPLICATIONS_PATH;
use common::states::{ApplicationEvent, ApplicationStatus};

/// A line of an application's history, as the detail page shows it.
pub type HistoryLine = (
    String,
    String,
    ApplicationEvent,
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
        ("application-slug", site.space_address(&a.slug)),
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
    // Fetched again once a button of the page did its work (with JavaScript).
    let data = crate::actions::page_data(id, staff_application);
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                guarded(data.await, move |d| match d {
                    None => view! { <crate::pages::site::errors::ErrorView status=404/> }.into_any(),
                    Some(d) => {
                        let base = format!("{APPLICATIONS_PATH}/{}", d.id);
                        // Every form of the page posts to the page itself, so that a text
                        // refused comes back on it.
                        let here = IdParam { id: d.id };
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
                            {can_decide.then(|| {
                                let (v0, v3) = (version.clone(), version.clone());
                                view! {
                                <section class="panel" aria-labelledby="decide-title">
                                    <h2 id="decide-title">{i18n.t("staff-decide-title")}</h2>
                                    <ActionForm<Moderate> params=here>
                                        <input type="hidden" name="version" value=v0/>
                                        <input type="hidden" name="action" value=crate::actions::sent(&ModerationButton::Approve)/>
                                        <button type="submit" class="button">{i18n.t("staff-decide-approve")}</button>
                                    </ActionForm<Moderate>>
                                    {
                                    let (v1, v2) = (version.clone(), version.clone());
                                    let reasons = d.reasons.clone();
                                    view! {
                                    <NoteForm<Moderate>
                                        params=here
                                        id=super::moderation::text_form(ModerationButton::Ask)
                                        label=i18n.t("staff-decide-question")
                                        submit=i18n.t("staff-decide-ask")
                                        secondary=true
                                    >
                                        <input type="hidden" name="version" value=v1/>
                                        <input type="hidden" name="action" value=crate::actions::sent(&ModerationButton::Ask)/>
                                    </NoteForm<Moderate>>
                                    <NoteForm<Moderate>
                                        params=here
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
                                    </NoteForm<Moderate>>
                                    }
                                    }
                                    <ActionForm<Moderate> params=here>
                                        <input type="hidden" name="version" value=v3/>
                                        <input type="hidden" name="action" value=crate::actions::sent(&ModerationButton::Waitlist)/>
                                        <button type="submit" class="button button-secondary">{i18n.t("staff-decide-waitlist")}</button>
                                    </ActionForm<Moderate>>
                                </section>
                            }})}
                            <section class="panel" aria-labelledby="team-title">
                                <h2 id="team-title">{i18n.t("staff-team-title")}</h2>
                                <p>{match d.assigned_to.clone() {
                                    Some(who) => i18n.ta("staff-assigned-to", &[("who", Arg::from(who))]),
                                    None => i18n.t("staff-assigned-nobody"),
                                }}</p>
                                <ActionForm<Moderate> params=here>
                                    <input type="hidden" name="action" value=crate::actions::sent(if d.assigned_to_me { &ModerationButton::Release } else { &ModerationButton::Take })/>
                                    <button type="submit" class="button button-secondary">
                                        {i18n.t(if d.assigned_to_me { "staff-release" } else { "staff-take" })}
                                    </button>
                                </ActionForm<Moderate>>
                                <NoteForm<Moderate>
                                    params=here
                                    id=super::moderation::text_form(ModerationButton::Note)
                                    label=i18n.t("staff-note-label")
                                    submit=i18n.t("staff-note-add")
                                    secondary=true
                                >
                                    <input type="hidden" name="action" value=crate::actions::sent(&ModerationButton::Note)/>
                                </NoteForm<Moderate>>
                            </section>
                            {d.is_admin.then(|| view! {
                                <section class="panel" aria-labelledby="privacy-title">
                                    <h2 id="privacy-title">{i18n.t("staff-privacy-title")}</h2>
                                    <p>{i18n.t("staff-privacy-text")}</p>
                                    <p><a href=format!("{base}/export") download>{i18n.t("staff-export")}</a></p>
                                    <ActionForm<Moderate> params=here class="form">
                                        <input type="hidden" name="action" value=crate::actions::sent(&ModerationButton::Erase)/>
                                        <div class="field field-checkbox">
                                            <input type="checkbox" id="confirmer" name="confirmer" value=crate::actions::sent(&super::moderation::Ticked::Yes)/>
                                            <label for="confirmer">{i18n.t("staff-erase-confirm")}</label>
                                        </div>
                                        <button type="submit" class="button button-secondary">{i18n.t("staff-erase")}</button>
                                    </ActionForm<Moderate>>
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
