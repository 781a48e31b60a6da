//! Every error code a visitor can be shown, in one enum shared by the browser, the pages
//! and the backend. Each code `c` is shown as the translation of `error-c`; a test walks
//! every variant in both languages.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

macro_rules! codes {
    ($($(#[doc = $doc:literal])* $variant:ident = $code:literal,)*) => {
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum ErrorCode {
            $($(#[doc = $doc])* $variant,)*
        }

        impl ErrorCode {
            /// Every code, in declaration order.
            pub const ALL: &'static [ErrorCode] = &[$(ErrorCode::$variant,)*];

            /// The code as the pages and the translation files spell it (`email-invalid`).
            pub fn as_str(self) -> &'static str {
                match self {
                    $(ErrorCode::$variant => $code,)*
                }
            }

            pub fn parse(code: &str) -> Option<ErrorCode> {
                match code {
                    $($code => Some(ErrorCode::$variant),)*
                    _ => None,
                }
            }
        }
    };
}

codes! {
    /// An e-mail field left empty.
    EmailRequired = "email-required",
    /// More than 254 characters.
    EmailTooLong = "email-too-long",
    /// Not of the form name@example.org.
    EmailInvalid = "email-invalid",
    /// A second-factor code field left empty.
    CodeRequired = "code-required",
    /// Neither six digits nor a recovery code.
    CodeInvalid = "code-invalid",
    /// Well formed, but not the right code.
    CodeWrong = "code-wrong",
    /// A space's address left empty.
    SlugRequired = "slug-required",
    /// Fewer than 3 characters.
    SlugTooShort = "slug-too-short",
    /// More than 40 characters.
    SlugTooLong = "slug-too-long",
    /// Something other than a-z, 0-9 and hyphens.
    SlugCharacters = "slug-characters",
    /// A hyphen first, last, or two in a row.
    SlugHyphens = "slug-hyphens",
    /// An address kept for the operator's own use.
    SlugReserved = "slug-reserved",
    /// A SIREN field left empty.
    SirenRequired = "siren-required",
    /// Not 9 digits.
    SirenInvalid = "siren-invalid",
    /// 9 digits whose check digit is wrong (a typing slip).
    SirenChecksum = "siren-checksum",
    /// An RNA field left empty.
    RnaRequired = "rna-required",
    /// Not W and 9 digits.
    RnaInvalid = "rna-invalid",
    /// A field that must be filled, left empty.
    Required = "required",
    /// None of the offered answers chosen (or one that was never offered).
    ChoiceRequired = "choice-required",
    /// A control or invisible character (a line break where one line is asked).
    ControlCharacters = "control-characters",
    /// A one-line answer longer than the settings allow.
    LineTooLong = "line-too-long",
    /// A longer answer longer than the settings allow.
    TextTooLong = "text-too-long",
    /// A number left empty.
    NumberRequired = "number-required",
    /// Not a whole number in digits.
    NumberInvalid = "number-invalid",
    /// Members: from 1 to the settings' maximum.
    MembersRange = "members-range",
    /// Accounts: from 1 to the accounts a space has.
    AccountsRange = "accounts-range",
    /// Storage: from 1 to a space's quota.
    StorageRange = "storage-range",
    /// A declared structure in France without its RNA or SIREN.
    IdentifierRequired = "identifier-required",
    /// Neither an RNA number nor a SIREN.
    IdentifierInvalid = "identifier-invalid",
    /// The field of action "other" without a word more.
    FieldDetailRequired = "field-detail-required",
    /// The terms not accepted.
    TermsRequired = "terms-required",
    /// A short name (for the command line) with other than a-z, 0-9 and single hyphens.
    ShortNameInvalid = "short-name-invalid",
    /// Not a date and a time (2026-12-01T09:00).
    DateTimeInvalid = "date-time-invalid",
    /// A registration window that closes before it opens.
    ClosesBeforeOpening = "closes-before-opening",
    /// A registration window over another.
    WindowOverlaps = "window-overlaps",
    /// The address is already asked for or in use.
    SlugTaken = "slug-taken",
    /// A space renamed to the address it has.
    SlugUnchanged = "slug-unchanged",
    /// No space has the address typed to log in to.
    SpaceUnknown = "space-unknown",
    /// The space of the address typed was removed.
    SpaceRemoved = "space-removed",
    /// The space of the address typed is not made yet.
    SpaceNotReady = "space-not-ready",
    /// The space's referent on file was erased: no address to mail a link to.
    SpaceNoReferent = "space-no-referent",
    /// A Nextcloud login with other than letters, digits, spaces and `_.@-'`, or too long.
    UsernameInvalid = "username-invalid",
    /// A member's name longer than Nextcloud takes (64 characters).
    NameTooLong = "name-too-long",
    /// A member of the space has this login already.
    UsernameTaken = "username-taken",
    /// An invitation link's uses: from 1 to 50.
    InvitationUsesRange = "invitation-uses-range",
    /// The space has as many accounts as a space may have.
    AccountLimit = "account-limit",
    /// The space's Nextcloud did not answer (down, slow, in maintenance): nothing was done.
    SpaceNotReached = "space-not-reached",
    /// The space's answer was lost after the request reached it: the member may exist, and
    /// the same form sent again makes them once.
    SpaceMaybeDone = "space-maybe-done",
    /// A host's name that is not a DNS name (`nc1.frama.space`).
    HostNameInvalid = "host-name-invalid",
    /// A host of that name is in the fleet already.
    HostExists = "host-exists",
    /// A command template that is not one line of words (an unclosed quote, a line break).
    TemplateInvalid = "template-invalid",
    /// A command template without `{slug}`: a host holds many spaces.
    TemplateSlug = "template-slug",
    /// Not `https://{slug}.<domain>`.
    OcsUrlInvalid = "ocs-url-invalid",
    /// A Nextcloud version the portal does not speak to.
    VersionRange = "version-range",
    /// A database server address with spaces, or too long.
    DatabaseInvalid = "database-invalid",
    /// Not an http(s) address.
    WebAddressInvalid = "web-address-invalid",
    /// Spaces on one host: from 1 to 100,000.
    HostSpacesRange = "host-spaces-range",
    /// Work at once on one host: from 1 to 64.
    ParallelRange = "parallel-range",
    /// Not a size like 40 TB.
    SizeInvalid = "size-invalid",
    /// Not an address and port like 10.0.0.7:443.
    SocketAddressInvalid = "socket-address-invalid",
    /// Registrations are closed.
    RegistrationsClosed = "registrations-closed",
    /// Every space the platform can host is given or promised.
    CapacityReached = "capacity-reached",
    /// Too many attempts from this connection or for this address.
    RateLimited = "rate-limited",
    /// An import without a file or text, or with nothing in it.
    ImportEmpty = "import-empty",
    /// An import's file over 2 MB.
    ImportTooLarge = "import-too-large",
    /// An import's file of over 5,000 rows.
    ImportTooManyRows = "import-too-many-rows",
    /// An import's file with a row of over 100 columns.
    ImportTooManyColumns = "import-too-many-columns",
    /// An import's file that is neither text nor a sheet (NUL bytes).
    ImportNotText = "import-not-text",
    /// An import's file that is not in the encoding chosen.
    ImportWrongEncoding = "import-wrong-encoding",
    /// A zip that is not an `.xlsx` or `.ods` sheet.
    ImportUnreadableSheet = "import-unreadable-sheet",
    /// A space's name left empty.
    SpaceNameRequired = "space-name-required",
    /// A space's name over 80 characters (or 250 bytes).
    SpaceNameTooLong = "space-name-too-long",
    /// A space's name with a line break or another control character.
    SpaceNameCharacters = "space-name-characters",
    /// Not a colour like #1a6b3c.
    ColorInvalid = "color-invalid",
    /// A logo form sent without a file.
    LogoEmpty = "logo-empty",
    /// A logo over 1 MB.
    LogoTooLarge = "logo-too-large",
    /// A logo that is neither PNG nor JPEG (an SVG included).
    LogoType = "logo-type",
    /// A logo under 16 or over 4096 pixels a side.
    LogoDimensions = "logo-dimensions",
    /// The confirmation of a space's deletion is not the space's address.
    DeleteConfirm = "delete-confirm",
    /// The box that confirms the deletion of one's forum account left unticked.
    AccountDeleteConfirm = "account-delete-confirm",
    /// No member of the list chosen to hand the referent's role to.
    HandoverMember = "handover-member",
    /// The member chosen has no e-mail address the offer could go to.
    HandoverNoEmail = "handover-no-email",
    /// The member chosen is disabled.
    HandoverDisabled = "handover-disabled",
    /// A pseudonym shorter than 2 or longer than 30 characters.
    PseudonymLength = "pseudonym-length",
    /// A pseudonym with a space, an @ or another sign than . - _.
    PseudonymCharacters = "pseudonym-characters",
    /// A pseudonym that would pass for the service or its team.
    PseudonymReserved = "pseudonym-reserved",
    /// A pseudonym someone has already.
    PseudonymTaken = "pseudonym-taken",
    /// A topic's title under 8 characters: it says too little to be found.
    TitleTooShort = "title-too-short",
    /// A category where only the team opens topics.
    CategoryStaffOnly = "category-staff-only",
    /// A topic closed to replies.
    TopicLocked = "topic-locked",
    /// Too many posts in a short time.
    PostingTooFast = "posting-too-fast",
    /// A person a moderator silenced or banned writes (the page says why and until when).
    Sanctioned = "sanctioned",
    /// A new account's posts of the day are used up.
    NewAccountDaily = "new-account-daily",
    /// A link or an image in a new account's post.
    NewAccountLinks = "new-account-links",
    /// Not a date (2027-01-31).
    DateInvalid = "date-invalid",
    /// A sanction's end before today or more than two years ahead.
    SanctionEndRange = "sanction-end-range",
    /// Not the address nor the number of another visible topic, to merge a duplicate into.
    MergeTarget = "merge-target",
    /// The topic to keep is newer than the duplicate: merge the other way.
    MergeNewer = "merge-newer",
    /// Trouble on our side; what was typed is kept.
    Server = "server",
}

impl ErrorCode {
    /// The translation key of the sentence shown for this code.
    pub fn message_key(self) -> String {
        format!("error-{}", self.as_str())
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for ErrorCode {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for ErrorCode {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let code = String::deserialize(d)?;
        ErrorCode::parse(&code)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown error code {code:?}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Lang;

    #[test]
    fn every_code_has_a_sentence_in_both_languages() {
        assert!(ErrorCode::ALL.len() >= 8);
        // The settings some messages state (the pages pass them all).
        let args: std::collections::HashMap<_, _> = [
            "line_max",
            "text_max",
            "members_max",
            "max_accounts",
            "quota",
            "domain",
        ]
        .into_iter()
        .map(|k| (std::borrow::Cow::Borrowed(k), crate::FluentValue::from(40)))
        .collect();
        for code in ErrorCode::ALL {
            assert_eq!(ErrorCode::parse(code.as_str()), Some(*code));
            for lang in Lang::ALL {
                let text = crate::lookup(lang, &code.message_key(), Some(&args));
                assert!(
                    text.as_deref().is_some_and(|t| !t.is_empty()),
                    "{} has no {} sentence",
                    code.as_str(),
                    lang.as_str()
                );
            }
        }
    }
}
