//! The "lost my link" form: an e-mail address, to which a fresh status link of each of its
//! live applications is mailed; and the page after it.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::form::field;
#[cfg(feature = "ssr")]
use super::paths::LOST_SENT_PATH;
use super::paths::{HOME, LOST_PATH};
use crate::components::form::KitForm;
use crate::components::notice::Notice;
use crate::components::title::{title_with_errors, PageTitle};
use crate::forms::{Field, Form, FormErrors, Input, Posted, PostedValues};
use crate::i18n::use_i18n;

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
    let has_errors = use_context::<Posted<PostedValues>>().is_some();
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
