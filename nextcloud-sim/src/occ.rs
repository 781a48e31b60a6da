//! The `occ` commands a provisioner runs (NEXTCLOUD.md §6), with their messages, exit codes
//! and `--output=json` shapes. Error messages go to standard error in Symfony's padded
//! block; a caller must rely on exit codes, as §6 advises, the wording being the newest
//! one found in Nextcloud's sources.

use std::collections::HashMap;

use crate::map;
use crate::model::{catalog, now, AppState, Instance, Version, CATALOG};
use crate::ocs::check_uid;
use crate::php::Php;
use crate::store::{HostConfig, Mail, Store};

/// What a command printed and how it ended.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Outcome {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
    /// Whether the command changed the instance (the pause-after-effect knob waits then).
    pub changed: bool,
}

impl Outcome {
    fn out(&mut self, line: impl AsRef<str>) {
        self.stdout.push_str(&undecorated(line.as_ref()));
        self.stdout.push('\n');
    }
    fn err(&mut self, line: impl AsRef<str>) {
        self.stderr.push_str(&undecorated(line.as_ref()));
        self.stderr.push('\n');
    }
    /// Fails with `line`: a command's own message (`<error>…</error>`, `<info>…`) goes to
    /// standard output, as commands write it with `$output->writeln` (§8b.2); anything else
    /// (an uncaught exception, Symfony's error block, the wrapper's words) to standard error.
    fn fail(mut self, code: i32, line: impl AsRef<str>) -> Outcome {
        let line = line.as_ref();
        if line.starts_with('<') {
            self.out(line);
        } else {
            self.err(line);
        }
        self.code = code;
        self
    }
}

/// Symfony's style tags, which an output that is not a terminal prints without.
fn undecorated(s: &str) -> String {
    let mut out = s.to_string();
    for tag in ["info", "error", "comment", "question"] {
        out = out
            .replace(&format!("<{tag}>"), "")
            .replace(&format!("</{tag}>"), "");
    }
    out
}

/// Symfony's error block: blank line, lines padded to the longest + 4, blank line.
/// Where `run` finds the rest of standard input (after the secrets block), for the commands
/// that read it (`config:import`).
pub const STDIN: &str = "\u{0}stdin";

/// Where `run` tells the commands that the office server is out of reach (the `office_down`
/// knob).
const OFFICE_DOWN: &str = "\u{0}office-down";
/// The host's offered apps not installed in its `custom_apps` (comma-separated), as
/// commands see them in `env`.
const NOT_INSTALLED: &str = "\u{0}apps-not-installed";

/// What `config:list` shows for a sensitive value without `--private`.
const REMOVED: &str = "***REMOVED SENSITIVE VALUE***";

/// The system keys `config:list` masks (`lib/private/SystemConfig.php`, `$sensitiveValues`,
/// top-level keys).
const SENSITIVE_SYSTEM: &[&str] = &[
    "instanceid",
    "datadirectory",
    "dbname",
    "dbhost",
    "dbpassword",
    "dbuser",
    "activity_dbname",
    "activity_dbhost",
    "activity_dbpassword",
    "activity_dbuser",
    "mail_from_address",
    "mail_domain",
    "mail_smtphost",
    "mail_smtpname",
    "mail_smtppassword",
    "passwordsalt",
    "secret",
    "updater.secret",
    "trusted_proxies",
    "proxyuserpwd",
    "license-key",
];

pub fn symfony_block(lines: &[&str]) -> String {
    let w = lines.iter().map(|l| l.chars().count()).max().unwrap_or(0) + 4;
    let mut s = String::from("\n");
    let pad = |t: &str| format!("  {t}{}", " ".repeat(w - 2 - t.chars().count()));
    s.push_str(&" ".repeat(w));
    s.push('\n');
    for l in lines {
        s.push_str(&pad(l));
        s.push('\n');
    }
    s.push_str(&" ".repeat(w));
    s.push_str("\n\n");
    s
}

/// Parsed arguments: positionals and options (`--a=b`, `--a b` for options that take a
/// value, `-g b`, flags).
#[derive(Debug, Default)]
struct Args {
    pos: Vec<String>,
    opts: HashMap<String, Vec<String>>,
}

