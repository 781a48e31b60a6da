//! The buttons behind the links of the portal's mails, each declared beside its page
//! as a [`LinkButton`], which makes it an action ([`crate::actions`]): a link only shows its page (mail scanners follow links), and the
//! page's button does the thing. Each is open to anyone: the link's token is the proof,
//! and a token that no longer works shows its page again, which says so (400).

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pages::apply::confirm::ConfirmApplication;
    use crate::pages::apply::status::StatusChange;
    use crate::pages::site::newsletter::{ConfirmSubscription, Unsubscribe};
    use crate::pages::space::deletion::CancelDeletion;

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
