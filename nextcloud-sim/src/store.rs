//! A host's state on disk, shared by its web side and its `occ` processes, surviving
//! restarts:
//!
//! ```text
//! <dir>/host.json                  the host: name, domain, Nextcloud version
//! <dir>/faults.json                the host's fault knobs
//! <dir>/spaces/<slug>/state.json   one instance (written whole, by rename)
//! <dir>/spaces/<slug>/faults.json  the instance's fault knobs
//! <dir>/spaces/<slug>/mail/*.eml   the mail the instance sent
//! ```
//!
//! Every change takes the instance's lock file, reads the state, changes it and renames a
//! new file over it, so a reader never sees half a file and two writers never lose one
//! another's change.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::model::{Instance, Version};

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct HostConfig {
    pub name: String,
    /// Instances answer at `<slug>.<domain>` (the `Host` header picks the instance).
    pub domain: String,
    pub version: Version,
    /// The instance that answers a `Host` not under `domain` (e.g. `127.0.0.1:8090`), as a
    /// web server's default site: lets a client that only knows an address reach one space.
    #[serde(default)]
    pub default_space: Option<String>,
    /// The portal makes each instance's folder, web-server site and database through the
    /// host's script (`nextcloud-sim host`): a name without a site gets the web server's
    /// 404 and `occ` finds no instance. Off, every name has one, as for a contract run
    /// against one given instance.
    #[serde(default)]
    pub sites: bool,
    /// Offered apps (of the catalogue, not shipped) its operator did not install in the code
    /// tree's read-only `custom_apps`; every other one is there, disabled, in each instance.
    #[serde(default)]
    pub apps_not_installed: Vec<String>,
}

/// Fault knobs, per host and per instance; a knob set on either applies.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Faults {
    /// Added before every answer and every command.
    pub latency_ms: u64,
    /// Share of requests and commands that fail (HTTP 500 with an empty body, as
    /// `status.php` and PHP's fatal errors answer; `occ` exits 1 with a PHP error).
    pub error_rate: f64,
    /// Connections are closed without an answer; `occ` fails as `ssh` does (exit 255).
    pub down: bool,
    /// Requests and commands never answer.
    pub hang: bool,
    /// After a change is saved and before the answer: a caller killed meanwhile never learns
    /// that its change happened.
    pub pause_after_effect_ms: u64,
    /// The office server cannot be reached (or cannot reach the space back): Collabora's
    /// activation fails its discovery and WOPI checks.
    #[serde(default)]
    pub office_down: bool,
}

impl Faults {
    pub fn merge(&self, other: &Faults) -> Faults {
        Faults {
            latency_ms: self.latency_ms + other.latency_ms,
            error_rate: self.error_rate.max(other.error_rate),
            down: self.down || other.down,
            hang: self.hang || other.hang,
            pause_after_effect_ms: self.pause_after_effect_ms.max(other.pause_after_effect_ms),
            office_down: self.office_down || other.office_down,
        }
    }

    pub fn fails_now(&self) -> bool {
        self.error_rate > 0.0 && rand::random::<f64>() < self.error_rate
    }
}

/// A mail an instance sent (welcome mails, password links).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mail {
    pub to: String,
    pub subject: String,
    pub body: String,
}

/// What changed on disk: size, time and inode of `state.json` (a rename gives a new inode).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stamp(u64, i64, i64, u64);

#[derive(Clone, Debug)]
pub struct Store {
    pub dir: PathBuf,
}

/// A space's slug as the stand-in accepts it: what a DNS label allows, so it can never
/// name a path outside the host's folder.
pub fn valid_slug(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 63
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !s.starts_with('-')
        && !s.ends_with('-')
}

/// What the web server does with a name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Site {
    /// Serves this instance.
    Serve(String),
    /// Answers 301 to the same path at this name.
    Redirect(String),
}

