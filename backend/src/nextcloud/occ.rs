//! `occ`, run through a host's command template (NEXTCLOUD.md §6).
//!
//! The template is an argument vector written by the operator, e.g.
//! `ssh -T {host} sudo /usr/local/bin/framaspace-occ {slug}`; the command's
//! arguments are appended. Nothing goes through a local shell. Whether the arguments then
//! reach a shell is said by the host, never guessed from the program's name (`ssh`,
//! `timeout 60 ssh`, `env ssh`, `autossh`, a wrapper of the operator's all hand them to
//! the remote side's shell): by default ([`Arguments::Shell`]) every argument the driver
//! adds is quoted for a POSIX shell, so a display name like `$(reboot)` stays text; only a
//! program that receives its arguments as they are ([`Arguments::Direct`], a stand-in or
//! a local `occ`) gets them unquoted.
//!
//! Secrets (`NC_PASS`/`OC_PASS`) travel on standard input as `NAME=value` lines ended by an
//! empty line, never on the command line nor in environment variables that `ssh` and
//! `sudo` drop; the wrapper on the host reads them (see the README). The one exception is
//! `maintenance:install`, whose passwords Nextcloud only takes as options: provisioning gives
//! it single-use ones and puts the sealed ones in place right after (`provisioning::steps`).

use std::collections::BTreeMap;
use std::process::Stdio;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use serde::Deserialize;
use tokio::io::AsyncWriteExt;

use super::NcError;
use crate::Secret;

/// How a template's program receives the arguments the driver appends.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Arguments {
    /// They reach a shell (ssh and anything that calls it): each is quoted. The default.
    #[default]
    Shell,
    /// The program gets them as they are, no shell between: never quoted.
    Direct,
}

impl Arguments {
    /// `direct` or `shell` (what the hosts table and the command line say).
    pub fn from_direct(direct: bool) -> Self {
        if direct {
            Arguments::Direct
        } else {
            Arguments::Shell
        }
    }
}

/// A host's way of running `occ` for one space.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CommandTemplate {
    parts: Vec<String>,
    arguments: Arguments,
}

impl CommandTemplate {
    /// Splits on spaces; single or double quotes group words. `{host}` and `{slug}` are
    /// replaced in each word (a template without `{slug}` serves a host of one instance).
    /// The arguments it gets are quoted for a shell ([`Arguments::Shell`]).
    pub fn parse(s: &str) -> Result<CommandTemplate, String> {
        Self::new(s, Arguments::Shell)
    }

    /// A template whose arguments are passed as `arguments` says.
    pub fn new(s: &str, arguments: Arguments) -> Result<CommandTemplate, String> {
        let parts = common::hosts::split_words(s)
            .ok_or("the command template is empty or has an unclosed quote")?;
        Ok(CommandTemplate { parts, arguments })
    }

    /// A template for a program that takes its arguments as they are (no shell between).
    pub fn direct(s: &str) -> Result<CommandTemplate, String> {
        Self::new(s, Arguments::Direct)
    }

    pub fn arguments(&self) -> Arguments {
        self.arguments
    }

    /// This template run by a local program first: `words` come before it, the arguments
    /// are passed as before (a test feeds a host's occ through `sh -c`).
    pub fn behind(&self, words: &[&str]) -> CommandTemplate {
        let mut parts: Vec<String> = words.iter().map(|w| w.to_string()).collect();
        parts.extend(self.parts.iter().cloned());
        CommandTemplate {
            parts,
            arguments: self.arguments,
        }
    }

    /// The argument vector for `args` on one space.
    pub fn argv(&self, host: &str, slug: &str, args: &[&str]) -> Vec<String> {
        let q = |s: &str| match self.arguments {
            Arguments::Shell => shell_quote(s),
            Arguments::Direct => s.to_string(),
        };
        let mut v: Vec<String> = self
            .parts
            .iter()
            .map(|p| p.replace("{host}", host).replace("{slug}", &q(slug)))
            .collect();
        v.extend(args.iter().map(|a| q(a)));
        v
    }
}

impl<'de> Deserialize<'de> for CommandTemplate {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        CommandTemplate::parse(&s).map_err(serde::de::Error::custom)
    }
}

