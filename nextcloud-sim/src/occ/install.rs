//! Installing an instance and asking after it: `maintenance:install`, `maintenance:mode`,
//! `status`, `check` and `list`.

use std::collections::HashMap;

use crate::map;
use crate::model::{now, AppState, Instance, Version, CATALOG};
use crate::ocs::check_uid;

use super::args::{specs, Args};
use super::common::{not_defined, symfony_block, write_array, Outcome, NOT_INSTALLED};

/// Runs `status`, `check`, `list` and the `maintenance:` commands.
pub(super) fn command(
    name: &str,
    a: &Args,
    inst: &mut Instance,
    version: Version,
    env: &HashMap<String, String>,
    mut o: Outcome,
) -> Outcome {
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
        other => return not_defined(o, other),
    }
    o
}
