//! The OCS API (NEXTCLOUD.md §1–§2): always JSON (`format=json`, which also reaches the
//! errors raised before routing, §1.2), always `OCS-APIRequest: true` (§1.4), the OCS
//! version chosen once per host. Success and failure are read from `meta.statuscode`, which
//! both versions carry; the HTTP status only tells the answers that are not OCS envelopes.

use reqwest::Method;
use serde::Deserialize;
use serde_json::Value;

use super::{HostAccess, NcError};
use crate::Secret;

/// `/ocs/v1.php` (HTTP 200 for errors, §8.1) or `/ocs/v2.php` (the status passed through).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
pub enum OcsVersion {
    #[serde(rename = "1")]
    V1,
    #[default]
    #[serde(rename = "2")]
    V2,
}

/// How the driver logs in: the portal's account with its app password, or a person's
/// OAuth2 access token.
#[derive(Clone, Debug)]
pub enum Auth {
    Basic { user: String, password: Secret },
    Bearer(Secret),
}

/// An OCS client for one space.
#[derive(Clone, Debug)]
pub struct Ocs {
    http: reqwest::Client,
    base: String,
    auth: Option<Auth>,
    version: OcsVersion,
}

/// A user as `GET /cloud/users/{id}` describes them (§2.3).
#[derive(Clone, Debug, PartialEq)]
pub struct UserDetails {
    pub id: String,
    pub display_name: String,
    pub email: Option<String>,
    /// Present for admins' eyes only (§2.3); a string on old servers.
    pub enabled: Option<bool>,
    pub groups: Vec<String>,
    /// Bytes in the user's home.
    pub used: i64,
    /// Bytes allowed, `None` when unlimited (`-3` or `"none"`).
    pub quota: Option<i64>,
    /// Unix seconds (`lastLogin` is in milliseconds, §8.6); 0 if never.
    pub last_login: i64,
    pub language: String,
}

impl UserDetails {
    fn from_json(v: &Value) -> Option<UserDetails> {
        let s = |k: &str| v.get(k).and_then(Value::as_str).map(str::to_string);
        let q = v.get("quota");
        let num =
            |x: Option<&Value>| x.and_then(|x| x.as_i64().or_else(|| x.as_f64().map(|f| f as i64)));
        let quota = match q.and_then(|q| q.get("quota")) {
            Some(Value::String(_)) | None => None,
            Some(x) => num(Some(x)).filter(|n| *n >= 0),
        };
        Some(UserDetails {
            id: id_string(v.get("id")?)?,
            display_name: s("displayname")
                .or_else(|| s("display-name"))
                .unwrap_or_default(),
            email: s("email").filter(|e| !e.is_empty()),
            enabled: match v.get("enabled") {
                Some(Value::Bool(b)) => Some(*b),
                Some(Value::String(t)) => Some(t == "true" || t == "1"),
                _ => None,
            },
            groups: list_of_ids(v.get("groups")),
            used: num(q.and_then(|q| q.get("used"))).unwrap_or(0),
            quota,
            last_login: num(v.get("lastLogin")).unwrap_or(0) / 1000,
            language: s("language").unwrap_or_default(),
        })
    }
}

/// A uid or gid: numeric ones come back as JSON numbers (§2.4, §8.5).
fn id_string(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// A list of ids, or an object of them (old servers' `array_diff`, §8.11).
fn list_of_ids(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::Array(a)) => a.iter().filter_map(id_string).collect(),
        Some(Value::Object(m)) => m.values().filter_map(id_string).collect(),
        _ => Vec::new(),
    }
}

/// A failed OCS call: its code and message, before each call gives it a meaning.
pub(super) struct Failure {
    pub(super) code: u32,
    pub(super) message: String,
}

impl Ocs {
    pub fn new(access: &HostAccess, slug: &str, auth: Option<Auth>) -> Result<Ocs, NcError> {
        Ok(Ocs {
            http: access.http_client()?,
            base: access.base_url(slug),
            auth,
            version: access.ocs_version,
        })
    }

