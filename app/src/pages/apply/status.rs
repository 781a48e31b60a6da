//! The applicant's private status page (from the link of their mails): where the application
//! stands, its timeline, the space's making once approved, and the page's buttons (answer
//! staff's question, withdraw), declared here ([`crate::actions`]).

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::paths::{LOST_PATH, STATUS_PREFIX};
#[cfg(feature = "ssr")]
use crate::actions::{text_of, Anyone, Reply};
use crate::actions::{Action, TokenParam};
use crate::components::action_form::ActionForm;
use crate::components::form::NoteForm;
use crate::components::notice::Notice;
use crate::components::title::PageTitle;
use crate::i18n::{use_i18n, Arg};
use crate::pages::site::errors::ErrorView;
use common::states::{self, SpaceState};

/// The status page's content.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusPageData {
    pub structure_name: String,
    pub address: String,
    pub status: states::ApplicationStatus,
    pub answer_by: Option<String>,
    /// `(date, kind, body)`, oldest first.
    pub timeline: Vec<(String, states::ApplicationEvent, String)>,
    pub can_withdraw: bool,
    /// A question from staff waits for an answer.
    pub can_answer: bool,
    /// The space, once the application is approved.
    pub space: Option<SpaceView>,
}

/// How far the making of the space has gone.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpaceView {
    pub state: SpaceState,
    /// The step under way (`step-<key>` names it).
    pub step: String,
    /// Its number, and how many there are.
    pub number: usize,
    pub total: usize,
    pub done: usize,
    /// The last try of a step failed: it will be tried again.
    pub trouble: bool,
    pub address: Option<String>,
}

#[server(prefix = "/api", endpoint = "applications/status")]
pub async fn application_status(token: String) -> Result<Option<StatusPageData>, ServerFnError> {
    use backend::i18n::{long_date, long_date_time};
    let caller = crate::ssr::caller().await?;
    let view = backend::applications::status(&caller.ctx, &token)
        .await
        .map_err(|e| crate::ssr::server_error("application status", e))?;
    let lang = caller.lang;
    let space = match &view {
        Some(v) => backend::provisioning::spaces::progress(&caller.ctx, v.id)
            .await
            .map_err(|e| crate::ssr::server_error("space progress", e))?,
        None => None,
    };
    let total = backend::provisioning::steps::Step::ALL.len();
    let space = space.map(|p| SpaceView {
        step: p.step.key().to_string(),
        number: (p.done + 1).min(total),
        total,
        done: p.done,
        trouble: p.trouble,
        address: p.address,
        state: p.state,
    });
    Ok(view.map(|v| StatusPageData {
        space,
        can_withdraw: v.can_withdraw(),
        can_answer: v.status.awaits_answer(),
        address: caller.ctx.settings.site.space_address(&v.slug),
        structure_name: v.structure_name,
        status: v.status,
        answer_by: v.answer_by_paris.map(|t| long_date(lang, t)),
        timeline: v
            .timeline
            .into_iter()
            .map(|e| (long_date_time(lang, e.paris), e.kind, e.body))
            .collect(),
    }))
}

