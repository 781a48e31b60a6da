//! Every state and kind the portal stores as text, as one type each: the only place their
//! spellings are written in Rust (a test searches the other sources for them). Each type
//! reads and writes the same spellings as the database's `CHECK` constraints, through serde
//! and, with the `sqlx` feature, as a bound text value; its transitions are one method.

use std::fmt;

/// Declares a state type: the enum, its spellings, `ALL`, parsing, display, serde and,
/// with the `sqlx` feature, PostgreSQL text encoding (so a query binds it).
macro_rules! states {
    ($(
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $spelling:literal, )+
        }
    )+) => {$(
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[derive(serde::Serialize, serde::Deserialize)]
        pub enum $name {
            $( $(#[$vmeta])* #[serde(rename = $spelling)] $variant, )+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant,)+];

            /// Every value's spelling, in declaration order (a form's choices).
            pub const SPELLINGS: &'static [&'static str] = &[$($spelling,)+];

            /// The spelling the database and the addresses use.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $spelling,)+
                }
            }

            /// As a quoted SQL literal, for the few predicates a partial index must match
            /// word for word (the planner proves an index's `where` only against literals).
            pub const fn sql(self) -> &'static str {
                match self {
                    $($name::$variant => concat!("'", $spelling, "'"),)+
                }
            }

            /// The value spelt `s`, if any.
            pub fn parse(s: &str) -> Option<Self> {
                match s {
                    $($spelling => Some($name::$variant),)+
                    _ => None,
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = UnknownState;
            fn from_str(s: &str) -> Result<Self, UnknownState> {
                $name::parse(s).ok_or(UnknownState(stringify!($name)))
            }
        }

        #[cfg(feature = "sqlx")]
        impl sqlx::Type<sqlx::Postgres> for $name {
            fn type_info() -> sqlx::postgres::PgTypeInfo {
                <str as sqlx::Type<sqlx::Postgres>>::type_info()
            }
            fn compatible(ty: &sqlx::postgres::PgTypeInfo) -> bool {
                <str as sqlx::Type<sqlx::Postgres>>::compatible(ty)
            }
        }

        #[cfg(feature = "sqlx")]
        impl sqlx::postgres::PgHasArrayType for $name {
            fn array_type_info() -> sqlx::postgres::PgTypeInfo {
                <&str as sqlx::postgres::PgHasArrayType>::array_type_info()
            }
            fn array_compatible(ty: &sqlx::postgres::PgTypeInfo) -> bool {
                <&str as sqlx::postgres::PgHasArrayType>::array_compatible(ty)
            }
        }

        #[cfg(feature = "sqlx")]
        impl<'q> sqlx::Encode<'q, sqlx::Postgres> for $name {
            fn encode_by_ref(
                &self,
                buf: &mut sqlx::postgres::PgArgumentBuffer,
            ) -> Result<sqlx::encode::IsNull, sqlx::error::BoxDynError> {
                <&str as sqlx::Encode<'q, sqlx::Postgres>>::encode_by_ref(&self.as_str(), buf)
            }
        }

        #[cfg(feature = "sqlx")]
        impl<'r> sqlx::Decode<'r, sqlx::Postgres> for $name {
            fn decode(
                value: sqlx::postgres::PgValueRef<'r>,
            ) -> Result<Self, sqlx::error::BoxDynError> {
                let s = <&str as sqlx::Decode<'r, sqlx::Postgres>>::decode(value)?;
                Ok(s.parse::<$name>()?)
            }
        }
    )+};
}

/// A spelling no value of the named type has.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UnknownState(pub &'static str);

impl fmt::Display for UnknownState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "not a {}", self.0)
    }
}

impl std::error::Error for UnknownState {}

