//! The OCS envelope and the Provisioning API (NEXTCLOUD.md §1 and §2), as plain functions
//! over an [`Instance`]: the web side (`http`) decides who calls and renders the answer.

use crate::map;
use crate::model::{catalog, human_size, now, parse_size, Instance, User, Version};
use crate::params::Params;
use crate::php::Php;

/// JSON or XML (§1.2).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Json,
    Xml,
}

impl Format {
    /// The controller path: `format` wins, then the first whole `json`/`xml` token of
    /// `Accept` once `application/` is stripped, else XML (§1.2; `application/json;
    /// charset=utf-8` matches nothing, §8.3).
    pub fn negotiate(params: &Params, accept: Option<&str>) -> Format {
        if let Some(f) = Self::param(params) {
            return f;
        }
        for part in accept.unwrap_or("").split(',') {
            let p = part.trim().to_ascii_lowercase();
            let p = p.strip_prefix("application/").unwrap_or(&p);
            match p {
                "json" => return Format::Json,
                "xml" => return Format::Xml,
                _ => {}
            }
        }
        Format::Xml
    }

    /// The `ApiHelper` path of pre-routing errors: only `format` counts (§1.2).
    pub fn param(params: &Params) -> Option<Format> {
        match params.get("format") {
            Some("json") => Some(Format::Json),
            Some("xml") => Some(Format::Xml),
            _ => None,
        }
    }
}

/// An answer ready for the wire.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub content_type: &'static str,
    pub headers: Vec<(&'static str, String)>,
    pub body: String,
}

impl Reply {
    pub fn new(status: u16, content_type: &'static str, body: String) -> Reply {
        Reply {
            status,
            content_type,
            headers: Vec::new(),
            body,
        }
    }
    /// The bare `{"message":…}` JSON that the security middleware answers outside OCS (the
    /// 412 of §1.4; 401 and 403 on non-OCS routes).
    pub fn message(status: u16, message: &str) -> Reply {
        Reply::new(
            status,
            "application/json; charset=utf-8",
            crate::map![("message", message)].to_json(),
        )
    }
    pub fn empty(status: u16) -> Reply {
        Reply::new(status, "text/html; charset=UTF-8", String::new())
    }
    pub fn header(mut self, name: &'static str, value: impl Into<String>) -> Reply {
        self.headers.push((name, value.into()));
        self
    }
}

/// A failure as a controller throws it: the OCS status code and its message.
#[derive(Debug, Clone, PartialEq)]
pub struct OcsError {
    pub code: u32,
    pub message: String,
    /// `DataResponse` errors carry data (the app-config 403, §2.1); exceptions carry `[]`.
    pub data: Php,
}

pub fn err(code: u32, message: impl Into<String>) -> OcsError {
    OcsError {
        code,
        message: message.into(),
        data: Php::empty(),
    }
}

pub type OcsResult = Result<Php, OcsError>;

/// The HTTP status of an OCS code: v1 answers 200 except for 997 (§1.1, §8.1); v2 passes it.
pub fn http_status(v2: bool, code: u32) -> u16 {
    if !v2 {
        return if code == 997 { 401 } else { 200 };
    }
    match code {
        100 | 200 => 200,
        997 => 401,
        998 => 404,
        996 | 999 => 500,
        c if !(200..=600).contains(&c) => 400,
        c => c as u16,
    }
}

/// `V1Response`/`V2Response` + `BaseResponse::renderResult` (§1.1). `controller` picks the
/// content types of controller answers over those of `ApiHelper` (§1.2).
pub fn envelope(v2: bool, format: Format, result: &OcsResult, controller: bool) -> Reply {
    let (code, message, data) = match result {
        Ok(d) => (if v2 { 200 } else { 100 }, "OK".to_string(), d.clone()),
        Err(e) => (e.code, e.message.clone(), e.data.clone()),
    };
    let status = http_status(v2, code);
    let ok = if v2 {
        (200..300).contains(&status)
    } else {
        code == 100
    };
    let mut meta = vec![
        (
            "status".to_string(),
            Php::from(if ok { "ok" } else { "failure" }),
        ),
        ("statuscode".to_string(), Php::Int(code as i64)),
        ("message".to_string(), Php::Str(message)),
    ];
    if !v2 {
        meta.push(("totalitems".into(), Php::from("")));
        meta.push(("itemsperpage".into(), Php::from("")));
    }
    let doc = map![("ocs", map![("meta", Php::Map(meta)), ("data", data)])];
    match format {
        Format::Json => Reply::new(status, "application/json; charset=utf-8", doc.to_json()),
        Format::Xml => {
            let inner = doc.get("ocs").cloned().unwrap_or(Php::Null);
            let ct = if controller {
                "application/xml; charset=utf-8"
            } else {
                "text/xml; charset=UTF-8"
            };
            Reply::new(status, ct, Php::to_xml("ocs", &inner))
        }
    }
}

/// Who is calling, once authenticated.
#[derive(Clone, Debug)]
pub struct Caller {
    pub uid: String,
    pub admin: bool,
}

/// Everything a handler sees besides the instance.
pub struct Call<'a> {
    pub version: Version,
    pub method: &'a str,
    /// The route below `/ocs/v?.php`, e.g. `/cloud/users/alice`.
    pub route: &'a str,
    pub params: &'a Params,
    pub caller: Option<&'a Caller>,
    pub host: &'a str,
}

/// What a route needs before its handler runs (the annotations of the controller method).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Guard {
    /// `#[PublicPage]`: no login, the CSRF rule still applies.
    Public,
    /// `#[NoAdminRequired]`: any logged-in user; the handler checks rights itself.
    User,
    /// Admins only: `NotAdminException` otherwise.
    Admin,
}

/// A route of the Provisioning API: its guard, and whether it changes state.
pub struct Route {
    pub guard: Guard,
    pub writes: bool,
    /// `#[PasswordConfirmationRequired(strict: true)]` (§8b.8).
    pub strict: bool,
}

fn segs(route: &str) -> Vec<&str> {
    route.trim_matches('/').split('/').collect()
}

