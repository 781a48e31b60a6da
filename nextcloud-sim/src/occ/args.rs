//! The command line: Symfony's parsing of arguments and options, and every command the
//! stand-in knows, with the options that take a value.

use std::collections::HashMap;

use crate::model::Version;

/// Parsed arguments: positionals and options (`--a=b`, `--a b` for options that take a
/// value, `-g b`, flags).
#[derive(Debug, Default)]
pub(super) struct Args {
    pub(super) pos: Vec<String>,
    opts: HashMap<String, Vec<String>>,
}

impl Args {
    pub(super) fn parse(
        raw: &[String],
        valued: &[&str],
        short: &[(&str, &str)],
    ) -> Result<Args, String> {
        let mut a = Args::default();
        let mut i = 0;
        let mut only_pos = false;
        while i < raw.len() {
            let t = &raw[i];
            i += 1;
            if only_pos {
                a.pos.push(t.clone());
                continue;
            }
            if t == "--" {
                only_pos = true;
                continue;
            }
            let (name, inline) = if let Some(long) = t.strip_prefix("--") {
                match long.split_once('=') {
                    Some((k, v)) => (k.to_string(), Some(v.to_string())),
                    None => (long.to_string(), None),
                }
            } else if t.len() > 1
                && t.starts_with('-')
                && !t[1..].starts_with(|c: char| c.is_ascii_digit())
            {
                let s = &t[1..2];
                let long = short
                    .iter()
                    .chain(GLOBAL_SHORT)
                    .find(|(k, _)| *k == s)
                    .map(|(_, l)| l.to_string())
                    .ok_or_else(|| format!("The \"-{s}\" option does not exist."))?;
                let rest = &t[2..];
                (
                    long,
                    (!rest.is_empty()).then(|| rest.trim_start_matches('=').to_string()),
                )
            } else {
                a.pos.push(t.clone());
                continue;
            };
            let value = if valued.contains(&name.as_str()) {
                match inline {
                    Some(v) => v,
                    None if i < raw.len() => {
                        i += 1;
                        raw[i - 1].clone()
                    }
                    None => return Err(format!("The \"--{name}\" option requires a value.")),
                }
            } else {
                if inline.is_some() && !GLOBAL_FLAGS.contains(&name.as_str()) {
                    return Err(format!("The \"--{name}\" option does not accept a value."));
                }
                inline.unwrap_or_default()
            };
            a.opts.entry(name).or_default().push(value);
        }
        Ok(a)
    }
    pub(super) fn has(&self, k: &str) -> bool {
        self.opts.contains_key(k)
    }
    pub(super) fn opt(&self, k: &str) -> Option<&str> {
        self.opts.get(k).and_then(|v| v.last()).map(String::as_str)
    }
    pub(super) fn all(&self, k: &str) -> Vec<String> {
        self.opts.get(k).cloned().unwrap_or_default()
    }
    pub(super) fn json(&self) -> bool {
        matches!(self.opt("output"), Some("json" | "json_pretty"))
    }
}

const GLOBAL_SHORT: &[(&str, &str)] = &[("n", "no-interaction"), ("q", "quiet"), ("v", "verbose")];
const GLOBAL_FLAGS: &[&str] = &[
    "no-interaction",
    "no-ansi",
    "ansi",
    "quiet",
    "verbose",
    "no-warnings",
];

/// Every command the stand-in knows, with the options that take a value and short aliases.
pub(super) struct Spec {
    pub(super) name: &'static str,
    pub(super) valued: &'static [&'static str],
    pub(super) short: &'static [(&'static str, &'static str)],
    /// The app whose commands these are, when not core: missing when the app is disabled or
    /// the instance is in maintenance mode (§6, "App commands are missing in maintenance").
    pub(super) app: Option<&'static str>,
    /// Also registered before installation (`core/register_command.php`).
    pub(super) before_install: bool,
    /// Registered only before installation (`maintenance:install`).
    pub(super) only_before_install: bool,
    pub(super) min_version: Option<Version>,
}

