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

/// Percent-encodes all but the unreserved characters (RFC 3986): a value safe in a path
/// segment or in a query.
pub fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
