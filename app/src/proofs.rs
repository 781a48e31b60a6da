//! Second-factor codes typed into a form, and the proof that takes one: [`AdminAgain`], an
//! administrator who has just typed a fresh code, as if logging in again.
//!
//! The proofs made from the caller's session alone (`Anyone`, `Staff`, `Admin`) are
//! [`crate::actions::Proof`]s, checked before the input is read. This one needs the input
//! (the code is one of its fields), so it is made after: by the action's `run` or the kit
//! form's `submit`, from the `Admin` proof the caller already showed, through the one
//! function [`AdminAgain::confirm`]. Its field is private: nothing else makes one.

use backend::accounts::{Admin, CodeCheck};

use crate::actions::Reply;
use crate::forms::{ErrorCode, FormErrors, Submitted};

/// Why a code was not taken, as an action or a form answers it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CodeRefused {
    /// Wrong (beside its field), or too many attempts (on the whole form).
    Invalid(FormErrors),
    /// The check could not be made (logged).
    Unavailable,
}

impl<O> From<CodeRefused> for Reply<O> {
    fn from(refused: CodeRefused) -> Self {
        match refused {
            CodeRefused::Invalid(errors) => Reply::Invalid(errors),
            CodeRefused::Unavailable => Reply::Unavailable,
        }
    }
}

impl From<CodeRefused> for Submitted {
    fn from(refused: CodeRefused) -> Self {
        match refused {
            CodeRefused::Invalid(errors) => Submitted::Invalid(errors),
            CodeRefused::Unavailable => Submitted::Unavailable,
        }
    }
}

/// A code taken: for a login in progress, its new login id (none for a logged-in member);
/// for a second factor just set up, its recovery codes (shown once).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CodeAccepted {
    pub login_id: Option<String>,
    pub recovery_codes: Vec<String>,
}

/// What the backend's check of a code typed into `field` means for the form: taken, or
/// refused (a wrong code beside `field`, a rate limit on the whole form, a failure logged).
pub fn code_checked(
    field: &str,
    check: backend::Result<CodeCheck>,
) -> Result<CodeAccepted, CodeRefused> {
    match check {
        Ok(CodeCheck::Accepted {
            login_id,
            recovery_codes,
        }) => Ok(CodeAccepted {
            login_id,
            recovery_codes,
        }),
        Ok(CodeCheck::Wrong) => Err(CodeRefused::Invalid(FormErrors::field_error(
            field,
            ErrorCode::CodeWrong,
        ))),
        Ok(CodeCheck::RateLimited) => Err(CodeRefused::Invalid(FormErrors::form(
            ErrorCode::RateLimited,
        ))),
        Err(error) => {
            tracing::error!(%error, "checking a second-factor code failed");
            Err(CodeRefused::Unavailable)
        }
    }
}

/// An administrator who has just typed a fresh second-factor code, for what could reach
/// every space (a host's command templates): the same codes as at login, each taken once,
/// under the same rate limit. Made only by [`AdminAgain::confirm`].
#[derive(Debug)]
pub struct AdminAgain {
    admin: Admin,
}

impl AdminAgain {
    /// The one way to make the proof: `admin`'s code `code`, typed into the form's field
    /// `field`, checked by the backend (`accounts::confirm_again`). Refused, the answer
    /// says why beside the field; nothing is written by the caller, which has no proof.
    pub async fn confirm(
        ctx: &backend::Ctx,
        admin: Admin,
        field: &str,
        code: &str,
    ) -> Result<AdminAgain, CodeRefused> {
        let check = backend::accounts::confirm_again(ctx, &admin, code).await;
        code_checked(field, check)?;
        Ok(AdminAgain { admin })
    }

    /// The administrator, for the backend calls that take an `&Admin`.
    pub fn admin(&self) -> &Admin {
        &self.admin
    }
}
