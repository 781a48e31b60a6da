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

    /// A size in bytes as people read it: `850 ko`, `3,4 Mo`, `1,2 Go` in French (`kB`,
    /// `MB`, `GB` in English), in powers of 1024 as file managers count.
    pub fn size(self, bytes: u64) -> String {
        const UNITS: [(&str, &str); 4] = [("o", "B"), ("ko", "kB"), ("Mo", "MB"), ("Go", "GB")];
        let mut value = bytes as f64;
        let mut unit = 0;
        while value >= 1024.0 && unit < UNITS.len() - 1 {
            value /= 1024.0;
            unit += 1;
        }
        let (fr, en) = UNITS[unit];
        let n = if unit < 2 {
            format!("{}", value.round() as u64)
        } else {
            format!("{value:.1}")
        };
        match self {
            Lang::Fr => format!("{}\u{a0}{fr}", n.replace('.', ",")),
            Lang::En => format!("{n} {en}"),
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

/// The messages the browser needs, by language and by area of the site: every file of
/// `locales/<lang>/` but the mails' (`mail.ftl`: only the backend writes mails), served by
/// the portal at an address that changes with their content. A page gets the public
/// pages' messages and those of its own area ([`Area`]): a first visit of the public site
/// never downloads the staff area's or the dashboard's words.
#[cfg(not(target_arch = "wasm32"))]
pub mod browser {
    use super::Lang;
    use std::sync::OnceLock;

    /// The parts of the site whose pages need messages of their own. A link from one area
    /// to another is followed by the browser, not the router (`rel="external"`), so that
    /// the page loads with its area's messages.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub enum Area {
        /// The public site, applying, the newsletter: every page gets these.
        Public,
        /// The staff area (`/equipe`) and the development pages (`/dev`).
        Staff,
        /// A space's dashboard (`/espace`).
        Space,
        /// The help forum (`/forum`).
        Forum,
    }

    impl Area {
        pub const ALL: [Area; 4] = [Area::Public, Area::Staff, Area::Space, Area::Forum];

        /// The area of the page at `path`.
        pub fn of_path(path: &str) -> Area {
            let under = |prefix: &str| {
                path.strip_prefix(prefix)
                    .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
            };
            if under("/equipe") || under("/dev") {
                Area::Staff
            } else if under("/espace") {
                Area::Space
            } else if under("/forum") {
                Area::Forum
            } else {
                Area::Public
            }
        }

        /// Its name in the messages' address.
        pub fn as_str(self) -> &'static str {
            match self {
                Area::Public => "public",
                Area::Staff => "equipe",
                Area::Space => "espace",
                Area::Forum => "forum",
            }
        }

        pub fn parse(s: &str) -> Option<Area> {
            Area::ALL.into_iter().find(|a| a.as_str() == s)
        }

        /// The files of this area beyond the public ones.
        pub fn own_files(self) -> &'static [&'static str] {
            match self {
                Area::Public => &[],
                // The forum's moderation is a page of the staff area.
                Area::Staff => &["dev.ftl", "staff.ftl", "forum.ftl"],
                Area::Space => &["space.ftl"],
                Area::Forum => &["forum.ftl"],
            }
        }

        fn index(self) -> usize {
            self as usize
        }
    }

    /// The files every page gets, in this order.
    pub const PUBLIC_FILES: [&str; 5] = [
        "apply.ftl",
        "errors.ftl",
        "forms.ftl",
        "newsletter.ftl",
        "public.ftl",
    ];

    /// The one file the browser never gets.
    pub const SERVER_ONLY: &str = "mail.ftl";

    /// Each file's text, by name, for one language.
    macro_rules! files {
        ($lang:literal) => {
            [
                (
                    "apply.ftl",
                    include_str!(concat!("../../locales/", $lang, "/apply.ftl")),
                ),
                (
                    "dev.ftl",
                    include_str!(concat!("../../locales/", $lang, "/dev.ftl")),
                ),
                (
                    "errors.ftl",
                    include_str!(concat!("../../locales/", $lang, "/errors.ftl")),
                ),
                (
                    "forms.ftl",
                    include_str!(concat!("../../locales/", $lang, "/forms.ftl")),
                ),
                (
                    "forum.ftl",
                    include_str!(concat!("../../locales/", $lang, "/forum.ftl")),
                ),
                (
                    "newsletter.ftl",
                    include_str!(concat!("../../locales/", $lang, "/newsletter.ftl")),
                ),
                (
                    "public.ftl",
                    include_str!(concat!("../../locales/", $lang, "/public.ftl")),
                ),
                (
                    "space.ftl",
                    include_str!(concat!("../../locales/", $lang, "/space.ftl")),
                ),
                (
                    "staff.ftl",
                    include_str!(concat!("../../locales/", $lang, "/staff.ftl")),
                ),
            ]
        };
    }

    /// Every file the browser may get, by name, once each (an area may share another's).
    pub fn files() -> impl Iterator<Item = &'static str> {
        let mut files: Vec<&'static str> = PUBLIC_FILES
            .into_iter()
            .chain(
                Area::ALL
                    .into_iter()
                    .flat_map(|a| a.own_files().iter().copied()),
            )
            .collect();
        files.sort_unstable();
        files.dedup();
        files.into_iter()
    }

    /// The Fluent text of `lang`'s browser messages for the pages of `area`.
    pub fn source(lang: Lang, area: Area) -> &'static str {
        static SOURCES: OnceLock<[[String; 4]; 2]> = OnceLock::new();
        let sources = SOURCES.get_or_init(|| {
            let join = |texts: &[(&str, &str)]| {
                Area::ALL.map(|area| {
                    let wanted: Vec<&str> = PUBLIC_FILES
                        .iter()
                        .chain(area.own_files())
                        .copied()
                        .collect();
                    wanted
                        .iter()
                        .filter_map(|name| texts.iter().find(|(n, _)| n == name))
                        .map(|(_, text)| text.trim_end())
                        .collect::<Vec<_>>()
                        .join("\n\n")
                        + "\n"
                })
            };
            [join(&files!("fr")), join(&files!("en"))]
        });
        &sources[lang_index(lang)][area.index()]
    }

    /// The version of `lang`'s browser messages for `area`: a hash of their text.
    pub fn version(lang: Lang, area: Area) -> &'static str {
        static VERSIONS: OnceLock<[[String; 4]; 2]> = OnceLock::new();
        let versions = VERSIONS.get_or_init(|| {
            let of = |lang: Lang| {
                Area::ALL.map(|area| format!("{:016x}", fnv1a(source(lang, area).as_bytes())))
            };
            [of(Lang::Fr), of(Lang::En)]
        });
        &versions[lang_index(lang)][area.index()]
    }

    fn lang_index(lang: Lang) -> usize {
        match lang {
            Lang::Fr => 0,
            Lang::En => 1,
        }
    }

    /// Where the browser fetches them: `/messages/<lang>?v=<version>` (and `&zone=<area>`
    /// beyond the public site), a new address when the text changes, so that the browser
    /// may keep them for good.
    pub fn address(lang: Lang, area: Area) -> String {
        let v = version(lang, area);
        match area {
            Area::Public => format!("/messages/{}?v={v}", lang.as_str()),
            _ => format!("/messages/{}?v={v}&zone={}", lang.as_str(), area.as_str()),
        }
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
    fn sizes_read_as_file_managers_count_them() {
        assert_eq!(Lang::Fr.size(0), "0\u{a0}o");
        assert_eq!(Lang::Fr.size(850 * 1024), "850\u{a0}ko");
        assert_eq!(Lang::Fr.size(3_565_158), "3,4\u{a0}Mo");
        assert_eq!(Lang::En.size(3_565_158), "3.4 MB");
        assert_eq!(Lang::En.size(40 << 30), "40.0 GB");
        assert_eq!(Lang::En.size(5 << 40), "5120.0 GB");
    }

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
            let mut served: Vec<String> = browser::files().map(String::from).collect();
            served.sort();
            assert_eq!(on_disk, served, "locales/{}", lang.as_str());
        }
    }

    #[test]
    fn the_browser_formats_as_the_server_does() {
        for lang in Lang::ALL {
            let mut keys = 0;
            for file in browser::files() {
                let area = browser::Area::ALL
                    .into_iter()
                    .find(|a| a.own_files().contains(&file))
                    .unwrap_or(browser::Area::Public);
                let made = bundle(lang, browser::source(lang, area).to_string()).unwrap();
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
        use browser::Area;
        let fr = browser::address(Lang::Fr, Area::Public);
        let en = browser::address(Lang::En, Area::Public);
        assert!(fr.starts_with("/messages/fr?v="), "{fr}");
        assert_eq!(browser::version(Lang::Fr, Area::Public).len(), 16);
        assert_ne!(
            browser::version(Lang::Fr, Area::Public),
            browser::version(Lang::En, Area::Public)
        );
        assert!(en.ends_with(browser::version(Lang::En, Area::Public)));
        let staff = browser::address(Lang::Fr, Area::Staff);
        assert!(staff.ends_with("&zone=equipe"), "{staff}");
        for area in Area::ALL {
            let source = browser::source(Lang::Fr, area);
            assert!(!source.contains("mail-application-confirm-subject"));
            assert!(source.contains("site-description"), "{area:?}");
            assert_eq!(source.contains("staff-login-title"), area == Area::Staff);
            assert_eq!(source.contains("dash-login-title"), area == Area::Space);
            assert_eq!(Area::parse(area.as_str()), Some(area));
        }
        assert_eq!(Area::of_path("/"), Area::Public);
        assert_eq!(Area::of_path("/equipe"), Area::Staff);
        assert_eq!(Area::of_path("/equipe/demandes/3"), Area::Staff);
        assert_eq!(Area::of_path("/equipes"), Area::Public);
        assert_eq!(Area::of_path("/dev/courriels"), Area::Staff);
        assert_eq!(Area::of_path("/espace/les-amis"), Area::Space);
        assert_eq!(Area::of_path("/demande"), Area::Public);
    }

    #[test]
    fn languages_parse_and_swap() {
        assert_eq!(Lang::parse(" EN "), Some(Lang::En));
        assert_eq!(Lang::parse("de"), None);
        assert_eq!(Lang::Fr.other(), Lang::En);
    }
}
