pub mod action_form;
pub mod fields;
pub mod form;
pub mod layout;
pub mod notice;
pub mod table;
pub mod title;
