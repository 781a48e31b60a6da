//! The built-in `oauth2` app (NEXTCLOUD.md §5): authorize, a login page and a consent page
//! that a person must click, the token endpoint with single-use rotating refresh tokens,
//! PKCE S256 on hosts playing 35, and the client-creation path of NC 34 (§5.5).
//!
//! Nextcloud shows two pages after login (the "auth picker", then "grant access"); the
//! stand-in shows one consent page whose button must be pressed, which is what a client
//! can observe: nothing is granted without a person's POST.

use base64::Engine;
use sha2::{Digest, Sha256};

use crate::model::{now, random_alnum, sha256_hex, Instance, OAuthClient, OAuthGrant};
use crate::ocs::Reply;
use crate::php::Php;
use crate::web::{Flow, Req, Web, COOKIE};

pub const CODE_TTL: i64 = 600;
pub const ACCESS_TTL: i64 = 3600;

fn cookie(id: &str) -> String {
    format!("{COOKIE}={id}; path=/; HttpOnly; SameSite=Lax")
}

fn redirect(to: &str) -> Reply {
    Reply::new(303, "text/html; charset=UTF-8", String::new()).header("location", to)
}

fn with_query(uri: &str, pairs: &[(&str, &str)]) -> String {
    let q: String = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish();
    let sep = if uri.contains('?') { '&' } else { '?' };
    format!("{uri}{sep}{q}")
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#039;")
}

fn page(title: &str, body: &str) -> Reply {
    Reply::new(
        200,
        "text/html; charset=UTF-8",
        format!("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{}</title></head><body><main>{body}</main></body></html>\n", esc(title)),
    )
}

fn token_error(e: &str) -> Reply {
    Reply::new(
        400,
        "application/json; charset=utf-8",
        format!("{{\"error\":\"{e}\"}}"),
    )
}

/// The OAuth2 and login routes, or `None` when the path is none of them.
pub async fn route(web: &Web, r: &Req, path: &str) -> Option<(Reply, bool)> {
    let m = r.method.as_str();
    Some(match (m, path) {
        ("GET", "/apps/oauth2/authorize") => (authorize(web, r), false),
        ("POST", "/apps/oauth2/api/v1/token") => token(web, r),
        ("GET", "/login") => (login_page(web, r, None), false),
        ("POST", "/login") => login(web, r).await,
        ("GET", "/login/flow") => (consent_page(web, r), false),
        ("POST", "/login/flow") => grant(web, r),
        ("POST", "/apps/oauth2/clients") => add_client_http(web, r).await,
        ("GET", "/settings/admin/security") => (admin_security_page(web, r).await, false),
        ("DELETE", p) if p.starts_with("/apps/oauth2/clients/") => {
            delete_client_http(web, r, &p["/apps/oauth2/clients/".len()..]).await
        }
        _ => return None,
    })
}

/// `LoginRedirectorController::authorize` (§5.2, §5.4).
fn authorize(web: &Web, r: &Req) -> Reply {
    let p = r.params();
    let Some(inst) = web.instance(&r.slug) else {
        return Reply::empty(500);
    };
    let Some(client) = inst
        .oauth_clients
        .iter()
        .find(|c| c.client_id == p.str("client_id"))
    else {
        return page(
            "Error",
            "<h1>Access forbidden</h1><p>Your client is not authorized to connect. Please inform the administrator of your client.</p>",
        );
    };
    let state = p.str("state").to_string();
    // §5.2: the registered redirect URI is always used; `redirect_uri` is not compared.
    let back = |e: &str, desc: Option<&str>| {
        let mut q = vec![("error", e), ("state", state.as_str())];
        if let Some(d) = desc {
            q.push(("error_description", d));
        }
        redirect(&with_query(&client.redirect_uri, &q))
    };
    if p.str("response_type") != "code" {
        return back("unsupported_response_type", None);
    }
    let mut challenge = None;
    if web.config.version.has_pkce() {
        let c = p.str("code_challenge");
        let method = p.str("code_challenge_method");
        if !c.is_empty() || !method.is_empty() {
            if c.is_empty() {
                return back("invalid_request", Some("code_challenge required"));
            }
            if !valid_pkce(c) {
                return back("invalid_request", Some("Invalid code_challenge"));
            }
            // A challenge without a method is `plain`, which is refused (§5.4).
            if method != "S256" {
                return back("invalid_request", Some("Transform algorithm not supported"));
            }
            challenge = Some(c.to_string());
        }
    }
    let (id, mut s, new) = web.oauth.get_or_new(r);
    s.flow = Some(Flow {
        client_id: client.client_id.clone(),
        state,
        challenge,
    });
    web.oauth.put(&id, s);
    let reply = redirect(&with_query(
        "/index.php/login/flow",
        &[("clientIdentifier", &client.client_id)],
    ));
    if new {
        reply.header("set-cookie", cookie(&id))
    } else {
        reply
    }
}

