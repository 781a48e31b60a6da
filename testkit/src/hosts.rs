//! A fleet of stand-in hosts for provisioning and health tests and the fleet bench: the
//! hosts, approved spaces on them, the queue drained, and what a provisioned space holds.

use std::path::PathBuf;
use std::sync::Arc;

use backend::accounts::Admin;
use backend::applications::moderation::{self, Decision};
use backend::jobs;
use backend::provisioning::fleet::{self, NewHost};
use backend::provisioning::steps::access::{is_portal_client, OAUTH_CLIENT_NAME};
use backend::provisioning::steps::PORTAL_ADMIN;
use backend::Ctx;
use common::states::{SpaceState, StepOutcome};
use nextcloud_sim::{Faults, Host, HostConfig, Version};
use sqlx::PgPool;

use crate::applicants::{confirmed, moderator, rand_suffix, version};

/// The secret every stand-in host shares with its office server: a test looks for it where
/// it must not be (a step's record, an argument vector).
pub const OFFICE_SECRET: &str = "office-shared-secret";

/// The stand-in's binary, which the hosts' command templates run (`occ`, the host script).
pub fn sim_exe() -> PathBuf {
    nextcloud_sim::built_binary()
}

/// A stand-in host to start and add to the fleet. [`StandIn::new`] gives what most tests
/// want; a caller changes a field where it needs another, e.g.
/// `StandIn { spaces: 1, ..StandIn::new("nc35", Version::V35) }`.
pub struct StandIn {
    /// Its name in the fleet and the stand-in's.
    pub name: String,
    pub version: Version,
    /// Where it keeps its state: emptied when it starts.
    pub dir: PathBuf,
    /// Its spaces answer at `<slug>.<domain>`; its database server and office server are
    /// named after it (`db.<domain>:5432`, `https://office.<domain>`).
    pub domain: String,
    /// The spaces it has room for.
    pub spaces: i32,
}

impl StandIn {
    /// A host in a folder of its own under the system's temporary folder, answering for
    /// `nc.test`, with room for ten spaces.
    pub fn new(name: &str, version: Version) -> Self {
        Self {
            name: name.into(),
            version,
            dir: std::env::temp_dir().join(format!(
                "framaspace-stand-in-{}-{}-{name}",
                std::process::id(),
                rand_suffix()
            )),
            domain: "nc.test".into(),
            spaces: 10,
        }
    }

    /// Starts the host, which makes its spaces' sites (as the portal's hosts do), and adds
    /// it to the fleet as an operator would, with an office server and room for 100 TB.
    pub async fn start(self, ctx: &Ctx) -> Host {
        let _ = std::fs::remove_dir_all(&self.dir);
        let config = HostConfig {
            name: self.name.clone(),
            domain: self.domain.clone(),
            version: self.version,
            default_space: None,
            sites: true,
            apps_not_installed: Vec::new(),
        };
        let h = Host::start(&self.dir, config, "127.0.0.1:0").await.unwrap();
        let exe = sim_exe();
        fleet::add_host(
            ctx,
            &Admin::command_line(),
            &NewHost {
                name: self.name,
                occ_template: h.occ_template(&exe),
                host_script: Some(h.host_script_template(&exe)),
                ocs_url: h.ocs_url(),
                nextcloud_version: self.version.major() as i32,
                database_server: format!("db.{}:5432", self.domain),
                office_url: Some(format!("https://office.{}", self.domain)),
                office_secret: Some(backend::Secret::new(OFFICE_SECRET)),
                capacity_spaces: self.spaces,
                capacity_bytes: fleet::parse_bytes("100 TB").unwrap(),
                max_parallel: 2,
                connect_to: Some(h.addr),
                direct_arguments: true,
            },
        )
        .await
        .unwrap();
        h
    }
}

/// A stand-in host of the tests' usual kind ([`StandIn::new`]), added to the fleet with
/// room for `spaces`.
pub async fn host(ctx: &Ctx, name: &str, version: Version, spaces: i32) -> Host {
    StandIn {
        spaces,
        ..StandIn::new(name, version)
    }
    .start(ctx)
    .await
}

/// Sends, confirms and approves an application whose referent is Élodie Martin; returns
/// the new space's id and slug.
pub async fn approved(ctx: &Ctx, office: &str) -> (i64, String) {
    let camille = moderator(ctx, &format!("camille-{}@staff.example", rand_suffix())).await;
    let (id, _) = confirmed(ctx, |f| {
        f.office = office.into();
        f.referent_name = "Élodie Martin".into();
    })
    .await;
    let v = version(&ctx.pool, id).await;
    moderation::decide(ctx, &camille, id, v, &Decision::Approve)
        .await
        .unwrap();
    sqlx::query_as("select id, slug from spaces where application_id = $1")
        .bind(id)
        .fetch_one(&ctx.pool)
        .await
        .unwrap()
}

/// The host's connections refused, as a host that is down (or back up).
pub fn down(h: &Host, down: bool) {
    h.set_faults(
        None,
        &Faults {
            down,
            ..Faults::default()
        },
    )
    .unwrap();
}

/// Every waiting job due now (a retry's backoff or a wait cut short).
pub async fn due_now(pool: &PgPool) {
    sqlx::query("update jobs set run_at = now()")
        .execute(pool)
        .await
        .unwrap();
}

/// Runs every job due, with every handler, until none is left (see `jobs::drain`).
pub async fn drain(ctx: &Ctx) -> Result<jobs::Drained, jobs::DrainError> {
    let registry = Arc::new(backend::portal::jobs(&ctx.settings));
    jobs::drain(ctx, registry, &[]).await
}

