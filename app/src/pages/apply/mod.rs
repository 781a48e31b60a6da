//! Applying for a space: the form (while registrations are open) and the page after it, the
//! confirmation by e-mail, the private status page and the "lost my link" form. Their
//! addresses are in `paths`.

pub mod confirm;
pub mod form;
pub mod lost_link;
pub mod paths;
pub mod status;