states! {
    /// Where an application stands (`applications.status`).
    pub enum ApplicationStatus {
        /// Sent; its address not yet confirmed.
        Unconfirmed = "unconfirmed",
        /// In the review queue.
        Confirmed = "confirmed",
        /// Staff asked a question; the applicant answers on the status page.
        Question = "question",
        Approved = "approved",
        Rejected = "rejected",
        Waitlisted = "waitlisted",
        /// Withdrawn by the applicant.
        Withdrawn = "withdrawn",
        /// Never confirmed in time.
        Expired = "expired",
    }

    /// What happened to an application (`application_events.kind`): its timeline's lines.
    pub enum ApplicationEvent {
        Submitted = "submitted",
        Confirmed = "confirmed",
        Question = "question",
        Answer = "answer",
        Approved = "approved",
        Rejected = "rejected",
        Waitlisted = "waitlisted",
        Withdrawn = "withdrawn",
        Expired = "expired",
        /// A moderator took it.
        Assigned = "assigned",
        /// A moderator left it.
        Unassigned = "unassigned",
        /// An internal note.
        Note = "note",
        /// The space is made: its address, for the applicant.
        SpaceReady = "space-ready",
    }

    /// Where a space stands (`spaces.state`).
    pub enum SpaceState {
        /// Approved; waiting for a host with room.
        Waiting = "waiting",
        Provisioning = "provisioning",
        Active = "active",
        /// Closed by staff; its data kept.
        Suspended = "suspended",
        /// Provisioning gave up; staff retry or delete it.
        Failed = "failed",
        Deleted = "deleted",
    }

    /// What was asked of or done to a space (`space_events.action`): its audit's lines.
    pub enum SpaceAction {
        Suspend = "suspend",
        Resume = "resume",
        Office = "office",
        Rename = "rename",
        DeleteAsked = "delete-asked",
        DeleteReminded = "delete-reminded",
        DeleteCancelled = "delete-cancelled",
        Remove = "remove",
    }

    /// Where a background job stands (`jobs.state`).
    pub enum JobState {
        Ready = "ready",
        Running = "running",
        Done = "done",
        /// Given up after its last attempt.
        Dead = "dead",
        Cancelled = "cancelled",
    }

    /// Whether new spaces may go to a host (`hosts.state`).
    pub enum HostState {
        Active = "active",
        /// Keeps its spaces; receives no new one.
        Draining = "draining",
    }

    /// What staff must look at (`alerts.kind`): one open alert per kind and subject.
    pub enum AlertKind {
        /// No active host has room for a new space: approved spaces wait.
        FleetFull = "fleet_full",
        /// A space failed three health sweeps in a row.
        SpaceDown = "space_down",
        /// A space has more accounts than a space may have.
        TooManyAccounts = "too_many_accounts",
        /// A referent asked for an export their space's host cannot make: its host script
        /// needs the `export` action (then staff start the export again).
        ExportByHand = "export_by_hand",
    }

    /// What a space's `status.php` said at the last health sweep (`spaces.health`,
    /// `space_health.health`).
    pub enum SpaceHealth {
        Ok = "ok",
        /// No answer, or not in time.
        Unreachable = "unreachable",
        /// Nextcloud answers but is not installed.
        NotInstalled = "not_installed",
        /// In maintenance mode (an upgrade, a repair).
        Maintenance = "maintenance",
        /// Any other answer than `status.php`'s.
        Error = "error",
    }

    /// What a health sweep found out of place in a space that answers (`spaces.drift`),
    /// repaired by a job.
    pub enum Drift {
        /// An app the portal keeps on or off is not as it must be.
        Apps = "apps",
        /// A security setting differs.
        Settings = "settings",
        /// The portal's app password no longer works.
        AppPassword = "app_password",
        /// The portal's OAuth2 client is gone.
        OauthClient = "oauth_client",
    }

    /// How one provisioning step ended (`provisioning_steps.outcome`).
    pub enum StepOutcome {
        Running = "running",
        Done = "done",
        /// Found already done: nothing was changed.
        Already = "already",
        Failed = "failed",
        /// Could not start yet (no host with room): tried again later.
        Waiting = "waiting",
    }

    /// What was done to a space's members from its dashboard (`member_events.action`).
    pub enum MemberAction {
        Created = "member-created",
        Disabled = "member-disabled",
        Enabled = "member-enabled",
        Deleted = "member-deleted",
        /// Put in the `admin` group: a co-administrator of the space.
        AdminMade = "admin-made",
        AdminUnmade = "admin-unmade",
        /// Nextcloud's welcome mail sent again.
        WelcomeSent = "welcome-sent",
        /// Joined by an invitation link.
        Joined = "member-joined",
        /// Offered the referent's role (a mail asks them to confirm).
        ReferentOffered = "referent-offered",
        /// Took the referent's role over, by the mailed link.
        ReferentHanded = "referent-handed",
    }

    /// A step of a space's first steps, on its dashboard (`first_steps.step`), in order.
    pub enum FirstStep {
        /// Personalise the space's name and colour.
        Appearance = "step-appearance",
        /// Invite the first members.
        Members = "step-members",
        /// Create a shared calendar.
        Calendar = "step-calendar",
        /// Create a shared folder.
        Folder = "step-folder",
        /// Install the phone and desktop apps.
        Apps = "step-apps",
        /// Find help: the forum, the team's address.
        Help = "step-help",
    }

    /// Where an import of members from a file stands (`member_imports.state`).
    pub enum ImportState {
        /// Uploaded: its preview is shown, nothing is done yet.
        Preview = "preview",
        /// Confirmed: a job of the queue will run it.
        Queued = "queued",
        Running = "running",
        /// Every row done or skipped; the file and the rows' details deleted.
        Finished = "finished",
    }

    /// What an import's preview says of a row (`member_import_rows.kind`).
    pub enum ImportKind {
        /// Would be a new account.
        New = "new",
        /// A member has this login or address already.
        Exists = "exists",
        /// The same person as an earlier row of the file.
        Twice = "twice",
        NoName = "no-name",
        NameTooLong = "name-too-long",
        BadEmail = "bad-email",
        /// A login Nextcloud would refuse.
        BadUsername = "bad-username",
        /// A group that cannot be made (too long, control characters, `admin`).
        BadGroup = "bad-group",
        BadQuota = "bad-quota",
        /// No address: Nextcloud could not send its welcome mail.
        NoEmail = "no-email",
        /// Past the space's free places.
        NoRoom = "no-room",
    }

    /// What a confirmed import does with a row (`member_import_rows.plan`).
    pub enum ImportPlan {
        Create = "create-account",
        /// An existing member put in the row's groups.
        AddToGroups = "add-to-groups",
        Skip = "skip",
    }

    /// What happened to a row of an import (`member_import_rows.result`).
    pub enum ImportResult {
        Created = "created",
        AddedToGroups = "added-to-groups",
        /// An existing member, left as they were.
        Left = "left",
        /// Not imported, as the preview said (its kind says why).
        Skipped = "skipped",
        /// The space was full when its turn came.
        NoRoom = "no-room",
        /// Someone took the login between the preview and its turn.
        LoginTaken = "login-taken",
        /// The space refused it (its reason is logged).
        Refused = "space-refused",
    }

    /// Where a referent's request for an export of their space stands (`space_exports.state`).
    pub enum ExportState {
        /// Asked for: a job of the queue will make it.
        Requested = "requested",
        /// The host is making the archive.
        Running = "running",
        /// In the asker's files, folder `Exports`; the referent was mailed.
        Ready = "ready",
        /// Given up after its tries; staff see why.
        Failed = "failed",
        /// The space's host cannot make exports (no host script, or one without `export`):
        /// staff do it by hand.
        Unavailable = "unavailable",
    }

    /// Where a connection between two spaces stands (`space_connections.state`): Nextcloud's
    /// federation, each space a trusted server of the other.
    pub enum ConnectionState {
        /// Proposed by one space's referent on file; the other's has not answered.
        Asked = "proposed",
        /// Declined by the other space: kept a month, so that it is not asked again at once.
        Declined = "declined",
        /// Accepted: the job adds each space to the other's trusted servers and waits until
        /// both have exchanged their keys.
        Linking = "linking",
        /// Both spaces trust each other and their keys were exchanged.
        Connected = "connected",
        /// One side asked to disconnect: the job removes each from the other's servers.
        Unlinking = "unlinking",
        /// A space's Nextcloud does not offer trusted servers (its federation app is off, or
        /// too old).
        Unavailable = "unavailable",
        /// The keys were not exchanged within two days, or a host kept refusing.
        Failed = "failed",
    }

    /// Whether a forum topic or post is shown (`forum_topics.state`, `forum_posts.state`).
    pub enum PostState {
        /// Shown to everyone.
        Visible = "visible",
        /// A new person's first posts, waiting for a moderator's approval: shown to its
        /// author and to moderators only.
        Held = "awaiting",
        /// Hidden by a moderator (after a flag, say): shown to moderators only, who may
        /// restore it.
        Hidden = "moderated",
    }

    /// Why a person flags a post (`forum_flags.reason`).
    pub enum FlagReason {
        Spam = "spam",
        /// Hurtful or disrespectful words.
        Offensive = "offensive",
        OffTopic = "off-topic",
        /// Someone's personal data published (an address, a phone number, a password).
        PersonalData = "personal-data",
        /// Another reason, which the person says.
        Other = "other",
    }

    /// What a moderator decided on a flagged post (`forum_flags.outcome`).
    pub enum FlagOutcome {
        Hidden = "hidden",
        /// Left as it was: the flags were not upheld.
        Kept = "kept",
    }

    /// A forum moderator's action, as the moderation log names it
    /// (`forum_moderation_log.action`).
    pub enum ModerationAction {
        Hide = "hide",
        Restore = "restore",
        /// The flags of a post dismissed, the post left as it was.
        Keep = "keep",
        Lock = "lock",
        Unlock = "unlock",
        Pin = "pin",
        Unpin = "unpin",
        /// An idea's state set (`forum_moderation_log.idea_state` says which).
        IdeaState = "idea-state",
        /// A topic moved to another category (the reason names both).
        Move = "move",
        /// A person silenced until a date: they read, but no longer post or flag.
        Silence = "silence",
        /// A person banned until a date: their login opens nothing of the forum.
        Ban = "ban",
        /// A person's sanction lifted before its end.
        Lift = "lift",
        /// A post held for approval shown; its author is no longer held.
        Approve = "approve",
        /// A duplicate merged into the topic it repeats (the reason names the duplicate).
        Merge = "merge",
    }

    /// A forum moderator's sanction of a person (`forum_sanctions.kind`).
    pub enum SanctionKind {
        /// They read, logged in, but no longer post or flag.
        Silence = "silence",
        /// Their login opens nothing of the forum; its pages say why and until when.
        Ban = "ban",
    }

    /// Where an idea for Nextcloud stands (`forum_topics.idea_state`, in a category of
    /// ideas).
    pub enum IdeaState {
        Proposed = "proposed",
        UnderStudy = "under-study",
        Planned = "planned",
        Done = "done",
        /// With a reason, shown under the idea.
        Declined = "declined",
    }

    /// Why the forum tells a person something (`forum_notifications.kind`).
    pub enum NotificationKind {
        /// A post names them (`@pseudo`).
        Mention = "mention",
        /// A reply in a topic they watch (their own topics are watched from the start).
        Reply = "reply",
        /// A new topic in a category they watch.
        Topic = "topic",
    }
}