/// The space's state, as stored.
pub async fn state(pool: &PgPool, space: i64) -> SpaceState {
    sqlx::query_scalar("select state from spaces where id = $1")
        .bind(space)
        .fetch_one(pool)
        .await
        .unwrap()
}

/// Puts the space in `to` behind the portal's back, as a crash or staff would have left it.
pub async fn set_state(pool: &PgPool, space: i64, to: SpaceState) {
    sqlx::query("update spaces set state = $2 where id = $1")
        .bind(space)
        .bind(to)
        .execute(pool)
        .await
        .unwrap();
}

/// Each step's outcomes, in order of the runs.
pub async fn steps(pool: &PgPool, space: i64) -> Vec<(String, StepOutcome, String)> {
    sqlx::query_as("select step, outcome, excerpt from space_steps where space_id = $1 order by id")
        .bind(space)
        .fetch_all(pool)
        .await
        .unwrap()
}

/// What must hold of a space provisioned from [`approved`] on a host of [`StandIn::new`]'s
/// domain: one install, one referent account, one app password, one OAuth2 client, the
/// apps (`office_app` among them) and settings of every space, and the welcome mail.
pub fn check_space(h: &Host, slug: &str, office_app: &str) {
    let inst = h.store.load(slug).unwrap().unwrap();
    assert!(inst.site && inst.database && inst.installed, "{slug}");
    let users: Vec<&str> = inst.users.keys().map(String::as_str).collect();
    assert_eq!(users, ["elodie.martin", PORTAL_ADMIN], "{slug}");
    let referent = &inst.users["elodie.martin"];
    assert!(referent.email.as_deref().unwrap().ends_with("@example.org"));
    assert!(inst.groups["admin"].members.contains("elodie.martin"));
    let app_passwords = inst
        .tokens
        .iter()
        .filter(|t| t.uid == PORTAL_ADMIN && t.name == "cli")
        .count();
    assert_eq!(app_passwords, 1, "{slug}: one app password");
    let clients: Vec<&str> = inst.oauth_clients.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(clients.len(), 1, "{slug}: one OAuth2 client: {clients:?}");
    assert!(is_portal_client(clients[0]), "{clients:?}");
    assert!(
        clients[0].starts_with(&format!("{OAUTH_CLIENT_NAME} ")),
        "a name of its own: {clients:?}"
    );
    for app in [
        "calendar",
        "contacts",
        "photos",
        "deck",
        "collectives",
        "spreed",
        "forms",
        "tables",
        "polls",
        office_app,
    ] {
        assert!(inst.app_enabled(app), "{slug}: {app} enabled");
    }
    assert!(!inst.app_enabled("registration"));
    assert!(!inst.app_enabled("updatenotification"));
    let sys = |k: &str| inst.system.get(k).cloned().unwrap_or_default();
    assert!(sys("trusted_domains")
        .as_array()
        .unwrap()
        .iter()
        .any(|d| d == &format!("{slug}.nc.test")));
    assert_eq!(
        sys("overwrite.cli.url"),
        format!("http://{slug}.nc.test:{}", h.addr.port()).as_str()
    );
    assert_eq!(sys("default_language"), "fr");
    assert_eq!(sys("mail_smtpmode"), "smtp");
    assert_eq!(inst.app_value("core", "backgroundjobs_mode"), Some("cron"));
    assert_eq!(inst.app_value("theming", "name"), Some("Les Amis du Vélo"));
    assert_eq!(inst.app_value("files", "default_quota"), Some("819 MB"));
    // Nextcloud's own welcome mail with the link to set a password.
    let mails = h.mails(slug);
    assert!(
        mails.iter().any(|m| m.to.ends_with("@example.org")),
        "{mails:?}"
    );
}

/// A person's browser on a space's Nextcloud: `authorize_url` followed through the login
/// page (as `user` with `password`) and the consent page ("Grant access"). Returns where
/// Nextcloud sends them back: the client's redirect URI with `state` and `code`.
pub async fn log_in_and_grant(
    access: &backend::nextcloud::HostAccess,
    slug: &str,
    authorize_url: &str,
    user: &str,
    password: &str,
) -> String {
    let client = access.http_client().unwrap();
    let base = access.base_url(slug);
    let url = |path: &str| format!("{base}{path}");
    let r = client.get(authorize_url).send().await.unwrap();
    assert_eq!(
        r.status().as_u16(),
        303,
        "the authorize page sends to the login flow"
    );
    let cookie = r.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string();
    let location = |r: &reqwest::Response| r.headers()["location"].to_str().unwrap().to_string();
    let flow = location(&r);
    let r = client
        .get(url(&flow))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    let login = location(&r);
    let page = client
        .get(url(&login))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let r = client
        .post(url("/index.php/login"))
        .header("cookie", &cookie)
        .form(&[
            ("user", user),
            ("password", password),
            ("requesttoken", &hidden(&page, "requesttoken")),
            ("redirect_url", &hidden(&page, "redirect_url")),
        ])
        .send()
        .await
        .unwrap();
    let back_to_flow = location(&r);
    let consent = client
        .get(url(&back_to_flow))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(consent.contains("Grant access"), "{consent}");
    let r = client
        .post(url("/index.php/login/flow"))
        .header("cookie", &cookie)
        .form(&[
            ("requesttoken", hidden(&consent, "requesttoken")),
            ("clientIdentifier", hidden(&consent, "clientIdentifier")),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 303);
    location(&r)
}

/// The value of the hidden input `name` of a page.
fn hidden(html: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html
        .find(&marker)
        .map(|i| i + marker.len())
        .unwrap_or_else(|| panic!("no {name} in {html}"));
    html[start..].split('"').next().unwrap().to_string()
}