impl Store {
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        Self { dir: dir.into() }
    }

    /// Creates the host's folder and `host.json` if missing; an existing host keeps its
    /// settings unless `overwrite`.
    pub fn init(&self, config: &HostConfig, overwrite: bool) -> io::Result<HostConfig> {
        fs::create_dir_all(self.dir.join("spaces"))?;
        let path = self.dir.join("host.json");
        if path.exists() && !overwrite {
            return self.host();
        }
        write_atomic(&path, &to_json(config)?)?;
        Ok(config.clone())
    }

    pub fn host(&self) -> io::Result<HostConfig> {
        from_json(&fs::read(self.dir.join("host.json"))?)
    }

    /// The space's lock, as the host's script and `occ` wrapper hold it
    /// (`$FRAMASPACE_LOCK_DIR/SLUG.lock`): every host action and `maintenance:install`.
    pub fn lock_path(&self, slug: &str) -> PathBuf {
        self.dir.join("locks").join(format!("{slug}.lock"))
    }

    /// Takes the space's lock, making its file as the host script does. `wait`: up to that
    /// long (the script's `flock -w`); `None`: not at all (`flock -n`). `Ok(None)` when
    /// another process holds it. The lock lasts as long as the file returned is open.
    pub fn lock_space(
        &self,
        slug: &str,
        wait: Option<std::time::Duration>,
    ) -> io::Result<Option<File>> {
        let path = self.lock_path(slug);
        fs::create_dir_all(path.parent().unwrap_or(&self.dir))?;
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&path)?;
        Self::hold(file, wait)
    }

    /// Takes the lock of a space whose file the host script made; `Ok(None)` when the file
    /// is missing or busy (the `occ` wrapper's `flock -n` on a file it may only read).
    pub fn try_lock_existing(&self, slug: &str) -> io::Result<Result<File, &'static str>> {
        match File::open(self.lock_path(slug)) {
            Ok(file) => Ok(Self::hold(file, None)?.ok_or("busy")),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(Err("missing")),
            Err(e) => Err(e),
        }
    }

    fn hold(file: File, wait: Option<std::time::Duration>) -> io::Result<Option<File>> {
        let until = std::time::Instant::now() + wait.unwrap_or_default();
        loop {
            match file.try_lock() {
                Ok(()) => return Ok(Some(file)),
                Err(fs::TryLockError::WouldBlock) if std::time::Instant::now() < until => {
                    std::thread::sleep(std::time::Duration::from_millis(20));
                }
                Err(fs::TryLockError::WouldBlock) => return Ok(None),
                Err(fs::TryLockError::Error(e)) => return Err(e),
            }
        }
    }

    pub fn space_dir(&self, slug: &str) -> PathBuf {
        self.dir.join("spaces").join(slug)
    }

    fn name_path(&self, name: &str) -> PathBuf {
        self.dir.join("names").join(name)
    }

    /// What the host's web server does with a request for `name` (the `<name>` of
    /// `<name>.<domain>`): the instance it serves, or the name it redirects to. A name
    /// never given by `framaspace-host SLUG address` serves the instance of that name.
    pub fn resolve(&self, name: &str) -> Site {
        if !valid_slug(name) {
            return Site::Serve(name.to_string());
        }
        let Ok(text) = fs::read_to_string(self.name_path(name)) else {
            return Site::Serve(name.to_string());
        };
        let mut words = text.split_whitespace();
        match (words.next(), words.next()) {
            (Some("serve"), Some(instance)) => Site::Serve(instance.to_string()),
            (Some("redirect"), Some(to)) => Site::Redirect(to.to_string()),
            _ => Site::Serve(name.to_string()),
        }
    }

    /// The web-server sites of `instance`: served at `name`, each of `former` redirected to
    /// it. `false` when it was so already. (As the real host script, it trusts the portal,
    /// which gives a name to one space only.)
    pub fn set_address(&self, instance: &str, name: &str, former: &[String]) -> io::Result<bool> {
        fs::create_dir_all(self.dir.join("names"))?;
        // Names of this instance no longer given (a space given back a name it had).
        let mut changed = self.remove_names_but(instance, name, former)?;
        let mut put = |n: &str, line: String| -> io::Result<()> {
            if fs::read_to_string(self.name_path(n)).ok().as_deref() != Some(line.as_str()) {
                write_atomic(&self.name_path(n), line.as_bytes())?;
                changed = true;
            }
            Ok(())
        };
        put(name, format!("serve {instance}\n"))?;
        for old in former.iter().filter(|o| *o != name) {
            put(old, format!("redirect {name} {instance}\n"))?;
        }
        Ok(changed)
    }

    /// Removes the sites of `instance` (served and redirected names).
    pub fn remove_names(&self, instance: &str) -> io::Result<()> {
        self.remove_names_but(instance, "", &[]).map(drop)
    }

    /// Removes the names of `instance` other than `name` and `former`; whether it removed any.
    fn remove_names_but(&self, instance: &str, name: &str, former: &[String]) -> io::Result<bool> {
        let Ok(entries) = fs::read_dir(self.dir.join("names")) else {
            return Ok(false);
        };
        let mut removed = false;
        for e in entries.flatten() {
            let file = e.file_name().to_string_lossy().into_owned();
            let kept = file == name || former.contains(&file);
            let text = fs::read_to_string(e.path()).unwrap_or_default();
            if !kept && text.split_whitespace().last() == Some(instance) {
                fs::remove_file(e.path())?;
                removed = true;
            }
        }
        Ok(removed)
    }

    fn state_path(&self, slug: &str) -> PathBuf {
        self.space_dir(slug).join("state.json")
    }

    pub fn stamp(&self, slug: &str) -> Option<Stamp> {
        let m = fs::metadata(self.state_path(slug)).ok()?;
        Some(Stamp(m.len(), m.mtime(), m.mtime_nsec(), m.ino()))
    }

    /// The instance as saved, or `None` when no command has touched it yet.
    pub fn load(&self, slug: &str) -> io::Result<Option<Instance>> {
        if !valid_slug(slug) {
            return Ok(None);
        }
        match fs::read(self.state_path(slug)) {
            Ok(b) => from_json(&b).map(Some),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Reads, changes and saves an instance under its lock; an instance never seen starts
    /// empty (not installed), as a space folder whose code is there but not installed.
    pub fn update<R>(&self, slug: &str, f: impl FnOnce(&mut Instance) -> R) -> io::Result<R> {
        self.transact(slug, |i, _| (f(i), true))
    }

    /// Like [`Store::update`], saving only when `f` says it changed something, and writing
    /// the mails `f` sent (numbered in the instance, so none is overwritten).
    pub fn transact<R>(
        &self,
        slug: &str,
        f: impl FnOnce(&mut Instance, &mut Vec<Mail>) -> (R, bool),
    ) -> io::Result<R> {
        if !valid_slug(slug) {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "invalid space name",
            ));
        }
        let dir = self.space_dir(slug);
        fs::create_dir_all(&dir)?;
        let lock = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(dir.join(".lock"))?;
        lock.lock()?;
        let mut inst = self.load(slug)?.unwrap_or_default();
        let mut mails = Vec::new();
        let (r, changed) = f(&mut inst, &mut mails);
        let mut numbered = Vec::new();
        for m in mails {
            inst.mails_sent += 1;
            numbered.push((inst.mails_sent, m));
        }
        if changed || !numbered.is_empty() {
            write_atomic(&self.state_path(slug), &to_json(&inst)?)?;
        }
        for (n, m) in numbered {
            self.write_mail(slug, n, &m)?;
        }
        drop(lock);
        Ok(r)
    }

    /// The pause knob, after a change is saved and before the answer: marks the pause in
    /// `<dir>/spaces/<slug>/paused` (a nonce and `what` paused, e.g. `occ:app:enable`), so
    /// that a test sees the moment to kill the caller, then waits `ms` milliseconds or until
    /// the test releases this very pause ([`Store::release`]). Only the test removes the
    /// mark ([`Store::clear_paused`]).
    pub fn pause(&self, slug: &str, what: &str, ms: u64) {
        let Some(nonce) = self.begin_pause(slug, what) else {
            return;
        };
        let until = std::time::Instant::now() + std::time::Duration::from_millis(ms);
        while std::time::Instant::now() < until && !self.take_release(slug, &nonce) {
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
    }

    /// The web side's [`Store::pause`], without blocking its thread.
    pub async fn pause_async(&self, slug: &str, what: &str, ms: u64) {
        let Some(nonce) = self.begin_pause(slug, what) else {
            return;
        };
        let until = tokio::time::Instant::now() + std::time::Duration::from_millis(ms);
        while tokio::time::Instant::now() < until && !self.take_release(slug, &nonce) {
            tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        }
    }

    fn begin_pause(&self, slug: &str, what: &str) -> Option<String> {
        if !valid_slug(slug) {
            return None;
        }
        let nonce = format!("{:016x}", rand::random::<u64>());
        write_atomic(
            &self.space_dir(slug).join("paused"),
            format!("{nonce} {what}").as_bytes(),
        )
        .ok()?;
        Some(nonce)
    }

    fn take_release(&self, slug: &str, nonce: &str) -> bool {
        let path = self.space_dir(slug).join("release");
        match fs::read_to_string(&path) {
            Ok(n) if n == nonce => fs::remove_file(&path).is_ok(),
            _ => false,
        }
    }

    /// What paused on `slug` and is still marked: `what`, as given to [`Store::pause`].
    pub fn paused(&self, slug: &str) -> Option<String> {
        if !valid_slug(slug) {
            return None;
        }
        let text = fs::read_to_string(self.space_dir(slug).join("paused")).ok()?;
        text.split_once(' ').map(|(_, what)| what.to_string())
    }

    /// Lets the marked pause go on at once, and removes the mark.
    pub fn release(&self, slug: &str) {
        if !valid_slug(slug) {
            return;
        }
        let dir = self.space_dir(slug);
        if let Ok(text) = fs::read_to_string(dir.join("paused")) {
            let nonce = text.split(' ').next().unwrap_or_default().to_string();
            let _ = fs::remove_file(dir.join("paused"));
            let _ = write_atomic(&dir.join("release"), nonce.as_bytes());
        }
    }

    /// Removes the mark of a pause whose caller is gone.
    pub fn clear_paused(&self, slug: &str) {
        if valid_slug(slug) {
            let _ = fs::remove_file(self.space_dir(slug).join("paused"));
        }
    }

    pub fn faults(&self, slug: Option<&str>) -> Faults {
        let host = read_faults(&self.dir.join("faults.json"));
        match slug.filter(|s| valid_slug(s)) {
            Some(s) => host.merge(&read_faults(&self.space_dir(s).join("faults.json"))),
            None => host,
        }
    }

    /// Sets the knobs of the host (`None`) or of one instance.
    pub fn set_faults(&self, slug: Option<&str>, faults: &Faults) -> io::Result<()> {
        let path = match slug {
            Some(s) if valid_slug(s) => {
                fs::create_dir_all(self.space_dir(s))?;
                self.space_dir(s).join("faults.json")
            }
            Some(_) => {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidInput,
                    "invalid space name",
                ))
            }
            None => self.dir.join("faults.json"),
        };
        write_atomic(&path, &to_json(faults)?)
    }

    pub fn write_mail(&self, slug: &str, n: u64, mail: &Mail) -> io::Result<()> {
        let dir = self.space_dir(slug).join("mail");
        fs::create_dir_all(&dir)?;
        let text = format!(
            "To: {}\nSubject: {}\n\n{}",
            mail.to, mail.subject, mail.body
        );
        write_atomic(&dir.join(format!("{n:06}.eml")), text.as_bytes())
    }

    /// The mail an instance sent, oldest first.
    pub fn mails(&self, slug: &str) -> Vec<Mail> {
        let Ok(rd) = fs::read_dir(self.space_dir(slug).join("mail")) else {
            return Vec::new();
        };
        let mut names: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
        names.sort();
        names
            .iter()
            .filter_map(|p| fs::read_to_string(p).ok())
            .filter_map(|t| {
                let (head, body) = t.split_once("\n\n")?;
                let mut to = String::new();
                let mut subject = String::new();
                for l in head.lines() {
                    if let Some(v) = l.strip_prefix("To: ") {
                        to = v.to_string();
                    } else if let Some(v) = l.strip_prefix("Subject: ") {
                        subject = v.to_string();
                    }
                }
                Some(Mail {
                    to,
                    subject,
                    body: body.to_string(),
                })
            })
            .collect()
    }
}

fn read_faults(path: &Path) -> Faults {
    fs::read(path)
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or_default()
}

fn to_json<T: Serialize>(v: &T) -> io::Result<Vec<u8>> {
    serde_json::to_vec_pretty(v).map_err(io::Error::other)
}

fn from_json<T: for<'a> Deserialize<'a>>(b: &[u8]) -> io::Result<T> {
    serde_json::from_slice(b).map_err(io::Error::other)
}

fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let tmp = path.with_extension(format!("tmp{}", std::process::id()));
    {
        let mut f = File::create(&tmp)?;
        f.write_all(bytes)?;
    }
    fs::rename(&tmp, path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_cannot_leave_the_host_folder() {
        assert!(valid_slug("mon-asso"));
        for bad in ["", "..", "a/b", "-a", "a-", "A", "a.b", &"a".repeat(64)] {
            assert!(!valid_slug(bad), "{bad}");
        }
    }
}
