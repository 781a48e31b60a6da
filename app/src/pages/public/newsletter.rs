//! Newsletter sign-up with double opt-in: the form (on the home page and its own page), the
//! "check your mailbox" page, the confirmation link and the unsubscribe link.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_navigate;
use serde::{Deserialize, Serialize};
use validator::Validate;

use crate::components::form::{ErrorSummary, TextField};
use crate::components::notice::{Notice, TokenPage};
use crate::forms::{ErrorCode, FormErrors, FormOutcome, Posted};
use crate::i18n::{use_i18n, Lang};

/// The sign-up form, validated the same way in the browser and on the server.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[serde(default)]
pub struct NewsletterSignup {
    #[validate(custom(function = "crate::forms::email_address"))]
    pub email: String,
}

pub const FORM_PATH: &str = "/lettre";
pub const THANKS_PATH: &str = "/lettre/merci";
pub const CONFIRMED_PATH: &str = "/lettre/confirmee";

fn field_id(field: &str) -> String {
    format!("newsletter-{field}")
}

#[server(prefix = "/api", endpoint = "newsletter/subscribe")]
pub async fn subscribe_newsletter(
    form: NewsletterSignup,
    lang: Lang,
) -> Result<FormOutcome, ServerFnError> {
    let caller = crate::ssr::caller().await?;
    Ok(submit(&caller, form, lang).await)
}

/// Validates and signs up; shared by the server function and the plain-POST handler.
#[cfg(feature = "ssr")]
pub async fn submit(
    caller: &crate::ssr::Caller,
    form: NewsletterSignup,
    lang: Lang,
) -> FormOutcome {
    let errors = FormErrors::of(&form);
    let email = match common::Email::parse(&form.email) {
        Ok(email) if errors.is_empty() => email,
        _ => return FormOutcome::Invalid(errors),
    };
    match backend::newsletter::subscribe(&caller.ctx, &email, lang, &caller.client.0).await {
        Ok(effect) => {
            // The effect, never the address: typed values stay out of the logs.
            tracing::info!(?effect, "newsletter sign-up");
            FormOutcome::Done
        }
        Err(backend::Error::RateLimited) => {
            FormOutcome::Invalid(FormErrors::form(ErrorCode::RateLimited))
        }
        Err(error) => {
            tracing::error!(%error, "newsletter sign-up failed");
            FormOutcome::Invalid(FormErrors::form(ErrorCode::Server))
        }
    }
}

/// Whether a confirmation link still works. Reads only: the page asks before confirming.
#[server(prefix = "/api", endpoint = "newsletter/confirm-link")]
pub async fn confirm_link_is_valid(token: String) -> Result<bool, ServerFnError> {
    let caller = crate::ssr::caller().await?;
    backend::newsletter::confirm_link_is_valid(&caller.ctx, &token)
        .await
        .map_err(|error| crate::ssr::server_error("newsletter link check", error))
}

#[server(prefix = "/api", endpoint = "newsletter/unsubscribe-link")]
pub async fn unsubscribe_link_is_valid(token: String) -> Result<bool, ServerFnError> {
    let caller = crate::ssr::caller().await?;
    Ok(backend::newsletter::unsubscribe_link_is_valid(
        &caller.ctx,
        &token,
    ))
}

