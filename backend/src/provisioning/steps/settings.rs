//! The steps that set the instance up: language and mail, background jobs, apps, the office
//! suite, appearance and quotas.

use serde_json::{Map, Value};

use super::{Did, Failed, Provisioner};
use crate::nextcloud::settings::{Seen, SpaceSettings};
use crate::provisioning::apps::{apps_for, apps_to_change, office_app, sealing};

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

    /// Keeps the listing in step with one app value the run just wrote.
    fn remember_app_value(&mut self, app: &str, key: &str, value: &str) {
        let mut one = Map::new();
        one.insert(key.to_string(), value.into());
        self.remember_app(app, &one);
    }
}

impl Provisioner<'_> {
    pub(super) async fn language(&mut self) -> Result<Did, Failed> {
        let mail = &self.ctx.settings.provisioning;
        let mut wanted = vec![
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
        let changed = self.system_values(&wanted).await?;
        Ok(if changed.is_empty() {
            Did::Already("French, mail by SMTP, sealed".into())
        } else {
            Did::Done(format!("set {}", changed.join(", ")))
        })
    }

    /// Background jobs by the host's cron (`occ background:cron` writes the same value).
    pub(super) async fn cron(&mut self) -> Result<Did, Failed> {
        let mode = self.app_setting("core", "backgroundjobs_mode").await?;
        if mode.as_deref() == Some("cron") {
            return Ok(Did::Already("background jobs by cron".into()));
        }
        self.occ
            .set_app_value("core", "backgroundjobs_mode", "cron")
            .await?;
        self.remember_app_value("core", "backgroundjobs_mode", "cron");
        Ok(Did::Done(format!(
            "background jobs by cron (was {})",
            mode.as_deref().unwrap_or("ajax")
        )))
    }

    /// Enables the wanted apps the host has (shipped, or installed by its operator in the
    /// code tree's read-only `custom_apps`: the step never downloads one) and disables the
    /// others. A wanted app the host lacks is said in the outcome; the space works without.
    pub(super) async fn apps(&mut self) -> Result<Did, Failed> {
        let apps = self.occ.apps().await?;
        let (wanted, _) = apps_for(&self.space.office);
        let on_disk = |a: &&str| apps.enabled.contains_key(*a) || apps.disabled.contains_key(*a);
        let absent: Vec<&str> = wanted.iter().copied().filter(|a| !on_disk(a)).collect();
        let (missing, extra) = apps_to_change(
            &self.space.office,
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
        let Some(url) = self.host.office_url.clone() else {
            return Ok(Did::Already(format!(
                "host {} has no office server",
                self.host.name
            )));
        };
        let secret = self.host.office_secret(&self.ctx.settings.secret_key);
        let app = office_app(&self.space.office);
        let url_key = if app == "onlyoffice" {
            "DocumentServerUrl"
        } else {
            "wopi_url"
        };
        let mut wanted: Vec<(&str, String)> = vec![(url_key, url.clone())];
        // OnlyOffice signs its requests with the shared secret (JWT); Collabora's WOPI uses
        // proof keys and needs none.
        if let (true, Some(s)) = (app == "onlyoffice", &secret) {
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
        let any_changed = !changed.is_empty();
        if any_changed {
            self.occ.import_app_values(app, changed.clone()).await?;
            self.remember_app(app, &changed);
        }
        // Collabora is usable only once activated: discovery, capabilities and a WOPI check
        // that the office server reaches the space back (§8b.3). The values being set says
        // nothing of that, so the activation runs every time the step does, and the step is
        // done only when it succeeded (it exits 1 otherwise, and the step is retried).
        if app == "richdocuments" {
            self.occ
                .ok(&["richdocuments:activate-config", "--wopi-url", &url], &[])
                .await?;
            return Ok(if any_changed {
                Did::Done(format!("{app} uses {url}, activated"))
            } else {
                Did::Already(format!("{app} uses {url}, activated"))
            });
        }
        if !any_changed {
            return Ok(Did::Already(format!("{app} uses {url}")));
        }
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

    /// Nextcloud has quotas per account only: each account gets its share of the space's
    /// quota, so that all of them together stay within it.
    pub(super) async fn quotas(&mut self) -> Result<Did, Failed> {
        let accounts = self.ctx.settings.provisioning.accounts_per_space.max(1);
        let share = format!(
            "{} MB",
            (self.space.quota_bytes / i64::from(accounts)) >> 20
        );
        if self.app_setting("files", "default_quota").await?.as_deref() == Some(share.as_str()) {
            return Ok(Did::Already(format!("{share} per account")));
        }
        self.occ
            .set_app_value("files", "default_quota", &share)
            .await?;
        self.remember_app_value("files", "default_quota", &share);
        Ok(Did::Done(format!("{share} per account")))
    }
}
