//! What the portal knows of one space for its dashboard: where it is, how to reach it (the
//! host, the portal's app password, its OAuth2 client) and who its referent on file is.

use common::states::SpaceState;

use crate::i18n::Lang;
use crate::jobs::JobError;
use crate::nextcloud::ocs::{Auth, Ocs, UserDetails};
use crate::nextcloud::secrets::{self, Kind};
use crate::nextcloud::{HostAccess, NcError};
use crate::provisioning::fleet;
use crate::provisioning::steps::access::referent_uid;
use crate::provisioning::steps::PORTAL_ADMIN;
use crate::{Ctx, Result, Secret};

/// One space as the dashboard reaches it.
#[derive(Clone, Debug)]
pub struct SpaceOnFile {
    pub id: i64,
    pub slug: String,
    pub instance: String,
    pub state: SpaceState,
    pub host_id: Option<i64>,
    pub oauth_client_id: Option<String>,
    oauth_secret: Option<Vec<u8>>,
    app_password: Option<Vec<u8>>,
    /// The referent on file: the one the role was handed over to, else the application's
    /// (none once the application was erased).
    pub referent_name: Option<String>,
    pub referent_email: Option<String>,
    pub lang: Option<String>,
    /// The account the role was handed over to (`None`: the application's referent's).
    referent_account: Option<String>,
}

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    slug: String,
    instance: String,
    state: SpaceState,
    host_id: Option<i64>,
    oauth_client_id: Option<String>,
    oauth_secret: Option<Vec<u8>>,
    app_password: Option<Vec<u8>>,
    referent_name: Option<String>,
    referent_email: Option<String>,
    lang: Option<String>,
    referent_account: Option<String>,
}

const SELECT: &str = "select s.id, s.slug, s.instance, s.state, s.host_id, s.oauth_client_id,
        s.oauth_secret, s.app_password, coalesce(s.referent_name, a.referent_name) referent_name,
        coalesce(s.referent_email, a.referent_email) referent_email, a.lang,
        s.referent_uid referent_account
    from spaces s left join applications a on a.id = s.application_id";

impl From<Row> for SpaceOnFile {
    fn from(r: Row) -> Self {
        SpaceOnFile {
            id: r.id,
            slug: r.slug,
            instance: r.instance,
            state: r.state,
            host_id: r.host_id,
            oauth_client_id: r.oauth_client_id,
            oauth_secret: r.oauth_secret,
            app_password: r.app_password,
            referent_name: r.referent_name,
            referent_email: r.referent_email,
            lang: r.lang,
            referent_account: r.referent_account,
        }
    }
}

/// What an address typed by a person names.
#[derive(Debug)]
pub enum Found {
    /// A space that exists (any state but removed).
    Space(Box<SpaceOnFile>),
    /// There was a space at this address; it was removed.
    Removed,
    /// No space has ever had this address (or it is not an address).
    Unknown,
}

impl SpaceOnFile {
    pub(crate) async fn load(ctx: &Ctx, id: i64) -> Result<Option<SpaceOnFile>> {
        let row: Option<Row> = sqlx::query_as(&format!("{SELECT} where s.id = $1"))
            .bind(id)
            .fetch_optional(&ctx.pool)
            .await?;
        Ok(row.map(Into::into))
    }

    /// The space `id` while it is active: what a dashboard's request acts on.
    pub(crate) async fn active(ctx: &Ctx, id: i64) -> Result<Option<SpaceOnFile>> {
        Ok(SpaceOnFile::load(ctx, id)
            .await?
            .filter(|s| s.state == SpaceState::Active))
    }

    /// The space at `address`, as a person types it: `les-amis`,
    /// `les-amis.frama.space`, or the whole address of a page of it.
    pub(crate) async fn find(ctx: &Ctx, address: &str) -> Result<Found> {
        let Some(slug) = slug_of(address) else {
            return Ok(Found::Unknown);
        };
        let rows: Vec<Row> = sqlx::query_as(&format!(
            "{SELECT} where lower(s.slug) = $1 order by s.state = $2, s.id desc limit 1"
        ))
        .bind(&slug)
        .bind(SpaceState::Deleted)
        .fetch_all(&ctx.pool)
        .await?;
        Ok(match rows.into_iter().next() {
            None => Found::Unknown,
            Some(r) if r.state == SpaceState::Deleted => Found::Removed,
            Some(r) => Found::Space(Box::new(r.into())),
        })
    }

    /// The referent's account: the one the role was handed over to, else the one
    /// provisioning made, if the application is still there.
    pub fn referent_uid(&self) -> Option<String> {
        self.referent_account
            .clone()
            .or_else(|| self.referent_name.as_deref().map(referent_uid))
    }

    /// Whether the account `uid` is the referent on file's: who alone hands the role over
    /// and asks for an export.
    pub fn is_referent(&self, uid: &str) -> bool {
        self.referent_uid().as_deref() == Some(uid)
    }

    /// The language of the space's mails: its application's, French when it has none.
    pub fn language(&self) -> Lang {
        self.lang
            .as_deref()
            .and_then(Lang::parse)
            .unwrap_or_default()
    }

