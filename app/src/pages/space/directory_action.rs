//! The directory's action: the space's entry saved, and the buttons of its connections
//! (propose, accept, decline, withdraw or disconnect, try again), one declaration for the
//! directory's page and for the connections it shows ([`super::connections`]).

use serde::{Deserialize, Serialize};

use super::paths::{directory, DIRECTORY_PATH};
#[cfg(feature = "ssr")]
use crate::actions::Reply;
use crate::actions::{outcome_query, Action, SlugParam};
#[cfg(feature = "ssr")]
use crate::forms::{ErrorCode, FormErrors};

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DirectoryInput {
    pub action: DirectoryButton,
    /// The space a proposal is for, or the connection another button is about.
    pub with: i64,
    /// `yes` when ticked.
    pub listed: String,
    pub name: String,
    pub cause: String,
    pub place: String,
    pub text: String,
}

/// The buttons of the directory's page.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DirectoryButton {
    /// The space's entry.
    #[default]
    Save,
    /// Propose a connection to a space found.
    Propose,
    /// Accept a proposal received (the referent on file).
    Accept,
    Decline,
    /// Withdraw a proposal sent, or undo a connection.
    Disconnect,
    /// Try a connection that failed or was unavailable again (the referent on file).
    TryAgain,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DirectoryOutcome {
    /// Saved and in the directory.
    Listed,
    /// Saved and not in the directory.
    Unlisted,
    /// A proposal sent; the other referent on file is mailed.
    Proposed,
    /// A proposal accepted: the job connects the two spaces.
    Accepted,
    Declined,
    /// A proposal withdrawn, or a connection being undone.
    Disconnected,
    TriedAgain,
    /// Only the referent on file proposes, accepts or tries again.
    NotReferent,
    /// A proposal needs this space to be in the directory.
    NotListed,
    /// The other space left the directory, or the proposal was answered meanwhile.
    Gone,
    /// The two spaces have a connection, a proposal, or a refusal of less than a month.
    Exists,
}

pub struct DirectoryAction;

impl Action for DirectoryAction {
    const ID: &'static str = "space-directory";
    const PATH: &'static str = DIRECTORY_PATH;
    const EXAMPLE: &'static str = "/espace/les-amis/associations";
    const TEXT_FIELDS: &'static [&'static str] = &["name", "text", "cause", "place", "listed"];
    type Params = SlugParam;
    type Input = DirectoryInput;
    type Outcome = DirectoryOutcome;

    fn examples() -> Vec<DirectoryInput> {
        let button = |action| DirectoryInput {
            action,
            with: 2,
            ..DirectoryInput::default()
        };
        vec![
            DirectoryInput {
                action: DirectoryButton::Save,
                with: 0,
                listed: "yes".into(),
                name: "Les Amis du Quartier".into(),
                cause: "culture".into(),
                place: "75".into(),
                text: "Des fêtes de rue et un jardin partagé.".into(),
            },
            button(DirectoryButton::Propose),
            button(DirectoryButton::Accept),
            button(DirectoryButton::Decline),
            button(DirectoryButton::Disconnect),
            button(DirectoryButton::TryAgain),
        ]
    }

    #[cfg(feature = "ssr")]
    type Who = backend::referents::Referent;

    #[cfg(feature = "ssr")]
    async fn run(
        who: backend::referents::Referent,
        _: SlugParam,
        input: DirectoryInput,
        caller: crate::ssr::Caller,
    ) -> Reply<DirectoryOutcome> {
        use backend::referents::directory::{check, save, Entry};
        if input.action != DirectoryButton::Save {
            return press(&caller.ctx, &who, input.action, input.with).await;
        }
        let typed = Entry {
            listed: input.listed == "yes",
            name: input.name,
            cause: input.cause,
            place: input.place,
            text: input.text,
        };
        let entry = match check(&typed) {
            Ok(e) => e,
            Err(errors) => {
                let errors: Vec<(&str, Result<(), ErrorCode>)> =
                    errors.into_iter().map(|(f, code)| (f, Err(code))).collect();
                return Reply::Invalid(FormErrors::from_checks(errors));
            }
        };
        match save(&caller.ctx, &who, &entry).await {
            Ok(()) if entry.listed => Reply::Done(DirectoryOutcome::Listed),
            Ok(()) => Reply::Done(DirectoryOutcome::Unlisted),
            Err(e) => Reply::failed("dashboard directory", e),
        }
    }

    fn next(params: &SlugParam, outcome: &DirectoryOutcome) -> String {
        outcome_query(&directory(&params.slug), outcome)
    }
}

/// What a button of a connection does, as the directory's action runs it.
#[cfg(feature = "ssr")]
async fn press(
    ctx: &backend::Ctx,
    who: &backend::referents::Referent,
    button: DirectoryButton,
    with: i64,
) -> Reply<DirectoryOutcome> {
    use backend::referents::connections::{answer, ask, disconnect, try_again, Refusal};
    let done = match button {
        DirectoryButton::Save => return Reply::Unprocessable,
        DirectoryButton::Propose => ask(ctx, who, with)
            .await
            .map(|_| DirectoryOutcome::Proposed),
        DirectoryButton::Accept => answer(ctx, who, with, true)
            .await
            .map(|()| DirectoryOutcome::Accepted),
        DirectoryButton::Decline => answer(ctx, who, with, false)
            .await
            .map(|()| DirectoryOutcome::Declined),
        DirectoryButton::Disconnect => disconnect(ctx, who, with)
            .await
            .map(|()| DirectoryOutcome::Disconnected),
        DirectoryButton::TryAgain => try_again(ctx, who, with)
            .await
            .map(|()| DirectoryOutcome::TriedAgain),
    };
    match done {
        Ok(outcome) => Reply::Done(outcome),
        Err(Refusal::NotReferent) => Reply::Done(DirectoryOutcome::NotReferent),
        Err(Refusal::NotListed) => Reply::Done(DirectoryOutcome::NotListed),
        Err(Refusal::Gone) => Reply::Done(DirectoryOutcome::Gone),
        Err(Refusal::Exists) => Reply::Done(DirectoryOutcome::Exists),
        Err(Refusal::Backend(e)) => Reply::failed("dashboard connection", e),
    }
}