/// `^[A-Za-z0-9._~-]{43,128}$`, for challenges and verifiers alike.
fn valid_pkce(s: &str) -> bool {
    (43..=128).contains(&s.len())
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"._~-".contains(&b))
}

fn login_page(web: &Web, r: &Req, error: Option<&str>) -> Reply {
    let (id, s, new) = web.oauth.get_or_new(r);
    let p = r.params();
    let redirect_url = p.str("redirect_url");
    let body = format!(
        "<h1>Log in to {name}</h1>{err}<form method=\"post\" action=\"/index.php/login\">\
<input type=\"hidden\" name=\"requesttoken\" value=\"{rt}\">\
<input type=\"hidden\" name=\"redirect_url\" value=\"{ru}\">\
<label for=\"user\">Account name or email</label><input id=\"user\" name=\"user\" autocomplete=\"username\" required>\
<label for=\"password\">Password</label><input id=\"password\" name=\"password\" type=\"password\" autocomplete=\"current-password\" required>\
<button type=\"submit\">Log in</button></form>",
        name = esc(&instance_name(web, r)),
        err = error.map(|e| format!("<p role=\"alert\">{}</p>", esc(e))).unwrap_or_default(),
        rt = esc(&s.requesttoken),
        ru = esc(redirect_url),
    );
    web.oauth.put(&id, s);
    let reply = page("Login", &body);
    if new {
        reply.header("set-cookie", cookie(&id))
    } else {
        reply
    }
}

fn instance_name(web: &Web, r: &Req) -> String {
    web.instance(&r.slug)
        .and_then(|i| i.app_value("theming", "name").map(str::to_string))
        .unwrap_or_else(|| "Nextcloud".into())
}

async fn login(web: &Web, r: &Req) -> (Reply, bool) {
    let p = r.params();
    let Some((id, mut s)) = web.oauth.get(r) else {
        return (
            login_page(web, r, Some("Your session expired. Please try again.")),
            false,
        );
    };
    if p.str("requesttoken") != s.requesttoken {
        return (
            login_page(web, r, Some("Your session expired. Please try again.")),
            false,
        );
    }
    let Some(inst) = web.instance(&r.slug) else {
        return (Reply::empty(500), false);
    };
    // Login by account name or e-mail, as Nextcloud's login form allows.
    let login = p.str("user");
    let uid = inst
        .users
        .values()
        .find(|u| u.uid == login || u.email.as_deref() == Some(login))
        .map(|u| u.uid.clone())
        .unwrap_or_else(|| login.to_string());
    let Some(uid) = inst.check_login(&uid, p.str("password"), now()) else {
        return (login_page(web, r, Some("Wrong login or password.")), false);
    };
    let t = now();
    let _ = web.update(&r.slug, |i, _| {
        if let Some(u) = i.users.get_mut(&uid) {
            if u.first_login == 0 {
                u.first_login = t;
            }
            u.last_login = t;
        }
    });
    s.uid = Some(uid);
    s.requesttoken = random_alnum(32);
    web.oauth.put(&id, s);
    let to = p.str("redirect_url");
    let to = if to.starts_with('/') && !to.starts_with("//") {
        to
    } else {
        "/index.php/apps/files/"
    };
    (redirect(to), true)
}