impl ConnectionState {
    /// The states in which the pair's hosts may hold a trace of the connection, which a
    /// disconnection removes.
    pub const ON_HOSTS: &'static [ConnectionState] = &[
        ConnectionState::Linking,
        ConnectionState::Connected,
        ConnectionState::Unavailable,
        ConnectionState::Failed,
    ];
}

impl ApplicationStatus {
    /// The statuses a moderator still decides on.
    pub const UNDECIDED: &'static [ApplicationStatus] = &[
        ApplicationStatus::Confirmed,
        ApplicationStatus::Question,
        ApplicationStatus::Waitlisted,
    ];

    /// The statuses whose answer is promised `review_days` after confirmation: past that, such
    /// an application is overdue.
    pub const REVIEWING: &'static [ApplicationStatus] =
        &[ApplicationStatus::Confirmed, ApplicationStatus::Question];

    /// The statuses that end an application without a space: it no longer holds its address.
    pub const CLOSED: &'static [ApplicationStatus] = &[
        ApplicationStatus::Rejected,
        ApplicationStatus::Withdrawn,
        ApplicationStatus::Expired,
    ];

    /// Whether an application may go from `self` to `to`: the one table of its transitions.
    pub fn may_become(self, to: ApplicationStatus) -> bool {
        use ApplicationStatus::*;
        match self {
            Unconfirmed => matches!(to, Confirmed | Withdrawn | Expired),
            Confirmed => matches!(to, Question | Approved | Rejected | Waitlisted | Withdrawn),
            Question => matches!(to, Confirmed | Approved | Rejected | Waitlisted | Withdrawn),
            Waitlisted => matches!(to, Question | Approved | Rejected | Withdrawn),
            Approved | Rejected | Withdrawn | Expired => false,
        }
    }

    /// Whether staff still have to decide.
    pub fn undecided(self) -> bool {
        Self::UNDECIDED.contains(&self)
    }

    /// Whether the applicant may still withdraw it.
    pub fn withdrawable(self) -> bool {
        self.may_become(ApplicationStatus::Withdrawn)
    }

    /// Whether an answer is awaited from the applicant.
    pub fn awaits_answer(self) -> bool {
        self == ApplicationStatus::Question
    }
}