/// Finds the route (§2.1 table). `Err(true)`: the path exists with another method (405);
/// `Err(false)`: no such route (998).
pub fn route(method: &str, path: &str) -> Result<Route, bool> {
    let s = segs(path);
    let r = |guard, writes| {
        Ok(Route {
            guard,
            writes,
            // `AppsController::enable` (§8b.8).
            strict: method == "POST" && matches!(s.as_slice(), ["cloud", "apps", _]),
        })
    };
    use Guard::*;
    let m = method;
    let found = match s.as_slice() {
        ["cloud", "capabilities"] => (m == "GET").then_some((Public, false)),
        ["cloud", "user"] => (m == "GET").then_some((User, false)),
        ["cloud", "user", "fields"] | ["cloud", "user", "fields", _] => {
            (m == "GET").then_some((User, false))
        }
        ["cloud", "users"] => match m {
            "GET" => Some((User, false)),
            "POST" => Some((User, true)),
            _ => None,
        },
        ["cloud", "users", "details" | "disabled"] => (m == "GET").then_some((User, false)),
        ["cloud", "users", _] => match m {
            "GET" => Some((User, false)),
            "PUT" | "DELETE" => Some((User, true)),
            _ => None,
        },
        ["cloud", "users", _, "enable" | "disable"] => (m == "PUT").then_some((User, true)),
        ["cloud", "users", _, "welcome"] => (m == "POST").then_some((User, true)),
        ["cloud", "users", _, "wipe"] => (m == "POST").then_some((User, true)),
        ["cloud", "users", _, "groups"] => match m {
            "GET" => Some((User, false)),
            "POST" | "DELETE" => Some((User, true)),
            _ => None,
        },
        ["cloud", "users", _, "subadmins"] => match m {
            "GET" => Some((Admin, false)),
            "POST" | "DELETE" => Some((Admin, true)),
            _ => None,
        },
        ["cloud", "groups"] => match m {
            "GET" => Some((User, false)),
            "POST" => Some((Admin, true)),
            _ => None,
        },
        ["cloud", "groups", "details"] => (m == "GET").then_some((User, false)),
        ["cloud", "groups", _] => match m {
            "GET" => Some((User, false)),
            "PUT" | "DELETE" => Some((Admin, true)),
            _ => None,
        },
        ["cloud", "groups", _, "users"] | ["cloud", "groups", _, "users", "details"] => {
            (m == "GET").then_some((User, false))
        }
        ["cloud", "groups", _, "subadmins"] => (m == "GET").then_some((Admin, false)),
        ["cloud", "apps"] => (m == "GET").then_some((Admin, false)),
        ["cloud", "apps", _] => match m {
            "GET" => Some((Admin, false)),
            "POST" | "DELETE" => Some((Admin, true)),
            _ => None,
        },
        ["apps", "provisioning_api", "api", "v1", "config", "apps", rest @ ..]
            if rest.len() <= 2 =>
        {
            match (m, rest.len()) {
                ("GET", _) => Some((Admin, false)),
                ("POST" | "DELETE", 2) => Some((Admin, true)),
                _ => None,
            }
        }
        // `PreferencesController`: one key, or several (`configs`).
        ["apps", "provisioning_api", "api", "v1", "config", "users", _, ..] => match m {
            "POST" | "DELETE" => Some((User, true)),
            _ => None,
        },
        ["apps", "notifications", "api", "v2", "admin_notifications", _] => {
            (m == "POST").then_some((Admin, true))
        }
        _ => return Err(false),
    };
    match found {
        Some((g, w)) => r(g, w),
        None => Err(true),
    }
}

