//! The application for a space: the form as typed ([`ApplicationForm`], every field a
//! string), its rules, and what it becomes once they pass ([`NewApplication`], typed).
//! The browser checks a form with the very function the server runs ([`check`]); every
//! limit comes from the operator's settings ([`SiteInfo`]).

use serde::{Deserialize, Serialize};

use crate::places::Place;
use crate::{ApplicationLimits, Email, ErrorCode, Rna, Siren, SiteInfo, Slug};

/// The kinds of structure, as the form sends them.
pub const KINDS: &[&str] = &[
    "association",
    "collective",
    "foundation",
    "union",
    "club",
    "other",
];
/// The kinds that hold a registration number in France.
pub const DECLARED_KINDS: &[&str] = &["association", "foundation", "union", "club"];
/// The fields of action offered; `other` asks for a word more.
pub const FIELDS_OF_ACTION: &[&str] = &[
    "solidarity",
    "culture",
    "education",
    "environment",
    "rights",
    "health",
    "sport",
    "digital-commons",
    "housing",
    "international",
    "media",
    "other",
];
/// Annual budget brackets, in euros.
pub const BUDGETS: &[&str] = &[
    "none",
    "under-1k",
    "1k-10k",
    "10k-50k",
    "50k-200k",
    "over-200k",
];
/// The office suites a space may have; the first is the default.
pub const OFFICES: &[&str] = &["collabora", "onlyoffice"];

/// An office suite's name, as its makers write it.
pub fn office_name(office: &str) -> Option<&'static str> {
    match office {
        "collabora" => Some("Collabora Online"),
        "onlyoffice" => Some("OnlyOffice"),
        _ => None,
    }
}

/// The application form as typed: every field a string, kept as it came (a field left
/// out, such as an unticked box, is empty).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ApplicationForm {
    pub structure_name: String,
    pub kind: String,
    pub location: String,
    pub identifier: String,
    pub field_of_action: String,
    pub field_detail: String,
    pub purpose: String,
    pub members: String,
    pub accounts: String,
    pub storage_gb: String,
    pub budget: String,
    pub tools: String,
    pub slug: String,
    pub office: String,
    pub referent_name: String,
    pub referent_email: String,
    pub referent_role: String,
    pub terms: String,
    /// A field people do not see: a robot that fills it is answered as if all went well.
    pub website: String,
}

/// An application that passed every rule, typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewApplication {
    pub structure_name: String,
    pub kind: &'static str,
    pub place: Place,
    /// Normalised: an RNA or SIREN without spaces, or a free identifier; may be empty.
    pub identifier: String,
    pub field_of_action: &'static str,
    pub field_detail: String,
    pub purpose: String,
    pub members: u32,
    pub accounts: u32,
    pub storage_gb: u32,
    pub budget: &'static str,
    pub tools: String,
    pub slug: Slug,
    pub office: &'static str,
    pub referent_name: String,
    pub referent_email: Email,
    pub referent_role: String,
}