/// The page that asks the person to grant access (`ClientFlowLoginController`).
fn consent_page(web: &Web, r: &Req) -> Reply {
    let here = format!("/index.php/login/flow?{}", r.query);
    let Some((_, s)) = web.oauth.get(r).filter(|(_, s)| s.uid.is_some()) else {
        return redirect(&with_query("/index.php/login", &[("redirect_url", &here)]));
    };
    let Some(flow) = s.flow.as_ref() else {
        return page(
            "Error",
            "<h1>Access forbidden</h1><p>State token does not match</p>",
        );
    };
    let Some(inst) = web.instance(&r.slug) else {
        return Reply::empty(500);
    };
    let client = inst
        .oauth_clients
        .iter()
        .find(|c| c.client_id == flow.client_id)
        .map(|c| c.name.clone())
        .unwrap_or_default();
    page(
        "Account access",
        &format!(
            "<h1>Account access</h1><p>You are about to grant {client} access to your {name} account.</p>\
<form method=\"post\" action=\"/index.php/login/flow\"><input type=\"hidden\" name=\"requesttoken\" value=\"{rt}\">\
<input type=\"hidden\" name=\"clientIdentifier\" value=\"{cid}\"><button type=\"submit\">Grant access</button></form>",
            client = esc(&client),
            name = esc(&instance_name(web, r)),
            rt = esc(&s.requesttoken),
            cid = esc(&flow.client_id),
        ),
    )
}

/// The person pressed "Grant access": a code, then back to the registered redirect URI
/// (`generateAppPassword`, §5.2).
fn grant(web: &Web, r: &Req) -> (Reply, bool) {
    let p = r.params();
    let Some((id, mut s)) = web.oauth.get(r) else {
        return (
            page(
                "Error",
                "<h1>Access forbidden</h1><p>State token missing</p>",
            ),
            false,
        );
    };
    let (Some(uid), Some(flow)) = (s.uid.clone(), s.flow.take()) else {
        return (
            page(
                "Error",
                "<h1>Access forbidden</h1><p>State token missing</p>",
            ),
            false,
        );
    };
    if p.str("requesttoken") != s.requesttoken {
        return (
            page("Error", "<h1>Access forbidden</h1><p>CSRF check failed</p>"),
            false,
        );
    }
    let code = random_alnum(128);
    let t = now();
    let saved = web.update(&r.slug, |i, _| {
        let client = i
            .oauth_clients
            .iter()
            .find(|c| c.client_id == flow.client_id)
            .cloned()?;
        i.oauth_grants.push(OAuthGrant {
            client_id: client.client_id.clone(),
            uid: uid.clone(),
            code_hash: Some(sha256_hex(&code)),
            code_created: t,
            refresh_hash: None,
            challenge: flow.challenge.clone(),
            access_token_id: None,
        });
        Some(client.redirect_uri)
    });
    web.oauth.put(&id, s);
    match saved {
        Ok(Some(uri)) => (
            redirect(&with_query(
                &uri,
                &[("state", &flow.state), ("code", &code)],
            )),
            true,
        ),
        _ => (
            page("Error", "<h1>Access forbidden</h1><p>Client not found</p>"),
            false,
        ),
    }
}

