//! Settings the backend needs. Loaded by the server from a file and the environment.

use serde::Deserialize;
use std::fmt;
use std::path::PathBuf;

/// A secret value: never printed, not even by `{:?}`.
#[derive(Clone, Deserialize, PartialEq, Eq)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

/// What an operator changes to run the portal under another name (shared with the pages).
pub type SiteSettings = common::SiteInfo;

#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum MailTransportKind {
    /// Writes each mail under `file_dir` (development and demo).
    File,
    /// Sends through an SMTP relay.
    Smtp,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct MailSettings {
    pub from: String,
    pub transport: MailTransportKind,
    pub file_dir: PathBuf,
    pub smtp_host: String,
    pub smtp_port: u16,
    pub smtp_username: Option<String>,
    pub smtp_password: Option<Secret>,
    /// After this many failed attempts a mail is given up and kept for staff to see.
    pub max_attempts: i32,
    /// First retry delay; it doubles at each attempt, up to an hour.
    pub retry_base_secs: i64,
    /// SMTP connection and command timeout.
    pub timeout_secs: u64,
    /// A sent mail loses its subject and body at once; one given up keeps them this many
    /// hours (for staff to look into), then only its metadata remains.
    pub dead_body_retention_hours: i64,
}

impl Default for MailSettings {
    fn default() -> Self {
        Self {
            from: "Frama.space <ne-pas-repondre@frama.space>".into(),
            transport: MailTransportKind::File,
            file_dir: PathBuf::from(".data/mail"),
            smtp_host: "127.0.0.1".into(),
            smtp_port: 25,
            smtp_username: None,
            smtp_password: None,
            max_attempts: 12,
            retry_base_secs: 30,
            timeout_secs: 20,
            dead_body_retention_hours: 24,
        }
    }
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct NewsletterSettings {
    /// Sign-up attempts allowed from one address in one hour.
    pub signups_per_hour_per_address: u32,
    /// A pending subscriber gets at most one confirmation mail in this many seconds.
    pub resend_after_secs: i64,
    /// How long a confirmation link stays valid.
    pub confirm_valid_hours: i64,
}

impl Default for NewsletterSettings {
    fn default() -> Self {
        Self {
            signups_per_hour_per_address: 10,
            resend_after_secs: 3600,
            confirm_valid_hours: 7 * 24,
        }
    }
}

/// A space's dashboard (`[dashboard]`).
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct DashboardSettings {
    /// A dashboard login lasts at most this long (the session's idle limit is the staff's).
    pub session_hours: i64,
    /// How long a login link mailed to a referent stays valid.
    pub login_link_minutes: i64,
    /// A person's rights in their Nextcloud (enabled, in `admin`) are read again after this
    /// many seconds: removed from `admin` or disabled, they lose the dashboard within it.
    pub recheck_secs: i64,
    /// Where referents write for help, shown on the overview.
    pub help_email: String,
    /// The help forum's address, shown on the overview and the members' welcome page.
    pub forum_url: String,
    /// Login attempts (OAuth2 or link) per hour from one client address.
    pub logins_per_hour_per_address: u32,
    /// How long a request made while a person waits (a dashboard page, an action, a login)
    /// waits for their space: a slow space must not hold the page.
    pub space_timeout_secs: u64,
}

impl Default for DashboardSettings {
    fn default() -> Self {
        Self {
            session_hours: 12,
            login_link_minutes: 15,
            recheck_secs: 60,
            help_email: "aide@frama.space".into(),
            forum_url: "https://forum.frama.space".into(),
            logins_per_hour_per_address: 60,
            space_timeout_secs: 5,
        }
    }
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct StaffSettings {
    /// How long a login link sent by mail stays valid.
    pub login_link_minutes: i64,
    /// A session ends after this long without a request...
    pub session_idle_minutes: i64,
    /// ...and in any case this long after its login.
    pub session_absolute_hours: i64,
    /// Login-link requests allowed per hour from one client address, and for one e-mail.
    pub login_requests_per_hour_per_address: u32,
    pub login_requests_per_hour_per_email: u32,
    /// Second-factor codes that may be tried per account in 15 minutes.
    pub code_attempts_per_quarter_hour: u32,
}

impl Default for StaffSettings {
    fn default() -> Self {
        Self {
            login_link_minutes: 15,
            session_idle_minutes: 60,
            session_absolute_hours: 12,
            login_requests_per_hour_per_address: 10,
            login_requests_per_hour_per_email: 5,
            code_attempts_per_quarter_hour: 5,
        }
    }
}

/// The job queue's workers (`framaspace worker`, or `serve` with `embedded_worker`).
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct JobSettings {
    /// Worker loops per process; each claims and runs jobs on its own connection.
    pub loops: usize,
    /// Jobs a loop claims at once (they run one after the other).
    pub batch: i64,
    /// How long a claim holds a job; renewed by heartbeat every third of it. A worker that
    /// stops renewing (killed, frozen, cut off) loses its jobs to another after this.
    pub lease_secs: u64,
    /// Workers wake on `LISTEN/NOTIFY` when a job is enqueued; they also look this often.
    pub poll_interval_ms: u64,
    /// Finished (done or cancelled) jobs are kept this many days, then deleted. Dead jobs
    /// stay until someone retries or cancels them.
    pub keep_finished_days: i64,
}

impl Default for JobSettings {
    fn default() -> Self {
        Self {
            loops: 2,
            batch: 10,
            lease_secs: 60,
            poll_interval_ms: 1000,
            keep_finished_days: 7,
        }
    }
}

/// Provisioning new spaces (`[provisioning]`): what every space gets.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ProvisioningSettings {
    /// Accounts a space may have: each gets its share of the space's quota (Nextcloud has
    /// per-account quotas only).
    pub accounts_per_space: u32,
    /// The mail relay the spaces send through (Nextcloud's `mail_smtphost`, `mail_smtpport`),
    /// as the hosts see it.
    pub smtp_host: String,
    pub smtp_port: u16,
    /// The spaces' sender, `<from_address>@<from_domain>` (`mail_from_address`, `mail_domain`).
    pub from_address: String,
    pub from_domain: String,
    /// How often every active space is checked (`status.php`, usage, drift), in seconds.
    pub sweep_every_secs: u64,
    /// Spaces of one host checked at once by the sweep.
    pub sweep_per_host: u32,
    /// The longest `occ maintenance:install` may run, in seconds: it creates every table
    /// and enables the shipped apps, minutes on a busy host, where other commands get the
    /// host's `timeout_secs`.
    pub install_timeout_secs: u64,
    /// The Nextcloud code tree every space of a host runs, as the hosts see it: its `apps`
    /// (shipped) and `custom_apps` (the app-store apps the operator installs once per
    /// version) become each space's `apps_paths`, neither writable.
    pub nextcloud_dir: String,
}

impl Default for ProvisioningSettings {
    fn default() -> Self {
        Self {
            accounts_per_space: 50,
            smtp_host: "localhost".into(),
            smtp_port: 25,
            from_address: "noreply".into(),
            from_domain: "frama.space".into(),
            sweep_every_secs: 600,
            sweep_per_host: 4,
            install_timeout_secs: 1200,
            nextcloud_dir: "/srv/nextcloud/current".into(),
        }
    }
}

/// Applications for a space (`[applications]`); the form's own limits are in
/// `[site.applications]`, which the browser reads too.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ApplicationSettings {
    /// Addresses no application may take, besides the built-in list.
    pub reserved: Vec<String>,
    /// An application not confirmed by its e-mail within this many hours expires, and its
    /// address is free again.
    pub unconfirmed_expire_hours: i64,
    /// The promise made to applicants: an answer within this many days.
    pub review_days: i64,
    /// Submissions, address checks and "lost my link" requests allowed per hour from one
    /// client address (an IPv6 /64 counts as one).
    pub submissions_per_hour_per_address: u32,
    pub slug_checks_per_hour_per_address: u32,
    pub lost_link_per_hour_per_address: u32,
    /// One "lost my link" mail per application in this many seconds.
    pub link_resend_secs: i64,
    /// A rejected, withdrawn or expired application is anonymised this many days after its
    /// last change.
    pub anonymise_after_days: i64,
}

