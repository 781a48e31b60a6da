//! Newsletter sign-up with double opt-in: the form (on the home page and its own page), the
//! "check your mailbox" page, the confirmation link and the unsubscribe link.

use crate::components::title::{title_with_errors, PageTitle};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use validator::Validate;

use crate::components::form::KitForm;
use crate::components::notice::{Notice, TokenPage};
use crate::forms::{Field, Form, FormErrors, Input, Posted, PostedValues};
use crate::i18n::use_i18n;
use crate::pages::links::LinkButton;

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
pub const UNSUBSCRIBED_PATH: &str = "/lettre/desinscrit";

impl Form for NewsletterSignup {
    const ID: &'static str = "newsletter";
    const PATH: &'static str = FORM_PATH;
    const FIELDS: &'static [Field] = &[Field {
        name: "email",
        input: Input::Email,
        autocomplete: "email",
        label: "newsletter-email-label",
        hint: Some("newsletter-email-hint"),
        section: None,
    }];
    const SUBMIT: &'static str = "newsletter-submit";
    const SUBMITTING: &'static str = "newsletter-submitting";

    fn errors(&self, _site: &common::SiteInfo) -> FormErrors {
        FormErrors::of(self)
    }

    #[cfg(feature = "ssr")]
    type Who = crate::actions::Anyone;

    #[cfg(feature = "ssr")]
    fn submit(
        self,
        _: crate::actions::Anyone,
        caller: crate::ssr::Caller,
    ) -> impl std::future::Future<Output = crate::forms::Submitted> + Send {
        use crate::forms::kit::{backend_outcome, email_in};
        async move {
            let email = match email_in("email", &self.email) {
                Ok(email) => email,
                Err(refused) => return refused,
            };
            let signed =
                backend::newsletter::subscribe(&caller.ctx, &email, caller.lang, &caller.client.0)
                    .await;
            backend_outcome(signed, THANKS_PATH, "newsletter sign-up")
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

/// The sign-up form, on the home page and on its own page.
#[component]
pub fn NewsletterForm() -> impl IntoView {
    view! { <KitForm<NewsletterSignup> note="newsletter-privacy"/> }
}

#[component]
pub fn NewsletterPage() -> impl IntoView {
    let i18n = use_i18n();
    let has_errors = use_context::<Posted<PostedValues>>().is_some();
    let title = title_with_errors("newsletter-title", has_errors);
    view! {
        <PageTitle text=title/>
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
        <TokenPage<ConfirmSubscription, _, _>
            check=confirm_link_is_valid
            title="newsletter-confirm-title"
            text="newsletter-confirm-text"
            submit="newsletter-confirm-submit"
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
        <TokenPage<Unsubscribe, _, _>
            check=unsubscribe_link_is_valid
            title="newsletter-unsubscribe-title"
            text="newsletter-unsubscribe-text"
            submit="newsletter-unsubscribe-submit"
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

/// The button of a subscription's confirmation page.
pub struct ConfirmSubscription;

impl LinkButton for ConfirmSubscription {
    const ID: &'static str = "confirm-subscription";
    const PATH: &'static str = "/lettre/confirmer/{token}";
    const EXAMPLE: &'static str = "/lettre/confirmer/lien-inconnu";
    const NEXT: &'static str = CONFIRMED_PATH;
    const WHAT: &'static str = "newsletter confirmation";

    #[cfg(feature = "ssr")]
    async fn press(ctx: &backend::Ctx, token: &str) -> backend::Result<bool> {
        use backend::newsletter::ConfirmOutcome;
        Ok(backend::newsletter::confirm(ctx, token).await? == ConfirmOutcome::Confirmed)
    }
}

/// The unsubscribe button, and one-click unsubscribe from mail clients (RFC 8058, whose
/// body `List-Unsubscribe=One-Click` names no field of ours).
pub struct Unsubscribe;

impl LinkButton for Unsubscribe {
    const ID: &'static str = "unsubscribe";
    const PATH: &'static str = "/lettre/desinscription/{token}";
    const EXAMPLE: &'static str = "/lettre/desinscription/1.lien-inconnu";
    const NEXT: &'static str = UNSUBSCRIBED_PATH;
    const WHAT: &'static str = "unsubscribe";

    #[cfg(feature = "ssr")]
    async fn press(ctx: &backend::Ctx, token: &str) -> backend::Result<bool> {
        use backend::newsletter::UnsubscribeOutcome;
        Ok(backend::newsletter::unsubscribe(ctx, token).await? == UnsubscribeOutcome::Done)
    }
}