/// Runs a routed call. Reads get a shared instance; writes a mutable one (the caller saves
/// it). `mail` collects the mails the call sends.
pub fn handle(call: &Call, inst: &mut Instance, mail: &mut Vec<crate::store::Mail>) -> OcsResult {
    let s = segs(call.route);
    let p = call.params;
    match (call.method, s.as_slice()) {
        // §2.8: public, the CSRF rule still applies
        ("GET", ["cloud", "capabilities"]) => Ok(capabilities(call, inst)),
        // §2.9: the caller's own details, with scopes
        ("GET", ["cloud", "user"]) => {
            let me = caller(call)?;
            let u = inst.users.get(&me.uid).ok_or_else(|| err(998, ""))?;
            Ok(user_details(inst, u, me, true))
        }
        // §2.1: the fields the caller may edit (of themselves, or of a user they manage)
        ("GET", ["cloud", "user", "fields"]) => Ok(editable_fields(true)),
        ("GET", ["cloud", "user", "fields", uid]) => {
            let me = caller(call)?;
            if !inst.users.contains_key(*uid) || !can_manage(inst, me, uid) {
                return Err(err(998, ""));
            }
            Ok(editable_fields(me.uid == *uid))
        }
        // §2.1: remote wipe of the user's devices: their tokens go
        ("POST", ["cloud", "users", uid, "wipe"]) => {
            let me = caller(call)?;
            if !inst.users.contains_key(*uid) || !can_manage(inst, me, uid) || me.uid == *uid {
                return Err(err(998, ""));
            }
            inst.tokens.retain(|t| t.uid != *uid);
            Ok(Php::empty())
        }
        // `PreferencesController`: a key is accepted only when an app's listener says it is
        // valid; none here, so every key is refused with 400, as on a server whose apps
        // validate no such key.
        (_, ["apps", "provisioning_api", "api", "v1", "config", "users", ..]) => Err(err(400, "")),
        // §2.4: uids, sorted, numeric ones as numbers
        ("GET", ["cloud", "users"]) => {
            let ids = list_users(call, inst, |_| true);
            Ok(map![(
                "users",
                Php::List(ids.iter().map(|u| Php::id(u)).collect())
            )])
        }
        // §2.1, §2.4: an object keyed by uid
        ("GET", ["cloud", "users", which @ ("details" | "disabled")]) => {
            let disabled_only = *which == "disabled";
            let ids = list_users(call, inst, |u| !disabled_only || !u.enabled);
            let me = caller(call)?;
            let m = ids
                .iter()
                .filter_map(|id| inst.users.get(id))
                .map(|u| (u.uid.clone(), user_details(inst, u, me, u.uid == me.uid)))
                .collect();
            Ok(map![("users", Php::Map(m))])
        }
        // §2.2
        ("POST", ["cloud", "users"]) => add_user(call, inst, mail),
        // §2.3; unknown user 404 (§8.7), another's details 998
        ("GET", ["cloud", "users", uid]) => {
            let me = caller(call)?;
            let u = inst
                .users
                .get(*uid)
                .ok_or_else(|| err(404, "User does not exist"))?;
            if !can_manage(inst, me, uid) {
                return Err(err(998, ""));
            }
            Ok(user_details(inst, u, me, me.uid == *uid))
        }
        // §2.5
        ("PUT", ["cloud", "users", uid]) => edit_user(call, inst, uid),
        // §2.6: 998 unknown or no rights, 101 oneself
        ("DELETE", ["cloud", "users", uid]) => {
            let me = caller(call)?;
            if !inst.users.contains_key(*uid) || !(me.uid == *uid || manages(inst, me, uid)) {
                return Err(err(998, ""));
            }
            if me.uid == *uid {
                return Err(err(101, ""));
            }
            inst.delete_user(uid);
            Ok(Php::empty())
        }
        // §2.6, §8.7
        ("PUT", ["cloud", "users", uid, which @ ("enable" | "disable")]) => {
            let me = caller(call)?;
            // §2.6 and §8.7: an unknown user, or oneself, is 101 here, not 998.
            if me.uid == *uid || !inst.users.contains_key(*uid) {
                return Err(err(101, ""));
            }
            if !manages(inst, me, uid) {
                return Err(err(998, ""));
            }
            if let Some(u) = inst.users.get_mut(*uid) {
                u.enabled = *which == "enable";
            }
            Ok(Php::empty())
        }
        // §2.6: 998, 101 no e-mail
        ("POST", ["cloud", "users", uid, "welcome"]) => {
            let me = caller(call)?;
            let u = inst
                .users
                .get(*uid)
                .filter(|_| manages(inst, me, uid))
                .ok_or_else(|| err(998, ""))?;
            let Some(to) = u.email.clone().filter(|e| !e.is_empty()) else {
                return Err(err(101, "Email address not available"));
            };
            mail.push(welcome_mail(inst, u, &to, false, call.host));
            Ok(Php::empty())
        }
        // §2.1
        ("GET", ["cloud", "users", uid, "groups"]) => {
            let me = caller(call)?;
            if !inst.users.contains_key(*uid) || !can_manage(inst, me, uid) {
                return Err(err(998, ""));
            }
            // A sub-admin sees only the groups they manage (`getUsersGroups`).
            let groups = inst
                .groups_of(uid)
                .into_iter()
                .filter(|g| me.admin || me.uid == *uid || is_subadmin_of(inst, me, g))
                .collect();
            Ok(map![("groups", ids(groups))])
        }
        // §2.6: 101 no groupid, 102 group, 103 user, 104 rights, 105 own admin group
        (m @ ("POST" | "DELETE"), ["cloud", "users", uid, "groups"]) => {
            let me = caller(call)?;
            let gid = p.str("groupid");
            if gid.is_empty() {
                return Err(err(101, ""));
            }
            if !inst.groups.contains_key(gid) {
                return Err(err(102, ""));
            }
            if !inst.users.contains_key(*uid) {
                return Err(err(103, ""));
            }
            if !me.admin && !is_subadmin_of(inst, me, gid) {
                return Err(err(104, ""));
            }
            if m == "DELETE" && gid == "admin" && me.uid == *uid {
                return Err(err(105, "Cannot remove yourself from the admin group"));
            }
            if let Some(g) = inst.groups.get_mut(gid) {
                if m == "POST" {
                    g.members.insert(uid.to_string());
                } else {
                    g.members.remove(*uid);
                }
            }
            Ok(Php::empty())
        }
        // §2.1: a bare list
        // §8b.6: an unknown user is 404 (`OCSNotFoundException`).
        ("GET", ["cloud", "users", uid, "subadmins"]) => {
            let u = inst
                .users
                .get(*uid)
                .ok_or_else(|| err(404, "User does not exist"))?;
            Ok(ids(u.subadmin.iter().cloned().collect()))
        }
        // §2.6: promote 101/102/103, demote 101/102
        (m @ ("POST" | "DELETE"), ["cloud", "users", uid, "subadmins"]) => {
            let gid = p.str("groupid").to_string();
            if !inst.users.contains_key(*uid) {
                return Err(err(101, "User does not exist"));
            }
            if !inst.groups.contains_key(&gid) {
                return Err(err(
                    if m == "POST" { 102 } else { 101 },
                    "Group does not exist",
                ));
            }
            if m == "POST" && gid == "admin" {
                return Err(err(103, "Cannot create subadmins for admin group"));
            }
            let u = inst.users.get_mut(*uid).ok_or_else(|| err(101, ""))?;
            if m == "POST" {
                u.subadmin.insert(gid);
            } else if !u.subadmin.remove(&gid) {
                return Err(err(102, "User is not a subadmin of this group"));
            }
            Ok(Php::empty())
        }
        // §2.1
        ("GET", ["cloud", "groups"]) => {
            let g = page(search_groups(inst, p.str("search")), p);
            Ok(map![("groups", ids(g))])
        }
        // §2.1
        ("GET", ["cloud", "groups", "details"]) => {
            let g = page(search_groups(inst, p.str("search")), p);
            let list = g
                .iter()
                .filter_map(|id| inst.groups.get(id).map(|g| (id, g)))
                .map(|(id, g)| {
                    map![
                        ("id", id.clone()),
                        ("displayname", g.display_name.clone()),
                        ("usercount", g.members.len() as i64),
                        ("disabled", 0i64),
                        ("canAdd", true),
                        ("canRemove", true),
                    ]
                })
                .collect();
            Ok(map![("groups", Php::List(list))])
        }
        // §2.6: 101 empty name, 102 exists
        ("POST", ["cloud", "groups"]) => {
            let gid = p.str("groupid").trim().to_string();
            if gid.is_empty() {
                return Err(err(101, "Invalid group name"));
            }
            if inst.groups.contains_key(&gid) {
                return Err(err(102, "group exists"));
            }
            let display = match p.str("displayname") {
                "" => gid.clone(),
                d => d.to_string(),
            };
            inst.groups.insert(
                gid,
                crate::model::Group {
                    display_name: display,
                    members: Default::default(),
                },
            );
            Ok(Php::empty())
        }
        // §2.1 (the first form is deprecated)
        ("GET", ["cloud", "groups", gid] | ["cloud", "groups", gid, "users"]) => {
            let g = members_of(inst, caller(call)?, gid)?;
            Ok(map![("users", ids(g.members.iter().cloned().collect()))])
        }
        // §2.1
        // §8b.6: without rights, 997 (`RESPOND_UNAUTHORISED`), not 403.
        ("GET", ["cloud", "groups", gid, "users", "details"]) => {
            let me = caller(call)?;
            let g = members_of(inst, me, gid).map_err(|e| {
                if e.code == 403 {
                    err(997, "User does not have access to specified group")
                } else {
                    e
                }
            })?;
            let members: Vec<String> = page(g.members.iter().cloned().collect(), p);
            let m = members
                .iter()
                .filter_map(|id| inst.users.get(id))
                .map(|u| (u.uid.clone(), user_details(inst, u, me, u.uid == me.uid)))
                .collect();
            Ok(map![("users", Php::Map(m))])
        }
        // §2.6: only displayname; another key is 997
        ("PUT", ["cloud", "groups", gid]) => {
            if p.str("key") != "displayname" {
                return Err(err(997, ""));
            }
            let g = inst
                .groups
                .get_mut(*gid)
                .ok_or_else(|| err(101, "Not supported by backend"))?;
            g.display_name = p.str("value").to_string();
            Ok(Php::empty())
        }
        // §2.6: 101 missing, 102 admin
        ("DELETE", ["cloud", "groups", gid]) => {
            if !inst.groups.contains_key(*gid) {
                return Err(err(101, ""));
            }
            if *gid == "admin" {
                return Err(err(102, ""));
            }
            inst.groups.remove(*gid);
            for u in inst.users.values_mut() {
                u.subadmin.remove(*gid);
            }
            Ok(Php::empty())
        }
        // §2.6: 101 missing group
        ("GET", ["cloud", "groups", gid, "subadmins"]) => {
            if !inst.groups.contains_key(*gid) {
                return Err(err(101, "Group does not exist"));
            }
            let subs = inst
                .users
                .values()
                .filter(|u| u.subadmin.contains(*gid))
                .map(|u| u.uid.clone())
                .collect();
            Ok(ids(subs))
        }
        // §2.7: a list (array_values); 101 for another filter
        ("GET", ["cloud", "apps"]) => {
            let apps: Vec<String> = match p.get("filter") {
                None | Some("") => inst
                    .apps
                    .keys()
                    .filter(|a| !catalog(a).is_some_and(|c| c.always))
                    .cloned()
                    .collect(),
                Some("enabled") => inst
                    .apps
                    .iter()
                    .filter(|(_, a)| a.enabled)
                    .map(|(id, _)| id.clone())
                    .collect(),
                Some("disabled") => inst
                    .apps
                    .iter()
                    .filter(|(id, a)| !a.enabled && !catalog(id).is_some_and(|c| c.always))
                    .map(|(id, _)| id.clone())
                    .collect(),
                Some(_) => return Err(err(101, "Invalid filter")),
            };
            Ok(map![("apps", apps)])
        }
        // §2.1: info.xml as an array; 998 unknown
        ("GET", ["cloud", "apps", app]) => {
            let a = inst
                .apps
                .get(*app)
                .ok_or_else(|| err(998, "The request app was not found"))?;
            Ok(map![
                ("id", app.to_string()),
                ("name", app.to_string()),
                ("version", a.version.clone()),
                ("default_enable", ""),
                ("types", Php::empty()),
            ])
        }
        // §2.1, §2.7
        ("POST", ["cloud", "apps", app]) => {
            catalog(app).ok_or_else(|| err(998, "The request app was not found"))?;
            // NC ≥ 30 fetches an app missing from the app folders from the app store, which
            // fails with the store off. Not confirmed: the code of that failure.
            inst.enable_app(app).map_err(|e| err(998, e))?;
            Ok(Php::empty())
        }
        // §2.1
        ("DELETE", ["cloud", "apps", app]) => {
            // Not confirmed: what the endpoint answers for an always-enabled app
            // (`IAppManager::disableApp` throws "<app> can't be disabled.").
            if catalog(app).is_some_and(|c| c.always) {
                return Err(err(998, format!("{app} can't be disabled.")));
            }
            if let Some(a) = inst.apps.get_mut(*app) {
                a.enabled = false;
            }
            Ok(Php::empty())
        }
        // §2.1 app config, §8.10
        (m, ["apps", "provisioning_api", "api", "v1", "config", "apps", rest @ ..]) => {
            app_config(m, rest, p, inst)
        }
        // §6 notify: the OCS equivalent of notification:generate
        ("POST", ["apps", "notifications", "api", "v2", "admin_notifications", uid]) => {
            let short = p.str("shortMessage");
            if !inst.users.contains_key(*uid) {
                return Err(err(404, "User not found"));
            }
            if short.is_empty() || short.chars().count() > 255 {
                return Err(err(400, "Too long or empty short-message"));
            }
            let id = inst.next_id();
            inst.notifications.push(crate::model::Notification {
                id,
                uid: uid.to_string(),
                short: short.to_string(),
                long: p.str("longMessage").to_string(),
            });
            Ok(Php::empty())
        }
        _ => Err(err(998, "")),
    }
}

