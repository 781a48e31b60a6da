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
            m.remove(&format!("{key}Mime"));
        }
        // `ThemingDefaults::undo` answers the default it went back to.
        let default = match key.as_str() {
            "name" => "Nextcloud",
            "color" | "primary_color" => "#00679e",
            _ => "",
        };
        o.out(format!("<info>Reset {key} to {default}</info>"));
        return o;
    }
    let Some(value) = a.pos.get(1).cloned() else {
        let shown = if IMAGES.contains(&key.as_str()) {
            format!("{key}Mime")
        } else {
            key.clone()
        };
        match inst.app_value("theming", &shown) {
            Some(v) => o.out(format!("<info>{key} is currently set to {v}</info>")),
            None => o.out(format!("<info>{key} is currently not set</info>")),
        }
        return o;
    };
    if IMAGES.contains(&key.as_str()) {
        return image(inst, &key, &value, o);
    }
    // Nextcloud 30 split the primary colour from the background's: `color` is taken as
    // `primary_color` with a warning, and only the primary colour is checked here
    // (`UpdateConfig.php`; the migration `SeparatePrimaryColorAndBackground`).
    let key = if key == "color" {
        o.out("<comment>Using \"color\" is deprecated, use \"primary_color\" instead</comment>");
        "primary_color".to_string()
    } else {
        key
    };
    if key == "primary_color" {
        let hex = value.strip_prefix('#').unwrap_or("");
        let ok = (hex.len() == 3 || hex.len() == 6) && hex.chars().all(|c| c.is_ascii_hexdigit());
        if !ok {
            return o.fail(
                1,
                format!("<error>The given color is invalid: {value}</error>"),
            );
        }
    }
    inst.app_config
        .entry("theming".into())
        .or_default()
        .insert(key.clone(), value.clone());
    o.out(format!("<info>Updated {key} to {value}</info>"));
    o.changed = true;
    o
}

/// An image key with the absolute path of a file: `ImageManager::updateImage` copies the file
/// into the app data (the file stays where it is) and the command stores its type as
/// `<key>Mime`. Nextcloud takes JPEG, PNG, GIF, WebP and SVG (SVG without cleaning it), and
/// throws "Unsupported image type: …" for anything else.
fn image(inst: &mut Instance, key: &str, path: &str, mut o: Outcome) -> Outcome {
    if !path.starts_with('/') {
        return o.fail(
            1,
            format!(
                "<error>The image file needs to be provided as an absolute path: {path}.</error>"
            ),
        );
    }
    let Ok(bytes) = std::fs::read(path) else {
        return o.fail(
            1,
            format!("<error>File could not be found: {path}.</error>"),
        );
    };
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(256)]).to_ascii_lowercase();
    let mime = if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        "image/png"
    } else if bytes.starts_with(&[0xff, 0xd8, 0xff]) {
        "image/jpeg"
    } else if bytes.starts_with(b"GIF8") {
        "image/gif"
    } else if bytes.len() > 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        "image/webp"
    } else if head.contains("<svg") {
        "image/svg+xml"
    } else if bytes.is_empty() {
        "application/x-empty"
    } else {
        "application/octet-stream"
    };
    if !mime.starts_with("image/") {
        return o.fail(
            1,
            format!("In ImageManager.php line 0:\n\n  Unsupported image type: {mime}\n"),
        );
    }
    let config = inst.app_config.entry("theming".into()).or_default();
    config.insert(format!("{key}Mime"), mime.to_string());
    // The cache buster the image's address carries, raised at each change.
    let serial = config
        .get("cachebuster")
        .and_then(|v| v.parse::<u64>().ok())
        .unwrap_or(0)
        + 1;
    config.insert("cachebuster".into(), serial.to_string());
    o.out(format!("<info>Updated {key}Mime to {mime}</info>"));
    o.changed = true;
    o
}
