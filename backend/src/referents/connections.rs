//! Connections between two spaces: Nextcloud's federation, each space a trusted server of
//! the other, so that their members show in each other's address book and share files and
//! calendars with each other.
//!
//! Only between two spaces listed in the directory ([`super::directory`]): the referent on
//! file of one proposes (the other's referent on file is mailed), the other's accepts or
//! declines; either side's administrators may withdraw or disconnect. Once accepted, the job
//! `referents.connect` adds each space to the other's trusted servers with the portal's own
//! account (`POST /ocs/v2.php/apps/federation/trusted-servers`), then looks every five
//! minutes, running `occ federation:sync-addressbooks` on both, until both list the other
//! as ok: their background jobs have exchanged the keys (NEXTCLOUD.md §6 federation). A
//! space whose Nextcloud has no such route (its federation app off) makes the connection
//! unavailable, which the page says; a disconnection removes each from the other's list.

use chrono::{DateTime, Utc};
use common::states::{ConnectionState, SpaceState};
use common::Email;

use super::space::space_url;
use super::{Referent, SpaceOnFile};
use crate::i18n::{tr, Lang};
use crate::jobs::{self, Job, JobError, Policy, Registry, Running};
use crate::mail::{self, Layout, OutgoingMail};
use crate::nextcloud::federation::{same_server, Added, STATUS_OK};
use crate::provisioning::fleet;
use crate::{Ctx, Result};

/// The mail to the referent on file of a space another proposes to connect with.
pub const MAIL_ASKED: &str = "space-connection-asked";
/// The mail to both referents on file once their spaces are connected.
pub const MAIL_MADE: &str = "space-connection-made";
/// Days a declined proposal is kept: the pair is not asked again meanwhile.
pub const DECLINED_DAYS: i32 = 30;
/// Hours the keys' exchange may take before the connection is said to have failed
/// (Nextcloud gives up its own requests after 30 days; two days of five-minute background
/// jobs is already far past what a working pair of hosts takes).
const EXCHANGE_HOURS: i64 = 48;
/// Seconds between two looks while the keys are exchanged: the background jobs of a
/// Nextcloud run every five minutes.
const LOOK_EVERY_SECS: u64 = 300;

/// A connection, as one side's dashboard shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Connection {
    pub id: i64,
    /// The other space (its handle in the directory).
    pub peer: i64,
    /// The other space's name in the directory.
    pub peer_name: String,
    /// The other space's address, once the connection was accepted (its members' federated
    /// accounts are `name@address`); `None` before.
    pub peer_address: Option<String>,
    pub state: ConnectionState,
    /// Whether this side proposed it.
    pub ours: bool,
    /// When it was proposed, on the clock of Paris.
    pub asked_paris: chrono::NaiveDateTime,
}

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    peer: i64,
    peer_name: Option<String>,
    peer_slug: String,
    state: ConnectionState,
    ours: bool,
    asked_paris: chrono::NaiveDateTime,
}

/// What the dashboard shows of a space's connections.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Connections {
    /// Whether the person is the referent on file, who alone proposes and accepts.
    pub is_referent: bool,
    /// Its connections, whichever proposed them, the newest first.
    pub items: Vec<Connection>,
}

/// The connections of `by`'s space.
pub async fn list(ctx: &Ctx, by: &Referent) -> Result<Connections> {
    let space = SpaceOnFile::load(ctx, by.space_id()).await?;
    Ok(Connections {
        is_referent: space.is_some_and(|s| s.is_referent(by.uid())),
        items: items(ctx, by).await?,
    })
}

