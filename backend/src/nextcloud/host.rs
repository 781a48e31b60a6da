//! What a host does for one space outside Nextcloud: its folder and web-server site, its
//! database, a reset of an install that never finished, its removal. A script on the host
//! (`docs/host/framaspace-host`) does it, run through the host's command template like
//! `occ`, so arguments stay an argument vector and secrets travel on standard input.

use serde::Deserialize;

use super::occ::{CommandTemplate, Occ, OccOutput};
use super::NcError;
use crate::Secret;

/// `framaspace-host {slug} ACTION` for one space of one host.
#[derive(Clone, Debug)]
pub struct HostScript {
    run: Occ,
}

/// What the host has of a space (`status`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct OnHost {
    pub site: bool,
    pub database: bool,
    /// `config.php` is there: an install began (and maybe finished).
    pub install_begun: bool,
    pub installed: bool,
}

impl HostScript {
    pub fn new(
        template: CommandTemplate,
        host: &str,
        slug: &str,
        timeout: std::time::Duration,
    ) -> Self {
        Self {
            run: Occ::new(template, host, slug, timeout).uncounted(),
        }
    }

    pub async fn status(&self) -> Result<OnHost, NcError> {
        let out = self.run.ok(&["status"], &[]).await?;
        serde_json::from_str(out.stdout.trim()).map_err(|_| NcError::Unexpected {
            status: 0,
            excerpt: out.stdout.chars().take(200).collect(),
        })
    }

    /// Makes the space's Unix user (`space-<space_id>`), its folders, its PHP-FPM pool and
    /// its web-server site; `false` when they were there.
    pub async fn create_site(&self, space_id: i64) -> Result<bool, NcError> {
        let id = space_id.to_string();
        let out = self.run.ok(&["create-site", &id], &[]).await?;
        Ok(said(&out, "site created"))
    }

    /// Makes the database and its role, whose password is `password`: only its SCRAM
    /// verifier is sent (on standard input), so the password never reaches the database
    /// server. `false` when it was there.
    pub async fn create_database(&self, password: &Secret) -> Result<bool, NcError> {
        let verifier = Secret::new(super::secrets::scram_verifier(password));
        let out = self
            .run
            .ok(&["create-database"], &[("DB_VERIFIER", &verifier)])
            .await?;
        Ok(said(&out, "database created"))
    }

    /// Gives the space's database role `password` (its verifier) and, once Nextcloud is
    /// installed, writes it as `config.php`'s `dbpassword`: both on standard input.
    pub async fn set_database_password(&self, password: &Secret) -> Result<(), NcError> {
        let verifier = Secret::new(super::secrets::scram_verifier(password));
        self.run
            .ok(
                &["database-password"],
                &[("DB_PASS", password), ("DB_VERIFIER", &verifier)],
            )
            .await
            .map(|_| ())
    }

    /// Undoes an install that began and never finished (refused on an installed space).
    pub async fn reset_install(&self) -> Result<(), NcError> {
        self.run.ok(&["reset-install"], &[]).await.map(|_| ())
    }

    /// Serves the space at `name` and redirects each of its `former` names there (the
    /// path kept); `false` when the host did so already.
    pub async fn set_address(&self, name: &str, former: &[String]) -> Result<bool, NcError> {
        let mut args = vec!["address", name];
        args.extend(former.iter().map(String::as_str));
        let out = self.run.ok(&args, &[]).await?;
        Ok(out.stdout.trim().starts_with("address set"))
    }

    /// Writes `logo` (PNG or JPEG, checked by the portal) as the space's logo file, inside the
    /// space's own folder and readable by its PHP user only; returns the file's absolute path
    /// for `theming:config logo`. The bytes travel on standard input, in base64.
    pub async fn write_logo(&self, logo: &[u8]) -> Result<String, NcError> {
        use base64::Engine;
        let mut input = base64::engine::general_purpose::STANDARD.encode(logo);
        input.push('\n');
        let out = super::occ::exited_0(self.run.run_with_input(&["logo"], &[], &input).await?)?;
        out.stdout
            .trim()
            .strip_prefix("logo saved ")
            .filter(|p| p.starts_with('/'))
            .map(str::to_string)
            .ok_or_else(|| NcError::Unexpected {
                status: 0,
                excerpt: out.stdout.chars().take(200).collect(),
            })
    }

    /// Makes one archive of the space (its data folder and a dump of its database) inside
    /// `uid`'s files, folder `Exports`, replacing the earlier ones, waiting up to `timeout`:
    /// a large space takes a while. `Ok(None)`: this host's script has no `export` action
    /// (an older copy), so staff must make the export.
    pub async fn export(
        &self,
        uid: &str,
        timeout: std::time::Duration,
    ) -> Result<Option<Exported>, NcError> {
        let out = self
            .run
            .with_timeout(timeout)
            .run(&["export", uid], &[])
            .await?;
        if out.code == 2 && out.says("unknown action") {
            return Ok(None);
        }
        let out = super::occ::exited_0(out)?;
        let unexpected = || NcError::Unexpected {
            status: 0,
            excerpt: out.stdout.chars().take(200).collect(),
        };
        let said = out.stdout.trim().strip_prefix("export saved ");
        let (file, bytes) = said
            .and_then(|s| s.rsplit_once(' '))
            .ok_or_else(unexpected)?;
        let bytes = bytes.parse().map_err(|_| unexpected())?;
        // One file, right in `Exports`.
        let name = file.strip_prefix("Exports/").unwrap_or_default();
        if name.is_empty() || name.contains('/') || name.starts_with('.') {
            return Err(unexpected());
        }
        Ok(Some(Exported {
            file: file.to_string(),
            bytes,
        }))
    }

    /// Removes the site, the space's folders and data, its database and role.
    pub async fn remove(&self) -> Result<(), NcError> {
        self.run.ok(&["remove"], &[]).await.map(|_| ())
    }
}

/// An archive the host script made, in the asker's files.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Exported {
    /// Its path inside the account's files: `Exports/frama-space-….tar.gz`.
    pub file: String,
    pub bytes: u64,
}

fn said(out: &OccOutput, what: &str) -> bool {
    out.stdout.trim() == what
}
