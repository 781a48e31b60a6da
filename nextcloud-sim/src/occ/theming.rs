//! The look of an instance: `theming:config`.

use crate::model::Instance;

use super::args::Args;
use super::common::Outcome;

/// `theming:config` (`apps/theming/lib/Command/UpdateConfig.php`).
pub(super) fn theming(a: &Args, inst: &mut Instance, mut o: Outcome) -> Outcome {
    const KEYS: &[&str] = &[
        "name",
        "url",
        "imprintUrl",
        "privacyUrl",
        "slogan",
        "color",
        "primary_color",
        "background_color",
        "disable-user-theming",
    ];
    const IMAGES: &[&str] = &["background", "logo", "favicon", "logoheader"];
    let Some(key) = a.pos.first().cloned() else {
        o.out("Current theming config:");
        if let Some(m) = inst.app_config.get("theming") {
            for (k, v) in m {
                o.out(format!("- {k}: {v}"));
            }
        }
        return o;
    };
    if !KEYS.contains(&key.as_str()) && !IMAGES.contains(&key.as_str()) {
        return o.fail(1, "<error>Invalid config key provided</error>");
    }
    if a.has("reset") {
        if let Some(m) = inst.app_config.get_mut("theming") {
            m.remove(&key);
        }
        o.out(format!("<info>Reset {key} to default</info>"));
        return o;
    }
    let Some(value) = a.pos.get(1).cloned() else {
        let v = inst.app_value("theming", &key).unwrap_or("").to_string();
        o.out(format!("- {key}: {v}"));
        return o;
    };
    if IMAGES.contains(&key.as_str()) && !value.starts_with('/') {
        return o.fail(
            1,
            "<error>The image file needs to be an absolute path</error>",
        );
    }
    if key.contains("color") {
        let hex = value.strip_prefix('#').unwrap_or("");
        let ok = (hex.len() == 3 || hex.len() == 6) && hex.chars().all(|c| c.is_ascii_hexdigit());
        if !ok {
            return o.fail(
                1,
                format!("<error>The given color is invalid: {value}</error>"),
            );
        }
    }
    let stored_key = if key == "primary_color" {
        "color"
    } else {
        key.as_str()
    };
    inst.app_config
        .entry("theming".into())
        .or_default()
        .insert(stored_key.to_string(), value.clone());
    o.out(format!("<info>Updated {key} to {value}</info>"));
    o
}