/// A group whose members `me` may see: its admins and sub-admins. An unknown group is 998
/// with this message (`GroupsController`), another's 403.
fn members_of<'a>(
    inst: &'a Instance,
    me: &Caller,
    gid: &str,
) -> Result<&'a crate::model::Group, OcsError> {
    let g = inst
        .groups
        .get(gid)
        .ok_or_else(|| err(404, "The requested group could not be found"))?;
    if !me.admin && !is_subadmin_of(inst, me, gid) {
        return Err(err(403, ""));
    }
    Ok(g)
}

/// Whether `me` is a sub-admin of group `gid`.
fn is_subadmin_of(inst: &Instance, me: &Caller, gid: &str) -> bool {
    inst.users
        .get(&me.uid)
        .is_some_and(|u| u.subadmin.contains(gid))
}

/// Whether `me` may act on another user: an admin, or a sub-admin of one of the user's
/// groups, the user not being an admin (`SubAdmin::isUserAccessible`).
fn manages(inst: &Instance, me: &Caller, uid: &str) -> bool {
    me.admin
        || (!inst.is_admin(uid)
            && inst
                .groups_of(uid)
                .iter()
                .any(|g| is_subadmin_of(inst, me, g)))
}

/// Oneself, or someone one manages.
fn can_manage(inst: &Instance, me: &Caller, uid: &str) -> bool {
    me.uid == uid || manages(inst, me, uid)
}

