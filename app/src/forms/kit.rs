//! The form kit: a form is declared once (its type, its fields, its backend call) and one
//! generic path serves it with and without JavaScript.
//!
//! - **Declared once.** A form is a struct of `String` fields that implements [`Form`]:
//!   an id, its page's URL, its fields ([`Field`]: name, kind of input, autocomplete,
//!   label, hint and section keys), its rules (`errors`, shared by the browser and the
//!   server; usually `validator`'s derive) and `submit`, the backend call. It is listed
//!   once, in [`crate::registry::each_form`].
//! - **A form is an action.** [`crate::forms::action::Kit`] makes each form a declared
//!   action ([`crate::actions`]): who may send it is its `Who` proof, and the actions' one
//!   plain-POST handler and one server function serve it.
//! - **Without JavaScript**, the form is a plain `POST` to its page's URL; the actions'
//!   handler answers 303 to the next page, or the page again with 422, the errors beside
//!   the fields, a summary at the top that takes focus, everything typed kept, and
//!   `Cache-Control: no-store`.
//! - **With JavaScript**, [`KitForm`](crate::components::form::KitForm) checks a field as
//!   soon as it is left (with the server, for [`Form::LIVE`] fields: [`check_field`]) and
//!   sends the form through the actions' server function, which calls the same `submit`.
//! - Field names live in the struct and in [`Form::FIELDS`], side by side; a test checks
//!   that they agree, and the server, the hostile-input test and the end-to-end suite read
//!   them from here.

use std::collections::BTreeMap;

use leptos::prelude::*;
use serde::{de::DeserializeOwned, Deserialize, Serialize};

use super::FormErrors;
use crate::i18n::Lang;

/// How a field is filled in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Input {
    /// One line of text.
    Text,
    /// An e-mail address (phones show the keyboard for it).
    Email,
    /// A whole number, typed (phones show digits).
    Number,
    /// A date and a time (`2026-12-01T09:00`), with the browser's picker.
    DateTime,
    /// Several lines of text.
    LongText,
    /// One of these values, as radio buttons; each one's label is the key
    /// `<form id>-<field>-<value>`.
    Radios(&'static [&'static str]),
    /// One of these values, in a drop-down list (labels as for `Radios`).
    Select(&'static [&'static str]),
    /// A French department or a French-speaking country, in a drop-down list.
    Place,
    /// A secret (a shared key): typed unseen, kept only in the refused form's answer.
    Secret,
    /// A box to tick; its value is `yes` when ticked.
    Checkbox,
    /// A field hidden from people, which only robots fill (a honeypot).
    Trap,
    /// A value the page gives, carried unseen (`<input type="hidden">`): where to go
    /// after the form. Whatever it holds, the form's handler checks it.
    Hidden,
}

impl Input {
    /// The `type` of an `<input>` for the kinds typed into one.
    pub fn html_type(self) -> &'static str {
        match self {
            Input::Email => "email",
            Input::Number => "text",
            Input::DateTime => "datetime-local",
            Input::Secret => "password",
            _ => "text",
        }
    }

    /// Whether what was typed is shown again as typed (not for a choice among values).
    pub fn keeps_text(self) -> bool {
        matches!(
            self,
            Input::Text
                | Input::Email
                | Input::Number
                | Input::DateTime
                | Input::LongText
                | Input::Secret
                | Input::Trap
                | Input::Hidden
        )
    }
}

/// One field of a form.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Field {
    /// The struct's field and the input's `name`.
    pub name: &'static str,
    pub input: Input,
    pub autocomplete: &'static str,
    /// Fluent keys of the label and the hint.
    pub label: &'static str,
    pub hint: Option<&'static str>,
    /// Fluent key of the heading of a section that begins with this field.
    pub section: Option<&'static str>,
}

impl Field {
    /// A field outside any section, which the browser does not fill in by itself (the
    /// staff's forms).
    pub const fn plain(
        name: &'static str,
        input: Input,
        label: &'static str,
        hint: Option<&'static str>,
    ) -> Field {
        Field {
            name,
            input,
            autocomplete: "off",
            label,
            hint,
            section: None,
        }
    }
}

/// A form of the portal. See the module's documentation.
pub trait Form:
    Clone + Default + PartialEq + Serialize + DeserializeOwned + std::fmt::Debug + Send + Sync + 'static
{
    /// A stable id: the server function finds the form by it, and the input ids start
    /// with it (`newsletter-email`).
    const ID: &'static str;
    /// The URL of the form's page, where it posts.
    const PATH: &'static str;
    const FIELDS: &'static [Field];
    /// Fluent keys of the button, and of the button while the form is being sent.
    const SUBMIT: &'static str;
    const SUBMITTING: &'static str;

    /// Every rule of the form, as the browser and the server both run them (the site's
    /// settings hold the limits some rules need).
    fn errors(&self, site: &common::SiteInfo) -> FormErrors;

    /// Fields the server checks as soon as they are left, with JavaScript (an address
    /// already taken, say); without it, `submit` says the same.
    const LIVE: &'static [&'static str] = &[];

    /// The server's check of a `LIVE` field, once its own rule passed.
    #[cfg(feature = "ssr")]
    fn check_live(
        &self,
        _field: &str,
        _caller: &crate::ssr::Caller,
    ) -> impl std::future::Future<Output = LiveCheck> + Send {
        async { LiveCheck::Fine }
    }

    /// Who may send the form: the proof `submit` receives (the route list names its role).
    #[cfg(feature = "ssr")]
    type Who: crate::actions::Proof;

    /// Checks what only the server can check and calls the backend. Called once the
    /// caller showed the proof and the form passed its rules ([`Form::errors`]), by both
    /// paths.
    #[cfg(feature = "ssr")]
    fn submit(
        self,
        who: Self::Who,
        caller: crate::ssr::Caller,
    ) -> impl std::future::Future<Output = Submitted> + Send;
}

