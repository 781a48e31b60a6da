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

// ---------------------------------------------------------------------------------------
// Traps of NEXTCLOUD.md §8, one case each.

fn cases() -> Vec<Case> {
    vec![
        case!(
            status_php_and_capabilities_carry_the_version,
            Needs::Http,
            true,
            |t| {
                let s = t.ocs().status().await.unwrap();
                assert!(s.installed && !s.maintenance);
                assert_eq!(s.version.split('.').count(), 4, "four parts: {}", s.version);
                let caps = t.ocs().capabilities().await.unwrap();
                let v = &caps["version"];
                assert_eq!(v["string"].as_str().unwrap(), s.versionstring);
                if t.major > 0 {
                    assert_eq!(v["major"].as_u64(), Some(t.major as u64));
                }
                for k in [
                    "major",
                    "minor",
                    "micro",
                    "string",
                    "edition",
                    "extendedSupport",
                ] {
                    assert!(v.get(k).is_some(), "version.{k}");
                }
                let raw = t.raw("GET", "/status.php", None, &[], &[]).await;
                assert_eq!(raw.header("access-control-allow-origin"), Some("*"));
                let keys: Vec<String> = raw
                    .body
                    .split('"')
                    .skip(1)
                    .step_by(2)
                    .take(1)
                    .map(String::from)
                    .collect();
                assert_eq!(keys, vec!["installed"], "status.php starts with installed");
            }
        ),
        case!(
            trap1_v1_answers_200_for_errors_and_v2_passes_the_status,
            Needs::Http,
            false,
            |t| {
                let uid = unique("ct-dup-");
                let form = [
                    ("userid", uid.as_str()),
                    ("password", "A-long-enough-password-1"),
                ];
                assert_eq!(
                    t.admin_raw("POST", "/ocs/v2.php/cloud/users?format=json", &form)
                        .await
                        .status,
                    200
                );
                let v1 = t
                    .admin_raw("POST", "/ocs/v1.php/cloud/users?format=json", &form)
                    .await;
                assert_eq!((v1.status, v1.code()), (200, 102));
                assert_eq!(v1.json()["ocs"]["meta"]["status"], "failure");
                let v2 = t
                    .admin_raw("POST", "/ocs/v2.php/cloud/users?format=json", &form)
                    .await;
                assert_eq!((v2.status, v2.code()), (400, 102));
                let missing = t
                    .admin_raw(
                        "GET",
                        "/ocs/v1.php/cloud/users/nobody-here?format=json",
                        &[],
                    )
                    .await;
                assert_eq!((missing.status, missing.code()), (200, 404));
                let missing = t
                    .admin_raw(
                        "GET",
                        "/ocs/v2.php/cloud/users/nobody-here?format=json",
                        &[],
                    )
                    .await;
                assert_eq!((missing.status, missing.code()), (404, 404));
                let ok = t
                    .admin_raw("GET", "/ocs/v1.php/cloud/users?format=json", &[])
                    .await;
                assert_eq!((ok.status, ok.code()), (200, 100));
                t.ocs().delete_user(&uid).await.unwrap();
            }
        ),
        case!(
            trap2_a_missing_ocs_header_is_a_bare_412_even_on_get,
            Needs::Http,
            false,
            |t| {
                let (a, p) = (t.admin.clone(), t.admin_password.expose().to_string());
                for method in ["GET", "POST"] {
                    let r = t
                        .raw(
                            method,
                            "/ocs/v2.php/cloud/users?format=json",
                            Some((&a, &p)),
                            &[],
                            &[],
                        )
                        .await;
                    assert_eq!(r.status, 412, "{method}");
                    assert_eq!(
                        r.json(),
                        serde_json::json!({"message": "CSRF check failed"}),
                        "{method}: no OCS envelope"
                    );
                }
                // The driver always sends the header.
                t.ocs().users("", Some(1), 0).await.unwrap();
            }
        ),
        case!(
            trap3_xml_is_the_default_and_accept_counts_only_whole_tokens,
            Needs::Http,
            false,
            |t| {
                let (a, p) = (t.admin.clone(), t.admin_password.expose().to_string());
                let get = |accept: Option<&'static str>, path: &'static str, pw: String| {
                    let t = t.clone();
                    let a = a.clone();
                    async move {
                        let mut h = vec![("OCS-APIRequest", "true")];
                        if let Some(acc) = accept {
                            h.push(("Accept", acc));
                        }
                        t.raw("GET", path, Some((&a, &pw)), &h, &[]).await
                    }
                };
                let xml = get(None, "/ocs/v2.php/cloud/user", p.clone()).await;
                assert!(
                    xml.body.starts_with(
                        "<?xml version=\"1.0\"?>\n<ocs>\n <meta>\n  <status>ok</status>"
                    ),
                    "{}",
                    xml.body
                );
                assert!(xml.header("content-type").unwrap_or("").contains("xml"));
                assert!(get(
                    Some("application/json"),
                    "/ocs/v2.php/cloud/user",
                    p.clone()
                )
                .await
                .body
                .starts_with("{\"ocs\""));
                let with_charset = get(
                    Some("application/json; charset=utf-8"),
                    "/ocs/v2.php/cloud/user",
                    p.clone(),
                )
                .await;
                assert!(
                    with_charset.body.starts_with("<?xml"),
                    "a parameter spoils the token"
                );
                assert!(get(Some("*/*"), "/ocs/v2.php/cloud/user", p.clone())
                    .await
                    .body
                    .starts_with("<?xml"));
                // Errors raised before routing look only at ?format=.
                let bad = get(
                    Some("application/json"),
                    "/ocs/v2.php/cloud/user",
                    "wrong".into(),
                )
                .await;
                assert_eq!(bad.status, 401);
                assert!(bad.body.starts_with("<?xml"), "{}", bad.body);
                let bad = get(None, "/ocs/v2.php/cloud/user?format=json", "wrong".into()).await;
                assert_eq!(bad.code(), 997);
            }
        ),
        case!(
            trap4_bad_credentials_and_no_credentials_are_two_different_401s,
            Needs::Http,
            false,
            |t| {
                let a = t.admin.clone();
                let bad = t
                    .raw(
                        "GET",
                        "/ocs/v2.php/cloud/user?format=json",
                        Some((&a, "wrong")),
                        &[("OCS-APIRequest", "true")],
                        &[],
                    )
                    .await;
                assert_eq!((bad.status, bad.code()), (401, 997));
                assert_eq!(bad.json()["ocs"]["meta"]["message"], "Unauthorised");
                assert!(bad
                    .header("www-authenticate")
                    .unwrap_or("")
                    .starts_with("Basic realm="));
                let none = t
                    .raw(
                        "GET",
                        "/ocs/v2.php/cloud/user?format=json",
                        None,
                        &[("OCS-APIRequest", "true")],
                        &[],
                    )
                    .await;
                assert_eq!((none.status, none.code()), (401, 997));
                assert_eq!(
                    none.json()["ocs"]["meta"]["message"],
                    "Current user is not logged in"
                );
                assert_eq!(
                    t.ocs_as(&a, "wrong").me().await,
                    Err(NcError::BadCredentials)
                );
                let anonymous = Ocs::new(&t.access, &t.slug, None).unwrap();
                assert_eq!(anonymous.me().await, Err(NcError::NotLoggedIn));
                let bearer = Ocs::new(
                    &t.access,
                    &t.slug,
                    Some(Auth::Bearer(Secret::new("not-a-token"))),
                )
                .unwrap();
                assert_eq!(bearer.me().await, Err(NcError::NotLoggedIn));
            }
        ),
        case!(
            trap5_empty_data_is_a_list_and_numeric_ids_are_numbers,
            Needs::Http,
            false,
            |t| {
                let uid = format!("{}", 900_000 + N.fetch_add(1, Ordering::SeqCst));
                user_with_password(&t, &uid, "A-long-enough-password-2").await;
                let list = t
                    .admin_raw(
                        "GET",
                        &format!("/ocs/v2.php/cloud/users?format=json&search={uid}"),
                        &[],
                    )
                    .await;
                assert_eq!(
                    list.json()["ocs"]["data"]["users"],
                    serde_json::json!([uid.parse::<i64>().unwrap()])
                );
                let v1 = t
                    .admin_raw("GET", "/ocs/v1.php/cloud/users?format=json&limit=1", &[])
                    .await;
                assert_eq!(v1.json()["ocs"]["meta"]["totalitems"], "");
                assert_eq!(v1.json()["ocs"]["meta"]["itemsperpage"], "");
                let details = t
                    .admin_raw(
                        "GET",
                        &format!("/ocs/v2.php/cloud/users/details?format=json&search={uid}"),
                        &[],
                    )
                    .await;
                assert!(
                    details.json()["ocs"]["data"]["users"].is_object(),
                    "details are keyed by uid"
                );
                let none = t
                    .admin_raw(
                        "GET",
                        "/ocs/v2.php/cloud/users/details?format=json&search=zz-nobody-zz",
                        &[],
                    )
                    .await;
                assert!(
                    none.body.contains(r#""data":{"users":[]}"#),
                    "{}",
                    none.body
                );
                let del = t
                    .admin_raw(
                        "DELETE",
                        &format!("/ocs/v2.php/cloud/users/{uid}?format=json"),
                        &[],
                    )
                    .await;
                assert!(del.body.ends_with(r#""data":[]}}"#), "{}", del.body);
                // The driver reads numeric ids back as strings.
                assert!(t.ocs().user(&uid).await.unwrap().is_none());
            }
        ),
        case!(
            trap6_last_login_is_in_milliseconds_and_unlimited_quota_is_minus_3,
            Needs::Sim,
            false,
            |t| {
                let uid = unique("ct-login-");
                let pw = "A-long-enough-password-3";
                user_with_password(&t, &uid, pw).await;
                // Never logged in: no home yet, the short quota form.
                let fresh = t
                    .admin_raw(
                        "GET",
                        &format!("/ocs/v2.php/cloud/users/{uid}?format=json"),
                        &[],
                    )
                    .await
                    .json();
                assert_eq!(
                    fresh["ocs"]["data"]["quota"],
                    serde_json::json!({"quota": "none", "used": 0})
                );
                assert_eq!(fresh["ocs"]["data"]["lastLogin"], 0);
                web_login(&t, &uid, pw).await;
                t.sim().host.set_usage(SLUG, &uid, 123_456).unwrap();
                let d = t
                    .admin_raw(
                        "GET",
                        &format!("/ocs/v2.php/cloud/users/{uid}?format=json"),
                        &[],
                    )
                    .await
                    .json();
                let d = &d["ocs"]["data"];
                let secs = d["lastLoginTimestamp"].as_i64().unwrap();
                assert!(secs > 1_700_000_000);
                assert_eq!(d["lastLogin"].as_i64(), Some(secs * 1000));
                assert_eq!(d["quota"]["quota"], -3);
                assert_eq!(d["quota"]["used"], 123_456);
                assert_eq!(d["enabled"], true, "a bool");
                let u = t.ocs().user(&uid).await.unwrap().unwrap();
                assert_eq!(
                    (u.quota, u.used, u.last_login, u.enabled),
                    (None, 123_456, secs, Some(true))
                );
                t.ocs().edit_user(&uid, "quota", "1 GB").await.unwrap();
                let u = t.ocs().user(&uid).await.unwrap().unwrap();
                assert_eq!(u.quota, Some(1024 * 1024 * 1024));
            }
        ),
        case!(
            trap7_unknown_users_answer_404_101_and_998,
            Needs::Http,
            false,
            |t| {
                let r = t
                    .admin_raw("GET", "/ocs/v2.php/cloud/users/ct-nobody?format=json", &[])
                    .await;
                assert_eq!((r.status, r.code()), (404, 404));
                let r = t
                    .admin_raw(
                        "PUT",
                        "/ocs/v2.php/cloud/users/ct-nobody/enable?format=json",
                        &[],
                    )
                    .await;
                assert_eq!((r.status, r.code()), (400, 101));
                let r = t
                    .admin_raw(
                        "DELETE",
                        "/ocs/v2.php/cloud/users/ct-nobody?format=json",
                        &[],
                    )
                    .await;
                assert_eq!((r.status, r.code()), (404, 998));
                assert_eq!(t.ocs().delete_user("ct-nobody").await, Ok(false));
                assert!(matches!(
                    t.ocs().set_enabled("ct-nobody", false).await,
                    Err(NcError::InvalidArgument(_))
                ));
            }
        ),
        case!(
            trap7_occ_user_delete_of_nobody_exits_0,
            Needs::Occ,
            false,
            |t| {
                let out = t
                    .occ()
                    .run(&["user:delete", "ct-nobody"], &[])
                    .await
                    .unwrap();
                assert_eq!(out.code, 0, "{}", out.stderr);
                assert!(!t.occ().user_exists("ct-nobody").await.unwrap());
            }
        ),
        case!(
            config_list_masks_what_is_sensitive_and_config_import_reads_standard_input,
            Needs::Occ,
            true,
            |t| {
                let occ = t.occ();
                let mut values = serde_json::Map::new();
                values.insert("mail_smtphost".into(), "relay.example".into());
                values.insert("ct_port".into(), 2525.into());
                occ.import_system(&values).await.unwrap();
                let listed = occ.system_config().await.unwrap();
                assert_eq!(
                    listed["mail_smtphost"], "***REMOVED SENSITIVE VALUE***",
                    "masked without --private"
                );
                assert_eq!(listed["passwordsalt"], "***REMOVED SENSITIVE VALUE***");
                assert_eq!(listed["ct_port"], 2525);
                assert_eq!(
                    occ.system_value(&["mail_smtphost"])
                        .await
                        .unwrap()
                        .as_deref(),
                    Some("relay.example")
                );
                let mut gone = serde_json::Map::new();
                gone.insert("ct_port".into(), serde_json::Value::Null);
                occ.import_system(&gone).await.unwrap();
                assert_eq!(occ.system_value(&["ct_port"]).await.unwrap(), None);
                for (input, said) in [
                    ("[]", "The file must contain a valid json array"),
                    ("{\"other\":{}}", "Found invalid entries in root: other"),
                ] {
                    let out = occ
                        .run_with_input(&["config:import"], &[], input)
                        .await
                        .unwrap();
                    assert_eq!(out.code, 1, "{input}");
                    assert!(
                        format!("{}{}", out.stdout, out.stderr).contains(said),
                        "{input}: {out:?}"
                    );
                }
            }
        ),
        case!(
            trap8_the_token_endpoint_answers_400_with_an_error_word,
            Needs::Http,
            false,
            |t| {
                let post = |form: Vec<(&'static str, &'static str)>| {
                    let t = t.clone();
                    async move {
                        t.raw(
                            "POST",
                            "/index.php/apps/oauth2/api/v1/token",
                            None,
                            &[],
                            &form,
                        )
                        .await
                    }
                };
                let r = post(vec![("grant_type", "password")]).await;
                assert_eq!(
                    (r.status, r.json()["error"].as_str()),
                    (400, Some("invalid_grant"))
                );
                let r = post(vec![
                    ("grant_type", "authorization_code"),
                    ("code", "nope"),
                    ("client_id", "x"),
                    ("client_secret", "y"),
                ])
                .await;
                assert_eq!(
                    (r.status, r.json()["error"].as_str()),
                    (400, Some("invalid_request"))
                );
            }
        ),
        case!(
            trap8_oauth_client_errors_codes_refresh_and_redirects,
            Needs::Sim,
            true,
            |t| {
                let redirect = "https://portal.example/auth/nextcloud/callback";
                let (client_id, secret) = register_client(&t, redirect).await;
                let oauth = OAuth::new(&t.access, &t.slug, &client_id, &secret, redirect).unwrap();
                assert!(oauth.client_registered().await.unwrap());
                let stranger =
                    OAuth::new(&t.access, &t.slug, "unknown-client", &secret, redirect).unwrap();
                assert!(!stranger.client_registered().await.unwrap());
                let uid = unique("ct-oauth-");
                let pw = "A-long-enough-password-4";
                t.ocs()
                    .create_user(&NewUser {
                        uid: &uid,
                        password: Some(&Secret::new(pw)),
                        display_name: Some("Odile Auth"),
                        ..NewUser::default()
                    })
                    .await
                    .unwrap();
                // The redirect URI the client asks for is ignored: the registered one is used.
                let auth = oauth.authorize();
                let asked = auth
                    .url
                    .replace(&enc(redirect), &enc("https://evil.example/steal"));
                let back = browser_grant(&t, &asked, &uid, pw).await;
                assert!(back.starts_with(redirect), "{back}");
                assert!(back.contains(&format!("state={}", auth.state)));
                let code = query_value(&back, "code").unwrap();
                assert_eq!(code.len(), 128);
                // A wrong secret: invalid_client, as HTTP 400.
                let wrong = OAuth::new(
                    &t.access,
                    &t.slug,
                    &client_id,
                    &Secret::new("wrong"),
                    redirect,
                )
                .unwrap();
                assert_eq!(
                    wrong.exchange(&code, &auth.verifier).await.unwrap_err(),
                    NcError::OAuth("invalid_client".into())
                );
                let tokens = oauth.exchange(&code, &auth.verifier).await.unwrap();
                assert_eq!(tokens.user_id, uid);
                assert_eq!(tokens.expires_in, Duration::from_secs(3600));
                assert_eq!(tokens.access.expose().len(), 72);
                // A code is single-use.
                assert_eq!(
                    oauth.exchange(&code, &auth.verifier).await.unwrap_err(),
                    NcError::OAuth("invalid_request".into())
                );
                let me = oauth.identity(&tokens.access).await.unwrap();
                assert_eq!(
                    (me.id.as_str(), me.display_name.as_str()),
                    (uid.as_str(), "Odile Auth")
                );
                // A refresh rotates both tokens; the old refresh token is spent, the old access
                // token revoked.
                let next = oauth.refresh(&tokens.refresh).await.unwrap();
                assert_ne!(next.access.expose(), tokens.access.expose());
                assert_eq!(
                    oauth.refresh(&tokens.refresh).await.unwrap_err(),
                    NcError::OAuth("invalid_request".into())
                );
                assert_eq!(
                    oauth.identity(&tokens.access).await.unwrap_err(),
                    NcError::NotLoggedIn
                );
                assert_eq!(oauth.identity(&next.access).await.unwrap().id, uid);
                // A Bearer token needs no OCS-APIRequest header (§1.4).
                let r = t
                    .raw(
                        "GET",
                        "/ocs/v2.php/cloud/user?format=json",
                        None,
                        &[("Authorization", &format!("Bearer {}", next.access.expose()))],
                        &[],
                    )
                    .await;
                assert_eq!(r.status, 200);
            }
        ),
        case!(
            trap8_codes_last_600_s_tokens_3600_s_and_secrets_may_come_in_the_body,
            Needs::Sim,
            false,
            |t| {
                let redirect = "https://portal.example/cb";
                let (client_id, secret) = register_client(&t, redirect).await;
                let oauth = OAuth::new(&t.access, &t.slug, &client_id, &secret, redirect).unwrap();
                let uid = unique("ct-ttl-");
                let pw = "A-long-enough-password-18";
                user_with_password(&t, &uid, pw).await;
                // A code older than 600 s is refused.
                let auth = oauth.authorize();
                let code =
                    query_value(&browser_grant(&t, &auth.url, &uid, pw).await, "code").unwrap();
                t.sim()
                    .host
                    .store
                    .update(SLUG, |i| {
                        i.oauth_grants
                            .iter_mut()
                            .for_each(|g| g.code_created -= 601)
                    })
                    .unwrap();
                assert_eq!(
                    oauth.exchange(&code, &auth.verifier).await.unwrap_err(),
                    NcError::OAuth("invalid_request".into())
                );
                // Client authentication in the body (client_secret_post) works as Basic does.
                let auth = oauth.authorize();
                let code =
                    query_value(&browser_grant(&t, &auth.url, &uid, pw).await, "code").unwrap();
                let form = [
                    ("grant_type", "authorization_code"),
                    ("code", code.as_str()),
                    ("client_id", client_id.as_str()),
                    ("client_secret", secret.expose()),
                    ("code_verifier", auth.verifier.expose()),
                    ("redirect_uri", redirect),
                ];
                let r = t
                    .raw(
                        "POST",
                        "/index.php/apps/oauth2/api/v1/token",
                        None,
                        &[],
                        &form,
                    )
                    .await;
                assert_eq!(r.status, 200, "{}", r.body);
                let j = r.json();
                assert_eq!(
                    (
                        j["token_type"].as_str(),
                        j["expires_in"].as_i64(),
                        j["user_id"].as_str()
                    ),
                    (Some("Bearer"), Some(3600), Some(uid.as_str()))
                );
                let access = Secret::new(j["access_token"].as_str().unwrap());
                assert_eq!(oauth.identity(&access).await.unwrap().id, uid);
                // An access token older than 3600 s no longer logs in.
                t.sim()
                    .host
                    .store
                    .update(SLUG, |i| {
                        i.tokens
                            .iter_mut()
                            .for_each(|tk| tk.expires = tk.expires.map(|e| e - 3601))
                    })
                    .unwrap();
                assert_eq!(
                    oauth.identity(&access).await.unwrap_err(),
                    NcError::NotLoggedIn
                );
            }
        ),
        case!(
            trap8_pkce_is_checked_on_35_and_ignored_on_34,
            Needs::Sim,
            true,
            |t| {
                let redirect = "https://portal.example/cb";
                let (client_id, secret) = register_client(&t, redirect).await;
                let oauth = OAuth::new(&t.access, &t.slug, &client_id, &secret, redirect).unwrap();
                let uid = unique("ct-pkce-");
                let pw = "A-long-enough-password-5";
                user_with_password(&t, &uid, pw).await;
                let auth = oauth.authorize();
                let code =
                    query_value(&browser_grant(&t, &auth.url, &uid, pw).await, "code").unwrap();
                let other_verifier = Secret::new("a".repeat(43));
                let r = oauth.exchange(&code, &other_verifier).await;
                if t.major >= 35 {
                    assert_eq!(r.unwrap_err(), NcError::OAuth("invalid_grant".into()));
                    assert!(oauth.exchange(&code, &auth.verifier).await.is_ok());
                    // A challenge without S256 is refused at the authorize step.
                    let plain = auth
                        .url
                        .replace("code_challenge_method=S256", "code_challenge_method=plain");
                    let back = browser_grant_expect_redirect(&t, &plain).await;
                    assert!(back.contains("error=invalid_request"), "{back}");
                } else {
                    assert!(r.is_ok(), "34 has no PKCE: the verifier is not checked");
                }
            }
        ),
        case!(
            trap8_nothing_is_granted_without_the_consent_click,
            Needs::Sim,
            false,
            |t| {
                let redirect = "https://portal.example/cb";
                let (client_id, secret) = register_client(&t, redirect).await;
                let oauth = OAuth::new(&t.access, &t.slug, &client_id, &secret, redirect).unwrap();
                let auth = oauth.authorize();
                let client = t.access.http_client().unwrap();
                let r = client.get(&auth.url).send().await.unwrap();
                assert_eq!(r.status().as_u16(), 303);
                let location = r.headers()["location"].to_str().unwrap().to_string();
                assert!(location.contains("/login/flow"), "{location}");
                let cookie = r.headers()["set-cookie"]
                    .to_str()
                    .unwrap()
                    .split(';')
                    .next()
                    .unwrap()
                    .to_string();
                // Not logged in: the flow sends the person to the login page, never to the client.
                let r = client
                    .get(t.url(&location))
                    .header("cookie", &cookie)
                    .send()
                    .await
                    .unwrap();
                assert!(r.headers()["location"]
                    .to_str()
                    .unwrap()
                    .contains("/index.php/login?"));
                // A grant POST without the page's request token is refused.
                let r = client
                    .post(t.url("/index.php/login/flow"))
                    .header("cookie", &cookie)
                    .form(&[("clientIdentifier", client_id.as_str())])
                    .send()
                    .await
                    .unwrap();
                assert_eq!(r.status().as_u16(), 200);
                assert!(r.headers().get("location").is_none());
            }
        ),
        case!(
            trap9_a_cookie_keeping_client_must_confirm_its_password_after_30_minutes,
            Needs::Sim,
            false,
            |t| {
                let (a, p) = (t.admin.clone(), t.admin_password.expose().to_string());
                let first = t
                    .admin_raw("GET", "/ocs/v2.php/cloud/user?format=json", &[])
                    .await;
                let cookie = first
                    .header("set-cookie")
                    .expect("a login sets a session cookie")
                    .split(';')
                    .next()
                    .unwrap()
                    .to_string();
                let with_cookie = |uid: String| {
                    let (t, a, p, cookie) = (t.clone(), a.clone(), p.clone(), cookie.clone());
                    async move {
                        let form = [
                            ("userid", uid.as_str()),
                            ("password", "A-long-enough-password-13"),
                        ];
                        let h = [("OCS-APIRequest", "true"), ("Cookie", cookie.as_str())];
                        t.raw(
                            "POST",
                            "/ocs/v2.php/cloud/users?format=json",
                            Some((&a, &p)),
                            &h,
                            &form,
                        )
                        .await
                    }
                };
                assert_eq!(with_cookie(unique("ct-cookie-")).await.status, 200);
                t.sim().host.web.age_sessions(31 * 60);
                let late = with_cookie(unique("ct-cookie-")).await;
                assert_eq!((late.status, late.code()), (403, 403));
                assert_eq!(
                    late.json()["ocs"]["meta"]["message"],
                    "Password confirmation is required"
                );
                // The driver keeps no cookies: each request logs in, which confirms the password.
                let ocs = t.ocs();
                ocs.users("", Some(1), 0).await.unwrap();
                t.sim().host.web.age_sessions(31 * 60);
                let uid = unique("ct-cookie-");
                ocs.create_user(&NewUser {
                    uid: &uid,
                    password: Some(&Secret::new("A-long-enough-password-14")),
                    ..NewUser::default()
                })
                .await
                .unwrap();
            }
        ),
        case!(
            trap10_app_config_answers_nest_data_data,
            Needs::Http,
            false,
            |t| {
                t.ocs()
                    .set_app_value("theming", "slogan", "Un espace à soi")
                    .await
                    .unwrap();
                let raw = t
                .admin_raw("GET", "/ocs/v2.php/apps/provisioning_api/api/v1/config/apps/theming/slogan?format=json", &[])
                .await;
                assert_eq!(
                    raw.json()["ocs"]["data"],
                    serde_json::json!({"data": "Un espace à soi"})
                );
                assert_eq!(
                    t.ocs().app_value("theming", "slogan").await.unwrap(),
                    "Un espace à soi"
                );
                let forbidden = t
                .admin_raw("POST", "/ocs/v2.php/apps/provisioning_api/api/v1/config/apps/files/enabled?format=json", &[("value", "no")])
                .await;
                assert_eq!(forbidden.status, 403);
                assert_eq!(
                    forbidden.json()["ocs"]["data"]["data"]["message"],
                    "The given key can not be set"
                );
            }
        ),
        case!(
            trap11_the_apps_list_is_a_json_list,
            Needs::Http,
            false,
            |t| {
                let r = t
                    .admin_raw(
                        "GET",
                        "/ocs/v2.php/cloud/apps?format=json&filter=enabled",
                        &[],
                    )
                    .await;
                assert!(r.json()["ocs"]["data"]["apps"].is_array(), "{}", r.body);
                let bad = t
                    .admin_raw("GET", "/ocs/v2.php/cloud/apps?format=json&filter=some", &[])
                    .await;
                assert_eq!((bad.status, bad.code()), (400, 101));
                assert!(
                    t.ocs()
                        .apps(Some("enabled"))
                        .await
                        .unwrap()
                        .contains(&"provisioning_api".to_string())
                        || t.major == 0
                );
            }
        ),
        case!(
            sub_admins_manage_the_users_of_their_groups,
            Needs::Http,
            false,
            |t| {
                let ocs = t.ocs();
                let (g, other) = (unique("ct-g-"), unique("ct-h-"));
                ocs.create_group(&g, "Bureau").await.unwrap();
                ocs.create_group(&other, "Autre").await.unwrap();
                let pw = "A-long-enough-password-15";
                let (sa, sb, sc) = (unique("ct-sa-"), unique("ct-sb-"), unique("ct-sc-"));
                for (u, groups) in [
                    (&sa, vec![]),
                    (&sb, vec![g.as_str()]),
                    (&sc, vec![other.as_str()]),
                ] {
                    ocs.create_user(&NewUser {
                        uid: u,
                        password: Some(&Secret::new(pw)),
                        groups: &groups,
                        ..NewUser::default()
                    })
                    .await
                    .unwrap();
                }
                let r = t
                    .admin_raw(
                        "POST",
                        &format!("/ocs/v2.php/cloud/users/{sa}/subadmins?format=json"),
                        &[("groupid", g.as_str())],
                    )
                    .await;
                assert_eq!(r.status, 200, "{}", r.body);
                let as_sa = t.ocs_as(&sa, pw);
                assert_eq!(
                    as_sa.users("", None, 0).await.unwrap(),
                    vec![sb.clone()],
                    "the union of their groups' members"
                );
                let seen = as_sa.user(&sb).await.unwrap().unwrap();
                assert_eq!(seen.enabled, Some(true), "a sub-admin sees `enabled`");
                assert!(
                    as_sa.user(&sc).await.unwrap().is_none(),
                    "another group's user is 998"
                );
                as_sa
                    .edit_user(&sb, "displayname", "Renommé")
                    .await
                    .unwrap();
                assert_eq!(
                    as_sa.edit_user(&sc, "displayname", "x").await,
                    Err(NcError::NotFound)
                );
                let orphan = unique("ct-orphan-");
                let r = as_sa
                    .create_user(&NewUser {
                        uid: &orphan,
                        password: Some(&Secret::new(pw)),
                        ..NewUser::default()
                    })
                    .await;
                assert_eq!(
                    r,
                    Err(NcError::Ocs {
                        code: 106,
                        message: "No group specified (required for subadmins)".into()
                    })
                );
                let r = as_sa
                    .create_user(&NewUser {
                        uid: &orphan,
                        password: Some(&Secret::new(pw)),
                        groups: &[other.as_str()],
                        ..NewUser::default()
                    })
                    .await;
                assert!(matches!(r, Err(NcError::Ocs { code: 105, .. })), "{r:?}");
                as_sa
                    .create_user(&NewUser {
                        uid: &orphan,
                        password: Some(&Secret::new(pw)),
                        groups: &[g.as_str()],
                        ..NewUser::default()
                    })
                    .await
                    .unwrap();
                for u in [&sa, &sb, &sc, &orphan] {
                    ocs.delete_user(u).await.unwrap();
                }
            }
        ),
        case!(
            an_app_password_login_counts_as_a_login_too,
            Needs::Occ,
            true,
            |t| {
                // §8b.5: Session::completeLogin updates the last login for token logins too.
                let uid = unique("ct-token-");
                user_with_password(&t, &uid, "A-long-enough-password-17").await;
                assert_eq!(t.ocs().user(&uid).await.unwrap().unwrap().last_login, 0);
                let token = t.occ().app_password(&uid).await.unwrap();
                t.ocs_as(&uid, token.expose()).me().await.unwrap();
                assert!(t.ocs().user(&uid).await.unwrap().unwrap().last_login > 0);
                t.ocs().delete_user(&uid).await.unwrap();
            }
        ),
        case!(
            a_password_login_counts_as_a_login,
            Needs::Http,
            false,
            |t| {
                let uid = unique("ct-basic-");
                let pw = "A-long-enough-password-16";
                user_with_password(&t, &uid, pw).await;
                assert_eq!(t.ocs().user(&uid).await.unwrap().unwrap().last_login, 0);
                t.ocs_as(&uid, pw).me().await.unwrap();
                let d = t
                    .admin_raw(
                        "GET",
                        &format!("/ocs/v2.php/cloud/users/{uid}?format=json"),
                        &[],
                    )
                    .await
                    .json();
                assert!(d["ocs"]["data"]["lastLogin"].as_i64().unwrap() > 0);
                assert!(d["ocs"]["data"]["firstLoginTimestamp"].as_i64().unwrap() > 0);
                assert!(
                    d["ocs"]["data"]["quota"].get("free").is_some(),
                    "the home exists: the full quota form"
                );
                t.ocs().delete_user(&uid).await.unwrap();
            }
        ),
        case!(
            empty_basic_credentials_are_no_login,
            Needs::Http,
            false,
            |t| {
                let h = [("OCS-APIRequest", "true"), ("Authorization", "Basic Og==")];
                let caps = t
                    .raw(
                        "GET",
                        "/ocs/v2.php/cloud/capabilities?format=json",
                        None,
                        &h,
                        &[],
                    )
                    .await;
                assert_eq!(caps.status, 200, "public capabilities: {}", caps.body);
                assert!(caps.json()["ocs"]["data"]["capabilities"]["theming"]["logo"].is_string());
                let me = t
                    .raw("GET", "/ocs/v2.php/cloud/user?format=json", None, &h, &[])
                    .await;
                assert_eq!(me.status, 401);
                assert_eq!(
                    me.json()["ocs"]["meta"]["message"],
                    "Current user is not logged in"
                );
            }
        ),
        case!(
            editable_fields_wipe_and_preferences,
            Needs::Http,
            false,
            |t| {
                let f = t
                    .admin_raw("GET", "/ocs/v2.php/cloud/user/fields?format=json", &[])
                    .await;
                let fields = f.json()["ocs"]["data"].clone();
                assert!(
                    fields
                        .as_array()
                        .unwrap()
                        .iter()
                        .any(|x| x == "displayname"),
                    "{}",
                    f.body
                );
                let r = t
                    .admin_raw(
                        "POST",
                        "/ocs/v2.php/cloud/users/ct-nobody/wipe?format=json",
                        &[],
                    )
                    .await;
                assert_eq!((r.status, r.code()), (404, 998));
                let uid = unique("ct-wipe-");
                user_with_password(&t, &uid, "A-long-enough-password-17").await;
                let r = t
                    .admin_raw(
                        "POST",
                        &format!("/ocs/v2.php/cloud/users/{uid}/wipe?format=json"),
                        &[],
                    )
                    .await;
                assert_eq!(r.status, 200, "{}", r.body);
                let r = t
                .admin_raw("POST", "/ocs/v2.php/apps/provisioning_api/api/v1/config/users/ct_app/ct_key?format=json", &[("configValue", "v")])
                .await;
                assert_eq!(
                    (r.status, r.code()),
                    (400, 400),
                    "no app validates that key"
                );
                t.ocs().delete_user(&uid).await.unwrap();
            }
        ),
        // -----------------------------------------------------------------------------------
        // Idempotency questions: each answered by Nextcloud, not by the portal's database.
        case!(
            does_the_user_exist_is_asked_of_nextcloud,
            Needs::Http,
            false,
            |t| {
                let uid = unique("ct-exists-");
                assert!(t.ocs().user(&uid).await.unwrap().is_none());
                let new = NewUser {
                    uid: &uid,
                    password: Some(&Secret::new("A-long-enough-password-6")),
                    email: Some("ct@example.org"),
                    display_name: Some("Ct <b>Exists</b>"),
                    ..NewUser::default()
                };
                t.ocs().create_user(&new).await.unwrap();
                assert_eq!(t.ocs().create_user(&new).await, Err(NcError::UserExists));
                let u = t.ocs().user(&uid).await.unwrap().unwrap();
                assert_eq!(
                    (u.display_name.as_str(), u.email.as_deref()),
                    ("Ct <b>Exists</b>", Some("ct@example.org"))
                );
                if t.has_occ {
                    assert!(t.occ().user_exists(&uid).await.unwrap());
                }
                assert!(t.ocs().delete_user(&uid).await.unwrap());
            }
        ),
        case!(
            is_the_app_enabled_is_asked_of_nextcloud,
            Needs::Occ,
            false,
            |t| {
                let occ = t.occ();
                let before = occ.apps().await.unwrap();
                assert!(before.enabled.contains_key("files"));
                assert!(occ
                    .enable_apps(&["calendar", "contacts", "deck"])
                    .await
                    .unwrap());
                assert!(
                    !occ.enable_apps(&["calendar", "contacts", "deck"])
                        .await
                        .unwrap(),
                    "nothing to do twice"
                );
                let enabled = t.ocs().apps(Some("enabled")).await.unwrap();
                assert!(enabled.contains(&"deck".to_string()));
                let out = occ.run(&["app:enable", "no-such-app"], &[]).await.unwrap();
                assert_eq!((out.code, out.stdout.trim()), (1, "no-such-app not found"));
                let out = occ.run(&["app:disable", "deck"], &[]).await.unwrap();
                assert_eq!(out.code, 0);
                let out = occ.run(&["app:disable", "deck"], &[]).await.unwrap();
                assert_eq!(
                    (out.code, out.stdout.trim()),
                    (0, "No such app enabled: deck")
                );
            }
        ),
        case!(
            is_this_client_registered_is_asked_of_nextcloud,
            Needs::Sim,
            true,
            |t| {
                let (client_id, secret) = register_client(&t, "https://portal.example/cb").await;
                let o = OAuth::new(
                    &t.access,
                    &t.slug,
                    &client_id,
                    &secret,
                    "https://portal.example/cb",
                )
                .unwrap();
                assert!(o.client_registered().await.unwrap());
                let none = OAuth::new(
                    &t.access,
                    &t.slug,
                    &"x".repeat(64),
                    &secret,
                    "https://portal.example/cb",
                )
                .unwrap();
                assert!(!none.client_registered().await.unwrap());
            }
        ),
        case!(
            is_the_space_configured_is_asked_of_nextcloud,
            Needs::Occ,
            false,
            |t| {
                let occ = t.occ();
                let domain = format!("{}.{}", t.slug, t.access.domain);
                if occ
                    .system_value(&["trusted_domains", "1"])
                    .await
                    .unwrap()
                    .as_deref()
                    != Some(domain.as_str())
                {
                    occ.set_system_value(&["trusted_domains", "1"], &domain, "string")
                        .await
                        .unwrap();
                }
                assert_eq!(
                    occ.system_value(&["trusted_domains", "1"])
                        .await
                        .unwrap()
                        .as_deref(),
                    Some(domain.as_str())
                );
                assert_eq!(
                    occ.system_value(&["ct_never_set"]).await.unwrap(),
                    None,
                    "a missing key exits 1 with nothing"
                );
                let bad = occ
                    .run(
                        &[
                            "config:system:set",
                            "ct_flag",
                            "--value=maybe",
                            "--type=boolean",
                        ],
                        &[],
                    )
                    .await
                    .unwrap();
                assert_eq!(bad.code, 1);
                assert_eq!(occ.app_value("ct_app", "ct_key").await.unwrap(), None);
                occ.set_app_value("ct_app", "ct_key", "Les Amis")
                    .await
                    .unwrap();
                assert_eq!(
                    occ.app_value("ct_app", "ct_key").await.unwrap().as_deref(),
                    Some("Les Amis")
                );
                assert_eq!(
                    t.ocs().app_value("ct_app", "ct_key").await.unwrap(),
                    "Les Amis",
                    "OCS reads what occ wrote"
                );
            }
        ),
        case!(
            occ_office_suites_trusted_servers_and_notifications,
            Needs::Sim,
            true,
            |t| {
                let occ = t.occ();
                let r = occ
                    .run(&["richdocuments:activate-config"], &[])
                    .await
                    .unwrap();
                assert!(
                    r.stderr
                        .contains("no commands defined in the \"richdocuments\" namespace"),
                    "disabled app: {}",
                    r.stderr
                );
                occ.enable_apps(&["richdocuments", "onlyoffice", "notifications"])
                    .await
                    .unwrap();
                let r = occ
                    .run(&["richdocuments:activate-config"], &[])
                    .await
                    .unwrap();
                assert_eq!(r.code, 1, "no WOPI URL yet");
                occ.set_app_value("richdocuments", "wopi_url", "https://office.example")
                    .await
                    .unwrap();
                let r = occ
                    .ok(&["richdocuments:activate-config"], &[])
                    .await
                    .unwrap();
                assert!(r.stdout.contains("https://office.example"));
                assert_eq!(
                    occ.run(&["onlyoffice:documentserver", "--check"], &[])
                        .await
                        .unwrap()
                        .code,
                    1
                );
                occ.set_app_value(
                    "onlyoffice",
                    "DocumentServerUrl",
                    "https://onlyoffice.example/",
                )
                .await
                .unwrap();
                let r = occ
                    .ok(&["onlyoffice:documentserver", "--check"], &[])
                    .await
                    .unwrap();
                assert!(r.stdout.contains("successfully connected"));
                let r = occ
                    .ok(
                        &[
                            "notification:generate",
                            ADMIN,
                            "Votre espace est prêt",
                            "--output-id-only",
                        ],
                        &[],
                    )
                    .await
                    .unwrap();
                assert!(r.stdout.trim().parse::<u64>().is_ok(), "{}", r.stdout);
                assert_eq!(
                    occ.run(&["notification:generate", "nobody", "x"], &[])
                        .await
                        .unwrap()
                        .code,
                    1
                );
                let r = occ
                    .run(
                        &[
                            "federation:trusted-servers",
                            "--add",
                            "https://autre-asso.nc.test",
                        ],
                        &[],
                    )
                    .await
                    .unwrap();
                if t.major >= 35 {
                    assert_eq!(r.code, 0, "{}", r.stderr);
                    assert!(r.stdout.contains("https://autre-asso.nc.test added"));
                    let again = occ
                        .ok(
                            &[
                                "federation:trusted-servers",
                                "--add",
                                "https://autre-asso.nc.test",
                            ],
                            &[],
                        )
                        .await
                        .unwrap();
                    assert!(again.stdout.contains("already trusted, skipping"));
                    let list = occ
                        .ok(&["federation:trusted-servers", "--list"], &[])
                        .await
                        .unwrap();
                    assert!(list.stdout.contains("https://autre-asso.nc.test"));
                } else {
                    assert_eq!(r.code, 1);
                    assert!(
                        r.stderr
                            .contains("Command \"federation:trusted-servers\" is not defined."),
                        "{}",
                        r.stderr
                    );
                }
            }
        ),
        // -----------------------------------------------------------------------------------
        // occ
        case!(
            occ_status_install_and_unknown_commands,
            Needs::Sim,
            true,
            |t| {
                let occ = t.access.occ("fresh");
                let s = occ.status().await.unwrap();
                assert!(!s.installed);
                let out = occ.run(&["user:list"], &[]).await.unwrap();
                assert_eq!(out.code, 1);
                assert!(out.stderr.contains(
                    "Nextcloud is not installed - only a limited number of commands are available"
                ));
                assert!(out
                    .stderr
                    .contains("There are no commands defined in the \"user\" namespace."));
                // Not installed: OCS answers a bare redirect, status.php says so.
                let r = t
                    .access
                    .http_client()
                    .unwrap()
                    .get(format!(
                        "{}/ocs/v2.php/cloud/users",
                        t.access.base_url("fresh")
                    ))
                    .send()
                    .await
                    .unwrap();
                assert_eq!(r.status().as_u16(), 302);
                let fresh = Ocs::new(&t.access, "fresh", None).unwrap();
                assert!(!fresh.status().await.unwrap().installed);
                assert!(install(&occ, &Secret::new("x-Admin-password-1")).await);
                assert!(
                    !install(&occ, &Secret::new("x-Admin-password-1")).await,
                    "asked first, not run twice"
                );
                let out = occ
                    .run(&["maintenance:install", "--admin-pass=x"], &[])
                    .await
                    .unwrap();
                assert_eq!(out.code, 1);
                assert!(out
                    .stderr
                    .contains("Command \"maintenance:install\" is not defined."));
                let out = occ.run(&["status", "--output=json"], &[]).await.unwrap();
                assert!(
                    out.stdout.starts_with("{\"installed\":true,\"version\":\""),
                    "{}",
                    out.stdout
                );
            }
        ),
        case!(
            maintenance_covers_the_oauth2_endpoints_and_a_refresh_waits_for_its_end,
            Needs::Occ,
            true,
            |t| {
                // §8b.1: the index.php routes answer 503 with the maintenance header too.
                let redirect = "https://portal.example/auth/nextcloud/callback";
                let (client_id, secret) = register_client(&t, redirect).await;
                let oauth = OAuth::new(&t.access, &t.slug, &client_id, &secret, redirect).unwrap();
                let uid = unique("ct-maint-");
                let pw = "A-long-enough-password-19";
                user_with_password(&t, &uid, pw).await;
                let auth = oauth.authorize();
                let back = browser_grant(&t, &auth.url, &uid, pw).await;
                let code = query_value(&back, "code").unwrap();
                let tokens = oauth.exchange(&code, &auth.verifier).await.unwrap();
                let occ = t.occ();
                occ.maintenance(true).await.unwrap();
                let refresh = oauth.refresh(&tokens.refresh).await;
                let probe = oauth.client_registered().await;
                let page = t
                    .raw("GET", "/index.php/apps/oauth2/authorize", None, &[], &[])
                    .await;
                occ.maintenance(false).await.unwrap();
                assert_eq!(
                    (page.status, page.header("x-nextcloud-maintenance-mode")),
                    (503, Some("1"))
                );
                let refused = refresh.unwrap_err();
                assert_eq!(refused, NcError::Maintenance);
                assert!(refused.is_transient(), "a refresh is tried again later");
                assert_eq!(
                    probe.unwrap_err(),
                    NcError::Maintenance,
                    "never \"unknown client\""
                );
                // The refresh token was not spent: once maintenance ends, it works.
                let next = oauth.refresh(&tokens.refresh).await.unwrap();
                assert_eq!(oauth.identity(&next.access).await.unwrap().id, uid);
            }
        ),
        case!(
            occ_app_commands_vanish_in_maintenance_mode,
            Needs::Sim,
            false,
            |t| {
                let occ = t.occ();
                occ.maintenance(true).await.unwrap();
                let r = t
                    .admin_raw("GET", "/ocs/v2.php/cloud/users?format=json", &[])
                    .await;
                assert_eq!(
                    (r.status, r.header("x-nextcloud-maintenance-mode")),
                    (503, Some("1"))
                );
                assert_eq!(r.code(), 503);
                let v1 = t
                    .admin_raw("GET", "/ocs/v1.php/cloud/users?format=json", &[])
                    .await;
                assert_eq!(v1.status, 503, "v1 too");
                assert_eq!(t.ocs().users("", None, 0).await, Err(NcError::Maintenance));
                assert!(
                    t.ocs().status().await.unwrap().maintenance,
                    "status.php answers 200 in maintenance"
                );
                let out = occ
                    .run(&["theming:config", "name", "X"], &[])
                    .await
                    .unwrap();
                assert_eq!(out.code, 1);
                assert!(out
                    .stderr
                    .contains("There are no commands defined in the \"theming\" namespace."));
                let out = occ.run(&["status", "-e"], &[]).await.unwrap();
                assert_eq!(out.code, 1);
                occ.maintenance(false).await.unwrap();
                occ.theming("name", "Les Amis du Quartier").await.unwrap();
                assert!(!t.ocs().status().await.unwrap().maintenance);
                let caps = t.ocs().capabilities().await.unwrap();
                assert_eq!(
                    caps["capabilities"]["theming"]["name"],
                    "Les Amis du Quartier"
                );
            }
        ),
        case!(
            deleting_a_client_revokes_the_tokens_of_every_client_of_its_name,
            Needs::Occ,
            true,
            |t| {
                // §8b.4: ClientService::deleteClient deletes the app tokens by the client's
                // name. Two clients of one name, a token each; one deleted by its id.
                let redirect = "https://portal.example/auth/nextcloud/callback";
                let uid = unique("ct-twins-");
                let pw = "A-long-enough-password-5";
                user_with_password(&t, &uid, pw).await;
                let mut granted = Vec::new();
                for _ in 0..2 {
                    let (client_id, secret) = register_client(&t, redirect).await;
                    let oauth =
                        OAuth::new(&t.access, &t.slug, &client_id, &secret, redirect).unwrap();
                    let auth = oauth.authorize();
                    let back = browser_grant(&t, &auth.url, &uid, pw).await;
                    let code = query_value(&back, "code").unwrap();
                    let tokens = oauth.exchange(&code, &auth.verifier).await.unwrap();
                    assert_eq!(oauth.identity(&tokens.access).await.unwrap().id, uid);
                    granted.push((client_id, oauth, tokens.access));
                }
                let listed = t.ocs().oauth_clients().await.unwrap();
                let first = listed.iter().find(|c| c.client_id == granted[0].0).unwrap();
                t.ocs().delete_oauth_client(first.id).await.unwrap();
                let (_, other, access) = &granted[1];
                assert!(
                    other.client_registered().await.unwrap(),
                    "the other client stays"
                );
                assert_eq!(
                    other.identity(access).await.unwrap_err(),
                    NcError::NotLoggedIn,
                    "but its token went with its namesake's"
                );
            }
        ),
        case!(
            occ_errors_are_on_standard_output_and_exceptions_on_standard_error,
            Needs::Occ,
            true,
            |t| {
                // §8b.2: a command's own <error> line goes through $output->writeln.
                let occ = t.occ();
                let uid = unique("ct-twice-");
                let pw = Secret::new("A-long-enough-password-20");
                occ.add_user(&uid, "Deux Fois", None, &[], &pw)
                    .await
                    .unwrap();
                let again = occ
                    .run(
                        &["user:add", "--password-from-env", "--", &uid],
                        &[("OC_PASS", &pw)],
                    )
                    .await
                    .unwrap();
                assert_eq!(again.code, 1);
                assert!(again.stdout.contains("already exists"), "{}", again.stdout);
                assert!(!again.stderr.contains("already exists"), "{}", again.stderr);
                assert_eq!(
                    occ.add_user(&uid, "Deux Fois", None, &[], &pw).await,
                    Err(NcError::UserExists),
                    "the driver reads both streams"
                );
                // An unknown command is Symfony's exception: standard error.
                let unknown = occ.run(&["nosuchcommand"], &[]).await.unwrap();
                assert_eq!(unknown.code, 1);
                assert!(
                    unknown.stderr.contains("is not defined"),
                    "{}",
                    unknown.stderr
                );
                // What the driver reports of a failure quotes the command's own words.
                let failed = occ
                    .ok(
                        &["user:add", "--password-from-env", "--", &uid],
                        &[("OC_PASS", &pw)],
                    )
                    .await;
                match failed {
                    Err(NcError::Occ { code: 1, stderr }) => {
                        assert!(stderr.contains("already exists"), "{stderr}")
                    }
                    other => panic!("{other:?}"),
                }
                t.ocs().delete_user(&uid).await.unwrap();
            }
        ),
        case!(
            occ_oauth2_add_client_exists_only_on_35,
            Needs::Sim,
            true,
            |t| {
                let r = t
                    .occ()
                    .add_oauth_client("Portail", "https://portal.example/cb")
                    .await;
                if t.major >= 35 {
                    let c = r.unwrap();
                    assert_eq!((c.client_id.len(), c.secret.expose().len()), (64, 64));
                    let bad = t
                        .occ()
                        .run(&["oauth2:add-client", "Portail", "not-a-url"], &[])
                        .await
                        .unwrap();
                    assert_eq!(bad.code, 1);
                    // Its own error, on standard output (§8b.2).
                    assert!(bad
                        .stdout
                        .contains("Your redirect URL needs to be a full URL"));
                    assert!(bad.stderr.trim().is_empty(), "{}", bad.stderr);
                } else {
                    match r {
                        Err(NcError::Occ { code: 1, stderr }) => assert!(
                            stderr.contains(
                                "There are no commands defined in the \"oauth2\" namespace."
                            ),
                            "{stderr}"
                        ),
                        other => panic!("34 has no oauth2:add-client: {other:?}"),
                    }
                }
            }
        ),
        case!(
            occ_secrets_travel_on_standard_input,
            Needs::Sim,
            false,
            |t| {
                // A template whose program records its arguments and its input, then runs occ.
                let dir = t.sim().dir.join("spy");
                std::fs::create_dir_all(&dir).unwrap();
                let script = dir.join("occ-spy");
                std::fs::write(
                &script,
                format!("#!/bin/sh\nprintf '%s\\n' \"$@\" > {d}/argv\ntee {d}/stdin | exec {exe} occ --dir {h} --stdin-env \"$@\"\n",
                    d = dir.display(), exe = t.sim().exe.display(), h = t.sim().dir.display()),
            )
            .unwrap();
                chmod_x(&script);
                let occ = Occ::new(
                    CommandTemplate::direct(&format!("{} {{slug}}", script.display())).unwrap(),
                    "h",
                    SLUG,
                    Duration::from_secs(10),
                );
                let uid = unique("ct-stdin-");
                let password = Secret::new("The-password-nobody-sees-1");
                occ.add_user(
                    &uid,
                    "Sam Stdin",
                    Some("sam@example.org"),
                    &["membres"],
                    &password,
                )
                .await
                .unwrap();
                let argv = std::fs::read_to_string(dir.join("argv")).unwrap();
                assert!(!argv.contains(password.expose()), "{argv}");
                assert!(std::fs::read_to_string(dir.join("stdin"))
                    .unwrap()
                    .contains(password.expose()));
                assert!(
                    t.ocs_as(&uid, password.expose()).me().await.is_ok(),
                    "the password reached Nextcloud"
                );
                assert_eq!(
                    occ.add_user(&uid, "Sam", None, &[], &password).await,
                    Err(NcError::UserExists)
                );
                // An app password for the portal's own account logs in over OCS.
                let token = t.occ().app_password(&uid).await.unwrap();
                assert_eq!(token.expose().len(), 72);
                assert_eq!(t.ocs_as(&uid, token.expose()).me().await.unwrap().id, uid);
                assert!(!format!("{token:?}").contains(token.expose()));
            }
        ),
        case!(
            the_host_wrapper_passes_secrets_from_its_input_to_occ,
            Needs::Sim,
            false,
            |t| {
                // docs/host/framaspace-occ, with a `php` that runs the stand-in's occ for the
                // space named by NEXTCLOUD_CONFIG_DIR, as Nextcloud's occ would.
                let dir = t.sim().dir.join("wrapper");
                std::fs::create_dir_all(&dir).unwrap();
                let php = dir.join("php");
                std::fs::write(
                    &php,
                    format!(
                        "#!/bin/sh\nshift\nslug=$(basename \"$(dirname \"$NEXTCLOUD_CONFIG_DIR\")\")\nexec {} occ --dir {} \"$slug\" \"$@\"\n",
                        t.sim().exe.display(),
                        t.sim().dir.display()
                    ),
                )
                .unwrap();
                chmod_x(&php);
                let wrapper =
                    Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/host/framaspace-occ");
                let template = format!(
                    "env FRAMASPACE_SPACE_USERS=0 FRAMASPACE_PHP={} FRAMASPACE_SPACES_DIR={} {} {{slug}}",
                    php.display(),
                    dir.display(),
                    wrapper.display()
                );
                let occ = Occ::new(
                    CommandTemplate::direct(&template).unwrap(),
                    "h",
                    SLUG,
                    Duration::from_secs(10),
                );
                // The wrapper runs occ only for a space that has its folder on the host.
                let missing = occ.run(&["status"], &[]).await.unwrap();
                assert_eq!(missing.code, 3, "{}", missing.stderr);
                assert!(missing.stderr.contains("no space"), "{}", missing.stderr);
                std::fs::create_dir_all(dir.join(SLUG).join("config")).unwrap();
                let uid = unique("ct-wrapper-");
                let password = Secret::new("Through-the-wrapper-password-1");
                occ.add_user(&uid, "Wanda Wrapper", None, &[], &password)
                    .await
                    .unwrap();
                assert_eq!(
                    t.ocs_as(&uid, password.expose()).me().await.unwrap().id,
                    uid
                );
                let bad = Occ::new(
                    CommandTemplate::direct(&template).unwrap(),
                    "h",
                    "../etc",
                    Duration::from_secs(10),
                );
                assert_eq!(
                    bad.run(&["status"], &[]).await.unwrap().code,
                    2,
                    "the wrapper refuses a path"
                );
            }
        ),
        case!(
            occ_arguments_survive_a_remote_shell,
            Needs::Sim,
            false,
            |t| {
                // A stand-in for ssh: joins its arguments into one shell line, as ssh does.
                let dir = t.sim().dir.join("fake-ssh");
                std::fs::create_dir_all(&dir).unwrap();
                let ssh = dir.join("ssh");
                std::fs::write(&ssh, "#!/bin/sh\nwhile [ \"${1#-}\" != \"$1\" ]; do shift; done\nshift\nexec sh -c \"$*\"\n").unwrap();
                chmod_x(&ssh);
                // autossh and an operator's own wrapper, each handing on to ssh.
                let autossh = dir.join("autossh");
                std::fs::write(
                    &autossh,
                    format!("#!/bin/sh\nshift 2\nexec {} \"$@\"\n", ssh.display()),
                )
                .unwrap();
                chmod_x(&autossh);
                let wrapper = dir.join("to-host");
                std::fs::write(
                    &wrapper,
                    format!("#!/bin/sh\nexec {} -T \"$@\"\n", ssh.display()),
                )
                .unwrap();
                chmod_x(&wrapper);
                let occ_part = format!(
                    "{{host}} {} occ --dir {} --stdin-env {{slug}}",
                    t.sim().exe.display(),
                    t.sim().dir.display()
                );
                // Whatever the program's name, the template's arguments are quoted (the
                // default): nothing says "ssh" where the program is not called ssh.
                let forms = [
                    format!("{} -T {occ_part}", ssh.display()),
                    format!("timeout 60 {} -T {occ_part}", ssh.display()),
                    format!("env {} -T {occ_part}", ssh.display()),
                    format!("{} -M 0 {occ_part}", autossh.display()),
                    format!("{} {occ_part}", wrapper.display()),
                ];
                let canary = t.sim().dir.join("pwned");
                let c = canary.display();
                let names = [
                    format!("Les $(touch {c}) d'à côté"),
                    format!("Les `touch {c}` amis"),
                    format!("A; touch {c}"),
                    format!("A | touch {c}"),
                    format!("\"quoted\" 'twice' && touch {c}"),
                    format!("Two\nlines; touch {c}"),
                ];
                for (f, template) in forms.iter().enumerate() {
                    let occ = Occ::new(
                        CommandTemplate::parse(template).unwrap(),
                        "nc-test-1",
                        SLUG,
                        Duration::from_secs(10),
                    );
                    for (n, name) in names.iter().enumerate() {
                        let uid = unique(&format!("ct-shell-{f}-{n}-"));
                        occ.add_user(
                            &uid,
                            name,
                            None,
                            &[],
                            &Secret::new("A-long-enough-password-7"),
                        )
                        .await
                        .unwrap_or_else(|e| panic!("{template} / {name:?}: {e}"));
                        assert!(!canary.exists(), "{template} ran {name:?}");
                        assert_eq!(
                            t.ocs().user(&uid).await.unwrap().unwrap().display_name,
                            *name,
                            "{template}: the name arrives as typed"
                        );
                    }
                }
                // A template for a local program that takes its arguments as they are.
                let direct = Occ::new(
                    CommandTemplate::new(
                        &format!(
                            "{} occ --dir {} --stdin-env {{slug}}",
                            t.sim().exe.display(),
                            t.sim().dir.display()
                        ),
                        Arguments::Direct,
                    )
                    .unwrap(),
                    "nc-test-1",
                    SLUG,
                    Duration::from_secs(10),
                );
                let uid = unique("ct-direct-");
                direct
                    .add_user(
                        &uid,
                        &names[0],
                        None,
                        &[],
                        &Secret::new("A-long-enough-password-7"),
                    )
                    .await
                    .unwrap();
                assert!(!canary.exists());
                assert_eq!(
                    t.ocs().user(&uid).await.unwrap().unwrap().display_name,
                    names[0]
                );
            }
        ),
        // -----------------------------------------------------------------------------------
        // The stand-in's knobs: faults, mail, usage, restarts.
        case!(
            a_host_down_is_unreachable_and_transient,
            Needs::Sim,
            false,
            |t| {
                t.sim()
                    .host
                    .set_faults(
                        None,
                        &Faults {
                            down: true,
                            ..Faults::default()
                        },
                    )
                    .unwrap();
                let e = t.ocs().status().await.unwrap_err();
                assert!(matches!(e, NcError::Unreachable(_)), "{e:?}");
                assert!(e.is_transient());
                let e = t.occ().status().await.unwrap_err();
                assert!(matches!(e, NcError::Occ { code: 255, .. }), "{e:?}");
                assert!(e.is_transient());
                t.sim().host.set_faults(None, &Faults::default()).unwrap();
                t.sim()
                    .host
                    .set_faults(
                        Some(SLUG),
                        &Faults {
                            error_rate: 1.0,
                            ..Faults::default()
                        },
                    )
                    .unwrap();
                let e = t.ocs().status().await.unwrap_err();
                assert_eq!(
                    e,
                    NcError::Unexpected {
                        status: 500,
                        excerpt: String::new()
                    }
                );
                assert!(e.is_transient());
                t.sim()
                    .host
                    .set_faults(
                        Some(SLUG),
                        &Faults {
                            hang: true,
                            ..Faults::default()
                        },
                    )
                    .unwrap();
                let mut quick = t.access.clone();
                quick.timeout_secs = 1;
                assert_eq!(
                    Ocs::new(&quick, SLUG, None)
                        .unwrap()
                        .status()
                        .await
                        .unwrap_err(),
                    NcError::Timeout
                );
                assert_eq!(
                    quick.occ(SLUG).status().await.unwrap_err(),
                    NcError::Timeout
                );
                // Added latency longer than the caller's patience is a timeout too.
                t.sim()
                    .host
                    .set_faults(
                        None,
                        &Faults {
                            latency_ms: 2500,
                            ..Faults::default()
                        },
                    )
                    .unwrap();
                t.sim()
                    .host
                    .set_faults(Some(SLUG), &Faults::default())
                    .unwrap();
                assert_eq!(
                    Ocs::new(&quick, SLUG, None)
                        .unwrap()
                        .status()
                        .await
                        .unwrap_err(),
                    NcError::Timeout
                );
                assert_eq!(
                    quick.occ(SLUG).status().await.unwrap_err(),
                    NcError::Timeout
                );
                t.sim().host.set_faults(None, &Faults::default()).unwrap();
                assert!(t.ocs().status().await.is_ok());
            }
        ),
        case!(
            an_effect_whose_answer_was_lost_is_found_by_asking,
            Needs::Sim,
            false,
            |t| {
                // The change is saved, then the host pauses before answering; the caller gives
                // up (as a killed worker would). Asking Nextcloud finds the change.
                t.sim()
                    .host
                    .set_faults(
                        Some(SLUG),
                        &Faults {
                            pause_after_effect_ms: 3000,
                            ..Faults::default()
                        },
                    )
                    .unwrap();
                let mut quick = t.access.clone();
                quick.timeout_secs = 1;
                let uid = unique("ct-lost-");
                let pw = Secret::new("A-long-enough-password-8");
                let e = quick
                    .occ(SLUG)
                    .add_user(&uid, "Lost Answer", None, &[], &pw)
                    .await
                    .unwrap_err();
                assert_eq!(e, NcError::Timeout);
                let ocs_quick = Ocs::new(
                    &quick,
                    SLUG,
                    Some(Auth::Basic {
                        user: ADMIN.into(),
                        password: t.admin_password.clone(),
                    }),
                )
                .unwrap();
                let uid2 = unique("ct-lost-");
                let e = ocs_quick
                    .create_user(&NewUser {
                        uid: &uid2,
                        password: Some(&pw),
                        ..NewUser::default()
                    })
                    .await
                    .unwrap_err();
                assert_eq!(e, NcError::Timeout);
                t.sim()
                    .host
                    .set_faults(Some(SLUG), &Faults::default())
                    .unwrap();
                assert!(t.ocs().user(&uid).await.unwrap().is_some());
                assert!(t.ocs().user(&uid2).await.unwrap().is_some());
            }
        ),
        case!(
            welcome_mails_are_written_where_a_test_reads_them,
            Needs::Sim,
            false,
            |t| {
                let uid = unique("ct-mail-");
                t.ocs()
                    .create_user(&NewUser {
                        uid: &uid,
                        email: Some("referente@example.org"),
                        display_name: Some("Rosa Référente"),
                        ..NewUser::default()
                    })
                    .await
                    .unwrap();
                let mails = t.sim().host.mails(SLUG);
                let m = mails
                    .iter()
                    .find(|m| m.to == "referente@example.org")
                    .expect("a welcome mail");
                assert_eq!(m.subject, "Your Nextcloud account was created");
                assert!(
                    m.body.contains("/index.php/lostpassword/reset/form/"),
                    "{}",
                    m.body
                );
                assert!(m.body.contains(&format!("/{uid}\n")));
                assert_eq!(
                    t.ocs()
                        .create_user(&NewUser {
                            uid: "ct-nomail",
                            ..NewUser::default()
                        })
                        .await,
                    Err(NcError::EmailRequired)
                );
                t.ocs().welcome(&uid).await.unwrap();
                assert_eq!(t.sim().host.mails(SLUG).len(), mails.len() + 1);
            }
        ),
        case!(usage_per_user_adds_up_for_a_space, Needs::Sim, false, |t| {
            for (i, bytes) in [(1, 1_000_000i64), (2, 2_500_000)] {
                let uid = format!("ct-usage-{i}");
                let pw = "A-long-enough-password-9";
                user_with_password(&t, &uid, pw).await;
                web_login(&t, &uid, pw).await;
                assert!(t.sim().host.set_usage(SLUG, &uid, bytes).unwrap());
            }
            let page = t.ocs().users_details(100, 0).await.unwrap();
            let total: i64 = page.iter().map(|u| u.used).sum();
            assert_eq!(total, 3_500_000);
            assert_eq!(t.ocs().users_details(1, 1).await.unwrap().len(), 1);
        }),
        case!(state_survives_a_restart, Needs::Sim, false, |t| {
            let uid = unique("ct-restart-");
            user_with_password(&t, &uid, "A-long-enough-password-10").await;
            let dir = t.sim().dir.clone();
            let again = Host::start(
                &dir,
                HostConfig {
                    name: "ignored".into(),
                    domain: "ignored".into(),
                    version: Version::V34,
                    default_space: None,
                    sites: false,
                    apps_not_installed: Vec::new(),
                },
                "127.0.0.1:0",
            )
            .await
            .unwrap();
            assert_eq!(
                again.config.domain, "nc.test",
                "the host keeps its settings"
            );
            let mut access = t.access.clone();
            access.port = Some(again.addr.port());
            access.connect_to = Some(again.addr);
            let ocs = Ocs::new(
                &access,
                SLUG,
                Some(Auth::Basic {
                    user: ADMIN.into(),
                    password: t.admin_password.clone(),
                }),
            )
            .unwrap();
            assert!(ocs.user(&uid).await.unwrap().is_some());
        }),
        case!(hostile_values_stay_text, Needs::Http, false, |t| {
            let uid = unique("ct-hostile-");
            user_with_password(&t, &uid, "A-long-enough-password-11").await;
            for value in [
                "<script>alert(1)</script>",
                "a\r\nX-Injected: 1",
                "\u{202e}gnp.exe",
                &"x".repeat(50_000),
            ] {
                t.ocs().edit_user(&uid, "displayname", value).await.unwrap();
                assert_eq!(
                    t.ocs().user(&uid).await.unwrap().unwrap().display_name,
                    value
                );
            }
            let raw = t
                .admin_raw(
                    "GET",
                    &format!("/ocs/v2.php/cloud/users/{uid}?format=json"),
                    &[],
                )
                .await;
            assert!(!raw.body.contains('<'), "JSON_HEX_TAG");
            let bad = t
                .ocs()
                .create_user(&NewUser {
                    uid: "bad/uid",
                    password: Some(&Secret::new("A-long-enough-password-12")),
                    ..NewUser::default()
                })
                .await;
            assert!(matches!(bad, Err(NcError::InvalidArgument(_))), "{bad:?}");
        }),
        case!(
            the_password_policy_answers_107_with_its_hint,
            Needs::Http,
            false,
            |t| {
                let r = t
                    .ocs()
                    .create_user(&NewUser {
                        uid: &unique("ct-short-"),
                        password: Some(&Secret::new("short")),
                        ..NewUser::default()
                    })
                    .await;
                match r {
                    Err(NcError::PasswordRejected(hint)) => {
                        assert!(hint.contains("characters"), "{hint}")
                    }
                    other => panic!("{other:?}"),
                }
            }
        ),
        case!(
            provisioning_api_codes_for_callers_without_rights,
            Needs::Http,
            true,
            |t| {
                // §8b.6, UsersController::addUser and GroupsController, in their order.
                let (plain, group) = (unique("ct-plain-"), unique("ct-grp-"));
                let password = "Plain-user-password-123";
                let made = t
                    .admin_raw(
                        "POST",
                        "/ocs/v2.php/cloud/users?format=json",
                        &[("userid", plain.as_str()), ("password", password)],
                    )
                    .await;
                assert_eq!(made.status, 200, "{}", made.body);
                let g = t
                    .admin_raw(
                        "POST",
                        "/ocs/v2.php/cloud/groups?format=json",
                        &[("groupid", group.as_str())],
                    )
                    .await;
                assert_eq!(g.status, 200, "{}", g.body);
                let as_plain = |path: &'static str, form: Vec<(&'static str, String)>| {
                    let t = t.clone();
                    let plain = plain.clone();
                    async move {
                        let form: Vec<(&str, &str)> =
                            form.iter().map(|(k, v)| (*k, v.as_str())).collect();
                        t.raw(
                            if form.is_empty() { "GET" } else { "POST" },
                            path,
                            Some((plain.as_str(), password)),
                            &[("OCS-APIRequest", "true")],
                            &form,
                        )
                        .await
                    }
                };
                // Neither admin nor sub-admin: 106 without groups, 105 with one.
                let new = unique("ct-new-");
                let r = as_plain(
                    "/ocs/v1.php/cloud/users?format=json",
                    vec![("userid", new.clone()), ("password", password.into())],
                )
                .await;
                assert_eq!(r.code(), 106, "{}", r.body);
                let r = as_plain(
                    "/ocs/v1.php/cloud/users?format=json",
                    vec![
                        ("userid", new.clone()),
                        ("password", password.into()),
                        ("groups[]", group.clone()),
                    ],
                )
                .await;
                assert_eq!(r.code(), 105, "{}", r.body);
                // A missing sub-admin group: 102 (not 109).
                let r = t
                    .admin_raw(
                        "POST",
                        "/ocs/v1.php/cloud/users?format=json",
                        &[
                            ("userid", new.as_str()),
                            ("password", password),
                            ("subadmin[]", "ct-no-such-group"),
                        ],
                    )
                    .await;
                assert_eq!(r.code(), 102, "{}", r.body);
                // The sub-admins of an unknown user, a missing group: 404.
                let r = t
                    .admin_raw(
                        "GET",
                        "/ocs/v2.php/cloud/users/ct-nobody-here/subadmins?format=json",
                        &[],
                    )
                    .await;
                assert_eq!((r.status, r.code()), (404, 404), "{}", r.body);
                let r = t
                    .admin_raw(
                        "GET",
                        "/ocs/v2.php/cloud/groups/ct-no-such-group?format=json",
                        &[],
                    )
                    .await;
                assert_eq!((r.status, r.code()), (404, 404), "{}", r.body);
                // A group's users' details without rights on it: 997.
                let details = format!("/ocs/v1.php/cloud/groups/{group}/users/details?format=json");
                let r = t
                    .raw(
                        "GET",
                        &details,
                        Some((plain.as_str(), password)),
                        &[("OCS-APIRequest", "true")],
                        &[],
                    )
                    .await;
                assert_eq!(r.code(), 997, "{}", r.body);
                t.ocs().delete_user(&plain).await.unwrap();
                t.admin_raw("DELETE", &format!("/ocs/v2.php/cloud/groups/{group}"), &[])
                    .await;
            }
        ),
        case!(
            user_details_defaults_timezone_language_and_free_space,
            Needs::Http,
            true,
            |t| {
                // §8b.7: `timezone` '' when unset, `language` the system's default when unset.
                let uid = unique("ct-defaults-");
                let made = t
                    .admin_raw(
                        "POST",
                        "/ocs/v2.php/cloud/users?format=json",
                        &[
                            ("userid", uid.as_str()),
                            ("password", "Defaults-password-123"),
                        ],
                    )
                    .await;
                assert_eq!(made.status, 200, "{}", made.body);
                let path = format!("/ocs/v2.php/cloud/users/{uid}?format=json");
                let d = t.admin_raw("GET", &path, &[]).await.json();
                let data = &d["ocs"]["data"];
                assert_eq!(data["timezone"], "", "{data}");
                let system_default = t
                    .occ()
                    .system_value(&["default_language"])
                    .await
                    .ok()
                    .flatten();
                if let Some(lang) = system_default {
                    assert_eq!(data["language"], lang.as_str(), "{data}");
                }
                // Over quota, `free` goes below zero (the stand-in sets the bytes used: a real
                // server would need the files).
                if let Some(sim) = &t.sim {
                    t.admin_raw(
                        "PUT",
                        &format!("/ocs/v2.php/cloud/users/{uid}"),
                        &[("key", "quota"), ("value", "1 KB")],
                    )
                    .await;
                    sim.host.set_usage(&t.slug, &uid, 4096).unwrap();
                    let d = t.admin_raw("GET", &path, &[]).await.json();
                    let q = &d["ocs"]["data"]["quota"];
                    assert_eq!(q["free"], -3072, "{q}");
                }
                t.ocs().delete_user(&uid).await.unwrap();
            }
        ),
        case!(
            config_import_reads_only_the_input_already_there,
            Needs::Occ,
            true,
            |t| {
                // §8b.9: occ reads its standard input without waiting. The same command and
                // input, once with the input at once, once with it three seconds late (after
                // the first line, which the host's wrapper reads for secrets): the late one
                // is read as nothing, and nothing is set.
                let key = unique("ct_import_");
                let json = format!("{{\"apps\":{{\"ct_contract\":{{\"{key}\":\"set\"}}}}}}");
                let template = t.access.occ.behind(&[
                    "sh",
                    "-c",
                    "{ IFS= read -r first; printf '%s\\n' \"$first\"; sleep 3; cat; } | \"$@\"",
                    "late",
                ]);
                let late = Occ::new(template, &t.access.name, &t.slug, Duration::from_secs(30));
                let out = late
                    .run_with_input(&["config:import"], &[], &json)
                    .await
                    .unwrap();
                assert_ne!(out.code, 0, "{out:?}");
                assert_eq!(t.occ().app_value("ct_contract", &key).await.unwrap(), None);
                let out = t
                    .occ()
                    .run_with_input(&["config:import"], &[], &json)
                    .await
                    .unwrap();
                assert_eq!(out.code, 0, "{out:?}");
                assert_eq!(
                    t.occ()
                        .app_value("ct_contract", &key)
                        .await
                        .unwrap()
                        .as_deref(),
                    Some("set")
                );
                t.occ()
                    .ok(&["config:app:delete", "ct_contract", &key], &[])
                    .await
                    .unwrap();
            }
        ),
        case!(
            enabling_an_app_asks_the_login_password_itself,
            Needs::Occ,
            true,
            |t| {
                // §8b.8: strict password confirmation; an app password is refused.
                let token = t.occ().app_password(&t.admin).await.unwrap();
                let enable = "/ocs/v2.php/cloud/apps/weather_status?format=json";
                let headers = [("OCS-APIRequest", "true")];
                let r = t
                    .raw(
                        "POST",
                        enable,
                        Some((t.admin.as_str(), token.expose())),
                        &headers,
                        &[],
                    )
                    .await;
                assert_eq!(r.status, 403, "{}", r.body);
                let r = t.admin_raw("POST", enable, &[]).await;
                assert_eq!(r.status, 200, "{}", r.body);
                if t.major >= 35 {
                    let form = [
                        ("name", "ct-strict"),
                        ("redirectUri", "https://example.org/cb"),
                    ];
                    let r = t
                        .raw(
                            "POST",
                            "/index.php/apps/oauth2/clients",
                            Some((t.admin.as_str(), token.expose())),
                            &headers,
                            &form,
                        )
                        .await;
                    assert_eq!(r.status, 403, "{}", r.body);
                }
            }
        ),
    ]
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
