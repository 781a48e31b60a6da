//! What the API shows of a user (NEXTCLOUD.md §2.3): its details in `getUserData`'s order,
//! its quota object, and the profile fields.

use crate::map;
use crate::model::{Instance, User};
use crate::php::Php;

use super::call::{ids, manages, Caller};

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

pub(super) const PROFILE_FIELDS: &[&str] = &[
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