/// `OauthApiController::getToken` (§5.3). Every error is HTTP 400 `{"error":…}`.
fn token(web: &Web, r: &Req) -> (Reply, bool) {
    let p = r.params();
    let grant_type = p.str("grant_type").to_string();
    if grant_type != "authorization_code" && grant_type != "refresh_token" {
        return (token_error("invalid_grant"), false);
    }
    let (mut client_id, mut secret) = (
        p.str("client_id").to_string(),
        p.str("client_secret").to_string(),
    );
    // HTTP Basic overrides the body (PHP_AUTH_USER / PHP_AUTH_PW).
    if let Some(b64) = r
        .header("authorization")
        .and_then(|a| a.strip_prefix("Basic "))
    {
        if let Some((u, pw)) = crate::web::basic_credentials(b64) {
            client_id = u;
            secret = pw;
        }
    }
    let secret_value = if grant_type == "authorization_code" {
        p.str("code")
    } else {
        p.str("refresh_token")
    };
    let presented = sha256_hex(secret_value);
    let verifier = p.get("code_verifier").map(str::to_string);
    let version = web.config.version;
    let t = now();
    let result = web.update(&r.slug, |inst, _| -> Result<String, &'static str> {
        let idx = inst
            .oauth_grants
            .iter()
            .position(|g| {
                if grant_type == "authorization_code" {
                    g.code_hash.as_deref() == Some(presented.as_str())
                } else {
                    g.refresh_hash.as_deref() == Some(presented.as_str())
                }
            })
            .ok_or("invalid_request")?;
        let g = inst.oauth_grants[idx].clone();
        if grant_type == "authorization_code" {
            if t - g.code_created > CODE_TTL {
                inst.oauth_grants.remove(idx);
                return Err("invalid_request");
            }
            if let (true, Some(ch)) = (version.has_pkce(), g.challenge.as_deref()) {
                let Some(v) = verifier.as_deref() else {
                    return Err("invalid_request");
                };
                if !valid_pkce(v) || s256(v) != ch {
                    return Err("invalid_grant");
                }
            }
        }
        let client: OAuthClient = inst
            .oauth_clients
            .iter()
            .find(|c| c.client_id == g.client_id)
            .cloned()
            .ok_or("invalid_request")?;
        if client.client_id != client_id || client.secret_hash != sha256_hex(&secret) {
            return Err("invalid_client");
        }
        if let Some(old) = g.access_token_id {
            inst.tokens.retain(|tk| tk.id != old);
        }
        let (token_id, access) = inst.add_token(
            &g.uid,
            &client.name,
            Some(t + ACCESS_TTL),
            Some(&client.client_id),
        );
        let refresh = random_alnum(128);
        let ng = &mut inst.oauth_grants[idx];
        ng.code_hash = None;
        ng.refresh_hash = Some(sha256_hex(&refresh));
        ng.access_token_id = Some(token_id);
        Ok(crate::map![
            ("access_token", access),
            ("token_type", "Bearer"),
            ("expires_in", ACCESS_TTL),
            ("refresh_token", refresh),
            ("user_id", g.uid.clone()),
        ]
        .to_json())
    });
    match result {
        Ok(Ok(body)) => (
            Reply::new(200, "application/json; charset=utf-8", body),
            true,
        ),
        Ok(Err(e)) => (token_error(e), false),
        Err(_) => (Reply::empty(500), false),
    }
}

pub fn s256(verifier: &str) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

/// A new client: `(client_id, secret)`; the secret is shown once and kept as a digest.
pub fn add_client(
    inst: &mut Instance,
    name: &str,
    redirect_uri: &str,
) -> Result<OAuthClient, BadRedirect> {
    if !full_url(redirect_uri) {
        return Err(BadRedirect);
    }
    let secret = random_alnum(64);
    let c = OAuthClient {
        id: inst.next_id(),
        name: name.to_string(),
        redirect_uri: redirect_uri.to_string(),
        client_id: random_alnum(64),
        secret_hash: sha256_hex(&secret),
    };
    inst.oauth_clients.push(c.clone());
    Ok(OAuthClient {
        secret_hash: secret,
        ..c
    })
}

/// "Your redirect URL needs to be a full URL": a scheme and a host.
fn full_url(u: &str) -> bool {
    match u.split_once("://") {
        Some((scheme, rest)) => {
            !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
                && !rest.is_empty()
                && !rest.starts_with('/')
        }
        None => false,
    }
}

/// The redirect URI is not a full URL.
#[derive(Debug, PartialEq, Eq)]
pub struct BadRedirect;

pub const BAD_REDIRECT: &str =
    "Your redirect URL needs to be a full URL for example: https://yourdomain.com/path";

/// `POST /index.php/apps/oauth2/clients` (`SettingsController::addClient`), the way to make
/// a client before NC 35: an admin, with `OCS-APIRequest` standing for the CSRF token on
/// NC ≥ 31 (§1.4, §5.5).
async fn add_client_http(web: &Web, r: &Req) -> (Reply, bool) {
    // NC 35's `SettingsController::addClient` asks strict password confirmation (§8b.8).
    let strict = web.config.version.major() >= 35;
    if let Err(refused) = web.admin_request(r, true, strict).await {
        return (refused, false);
    }
    let p = r.params();
    let (name, uri) = (p.str("name").to_string(), p.str("redirectUri").to_string());
    match web.update(&r.slug, |i, _| add_client(i, &name, &uri)) {
        Ok(Ok(c)) => {
            let body = crate::map![
                ("id", c.id as i64),
                ("name", c.name),
                ("redirectUri", c.redirect_uri),
                ("clientId", c.client_id),
                ("clientSecret", c.secret_hash),
            ]
            .to_json();
            (
                Reply::new(200, "application/json; charset=utf-8", body),
                true,
            )
        }
        Ok(Err(BadRedirect)) => (Reply::message(400, BAD_REDIRECT), false),
        Err(_) => (Reply::empty(500), false),
    }
}

