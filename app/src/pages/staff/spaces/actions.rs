//! The admins' writes on a space, declared once ([`crate::actions`]): the buttons of its page.

use serde::{Deserialize, Serialize};

use crate::actions::{outcome_query, Action, IdParam};
#[cfg(feature = "ssr")]
use crate::actions::{text_of, Reply};
use crate::pages::staff::SPACES_PATH;

/// The buttons of a space's page.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SpaceButton {
    /// Run its provisioning again.
    Retry,
    /// With a reason (the text).
    Suspend,
    /// To a new address (the text).
    Rename,
    Resume,
    /// To the office suite named.
    Office,
    Delete,
    CancelDelete,
    /// Start the referent's last export again (it failed, or the host could not make it).
    Export,
}

/// An office suite a space may switch to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OfficeChoice {
    Collabora,
    Onlyoffice,
}

impl OfficeChoice {
    pub fn as_str(self) -> &'static str {
        match self {
            OfficeChoice::Collabora => "collabora",
            OfficeChoice::Onlyoffice => "onlyoffice",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpaceInput {
    pub action: SpaceButton,
    /// Which of the page's text forms, to show it again.
    #[serde(default)]
    pub form: String,
    /// A suspension's reason, or the new address.
    #[serde(default)]
    pub text: String,
    #[serde(default)]
    pub office: Option<OfficeChoice>,
}

impl SpaceInput {
    pub fn button(action: SpaceButton) -> Self {
        SpaceInput {
            action,
            form: String::new(),
            text: String::new(),
            office: None,
        }
    }
}

/// The id of the page's text form a button belongs to (`NoteForm`), if any.
pub fn text_form(button: SpaceButton) -> &'static str {
    match button {
        SpaceButton::Suspend => "suspend-reason",
        SpaceButton::Rename => "rename-address",
        _ => "",
    }
}

/// What came of a space's button, said at the top of its page.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SpaceOutcome {
    Retried,
    NothingToRetry,
    Suspended,
    Renamed,
    Resumed,
    OfficeChanged,
    DeletionAsked,
    DeletionCancelled,
    /// Nothing changed: another change of the space is under way.
    Busy,
    /// Nothing changed: its state does not allow it.
    State,
    SameOffice,
    NoDeletion,
    DeletionPending,
    ExportAgain,
    NoExport,
}

impl SpaceOutcome {
    /// The Fluent key of the sentence that says it.
    pub fn key(self) -> &'static str {
        match self {
            SpaceOutcome::Retried => "space-retry-done",
            SpaceOutcome::NothingToRetry => "space-retry-nothing",
            SpaceOutcome::Suspended => "space-done-suspend",
            SpaceOutcome::Renamed => "space-done-rename",
            SpaceOutcome::Resumed => "space-done-resume",
            SpaceOutcome::OfficeChanged => "space-done-office",
            SpaceOutcome::DeletionAsked => "space-done-delete",
            SpaceOutcome::DeletionCancelled => "space-done-cancel-delete",
            SpaceOutcome::Busy => "space-done-busy",
            SpaceOutcome::State => "space-done-state",
            SpaceOutcome::SameOffice => "space-done-same-office",
            SpaceOutcome::NoDeletion => "space-done-no-deletion",
            SpaceOutcome::DeletionPending => "space-done-pending",
            SpaceOutcome::ExportAgain => "space-done-export",
            SpaceOutcome::NoExport => "space-done-no-export",
        }
    }
}

/// A space's buttons (admins): run its provisioning again, or change its life.
pub struct SpaceChange;

