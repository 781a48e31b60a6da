//! The servers an instance trusts: `federation:trusted-servers` (NC ≥ 35), and
//! `federation:sync-addressbooks`.

use std::collections::HashMap;

use crate::model::Instance;

use super::args::Args;
use super::common::{not_defined, Outcome};

/// The statuses `federation:sync-addressbooks` sets, by URL, as JSON: what the peers answer
/// (`crate::network::sync_statuses`), found before the command runs.
pub(super) const SYNC_STATUSES: &str = "FRAMASPACE_SIM_SYNC_STATUSES";

/// Runs the `federation:` commands.
pub(super) fn command(
    name: &str,
    a: &Args,
    inst: &mut Instance,
    env: &HashMap<String, String>,
    mut o: Outcome,
) -> Outcome {
    match name {
        // §6 federation (ManageTrustedServers.php, NC ≥ 35)
        "federation:trusted-servers" => {
            if a.has("list") {
                o.out("+----+-----+--------+\n| id | url | status |\n+----+-----+--------+");
                for s in &inst.trusted_servers {
                    let st = match s.status {
                        1 => "ok",
                        2 => "pending",
                        3 => "failure",
                        _ => "access revoked",
                    };
                    o.out(format!("| {} | {} | {st} |", s.id, s.url));
                }
                o.out("+----+-----+--------+");
                return o;
            }
            let add = a.has("add");
            if add == a.has("remove") || a.pos.is_empty() {
                return o.fail(2, "<error>Use exactly one of --add, --remove or --list, with at least one URL</error>");
            }
            o.out(if add {
                "Adding trusted servers:"
            } else {
                "Removing trusted servers:"
            });
            for url in a.pos.clone() {
                let exists = inst.trusted_servers.iter().any(|s| s.url == url);
                if add {
                    if exists {
                        o.out(format!("  - {url} already trusted, skipping"));
                    } else {
                        let id = inst.next_id();
                        inst.trusted_servers.push(crate::model::TrustedServer {
                            id,
                            url: url.clone(),
                            status: 2,
                            secret: None,
                        });
                        o.out(format!("  - {url} added"));
                    }
                } else if exists {
                    inst.trusted_servers.retain(|s| s.url != url);
                    o.out(format!("  - {url} removed"));
                } else {
                    o.out(format!("  - {url} failed: not a trusted server"));
                    o.code = 1;
                }
            }
        }
        // A NC 34 command of the namespace too, so that "trusted-servers" is "not defined"
        // there. Each server with a secret: its address book is fetched with the secret,
        // which sets the status (`SyncFederationAddressBooks`); what the peers answer was
        // found before this ran (`SYNC_STATUSES`). The progress bar is not reproduced; a
        // failure is one line (not confirmed: its words after the URL).
        "federation:sync-addressbooks" => {
            let found: Vec<(String, u8)> = env
                .get(SYNC_STATUSES)
                .and_then(|j| serde_json::from_str(j).ok())
                .unwrap_or_default();
            for (url, status) in found {
                for s in inst.trusted_servers.iter_mut().filter(|s| s.url == url) {
                    s.status = status;
                }
                if status != 1 {
                    o.out(format!(
                        "Error while syncing {url} : the server did not answer"
                    ));
                }
            }
        }
        other => return not_defined(o, other),
    }
    o
}
