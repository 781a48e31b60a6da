//! The form pattern every form of the portal follows (the kit that implements it is
//! [`kit`]).
//!
//! - The form is a plain `<form method="post">` to its page's own URL, so it works without
//!   JavaScript: the server validates, then either redirects (303) to a result page or
//!   renders the same page again with the errors beside the fields and the typed values
//!   kept ([`Posted`], handed to the page in the render context). Nothing typed travels in
//!   a URL, a cookie or a log line, and no `Referer` is needed.
//! - Once the WASM has loaded, the same form validates in the browser as the visitor
//!   types, and submits through the actions' server function, which answers as the plain
//!   POST does (every form is a declared action: [`action::Kit`]).
//! - Both paths validate the same shared type with `validator` and call the same
//!   server-side `submit` function; errors are codes, translated by the page.

pub mod action;
pub mod kit;

use serde::{Deserialize, Serialize};
use validator::{Validate, ValidationError, ValidationErrors};

pub use kit::{Field, Form, Input, Submitted};

pub use common::ErrorCode;

/// One error: a field's (or, with no field, the whole form's) error code. The page shows
/// the translation of `error-<code>`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: Option<String>,
    pub code: ErrorCode,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormErrors(pub Vec<FieldError>);

impl FormErrors {
    /// Validates `form`, keeping the first error of each field.
    pub fn of<T: Validate>(form: &T) -> Self {
        match form.validate() {
            Ok(()) => Self::default(),
            Err(e) => Self::from_validation(&e),
        }
    }

    pub fn from_validation(errors: &ValidationErrors) -> Self {
        let mut out: Vec<FieldError> = errors
            .field_errors()
            .into_iter()
            .filter_map(|(field, errs)| {
                errs.first().map(|e| FieldError {
                    field: Some(field.to_string()),
                    // Validators build their errors from `ErrorCode`s (see `invalid`).
                    code: ErrorCode::parse(&e.code).unwrap_or(ErrorCode::Server),
                })
            })
            .collect();
        out.sort_by(|a, b| a.field.cmp(&b.field));
        Self(out)
    }

    /// An error about the whole form (rate limit, server trouble).
    pub fn form(code: ErrorCode) -> Self {
        Self(vec![FieldError { field: None, code }])
    }

    /// The error of each field whose check failed, from `(field, check)` pairs.
    pub fn from_checks<'a>(
        checks: impl IntoIterator<Item = (&'a str, Result<(), ErrorCode>)>,
    ) -> Self {
        let mut errors = Self::default();
        for (name, result) in checks {
            if let Err(code) = result {
                errors.set_field(name, code);
            }
        }
        errors
    }

    /// One field's error, found by the server (a wrong code, say).
    pub fn field_error(field: &str, code: ErrorCode) -> Self {
        Self(vec![FieldError {
            field: Some(field.to_string()),
            code,
        }])
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn field(&self, name: &str) -> Option<ErrorCode> {
        self.0
            .iter()
            .find(|e| e.field.as_deref() == Some(name))
            .map(|e| e.code)
    }

    /// Sets `name`'s error to `code` (the server's live check).
    pub fn set_field(&mut self, name: &str, code: ErrorCode) {
        self.0.retain(|e| e.field.as_deref() != Some(name));
        self.0.push(FieldError {
            field: Some(name.to_string()),
            code,
        });
    }

    /// Replaces `name`'s error with the one `fresh` has for it (or none).
    pub fn refresh_field(&mut self, name: &str, fresh: &FormErrors) {
        self.0
            .retain(|e| e.field.as_deref() != Some(name) && e.field.is_some());
        if let Some(code) = fresh.field(name) {
            self.0.push(FieldError {
                field: Some(name.to_string()),
                code,
            });
        }
    }
}

/// What a plain (no-JavaScript) POST left for the page to show.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Posted<T> {
    pub values: T,
    pub errors: FormErrors,
}

/// What a form outside the kit posted (a declared action's, a staff question or note, an
/// applicant's answer), by field name: the page rendered again finds its text there
/// (`NoteForm` knows its own by the `form` field, its text is `text`).
pub type PostedValues = std::collections::BTreeMap<String, String>;

/// A validator's error, from its code.
pub fn invalid(code: ErrorCode) -> ValidationError {
    ValidationError::new(code.as_str())
}

/// An e-mail address field: what [`common::Email::parse`] accepts.
pub fn email_address(value: &str) -> Result<(), ValidationError> {
    common::Email::parse(value).map(drop).map_err(invalid)
}

pub use common::is_email;

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Validate)]
    struct F {
        #[validate(custom(function = "email_address"))]
        email: String,
    }

    fn code(email: &str) -> Option<ErrorCode> {
        FormErrors::of(&F {
            email: email.into(),
        })
        .field("email")
    }

    #[test]
    fn email_field_codes() {
        assert_eq!(code(""), Some(ErrorCode::EmailRequired));
        assert_eq!(code("   "), Some(ErrorCode::EmailRequired));
        assert_eq!(code("pas-une-adresse"), Some(ErrorCode::EmailInvalid));
        assert_eq!(code("a@b"), None);
        assert_eq!(code("camille@asso-des-jardins.example"), None);
        assert_eq!(
            code("élise@café.fr"),
            Some(ErrorCode::EmailInvalid),
            "local part is ASCII"
        );
        assert_eq!(
            code("elise@café.fr"),
            None,
            "international domains are fine"
        );
        assert_eq!(code("a@@b.org"), Some(ErrorCode::EmailInvalid));
        assert_eq!(code("a@b..org"), Some(ErrorCode::EmailInvalid));
        assert_eq!(code("a@-b.org"), Some(ErrorCode::EmailInvalid));
        assert_eq!(code("a b@c.org"), Some(ErrorCode::EmailInvalid));
        assert_eq!(code("@c.org"), Some(ErrorCode::EmailInvalid));
        assert_eq!(code(" camille@asso.example "), None);
        assert_eq!(
            code(&format!("{}@example.org", "a".repeat(250))),
            Some(ErrorCode::EmailTooLong)
        );
    }

    #[test]
    fn refreshing_a_field_drops_form_level_errors_and_keeps_others() {
        let mut errors = FormErrors(vec![
            FieldError {
                field: None,
                code: ErrorCode::Server,
            },
            FieldError {
                field: Some("name".into()),
                code: ErrorCode::CodeWrong,
            },
            FieldError {
                field: Some("email".into()),
                code: ErrorCode::EmailInvalid,
            },
        ]);
        errors.refresh_field("email", &FormErrors::default());
        assert_eq!(
            errors.0,
            vec![FieldError {
                field: Some("name".into()),
                code: ErrorCode::CodeWrong
            }]
        );
    }
}