    /// With the HTTP client of another (one connection pool per host).
    pub fn with_client(
        http: reqwest::Client,
        base: String,
        auth: Option<Auth>,
        version: OcsVersion,
    ) -> Ocs {
        Ocs {
            http,
            base,
            auth,
            version,
        }
    }

    /// `status.php` (§3): anonymous, answers even in maintenance.
    pub async fn status(&self) -> Result<super::occ::Status, NcError> {
        let r = self
            .http
            .get(format!("{}/status.php", self.base))
            .send()
            .await
            .map_err(NcError::from_reqwest)?;
        let status = r.status().as_u16();
        let body = r.text().await.map_err(NcError::from_reqwest)?;
        if status != 200 {
            return Err(unexpected(status, &body));
        }
        serde_json::from_str(&body).map_err(|_| unexpected(status, &body))
    }

    /// `req` with this client's credentials.
    fn authed(&self, req: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
        match &self.auth {
            Some(Auth::Basic { user, password }) => req.basic_auth(user, Some(password.expose())),
            Some(Auth::Bearer(t)) => req.bearer_auth(t.expose()),
            None => req,
        }
    }

    /// One call: `Ok(data)` on success, or the OCS failure to interpret.
    pub(super) async fn call(
        &self,
        method: Method,
        route: &str,
        params: &[(&str, &str)],
    ) -> Result<Result<Value, Failure>, NcError> {
        let v = match self.version {
            OcsVersion::V1 => "v1",
            OcsVersion::V2 => "v2",
        };
        let url = format!("{}/ocs/{v}.php{route}", self.base);
        let mut req = self
            .http
            .request(method.clone(), &url)
            .header("OCS-APIRequest", "true")
            .header("Accept", "application/json");
        req = if method == Method::GET {
            let mut q: Vec<(&str, &str)> = params.to_vec();
            q.push(("format", "json"));
            req.query(&q)
        } else {
            req.query(&[("format", "json")]).form(params)
        };
        let r = self
            .authed(req)
            .send()
            .await
            .map_err(NcError::from_reqwest)?;
        let status = r.status().as_u16();
        let maintenance = r.headers().contains_key("x-nextcloud-maintenance-mode");
        let www_auth = r.headers().contains_key("www-authenticate");
        let body = r.text().await.map_err(NcError::from_reqwest)?;
        match status {
            302 | 303 => return Err(NcError::NotInstalled),
            412 => return Err(NcError::CsrfCheckFailed),
            429 => return Err(NcError::Throttled),
            503 if maintenance => return Err(NcError::Maintenance),
            _ => {}
        }
        let Ok(json) = serde_json::from_str::<Value>(&body) else {
            return Err(unexpected(status, &body));
        };
        let Some(meta) = json.pointer("/ocs/meta") else {
            return Err(unexpected(status, &body));
        };
        let code = meta.get("statuscode").and_then(Value::as_u64).unwrap_or(0) as u32;
        let message = meta
            .get("message")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string();
        if code == 997 {
            return Err(if www_auth {
                NcError::BadCredentials
            } else {
                NcError::NotLoggedIn
            });
        }
        if code == 100 || code == 200 {
            return Ok(Ok(json
                .pointer("/ocs/data")
                .cloned()
                .unwrap_or(Value::Null)));
        }
        if code == 503 {
            return Err(NcError::Maintenance);
        }
        Ok(Err(Failure { code, message }))
    }

    /// A call whose failures have no meaning of their own.
    async fn plain(
        &self,
        method: Method,
        route: &str,
        params: &[(&str, &str)],
    ) -> Result<Value, NcError> {
        self.call(method, route, params).await?.map_err(generic)
    }

