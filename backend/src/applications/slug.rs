//! A space's address beyond its syntax (`common::Slug`): names kept for the operator, and
//! an ASCII suggestion from the structure's name.

use common::{ErrorCode, Slug};

/// Addresses no application may take: the operator's own services, the names mail clients
/// and servers look up on a domain, and names that would mislead. The operator extends the
/// list in configuration; every host's first label and the portal's own are added at run
/// time (`applications::reserved`).
pub const DEFAULT_RESERVED: &[&str] = &[
    // The web and the portal.
    "www",
    "admin",
    "api",
    "status",
    "forum",
    "login",
    "cloud",
    "help",
    "aide",
    "support",
    "staff",
    "docs",
    "equipe",
    // Mail: servers, autoconfiguration (Thunderbird, Outlook), policies.
    "mail",
    "smtp",
    "imap",
    "pop",
    "pop3",
    "mx",
    "webmail",
    "mta-sts",
    "autoconfig",
    "autodiscover",
    // The dashboard's own addresses (`/espace/<word>`), which a space's would shadow.
    "connexion",
    "deconnecte",
    "bienvenue",
    "rejoindre",
    "suppression",
    "suppression-annulee",
    // The operator's names.
    "framasoft",
    "frama",
    "framaspace",
];

/// Refuses an address on the reserved list (compared as the slug is stored: lower case).
pub fn check_not_reserved<S: AsRef<str>>(slug: &Slug, reserved: &[S]) -> Result<(), ErrorCode> {
    if reserved
        .iter()
        .any(|r| r.as_ref().eq_ignore_ascii_case(slug.as_str()))
    {
        Err(ErrorCode::SlugReserved)
    } else {
        Ok(())
    }
}

/// An address made from a structure's name in any script: transliterated to ASCII
/// (« Les Amis de l'Étoile » → `les-amis-de-l-etoile`, « Друзья » → `druz-ia`), every run
/// of other characters a single hyphen, cut at a hyphen to fit 40 characters. `None` when
/// nothing usable is left (fewer than 3 characters) or the result is reserved.
pub fn suggest_slug<S: AsRef<str>>(name: &str, reserved: &[S]) -> Option<Slug> {
    let ascii = deunicode::deunicode(name).to_ascii_lowercase();
    let mut out = String::new();
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    let mut out = out.trim_end_matches('-').to_string();
    if out.len() > Slug::MAX_CHARS {
        let cut = &out[..Slug::MAX_CHARS];
        out = match cut.rfind('-') {
            Some(i) if i >= Slug::MIN_CHARS => cut[..i].to_string(),
            _ => cut.trim_end_matches('-').to_string(),
        };
    }
    // `xn--` cannot appear: runs of hyphens were folded into one.
    let slug = Slug::parse(&out).ok()?;
    check_not_reserved(&slug, reserved).ok()?;
    Some(slug)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn suggest(name: &str) -> Option<String> {
        suggest_slug(name, DEFAULT_RESERVED).map(|s| s.as_str().to_string())
    }

    #[test]
    fn names_in_any_script_give_clean_ascii_addresses() {
        assert_eq!(
            suggest("« Les Amis de l'Étoile »").as_deref(),
            Some("les-amis-de-l-etoile")
        );
        assert_eq!(
            suggest("Collectif Vélo — Île-de-France").as_deref(),
            Some("collectif-velo-ile-de-france")
        );
        assert_eq!(suggest("ＡＳＳＯ　２０２６").as_deref(), Some("asso-2026"));
        assert_eq!(suggest("Ελληνική Ένωση").as_deref(), Some("ellenike-enose"));
        let cyrillic = suggest("Друзья природы").unwrap_or_default();
        assert!(
            cyrillic.starts_with("druz") && cyrillic.ends_with("prirody"),
            "{cyrillic}"
        );
        assert!(suggest("東京の会").is_some_and(|s| s.is_ascii()));
        assert!(suggest("جمعية الأصدقاء").is_some_and(|s| s.is_ascii()));
        assert_eq!(suggest("<b>Asso</b>\r\n").as_deref(), Some("b-asso-b"));
    }

    #[test]
    fn long_names_are_cut_at_a_hyphen_and_nothing_usable_gives_none() {
        let long = suggest("Association des habitantes et habitants du quartier de la gare")
            .unwrap_or_default();
        assert!(long.len() <= 40 && !long.ends_with('-'), "{long}");
        assert_eq!(long, "association-des-habitantes-et-habitants");
        assert_eq!(suggest("!!"), None);
        assert_eq!(suggest("É!"), None, "too short");
        assert_eq!(suggest("A B").as_deref(), Some("a-b"));
        assert_eq!(suggest("Admin"), None, "reserved");
        assert_eq!(suggest(&"x".repeat(60)).map(|s| s.len()), Some(40));
    }

    #[test]
    fn reserved_addresses_are_refused_whatever_the_case_typed() {
        let slug = Slug::parse("Support").unwrap_or_else(|_| unreachable!());
        assert_eq!(
            check_not_reserved(&slug, DEFAULT_RESERVED),
            Err(ErrorCode::SlugReserved)
        );
        let free = Slug::parse("mon-asso").unwrap_or_else(|_| unreachable!());
        assert_eq!(check_not_reserved(&free, DEFAULT_RESERVED), Ok(()));
    }
}