const fn spec(name: &'static str, valued: &'static [&'static str]) -> Spec {
    Spec {
        name,
        valued,
        short: &[],
        app: None,
        before_install: false,
        only_before_install: false,
        min_version: None,
    }
}

const OUT: &[&str] = &["output"];

pub(super) fn specs() -> Vec<Spec> {
    let mut v = vec![
        Spec {
            before_install: true,
            short: &[("e", "exit-code")],
            ..spec("status", OUT)
        },
        Spec {
            before_install: true,
            ..spec("check", OUT)
        },
        Spec {
            only_before_install: true,
            ..spec(
                "maintenance:install",
                &[
                    "database",
                    "database-name",
                    "database-host",
                    "database-port",
                    "database-user",
                    "database-pass",
                    "database-table-space",
                    "admin-user",
                    "admin-pass",
                    "admin-email",
                    "data-dir",
                ],
            )
        },
        spec("maintenance:mode", &[]),
        spec("config:system:set", &["value", "type"]),
        spec("config:system:get", &["default-value", "output"]),
        spec("config:system:delete", &[]),
        spec("config:list", &["output"]),
        spec("config:import", &[]),
        spec("config:app:set", &["value", "type"]),
        spec("config:app:get", &["default-value", "output"]),
        spec("config:app:delete", &[]),
        Spec {
            short: &[("g", "groups"), ("f", "force")],
            ..spec("app:enable", &["groups"])
        },
        spec("app:disable", &[]),
        spec("app:list", &["shipped", "output"]),
        Spec {
            short: &[("g", "group")],
            ..spec("user:add", &["display-name", "group", "email"])
        },
        spec("user:info", OUT),
        Spec {
            short: &[
                ("i", "info"),
                ("d", "disabled"),
                ("l", "limit"),
                ("o", "offset"),
            ],
            ..spec("user:list", &["limit", "offset", "output"])
        },
        spec("user:delete", &[]),
        spec("user:enable", &[]),
        spec("user:disable", &[]),
        spec("user:resetpassword", &[]),
        spec("user:auth-tokens:add", &[]),
        spec("user:add-app-password", &[]),
        spec("user:auth-tokens:list", OUT),
        spec("user:auth-tokens:delete", &["last-used-before"]),
        spec("group:add", &["display-name"]),
        spec("group:adduser", &[]),
        spec("group:removeuser", &[]),
        Spec {
            short: &[("l", "limit"), ("o", "offset")],
            ..spec("group:list", &["limit", "offset", "output"])
        },
        spec("group:delete", &[]),
        Spec {
            app: Some("theming"),
            short: &[("r", "reset")],
            ..spec("theming:config", &[])
        },
        Spec {
            app: Some("oauth2"),
            min_version: Some(Version::V35),
            ..spec("oauth2:add-client", OUT)
        },
        Spec {
            app: Some("oauth2"),
            min_version: Some(Version::V35),
            ..spec("oauth2:delete-client", &[])
        },
        Spec {
            app: Some("federation"),
            min_version: Some(Version::V35),
            ..spec("federation:trusted-servers", &[])
        },
        Spec {
            app: Some("federation"),
            ..spec("federation:sync-addressbooks", &[])
        },
        Spec {
            app: Some("richdocuments"),
            short: &[("w", "wopi-url"), ("c", "callback-url")],
            ..spec(
                "richdocuments:activate-config",
                &["wopi-url", "callback-url"],
            )
        },
        Spec {
            app: Some("richdocuments"),
            short: &[("w", "wopi-url"), ("c", "callback-url")],
            ..spec("richdocuments:setup", &["wopi-url", "callback-url"])
        },
        Spec {
            app: Some("onlyoffice"),
            ..spec("onlyoffice:documentserver", &[])
        },
        Spec {
            app: Some("notifications"),
            short: &[("l", "long-message")],
            ..spec(
                "notification:generate",
                &["long-message", "object-type", "object-id", "output"],
            )
        },
        Spec {
            short: &[("p", "path")],
            ..spec("files:scan", &["path", "generate-metadata"])
        },
    ];
    v.push(Spec {
        before_install: true,
        ..spec("list", &["format"])
    });
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_parse_like_symfony() {
        let raw: Vec<String> = [
            "trusted_domains",
            "1",
            "--value=a.org",
            "--type",
            "string",
            "-n",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let a =
            Args::parse(&raw, &["value", "type"], &[("n", "no-interaction")]).unwrap_or_default();
        assert_eq!(a.pos, vec!["trusted_domains", "1"]);
        assert_eq!(a.opt("value"), Some("a.org"));
        assert_eq!(a.opt("type"), Some("string"));
        assert!(a.has("no-interaction"));
    }
}