impl SpaceState {
    /// Whether the space still counts: everything but a deleted one.
    pub fn live(self) -> bool {
        self != SpaceState::Deleted
    }

    /// Whether its settings may change (suspension, office suite, address): active only.
    pub fn changeable(self) -> bool {
        self == SpaceState::Active
    }

    /// Whether it may be resumed.
    pub fn resumable(self) -> bool {
        self == SpaceState::Suspended
    }

    /// Whether its deletion may be asked.
    pub fn deletable(self) -> bool {
        matches!(
            self,
            SpaceState::Active | SpaceState::Suspended | SpaceState::Failed
        )
    }

    /// Whether provisioning has not finished (a retry may be asked).
    pub fn unfinished(self) -> bool {
        matches!(
            self,
            SpaceState::Waiting | SpaceState::Provisioning | SpaceState::Failed
        )
    }
}

impl AlertKind {
    /// The kinds raised about one space, by its address: they follow it when it is renamed
    /// and are cleared when it is removed.
    pub const OF_A_SPACE: &'static [AlertKind] =
        &[AlertKind::SpaceDown, AlertKind::TooManyAccounts];
}

impl StepOutcome {
    /// The outcomes that leave the step done.
    pub const COMPLETE: &'static [StepOutcome] = &[StepOutcome::Done, StepOutcome::Already];
}