/// `GET /cloud/user/fields`: the editable fields (the scopes' ones for oneself only).
fn editable_fields(own: bool) -> Php {
    let mut f: Vec<&str> = vec!["displayname", "email", "additional_mail"];
    f.extend(
        PROFILE_FIELDS
            .iter()
            .filter(|k| **k != "profile_enabled" && **k != "pronouns" && **k != "bluesky"),
    );
    if own {
        f.push("profile_enabled");
    }
    Php::from(f.into_iter().map(str::to_string).collect::<Vec<_>>())
}

fn caller<'a>(call: &'a Call) -> Result<&'a Caller, OcsError> {
    call.caller
        .ok_or_else(|| err(997, "Current user is not logged in"))
}

fn ids(v: Vec<String>) -> Php {
    Php::List(v.iter().map(|s| Php::id(s)).collect())
}

/// `Manager::search`: every backend's matches, sorted by uid with `strcasecmp` (§2.4).
/// Matching on uid, display name and e-mail is the Database backend's; not confirmed for
/// others (§9).
fn list_users(call: &Call, inst: &Instance, keep: impl Fn(&User) -> bool) -> Vec<String> {
    let Some(me) = call.caller else {
        return Vec::new();
    };
    // An admin sees everyone; a sub-admin the members of their groups; others nobody.
    let q = call.params.str("search").to_lowercase();
    let mut v: Vec<&User> = inst
        .users
        .values()
        .filter(|u| {
            me.admin
                || inst
                    .groups_of(&u.uid)
                    .iter()
                    .any(|g| is_subadmin_of(inst, me, g))
        })
        .filter(|u| keep(u))
        .filter(|u| {
            q.is_empty()
                || u.uid.to_lowercase().contains(&q)
                || u.display_name.to_lowercase().contains(&q)
                || u.email
                    .as_deref()
                    .is_some_and(|e| e.to_lowercase().contains(&q))
        })
        .collect();
    v.sort_by_key(|u| u.uid.to_lowercase());
    page(v.into_iter().map(|u| u.uid.clone()).collect(), call.params)
}

fn page(v: Vec<String>, p: &Params) -> Vec<String> {
    let offset = p.int("offset").unwrap_or(0).max(0) as usize;
    let it = v.into_iter().skip(offset);
    match p.int("limit") {
        Some(l) if l >= 0 => it.take(l as usize).collect(),
        _ => it.collect(),
    }
}

fn search_groups(inst: &Instance, q: &str) -> Vec<String> {
    let q = q.to_lowercase();
    inst.groups
        .iter()
        .filter(|(id, g)| {
            q.is_empty()
                || id.to_lowercase().contains(&q)
                || g.display_name.to_lowercase().contains(&q)
        })
        .map(|(id, _)| id.clone())
        .collect()
}

/// `GET /cloud/capabilities` (§2.8). Anonymous callers get the public part only.
fn capabilities(call: &Call, inst: &Instance) -> Php {
    let (major, minor, micro, _) = call.version.parts();
    let mut caps = vec![(
        "core".to_string(),
        map![
            ("pollinterval", 60i64),
            ("webdav-root", "remote.php/webdav"),
            ("reference-api", true),
            ("reference-regex", "(\\s|\\n|^)(https?:\\/\\/)((?:[-A-Z0-9+_]+\\.)+[-A-Z]+(?:\\/[-A-Z0-9+&@#%?=~_|!:,.;()]*)*)(\\s|\\n|$)"),
            ("mod-rewrite-working", true),
        ],
    )];
    // apps/theming Capabilities.php: colours, and the URLs of the images a client shows.
    let t = |k: &str, d: &str| inst.app_value("theming", k).unwrap_or(d).to_string();
    let color = t("color", "#00679e");
    let base = format!("https://{}", call.host);
    caps.push((
        "theming".into(),
        map![
            ("name", t("name", "Nextcloud")),
            ("productName", t("name", "Nextcloud")),
            ("url", t("url", "https://nextcloud.com")),
            ("slogan", t("slogan", "a safe home for all your data")),
            ("color", color.clone()),
            ("color-text", "#ffffff"),
            ("color-element", color.clone()),
            ("color-element-bright", color.clone()),
            ("color-element-dark", color),
            ("logo", format!("{base}/core/img/logo/logo.svg?v=0")),
            (
                "background",
                format!("{base}/apps/theming/img/background/jo-myoung-hee-fluid.webp")
            ),
            ("background-text", "#ffffff"),
            ("background-plain", false),
            ("background-default", true),
            ("logoheader", format!("{base}/core/img/logo/logo.svg?v=0")),
            ("favicon", format!("{base}/core/img/logo/logo.svg?v=0")),
        ],
    ));
    if call.caller.is_some() {
        caps.push((
            "provisioning_api".into(),
            map![
                ("version", "1.23.0"),
                ("AccountPropertyScopesVersion", 2i64),
                ("AccountPropertyScopesFederatedEnabled", true),
                ("AccountPropertyScopesPublishedEnabled", false),
            ],
        ));
        caps.push((
            "files".into(),
            map![
                ("bigfilechunking", true),
                ("undelete", inst.app_enabled("files_trashbin")),
                ("versioning", inst.app_enabled("files_versions"))
            ],
        ));
    }
    map![
        (
            "version",
            map![
                ("major", major as i64),
                ("minor", minor as i64),
                ("micro", micro as i64),
                ("string", call.version.string()),
                ("edition", ""),
                ("extendedSupport", false),
            ]
        ),
        ("capabilities", Php::Map(caps)),
    ]
}

