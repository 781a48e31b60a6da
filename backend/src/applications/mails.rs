//! The kinds of mail applications send; erasing an applicant erases these.

pub const MAIL_CONFIRM: &str = "application-confirm";
pub const MAIL_LINK: &str = "application-link";
pub const MAIL_KINDS: [&str; 3] = [MAIL_CONFIRM, MAIL_LINK, super::moderation::MAIL_DECISION];
