use serde::{Deserialize, Serialize};

/// What an operator changes to run the portal under another name: shown on the pages,
/// used in mails, read from the `[site]` section of the configuration.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SiteInfo {
    /// Shown in titles, mails and the header.
    pub name: String,
    /// Where the portal is reached from outside, without a trailing slash; used in mail links.
    pub public_url: String,
    /// Spaces live at `<slug>.<domain_suffix>`.
    pub domain_suffix: String,
    pub quota_gb: u32,
    pub accounts_per_space: u32,
    pub capacity: u32,
    pub donation_url: String,
    pub publisher: String,
    pub publisher_address: String,
    pub publication_director: String,
    pub contact_email: String,
    pub host_name: String,
    pub host_address: String,
    /// The date of the last accessibility audit, shown in the accessibility statement.
    pub accessibility_audit_date: String,
    /// The application form's limits (`[site.applications]`).
    pub applications: ApplicationLimits,
}

impl SiteInfo {
    /// A space's address as people read it: `<slug>.<domain>`.
    pub fn space_address(&self, slug: &str) -> String {
        format!("{slug}.{}", self.domain_suffix)
    }
}

impl Default for SiteInfo {
    fn default() -> Self {
        Self {
            name: "Frama.space".into(),
            public_url: "http://127.0.0.1:3000".into(),
            domain_suffix: "frama.space".into(),
            quota_gb: 40,
            accounts_per_space: 50,
            capacity: 10_000,
            donation_url: "https://soutenir.framasoft.org".into(),
            publisher: "Framasoft".into(),
            publisher_address: "10 bis rue Jangot, 69007 Lyon, France".into(),
            publication_director: "Pierre-Yves Gosset".into(),
            contact_email: "contact@frama.space".into(),
            host_name: "Hetzner Online GmbH".into(),
            host_address: "Industriestr. 25, 91710 Gunzenhausen, Allemagne".into(),
            accessibility_audit_date: "2026-11-24".into(),
            applications: Default::default(),
        }
    }
}

/// The limits of the application form's texts, from the `[site.applications]` settings.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ApplicationLimits {
    /// Characters in a one-line answer (a name, a role).
    pub line_max: usize,
    /// Characters in a longer answer (what the space is for).
    pub text_max: usize,
    /// The largest number of members a structure may state.
    pub members_max: u32,
}

impl Default for ApplicationLimits {
    fn default() -> Self {
        Self {
            line_max: 200,
            text_max: 4000,
            members_max: 1_000_000,
        }
    }
}