    /// `POST /index.php/apps/oauth2/clients` (§5.5): how a client is made before NC 35,
    /// as an admin, `OCS-APIRequest` standing for the CSRF token (NC ≥ 31).
    pub async fn add_oauth_client(
        &self,
        name: &str,
        redirect_uri: &str,
    ) -> Result<super::occ::OAuthClient, NcError> {
        let req = self
            .http
            .post(format!("{}/index.php/apps/oauth2/clients", self.base))
            .header("OCS-APIRequest", "true")
            .header("Accept", "application/json")
            .form(&[("name", name), ("redirectUri", redirect_uri)]);
        let r = self
            .authed(req)
            .send()
            .await
            .map_err(NcError::from_reqwest)?;
        let status = r.status().as_u16();
        let body = r.text().await.map_err(NcError::from_reqwest)?;
        match status {
            200 => super::occ::OAuthClient::from_json(&body),
            401 => Err(NcError::NotLoggedIn),
            403 => Err(NcError::Forbidden("not an admin".into())),
            412 => Err(NcError::CsrfCheckFailed),
            400 => Err(NcError::InvalidArgument(
                serde_json::from_str::<Value>(&body)
                    .ok()
                    .and_then(|v| v.get("message")?.as_str().map(str::to_string))
                    .unwrap_or_default(),
            )),
            _ => Err(unexpected(status, &body)),
        }
    }

    /// The space's OAuth2 clients, without secrets: Nextcloud has no listing route, but its
    /// admin Security page carries them as initial state (§5.5), which this reads.
    pub async fn oauth_clients(&self) -> Result<Vec<OAuthClientInfo>, NcError> {
        let r = self
            .authed(
                self.http
                    .get(format!("{}/index.php/settings/admin/security", self.base)),
            )
            .send()
            .await
            .map_err(NcError::from_reqwest)?;
        let status = r.status().as_u16();
        let body = r.text().await.map_err(NcError::from_reqwest)?;
        match status {
            200 => {}
            302 | 303 | 401 => return Err(NcError::NotLoggedIn),
            403 => return Err(NcError::Forbidden("not an admin".into())),
            _ => return Err(unexpected(status, &body)),
        }
        let marker = "id=\"initial-state-oauth2-clients\" value=\"";
        let Some(start) = body.find(marker).map(|i| i + marker.len()) else {
            return Err(unexpected(
                status,
                "no initial-state-oauth2-clients on the page",
            ));
        };
        let encoded = &body[start..start + body[start..].find('"').unwrap_or(0)];
        use base64::Engine;
        let list = base64::engine::general_purpose::STANDARD
            .decode(encoded)
            .ok()
            .and_then(|b| serde_json::from_slice::<Vec<OAuthClientInfo>>(&b).ok())
            .ok_or_else(|| unexpected(status, "unreadable initial-state-oauth2-clients"))?;
        Ok(list)
    }

    /// `DELETE /index.php/apps/oauth2/clients/{id}`: the client, its grants and tokens.
    pub async fn delete_oauth_client(&self, id: i64) -> Result<(), NcError> {
        let r = self
            .authed(
                self.http
                    .delete(format!("{}/index.php/apps/oauth2/clients/{id}", self.base))
                    .header("OCS-APIRequest", "true")
                    .header("Accept", "application/json"),
            )
            .send()
            .await
            .map_err(NcError::from_reqwest)?;
        match r.status().as_u16() {
            200 => Ok(()),
            401 => Err(NcError::NotLoggedIn),
            403 => Err(NcError::Forbidden("not an admin".into())),
            412 => Err(NcError::CsrfCheckFailed),
            s => Err(unexpected(s, &r.text().await.unwrap_or_default())),
        }
    }

    /// `GET /cloud/capabilities`: the `version` object and the capabilities.
    pub async fn capabilities(&self) -> Result<Value, NcError> {
        self.plain(Method::GET, "/cloud/capabilities", &[]).await
    }

    /// The caller (`GET /cloud/user`): who logged in, after OAuth2 (§2.9, §5.6).
    pub async fn me(&self) -> Result<UserDetails, NcError> {
        let d = self.plain(Method::GET, "/cloud/user", &[]).await?;
        UserDetails::from_json(&d).ok_or_else(|| unexpected(200, &d.to_string()))
    }