/// One argument as a POSIX shell reads it back unchanged.
pub fn shell_quote(s: &str) -> String {
    if !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_./:=@,+".contains(&b))
    {
        return s.to_string();
    }
    format!("'{}'", s.replace('\'', "'\\''"))
}

/// What a command printed and how it ended. Its `Debug` shows no output: some commands
/// print secrets (app passwords, OAuth2 client secrets), read only by the typed helpers.
pub struct OccOutput {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl std::fmt::Debug for OccOutput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "OccOutput {{ code: {}, stdout: {} bytes, stderr: {} bytes }}",
            self.code,
            self.stdout.len(),
            self.stderr.len()
        )
    }
}

/// `occ` for one space of one host.
#[derive(Clone, Debug)]
pub struct Occ {
    template: CommandTemplate,
    host: String,
    slug: String,
    timeout: Duration,
    /// Counted in [`Occ::started`]: `occ` itself, not the host script this runner also
    /// serves ([`super::HostScript`], a shell script that boots no PHP).
    counted: bool,
}

/// `status --output=json`.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct Status {
    pub installed: bool,
    #[serde(default)]
    pub maintenance: bool,
    pub version: String,
    pub versionstring: String,
}

/// The apps of a space, id → version (`app:list --output=json`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Apps {
    pub enabled: BTreeMap<String, String>,
    pub disabled: BTreeMap<String, String>,
}

/// The options of `maintenance:install` that a provisioner chooses.
#[derive(Debug)]
pub struct Install<'a> {
    pub database: &'a str,
    pub database_host: &'a str,
    pub database_name: &'a str,
    pub database_user: &'a str,
    pub database_password: &'a Secret,
    pub admin_user: &'a str,
    pub admin_password: &'a Secret,
    pub data_dir: &'a str,
}

/// A new OAuth2 client: the secret is shown once.
#[derive(Debug)]
pub struct OAuthClient {
    pub id: i64,
    pub client_id: String,
    pub secret: Secret,
}

impl OAuthClient {
    /// The five keys both ways of making a client answer (§5.5).
    pub fn from_json(text: &str) -> Result<OAuthClient, NcError> {
        let bad = |why: &str| NcError::Unexpected {
            status: 0,
            excerpt: why.into(),
        };
        let v: serde_json::Value =
            serde_json::from_str(text).map_err(|_| bad("the new OAuth2 client is not JSON"))?;
        let s = |k: &str| v.get(k).and_then(|x| x.as_str()).map(str::to_string);
        match (
            v.get("id").and_then(|x| x.as_i64()),
            s("clientId"),
            s("clientSecret"),
        ) {
            (Some(id), Some(client_id), Some(secret)) => Ok(OAuthClient {
                id,
                client_id,
                secret: Secret::new(secret),
            }),
            _ => Err(bad("the answer holds no OAuth2 client")),
        }
    }
}

impl OccOutput {
    /// Standard output as JSON (`--output=json`), or the unexpected text it held.
    pub fn json<T: serde::de::DeserializeOwned>(&self) -> Result<T, NcError> {
        serde_json::from_str(self.stdout.trim()).map_err(|_| NcError::Unexpected {
            status: 0,
            excerpt: tail(&self.stdout),
        })
    }

    /// What the command said on both streams: `occ` prints its own `<error>` lines on
    /// standard output, and only uncaught exceptions (and the wrapper's words) on standard
    /// error (§8b.2).
    pub fn said(&self) -> String {
        [self.stdout.trim(), self.stderr.trim()]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// Whether either stream holds `text`.
    pub fn says(&self, text: &str) -> bool {
        self.stdout.contains(text) || self.stderr.contains(text)
    }

    /// This output as a failure: its code and the end of what it said.
    fn failure(&self) -> NcError {
        NcError::Occ {
            code: self.code,
            stderr: tail(&self.said()),
        }
    }
}

/// The output of a command that exited 0, or its failure.
pub(super) fn exited_0(out: OccOutput) -> Result<OccOutput, NcError> {
    if out.code == 0 {
        return Ok(out);
    }
    Err(out.failure())
}

pub(super) fn tail(s: &str) -> String {
    let t = s.trim();
    let start = t.len().saturating_sub(500);
    let start = (start..=t.len())
        .find(|i| t.is_char_boundary(*i))
        .unwrap_or(t.len());
    t[start..].to_string()
}

/// See [`Occ::started`].
static STARTED: AtomicU64 = AtomicU64::new(0);

impl Occ {
    pub fn new(template: CommandTemplate, host: &str, slug: &str, timeout: Duration) -> Occ {
        Occ {
            template,
            host: host.to_string(),
            slug: slug.to_string(),
            timeout,
            counted: true,
        }
    }