async fn items(ctx: &Ctx, by: &Referent) -> Result<Vec<Connection>> {
    let rows: Vec<Row> = sqlx::query_as(
        "select c.id, p.id as peer, d.name as peer_name, p.slug as peer_slug, c.state,
                c.asker = $1 as ours, c.asked_at at time zone 'Europe/Paris' as asked_paris
         from space_connections c
         join spaces p on p.id = case when c.asker = $1 then c.asked else c.asker end
         left join space_directory d on d.space_id = p.id
         where c.asker = $1 or c.asked = $1
         order by c.asked_at desc, c.id desc",
    )
    .bind(by.space_id())
    .fetch_all(&ctx.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let accepted = !matches!(r.state, ConnectionState::Asked | ConnectionState::Declined);
            Connection {
                id: r.id,
                peer: r.peer,
                peer_name: r.peer_name.unwrap_or_default(),
                peer_address: accepted.then(|| ctx.settings.site.space_address(&r.peer_slug)),
                state: r.state,
                ours: r.ours,
                asked_paris: r.asked_paris,
            }
        })
        .collect())
}

/// A connection as staff see it on a space's page: with the other space's address, and
/// what its hosts said last.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct StaffRow {
    pub peer_slug: String,
    pub state: ConnectionState,
    /// Whether this space proposed it.
    pub ours: bool,
    pub asked_paris: chrono::NaiveDateTime,
    pub error: Option<String>,
}

/// The connections of the space `space_id`, the newest first, for staff.
pub(crate) async fn of_space(ctx: &Ctx, space_id: i64) -> Result<Vec<StaffRow>> {
    Ok(sqlx::query_as(
        "select p.slug as peer_slug, c.state, c.asker = $1 as ours,
                c.asked_at at time zone 'Europe/Paris' as asked_paris, c.error
         from space_connections c
         join spaces p on p.id = case when c.asker = $1 then c.asked else c.asker end
         where c.asker = $1 or c.asked = $1
         order by c.asked_at desc, c.id desc",
    )
    .bind(space_id)
    .fetch_all(&ctx.pool)
    .await?)
}

/// Why a proposal, an answer or a disconnection was not made.
#[derive(Debug, thiserror::Error)]
pub enum Refusal {
    /// Only the referent on file proposes, accepts, or tries again.
    #[error("only the referent on file may do this")]
    NotReferent,
    /// The asking space is not in the directory: the other would not know who asks.
    #[error("the space is not listed in the directory")]
    NotListed,
    /// The other space is not listed or not active any more, or the connection is not in a
    /// state this step applies to.
    #[error("no such space or connection")]
    Gone,
    /// The two spaces have a connection already (proposed, declined within a month, or
    /// made).
    #[error("the two spaces have a connection already")]
    Exists,
    #[error(transparent)]
    Backend(#[from] crate::Error),
}

impl From<sqlx::Error> for Refusal {
    fn from(e: sqlx::Error) -> Self {
        Refusal::Backend(e.into())
    }
}

/// The space of `by`, if its person is its referent on file.
async fn referent_space(ctx: &Ctx, by: &Referent) -> std::result::Result<SpaceOnFile, Refusal> {
    let space = SpaceOnFile::active(ctx, by.space_id())
        .await?
        .ok_or(Refusal::Gone)?;
    if !space.is_referent(by.uid()) {
        return Err(Refusal::NotReferent);
    }
    Ok(space)
}

/// Whether the space `id` is active and listed in the directory, with its name there.
async fn listed_name(conn: &mut sqlx::PgConnection, id: i64) -> sqlx::Result<Option<String>> {
    sqlx::query_scalar(
        "select d.name from space_directory d join spaces s on s.id = d.space_id
         where d.space_id = $1 and d.listed and s.state = $2",
    )
    .bind(id)
    .bind(SpaceState::Active)
    .fetch_optional(conn)
    .await
}

/// `by`'s space proposes to connect with the listed space `with`; its referent on file is
/// mailed.
pub async fn ask(ctx: &Ctx, by: &Referent, with: i64) -> std::result::Result<i64, Refusal> {
    let _ = referent_space(ctx, by).await?;
    if with == by.space_id() {
        return Err(Refusal::Gone);
    }
    let mut tx = ctx.pool.begin().await?;
    // The pair's rows are decided one at a time: two proposals crossing each other find
    // one another.
    sqlx::query("select pg_advisory_xact_lock(hashtext('space_connections'), $1::int)")
        .bind(i32::try_from(by.space_id().min(with) % i64::from(i32::MAX)).unwrap_or(0))
        .execute(&mut *tx)
        .await?;
    let Some(our_name) = listed_name(&mut tx, by.space_id()).await? else {
        return Err(Refusal::NotListed);
    };
    if listed_name(&mut tx, with).await?.is_none() {
        return Err(Refusal::Gone);
    }
    let exists: bool = sqlx::query_scalar(
        "select exists (select 1 from space_connections
         where least(asker, asked) = least($1::bigint, $2::bigint)
           and greatest(asker, asked) = greatest($1::bigint, $2::bigint))",
    )
    .bind(by.space_id())
    .bind(with)
    .fetch_one(&mut *tx)
    .await?;
    if exists {
        return Err(Refusal::Exists);
    }
    let id: i64 = sqlx::query_scalar(
        "insert into space_connections (asker, asked, asker_uid) values ($1, $2, $3)
         returning id",
    )
    .bind(by.space_id())
    .bind(with)
    .bind(by.uid())
    .fetch_one(&mut *tx)
    .await?;
    if let Some(other) = SpaceOnFile::load(ctx, with).await? {
        if let Some(to) = other
            .referent_email
            .as_deref()
            .and_then(|e| Email::parse(e).ok())
        {
            let m = asked_mail(ctx, &other, &to, &our_name);
            mail::enqueue(&mut tx, MAIL_ASKED, &m).await?;
        }
    }
    tx.commit().await?;
    tracing::info!(
        space = by.space_id(),
        with,
        connection = id,
        "a connection was proposed"
    );
    Ok(id)
}