/// What the rules made of a form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Checked {
    Valid(Box<NewApplication>),
    /// The honeypot was filled: a robot.
    Robot,
    /// Each refused field with its code, in the form's order.
    Invalid(Vec<(&'static str, ErrorCode)>),
}

/// A character that has no place in what people type: controls (line breaks included,
/// where a single line is asked), direction overrides that make text read otherwise than
/// it is stored, and invisible zero-width marks.
fn unwanted(c: char, multiline: bool) -> bool {
    if multiline && (c == '\n' || c == '\t') {
        return false;
    }
    c.is_control()
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
        || matches!(c, '\u{200B}' | '\u{FEFF}' | '\u{2028}' | '\u{2029}')
}

/// A one-line answer, trimmed: refused if it holds a control or invisible character, or
/// is longer than `max` characters. May be empty.
pub fn clean_line(raw: &str, max: usize) -> Result<String, ErrorCode> {
    let value = raw.trim();
    if value.chars().any(|c| unwanted(c, false)) {
        return Err(ErrorCode::ControlCharacters);
    }
    if value.chars().count() > max {
        return Err(ErrorCode::LineTooLong);
    }
    Ok(value.to_string())
}

/// A longer answer, trimmed, line breaks made `\n`: as [`clean_line`], but line breaks and
/// tabs are welcome.
pub fn clean_text(raw: &str, max: usize) -> Result<String, ErrorCode> {
    let value = raw.replace("\r\n", "\n");
    let value = value.trim();
    if value.chars().any(|c| unwanted(c, true)) {
        return Err(ErrorCode::ControlCharacters);
    }
    if value.chars().count() > max {
        return Err(ErrorCode::TextTooLong);
    }
    Ok(value.to_string())
}

fn choice(raw: &str, among: &[&'static str]) -> Result<&'static str, ErrorCode> {
    among
        .iter()
        .find(|c| **c == raw.trim())
        .copied()
        .ok_or(ErrorCode::ChoiceRequired)
}

fn count(raw: &str, max: u32, out_of_range: ErrorCode) -> Result<u32, ErrorCode> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err(ErrorCode::NumberRequired);
    }
    if raw.len() > 12 || !raw.chars().all(|c| c.is_ascii_digit()) {
        return Err(ErrorCode::NumberInvalid);
    }
    match raw.parse::<u32>() {
        Ok(n) if (1..=max).contains(&n) => Ok(n),
        _ => Err(out_of_range),
    }
}

pub fn required(value: Result<String, ErrorCode>) -> Result<String, ErrorCode> {
    match value {
        Ok(v) if v.is_empty() => Err(ErrorCode::Required),
        other => other,
    }
}

/// A French registration number: RNA or SIREN, spaces and dots ignored.
fn french_identifier(raw: &str) -> Result<String, ErrorCode> {
    let compact: String = raw
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '.')
        .collect::<String>()
        .to_uppercase();
    if compact.starts_with('W') {
        return Rna::parse(&compact)
            .map(|r| r.as_str().to_string())
            .map_err(|_| ErrorCode::IdentifierInvalid);
    }
    match Siren::parse(&compact) {
        Ok(s) => Ok(s.as_str().to_string()),
        Err(ErrorCode::SirenChecksum) => Err(ErrorCode::SirenChecksum),
        Err(_) => Err(ErrorCode::IdentifierInvalid),
    }
}

/// The identifier's rules, which depend on the kind of structure and where it is.
fn identifier(
    raw: &str,
    kind: Option<&str>,
    place: Option<Place>,
    limits: &ApplicationLimits,
) -> Result<String, ErrorCode> {
    let declared = kind.is_some_and(|k| DECLARED_KINDS.contains(&k));
    let given = !raw.trim().is_empty();
    match place {
        Some(Place::Department(_)) if given => french_identifier(raw),
        Some(Place::Department(_)) if declared => Err(ErrorCode::IdentifierRequired),
        Some(Place::LocalLawDepartment(_)) if declared => {
            required(clean_line(raw, limits.line_max)).map_err(|e| match e {
                ErrorCode::Required => ErrorCode::IdentifierRequired,
                e => e,
            })
        }
        _ => clean_line(raw, limits.line_max),
    }
}

