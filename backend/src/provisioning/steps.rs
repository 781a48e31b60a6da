//! Provisioning one space: the ordered steps that turn an approval into a working Nextcloud
//! space, run by the `spaces.provision` job.
//!
//! - Each step first asks Nextcloud (or the host's script) whether its effect is there, and
//!   acts only when it is not: a step repeated after a crash, a retry or a second worker
//!   finds its effect and does nothing again (`already`).
//! - Each run of a step is recorded (`space_steps`): start, end, outcome and what it saw,
//!   secrets masked. It is the space's timeline for staff and its progress for the
//!   applicant.
//! - A secret the portal chooses (database password, admin password) is sealed into the
//!   space's row before the step that hands it to Nextcloud, so a repeated step uses the
//!   same one. Secrets Nextcloud makes (the app password, the OAuth2 client secret) are
//!   sealed as soon as they are printed; one made by a run that died before saving it is
//!   found and revoked by the next run, so exactly one remains.
//! - The steps on a host hold one of its slots: at most `max_parallel` spaces are worked on
//!   at once on a host, whatever the number of workers.

use std::time::Duration;

use crate::i18n::Lang;
use crate::jobs::{JobError, Running};
use crate::nextcloud::occ::{scrub, Install};
use crate::nextcloud::secrets::{self, Kind};
use crate::nextcloud::{Auth, HostAccess, NcError, Occ, Ocs};
use crate::provisioning::{alerts, fleet};
use crate::{Ctx, Secret};

/// The portal's own admin account on every space: it installs the space and holds the app
/// password the portal calls OCS with. Referents get their own admin accounts.
pub const PORTAL_ADMIN: &str = "framaspace";

pub use super::apps::{
    apps_for, apps_to_change, office_app, sealing, APPS, APPS_FORBIDDEN, APPS_OFF,
};

/// The provisioning of a new space: queued on approval (in the moderator's transaction),
/// run by [`provision`].
#[derive(Clone, Copy, Debug, serde::Serialize, serde::Deserialize)]
pub struct ProvisionSpace {
    pub space_id: i64,
}

impl crate::jobs::Job for ProvisionSpace {
    const KIND: &'static str = "spaces.provision";
    const QUEUE: &'static str = "provisioning";

    fn dedup_key(&self) -> Option<String> {
        Some(format!("space-{}", self.space_id))
    }
}

/// The steps, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    Place,
    Site,
    Database,
    Install,
    Address,
    Language,
    Cron,
    Apps,
    Office,
    Theming,
    Quotas,
    Referent,
    AppPassword,
    OAuthClient,
    Health,
    Welcome,
    /// After a space is made: suspending, resuming and removing it (`lifecycle`).
    MaintenanceOn,
    MaintenanceOff,
    Remove,
    /// The host serves the space at its new address and redirects the former ones.
    Rename,
}

impl Step {
    pub const ALL: [Step; 16] = [
        Step::Place,
        Step::Site,
        Step::Database,
        Step::Install,
        Step::Address,
        Step::Language,
        Step::Cron,
        Step::Apps,
        Step::Office,
        Step::Theming,
        Step::Quotas,
        Step::Referent,
        Step::AppPassword,
        Step::OAuthClient,
        Step::Health,
        Step::Welcome,
    ];

    /// Its name in `space_steps` and in translation keys (`step-<key>`).
    pub fn key(self) -> &'static str {
        match self {
            Step::Place => "place",
            Step::Site => "site",
            Step::Database => "database",
            Step::Install => "install",
            Step::Address => "address",
            Step::Language => "language",
            Step::Cron => "cron",
            Step::Apps => "apps",
            Step::Office => "office",
            Step::Theming => "theming",
            Step::Quotas => "quotas",
            Step::Referent => "referent",
            Step::AppPassword => "app-password",
            Step::OAuthClient => "oauth-client",
            Step::Health => "health",
            Step::Welcome => "welcome",
            Step::MaintenanceOn => "maintenance-on",
            Step::MaintenanceOff => "maintenance-off",
            Step::Remove => "remove",
            Step::Rename => "rename",
        }
    }

    /// A provisioning step by its key.
    pub fn parse(key: &str) -> Option<Step> {
        Step::ALL.into_iter().find(|s| s.key() == key)
    }

    /// 1 for the first provisioning step; 0 for a step of a space's later life.
    pub fn number(self) -> usize {
        Step::ALL
            .iter()
            .position(|s| *s == self)
            .map_or(0, |p| p + 1)
    }
}

