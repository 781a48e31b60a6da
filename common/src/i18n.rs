//! Languages and the Fluent files of `locales/`. French is the reference.
//!
//! - **On the server** every file of both languages is compiled in.
//! - **In the browser** none is: the WASM would carry both languages, mails included, to
//!   every visitor. The page names its own language's messages (see [`browser`]), which
//!   the browser fetches once (an immutable address) and [`install`]s before hydrating.

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::LanguageIdentifier;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::collections::HashMap;

#[cfg(not(target_arch = "wasm32"))]
fluent_templates::static_loader! {
    static LOCALES = {
        locales: "../locales",
        fallback_language: "fr",
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Fr,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Fr, Lang::En];

    pub fn as_str(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::En => "en",
        }
    }

    pub fn parse(code: &str) -> Option<Lang> {
        match code.trim().to_ascii_lowercase().as_str() {
            "fr" => Some(Lang::Fr),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    pub fn other(self) -> Lang {
        match self {
            Lang::Fr => Lang::En,
            Lang::En => Lang::Fr,
        }
    }

    pub fn id(self) -> LanguageIdentifier {
        match self {
            Lang::Fr => fluent_templates::langid!("fr"),
            Lang::En => fluent_templates::langid!("en"),
        }
    }

    /// Groups digits the way each language writes them: "10 000" (narrow no-break
    /// space) in French, "10,000" in English.
    pub fn number(self, n: u64) -> String {
        let digits = n.to_string();
        let sep = match self {
            Lang::Fr => '\u{202f}',
            Lang::En => ',',
        };
        let mut out = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                out.push(sep);
            }
            out.push(c);
        }
        out
    }
}

/// The message `key` in `lang`, with `args`; `None` when the key is unknown or an
/// argument is missing.
#[cfg(not(target_arch = "wasm32"))]
pub fn lookup(
    lang: Lang,
    key: &str,
    args: Option<&HashMap<Cow<'static, str>, FluentValue>>,
) -> Option<String> {
    use fluent_templates::Loader;
    LOCALES.try_lookup_complete(&lang.id(), key, args)
}

/// In the browser: from the messages [`install`]ed for the page's language; `None` for
/// another language, an unknown key or a missing argument.
#[cfg(target_arch = "wasm32")]
pub fn lookup(
    lang: Lang,
    key: &str,
    args: Option<&HashMap<Cow<'static, str>, FluentValue>>,
) -> Option<String> {
    INSTALLED.with(|installed| {
        let installed = installed.borrow();
        let (installed_lang, bundle) = installed.as_ref()?;
        if *installed_lang != lang {
            return None;
        }
        format(bundle, key, args)
    })
}

/// A bundle of one language's messages, made from their Fluent source.
#[cfg(any(target_arch = "wasm32", test))]
type Bundle =
    fluent_templates::fluent_bundle::FluentBundle<fluent_templates::fluent_bundle::FluentResource>;

#[cfg(target_arch = "wasm32")]
thread_local! {
    static INSTALLED: std::cell::RefCell<Option<(Lang, Bundle)>> =
        const { std::cell::RefCell::new(None) };
}

/// Makes `source` (the Fluent text the server's `browser::source` serves) a bundle of
/// `lang`'s messages. `Err` says what did not parse.
#[cfg(any(target_arch = "wasm32", test))]
fn bundle(lang: Lang, source: String) -> Result<Bundle, String> {
    use fluent_templates::fluent_bundle::FluentResource;
    let resource = FluentResource::try_new(source)
        .map_err(|(_, errors)| format!("{} Fluent syntax errors", errors.len()))?;
    let mut bundle = Bundle::new(vec![lang.id()]);
    bundle.set_use_isolating(false);
    bundle
        .add_resource(resource)
        .map_err(|errors| format!("{} messages defined twice", errors.len()))?;
    Ok(bundle)
}

/// Installs the messages of `lang` for [`lookup`] in the browser.
#[cfg(target_arch = "wasm32")]
pub fn install(lang: Lang, source: String) -> Result<(), String> {
    let made = bundle(lang, source)?;
    INSTALLED.with(|installed| *installed.borrow_mut() = Some((lang, made)));
    Ok(())
}

/// `key` (or `message.attribute`) formatted with `args`, as the server's loader does:
/// `None` when it is unknown or an argument is missing.
#[cfg(any(target_arch = "wasm32", test))]
fn format(
    bundle: &Bundle,
    key: &str,
    args: Option<&HashMap<Cow<'static, str>, FluentValue>>,
) -> Option<String> {
    use fluent_templates::fluent_bundle::FluentArgs;
    let pattern = match key.split_once('.') {
        Some((message, attribute)) => bundle
            .get_message(message)?
            .attributes()
            .find(|a| a.id() == attribute)?
            .value(),
        None => bundle.get_message(key)?.value()?,
    };
    let args: Option<FluentArgs> = args.map(|map| {
        map.iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect::<FluentArgs>()
    });
    let mut errors = Vec::new();
    let text = bundle.format_pattern(pattern, args.as_ref(), &mut errors);
    errors.is_empty().then(|| text.into_owned())
}

/// The messages the browser needs, by language: every file of `locales/<lang>/` but the
/// mails' (`mail.ftl`: only the backend writes mails), served by the portal at an address
/// that changes with their content.
#[cfg(not(target_arch = "wasm32"))]
pub mod browser {
    use super::Lang;
    use std::sync::OnceLock;