    /// The same runner for another program than `occ` (the host script): not counted in
    /// [`Occ::started`].
    pub fn uncounted(self) -> Occ {
        Occ {
            counted: false,
            ..self
        }
    }

    /// The same `occ` with another timeout (a long command: `maintenance:install`).
    pub fn with_timeout(&self, timeout: Duration) -> Occ {
        Occ {
            timeout,
            ..self.clone()
        }
    }

    /// `occ` commands this process started. Each one boots PHP on a real host, so `make bench`
    /// reports them per space and `/metrics` shows them.
    pub fn started() -> u64 {
        STARTED.load(Ordering::Relaxed)
    }

    /// Runs `occ ARGS…`, secrets on standard input; any exit code is an answer.
    pub async fn run(
        &self,
        args: &[&str],
        secrets: &[(&str, &Secret)],
    ) -> Result<OccOutput, NcError> {
        self.run_with_input(args, secrets, "").await
    }

    /// [`Occ::run`] with `input` on standard input after the secrets' block (the host's
    /// wrapper reads the block and leaves the rest to occ).
    pub async fn run_with_input(
        &self,
        args: &[&str],
        secrets: &[(&str, &Secret)],
        input: &str,
    ) -> Result<OccOutput, NcError> {
        let argv = self.template.argv(&self.host, &self.slug, args);
        let mut cmd = tokio::process::Command::new(&argv[0]);
        cmd.args(&argv[1..])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true);
        let mut child = cmd
            .spawn()
            .map_err(|e| NcError::Spawn(format!("{}: {e}", argv[0])))?;
        if self.counted {
            STARTED.fetch_add(1, Ordering::Relaxed);
        }
        if let Some(mut stdin) = child.stdin.take() {
            let mut text = String::new();
            for (name, value) in secrets {
                text.push_str(name);
                text.push('=');
                text.push_str(value.expose());
                text.push('\n');
            }
            text.push('\n');
            text.push_str(input);
            // A command that exits without reading its input closes the pipe: not an error.
            let _ = stdin.write_all(text.as_bytes()).await;
        }
        let out = tokio::time::timeout(self.timeout, child.wait_with_output())
            .await
            .map_err(|_| NcError::Timeout)?
            .map_err(|e| NcError::Spawn(e.to_string()))?;
        Ok(OccOutput {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        })
    }

    /// Runs and requires exit 0 (the error quotes what the command printed last).
    pub async fn ok(
        &self,
        args: &[&str],
        secrets: &[(&str, &Secret)],
    ) -> Result<OccOutput, NcError> {
        exited_0(self.run(args, secrets).await?)
    }

    /// Whether the space is installed, in maintenance, and its version.
    pub async fn status(&self) -> Result<Status, NcError> {
        let out = self.ok(&["status", "--output=json"], &[]).await?;
        out.json()
    }

    /// `maintenance:install`, unless the space is installed already (asked first: the
    /// command does not exist on an installed instance).
    pub async fn install(&self, i: &Install<'_>) -> Result<bool, NcError> {
        if self.status().await?.installed {
            return Ok(false);
        }
        self.install_uninstalled(i).await?;
        Ok(true)
    }

    /// `maintenance:install` without asking `status` first, for a caller that has just read
    /// that the space is not installed (provisioning asks the host's script, which reads
    /// `config.php`'s `installed` as `status` does). On an installed space the command does
    /// not exist (§6): it fails, and nothing is installed twice.
    pub async fn install_uninstalled(&self, i: &Install<'_>) -> Result<(), NcError> {
        let opts = [
            format!("--database={}", i.database),
            format!("--database-host={}", i.database_host),
            format!("--database-name={}", i.database_name),
            format!("--database-user={}", i.database_user),
            format!("--database-pass={}", i.database_password.expose()),
            format!("--admin-user={}", i.admin_user),
            format!("--admin-pass={}", i.admin_password.expose()),
            format!("--data-dir={}", i.data_dir),
        ];
        let mut args = vec!["maintenance:install", "--no-interaction"];
        args.extend(opts.iter().map(String::as_str));
        match self.ok(&args, &[]).await {
            Ok(_) => Ok(()),
            // Never repeat the command line (it holds the passwords) in an error.
            Err(NcError::Occ { code, stderr }) => Err(NcError::Occ {
                code,
                stderr: scrub(&stderr, &[i.database_password, i.admin_password]),
            }),
            Err(e) => Err(e),
        }
    }

