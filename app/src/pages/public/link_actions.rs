//! The buttons behind the links of the portal's mails, declared once each
//! ([`crate::actions`]): a link only shows its page (mail scanners follow links), and the
//! page's button does the thing. Each is open to anyone: the link's token is the proof,
//! and a token that no longer works shows its page again, which says so (400).

use serde::{Deserialize, Serialize};

use super::{apply, newsletter, space};
#[cfg(feature = "ssr")]
use crate::actions::{text_of, Anyone, Reply};
use crate::actions::{Action, NoInput, TokenParam};

/// The button of a subscription's confirmation page.
pub struct ConfirmSubscription;

impl Action for ConfirmSubscription {
    const ID: &'static str = "confirm-subscription";
    const PATH: &'static str = "/lettre/confirmer/{token}";
    const EXAMPLE: &'static str = "/lettre/confirmer/lien-inconnu";
    type Params = TokenParam;
    type Input = NoInput;
    type Outcome = ();

    fn examples() -> Vec<NoInput> {
        vec![NoInput {}]
    }

    #[cfg(feature = "ssr")]
    type Who = Anyone;

    #[cfg(feature = "ssr")]
    async fn run(_: Anyone, p: TokenParam, _: NoInput, caller: crate::ssr::Caller) -> Reply<()> {
        use backend::newsletter::ConfirmOutcome;
        match backend::newsletter::confirm(&caller.ctx, &p.token).await {
            Ok(ConfirmOutcome::Confirmed) => Reply::Done(()),
            Ok(ConfirmOutcome::InvalidLink) => Reply::Page(400),
            Err(error) => Reply::failed("newsletter confirmation", error),
        }
    }

    fn next(_: &TokenParam, (): &()) -> String {
        newsletter::CONFIRMED_PATH.to_string()
    }
}

/// The unsubscribe button, and one-click unsubscribe from mail clients (RFC 8058, whose
/// body `List-Unsubscribe=One-Click` names no field of ours).
pub struct Unsubscribe;

impl Action for Unsubscribe {
    const ID: &'static str = "unsubscribe";
    const PATH: &'static str = "/lettre/desinscription/{token}";
    const EXAMPLE: &'static str = "/lettre/desinscription/1.lien-inconnu";
    type Params = TokenParam;
    type Input = NoInput;
    type Outcome = ();

    fn examples() -> Vec<NoInput> {
        vec![NoInput {}]
    }

    #[cfg(feature = "ssr")]
    type Who = Anyone;

    #[cfg(feature = "ssr")]
    async fn run(_: Anyone, p: TokenParam, _: NoInput, caller: crate::ssr::Caller) -> Reply<()> {
        use backend::newsletter::UnsubscribeOutcome;
        match backend::newsletter::unsubscribe(&caller.ctx, &p.token).await {
            Ok(UnsubscribeOutcome::Done) => Reply::Done(()),
            Ok(UnsubscribeOutcome::InvalidLink) => Reply::Page(400),
            Err(error) => Reply::failed("unsubscribe", error),
        }
    }

    fn next(_: &TokenParam, (): &()) -> String {
        newsletter::UNSUBSCRIBED_PATH.to_string()
    }
}

/// The button of an application's confirmation page.
pub struct ConfirmApplication;

impl Action for ConfirmApplication {
    const ID: &'static str = "confirm-application";
    const PATH: &'static str = "/demande/confirmer/{token}";
    const EXAMPLE: &'static str = "/demande/confirmer/lien-inconnu";
    type Params = TokenParam;
    type Input = NoInput;
    type Outcome = ();

    fn examples() -> Vec<NoInput> {
        vec![NoInput {}]
    }

    #[cfg(feature = "ssr")]
    type Who = Anyone;

    #[cfg(feature = "ssr")]
    async fn run(_: Anyone, p: TokenParam, _: NoInput, caller: crate::ssr::Caller) -> Reply<()> {
        use backend::applications::ConfirmOutcome;
        match backend::applications::confirm(&caller.ctx, &p.token).await {
            Ok(ConfirmOutcome::Confirmed) => Reply::Done(()),
            Ok(ConfirmOutcome::InvalidLink) => Reply::Page(400),
            Err(error) => Reply::failed("application confirmation", error),
        }
    }

    fn next(_: &TokenParam, (): &()) -> String {
        apply::CONFIRMED_PATH.to_string()
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
        format!("{}/{}", apply::STATUS_PREFIX, p.token)
    }
}

/// The button of the page of a deletion's cancel link: the referent keeps their space.
pub struct CancelDeletion;

impl Action for CancelDeletion {
    const ID: &'static str = "cancel-deletion";
    const PATH: &'static str = "/espace/suppression/{token}";
    const EXAMPLE: &'static str = "/espace/suppression/1.lien-inconnu";
    type Params = TokenParam;
    type Input = NoInput;
    type Outcome = ();

    fn examples() -> Vec<NoInput> {
        vec![NoInput {}]
    }

    #[cfg(feature = "ssr")]
    type Who = Anyone;

    #[cfg(feature = "ssr")]
    async fn run(_: Anyone, p: TokenParam, _: NoInput, caller: crate::ssr::Caller) -> Reply<()> {
        use backend::provisioning::lifecycle::{self, Actor, Refused};
        let ctx = &caller.ctx;
        let pending = match lifecycle::pending_deletion(ctx, &p.token).await {
            Ok(pending) => pending,
            Err(error) => return Reply::failed("deletion cancel", error),
        };
        let cancelled = match pending {
            Some(p) => lifecycle::cancel_deletion(ctx, p.space_id, &Actor::Referent).await,
            None => Err(Refused::NoDeletion),
        };
        match cancelled {
            Ok(()) => Reply::Done(()),
            Err(Refused::Database(error)) => Reply::failed("deletion cancel", error),
            // The page again, which says the link does not work (or, once the removal
            // has begun, that it is too late).
            Err(_) => Reply::Page(400),
        }
    }

    fn next(_: &TokenParam, (): &()) -> String {
        space::CANCELLED_PATH.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A token that never works.
    const UNKNOWN: &str = "lien-inconnu";

    #[test]
    fn the_examples_name_a_link_that_never_works() {
        for example in [
            ConfirmSubscription::EXAMPLE,
            Unsubscribe::EXAMPLE,
            ConfirmApplication::EXAMPLE,
            StatusChange::EXAMPLE,
            CancelDeletion::EXAMPLE,
        ] {
            assert!(example.ends_with(UNKNOWN), "{example}");
        }
    }
}