/// The referent on file of the space asked accepts (the job connects the two) or declines.
pub async fn answer(
    ctx: &Ctx,
    by: &Referent,
    id: i64,
    accept: bool,
) -> std::result::Result<(), Refusal> {
    if accept {
        referent_space(ctx, by).await?;
    }
    let mut tx = ctx.pool.begin().await?;
    let asker: Option<i64> = sqlx::query_scalar(
        "select asker from space_connections
         where id = $1 and asked = $2 and state = $3 for update",
    )
    .bind(id)
    .bind(by.space_id())
    .bind(ConnectionState::Asked)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(asker) = asker else {
        return Err(Refusal::Gone);
    };
    if accept && listed_name(&mut tx, asker).await?.is_none() {
        return Err(Refusal::Gone);
    }
    let state = if accept {
        ConnectionState::Linking
    } else {
        ConnectionState::Declined
    };
    sqlx::query("update space_connections set state = $2, answered_at = now() where id = $1")
        .bind(id)
        .bind(state)
        .execute(&mut *tx)
        .await?;
    if accept {
        jobs::enqueue(&mut tx, &Connect { connection_id: id }).await?;
    }
    tx.commit().await?;
    tracing::info!(
        space = by.space_id(),
        connection = id,
        accept,
        "a connection was answered"
    );
    Ok(())
}

