//! The backend's tests against a real PostgreSQL (a fresh database per test), the Nextcloud
//! stand-in and the sources, in one test binary. Cargo makes each file directly under
//! `tests/` a binary of its own, and each one links the whole dependency tree again; as
//! modules of this one, they are built and linked once.

#![allow(clippy::unwrap_used)] // a test that cannot unwrap fails, as it should

mod applications;
mod erasure;
mod fleet;
mod forum_markdown;
mod forum_search;
mod health;
mod host_script;
mod jobs;
mod lifecycle;
mod mail;
mod moderation;
mod newsletter;
mod provisioning;
mod provisioning_faults;
mod structure;
