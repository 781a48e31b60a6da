//! What the browser (WASM), the pages and the backend all need, with no server-only
//! dependency: the languages, the translation files, and the operator's site settings.

pub mod application;
mod email;
mod error;
pub mod forum;
pub mod hosts;
mod i18n;
mod identifiers;
pub mod places;
mod site;
pub mod states;

pub use email::{is_email, Email};
pub use error::ErrorCode;
pub use fluent_templates::fluent_bundle::FluentValue;
#[cfg(not(target_arch = "wasm32"))]
pub use i18n::browser;
#[cfg(target_arch = "wasm32")]
pub use i18n::install;
pub use i18n::{lookup, Lang};
pub use identifiers::{Rna, Siren, Slug};
pub use site::{ApplicationLimits, SiteInfo};
