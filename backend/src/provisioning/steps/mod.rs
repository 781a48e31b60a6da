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
//!   found and revoked by the next run, so exactly one remains. The app password step's
//!   first run on a space looks for none: `space_steps` shows no earlier run to clean after.
//! - The steps on a host hold one of its slots: at most `max_parallel` spaces are worked on
//!   at once on a host, whatever the number of workers.

pub mod access;
mod life;
mod settings;
mod site;

use std::time::Duration;

use crate::jobs::{JobError, JobState, Running, RENEW_LEASE};
use crate::nextcloud::occ::scrub;
use crate::nextcloud::secrets::{self, Kind};
use crate::nextcloud::settings::SpaceSettings;
use crate::nextcloud::{HostAccess, NcError, Occ};
use crate::provisioning::{alerts, fleet};
use crate::{Ctx, Secret};
use common::states::{SpaceState, StepOutcome};

/// The portal's own admin account on every space: it installs the space and holds the app
/// password the portal calls OCS with. Referents get their own admin accounts.
pub const PORTAL_ADMIN: &str = "framaspace";

pub use super::apps::{
    apps_for, apps_to_change, office_app, sealing, APPS, APPS_FORBIDDEN, APPS_LATER, APPS_OFF,
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
    /// The address, language, mail, sealing, background jobs and quota, in one
    /// `config:import`. Spaces made before it have its four former steps in their timeline
    /// (`address`, `language`, `cron`, `quotas`), still translated, no longer numbered.
    Settings,
    Apps,
    Office,
    Theming,
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
    pub const ALL: [Step; 13] = [
        Step::Place,
        Step::Site,
        Step::Database,
        Step::Install,
        Step::Settings,
        Step::Apps,
        Step::Office,
        Step::Theming,
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
            Step::Settings => "settings",
            Step::Apps => "apps",
            Step::Office => "office",
            Step::Theming => "theming",
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
    state: SpaceState,
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
    match space.state {
        SpaceState::Active => return Ok(()),
        s if s.unfinished() => {}
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
    // Placed: no longer waiting for a host (a statement, and its notification, only when
    // the state changes).
    if space.state != SpaceState::Provisioning {
        sqlx::query("update spaces set state = $2 where id = $1 and state <> $2")
            .bind(space.id)
            .bind(SpaceState::Provisioning)
            .execute(&ctx.pool)
            .await?;
    }
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
        settings: None,
        row: 0,
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
/// The settings step sets the sealing settings back, the apps step the forbidden apps off.
pub const REPAIR: [Step; 4] = [
    Step::Settings,
    Step::Apps,
    Step::AppPassword,
    Step::OAuthClient,
];

/// The handler of `spaces.repair`: only an active space is repaired.
pub async fn repair(run: Running, job: RepairSpace) -> Result<(), JobError> {
    let Some(space) = load(&run.ctx, job.space_id).await? else {
        return Ok(());
    };
    let (id, host_id) = match (space.state, space.host_id) {
        (SpaceState::Active, Some(h)) => (space.id, h),
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
            end(ctx, row, StepOutcome::Done, &format!("placed on {name}")).await?;
            alerts::clear(&ctx.pool, alerts::AlertKind::FleetFull, "").await?;
            Ok(h)
        }
        None => {
            let why = "no active host has room for a new space";
            end(ctx, row, StepOutcome::Waiting, why).await?;
            alerts::raise(
                &ctx.pool,
                alerts::AlertKind::FleetFull,
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

/// The statement that records the start of a step: the space, the job and the step are
/// `$space`, `$job` and `$step`. It ends in a `select`: a caller may add a `where`.
fn begin_sql(space: usize, job: usize, step: usize) -> String {
    format!("insert into space_steps (space_id, job_id, step) select ${space}, ${job}, ${step}")
}

/// Records the start of a step; returns its row.
async fn begin(ctx: &Ctx, space: i64, job: i64, step: Step) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(&format!("{} returning id", begin_sql(1, 2, 3)))
        .bind(space)
        .bind(job)
        .bind(step.key())
        .fetch_one(&ctx.pool)
        .await
}

/// Records how a step ended.
async fn end(ctx: &Ctx, row: i64, outcome: StepOutcome, excerpt: &str) -> Result<(), sqlx::Error> {
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
    /// The space's settings as one `config:list` showed them, read when a step first needs
    /// them and kept in step with what the run writes ([`Provisioner::settings`]).
    settings: Option<SpaceSettings>,
    /// The `space_steps` row of the step under way.
    row: i64,
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

    /// Renews the job's lease and this run's slot on the host, and records the start of
    /// `step`, in one statement: nothing is written unless the lease holds, and the step's
    /// row only if the slot is still this run's. Whether the lease held, and the step's row
    /// (`None` when the slot was not this run's any more: the caller takes one again).
    async fn start(&self, step: Step) -> Result<(bool, Option<i64>), sqlx::Error> {
        let fence = self.run.lease_args();
        let sql = format!(
            "with lease as ({RENEW_LEASE} returning id),
             slot as ({} and exists (select from lease) returning slot),
             started as ({} where exists (select from slot) returning id)
             select exists (select from lease), (select id from started)",
            fleet::renew_slot_sql(5),
            begin_sql(8, 1, 9),
        );
        sqlx::query_as(&sql)
            .bind(fence.job)
            .bind(fence.token)
            .bind(fence.lease_secs)
            .bind(JobState::Running)
            .bind(self.host.id)
            .bind(&self.slot.holder)
            .bind(self.lease.as_secs_f64())
            .bind(self.space.id)
            .bind(step.key())
            .fetch_one(&self.ctx.pool)
            .await
    }

    async fn one(&mut self, step: Step) -> Result<(), JobError> {
        let row = match self.start(step).await? {
            (false, _) => return Err(JobError::LeaseLost),
            (true, Some(row)) => row,
            // The slot lapsed meanwhile: take one again (ours, or another free one), as
            // the run began.
            (true, None) => {
                if !self.renew_slot().await.map_err(backend)? {
                    return Err(JobError::Later {
                        secs: 5,
                        why: format!("lost the slot on host {}", self.host.name),
                    });
                }
                begin(self.ctx, self.space.id, self.run.id, step).await?
            }
        };
        self.row = row;
        let result = self.step(step).await;
        let secrets = self.secrets();
        let masks: Vec<&Secret> = secrets.iter().collect();
        match result {
            Ok(Did::Done(text)) => {
                end(self.ctx, row, StepOutcome::Done, &scrub(&text, &masks)).await?
            }
            Ok(Did::Already(text)) => {
                end(self.ctx, row, StepOutcome::Already, &scrub(&text, &masks)).await?
            }
            Err(f) => {
                let message = scrub(&f.message, &masks);
                end(self.ctx, row, StepOutcome::Failed, &message).await?;
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
            Step::Settings => self.space_settings().await,
            Step::Apps => self.apps().await,
            Step::Office => self.office().await,
            Step::Theming => self.theming().await,
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
            sqlx::query("update spaces set state = $2 where id = $1 and state = any($3)")
                .bind(job.space_id)
                .bind(SpaceState::Failed)
                .bind(&[SpaceState::Waiting, SpaceState::Provisioning][..])
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
    fn steps_are_numbered_in_order() {
        assert_eq!(Step::Place.number(), 1);
        assert_eq!(Step::Welcome.number(), Step::ALL.len());
        for s in Step::ALL {
            assert_eq!(Step::parse(s.key()), Some(s));
        }
    }
}
