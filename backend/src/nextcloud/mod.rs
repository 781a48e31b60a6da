//! The driver that speaks to Nextcloud hosts: `occ` through a per-host command template
//! ([`occ`]), the OCS API ([`ocs`]) and the OAuth2 app ([`oauth`]). It follows the project's
//! Nextcloud contract (`NEXTCLOUD.md`) and knows nothing of the stand-in the tests run it
//! against: the same code drives real hosts.
//!
//! Every idempotency question a provisioning step asks ("is the app enabled?", "does the
//! user exist?", "is this OAuth2 client registered?") is answered by asking Nextcloud,
//! never the portal's database.

pub mod federation;
pub mod host;
pub mod oauth;
pub mod occ;
pub mod ocs;
mod scan;
pub mod secrets;
pub mod settings;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use serde::Deserialize;

pub use host::{Exported, HostScript, OnHost};
pub use occ::{Arguments, CommandTemplate, Occ, OccOutput};
pub use ocs::{Auth, Ocs, OcsVersion, UserDetails};

/// How the portal reaches one host.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HostAccess {
    /// The host's name, as `{host}` in the command template (e.g. `nc1.frama.space`).
    pub name: String,
    /// Spaces answer at `<slug>.<domain>`.
    pub domain: String,
    /// `https` in production.
    #[serde(default = "https")]
    pub scheme: String,
    /// A port other than the scheme's.
    #[serde(default)]
    pub port: Option<u16>,
    /// Send every request for `*.<domain>` to this address, whatever DNS says (a host
    /// behind a private address; the tests' stand-in). TLS still checks the space's name.
    #[serde(default)]
    pub connect_to: Option<SocketAddr>,
    /// How to run a space's `occ`, e.g.
    /// `ssh -T {host} sudo /usr/local/bin/framaspace-occ {slug}`.
    pub occ: CommandTemplate,
    /// How to run the host's script for a space's site and database, e.g.
    /// `ssh -T {host} sudo /usr/local/sbin/framaspace-host {slug}`; without it the portal
    /// cannot make new spaces there.
    #[serde(default)]
    pub host_script: Option<CommandTemplate>,
    #[serde(default)]
    pub ocs_version: OcsVersion,
    /// Longest wait for one HTTP answer or one `occ` command, in seconds.
    #[serde(default = "thirty")]
    pub timeout_secs: u64,
}

fn https() -> String {
    "https".into()
}
fn thirty() -> u64 {
    30
}

impl HostAccess {
    /// `https://<slug>.<domain>[:port]`.
    pub fn base_url(&self, slug: &str) -> String {
        match self.port {
            Some(p) => format!("{}://{slug}.{}:{p}", self.scheme, self.domain),
            None => format!("{}://{slug}.{}", self.scheme, self.domain),
        }
    }

    pub fn timeout(&self) -> Duration {
        Duration::from_secs(self.timeout_secs.max(1))
    }

    /// The same access, waiting at most `secs` for an answer or a command (a person waits).
    pub fn waiting_at_most(mut self, secs: u64) -> HostAccess {
        self.timeout_secs = self.timeout_secs.min(secs);
        self
    }

    pub fn occ(&self, slug: &str) -> Occ {
        Occ::new(self.occ.clone(), &self.name, slug, self.timeout())
    }

    pub fn host_script(&self, slug: &str) -> Option<HostScript> {
        let t = self.host_script.clone()?;
        Some(HostScript::new(t, &self.name, slug, self.timeout()))
    }

    /// One HTTP client for the host: timeouts, no redirects followed (a redirect is an
    /// answer to read, e.g. an instance not installed), and `connect_to` applied.
    pub fn http_client(&self) -> Result<reqwest::Client, NcError> {
        let mut b = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(10).min(self.timeout()))
            .timeout(self.timeout())
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("framaspace/", env!("CARGO_PKG_VERSION")));
        if let Some(addr) = self.connect_to {
            b = b.dns_resolver(Arc::new(ConnectTo {
                suffix: format!(".{}", self.domain),
                addr,
            }));
        }
        b.build().map_err(|e| NcError::Unreachable(e.to_string()))
    }
}

/// Resolves `*.<domain>` to one address; other names as the system does.
struct ConnectTo {
    suffix: String,
    addr: SocketAddr,
}