/// The quota object of §2.3 (`fillStorageInfo`). A user who never logged in has no home
/// yet, hence no file cache: Nextcloud then answers the short form `{quota, used: 0}`.
fn quota(inst: &Instance, u: &User) -> Php {
    let q = inst.quota_bytes(u);
    if u.last_login == 0 && u.used == 0 {
        return map![
            ("quota", q.map_or(Php::from("none"), Php::Int)),
            ("used", 0i64)
        ];
    }
    match q {
        None => map![
            ("free", -3i64),
            ("used", u.used),
            ("total", -3i64),
            ("relative", 0i64),
            ("quota", -3i64),
        ],
        Some(total) => {
            // §8b.7: negative when the user is over quota.
            let free = total - u.used;
            let relative = if total > 0 {
                ((u.used as f64 / total as f64) * 10000.0).round() / 100.0
            } else {
                0.0
            };
            map![
                ("free", free),
                ("used", u.used),
                ("total", total),
                ("relative", Php::Float(relative)),
                ("quota", total),
            ]
        }
    }
}

/// UserDetails in the order `getUserData` emits them (§2.3). `scopes` when the caller asks
/// about themselves. Where the scope keys sit among the others is not confirmed: here each
/// follows its field.
pub fn user_details(inst: &Instance, u: &User, me: &Caller, scopes: bool) -> Php {
    let mut d: Vec<(String, Php)> = Vec::new();
    let mut put = |k: &str, v: Php| d.push((k.to_string(), v));
    if me.admin || manages(inst, me, &u.uid) {
        put("enabled", Php::Bool(u.enabled));
    }
    if me.admin {
        put(
            "storageLocation",
            Php::Str(format!("{}/{}", inst.data_dir(), u.uid)),
        );
    }
    put("id", Php::Str(u.uid.clone()));
    put("firstLoginTimestamp", Php::Int(u.first_login));
    put("lastLoginTimestamp", Php::Int(u.last_login));
    put("lastLogin", Php::Int(u.last_login * 1000));
    put("backend", Php::from("Database"));
    put("subadmin", ids(u.subadmin.iter().cloned().collect()));
    put("quota", quota(inst, u));
    put(
        "manager",
        Php::Str(u.fields.get("manager").cloned().unwrap_or_default()),
    );
    put("email", Php::from(u.email.clone()));
    if scopes {
        put("emailScope", Php::from("v2-federated"));
    }
    put("additional_mail", Php::from(u.additional_mail.clone()));
    if scopes {
        put("additional_mailScope", Php::empty());
    }
    put("displayname", Php::Str(u.display_name.clone()));
    put("display-name", Php::Str(u.display_name.clone()));
    if scopes {
        put("displaynameScope", Php::from("v2-federated"));
    }
    for f in PROFILE_FIELDS {
        let v = u.fields.get(*f).cloned().unwrap_or_default();
        put(
            f,
            Php::Str(if *f == "profile_enabled" && v.is_empty() {
                "1".into()
            } else {
                v
            }),
        );
        if scopes && *f != "profile_enabled" && *f != "pronouns" {
            put(&format!("{f}Scope"), Php::from("v2-local"));
        }
    }
    if scopes {
        put("avatarScope", Php::from("v2-federated"));
    }
    put("groups", ids(inst.groups_of(&u.uid)));
    put(
        "language",
        // §8b.7: unset, the system's `default_language` (English without one).
        Php::Str(if u.language.is_empty() {
            inst.system
                .get("default_language")
                .and_then(|v| v.as_str())
                .unwrap_or("en")
                .to_string()
        } else {
            u.language.clone()
        }),
    );
    put("locale", Php::Str(u.locale.clone()));
    put(
        "timezone",
        Php::Str(
            u.fields
                .get("timezone")
                .cloned()
                // §8b.7: `''` when the user never set one.
                .unwrap_or_default(),
        ),
    );
    put("notify_email", Php::Null);
    put(
        "backendCapabilities",
        map![("setDisplayName", true), ("setPassword", true)],
    );
    Php::Map(d)
}

const PROFILE_FIELDS: &[&str] = &[
    "phone",
    "address",
    "website",
    "twitter",
    "bluesky",
    "fediverse",
    "organisation",
    "role",
    "headline",
    "biography",
    "profile_enabled",
    "pronouns",
];

/// `OC\User\Manager::validateUserId` (NC ≥ 30 wording: "Login").
pub fn check_uid(uid: &str) -> Result<(), String> {
    if uid.is_empty() {
        return Err("A valid Login must be provided".into());
    }
    if uid.trim() != uid {
        return Err("Login contains whitespace at the beginning or at the end".into());
    }
    if uid.chars().all(|c| c == '.') {
        return Err("Login must not consist of dots only".into());
    }
    if uid.chars().count() > 64 {
        return Err("Login is too long".into());
    }
    if !uid
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || " _.@-'".contains(c))
    {
        return Err(
            "Only the following characters are allowed in a Login: \"a-z\", \"A-Z\", \"0-9\", spaces and \"_.@-'\""
                .into(),
        );
    }
    Ok(())
}