/// What a step found or did.
enum Did {
    /// This run made the effect.
    Done(String),
    /// Nextcloud had it already.
    Already(String),
}

/// A space as provisioning sees it.
#[derive(Clone, Debug, sqlx::FromRow)]
struct Space {
    id: i64,
    /// Its address today (`<slug>.<domain>`): what web requests go to.
    slug: String,
    /// Its name on the host for good: folder, database, `{slug}` of the host's commands,
    /// and what its sealed secrets are bound to.
    instance: String,
    state: String,
    office: String,
    quota_bytes: i64,
    host_id: Option<i64>,
    application_id: Option<i64>,
    structure_name: Option<String>,
    referent_name: Option<String>,
    referent_email: Option<String>,
    lang: Option<String>,
    database_password: Option<Vec<u8>>,
    admin_password: Option<Vec<u8>>,
    app_password: Option<Vec<u8>>,
    oauth_client_id: Option<String>,
    oauth_secret: Option<Vec<u8>>,
}

async fn load(ctx: &Ctx, id: i64) -> Result<Option<Space>, sqlx::Error> {
    sqlx::query_as(
        "select s.id, s.slug, s.instance, s.state, s.office, s.quota_bytes, s.host_id, s.application_id,
                a.structure_name, a.referent_name, a.referent_email, a.lang,
                s.database_password, s.admin_password, s.app_password, s.oauth_client_id,
                s.oauth_secret
         from spaces s left join applications a on a.id = s.application_id
         where s.id = $1",
    )
    .bind(id)
    .fetch_optional(&ctx.pool)
    .await
}

/// The handler of `spaces.provision`.
pub async fn provision(run: Running, job: ProvisionSpace) -> Result<(), JobError> {
    let ctx = run.ctx.clone();
    let Some(space) = load(&ctx, job.space_id).await? else {
        return Ok(());
    };
    match space.state.as_str() {
        "active" => return Ok(()),
        "waiting" | "provisioning" | "failed" => {}
        other => {
            return Err(JobError::Fatal(format!(
                "the space is {other}: nothing to provision"
            )))
        }
    }
    let host_id = match space.host_id {
        Some(h) => h,
        None => place(&run, &space).await?,
    };
    // Placed: no longer waiting for a host.
    sqlx::query(
        "update spaces set state = 'provisioning' where id = $1 and state <> 'provisioning'",
    )
    .bind(space.id)
    .execute(&ctx.pool)
    .await?;
    on_host(&run, space, host_id, &Step::ALL[1..]).await
}

/// Runs `steps` of `space` on its host, holding one of the host's slots.
async fn on_host(
    run: &Running,
    space: Space,
    host_id: i64,
    steps: &[Step],
) -> Result<(), JobError> {
    let ctx = &run.ctx;
    let Some(host) = fleet::host_by_id(ctx, host_id).await.map_err(backend)? else {
        return Err(JobError::Fatal("the space's host is gone".into()));
    };
    let Some(access) = host.access() else {
        return Err(JobError::Fatal(format!(
            "host {}: its command template or address cannot be read",
            host.name
        )));
    };
    let holder = run.holder();
    let lease = Duration::from_secs(ctx.settings.jobs.lease_secs.max(1) * 2);
    let Some(slot) = fleet::take_slot(ctx, host.id, &holder, lease)
        .await
        .map_err(backend)?
    else {
        return Err(JobError::Later {
            secs: 5,
            why: format!("host {} is busy with other spaces", host.name),
        });
    };
    let instance = space.instance.clone();
    let mut p = Provisioner {
        run,
        ctx,
        space,
        host,
        occ: access.occ(&instance),
        access,
        slot,
        lease,
    };
    let mut outcome = Ok(());
    for step in steps {
        outcome = p.one(*step).await;
        if outcome.is_err() {
            break;
        }
    }
    if let Err(e) = fleet::release_slot(ctx, &p.slot).await {
        tracing::warn!(error = %e, "could not give the host's slot back; its lease will lapse");
    }
    outcome
}

/// Runs `steps` on the space `space_id`, on its host. `false` when the space is gone or has
/// no host.
pub(crate) async fn run_steps(
    run: &Running,
    space_id: i64,
    steps: &[Step],
) -> Result<bool, JobError> {
    let Some(space) = load(&run.ctx, space_id).await? else {
        return Ok(false);
    };
    let Some(host_id) = space.host_id else {
        return Ok(false);
    };
    on_host(run, space, host_id, steps).await?;
    Ok(true)
}

