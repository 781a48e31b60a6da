//! The fleet: the Nextcloud hosts that hold the spaces, managed by admins, and the placement
//! of a new space on the active host with the most room that fits it.

use sqlx::PgConnection;

use crate::accounts::Admin;
use crate::nextcloud::{Arguments, CommandTemplate, HostAccess, OcsVersion};
use crate::{Ctx, Error, Result, Secret};

/// A host as an admin describes it.
#[derive(Clone, Debug, Default)]
pub struct NewHost {
    pub name: String,
    pub occ_template: String,
    /// The host's script for a space's site and database (`docs/host/framaspace-host`).
    pub host_script: Option<String>,
    /// `https://{slug}.<domain>[:port]`.
    pub ocs_url: String,
    pub nextcloud_version: i32,
    pub database_server: String,
    pub office_url: Option<String>,
    pub office_secret: Option<Secret>,
    pub capacity_spaces: i32,
    pub capacity_bytes: i64,
    pub max_parallel: i32,
    /// Send the host's requests to this address whatever DNS says.
    pub connect_to: Option<std::net::SocketAddr>,
    /// The templates' programs take their arguments as they are, no shell between (a local
    /// program); otherwise, the default, each argument is quoted for a shell.
    pub direct_arguments: bool,
}

/// Why a host was refused: the field (as the command line spells it) and the rule it
/// breaks, or a name already taken.
#[derive(Debug, thiserror::Error)]
pub enum HostError {
    #[error("{field}: {}", sentence(*code))]
    Invalid {
        field: &'static str,
        code: common::ErrorCode,
    },
    #[error("a host named {0} exists already")]
    Exists(String),
    #[error(transparent)]
    Backend(#[from] Error),
}

/// A rule's sentence in English, for the command line and the logs.
pub fn sentence(code: common::ErrorCode) -> String {
    common::lookup(common::Lang::En, &code.message_key(), None).unwrap_or_else(|| code.to_string())
}

pub use common::hosts::{parse_bytes, parse_ocs_url};

/// Where space `slug` answers on a host whose address pattern is `ocs_url`.
pub fn space_address(ocs_url: &str, slug: &str) -> String {
    ocs_url.replace("{slug}", slug)
}

impl NewHost {
    /// Every rule, in the order of the fields; nothing is written unless all hold.
    pub fn check(&self) -> Result<(), HostError> {
        use common::hosts as rule;
        let at = |field: &'static str| move |code| HostError::Invalid { field, code };
        rule::host_name(&self.name).map_err(at("name"))?;
        rule::command_template(&self.occ_template).map_err(at("occ"))?;
        if let Some(t) = &self.host_script {
            rule::command_template(t).map_err(at("host-script"))?;
        }
        rule::ocs_url(&self.ocs_url).map_err(at("ocs-url"))?;
        rule::version(self.nextcloud_version).map_err(at("version"))?;
        rule::database_server(&self.database_server).map_err(at("database"))?;
        if let Some(u) = &self.office_url {
            rule::web_address(u).map_err(at("office-url"))?;
        }
        rule::capacity_spaces(self.capacity_spaces).map_err(at("spaces"))?;
        if self.capacity_bytes <= 0 {
            return Err(at("storage")(common::ErrorCode::SizeInvalid));
        }
        rule::parallel(self.max_parallel).map_err(at("parallel"))?;
        Ok(())
    }
}

/// Adds a host, active. Its office secret is sealed with the configuration's key.
pub async fn add_host(ctx: &Ctx, _admin: &Admin, h: &NewHost) -> Result<i64, HostError> {
    h.check()?;
    let sealed = h.office_secret.as_ref().map(|s| {
        crate::crypto::seal(
            &ctx.settings.secret_key,
            &format!("office-secret:{}", h.name),
            s.expose().as_bytes(),
        )
    });
    let id: Option<i64> = sqlx::query_scalar(
        "insert into hosts (name, occ_template, ocs_url, nextcloud_version, database_server,
                            office_url, office_secret, capacity_spaces, capacity_bytes, max_parallel,
                            connect_to, host_script, direct_arguments)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
         on conflict (name) do nothing
         returning id",
    )
    .bind(&h.name)
    .bind(&h.occ_template)
    .bind(&h.ocs_url)
    .bind(h.nextcloud_version)
    .bind(h.database_server.trim())
    .bind(&h.office_url)
    .bind(sealed)
    .bind(h.capacity_spaces)
    .bind(h.capacity_bytes)
    .bind(h.max_parallel)
    .bind(h.connect_to.map(|a| a.to_string()))
    .bind(&h.host_script)
    .bind(h.direct_arguments)
    .fetch_optional(&ctx.pool)
    .await
    .map_err(Error::from)?;
    id.ok_or_else(|| HostError::Exists(h.name.clone()))
}

