//! The buttons behind the links of the portal's mails, declared once each
//! ([`crate::actions`]): a link only shows its page (mail scanners follow links), and the
//! page's button does the thing. Each is open to anyone: the link's token is the proof,
//! and a token that no longer works shows its page again, which says so (400).

use super::apply::paths as apply_paths;
use super::site::newsletter;
use super::space::deletion;
use crate::actions::{Action, NoInput, TokenParam};
#[cfg(feature = "ssr")]
use crate::actions::{Anyone, Reply};

/// A link's button that does one thing with the link's token. Its declaration is its path,
/// its backend call and the page it leads to; the rest of [`Action`] is the same for all.
pub trait LinkButton: 'static {
    const ID: &'static str;
    const PATH: &'static str;
    /// A link that never works (`lien-inconnu`), for the generated tests.
    const EXAMPLE: &'static str;
    /// Where the button leads once it did its thing.
    const NEXT: &'static str;
    /// What it does, for the log when it fails.
    const WHAT: &'static str;

    /// Does it: `Ok(false)` when the link no longer works (its page says so).
    #[cfg(feature = "ssr")]
    fn press(
        ctx: &backend::Ctx,
        token: &str,
    ) -> impl std::future::Future<Output = backend::Result<bool>> + Send;
}

impl<B: LinkButton> Action for B {
    const ID: &'static str = <B as LinkButton>::ID;
    const PATH: &'static str = <B as LinkButton>::PATH;
    const EXAMPLE: &'static str = <B as LinkButton>::EXAMPLE;
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
        match <B as LinkButton>::press(&caller.ctx, &p.token).await {
            Ok(true) => Reply::Done(()),
            Ok(false) => Reply::Page(400),
            Err(error) => Reply::failed(<B as LinkButton>::WHAT, error),
        }
    }

    fn next(_: &TokenParam, (): &()) -> String {
        <B as LinkButton>::NEXT.to_string()
    }
}

/// The button of a subscription's confirmation page.
pub struct ConfirmSubscription;

impl LinkButton for ConfirmSubscription {
    const ID: &'static str = "confirm-subscription";
    const PATH: &'static str = "/lettre/confirmer/{token}";
    const EXAMPLE: &'static str = "/lettre/confirmer/lien-inconnu";
    const NEXT: &'static str = newsletter::CONFIRMED_PATH;
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
    const NEXT: &'static str = newsletter::UNSUBSCRIBED_PATH;
    const WHAT: &'static str = "unsubscribe";

    #[cfg(feature = "ssr")]
    async fn press(ctx: &backend::Ctx, token: &str) -> backend::Result<bool> {
        use backend::newsletter::UnsubscribeOutcome;
        Ok(backend::newsletter::unsubscribe(ctx, token).await? == UnsubscribeOutcome::Done)
    }
}

/// The button of an application's confirmation page.
pub struct ConfirmApplication;

impl LinkButton for ConfirmApplication {
    const ID: &'static str = "confirm-application";
    const PATH: &'static str = "/demande/confirmer/{token}";
    const EXAMPLE: &'static str = "/demande/confirmer/lien-inconnu";
    const NEXT: &'static str = apply_paths::CONFIRMED_PATH;
    const WHAT: &'static str = "application confirmation";

    #[cfg(feature = "ssr")]
    async fn press(ctx: &backend::Ctx, token: &str) -> backend::Result<bool> {
        use backend::applications::ConfirmOutcome;
        Ok(backend::applications::confirm(ctx, token).await? == ConfirmOutcome::Confirmed)
    }
}

/// The button of the page of a deletion's cancel link: the referent keeps their space. Once
/// the removal has begun, the link's page says it is too late.
pub struct CancelDeletion;

impl LinkButton for CancelDeletion {
    const ID: &'static str = "cancel-deletion";
    const PATH: &'static str = "/espace/suppression/{token}";
    const EXAMPLE: &'static str = "/espace/suppression/1.lien-inconnu";
    const NEXT: &'static str = deletion::CANCELLED_PATH;
    const WHAT: &'static str = "deletion cancel";

    #[cfg(feature = "ssr")]
    async fn press(ctx: &backend::Ctx, token: &str) -> backend::Result<bool> {
        use backend::provisioning::lifecycle::{self, Refused};
        let Some(pending) = lifecycle::pending_deletion(ctx, token).await? else {
            return Ok(false);
        };
        match lifecycle::cancel_deletion_by_link(ctx, &pending).await {
            Ok(()) => Ok(true),
            Err(Refused::Database(error)) => Err(error.into()),
            Err(_) => Ok(false),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pages::apply::status::StatusChange;

    /// A token that never works.
    const UNKNOWN: &str = "lien-inconnu";

    #[test]
    fn the_examples_name_a_link_that_never_works() {
        for example in [
            <ConfirmSubscription as Action>::EXAMPLE,
            <Unsubscribe as Action>::EXAMPLE,
            <ConfirmApplication as Action>::EXAMPLE,
            <StatusChange as Action>::EXAMPLE,
            <CancelDeletion as Action>::EXAMPLE,
        ] {
            assert!(example.ends_with(UNKNOWN), "{example}");
        }
    }
}
