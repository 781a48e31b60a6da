//! The rules of a Nextcloud host as an admin describes it, shared by the staff page's form
//! (in the browser and on the server), the command line and the backend, which checks
//! them again before it writes. Each rule answers an [`ErrorCode`], translated where it is
//! shown.

use crate::ErrorCode;

/// A DNS name: dot-separated labels of lower-case letters, digits and inner hyphens.
pub fn dns_name(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 253
        && s.split('.').all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        })
}

/// A host's name (`nc1.frama.space`).
pub fn host_name(s: &str) -> Result<(), ErrorCode> {
    if dns_name(s) {
        Ok(())
    } else {
        Err(ErrorCode::HostNameInvalid)
    }
}

/// A command line split into words as a shell would for the simple cases: spaces separate,
/// single or double quotes group. `None` for an unclosed quote or no word at all.
pub fn split_words(s: &str) -> Option<Vec<String>> {
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut quote: Option<char> = None;
    let mut started = false;
    for c in s.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => cur.push(c),
            (None, '\'' | '"') => {
                quote = Some(c);
                started = true;
            }
            (None, c) if c.is_whitespace() => {
                if started || !cur.is_empty() {
                    words.push(std::mem::take(&mut cur));
                    started = false;
                }
            }
            (None, c) => cur.push(c),
        }
    }
    if quote.is_some() {
        return None;
    }
    if started || !cur.is_empty() {
        words.push(cur);
    }
    (!words.is_empty()).then_some(words)
}

/// A command template (`occ` or the host script): one line of at most 1,000 characters that
/// splits into words and names the space, `{slug}`, since a host holds many.
pub fn command_template(t: &str) -> Result<(), ErrorCode> {
    if t.trim().is_empty() {
        return Err(ErrorCode::Required);
    }
    if t.len() > 1000 || t.chars().any(char::is_control) || split_words(t).is_none() {
        return Err(ErrorCode::TemplateInvalid);
    }
    if !t.contains("{slug}") {
        return Err(ErrorCode::TemplateSlug);
    }
    Ok(())
}

/// `https://{slug}.<domain>[:port]`, split into scheme, domain and port.
pub fn parse_ocs_url(u: &str) -> Option<(String, String, Option<u16>)> {
    let (scheme, rest) = u.split_once("://{slug}.")?;
    if scheme != "https" && scheme != "http" {
        return None;
    }
    let (domain, port) = match rest.rsplit_once(':') {
        Some((d, p)) => (d, Some(p.parse::<u16>().ok().filter(|p| *p > 0)?)),
        None => (rest, None),
    };
    dns_name(domain).then(|| (scheme.to_string(), domain.to_string(), port))
}

/// The spaces' address pattern.
pub fn ocs_url(u: &str) -> Result<(), ErrorCode> {
    parse_ocs_url(u).map(drop).ok_or(ErrorCode::OcsUrlInvalid)
}

/// "40 TB", "500GB", "1 TiB", "40 To" (binary units, as Nextcloud counts), or bytes.
pub fn parse_bytes(s: &str) -> Option<i64> {
    let t = s.trim().to_ascii_lowercase().replace(' ', "");
    let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (n, unit) = t.split_at(split);
    let n: i64 = n.parse().ok()?;
    let mult: i64 = match unit {
        "" | "b" | "o" => 1,
        "k" | "kb" | "kib" | "ko" | "kio" => 1 << 10,
        "m" | "mb" | "mib" | "mo" | "mio" => 1 << 20,
        "g" | "gb" | "gib" | "go" | "gio" => 1 << 30,
        "t" | "tb" | "tib" | "to" | "tio" => 1 << 40,
        _ => return None,
    };
    n.checked_mul(mult).filter(|b| *b > 0)
}

/// The Nextcloud versions the driver speaks to.
pub const VERSIONS: std::ops::RangeInclusive<i32> = 28..=99;
/// Spaces one host may hold.
pub const SPACES: std::ops::RangeInclusive<i32> = 1..=100_000;
/// Spaces one host may be busy provisioning or changing at once.
pub const PARALLEL: std::ops::RangeInclusive<i32> = 1..=64;

pub fn version(v: i32) -> Result<(), ErrorCode> {
    if VERSIONS.contains(&v) {
        Ok(())
    } else {
        Err(ErrorCode::VersionRange)
    }
}

/// The database server's address: no spaces, at most 255 characters.
pub fn database_server(s: &str) -> Result<(), ErrorCode> {
    let db = s.trim();
    if db.is_empty() {
        return Err(ErrorCode::Required);
    }
    if db.len() > 255 || db.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(ErrorCode::DatabaseInvalid);
    }
    Ok(())
}

/// An http(s) address of at most 500 characters (the office server's).
pub fn web_address(u: &str) -> Result<(), ErrorCode> {
    let ok = (u.starts_with("https://") || u.starts_with("http://"))
        && u.len() > "https://".len()
        && u.len() <= 500
        && !u.chars().any(|c| c.is_whitespace() || c.is_control());
    if ok {
        Ok(())
    } else {
        Err(ErrorCode::WebAddressInvalid)
    }
}

