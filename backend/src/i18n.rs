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
