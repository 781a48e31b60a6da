//! What a space's referent reaches: the dashboard of their space (logging in with the
//! space, its overview), and the pages of the link that cancels a deletion asked for it.

pub mod deletion;
pub mod login;
pub mod overview;
pub mod paths;
