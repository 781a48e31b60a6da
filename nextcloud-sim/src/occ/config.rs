//! The settings of an instance: `config:system:*`, `config:app:*`, `config:list` and
//! `config:import`.

use std::collections::HashMap;

use crate::model::Instance;

use super::args::Args;
use super::common::{need, not_defined, plain_json, symfony_block, Outcome, STDIN};

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

/// Runs the `config:` commands.
pub(super) fn command(
    name: &str,
    a: &Args,
    inst: &mut Instance,
    env: &HashMap<String, String>,
    mut o: Outcome,
) -> Outcome {
    match name {
        // §6 system config (System/SetConfig.php)
        "config:system:set" => {
            let key = need!(o, a, 0, "name");
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
            let key = need!(o, a, 0, "name");
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
            let key = need!(o, a, 0, "name");
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
        // §6 (Config/Import.php): a JSON object of `system` and `apps` (either or both) from a
        // file or standard input; system values merged (null deletes), app values set (null
        // deletes).
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
            // The whole document is checked before any of it is written (`validateArray`),
            // then the system values are merged and the apps' set.
            let system = match root.get("system") {
                None => None,
                Some(serde_json::Value::Object(m)) => Some(m),
                Some(_) => return refuse(o, "The system config array is not an array"),
            };
            let apps = match root.get("apps") {
                None => None,
                Some(serde_json::Value::Object(m)) => Some(m),
                Some(_) => return refuse(o, "The apps config array is not an array"),
            };
            for (app, values) in apps.into_iter().flatten() {
                for (k, v) in values.as_object().into_iter().flatten() {
                    let allowed = match v {
                        serde_json::Value::Null | serde_json::Value::String(_) => true,
                        serde_json::Value::Number(n) => n.is_i64() || n.is_u64(),
                        _ => false,
                    };
                    if !allowed {
                        return refuse(o, &format!("Invalid app config value for \"{app}\":\"{k}\". Only integers, strings and null (delete) are allowed."));
                    }
                }
            }
            for (k, v) in system.into_iter().flatten() {
                if v.is_null() {
                    inst.system.remove(k);
                } else {
                    inst.system.insert(k.clone(), v.clone());
                }
            }
            for (app, values) in apps.into_iter().flatten() {
                for (k, v) in values.as_object().into_iter().flatten() {
                    if v.is_null() {
                        if let Some(m) = inst.app_config.get_mut(app) {
                            m.remove(k);
                        }
                    } else {
                        inst.app_config
                            .entry(app.clone())
                            .or_default()
                            .insert(k.clone(), plain_json(v));
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
            let app = need!(o, a, 0, "app");
            let key = need!(o, a, 1, "name");
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
            let app = need!(o, a, 0, "app");
            let key = need!(o, a, 1, "name");
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
            let app = need!(o, a, 0, "app");
            let key = need!(o, a, 1, "name");
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
        other => return not_defined(o, other),
    }
    o
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
