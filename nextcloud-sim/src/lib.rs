//! A stand-in for Nextcloud hosts, for tests, benchmarks and the demo: Nextcloud cannot be
//! installed where the portal is built. It plays one or more *hosts*, each holding many
//! instances chosen by the `Host` header, each host behaving as Nextcloud 34 or 35.
//!
//! It speaks what the portal's driver speaks to real hosts, with the shapes, codes and
//! traps recorded in the project's Nextcloud contract (`NEXTCLOUD.md`; sections are cited
//! beside each handler): `status.php`, the OCS Provisioning API, the OAuth2 app, and the
//! `occ` commands (through this crate's binary, which a host's command template calls).
//! Where Nextcloud's behaviour is not known, the code says so rather than invent.

pub mod host;
pub mod http;
pub mod model;
pub mod network;
pub mod oauth;
pub mod occ;
pub mod ocs;
pub mod params;
pub mod php;
pub mod scram;
pub mod store;
pub mod web;

use std::io;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use model::Version;
pub use store::{Faults, HostConfig, Mail, Store};

/// A host serving on a port, until dropped.
pub struct Host {
    pub addr: SocketAddr,
    pub store: Store,
    pub config: HostConfig,
    pub web: Arc<http::Web>,
    task: tokio::task::JoinHandle<()>,
}

impl Host {
    /// Starts a host on `listen` (e.g. `127.0.0.1:0`) with its state in `dir`. A folder
    /// that already holds a host keeps its instances and its settings.
    pub async fn start(
        dir: impl Into<PathBuf>,
        config: HostConfig,
        listen: &str,
    ) -> io::Result<Host> {
        let store = Store::new(dir);
        let config = store.init(&config, false)?;
        let listener = tokio::net::TcpListener::bind(listen).await?;
        let addr = listener.local_addr()?;
        let web = http::Web::new(store.clone(), config.clone());
        let task = tokio::spawn(web.clone().serve(listener));
        Ok(Host {
            addr,
            store,
            config,
            web,
            task,
        })
    }

    /// The instance's address as a client must use it: its name, on this host's port.
    pub fn base_url(&self, slug: &str) -> String {
        format!("http://{slug}.{}:{}", self.config.domain, self.addr.port())
    }

    /// The command template that runs this host's `occ` through the binary `exe`
    /// (`{slug}` is replaced by the driver).
    pub fn occ_template(&self, exe: &Path) -> String {
        format!(
            "{} occ --dir {} --stdin-env {{slug}}",
            exe.display(),
            self.store.dir.display()
        )
    }

    /// The template of the host's script for a space's site and database, through `exe`.
    pub fn host_script_template(&self, exe: &Path) -> String {
        format!(
            "{} host --dir {} {{slug}}",
            exe.display(),
            self.store.dir.display()
        )
    }

    /// Where its spaces answer, as a fleet records it: `http://{slug}.<domain>:<port>`.
    pub fn ocs_url(&self) -> String {
        format!(
            "http://{{slug}}.{}:{}",
            self.config.domain,
            self.addr.port()
        )
    }

    pub fn set_faults(&self, slug: Option<&str>, faults: &Faults) -> io::Result<()> {
        self.store.set_faults(slug, faults)
    }

    /// Sets the bytes a user's files take (there are no files here).
    pub fn set_usage(&self, slug: &str, uid: &str, bytes: i64) -> io::Result<bool> {
        set_usage(&self.store, slug, uid, bytes)
    }

    pub fn mails(&self, slug: &str) -> Vec<Mail> {
        self.store.mails(slug)
    }

    /// Sets a user's login password, as they do from the link of Nextcloud's welcome mail
    /// (tests log in through the login pages with it). False when there is no such user.
    pub fn set_password(&self, slug: &str, uid: &str, password: &str) -> io::Result<bool> {
        self.store
            .transact(slug, |i, _| match i.users.get_mut(uid) {
                Some(u) => {
                    u.password = Some(model::PasswordHash::new(password));
                    (true, true)
                }
                None => (false, false),
            })
    }
}

/// This crate's binary as the workspace's tests build it (`target/<profile>/nextcloud-sim`),
/// for tests of other crates, which run it through command templates. Panics with the
/// command to build it when it is missing.
pub fn built_binary() -> PathBuf {
    let exe = std::env::current_exe().unwrap_or_default();
    let profile = exe
        .parent()
        .and_then(Path::parent)
        .unwrap_or(Path::new("."));
    let sim = profile.join("nextcloud-sim");
    assert!(
        sim.exists(),
        "{} is missing: build it with `cargo build --release -p nextcloud-sim`",
        sim.display()
    );
    sim
}

impl Drop for Host {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Sets a user's storage use; `false` when there is no such user.
pub fn set_usage(store: &Store, slug: &str, uid: &str, bytes: i64) -> io::Result<bool> {
    store.transact(slug, |i, _| match i.users.get_mut(uid) {
        Some(u) => {
            u.used = bytes.max(0);
            (true, true)
        }
        None => (false, false),
    })
}