/// An administrator of either side ends the connection: a proposal not answered yet is
/// withdrawn (by its asker's side), one accepted is undone on both hosts by the job.
pub async fn disconnect(ctx: &Ctx, by: &Referent, id: i64) -> std::result::Result<(), Refusal> {
    let mut tx = ctx.pool.begin().await?;
    let row: Option<(ConnectionState, bool)> = sqlx::query_as(
        "select state, asker = $2 from space_connections
         where id = $1 and (asker = $2 or asked = $2) for update",
    )
    .bind(id)
    .bind(by.space_id())
    .fetch_optional(&mut *tx)
    .await?;
    match row {
        Some((ConnectionState::Asked, true)) => {
            sqlx::query("delete from space_connections where id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        Some((state, _)) if ConnectionState::ON_HOSTS.contains(&state) => {
            sqlx::query("update space_connections set state = $2, error = null where id = $1")
                .bind(id)
                .bind(ConnectionState::Unlinking)
                .execute(&mut *tx)
                .await?;
            jobs::enqueue(&mut tx, &Connect { connection_id: id }).await?;
        }
        _ => return Err(Refusal::Gone),
    }
    tx.commit().await?;
    tracing::info!(
        space = by.space_id(),
        connection = id,
        "a connection was ended"
    );
    Ok(())
}

/// The referent on file of either side tries a connection that failed or was unavailable
/// again (a host that turned its federation app back on).
pub async fn try_again(ctx: &Ctx, by: &Referent, id: i64) -> std::result::Result<(), Refusal> {
    referent_space(ctx, by).await?;
    let mut tx = ctx.pool.begin().await?;
    let done = sqlx::query(
        "update space_connections set state = $3, answered_at = now(), error = null
         where id = $1 and (asker = $2 or asked = $2) and state in ($4, $5)",
    )
    .bind(id)
    .bind(by.space_id())
    .bind(ConnectionState::Linking)
    .bind(ConnectionState::Unavailable)
    .bind(ConnectionState::Failed)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() == 0 {
        return Err(Refusal::Gone);
    }
    jobs::enqueue(&mut tx, &Connect { connection_id: id }).await?;
    tx.commit().await?;
    Ok(())
}

/// Declined proposals once their month is over, and the connections of removed spaces:
/// those made are taken away from the other space's trusted servers by the job, the others
/// are deleted.
async fn purge(ctx: &Ctx) -> sqlx::Result<u64> {
    let declined = sqlx::query(
        "delete from space_connections
         where state = $1 and answered_at < now() - make_interval(days => $2)",
    )
    .bind(ConnectionState::Declined)
    .bind(DECLINED_DAYS)
    .execute(&ctx.pool)
    .await?;
    let mut tx = ctx.pool.begin().await?;
    let on_hosts: Vec<&str> = ConnectionState::ON_HOSTS
        .iter()
        .map(|s| s.as_str())
        .collect();
    let undone: Vec<i64> = sqlx::query_scalar(
        "update space_connections c set state = $1
         from spaces s where s.id in (c.asker, c.asked) and s.state = $2 and c.state = any($3)
         returning c.id",
    )
    .bind(ConnectionState::Unlinking)
    .bind(SpaceState::Deleted)
    .bind(&on_hosts)
    .fetch_all(&mut *tx)
    .await?;
    for id in &undone {
        jobs::enqueue(&mut tx, &Connect { connection_id: *id }).await?;
    }
    let unanswered = sqlx::query(
        "delete from space_connections c using spaces s
         where s.id in (c.asker, c.asked) and s.state = $1 and c.state in ($2, $3)",
    )
    .bind(SpaceState::Deleted)
    .bind(ConnectionState::Asked)
    .bind(ConnectionState::Declined)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(declined.rows_affected() + undone.len() as u64 + unanswered.rows_affected())
}

/// The directory's page of the space at `slug`, where its connections are, as mails link it.
fn directory_url(ctx: &Ctx, slug: &str) -> String {
    format!(
        "{}/espace/{slug}/associations",
        ctx.settings.site.public_url
    )
}

/// The mail to the referent on file of `to_space`: `asker` proposes to connect.
fn asked_mail(ctx: &Ctx, to_space: &SpaceOnFile, to: &Email, asker: &str) -> OutgoingMail {
    let site = &ctx.settings.site;
    let lang = to_space.language();
    let address = site.space_address(&to_space.slug);
    let url = directory_url(ctx, &to_space.slug);
    let layout = Layout {
        lang,
        site_name: &site.name,
        paragraphs: vec![
            tr(
                lang,
                "mail-connection-asked-intro",
                &[("asker", asker), ("space", &address)],
            ),
            tr(lang, "mail-connection-what", &[]),
        ],
        action: Some((tr(lang, "mail-connection-asked-action", &[]), url)),
        after: vec![tr(lang, "mail-connection-asked-after", &[])],
        unsubscribe_url: None,
    };
    layout.mail(
        to.to_string(),
        tr(lang, "mail-connection-asked-subject", &[("asker", asker)]),
    )
}

/// The mail to the referent on file of `space`: it is now connected with `peer`.
fn made_mail(ctx: &Ctx, space: &SpaceOnFile, to: &Email, peer: (&str, &str)) -> OutgoingMail {
    let site = &ctx.settings.site;
    let lang: Lang = space.language();
    let (peer_name, peer_address) = peer;
    let url = directory_url(ctx, &space.slug);
    let layout = Layout {
        lang,
        site_name: &site.name,
        paragraphs: vec![
            tr(
                lang,
                "mail-connection-made-intro",
                &[
                    ("space", &site.space_address(&space.slug)),
                    ("peer", peer_name),
                    ("address", peer_address),
                ],
            ),
            tr(
                lang,
                "mail-connection-made-how",
                &[("address", peer_address)],
            ),
        ],
        action: Some((tr(lang, "mail-connection-made-action", &[]), url)),
        after: vec![tr(lang, "mail-connection-made-after", &[])],
        unsubscribe_url: None,
    };
    layout.mail(
        to.to_string(),
        tr(lang, "mail-connection-made-subject", &[("peer", peer_name)]),
    )
}

/// Connects or disconnects the two spaces of a connection on their hosts.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct Connect {
    pub connection_id: i64,
}

