//! `nextcloud-sim`: serve a host, run its `occ`, turn its fault knobs.
//!
//! ```text
//! nextcloud-sim serve --dir D [--listen 127.0.0.1:8090] [--domain localhost] [--version 35] [--name host] [--default-space SLUG]
//! nextcloud-sim serve … [--sites]    (the portal makes each space's site: `host`)
//! nextcloud-sim occ --dir D [--stdin-env] SLUG COMMAND [ARGS…]
//! nextcloud-sim host --dir D SLUG status|create-site|create-database|reset-install|remove
//! nextcloud-sim fault --dir D [--space SLUG] [--latency-ms N] [--error-rate F] [--down] [--hang] [--pause-ms N] [--office-down]
//! nextcloud-sim usage --dir D --space SLUG --user UID --bytes N
//! ```
//!
//! `occ --stdin-env` reads `NC_PASS=…`/`OC_PASS=…` lines from standard input, as the
//! wrapper an operator installs on a real host does (see the README): secrets never sit on
//! a command line or in an environment that `ssh` and `sudo` drop.

use std::collections::HashMap;
use std::io::{BufRead, Write};
use std::process::ExitCode;
use std::time::Duration;

use nextcloud_sim::store::{Faults, HostConfig, Store};
use nextcloud_sim::{occ, Version};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(cmd) = args.first() else {
        return usage();
    };
    let rest = &args[1..];
    match cmd.as_str() {
        "serve" => serve(rest),
        "occ" => run_occ(rest),
        "host" => run_host(rest),
        "fault" => fault(rest),
        "usage" => set_usage(rest),
        _ => usage(),
    }
}

fn usage() -> ExitCode {
    eprintln!("usage: nextcloud-sim serve|occ|host|fault|usage --dir DIR …");
    ExitCode::from(2)
}

/// `--key value` and `--flag` options before the first positional argument.
fn opts(args: &[String], flags: &[&str]) -> (HashMap<String, String>, Vec<String>) {
    let mut m = HashMap::new();
    let mut i = 0;
    while i < args.len() {
        let Some(k) = args[i].strip_prefix("--") else {
            break;
        };
        if flags.contains(&k) {
            m.insert(k.to_string(), String::new());
            i += 1;
        } else {
            m.insert(k.to_string(), args.get(i + 1).cloned().unwrap_or_default());
            i += 2;
        }
    }
    (m, args[i.min(args.len())..].to_vec())
}

fn serve(args: &[String]) -> ExitCode {
    let (o, _) = opts(args, &["sites"]);
    let Some(dir) = o.get("dir") else {
        return usage();
    };
    let version = match o.get("version").map(String::as_str) {
        None => Version::V35,
        Some(v) => match Version::parse(v) {
            Some(v) => v,
            None => {
                eprintln!("--version must be 34 or 35");
                return ExitCode::from(2);
            }
        },
    };
    let config = HostConfig {
        name: o.get("name").cloned().unwrap_or_else(|| "host".into()),
        domain: o
            .get("domain")
            .cloned()
            .unwrap_or_else(|| "localhost".into()),
        version,
        default_space: o.get("default-space").cloned(),
        sites: o.contains_key("sites"),
        // `--apps-not-installed tables,polls`: offered apps its operator did not install.
        apps_not_installed: o
            .get("apps-not-installed")
            .map(|l| {
                l.split(',')
                    .filter(|a| !a.is_empty())
                    .map(String::from)
                    .collect()
            })
            .unwrap_or_default(),
    };
    let listen = o
        .get("listen")
        .cloned()
        .unwrap_or_else(|| "127.0.0.1:8090".into());
    let rt = match tokio::runtime::Runtime::new() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    rt.block_on(async move {
        let host = match nextcloud_sim::Host::start(dir.clone(), config, &listen).await {
            Ok(h) => h,
            Err(e) => {
                eprintln!("cannot serve: {e}");
                return ExitCode::FAILURE;
            }
        };
        println!(
            "Nextcloud {} stand-in \"{}\" on http://{} (instances at http://<slug>.{}:{})",
            host.config.version.major(),
            host.config.name,
            host.addr,
            host.config.domain,
            host.addr.port()
        );
        let _ = std::io::stdout().flush();
        let mut term =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(s) => s,
                Err(_) => return ExitCode::FAILURE,
            };
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = term.recv() => {}
        }
        ExitCode::SUCCESS
    })
}

