//! Applying for a space: the form (while registrations are open), and whether registrations
//! are open, as the public pages say it.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use super::paths::SENT_PATH;
use super::paths::{FORM_PATH, LOST_PATH};
use crate::components::form::KitForm;
use crate::components::title::{title_with_errors, PageTitle};
use crate::forms::{Field, Form, FormErrors, Input, Posted, PostedValues};
use crate::i18n::{use_i18n, Arg};
use crate::pages::site::errors::ErrorView;
use common::application::{self as rules, ApplicationForm, Checked};

pub(super) const fn field(
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
    type Who = crate::actions::Anyone;

    #[cfg(feature = "ssr")]
    fn submit(
        self,
        _: crate::actions::Anyone,
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
    let has_errors = use_context::<Posted<PostedValues>>().is_some();
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