impl reqwest::dns::Resolve for ConnectTo {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let host = name.as_str().to_string();
        let addr = self.addr;
        let ours = host.ends_with(&self.suffix);
        Box::pin(async move {
            if ours {
                let it: reqwest::dns::Addrs = Box::new(std::iter::once(addr));
                return Ok(it);
            }
            let found: Vec<SocketAddr> =
                tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            let it: reqwest::dns::Addrs = Box::new(found.into_iter());
            Ok(it)
        })
    }
}

/// What can go wrong talking to a host, each documented answer its own variant.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum NcError {
    #[error("cannot reach the host: {0}")]
    Unreachable(String),
    #[error("no answer in time")]
    Timeout,
    /// Wrong login or password (997 "Unauthorised", with `WWW-Authenticate`, §1.3).
    #[error("the host refused the credentials")]
    BadCredentials,
    /// No credentials, or a token that is unknown or expired (997 "Current user is not
    /// logged in").
    #[error("not logged in")]
    NotLoggedIn,
    /// 403: the account is not an admin, or not allowed on that object.
    #[error("forbidden: {0}")]
    Forbidden(String),
    /// 412: the `OCS-APIRequest` header was missing (§1.4).
    #[error("the CSRF check failed")]
    CsrfCheckFailed,
    /// 503 with `X-Nextcloud-Maintenance-Mode` (§1.5).
    #[error("the space is in maintenance mode")]
    Maintenance,
    /// A 302 to `index.php` from an entry point: the instance is not installed.
    #[error("the space is not installed")]
    NotInstalled,
    /// 429 after too many failed logins.
    #[error("too many attempts: the host slows this client down")]
    Throttled,
    /// The user, group or app asked about does not exist.
    #[error("not found")]
    NotFound,
    #[error("the user already exists")]
    UserExists,
    #[error("the group does not exist: {0}")]
    GroupMissing(String),
    /// The password policy refused a password; the hint says why (107).
    #[error("password refused: {0}")]
    PasswordRejected(String),
    /// Neither a password nor an e-mail (108), or an e-mail is required (110).
    #[error("an e-mail address is required")]
    EmailRequired,
    /// 101 and the like: a value Nextcloud refused, with its message.
    #[error("invalid argument: {0}")]
    InvalidArgument(String),
    /// Any other OCS failure, with its code and message.
    #[error("OCS error {code}: {message}")]
    Ocs { code: u32, message: String },
    /// An answer that is not what Nextcloud sends (first 200 characters).
    #[error("unexpected answer (HTTP {status}): {excerpt}")]
    Unexpected { status: u16, excerpt: String },
    /// OAuth2 token endpoint errors (§5.3), each HTTP 400.
    #[error("OAuth2 error: {0}")]
    OAuth(String),
    /// `occ` ran and failed: its exit code and the end of what it said, on either stream
    /// (its own `<error>` lines are on standard output, §8b.2).
    #[error("occ exited with {code}: {stderr}")]
    Occ { code: i32, stderr: String },
    /// `occ` could not be started.
    #[error("cannot run occ: {0}")]
    Spawn(String),
}

/// An answer that began and did not end.
const CUT_SHORT: &str = "answer cut short";

/// The exit code of the host's script and `occ` wrapper when the space's lock is held by
/// another action or a running install (`docs/host/`): try again later.
pub const HOST_BUSY: i32 = 4;

impl NcError {
    /// Worth trying again later: the host did not answer, or answered "not now".
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            NcError::Unreachable(_)
                | NcError::Timeout
                | NcError::Maintenance
                | NcError::Throttled
                | NcError::Unexpected {
                    status: 500..=599,
                    ..
                }
        ) || matches!(
            self,
            NcError::Occ {
                code: 255 | HOST_BUSY,
                ..
            }
        )
    }

    /// The request reached the host and its answer was lost (too late, a failure on its
    /// side, cut short): what was asked may have been done.
    pub fn may_have_happened(&self) -> bool {
        match self {
            NcError::Timeout
            | NcError::Unexpected {
                status: 500..=599, ..
            } => true,
            NcError::Unreachable(kind) => kind == CUT_SHORT,
            _ => false,
        }
    }

    pub(crate) fn from_reqwest(e: reqwest::Error) -> NcError {
        if e.is_timeout() {
            NcError::Timeout
        } else {
            // The URL holds no secret (credentials travel in headers), but keep only the
            // kind of failure: a message never needs more.
            let kind = if e.is_connect() {
                "connection failed"
            } else if e.is_request() {
                "request failed"
            } else if e.is_body() || e.is_decode() {
                CUT_SHORT
            } else {
                "transport error"
            };
            NcError::Unreachable(kind.into())
        }
    }
}