pub use common::states::HostState;

/// Sets a host's state; `false` when there is no such host.
pub async fn set_state(ctx: &Ctx, _admin: &Admin, name: &str, state: HostState) -> Result<bool> {
    // PostgreSQL refuses a NUL in text: no host's name has one.
    if name.contains('\0') {
        return Ok(false);
    }
    let n = sqlx::query("update hosts set state = $2, updated_at = now() where name = $1")
        .bind(name)
        .bind(state)
        .execute(&ctx.pool)
        .await?
        .rows_affected();
    Ok(n == 1)
}

/// A host with what it holds.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct Host {
    pub id: i64,
    pub name: String,
    pub occ_template: String,
    pub host_script: Option<String>,
    pub ocs_url: String,
    pub nextcloud_version: i32,
    pub database_server: String,
    pub office_url: Option<String>,
    /// Sealed with the configuration's key: [`Host::office_secret`] opens it.
    pub office_secret: Option<Vec<u8>>,
    pub capacity_spaces: i32,
    pub capacity_bytes: i64,
    pub max_parallel: i32,
    pub connect_to: Option<String>,
    pub direct_arguments: bool,
    pub state: HostState,
    /// Spaces placed on it (not deleted).
    pub spaces: i64,
    /// The sum of their quotas.
    pub reserved_bytes: i64,
}

impl Host {
    fn arguments(&self) -> Arguments {
        Arguments::from_direct(self.direct_arguments)
    }

    /// How the driver reaches this host.
    pub fn access(&self) -> Option<HostAccess> {
        let (scheme, domain, port) = parse_ocs_url(&self.ocs_url)?;
        Some(HostAccess {
            name: self.name.clone(),
            domain,
            scheme,
            port,
            connect_to: self.connect_to.as_deref().and_then(|a| a.parse().ok()),
            occ: CommandTemplate::new(&self.occ_template, self.arguments()).ok()?,
            host_script: self
                .host_script
                .as_deref()
                .and_then(|t| CommandTemplate::new(t, self.arguments()).ok()),
            ocs_version: OcsVersion::V2,
            timeout_secs: 30,
        })
    }

    /// The office server's shared secret (WOPI or JWT), opened.
    pub fn office_secret(&self, key: &Secret) -> Option<Secret> {
        let sealed = self.office_secret.as_deref()?;
        crate::crypto::open(key, &format!("office-secret:{}", self.name), sealed)
            .and_then(|b| String::from_utf8(b).ok())
            .map(Secret::new)
    }
}

/// The hosts with what they hold (the counters a trigger keeps on the spaces), followed by
/// `tail` (`where`, `order by`, …).
fn hosts_query(tail: &str) -> String {
    format!(
        "select h.id, h.name, h.occ_template, h.host_script, h.ocs_url, h.nextcloud_version,
        h.database_server, h.office_url, h.office_secret, h.capacity_spaces, h.capacity_bytes, h.max_parallel, h.connect_to, h.direct_arguments, h.state,
        h.spaces_placed::bigint as spaces, h.bytes_placed as reserved_bytes
    from hosts h {tail}"
    )
}

/// Every host, by name.
pub async fn hosts(ctx: &Ctx, _admin: &Admin) -> Result<Vec<Host>> {
    Ok(sqlx::query_as(&hosts_query("order by h.name"))
        .fetch_all(&ctx.pool)
        .await?)
}

/// The host `id`, for the worker.
pub(crate) async fn host_by_id(ctx: &Ctx, id: i64) -> Result<Option<Host>> {
    Ok(sqlx::query_as(&hosts_query("where h.id = $1"))
        .bind(id)
        .fetch_optional(&ctx.pool)
        .await?)
}

pub async fn host(ctx: &Ctx, _admin: &Admin, name: &str) -> Result<Option<Host>> {
    Ok(sqlx::query_as(&hosts_query("where h.name = $1"))
        .bind(name)
        .fetch_optional(&ctx.pool)
        .await?)
}