    /// A user, or `None` if there is no such user (the idempotency question "does the user
    /// exist?").
    pub async fn user(&self, uid: &str) -> Result<Option<UserDetails>, NcError> {
        match self
            .call(Method::GET, &format!("/cloud/users/{}", seg(uid)), &[])
            .await?
        {
            Ok(d) => Ok(UserDetails::from_json(&d)),
            Err(f) if f.code == 404 || f.code == 998 => Ok(None),
            Err(f) => Err(generic(f)),
        }
    }

    /// `GET /cloud/users` (uids, numeric ones as strings).
    pub async fn users(
        &self,
        search: &str,
        limit: Option<u32>,
        offset: u32,
    ) -> Result<Vec<String>, NcError> {
        let l = limit.map(|l| l.to_string());
        let o = offset.to_string();
        let mut p = vec![("search", search), ("offset", o.as_str())];
        if let Some(l) = &l {
            p.push(("limit", l));
        }
        let d = self.plain(Method::GET, "/cloud/users", &p).await?;
        Ok(list_of_ids(d.get("users")))
    }

    /// `GET /cloud/users/details`, one page: the users and the bytes each uses (§7).
    pub async fn users_details(
        &self,
        limit: u32,
        offset: u32,
    ) -> Result<Vec<UserDetails>, NcError> {
        let (l, o) = (limit.to_string(), offset.to_string());
        let d = self
            .plain(
                Method::GET,
                "/cloud/users/details",
                &[("limit", &l), ("offset", &o)],
            )
            .await?;
        // An object keyed by uid, or `[]` when empty (§8.5).
        Ok(match d.get("users") {
            Some(Value::Object(m)) => m.values().filter_map(UserDetails::from_json).collect(),
            _ => Vec::new(),
        })
    }

    /// Every user's details, page by page (`users_details`, a hundred at a time).
    pub async fn every_user_details(&self) -> Result<Vec<UserDetails>, NcError> {
        const PAGE: u32 = 100;
        let mut all = Vec::new();
        let mut offset = 0;
        loop {
            let page = self.users_details(PAGE, offset).await?;
            let full = page.len() == PAGE as usize;
            all.extend(page);
            if !full {
                return Ok(all);
            }
            offset += PAGE;
        }
    }

    /// `POST /cloud/users` (§2.2). Without a password Nextcloud mails a link to set one.
    pub async fn create_user(&self, u: &NewUser<'_>) -> Result<(), NcError> {
        let mut p: Vec<(&str, &str)> = vec![("userid", u.uid)];
        if let Some(pw) = u.password {
            p.push(("password", pw.expose()));
        }
        if let Some(e) = u.email {
            p.push(("email", e));
        }
        if let Some(n) = u.display_name {
            p.push(("displayName", n));
        }
        if let Some(q) = u.quota {
            p.push(("quota", q));
        }
        if let Some(l) = u.language {
            p.push(("language", l));
        }
        for g in u.groups {
            p.push(("groups[]", g));
        }
        match self.call(Method::POST, "/cloud/users", &p).await? {
            Ok(_) => Ok(()),
            Err(f) => Err(match f.code {
                102 => NcError::UserExists,
                104 => NcError::GroupMissing(f.message),
                107 => NcError::PasswordRejected(f.message),
                108 | 110 => NcError::EmailRequired,
                101 => NcError::InvalidArgument(f.message),
                403 => NcError::Forbidden(f.message),
                _ => generic(f),
            }),
        }
    }

    /// `PUT /cloud/users/{id}` with `key` and `value` (§2.5).
    pub async fn edit_user(&self, uid: &str, key: &str, value: &str) -> Result<(), NcError> {
        match self
            .call(
                Method::PUT,
                &format!("/cloud/users/{}", seg(uid)),
                &[("key", key), ("value", value)],
            )
            .await?
        {
            Ok(_) => Ok(()),
            Err(f) => Err(match f.code {
                998 => NcError::NotFound,
                107 => NcError::PasswordRejected(f.message),
                101..=103 | 112 | 113 => NcError::InvalidArgument(f.message),
                _ => generic(f),
            }),
        }
    }