impl Action for SpaceChange {
    const ID: &'static str = "space-change";
    const PATH: &'static str = "/equipe/espaces/{id}";
    const EXAMPLE: &'static str = "/equipe/espaces/1";
    const TEXT_FIELDS: &'static [&'static str] = &["text", "form", "office"];
    type Params = IdParam;
    type Input = SpaceInput;
    type Outcome = SpaceOutcome;

    fn examples() -> Vec<SpaceInput> {
        use SpaceButton::*;
        [
            Retry,
            Suspend,
            Rename,
            Resume,
            Office,
            Delete,
            CancelDelete,
            Export,
        ]
        .into_iter()
        .map(|button| SpaceInput {
            form: text_form(button).to_string(),
            office: (button == Office).then_some(OfficeChoice::Onlyoffice),
            ..SpaceInput::button(button)
        })
        .collect()
    }

    #[cfg(feature = "ssr")]
    type Who = backend::accounts::Admin;

    #[cfg(feature = "ssr")]
    async fn run(
        admin: backend::accounts::Admin,
        p: IdParam,
        input: SpaceInput,
        caller: crate::ssr::Caller,
    ) -> Reply<SpaceOutcome> {
        use backend::provisioning::lifecycle::{self, Refused};
        use backend::provisioning::spaces::{self, Retried};
        let ctx = &caller.ctx;
        let id = p.id;
        let admin = &admin;
        let done = match input.action {
            SpaceButton::Retry => {
                return match spaces::retry(ctx, admin, id).await {
                    Ok(None) => Reply::NotFound,
                    Ok(Some(Retried::Again(job) | Retried::Now(job))) => {
                        tracing::info!(space = id, job, "provisioning run again by staff");
                        Reply::Done(SpaceOutcome::Retried)
                    }
                    Ok(Some(Retried::Nothing(_))) => Reply::Done(SpaceOutcome::NothingToRetry),
                    Err(error) => Reply::failed("provisioning retry", error),
                }
            }
            SpaceButton::Suspend => {
                let reason = match text_of(ctx, &input.text, true) {
                    Ok(reason) => reason,
                    Err(refused) => return refused,
                };
                lifecycle::suspend(ctx, admin, id, &reason)
                    .await
                    .map(|_| SpaceOutcome::Suspended)
            }
            SpaceButton::Rename => match lifecycle::rename(ctx, admin, id, &input.text).await {
                // The address refused: the page again, what was typed beside its error.
                Err(Refused::Address(code)) => {
                    return Reply::Invalid(crate::forms::FormErrors::field_error("text", code))
                }
                other => other.map(|_| SpaceOutcome::Renamed),
            },
            SpaceButton::Resume => lifecycle::resume(ctx, admin, id)
                .await
                .map(|_| SpaceOutcome::Resumed),
            SpaceButton::Office => {
                let Some(office) = input.office else {
                    return Reply::Unprocessable;
                };
                lifecycle::change_office(ctx, admin, id, office.as_str())
                    .await
                    .map(|_| SpaceOutcome::OfficeChanged)
            }
            SpaceButton::Delete => lifecycle::ask_deletion(ctx, admin, id)
                .await
                .map(|_| SpaceOutcome::DeletionAsked),
            SpaceButton::CancelDelete => lifecycle::cancel_deletion(ctx, admin, id)
                .await
                .map(|()| SpaceOutcome::DeletionCancelled),
            SpaceButton::Export => {
                return match backend::referents::export::start_again(ctx, admin, id).await {
                    Ok(true) => Reply::Done(SpaceOutcome::ExportAgain),
                    Ok(false) => Reply::Done(SpaceOutcome::NoExport),
                    Err(error) => Reply::failed("export started again", error),
                }
            }
        };
        match done {
            Ok(outcome) => {
                tracing::info!(space = id, action = ?input.action, "space change asked by staff");
                Reply::Done(outcome)
            }
            Err(Refused::NotFound) => Reply::NotFound,
            Err(Refused::Busy) => Reply::Done(SpaceOutcome::Busy),
            Err(Refused::State(_) | Refused::Address(_)) => Reply::Done(SpaceOutcome::State),
            Err(Refused::SameOffice) => Reply::Done(SpaceOutcome::SameOffice),
            Err(Refused::NoDeletion) => Reply::Done(SpaceOutcome::NoDeletion),
            Err(Refused::DeletionPending) => Reply::Done(SpaceOutcome::DeletionPending),
            Err(Refused::Database(error)) => Reply::failed("space change", error),
        }
    }

    fn next(p: &IdParam, outcome: &SpaceOutcome) -> String {
        outcome_query(&format!("{SPACES_PATH}/{}", p.id), outcome)
    }
}