impl ImportKind {
    /// The translation key of its words (`import-kind-bad-email`).
    pub fn message_key(self) -> String {
        format!("import-kind-{}", self.as_str())
    }
}

impl ImportResult {
    /// The translation key of its words (`import-result-created`).
    pub fn message_key(self) -> String {
        format!("import-result-{}", self.as_str())
    }
}

impl ImportState {
    /// The translation key of its words (`import-state-running`).
    pub fn message_key(self) -> String {
        format!("import-state-{}", self.as_str())
    }
}

impl JobState {
    /// Waiting or being run: the job is not over.
    pub const PENDING: &'static [JobState] = &[JobState::Ready, JobState::Running];

    /// Over: kept for the record, purged after a while.
    pub const FINISHED: &'static [JobState] = &[JobState::Done, JobState::Cancelled];

    /// Whether staff may run it again.
    pub fn retryable(self) -> bool {
        matches!(self, JobState::Dead | JobState::Cancelled)
    }

    /// Whether staff may cancel it.
    pub fn cancellable(self) -> bool {
        matches!(self, JobState::Ready | JobState::Running | JobState::Dead)
    }
}

/// Values as a comma-separated list of SQL literals, for `in (…)` in a predicate a partial
/// index must match word for word.
pub fn sql_list<S: Copy>(values: &[S], sql: fn(S) -> &'static str) -> String {
    values
        .iter()
        .map(|v| sql(*v))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_spelling_reads_back_as_its_value() {
        fn check<S: Copy + PartialEq + fmt::Debug + std::str::FromStr + fmt::Display>(all: &[S]) {
            for s in all {
                let spelt = s.to_string();
                assert!(spelt.parse::<S>().ok() == Some(*s), "{s:?}");
            }
        }
        check(ApplicationStatus::ALL);
        check(ApplicationEvent::ALL);
        check(SpaceState::ALL);
        check(SpaceAction::ALL);
        check(JobState::ALL);
        check(HostState::ALL);
        check(StepOutcome::ALL);
        check(AlertKind::ALL);
        assert!("Approved".parse::<ApplicationStatus>().is_err());
        assert_eq!(SpaceAction::DeleteAsked.sql(), "'delete-asked'");
    }

    #[test]
    fn a_decided_application_changes_no_more() {
        for from in ApplicationStatus::ALL {
            for to in ApplicationStatus::ALL {
                if from.may_become(*to) {
                    assert!(!ApplicationStatus::CLOSED.contains(from), "{from:?}");
                    assert_ne!(*from, ApplicationStatus::Approved);
                    assert_ne!(from, to);
                }
            }
        }
        assert!(ApplicationStatus::Unconfirmed.withdrawable());
        assert!(!ApplicationStatus::Unconfirmed.may_become(ApplicationStatus::Approved));
    }
}
