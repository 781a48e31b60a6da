//! The spaces as the staff see them: the list (`list`), one space's page (`space`), its
//! buttons (`actions`), and the words both pages use (`shared`).

pub mod actions;
pub mod list;
pub mod shared;
pub mod space;
