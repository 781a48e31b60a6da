//! The contract suite: the same cases run against the stand-in (playing Nextcloud 35, and
//! 34 where the versions differ) and, when its address and an admin's credentials are in
//! the environment, against a real Nextcloud:
//!
//! ```text
//! NEXTCLOUD_URL=https://cloud.example.org NEXTCLOUD_ADMIN_USER=admin \
//! NEXTCLOUD_ADMIN_PASSWORD=… [NEXTCLOUD_OCC='ssh -T cloud.example.org sudo -u www-data php /var/www/nextcloud/occ {slug}'] \
//! [NEXTCLOUD_CONNECT_TO=192.0.2.7:443] cargo test --release -p nextcloud-sim --test contract
//! ```
//!
//! Cases that need the stand-in's knobs (faults, storage use, its mail folder, its login
//! pages) or `occ` run only where those exist, and the output says which were skipped.
//! The driver under test is the portal's own (`backend::nextcloud`).

// A test binary with its own runner (not `cfg(test)`): a failed unwrap is a failed case.
#![allow(clippy::unwrap_used)]

use std::future::Future;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use backend::nextcloud::oauth::OAuth;
use backend::nextcloud::occ::{Install, Occ};
use backend::nextcloud::ocs::NewUser;
use backend::nextcloud::{Arguments, Auth, CommandTemplate, HostAccess, NcError, Ocs, OcsVersion};
use backend::Secret;
use nextcloud_sim::{Faults, Host, HostConfig, Version};

const SLUG: &str = "asso";
const ADMIN: &str = "portal";
const ADMIN_PASSWORD: &str = "Admin-password-for-the-contract";

struct Target {
    access: HostAccess,
    slug: String,
    admin: String,
    admin_password: Secret,
    major: u32,
    has_occ: bool,
    sim: Option<Sim>,
}

struct Sim {
    host: Host,
    exe: PathBuf,
    dir: PathBuf,
}

impl Target {
    fn ocs(&self) -> Ocs {
        Ocs::new(
            &self.access,
            &self.slug,
            Some(Auth::Basic {
                user: self.admin.clone(),
                password: self.admin_password.clone(),
            }),
        )
        .unwrap()
    }
    fn ocs_as(&self, user: &str, password: &str) -> Ocs {
        Ocs::new(
            &self.access,
            &self.slug,
            Some(Auth::Basic {
                user: user.into(),
                password: Secret::new(password),
            }),
        )
        .unwrap()
    }
    fn occ(&self) -> Occ {
        self.access.occ(&self.slug)
    }
    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.access.base_url(&self.slug))
    }
    fn sim(&self) -> &Sim {
        self.sim.as_ref().expect("a stand-in case")
    }
    /// A raw request, for what the driver never does on purpose (the traps).
    async fn raw(
        &self,
        method: &str,
        path: &str,
        auth: Option<(&str, &str)>,
        headers: &[(&str, &str)],
        form: &[(&str, &str)],
    ) -> Raw {
        let client = self.access.http_client().unwrap();
        let mut r = client.request(method.parse().unwrap(), self.url(path));
        if let Some((u, p)) = auth {
            r = r.basic_auth(u, Some(p));
        }
        for (k, v) in headers {
            r = r.header(*k, *v);
        }
        if !form.is_empty() {
            r = r.form(form);
        }
        let resp = r.send().await.unwrap();
        let status = resp.status().as_u16();
        let headers = resp.headers().clone();
        let body = resp.text().await.unwrap();
        Raw {
            status,
            headers,
            body,
        }
    }
    async fn admin_raw(&self, method: &str, path: &str, form: &[(&str, &str)]) -> Raw {
        let (a, p) = (self.admin.clone(), self.admin_password.expose().to_string());
        self.raw(
            method,
            path,
            Some((&a, &p)),
            &[("OCS-APIRequest", "true")],
            form,
        )
        .await
    }
}

#[derive(Debug)]
struct Raw {
    status: u16,
    headers: reqwest::header::HeaderMap,
    body: String,
}

impl Raw {
    fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|_| panic!("not JSON: {}", self.body))
    }
    fn code(&self) -> u64 {
        self.json()["ocs"]["meta"]["statuscode"]
            .as_u64()
            .unwrap_or(0)
    }
    fn header(&self, k: &str) -> Option<&str> {
        self.headers.get(k).and_then(|v| v.to_str().ok())
    }
}

static N: AtomicUsize = AtomicUsize::new(0);

