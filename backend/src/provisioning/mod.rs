//! Turning an approved application into a working Nextcloud space: the fleet of hosts and
//! where a new space goes ([`fleet`]), the spaces as staff see them ([`spaces`]), the steps that make the space ([`steps`]), and the
//! alerts staff watch ([`alerts`]).

pub mod alerts;
pub mod fleet;
pub mod spaces;
pub mod steps;

pub(crate) fn register(registry: &mut crate::jobs::Registry) {
    steps::register(registry);
}
