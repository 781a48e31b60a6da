//! The `occ` commands a provisioner runs (NEXTCLOUD.md §6), with their messages, exit codes
//! and `--output=json` shapes. Error messages go to standard error in Symfony's padded
//! block; a caller must rely on exit codes, as §6 advises, the wording being the newest
//! one found in Nextcloud's sources.
//!
//! Each family of commands has its file: `install` (`maintenance:install`,
//! `maintenance:mode`, `status`, `check`, `list`), `config`, `apps`, `users` (`user:*` and
//! `group:*`), `theming`, `oauth`, `federation`, `office` (`richdocuments:*`,
//! `onlyoffice:*`), `notifications` and `files` (`files:scan`); `args` parses the command
//! line and lists the commands known, `common` holds what they share. This file runs an
//! invocation and sends it to its family.

mod apps;
mod args;
mod common;
mod config;
mod federation;
mod files;
mod install;
mod notifications;
mod oauth;
mod office;
mod theming;
mod users;

use std::collections::HashMap;

use crate::model::{Instance, Version};
use crate::store::{HostConfig, Mail, Store};

use args::{specs, Args, Spec};
use common::{not_defined, DATA_DIR, NOT_INSTALLED, OFFICE_DOWN};

pub use common::{symfony_block, Outcome, STDIN};

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
    if name == "federation:sync-addressbooks" {
        let found = crate::network::sync_statuses(store, host, slug, &inst);
        env.insert(
            federation::SYNC_STATUSES.to_string(),
            serde_json::to_string(&found).unwrap_or_default(),
        );
    }
    let data = store.space_dir(slug).join("data");
    env.insert(DATA_DIR.to_string(), data.to_string_lossy().into_owned());
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

/// Sends a command to its family, by the namespace of its name.
#[allow(clippy::too_many_arguments)]
fn command(
    name: &str,
    a: &Args,
    inst: &mut Instance,
    mails: &mut Vec<Mail>,
    version: Version,
    domain: &str,
    env: &HashMap<String, String>,
    o: Outcome,
) -> Outcome {
    let namespace = name.split_once(':').map_or(name, |(ns, _)| ns);
    match namespace {
        "status" | "check" | "list" | "maintenance" => {
            install::command(name, a, inst, version, env, o)
        }
        "config" => config::command(name, a, inst, env, o),
        "app" => apps::command(name, a, inst, o),
        "user" | "group" => users::command(name, a, inst, mails, domain, env, o),
        // §6 theming (apps/theming UpdateConfig.php)
        "theming" if name == "theming:config" => theming::theming(a, inst, o),
        "oauth2" => oauth::command(name, a, inst, o),
        "federation" => federation::command(name, a, inst, env, o),
        "richdocuments" | "onlyoffice" => office::command(name, a, inst, env, o),
        "notification" => notifications::command(name, a, inst, o),
        // §6 files (apps/files Command/Scan.php)
        "files" if name == "files:scan" => files::scan(a, inst, env, o),
        _ => not_defined(o, name),
    }
}
