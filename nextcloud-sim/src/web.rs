//! A host's web state and what every handler uses: the request as read, the instances
//! cached, failed logins throttled, logins by password, token or session, and the
//! browser sessions of the login and consent pages.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use base64::Engine;
use bytes::Bytes;

use crate::model::{now, random_alnum, Instance};
use crate::ocs::Caller;
use crate::params::Params;
use crate::store::{HostConfig, Mail, Stamp, Store};

/// Closing the connection without an answer: what a client sees of a host that is down.
#[derive(Debug)]
pub struct Down;

impl std::fmt::Display for Down {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("host down")
    }
}
impl std::error::Error for Down {}

/// One host's web server.
pub struct Web {
    pub store: Store,
    pub config: HostConfig,
    pub(crate) cache: Mutex<HashMap<String, (Stamp, Arc<Instance>)>>,
    /// Failed logins per instance and client address (`Throttler`, §1.3). Kept in memory:
    /// Nextcloud keeps them in its database for 12 hours.
    pub(crate) throttle: Mutex<HashMap<(String, IpAddr), u32>>,
    pub(crate) oauth: Sessions,
    /// API sessions: a login over OCS sets a session cookie, and a client that keeps cookies
    /// is then known by it (§1.3, §2.6 "Password confirmation"): id → (slug, uid, time the
    /// password was last confirmed).
    pub(crate) api_sessions: Mutex<HashMap<String, (String, String, i64)>>,
    /// Requests being answered now, and the most at once since the last
    /// [`Web::reset_busiest`]: how a test sees that a client bounds its concurrency.
    pub(crate) in_flight: AtomicUsize,
    pub(crate) busiest: AtomicUsize,
}

/// One request being answered; counted out when dropped.
pub(crate) struct InFlight<'a>(&'a AtomicUsize);

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// The request as the handlers see it.
pub struct Req {
    pub method: String,
    pub path: String,
    pub query: String,
    pub headers: hyper::HeaderMap,
    pub body: Bytes,
    pub peer: IpAddr,
    /// The instance's host name, e.g. `mon-asso.frama.space`.
    pub host: String,
    pub slug: String,
}

impl Req {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
    pub fn params(&self) -> Params {
        Params::parse(&self.query, self.header("content-type"), &self.body)
    }
    pub fn cookie(&self, name: &str) -> Option<String> {
        self.headers
            .get_all("cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .filter_map(|kv| kv.trim().split_once('='))
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.to_string())
    }
}

pub(crate) const MAX_BODY: usize = 4 * 1024 * 1024;

impl Web {
    pub fn new(store: Store, config: HostConfig) -> Arc<Web> {
        Arc::new(Web {
            store,
            config,
            cache: Mutex::new(HashMap::new()),
            throttle: Mutex::new(HashMap::new()),
            oauth: Default::default(),
            api_sessions: Mutex::new(HashMap::new()),
            in_flight: AtomicUsize::new(0),
            busiest: AtomicUsize::new(0),
        })
    }

    /// The most requests answered at once since the start or the last reset.
    pub fn busiest(&self) -> usize {
        self.busiest.load(Ordering::SeqCst)
    }

    pub fn reset_busiest(&self) {
        self.busiest.store(0, Ordering::SeqCst);
    }

