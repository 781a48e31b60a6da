//! The moderators' writes, declared once each ([`crate::actions`]): an application's
//! buttons (decide, take, note, erase), approving a selection from the queue, and the
//! daily digest's switch.

use serde::{Deserialize, Serialize};

use crate::actions::{outcome_query, Action, IdParam, NoParams};
#[cfg(feature = "ssr")]
use crate::actions::{text_of, Reply};
use crate::pages::staff::{APPLICATIONS_PATH, AREA_PATH, BULK_APPROVE_PATH, DIGEST_PATH};

/// The buttons of an application's page.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ModerationButton {
    Approve,
    /// Ask the applicant a question (the text is the question).
    Ask,
    /// With a reason's code and a note.
    Reject,
    Waitlist,
    /// Take the application, or leave it to anyone.
    Take,
    Release,
    /// An internal note.
    Note,
    /// Erase the application at its applicant's request (admins, box ticked).
    Erase,
}

/// A box ticked to confirm.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Ticked {
    #[serde(rename = "oui")]
    Yes,
}

/// What an application's forms send.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ModerationInput {
    pub action: ModerationButton,
    /// Which of the page's text forms (`NoteForm`'s id), to show it again.
    #[serde(default)]
    pub form: String,
    /// The application's version the moderator saw.
    #[serde(default)]
    pub version: i32,
    /// A rejection's reason (a template's code).
    #[serde(default)]
    pub reason: String,
    #[serde(default)]
    pub text: String,
    #[serde(default)]
    pub confirmer: Option<Ticked>,
}

impl ModerationInput {
    pub fn button(action: ModerationButton) -> Self {
        ModerationInput {
            action,
            form: String::new(),
            version: 0,
            reason: String::new(),
            text: String::new(),
            confirmer: None,
        }
    }
}

/// The id of the page's text form a button belongs to (`NoteForm`), if any.
pub fn text_form(button: ModerationButton) -> &'static str {
    match button {
        ModerationButton::Ask => "question",
        ModerationButton::Reject => "reject-note",
        ModerationButton::Note => "note",
        _ => "",
    }
}

/// What came of a button of an application's page, shown on it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ModerationOutcome {
    Done,
    /// Someone decided first: the page says who, when and what.
    AlreadyDecided,
    /// Approving would pass the capacity.
    CapacityReached,
    /// Erase pressed without the box ticked: nothing erased.
    ConfirmErasure,
    /// Approved, its space exists: close the space first.
    HasSpace,
    /// Erased: back to the queue, which says so.
    Erased,
}

/// What the queue says of the last selection approved, or of an erasure.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum QueueOutcome {
    Approved {
        approved: i64,
        skipped: i64,
    },
    /// The selection would pass the capacity: none approved, `room` left.
    Full {
        room: i64,
    },
    /// Nothing ticked.
    Empty,
    Erased,
}

/// An application's buttons: every form of its page posts to the page itself.
pub struct Moderate;

