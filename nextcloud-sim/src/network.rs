//! What one instance reaches of the others (§6 federation): the stand-in's network is its
//! host, so an address `http(s)://<name>.<domain>` names the instance the host's web server
//! serves at `<name>`, and nothing else answers (a Nextcloud on another host is out of
//! reach, as a peer down would be).
//!
//! Trusted servers exchange their shared secret through background jobs in Nextcloud
//! (`RequestSharedSecret`, then the peer's `GetSharedSecret`, each on the next cron run, 403
//! until both sides trust each other): the stand-in makes that exchange at once when an
//! instance adds a server that already trusts it back, which is where the background jobs
//! would end a few minutes later. The status turns ok only at the next address-book sync
//! (`federation:sync-addressbooks`), as in Nextcloud.

use std::io;

use crate::model::{random_alnum, Instance};
use crate::store::{HostConfig, Site, Store};

/// The instance served at `url`, if the host serves one there.
pub fn instance_at(store: &Store, host: &HostConfig, url: &str) -> Option<String> {
    let u = url.trim();
    let u = u
        .strip_prefix("https://")
        .or_else(|| u.strip_prefix("http://"))?;
    let authority = u.split(['/', '?', '#']).next()?.to_ascii_lowercase();
    let name = authority
        .rsplit_once(':')
        .map_or(authority.as_str(), |(h, _)| h);
    let name = name.strip_suffix(&format!(".{}", host.domain))?;
    let slug = match store.resolve(name) {
        Site::Serve(s) => s,
        Site::Redirect(_) => return None,
    };
    let inst = store.load(&slug).ok()??;
    (inst.installed && (!host.sites || inst.site)).then_some(slug)
}

/// Whether `url` answers as a Nextcloud (`TrustedServers::isNextcloudServer`: `status.php`
/// with a version).
pub fn is_nextcloud(store: &Store, host: &HostConfig, url: &str) -> bool {
    instance_at(store, host, url).is_some()
}

/// The address an instance gives of itself to the servers it trusts (its background jobs
/// run from the command line: `overwrite.cli.url`).
pub fn own_url(inst: &Instance, slug: &str, host: &HostConfig) -> String {
    inst.system
        .get("overwrite.cli.url")
        .and_then(|v| v.as_str())
        .map(str::to_string)
        .unwrap_or_else(|| format!("https://{slug}.{}", host.domain))
}

/// Whether two addresses name one server (`DbHandler::hash`: scheme and slashes aside).
pub fn same_server(a: &str, b: &str) -> bool {
    fn normal(u: &str) -> String {
        let u = u.trim();
        let u = u
            .strip_prefix("https://")
            .or_else(|| u.strip_prefix("http://"))
            .unwrap_or(u);
        u.trim_end_matches('/').to_ascii_lowercase()
    }
    normal(a) == normal(b)
}

/// The shared secrets' exchange for `slug`: each of its trusted servers without a secret
/// whose instance trusts `slug` back gets one, on both sides.
pub fn exchange(store: &Store, host: &HostConfig, slug: &str) -> io::Result<()> {
    let Some(inst) = store.load(slug)? else {
        return Ok(());
    };
    let me = own_url(&inst, slug, host);
    for server in inst.trusted_servers.iter().filter(|s| s.secret.is_none()) {
        let Some(peer) = instance_at(store, host, &server.url) else {
            continue;
        };
        let trusted_back = store
            .load(&peer)?
            .is_some_and(|p| p.trusted_servers.iter().any(|s| same_server(&s.url, &me)));
        if !trusted_back {
            // The peer answers 403 until it trusts this one; Nextcloud tries again.
            continue;
        }
        let secret = random_alnum(32);
        store.update(&peer, |p| {
            for s in p
                .trusted_servers
                .iter_mut()
                .filter(|s| same_server(&s.url, &me))
            {
                s.secret = Some(secret.clone());
            }
        })?;
        let url = server.url.clone();
        store.update(slug, |i| {
            for s in i.trusted_servers.iter_mut().filter(|s| s.url == url) {
                s.secret = Some(secret.clone());
            }
        })?;
    }
    Ok(())
}

/// What `federation:sync-addressbooks` finds for each trusted server of `inst`, by its URL:
/// 1 (ok) when the peer still holds the same secret for it, 4 (access revoked: the peer
/// answers 401) when it does not, 3 (failure) when the peer does not answer; servers without
/// a secret are skipped (`SyncFederationAddressBooks::syncThemAll`).
pub fn sync_statuses(
    store: &Store,
    host: &HostConfig,
    slug: &str,
    inst: &Instance,
) -> Vec<(String, u8)> {
    let me = own_url(inst, slug, host);
    inst.trusted_servers
        .iter()
        .filter_map(|s| {
            let secret = s.secret.as_ref()?;
            let status = match instance_at(store, host, &s.url)
                .and_then(|p| store.load(&p).ok().flatten())
            {
                None => 3,
                Some(p) => {
                    let same = p
                        .trusted_servers
                        .iter()
                        .any(|t| same_server(&t.url, &me) && t.secret.as_ref() == Some(secret));
                    if same {
                        1
                    } else {
                        4
                    }
                }
            };
            Some((s.url.clone(), status))
        })
        .collect()
}
