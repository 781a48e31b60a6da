//! Trusted servers (§6 federation): the OCS routes of `apps/federation` an admin calls to
//! add, list and remove the servers an instance trusts, and `occ federation:sync-addressbooks`,
//! after which a server whose keys were exchanged shows as ok.

use reqwest::Method;
use serde_json::Value;

use super::occ::Occ;
use super::ocs::{generic, Ocs};
use super::NcError;

const ROUTE: &str = "/apps/federation/trusted-servers";

/// A trusted server's status (`TrustedServers::STATUS_OK`): its keys were exchanged and an
/// address-book sync went through.
pub const STATUS_OK: u64 = 1;

/// One server of the list, as `GET …/trusted-servers` shows it (never its shared secret).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TrustedServer {
    pub id: i64,
    pub url: String,
    /// 1 ok, 2 pending, 3 failure, 4 access revoked.
    pub status: u64,
}

/// What came of adding a server.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Added {
    /// Added now, or it was in the list already (409).
    Trusted,
    /// `<url>/status.php` did not answer as a Nextcloud (404 "No server to federate with
    /// found"): down, or not reachable from this instance.
    NotNextcloud,
}

impl Ocs {
    /// The servers this instance trusts; `None` when it has no such route (code 998: the
    /// federation app is off, or the release predates the OCS routes).
    pub async fn trusted_servers(&self) -> Result<Option<Vec<TrustedServer>>, NcError> {
        match self.call(Method::GET, ROUTE, &[]).await? {
            Ok(data) => Ok(Some(servers(&data))),
            Err(f) if f.code == 998 => Ok(None),
            Err(f) => Err(generic(f)),
        }
    }

    /// Adds `url` (`https://…`, as [`same_server`] compares it) to the trusted servers.
    pub async fn add_trusted_server(&self, url: &str) -> Result<Added, NcError> {
        match self.call(Method::POST, ROUTE, &[("url", url)]).await? {
            Ok(_) => Ok(Added::Trusted),
            Err(f) if f.code == 409 => Ok(Added::Trusted),
            Err(f) if f.code == 404 => Ok(Added::NotNextcloud),
            Err(f) if f.code == 998 => Err(NcError::NotFound),
            Err(f) => Err(generic(f)),
        }
    }

    /// Removes the trusted server `id`; `false` when there was none (404).
    pub async fn remove_trusted_server(&self, id: i64) -> Result<bool, NcError> {
        match self
            .call(Method::DELETE, &format!("{ROUTE}/{id}"), &[])
            .await?
        {
            Ok(_) => Ok(true),
            Err(f) if f.code == 404 => Ok(false),
            Err(f) => Err(generic(f)),
        }
    }
}

impl Occ {
    /// `federation:sync-addressbooks`: what the daily `SyncJob` does, now. A server whose keys
    /// were exchanged becomes ok (status 1) on its first sync.
    pub async fn sync_addressbooks(&self) -> Result<(), NcError> {
        self.ok(&["federation:sync-addressbooks"], &[])
            .await
            .map(|_| ())
    }
}

/// Whether two addresses name one server as Nextcloud compares them (`DbHandler::hash`):
/// the scheme and the trailing slashes aside.
pub fn same_server(a: &str, b: &str) -> bool {
    normal(a) == normal(b)
}

fn normal(url: &str) -> String {
    let u = url.trim();
    let u = u
        .strip_prefix("https://")
        .or_else(|| u.strip_prefix("http://"))
        .unwrap_or(u);
    u.trim_end_matches('/').to_ascii_lowercase()
}

/// The list, from `data` (an array of `{url, id, status}`).
fn servers(data: &Value) -> Vec<TrustedServer> {
    data.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|s| {
                    Some(TrustedServer {
                        id: s.get("id")?.as_i64()?,
                        url: s.get("url")?.as_str()?.to_string(),
                        status: s.get("status").and_then(Value::as_u64).unwrap_or(0),
                    })
                })
                .collect()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn servers_are_compared_without_scheme_and_slashes() {
        assert!(same_server(
            "https://a.frama.space/",
            "http://a.frama.space"
        ));
        assert!(same_server("A.frama.space", "https://a.frama.space"));
        assert!(!same_server(
            "https://a.frama.space",
            "https://b.frama.space"
        ));
        assert!(!same_server(
            "https://a.frama.space:8443",
            "https://a.frama.space"
        ));
    }

    #[test]
    fn the_list_is_read_from_its_objects() {
        let data = serde_json::json!([
            {"url": "https://a.frama.space", "id": 3, "status": 1},
            {"url": "https://b.frama.space", "id": 4, "status": 2},
            {"id": 5},
        ]);
        assert_eq!(
            servers(&data),
            vec![
                TrustedServer {
                    id: 3,
                    url: "https://a.frama.space".into(),
                    status: 1
                },
                TrustedServer {
                    id: 4,
                    url: "https://b.frama.space".into(),
                    status: 2
                },
            ]
        );
    }
}
