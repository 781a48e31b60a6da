pub mod eligibility;
pub mod faq;
pub mod features;
pub mod home;
pub mod legal;
pub mod newsletter;
pub mod not_found;
pub mod support;