    pub async fn apps(&self) -> Result<Apps, NcError> {
        let out = self.ok(&["app:list", "--output=json"], &[]).await?;
        let v: serde_json::Value = out.json()?;
        // An empty PHP array is `[]`, not `{}`; disabled versions may read
        // "1.2.3 (installed 1.2.0)" or be null on old servers (§6).
        let part = |k: &str| -> BTreeMap<String, String> {
            v.get(k)
                .and_then(|m| m.as_object())
                .map(|m| {
                    m.iter()
                        .map(|(id, ver)| (id.clone(), ver.as_str().unwrap_or("").to_string()))
                        .collect()
                })
                .unwrap_or_default()
        };
        Ok(Apps {
            enabled: part("enabled"),
            disabled: part("disabled"),
        })
    }

    /// Enables apps not enabled yet; `true` if any was.
    pub async fn enable_apps(&self, ids: &[&str]) -> Result<bool, NcError> {
        let apps = self.apps().await?;
        let missing: Vec<&str> = ids
            .iter()
            .copied()
            .filter(|id| !apps.enabled.contains_key(*id))
            .collect();
        if missing.is_empty() {
            return Ok(false);
        }
        let mut args = vec!["app:enable"];
        args.extend(missing);
        self.ok(&args, &[]).await?;
        Ok(true)
    }

    pub async fn user_exists(&self, uid: &str) -> Result<bool, NcError> {
        let out = self.run(&["user:info", uid, "--output=json"], &[]).await?;
        match out.code {
            0 => Ok(true),
            1 if out.says("user not found") => Ok(false),
            _ => Err(out.failure()),
        }
    }

    /// `user:add --password-from-env`, the password on standard input.
    pub async fn add_user(
        &self,
        uid: &str,
        display_name: &str,
        email: Option<&str>,
        groups: &[&str],
        password: &Secret,
    ) -> Result<(), NcError> {
        let mut args = vec!["user:add", "--password-from-env", "--no-interaction"];
        let display = format!("--display-name={display_name}");
        args.push(&display);
        let group_opts: Vec<String> = groups.iter().map(|g| format!("--group={g}")).collect();
        args.extend(group_opts.iter().map(String::as_str));
        let email_opt = email.map(|e| format!("--email={e}"));
        if let Some(e) = &email_opt {
            args.push(e);
        }
        args.push("--");
        args.push(uid);
        let out = self.run(&args, &[("OC_PASS", password)]).await?;
        match out.code {
            0 => Ok(()),
            _ if out.says("already exists") => Err(NcError::UserExists),
            _ => Err(out.failure()),
        }
    }

    /// A new app password for `uid` (`user:auth-tokens:add`, NC ≥ 28): printed after the
    /// line `app password:`.
    pub async fn app_password(&self, uid: &str) -> Result<Secret, NcError> {
        let out = self
            .ok(
                &["user:auth-tokens:add", "--no-interaction", "--", uid],
                &[],
            )
            .await?;
        let mut lines = out.stdout.lines().map(str::trim);
        lines
            .by_ref()
            .find(|l| *l == "app password:")
            .ok_or_else(|| NcError::Unexpected {
                status: 0,
                excerpt: "no app password in the output".into(),
            })?;
        lines
            .next()
            .filter(|t| !t.is_empty())
            .map(Secret::new)
            .ok_or_else(|| NcError::Unexpected {
                status: 0,
                excerpt: "no app password in the output".into(),
            })
    }

    /// Revokes every app password `user:auth-tokens:add` made for `uid` (tokens named
    /// `cli`; OAuth2 and session tokens are left), and says how many.
    pub async fn revoke_app_passwords(&self, uid: &str) -> Result<usize, NcError> {
        self.revoke_tokens(uid, |name| name == "cli").await
    }

