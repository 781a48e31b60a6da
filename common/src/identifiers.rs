//! The identifiers an application carries, each a type that cannot hold an invalid value:
//! the space's address ([`Slug`]), and a French structure's registration numbers
//! ([`Siren`], [`Rna`]).

use serde::{Deserialize, Deserializer, Serialize};

use crate::ErrorCode;

/// Full-width forms of ASCII (`ｍｏｎ－ａｓｓｏ`, typed by some input methods) folded to
/// ASCII; everything else unchanged.
fn fold_full_width(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => c,
    }
}

/// A space's address, the `mon-asso` of `mon-asso.frama.space`: lower-case ASCII letters,
/// digits and single hyphens inside, 3 to 40 characters, never `xn--…` (what DNS reads as
/// an internationalised name). Typed capitals and full-width characters are folded; any
/// other character (accents, look-alike letters of other scripts) is refused, never
/// stored. Whether an address is reserved or taken is the backend's to say.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct Slug(String);

impl Slug {
    pub const MIN_CHARS: usize = 3;
    pub const MAX_CHARS: usize = 40;

    pub fn parse(raw: &str) -> Result<Slug, ErrorCode> {
        let value: String = raw
            .trim()
            .chars()
            .map(fold_full_width)
            .map(|c| c.to_ascii_lowercase())
            .collect();
        let value = value.trim();
        let count = value.chars().count();
        if value.is_empty() {
            Err(ErrorCode::SlugRequired)
        } else if !value
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        {
            Err(ErrorCode::SlugCharacters)
        } else if value.starts_with('-') || value.ends_with('-') || value.contains("--") {
            // `xn--` is caught here too: no double hyphen anywhere.
            Err(ErrorCode::SlugHyphens)
        } else if count < Self::MIN_CHARS {
            Err(ErrorCode::SlugTooShort)
        } else if count > Self::MAX_CHARS {
            Err(ErrorCode::SlugTooLong)
        } else {
            Ok(Slug(value.to_string()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A SIREN, the 9-digit number of a French legal unit, with its Luhn check digit. Spaces
/// and dots as people write it (`123 456 789`) are dropped.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct Siren(String);

impl Siren {
    pub fn parse(raw: &str) -> Result<Siren, ErrorCode> {
        let value: String = raw
            .chars()
            .map(fold_full_width)
            .filter(|c| !c.is_whitespace() && *c != '.' && *c != '\u{a0}')
            .collect();
        if value.is_empty() {
            Err(ErrorCode::SirenRequired)
        } else if value.len() != 9 || !value.bytes().all(|b| b.is_ascii_digit()) {
            Err(ErrorCode::SirenInvalid)
        } else if !luhn(&value) {
            Err(ErrorCode::SirenChecksum)
        } else {
            Ok(Siren(value))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The Luhn check over ASCII digits: from the right, every second digit doubled (minus 9
/// past 9), the sum a multiple of 10.
fn luhn(digits: &str) -> bool {
    let sum: u32 = digits
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 1 {
                let twice = d * 2;
                if twice > 9 {
                    twice - 9
                } else {
                    twice
                }
            } else {
                d
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

/// A number of the Répertoire national des associations: `W` and 9 digits, as
/// associations.gouv.fr describes it (associations of Moselle, Bas-Rhin and Haut-Rhin
/// have none: they are registered at their court). Typed in lower case or with spaces, it
/// is normalised.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct Rna(String);

impl Rna {
    pub fn parse(raw: &str) -> Result<Rna, ErrorCode> {
        let value: String = raw
            .chars()
            .map(fold_full_width)
            .filter(|c| !c.is_whitespace())
            .map(|c| c.to_ascii_uppercase())
            .collect();
        let digits = value.strip_prefix('W').unwrap_or("");
        if value.is_empty() {
            Err(ErrorCode::RnaRequired)
        } else if digits.len() != 9 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            Err(ErrorCode::RnaInvalid)
        } else {
            Ok(Rna(value))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

macro_rules! display_and_checked_deserialize {
    ($($t:ident),*) => {$(
        impl std::fmt::Display for $t {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        /// Read back through `parse`: a stored or sent value cannot skip the check.
        impl<'de> Deserialize<'de> for $t {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let raw = String::deserialize(d)?;
                $t::parse(&raw).map_err(|code| serde::de::Error::custom(code.as_str()))
            }
        }
    )*};
}

display_and_checked_deserialize!(Slug, Siren, Rna);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_folded_or_refused() {
        let ok = |raw: &str, want: &str| {
            assert_eq!(Slug::parse(raw).map(|s| s.0), Ok(want.into()), "{raw:?}")
        };
        ok("mon-asso", "mon-asso");
        ok("  Mon-Asso ", "mon-asso");
        ok("ｍｏｎ－ａｓｓｏ", "mon-asso");
        ok("abc", "abc");
        ok("collectif-velo-2026", "collectif-velo-2026");
        ok(&"a".repeat(40), &"a".repeat(40));
        let err = |raw: &str, code: ErrorCode| assert_eq!(Slug::parse(raw), Err(code), "{raw:?}");
        err("", ErrorCode::SlugRequired);
        err("   ", ErrorCode::SlugRequired);
        err("ab", ErrorCode::SlugTooShort);
        err(&"a".repeat(41), ErrorCode::SlugTooLong);
        err("-asso", ErrorCode::SlugHyphens);
        err("asso-", ErrorCode::SlugHyphens);
        err("mon--asso", ErrorCode::SlugHyphens);
        err("xn--mnchen-3ya", ErrorCode::SlugHyphens);
        err("mon_asso", ErrorCode::SlugCharacters);
        err("mon.asso", ErrorCode::SlugCharacters);
        err("mon asso", ErrorCode::SlugCharacters);
        err("étoile", ErrorCode::SlugCharacters);
        // Cyrillic а and о that look like Latin letters.
        err("\u{430}ss\u{43e}", ErrorCode::SlugCharacters);
        err("mon-asso\u{200b}", ErrorCode::SlugCharacters);
        err("<b>asso</b>", ErrorCode::SlugCharacters);
        err("asso\r\nx", ErrorCode::SlugCharacters);
    }

    #[test]
    fn sirens_have_nine_digits_and_a_luhn_check() {
        // La Poste's SIREN, written with spaces.
        assert_eq!(
            Siren::parse("356 000 000").map(|s| s.0),
            Ok("356000000".into())
        );
        assert_eq!(
            Siren::parse("732829320").map(|s| s.0),
            Ok("732829320".into())
        );
        assert_eq!(
            Siren::parse("732.829.320").map(|s| s.0),
            Ok("732829320".into())
        );
        assert_eq!(Siren::parse("732829321"), Err(ErrorCode::SirenChecksum));
        assert_eq!(Siren::parse("73282932"), Err(ErrorCode::SirenInvalid));
        assert_eq!(Siren::parse("7328293200"), Err(ErrorCode::SirenInvalid));
        assert_eq!(Siren::parse("73282932a"), Err(ErrorCode::SirenInvalid));
        assert_eq!(Siren::parse(" "), Err(ErrorCode::SirenRequired));
    }

    #[test]
    fn rna_numbers_are_w_and_nine_digits() {
        assert_eq!(
            Rna::parse("W751234567").map(|r| r.0),
            Ok("W751234567".into())
        );
        assert_eq!(
            Rna::parse(" w75 1234 567 ").map(|r| r.0),
            Ok("W751234567".into())
        );
        assert_eq!(Rna::parse("W75123456"), Err(ErrorCode::RnaInvalid));
        assert_eq!(Rna::parse("751234567"), Err(ErrorCode::RnaInvalid));
        assert_eq!(Rna::parse("X751234567"), Err(ErrorCode::RnaInvalid));
        assert_eq!(Rna::parse("W75123456A"), Err(ErrorCode::RnaInvalid));
        assert_eq!(Rna::parse(""), Err(ErrorCode::RnaRequired));
    }

    #[test]
    fn values_read_back_are_checked_again() {
        assert!(serde_json_free_check::<Slug>("\"mon-asso\""));
        assert!(!serde_json_free_check::<Slug>("\"mon--asso\""));
        assert!(!serde_json_free_check::<Siren>("\"732829321\""));
        assert!(!serde_json_free_check::<Rna>("\"W1\""));
    }

    /// Deserialises a JSON string without serde_json (not a dependency of this crate).
    fn serde_json_free_check<T: for<'de> Deserialize<'de>>(quoted: &str) -> bool {
        use serde::de::value::{Error, StrDeserializer};
        use serde::de::IntoDeserializer;
        let inner = quoted.trim_matches('"');
        let d: StrDeserializer<'_, Error> = inner.into_deserializer();
        T::deserialize(d).is_ok()
    }
}
