//! Configuration: a TOML file, then environment variables on top.
//!
//! `FRAMASPACE_<SECTION>__<KEY>=value` sets `[section] key = value`, e.g.
//! `FRAMASPACE_SERVER__LISTEN=0.0.0.0:8080`. Values are read as TOML when they parse
//! (numbers, booleans, quoted strings) and as plain strings otherwise. `DATABASE_URL`, when
//! set, is the database URL. Secrets are wrapped so that they never print.

use backend::config::{
    ApplicationSettings, DashboardSettings, JobSettings, MailSettings, NewsletterSettings,
    ProvisioningSettings, SiteSettings, StaffSettings,
};
use backend::{Secret, Settings};
use serde::Deserialize;
use std::net::SocketAddr;
use std::path::Path;

#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// Development pages on, readable logs.
    Development,
    Production,
}

#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    Text,
    Json,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ServerSettings {
    pub listen: SocketAddr,
    /// Prometheus metrics, on an address of their own (keep it private).
    pub metrics_listen: Option<SocketAddr>,
    pub mode: Mode,
    /// Defaults to text in development and JSON in production.
    pub log_format: Option<LogFormat>,
    /// Sends `Strict-Transport-Security` (only behind HTTPS).
    pub hsts: bool,
    /// Header set by a trusted reverse proxy with the client's address (e.g.
    /// `x-forwarded-for`), read only on requests whose peer is in `trusted_proxies`;
    /// otherwise the peer address is used.
    pub client_ip_header: Option<String>,
    /// The reverse proxies whose `client_ip_header` is believed: addresses or networks
    /// (`127.0.0.1`, `::1`, `10.0.0.0/8`).
    pub trusted_proxies: Vec<ProxyNet>,
    pub request_timeout_secs: u64,
    /// The built site (`target/site`): CSS, JS, WASM and public files.
    pub site_root: String,
    /// Runs the job queue's worker inside `serve` (handy for one-process setups and the demo).
    pub embedded_worker: bool,
}

impl Default for ServerSettings {
    fn default() -> Self {
        Self {
            listen: "127.0.0.1:3000".parse().expect("valid address"),
            metrics_listen: None,
            mode: Mode::Production,
            log_format: None,
            hsts: false,
            client_ip_header: None,
            trusted_proxies: Vec::new(),
            request_timeout_secs: 30,
            site_root: "target/site".into(),
            embedded_worker: false,
        }
    }
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct DatabaseSettings {
    pub url: Secret,
    /// Used by GET and HEAD requests, which never change state: a replica, or a role
    /// granted only `SELECT`. Defaults to `url`.
    pub read_url: Option<Secret>,
    pub max_connections: u32,
}

impl Default for DatabaseSettings {
    fn default() -> Self {
        Self {
            url: Secret::new("postgres://postgres@127.0.0.1:5433/framaspace"),
            read_url: None,
            max_connections: 10,
        }
    }
}

#[derive(Clone, Debug, Deserialize, Default)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    pub server: ServerSettings,
    pub database: DatabaseSettings,
    pub site: SiteSettings,
    pub mail: MailSettings,
    pub newsletter: NewsletterSettings,
    pub staff: StaffSettings,
    pub jobs: JobSettings,
    pub applications: ApplicationSettings,
    pub provisioning: ProvisioningSettings,
    pub dashboard: DashboardSettings,
    /// Signs links in mails. Required in production, at least 32 characters.
    pub secret_key: Option<Secret>,
}

const DEV_SECRET: &str = "development-only-secret-key-do-not-use-in-production";

impl Config {
    /// Reads `path` (if given), then the environment.
    pub fn load(path: Option<&Path>) -> Result<Self, String> {
        let mut table = match path {
            Some(p) => std::fs::read_to_string(p)
                .map_err(|e| format!("{}: {e}", p.display()))?
                .parse::<toml::Table>()
                .map_err(|e| format!("{}: {e}", p.display()))?,
            None => toml::Table::new(),
        };
        apply_env(&mut table, std::env::vars());
        let config: Config = toml::Value::Table(table)
            .try_into()
            .map_err(|e: toml::de::Error| format!("configuration: {e}"))?;
        config.check()?;
        Ok(config)
    }

    fn check(&self) -> Result<(), String> {
        if self.server.mode == Mode::Production {
            match &self.secret_key {
                Some(k) if k.expose().len() >= 32 && k.expose() != DEV_SECRET => {}
                _ => {
                    return Err(
                        "secret_key must be set (32 characters or more) in production".into(),
                    )
                }
            }
        }
        Ok(())
    }

    pub fn dev_mode(&self) -> bool {
        self.server.mode == Mode::Development
    }

    pub fn log_format(&self) -> LogFormat {
        self.server.log_format.unwrap_or(match self.server.mode {
            Mode::Development => LogFormat::Text,
            Mode::Production => LogFormat::Json,
        })
    }

    pub fn backend_settings(&self) -> Settings {
        Settings {
            site: self.site.clone(),
            mail: self.mail.clone(),
            newsletter: self.newsletter.clone(),
            staff: self.staff.clone(),
            jobs: self.jobs.clone(),
            applications: self.applications.clone(),
            provisioning: self.provisioning.clone(),
            dashboard: self.dashboard.clone(),
            secret_key: self
                .secret_key
                .clone()
                .unwrap_or_else(|| Secret::new(DEV_SECRET)),
        }
    }
}

