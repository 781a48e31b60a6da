//! Pages, one folder per kind of user: `public` for visitors, `staff` for the team, `dev`
//! for developers. Later: `apply`, `dashboard`, `forum`.

pub mod dev;
pub mod lazy;
pub mod public;
pub mod staff;
