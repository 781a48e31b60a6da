//! The words of a space's state and of its health, for the spaces' list and a space's page.

use common::states::{SpaceHealth, SpaceState};

/// A space's state, as words.
pub fn state_label(i18n: crate::i18n::I18n, state: SpaceState) -> String {
    i18n.t(&format!("space-state-{state}"))
}

/// What the last health sweep said, as words.
pub fn health_label(i18n: crate::i18n::I18n, health: Option<SpaceHealth>) -> String {
    match health {
        None => i18n.t("health-none"),
        Some(health) => i18n.t(&format!("health-{health}")),
    }
}
