//! The apps (NEXTCLOUD.md §2.1, §2.7): `/cloud/apps` and below, the apps' settings
//! (`AppConfigController`), and the notifications app's admin notifications.

use crate::map;
use crate::model::{catalog, Instance};
use crate::params::Params;
use crate::php::Php;

use super::call::Call;
use super::envelope::{err, OcsError, OcsResult};

/// Runs a call below `/cloud/apps`, the apps' settings or the admin notifications; `s`
/// holds its route's segments.
pub(super) fn handle(call: &Call, s: &[&str], inst: &mut Instance) -> OcsResult {
    let p = call.params;
    match (call.method, s) {
        // §2.7: a list (array_values); 101 for another filter
        ("GET", ["cloud", "apps"]) => {
            let apps: Vec<String> = match p.get("filter") {
                None | Some("") => inst
                    .apps
                    .keys()
                    .filter(|a| !catalog(a).is_some_and(|c| c.always))
                    .cloned()
                    .collect(),
                Some("enabled") => inst
                    .apps
                    .iter()
                    .filter(|(_, a)| a.enabled)
                    .map(|(id, _)| id.clone())
                    .collect(),
                Some("disabled") => inst
                    .apps
                    .iter()
                    .filter(|(id, a)| !a.enabled && !catalog(id).is_some_and(|c| c.always))
                    .map(|(id, _)| id.clone())
                    .collect(),
                Some(_) => return Err(err(101, "Invalid filter")),
            };
            Ok(map![("apps", apps)])
        }
        // §2.1: info.xml as an array; 998 unknown
        ("GET", ["cloud", "apps", app]) => {
            let a = inst
                .apps
                .get(*app)
                .ok_or_else(|| err(998, "The request app was not found"))?;
            Ok(map![
                ("id", app.to_string()),
                ("name", app.to_string()),
                ("version", a.version.clone()),
                ("default_enable", ""),
                ("types", Php::empty()),
            ])
        }
        // §2.1, §2.7
        ("POST", ["cloud", "apps", app]) => {
            catalog(app).ok_or_else(|| err(998, "The request app was not found"))?;
            // NC ≥ 30 fetches an app missing from the app folders from the app store, which
            // fails with the store off. Not confirmed: the code of that failure.
            inst.enable_app(app).map_err(|e| err(998, e))?;
            Ok(Php::empty())
        }
        // §2.1
        ("DELETE", ["cloud", "apps", app]) => {
            // Not confirmed: what the endpoint answers for an always-enabled app
            // (`IAppManager::disableApp` throws "<app> can't be disabled.").
            if catalog(app).is_some_and(|c| c.always) {
                return Err(err(998, format!("{app} can't be disabled.")));
            }
            if let Some(a) = inst.apps.get_mut(*app) {
                a.enabled = false;
            }
            Ok(Php::empty())
        }
        // §2.1 app config, §8.10
        (m, ["apps", "provisioning_api", "api", "v1", "config", "apps", rest @ ..]) => {
            app_config(m, rest, p, inst)
        }
        // §6 notify: the OCS equivalent of notification:generate
        ("POST", ["apps", "notifications", "api", "v2", "admin_notifications", uid]) => {
            let short = p.str("shortMessage");
            if !inst.users.contains_key(*uid) {
                return Err(err(404, "User not found"));
            }
            if short.is_empty() || short.chars().count() > 255 {
                return Err(err(400, "Too long or empty short-message"));
            }
            let id = inst.next_id();
            inst.notifications.push(crate::model::Notification {
                id,
                uid: uid.to_string(),
                short: short.to_string(),
                long: p.str("longMessage").to_string(),
            });
            Ok(Php::empty())
        }
        _ => Err(err(998, "")),
    }
}

/// `AppConfigController` (§2.1): the answer nests `data.data` (§8.10).
fn app_config(method: &str, rest: &[&str], p: &Params, inst: &mut Instance) -> OcsResult {
    let forbidden = |app: &str, key: &str| {
        matches!(key, "installed_version" | "enabled" | "types")
            || (app == "core" && (key.starts_with("public_") || key.starts_with("remote_")))
    };
    let forbid = || OcsError {
        code: 403,
        message: String::new(),
        data: map![("data", map![("message", "The given key can not be set")])],
    };
    match (method, rest) {
        ("GET", []) => {
            let mut apps: Vec<String> = inst.app_config.keys().cloned().collect();
            apps.extend(inst.apps.keys().cloned());
            apps.sort();
            apps.dedup();
            Ok(map![("data", apps)])
        }
        ("GET", [app]) => {
            let keys: Vec<String> = inst
                .app_config
                .get(*app)
                .map(|m| m.keys().cloned().collect())
                .unwrap_or_default();
            Ok(map![("data", keys)])
        }
        ("GET", [app, key]) => {
            let v = inst
                .app_value(app, key)
                .map(str::to_string)
                .unwrap_or_else(|| p.str("defaultValue").to_string());
            Ok(map![("data", v)])
        }
        ("POST", [app, key]) => {
            if forbidden(app, key) {
                return Err(forbid());
            }
            inst.app_config
                .entry(app.to_string())
                .or_default()
                .insert(key.to_string(), p.str("value").to_string());
            Ok(Php::empty())
        }
        ("DELETE", [app, key]) => {
            if forbidden(app, key) {
                return Err(forbid());
            }
            if let Some(m) = inst.app_config.get_mut(*app) {
                m.remove(*key);
            }
            Ok(Php::empty())
        }
        _ => Err(err(998, "")),
    }
}