    /// Deletes the tokens of `uid` whose name `matches` (`user:auth-tokens:list`, then
    /// `user:auth-tokens:delete` for each), and says how many. An unknown user is
    /// [`NcError::NotFound`].
    pub async fn revoke_tokens(
        &self,
        uid: &str,
        matches: impl Fn(&str) -> bool,
    ) -> Result<usize, NcError> {
        let out = self
            .run(&["user:auth-tokens:list", "--output=json", "--", uid], &[])
            .await?;
        if out.code == 1 && out.says("user not found") {
            return Err(NcError::NotFound);
        }
        let tokens: Vec<serde_json::Value> = exited_0(out)?.json()?;
        let mut revoked = 0;
        for t in tokens {
            let named = t.get("name").and_then(|n| n.as_str()).is_some_and(&matches);
            if let (true, Some(id)) = (named, t.get("id").and_then(|i| i.as_i64())) {
                let id = id.to_string();
                self.ok(&["user:auth-tokens:delete", "--", uid, &id], &[])
                    .await?;
                revoked += 1;
            }
        }
        Ok(revoked)
    }

    /// `oauth2:add-client NAME URI --output=json` (NC ≥ 35).
    pub async fn add_oauth_client(
        &self,
        name: &str,
        redirect_uri: &str,
    ) -> Result<OAuthClient, NcError> {
        let out = self
            .ok(
                &[
                    "oauth2:add-client",
                    "--output=json",
                    "--",
                    name,
                    redirect_uri,
                ],
                &[],
            )
            .await?;
        OAuthClient::from_json(out.stdout.trim())
    }

    /// `config:system:get`; `None` when the key is not set (exit 1, no output).
    pub async fn system_value(&self, key: &[&str]) -> Result<Option<String>, NcError> {
        let mut args = vec!["config:system:get"];
        args.extend(key);
        let out = self.run(&args, &[]).await?;
        match out.code {
            0 => Ok(Some(out.stdout.trim_end_matches('\n').to_string())),
            1 if out.stdout.trim().is_empty() => Ok(None),
            _ => Err(out.failure()),
        }
    }

    /// The system configuration (`config:list system --output=json`), sensitive values
    /// masked as Nextcloud masks them (mail relay, sender, database, secrets): ask
    /// [`Occ::system_value`] for those.
    pub async fn system_config(
        &self,
    ) -> Result<serde_json::Map<String, serde_json::Value>, NcError> {
        Ok(self.listing("system").await?.into_system())
    }

    /// Every system and app value in one command (`config:list all --output=json`),
    /// sensitive ones masked ([`super::settings::Seen::Masked`]).
    pub async fn settings(&self) -> Result<super::settings::SpaceSettings, NcError> {
        self.listing("all").await
    }

    /// `config:list PART --output=json`, read by [`super::settings::SpaceSettings`].
    async fn listing(&self, part: &str) -> Result<super::settings::SpaceSettings, NcError> {
        let out = self
            .ok(&["config:list", part, "--output=json"], &[])
            .await?;
        Ok(super::settings::SpaceSettings::from_json(&out.json()?))
    }

    /// Sets system values and apps' values in one command: `config:import` of
    /// `{"system": {KEY: …}, "apps": {APP: {KEY: …}}}` on standard input, so a secret never
    /// sits on a command line. Nextcloud checks the whole document before it writes any of
    /// it, then merges the system values and sets the apps' (§6, `Config/Import.php`). A part
    /// with nothing in it is left out; with nothing at all, no command runs.
    pub async fn import(
        &self,
        system: &serde_json::Map<String, serde_json::Value>,
        apps: &serde_json::Map<String, serde_json::Value>,
    ) -> Result<(), NcError> {
        let mut doc = serde_json::Map::new();
        if !system.is_empty() {
            doc.insert("system".into(), system.clone().into());
        }
        if !apps.is_empty() {
            doc.insert("apps".into(), apps.clone().into());
        }
        if doc.is_empty() {
            return Ok(());
        }
        let json = serde_json::Value::Object(doc).to_string();
        exited_0(self.run_with_input(&["config:import"], &[], &json).await?).map(|_| ())
    }

    /// Sets several system values in one command ([`Occ::import`]).
    pub async fn import_system(
        &self,
        values: &serde_json::Map<String, serde_json::Value>,
    ) -> Result<(), NcError> {
        self.import(values, &serde_json::Map::new()).await
    }