/// Every rule of the application form, as the browser and the server both run it.
pub fn check(form: &ApplicationForm, site: &SiteInfo) -> Checked {
    let limits = &site.applications;
    let mut errors: Vec<(&'static str, ErrorCode)> = Vec::new();
    macro_rules! take {
        ($name:literal, $value:expr) => {
            match $value {
                Ok(v) => Some(v),
                Err(code) => {
                    errors.push(($name, code));
                    None
                }
            }
        };
    }
    let structure_name = take!(
        "structure_name",
        required(clean_line(&form.structure_name, limits.line_max))
    );
    let kind = take!("kind", choice(&form.kind, KINDS));
    let place = take!(
        "location",
        Place::parse(form.location.trim()).ok_or(ErrorCode::ChoiceRequired)
    );
    let identifier = take!(
        "identifier",
        identifier(&form.identifier, kind, place, limits)
    );
    let field_of_action = take!(
        "field_of_action",
        choice(&form.field_of_action, FIELDS_OF_ACTION)
    );
    let field_detail = take!(
        "field_detail",
        clean_line(&form.field_detail, limits.line_max).and_then(|v| {
            if v.is_empty() && field_of_action == Some("other") {
                Err(ErrorCode::FieldDetailRequired)
            } else {
                Ok(v)
            }
        })
    );
    let purpose = take!(
        "purpose",
        required(clean_text(&form.purpose, limits.text_max))
    );
    let members = take!(
        "members",
        count(&form.members, limits.members_max, ErrorCode::MembersRange)
    );
    let accounts = take!(
        "accounts",
        count(
            &form.accounts,
            site.accounts_per_space,
            ErrorCode::AccountsRange
        )
    );
    let storage_gb = take!(
        "storage_gb",
        count(&form.storage_gb, site.quota_gb, ErrorCode::StorageRange)
    );
    let budget = take!("budget", choice(&form.budget, BUDGETS));
    let tools = take!("tools", clean_text(&form.tools, limits.text_max));
    let slug = take!("slug", Slug::parse(&form.slug));
    let office = take!("office", choice(&form.office, OFFICES));
    let referent_name = take!(
        "referent_name",
        required(clean_line(&form.referent_name, limits.line_max))
    );
    let referent_email = take!("referent_email", Email::parse(&form.referent_email));
    let referent_role = take!(
        "referent_role",
        required(clean_line(&form.referent_role, limits.line_max))
    );
    let terms = take!(
        "terms",
        if form.terms == "yes" {
            Ok(())
        } else {
            Err(ErrorCode::TermsRequired)
        }
    );
    let robot = !form.website.is_empty();
    match (
        structure_name,
        kind,
        place,
        identifier,
        field_of_action,
        field_detail,
        purpose,
        members,
        accounts,
        storage_gb,
        budget,
        tools,
        slug,
        office,
        referent_name,
        referent_email,
        referent_role,
        terms,
    ) {
        (
            Some(structure_name),
            Some(kind),
            Some(place),
            Some(identifier),
            Some(field_of_action),
            Some(field_detail),
            Some(purpose),
            Some(members),
            Some(accounts),
            Some(storage_gb),
            Some(budget),
            Some(tools),
            Some(slug),
            Some(office),
            Some(referent_name),
            Some(referent_email),
            Some(referent_role),
            Some(()),
        ) if errors.is_empty() => {
            if robot {
                return Checked::Robot;
            }
            Checked::Valid(Box::new(NewApplication {
                structure_name,
                kind,
                place,
                identifier,
                field_of_action,
                field_detail,
                purpose,
                members,
                accounts,
                storage_gb,
                budget,
                tools,
                slug,
                office,
                referent_name,
                referent_email,
                referent_role,
            }))
        }
        _ => Checked::Invalid(errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_office_suite_has_its_name() {
        for office in OFFICES {
            assert!(office_name(office).is_some(), "{office}");
        }
        assert_eq!(office_name("tableur"), None);
    }

    pub(crate) fn valid_form() -> ApplicationForm {
        ApplicationForm {
            structure_name: "Les Amis de l’Étoile".into(),
            kind: "association".into(),
            location: "69".into(),
            identifier: "W691 234 567".into(),
            field_of_action: "culture".into(),
            field_detail: String::new(),
            purpose: "Partager nos documents\r\net nos agendas.".into(),
            members: "40".into(),
            accounts: "12".into(),
            storage_gb: "10".into(),
            budget: "1k-10k".into(),
            tools: String::new(),
            slug: "Les-Amis-de-l-Etoile".into(),
            office: "collabora".into(),
            referent_name: "Camille Martin".into(),
            referent_email: "camille@example.org".into(),
            referent_role: "Secrétaire".into(),
            terms: "yes".into(),
            website: String::new(),
        }
    }

    fn errors(form: &ApplicationForm) -> Vec<(&'static str, ErrorCode)> {
        match check(form, &SiteInfo::default()) {
            Checked::Invalid(e) => e,
            other => panic!("expected errors, got {other:?}"),
        }
    }

    #[test]
    fn a_complete_form_passes_typed_and_normalised() {
        let Checked::Valid(app) = check(&valid_form(), &SiteInfo::default()) else {
            panic!("valid");
        };
        assert_eq!(app.identifier, "W691234567");
        assert_eq!(app.slug.as_str(), "les-amis-de-l-etoile");
        assert_eq!(app.purpose, "Partager nos documents\net nos agendas.");
        assert_eq!(app.place, Place::Department("69"));
        assert_eq!((app.members, app.accounts, app.storage_gb), (40, 12, 10));
    }

    #[test]
    fn an_empty_form_names_every_required_field_in_order() {
        let names: Vec<_> = errors(&ApplicationForm::default())
            .into_iter()
            .map(|(f, _)| f)
            .collect();
        assert_eq!(
            names,
            [
                "structure_name",
                "kind",
                "location",
                "field_of_action",
                "purpose",
                "members",
                "accounts",
                "storage_gb",
                "budget",
                "slug",
                "office",
                "referent_name",
                "referent_email",
                "referent_role",
                "terms"
            ]
        );
    }

    #[test]
    fn the_identifier_depends_on_the_kind_and_the_place() {
        let with = |kind: &str, location: &str, identifier: &str| ApplicationForm {
            kind: kind.into(),
            location: location.into(),
            identifier: identifier.into(),
            ..valid_form()
        };
        let site = SiteInfo::default();
        let ok = |f: &ApplicationForm| matches!(check(f, &site), Checked::Valid(_));
        // A declared association in France: RNA or SIREN, required, checked.
        assert_eq!(
            errors(&with("association", "75", "")),
            [("identifier", ErrorCode::IdentifierRequired)]
        );
        assert!(ok(&with("association", "75", "732 829 320")));
        assert_eq!(
            errors(&with("union", "75", "732829321")),
            [("identifier", ErrorCode::SirenChecksum)]
        );
        assert_eq!(
            errors(&with("club", "75", "W12")),
            [("identifier", ErrorCode::IdentifierInvalid)]
        );
        // Alsace-Moselle: the court's register, in its own words, still required.
        assert!(ok(&with("association", "67", "Volume 12 folio 34")));
        assert_eq!(
            errors(&with("association", "57", " ")),
            [("identifier", ErrorCode::IdentifierRequired)]
        );
        // An informal collective: nothing asked; abroad: free and optional.
        assert!(ok(&with("collective", "75", "")));
        assert!(ok(&with("association", "BE", "")));
        assert!(ok(&with("association", "CH", "CHE-123.456.789")));
        // But what is given in France must be a real number.
        assert_eq!(
            errors(&with("collective", "13", "123")),
            [("identifier", ErrorCode::IdentifierInvalid)]
        );
    }

    #[test]
    fn limits_come_from_the_settings() {
        let site = SiteInfo {
            accounts_per_space: 20,
            quota_gb: 5,
            applications: ApplicationLimits {
                line_max: 10,
                ..Default::default()
            },
            ..Default::default()
        };
        let form = ApplicationForm {
            accounts: "21".into(),
            storage_gb: "6".into(),
            referent_role: "Trésorière adjointe".into(),
            members: "0".into(),
            ..valid_form()
        };
        let Checked::Invalid(e) = check(&form, &site) else {
            panic!()
        };
        assert_eq!(
            e,
            [
                ("structure_name", ErrorCode::LineTooLong),
                ("members", ErrorCode::MembersRange),
                ("accounts", ErrorCode::AccountsRange),
                ("storage_gb", ErrorCode::StorageRange),
                ("referent_name", ErrorCode::LineTooLong),
                ("referent_role", ErrorCode::LineTooLong),
            ]
        );
    }

    #[test]
    fn hostile_text_is_refused_or_kept_as_typed() {
        for bad in [
            "a\r\nBcc: x@y.z",
            "a\u{0}b",
            "a\u{1b}[31m",
            "\u{202e}abc",
            "a\u{200b}b",
        ] {
            assert_eq!(
                clean_line(bad, 200),
                Err(ErrorCode::ControlCharacters),
                "{bad:?}"
            );
        }
        assert_eq!(
            clean_text("one\r\ntwo\tthree", 200).as_deref(),
            Ok("one\ntwo\tthree")
        );
        assert_eq!(clean_text("a\u{7}", 200), Err(ErrorCode::ControlCharacters));
        // Markup, quotes and other scripts are words like any: stored as typed, shown escaped.
        for fine in [
            "<script>x</script>",
            "l'étoile \"bleue\"",
            "مرحبا שלום",
            "ｚｑ７",
        ] {
            assert_eq!(clean_line(fine, 200).as_deref(), Ok(fine));
        }
        assert_eq!(
            clean_line(&"a".repeat(201), 200),
            Err(ErrorCode::LineTooLong)
        );
        assert_eq!(
            clean_text(&"a".repeat(4001), 4000),
            Err(ErrorCode::TextTooLong)
        );
        // The field of action "other" asks for a word more; a bad choice is refused.
        let form = ApplicationForm {
            field_of_action: "other".into(),
            budget: "<b>".into(),
            members: "12abc".into(),
            ..valid_form()
        };
        assert_eq!(
            errors(&form),
            [
                ("field_detail", ErrorCode::FieldDetailRequired),
                ("members", ErrorCode::NumberInvalid),
                ("budget", ErrorCode::ChoiceRequired)
            ]
        );
    }

    #[test]
    fn a_filled_honeypot_is_a_robot_even_when_all_else_is_right() {
        let form = ApplicationForm {
            website: "http://spam.example".into(),
            ..valid_form()
        };
        assert_eq!(check(&form, &SiteInfo::default()), Checked::Robot);
    }
}
