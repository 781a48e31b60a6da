//! The buttons of a space's dashboard overview, as one declared action: read the figures
//! again, keep the space (cancel a deletion), log out (here or everywhere), tick a first
//! step by hand or take the tick back, give the members' welcome page a new address.

use common::states::FirstStep;
use serde::{Deserialize, Serialize};

use super::paths::{dashboard, DASHBOARD_PATH, LOGGED_OUT_PATH};
use crate::actions::{outcome_query, Action, SlugParam};
#[cfg(feature = "ssr")]
use crate::actions::{Reply, Then};

/// The buttons of the overview.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DashboardButton {
    /// Read the figures again now.
    Refresh,
    /// Keep the space: cancel the deletion asked.
    CancelDeletion,
    LogOut,
    /// End every dashboard session of this Nextcloud account of this space.
    LogOutEverywhere,
    /// Tick a first step by hand (`step`).
    StepDone,
    /// Take a tick back.
    StepUndone,
    /// Give the members' welcome page a new address.
    NewWelcomeAddress,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DashboardInput {
    pub action: DashboardButton,
    /// The first step a tick is for.
    #[serde(default)]
    pub step: Option<FirstStep>,
}

/// What came of a button of the overview, said at the top of the page.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DashboardOutcome {
    Refreshed,
    /// The space did not answer: the figures are the last known.
    NotReached,
    /// The space is in maintenance mode: the figures are the last known.
    Maintenance,
    /// Read less than a minute ago.
    TooSoon,
    /// Only an active space is read.
    NotActive,
    DeletionCancelled,
    /// No deletion was asked, or it began.
    NoDeletion,
    /// Another change of the space is under way.
    Busy,
    LoggedOut,
    LoggedOutEverywhere,
    StepTicked,
    StepUnticked,
    WelcomeAddressChanged,
}

impl DashboardOutcome {
    pub fn key(self) -> &'static str {
        match self {
            DashboardOutcome::Refreshed => "dash-refreshed",
            DashboardOutcome::NotReached => "dash-refresh-not-reached",
            DashboardOutcome::Maintenance => "dash-refresh-maintenance",
            DashboardOutcome::TooSoon => "dash-refresh-too-soon",
            DashboardOutcome::NotActive => "dash-refresh-not-active",
            DashboardOutcome::DeletionCancelled => "dash-deletion-cancelled",
            DashboardOutcome::NoDeletion => "dash-deletion-none",
            DashboardOutcome::Busy => "dash-busy",
            DashboardOutcome::StepTicked => "dash-step-ticked-now",
            DashboardOutcome::StepUnticked => "dash-step-unticked-now",
            DashboardOutcome::WelcomeAddressChanged => "dash-welcome-changed",
            DashboardOutcome::LoggedOut | DashboardOutcome::LoggedOutEverywhere => "",
        }
    }
}

/// The overview's buttons, for the person logged in to this space's dashboard.
pub struct DashboardAction;

impl Action for DashboardAction {
    const ID: &'static str = "space-dashboard";
    const PATH: &'static str = DASHBOARD_PATH;
    const EXAMPLE: &'static str = "/espace/les-amis";
    type Params = SlugParam;
    type Input = DashboardInput;
    type Outcome = DashboardOutcome;

    fn examples() -> Vec<DashboardInput> {
        [
            DashboardButton::Refresh,
            DashboardButton::CancelDeletion,
            DashboardButton::LogOut,
            DashboardButton::LogOutEverywhere,
            DashboardButton::StepDone,
            DashboardButton::StepUndone,
            DashboardButton::NewWelcomeAddress,
        ]
        .into_iter()
        .map(|action| DashboardInput {
            action,
            step: Some(FirstStep::Calendar),
        })
        .collect()
    }

    #[cfg(feature = "ssr")]
    type Who = backend::referents::Referent;

    #[cfg(feature = "ssr")]
    async fn run(
        who: backend::referents::Referent,
        _: SlugParam,
        input: DashboardInput,
        caller: crate::ssr::Caller,
    ) -> Reply<DashboardOutcome> {
        use backend::provisioning::lifecycle::{cancel_deletion_as_referent, Refused};
        use backend::referents::first_steps::{new_welcome_address, tick};
        use backend::referents::overview::{refresh, Refreshed};
        let ctx = &caller.ctx;
        match input.action {
            DashboardButton::StepDone | DashboardButton::StepUndone => {
                let Some(step) = input.step else {
                    return Reply::Unprocessable;
                };
                let done = input.action == DashboardButton::StepDone;
                match tick(ctx, &who, step, done).await {
                    Ok(()) if done => Reply::Done(DashboardOutcome::StepTicked),
                    Ok(()) => Reply::Done(DashboardOutcome::StepUnticked),
                    Err(error) => Reply::failed("dashboard first step", error),
                }
            }
            DashboardButton::NewWelcomeAddress => match new_welcome_address(ctx, &who).await {
                Ok(()) => Reply::Done(DashboardOutcome::WelcomeAddressChanged),
                Err(error) => Reply::failed("dashboard welcome address", error),
            },
            DashboardButton::Refresh => match refresh(ctx, &who).await {
                Ok(Refreshed::Done) => Reply::Done(DashboardOutcome::Refreshed),
                Ok(Refreshed::NotReached) => Reply::Done(DashboardOutcome::NotReached),
                Ok(Refreshed::Maintenance) => Reply::Done(DashboardOutcome::Maintenance),
                Ok(Refreshed::TooSoon) => Reply::Done(DashboardOutcome::TooSoon),
                Ok(Refreshed::NotActive) => Reply::Done(DashboardOutcome::NotActive),
                Err(error) => Reply::failed("dashboard refresh", error),
            },
            DashboardButton::CancelDeletion => match cancel_deletion_as_referent(ctx, &who).await {
                Ok(()) => Reply::Done(DashboardOutcome::DeletionCancelled),
                Err(Refused::Busy) => Reply::Done(DashboardOutcome::Busy),
                Err(Refused::Database(error)) => Reply::failed("dashboard cancel deletion", error),
                Err(_) => Reply::Done(DashboardOutcome::NoDeletion),
            },
            DashboardButton::LogOut => match backend::referents::logout(ctx, &who).await {
                Ok(()) => Reply::LogIn {
                    session: crate::ssr::SessionChange::SpaceLoggedOut,
                    then: Then::Done(DashboardOutcome::LoggedOut),
                },
                Err(error) => Reply::failed("dashboard logout", error),
            },
            DashboardButton::LogOutEverywhere => {
                match backend::referents::logout_everywhere(ctx, &who).await {
                    Ok(_) => Reply::LogIn {
                        session: crate::ssr::SessionChange::SpaceLoggedOut,
                        then: Then::Done(DashboardOutcome::LoggedOutEverywhere),
                    },
                    Err(error) => Reply::failed("dashboard logout everywhere", error),
                }
            }
        }
    }

    fn next(params: &SlugParam, outcome: &DashboardOutcome) -> String {
        match outcome {
            DashboardOutcome::LoggedOut => LOGGED_OUT_PATH.to_string(),
            DashboardOutcome::LoggedOutEverywhere => format!("{LOGGED_OUT_PATH}?partout=1"),
            o => outcome_query(&dashboard(&params.slug), o),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pages::space::paths::EXAMPLE_SLUG;

    #[test]
    fn the_example_names_the_example_space() {
        assert_eq!(DashboardAction::EXAMPLE, dashboard(EXAMPLE_SLUG));
    }
}
