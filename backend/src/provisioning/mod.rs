//! Turning an approved application into a working Nextcloud space: the fleet of hosts and
//! where a new space goes ([`fleet`]); the provisioning steps come next.

pub mod fleet;
