//! Pages, one folder per kind of user: `public` for visitors, `dev` for developers.
//! Later: `apply`, `staff`, `dashboard`, `forum`.

pub mod dev;
pub mod public;
