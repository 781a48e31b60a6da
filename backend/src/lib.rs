//! Everything behind the pages: domain rules and persistence, plain async Rust over a
//! PostgreSQL pool. Nothing here knows about HTTP or Leptos, so every rule can be tested
//! without a browser or a server.

pub mod accounts;
pub mod applications;
pub mod config;
pub mod crypto;
pub mod db;
pub mod demo;
pub mod i18n;
pub mod jobs;
pub mod mail;
pub mod newsletter;
pub mod rate_limit;
pub mod tokens;

use std::sync::Arc;

pub use common::Email;
pub use config::{Secret, Settings};
pub use i18n::Lang;

/// What every backend operation needs: the pool and the settings. Handed to server functions
/// through Leptos context and to handlers through axum state; never a global.
#[derive(Clone)]
pub struct Ctx {
    pub pool: sqlx::PgPool,
    pub settings: Arc<Settings>,
}

impl Ctx {
    pub fn new(pool: sqlx::PgPool, settings: Settings) -> Self {
        Self {
            pool,
            settings: Arc::new(settings),
        }
    }
}

/// The address a request came from, as the server decided it (peer address, or the
/// trusted proxy's header). Used as a rate-limit key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientAddr(pub String);

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    #[error("too many requests")]
    RateLimited,
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
