//! What every page knows about the site and the visitor, decided on the server and
//! handed to the browser with the page, so hydration renders the same thing.

use serde::{Deserialize, Serialize};

pub use common::SiteInfo;

use common::Lang;

/// Whether the server runs in development mode (development pages shown).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DevMode(pub bool);

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageEnv {
    pub lang: Lang,
    pub site: SiteInfo,
    /// How long a staff login link stays valid, for the login page's text.
    pub login_link_minutes: i64,
}

pub fn use_env() -> PageEnv {
    leptos::prelude::use_context::<PageEnv>().unwrap_or_default()
}

/// The code a refused server function answers with, so that the page can show the 401 or
/// 403 page: `unauthorized` or `forbidden`.
pub fn denied_code(status: u16) -> &'static str {
    if status == 401 {
        "unauthorized"
    } else {
        "forbidden"
    }
}

/// The status a server-function error stands for, when it is a refusal.
pub fn denied_status(error: &leptos::prelude::ServerFnError) -> Option<u16> {
    let text = error.to_string();
    if text.ends_with("unauthorized") {
        Some(401)
    } else if text.ends_with("forbidden") {
        Some(403)
    } else {
        None
    }
}