fn unique(prefix: &str) -> String {
    format!(
        "{prefix}{}{}",
        std::process::id() % 1000,
        N.fetch_add(1, Ordering::SeqCst)
    )
}

fn exe() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_nextcloud-sim"))
}

/// A fresh stand-in host with one installed instance.
async fn sim_target(version: Version) -> Target {
    let dir = std::env::temp_dir().join(format!(
        "ncsim-contract-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    let config = HostConfig {
        name: "nc-test-1".into(),
        domain: "nc.test".into(),
        version,
        default_space: None,
        sites: false,
        apps_not_installed: Vec::new(),
    };
    let host = Host::start(&dir, config, "127.0.0.1:0").await.unwrap();
    let access = HostAccess {
        name: "nc-test-1".into(),
        domain: "nc.test".into(),
        scheme: "http".into(),
        port: Some(host.addr.port()),
        connect_to: Some(host.addr),
        occ: CommandTemplate::direct(&host.occ_template(&exe())).unwrap(),
        host_script: None,
        ocs_version: OcsVersion::V2,
        timeout_secs: 10,
    };
    let t = Target {
        access,
        slug: SLUG.into(),
        admin: ADMIN.into(),
        admin_password: Secret::new(ADMIN_PASSWORD),
        major: version.major(),
        has_occ: true,
        sim: Some(Sim {
            host,
            exe: exe(),
            dir,
        }),
    };
    install(&t.occ(), &t.admin_password).await;
    t
}

async fn install(occ: &Occ, admin_password: &Secret) -> bool {
    occ.install(&Install {
        database: "pgsql",
        database_host: "localhost",
        database_name: "nc_asso",
        database_user: "nc_asso",
        database_password: &Secret::new("db-password"),
        admin_user: ADMIN,
        admin_password,
        data_dir: "/srv/spaces/asso/data",
    })
    .await
    .unwrap()
}

/// A real Nextcloud from the environment, if given.
fn real_target() -> Option<Result<Target, String>> {
    let url = std::env::var("NEXTCLOUD_URL").ok()?;
    let parse = || -> Result<Target, String> {
        let user =
            std::env::var("NEXTCLOUD_ADMIN_USER").map_err(|_| "NEXTCLOUD_ADMIN_USER is not set")?;
        let pass = std::env::var("NEXTCLOUD_ADMIN_PASSWORD")
            .map_err(|_| "NEXTCLOUD_ADMIN_PASSWORD is not set")?;
        let (scheme, rest) = url
            .split_once("://")
            .ok_or("NEXTCLOUD_URL needs a scheme")?;
        let hostport = rest.trim_end_matches('/');
        let (host, port) = match hostport.rsplit_once(':') {
            Some((h, p)) => (h, Some(p.parse::<u16>().map_err(|_| "bad port")?)),
            None => (hostport, None),
        };
        let (slug, domain) = host
            .split_once('.')
            .ok_or("NEXTCLOUD_URL must be a host name like cloud.example.org")?;
        let occ = std::env::var("NEXTCLOUD_OCC").ok();
        // Like curl's --connect-to: reach the server at this address whatever DNS says.
        let connect_to = match std::env::var("NEXTCLOUD_CONNECT_TO") {
            Ok(a) => Some(
                a.parse()
                    .map_err(|_| "NEXTCLOUD_CONNECT_TO must be an address like 192.0.2.7:443")?,
            ),
            Err(_) => None,
        };
        Ok(Target {
            access: HostAccess {
                name: host.into(),
                domain: domain.into(),
                scheme: scheme.into(),
                port,
                connect_to,
                // Quoted for a shell (ssh) unless NEXTCLOUD_OCC_ARGUMENTS=direct (a local occ).
                occ: CommandTemplate::new(
                    occ.as_deref().unwrap_or("false {slug}"),
                    Arguments::from_direct(
                        std::env::var("NEXTCLOUD_OCC_ARGUMENTS").as_deref() == Ok("direct"),
                    ),
                )?,
                host_script: None,
                ocs_version: OcsVersion::V2,
                timeout_secs: 30,
            },
            slug: slug.into(),
            admin: user,
            admin_password: Secret::new(pass),
            major: 0,
            has_occ: occ.is_some(),
            sim: None,
        })
    };
    Some(parse())
}

type Fut = Pin<Box<dyn Future<Output = ()> + Send>>;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Needs {
    /// Any Nextcloud, through HTTP.
    Http,
    /// `occ` as well.
    Occ,
    /// The stand-in's knobs.
    Sim,
}

struct Case {
    name: &'static str,
    needs: Needs,
    /// Also run on the stand-in playing 34.
    on_34: bool,
    run: fn(Arc<Target>) -> Fut,
}

macro_rules! case {
    ($name:ident, $needs:expr, $on34:expr, |$t:ident| $body:block) => {
        Case {
            name: stringify!($name),
            needs: $needs,
            on_34: $on34,
            run: |$t: Arc<Target>| Box::pin(async move $body),
        }
    };
}

// The cases, by family.
mod federation;
mod files;
mod hosts;
mod oauth;
mod occ;
mod ocs;
mod users;

// ---------------------------------------------------------------------------------------
// Every case of every family.

fn cases() -> Vec<Case> {
    let mut all = Vec::new();
    all.extend(ocs::cases());
    all.extend(users::cases());
    all.extend(occ::cases());
    all.extend(hosts::cases());
    all.extend(oauth::cases());
    all.extend(files::cases());
    all.extend(federation::cases());
    all
}

// ---------------------------------------------------------------------------------------
// Helpers for the stand-in's login pages (a person's clicks, done with plain requests).

fn chmod_x(p: &Path) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(p, std::fs::Permissions::from_mode(0o755)).unwrap();
}

