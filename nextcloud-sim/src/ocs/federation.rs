//! Trusted servers over OCS (§6 federation: `apps/federation`'s `SettingsController`, an
//! `OCSController` since Nextcloud 31, admins only): list, add after checking that the
//! address answers as a Nextcloud, remove by id. The shared secret is never shown.

use crate::map;
use crate::model::{Instance, TrustedServer};
use crate::network::same_server;
use crate::php::Php;

use super::call::Call;
use super::envelope::{err, OcsResult};

/// Runs a call below `/apps/federation/trusted-servers`; `s` holds its route's segments.
pub(super) fn handle(call: &Call, s: &[&str], inst: &mut Instance) -> OcsResult {
    match (call.method, s) {
        ("GET", [_, _, _]) => Ok(Php::List(
            inst.trusted_servers
                .iter()
                .map(|t| {
                    map![
                        ("url", t.url.clone()),
                        ("id", t.id as i64),
                        ("status", i64::from(t.status)),
                    ]
                })
                .collect(),
        )),
        // `checkServer`: already trusted (409) before the `status.php` check (404).
        ("POST", [_, _, _]) => {
            let url = call.params.str("url").trim().to_string();
            if inst
                .trusted_servers
                .iter()
                .any(|t| same_server(&t.url, &url))
            {
                return Err(err(
                    409,
                    "Server is already in the list of trusted servers.",
                ));
            }
            if !(call.reaches)(&url) {
                return Err(err(404, "No server to federate with found"));
            }
            // `TrustedServers::addServer`: stored with `https://` when it has no scheme,
            // without its trailing slashes; pending until the keys are exchanged.
            let stored = if url.starts_with("http://") || url.starts_with("https://") {
                url.trim_end_matches('/').to_string()
            } else {
                format!("https://{}", url.trim_end_matches('/'))
            };
            let id = inst.next_id();
            inst.trusted_servers.push(TrustedServer {
                id,
                url: stored,
                status: 2,
                secret: None,
            });
            Ok(map![
                ("url", url),
                ("id", id as i64),
                ("message", "Added to the list of trusted servers"),
            ])
        }
        ("DELETE", [_, _, _, id]) => {
            let found = id
                .parse::<u64>()
                .ok()
                .filter(|n| inst.trusted_servers.iter().any(|t| t.id == *n));
            let Some(n) = found else {
                return Err(err(404, format!("No server found with ID: {id}")));
            };
            inst.trusted_servers.retain(|t| t.id != n);
            Ok(map![("id", n as i64)])
        }
        _ => Err(err(998, "")),
    }
}
