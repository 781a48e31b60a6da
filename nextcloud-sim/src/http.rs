//! The web side of a host: the `Host` header picks the instance, then `status.php`, the
//! OCS API (`/ocs/v1.php`, `/ocs/v2.php`) and the OAuth2 app answer as NEXTCLOUD.md says.
//! Fault knobs apply before anything: a host or instance that is down closes connections
//! without answering.

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use base64::Engine;
use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;

use crate::model::{now, Instance};
use crate::ocs::{self, envelope, err, Call, Caller, Format, Guard, Reply};
use crate::params::Params;
use crate::store::{valid_slug, HostConfig, Mail, Site, Stamp, Store};

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
    cache: Mutex<HashMap<String, (Stamp, Arc<Instance>)>>,
    /// Failed logins per instance and client address (`Throttler`, §1.3). Kept in memory:
    /// Nextcloud keeps them in its database for 12 hours.
    throttle: Mutex<HashMap<(String, IpAddr), u32>>,
    pub(crate) oauth: crate::oauth::Sessions,
    /// API sessions: a login over OCS sets a session cookie, and a client that keeps cookies
    /// is then known by it (§1.3, §2.6 "Password confirmation"): id → (slug, uid, time the
    /// password was last confirmed).
    api_sessions: Mutex<HashMap<String, (String, String, i64)>>,
    /// Requests being answered now, and the most at once since the last
    /// [`Web::reset_busiest`]: how a test sees that a client bounds its concurrency.
    in_flight: AtomicUsize,
    busiest: AtomicUsize,
}

/// One request being answered; counted out when dropped.
struct InFlight<'a>(&'a AtomicUsize);

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