/// How long input may take to reach `config:import`: a stand-in for the instant PHP, once
/// started, reads standard input without waiting (`stream_set_blocking(STDIN, 0)` in
/// `core/Command/Config/Import.php`, §8b.9).
const INPUT_GRACE: std::time::Duration = std::time::Duration::from_secs(1);

/// The rest of standard input as `config:import` reads it: what arrives within
/// [`INPUT_GRACE`] until the writer closes it. Input sent later is lost, as with Nextcloud,
/// where what has not arrived when PHP reads it is read as nothing.
fn input_already_there() -> String {
    let (tx, rx) = std::sync::mpsc::channel::<Vec<u8>>();
    std::thread::spawn(move || {
        let mut stdin = std::io::stdin().lock();
        let mut buf = [0u8; 8192];
        while let Ok(n @ 1..) = std::io::Read::read(&mut stdin, &mut buf) {
            if tx.send(buf[..n].to_vec()).is_err() {
                break;
            }
        }
    });
    let deadline = std::time::Instant::now() + INPUT_GRACE;
    let mut got = Vec::new();
    while let Ok(chunk) =
        rx.recv_timeout(deadline.saturating_duration_since(std::time::Instant::now()))
    {
        got.extend(chunk);
    }
    String::from_utf8_lossy(&got).into_owned()
}