impl Default for ApplicationSettings {
    fn default() -> Self {
        Self {
            reserved: Vec::new(),
            unconfirmed_expire_hours: 72,
            review_days: 30,
            submissions_per_hour_per_address: 5,
            slug_checks_per_hour_per_address: 300,
            lost_link_per_hour_per_address: 5,
            link_resend_secs: 600,
            anonymise_after_days: 180,
        }
    }
}

/// Everything the backend reads.
#[derive(Clone, Debug)]
pub struct Settings {
    pub site: SiteSettings,
    pub mail: MailSettings,
    pub newsletter: NewsletterSettings,
    pub staff: StaffSettings,
    pub jobs: JobSettings,
    pub applications: ApplicationSettings,
    pub provisioning: ProvisioningSettings,
    pub dashboard: DashboardSettings,
    /// Signs the links in mails (unsubscribe); changing it invalidates them.
    pub secret_key: Secret,
}

impl Settings {
    /// Settings for tests and tools: defaults with the given secret.
    pub fn for_tests() -> Self {
        Self {
            site: SiteSettings::default(),
            mail: MailSettings::default(),
            newsletter: NewsletterSettings::default(),
            staff: StaffSettings::default(),
            jobs: JobSettings::default(),
            applications: ApplicationSettings::default(),
            provisioning: ProvisioningSettings::default(),
            dashboard: DashboardSettings::default(),
            secret_key: Secret::new("test-secret-key-that-is-long-enough-0123456789"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_never_prints() {
        let s = Secret::new("hunter2");
        assert_eq!(format!("{s:?}"), "Secret(***)");
        let settings = Settings::for_tests();
        assert!(!format!("{settings:?}").contains("test-secret-key"));
    }
}
