//! What one Nextcloud instance holds: its `config.php`, app config, apps, users, groups,
//! tokens, OAuth2 clients, trusted servers, notifications. Serialised as one JSON file per
//! instance (see `store`), so the web side and the `occ` processes share it.

use std::collections::{BTreeMap, BTreeSet};

use rand::Rng;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The Nextcloud major version a host plays (NEXTCLOUD.md §5: the differences between 34 and 35).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Version {
    #[serde(rename = "34")]
    V34,
    #[serde(rename = "35")]
    V35,
}

impl Version {
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "34" => Some(Self::V34),
            "35" => Some(Self::V35),
            _ => None,
        }
    }
    pub fn major(self) -> u32 {
        match self {
            Self::V34 => 34,
            Self::V35 => 35,
        }
    }
    /// `(major, minor, micro, build)`. The micro and build numbers are the stand-in's own,
    /// not a claim about a real release.
    pub fn parts(self) -> (u32, u32, u32, u32) {
        match self {
            Self::V34 => (34, 0, 2, 1),
            Self::V35 => (35, 0, 0, 3),
        }
    }
    /// `status.php`'s `version`: the four parts joined by dots (§3).
    pub fn full(self) -> String {
        let (a, b, c, d) = self.parts();
        format!("{a}.{b}.{c}.{d}")
    }
    /// `versionstring`: three parts (§3).
    pub fn string(self) -> String {
        let (a, b, c, _) = self.parts();
        format!("{a}.{b}.{c}")
    }
    /// `occ oauth2:add-client` and `oauth2:delete-client` (server PR #61289, §5.5).
    pub fn has_oauth2_commands(self) -> bool {
        self == Self::V35
    }
    /// PKCE S256 on authorize and token (server PR #59930, §5.4; "NC 35+, maybe 34": the
    /// stand-in plays 34 without it, as the issue asks).
    pub fn has_pkce(self) -> bool {
        self == Self::V35
    }
    /// `occ federation:trusted-servers` (master only, §6).
    pub fn has_trusted_servers_command(self) -> bool {
        self == Self::V35
    }
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Instance {
    /// The instance's folder and web-server site exist (made by the host's own script, not
    /// by Nextcloud: `host.rs`). Only hosts with [`crate::HostConfig::sites`] look at it.
    #[serde(default)]
    pub site: bool,
    /// Its database exists on the host's database server (same script).
    #[serde(default)]
    pub database: bool,
    /// What PostgreSQL keeps of its role's password: a SCRAM-SHA-256 verifier, as the host
    /// script sent it. `maintenance:install` must be given that password.
    #[serde(default)]
    pub database_verifier: Option<String>,
    /// `maintenance:install` began and did not finish: `config.php` and some tables are
    /// there, `installed` is not set (a process killed during the install).
    #[serde(default)]
    pub install_begun: bool,
    pub installed: bool,
    /// Set by `maintenance:install`; the instance's `instanceid`, `passwordsalt`, `secret`
    /// live in `system` like in `config.php`.
    pub system: serde_json::Map<String, serde_json::Value>,
    pub app_config: BTreeMap<String, BTreeMap<String, String>>,
    /// Installed apps (id → state). Apps of the catalogue that are not here are "not
    /// downloaded" and `app:enable` fetches them, as it does from the app store.
    pub apps: BTreeMap<String, AppState>,
    pub users: BTreeMap<String, User>,
    pub groups: BTreeMap<String, Group>,
    pub tokens: Vec<Token>,
    pub oauth_clients: Vec<OAuthClient>,
    pub oauth_grants: Vec<OAuthGrant>,
    pub trusted_servers: Vec<TrustedServer>,
    /// External storages mounted for everyone (`files_external`'s global storages).
    #[serde(default)]
    pub external_mounts: Vec<serde_json::Value>,
    pub notifications: Vec<Notification>,
    /// Nextcloud's file cache, as far as `files:scan` filled it: each file's path
    /// (`/UID/files/…`) and size. A file written into a data folder behind Nextcloud's
    /// back (the host script's exports) is listed only once scanned.
    #[serde(default)]
    pub file_cache: BTreeMap<String, u64>,
    pub next_id: u64,
    pub mails_sent: u64,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct AppState {
    pub version: String,
    pub enabled: bool,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct User {
    pub uid: String,
    pub display_name: String,
    pub email: Option<String>,
    pub password: Option<PasswordHash>,
    pub enabled: bool,
    /// As stored by Nextcloud: `"none"`, `"default"` or a human-readable size.
    pub quota: String,
    pub language: String,
    pub locale: String,
    /// Bytes in the user's home; a test sets it (there are no files here).
    pub used: i64,
    pub first_login: i64,
    pub last_login: i64,
    pub created: i64,
    #[serde(default)]
    pub fields: BTreeMap<String, String>,
    #[serde(default)]
    pub additional_mail: Vec<String>,
    #[serde(default)]
    pub subadmin: BTreeSet<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct PasswordHash {
    salt: String,
    hash: String,
}

impl PasswordHash {
    /// Nextcloud hashes with Argon2/bcrypt; a salted SHA-256 is enough for a stand-in that
    /// must only tell a right password from a wrong one.
    pub fn new(password: &str) -> Self {
        let salt = random_alnum(16);
        let hash = Self::digest(&salt, password);
        Self { salt, hash }
    }
    pub fn matches(&self, password: &str) -> bool {
        Self::digest(&self.salt, password) == self.hash
    }
    fn digest(salt: &str, password: &str) -> String {
        let mut h = Sha256::new();
        h.update(salt.as_bytes());
        h.update(b":");
        h.update(password.as_bytes());
        hex(&h.finalize())
    }
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Group {
    pub display_name: String,
    pub members: BTreeSet<String>,
}

/// An app password or an OAuth2 access token (Nextcloud keeps both in `oc_authtoken`).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Token {
    pub id: u64,
    pub uid: String,
    pub name: String,
    /// SHA-256 of the token: like Nextcloud, the token itself is not kept.
    pub hash: String,
    /// Unix seconds; OAuth2 access tokens expire after 3600 s (§5.3).
    pub expires: Option<i64>,
    pub oauth_client: Option<String>,
    /// Unix seconds of its creation or last use (`lastActivity`).
    #[serde(default)]
    pub last_activity: i64,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct OAuthClient {
    pub id: u64,
    pub name: String,
    pub redirect_uri: String,
    pub client_id: String,
    /// Only a digest of the secret is kept; it is shown once (§5.5).
    pub secret_hash: String,
}

/// A code waiting to be redeemed, or a refresh token waiting to be used.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct OAuthGrant {
    pub client_id: String,
    pub uid: String,
    pub code_hash: Option<String>,
    pub code_created: i64,
    pub refresh_hash: Option<String>,
    pub challenge: Option<String>,
    pub access_token_id: Option<u64>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct TrustedServer {
    pub id: u64,
    pub url: String,
    /// 1 ok, 2 pending, 3 failure, 4 access revoked (`apps/federation` `TrustedServers`).
    pub status: u8,
    /// The secret both sides hold once exchanged (never shown by any route).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret: Option<String>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Notification {
    pub id: u64,
    pub uid: String,
    pub short: String,
    pub long: String,
}

impl Instance {
    pub fn next_id(&mut self) -> u64 {
        self.next_id += 1;
        self.next_id
    }

    pub fn is_admin(&self, uid: &str) -> bool {
        self.groups
            .get("admin")
            .is_some_and(|g| g.members.contains(uid))
    }

    pub fn groups_of(&self, uid: &str) -> Vec<String> {
        let mut g: Vec<String> = self
            .groups
            .iter()
            .filter(|(_, g)| g.members.contains(uid))
            .map(|(id, _)| id.clone())
            .collect();
        g.sort_by_key(|a| a.to_lowercase());
        g
    }

    pub fn maintenance(&self) -> bool {
        self.system
            .get("maintenance")
            .and_then(|v| v.as_bool())
            .unwrap_or(false)
    }

    /// `datadirectory` of `config.php`, where each user's files live.
    pub fn data_dir(&self) -> &str {
        self.system
            .get("datadirectory")
            .and_then(|v| v.as_str())
            .unwrap_or("/var/www/html/data")
    }

    pub fn app_enabled(&self, app: &str) -> bool {
        self.apps.get(app).is_some_and(|a| a.enabled)
    }

    /// A boolean of `config.php` (`getSystemValueBool`), `default` when unset.
    pub fn system_bool(&self, key: &str, default: bool) -> bool {
        match self.system.get(key) {
            Some(serde_json::Value::Bool(b)) => *b,
            Some(serde_json::Value::String(s)) => s == "true" || s == "1" || s == "yes",
            Some(serde_json::Value::Number(n)) => n.as_i64() != Some(0),
            _ => default,
        }
    }

    /// Enables app `id`: one on disk at once; one of the catalogue that is not is first
    /// fetched from the app store (`Installer::downloadApp`), which is impossible when
    /// `appstoreenabled` is false (`Fetcher::get` then lists no app) or when no entry of
    /// `apps_paths` is writable. `Err` is the message `occ app:enable` prints. Not
    /// confirmed: the wording of the first message on every version.
    pub fn enable_app(&mut self, id: &str) -> Result<(bool, String), String> {
        let Some(c) = catalog(id) else {
            return Err(format!("{id} not found"));
        };
        if !self.apps.contains_key(id) {
            if !self.system_bool("appstoreenabled", true) {
                return Err(format!("Could not download app {id}"));
            }
            let writable = match self.system.get("apps_paths") {
                Some(serde_json::Value::Array(paths)) => paths
                    .iter()
                    .any(|p| p.get("writable").and_then(|w| w.as_bool()) == Some(true)),
                _ => true,
            };
            if !writable {
                return Err("No application directories are marked as writable.".into());
            }
        }
        let st = self.apps.entry(id.to_string()).or_insert(AppState {
            version: c.version.to_string(),
            enabled: false,
        });
        let was = st.enabled;
        st.enabled = true;
        Ok((!was, st.version.clone()))
    }

    pub fn app_value(&self, app: &str, key: &str) -> Option<&str> {
        self.app_config
            .get(app)
            .and_then(|m| m.get(key))
            .map(String::as_str)
    }

    /// The user a token (app password or OAuth2 access token) belongs to, if it is valid now.
    pub fn token_user(&self, token: &str, now: i64) -> Option<&Token> {
        let h = sha256_hex(token);
        self.tokens
            .iter()
            .find(|t| t.hash == h && t.expires.is_none_or(|e| e > now))
    }

    /// Login with a password or an app password. Disabled users cannot log in.
    pub fn check_login(&self, login: &str, secret: &str, now: i64) -> Option<String> {
        let user = self.users.get(login)?;
        if !user.enabled {
            return None;
        }
        if user.password.as_ref().is_some_and(|p| p.matches(secret)) {
            return Some(user.uid.clone());
        }
        self.token_user(secret, now)
            .filter(|t| t.uid == user.uid)
            .map(|t| t.uid.clone())
    }

    /// `password_policy`'s minimum length when the app is enabled (its default is 10:
    /// `apps/password_policy` `PasswordPolicyConfig::getMinLength`).
    pub fn password_hint(&self, password: &str) -> Option<String> {
        if !self.app_enabled("password_policy") {
            return None;
        }
        let min: usize = self
            .app_value("password_policy", "minLength")
            .and_then(|v| v.parse().ok())
            .unwrap_or(10);
        (password.chars().count() < min)
            .then(|| format!("Password needs to be at least {min} characters long."))
    }

    /// Creates a user as `OC\User\Manager::createUser` does: enabled, in the Database backend.
    pub fn create_user(&mut self, uid: &str, password: Option<&str>, now: i64) {
        self.users.insert(
            uid.to_string(),
            User {
                uid: uid.to_string(),
                display_name: uid.to_string(),
                password: password.map(PasswordHash::new),
                enabled: true,
                quota: "default".into(),
                language: String::new(),
                locale: String::new(),
                created: now,
                ..User::default()
            },
        );
    }

    pub fn delete_user(&mut self, uid: &str) {
        self.users.remove(uid);
        for g in self.groups.values_mut() {
            g.members.remove(uid);
        }
        self.tokens.retain(|t| t.uid != uid);
        self.oauth_grants.retain(|g| g.uid != uid);
    }

    /// A new app password for `uid`, returned once (72 alphanumeric characters, as
    /// Nextcloud's `ISecureRandom::generate(72, …)`).
    pub fn add_token(
        &mut self,
        uid: &str,
        name: &str,
        expires: Option<i64>,
        client: Option<&str>,
    ) -> (u64, String) {
        let token = random_alnum(72);
        let id = self.next_id();
        self.tokens.push(Token {
            id,
            uid: uid.to_string(),
            name: name.to_string(),
            hash: sha256_hex(&token),
            expires,
            oauth_client: client.map(str::to_string),
            last_activity: now(),
        });
        (id, token)
    }

    /// The user's quota in bytes, or `None` when unlimited. `default` follows
    /// `files default_quota` (unlimited when unset).
    pub fn quota_bytes(&self, user: &User) -> Option<i64> {
        let q = if user.quota == "default" {
            self.app_value("files", "default_quota").unwrap_or("none")
        } else {
            user.quota.as_str()
        };
        parse_size(q)
    }
}

/// Nextcloud's `OC_Helper::computerFileSize`: "5 GB", "5GB", "512 MB", "1024" (bytes).
/// `none` and `default` are not sizes.
pub fn parse_size(s: &str) -> Option<i64> {
    let s = s.trim().to_lowercase();
    if s.is_empty() || s == "none" || s == "default" {
        return None;
    }
    let split = s
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(s.len());
    let (num, unit) = s.split_at(split);
    let n: f64 = num.parse().ok()?;
    let mult: f64 = match unit.trim() {
        "" | "b" => 1.0,
        "k" | "kb" => 1024.0,
        "m" | "mb" => 1024f64.powi(2),
        "g" | "gb" => 1024f64.powi(3),
        "t" | "tb" => 1024f64.powi(4),
        "p" | "pb" => 1024f64.powi(5),
        _ => return None,
    };
    Some((n * mult).round() as i64)
}

/// Nextcloud's `Util::humanFileSize`, used to store a quota: "5 GB", "512 MB".
pub fn human_size(bytes: i64) -> String {
    if bytes < 0 {
        return "?".into();
    }
    if bytes < 1024 {
        return format!("{bytes} B");
    }
    let mut v = bytes as f64 / 1024.0;
    for unit in ["KB", "MB", "GB", "TB"] {
        if v < 1024.0 {
            return format!("{} {unit}", trim_float((v * 10.0).round() / 10.0));
        }
        v /= 1024.0;
    }
    format!("{} PB", trim_float((v * 10.0).round() / 10.0))
}

fn trim_float(v: f64) -> String {
    if v.fract() == 0.0 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

pub fn random_alnum(n: usize) -> String {
    const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let mut r = rand::thread_rng();
    (0..n).map(|_| A[r.gen_range(0..A.len())] as char).collect()
}

pub fn sha256_hex(s: &str) -> String {
    hex(&Sha256::digest(s.as_bytes()))
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

pub fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

/// The apps a host can install: shipped ones are present after `maintenance:install`,
/// the others come "from the app store" on `app:enable`. The version numbers are the
/// stand-in's own: real ones change with every release.
pub struct CatalogApp {
    pub id: &'static str,
    pub version: &'static str,
    pub shipped: bool,
    pub enabled_by_default: bool,
    /// Always-enabled apps are left out of `/cloud/apps` (§2.7) and cannot be disabled.
    pub always: bool,
}

/// Shipped apps a space must never run are here too (`files_external`, `app_api`,
/// `webhook_listeners`, `user_ldap`, `admin_audit`): on disk, so an admin may enable them.
/// Not confirmed: whether `app_api` and `webhook_listeners` are enabled by default on
/// every version (they are taken as such).
pub const CATALOG: &[CatalogApp] = &[
    app("activity", "5.0.0", true, true, false),
    app("admin_audit", "1.23.0", true, false, false),
    app("app_api", "33.0.0", true, true, false),
    app("files_external", "1.25.0", true, false, false),
    app("user_ldap", "1.23.0", true, false, false),
    app("webhook_listeners", "1.3.0", true, true, false),
    app("circles", "33.0.0", true, true, false),
    app("cloud_federation_api", "1.16.0", true, true, true),
    app("dav", "1.35.0", true, true, true),
    app("federatedfilesharing", "1.23.0", true, true, true),
    app("federation", "1.23.0", true, true, false),
    app("files", "2.5.0", true, true, true),
    app("files_sharing", "1.25.0", true, true, false),
    app("files_trashbin", "1.23.0", true, true, false),
    app("files_versions", "1.26.0", true, true, false),
    app("lookup_server_connector", "1.21.0", true, true, true),
    app("nextcloud_announcements", "3.0.0", true, true, false),
    app("notifications", "6.0.0", true, true, false),
    app("oauth2", "1.23.0", true, true, true),
    app("password_policy", "5.0.0", true, true, false),
    app("photos", "6.0.0", true, true, false),
    app("provisioning_api", "1.23.0", true, true, true),
    app("serverinfo", "5.0.0", true, true, false),
    app("settings", "1.16.0", true, true, true),
    app("support", "3.0.0", true, true, false),
    app("survey_client", "4.0.0", true, true, false),
    app("theming", "2.8.0", true, true, true),
    app("twofactor_backupcodes", "1.22.0", true, true, false),
    app("updatenotification", "1.23.0", true, true, false),
    app("user_status", "1.13.0", true, true, false),
    app("viewer", "6.0.0", true, true, true),
    app("weather_status", "1.13.0", true, true, false),
    app("recommendations", "5.0.0", true, true, false),
    app("workflowengine", "2.15.0", true, true, true),
    app("calendar", "6.1.0", false, false, false),
    app("collectives", "3.3.0", false, false, false),
    app("contacts", "8.1.0", false, false, false),
    app("deck", "1.17.0", false, false, false),
    app("forms", "5.1.0", false, false, false),
    app("groupfolders", "20.1.0", false, false, false),
    app("onlyoffice", "10.0.0", false, false, false),
    app("polls", "8.0.0", false, false, false),
    app("registration", "2.8.0", false, false, false),
    app("richdocuments", "9.0.0", false, false, false),
    app("spreed", "22.0.0", false, false, false),
    app("tables", "0.9.0", false, false, false),
    app("cospend", "3.0.11", false, false, false),
    app("notes", "4.12.0", false, false, false),
    app("tasks", "0.16.1", false, false, false),
    app("bookmarks", "15.1.0", false, false, false),
    app("whiteboard", "1.1.0", false, false, false),
    app("mail", "5.2.0", false, false, false),
];

const fn app(
    id: &'static str,
    version: &'static str,
    shipped: bool,
    enabled_by_default: bool,
    always: bool,
) -> CatalogApp {
    CatalogApp {
        id,
        version,
        shipped,
        enabled_by_default,
        always,
    }
}

pub fn catalog(id: &str) -> Option<&'static CatalogApp> {
    CATALOG.iter().find(|a| a.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_and_write_like_nextcloud() {
        assert_eq!(parse_size("5 GB"), Some(5 * 1024 * 1024 * 1024));
        assert_eq!(parse_size("5GB"), Some(5 * 1024 * 1024 * 1024));
        assert_eq!(parse_size("1024"), Some(1024));
        assert_eq!(parse_size("none"), None);
        assert_eq!(parse_size("lots"), None);
        assert_eq!(human_size(40 * 1024 * 1024 * 1024), "40 GB");
        assert_eq!(human_size(1536), "1.5 KB");
    }

    #[test]
    fn passwords_and_tokens_are_kept_as_digests() {
        let mut i = Instance::default();
        i.create_user("alice", Some("correct horse"), 1);
        assert_eq!(
            i.check_login("alice", "correct horse", 1).as_deref(),
            Some("alice")
        );
        assert_eq!(i.check_login("alice", "wrong", 1), None);
        let (_, t) = i.add_token("alice", "portal", None, None);
        assert_eq!(t.len(), 72);
        assert_eq!(i.check_login("alice", &t, 1).as_deref(), Some("alice"));
        assert!(!serde_json::to_string(&i).unwrap_or_default().contains(&t));
        if let Some(u) = i.users.get_mut("alice") {
            u.enabled = false;
        }
        assert_eq!(i.check_login("alice", "correct horse", 1), None);
    }
}