/// Puts back what the health sweep found out of place on an active space (apps, the portal's
/// app password, its OAuth2 client), with the same steps as provisioning, which ask first.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct RepairSpace {
    pub space_id: i64,
}

impl crate::jobs::Job for RepairSpace {
    const KIND: &'static str = "spaces.repair";
    const QUEUE: &'static str = "provisioning";

    fn dedup_key(&self) -> Option<String> {
        Some(self.space_id.to_string())
    }
}

/// The steps a repair runs, in this order (the OAuth2 step calls OCS with the app password).
/// The language step sets the sealing settings back, the apps step the forbidden apps off.
pub const REPAIR: [Step; 4] = [
    Step::Language,
    Step::Apps,
    Step::AppPassword,
    Step::OAuthClient,
];

/// The handler of `spaces.repair`: only an active space is repaired.
pub async fn repair(run: Running, job: RepairSpace) -> Result<(), JobError> {
    let Some(space) = load(&run.ctx, job.space_id).await? else {
        return Ok(());
    };
    let (id, host_id) = match (space.state.as_str(), space.host_id) {
        ("active", Some(h)) => (space.id, h),
        _ => return Ok(()),
    };
    on_host(&run, space, host_id, &REPAIR).await?;
    sqlx::query("update spaces set drift = '{}' where id = $1")
        .bind(id)
        .execute(&run.ctx.pool)
        .await?;
    Ok(())
}

/// The place step: a host with room, or a wait with the fleet-full alert raised.
async fn place(run: &Running, space: &Space) -> Result<i64, JobError> {
    let ctx = &run.ctx;
    let row = begin(ctx, space.id, run.id, Step::Place).await?;
    let mut tx = ctx.pool.begin().await?;
    let placed = fleet::place(&mut tx, space.id).await.map_err(backend)?;
    tx.commit().await?;
    match placed {
        Some(h) => {
            let name: String = sqlx::query_scalar("select name from hosts where id = $1")
                .bind(h)
                .fetch_one(&ctx.pool)
                .await?;
            end(ctx, row, "done", &format!("placed on {name}")).await?;
            alerts::clear(&ctx.pool, alerts::FLEET_FULL, "").await?;
            Ok(h)
        }
        None => {
            let why = "no active host has room for a new space";
            end(ctx, row, "waiting", why).await?;
            alerts::raise(
                &ctx.pool,
                alerts::FLEET_FULL,
                "",
                "The fleet is full: approved spaces wait for a host. Add a host or activate one.",
            )
            .await?;
            Err(JobError::Later {
                secs: 300,
                why: why.into(),
            })
        }
    }
}

fn backend(e: crate::Error) -> JobError {
    JobError::Retry(e.to_string())
}

/// Records the start of a step; returns its row.
async fn begin(ctx: &Ctx, space: i64, job: i64, step: Step) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "insert into space_steps (space_id, job_id, step) values ($1, $2, $3) returning id",
    )
    .bind(space)
    .bind(job)
    .bind(step.key())
    .fetch_one(&ctx.pool)
    .await
}

/// Records how a step ended.
async fn end(ctx: &Ctx, row: i64, outcome: &str, excerpt: &str) -> Result<(), sqlx::Error> {
    let excerpt: String = excerpt.chars().take(500).collect();
    sqlx::query(
        "update space_steps set finished_at = now(), outcome = $2, excerpt = $3 where id = $1",
    )
    .bind(row)
    .bind(outcome)
    .bind(excerpt)
    .execute(&ctx.pool)
    .await?;
    Ok(())
}

struct Provisioner<'a> {
    run: &'a Running,
    ctx: &'a Ctx,
    space: Space,
    host: fleet::Host,
    access: HostAccess,
    occ: Occ,
    slot: fleet::Slot,
    lease: Duration,
}

/// A step's failure: worth retrying or not, and its message (secrets masked).
struct Failed {
    retry: bool,
    message: String,
}

impl From<NcError> for Failed {
    fn from(e: NcError) -> Self {
        Failed {
            retry: true,
            message: e.to_string(),
        }
    }
}

impl From<sqlx::Error> for Failed {
    fn from(e: sqlx::Error) -> Self {
        Failed {
            retry: true,
            message: format!("database: {e}"),
        }
    }
}

fn fatal(message: impl Into<String>) -> Failed {
    Failed {
        retry: false,
        message: message.into(),
    }
}

