//! A space's settings as one `occ config:list all` shows them: the system values
//! (`config.php`) and every app's values, read in one command instead of one
//! `config:system:get` or `config:app:get` each. On a real host every `occ` boots PHP and
//! Nextcloud, so a provisioning run reads them once and compares each step's wanted values
//! with this copy (`NEXTCLOUD.md` §6, `config:list`).
//!
//! Nextcloud masks sensitive values in listings (`***REMOVED SENSITIVE VALUE***`): such a
//! value is [`Seen::Masked`], and the caller asks for it alone.

use serde_json::{Map, Value};

/// What `config:list` shows for a value it masks.
pub const MASKED: &str = "***REMOVED SENSITIVE VALUE***";

/// The system and app values of one space, as listed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SpaceSettings {
    system: Map<String, Value>,
    apps: Map<String, Value>,
}

/// One value as the listing shows it.
#[derive(Clone, Debug, PartialEq)]
pub enum Seen<'a> {
    Unset,
    /// Listed, masked: ask `occ` for it alone.
    Masked,
    Value(&'a Value),
}

impl<'a> Seen<'a> {
    fn of(v: Option<&'a Value>) -> Self {
        match v {
            None | Some(Value::Null) => Seen::Unset,
            Some(Value::String(s)) if s == MASKED => Seen::Masked,
            Some(v) => Seen::Value(v),
        }
    }

    /// The value as `config:app:get` prints it: a string as it is, anything else as JSON
    /// (Nextcloud 29+ lists typed app values as numbers or booleans).
    pub fn text(&self) -> Option<String> {
        match self {
            Seen::Value(Value::String(s)) => Some(s.clone()),
            Seen::Value(v) => Some(v.to_string()),
            _ => None,
        }
    }
}

impl SpaceSettings {
    /// Reads `config:list`'s JSON (`{"system": {…}, "apps": {APP: {…}}}`); a part missing or
    /// not an object (PHP prints an empty array as `[]`) is empty.
    pub fn from_json(v: &Value) -> Self {
        let part = |k: &str| match v.get(k) {
            Some(Value::Object(m)) => m.clone(),
            _ => Map::new(),
        };
        SpaceSettings {
            system: part("system"),
            apps: part("apps"),
        }
    }

    /// The system values alone.
    pub fn into_system(self) -> Map<String, Value> {
        self.system
    }

    pub fn system(&self, key: &str) -> Seen<'_> {
        Seen::of(self.system.get(key))
    }

    pub fn app(&self, app: &str, key: &str) -> Seen<'_> {
        Seen::of(self.apps.get(app).and_then(|a| a.get(key)))
    }

    /// Keeps the copy in step with values just written (`config:import`, `config:*:set`).
    pub fn set_system(&mut self, values: &Map<String, Value>) {
        for (k, v) in values {
            self.system.insert(k.clone(), v.clone());
        }
    }

    /// Keeps the copy in step with an app's values just written.
    pub fn set_app(&mut self, app: &str, values: &Map<String, Value>) {
        let entry = self
            .apps
            .entry(app.to_string())
            .or_insert_with(|| Value::Object(Map::new()));
        if !entry.is_object() {
            *entry = Value::Object(Map::new());
        }
        if let Value::Object(m) = entry {
            for (k, v) in values {
                m.insert(k.clone(), v.clone());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_listing_is_read_masked_values_and_empty_parts_included() {
        let listed = serde_json::json!({
            "system": {"trusted_domains": ["a.example"], "mail_smtphost": MASKED},
            "apps": {"core": {"backgroundjobs_mode": "cron"}, "files": [], "theming": {"x": 3}}
        });
        let mut s = SpaceSettings::from_json(&listed);
        assert_eq!(s.system("mail_smtphost"), Seen::Masked);
        assert_eq!(s.system("nope"), Seen::Unset);
        assert_eq!(
            s.app("core", "backgroundjobs_mode").text().as_deref(),
            Some("cron")
        );
        assert_eq!(s.app("theming", "x").text().as_deref(), Some("3"));
        assert_eq!(s.app("files", "default_quota"), Seen::Unset);
        let mut v = Map::new();
        v.insert("default_quota".into(), "800 MB".into());
        s.set_app("files", &v);
        assert_eq!(
            s.app("files", "default_quota").text().as_deref(),
            Some("800 MB")
        );
        let mut v = Map::new();
        v.insert("overwrite.cli.url".into(), "https://a.example".into());
        s.set_system(&v);
        assert!(matches!(s.system("overwrite.cli.url"), Seen::Value(_)));
    }
}
