//! Applying for a space: the form (while registrations are open), the page after it, the
//! confirmation by e-mail, the private status page and the "lost my link" form.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::components::form::{KitForm, NoteForm};
use crate::components::notice::{Notice, TokenPage};
use crate::components::title::{title_with_errors, PageTitle};
use crate::forms::{Field, Form, FormErrors, Input, Posted};
use crate::i18n::{use_i18n, Arg};
use crate::pages::public::errors::ErrorView;
use common::application::{self as rules, ApplicationForm, Checked};
use common::states::{self, SpaceState};

pub const FORM_PATH: &str = "/demande";
pub const SENT_PATH: &str = "/demande/envoyee";
pub const CONFIRM_PREFIX: &str = "/demande/confirmer";
pub const CONFIRMED_PATH: &str = "/demande/confirmee";
pub const STATUS_PREFIX: &str = "/demande/suivi";
pub const LOST_PATH: &str = "/demande/lien-perdu";
pub const LOST_SENT_PATH: &str = "/demande/lien-perdu/envoye";

const fn field(
    name: &'static str,
    input: Input,
    autocomplete: &'static str,
    label: &'static str,
    hint: Option<&'static str>,
) -> Field {
    Field {
        name,
        input,
        autocomplete,
        label,
        hint,
        section: None,
    }
}

const fn starts(section: &'static str, f: Field) -> Field {
    Field {
        section: Some(section),
        ..f
    }
}

