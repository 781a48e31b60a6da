//! What every page knows about the site and the visitor, decided on the server and
//! handed to the browser with the page, so hydration renders the same thing.

use serde::{Deserialize, Serialize};

pub use common::SiteInfo;

use crate::i18n::Lang;

/// Whether the server runs in development mode (development pages shown).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DevMode(pub bool);

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageEnv {
    pub lang: Lang,
    pub site: SiteInfo,
}

pub fn use_env() -> PageEnv {
    leptos::prelude::use_context::<PageEnv>().unwrap_or_default()
}