    /// The active space a dashboard's job works on: `None` once it is gone or removed
    /// (nothing is left to do there), ready again in an hour while it is suspended or being
    /// made, retried when the database did not answer.
    pub(crate) async fn for_job(ctx: &Ctx, id: i64) -> Result<Option<SpaceOnFile>, JobError> {
        let space = SpaceOnFile::load(ctx, id)
            .await
            .map_err(|e| JobError::Retry(e.to_string()))?;
        match space {
            Some(s) if s.state == SpaceState::Active => Ok(Some(s)),
            Some(s) if s.state != SpaceState::Deleted => Err(JobError::Later {
                secs: 3600,
                why: format!("the space is {}", s.state.as_str()),
            }),
            _ => Ok(None),
        }
    }

    /// Whether `user` may use the dashboard: enabled, and in `admin` or the referent on file.
    /// The portal's own account never.
    pub fn may_use_dashboard(&self, user: &UserDetails) -> bool {
        user.id != PORTAL_ADMIN
            && user.enabled != Some(false)
            && (user.groups.iter().any(|g| g == "admin")
                || self.referent_uid().as_deref() == Some(user.id.as_str()))
    }

    /// Whether `user` may log in to the forum with this space: any enabled account of an
    /// active space, but the portal's own.
    pub fn may_use_forum(&self, user: &UserDetails) -> bool {
        self.state == SpaceState::Active && user.id != PORTAL_ADMIN && user.enabled != Some(false)
    }

    /// How to reach the space's host.
    pub(crate) async fn access(&self, ctx: &Ctx) -> std::result::Result<HostAccess, NcError> {
        let host_id = self
            .host_id
            .ok_or_else(|| NcError::Unreachable("the space has no host".into()))?;
        let host = fleet::host_by_id(ctx, host_id)
            .await
            .map_err(|e| NcError::Unreachable(e.to_string()))?
            .ok_or_else(|| NcError::Unreachable("the space's host is gone".into()))?;
        host.access()
            .ok_or_else(|| NcError::Unreachable("the host's address cannot be read".into()))
    }

    /// The space's OAuth2 client's secret, opened.
    pub(crate) fn oauth_secret(&self, ctx: &Ctx) -> Option<Secret> {
        let sealed = self.oauth_secret.as_deref()?;
        secrets::open(
            &ctx.settings.secret_key,
            Kind::OAuthClientSecret,
            &self.instance,
            sealed,
        )
    }

    /// OCS as the portal's own account (its app password).
    pub(crate) async fn portal_ocs(
        &self,
        ctx: &Ctx,
        access: &HostAccess,
    ) -> std::result::Result<Ocs, NcError> {
        let password = self
            .app_password
            .as_deref()
            .and_then(|b| {
                secrets::open(
                    &ctx.settings.secret_key,
                    Kind::AppPassword,
                    &self.instance,
                    b,
                )
            })
            .ok_or_else(|| NcError::Unreachable("the portal has no app password here".into()))?;
        Ocs::new(
            access,
            &self.slug,
            Some(Auth::Basic {
                user: PORTAL_ADMIN.into(),
                password,
            }),
        )
    }
}

impl SpaceOnFile {
    /// OCS as the portal's own account, for a dashboard's request: a slow space must not hold
    /// the page, so its answer comes within `dashboard.space_timeout_secs` or not at all.
    pub(crate) async fn dashboard_ocs(&self, ctx: &Ctx) -> std::result::Result<Ocs, NcError> {
        let access = self.dashboard_access(ctx).await?;
        self.portal_ocs(ctx, &access).await
    }

    /// How to reach the space while a person waits (a dashboard page, a login): the host's
    /// access with its timeout cut to `dashboard.space_timeout_secs`.
    pub(crate) async fn dashboard_access(
        &self,
        ctx: &Ctx,
    ) -> std::result::Result<HostAccess, NcError> {
        let access = self.access(ctx).await?;
        Ok(access.waiting_at_most(ctx.settings.dashboard.space_timeout_secs))
    }
}

/// Where a space answers: its host's address pattern (`fleet::space_address`), or
/// `https://<slug>.<domain>` while it has no host.
pub(crate) fn space_url(ctx: &Ctx, ocs_url: Option<&str>, slug: &str) -> String {
    match ocs_url {
        Some(ocs) => fleet::space_address(ocs, slug),
        None => format!("https://{}", ctx.settings.site.space_address(slug)),
    }
}

/// The slug an address names: the first label of its host, in lower case; `None` when it
/// cannot be one.
pub fn slug_of(address: &str) -> Option<String> {
    let a = address.trim();
    let a = a
        .strip_prefix("https://")
        .or_else(|| a.strip_prefix("http://"))
        .unwrap_or(a);
    let host = a.split(['/', '?', '#', ':']).next()?;
    let slug = host.split('.').next()?.to_ascii_lowercase();
    let fits = (2..=63).contains(&slug.len())
        && slug
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !slug.starts_with('-')
        && !slug.ends_with('-');
    fits.then_some(slug)
}

#[cfg(test)]
mod tests {
    use super::slug_of;

    #[test]
    fn an_address_names_its_space_however_it_is_typed() {
        for typed in [
            "les-amis",
            " Les-Amis ",
            "les-amis.frama.space",
            "https://les-amis.frama.space/apps/files/?dir=/",
            "http://LES-AMIS.frama.space:8080",
        ] {
            assert_eq!(slug_of(typed).as_deref(), Some("les-amis"), "{typed}");
        }
        for refused in [
            "",
            "  ",
            "-x",
            "a",
            "<b>x</b>",
            "x y",
            "é.frama.space",
            "https://",
        ] {
            assert_eq!(slug_of(refused), None, "{refused}");
        }
    }
}