    pub(crate) fn in_flight(&self) -> InFlight<'_> {
        let now = self.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
        self.busiest.fetch_max(now, Ordering::SeqCst);
        InFlight(&self.in_flight)
    }

    /// The instance as last saved, read again only when its file changed (an `occ` process
    /// may have written it).
    pub fn instance(&self, slug: &str) -> Option<Arc<Instance>> {
        let stamp = self.store.stamp(slug)?;
        if let Ok(c) = self.cache.lock() {
            if let Some((s, i)) = c.get(slug) {
                if *s == stamp {
                    return Some(i.clone());
                }
            }
        }
        let inst = Arc::new(self.store.load(slug).ok()??);
        if let Ok(mut c) = self.cache.lock() {
            c.insert(slug.to_string(), (stamp, inst.clone()));
        }
        Some(inst)
    }

    /// Changes an instance under its lock and writes the mails the change sent.
    pub fn update<R>(
        &self,
        slug: &str,
        f: impl FnOnce(&mut Instance, &mut Vec<Mail>) -> R,
    ) -> std::io::Result<R> {
        self.store.transact(slug, |i, m| (f(i, m), true))
    }

    /// The delay a failed login adds for this client (`Throttler`: doubling from 100 ms,
    /// at most 25 s; §1.3).
    pub(crate) fn throttle_delay(&self, slug: &str, ip: IpAddr) -> Duration {
        let n = self
            .throttle
            .lock()
            .ok()
            .and_then(|t| t.get(&(slug.to_string(), ip)).copied())
            .unwrap_or(0);
        if n == 0 {
            return Duration::ZERO;
        }
        Duration::from_millis((100u64 << (n - 1).min(8)).min(25_000))
    }

    pub(crate) fn throttle(&self, slug: &str, ip: IpAddr, failed: bool) {
        if let Ok(mut t) = self.throttle.lock() {
            let k = (slug.to_string(), ip);
            if failed {
                *t.entry(k).or_insert(0) += 1;
            } else {
                t.remove(&k);
            }
        }
    }

    /// A login of any kind (password, app password, Bearer token) updates the last login
    /// and, the first time, makes the user's home: `Session::completeLogin` calls
    /// `updateLastLoginTimestamp()` for token logins too (§8b.5). Not confirmed: the 60 s
    /// below which the time is not written again.
    pub(crate) fn logged_in(&self, slug: &str, inst: &Instance, uid: &str, t: i64) {
        if inst.users.get(uid).is_some_and(|u| t - u.last_login > 60) {
            let _ = self.store.transact(slug, |i, _| {
                if let Some(u) = i.users.get_mut(uid) {
                    if u.first_login == 0 {
                        u.first_login = t;
                    }
                    u.last_login = t;
                }
                ((), true)
            });
        }
    }

    /// Who calls: `Err` when credentials were given and are wrong (the "boom" of §1.3).
    pub(crate) async fn authenticate(
        &self,
        r: &Req,
        inst: &Instance,
    ) -> Result<Option<Caller>, ()> {
        let Some(auth) = r.header("authorization") else {
            return Ok(None);
        };
        let delay = self.throttle_delay(&r.slug, r.peer);
        if !delay.is_zero() {
            tokio::time::sleep(delay).await;
        }
        let t = now();
        if let Some(token) = auth.strip_prefix("Bearer ") {
            // An unknown or expired token is no login at all, not a failed one.
            let caller = inst.token_user(token.trim(), t).map(|tok| Caller {
                admin: inst.is_admin(&tok.uid),
                uid: tok.uid.clone(),
            });
            if let Some(c) = &caller {
                self.logged_in(&r.slug, inst, &c.uid, t);
            }
            return Ok(caller);
        }
        let Some(b64) = auth.strip_prefix("Basic ") else {
            return Ok(None);
        };
        let (login, secret) = basic_credentials(b64).unwrap_or_default();
        let (login, secret) = (login.as_str(), secret.as_str());
        // `tryBasicAuthLogin` tries only when both parts are non-empty: `Basic Og==` is no
        // login at all (some clients always send it).
        if login.is_empty() || secret.is_empty() {
            return Ok(None);
        }
        match inst.check_login(login, secret, t) {
            Some(uid) => {
                self.throttle(&r.slug, r.peer, false);
                self.logged_in(&r.slug, inst, &uid, t);
                Ok(Some(Caller {
                    admin: inst.is_admin(&uid),
                    uid,
                }))
            }
            None => {
                self.throttle(&r.slug, r.peer, true);
                Err(())
            }
        }
    }

    /// Moves every API session's last password confirmation `secs` into the past (a test
    /// cannot wait the 30 minutes of `PasswordConfirmationMiddleware`).
    pub fn age_sessions(&self, secs: i64) {
        if let Ok(mut m) = self.api_sessions.lock() {
            for s in m.values_mut() {
                s.2 -= secs;
            }
        }
    }

    /// The session cookie's name: `oc` and the instance id, as Nextcloud names it.
    pub(crate) fn session_cookie(inst: &Instance) -> String {
        format!(
            "oc{}",
            inst.system
                .get("instanceid")
                .and_then(|v| v.as_str())
                .unwrap_or("")
                .trim_start_matches("oc")
        )
    }

    /// An admin's request to an app's settings routes (`index.php`): `Err` is the refusal
    /// to send. `csrf`: a state-changing route, where `OCS-APIRequest` stands for the CSRF
    /// token. `strict`: `#[PasswordConfirmationRequired(strict: true)]`, the login password
    /// in this very request's Basic credentials (§8b.8); an app password gets 403.
    pub(crate) async fn admin_request(
        &self,
        r: &Req,
        csrf: bool,
        strict: bool,
    ) -> Result<Caller, crate::ocs::Reply> {
        use crate::ocs::Reply;
        let Some(inst) = self.instance(&r.slug) else {
            return Err(Reply::empty(500));
        };
        let caller = match self.authenticate(r, &inst).await {
            Ok(Some(c)) => c,
            _ => return Err(Reply::message(401, "Current user is not logged in")),
        };
        if !caller.admin {
            return Err(Reply::message(403, "Logged in account must be an admin"));
        }
        if csrf && r.header("ocs-apirequest").is_none() {
            return Err(Reply::message(412, "CSRF check failed"));
        }
        if strict && !confirms_password(r, &inst, &caller.uid) {
            return Err(Reply::message(403, "Password confirmation is required"));
        }
        Ok(caller)
    }
}

