//! The hosts as the admins see them: the list (`list`), the form that adds one (`form`), and
//! the list's buttons (`actions`).

pub mod actions;
pub mod form;
pub mod list;