fn run_occ(args: &[String]) -> ExitCode {
    let (o, rest) = opts(args, &["stdin-env"]);
    let (Some(dir), Some(slug)) = (o.get("dir"), rest.first()) else {
        return usage();
    };
    let store = Store::new(dir);
    let host = match store.host() {
        Ok(h) => h,
        Err(e) => {
            eprintln!("no host in {dir}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let faults = store.faults(Some(slug));
    if let Some(code) = apply_faults(&store, &faults) {
        return code;
    }
    let mut env = HashMap::new();
    for k in ["NC_PASS", "OC_PASS"] {
        if let Ok(v) = std::env::var(k) {
            env.insert(k.to_string(), v);
        }
    }
    if o.contains_key("stdin-env") {
        for line in std::io::stdin().lock().lines() {
            let Ok(line) = line else { break };
            if line.is_empty() {
                break;
            }
            if let Some((k, v)) = line.split_once('=') {
                if k == "NC_PASS" || k == "OC_PASS" {
                    env.insert(k.to_string(), v.to_string());
                }
            }
        }
    }
    // `config:import` without a file reads the rest of standard input.
    let command_name = rest[1..].iter().find(|a| !a.starts_with('-'));
    if command_name.is_some_and(|c| c == "config:import")
        && rest[1..].iter().filter(|a| !a.starts_with('-')).count() == 1
    {
        env.insert(occ::STDIN.to_string(), input_already_there());
    }
    // The host's wrapper holds the space's lock for the whole install (made by the host
    // script's first action): a second install or a reset finds it busy.
    let _lock = if host.sites && command_name.is_some_and(|c| c == "maintenance:install") {
        match store.try_lock_existing(slug) {
            Ok(Ok(lock)) => Some(lock),
            Ok(Err("missing")) => {
                eprintln!(
                    "framaspace-occ: no lock for {slug} (run framaspace-host {slug} status first)"
                );
                return ExitCode::from(3);
            }
            Ok(Err(_)) => {
                eprintln!(
                    "framaspace-occ: {slug} is busy (an install or a host action holds its lock)"
                );
                return ExitCode::from(nextcloud_sim::host::BUSY as u8);
            }
            Err(e) => {
                eprintln!("An unhandled exception has been thrown:\n{e}");
                return ExitCode::FAILURE;
            }
        }
    } else {
        None
    };
    // `maintenance:install` pauses between its two halves too: a caller killed then leaves
    // a half-installed instance.
    let between = || store.pause(slug, "install-begun", faults.pause_after_effect_ms);
    let out = occ::run(&store, &host, slug, &rest[1..], &env, &between);
    let command = rest[1..]
        .iter()
        .find(|a| !a.starts_with('-'))
        .cloned()
        .unwrap_or_default();
    finish(out, &store, slug, &format!("occ:{command}"), &faults)
}

/// The host's script for one space (`framaspace-host SLUG ACTION`), faults as `occ`'s.
fn run_host(args: &[String]) -> ExitCode {
    let (o, rest) = opts(args, &[]);
    let (Some(dir), Some(slug), Some(action)) = (o.get("dir"), rest.first(), rest.get(1)) else {
        return usage();
    };
    let store = Store::new(dir);
    let faults = store.faults(Some(slug));
    if let Some(code) = apply_faults(&store, &faults) {
        return code;
    }
    let mut env = HashMap::new();
    for line in std::io::stdin().lock().lines() {
        let Ok(line) = line else { break };
        if line.is_empty() {
            break;
        }
        for name in ["DB_PASS", "DB_VERIFIER"] {
            if let Some(v) = line.strip_prefix(name).and_then(|l| l.strip_prefix('=')) {
                env.insert(name.to_string(), v.to_string());
            }
        }
    }
    if action == "logo" {
        // The logo's base64, after the secrets' block.
        let mut rest_of_input = String::new();
        let _ = std::io::Read::read_to_string(&mut std::io::stdin().lock(), &mut rest_of_input);
        env.insert("LOGO".to_string(), rest_of_input);
    }
    let out = nextcloud_sim::host::run(&store, slug, action, &rest[2..], &env);
    finish(out, &store, slug, &format!("host:{action}"), &faults)
}

/// What the fault knobs do before a command: `Some` is how it ends instead.
fn apply_faults(store: &Store, faults: &Faults) -> Option<ExitCode> {
    if faults.down {
        let name = store.host().map(|h| h.name).unwrap_or_default();
        eprintln!("ssh: connect to host {name} port 22: Connection refused");
        return Some(ExitCode::from(255));
    }
    if faults.hang {
        loop {
            std::thread::sleep(Duration::from_secs(3600));
        }
    }
    std::thread::sleep(Duration::from_millis(faults.latency_ms));
    if faults.fails_now() {
        eprintln!("An unhandled exception has been thrown:\nException: simulated failure");
        return Some(ExitCode::from(1));
    }
    None
}

/// Prints a command's outcome, after the pause knob when it changed something.
fn finish(out: occ::Outcome, store: &Store, slug: &str, what: &str, faults: &Faults) -> ExitCode {
    if out.changed && faults.pause_after_effect_ms > 0 {
        store.pause(slug, what, faults.pause_after_effect_ms);
    }
    print!("{}", out.stdout);
    eprint!("{}", out.stderr);
    let _ = std::io::stdout().flush();
    ExitCode::from(out.code.clamp(0, 255) as u8)
}

fn fault(args: &[String]) -> ExitCode {
    let (o, _) = opts(args, &["down", "hang", "office-down"]);
    let Some(dir) = o.get("dir") else {
        return usage();
    };
    let num = |k: &str| o.get(k).and_then(|v| v.parse::<u64>().ok()).unwrap_or(0);
    let f = Faults {
        latency_ms: num("latency-ms"),
        error_rate: o
            .get("error-rate")
            .and_then(|v| v.parse().ok())
            .unwrap_or(0.0),
        down: o.contains_key("down"),
        hang: o.contains_key("hang"),
        pause_after_effect_ms: num("pause-ms"),
        office_down: o.contains_key("office-down"),
    };
    match Store::new(dir).set_faults(o.get("space").map(String::as_str), &f) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}

fn set_usage(args: &[String]) -> ExitCode {
    let (o, _) = opts(args, &[]);
    let (Some(dir), Some(space), Some(user), Some(bytes)) = (
        o.get("dir"),
        o.get("space"),
        o.get("user"),
        o.get("bytes").and_then(|b| b.parse().ok()),
    ) else {
        return usage();
    };
    match nextcloud_sim::set_usage(&Store::new(dir), space, user, bytes) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => {
            eprintln!("no user {user} in {space}");
            ExitCode::FAILURE
        }
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}
