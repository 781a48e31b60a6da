//! What every space runs and what it must never run: the apps on and off, and the system
//! settings that seal a space from the host. The apps and settings steps set them; the
//! health sweep reports any difference as drift.

/// The apps a new space has on, beside the office suite's: what associations ask for first
/// (agendas, contacts, photos, Kanban, collective notes, calls, forms, tables, polls,
/// shared budgets). Its referent may turn each off and on again from the dashboard
/// ([`OFFERED`]).
pub const APPS: &[&str] = &[
    "calendar",
    "contacts",
    "photos",
    "deck",
    "collectives",
    "spreed",
    "forms",
    "tables",
    "polls",
    "cospend",
];

/// Apps a new space has off, that its referent may turn on from the dashboard: useful to
/// some, confusing to newcomers (a mail client that needs a mailbox elsewhere, a weather
/// widget that asks where one is, suggestions of recent files).
pub const APPS_LATER: &[&str] = &[
    "notes",
    "tasks",
    "bookmarks",
    "whiteboard",
    "mail",
    "weather_status",
    "recommendations",
];

/// The apps the dashboard offers to turn on or off, in the order it lists them: the first
/// ones on in a new space, then those off at first.
pub fn offered() -> impl Iterator<Item = (&'static str, bool)> {
    APPS.iter()
        .map(|a| (*a, true))
        .chain(APPS_LATER.iter().map(|a| (*a, false)))
}

/// Whether the dashboard offers `app`.
pub fn is_offered(app: &str) -> bool {
    offered().any(|(a, _)| a == app)
}

/// Apps shipped with Nextcloud that a new space has off and the dashboard does not offer:
/// updates are the host's business, and the others speak to the space's admin of Nextcloud
/// GmbH's offers. An admin who turns one on in Nextcloud keeps it.
pub const APPS_OFF: &[&str] = &[
    "updatenotification",
    "survey_client",
    "nextcloud_announcements",
    "support",
];

/// Apps a space must never run: each shipped one lets the space's admin run code on the
/// host, read its files or make the server send requests wherever they like (`NEXTCLOUD.md`
/// §8b.10 names the source of each), and the self-registration would let people in past the
/// space's account limit (nothing in Nextcloud would stop it). No Nextcloud setting stops an
/// admin from enabling an app that is on disk: the apps step disables them and the health
/// sweep reports one enabled as drift, which the repair disables again. They are the only
/// apps a repair touches: every other choice of the space's admin is kept.
pub const APPS_FORBIDDEN: &[&str] = &[
    "registration",
    "files_external",
    "app_api",
    "webhook_listeners",
    "user_ldap",
    "admin_audit",
    "serverinfo",
    "testing",
];

/// The system settings that keep a space inside its walls, as `config.php` holds them
/// (`NEXTCLOUD.md` §8b.10). The settings step sets them with the others; the health
/// sweep reports any that changed as drift, which the repair sets again.
pub fn sealing(nextcloud_dir: &str) -> Vec<(&'static str, serde_json::Value)> {
    let dir = nextcloud_dir.trim_end_matches('/');
    vec![
        // No app store: apps come only from the host's read-only code tree.
        ("appstoreenabled", false.into()),
        (
            "apps_paths",
            serde_json::json!([
                { "path": format!("{dir}/apps"), "url": "/apps", "writable": false },
                { "path": format!("{dir}/custom_apps"), "url": "/custom_apps", "writable": false },
            ]),
        ),
        // No "Local" external storage, should files_external ever be enabled.
        ("files_external_allow_create_new_local", false.into()),
        // No request from the server to the host or its network (federation, previews,
        // webhooks of any app) on an admin's say.
        ("allow_local_remote_servers", false.into()),
    ]
}

/// The apps a new space with `office` (`collabora` or `onlyoffice`) must have on, and those
/// it must have off (including the other office suite and the forbidden ones).
pub fn apps_for(office: &str) -> (Vec<&'static str>, Vec<&'static str>) {
    let mut on = APPS.to_vec();
    on.push(office_app(office));
    let mut off = APPS_OFF.to_vec();
    off.extend(APPS_LATER);
    off.extend(APPS_FORBIDDEN);
    off.push(other_office_app(office));
    (on, off)
}

/// What must change of a space's apps for `wanted` on and `off` off, given which are
/// `enabled` and which are on disk but `disabled`: those to turn on (only those on disk:
/// none is ever downloaded) and those to turn off.
pub fn apps_to_change(
    wanted: &[&'static str],
    off: &[&'static str],
    enabled: impl Fn(&str) -> bool,
    disabled: impl Fn(&str) -> bool,
) -> (Vec<&'static str>, Vec<&'static str>) {
    (
        wanted.iter().copied().filter(|a| disabled(a)).collect(),
        off.iter().copied().filter(|a| enabled(a)).collect(),
    )
}

/// The forbidden apps among those `enabled`: the only apps a space in use is made to change
/// (the health sweep calls them drift).
pub fn forbidden_enabled(enabled: impl Fn(&str) -> bool) -> Vec<&'static str> {
    apps_to_change(&[], APPS_FORBIDDEN, enabled, |_| false).1
}

/// The office suite's app a space without `office` must not run.
pub fn other_office_app(office: &str) -> &'static str {
    if office_app(office) == "onlyoffice" {
        "richdocuments"
    } else {
        "onlyoffice"
    }
}

/// The Nextcloud app of an office suite (`collabora` or `onlyoffice`).
pub fn office_app(office: &str) -> &'static str {
    if office == "onlyoffice" {
        "onlyoffice"
    } else {
        "richdocuments"
    }
}
