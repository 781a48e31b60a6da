//! What the backend's tests, the server's tests and the benches share, written once: a
//! test that needs an application, a moderator or a stand-in host takes it from here, so
//! that a change to how an application is sent or a host is added is made in one place.
//!
//! - the context a test works in ([`ctx`]) and a job worker with every handler ([`worker`]);
//! - [`applicants`]: a registration window open, an application sent and confirmed, a
//!   moderator (a staff proof) to decide on it;
//! - [`hosts`]: stand-in Nextcloud hosts in the fleet, approved spaces on them, the queue
//!   drained, and what a provisioned space must hold;
//! - [`smtp`]: a real SMTP listener that keeps every mail;
//! - [`database`]: a fresh database for the benches, and where a text is still stored;
//! - [`forum`]: the forum's people, topics and replies, written for tests that read them.
//!
//! What is specific to one suite stays beside it: the server's tests keep their HTTP client
//! and their logins through the pages.

// Test code: a helper that cannot unwrap fails its test, as it should.
#![allow(clippy::unwrap_used)]

pub mod applicants;
pub mod database;
pub mod forum;
pub mod hosts;
pub mod smtp;

use std::sync::Arc;

use backend::config::MailSettings;
use backend::jobs::Worker;
use backend::{Ctx, Settings};
use sqlx::PgPool;

/// The context of a test: the settings for tests, with mail written to a folder of its
/// own (empty), so that a test reads only the mails it caused.
pub fn ctx(pool: &PgPool) -> Ctx {
    use std::sync::atomic::{AtomicU32, Ordering};
    static N: AtomicU32 = AtomicU32::new(0);
    let mut settings = Settings::for_tests();
    settings.mail.file_dir = std::env::temp_dir().join(format!(
        "framaspace-test-ctx-mail-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = std::fs::remove_dir_all(&settings.mail.file_dir);
    Ctx::new(pool.clone(), settings)
}

/// A job worker with every handler, sending mail as `mail` says.
pub fn worker(pool: &PgPool, mail: MailSettings) -> Worker {
    let mut settings = Settings::for_tests();
    settings.mail = mail;
    let ctx = Ctx::new(pool.clone(), settings);
    let registry = Arc::new(backend::portal::jobs(&ctx.settings));
    Worker::new(ctx, registry, "test")
}