/// Removes client `id` with its grants and tokens (`ClientService::deleteClient`);
/// `false` when there is no such client.
pub fn delete_client(inst: &mut Instance, id: u64) -> bool {
    let Some(pos) = inst.oauth_clients.iter().position(|c| c.id == id) else {
        return false;
    };
    let c = inst.oauth_clients.remove(pos);
    inst.oauth_grants.retain(|g| g.client_id != c.client_id);
    // ClientService::deleteClient (and ≤ 34 SettingsController::deleteClient) delete every
    // app token whose *name* is the client's: those of another client of the same name
    // (and any app password so named) go too (§8b.4).
    inst.tokens.retain(|t| t.name != c.name);
    true
}

/// `DELETE /index.php/apps/oauth2/clients/{id}` (`SettingsController::deleteClient`):
/// `[]`. Not confirmed: the answer for an unknown id (an uncaught exception: 500 here).
async fn delete_client_http(web: &Web, r: &Req, id: &str) -> (Reply, bool) {
    if let Err(refused) = web.admin_request(r, true, false).await {
        return (refused, false);
    }
    let Ok(id) = id.parse::<u64>() else {
        return (Reply::empty(500), false);
    };
    match web.update(&r.slug, |i, _| delete_client(i, id)) {
        Ok(true) => (
            Reply::new(200, "application/json; charset=utf-8", "[]".into()),
            true,
        ),
        _ => (Reply::empty(500), false),
    }
}

/// The admin's Security settings page, where the oauth2 app lists its clients: the list
/// comes as the page's initial state (`lib/Settings/Admin.php`), a hidden input
/// `initial-state-oauth2-clients` holding base64 JSON, each secret blanked.
async fn admin_security_page(web: &Web, r: &Req) -> Reply {
    if let Err(refused) = web.admin_request(r, false, false).await {
        return refused;
    }
    let Some(inst) = web.instance(&r.slug) else {
        return Reply::empty(500);
    };
    let clients: Vec<Php> = inst
        .oauth_clients
        .iter()
        .map(|c| {
            crate::map![
                ("id", c.id as i64),
                ("name", c.name.clone()),
                ("redirectUri", c.redirect_uri.clone()),
                ("clientId", c.client_id.clone()),
                ("clientSecret", ""),
            ]
        })
        .collect();
    let state = base64::engine::general_purpose::STANDARD.encode(Php::List(clients).to_json());
    Reply::new(
        200,
        "text/html; charset=UTF-8",
        format!(
            "<!DOCTYPE html><html><head><title>Security - Administration settings - Nextcloud</title></head><body>\n<input type=\"hidden\" id=\"initial-state-oauth2-clients\" value=\"{state}\">\n<div id=\"oauth2\"></div></body></html>"
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pkce_s256_is_base64url_of_sha256() {
        // Checked with Python: base64.urlsafe_b64encode(hashlib.sha256(v).digest()).rstrip(b"=")
        assert_eq!(
            s256("dBjftJeZ4CVP-mB92K27uhbUJU1p1r-wW1gFWFOEjXk"),
            "NPsYzawS-__wqk67X9gyb4dr3JBo3hnlEi5MNyD5jX0"
        );
        assert!(valid_pkce("dBjftJeZ4CVP-mB92K27uhbUJU1p1r-wW1gFWFOEjXk"));
        assert!(!valid_pkce("short"));
    }

    #[test]
    fn redirect_uris_must_be_full_urls() {
        assert!(full_url("https://portal.example/callback"));
        assert!(!full_url("/callback"));
        assert!(!full_url("portal.example"));
    }
}
