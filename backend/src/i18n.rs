//! Translations for what the backend writes itself: the mails.
//! The same Fluent files as the pages (`locales/`), French first.

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::collections::HashMap;

fluent_templates::static_loader! {
    static LOCALES = {
        locales: "../locales",
        fallback_language: "fr",
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Fr,
    En,
}

impl Lang {
    pub fn as_str(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::En => "en",
        }
    }

    pub fn parse(code: &str) -> Option<Lang> {
        match code {
            "fr" => Some(Lang::Fr),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    fn id(self) -> LanguageIdentifier {
        match self {
            Lang::Fr => fluent_templates::langid!("fr"),
            Lang::En => fluent_templates::langid!("en"),
        }
    }
}

/// The text for `key`, with `args`. A missing key shows the key itself, and a test
/// (`locales_are_complete`) keeps that from reaching production.
pub fn tr(lang: Lang, key: &str, args: &[(&'static str, &str)]) -> String {
    let args: HashMap<Cow<'static, str>, FluentValue> = args
        .iter()
        .map(|(k, v)| (Cow::Borrowed(*k), FluentValue::from(v.to_string())))
        .collect();
    LOCALES
        .try_lookup_with_args(&lang.id(), key, &args)
        .unwrap_or_else(|| key.to_string())
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
