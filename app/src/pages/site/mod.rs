//! The visitors' pages: the home page, what the service offers and to whom, the questions,
//! the legal texts, how to support it, the newsletter, and the error pages.

pub mod eligibility;
pub mod errors;
pub mod faq;
pub mod features;
pub mod home;
pub mod legal;
pub mod newsletter;
pub mod not_found;
pub mod support;