#[component]
pub fn StatusPage() -> impl IntoView {
    let i18n = use_i18n();
    let token = crate::components::notice::token_param();
    // Fetched again once an action of the page is done (with JavaScript).
    let data = crate::actions::page_data(move || token.get(), application_status);
    // With JavaScript, the progress of a space being made follows by itself.
    #[cfg(feature = "hydrate")]
    {
        use leptos::leptos_dom::helpers::set_interval_with_handle;
        let every = std::time::Duration::from_secs(4);
        if let Ok(handle) = set_interval_with_handle(
            move || {
                let making = data
                    .get_untracked()
                    .and_then(Result::ok)
                    .flatten()
                    .and_then(|d| d.space)
                    .is_some_and(|s| s.state != SpaceState::Active);
                if making {
                    data.refetch();
                }
            },
            every,
        ) {
            on_cleanup(move || handle.clear());
        }
    }
    view! {
        <Transition>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(Some(d)) => {
                        // Every form of the page posts to the page itself, so that a text
                        // refused comes back on it.
                        let action = format!("{STATUS_PREFIX}/{}", token.get_untracked());
                        let here = TokenParam { token: token.get_untracked() };
                        let status = i18n.t(&format!("application-status-{}", d.status));
                        view! {
                            <PageTitle text=i18n.t("application-status-title")/>
                            <h1>{i18n.t("application-status-title")}</h1>
                            <p class="lead">
                                {i18n.ta("application-status-of", &[
                                    ("name", Arg::from(d.structure_name.clone())),
                                    ("address", Arg::from(d.address.clone())),
                                ])}
                            </p>
                            <p class="status-now">
                                {i18n.t("application-status-now")} " " <strong>{status}</strong>
                            </p>
                            {d.space.clone().map(|space| view! {
                                <SpaceProgress space=space refresh=action.clone()/>
                            })}
                            {d.answer_by.clone().filter(|_| matches!(d.status, states::ApplicationStatus::Confirmed | states::ApplicationStatus::Question)).map(|when| view! {
                                <p>{i18n.ta("application-status-answer-by", &[("when", Arg::from(when))])}</p>
                            })}
                            <h2>{i18n.t("application-status-timeline")}</h2>
                            <ol class="timeline">
                                {d.timeline.into_iter().map(|(when, kind, body)| view! {
                                    <li>
                                        <span class="timeline-when">{when}</span> " "
                                        {i18n.t(&format!("application-event-{kind}"))}
                                        {(!body.is_empty()).then(|| view! { <blockquote>{body}</blockquote> })}
                                    </li>
                                }).collect_view()}
                            </ol>
                            {d.can_answer.then(|| {
                                let here = here.clone();
                                view! {
                                    <section class="panel" aria-labelledby="answer-title">
                                        <h2 id="answer-title">{i18n.t("application-answer-title")}</h2>
                                        <NoteForm<StatusChange>
                                            params=here
                                            id=ANSWER_FORM
                                            label=i18n.t("application-answer-label")
                                            submit=i18n.t("application-answer-submit")
                                        >
                                            <input type="hidden" name="action" value=crate::actions::sent(&StatusButton::Answer)/>
                                        </NoteForm<StatusChange>>
                                    </section>
                                }
                            })}
                            {d.can_withdraw.then(|| view! {
                                <section class="panel" aria-labelledby="withdraw-title">
                                    <h2 id="withdraw-title">{i18n.t("application-withdraw-title")}</h2>
                                    <p>{i18n.t("application-withdraw-text")}</p>
                                    <ActionForm<StatusChange> params=here.clone()>
                                        <input type="hidden" name="action" value=crate::actions::sent(&StatusButton::Withdraw)/>
                                        <button type="submit" class="button button-secondary">
                                            {i18n.t("application-withdraw-submit")}
                                        </button>
                                    </ActionForm<StatusChange>>
                                </section>
                            })}
                        }
                        .into_any()
                    }
                    Ok(None) => view! {
                        <Notice
                            title="application-invalid-title"
                            paragraphs=&["application-invalid-text"]
                            link=(LOST_PATH, "application-lost-link")
                        />
                    }
                    .into_any(),
                    Err(_) => view! { <ErrorView status=500/> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// The space being made (step n of N, a refresh button that needs no JavaScript), then its
/// address.
#[component]
fn SpaceProgress(space: SpaceView, refresh: String) -> impl IntoView {
    let i18n = use_i18n();
    match (space.state, space.address.clone()) {
        (SpaceState::Active, Some(address)) => view! {
            <section class="panel panel-yes" aria-labelledby="space-title">
                <h2 id="space-title">{i18n.t("space-ready-title")}</h2>
                <p>{i18n.t("space-ready-text")}</p>
                <p><a class="button" href=address.clone()>{address.clone()}</a></p>
                <p>{i18n.t("space-ready-mail")}</p>
            </section>
        }
        .into_any(),
        _ => {
            let label = i18n.t(&format!("step-{}", space.step));
            view! {
                <section class="panel" aria-labelledby="space-title">
                    <h2 id="space-title">{i18n.t("space-progress-title")}</h2>
                    <p aria-live="polite">
                        {i18n.ta("space-progress-step", &[
                            ("number", Arg::from(space.number.to_string())),
                            ("total", Arg::from(space.total.to_string())),
                            ("step", Arg::from(label)),
                        ])}
                    </p>
                    <progress max=space.total.to_string() value=space.done.to_string()>
                        {format!("{} / {}", space.done, space.total)}
                    </progress>
                    {space.trouble.then(|| view! { <p>{i18n.t("space-progress-trouble")}</p> })}
                    <p>{i18n.t("space-progress-wait")}</p>
                    <form method="get" action=refresh>
                        <button type="submit" class="button button-secondary">
                            {i18n.t("space-progress-refresh")}
                        </button>
                    </form>
                </section>
            }
            .into_any()
        }
    }
}

/// The buttons of an application's status page.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum StatusButton {
    /// Answer staff's question (the text).
    Answer,
    Withdraw,
}

/// The id of the status page's answer form (`NoteForm`).
pub const ANSWER_FORM: &str = "answer";

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusInput {
    pub action: StatusButton,
    #[serde(default)]
    pub form: String,
    #[serde(default)]
    pub text: String,
}

/// The applicant's answer to staff's question, or withdrawal. Back to the page, which
/// shows what changed (or, if staff decided meanwhile, the decision).
pub struct StatusChange;

impl Action for StatusChange {
    const ID: &'static str = "application-status";
    const PATH: &'static str = "/demande/suivi/{token}";
    const EXAMPLE: &'static str = "/demande/suivi/lien-inconnu";
    const TEXT_FIELDS: &'static [&'static str] = &["text", "form"];
    type Params = TokenParam;
    type Input = StatusInput;
    type Outcome = ();

    fn examples() -> Vec<StatusInput> {
        vec![
            StatusInput {
                action: StatusButton::Answer,
                form: ANSWER_FORM.into(),
                text: String::new(),
            },
            StatusInput {
                action: StatusButton::Withdraw,
                form: String::new(),
                text: String::new(),
            },
        ]
    }

    #[cfg(feature = "ssr")]
    type Who = Anyone;

    #[cfg(feature = "ssr")]
    async fn run(
        _: Anyone,
        p: TokenParam,
        input: StatusInput,
        caller: crate::ssr::Caller,
    ) -> Reply<()> {
        use backend::applications::{self as apps, AnswerOutcome, WithdrawOutcome};
        let ctx = &caller.ctx;
        match input.action {
            StatusButton::Withdraw => match apps::withdraw(ctx, &p.token).await {
                Ok(WithdrawOutcome::Withdrawn | WithdrawOutcome::TooLate) => Reply::Done(()),
                Ok(WithdrawOutcome::InvalidLink) => Reply::Page(400),
                Err(error) => Reply::failed("application withdrawal", error),
            },
            StatusButton::Answer => {
                let text = match text_of(ctx, &input.text, true) {
                    Ok(text) => text,
                    Err(refused) => return refused,
                };
                match apps::answer(ctx, &p.token, &text).await {
                    Ok(AnswerOutcome::Answered | AnswerOutcome::NoQuestion) => Reply::Done(()),
                    Ok(AnswerOutcome::InvalidLink) => Reply::Page(400),
                    Err(error) => Reply::failed("application answer", error),
                }
            }
        }
    }

    fn next(p: &TokenParam, (): &()) -> String {
        format!("{STATUS_PREFIX}/{}", p.token)
    }
}
