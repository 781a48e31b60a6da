//! Translations for the pages. French is the reference language; English has every key
//! (`locales_are_complete` checks both directions).

use common::FluentValue;
use leptos::prelude::*;
use std::borrow::Cow;
use std::collections::HashMap;

pub use common::Lang;

use crate::site::PageEnv;

/// The translator for one page, in the page's language. Cheap to copy into closures.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct I18n {
    pub lang: Lang,
}

impl I18n {
    pub fn t(&self, key: &str) -> String {
        self.lookup(key, None)
    }

    /// With arguments: strings are inserted as they are, numbers select plural forms.
    pub fn ta(&self, key: &str, args: &[(&'static str, Arg)]) -> String {
        let map: HashMap<Cow<'static, str>, FluentValue> = args
            .iter()
            .map(|(k, v)| {
                let value = match v {
                    Arg::Str(s) => FluentValue::from(s.clone()),
                    Arg::Num(n) => FluentValue::from(*n),
                };
                (Cow::Borrowed(*k), value)
            })
            .collect();
        self.lookup(key, Some(&map))
    }

    fn lookup(&self, key: &str, args: Option<&HashMap<Cow<'static, str>, FluentValue>>) -> String {
        common::lookup(self.lang, key, args).unwrap_or_else(|| key.to_string())
    }
}

#[derive(Clone, Debug)]
pub enum Arg {
    Str(String),
    Num(i64),
}

impl From<&str> for Arg {
    fn from(s: &str) -> Self {
        Arg::Str(s.to_string())
    }
}
impl From<String> for Arg {
    fn from(s: String) -> Self {
        Arg::Str(s)
    }
}
impl From<&String> for Arg {
    fn from(s: &String) -> Self {
        Arg::Str(s.clone())
    }
}
impl From<usize> for Arg {
    fn from(n: usize) -> Self {
        Arg::Num(n as i64)
    }
}

pub fn use_i18n() -> I18n {
    I18n {
        lang: use_context::<PageEnv>().map(|e| e.lang).unwrap_or_default(),
    }
}

/// The visitor's language: the `lang` cookie first, then `Accept-Language`, then French.
pub fn negotiate(cookie_header: Option<&str>, accept_language: Option<&str>) -> Lang {
    if let Some(lang) = cookie_header.and_then(|h| {
        h.split(';')
            .filter_map(|c| c.trim().split_once('='))
            .find(|(name, _)| *name == "lang")
            .and_then(|(_, v)| Lang::parse(v))
    }) {
        return lang;
    }
    let mut best: Option<(Lang, f32)> = None;
    for part in accept_language.unwrap_or("").split(',') {
        let mut pieces = part.trim().split(';');
        let tag = pieces.next().unwrap_or("").trim();
        let q = pieces
            .find_map(|p| {
                p.trim()
                    .strip_prefix("q=")
                    .and_then(|q| q.parse::<f32>().ok())
            })
            .unwrap_or(1.0);
        let primary = tag.split('-').next().unwrap_or("");
        if let Some(lang) = Lang::parse(primary) {
            if q > 0.0 && best.is_none_or(|(_, bq)| q > bq) {
                best = Some((lang, q));
            }
        }
    }
    best.map(|(l, _)| l).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookie_wins_then_accept_language_then_french() {
        assert_eq!(negotiate(Some("a=1; lang=en"), Some("fr")), Lang::En);
        assert_eq!(negotiate(Some("lang=xx"), Some("en-GB,en;q=0.8")), Lang::En);
        assert_eq!(negotiate(None, Some("de, en;q=0.5, fr;q=0.9")), Lang::Fr);
        assert_eq!(negotiate(None, Some("de, en;q=0.5")), Lang::En);
        assert_eq!(negotiate(None, Some("de")), Lang::Fr);
        assert_eq!(negotiate(None, Some("en;q=0")), Lang::Fr);
        assert_eq!(negotiate(None, None), Lang::Fr);
    }

    #[test]
    fn plurals_and_arguments_are_applied() {
        let fr = I18n { lang: Lang::Fr };
        assert!(fr
            .ta("form-error-summary", &[("count", 1usize.into())])
            .starts_with("Une erreur"));
        assert!(fr
            .ta("form-error-summary", &[("count", 3usize.into())])
            .starts_with("3 erreurs"));
        let en = I18n { lang: Lang::En };
        assert_eq!(en.ta("support-title", &[("site", "X".into())]), "Support X");
    }

    fn locale_dir(lang: &str) -> std::path::PathBuf {
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../locales")
            .join(lang)
    }

    /// `(key, value)` of every message of a language (first lines of multi-line values).
    fn messages(lang: &str) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for entry in std::fs::read_dir(locale_dir(lang)).unwrap() {
            let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
            for line in text.lines() {
                if line.starts_with(|c: char| c.is_ascii_lowercase()) {
                    if let Some((k, v)) = line.split_once(" = ") {
                        out.push((k.to_string(), v.to_string()));
                    }
                } else if line.starts_with(' ') && !out.is_empty() {
                    out.last_mut().unwrap().1.push_str(line);
                }
            }
        }
        out
    }

    #[test]
    fn locales_are_complete() {
        use std::collections::BTreeSet;
        let fr: BTreeSet<String> = messages("fr").into_iter().map(|(k, _)| k).collect();
        let en: BTreeSet<String> = messages("en").into_iter().map(|(k, _)| k).collect();
        assert!(fr.len() > 100);
        let missing_en: Vec<_> = fr.difference(&en).collect();
        let missing_fr: Vec<_> = en.difference(&fr).collect();
        assert!(missing_en.is_empty(), "missing in English: {missing_en:?}");
        assert!(missing_fr.is_empty(), "missing in French: {missing_fr:?}");
        // Every key also resolves through the loader in both languages, given the
        // arguments the messages use.
        // Every variable the messages use (`{ $name }`), read from the files themselves;
        // numbers, so that plural selectors work too.
        let args: HashMap<Cow<'static, str>, FluentValue> = messages("fr")
            .into_iter()
            .chain(messages("en"))
            .flat_map(|(_, value)| {
                value
                    .split('$')
                    .skip(1)
                    .map(|rest| {
                        rest.chars()
                            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                            .collect::<String>()
                    })
                    .collect::<Vec<_>>()
            })
            .map(|name| (Cow::Owned(name), FluentValue::from(2)))
            .collect();
        assert!(args.contains_key("site") && args.contains_key("count"));
        for key in &fr {
            for lang in Lang::ALL {
                assert!(
                    common::lookup(lang, key, Some(&args)).is_some(),
                    "{key} does not resolve in {lang:?}"
                );
            }
        }
    }

    #[test]
    fn every_key_used_in_the_code_exists() {
        let known: std::collections::BTreeSet<String> =
            messages("fr").into_iter().map(|(k, _)| k).collect();
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut files = Vec::new();
        for dir in ["app/src", "backend/src", "common/src"] {
            let mut stack = vec![root.join(dir)];
            while let Some(d) = stack.pop() {
                for e in std::fs::read_dir(d).unwrap() {
                    let p = e.unwrap().path();
                    if p.is_dir() {
                        stack.push(p);
                    } else if p.extension().is_some_and(|x| x == "rs") {
                        files.push(p);
                    }
                }
            }
        }
        let mut used = 0;
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap();
            for pattern in [".t(\"", ".ta(\"", "tr(lang, \"", "tr(self.lang, \""] {
                for piece in text.split(pattern).skip(1) {
                    let key = piece.split('"').next().unwrap();
                    if key
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
                        && !key.is_empty()
                    {
                        used += 1;
                        assert!(
                            known.contains(key),
                            "{} uses unknown key {key}",
                            file.display()
                        );
                    }
                }
            }
        }
        assert!(used > 50, "found only {used} keys: the scan is broken");
        // Keys built at run time from lists.
        for name in crate::pages::site::features::FEATURES {
            assert!(known.contains(&format!("feature-{name}-title")));
            assert!(known.contains(&format!("feature-{name}-text")));
        }
        for name in crate::pages::site::faq::QUESTIONS {
            assert!(known.contains(&format!("faq-{name}-q")));
            assert!(known.contains(&format!("faq-{name}-a")));
        }
        for code in common::ErrorCode::ALL {
            assert!(
                known.contains(&code.message_key()),
                "{}",
                code.message_key()
            );
        }
    }

    #[test]
    fn french_typography() {
        for (key, value) in messages("fr") {
            for (i, c) in value.char_indices() {
                let before = value[..i].chars().last();
                let after = value[i + c.len_utf8()..].chars().next();
                if matches!(c, ':' | ';' | '!' | '?' | '»') && value[..i].ends_with([' ', '\u{a0}'])
                {
                    panic!("{key}: use a narrow no-break space (U+202F) before {c:?}: {value}");
                }
                if c == '«' && after.is_some_and(|a| a == ' ' || a == '\u{a0}') {
                    panic!("{key}: use a narrow no-break space after «: {value}");
                }
                if c == '\'' {
                    panic!("{key}: use the typographic apostrophe ’: {value}");
                }
                let _ = before;
            }
        }
        for (key, value) in messages("en") {
            assert!(
                !value.contains('\u{202f}'),
                "{key}: French spacing in English"
            );
        }
    }
}