    /// The files the browser gets, in this order.
    pub const FILES: [&str; 7] = [
        "apply.ftl",
        "dev.ftl",
        "errors.ftl",
        "forms.ftl",
        "newsletter.ftl",
        "public.ftl",
        "staff.ftl",
    ];

    /// The one file the browser never gets.
    pub const SERVER_ONLY: &str = "mail.ftl";

    macro_rules! files {
        ($lang:literal) => {
            [
                include_str!(concat!("../../locales/", $lang, "/apply.ftl")),
                include_str!(concat!("../../locales/", $lang, "/dev.ftl")),
                include_str!(concat!("../../locales/", $lang, "/errors.ftl")),
                include_str!(concat!("../../locales/", $lang, "/forms.ftl")),
                include_str!(concat!("../../locales/", $lang, "/newsletter.ftl")),
                include_str!(concat!("../../locales/", $lang, "/public.ftl")),
                include_str!(concat!("../../locales/", $lang, "/staff.ftl")),
            ]
        };
    }

    /// The Fluent text of `lang`'s browser messages.
    pub fn source(lang: Lang) -> &'static str {
        static SOURCES: OnceLock<[String; 2]> = OnceLock::new();
        let [fr, en] = SOURCES.get_or_init(|| {
            let join = |files: [&str; 7]| {
                files
                    .iter()
                    .map(|f| f.trim_end())
                    .collect::<Vec<_>>()
                    .join("\n\n")
                    + "\n"
            };
            [join(files!("fr")), join(files!("en"))]
        });
        match lang {
            Lang::Fr => fr,
            Lang::En => en,
        }
    }

    /// The version of `lang`'s browser messages: a hash of their text.
    pub fn version(lang: Lang) -> &'static str {
        static VERSIONS: OnceLock<[String; 2]> = OnceLock::new();
        let [fr, en] = VERSIONS.get_or_init(|| {
            let of = |lang: Lang| format!("{:016x}", fnv1a(source(lang).as_bytes()));
            [of(Lang::Fr), of(Lang::En)]
        });
        match lang {
            Lang::Fr => fr,
            Lang::En => en,
        }
    }

    /// Where the browser fetches them: `/messages/<lang>?v=<version>`, a new address when
    /// the text changes, so that the browser may keep them for good.
    pub fn address(lang: Lang) -> String {
        format!("/messages/{}?v={}", lang.as_str(), version(lang))
    }

    /// FNV-1a, 64 bits: enough to tell two versions of a text apart (not a security
    /// measure: the text is public).
    fn fnv1a(bytes: &[u8]) -> u64 {
        bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
            (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_follow_each_language() {
        assert_eq!(Lang::Fr.number(10_000), "10\u{202f}000");
        assert_eq!(Lang::En.number(10_000), "10,000");
        assert_eq!(Lang::En.number(50), "50");
        assert_eq!(Lang::Fr.number(1_234_567), "1\u{202f}234\u{202f}567");
    }

    #[test]
    fn the_browser_gets_every_file_but_the_mails() {
        for lang in Lang::ALL {
            let dir = format!(
                "{}/../locales/{}",
                env!("CARGO_MANIFEST_DIR"),
                lang.as_str()
            );
            let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .filter(|n| n.ends_with(".ftl") && n != browser::SERVER_ONLY)
                .collect();
            on_disk.sort();
            assert_eq!(on_disk, browser::FILES, "locales/{}", lang.as_str());
        }
    }

    #[test]
    fn the_browser_formats_as_the_server_does() {
        for lang in Lang::ALL {
            let made = bundle(lang, browser::source(lang).to_string()).unwrap();
            let mut keys = 0;
            for file in browser::FILES {
                let path = format!(
                    "{}/../locales/{}/{file}",
                    env!("CARGO_MANIFEST_DIR"),
                    lang.as_str()
                );
                for line in std::fs::read_to_string(path).unwrap().lines() {
                    let Some((key, _)) = line.split_once(" =") else {
                        continue;
                    };
                    if key.is_empty() || !key.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                    {
                        continue;
                    }
                    // Without arguments where the message needs none; with a count and
                    // text for the others (both sides must agree either way).
                    let mut args: HashMap<Cow<'static, str>, FluentValue> = HashMap::new();
                    assert_eq!(
                        format(&made, key, None),
                        lookup(lang, key, None),
                        "{key} ({})",
                        lang.as_str()
                    );
                    args.insert(Cow::Borrowed("count"), FluentValue::from(3));
                    assert_eq!(
                        format(&made, key, Some(&args)),
                        lookup(lang, key, Some(&args)),
                        "{key} ({}) with a count",
                        lang.as_str()
                    );
                    keys += 1;
                }
            }
            assert!(keys > 300, "only {keys} messages read");
        }
    }

    #[test]
    fn the_browser_messages_have_an_address_of_their_own() {
        let fr = browser::address(Lang::Fr);
        let en = browser::address(Lang::En);
        assert!(fr.starts_with("/messages/fr?v="), "{fr}");
        assert_eq!(browser::version(Lang::Fr).len(), 16);
        assert_ne!(browser::version(Lang::Fr), browser::version(Lang::En));
        assert!(en.ends_with(browser::version(Lang::En)));
        assert!(!browser::source(Lang::Fr).contains("mail-application-confirm-subject"));
        assert!(browser::source(Lang::Fr).contains("site-description"));
    }

    #[test]
    fn languages_parse_and_swap() {
        assert_eq!(Lang::parse(" EN "), Some(Lang::En));
        assert_eq!(Lang::parse("de"), None);
        assert_eq!(Lang::Fr.other(), Lang::En);
    }
}
