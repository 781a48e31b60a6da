//! The admins' writes on a job, declared once ([`crate::actions`]): run it again, or
//! cancel it.

use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
use crate::actions::Reply;
use crate::actions::{outcome_query, Action, NoParams};
use crate::pages::staff::JOBS_PATH;

/// The buttons of the jobs' page.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum JobButton {
    /// Run a dead or cancelled job again.
    Retry,
    Cancel,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobInput {
    pub action: JobButton,
    #[serde(default)]
    pub id: i64,
}

/// What came of a job's button.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum JobOutcome {
    Changed,
    /// Its state does not allow it (or the same job waits already).
    Unchanged,
}

/// Runs a dead or cancelled job again, or cancels one.
pub struct JobChange;

impl Action for JobChange {
    const ID: &'static str = "job-change";
    const PATH: &'static str = JOBS_PATH;
    const EXAMPLE: &'static str = JOBS_PATH;
    type Params = NoParams;
    type Input = JobInput;
    type Outcome = JobOutcome;

    fn examples() -> Vec<JobInput> {
        [JobButton::Retry, JobButton::Cancel]
            .into_iter()
            .map(|action| JobInput { action, id: 1 })
            .collect()
    }

    #[cfg(feature = "ssr")]
    type Who = backend::accounts::Admin;

    #[cfg(feature = "ssr")]
    async fn run(
        _: backend::accounts::Admin,
        _: NoParams,
        input: JobInput,
        caller: crate::ssr::Caller,
    ) -> Reply<JobOutcome> {
        use backend::jobs::{self, Change};
        let changed = match input.action {
            JobButton::Retry => jobs::retry(&caller.ctx, input.id).await,
            JobButton::Cancel => jobs::cancel(&caller.ctx, input.id).await,
        };
        match changed {
            Ok(Change::Done) => {
                tracing::info!(job = input.id, action = ?input.action, "job changed by staff");
                Reply::Done(JobOutcome::Changed)
            }
            Ok(Change::NotFound) => Reply::NotFound,
            Ok(Change::Refused(_)) => Reply::Done(JobOutcome::Unchanged),
            Err(error) => Reply::failed("job change", error),
        }
    }

    fn next(_: &NoParams, outcome: &JobOutcome) -> String {
        outcome_query(JOBS_PATH, outcome)
    }
}
