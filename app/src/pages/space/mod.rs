//! What a space's referent reaches: the dashboard of their space (logging in with the
//! space, its overview, its members), and the pages of the link that cancels a deletion asked for it.

pub mod connections;
pub mod dashboard;
pub mod deletion;
pub mod directory;
pub mod directory_action;
pub mod export;
pub mod first_steps;
pub mod handover;
pub mod import;
pub mod import_page;
pub mod invitations;
pub mod join;
pub mod login;
pub mod members;
pub mod members_page;
mod nav;
pub mod overview;
pub mod paths;
pub mod settings;
pub mod welcome;
