//! Pages, one folder per capability, what a user does: `site` (the visitors' pages), `apply`
//! (applying for a space, following one's application), `space` (what a space's referent
//! reaches), `forum` (the help forum), `staff` (the team's area, itself by capability),
//! `dev` (for developers, in development mode only). `links` holds the buttons behind the
//! mails' links, shared by several of them; `lazy` the routes whose code is fetched only
//! when shown.

pub mod apply;
pub mod dev;
pub mod forum;
pub mod lazy;
pub mod links;
pub mod site;
pub mod space;
pub mod staff;