fn apply_env(table: &mut toml::Table, vars: impl Iterator<Item = (String, String)>) {
    for (name, raw) in vars {
        let path: Vec<String> = if name == "DATABASE_URL" {
            vec!["database".into(), "url".into()]
        } else if let Some(rest) = name.strip_prefix("FRAMASPACE_") {
            if rest == "CONFIG" {
                continue;
            }
            rest.split("__").map(|p| p.to_ascii_lowercase()).collect()
        } else {
            continue;
        };
        // URLs stay strings even when they would parse as something else.
        let value = if path.last().is_some_and(|k| k == "url") {
            toml::Value::String(raw)
        } else {
            format!("v = {raw}")
                .parse::<toml::Table>()
                .ok()
                .and_then(|mut t| t.remove("v"))
                .unwrap_or(toml::Value::String(raw))
        };
        let (last, parents) = path.split_last().expect("non-empty");
        let mut node = &mut *table;
        for p in parents {
            node = node
                .entry(p.clone())
                .or_insert_with(|| toml::Value::Table(toml::Table::new()))
                .as_table_mut()
                .expect("a section");
        }
        node.insert(last.clone(), value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load_with(file: &str, env: &[(&str, &str)]) -> Result<Config, String> {
        let mut table: toml::Table = file.parse().unwrap();
        apply_env(
            &mut table,
            env.iter().map(|(k, v)| (k.to_string(), v.to_string())),
        );
        let config: Config = toml::Value::Table(table)
            .try_into()
            .map_err(|e: toml::de::Error| e.to_string())?;
        config.check()?;
        Ok(config)
    }

    #[test]
    fn environment_overrides_the_file() {
        let c = load_with(
            "[server]\nmode = \"development\"\nlisten = \"127.0.0.1:1\"\n[site]\nquota_gb = 10\n",
            &[
                ("FRAMASPACE_SERVER__LISTEN", "0.0.0.0:8080"),
                ("FRAMASPACE_SITE__NAME", "Espaces libres"),
                (
                    "FRAMASPACE_NEWSLETTER__SIGNUPS_PER_HOUR_PER_ADDRESS",
                    "1000",
                ),
                ("DATABASE_URL", "postgres://u:pw@db/x"),
                ("UNRELATED", "1"),
            ],
        )
        .unwrap();
        assert_eq!(c.server.listen.to_string(), "0.0.0.0:8080");
        assert_eq!(c.site.name, "Espaces libres");
        assert_eq!(c.site.quota_gb, 10);
        assert_eq!(c.newsletter.signups_per_hour_per_address, 1000);
        assert_eq!(c.database.url.expose(), "postgres://u:pw@db/x");
        assert!(!format!("{c:?}").contains("pw@db"));
    }

    #[test]
    fn production_requires_a_real_secret_key() {
        assert!(load_with("[server]\nmode = \"production\"\n", &[]).is_err());
        assert!(load_with(
            "secret_key = \"short\"\n[server]\nmode = \"production\"\n",
            &[]
        )
        .is_err());
        let key = "k".repeat(40);
        assert!(load_with(
            &format!("secret_key = \"{key}\"\n[server]\nmode = \"production\"\n"),
            &[]
        )
        .is_ok());
        assert!(load_with("[server]\nmode = \"development\"\n", &[]).is_ok());
    }

    /// Every configuration file of the repository loads; the production example refuses to
    /// start until its secret key is set, and loads once it is.
    #[test]
    fn every_config_file_loads() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../config");
        let mut seen = 0;
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            let name = path.file_name().unwrap().to_string_lossy().to_string();
            if name.starts_with("production") {
                let refused = load_with(&text, &[]).unwrap_err();
                assert!(refused.contains("secret_key"), "{name}: {refused}");
                let key = "k".repeat(40);
                let c = load_with(&text, &[("FRAMASPACE_SECRET_KEY", &key)])
                    .unwrap_or_else(|e| panic!("{name}: {e}"));
                assert!(c.database.read_url.is_some());
            } else {
                load_with(&text, &[]).unwrap_or_else(|e| panic!("{name}: {e}"));
            }
            seen += 1;
        }
        assert_eq!(seen, 3);
    }

    #[test]
    fn unknown_keys_are_refused() {
        assert!(load_with("[server]\nlisen = \"x\"\n", &[]).is_err());
    }
}

/// A trusted proxy's address or network, written `192.0.2.1`, `::1` or `10.0.0.0/8`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ProxyNet(ipnet::IpNet);

impl ProxyNet {
    pub fn contains(&self, ip: std::net::IpAddr) -> bool {
        self.0.contains(&ip.to_canonical())
    }
}

impl std::str::FromStr for ProxyNet {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        s.parse::<ipnet::IpNet>()
            .or_else(|_| s.parse::<std::net::IpAddr>().map(ipnet::IpNet::from))
            .map(|net| ProxyNet(net.trunc()))
            .map_err(|_| format!("not an address or a network: {s:?}"))
    }
}

impl<'de> Deserialize<'de> for ProxyNet {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = String::deserialize(d)?;
        raw.parse().map_err(serde::de::Error::custom)
    }
}
