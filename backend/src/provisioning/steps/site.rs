//! The steps that make the site on its host: its folder, its database, the install (and
//! the web server's sites when the space is renamed).

use std::time::Duration;

use super::{Did, Failed, Provisioner, PORTAL_ADMIN};
use crate::nextcloud::occ::Install;
use crate::nextcloud::secrets::Kind;
use crate::Secret;

impl Provisioner<'_> {
    pub(super) async fn site(&mut self) -> Result<Did, Failed> {
        let script = self.script()?;
        if script.status().await?.site {
            return Ok(Did::Already("site exists".into()));
        }
        script.create_site(self.space.id).await?;
        Ok(Did::Done(format!(
            "site {} created",
            self.access.base_url(&self.space.slug)
        )))
    }

    /// The web server's sites for a renamed space: its address today, and a redirect from
    /// each address it had. The host's script compares before it writes.
    pub(super) async fn rename(&mut self) -> Result<Did, Failed> {
        let former: Vec<String> = sqlx::query_scalar(
            "select slug from space_former_addresses where space_id = $1 order by replaced_at, slug",
        )
        .bind(self.space.id)
        .fetch_all(&self.ctx.pool)
        .await?;
        let url = self.access.base_url(&self.space.slug);
        let said = if former.is_empty() {
            format!("{url} served")
        } else {
            format!("{url} served, redirected from {}", former.join(", "))
        };
        if self
            .script()?
            .set_address(&self.space.slug, &former)
            .await?
        {
            Ok(Did::Done(said))
        } else {
            Ok(Did::Already(said))
        }
    }

    pub(super) async fn database(&mut self) -> Result<Did, Failed> {
        let script = self.script()?;
        if script.status().await?.database {
            return Ok(Did::Already(format!(
                "database {} exists",
                self.database_name()
            )));
        }
        let password = self.chosen_secret(Kind::DatabasePassword).await?;
        script.create_database(&password).await?;
        Ok(Did::Done(format!(
            "database {} created on {}",
            self.database_name(),
            self.host.database_server
        )))
    }

    /// `maintenance:install` takes its two passwords only on its command line (NEXTCLOUD.md
    /// §6), where `ps` and sudo's log see them. So it gets single-use ones, replaced at once
    /// by the sealed ones, which travel on standard input only: the database role's through
    /// the host script (its SCRAM verifier, and `config.php`'s `dbpassword`), the admin's
    /// through `user:resetpassword --password-from-env`. An install found done (a run cut
    /// short) has them replaced again: both are idempotent.
    pub(super) async fn install(&mut self) -> Result<Did, Failed> {
        let script = self.script()?;
        let on_host = script.status().await?;
        let db_password = self.chosen_secret(Kind::DatabasePassword).await?;
        let admin_password = self.chosen_secret(Kind::AdminPassword).await?;
        if on_host.installed {
            self.final_passwords(&script, &db_password, &admin_password)
                .await?;
            return Ok(Did::Already(
                "installed; its passwords are the sealed ones".into(),
            ));
        }
        let mut said = String::new();
        if on_host.install_begun {
            // An install that a dead worker left half done: start it again from nothing.
            script.reset_install().await?;
            said.push_str("an unfinished install was reset; ");
        }
        let once_db = Secret::new(crate::tokens::random_token());
        let once_admin = Secret::new(crate::tokens::random_token());
        script.set_database_password(&once_db).await?;
        let name = self.database_name();
        let data_dir = format!("/srv/spaces/{}/data", self.space.instance);
        // The install has a timeout of its own, and the host's slot is renewed while it runs
        // (its lease is shorter than an install may be).
        let timeout = Duration::from_secs(self.ctx.settings.provisioning.install_timeout_secs);
        let long_occ = self.occ.with_timeout(timeout);
        let options = Install {
            database: "pgsql",
            database_host: &self.host.database_server,
            database_name: &name,
            database_user: &name,
            database_password: &once_db,
            admin_user: PORTAL_ADMIN,
            admin_password: &once_admin,
            data_dir: &data_dir,
        };
        // No `occ status` first: the host's script has just said the space is not installed.
        let install = long_occ.install_uninstalled(&options);
        let keep_slot = async {
            loop {
                tokio::time::sleep(self.lease / 3).await;
                match self.renew_slot().await {
                    Ok(true) => {}
                    Ok(false) => {
                        tracing::warn!(host = %self.host.name, "lost the host's slot during an install")
                    }
                    Err(e) => tracing::warn!(error = %e, "could not renew the host's slot"),
                }
            }
        };
        tokio::select! {
            done = install => { done?; }
            never = keep_slot => never,
        }
        self.final_passwords(&script, &db_password, &admin_password)
            .await?;
        // The version from the settings the next steps read anyway (one `occ` for both).
        let version = self
            .settings()
            .await?
            .system("version")
            .text()
            .unwrap_or_default();
        said.push_str(&format!(
            "Nextcloud {version} installed; its single-use passwords replaced"
        ));
        Ok(Did::Done(said))
    }

    /// The sealed database and admin passwords in place of the install's single-use ones,
    /// each on standard input.
    pub(super) async fn final_passwords(
        &self,
        script: &crate::nextcloud::HostScript,
        db_password: &Secret,
        admin_password: &Secret,
    ) -> Result<(), Failed> {
        script.set_database_password(db_password).await?;
        self.occ
            .ok(
                &["user:resetpassword", PORTAL_ADMIN, "--password-from-env"],
                &[("OC_PASS", admin_password)],
            )
            .await?;
        Ok(())
    }
}