    /// Sets several values of one app in one command ([`Occ::import`]).
    pub async fn import_app_values(
        &self,
        app: &str,
        values: serde_json::Map<String, serde_json::Value>,
    ) -> Result<(), NcError> {
        let mut apps = serde_json::Map::new();
        apps.insert(app.to_string(), values.into());
        self.import(&serde_json::Map::new(), &apps).await
    }

    /// `config:system:set KEY… --value=V --type=T`.
    pub async fn set_system_value(
        &self,
        key: &[&str],
        value: &str,
        ty: &str,
    ) -> Result<(), NcError> {
        let v = format!("--value={value}");
        let t = format!("--type={ty}");
        let mut args = vec!["config:system:set"];
        args.extend(key);
        args.push(&v);
        args.push(&t);
        self.ok(&args, &[]).await.map(|_| ())
    }

    pub async fn app_value(&self, app: &str, key: &str) -> Result<Option<String>, NcError> {
        let out = self.run(&["config:app:get", app, key], &[]).await?;
        match out.code {
            0 => Ok(Some(out.stdout.trim_end_matches('\n').to_string())),
            1 => Ok(None),
            _ => Err(out.failure()),
        }
    }

    pub async fn set_app_value(&self, app: &str, key: &str, value: &str) -> Result<(), NcError> {
        let v = format!("--value={value}");
        self.ok(&["config:app:set", app, key, &v], &[])
            .await
            .map(|_| ())
    }

    pub async fn maintenance(&self, on: bool) -> Result<(), NcError> {
        self.ok(
            &["maintenance:mode", if on { "--on" } else { "--off" }],
            &[],
        )
        .await
        .map(|_| ())
    }

    /// `theming:config KEY VALUE`.
    pub async fn theming(&self, key: &str, value: &str) -> Result<(), NcError> {
        self.ok(&["theming:config", "--", key, value], &[])
            .await
            .map(|_| ())
    }
}

/// `s` with every secret's value replaced by `***`.
pub fn scrub(s: &str, secrets: &[&Secret]) -> String {
    let mut out = s.to_string();
    for sec in secrets {
        if !sec.expose().is_empty() {
            out = out.replace(sec.expose(), "***");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_are_argument_vectors_quoted_for_a_remote_shell() {
        let t = CommandTemplate::parse("ssh -T {host} sudo /usr/local/bin/framaspace-occ {slug}")
            .unwrap();
        assert_eq!(
            t.argv(
                "nc1",
                "mon-asso",
                &["user:add", "--display-name=Les $(amis) d'à côté"]
            ),
            vec![
                "ssh",
                "-T",
                "nc1",
                "sudo",
                "/usr/local/bin/framaspace-occ",
                "mon-asso",
                "user:add",
                "'--display-name=Les $(amis) d'\\''à côté'"
            ]
        );
        let local = CommandTemplate::direct("'/opt/my sim/bin' occ --dir /d {slug}").unwrap();
        assert_eq!(
            local.argv("h", "a", &["x y"]),
            vec!["/opt/my sim/bin", "occ", "--dir", "/d", "a", "x y"]
        );
        // Whatever the program's name, arguments are quoted unless the host says otherwise.
        for t in [
            "timeout 60 ssh -T {host} framaspace-occ {slug}",
            "env ssh {host} framaspace-occ {slug}",
            "autossh -M 0 {host} framaspace-occ {slug}",
            "/usr/local/bin/to-host {host} {slug}",
        ] {
            let argv = CommandTemplate::parse(t)
                .unwrap()
                .argv("nc1", "a", &["x;y"]);
            assert_eq!(argv.last().map(String::as_str), Some("'x;y'"), "{t}");
        }
        assert!(CommandTemplate::parse("").is_err());
        assert!(CommandTemplate::parse("'unclosed {slug}").is_err());
    }

    #[test]
    fn secrets_are_scrubbed_and_outputs_do_not_print() {
        let s = Secret::new("hunter2hunter2");
        assert_eq!(
            scrub("bad --admin-pass=hunter2hunter2", &[&s]),
            "bad --admin-pass=***"
        );
        let o = OccOutput {
            code: 0,
            stdout: "app password:\nTOKEN".into(),
            stderr: String::new(),
        };
        assert!(!format!("{o:?}").contains("TOKEN"));
    }
}