impl Action for Moderate {
    const ID: &'static str = "moderate";
    const PATH: &'static str = "/equipe/demandes/{id}";
    const EXAMPLE: &'static str = "/equipe/demandes/1";
    const TEXT_FIELDS: &'static [&'static str] = &["text", "reason", "form"];
    type Params = IdParam;
    type Input = ModerationInput;
    type Outcome = ModerationOutcome;

    fn examples() -> Vec<ModerationInput> {
        use ModerationButton::*;
        [Approve, Ask, Reject, Waitlist, Take, Release, Note, Erase]
            .into_iter()
            .map(|button| ModerationInput {
                form: text_form(button).to_string(),
                ..ModerationInput::button(button)
            })
            .collect()
    }

    #[cfg(feature = "ssr")]
    type Who = backend::accounts::Staff;

    /// A moderator may decide, never erase.
    #[cfg(feature = "ssr")]
    fn access(input: &ModerationInput) -> crate::actions::Access {
        match input.action {
            ModerationButton::Erase => crate::actions::Access::Admin,
            _ => crate::actions::Access::Staff,
        }
    }

    #[cfg(feature = "ssr")]
    async fn run(
        staff: backend::accounts::Staff,
        p: IdParam,
        input: ModerationInput,
        caller: crate::ssr::Caller,
    ) -> Reply<ModerationOutcome> {
        use backend::applications::moderation;
        use ModerationButton::*;
        let ctx = &caller.ctx;
        let by = &staff;
        match input.action {
            Approve | Ask | Reject | Waitlist => decide(ctx, by, p.id, input).await,
            Take | Release => match moderation::assign(ctx, by, p.id, input.action == Take).await {
                Ok(true) => Reply::Done(ModerationOutcome::Done),
                Ok(false) => Reply::NotFound,
                Err(error) => Reply::failed("assignment", error),
            },
            Note => {
                let text = match text_of(ctx, &input.text, true) {
                    Ok(text) => text,
                    Err(refused) => return refused,
                };
                match moderation::add_note(ctx, by, p.id, &text).await {
                    Ok(true) => Reply::Done(ModerationOutcome::Done),
                    Ok(false) => Reply::NotFound,
                    Err(error) => Reply::failed("note", error),
                }
            }
            Erase => match caller.admin() {
                Ok(admin) => erase(ctx, &admin, p.id, input.confirmer.is_some()).await,
                Err(denied) => Reply::Denied(denied),
            },
        }
    }

    fn next(p: &IdParam, outcome: &ModerationOutcome) -> String {
        let page = format!("{APPLICATIONS_PATH}/{}", p.id);
        match outcome {
            ModerationOutcome::Done => page,
            ModerationOutcome::Erased => outcome_query(APPLICATIONS_PATH, &QueueOutcome::Erased),
            other => outcome_query(&page, other),
        }
    }
}

/// A decision: approve, reject (the reason's text in the applicant's language, then a
/// note), waitlist, or ask a question.
#[cfg(feature = "ssr")]
async fn decide(
    ctx: &backend::Ctx,
    by: &backend::accounts::Staff,
    id: i64,
    input: ModerationInput,
) -> Reply<ModerationOutcome> {
    use backend::applications::moderation::{self, DecideError, Decision};
    use backend::applications::templates::{self, Unknown};
    let text = match text_of(ctx, &input.text, input.action == ModerationButton::Ask) {
        Ok(text) => text,
        Err(refused) => return refused,
    };
    let decision = match input.action {
        ModerationButton::Approve => Decision::Approve,
        ModerationButton::Waitlist => Decision::Waitlist { note: text },
        ModerationButton::Ask => Decision::Ask { question: text },
        ModerationButton::Reject => {
            match templates::rejection(ctx, by, id, &input.reason, text).await {
                Ok(Ok(decision)) => decision,
                Ok(Err(Unknown::Application)) => return Reply::NotFound,
                // A reason retired meanwhile, or a forged one.
                Ok(Err(Unknown::Reason)) => return Reply::Unprocessable,
                Err(error) => return Reply::failed("rejection", error),
            }
        }
        _ => return Reply::Unprocessable,
    };
    match moderation::decide(ctx, by, id, input.version, &decision).await {
        Ok(()) => Reply::Done(ModerationOutcome::Done),
        Err(DecideError::AlreadyDecided { .. } | DecideError::NotPossible(_)) => {
            Reply::Done(ModerationOutcome::AlreadyDecided)
        }
        Err(DecideError::NotFound) => Reply::NotFound,
        Err(DecideError::CapacityReached { .. }) => Reply::Done(ModerationOutcome::CapacityReached),
        Err(DecideError::Backend(error)) => Reply::failed("decision", error),
    }
}

