//! What the portal asks a host to do for one space outside Nextcloud (its folder, its
//! web-server site, its database), as the script an operator installs on a real host does
//! (`docs/host/framaspace-host` in the portal's repository): same actions, same output,
//! same exit codes.

use std::collections::HashMap;

use crate::occ::Outcome;
use crate::store::Store;

/// Runs `framaspace-host SLUG ACTION [ARG…]`. `env` holds the `DB_PASS` line of standard
/// input.
pub fn run(
    store: &Store,
    slug: &str,
    action: &str,
    args: &[String],
    env: &HashMap<String, String>,
) -> Outcome {
    let mut o = Outcome::default();
    let say = |o: &mut Outcome, code: i32, out: &str, err: &str| {
        o.code = code;
        if !out.is_empty() {
            o.stdout = format!("{out}\n");
        }
        if !err.is_empty() {
            o.stderr = format!("framaspace-host: {err}\n");
        }
    };
    if !crate::store::valid_slug(slug) {
        say(&mut o, 2, "", "invalid space name");
        return o;
    }
    if action == "status" {
        let i = store.load(slug).ok().flatten().unwrap_or_default();
        let json = serde_json::json!({
            "site": i.site,
            "database": i.database,
            "install_begun": i.install_begun || i.installed,
            "installed": i.installed,
        });
        say(&mut o, 0, &json.to_string(), "");
        return o;
    }
    if action == "address" {
        // `address NAME [FORMER…]`: the site answers at NAME, each former name redirects.
        let Some(name) = args.first().filter(|n| crate::store::valid_slug(n)) else {
            say(&mut o, 2, "", "address needs a valid NAME");
            return o;
        };
        let former = &args[1..];
        if former.iter().any(|f| !crate::store::valid_slug(f)) {
            say(&mut o, 2, "", "invalid former name");
            return o;
        }
        if !store.load(slug).ok().flatten().is_some_and(|i| i.site) {
            say(&mut o, 1, "", &format!("{slug} has no site"));
            return o;
        }
        match store.set_address(slug, name, former) {
            Ok(changed) => {
                o.changed = changed;
                let what = if changed {
                    "address set"
                } else {
                    "address exists"
                };
                say(&mut o, 0, &format!("{what} {name}"), "");
            }
            Err(e) => say(&mut o, 1, "", &e.to_string()),
        }
        return o;
    }
    if action == "remove" {
        // The site, the folders with the data and mail, the database: all of it.
        if let Err(e) = store.remove_names(slug) {
            say(&mut o, 1, "", &e.to_string());
            return o;
        }
        return match std::fs::remove_dir_all(store.space_dir(slug)) {
            Ok(()) => {
                o.changed = true;
                say(&mut o, 0, "removed", "");
                o
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                say(&mut o, 0, "removed", "");
                o
            }
            Err(e) => {
                say(&mut o, 1, "", &e.to_string());
                o
            }
        };
    }
    let pass = env.get("DB_PASS").filter(|p| !p.is_empty()).is_some();
    let done = store.transact(slug, |i, _| -> ((i32, &str, &str), bool) {
        match action {
            "create-site" if i.site => ((0, "site exists", ""), false),
            "create-site" => {
                i.site = true;
                ((0, "site created", ""), true)
            }
            "create-database" if !pass => ((2, "", "no DB_PASS on standard input"), false),
            "create-database" if i.database => ((0, "database exists", ""), false),
            "create-database" => {
                i.database = true;
                ((0, "database created", ""), true)
            }
            "reset-install" if i.installed => ((1, "", "installed; nothing reset"), false),
            "reset-install" => {
                // config.php gone, the database emptied: Nextcloud's own state with them.
                *i = crate::model::Instance {
                    site: i.site,
                    database: i.database,
                    next_id: i.next_id,
                    mails_sent: i.mails_sent,
                    ..Default::default()
                };
                ((0, "install reset", ""), true)
            }
            _ => ((2, "", "unknown action"), false),
        }
    });
    match done {
        Ok((code, out, err)) => {
            o.changed = code == 0 && out != "site exists" && out != "database exists";
            say(&mut o, code, out, err);
        }
        Err(e) => say(&mut o, 1, "", &e.to_string()),
    }
    o
}