impl Job for Connect {
    const KIND: &'static str = "referents.connect";

    fn dedup_key(&self) -> Option<String> {
        Some(self.connection_id.to_string())
    }
}

/// The hourly sweep of declined proposals and of removed spaces' connections.
#[derive(Clone, Copy, Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct PurgeConnections;

impl Job for PurgeConnections {
    const KIND: &'static str = "referents.connections-purge";
    const QUEUE: &'static str = "sweeps";
}

/// The job that connects and disconnects, and the sweep of what connections leave.
pub(crate) fn register(registry: &mut Registry) {
    registry.sweep(
        std::time::Duration::from_secs(3600),
        PurgeConnections,
        |ctx: Ctx| async move { purge(&ctx).await },
    );
    registry
        .handle(
            Policy {
                max_attempts: 8,
                retry_base_secs: 60,
                one_at_a_time: false,
            },
            run,
        )
        .on_given_up(|ctx: Ctx, job: Connect| async move {
            // Given up while connecting or disconnecting: the page says so and offers to
            // try again (or to disconnect, which is tried afresh).
            sqlx::query(
                "update space_connections set state = $2 where id = $1 and state in ($3, $4)",
            )
            .bind(job.connection_id)
            .bind(ConnectionState::Failed)
            .bind(ConnectionState::Linking)
            .bind(ConnectionState::Unlinking)
            .execute(&ctx.pool)
            .await
            .map(|_| ())
        });
}

#[derive(sqlx::FromRow)]
struct Pair {
    id: i64,
    asker: i64,
    asked: i64,
    state: ConnectionState,
    answered_at: Option<DateTime<Utc>>,
}

