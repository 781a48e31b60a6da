//! The steps that set the instance up: its settings (address, language and mail, sealing,
//! background jobs, quota), apps, the office suite and appearance.

use serde_json::{Map, Value};

use super::{Did, Failed, Provisioner};
use crate::nextcloud::settings::{Seen, SpaceSettings};
use crate::provisioning::apps::{
    apps_for, apps_to_change, office_app, other_office_app, sealing, APPS_FORBIDDEN,
};
use common::states::SpaceState;

/// The space's settings as the run knows them: one `config:list` instead of one `occ` per
/// value read (each `occ` boots PHP on a real host).
impl Provisioner<'_> {
    /// The space's settings, listed the first time the run needs them.
    pub(super) async fn settings(&mut self) -> Result<&mut SpaceSettings, Failed> {
        let listed = match self.settings.take() {
            Some(s) => s,
            None => self.occ.settings().await?,
        };
        Ok(self.settings.insert(listed))
    }

    /// An app's value, as `config:app:get` prints it: from the listing, or asked alone
    /// where the listing masks it.
    pub(super) async fn app_setting(
        &mut self,
        app: &str,
        key: &str,
    ) -> Result<Option<String>, Failed> {
        let (masked, text) = {
            let seen = self.settings().await?.app(app, key);
            (seen == Seen::Masked, seen.text())
        };
        if masked {
            return Ok(self.occ.app_value(app, key).await?);
        }
        Ok(text)
    }

    /// Keeps the listing in step with system values the run just wrote.
    pub(super) fn remember_system(&mut self, values: &Map<String, Value>) {
        if let Some(s) = self.settings.as_mut() {
            s.set_system(values);
        }
    }

    /// Keeps the listing in step with an app's values the run just wrote.
    pub(super) fn remember_app(&mut self, app: &str, values: &Map<String, Value>) {
        if let Some(s) = self.settings.as_mut() {
            s.set_app(app, values);
        }
    }

    /// A space already in use (a repair, a change of office suite), not one being made: its
    /// admin's choice of apps is theirs.
    fn space_in_use(&self) -> bool {
        matches!(self.space.state, SpaceState::Active | SpaceState::Suspended)
    }

    /// Keeps the listing in step with one app value the run just wrote.
    fn remember_app_value(&mut self, app: &str, key: &str, value: &str) {
        let mut one = Map::new();
        one.insert(key.to_string(), value.into());
        self.remember_app(app, &one);
    }
}