#[component]
pub fn NewsletterForm() -> impl IntoView {
    let i18n = use_i18n();
    // After a plain POST the server renders the page with what was typed and the errors.
    let posted = SharedValue::new(use_context::<Posted<NewsletterSignup>>)
        .into_inner()
        .unwrap_or_default();
    let email = RwSignal::new(posted.values.email);
    let errors = RwSignal::new(posted.errors);
    let input = NodeRef::<leptos::html::Input>::new();
    let action = ServerAction::<SubscribeNewsletter>::new();
    let navigate = use_navigate();

    let current = move || NewsletterSignup {
        email: email.get_untracked(),
    };
    let focus_first_error = move || {
        if let Some(el) = input.get_untracked() {
            let _ = el.focus();
        }
    };
    Effect::new(move |_| {
        if let Some(result) = action.value().get() {
            match result {
                Ok(FormOutcome::Done) => navigate(THANKS_PATH, Default::default()),
                Ok(FormOutcome::Invalid(e)) => {
                    errors.set(e);
                    focus_first_error();
                }
                Err(_) => errors.set(FormErrors::form(ErrorCode::Server)),
            }
        }
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let form = current();
        let found = FormErrors::of(&form);
        if found.is_empty() {
            errors.set(found);
            action.dispatch(SubscribeNewsletter {
                form,
                lang: i18n.lang,
            });
        } else {
            errors.set(found);
            focus_first_error();
        }
    };
    let on_change = Callback::new(move |()| {
        let fresh = FormErrors::of(&current());
        errors.update(|e| e.refresh_field("email", &fresh));
    });

    view! {
        <form class="form" method="post" action=FORM_PATH novalidate on:submit=on_submit>
            <ErrorSummary errors field_id/>
            <TextField
                id="newsletter-email"
                name="email"
                label=i18n.t("newsletter-email-label")
                hint=i18n.t("newsletter-email-hint")
                input_type="email"
                autocomplete="email"
                value=email
                errors
                on_change
                node_ref=input
            />
            <p class="form-note">{i18n.t("newsletter-privacy")}</p>
            <button type="submit" class="button" disabled=move || action.pending().get()>
                {move || {
                    if action.pending().get() {
                        i18n.t("newsletter-submitting")
                    } else {
                        i18n.t("newsletter-submit")
                    }
                }}
            </button>
        </form>
    }
}

#[component]
pub fn NewsletterPage() -> impl IntoView {
    let i18n = use_i18n();
    let has_errors = use_context::<Posted<NewsletterSignup>>().is_some();
    // A page shown again with errors says so first in its title.
    let title = if has_errors {
        format!(
            "{} {}",
            i18n.t("form-error-prefix"),
            i18n.t("newsletter-title")
        )
    } else {
        i18n.t("newsletter-title")
    };
    view! {
        <Title text=title/>
        <h1>{i18n.t("newsletter-title")}</h1>
        <p class="lead">{i18n.t("newsletter-intro")}</p>
        <section aria-labelledby="signup-title" class="panel">
            <h2 id="signup-title">{i18n.t("newsletter-form-title")}</h2>
            <NewsletterForm/>
        </section>
    }
}

const HOME: (&str, &str) = ("/", "back-home");

#[component]
pub fn ThanksPage() -> impl IntoView {
    view! {
        <Notice
            title="newsletter-thanks-title"
            paragraphs=&["newsletter-thanks-text", "newsletter-thanks-spam"]
            link=HOME
        />
    }
}

#[component]
fn InvalidLink() -> impl IntoView {
    view! {
        <Notice
            title="newsletter-invalid-title"
            paragraphs=&["newsletter-invalid-text"]
            link=(FORM_PATH, "newsletter-form-title")
        />
    }
}

#[component]
pub fn ConfirmPage() -> impl IntoView {
    view! {
        <TokenPage
            check=confirm_link_is_valid
            title="newsletter-confirm-title"
            text="newsletter-confirm-text"
            submit="newsletter-confirm-submit"
            action_prefix="/lettre/confirmer"
            invalid=|| view! { <InvalidLink/> }.into_any()
        />
    }
}

#[component]
pub fn ConfirmedPage() -> impl IntoView {
    view! {
        <Notice
            title="newsletter-confirmed-title"
            paragraphs=&["newsletter-confirmed-text"]
            link=HOME
        />
    }
}

#[component]
pub fn UnsubscribePage() -> impl IntoView {
    view! {
        <TokenPage
            check=unsubscribe_link_is_valid
            title="newsletter-unsubscribe-title"
            text="newsletter-unsubscribe-text"
            submit="newsletter-unsubscribe-submit"
            action_prefix="/lettre/desinscription"
            invalid=|| view! { <InvalidLink/> }.into_any()
        />
    }
}

#[component]
pub fn UnsubscribedPage() -> impl IntoView {
    view! {
        <Notice
            title="newsletter-unsubscribed-title"
            paragraphs=&["newsletter-unsubscribed-text"]
            link=HOME
        />
    }
}