/// `POST /cloud/users` (§2.2), checks in the controller's order.
fn add_user(call: &Call, inst: &mut Instance, mail: &mut Vec<crate::store::Mail>) -> OcsResult {
    let me = caller(call)?;
    let p = call.params;
    // `UsersController::addUser` (§8b.6, NC 28 copy): any logged-in account may call it;
    // the group checks refuse one that is neither admin nor sub-admin of those groups.
    let uid = p.str("userid").to_string();
    if inst.users.contains_key(&uid) {
        return Err(err(102, "User already exists"));
    }
    let groups = p.list("groups");
    if groups.is_empty() && !me.admin {
        return Err(err(106, "No group specified (required for subadmins)"));
    }
    for g in &groups {
        if !inst.groups.contains_key(g) {
            return Err(err(104, format!("Group {g} does not exist")));
        }
        if !me.admin && !is_subadmin_of(inst, me, g) {
            return Err(err(105, format!("Insufficient privileges for group {g}")));
        }
    }
    let subadmin = p.list("subadmin");
    for g in &subadmin {
        if !inst.groups.contains_key(g) {
            return Err(err(102, "Sub-admin group does not exist"));
        }
        if g == "admin" {
            return Err(err(103, "Cannot create sub-admins for admin group"));
        }
        if !me.admin && !is_subadmin_of(inst, me, g) {
            return Err(err(403, "No permissions to promote sub-admins"));
        }
    }
    let email = p.str("email").trim().to_string();
    let mut password = p.str("password").to_string();
    let generated = password.is_empty();
    if generated {
        if email.is_empty() {
            return Err(err(
                108,
                "To send a password link to the user an email address is required.",
            ));
        }
        password = crate::model::random_alnum(20);
    }
    if email.is_empty() && inst.app_value("core", "newUser.requireEmail") == Some("yes") {
        return Err(err(110, "Required email address was not provided"));
    }
    check_uid(&uid).map_err(|m| err(101, m))?;
    if password.len() > 469 {
        return Err(err(101, "Invalid password value"));
    }
    if let Some(hint) = inst.password_hint(&password).filter(|_| !generated) {
        return Err(err(107, hint));
    }
    if !email.is_empty() && !looks_like_email(&email) {
        return Err(err(101, "Invalid email address"));
    }
    inst.create_user(&uid, Some(&password), now());
    for g in &groups {
        if let Some(g) = inst.groups.get_mut(g) {
            g.members.insert(uid.clone());
        }
    }
    if let Some(u) = inst.users.get_mut(&uid) {
        u.subadmin.extend(subadmin);
        if !email.is_empty() {
            u.email = Some(email.clone());
        }
        let name = p.str("displayName");
        if !name.is_empty() {
            u.display_name = name.to_string();
        }
    }
    // Quota and language go through editUser *after* the user exists: when they fail, the
    // user stays created and the call still answers the error (`addUser`, NC 28). A retry
    // then meets 102.
    for (key, value) in [("quota", p.str("quota")), ("language", p.str("language"))] {
        if !value.is_empty() {
            set_field(inst, &uid, key, value, true)?;
        }
    }
    if !email.is_empty() && inst.app_value("core", "newUser.sendEmail") != Some("no") {
        if let Some(u) = inst.users.get(&uid) {
            mail.push(welcome_mail(inst, u, &email, generated, call.host));
        }
    }
    Ok(map![("id", uid)])
}