/// What the server made of a form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Submitted {
    /// Accepted: go to this page.
    Done(&'static str),
    /// Refused (a rule only the server knows, a rate limit): these errors.
    Invalid(FormErrors),
    /// The backend failed (logged): the visitor may try again, nothing typed is lost.
    Unavailable,
}

/// What the server says of a field as it is left.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum LiveCheck {
    /// Nothing against it (an address free).
    Fine,
    /// Refused, with values that would do.
    Refused {
        code: super::ErrorCode,
        suggestions: Vec<String>,
    },
    /// A value for another field, put there if it is still empty (an address made from a
    /// structure's name).
    Fill { field: String, value: String },
}

/// The `id` of a field's input.
pub fn field_id<F: Form>(field: &str) -> String {
    format!("{}-{field}", F::ID)
}

/// A form's values by field name.
pub fn values_of<F: Form>(form: &F) -> BTreeMap<String, String> {
    match serde_json::to_value(form) {
        Ok(serde_json::Value::Object(map)) => map
            .into_iter()
            .filter_map(|(k, v)| match v {
                serde_json::Value::String(s) => Some((k, s)),
                _ => None,
            })
            .collect(),
        _ => BTreeMap::new(),
    }
}

/// A form from values by field name; unknown names are ignored, missing ones are empty.
pub fn form_from<F: Form>(values: BTreeMap<String, String>) -> F {
    let known: serde_json::Map<String, serde_json::Value> = values
        .into_iter()
        .filter(|(k, _)| F::FIELDS.iter().any(|f| f.name == k))
        .map(|(k, v)| (k, serde_json::Value::String(v)))
        .collect();
    serde_json::from_value(serde_json::Value::Object(known)).unwrap_or_default()
}

/// A field's value as an e-mail address, or the refusal to answer with. The form's rules
/// checked it already; this is the typed value the backend takes.
#[cfg(feature = "ssr")]
pub fn email_in(field: &str, raw: &str) -> Result<common::Email, Submitted> {
    common::Email::parse(raw)
        .map_err(|code| Submitted::Invalid(FormErrors::field_error(field, code)))
}

/// What a backend call means for the form: done (its effect logged, never the values
/// typed), refused by a rate limit, or unavailable (the error logged).
#[cfg(feature = "ssr")]
pub fn backend_outcome<T: std::fmt::Debug>(
    result: backend::Result<T>,
    next: &'static str,
    what: &'static str,
) -> Submitted {
    match result {
        Ok(effect) => {
            tracing::info!(?effect, "{what}");
            Submitted::Done(next)
        }
        Err(backend::Error::RateLimited) => {
            Submitted::Invalid(FormErrors::form(super::ErrorCode::RateLimited))
        }
        Err(error) => {
            tracing::error!(%error, "{what} failed");
            Submitted::Unavailable
        }
    }
}

/// Something done for every form of the portal: [`crate::registry::each_form`] calls
/// `visit` once per form.
pub trait FormVisitor {
    fn visit<F: Form>(&mut self);
}

/// The forms the kit serves, as the registry hands them over
/// ([`crate::registry::kit_forms`], provided by the server in every request's context):
/// the kit's live check finds a form by its id through it, so the kit names no page.
#[cfg(feature = "ssr")]
#[derive(Clone, Copy)]
pub struct KitForms {
    /// The live check of `field` of form `id`; `None` for no such form or field.
    pub check: fn(&str, &str, Values, crate::ssr::Caller) -> Option<Pending<LiveCheck>>,
}

/// A form's values by field name.
pub type Values = BTreeMap<String, String>;

/// A server-side answer on its way.
#[cfg(feature = "ssr")]
pub type Pending<T> = std::pin::Pin<Box<dyn std::future::Future<Output = T> + Send>>;

/// The live check of `field`, once its own rule passed (the registry's `check` runs it).
#[cfg(feature = "ssr")]
pub async fn live_check<F: Form>(form: F, field: String, caller: crate::ssr::Caller) -> LiveCheck {
    if form
        .errors(&caller.ctx.settings.site)
        .field(&field)
        .is_some()
    {
        return LiveCheck::Fine;
    }
    form.check_live(&field, &caller).await
}

#[cfg(feature = "ssr")]
fn kit_forms() -> Result<KitForms, ServerFnError> {
    use_context::<KitForms>().ok_or_else(|| ServerFnError::new("forms missing"))
}

/// The live check of a form's field (see [`Form::LIVE`]): the form found by its id, the
/// field's own rule first, then the server's check.
#[server(prefix = "/api", endpoint = "forms/check")]
pub async fn check_field(
    form: String,
    field: String,
    values: BTreeMap<String, String>,
    lang: Lang,
) -> Result<LiveCheck, ServerFnError> {
    let mut caller = crate::ssr::caller().await?;
    caller.lang = lang;
    match (kit_forms()?.check)(&form, &field, values, caller) {
        Some(pending) => Ok(pending.await),
        None => Err(ServerFnError::new("unknown form or field")),
    }
}
