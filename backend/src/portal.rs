//! The portal as a whole: what only the top knows, every part at once. The queue knows no
//! kind of work; each part registers its own jobs, and this is the one place that asks
//! them all.

use crate::jobs::Registry;
use crate::Settings;

/// Every job kind the portal knows, with its handler and periodic schedule.
pub fn jobs(settings: &Settings) -> Registry {
    let mut registry = Registry::new();
    crate::mail::register(&mut registry, &settings.mail);
    crate::newsletter::register(&mut registry);
    crate::forum::notify::register(&mut registry);
    crate::accounts::register(&mut registry);
    crate::referents::register(&mut registry);
    crate::referents::import::register(&mut registry);
    crate::referents::settings::register(&mut registry);
    crate::referents::export::register(&mut registry);
    crate::referents::connections::register(&mut registry);
    crate::rate_limit::register(&mut registry);
    crate::applications::register(&mut registry);
    crate::provisioning::register(&mut registry, settings);
    crate::jobs::register(&mut registry);
    registry
}