/// Strict password confirmation (`PasswordConfirmationMiddleware`, strict): the request's
/// own `Authorization: Basic` carries the login password of `uid` (§8b.8).
pub(crate) fn confirms_password(r: &Req, inst: &Instance, uid: &str) -> bool {
    let Some((_, password)) = r
        .header("authorization")
        .and_then(|a| a.strip_prefix("Basic "))
        .and_then(basic_credentials)
    else {
        return false;
    };
    inst.users
        .get(uid)
        .and_then(|u| u.password.as_ref())
        .is_some_and(|p| p.matches(&password))
}

/// The login and password of a Basic `Authorization` value (after `Basic `), if it decodes
/// to `login:password`.
pub(crate) fn basic_credentials(b64: &str) -> Option<(String, String)> {
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(b64.trim())
        .ok()
        .and_then(|b| String::from_utf8(b).ok())?;
    decoded
        .split_once(':')
        .map(|(a, b)| (a.to_string(), b.to_string()))
}

/// Browser sessions (login and the pending authorization), in memory: a restart logs
/// people out, as a Nextcloud restart with file sessions would not; no test relies on it.
#[derive(Default)]
pub struct Sessions(Mutex<HashMap<String, Session>>);

#[derive(Clone, Default)]
pub(crate) struct Session {
    pub(crate) slug: String,
    pub(crate) uid: Option<String>,
    pub(crate) requesttoken: String,
    pub(crate) flow: Option<Flow>,
}

#[derive(Clone)]
pub(crate) struct Flow {
    pub(crate) client_id: String,
    pub(crate) state: String,
    pub(crate) challenge: Option<String>,
}

pub(crate) const COOKIE: &str = "nc_session_id";

impl Sessions {
    pub(crate) fn get(&self, r: &Req) -> Option<(String, Session)> {
        let id = r.cookie(COOKIE)?;
        let s = self.0.lock().ok()?.get(&id).cloned()?;
        (s.slug == r.slug).then_some((id, s))
    }
    pub(crate) fn put(&self, id: &str, s: Session) {
        if let Ok(mut m) = self.0.lock() {
            m.insert(id.to_string(), s);
        }
    }
    /// The caller's session, or a new one (its cookie must then be set).
    pub(crate) fn get_or_new(&self, r: &Req) -> (String, Session, bool) {
        match self.get(r) {
            Some((id, s)) => (id, s, false),
            None => {
                let s = Session {
                    slug: r.slug.clone(),
                    requesttoken: random_alnum(32),
                    ..Session::default()
                };
                (random_alnum(32), s, true)
            }
        }
    }
}