pub fn capacity_spaces(n: i32) -> Result<(), ErrorCode> {
    if SPACES.contains(&n) {
        Ok(())
    } else {
        Err(ErrorCode::HostSpacesRange)
    }
}

pub fn parallel(n: i32) -> Result<(), ErrorCode> {
    if PARALLEL.contains(&n) {
        Ok(())
    } else {
        Err(ErrorCode::ParallelRange)
    }
}

/// A size as typed (`40 TB`), in bytes.
pub fn storage(s: &str) -> Result<i64, ErrorCode> {
    if s.trim().is_empty() {
        return Err(ErrorCode::Required);
    }
    parse_bytes(s).ok_or(ErrorCode::SizeInvalid)
}

/// An address and port the host's requests go to whatever DNS says (`10.0.0.7:443`).
pub fn connect_to(s: &str) -> Result<std::net::SocketAddr, ErrorCode> {
    s.trim()
        .parse()
        .map_err(|_| ErrorCode::SocketAddressInvalid)
}

/// A whole number typed in digits.
pub fn whole_number(s: &str) -> Result<i32, ErrorCode> {
    let t = s.trim();
    if t.is_empty() {
        return Err(ErrorCode::NumberRequired);
    }
    if !t.bytes().all(|b| b.is_ascii_digit()) {
        return Err(ErrorCode::NumberInvalid);
    }
    // Digits too many for a number are out of any range.
    Ok(t.parse().unwrap_or(i32::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_and_sizes_parse() {
        assert_eq!(
            parse_ocs_url("https://{slug}.frama.space"),
            Some(("https".into(), "frama.space".into(), None))
        );
        assert_eq!(
            parse_ocs_url("http://{slug}.nc.test:8090"),
            Some(("http".into(), "nc.test".into(), Some(8090)))
        );
        for bad in [
            "https://frama.space",
            "ftp://{slug}.x.org",
            "https://{slug}.x.org:0",
            "https://{slug}.Ex ample",
        ] {
            assert_eq!(parse_ocs_url(bad), None, "{bad}");
        }
        assert_eq!(parse_bytes("40 TB"), Some(40 << 40));
        assert_eq!(parse_bytes("500GB"), Some(500 << 30));
        assert_eq!(parse_bytes("12"), Some(12));
        assert_eq!(parse_bytes("40 To"), Some(40 << 40), "French units");
        assert_eq!(parse_bytes("lots"), None);
        assert_eq!(parse_bytes("0"), None);
        assert_eq!(parse_bytes("99999999999 TB"), None);
    }

    #[test]
    fn templates_are_one_line_of_words_naming_the_space() {
        assert_eq!(
            split_words("ssh 'nc 1' \"a b\" '' {slug}"),
            Some(vec![
                "ssh".into(),
                "nc 1".into(),
                "a b".into(),
                String::new(),
                "{slug}".into()
            ])
        );
        assert_eq!(split_words("a 'b"), None);
        assert_eq!(split_words("   "), None);
        assert_eq!(
            command_template("sudo -u www-data php /srv/{slug}/occ"),
            Ok(())
        );
        assert_eq!(command_template(""), Err(ErrorCode::Required));
        assert_eq!(
            command_template("php occ"),
            Err(ErrorCode::TemplateSlug),
            "a host holds many spaces"
        );
        for bad in ["a 'b {slug}", "a {slug}\r\nrm -rf /", "a\u{0}{slug}"] {
            assert_eq!(
                command_template(bad),
                Err(ErrorCode::TemplateInvalid),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn numbers_and_addresses() {
        assert_eq!(whole_number(" 35 "), Ok(35));
        assert_eq!(whole_number(""), Err(ErrorCode::NumberRequired));
        assert_eq!(whole_number("-3"), Err(ErrorCode::NumberInvalid));
        assert_eq!(whole_number("99999999999"), Ok(i32::MAX));
        assert_eq!(version(27), Err(ErrorCode::VersionRange));
        assert_eq!(version(35), Ok(()));
        assert_eq!(capacity_spaces(0), Err(ErrorCode::HostSpacesRange));
        assert_eq!(parallel(65), Err(ErrorCode::ParallelRange));
        assert_eq!(web_address("https://"), Err(ErrorCode::WebAddressInvalid));
        assert_eq!(web_address("https://office.example"), Ok(()));
        assert_eq!(database_server("db 1"), Err(ErrorCode::DatabaseInvalid));
        assert!(connect_to("10.0.0.7:443").is_ok());
        assert_eq!(connect_to("nc1"), Err(ErrorCode::SocketAddressInvalid));
        assert_eq!(storage("40 TB"), Ok(40 << 40));
        assert_eq!(storage("beaucoup"), Err(ErrorCode::SizeInvalid));
    }
}