async fn run(run: Running, job: Connect) -> Result<(), JobError> {
    let pair: Option<Pair> = sqlx::query_as(
        "select id, asker, asked, state, answered_at from space_connections where id = $1",
    )
    .bind(job.connection_id)
    .fetch_optional(&run.ctx.pool)
    .await?;
    let Some(pair) = pair else {
        let tx = run.fence().await?;
        return run.complete(tx).await;
    };
    let id = job.connection_id;
    let outcome = match pair.state {
        ConnectionState::Linking => link(&run, &pair).await,
        ConnectionState::Unlinking => unlink(&run, &pair).await.map(|()| Linked::Removed),
        _ => Ok(Linked::Nothing),
    };
    let outcome = match outcome {
        Ok(o) => o,
        Err(e) => {
            if let JobError::Retry(why) | JobError::Fatal(why) = &e {
                note(&run.ctx, id, why).await?;
            }
            return Err(e);
        }
    };
    let mut tx = run.fence().await?;
    match outcome {
        Linked::Nothing => {}
        Linked::Removed => {
            sqlx::query("delete from space_connections where id = $1 and state = $2")
                .bind(id)
                .bind(ConnectionState::Unlinking)
                .execute(&mut *tx)
                .await?;
        }
        Linked::NotOffered(ref why) | Linked::TooLong(ref why) => {
            let state = if matches!(outcome, Linked::TooLong(_)) {
                ConnectionState::Failed
            } else {
                ConnectionState::Unavailable
            };
            sqlx::query(
                "update space_connections set state = $2, error = left($3, 500)
                 where id = $1 and state = $4",
            )
            .bind(id)
            .bind(state)
            .bind(why)
            .bind(ConnectionState::Linking)
            .execute(&mut *tx)
            .await?;
        }
        Linked::Pending => {
            drop(tx);
            return Err(JobError::Later {
                secs: LOOK_EVERY_SECS,
                why: "the two spaces are exchanging their keys".into(),
            });
        }
        Linked::Done(pair) => {
            let (a, b) = *pair;
            let made = sqlx::query(
                "update space_connections set state = $2, connected_at = now(), error = null
                 where id = $1 and state = $3",
            )
            .bind(id)
            .bind(ConnectionState::Connected)
            .bind(ConnectionState::Linking)
            .execute(&mut *tx)
            .await?;
            if made.rows_affected() == 1 {
                for (space, peer) in [(&a, &b), (&b, &a)] {
                    let Some(to) = space
                        .0
                        .referent_email
                        .as_deref()
                        .and_then(|e| Email::parse(e).ok())
                    else {
                        continue;
                    };
                    let peer_address = run.ctx.settings.site.space_address(&peer.0.slug);
                    let m = made_mail(&run.ctx, &space.0, &to, (&peer.1, &peer_address));
                    mail::enqueue(&mut tx, MAIL_MADE, &m).await?;
                }
                tracing::info!(connection = id, "two spaces are connected");
            }
        }
    }
    run.complete(tx).await
}

/// Records what the hosts said last, for staff.
async fn note(ctx: &Ctx, id: i64, why: &str) -> sqlx::Result<()> {
    sqlx::query("update space_connections set error = left($2, 500) where id = $1")
        .bind(id)
        .bind(why)
        .execute(&ctx.pool)
        .await
        .map(|_| ())
}

/// A space of the pair, with its name in the directory.
type Side = (SpaceOnFile, String);

/// What a pass of the job came to.
enum Linked {
    /// Nothing to do in this state.
    Nothing,
    /// Both sides trust each other and their keys were exchanged.
    Done(Box<(Side, Side)>),
    /// Both sides trust each other; their keys are not exchanged yet.
    Pending,
    /// A side's Nextcloud has no trusted servers' routes.
    NotOffered(String),
    /// The keys' exchange took too long.
    TooLong(String),
    /// The disconnection is done on both hosts.
    Removed,
}

/// Where `space` answers, as the other side's Nextcloud reaches it.
async fn address(ctx: &Ctx, space: &SpaceOnFile) -> Result<String, JobError> {
    let host = match space.host_id {
        Some(h) => fleet::host_by_id(ctx, h)
            .await
            .map_err(|e| JobError::Retry(e.to_string()))?,
        None => None,
    };
    Ok(space_url(
        ctx,
        host.as_ref().map(|h| h.ocs_url.as_str()),
        &space.slug,
    ))
}

async fn side(run: &Running, id: i64) -> Result<Option<Side>, JobError> {
    let Some(space) = SpaceOnFile::for_job(&run.ctx, id).await? else {
        return Ok(None);
    };
    let name: Option<String> =
        sqlx::query_scalar("select name from space_directory where space_id = $1")
            .bind(id)
            .fetch_optional(&run.ctx.pool)
            .await?;
    Ok(Some((space, name.unwrap_or_default())))
}

