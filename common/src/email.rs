//! E-mail addresses, checked the same way in the browser, the pages and the backend.

use serde::{Deserialize, Deserializer, Serialize};

use crate::ErrorCode;

/// An e-mail address that passed [`Email::parse`]: trimmed, lower-cased, at most 254
/// characters, well formed. Backend functions take this type, so no path (a form, the
/// command line, an import) can hand them an address that was not checked.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct Email(String);

impl Email {
    pub const MAX_CHARS: usize = 254;

    pub fn parse(raw: &str) -> Result<Email, ErrorCode> {
        let value = raw.trim();
        if value.is_empty() {
            Err(ErrorCode::EmailRequired)
        } else if value.chars().count() > Self::MAX_CHARS {
            Err(ErrorCode::EmailTooLong)
        } else if !is_email(value) {
            Err(ErrorCode::EmailInvalid)
        } else {
            Ok(Email(value.to_lowercase()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Email {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Read back through [`Email::parse`]: a stored or sent value cannot skip the check.
impl<'de> Deserialize<'de> for Email {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = String::deserialize(d)?;
        Email::parse(&raw).map_err(|code| serde::de::Error::custom(code.as_str()))
    }
}

/// The HTML standard's "valid e-mail address" (what browsers check for `type=email`),
/// with international domain names allowed. Written out rather than taken from
/// `validator`'s email check, whose regex and IDNA tables would more than double the WASM.
pub fn is_email(value: &str) -> bool {
    let Some((local, domain)) = value.rsplit_once('@') else {
        return false;
    };
    let local_ok = !local.is_empty()
        && local.len() <= 64
        && local
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || ".!#$%&'*+/=?^_`{|}~-".contains(c));
    let domain_ok = !domain.is_empty()
        && domain.len() <= 253
        && domain.split('.').all(|label| {
            let n = label.chars().count();
            (1..=63).contains(&n)
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_alphanumeric() || c == '-')
        });
    local_ok && domain_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_email_is_trimmed_lowercased_and_checked() {
        assert_eq!(
            Email::parse("  Camille@Asso.Example ").unwrap().as_str(),
            "camille@asso.example"
        );
        assert_eq!(Email::parse(" "), Err(ErrorCode::EmailRequired));
        assert_eq!(Email::parse("a@@b.org"), Err(ErrorCode::EmailInvalid));
        assert_eq!(
            Email::parse("a\r\nBcc: x@y.org"),
            Err(ErrorCode::EmailInvalid)
        );
        let long = format!("{}@example.org", "a".repeat(250));
        assert_eq!(Email::parse(&long), Err(ErrorCode::EmailTooLong));
        assert_eq!(
            Email::parse("elise@café.fr").unwrap().as_str(),
            "elise@café.fr"
        );
    }
}
