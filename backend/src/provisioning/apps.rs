//! What every space runs and what it must never run: the apps on and off, and the system
//! settings that seal a space from the host. The apps and settings steps set them; the
//! health sweep reports any difference as drift.

/// The apps every space has, beside the office suite's.
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
];

/// Apps shipped with Nextcloud that confuse newcomers or do not apply to a hosted space
/// (updates are the host's business), and the self-registration app: nothing in Nextcloud
/// would stop it past the account limit.
pub const APPS_OFF: &[&str] = &[
    "registration",
    "updatenotification",
    "survey_client",
    "weather_status",
    "nextcloud_announcements",
    "support",
];

/// Apps shipped with Nextcloud that a space must never run: each lets the space's admin run
/// code on the host, read its files or make the server send requests wherever they like
/// (`NEXTCLOUD.md` §8b.10 names the source of each). No Nextcloud setting stops an admin
/// from enabling an app that is on disk: the apps step disables them and the health sweep
/// reports one enabled as drift, which the repair disables again.
pub const APPS_FORBIDDEN: &[&str] = &[
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

/// The apps a space with `office` (`collabora` or `onlyoffice`) must have on, and those it
/// must have off (including the other office suite and the forbidden ones).
pub fn apps_for(office: &str) -> (Vec<&'static str>, Vec<&'static str>) {
    let suite = office_app(office);
    let other = if suite == "onlyoffice" {
        "richdocuments"
    } else {
        "onlyoffice"
    };
    let mut on = APPS.to_vec();
    on.push(suite);
    let mut off = APPS_OFF.to_vec();
    off.extend(APPS_FORBIDDEN);
    off.push(other);
    (on, off)
}

/// What a space with `office` must change of its apps, given which are `enabled` and which
/// are on disk but `disabled`: the wanted ones to turn on (only those on disk: none is ever
/// downloaded) and the unwanted ones to turn off. The apps step acts on it; the health
/// sweep calls anything in it drift.
pub fn apps_to_change(
    office: &str,
    enabled: impl Fn(&str) -> bool,
    disabled: impl Fn(&str) -> bool,
) -> (Vec<&'static str>, Vec<&'static str>) {
    let (wanted, off) = apps_for(office);
    (
        wanted.into_iter().filter(|a| disabled(a)).collect(),
        off.into_iter().filter(|a| enabled(a)).collect(),
    )
}

/// The Nextcloud app of an office suite (`collabora` or `onlyoffice`).
pub fn office_app(office: &str) -> &'static str {
    if office == "onlyoffice" {
        "onlyoffice"
    } else {
        "richdocuments"
    }
}
