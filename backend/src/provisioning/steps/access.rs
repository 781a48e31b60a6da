//! The steps that give access: the referent's account, the portal's app password and its
//! OAuth2 client.

use super::{fatal, Did, Failed, Provisioner, Step, PORTAL_ADMIN};
use crate::nextcloud::secrets::{self, Kind};
use crate::nextcloud::{Auth, NcError, Ocs};
use crate::Secret;

impl Provisioner<'_> {
    /// OCS as the portal's admin account, with its password (before the app password).
    pub(super) fn ocs_as_admin(&self, password: Secret) -> Result<Ocs, Failed> {
        Ok(Ocs::new(
            &self.access,
            &self.space.slug,
            Some(Auth::Basic {
                user: PORTAL_ADMIN.into(),
                password,
            }),
        )?)
    }

    /// The referent's own admin account; Nextcloud mails them a link to set its password.
    pub(super) async fn referent(&mut self) -> Result<Did, Failed> {
        let (Some(name), Some(email)) = (
            self.space.referent_name.clone(),
            self.space.referent_email.clone(),
        ) else {
            return Err(fatal("the application's referent is gone (erased)"));
        };
        let uid = referent_uid(&name);
        // No `occ user:info` first: OCS answers "exists" itself (one PHP boot less).
        let admin = self.chosen_secret(Kind::AdminPassword).await?;
        let ocs = self.ocs_as_admin(admin)?;
        let lang = match self.space.lang.as_deref() {
            Some("en") => "en",
            _ => "fr",
        };
        let made = ocs
            .create_user(&crate::nextcloud::ocs::NewUser {
                uid: &uid,
                email: Some(&email),
                display_name: Some(&name),
                language: Some(lang),
                groups: &["admin"],
                ..Default::default()
            })
            .await;
        match made {
            Ok(()) => Ok(Did::Done(format!(
                "account {uid} created, welcome mail sent by Nextcloud"
            ))),
            Err(NcError::UserExists) => Ok(Did::Already(format!("account {uid} exists"))),
            Err(e) => Err(e.into()),
        }
    }

    /// The app password the portal calls OCS with. One only: a password made by a run that
    /// died before sealing it is revoked here.
    pub(super) async fn app_password(&mut self) -> Result<Did, Failed> {
        let had_one = self.space.app_password.is_some();
        if let Some(pw) = self.sealed(Kind::AppPassword) {
            let ocs = self.ocs_as_admin(pw)?;
            match ocs.me().await {
                Ok(_) => return Ok(Did::Already("the portal's app password works".into())),
                Err(NcError::BadCredentials | NcError::NotLoggedIn) => {}
                Err(e) => return Err(e.into()),
            }
        }
        // Only an earlier run of this step can have left an unsealed password: each run's row
        // is written before it begins. With none and nothing sealed (the first try on a new
        // space), there is nothing to look for, and no `user:auth-tokens:list` (one `occ`
        // less). A retry, a run after a crash and a repair look.
        let earlier: bool = sqlx::query_scalar(
            "select exists (select 1 from space_steps
                            where space_id = $1 and step = $2 and id <> $3)",
        )
        .bind(self.space.id)
        .bind(Step::AppPassword.key())
        .bind(self.row)
        .fetch_one(&self.ctx.pool)
        .await?;
        let revoked = if earlier || had_one {
            self.occ.revoke_app_passwords(PORTAL_ADMIN).await?
        } else {
            0
        };
        let pw = self.occ.app_password(PORTAL_ADMIN).await?;
        let key = &self.ctx.settings.secret_key;
        let sealed = secrets::seal(key, Kind::AppPassword, &self.space.instance, &pw);
        sqlx::query("update spaces set app_password = $2 where id = $1")
            .bind(self.space.id)
            .bind(&sealed)
            .execute(&self.ctx.pool)
            .await?;
        self.space.app_password = Some(sealed);
        Ok(Did::Done(if revoked == 0 {
            "app password made".into()
        } else {
            format!("app password made; {revoked} unsaved one(s) revoked")
        }))
    }

    /// The portal as the space's OAuth2 client, for referents to log in with their space.
    pub(super) async fn oauth_client(&mut self) -> Result<Did, Failed> {
        let redirect = format!(
            "{}/espace/connexion/retour",
            self.ctx.settings.site.public_url
        );
        if let (Some(id), Some(secret)) = (
            self.space.oauth_client_id.clone(),
            self.sealed(Kind::OAuthClientSecret),
        ) {
            let oauth = crate::nextcloud::oauth::OAuth::new(
                &self.access,
                &self.space.slug,
                &id,
                &secret,
                &redirect,
            )?;
            if oauth.client_registered().await? {
                return Ok(Did::Already(format!("client {id} registered")));
            }
        }
        // A client made by a run that died before saving its secret, or one that no longer
        // answers, is useless: remove it, by its id. Nextcloud revokes with a client the
        // tokens of every client of the same name (§8b.4), so each client the portal makes
        // has a name of its own: the space's id and a serial.
        let admin = self.ocs_as_admin(self.app_password_secret()?)?;
        let mut removed = 0;
        let mut serial = 0;
        for c in admin.oauth_clients().await? {
            if let Some(n) = oauth_client_serial(&c.name, self.space.id) {
                serial = serial.max(n);
            }
            if is_portal_client(&c.name) {
                admin.delete_oauth_client(c.id).await?;
                removed += 1;
            }
        }
        let name = oauth_client_name(self.space.id, serial + 1);
        let client = if self.host.nextcloud_version >= 35 {
            self.occ.add_oauth_client(&name, &redirect).await?
        } else {
            admin.add_oauth_client(&name, &redirect).await?
        };
        let sealed = secrets::seal(
            &self.ctx.settings.secret_key,
            Kind::OAuthClientSecret,
            &self.space.instance,
            &client.secret,
        );
        sqlx::query("update spaces set oauth_client_id = $2, oauth_secret = $3 where id = $1")
            .bind(self.space.id)
            .bind(&client.client_id)
            .bind(&sealed)
            .execute(&self.ctx.pool)
            .await?;
        self.space.oauth_client_id = Some(client.client_id.clone());
        self.space.oauth_secret = Some(sealed);
        Ok(Did::Done(if removed == 0 {
            format!("client {} registered", client.client_id)
        } else {
            format!(
                "client {} registered; {removed} unsaved one(s) removed",
                client.client_id
            )
        }))
    }

    pub(super) fn app_password_secret(&self) -> Result<Secret, Failed> {
        self.sealed(Kind::AppPassword)
            .ok_or_else(|| fatal("no app password: its step did not run"))
    }
}