    /// Enables or disables a user; an unknown user is 101 here, not 998 (§8.7).
    pub async fn set_enabled(&self, uid: &str, enabled: bool) -> Result<(), NcError> {
        let route = format!(
            "/cloud/users/{}/{}",
            seg(uid),
            if enabled { "enable" } else { "disable" }
        );
        match self.call(Method::PUT, &route, &[]).await? {
            Ok(_) => Ok(()),
            Err(f) if f.code == 101 => Err(NcError::InvalidArgument(f.message)),
            Err(f) => Err(generic(f)),
        }
    }

    /// Deletes a user; `false` when there was none (998, §8.7).
    pub async fn delete_user(&self, uid: &str) -> Result<bool, NcError> {
        match self
            .call(Method::DELETE, &format!("/cloud/users/{}", seg(uid)), &[])
            .await?
        {
            Ok(_) => Ok(true),
            Err(f) if f.code == 998 => Ok(false),
            Err(f) => Err(generic(f)),
        }
    }

    /// Sends the welcome mail again (101: the user has no e-mail).
    pub async fn welcome(&self, uid: &str) -> Result<(), NcError> {
        match self
            .call(
                Method::POST,
                &format!("/cloud/users/{}/welcome", seg(uid)),
                &[],
            )
            .await?
        {
            Ok(_) => Ok(()),
            Err(f) if f.code == 998 => Err(NcError::NotFound),
            Err(f) if f.code == 101 => Err(NcError::EmailRequired),
            Err(f) => Err(generic(f)),
        }
    }

    pub async fn groups(&self) -> Result<Vec<String>, NcError> {
        let d = self.plain(Method::GET, "/cloud/groups", &[]).await?;
        Ok(list_of_ids(d.get("groups")))
    }

    /// Creates a group; `false` when it existed (102).
    pub async fn create_group(&self, gid: &str, display_name: &str) -> Result<bool, NcError> {
        match self
            .call(
                Method::POST,
                "/cloud/groups",
                &[("groupid", gid), ("displayname", display_name)],
            )
            .await?
        {
            Ok(_) => Ok(true),
            Err(f) if f.code == 102 => Ok(false),
            Err(f) if f.code == 101 => Err(NcError::InvalidArgument(f.message)),
            Err(f) => Err(generic(f)),
        }
    }

    /// Adds a user to a group (102 group missing, 103 user missing, §2.6).
    pub async fn add_to_group(&self, uid: &str, gid: &str) -> Result<(), NcError> {
        self.membership(Method::POST, uid, gid).await
    }

    /// Removes a user from a group (as [`Ocs::add_to_group`]; 105 one's own `admin` group).
    pub async fn remove_from_group(&self, uid: &str, gid: &str) -> Result<(), NcError> {
        self.membership(Method::DELETE, uid, gid).await
    }

    /// `POST` or `DELETE /cloud/users/{id}/groups` (§2.6).
    async fn membership(&self, method: Method, uid: &str, gid: &str) -> Result<(), NcError> {
        match self
            .call(
                method,
                &format!("/cloud/users/{}/groups", seg(uid)),
                &[("groupid", gid)],
            )
            .await?
        {
            Ok(_) => Ok(()),
            Err(f) if f.code == 102 => Err(NcError::GroupMissing(gid.to_string())),
            Err(f) if f.code == 103 => Err(NcError::NotFound),
            Err(f) if f.code == 105 => Err(NcError::Forbidden(f.message)),
            Err(f) => Err(generic(f)),
        }
    }

    /// The apps, all or `enabled` or `disabled` (the idempotency question "is the app
    /// enabled?").
    pub async fn apps(&self, filter: Option<&str>) -> Result<Vec<String>, NcError> {
        let p: Vec<(&str, &str)> = filter.map(|f| vec![("filter", f)]).unwrap_or_default();
        let d = self.plain(Method::GET, "/cloud/apps", &p).await?;
        Ok(list_of_ids(d.get("apps")))
    }