impl Provisioner<'_> {
    /// Renews this run's slot on the host for another lease; `false` when another holds it.
    async fn renew_slot(&self) -> crate::Result<bool> {
        Ok(
            fleet::take_slot(self.ctx, self.host.id, &self.slot.holder, self.lease)
                .await?
                .is_some(),
        )
    }

    async fn one(&mut self, step: Step) -> Result<(), JobError> {
        self.run.check_lease().await?;
        if !self.renew_slot().await.map_err(backend)? {
            return Err(JobError::Later {
                secs: 5,
                why: format!("lost the slot on host {}", self.host.name),
            });
        }
        let row = begin(self.ctx, self.space.id, self.run.id, step).await?;
        let result = self.step(step).await;
        let secrets = self.secrets();
        let masks: Vec<&Secret> = secrets.iter().collect();
        match result {
            Ok(Did::Done(text)) => end(self.ctx, row, "done", &scrub(&text, &masks)).await?,
            Ok(Did::Already(text)) => end(self.ctx, row, "already", &scrub(&text, &masks)).await?,
            Err(f) => {
                let message = scrub(&f.message, &masks);
                end(self.ctx, row, "failed", &message).await?;
                return Err(if f.retry {
                    JobError::Retry(format!("{}: {message}", step.key()))
                } else {
                    JobError::Fatal(format!("{}: {message}", step.key()))
                });
            }
        }
        Ok(())
    }

    /// The space's secret of `kind`, opened, when the space's row holds one.
    fn sealed(&self, kind: Kind) -> Option<Secret> {
        let column = match kind {
            Kind::DatabasePassword => &self.space.database_password,
            Kind::AdminPassword => &self.space.admin_password,
            Kind::AppPassword => &self.space.app_password,
            Kind::OAuthClientSecret => &self.space.oauth_secret,
        };
        secrets::open(
            &self.ctx.settings.secret_key,
            kind,
            &self.space.instance,
            column.as_deref()?,
        )
    }

    /// Every secret of the space the portal knows, to mask in what is recorded.
    fn secrets(&self) -> Vec<Secret> {
        [
            Kind::DatabasePassword,
            Kind::AdminPassword,
            Kind::AppPassword,
            Kind::OAuthClientSecret,
        ]
        .into_iter()
        .filter_map(|k| self.sealed(k))
        .chain(self.host.office_secret(&self.ctx.settings.secret_key))
        .collect()
    }

    async fn step(&mut self, step: Step) -> Result<Did, Failed> {
        match step {
            Step::Place => Ok(Did::Already("placed".into())),
            Step::Site => self.site().await,
            Step::Database => self.database().await,
            Step::Install => self.install().await,
            Step::Address => self.address().await,
            Step::Language => self.language().await,
            Step::Cron => self.cron().await,
            Step::Apps => self.apps().await,
            Step::Office => self.office().await,
            Step::Theming => self.theming().await,
            Step::Quotas => self.quotas().await,
            Step::Referent => self.referent().await,
            Step::AppPassword => self.app_password().await,
            Step::OAuthClient => self.oauth_client().await,
            Step::Health => self.health().await,
            Step::Welcome => self.welcome().await,
            Step::MaintenanceOn => self.maintenance(true).await,
            Step::MaintenanceOff => self.maintenance(false).await,
            Step::Remove => self.remove().await,
            Step::Rename => self.rename().await,
        }
    }

    fn script(&self) -> Result<crate::nextcloud::HostScript, Failed> {
        self.access
            .host_script(&self.space.instance)
            .ok_or_else(|| {
                fatal(format!(
                    "host {} has no host script (framaspace hosts add --host-script)",
                    self.host.name
                ))
            })
    }

    /// The secret of `kind`, made and sealed into the space's row first if there is none.
    async fn chosen_secret(&mut self, kind: Kind) -> Result<Secret, Failed> {
        let key = &self.ctx.settings.secret_key;
        let column = match kind {
            Kind::DatabasePassword => "database_password",
            Kind::AdminPassword => "admin_password",
            _ => return Err(fatal("not a secret the portal chooses")),
        };
        if let Some(s) = self.sealed(kind) {
            return Ok(s);
        }
        let fresh = Secret::new(crate::tokens::random_token());
        let sealed = secrets::seal(key, kind, &self.space.instance, &fresh);
        // Only the first writer's value stays: a second worker reads it back.
        let kept: Vec<u8> = sqlx::query_scalar(&format!(
            "update spaces set {column} = coalesce({column}, $2) where id = $1 returning {column}"
        ))
        .bind(self.space.id)
        .bind(&sealed)
        .fetch_one(&self.ctx.pool)
        .await?;
        match kind {
            Kind::DatabasePassword => self.space.database_password = Some(kept.clone()),
            _ => self.space.admin_password = Some(kept.clone()),
        }
        secrets::open(key, kind, &self.space.instance, &kept)
            .ok_or_else(|| fatal("a sealed secret does not open: was the secret key changed?"))
    }

    fn database_name(&self) -> String {
        format!("nc_{}", self.space.instance.replace('-', "_"))
    }

    async fn site(&mut self) -> Result<Did, Failed> {
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
    async fn rename(&mut self) -> Result<Did, Failed> {
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

    async fn database(&mut self) -> Result<Did, Failed> {
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
    async fn install(&mut self) -> Result<Did, Failed> {
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
        let install = long_occ.install(&options);
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
        let st = self.occ.status().await?;
        said.push_str(&format!(
            "Nextcloud {} installed; its single-use passwords replaced",
            st.versionstring
        ));
        Ok(Did::Done(said))
    }

    /// The sealed database and admin passwords in place of the install's single-use ones,
    /// each on standard input.
    async fn final_passwords(
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

    /// The space's address as Nextcloud must know it: a trusted domain, and the URL its
    /// command line and mails use.
    async fn address(&mut self) -> Result<Did, Failed> {
        let domain = format!("{}.{}", self.space.slug, self.access.domain);
        let url = self.access.base_url(&self.space.slug);
        let trusted = self.occ.system_value(&["trusted_domains"]).await?;
        let has_domain = trusted
            .as_deref()
            .is_some_and(|t| t.lines().any(|l| l.trim() == domain));
        let cli = self.occ.system_value(&["overwrite.cli.url"]).await?;
        if has_domain && cli.as_deref() == Some(url.as_str()) {
            return Ok(Did::Already(format!("{domain} is trusted")));
        }
        if !has_domain {
            let next = trusted.as_deref().map_or(0, |t| t.lines().count());
            let index = next.to_string();
            self.occ
                .set_system_value(&["trusted_domains", &index], &domain, "string")
                .await?;
        }
        self.occ
            .set_system_value(&["overwrite.cli.url"], &url, "string")
            .await?;
        Ok(Did::Done(format!("{domain} trusted, {url}")))
    }

    /// Settings in `config.php`, set where they differ.
    /// Sets the system values of `wanted` that differ, in one command. It reads them all in
    /// one command too, and asks one by one only for those Nextcloud masks in listings.
    async fn system_values(
        &self,
        wanted: &[(&str, serde_json::Value)],
    ) -> Result<Vec<String>, Failed> {
        const MASKED: &str = "***REMOVED SENSITIVE VALUE***";
        let now = self.occ.system_config().await?;
        let mut changed = serde_json::Map::new();
        for (key, value) in wanted {
            let same = match now.get(*key) {
                Some(serde_json::Value::String(s)) if s == MASKED => {
                    let plain = match value {
                        serde_json::Value::String(s) => s.clone(),
                        other => other.to_string(),
                    };
                    self.occ.system_value(&[key]).await?.as_deref() == Some(plain.as_str())
                }
                Some(v) => v == value,
                None => false,
            };
            if !same {
                changed.insert((*key).to_string(), value.clone());
            }
        }
        if !changed.is_empty() {
            self.occ.import_system(&changed).await?;
        }
        Ok(changed.keys().cloned().collect())
    }

    async fn language(&mut self) -> Result<Did, Failed> {
        let mail = &self.ctx.settings.provisioning;
        let mut wanted = vec![
            ("default_language", "fr".into()),
            ("default_locale", "fr_FR".into()),
            ("default_phone_region", "FR".into()),
            ("mail_smtpmode", "smtp".into()),
            ("mail_smtphost", mail.smtp_host.clone().into()),
            ("mail_smtpport", mail.smtp_port.into()),
            ("mail_from_address", mail.from_address.clone().into()),
            ("mail_domain", mail.from_domain.clone().into()),
        ];
        wanted.extend(sealing(&mail.nextcloud_dir));
        let changed = self.system_values(&wanted).await?;
        Ok(if changed.is_empty() {
            Did::Already("French, mail by SMTP, sealed".into())
        } else {
            Did::Done(format!("set {}", changed.join(", ")))
        })
    }

    /// Background jobs by the host's cron (`occ background:cron` writes the same value).
    async fn cron(&mut self) -> Result<Did, Failed> {
        let mode = self.occ.app_value("core", "backgroundjobs_mode").await?;
        if mode.as_deref() == Some("cron") {
            return Ok(Did::Already("background jobs by cron".into()));
        }
        self.occ
            .set_app_value("core", "backgroundjobs_mode", "cron")
            .await?;
        Ok(Did::Done(format!(
            "background jobs by cron (was {})",
            mode.as_deref().unwrap_or("ajax")
        )))
    }

    /// Enables the wanted apps the host has (shipped, or installed by its operator in the
    /// code tree's read-only `custom_apps`: the step never downloads one) and disables the
    /// others. A wanted app the host lacks is said in the outcome; the space works without.
    async fn apps(&mut self) -> Result<Did, Failed> {
        let apps = self.occ.apps().await?;
        let (wanted, _) = apps_for(&self.space.office);
        let on_disk = |a: &&str| apps.enabled.contains_key(*a) || apps.disabled.contains_key(*a);
        let absent: Vec<&str> = wanted.iter().copied().filter(|a| !on_disk(a)).collect();
        let (missing, extra) = apps_to_change(
            &self.space.office,
            |a| apps.enabled.contains_key(a),
            |a| apps.disabled.contains_key(a),
        );
        let on = wanted.len() - absent.len();
        let absent = if absent.is_empty() {
            String::new()
        } else {
            format!("; not on host {}: {}", self.host.name, absent.join(", "))
        };
        if missing.is_empty() && extra.is_empty() {
            return Ok(Did::Already(format!("{on} apps on{absent}")));
        }
        if !missing.is_empty() {
            let mut args = vec!["app:enable"];
            args.extend(&missing);
            self.occ.ok(&args, &[]).await?;
        }
        if !extra.is_empty() {
            let mut args = vec!["app:disable"];
            args.extend(&extra);
            self.occ.ok(&args, &[]).await?;
        }
        let list = |l: &[&str]| {
            if l.is_empty() {
                "-".to_string()
            } else {
                l.join(", ")
            }
        };
        Ok(Did::Done(format!(
            "enabled: {}; disabled: {}{absent}",
            list(&missing),
            list(&extra)
        )))
    }

    /// The office suite pointed at the host's office server with its shared secret.
    async fn office(&mut self) -> Result<Did, Failed> {
        let Some(url) = self.host.office_url.clone() else {
            return Ok(Did::Already(format!(
                "host {} has no office server",
                self.host.name
            )));
        };
        let secret = self.host.office_secret(&self.ctx.settings.secret_key);
        let app = office_app(&self.space.office);
        let url_key = if app == "onlyoffice" {
            "DocumentServerUrl"
        } else {
            "wopi_url"
        };
        let mut wanted: Vec<(&str, String)> = vec![(url_key, url.clone())];
        // OnlyOffice signs its requests with the shared secret (JWT); Collabora's WOPI uses
        // proof keys and needs none.
        if let (true, Some(s)) = (app == "onlyoffice", &secret) {
            wanted.push(("jwt_secret", s.expose().to_string()));
        }
        // Those that differ, set in one `config:import` whose values travel on standard
        // input: the JWT secret never sits on a command line.
        let mut changed = serde_json::Map::new();
        for (key, value) in &wanted {
            if self.occ.app_value(app, key).await?.as_deref() != Some(value.as_str()) {
                changed.insert(key.to_string(), value.clone().into());
            }
        }
        let any_changed = !changed.is_empty();
        if any_changed {
            self.occ.import_app_values(app, changed).await?;
        }
        // Collabora is usable only once activated: discovery, capabilities and a WOPI check
        // that the office server reaches the space back (§8b.3). The values being set says
        // nothing of that, so the activation runs every time the step does, and the step is
        // done only when it succeeded (it exits 1 otherwise, and the step is retried).
        if app == "richdocuments" {
            self.occ
                .ok(&["richdocuments:activate-config", "--wopi-url", &url], &[])
                .await?;
            return Ok(if any_changed {
                Did::Done(format!("{app} uses {url}, activated"))
            } else {
                Did::Already(format!("{app} uses {url}, activated"))
            });
        }
        if !any_changed {
            return Ok(Did::Already(format!("{app} uses {url}")));
        }
        Ok(Did::Done(format!("{app} uses {url}")))
    }

    async fn theming(&mut self) -> Result<Did, Failed> {
        let name = self
            .space
            .structure_name
            .clone()
            .unwrap_or_else(|| self.space.slug.clone());
        let name: String = name.chars().filter(|c| !c.is_control()).take(250).collect();
        if self.occ.app_value("theming", "name").await?.as_deref() == Some(name.as_str()) {
            return Ok(Did::Already(format!("named {name}")));
        }
        self.occ.theming("name", &name).await?;
        Ok(Did::Done(format!("named {name}")))
    }

    /// Nextcloud has quotas per account only: each account gets its share of the space's
    /// quota, so that all of them together stay within it.
    async fn quotas(&mut self) -> Result<Did, Failed> {
        let accounts = self.ctx.settings.provisioning.accounts_per_space.max(1);
        let share = format!(
            "{} MB",
            (self.space.quota_bytes / i64::from(accounts)) >> 20
        );
        if self
            .occ
            .app_value("files", "default_quota")
            .await?
            .as_deref()
            == Some(share.as_str())
        {
            return Ok(Did::Already(format!("{share} per account")));
        }
        self.occ
            .set_app_value("files", "default_quota", &share)
            .await?;
        Ok(Did::Done(format!("{share} per account")))
    }

    /// OCS as the portal's admin account, with its password (before the app password).
    fn ocs_as_admin(&self, password: Secret) -> Result<Ocs, Failed> {
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
    async fn referent(&mut self) -> Result<Did, Failed> {
        let (Some(name), Some(email)) = (
            self.space.referent_name.clone(),
            self.space.referent_email.clone(),
        ) else {
            return Err(fatal("the application's referent is gone (erased)"));
        };
        let uid = referent_uid(&name);
        if self.occ.user_exists(&uid).await? {
            return Ok(Did::Already(format!("account {uid} exists")));
        }
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
    async fn app_password(&mut self) -> Result<Did, Failed> {
        if let Some(pw) = self.sealed(Kind::AppPassword) {
            let ocs = self.ocs_as_admin(pw)?;
            match ocs.me().await {
                Ok(_) => return Ok(Did::Already("the portal's app password works".into())),
                Err(NcError::BadCredentials | NcError::NotLoggedIn) => {}
                Err(e) => return Err(e.into()),
            }
        }
        let revoked = self.occ.revoke_app_passwords(PORTAL_ADMIN).await?;
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
    async fn oauth_client(&mut self) -> Result<Did, Failed> {
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

    fn app_password_secret(&self) -> Result<Secret, Failed> {
        self.sealed(Kind::AppPassword)
            .ok_or_else(|| fatal("no app password: its step did not run"))
    }

    /// `status.php`: reachable, installed, not in maintenance.
    async fn health(&mut self) -> Result<Did, Failed> {
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
    async fn maintenance(&mut self, on: bool) -> Result<Did, Failed> {
        let word = if on { "on" } else { "off" };
        if self.occ.status().await?.maintenance == on {
            return Ok(Did::Already(format!("maintenance mode {word}")));
        }
        self.occ.maintenance(on).await?;
        Ok(Did::Done(format!("maintenance mode {word}")))
    }

    /// The site, the space's folders and data, its database and role: all gone.
    async fn remove(&mut self) -> Result<Did, Failed> {
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
    async fn welcome(&mut self) -> Result<Did, Failed> {
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
            "update spaces set state = 'active', provisioned_at = now()
             where id = $1 and state = 'provisioning'",
        )
        .bind(self.space.id)
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
                 values ($1, 'system', 'space-ready', $2)",
            )
            .bind(app)
            .bind(&url)
            .execute(&mut *tx)
            .await?;
            let lang = Lang::parse(self.space.lang.as_deref().unwrap_or("fr")).unwrap_or_default();
            let uid = referent_uid(self.space.referent_name.as_deref().unwrap_or(""));
            let mail = welcome_mail(self.ctx, lang, email, name, &url, &uid);
            crate::mail::enqueue(&mut tx, MAIL_WELCOME, &mail).await?;
        }
        self.run.complete(tx).await.map_err(|e| Failed {
            retry: true,
            message: e.to_string(),
        })?;
        Ok(Did::Done(format!("{url} is ready; referent told")))
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

/// What the welcome mail is, in the outbox.
pub const MAIL_WELCOME: &str = "space-welcome";

/// A login for the referent from their name: lower-case ASCII letters, digits, dots;
/// `referent` when nothing is left.
pub fn referent_uid(name: &str) -> String {
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
    let uid = uid.trim_end_matches('.').to_string();
    if uid.is_empty() || uid == PORTAL_ADMIN {
        "referent".into()
    } else {
        uid
    }
}

fn welcome_mail(
    ctx: &Ctx,
    lang: Lang,
    to: &str,
    name: &str,
    url: &str,
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
        after: vec![tr(
            lang,
            "mail-space-ready-help",
            &[("help", &format!("{}/questions", site.public_url))],
        )],
        unsubscribe_url: None,
    };
    crate::mail::OutgoingMail {
        to: to.to_string(),
        subject: tr(lang, "mail-space-ready-subject", &[("name", name)]),
        text: layout.text(),
        html: layout.html(),
        list_unsubscribe: None,
    }
}

/// How far the making of an application's space has gone, for its applicant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Progress {
    /// `waiting`, `provisioning`, `active`, `suspended`, `failed`, `deleted`.
    pub state: String,
    /// The step under way (or the last one, once active).
    pub step: Step,
    /// Steps done, out of [`Step::ALL`].
    pub done: usize,
    /// The last run of a step failed: it will be tried again.
    pub trouble: bool,
    /// Where the space answers, once it is placed.
    pub address: Option<String>,
}

/// The progress of the space of application `application_id`, if it has one.
pub async fn progress(ctx: &Ctx, application_id: i64) -> crate::Result<Option<Progress>> {
    let row: Option<(i64, String, String, Option<String>)> = sqlx::query_as(
        "select s.id, s.state, s.slug, h.ocs_url from spaces s
         left join hosts h on h.id = s.host_id
         where s.application_id = $1",
    )
    .bind(application_id)
    .fetch_optional(&ctx.pool)
    .await?;
    let Some((id, state, slug, ocs_url)) = row else {
        return Ok(None);
    };
    let done: Vec<String> = sqlx::query_scalar(
        "select distinct step from space_steps
         where space_id = $1 and outcome in ('done', 'already') and step = any($2)",
    )
    .bind(id)
    .bind(Step::ALL.map(Step::key).to_vec())
    .fetch_all(&ctx.pool)
    .await?;
    let last: Option<String> = sqlx::query_scalar(
        "select outcome from space_steps where space_id = $1 order by id desc limit 1",
    )
    .bind(id)
    .fetch_optional(&ctx.pool)
    .await?;
    let next = Step::ALL
        .into_iter()
        .find(|s| !done.iter().any(|d| d == s.key()));
    Ok(Some(Progress {
        trouble: last.as_deref() == Some("failed") && state != "active",
        step: next.unwrap_or(Step::Welcome),
        done: if state == "active" {
            Step::ALL.len()
        } else {
            done.len().min(Step::ALL.len() - 1)
        },
        address: ocs_url.map(|u| fleet::space_address(&u, &slug)),
        state,
    }))
}

/// Thirty tries, 15 s apart then doubling up to an hour (about a day in all: a host's
/// maintenance window passes), before the job is given up and the space marked failed. A run
/// cut short by a dying worker counts as a try too.
const POLICY: crate::jobs::Policy = crate::jobs::Policy {
    max_attempts: 30,
    retry_base_secs: 15,
    one_at_a_time: true,
};

/// Registers the provisioning jobs.
pub(crate) fn register(registry: &mut crate::jobs::Registry) {
    registry
        .handle(POLICY, provision)
        // Given up, whatever the reason (a step's fatal error, the last try failing, tries
        // that never finished): the space says so until staff run it again.
        .on_given_up(|ctx: Ctx, job: ProvisionSpace| async move {
            sqlx::query(
                "update spaces set state = 'failed'
                 where id = $1 and state in ('waiting', 'provisioning')",
            )
            .bind(job.space_id)
            .execute(&ctx.pool)
            .await
            .map(drop)
        })
        .handle(
            crate::jobs::Policy {
                max_attempts: 12,
                retry_base_secs: 30,
                one_at_a_time: true,
            },
            repair,
        );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn referent_logins_are_plain() {
        assert_eq!(referent_uid("Élodie Martin-Durand"), "elodie.martin.durand");
        assert_eq!(referent_uid("  <b>Zoé</b> "), "b.zoe.b");
        assert_eq!(referent_uid("李雷"), "li.lei");
        assert_eq!(referent_uid("!!!"), "referent");
        assert_eq!(referent_uid("Framaspace"), "referent");
        assert!(referent_uid(&"a".repeat(500)).len() <= 40);
    }

    #[test]
    fn steps_are_numbered_in_order() {
        assert_eq!(Step::Place.number(), 1);
        assert_eq!(Step::Welcome.number(), Step::ALL.len());
        for s in Step::ALL {
            assert_eq!(Step::parse(s.key()), Some(s));
        }
    }
}