impl Form for ApplicationForm {
    const ID: &'static str = "application";
    const PATH: &'static str = FORM_PATH;
    const FIELDS: &'static [Field] = &[
        starts(
            "application-section-structure",
            field(
                "structure_name",
                Input::Text,
                "organization",
                "application-structure_name",
                None,
            ),
        ),
        field(
            "kind",
            Input::Radios(rules::KINDS),
            "",
            "application-kind",
            None,
        ),
        field(
            "location",
            Input::Place,
            "",
            "application-location",
            Some("application-location-hint"),
        ),
        field(
            "identifier",
            Input::Text,
            "off",
            "application-identifier",
            Some("application-identifier-hint"),
        ),
        field(
            "field_of_action",
            Input::Select(rules::FIELDS_OF_ACTION),
            "",
            "application-field_of_action",
            None,
        ),
        field(
            "field_detail",
            Input::Text,
            "off",
            "application-field_detail",
            Some("application-field_detail-hint"),
        ),
        field(
            "purpose",
            Input::LongText,
            "off",
            "application-purpose",
            Some("application-purpose-hint"),
        ),
        starts(
            "application-section-needs",
            field(
                "members",
                Input::Number,
                "off",
                "application-members",
                Some("application-members-hint"),
            ),
        ),
        field(
            "accounts",
            Input::Number,
            "off",
            "application-accounts",
            Some("application-accounts-hint"),
        ),
        field(
            "storage_gb",
            Input::Number,
            "off",
            "application-storage_gb",
            Some("application-storage_gb-hint"),
        ),
        field(
            "budget",
            Input::Select(rules::BUDGETS),
            "",
            "application-budget",
            None,
        ),
        field(
            "tools",
            Input::LongText,
            "off",
            "application-tools",
            Some("application-tools-hint"),
        ),
        field(
            "slug",
            Input::Text,
            "off",
            "application-slug",
            Some("application-slug-hint"),
        ),
        field(
            "office",
            Input::Radios(rules::OFFICES),
            "",
            "application-office",
            Some("application-office-hint"),
        ),
        starts(
            "application-section-referent",
            field(
                "referent_name",
                Input::Text,
                "name",
                "application-referent_name",
                None,
            ),
        ),
        field(
            "referent_email",
            Input::Email,
            "email",
            "application-referent_email",
            Some("application-referent_email-hint"),
        ),
        field(
            "referent_role",
            Input::Text,
            "organization-title",
            "application-referent_role",
            None,
        ),
        field(
            "terms",
            Input::Checkbox,
            "",
            "application-terms",
            Some("application-terms-hint"),
        ),
        field("website", Input::Trap, "off", "application-website", None),
    ];
    const SUBMIT: &'static str = "application-submit";
    const SUBMITTING: &'static str = "application-submitting";
    /// The address is checked as it is left; the name, once left, offers an address made
    /// from it if none was typed yet.
    const LIVE: &'static [&'static str] = &["slug", "structure_name"];

    #[cfg(feature = "ssr")]
    fn check_live(
        &self,
        field: &str,
        caller: &crate::ssr::Caller,
    ) -> impl std::future::Future<Output = crate::forms::kit::LiveCheck> + Send {
        use crate::forms::kit::LiveCheck;
        use backend::applications::Availability;
        let field_is_name = field == "structure_name";
        let ctx = caller.ctx.clone();
        let client = caller.client.clone();
        // An address made from the name (in any script), when none was typed yet.
        let name = (field == "structure_name" && self.slug.trim().is_empty())
            .then(|| self.structure_name.clone());
        let typed = (field == "slug").then(|| common::Slug::parse(&self.slug).ok());
        let fill = |value: String| LiveCheck::Fill {
            field: "slug".into(),
            value,
        };
        async move {
            let slug = match (typed, name) {
                (Some(typed), _) => typed,
                (None, Some(name)) => match backend::applications::reserved(&ctx).await {
                    Ok(reserved) => backend::applications::suggest_slug(&name, &reserved),
                    // Trouble: no suggestion; the submission will say.
                    Err(_) => None,
                },
                (None, None) => None,
            };
            let Some(slug) = slug else {
                return if field_is_name {
                    fill(String::new())
                } else {
                    LiveCheck::Fine
                };
            };
            if field_is_name {
                // The address made from the name, or a free one like it.
                return match backend::applications::slug_availability(&ctx, &slug, &client).await {
                    Ok(Availability::Available) => fill(slug.as_str().to_string()),
                    Ok(Availability::Unavailable { suggestions, .. }) => {
                        fill(suggestions.into_iter().next().unwrap_or_default())
                    }
                    Err(_) => fill(String::new()),
                };
            }
            match backend::applications::slug_availability(&ctx, &slug, &client).await {
                Ok(Availability::Available) => LiveCheck::Fine,
                Ok(Availability::Unavailable { code, suggestions }) => {
                    LiveCheck::Refused { code, suggestions }
                }
                // Over the limit, or trouble: the submission will say.
                Err(_) => LiveCheck::Fine,
            }
        }
    }

    fn errors(&self, site: &common::SiteInfo) -> FormErrors {
        match rules::check(self, site) {
            Checked::Invalid(found) => FormErrors(
                found
                    .into_iter()
                    .map(|(field, code)| crate::forms::FieldError {
                        field: Some(field.to_string()),
                        code,
                    })
                    .collect(),
            ),
            Checked::Valid(_) | Checked::Robot => FormErrors::default(),
        }
    }

    #[cfg(feature = "ssr")]
    fn submit(
        self,
        caller: crate::ssr::Caller,
    ) -> impl std::future::Future<Output = crate::forms::Submitted> + Send {
        use crate::forms::{ErrorCode, Submitted};
        use backend::applications::SubmitError;
        async move {
            let app = match rules::check(&self, &caller.ctx.settings.site) {
                Checked::Valid(app) => app,
                Checked::Robot => {
                    tracing::info!("application honeypot filled: nothing written");
                    return Submitted::Done(SENT_PATH);
                }
                Checked::Invalid(_) => {
                    return Submitted::Invalid(self.errors(&caller.ctx.settings.site))
                }
            };
            match backend::applications::submit(&caller.ctx, &app, caller.lang, &caller.client)
                .await
            {
                Ok(sent) => {
                    tracing::info!(application = sent.id, "application received");
                    Submitted::Done(SENT_PATH)
                }
                Err(SubmitError::NotOpen(code)) => Submitted::Invalid(FormErrors::form(code)),
                Err(SubmitError::Slug(code)) => {
                    Submitted::Invalid(FormErrors::field_error("slug", code))
                }
                Err(SubmitError::Backend(backend::Error::RateLimited)) => {
                    Submitted::Invalid(FormErrors::form(ErrorCode::RateLimited))
                }
                Err(SubmitError::Backend(error)) => {
                    tracing::error!(%error, "application failed");
                    Submitted::Unavailable
                }
            }
        }
    }
}

/// Whether registrations are open, as the public pages say it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RegistrationView {
    Open { closes: String, note: String },
    Closed { next: Option<String>, note: String },
    WindowFull { next: Option<String> },
    CapacityReached,
}

