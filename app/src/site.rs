//! What every page knows about the site and the visitor, decided on the server and
//! handed to the browser with the page, so hydration renders the same thing.

use serde::{Deserialize, Serialize};

use crate::i18n::Lang;

/// Operator settings shown on the pages (from the server's configuration).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SiteInfo {
    pub name: String,
    pub public_url: String,
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
    pub accessibility_audit_date: String,
    /// Development pages (sent mail) are shown.
    pub dev_mode: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageEnv {
    pub lang: Lang,
    pub site: SiteInfo,
}

pub fn use_env() -> PageEnv {
    leptos::prelude::use_context::<PageEnv>().unwrap_or_default()
}
