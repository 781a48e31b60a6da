//! Everything behind the pages: domain rules and persistence, plain async Rust over a
//! PostgreSQL pool. Nothing here knows about HTTP or Leptos, so every rule can be tested
//! without a browser or a server.

pub mod accounts;
pub mod applications;
pub mod config;
pub mod crypto;
pub mod db;
pub mod demo;
pub mod forum;
pub mod i18n;
pub mod jobs;
pub mod mail;
pub mod newsletter;
pub mod nextcloud;
pub mod portal;
pub mod provisioning;
pub mod rate_limit;
pub mod referents;
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

impl ClientAddr {
    /// A client as rate limits count it: an IPv4 address, or the /64 network of an IPv6
    /// one (one home or one server gets a whole /64, and could take a new address for
    /// every request). IPv4 addresses written in IPv6 (`::ffff:a.b.c.d`) count as IPv4.
    pub fn of(ip: std::net::IpAddr) -> Self {
        match ip {
            std::net::IpAddr::V4(v4) => Self(v4.to_string()),
            std::net::IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
                Some(v4) => Self(v4.to_string()),
                None => {
                    let s = v6.segments();
                    Self(format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3]))
                }
            },
        }
    }

    /// A client from an address as a proxy's header writes it; `unknown` when it is not
    /// an address.
    pub fn parse(raw: &str) -> Self {
        raw.trim()
            .parse::<std::net::IpAddr>()
            .map(Self::of)
            .unwrap_or_else(|_| Self("unknown".into()))
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    #[error("too many requests")]
    RateLimited,
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::ClientAddr;

    #[test]
    fn an_ipv6_client_is_its_slash_64() {
        let a = ClientAddr::parse("2001:db8:1:2:aaaa::1");
        assert_eq!(a.0, "2001:db8:1:2::/64");
        assert_eq!(a, ClientAddr::parse("2001:db8:1:2:ffff:ffff:ffff:ffff"));
        assert_ne!(a, ClientAddr::parse("2001:db8:1:3::1"));
        assert_eq!(ClientAddr::parse("::ffff:192.0.2.7").0, "192.0.2.7");
        assert_eq!(ClientAddr::parse(" 192.0.2.7 ").0, "192.0.2.7");
        assert_eq!(ClientAddr::parse("<script>").0, "unknown");
    }
}
