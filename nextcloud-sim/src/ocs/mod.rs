//! The OCS envelope and the Provisioning API (NEXTCLOUD.md §1 and §2), as plain functions
//! over an [`Instance`]: the web side (`http`) decides who calls and renders the answer.
//!
//! Each family of endpoints has its file: `users` (with `user_details`, what the API shows
//! of a user), `groups`, `apps` and `capabilities` (with `status.php`); `envelope` holds the
//! OCS envelope and `call` the caller and their rights. This file finds a call's route and
//! sends it to its family.

mod apps;
mod call;
mod capabilities;
mod envelope;
mod federation;
mod groups;
mod user_details;
mod users;

use crate::model::Instance;

pub use call::{Call, Caller};
pub use capabilities::status_php;
pub use envelope::{envelope, err, http_status, Format, OcsError, OcsResult, Reply};
pub use user_details::user_details;
pub use users::check_uid;
pub(crate) use users::welcome_mail;

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
        // §6 federation (NC ≥ 31)
        ["apps", "federation", "trusted-servers"] => match m {
            "GET" => Some((Admin, false)),
            "POST" => Some((Admin, true)),
            _ => None,
        },
        ["apps", "federation", "trusted-servers", _] => (m == "DELETE").then_some((Admin, true)),
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

/// The app whose routes `path` is under, when that app may be off: its routes are then
/// unknown (998), as Nextcloud registers no route of a disabled app.
pub fn app_of(path: &str) -> Option<&'static str> {
    match segs(path).as_slice() {
        ["apps", "federation", ..] => Some("federation"),
        _ => None,
    }
}

/// Runs a routed call. Reads get a shared instance; writes a mutable one (the caller saves
/// it). `mail` collects the mails the call sends.
pub fn handle(call: &Call, inst: &mut Instance, mail: &mut Vec<crate::store::Mail>) -> OcsResult {
    let s = segs(call.route);
    match (call.method, s.as_slice()) {
        // §2.8: public, the CSRF rule still applies
        ("GET", ["cloud", "capabilities"]) => Ok(capabilities::capabilities(call, inst)),
        (_, ["cloud", "user" | "users", ..])
        | (_, ["apps", "provisioning_api", "api", "v1", "config", "users", ..]) => {
            users::handle(call, &s, inst, mail)
        }
        (_, ["cloud", "groups", ..]) => groups::handle(call, &s, inst),
        (_, ["cloud", "apps", ..])
        | (_, ["apps", "provisioning_api", "api", "v1", "config", "apps", ..])
        | (_, ["apps", "notifications", ..]) => apps::handle(call, &s, inst),
        (_, ["apps", "federation", "trusted-servers", ..]) => federation::handle(call, &s, inst),
        _ => Err(err(998, "")),
    }
}
