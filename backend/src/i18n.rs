//! Translations for what the backend writes itself: the mails. The same Fluent files as
//! the pages (`locales/`, through `common`).

use std::borrow::Cow;
use std::collections::HashMap;

use common::FluentValue;
pub use common::Lang;

/// The text for `key`, with `args`. A missing key shows the key itself, and a test
/// (`locales_are_complete`) keeps that from reaching production.
pub fn tr(lang: Lang, key: &str, args: &[(&'static str, &str)]) -> String {
    let args: HashMap<Cow<'static, str>, FluentValue> = args
        .iter()
        .map(|(k, v)| (Cow::Borrowed(*k), FluentValue::from(v.to_string())))
        .collect();
    common::lookup(lang, key, Some(&args)).unwrap_or_else(|| key.to_string())
}

/// The text for `key` with `$count` as a number (so that `[one]` and `[other]` are chosen
/// by it), and `args`.
pub fn tr_count(lang: Lang, key: &str, count: i64, args: &[(&'static str, &str)]) -> String {
    let mut all: HashMap<Cow<'static, str>, FluentValue> = args
        .iter()
        .map(|(k, v)| (Cow::Borrowed(*k), FluentValue::from(v.to_string())))
        .collect();
    all.insert(Cow::Borrowed("count"), FluentValue::from(count));
    common::lookup(lang, key, Some(&all)).unwrap_or_else(|| key.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mail_keys_exist_in_both_languages() {
        for lang in [Lang::Fr, Lang::En] {
            let s = tr(lang, "mail-newsletter-confirm-subject", &[("site", "X")]);
            assert!(!s.starts_with("mail-"), "{s}");
        }
    }
}

const MONTHS_FR: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A date and time as people read it: « 12 janvier 2027 à 18 h 05 », "12 January 2027 at
/// 18:05". The time is the one given (pages give the clock of Paris).
pub fn long_date_time(lang: Lang, t: chrono::NaiveDateTime) -> String {
    use chrono::{Datelike, Timelike};
    let month = t.month0() as usize;
    match lang {
        Lang::Fr => format!(
            "{}{} {} {} à {}\u{a0}h\u{a0}{:02}",
            t.day(),
            if t.day() == 1 { "er" } else { "" },
            MONTHS_FR[month],
            t.year(),
            t.hour(),
            t.minute()
        ),
        Lang::En => format!(
            "{} {} {} at {:02}:{:02}",
            t.day(),
            MONTHS_EN[month],
            t.year(),
            t.hour(),
            t.minute()
        ),
    }
}

/// A date alone: « 12 janvier 2027 », "12 January 2027", of a day or of a moment.
pub fn long_date(lang: Lang, t: impl chrono::Datelike) -> String {
    let month = t.month0() as usize;
    match lang {
        Lang::Fr => format!(
            "{}{} {} {}",
            t.day(),
            if t.day() == 1 { "er" } else { "" },
            MONTHS_FR[month],
            t.year()
        ),
        Lang::En => format!("{} {} {}", t.day(), MONTHS_EN[month], t.year()),
    }
}

#[cfg(test)]
mod date_tests {
    use super::*;

    #[test]
    fn dates_read_as_each_language_writes_them() {
        let t = chrono::NaiveDate::from_ymd_opt(2027, 1, 1)
            .unwrap()
            .and_hms_opt(18, 5, 0)
            .unwrap();
        assert_eq!(
            long_date_time(Lang::Fr, t),
            "1er janvier 2027 à 18\u{a0}h\u{a0}05"
        );
        assert_eq!(long_date_time(Lang::En, t), "1 January 2027 at 18:05");
        assert_eq!(long_date(Lang::Fr, t), "1er janvier 2027");
    }
}