/// Erases an application at its applicant's request; an approved one must have its space
/// closed first.
#[cfg(feature = "ssr")]
async fn erase(
    ctx: &backend::Ctx,
    admin: &backend::accounts::Admin,
    id: i64,
    confirmed: bool,
) -> Reply<ModerationOutcome> {
    use backend::applications::privacy::{self, EraseOutcome};
    if !confirmed {
        return Reply::Done(ModerationOutcome::ConfirmErasure);
    }
    match privacy::erase(ctx, admin, id).await {
        Ok(EraseOutcome::Erased) => {
            tracing::info!(
                application = id,
                by = admin.staff().map(|s| s.id()).unwrap_or_default(),
                "application erased"
            );
            Reply::Done(ModerationOutcome::Erased)
        }
        Ok(EraseOutcome::HasSpace) => Reply::Done(ModerationOutcome::HasSpace),
        Ok(EraseOutcome::NotFound) => Reply::NotFound,
        Err(error) => Reply::failed("erasure", error),
    }
}

/// Approves the applications ticked in the queue (`choix=<id>:<version>`, repeated), all
/// or none when the capacity would not hold them.
pub struct BulkApprove;

impl Action for BulkApprove {
    const ID: &'static str = "bulk-approve";
    const PATH: &'static str = BULK_APPROVE_PATH;
    const EXAMPLE: &'static str = BULK_APPROVE_PATH;
    const TEXT_FIELDS: &'static [&'static str] = &["choix"];
    type Params = NoParams;
    /// The form's pairs: `choix` repeated (other names are ignored).
    type Input = Vec<(String, String)>;
    type Outcome = QueueOutcome;

    fn examples() -> Vec<Self::Input> {
        vec![vec![("choix".into(), "1:1".into())]]
    }

    #[cfg(feature = "ssr")]
    type Who = backend::accounts::Staff;

    #[cfg(feature = "ssr")]
    async fn run(
        staff: backend::accounts::Staff,
        _: NoParams,
        pairs: Self::Input,
        caller: crate::ssr::Caller,
    ) -> Reply<QueueOutcome> {
        use backend::applications::moderation::{self, DecideError};
        let selection: Vec<(i64, i32)> = pairs
            .iter()
            .filter(|(k, _)| k == "choix")
            .filter_map(|(_, v)| {
                let (id, version) = v.split_once(':')?;
                Some((id.parse().ok()?, version.parse().ok()?))
            })
            .take(1000)
            .collect();
        if selection.is_empty() {
            return Reply::Done(QueueOutcome::Empty);
        }
        match moderation::approve_many(&caller.ctx, &staff, &selection).await {
            Ok(bulk) => Reply::Done(QueueOutcome::Approved {
                approved: bulk.approved.len() as i64,
                skipped: bulk.skipped.len() as i64,
            }),
            Err(DecideError::CapacityReached { room }) => Reply::Done(QueueOutcome::Full { room }),
            Err(error) => Reply::failed("bulk approval", error),
        }
    }

    fn next(_: &NoParams, outcome: &QueueOutcome) -> String {
        outcome_query(APPLICATIONS_PATH, outcome)
    }
}

/// Whether the daily digest of moderation is wanted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Wanted {
    #[serde(rename = "oui")]
    Yes,
    #[serde(rename = "non")]
    No,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DigestInput {
    pub recevoir: Wanted,
}

/// Turns one's daily digest of moderation on or off.
pub struct Digest;

impl Action for Digest {
    const ID: &'static str = "digest";
    const PATH: &'static str = DIGEST_PATH;
    const EXAMPLE: &'static str = DIGEST_PATH;
    type Params = NoParams;
    type Input = DigestInput;
    type Outcome = ();

    fn examples() -> Vec<DigestInput> {
        vec![
            DigestInput {
                recevoir: Wanted::Yes,
            },
            DigestInput {
                recevoir: Wanted::No,
            },
        ]
    }

    #[cfg(feature = "ssr")]
    type Who = backend::accounts::Staff;

    #[cfg(feature = "ssr")]
    async fn run(
        staff: backend::accounts::Staff,
        _: NoParams,
        input: DigestInput,
        caller: crate::ssr::Caller,
    ) -> Reply<()> {
        let on = input.recevoir == Wanted::Yes;
        match backend::applications::digest::set_digest(&caller.ctx, &staff, on).await {
            Ok(()) => Reply::Done(()),
            Err(error) => Reply::failed("digest switch", error),
        }
    }

    fn next(_: &NoParams, (): &()) -> String {
        AREA_PATH.to_string()
    }
}