fn looks_like_email(e: &str) -> bool {
    let Some((local, domain)) = e.rsplit_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !e.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// The welcome mail of `NewUserMailHelper`: with a link to set a password when the account
/// was made without one. The wording is the stand-in's; the link's path is Nextcloud's.
pub(crate) fn welcome_mail(
    inst: &Instance,
    u: &User,
    to: &str,
    with_link: bool,
    host: &str,
) -> crate::store::Mail {
    let name = inst.app_value("theming", "name").unwrap_or("Nextcloud");
    let (button, link) = if with_link {
        let token = crate::model::random_alnum(21);
        (
            "Set your password".to_string(),
            format!(
                "https://{host}/index.php/lostpassword/reset/form/{token}/{}",
                u.uid
            ),
        )
    } else {
        (format!("Go to {name}"), format!("https://{host}/"))
    };
    let heading = if u.display_name == u.uid {
        "Welcome aboard".to_string()
    } else {
        format!("Welcome aboard {}", u.display_name)
    };
    crate::store::Mail {
        to: to.to_string(),
        subject: format!("Your {name} account was created"),
        body: format!(
            "{heading}\n\nWelcome to your {name} account, you can add, protect, and share your data.\n\nYour Login is: {}\n\n{button}: {link}\nInstall Client: https://nextcloud.com/install/#install-clients\n\n",
            u.uid
        ),
    }
}

/// `PUT /cloud/users/{id}` (§2.5).
fn edit_user(call: &Call, inst: &mut Instance, uid: &str) -> OcsResult {
    let me = caller(call)?;
    if !inst.users.contains_key(uid) || !can_manage(inst, me, uid) {
        return Err(err(998, ""));
    }
    let key = call.params.str("key");
    let value = call.params.str("value");
    let manager = manages(inst, me, uid);
    if !manager && matches!(key, "quota" | "manager") {
        return Err(err(113, "Invalid key or not allowed to set"));
    }
    set_field(inst, uid, key, value, manager)?;
    Ok(Php::empty())
}

fn set_field(
    inst: &mut Instance,
    uid: &str,
    key: &str,
    value: &str,
    admin: bool,
) -> Result<(), OcsError> {
    let check_quota = |v: &str| -> Result<String, OcsError> {
        match v {
            "none" | "default" => Ok(v.to_string()),
            _ => parse_size(v)
                .filter(|b| *b >= 0)
                .map(human_size)
                .ok_or_else(|| err(101, format!("Invalid quota value: {v}"))),
        }
    };
    let hint = if key == "password" {
        inst.password_hint(value)
    } else {
        None
    };
    let u = inst.users.get_mut(uid).ok_or_else(|| err(998, ""))?;
    match key {
        "display" | "displayname" => u.display_name = value.to_string(),
        "email" => {
            if !value.is_empty() && !looks_like_email(value) {
                return Err(err(101, "Invalid email address"));
            }
            u.email = (!value.is_empty()).then(|| value.to_string());
        }
        "quota" if admin => u.quota = check_quota(value)?,
        "password" => {
            if let Some(h) = hint {
                return Err(err(107, h));
            }
            u.password = Some(crate::model::PasswordHash::new(value));
        }
        "language" => {
            if !["en", "fr", "de", "es", "it", "nl", "pt_BR", "en_GB"].contains(&value) {
                return Err(err(101, "Invalid language"));
            }
            u.language = value.to_string();
        }
        "locale" => u.locale = value.to_string(),
        "additional_mail" => u.additional_mail.push(value.to_string()),
        "manager" if admin => {
            u.fields.insert("manager".into(), value.to_string());
        }
        k if PROFILE_FIELDS.contains(&k) || k == "notify_email" || k == "first_day_of_week" => {
            u.fields.insert(k.to_string(), value.to_string());
        }
        _ => return Err(err(113, "Invalid key or not allowed to set")),
    }
    Ok(())
}

/// `AppConfigController` (§2.1): the answer nests `data.data` (§8.10).
fn app_config(method: &str, rest: &[&str], p: &Params, inst: &mut Instance) -> OcsResult {
    let forbidden = |app: &str, key: &str| {
        matches!(key, "installed_version" | "enabled" | "types")
            || (app == "core" && (key.starts_with("public_") || key.starts_with("remote_")))
    };
    let forbid = || OcsError {
        code: 403,
        message: String::new(),
        data: map![("data", map![("message", "The given key can not be set")])],
    };
    match (method, rest) {
        ("GET", []) => {
            let mut apps: Vec<String> = inst.app_config.keys().cloned().collect();
            apps.extend(inst.apps.keys().cloned());
            apps.sort();
            apps.dedup();
            Ok(map![("data", apps)])
        }
        ("GET", [app]) => {
            let keys: Vec<String> = inst
                .app_config
                .get(*app)
                .map(|m| m.keys().cloned().collect())
                .unwrap_or_default();
            Ok(map![("data", keys)])
        }
        ("GET", [app, key]) => {
            let v = inst
                .app_value(app, key)
                .map(str::to_string)
                .unwrap_or_else(|| p.str("defaultValue").to_string());
            Ok(map![("data", v)])
        }
        ("POST", [app, key]) => {
            if forbidden(app, key) {
                return Err(forbid());
            }
            inst.app_config
                .entry(app.to_string())
                .or_default()
                .insert(key.to_string(), p.str("value").to_string());
            Ok(Php::empty())
        }
        ("DELETE", [app, key]) => {
            if forbidden(app, key) {
                return Err(forbid());
            }
            if let Some(m) = inst.app_config.get_mut(*app) {
                m.remove(*key);
            }
            Ok(Php::empty())
        }
        _ => Err(err(998, "")),
    }
}

/// The body of `status.php` (§3), in its key order.
pub fn status_php(inst: Option<&Instance>, version: Version) -> String {
    let installed = inst.is_some_and(|i| i.installed);
    map![
        ("installed", installed),
        ("maintenance", inst.is_some_and(|i| i.maintenance())),
        ("needsDbUpgrade", false),
        ("version", version.full()),
        ("versionstring", version.string()),
        ("edition", ""),
        (
            "productname",
            inst.and_then(|i| i.app_value("theming", "name"))
                .unwrap_or("Nextcloud")
                .to_string()
        ),
        ("extendedSupport", false),
    ]
    .to_json_plain()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn v1_answers_200_except_997_and_v2_passes_the_code() {
        assert_eq!(http_status(false, 102), 200);
        assert_eq!(http_status(false, 404), 200);
        assert_eq!(http_status(false, 997), 401);
        assert_eq!(http_status(true, 102), 400);
        assert_eq!(http_status(true, 998), 404);
        assert_eq!(http_status(true, 403), 403);
        assert_eq!(http_status(true, 996), 500);
        assert_eq!(http_status(true, 200), 200);
    }

    #[test]
    fn accept_is_honoured_only_for_whole_tokens() {
        let p = Params::default();
        assert_eq!(
            Format::negotiate(&p, Some("application/json")),
            Format::Json
        );
        assert_eq!(
            Format::negotiate(&p, Some("text/html, application/json")),
            Format::Json
        );
        assert_eq!(
            Format::negotiate(&p, Some("application/json; charset=utf-8")),
            Format::Xml
        );
        assert_eq!(Format::negotiate(&p, Some("*/*")), Format::Xml);
        assert_eq!(Format::negotiate(&p, None), Format::Xml);
        let j = Params::parse("format=json", None, b"");
        assert_eq!(Format::negotiate(&j, Some("application/xml")), Format::Json);
    }

    #[test]
    fn v1_and_v2_envelopes_differ_as_documented() {
        let e = Err(err(102, "User already exists"));
        let v1 = envelope(false, Format::Json, &e, true);
        assert_eq!(v1.status, 200);
        assert_eq!(
            v1.body,
            r#"{"ocs":{"meta":{"status":"failure","statuscode":102,"message":"User already exists","totalitems":"","itemsperpage":""},"data":[]}}"#
        );
        let v2 = envelope(true, Format::Json, &e, true);
        assert_eq!(v2.status, 400);
        assert_eq!(
            v2.body,
            r#"{"ocs":{"meta":{"status":"failure","statuscode":102,"message":"User already exists"},"data":[]}}"#
        );
        let ok = envelope(false, Format::Json, &Ok(map![("id", "a")]), true);
        assert!(ok.body.contains(r#""statuscode":100,"message":"OK""#));
    }

    #[test]
    fn user_ids_follow_nextcloud_rules() {
        assert!(check_uid("alice").is_ok());
        assert!(check_uid("Jean-Pierre.O'Neil@x").is_ok());
        assert!(check_uid(" a").is_err());
        assert!(check_uid("...").is_err());
        assert!(check_uid("é").is_err());
        assert!(check_uid("a/b").is_err());
    }
}