/// The first word of the name of every OAuth2 client the portal makes on a space (what a
/// referent reads on the consent page).
pub const OAUTH_CLIENT_NAME: &str = "Frama.space";

/// A client's name of its own: `Frama.space <space id>-<serial>`.
pub fn oauth_client_name(space_id: i64, serial: u32) -> String {
    format!("{OAUTH_CLIENT_NAME} {space_id}-{serial}")
}

/// Whether a client on a space is one the portal made (by any run, any serial).
pub fn is_portal_client(name: &str) -> bool {
    name == OAUTH_CLIENT_NAME
        || name
            .strip_prefix(OAUTH_CLIENT_NAME)
            .and_then(|rest| rest.strip_prefix(' '))
            .is_some_and(|rest| {
                rest.split_once('-')
                    .is_some_and(|(id, n)| id.parse::<i64>().is_ok() && n.parse::<u32>().is_ok())
            })
}

/// The serial of the portal's client named for `space_id`.
fn oauth_client_serial(name: &str, space_id: i64) -> Option<u32> {
    name.strip_prefix(&format!("{OAUTH_CLIENT_NAME} {space_id}-"))?
        .parse()
        .ok()
}

/// A login made from a name: lower-case ASCII letters, digits and single dots (`Élodie
/// Martin-Durand` → `elodie.martin.durand`), 40 characters at most; `None` when nothing is
/// left.
pub fn login_from_name(name: &str) -> Option<String> {
    let ascii = deunicode::deunicode(name).to_lowercase();
    let mut uid = String::new();
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            uid.push(c);
        } else if !uid.is_empty() && !uid.ends_with('.') {
            uid.push('.');
        }
    }
    let uid = uid.trim_end_matches('.');
    let uid: String = uid.chars().take(40).collect();
    let uid = uid.trim_end_matches('.');
    (!uid.is_empty()).then(|| uid.to_string())
}

/// A login for the referent from their name; `referent` when nothing is left, or it would
/// be the portal's own.
pub fn referent_uid(name: &str) -> String {
    login_from_name(name)
        .filter(|uid| uid != PORTAL_ADMIN)
        .unwrap_or_else(|| "referent".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    pub(super) fn referent_logins_are_plain() {
        assert_eq!(referent_uid("Élodie Martin-Durand"), "elodie.martin.durand");
        assert_eq!(referent_uid("  <b>Zoé</b> "), "b.zoe.b");
        assert_eq!(referent_uid("李雷"), "li.lei");
        assert_eq!(referent_uid("!!!"), "referent");
        assert_eq!(referent_uid("Framaspace"), "referent");
        assert!(referent_uid(&"a".repeat(500)).len() <= 40);
    }
}
