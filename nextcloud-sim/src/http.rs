//! The web side of a host: the `Host` header picks the instance, then `status.php`, the
//! OCS API (`/ocs/v1.php`, `/ocs/v2.php`) and the OAuth2 app answer as NEXTCLOUD.md says.
//! Fault knobs apply before anything: a host or instance that is down closes connections
//! without answering.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;

use crate::model::now;
use crate::ocs::{self, envelope, err, Call, Caller, Format, Guard, Reply};
use crate::store::{valid_slug, Site};

use crate::web::{confirms_password, MAX_BODY};
pub use crate::web::{Down, Req, Web};

impl Web {
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
        if let Err(refused) = self.admin_request(r, true, true).await {
            return (refused, false);
        }
        let Some(inst) = self.instance(&r.slug) else {
            return (Reply::empty(500), false);
        };
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
            Ok(_) if ocs::app_of(route).is_some_and(|app| !inst.app_enabled(app)) => {
                let msg = "Invalid query, please check the syntax. API specifications are here: http://www.freedesktop.org/wiki/Specifications/open-collaboration-services.\n";
                return (
                    envelope(v2, helper_format, &Err(err(998, msg)), false),
                    false,
                );
            }
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
        let stale = found.writes
            && session
                .as_ref()
                .is_some_and(|(_, confirmed)| now() - confirmed > 30 * 60);
        // Strict confirmation (§8b.8): this very request must carry the account's login
        // password as Basic credentials; an app password, a token or a session never do.
        // Not confirmed: the message when the header is missing.
        let unconfirmed = found.strict
            && !caller
                .as_ref()
                .is_some_and(|c| confirms_password(r, &inst, &c.uid));
        if stale || unconfirmed {
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
            reaches: &|url| crate::network::is_nextcloud(&self.store, &self.config, url),
        };
        if !found.writes {
            let mut snapshot = (*inst).clone();
            let result = ocs::handle(&call, &mut snapshot, &mut Vec::new());
            return (envelope(v2, format, &result, true), false);
        }
        match self.update(&r.slug, |i, mails| ocs::handle(&call, i, mails)) {
            Ok(result) => {
                let changed = result.is_ok();
                if changed && ocs::app_of(route) == Some("federation") {
                    // What the background jobs of both sides would do next (`network`).
                    let _ = crate::network::exchange(&self.store, &self.config, &r.slug);
                }
                (envelope(v2, format, &result, true), changed)
            }
            Err(_) => (envelope(v2, format, &Err(err(996, "")), true), false),
        }
    }
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