    pub async fn enable_app(&self, app: &str) -> Result<(), NcError> {
        match self
            .call(Method::POST, &format!("/cloud/apps/{}", seg(app)), &[])
            .await?
        {
            Ok(_) => Ok(()),
            Err(f) if f.code == 998 => Err(NcError::NotFound),
            Err(f) => Err(generic(f)),
        }
    }

    pub async fn disable_app(&self, app: &str) -> Result<(), NcError> {
        self.plain(Method::DELETE, &format!("/cloud/apps/{}", seg(app)), &[])
            .await
            .map(|_| ())
    }

    /// An app's config value; the answer nests `data.data` (§8.10).
    pub async fn app_value(&self, app: &str, key: &str) -> Result<String, NcError> {
        let d = self
            .plain(
                Method::GET,
                &format!(
                    "/apps/provisioning_api/api/v1/config/apps/{}/{}",
                    seg(app),
                    seg(key)
                ),
                &[],
            )
            .await?;
        Ok(d.get("data")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string())
    }

    pub async fn set_app_value(&self, app: &str, key: &str, value: &str) -> Result<(), NcError> {
        match self
            .call(
                Method::POST,
                &format!(
                    "/apps/provisioning_api/api/v1/config/apps/{}/{}",
                    seg(app),
                    seg(key)
                ),
                &[("value", value)],
            )
            .await?
        {
            Ok(_) => Ok(()),
            Err(f) if f.code == 403 => {
                Err(NcError::Forbidden("The given key can not be set".into()))
            }
            Err(f) => Err(generic(f)),
        }
    }
}

/// An OAuth2 client as the admin page lists it (its secret is never shown again).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct OAuthClientInfo {
    pub id: i64,
    pub name: String,
    #[serde(rename = "redirectUri")]
    pub redirect_uri: String,
    #[serde(rename = "clientId")]
    pub client_id: String,
}

/// What `POST /cloud/users` takes.
#[derive(Debug, Default)]
pub struct NewUser<'a> {
    pub uid: &'a str,
    pub password: Option<&'a Secret>,
    pub email: Option<&'a str>,
    pub display_name: Option<&'a str>,
    pub quota: Option<&'a str>,
    pub language: Option<&'a str>,
    pub groups: &'a [&'a str],
}

/// A path segment: ids may hold spaces, `@`, `'`.
fn seg(s: &str) -> String {
    common::percent_encode(s)
}

pub(super) fn generic(f: Failure) -> NcError {
    match f.code {
        998 | 404 => NcError::NotFound,
        403 => NcError::Forbidden(f.message),
        code => NcError::Ocs {
            code,
            message: f.message,
        },
    }
}

fn unexpected(status: u16, body: &str) -> NcError {
    NcError::Unexpected {
        status,
        excerpt: body.chars().take(200).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_details_read_both_quota_shapes_and_numeric_ids() {
        let full = serde_json::json!({"id": 123, "enabled": "true", "lastLogin": 1_700_000_000_000i64,
            "quota": {"free": 10, "used": 5, "total": 15, "relative": 33.3, "quota": 15},
            "displayname": "A", "email": null, "groups": ["x", 7], "language": "fr"});
        let u = UserDetails::from_json(&full).unwrap();
        assert_eq!(
            (u.id.as_str(), u.enabled, u.used, u.quota, u.last_login),
            ("123", Some(true), 5, Some(15), 1_700_000_000)
        );
        assert_eq!(u.groups, vec!["x", "7"]);
        let fresh = serde_json::json!({"id": "b", "quota": {"quota": "none", "used": 0}, "display-name": "B", "lastLogin": 0});
        let u = UserDetails::from_json(&fresh).unwrap();
        assert_eq!((u.quota, u.used, u.display_name.as_str()), (None, 0, "B"));
        let unlimited = serde_json::json!({"id": "c", "quota": {"free": -3, "used": 9, "total": -3, "relative": 0, "quota": -3}});
        assert_eq!(UserDetails::from_json(&unlimited).unwrap().quota, None);
    }

    #[test]
    fn path_segments_are_encoded() {
        assert_eq!(seg("o'neil user@x"), "o%27neil%20user%40x");
    }
}
