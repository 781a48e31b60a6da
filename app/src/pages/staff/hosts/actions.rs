//! The admins' writes on a host, declared once ([`crate::actions`]): drain it, or make it
//! active again.

use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use crate::actions::Reply;
use crate::actions::{Action, NoParams};
use crate::pages::staff::HOSTS_PATH;

/// The buttons of the hosts' page.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum HostButton {
    /// Keeps its spaces, receives no new one.
    Drain,
    Activate,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HostInput {
    pub action: HostButton,
    /// The host's name.
    #[serde(default)]
    pub name: String,
}

/// Drains a host or makes it active again.
pub struct HostChange;

impl Action for HostChange {
    const ID: &'static str = "host-change";
    const PATH: &'static str = HOSTS_PATH;
    const EXAMPLE: &'static str = HOSTS_PATH;
    const TEXT_FIELDS: &'static [&'static str] = &["name"];
    type Params = NoParams;
    type Input = HostInput;
    type Outcome = ();

    fn examples() -> Vec<HostInput> {
        [HostButton::Drain, HostButton::Activate]
            .into_iter()
            .map(|action| HostInput {
                action,
                name: "h1".into(),
            })
            .collect()
    }

    #[cfg(feature = "ssr")]
    type Who = backend::accounts::Admin;

    #[cfg(feature = "ssr")]
    async fn run(
        admin: backend::accounts::Admin,
        _: NoParams,
        input: HostInput,
        caller: crate::ssr::Caller,
    ) -> Reply<()> {
        use backend::provisioning::fleet::{self, HostState};
        let to = match input.action {
            HostButton::Drain => HostState::Draining,
            HostButton::Activate => HostState::Active,
        };
        match fleet::set_state(&caller.ctx, &admin, &input.name, to).await {
            Ok(true) => {
                tracing::info!(host = %input.name, action = ?input.action, "host changed by staff");
                Reply::Done(())
            }
            Ok(false) => Reply::NotFound,
            Err(error) => Reply::failed("host change", error),
        }
    }

    fn next(_: &NoParams, (): &()) -> String {
        HOSTS_PATH.to_string()
    }
}