/// One pass of the connection: each side trusts the other, then their lists are read
/// after an address-book sync.
async fn link(run: &Running, pair: &Pair) -> Result<Linked, JobError> {
    let ctx = &run.ctx;
    let (Some(a), Some(b)) = (side(run, pair.asker).await?, side(run, pair.asked).await?) else {
        // A space was removed meanwhile: what the other holds is taken away.
        sqlx::query("update space_connections set state = $2 where id = $1 and state = $3")
            .bind(pair.id)
            .bind(ConnectionState::Unlinking)
            .bind(ConnectionState::Linking)
            .execute(&ctx.pool)
            .await?;
        return unlink(run, pair).await.map(|()| Linked::Removed);
    };
    // Each side as this pass reaches it: its host, the portal's OCS client there, and the
    // other side's address; made once, used by the three steps below.
    let mut sides = Vec::with_capacity(2);
    for (space, other) in [(&a.0, &b.0), (&b.0, &a.0)] {
        let access = space.access(ctx).await?;
        let ocs = space.portal_ocs(ctx, &access).await?;
        sides.push((space, access, ocs, address(ctx, other).await?));
    }
    let mut all_ok = true;
    for (space, _, ocs, peer) in &sides {
        run.check_lease().await?;
        let Some(list) = ocs.trusted_servers().await? else {
            return Ok(Linked::NotOffered(format!(
                "{} offers no trusted servers (federation app off, or Nextcloud before 31)",
                space.slug
            )));
        };
        match list.iter().find(|s| same_server(&s.url, peer)) {
            Some(s) => all_ok &= s.status == STATUS_OK,
            None => {
                all_ok = false;
                if ocs.add_trusted_server(peer).await? == Added::NotNextcloud {
                    return Err(JobError::Retry(format!(
                        "{} did not find a Nextcloud at {peer}",
                        space.slug
                    )));
                }
            }
        }
    }
    // A server whose keys were exchanged turns ok at its next address-book sync: run it now
    // on both rather than wait for the daily one, then read both lists again.
    let mut both = all_ok;
    if !all_ok {
        for (space, access, _, _) in &sides {
            access.occ(&space.instance).sync_addressbooks().await?;
        }
        both = true;
        for (_, _, ocs, peer) in &sides {
            let list = ocs.trusted_servers().await?.unwrap_or_default();
            both &= list
                .iter()
                .any(|s| same_server(&s.url, peer) && s.status == STATUS_OK);
        }
    }
    if both {
        return Ok(Linked::Done(Box::new((a, b))));
    }
    let waited = pair
        .answered_at
        .map_or(0, |at| (Utc::now() - at).num_hours());
    if waited >= EXCHANGE_HOURS {
        return Ok(Linked::TooLong(format!(
            "the keys were not exchanged within {EXCHANGE_HOURS} hours"
        )));
    }
    Ok(Linked::Pending)
}

/// Removes each side from the other's trusted servers. A removed space's side is gone
/// with it; its address is still taken away from the other's list.
async fn unlink(run: &Running, pair: &Pair) -> Result<(), JobError> {
    let ctx = &run.ctx;
    for (me, other) in [(pair.asker, pair.asked), (pair.asked, pair.asker)] {
        let Some(space) = SpaceOnFile::for_job(ctx, me).await? else {
            continue;
        };
        let peer = SpaceOnFile::load(ctx, other)
            .await
            .map_err(|e| JobError::Retry(e.to_string()))?;
        let Some(peer) = peer else { continue };
        let peer = address(ctx, &peer).await?;
        run.check_lease().await?;
        let access = space.access(ctx).await?;
        let ocs = space.portal_ocs(ctx, &access).await?;
        let Some(list) = ocs.trusted_servers().await? else {
            continue;
        };
        for s in list.iter().filter(|s| same_server(&s.url, &peer)) {
            ocs.remove_trusted_server(s.id).await?;
        }
    }
    Ok(())
}
