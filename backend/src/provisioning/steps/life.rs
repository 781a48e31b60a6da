//! The last steps of provisioning and those of a space's later life: the health check, the
//! welcome (the space active, the referent told), maintenance mode and the removal.

use super::access::referent_uid;
use super::{Did, Failed, Provisioner};
use crate::i18n::Lang;
use crate::nextcloud::Ocs;
use crate::Ctx;
use common::states::{ApplicationEvent, SpaceState};

impl Provisioner<'_> {
    /// `status.php`: reachable, installed, not in maintenance.
    pub(super) async fn health(&mut self) -> Result<Did, Failed> {
        let ocs = Ocs::new(&self.access, &self.space.slug, None)?;
        let st = ocs.status().await?;
        if !st.installed {
            return Err(Failed {
                retry: true,
                message: "status.php says not installed".into(),
            });
        }
        if st.maintenance {
            return Err(Failed {
                retry: true,
                message: "status.php says maintenance".into(),
            });
        }
        Ok(Did::Done(format!(
            "status.php: installed, Nextcloud {}",
            st.versionstring
        )))
    }

    /// Maintenance mode on (nobody but `occ` reaches the space) or off.
    pub(super) async fn maintenance(&mut self, on: bool) -> Result<Did, Failed> {
        let word = if on { "on" } else { "off" };
        if self.occ.status().await?.maintenance == on {
            return Ok(Did::Already(format!("maintenance mode {word}")));
        }
        self.occ.maintenance(on).await?;
        Ok(Did::Done(format!("maintenance mode {word}")))
    }

    /// The site, the space's folders and data, its database and role: all gone.
    pub(super) async fn remove(&mut self) -> Result<Did, Failed> {
        let script = self.script()?;
        let there = script.status().await?;
        if !there.site && !there.database && !there.install_begun {
            return Ok(Did::Already(
                "nothing of the space is left on the host".into(),
            ));
        }
        script.remove().await?;
        Ok(Did::Done("site, folders, data and database removed".into()))
    }

    /// The space is active and its referent told, in one transaction under the job's lease:
    /// the mail goes once.
    pub(super) async fn welcome(&mut self) -> Result<Did, Failed> {
        let mut tx = match self.run.fence().await {
            Ok(tx) => tx,
            Err(_) => {
                return Err(Failed {
                    retry: true,
                    message: "the job's lease was lost".into(),
                })
            }
        };
        let activated = sqlx::query(
            "update spaces set state = $2, provisioned_at = now()
             where id = $1 and state = $3",
        )
        .bind(self.space.id)
        .bind(SpaceState::Active)
        .bind(SpaceState::Provisioning)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if activated == 0 {
            return Ok(Did::Already("the space was active".into()));
        }
        let url = self.access.base_url(&self.space.slug);
        if let (Some(app), Some(email), Some(name)) = (
            self.space.application_id,
            self.space.referent_email.as_deref(),
            self.space.structure_name.as_deref(),
        ) {
            sqlx::query(
                "insert into application_events (application_id, actor, kind, body)
                 values ($1, 'system', $3, $2)",
            )
            .bind(app)
            .bind(&url)
            .bind(ApplicationEvent::SpaceReady)
            .execute(&mut *tx)
            .await?;
            let lang = Lang::parse(self.space.lang.as_deref().unwrap_or("fr")).unwrap_or_default();
            let uid = referent_uid(self.space.referent_name.as_deref().unwrap_or(""));
            // The dashboard's login page, the space's address filled in (`app`'s `space::paths`).
            let dashboard = format!(
                "{}/espace/connexion?espace={}",
                self.ctx.settings.site.public_url, self.space.slug
            );
            let mail = welcome_mail(self.ctx, lang, email, name, (&url, &dashboard), &uid);
            crate::mail::enqueue(&mut tx, MAIL_WELCOME, &mail).await?;
        }
        self.run.complete(tx).await.map_err(|e| Failed {
            retry: true,
            message: e.to_string(),
        })?;
        Ok(Did::Done(format!("{url} is ready; referent told")))
    }
}

/// What the welcome mail is, in the outbox.
pub const MAIL_WELCOME: &str = "space-welcome";

fn welcome_mail(
    ctx: &Ctx,
    lang: Lang,
    to: &str,
    name: &str,
    (url, dashboard): (&str, &str),
    login: &str,
) -> crate::mail::OutgoingMail {
    use crate::i18n::tr;
    let site = &ctx.settings.site;
    let layout = crate::mail::Layout {
        lang,
        site_name: &site.name,
        paragraphs: vec![
            tr(
                lang,
                "mail-space-ready-intro",
                &[("name", name), ("address", url)],
            ),
            tr(lang, "mail-space-ready-login", &[("login", login)]),
            tr(lang, "mail-space-ready-steps", &[]),
        ],
        action: Some((tr(lang, "mail-space-ready-action", &[]), url.to_string())),
        after: vec![
            tr(
                lang,
                "mail-space-ready-dashboard",
                &[("dashboard", dashboard)],
            ),
            tr(
                lang,
                "mail-space-ready-help",
                &[("help", &format!("{}/questions", site.public_url))],
            ),
        ],
        unsubscribe_url: None,
    };
    layout.mail(
        to.to_string(),
        tr(lang, "mail-space-ready-subject", &[("name", name)]),
    )
}
