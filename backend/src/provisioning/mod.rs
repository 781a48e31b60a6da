//! Turning an approved application into a working Nextcloud space: the apps every space
//! runs and the settings that seal it ([`apps`]), the fleet of hosts and
//! where a new space goes ([`fleet`]), the spaces as staff see them ([`spaces`]), the steps
//! that make the space ([`steps`]), its later life ([`lifecycle`]), the health sweep and drift
//! repair ([`health`]), and the alerts staff watch ([`alerts`]).

pub mod alerts;
pub mod apps;
pub mod fleet;
pub mod health;
pub mod lifecycle;
pub mod space_mails;
pub mod spaces;
pub mod steps;

pub(crate) fn register(registry: &mut crate::jobs::Registry, settings: &crate::Settings) {
    steps::register(registry);
    lifecycle::register(registry);
    health::register(
        registry,
        std::time::Duration::from_secs(settings.provisioning.sweep_every_secs.max(1)),
    );
}