#[server(prefix = "/api", endpoint = "applications/registration")]
pub async fn registration_state() -> Result<RegistrationView, ServerFnError> {
    use backend::applications::Registration;
    use backend::i18n::long_date_time;
    let caller = crate::ssr::caller().await?;
    let lang = caller.lang;
    // Kept a few seconds by the server, forgotten at every change (`public_state`).
    type Kept = std::sync::Arc<backend::applications::public_state::PublicState>;
    let state = match use_context::<Kept>() {
        Some(kept) => kept.registration(&caller.ctx, lang).await,
        None => backend::applications::registration(&caller.ctx, lang).await,
    }
    .map_err(|e| crate::ssr::server_error("registration state", e))?;
    let date = |m: backend::applications::windows::Moment| long_date_time(lang, m.paris);
    Ok(match state {
        Registration::Open { closes, note, .. } => RegistrationView::Open {
            closes: date(closes),
            note,
        },
        Registration::Closed { next, note } => RegistrationView::Closed {
            next: next.map(date),
            note,
        },
        Registration::WindowFull { next } => RegistrationView::WindowFull {
            next: next.map(date),
        },
        Registration::CapacityReached => RegistrationView::CapacityReached,
    })
}

/// What the public pages say about registrations: open until when, or closed (and when they
/// reopen), with an invitation to the newsletter.
#[component]
pub fn RegistrationNotice(state: RegistrationView) -> impl IntoView {
    let i18n = use_i18n();
    let note = |note: String| (!note.is_empty()).then(|| view! { <p>{note}</p> });
    let newsletter = move || {
        view! {
            <p>
                {i18n.t("registration-newsletter")} " "
                <a href="/lettre">{i18n.t("registration-newsletter-link")}</a>
            </p>
        }
    };
    match state {
        RegistrationView::Open { closes, note: n } => view! {
            <div class="registration registration-open">
                <p><strong>{i18n.ta("registration-open", &[("closes", Arg::from(closes))])}</strong></p>
                {note(n)}
            </div>
        }
        .into_any(),
        RegistrationView::Closed { next, note: n } => view! {
            <div class="registration registration-closed">
                <p><strong>{match next {
                    Some(when) => i18n.ta("registration-closed-until", &[("opens", Arg::from(when))]),
                    None => i18n.t("registration-closed"),
                }}</strong></p>
                {note(n)}
                {newsletter()}
            </div>
        }
        .into_any(),
        RegistrationView::WindowFull { next } => view! {
            <div class="registration registration-closed">
                <p><strong>{match next {
                    Some(when) => i18n.ta("registration-window-full-until", &[("opens", Arg::from(when))]),
                    None => i18n.t("registration-window-full"),
                }}</strong></p>
                {newsletter()}
            </div>
        }
        .into_any(),
        RegistrationView::CapacityReached => view! {
            <div class="registration registration-closed">
                <p><strong>{i18n.t("registration-capacity")}</strong></p>
                {newsletter()}
            </div>
        }
        .into_any(),
    }
}

/// The registration notice, loaded with the page.
#[component]
pub fn RegistrationStatus() -> impl IntoView {
    let state = Resource::new_blocking(|| (), |_| registration_state());
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                state.await.ok().map(|state| view! { <RegistrationNotice state/> })
            })}
        </Suspense>
    }
}

#[component]
pub fn ApplyPage() -> impl IntoView {
    let i18n = use_i18n();
    let has_errors = use_context::<Posted<ApplicationForm>>().is_some();
    let title = title_with_errors("application-title", has_errors);
    let state = Resource::new_blocking(|| (), |_| registration_state());
    view! {
        <PageTitle text=title/>
        <h1>{i18n.t("application-title")}</h1>
        <p class="lead">{i18n.t("application-intro")}</p>
        <Suspense>
            {move || Suspend::new(async move {
                match state.await {
                    Ok(state) => {
                        // A form sent back with errors stays, even if registrations closed
                        // meanwhile: what was typed is not lost, and the summary says why.
                        let open = matches!(state, RegistrationView::Open { .. }) || has_errors;
                        view! {
                            <RegistrationNotice state/>
                            {open.then(|| view! {
                                <p>{i18n.t("application-required-note")}</p>
                                // Collabora is offered by default.
                                <KitForm<ApplicationForm>
                                    note="application-privacy"
                                    values=ApplicationForm { office: "collabora".into(), ..Default::default() }
                                />
                            })}
                        }
                        .into_any()
                    }
                    Err(_) => view! { <ErrorView status=500/> }.into_any(),
                }
            })}
        </Suspense>
        <p><a href=LOST_PATH>{i18n.t("application-lost-link")}</a></p>
    }
}

const HOME: (&str, &str) = ("/", "back-home");

#[component]
pub fn SentPage() -> impl IntoView {
    view! {
        <Notice
            title="application-sent-title"
            paragraphs=&["application-sent-text", "application-sent-spam"]
            link=HOME
        />
    }
}

