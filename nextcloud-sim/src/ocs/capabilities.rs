//! What an instance tells about itself: its capabilities (NEXTCLOUD.md §2.8) and the body of
//! `status.php` (§3).

use crate::map;
use crate::model::{Instance, Version};
use crate::php::Php;

use super::call::Call;

/// `GET /cloud/capabilities` (§2.8). Anonymous callers get the public part only.
pub(super) fn capabilities(call: &Call, inst: &Instance) -> Php {
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
    let color = t("primary_color", "#00679e");
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
            (
                "logo",
                match inst.app_value("theming", "logoMime") {
                    Some(_) => format!(
                        "{base}/index.php/apps/theming/image/logo?useSvg=1&v={}",
                        t("cachebuster", "0")
                    ),
                    None => format!("{base}/core/img/logo/logo.svg?v=0"),
                }
            ),
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
