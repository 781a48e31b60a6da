//! Pages for developers, shown only in development mode.
pub mod mails;
