//! A staff member's own buttons, declared once each ([`crate::actions`]): logging out
//! (this session, or every one), and beginning to set up a second factor.
//!
//! The session ends (`flush`) at every logout, so a session id known before is worth
//! nothing after.

use super::{ENROL_PATH, ENROL_START_PATH, LOGGED_OUT_PATH, LOGOUT_ALL_PATH, LOGOUT_PATH};
#[cfg(feature = "ssr")]
use crate::actions::Reply;
use crate::actions::{Action, NoInput, NoParams};

/// Ends this login, or every login of the account, and the session.
#[cfg(feature = "ssr")]
async fn end(
    staff: backend::accounts::Staff,
    caller: &crate::ssr::Caller,
    everywhere: bool,
) -> Reply<()> {
    use backend::accounts;
    let ended = if everywhere {
        accounts::logout_everywhere(&caller.ctx, &staff)
            .await
            .map(drop)
    } else {
        accounts::logout(&caller.ctx, &staff).await
    };
    if let Err(error) = ended {
        return Reply::failed("logout", error);
    }
    if let Some(session) = caller.session() {
        if let Err(error) = session.flush().await {
            return Reply::failed("session end", error);
        }
    }
    Reply::Done(())
}

/// Logs out of this session (`LogOut<false>`), or of every session of the account
/// (`LogOut<true>`: a lost phone, a shared computer).
pub struct LogOut<const EVERYWHERE: bool>;

impl<const EVERYWHERE: bool> Action for LogOut<EVERYWHERE> {
    const ID: &'static str = if EVERYWHERE {
        "log-out-everywhere"
    } else {
        "log-out"
    };
    const PATH: &'static str = if EVERYWHERE {
        LOGOUT_ALL_PATH
    } else {
        LOGOUT_PATH
    };
    const EXAMPLE: &'static str = Self::PATH;
    type Params = NoParams;
    type Input = NoInput;
    type Outcome = ();

    fn examples() -> Vec<NoInput> {
        vec![NoInput {}]
    }

    #[cfg(feature = "ssr")]
    type Who = backend::accounts::Staff;

    #[cfg(feature = "ssr")]
    async fn run(
        staff: backend::accounts::Staff,
        _: NoParams,
        _: NoInput,
        caller: crate::ssr::Caller,
    ) -> Reply<()> {
        end(staff, &caller, EVERYWHERE).await
    }

    fn next(_: &NoParams, (): &()) -> String {
        LOGGED_OUT_PATH.to_string()
    }
}

/// A logged-in member begins setting up a second factor.
pub struct StartEnrolment;

impl Action for StartEnrolment {
    const ID: &'static str = "start-enrolment";
    const PATH: &'static str = ENROL_START_PATH;
    const EXAMPLE: &'static str = ENROL_START_PATH;
    type Params = NoParams;
    type Input = NoInput;
    type Outcome = ();

    fn examples() -> Vec<NoInput> {
        vec![NoInput {}]
    }

    #[cfg(feature = "ssr")]
    type Who = backend::accounts::Staff;

    #[cfg(feature = "ssr")]
    async fn run(
        staff: backend::accounts::Staff,
        _: NoParams,
        _: NoInput,
        caller: crate::ssr::Caller,
    ) -> Reply<()> {
        match backend::accounts::begin_enrolment(&caller.ctx, &staff).await {
            Ok(true) => Reply::Done(()),
            // The account has a second factor this login did not pass (a session opened
            // before it was set up): only a login that passed it may replace it.
            Ok(false) => Reply::Denied(crate::ssr::Denied::Forbidden),
            Err(error) => Reply::failed("second factor set-up", error),
        }
    }

    fn next(_: &NoParams, (): &()) -> String {
        ENROL_PATH.to_string()
    }
}
