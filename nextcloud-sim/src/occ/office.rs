//! The office suites: `richdocuments:activate-config` and `richdocuments:setup`
//! (Collabora), `onlyoffice:documentserver` (OnlyOffice).

use std::collections::HashMap;

use crate::model::Instance;

use super::args::Args;
use super::common::{not_defined, Outcome, OFFICE_DOWN};

/// Runs the `richdocuments:` and `onlyoffice:` commands.
pub(super) fn command(
    name: &str,
    a: &Args,
    inst: &mut Instance,
    env: &HashMap<String, String>,
    mut o: Outcome,
) -> Outcome {
    match name {
        // §6 Collabora (richdocuments ActivateConfig.php)
        "richdocuments:activate-config" | "richdocuments:setup" => {
            if let Some(w) = a.opt("wopi-url") {
                inst.app_config
                    .entry("richdocuments".into())
                    .or_default()
                    .insert("wopi_url".into(), w.to_string());
            }
            // §8b.3: without --callback-url, the callback URL is reset to ''.
            inst.app_config
                .entry("richdocuments".into())
                .or_default()
                .insert(
                    "wopi_callback_url".into(),
                    a.opt("callback-url").unwrap_or("").to_string(),
                );
            let wopi = inst
                .app_value("richdocuments", "wopi_url")
                .unwrap_or("")
                .to_string();
            o.out(format!("WOPI URL: {wopi}"));
            // The stand-in reaches no Collabora server: a URL that is set and absolute
            // stands for a discovery that answered, unless the office_down knob says the
            // server (or its way back to the space) is down. The values set above stay set.
            let office_down = env.contains_key(OFFICE_DOWN);
            if office_down || !(wopi.starts_with("https://") || wopi.starts_with("http://")) {
                return o.fail(
                    1,
                    format!("<error>Failed to fetch discovery endpoint from {wopi}</error>"),
                );
            }
            inst.app_config
                .entry("richdocuments".into())
                .or_default()
                .insert("public_wopi_url".into(), wopi.clone());
            o.out(format!("Public WOPI URL: {wopi}"));
            o.out(format!(
                "Callback URL: {}",
                inst.app_value("richdocuments", "wopi_callback_url")
                    .unwrap_or("")
            ));
            o.out("<info>✓ Fetched /hosting/discovery endpoint</info>");
            o.out("<info>✓ Valid mimetype response</info>");
            o.out("<info>✓ Valid capabilities entry</info>");
            o.out("<info>✓ Fetched /hosting/capabilities endpoint</info>");
        }
        // §6 OnlyOffice (DocumentServer.php)
        "onlyoffice:documentserver" => {
            let url = inst
                .app_value("onlyoffice", "DocumentServerUrl")
                .unwrap_or("")
                .to_string();
            if url.is_empty() {
                return o.fail(1, "<error>Document server is not configured</error>");
            }
            if a.has("check") {
                o.out("Document server URL version 8.3.0 is successfully connected");
            } else {
                o.out(format!("Document server URL: {url}"));
            }
        }
        other => return not_defined(o, other),
    }
    o
}