impl Provisioner<'_> {
    /// The space's settings, read in the one listing and those that differ set in one
    /// `config:import` (each `occ` boots PHP on a real host): in `config.php`, its address (a
    /// trusted domain, and the URL its command line and mails use), French, mail by SMTP
    /// and the sealing settings; as app values, background jobs by the host's cron (the
    /// value `occ background:cron` writes) and each account's share of the quota (Nextcloud
    /// has quotas per account only: all of them together stay within the space's).
    pub(super) async fn space_settings(&mut self) -> Result<Did, Failed> {
        let ctx = self.ctx;
        let mail = &ctx.settings.provisioning;
        let domain = format!("{}.{}", self.space.slug, self.access.domain);
        let url = self.access.base_url(&self.space.slug);
        let accounts = mail.accounts_per_space.max(1);
        let share = format!(
            "{} MB",
            (self.space.quota_bytes / i64::from(accounts)) >> 20
        );
        // A PHP list is a JSON array; one with holes (an entry deleted) an object.
        let mut trusted: Vec<Value> = match self.settings().await?.system("trusted_domains") {
            Seen::Value(Value::Array(a)) => a.clone(),
            Seen::Value(Value::Object(m)) => m.values().cloned().collect(),
            Seen::Value(Value::String(s)) => vec![Value::String(s.clone())],
            _ => Vec::new(),
        };
        let mut wanted: Vec<(&str, Value)> = vec![
            ("overwrite.cli.url", url.clone().into()),
            ("default_language", "fr".into()),
            ("default_locale", "fr_FR".into()),
            ("default_phone_region", "FR".into()),
            ("mail_smtpmode", "smtp".into()),
            ("mail_smtphost", mail.smtp_host.clone().into()),
            ("mail_smtpport", mail.smtp_port.into()),
            ("mail_from_address", mail.from_address.clone().into()),
            ("mail_domain", mail.from_domain.clone().into()),
        ];
        wanted.extend(sealing(&mail.nextcloud_dir));
        if !trusted.iter().any(|d| d.as_str() == Some(domain.as_str())) {
            trusted.push(domain.clone().into());
            wanted.push(("trusted_domains", Value::Array(trusted)));
        }
        let system = self.system_changes(&wanted).await?;
        let mut apps = Map::new();
        let mut said = Vec::new();
        if system.contains_key("trusted_domains") || system.contains_key("overwrite.cli.url") {
            said.push(format!("{domain} trusted, {url}"));
        }
        let mode = self.app_setting("core", "backgroundjobs_mode").await?;
        if mode.as_deref() != Some("cron") {
            apps.insert(
                "core".into(),
                serde_json::json!({ "backgroundjobs_mode": "cron" }),
            );
            said.push(format!(
                "background jobs by cron (was {})",
                mode.as_deref().unwrap_or("ajax")
            ));
        }
        if self.app_setting("files", "default_quota").await?.as_deref() != Some(share.as_str()) {
            apps.insert(
                "files".into(),
                serde_json::json!({ "default_quota": share }),
            );
            said.push(format!("{share} per account"));
        }
        if system.is_empty() && apps.is_empty() {
            return Ok(Did::Already(format!(
                "{domain} trusted, {url}; French, mail by SMTP, sealed; \
                 background jobs by cron; {share} per account"
            )));
        }
        self.occ.import(&system, &apps).await?;
        self.remember_system(&system);
        for (app, values) in &apps {
            if let Value::Object(values) = values {
                self.remember_app(app, values);
            }
        }
        if !system.is_empty() {
            let keys: Vec<&str> = system.keys().map(String::as_str).collect();
            said.insert(0, format!("set {}", keys.join(", ")));
        }
        Ok(Did::Done(said.join("; ")))
    }

    /// The system values of `wanted` that differ from the listing's, asking one by one only
    /// for those Nextcloud masks in listings (mail relay, sender).
    async fn system_changes(
        &mut self,
        wanted: &[(&str, Value)],
    ) -> Result<Map<String, Value>, Failed> {
        let mut changed = Map::new();
        let mut masked = Vec::new();
        let listed = self.settings().await?;
        for (key, value) in wanted {
            match listed.system(key) {
                Seen::Masked => masked.push((*key, value)),
                seen if seen == Seen::Value(value) => {}
                _ => {
                    changed.insert((*key).to_string(), value.clone());
                }
            }
        }
        for (key, value) in masked {
            let plain = match value {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            if self.occ.system_value(&[key]).await?.as_deref() != Some(plain.as_str()) {
                changed.insert(key.to_string(), value.clone());
            }
        }
        Ok(changed)
    }

    /// A new space: enables the wanted apps the host has (shipped, or installed by its
    /// operator in the code tree's read-only `custom_apps`: the step never downloads one) and
    /// disables the others. A wanted app the host lacks is said in the outcome; the space
    /// works without. A space in use (a repair, a change of office suite) keeps the apps its
    /// admin chose, in Nextcloud or from the dashboard: only the forbidden ones go off.
    pub(super) async fn apps(&mut self) -> Result<Did, Failed> {
        let apps = self.occ.apps().await?;
        let (wanted, off) = if self.space_in_use() {
            (Vec::new(), APPS_FORBIDDEN.to_vec())
        } else {
            apps_for(&self.space.office)
        };
        let on_disk = |a: &&str| apps.enabled.contains_key(*a) || apps.disabled.contains_key(*a);
        let absent: Vec<&str> = wanted.iter().copied().filter(|a| !on_disk(a)).collect();
        let (missing, extra) = apps_to_change(
            &wanted,
            &off,
            |a| apps.enabled.contains_key(a),
            |a| apps.disabled.contains_key(a),
        );
        let on = wanted.len() - absent.len();
        let absent = if absent.is_empty() {
            String::new()
        } else {
            format!("; not on host {}: {}", self.host.name, absent.join(", "))
        };
        if missing.is_empty() && extra.is_empty() {
            return Ok(Did::Already(format!("{on} apps on{absent}")));
        }
        if !missing.is_empty() {
            let mut args = vec!["app:enable"];
            args.extend(&missing);
            self.occ.ok(&args, &[]).await?;
        }
        if !extra.is_empty() {
            let mut args = vec!["app:disable"];
            args.extend(&extra);
            self.occ.ok(&args, &[]).await?;
        }
        // Enabling an app writes its own values: the listing is read again when needed.
        self.settings = None;
        let list = |l: &[&str]| {
            if l.is_empty() {
                "-".to_string()
            } else {
                l.join(", ")
            }
        };
        Ok(Did::Done(format!(
            "enabled: {}; disabled: {}{absent}",
            list(&missing),
            list(&extra)
        )))
    }

    /// The office suite pointed at the host's office server with its shared secret.
    pub(super) async fn office(&mut self) -> Result<Did, Failed> {
        // A space in use changing suite: the suite's app on and the other's off (a new
        // space has them from the apps step, which leaves a space in use as it is).
        if self.space_in_use() {
            let apps = self.occ.apps().await?;
            let app = office_app(&self.space.office);
            if apps.disabled.contains_key(app) {
                self.occ.ok(&["app:enable", app], &[]).await?;
                self.settings = None;
            }
            let other = other_office_app(&self.space.office);
            if apps.enabled.contains_key(other) {
                self.occ.ok(&["app:disable", other], &[]).await?;
            }
        }
        let Some(url) = self.host.office_url.clone() else {
            return Ok(Did::Already(format!(
                "host {} has no office server",
                self.host.name
            )));
        };
        let app = office_app(&self.space.office);
        // Collabora is usable only once activated: discovery, capabilities and a WOPI check
        // that the office server reaches the space back (§8b.3). Its `--wopi-url` sets
        // `wopi_url` before those checks (richdocuments `Command/ActivateConfig.php`), so
        // the activation is the step's one command. The value being set says nothing of the
        // checks, so the activation runs every time the step does, and the step is done only
        // when it succeeded (it exits 1 otherwise, and the step is retried). Collabora's
        // WOPI uses proof keys: no shared secret to set.
        if app == "richdocuments" {
            let was = self.app_setting(app, "wopi_url").await?;
            self.occ
                .ok(&["richdocuments:activate-config", "--wopi-url", &url], &[])
                .await?;
            // The activation writes the callback and public URLs too; no step reads them.
            self.remember_app_value(app, "wopi_url", &url);
            let said = format!("{app} uses {url}, activated");
            return Ok(if was.as_deref() == Some(url.as_str()) {
                Did::Already(said)
            } else {
                Did::Done(said)
            });
        }
        // OnlyOffice signs its requests with the shared secret (JWT).
        let mut wanted: Vec<(&str, String)> = vec![("DocumentServerUrl", url.clone())];
        if let Some(s) = self.host.office_secret(&self.ctx.settings.secret_key) {
            wanted.push(("jwt_secret", s.expose().to_string()));
        }
        // Those that differ, set in one `config:import` whose values travel on standard
        // input: the JWT secret never sits on a command line.
        let mut changed = serde_json::Map::new();
        for (key, value) in &wanted {
            if self.app_setting(app, key).await?.as_deref() != Some(value.as_str()) {
                changed.insert(key.to_string(), value.clone().into());
            }
        }
        if changed.is_empty() {
            return Ok(Did::Already(format!("{app} uses {url}")));
        }
        self.occ.import_app_values(app, changed.clone()).await?;
        self.remember_app(app, &changed);
        Ok(Did::Done(format!("{app} uses {url}")))
    }

    pub(super) async fn theming(&mut self) -> Result<Did, Failed> {
        let name = self
            .space
            .structure_name
            .clone()
            .unwrap_or_else(|| self.space.slug.clone());
        let name: String = name.chars().filter(|c| !c.is_control()).take(250).collect();
        if self.app_setting("theming", "name").await?.as_deref() == Some(name.as_str()) {
            return Ok(Did::Already(format!("named {name}")));
        }
        self.occ.theming("name", &name).await?;
        self.remember_app_value("theming", "name", &name);
        Ok(Did::Done(format!("named {name}")))
    }
}