impl Args {
    fn parse(raw: &[String], valued: &[&str], short: &[(&str, &str)]) -> Result<Args, String> {
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
    fn has(&self, k: &str) -> bool {
        self.opts.contains_key(k)
    }
    fn opt(&self, k: &str) -> Option<&str> {
        self.opts.get(k).and_then(|v| v.last()).map(String::as_str)
    }
    fn all(&self, k: &str) -> Vec<String> {
        self.opts.get(k).cloned().unwrap_or_default()
    }
    fn json(&self) -> bool {
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
struct Spec {
    name: &'static str,
    valued: &'static [&'static str],
    short: &'static [(&'static str, &'static str)],
    /// The app whose commands these are, when not core: missing when the app is disabled or
    /// the instance is in maintenance mode (§6, "App commands are missing in maintenance").
    app: Option<&'static str>,
    /// Also registered before installation (`core/register_command.php`).
    before_install: bool,
    /// Registered only before installation (`maintenance:install`).
    only_before_install: bool,
    min_version: Option<Version>,
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

fn specs() -> Vec<Spec> {
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
    ];
    v.push(Spec {
        before_install: true,
        ..spec("list", &["format"])
    });
    v
}

/// Runs one `occ` invocation against the instance `slug` of the host in `store`. `env`
/// holds `NC_PASS`/`OC_PASS` when the caller passed them. `maintenance:install` works in two
/// halves, as Nextcloud's does (`config.php` and the tables first, then the rest), and calls
/// `between` in the middle.
pub fn run(
    store: &Store,
    host: &HostConfig,
    slug: &str,
    argv: &[String],
    env: &HashMap<String, String>,
    between: &dyn Fn(),
) -> Outcome {
    let mut o = Outcome::default();
    let inst = match store.load(slug) {
        Ok(i) => i.unwrap_or_default(),
        Err(e) => return o.fail(1, format!("An unhandled exception has been thrown:\n{e}")),
    };
    if host.sites && !inst.site {
        // The host's wrapper (`framaspace-occ`) finds no folder for this space.
        return o.fail(3, format!("framaspace-occ: no space {slug} on this host"));
    }
    // Global options may come before the command name.
    let Some(pos) = argv.iter().position(|a| !a.starts_with('-')) else {
        o.out("Nextcloud 35 (occ)\n\nUsage:\n  command [options] [arguments]");
        return o;
    };
    let name = argv[pos].clone();
    let rest: Vec<String> = argv[..pos]
        .iter()
        .chain(&argv[pos + 1..])
        .cloned()
        .collect();
    if !inst.installed && name != "maintenance:install" && name != "_completion" {
        o.err("Nextcloud is not installed - only a limited number of commands are available");
    }
    let all = specs();
    let available: Vec<&Spec> = all
        .iter()
        .filter(|s| {
            if inst.installed {
                !s.only_before_install
                    && s.min_version
                        .is_none_or(|v| host.version.major() >= v.major())
                    && match s.app {
                        Some(app) => !inst.maintenance() && inst.app_enabled(app),
                        None => true,
                    }
            } else {
                s.before_install || s.only_before_install
            }
        })
        .collect();
    let Some(spec) = available.iter().find(|s| s.name == name) else {
        let ns = name.rsplit_once(':').map(|(n, _)| n);
        let msg = match ns {
            Some(ns)
                if !available
                    .iter()
                    .any(|s| s.name.starts_with(&format!("{ns}:"))) =>
            {
                format!("There are no commands defined in the \"{ns}\" namespace.")
            }
            _ => format!("Command \"{name}\" is not defined."),
        };
        o.stderr.push_str(&symfony_block(&[&msg]));
        o.code = 1;
        return o;
    };
    let args = match Args::parse(&rest, spec.valued, spec.short) {
        Ok(a) => a,
        Err(e) => {
            o.stderr.push_str(&symfony_block(&[&e]));
            o.code = 1;
            return o;
        }
    };
    if name == "maintenance:install" {
        if inst.install_begun {
            // Not confirmed: the exact words. An install that began and never finished has
            // left `config.php` and tables behind; running it again fails on them.
            return o.fail(
                1,
                "<error>Error while trying to initialise the database: An exception occurred while executing a query: SQLSTATE[42P07]: Duplicate table: 7 ERROR:  relation \"oc_migrations\" already exists</error>",
            );
        }
        let begun = store.transact(slug, |i, _| {
            i.install_begun = true;
            ((), true)
        });
        if let Err(e) = begun {
            return o.fail(1, format!("An unhandled exception has been thrown:\n{e}"));
        }
        between();
    }
    let version = host.version;
    let domain = format!("{slug}.{}", host.domain);
    // The office server's reach is the host's fault knob, which commands see in `env`.
    let mut env = env.clone();
    if store.faults(Some(slug)).office_down {
        env.insert(OFFICE_DOWN.to_string(), String::new());
    }
    env.insert(NOT_INSTALLED.to_string(), host.apps_not_installed.join(","));
    let env = &env;
    let result = store.transact(slug, |inst, mails| {
        let before = serde_json::to_string(&*inst).unwrap_or_default();
        let mut out = Outcome::default();
        std::mem::swap(&mut out, &mut o);
        let mut o = command(&name, &args, inst, mails, version, &domain, env, out);
        let changed = serde_json::to_string(&*inst).unwrap_or_default() != before;
        o.changed = changed;
        (o, changed)
    });
    match result {
        Ok(o) => o,
        Err(e) => {
            Outcome::default().fail(1, format!("An unhandled exception has been thrown:\n{e}"))
        }
    }
}

fn plain_lines(o: &mut Outcome, v: &Php, prefix: &str) {
    if let Php::Map(m) = v {
        for (k, x) in m {
            match x {
                Php::Map(_) | Php::List(_) => {
                    o.out(format!("{prefix}{k}:"));
                    plain_lines(o, x, &format!("  {prefix}"));
                }
                Php::Null => o.out(format!("{prefix}{k}")),
                _ => o.out(format!("{prefix}{k}: {}", scalar(x))),
            }
        }
    } else if let Php::List(l) = v {
        for x in l {
            o.out(format!("{prefix}{}", scalar(x)));
        }
    }
}

fn scalar(v: &Php) -> String {
    match v {
        Php::Bool(b) => b.to_string(),
        Php::Int(i) => i.to_string(),
        Php::Float(f) => f.to_string(),
        Php::Str(s) => s.clone(),
        _ => String::new(),
    }
}

/// `Base::writeArrayInOutputFormat`: `  - key: value` lines, or one line of JSON.
fn write_array(o: &mut Outcome, args: &Args, v: &Php) {
    match args.opt("output") {
        Some("json") => o.out(v.to_json_plain()),
        Some("json_pretty") => o.out(pretty(v)),
        _ => plain_lines(o, v, "  - "),
    }
}

fn pretty(v: &Php) -> String {
    serde_json::from_str::<serde_json::Value>(&v.to_json_plain())
        .ok()
        .and_then(|j| serde_json::to_string_pretty(&j).ok())
        .unwrap_or_else(|| v.to_json_plain())
}

#[allow(clippy::too_many_arguments)]
fn command(
    name: &str,
    a: &Args,
    inst: &mut Instance,
    mails: &mut Vec<Mail>,
    version: Version,
    domain: &str,
    env: &HashMap<String, String>,
    mut o: Outcome,
) -> Outcome {
    let p = |i: usize| a.pos.get(i).map(String::as_str);
    macro_rules! need {
        ($i:expr, $what:expr) => {
            match p($i) {
                Some(v) => v.to_string(),
                None => {
                    o.stderr.push_str(&symfony_block(&[&format!(
                        "Not enough arguments (missing: \"{}\").",
                        $what
                    )]));
                    o.code = 1;
                    return o;
                }
            }
        };
    }
    let env_pass = || {
        env.get("NC_PASS")
            .filter(|v| !v.is_empty())
            .or_else(|| env.get("OC_PASS").filter(|v| !v.is_empty()))
            .cloned()
    };
    match name {
        // §6 status: the keys of status.php in their own order; -e for the exit code
        "status" => {
            let status = map![
                ("installed", inst.installed),
                ("version", version.full()),
                ("versionstring", version.string()),
                ("edition", ""),
                ("maintenance", inst.maintenance()),
                ("needsDbUpgrade", false),
                (
                    "productname",
                    inst.app_value("theming", "name")
                        .unwrap_or("Nextcloud")
                        .to_string()
                ),
                ("extendedSupport", false),
            ];
            if a.has("exit-code") {
                o.code = if inst.maintenance() { 1 } else { 0 };
                return o;
            }
            write_array(&mut o, a, &status);
        }
        // §6: always registered
        "check" => {
            if a.json() {
                o.out("[]");
            }
        }
        // §6: always registered
        "list" => {
            for s in specs() {
                o.out(format!("  {}", s.name));
            }
        }
        // §6 install (core/Command/Maintenance/Install.php)
        "maintenance:install" => {
            let db = a.opt("database").unwrap_or("sqlite");
            if !["sqlite", "mysql", "pgsql", "oci"].contains(&db) {
                return o.fail(
                    1,
                    format!("Database {db} is not supported. sqlite, mysql, pgsql are supported."),
                );
            }
            if db != "sqlite"
                && (a.opt("database-user").is_none() || a.opt("database-name").is_none())
            {
                // Not confirmed: the exact wording of this setup error.
                return o.fail(
                    1,
                    "<error>Database account and name required for this database type</error>",
                );
            }
            let Some(pass) = a.opt("admin-pass").map(str::to_string) else {
                // Non-interactive: the prompt for the password cannot be answered.
                return o.fail(1, symfony_block(&["Aborted."]));
            };
            let admin = a.opt("admin-user").unwrap_or("admin").to_string();
            if let Err(e) = check_uid(&admin) {
                return o.fail(1, format!("<error>{e}</error>"));
            }
            // The database server checks the password against its role's (lib/private/Setup/
            // PostgreSQL.php turns the failed connection into this error; its wording is
            // not confirmed).
            let db_pass = a.opt("database-pass").unwrap_or_default().to_string();
            if let (true, Some(v)) = (db == "pgsql", &inst.database_verifier) {
                if !crate::scram::verify(v, &db_pass) {
                    return o.fail(
                        1,
                        "<error>PostgreSQL Login and/or password not valid</error>\n<info> -> You need to enter details of an existing account.</info>",
                    );
                }
            }
            let t = now();
            inst.installed = true;
            let sys = &mut inst.system;
            sys.insert(
                "instanceid".into(),
                format!("oc{}", crate::model::random_alnum(10).to_lowercase()).into(),
            );
            sys.insert("passwordsalt".into(), crate::model::random_alnum(30).into());
            sys.insert("secret".into(), crate::model::random_alnum(48).into());
            sys.insert("trusted_domains".into(), serde_json::json!(["localhost"]));
            sys.insert(
                "datadirectory".into(),
                a.opt("data-dir").unwrap_or("/var/www/html/data").into(),
            );
            sys.insert("dbtype".into(), db.into());
            if db != "sqlite" {
                for (key, opt) in [
                    ("dbname", "database-name"),
                    ("dbhost", "database-host"),
                    ("dbuser", "database-user"),
                ] {
                    sys.insert(key.into(), a.opt(opt).unwrap_or("localhost").into());
                }
                sys.insert("dbpassword".into(), db_pass.clone().into());
            }
            sys.insert("version".into(), version.full().into());
            sys.insert("overwrite.cli.url".into(), "http://localhost".into());
            sys.insert("installed".into(), true.into());
            // Shipped apps, and those the host's operator installed in `custom_apps`.
            let absent = env.get(NOT_INSTALLED).map(String::as_str).unwrap_or("");
            for c in CATALOG
                .iter()
                .filter(|c| c.shipped || !absent.split(',').any(|a| a == c.id))
            {
                inst.apps.insert(
                    c.id.to_string(),
                    AppState {
                        version: c.version.to_string(),
                        enabled: c.shipped && c.enabled_by_default,
                    },
                );
            }
            inst.create_user(&admin, Some(&pass), t);
            if let Some(e) = a.opt("admin-email") {
                if let Some(u) = inst.users.get_mut(&admin) {
                    u.email = Some(e.to_string());
                }
            }
            inst.groups.insert(
                "admin".into(),
                crate::model::Group {
                    display_name: "admin".into(),
                    members: [admin.clone()].into(),
                },
            );
            if a.has("disable-admin-user") {
                if let Some(u) = inst.users.get_mut(&admin) {
                    u.enabled = false;
                }
            }
            o.out("Nextcloud was successfully installed");
        }
        // §6 maintenance (Mode.php)
        "maintenance:mode" => {
            let on = inst.maintenance();
            if a.has("on") {
                inst.system.insert("maintenance".into(), true.into());
                o.out(if on {
                    "Maintenance mode already enabled"
                } else {
                    "Maintenance mode enabled"
                });
            } else if a.has("off") {
                inst.system.insert("maintenance".into(), false.into());
                o.out(if on {
                    "Maintenance mode disabled"
                } else {
                    "Maintenance mode already disabled"
                });
            } else if a.has("check-if-disabled") {
                o.code = if on { 1 } else { 0 };
            } else {
                o.out(format!(
                    "Maintenance mode is currently {}",
                    if on { "enabled" } else { "disabled" }
                ));
            }
        }
        // §6 system config (System/SetConfig.php)
        "config:system:set" => {
            let key = need!(0, "name");
            let Some(raw) = a.opt("value") else {
                return o.fail(1, symfony_block(&["The \"--value\" option is required."]));
            };
            let ty = a.opt("type").unwrap_or("string");
            let value: serde_json::Value = match ty {
                "string" => raw.into(),
                "integer" => match raw.parse::<i64>() {
                    Ok(n) => n.into(),
                    Err(_) => return o.fail(1, symfony_block(&["Non-numeric value specified"])),
                },
                "double" => match raw.parse::<f64>() {
                    Ok(n) => n.into(),
                    Err(_) => return o.fail(1, symfony_block(&["Non-numeric value specified"])),
                },
                "boolean" => match raw.to_lowercase().as_str() {
                    "true" | "yes" | "1" | "on" => true.into(),
                    "false" | "no" | "0" | "off" | "" => false.into(),
                    _ => return o.fail(1, symfony_block(&["Unable to parse value as boolean"])),
                },
                "null" => serde_json::Value::Null,
                "json" => match serde_json::from_str(raw) {
                    Ok(v) => v,
                    Err(_) => return o.fail(1, symfony_block(&["Unable to parse value as json"])),
                },
                other => return o.fail(1, symfony_block(&[&format!("Invalid type {other}")])),
            };
            let sub: Vec<String> = a.pos[1..].to_vec();
            if a.has("update-only") && !inst.system.contains_key(&key) {
                return o.fail(1, symfony_block(&["Config parameter does not exist"]));
            }
            let shown = if ty == "boolean" {
                value.to_string()
            } else {
                raw.to_string()
            };
            set_path(&mut inst.system, &key, &sub, value);
            let path = std::iter::once(key.as_str())
                .chain(sub.iter().map(String::as_str))
                .collect::<Vec<_>>()
                .join(" => ");
            o.out(format!("System config value {path} set to {ty} {shown}"));
        }
        // §6: a missing key prints nothing and exits 1
        "config:system:get" => {
            let key = need!(0, "name");
            let mut v = inst.system.get(&key).cloned();
            for s in &a.pos[1..] {
                v = v.and_then(|x| match x {
                    serde_json::Value::Object(m) => m.get(s).cloned(),
                    serde_json::Value::Array(l) => {
                        s.parse::<usize>().ok().and_then(|i| l.get(i).cloned())
                    }
                    _ => None,
                });
            }
            match v.or_else(|| a.opt("default-value").map(|d| d.into())) {
                None => o.code = 1,
                Some(v) if a.json() => o.out(v.to_string()),
                Some(serde_json::Value::Array(l)) => {
                    for x in l {
                        o.out(plain_json(&x));
                    }
                }
                Some(serde_json::Value::Object(m)) => {
                    for (_, x) in m {
                        o.out(plain_json(&x));
                    }
                }
                Some(v) => o.out(plain_json(&v)),
            }
        }
        // §6 system config
        "config:system:delete" => {
            let key = need!(0, "name");
            if inst.system.remove(&key).is_some() {
                o.out(format!("System config value {key} deleted"));
            } else if a.has("error-if-not-exists") {
                return o.fail(1, format!("<error>System config {key} could not be deleted because it did not exist</error>"));
            } else {
                o.out(format!("System config value {key} deleted"));
            }
        }
        // §6 (Config/ListConfigs.php): `system`, an app, or `all`; sensitive values masked
        // unless `--private`; JSON, pretty by default.
        "config:list" => {
            let which = a.pos.first().cloned().unwrap_or_else(|| "all".into());
            let private = a.has("private");
            let system = || {
                let mut m = inst.system.clone();
                if !private {
                    for (k, v) in m.iter_mut() {
                        if SENSITIVE_SYSTEM.contains(&k.as_str()) {
                            *v = REMOVED.into();
                        }
                    }
                }
                serde_json::Value::Object(m)
            };
            let app = |name: &str| {
                let mut m = serde_json::Map::new();
                for (k, v) in inst.app_config.get(name).into_iter().flatten() {
                    let secret = ["secret", "password", "token"]
                        .iter()
                        .any(|w| k.contains(w));
                    let shown = if secret && !private {
                        REMOVED
                    } else {
                        v.as_str()
                    };
                    m.insert(k.clone(), shown.into());
                }
                serde_json::Value::Object(m)
            };
            let out = match which.as_str() {
                "system" => serde_json::json!({ "system": system() }),
                "all" => {
                    let apps: serde_json::Map<String, serde_json::Value> = inst
                        .app_config
                        .keys()
                        .map(|k| (k.clone(), app(k)))
                        .collect();
                    serde_json::json!({ "system": system(), "apps": apps })
                }
                one => serde_json::json!({ "apps": { one: app(one) } }),
            };
            o.out(if a.opt("output") == Some("json") {
                out.to_string()
            } else {
                serde_json::to_string_pretty(&out).unwrap_or_default()
            });
        }
        // §6 (Config/Import.php): a JSON object of `system` and `apps` from a file or standard
        // input; system values merged (null deletes), app values set (null deletes).
        "config:import" => {
            let text = match a.pos.first() {
                Some(file) => std::fs::read_to_string(file).unwrap_or_default(),
                None => env.get(STDIN).cloned().unwrap_or_default(),
            };
            let refuse = |o: Outcome, m: &str| o.fail(1, format!("<error>{m}</error>"));
            let root = match serde_json::from_str::<serde_json::Value>(&text) {
                Ok(serde_json::Value::Object(m)) if !m.is_empty() => m,
                _ => return refuse(o, "The file must contain a valid json array"),
            };
            let extra: Vec<&str> = root
                .keys()
                .map(String::as_str)
                .filter(|k| *k != "system" && *k != "apps")
                .collect();
            if !extra.is_empty() {
                return refuse(
                    o,
                    &format!("Found invalid entries in root: {}", extra.join(", ")),
                );
            }
            if let Some(system) = root.get("system") {
                let Some(system) = system.as_object() else {
                    return refuse(o, "The system config array is not an array");
                };
                for (k, v) in system {
                    if v.is_null() {
                        inst.system.remove(k);
                    } else {
                        inst.system.insert(k.clone(), v.clone());
                    }
                }
            }
            if let Some(apps) = root.get("apps") {
                let Some(apps) = apps.as_object() else {
                    return refuse(o, "The apps config array is not an array");
                };
                for (app, values) in apps {
                    for (k, v) in values.as_object().into_iter().flatten() {
                        match v {
                            serde_json::Value::Null => {
                                if let Some(m) = inst.app_config.get_mut(app) {
                                    m.remove(k);
                                }
                            }
                            serde_json::Value::String(_) | serde_json::Value::Number(_) => {
                                inst.app_config
                                    .entry(app.clone())
                                    .or_default()
                                    .insert(k.clone(), plain_json(v));
                            }
                            _ => return refuse(o, &format!("Invalid app config value for \"{app}\":\"{k}\". Only integers, strings and null (delete) are allowed.")),
                        }
                    }
                }
            }
            let from = a.pos.first().cloned().unwrap_or_default();
            o.out(format!(
                "<info>Config successfully imported from: {from}</info>"
            ));
        }
        // §6 app config; also the office suites' settings (richdocuments, onlyoffice)
        "config:app:set" => {
            let app = need!(0, "app");
            let key = need!(1, "name");
            let Some(value) = a.opt("value") else {
                return o.fail(1, symfony_block(&["The \"--value\" option is required."]));
            };
            if a.has("update-only") && inst.app_value(&app, &key).is_none() {
                return o.fail(
                    1,
                    symfony_block(&["Config value was not updated, as it does not exist yet"]),
                );
            }
            inst.app_config
                .entry(app.clone())
                .or_default()
                .insert(key.clone(), value.to_string());
            // NC ≥ 29 wording; NC 28 said "Config value KEY for app APP set to V" (§6).
            o.out(format!("Config value '{key}' for app '{app}' is now set to '{value}', stored as mixed in fast cache"));
        }
        // §6: exits 1 when unset
        "config:app:get" => {
            let app = need!(0, "app");
            let key = need!(1, "name");
            match inst
                .app_value(&app, &key)
                .map(str::to_string)
                .or_else(|| a.opt("default-value").map(str::to_string))
            {
                Some(v) => o.out(v),
                None => o.code = 1,
            }
        }
        // §6 app config
        "config:app:delete" => {
            let app = need!(0, "app");
            let key = need!(1, "name");
            let existed = inst
                .app_config
                .get_mut(&app)
                .and_then(|m| m.remove(&key))
                .is_some();
            if !existed && a.has("error-if-not-exists") {
                return o.fail(1, format!("<error>Config {key} of app {app} could not be deleted because it did not exist</error>"));
            }
            o.out(format!("Config value '{key}' of app '{app}' deleted"));
        }
        // §6 apps (App/Enable.php): fetched "from the app store" when missing
        "app:enable" => {
            if a.pos.is_empty() {
                return o.fail(
                    1,
                    symfony_block(&["Not enough arguments (missing: \"app-id\")."]),
                );
            }
            for id in &a.pos {
                match inst.enable_app(id) {
                    Ok((true, version)) => o.out(format!("{id} {version} enabled")),
                    Ok((false, _)) => o.out(format!("{id} already enabled")),
                    Err(e) => {
                        o.out(e);
                        o.code = 1;
                    }
                }
            }
        }
        // §6: a disabled app is exit 0; an always-enabled one exit 2
        "app:disable" => {
            if a.pos.is_empty() {
                return o.fail(
                    1,
                    symfony_block(&["Not enough arguments (missing: \"app-id\")."]),
                );
            }
            for id in &a.pos {
                if catalog(id).is_some_and(|c| c.always) {
                    o.err(format!("{id} can't be disabled."));
                    o.code = 2;
                    continue;
                }
                match inst.apps.get_mut(id) {
                    Some(st) if st.enabled => {
                        st.enabled = false;
                        o.out(format!("{id} {} disabled", st.version));
                    }
                    _ => o.out(format!("No such app enabled: {id}")),
                }
            }
        }
        // §6: an empty part is `[]`, PHP's empty array
        "app:list" => {
            let shipped = a.opt("shipped");
            let keep = |id: &str| match shipped {
                Some("true") => catalog(id).is_some_and(|c| c.shipped),
                Some("false") => !catalog(id).is_some_and(|c| c.shipped),
                _ => true,
            };
            let part = |en: bool| {
                Php::Map(
                    inst.apps
                        .iter()
                        .filter(|(id, s)| s.enabled == en && keep(id))
                        .map(|(id, s)| (id.clone(), Php::Str(s.version.clone())))
                        .collect(),
                )
            };
            let v = map![("enabled", part(true)), ("disabled", part(false))];
            if a.json() {
                write_array(&mut o, a, &v);
            } else {
                for (title, en) in [("Enabled:", true), ("Disabled:", false)] {
                    o.out(title);
                    plain_lines(&mut o, &part(en), "  - ");
                }
            }
        }
        // §6 users (User/Add.php, NC ≥ 30 wording "account")
        "user:add" => {
            let uid = need!(0, "uid");
            if inst.users.contains_key(&uid) {
                return o.fail(
                    1,
                    format!("<error>The account \"{uid}\" already exists.</error>"),
                );
            }
            let password = if a.has("password-from-env") {
                match env_pass() {
                    Some(p) => p,
                    None => return o.fail(
                        1,
                        "<error>--password-from-env given, but NC_PASS/OC_PASS is empty!</error>",
                    ),
                }
            } else if a.has("generate-password") {
                crate::model::random_alnum(20)
            } else {
                return o.fail(1, "<error>Interactive input or --password-from-env or --generate-password is needed for setting a password!</error>");
            };
            if let Err(e) = check_uid(&uid) {
                return o.fail(1, format!("<error>{e}</error>"));
            }
            if let Some(h) = inst
                .password_hint(&password)
                .filter(|_| !a.has("generate-password"))
            {
                return o.fail(1, format!("<error>{h}</error>"));
            }
            inst.create_user(&uid, Some(&password), now());
            o.out(format!("The account \"{uid}\" was created successfully"));
            if let Some(d) = a.opt("display-name") {
                if let Some(u) = inst.users.get_mut(&uid) {
                    u.display_name = d.to_string();
                }
                o.out(format!("Display name set to \"{d}\""));
            }
            for g in a.all("group") {
                if !inst.groups.contains_key(&g) {
                    inst.groups.insert(
                        g.clone(),
                        crate::model::Group {
                            display_name: g.clone(),
                            members: Default::default(),
                        },
                    );
                    o.out(format!("Created group \"{g}\""));
                }
                if let Some(grp) = inst.groups.get_mut(&g) {
                    grp.members.insert(uid.clone());
                }
                o.out(format!("Account \"{uid}\" added to group \"{g}\""));
            }
            if let Some(e) = a.opt("email") {
                if !e.contains('@') || e.chars().any(char::is_whitespace) {
                    return o.fail(1, format!("<error>The given email address \"{e}\" is invalid. Email not set for the user.</error>"));
                }
                if let Some(u) = inst.users.get_mut(&uid) {
                    u.email = Some(e.to_string());
                }
                if inst.app_value("core", "newUser.sendEmail") != Some("no") {
                    if let Some(u) = inst.users.get(&uid) {
                        mails.push(crate::ocs::welcome_mail(inst, u, e, true, domain));
                    }
                    o.out(format!("Welcome email sent to {e}"));
                }
            }
        }
        // §6 (User/Info.php)
        "user:info" => {
            let uid = need!(0, "user");
            let Some(u) = inst.users.get(&uid) else {
                return o.fail(1, "<error>user not found</error>");
            };
            let q = inst.quota_bytes(u);
            let seen = |t: i64| {
                if t < 0 {
                    "unknown".to_string()
                } else if t == 0 {
                    "never".to_string()
                } else {
                    chrono::DateTime::from_timestamp(t, 0)
                        .map(|d| d.format("%Y-%m-%dT%H:%M:%S+00:00").to_string())
                        .unwrap_or_default()
                }
            };
            let free = q.map_or(100_000_000_000, |q| (q - u.used).max(0));
            let quota_text = if u.quota == "default" {
                inst.app_value("files", "default_quota")
                    .unwrap_or("none")
                    .to_string()
            } else {
                u.quota.clone()
            };
            let v = map![
                ("user_id", u.uid.clone()),
                ("display_name", u.display_name.clone()),
                ("email", u.email.clone().unwrap_or_default()),
                ("cloud_id", format!("{}@{domain}", u.uid)),
                ("enabled", u.enabled),
                ("groups", inst.groups_of(&u.uid)),
                ("quota", quota_text),
                (
                    "storage",
                    map![
                        ("free", free),
                        ("used", u.used),
                        ("quota", q.unwrap_or(-3)),
                        ("total", q.unwrap_or(free + u.used)),
                    ]
                ),
                ("first_seen", seen(u.first_login)),
                ("last_seen", seen(u.last_login)),
                ("user_directory", format!("{}/{}", inst.data_dir(), u.uid)),
                ("backend", "Database"),
            ];
            write_array(&mut o, a, &v);
        }
        // §6: default limit 500
        "user:list" => {
            let limit = a
                .opt("limit")
                .and_then(|l| l.parse().ok())
                .unwrap_or(500usize);
            let offset = a
                .opt("offset")
                .and_then(|l| l.parse().ok())
                .unwrap_or(0usize);
            let mut users: Vec<_> = inst
                .users
                .values()
                .filter(|u| !a.has("disabled") || !u.enabled)
                .collect();
            users.sort_by_key(|u| u.uid.to_lowercase());
            let v = Php::Map(
                users
                    .into_iter()
                    .skip(offset)
                    .take(limit)
                    .map(|u| {
                        let val = if a.has("info") {
                            map![
                                ("user_id", u.uid.clone()),
                                ("display_name", u.display_name.clone()),
                                ("email", u.email.clone().unwrap_or_default()),
                                ("cloud_id", format!("{}@{domain}", u.uid)),
                                ("enabled", u.enabled),
                                ("groups", inst.groups_of(&u.uid)),
                                ("quota", u.quota.clone()),
                                (
                                    "last_seen",
                                    if u.last_login == 0 {
                                        "never".to_string()
                                    } else {
                                        u.last_login.to_string()
                                    }
                                ),
                                ("user_directory", format!("{}/{}", inst.data_dir(), u.uid)),
                                ("backend", "Database"),
                            ]
                        } else {
                            Php::Str(u.display_name.clone())
                        };
                        (u.uid.clone(), val)
                    })
                    .collect(),
            );
            write_array(&mut o, a, &v);
        }
        // §6, §8.7
        "user:delete" => {
            let uid = need!(0, "uid");
            if !inst.users.contains_key(&uid) {
                // §6 and §8.7: a missing user is exit 0.
                o.err("<error>User does not exist</error>");
                return o;
            }
            inst.delete_user(&uid);
            o.out("The specified user was deleted");
        }
        // §6
        n @ ("user:enable" | "user:disable") => {
            let uid = need!(0, "uid");
            let Some(u) = inst.users.get_mut(&uid) else {
                return o.fail(1, "<error>User does not exist</error>");
            };
            u.enabled = n == "user:enable";
            o.out(format!(
                "<info>The specified user is {}</info>",
                if u.enabled { "enabled" } else { "disabled" }
            ));
        }
        // §6
        "user:resetpassword" => {
            let uid = need!(0, "user");
            if !inst.users.contains_key(&uid) {
                return o.fail(1, "<error>User does not exist</error>");
            }
            let Some(pass) = a.has("password-from-env").then(env_pass).flatten() else {
                return o.fail(1, "<error>Interactive input or --password-from-env is needed for entering a new password!</error>");
            };
            if let Some(h) = inst.password_hint(&pass) {
                return o.fail(1, format!("<error>{h}</error>"));
            }
            if let Some(u) = inst.users.get_mut(&uid) {
                u.password = Some(crate::model::PasswordHash::new(&pass));
            }
            o.out(format!(
                "<info>Successfully reset password for {uid}</info>"
            ));
        }
        // §6; core/Command/User/AuthTokens/Add.php (NC ≥ 28, alias user:add-app-password)
        "user:auth-tokens:add" | "user:add-app-password" => {
            // core/Command/User/AuthTokens/Add.php: no --name, the token is named "cli".
            let uid = need!(0, "user");
            if !inst.users.contains_key(&uid) {
                return o.fail(1, "<error>Account does not exist</error>");
            }
            if a.has("password-from-env") && env_pass().is_none() {
                return o.fail(
                    1,
                    "<error>--password-from-env given, but NC_PASS/OC_PASS is empty!</error>",
                );
            }
            if !a.has("password-from-env") {
                o.out("<info>No password provided. The generated app password will therefore have limited capabilities. Any operation that requires the login password will fail.</info>");
            }
            let (_, token) = inst.add_token(&uid, "cli", None, None);
            o.out("app password:");
            o.out(token);
        }
        // core/Command/User/AuthTokens/ListCommand.php: each token's jsonSerialize() without
        // its secrets: id, name, lastActivity, type (0 temporary, 1 permanent, 2 wipe), scope.
        "user:auth-tokens:list" => {
            let uid = need!(0, "user");
            if !inst.users.contains_key(&uid) {
                return o.fail(1, "<error>user not found</error>");
            }
            let tokens: Vec<Php> = inst
                .tokens
                .iter()
                .filter(|t| t.uid == uid)
                .map(|t| {
                    map![
                        ("id", t.id as i64),
                        ("name", t.name.clone()),
                        ("lastActivity", t.last_activity),
                        ("type", 1i64),
                        ("scope", map![("filesystem", true)]),
                    ]
                })
                .collect();
            if a.json() {
                write_array(&mut o, a, &Php::List(tokens));
            } else {
                o.out("+----+------+--------------+------+-------+");
                o.out("| id | name | lastActivity | type | scope |");
                o.out("+----+------+--------------+------+-------+");
                for t in inst.tokens.iter().filter(|t| t.uid == uid) {
                    let at = chrono::DateTime::from_timestamp(t.last_activity, 0)
                        .map(|d| d.format("%Y-%m-%dT%H:%M:%S+00:00").to_string())
                        .unwrap_or_default();
                    o.out(format!(
                        "| {} | {} | {at} | permanent | filesystem |",
                        t.id, t.name
                    ));
                }
                o.out("+----+------+--------------+------+-------+");
            }
        }
        // core/Command/User/AuthTokens/Delete.php: neither the user nor the id is checked;
        // an unknown one deletes nothing, silently, exit 0.
        "user:auth-tokens:delete" => {
            let uid = need!(0, "uid");
            match p(1).map(str::parse::<u64>) {
                Some(Ok(id)) => inst.tokens.retain(|t| !(t.uid == uid && t.id == id)),
                Some(Err(_)) => {}
                None if a.opt("last-used-before").is_some() => {
                    return o.fail(1, symfony_block(&["Option --last-used-before is not supported by this stand-in."]))
                }
                None => {
                    return o.fail(
                        1,
                        symfony_block(&["Not enough arguments. Specify the token <id> or use the --last-used-before option."]),
                    )
                }
            }
        }
        // §6 groups (Group/Add.php)
        "group:add" => {
            let gid = need!(0, "groupid");
            if inst.groups.contains_key(&gid) {
                return o.fail(1, format!("<error>Group \"{gid}\" already exists.</error>"));
            }
            inst.groups.insert(
                gid.clone(),
                crate::model::Group {
                    display_name: a.opt("display-name").unwrap_or(&gid).to_string(),
                    members: Default::default(),
                },
            );
            o.out(format!("Created group \"{gid}\""));
        }
        // §6: no output on success
        n @ ("group:adduser" | "group:removeuser") => {
            let gid = need!(0, "group");
            let uid = need!(1, "user");
            if !inst.groups.contains_key(&gid) {
                return o.fail(1, "<error>group not found</error>");
            }
            if !inst.users.contains_key(&uid) {
                return o.fail(1, "<error>user not found</error>");
            }
            if let Some(g) = inst.groups.get_mut(&gid) {
                if n == "group:adduser" {
                    g.members.insert(uid);
                } else {
                    g.members.remove(&uid);
                }
            }
        }
        // §6
        "group:list" => {
            let v = Php::Map(
                inst.groups
                    .iter()
                    .map(|(id, g)| {
                        (
                            id.clone(),
                            Php::from(g.members.iter().cloned().collect::<Vec<_>>()),
                        )
                    })
                    .collect(),
            );
            write_array(&mut o, a, &v);
        }
        // §6
        "group:delete" => {
            let gid = need!(0, "groupid");
            if gid == "admin" {
                return o.fail(1, "<error>Group \"admin\" could not be deleted.</error>");
            }
            if inst.groups.remove(&gid).is_none() {
                return o.fail(1, format!("<error>Group \"{gid}\" does not exist.</error>"));
            }
            o.out(format!("Group \"{gid}\" was removed"));
        }
        // §6 theming (apps/theming UpdateConfig.php)
        "theming:config" => return theming(a, inst, o),
        // §5.5 (NC ≥ 35)
        "oauth2:add-client" => {
            let name = need!(0, "client-name");
            let uri = need!(1, "client-redirect-uri");
            if name.is_empty() || uri.is_empty() {
                return o.fail(1, "<error>Redirect uri or name is empty</error>");
            }
            match crate::oauth::add_client(inst, &name, &uri) {
                Ok(c) => {
                    let v = map![
                        ("id", c.id as i64),
                        ("name", c.name),
                        ("redirectUri", c.redirect_uri),
                        ("clientId", c.client_id),
                        ("clientSecret", c.secret_hash),
                    ];
                    write_array(&mut o, a, &v);
                }
                Err(_) => {
                    return o.fail(1, format!("<error>{}</error>", crate::oauth::BAD_REDIRECT))
                }
            }
        }
        // apps/oauth2/lib/Command/DeleteClient.php (NC ≥ 35): by the internal id; it also
        // revokes the client's tokens.
        "oauth2:delete-client" => {
            let raw = need!(0, "client-id");
            let Some(id) = raw.parse::<u64>().ok().filter(|i| *i > 0) else {
                return o.fail(
                    1,
                    "<error>The given id is not a valid positive integer.</error>",
                );
            };
            if !crate::oauth::delete_client(inst, id) {
                return o.fail(
                    1,
                    format!("<error>could not find client with id {id}</error>"),
                );
            }
        }
        // §6 federation (ManageTrustedServers.php, NC ≥ 35)
        "federation:trusted-servers" => {
            if a.has("list") {
                o.out("+----+-----+--------+\n| id | url | status |\n+----+-----+--------+");
                for s in &inst.trusted_servers {
                    let st = match s.status {
                        1 => "ok",
                        2 => "pending",
                        3 => "failure",
                        _ => "access revoked",
                    };
                    o.out(format!("| {} | {} | {st} |", s.id, s.url));
                }
                o.out("+----+-----+--------+");
                return o;
            }
            let add = a.has("add");
            if add == a.has("remove") || a.pos.is_empty() {
                return o.fail(2, "<error>Use exactly one of --add, --remove or --list, with at least one URL</error>");
            }
            o.out(if add {
                "Adding trusted servers:"
            } else {
                "Removing trusted servers:"
            });
            for url in a.pos.clone() {
                let exists = inst.trusted_servers.iter().any(|s| s.url == url);
                if add {
                    if exists {
                        o.out(format!("  - {url} already trusted, skipping"));
                    } else {
                        let id = inst.next_id();
                        inst.trusted_servers.push(crate::model::TrustedServer {
                            id,
                            url: url.clone(),
                            status: 2,
                        });
                        o.out(format!("  - {url} added"));
                    }
                } else if exists {
                    inst.trusted_servers.retain(|s| s.url != url);
                    o.out(format!("  - {url} removed"));
                } else {
                    o.out(format!("  - {url} failed: not a trusted server"));
                    o.code = 1;
                }
            }
        }
        // a NC 34 command of the namespace, so that "trusted-servers" is "not defined" there
        "federation:sync-addressbooks" => {}
        // §6 Collabora (richdocuments ActivateConfig.php)
        "richdocuments:activate-config" | "richdocuments:setup" => {
            if let Some(w) = a.opt("wopi-url") {
                inst.app_config
                    .entry("richdocuments".into())
                    .or_default()
                    .insert("wopi_url".into(), w.to_string());
            }
            // §8b.3: without --callback-url, the callback URL is reset to ''.
            inst.app_config
                .entry("richdocuments".into())
                .or_default()
                .insert(
                    "wopi_callback_url".into(),
                    a.opt("callback-url").unwrap_or("").to_string(),
                );
            let wopi = inst
                .app_value("richdocuments", "wopi_url")
                .unwrap_or("")
                .to_string();
            o.out(format!("WOPI URL: {wopi}"));
            // The stand-in reaches no Collabora server: a URL that is set and absolute
            // stands for a discovery that answered, unless the office_down knob says the
            // server (or its way back to the space) is down. The values set above stay set.
            let office_down = env.contains_key(OFFICE_DOWN);
            if office_down || !(wopi.starts_with("https://") || wopi.starts_with("http://")) {
                return o.fail(
                    1,
                    format!("<error>Failed to fetch discovery endpoint from {wopi}</error>"),
                );
            }
            inst.app_config
                .entry("richdocuments".into())
                .or_default()
                .insert("public_wopi_url".into(), wopi.clone());
            o.out(format!("Public WOPI URL: {wopi}"));
            o.out(format!(
                "Callback URL: {}",
                inst.app_value("richdocuments", "wopi_callback_url")
                    .unwrap_or("")
            ));
            o.out("<info>✓ Fetched /hosting/discovery endpoint</info>");
            o.out("<info>✓ Valid mimetype response</info>");
            o.out("<info>✓ Valid capabilities entry</info>");
            o.out("<info>✓ Fetched /hosting/capabilities endpoint</info>");
        }
        // §6 OnlyOffice (DocumentServer.php)
        "onlyoffice:documentserver" => {
            let url = inst
                .app_value("onlyoffice", "DocumentServerUrl")
                .unwrap_or("")
                .to_string();
            if url.is_empty() {
                return o.fail(1, "<error>Document server is not configured</error>");
            }
            if a.has("check") {
                o.out("Document server URL version 8.3.0 is successfully connected");
            } else {
                o.out(format!("Document server URL: {url}"));
            }
        }
        // §6 notify (notifications Generate.php)
        "notification:generate" => {
            let uid = need!(0, "user-id");
            let short = need!(1, "short-message");
            if !inst.users.contains_key(&uid) {
                return o.fail(1, "<error>Unknown user</error>");
            }
            let long = a.opt("long-message").unwrap_or("").to_string();
            if short.is_empty() || short.chars().count() > 255 || long.chars().count() > 4000 {
                return o.fail(1, "<error>Too long or empty short-message</error>");
            }
            let id = inst.next_id();
            inst.notifications.push(crate::model::Notification {
                id,
                uid,
                short,
                long,
            });
            if a.has("output-id-only") {
                o.out(id.to_string());
            } else {
                o.out(format!("Notification with ID {id}"));
            }
        }
        other => {
            return o.fail(
                1,
                symfony_block(&[&format!("Command \"{other}\" is not defined.")]),
            )
        }
    }
    o
}

fn plain_json(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// `config:system:set NAME SUB… --value=V`: nested keys; a numeric key into a list sets or
/// appends, as `trusted_domains 1` does.
fn set_path(
    map: &mut serde_json::Map<String, serde_json::Value>,
    key: &str,
    sub: &[String],
    value: serde_json::Value,
) {
    if sub.is_empty() {
        map.insert(key.to_string(), value);
        return;
    }
    let entry = map
        .entry(key.to_string())
        .or_insert_with(|| serde_json::Value::Object(Default::default()));
    set_in(entry, sub, value);
}

fn set_in(node: &mut serde_json::Value, path: &[String], value: serde_json::Value) {
    let Some((first, rest)) = path.split_first() else {
        *node = value;
        return;
    };
    if let serde_json::Value::Array(l) = node {
        if let Ok(i) = first.parse::<usize>() {
            if i < l.len() {
                return set_in(&mut l[i], rest, value);
            }
            if i == l.len() {
                l.push(serde_json::Value::Null);
                return set_in(&mut l[i], rest, value);
            }
        }
        let m: serde_json::Map<String, serde_json::Value> = l
            .drain(..)
            .enumerate()
            .map(|(i, v)| (i.to_string(), v))
            .collect();
        *node = serde_json::Value::Object(m);
    }
    if !node.is_object() {
        *node = serde_json::Value::Object(Default::default());
    }
    if let serde_json::Value::Object(m) = node {
        let child = m
            .entry(first.clone())
            .or_insert_with(|| serde_json::Value::Object(Default::default()));
        set_in(child, rest, value);
    }
}

/// `theming:config` (`apps/theming/lib/Command/UpdateConfig.php`).
fn theming(a: &Args, inst: &mut Instance, mut o: Outcome) -> Outcome {
    const KEYS: &[&str] = &[
        "name",
        "url",
        "imprintUrl",
        "privacyUrl",
        "slogan",
        "color",
        "primary_color",
        "background_color",
        "disable-user-theming",
    ];
    const IMAGES: &[&str] = &["background", "logo", "favicon", "logoheader"];
    let Some(key) = a.pos.first().cloned() else {
        o.out("Current theming config:");
        if let Some(m) = inst.app_config.get("theming") {
            for (k, v) in m {
                o.out(format!("- {k}: {v}"));
            }
        }
        return o;
    };
    if !KEYS.contains(&key.as_str()) && !IMAGES.contains(&key.as_str()) {
        return o.fail(1, "<error>Invalid config key provided</error>");
    }
    if a.has("reset") {
        if let Some(m) = inst.app_config.get_mut("theming") {
            m.remove(&key);
        }
        o.out(format!("<info>Reset {key} to default</info>"));
        return o;
    }
    let Some(value) = a.pos.get(1).cloned() else {
        let v = inst.app_value("theming", &key).unwrap_or("").to_string();
        o.out(format!("- {key}: {v}"));
        return o;
    };
    if IMAGES.contains(&key.as_str()) && !value.starts_with('/') {
        return o.fail(
            1,
            "<error>The image file needs to be an absolute path</error>",
        );
    }
    if key.contains("color") {
        let hex = value.strip_prefix('#').unwrap_or("");
        let ok = (hex.len() == 3 || hex.len() == 6) && hex.chars().all(|c| c.is_ascii_hexdigit());
        if !ok {
            return o.fail(
                1,
                format!("<error>The given color is invalid: {value}</error>"),
            );
        }
    }
    let stored_key = if key == "primary_color" {
        "color"
    } else {
        key.as_str()
    };
    inst.app_config
        .entry("theming".into())
        .or_default()
        .insert(stored_key.to_string(), value.clone());
    o.out(format!("<info>Updated {key} to {value}</info>"));
    o
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

    #[test]
    fn errors_come_in_a_padded_block() {
        assert_eq!(
            symfony_block(&["Command \"x\" is not defined."]),
            format!(
                "\n{0}\n  Command \"x\" is not defined.  \n{0}\n\n",
                " ".repeat(31)
            )
        );
    }
}