#[server(prefix = "/api", endpoint = "applications/confirm-link")]
pub async fn confirm_link_is_valid(token: String) -> Result<bool, ServerFnError> {
    let caller = crate::ssr::caller().await?;
    backend::applications::confirm_link_is_valid(&caller.ctx, &token)
        .await
        .map_err(|e| crate::ssr::server_error("application link check", e))
}

#[component]
pub fn ConfirmPage() -> impl IntoView {
    view! {
        <TokenPage
            check=confirm_link_is_valid
            title="application-confirm-title"
            text="application-confirm-text"
            submit="application-confirm-submit"
            action_prefix=CONFIRM_PREFIX
            invalid=|| view! {
                <Notice
                    title="application-invalid-title"
                    paragraphs=&["application-invalid-text"]
                    link=(LOST_PATH, "application-lost-link")
                />
            }
            .into_any()
        />
    }
}

#[component]
pub fn ConfirmedPage() -> impl IntoView {
    view! {
        <Notice
            title="application-confirmed-title"
            paragraphs=&["application-confirmed-text"]
            link=HOME
        />
    }
}

/// The status page's content.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusPageData {
    pub structure_name: String,
    pub address: String,
    pub status: states::ApplicationStatus,
    pub answer_by: Option<String>,
    /// `(date, kind, body)`, oldest first.
    pub timeline: Vec<(String, String, String)>,
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
        address: format!("{}.{}", v.slug, caller.ctx.settings.site.domain_suffix),
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
    let data = Resource::new_blocking(move || token.get(), application_status);
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
                                let action = action.clone();
                                view! {
                                    <section class="panel" aria-labelledby="answer-title">
                                        <h2 id="answer-title">{i18n.t("application-answer-title")}</h2>
                                        <NoteForm
                                            action=action
                                            id=super::link_actions::ANSWER_FORM
                                            label=i18n.t("application-answer-label")
                                            submit=i18n.t("application-answer-submit")
                                        >
                                            <input type="hidden" name="action" value=crate::actions::sent(&super::link_actions::StatusButton::Answer)/>
                                        </NoteForm>
                                    </section>
                                }
                            })}
                            {d.can_withdraw.then(|| view! {
                                <section class="panel" aria-labelledby="withdraw-title">
                                    <h2 id="withdraw-title">{i18n.t("application-withdraw-title")}</h2>
                                    <p>{i18n.t("application-withdraw-text")}</p>
                                    <form method="post" action=action>
                                        <input type="hidden" name="action" value=crate::actions::sent(&super::link_actions::StatusButton::Withdraw)/>
                                        <button type="submit" class="button button-secondary">
                                            {i18n.t("application-withdraw-submit")}
                                        </button>
                                    </form>
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

/// The "lost my link" form: an e-mail address.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, validator::Validate)]
pub struct LostLink {
    #[validate(custom(function = "crate::forms::email_address"))]
    pub email: String,
}

impl Form for LostLink {
    const ID: &'static str = "lost-link";
    const PATH: &'static str = LOST_PATH;
    const FIELDS: &'static [Field] = &[field(
        "email",
        Input::Email,
        "email",
        "application-lost-email",
        Some("application-lost-email-hint"),
    )];
    const SUBMIT: &'static str = "application-lost-submit";
    const SUBMITTING: &'static str = "application-lost-submitting";

    fn errors(&self, _site: &common::SiteInfo) -> FormErrors {
        FormErrors::of(self)
    }

    #[cfg(feature = "ssr")]
    fn submit(
        self,
        caller: crate::ssr::Caller,
    ) -> impl std::future::Future<Output = crate::forms::Submitted> + Send {
        use crate::forms::kit::{backend_outcome, email_in};
        async move {
            let email = match email_in("email", &self.email) {
                Ok(email) => email,
                Err(refused) => return refused,
            };
            let sent = backend::applications::send_lost_links(
                &caller.ctx,
                &email,
                caller.lang,
                &caller.client,
            )
            .await;
            backend_outcome(sent, LOST_SENT_PATH, "lost application link")
        }
    }
}

#[component]
pub fn LostLinkPage() -> impl IntoView {
    let i18n = use_i18n();
    let has_errors = use_context::<Posted<LostLink>>().is_some();
    let title = title_with_errors("application-lost-title", has_errors);
    view! {
        <PageTitle text=title/>
        <h1>{i18n.t("application-lost-title")}</h1>
        <p class="lead">{i18n.t("application-lost-intro")}</p>
        <KitForm<LostLink>/>
    }
}

#[component]
pub fn LostLinkSentPage() -> impl IntoView {
    view! {
        <Notice
            title="application-lost-sent-title"
            paragraphs=&["application-lost-sent-text"]
            link=HOME
        />
    }
}