fn enc(s: &str) -> String {
    let mut o = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            o.push(b as char);
        } else {
            o.push_str(&format!("%{b:02X}"));
        }
    }
    o
}

fn query_value(url: &str, key: &str) -> Option<String> {
    let q = url.split_once('?')?.1;
    q.split('&')
        .find_map(|kv| kv.strip_prefix(&format!("{key}=")).map(String::from))
}

fn hidden(html: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html
        .find(&marker)
        .map(|i| i + marker.len())
        .unwrap_or_else(|| panic!("no {name} in {html}"));
    html[start..].split('"').next().unwrap().to_string()
}

async fn register_client(t: &Target, redirect: &str) -> (String, Secret) {
    if t.major >= 35 {
        let c = t
            .occ()
            .add_oauth_client("Portail Frama.space", redirect)
            .await
            .unwrap();
        return (c.client_id, c.secret);
    }
    // NC 34: the admin settings' HTTP path (§5.5).
    let r = t
        .admin_raw(
            "POST",
            "/index.php/apps/oauth2/clients",
            &[("name", "Portail Frama.space"), ("redirectUri", redirect)],
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let j = r.json();
    (
        j["clientId"].as_str().unwrap().into(),
        Secret::new(j["clientSecret"].as_str().unwrap()),
    )
}

/// Makes the account `uid` with password `pw`, as the admin.
async fn user_with_password(t: &Target, uid: &str, pw: &str) {
    t.ocs()
        .create_user(&NewUser {
            uid,
            password: Some(&Secret::new(pw)),
            ..NewUser::default()
        })
        .await
        .unwrap();
}

/// Logs a person in through the login page, as a browser would.
async fn web_login(t: &Target, user: &str, password: &str) -> String {
    let client = t.access.http_client().unwrap();
    let r = client.get(t.url("/index.php/login")).send().await.unwrap();
    let cookie = r.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string();
    let page = r.text().await.unwrap();
    let r = client
        .post(t.url("/index.php/login"))
        .header("cookie", &cookie)
        .form(&[
            ("user", user),
            ("password", password),
            ("requesttoken", &hidden(&page, "requesttoken")),
            ("redirect_url", "/index.php/apps/files/"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 303, "login of {user}");
    cookie
}

/// Follows authorize → login → consent → grant, and returns where the person is sent.
async fn browser_grant(t: &Target, authorize_url: &str, user: &str, password: &str) -> String {
    let client = t.access.http_client().unwrap();
    let r = client.get(authorize_url).send().await.unwrap();
    assert_eq!(r.status().as_u16(), 303);
    let cookie = r.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string();
    let flow = r.headers()["location"].to_str().unwrap().to_string();
    let r = client
        .get(t.url(&flow))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap();
    let login = r.headers()["location"].to_str().unwrap().to_string();
    let page = client
        .get(t.url(&login))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let r = client
        .post(t.url("/index.php/login"))
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
    let back_to_flow = r.headers()["location"].to_str().unwrap().to_string();
    let consent = client
        .get(t.url(&back_to_flow))
        .header("cookie", &cookie)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(consent.contains("Grant access"), "{consent}");
    let r = client
        .post(t.url("/index.php/login/flow"))
        .header("cookie", &cookie)
        .form(&[
            ("requesttoken", hidden(&consent, "requesttoken")),
            ("clientIdentifier", hidden(&consent, "clientIdentifier")),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 303);
    r.headers()["location"].to_str().unwrap().to_string()
}

/// The redirect that authorize answers at once (an error sent back to the client).
async fn browser_grant_expect_redirect(t: &Target, authorize_url: &str) -> String {
    let r = t
        .access
        .http_client()
        .unwrap()
        .get(authorize_url)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 303);
    r.headers()["location"].to_str().unwrap().to_string()
}

// ---------------------------------------------------------------------------------------
// The runner: libtest's output lines, so the project's test summary counts them.

fn main() -> std::process::ExitCode {
    let filter: Option<String> = std::env::args().skip(1).find(|a| !a.starts_with('-'));
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let started = Instant::now();
    let (mut passed, mut failed, mut skipped) = (0usize, 0usize, 0usize);
    let mut failures = Vec::new();
    let real = real_target();
    let all = cases();
    let selected: Vec<&Case> = all
        .iter()
        .filter(|c| filter.as_deref().is_none_or(|f| c.name.contains(f)))
        .collect();
    println!("\nrunning {} contract cases", selected.len());
    for case in &selected {
        let mut targets: Vec<&'static str> = vec!["35"];
        if case.on_34 {
            targets.push("34");
        }
        for v in targets {
            let version = if v == "35" {
                Version::V35
            } else {
                Version::V34
            };
            let name = format!("stand-in-{v}::{}", case.name);
            let run = case.run;
            let ok = rt.block_on(async move {
                let t = Arc::new(sim_target(version).await);
                let dir = t.sim().dir.clone();
                let r = tokio::time::timeout(Duration::from_secs(60), tokio::spawn(run(t))).await;
                let ok = matches!(r, Ok(Ok(())));
                if ok {
                    let _ = std::fs::remove_dir_all(dir);
                }
                ok
            });
            report(&name, ok, &mut passed, &mut failed, &mut failures);
        }
        let name = format!("real::{}", case.name);
        match &real {
            None => {
                skipped += 1;
            }
            Some(Err(e)) => {
                println!("test {name} ... FAILED ({e})");
                failed += 1;
            }
            Some(Ok(_)) if case.needs == Needs::Sim => {
                println!("test {name} ... skipped (needs the stand-in's knobs)");
                skipped += 1;
            }
            Some(Ok(t)) if case.needs == Needs::Occ && !t.has_occ => {
                println!("test {name} ... skipped (set NEXTCLOUD_OCC to run occ cases)");
                skipped += 1;
            }
            Some(Ok(_)) => {
                let run = case.run;
                let ok = rt.block_on(async move {
                    let Some(Ok(t)) = real_target() else {
                        return false;
                    };
                    let r = tokio::time::timeout(
                        Duration::from_secs(120),
                        tokio::spawn(run(Arc::new(t))),
                    )
                    .await;
                    matches!(r, Ok(Ok(())))
                });
                report(&name, ok, &mut passed, &mut failed, &mut failures);
            }
        }
    }
    if real.is_none() {
        println!(
            "real Nextcloud: {skipped} cases skipped (set NEXTCLOUD_URL, NEXTCLOUD_ADMIN_USER and NEXTCLOUD_ADMIN_PASSWORD, and NEXTCLOUD_OCC for the occ cases, to run them against a real Nextcloud)"
        );
    }
    if !failures.is_empty() {
        println!("\nfailures:");
        for f in &failures {
            println!("    {f}");
        }
    }
    println!(
        "\ntest result: {}. {passed} passed; {failed} failed; {skipped} ignored; 0 measured; 0 filtered out; finished in {:.2}s\n",
        if failed == 0 { "ok" } else { "FAILED" },
        started.elapsed().as_secs_f64()
    );
    if failed == 0 {
        std::process::ExitCode::SUCCESS
    } else {
        std::process::ExitCode::FAILURE
    }
}

fn report(
    name: &str,
    ok: bool,
    passed: &mut usize,
    failed: &mut usize,
    failures: &mut Vec<String>,
) {
    if ok {
        println!("test {name} ... ok");
        *passed += 1;
    } else {
        println!("test {name} ... FAILED");
        *failed += 1;
        failures.push(name.to_string());
    }
}