const MAX_BODY: usize = 4 * 1024 * 1024;

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

    fn in_flight(&self) -> InFlight<'_> {
        let now = self.in_flight.fetch_add(1, Ordering::SeqCst) + 1;
        self.busiest.fetch_max(now, Ordering::SeqCst);
        InFlight(&self.in_flight)
    }

    /// Accepts connections until the task is dropped.
    pub async fn serve(self: Arc<Self>, listener: TcpListener) {
        loop {
            let Ok((stream, peer)) = listener.accept().await else {
                continue;
            };
            let web = self.clone();
            tokio::spawn(async move {
                if web.store.faults(None).down {
                    return;
                }
                let svc = service_fn(move |req| {
                    let web = web.clone();
                    async move {
                        let _counted = web.in_flight();
                        web.answer(req, peer).await
                    }
                });
                let _ = http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), svc)
                    .await;
            });
        }
    }

    async fn answer(
        &self,
        req: Request<Incoming>,
        peer: SocketAddr,
    ) -> Result<Response<Full<Bytes>>, Down> {
        let host_header = req
            .headers()
            .get("host")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_ascii_lowercase();
        let host = host_header
            .rsplit_once(':')
            .map_or(host_header.as_str(), |(h, _)| h)
            .to_string();
        let name = match host.strip_suffix(&format!(".{}", self.config.domain)) {
            Some(s) => s.to_string(),
            None => self.config.default_space.clone().unwrap_or_default(),
        };
        // The web server's sites: a space renamed answers at its new name, and each former
        // name redirects there, path and query kept (`framaspace-host SLUG address`).
        let slug = match self.store.resolve(&name) {
            Site::Serve(instance) => instance,
            Site::Redirect(to) => {
                let port = host_header
                    .rsplit_once(':')
                    .map(|(_, p)| format!(":{p}"))
                    .unwrap_or_default();
                let target = req.uri().path_and_query().map_or("/", |p| p.as_str());
                let location = format!("http://{to}.{}{port}{target}", self.config.domain);
                return Ok(to_response(
                    Reply::new(301, "text/html; charset=utf-8", String::new())
                        .header("location", location),
                ));
            }
        };
        let faults = self
            .store
            .faults(valid_slug(&slug).then_some(slug.as_str()));
        if faults.down {
            return Err(Down);
        }
        if faults.hang {
            std::future::pending::<()>().await;
        }
        if faults.latency_ms > 0 {
            tokio::time::sleep(Duration::from_millis(faults.latency_ms)).await;
        }
        if faults.fails_now() {
            return Ok(to_response(Reply::empty(500)));
        }
        if !valid_slug(&slug)
            || (self.config.sites && !self.instance(&slug).is_some_and(|i| i.site))
        {
            // The web server's answer for a name it does not serve, not Nextcloud's.
            return Ok(to_response(Reply::new(
                404,
                "text/plain; charset=utf-8",
                "No such space\n".into(),
            )));
        }
        let (parts, body) = req.into_parts();
        let body = match Limited::new(body, MAX_BODY).collect().await {
            Ok(b) => b.to_bytes(),
            Err(_) => return Ok(to_response(Reply::empty(413))),
        };
        let r = Req {
            method: parts.method.as_str().to_string(),
            path: parts.uri.path().to_string(),
            query: parts.uri.query().unwrap_or("").to_string(),
            headers: parts.headers,
            body,
            peer: peer.ip(),
            host,
            slug,
        };
        let (reply, changed) = self.route(&r).await;
        if changed && faults.pause_after_effect_ms > 0 {
            let what = format!("http:{} {}", r.method, r.path);
            self.store
                .pause_async(&r.slug, &what, faults.pause_after_effect_ms)
                .await;
        }
        Ok(to_response(reply))
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

    async fn route(&self, r: &Req) -> (Reply, bool) {
        let inst = self.instance(&r.slug);
        let installed = inst.as_ref().is_some_and(|i| i.installed);
        let path = r.path.as_str();
        if path == "/status.php" {
            // §3: anonymous, CORS open, 200 even in maintenance.
            let body = ocs::status_php(inst.as_deref(), self.config.version);
            return (
                Reply::new(200, "application/json", body)
                    .header("access-control-allow-origin", "*"),
                false,
            );
        }
        if !installed {
            // `OC::checkInstalled` (lib/base.php): every entry point but `index.php` and
            // `status.php` answers a bare 302 to `index.php`; `index.php` renders the web
            // installer (200), which a provisioner never drives.
            if path == "/index.php" || path.starts_with("/index.php/") {
                return (
                    Reply::new(
                        200,
                        "text/html; charset=UTF-8",
                        "<!DOCTYPE html><title>Nextcloud</title><p>Installation</p>".into(),
                    ),
                    false,
                );
            }
            return (
                Reply::new(302, "text/html; charset=UTF-8", String::new())
                    .header("location", "/index.php"),
                false,
            );
        }
        for (prefix, v2) in [("/ocs/v1.php", false), ("/ocs/v2.php", true)] {
            if let Some(route) = path.strip_prefix(prefix) {
                return self.ocs(r, route, v2).await;
            }
        }
        // §8b.1: `checkMaintenanceMode` (lib/base.php) answers every other route too, the
        // OAuth2 authorize and token endpoints and the settings pages included, with 503,
        // `X-Nextcloud-Maintenance-Mode: 1` and the maintenance page.
        if inst.as_ref().is_some_and(|i| i.maintenance()) {
            return (
                Reply::new(
                    503,
                    "text/html; charset=UTF-8",
                    "<!DOCTYPE html><title>Nextcloud</title><p>This Nextcloud instance is \
                     currently in maintenance mode, which may take a while.</p>"
                        .into(),
                )
                .header("x-nextcloud-maintenance-mode", "1"),
                false,
            );
        }
        let app_path = path.strip_prefix("/index.php").unwrap_or(path);
        if app_path == "/apps/files_external/globalstorages"
            && r.method == "POST"
            && inst
                .as_ref()
                .is_some_and(|i| i.app_enabled("files_external"))
        {
            return self.add_global_storage(r).await;
        }
        if let Some(reply) = crate::oauth::route(self, r, app_path).await {
            return reply;
        }
        (
            Reply::new(
                404,
                "text/html; charset=UTF-8",
                "<!DOCTYPE html><title>Not found</title><p>Page not found</p>".into(),
            ),
            false,
        )
    }

    /// `POST /apps/files_external/globalstorages` (`GlobalStoragesController::create`): an
    /// admin's mount for everyone, with strict password confirmation. A "Local" one is
    /// refused while `files_external_allow_create_new_local` is false (default true): 403
    /// "Forbidden to manage local mounts" (§8b.10). Not confirmed: the other backends'
    /// option checks, which the stand-in does not make.
    async fn add_global_storage(&self, r: &Req) -> (Reply, bool) {
        let caller = match crate::oauth::admin_request(self, r, true).await {
            Ok(c) => c,
            Err(refused) => return (refused, false),
        };
        let Some(inst) = self.instance(&r.slug) else {
            return (Reply::empty(500), false);
        };
        if !confirms_password(r, &inst, &caller.uid) {
            return (
                Reply::message(403, "Password confirmation is required"),
                false,
            );
        }
        let p = r.params();
        let backend = p.str("backend").to_string();
        if backend == "local" && !inst.system_bool("files_external_allow_create_new_local", true) {
            return (
                Reply::message(403, "Forbidden to manage local mounts"),
                false,
            );
        }
        let mount = p.str("mountPoint").to_string();
        let auth = p.str("authMechanism").to_string();
        let made = self.update(&r.slug, |i, _| {
            let m = serde_json::json!({
                "id": i.next_id(),
                "mountPoint": format!("/{}", mount.trim_start_matches('/')),
                "backend": backend,
                "authMechanism": auth,
                "type": "system",
                "status": 0,
            });
            i.external_mounts.push(m.clone());
            m
        });
        match made {
            Ok(m) => (
                Reply::new(201, "application/json; charset=utf-8", m.to_string()),
                true,
            ),
            Err(_) => (Reply::empty(500), false),
        }
    }

    /// The delay a failed login adds for this client (`Throttler`: doubling from 100 ms,
    /// at most 25 s; §1.3).
    fn throttle_delay(&self, slug: &str, ip: IpAddr) -> Duration {
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

    fn throttle(&self, slug: &str, ip: IpAddr, failed: bool) {
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
    fn logged_in(&self, slug: &str, inst: &Instance, uid: &str, t: i64) {
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
    fn session_cookie(inst: &Instance) -> String {
        format!(
            "oc{}",
            inst.system
                .get("instanceid")
                .and_then(|v| v.as_str())
                .unwrap_or("")
                .trim_start_matches("oc")
        )
    }

    async fn ocs(&self, r: &Req, route: &str, v2: bool) -> (Reply, bool) {
        let mut cookie = None;
        let (mut reply, changed) = self.ocs_inner(r, route, v2, &mut cookie).await;
        if let Some(c) = cookie {
            reply = reply.header("set-cookie", c);
        }
        (reply, changed)
    }

    async fn ocs_inner(
        &self,
        r: &Req,
        route: &str,
        v2: bool,
        set_cookie: &mut Option<String>,
    ) -> (Reply, bool) {
        let params = r.params();
        let helper_format = Format::param(&params).unwrap_or(Format::Xml);
        let Some(inst) = self.instance(&r.slug) else {
            return (Reply::empty(500), false);
        };
        let version = self.config.version;
        // §1.5: maintenance first, on v1 too, through ApiHelper.
        if inst.maintenance() && route != "/core/update" {
            let mut reply = envelope(
                v2,
                helper_format,
                &Err(err(503, "Service unavailable")),
                false,
            );
            reply.status = 503;
            return (reply.header("x-nextcloud-maintenance-mode", "1"), false);
        }
        // A session cookie wins over credentials (§1.3: the user is taken from the session).
        let cookie_name = Self::session_cookie(&inst);
        let session = r.cookie(&cookie_name).and_then(|sid| {
            let m = self.api_sessions.lock().ok()?;
            let (slug, uid, confirmed) = m.get(&sid)?.clone();
            (slug == r.slug && inst.users.get(&uid).is_some_and(|u| u.enabled))
                .then_some((uid, confirmed))
        });
        let authenticated = match &session {
            Some((uid, _)) => Ok(Some(Caller {
                admin: inst.is_admin(uid),
                uid: uid.clone(),
            })),
            None => self.authenticate(r, &inst).await,
        };
        if let (None, Ok(Some(c))) = (&session, &authenticated) {
            if r.header("authorization")
                .is_some_and(|a| a.starts_with("Basic "))
            {
                let sid = crate::model::random_alnum(26);
                if let Ok(mut m) = self.api_sessions.lock() {
                    m.insert(sid.clone(), (r.slug.clone(), c.uid.clone(), now()));
                }
                *set_cookie = Some(format!(
                    "{cookie_name}={sid}; path=/; HttpOnly; SameSite=Lax"
                ));
            }
        }
        let caller = match authenticated {
            Ok(c) => c,
            Err(()) => {
                let realm = if r.header("x-requested-with") == Some("XMLHttpRequest") {
                    "DummyBasic realm=\"Authorisation Required\""
                } else {
                    "Basic realm=\"Authorisation Required\""
                };
                let reply = envelope(v2, helper_format, &Err(err(997, "Unauthorised")), false);
                return (reply.header("www-authenticate", realm), false);
            }
        };
        let found = match ocs::route(&r.method, route) {
            Ok(f) => f,
            Err(true) => return (Reply::empty(405), false),
            Err(false) => {
                let msg = "Invalid query, please check the syntax. API specifications are here: http://www.freedesktop.org/wiki/Specifications/open-collaboration-services.\n";
                return (
                    envelope(v2, helper_format, &Err(err(998, msg)), false),
                    false,
                );
            }
        };
        let format = Format::negotiate(&params, r.header("accept"));
        // SecurityMiddleware: login, then admin, then CSRF (§1.3, §1.4).
        if found.guard != Guard::Public && caller.is_none() {
            return (
                envelope(
                    v2,
                    format,
                    &Err(err(997, "Current user is not logged in")),
                    true,
                ),
                false,
            );
        }
        if found.guard == Guard::Admin && !caller.as_ref().is_some_and(|c| c.admin) {
            return (
                envelope(
                    v2,
                    format,
                    &Err(err(403, "Logged in account must be an admin")),
                    true,
                ),
                false,
            );
        }
        let bearer = r
            .header("authorization")
            .is_some_and(|a| a.starts_with("Bearer "));
        if r.header("ocs-apirequest").is_none() && !bearer {
            if r.header("accept").is_some_and(|a| a.contains("html")) {
                return (
                    Reply::new(
                        412,
                        "text/html; charset=UTF-8",
                        "<!DOCTYPE html><title>Access forbidden</title><p>CSRF check failed</p>"
                            .into(),
                    ),
                    false,
                );
            }
            return (Reply::message(412, "CSRF check failed"), false);
        }
        // `PasswordConfirmationMiddleware`: a session whose password was confirmed more than
        // 30 minutes ago may not change anything (§2.6, §8.9). Clients without cookies never
        // meet it: each request logs in again, which confirms the password.
        if found.writes
            && session
                .as_ref()
                .is_some_and(|(_, confirmed)| now() - confirmed > 30 * 60)
        {
            return (
                envelope(
                    v2,
                    format,
                    &Err(err(403, "Password confirmation is required")),
                    true,
                ),
                false,
            );
        }
        // Strict confirmation (§8b.8): this very request must carry the account's login
        // password as Basic credentials; an app password, a token or a session never do.
        // Not confirmed: the message when the header is missing.
        if found.strict
            && !caller
                .as_ref()
                .is_some_and(|c| confirms_password(r, &inst, &c.uid))
        {
            return (
                envelope(
                    v2,
                    format,
                    &Err(err(403, "Password confirmation is required")),
                    true,
                ),
                false,
            );
        }
        let call = Call {
            version,
            method: &r.method,
            route,
            params: &params,
            caller: caller.as_ref(),
            host: &r.host,
        };
        if !found.writes {
            let mut snapshot = (*inst).clone();
            let result = ocs::handle(&call, &mut snapshot, &mut Vec::new());
            return (envelope(v2, format, &result, true), false);
        }
        match self.update(&r.slug, |i, mails| ocs::handle(&call, i, mails)) {
            Ok(result) => {
                let changed = result.is_ok();
                (envelope(v2, format, &result, true), changed)
            }
            Err(_) => (envelope(v2, format, &Err(err(996, "")), true), false),
        }
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

fn to_response(r: Reply) -> Response<Full<Bytes>> {
    let mut b = Response::builder().status(r.status);
    if !r.body.is_empty() || r.status != 204 {
        b = b.header("content-type", r.content_type);
    }
    for (k, v) in r.headers {
        b = b.header(k, v);
    }
    b.body(Full::new(Bytes::from(r.body)))
        .unwrap_or_else(|_| Response::new(Full::new(Bytes::new())))
}