/// Places space `space_id` on the active host with the most room that fits it: the most
/// free places, then the most free storage, then the oldest host. Placements are taken one
/// at a time across every worker (a transaction-scoped advisory lock), so two spaces never
/// take a host's last place together. A space already placed keeps its host. `None` when
/// no host has room: the caller waits and raises the alert.
pub async fn place(conn: &mut PgConnection, space_id: i64) -> Result<Option<i64>> {
    sqlx::query("select pg_advisory_xact_lock(hashtext('fleet.place'))")
        .execute(&mut *conn)
        .await?;
    let (placed, quota): (Option<i64>, i64) =
        sqlx::query_as("select host_id, quota_bytes from spaces where id = $1 for update")
            .bind(space_id)
            .fetch_one(&mut *conn)
            .await?;
    if placed.is_some() {
        return Ok(placed);
    }
    let host: Option<Host> = sqlx::query_as(&hosts_query(
        "where h.state = $2
            and h.spaces_placed < h.capacity_spaces
            and h.capacity_bytes - h.bytes_placed >= $1
         order by h.capacity_spaces - h.spaces_placed desc,
                  h.capacity_bytes - h.bytes_placed desc,
                  h.id
         limit 1",
    ))
    .bind(quota)
    .bind(HostState::Active)
    .fetch_optional(&mut *conn)
    .await?;
    let host = host.map(|h| h.id);
    if let Some(h) = host {
        sqlx::query("update spaces set host_id = $2 where id = $1")
            .bind(space_id)
            .bind(h)
            .execute(&mut *conn)
            .await?;
    }
    Ok(host)
}

/// A slot of a host, held until released or until its lease lapses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Slot {
    pub host_id: i64,
    pub slot: i32,
    pub holder: String,
}

/// The statement that renews a holder's slot, its parameters numbered from `first`:
/// `host_id = $first`, `holder = $first+1`, for `$first+2` seconds. It ends in its `where`
/// clause: a caller may add a condition (`and …`) before `returning slot`. Shared by
/// [`take_slot`] and the statement that starts a provisioning step.
pub fn renew_slot_sql(first: usize) -> String {
    format!(
        "update host_slots set expires_at = now() + make_interval(secs => ${secs})
         where host_id = ${first} and holder = ${holder}",
        secs = first + 2,
        holder = first + 1,
    )
}

/// Takes a free slot of host `host_id` for `holder` (e.g. the job's id and fencing token),
/// for `lease` seconds: a slot is free when nobody holds it or its lease has lapsed. `None`
/// when all `max_parallel` slots are held: the caller runs later. A holder that asks again
/// gets its own slot back, renewed.
pub async fn take_slot(
    ctx: &Ctx,
    host_id: i64,
    holder: &str,
    lease: std::time::Duration,
) -> Result<Option<Slot>> {
    let secs = lease.as_secs_f64();
    let mine: Option<i32> = sqlx::query_scalar(&format!("{} returning slot", renew_slot_sql(1)))
        .bind(host_id)
        .bind(holder)
        .bind(secs)
        .fetch_optional(&ctx.pool)
        .await?;
    let slot = |slot| Slot {
        host_id,
        slot,
        holder: holder.to_string(),
    };
    if let Some(s) = mine {
        return Ok(Some(slot(s)));
    }
    let max: Option<i32> = sqlx::query_scalar("select max_parallel from hosts where id = $1")
        .bind(host_id)
        .fetch_optional(&ctx.pool)
        .await?;
    // One statement per slot: concurrent takers wait on the row and only one finds it free.
    for s in 0..max.unwrap_or(0) {
        let got: Option<i32> = sqlx::query_scalar(
            "insert into host_slots (host_id, slot, holder, expires_at)
             values ($1, $2, $3, now() + make_interval(secs => $4))
             on conflict (host_id, slot) do update
                 set holder = excluded.holder, expires_at = excluded.expires_at
                 where host_slots.expires_at <= now()
             returning slot",
        )
        .bind(host_id)
        .bind(s)
        .bind(holder)
        .bind(secs)
        .fetch_optional(&ctx.pool)
        .await?;
        if let Some(s) = got {
            return Ok(Some(slot(s)));
        }
    }
    Ok(None)
}

/// Gives a slot back; `false` if its lease had lapsed and someone else holds it now.
pub async fn release_slot(ctx: &Ctx, s: &Slot) -> Result<bool> {
    let n = sqlx::query("delete from host_slots where host_id = $1 and slot = $2 and holder = $3")
        .bind(s.host_id)
        .bind(s.slot)
        .bind(&s.holder)
        .execute(&ctx.pool)
        .await?
        .rows_affected();
    Ok(n == 1)
}
