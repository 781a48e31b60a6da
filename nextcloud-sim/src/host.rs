//! What the portal asks a host to do for one space outside Nextcloud (its folder, its
//! web-server site, its database), as the script an operator installs on a real host does
//! (`docs/host/framaspace-host` in the portal's repository): same actions, same output,
//! same exit codes.

use std::collections::HashMap;

use crate::occ::Outcome;
use crate::store::Store;

/// The exit code of the host script and of the `occ` wrapper when the space's lock is held.
pub const BUSY: i32 = 4;

/// How long an action waits for the space's lock (the script's `FRAMASPACE_LOCK_WAIT`).
const LOCK_WAIT: std::time::Duration = std::time::Duration::from_secs(120);

/// A space's id as `create-site` takes it: 1 to 19 digits, not starting with 0.
fn valid_id(id: &str) -> bool {
    (1..=19).contains(&id.len()) && id.bytes().all(|b| b.is_ascii_digit()) && !id.starts_with('0')
}

/// Runs `framaspace-host SLUG ACTION [ARG…]`. `env` holds the `DB_PASS` and `DB_VERIFIER`
/// lines of standard input.
pub fn run(
    store: &Store,
    slug: &str,
    action: &str,
    args: &[String],
    env: &HashMap<String, String>,
) -> Outcome {
    let mut o = Outcome::default();
    let say = |o: &mut Outcome, code: i32, out: &str, err: &str| {
        o.code = code;
        if !out.is_empty() {
            o.stdout = format!("{out}\n");
        }
        if !err.is_empty() {
            o.stderr = format!("framaspace-host: {err}\n");
        }
    };
    if !crate::store::valid_slug(slug) {
        say(&mut o, 2, "", "invalid space name");
        return o;
    }
    // Every action holds the space's lock; reset-install does not wait for it (an install
    // still running holds it).
    let _lock = match action {
        "status" | "create-site" | "address" | "create-database" | "database-password"
        | "reset-install" | "logo" | "export" | "remove" => {
            let wait = (action != "reset-install").then_some(LOCK_WAIT);
            match store.lock_space(slug, wait) {
                Ok(Some(lock)) => Some(lock),
                Ok(None) => {
                    let why =
                        format!("{slug} is busy (another action or an install holds its lock)");
                    say(&mut o, BUSY, "", &why);
                    return o;
                }
                Err(e) => {
                    say(&mut o, 1, "", &e.to_string());
                    return o;
                }
            }
        }
        _ => None,
    };
    // `create-site ID`: the space's own Unix user is `space-ID` (Linux names stop at 32
    // characters; a slug may have 63).
    if action == "create-site" && !args.first().is_some_and(|id| valid_id(id)) {
        say(&mut o, 2, "", "create-site needs the space's id (digits)");
        return o;
    }
    if action == "status" {
        let i = store.load(slug).ok().flatten().unwrap_or_default();
        let json = serde_json::json!({
            "site": i.site,
            "database": i.database,
            "install_begun": i.install_begun || i.installed,
            "installed": i.installed,
        });
        say(&mut o, 0, &json.to_string(), "");
        return o;
    }
    if action == "address" {
        // `address NAME [FORMER…]`: the site answers at NAME, each former name redirects.
        let Some(name) = args.first().filter(|n| crate::store::valid_slug(n)) else {
            say(&mut o, 2, "", "address needs a valid NAME");
            return o;
        };
        let former = &args[1..];
        if former.iter().any(|f| !crate::store::valid_slug(f)) {
            say(&mut o, 2, "", "invalid former name");
            return o;
        }
        if !store.load(slug).ok().flatten().is_some_and(|i| i.site) {
            say(&mut o, 1, "", &format!("{slug} has no site"));
            return o;
        }
        match store.set_address(slug, name, former) {
            Ok(changed) => {
                o.changed = changed;
                let what = if changed {
                    "address set"
                } else {
                    "address exists"
                };
                say(&mut o, 0, &format!("{what} {name}"), "");
            }
            Err(e) => say(&mut o, 1, "", &e.to_string()),
        }
        return o;
    }
    if action == "logo" {
        logo(
            store,
            slug,
            env.get("LOGO").map(String::as_str).unwrap_or(""),
            &mut o,
        );
        return o;
    }
    if action == "export" {
        export(
            store,
            slug,
            args.first().map(String::as_str).unwrap_or(""),
            &mut o,
        );
        return o;
    }
    if action == "remove" {
        // The site, the folders with the data and mail, the database: all of it.
        if let Err(e) = store.remove_names(slug) {
            say(&mut o, 1, "", &e.to_string());
            return o;
        }
        return match std::fs::remove_dir_all(store.space_dir(slug)) {
            Ok(()) => {
                o.changed = true;
                say(&mut o, 0, "removed", "");
                o
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                say(&mut o, 0, "removed", "");
                o
            }
            Err(e) => {
                say(&mut o, 1, "", &e.to_string());
                o
            }
        };
    }
    let pass = env.get("DB_PASS").filter(|p| !p.is_empty()).cloned();
    let verifier = env
        .get("DB_VERIFIER")
        .filter(|v| crate::scram::is_verifier(v))
        .cloned();
    const NO_VERIFIER: &str = "no DB_VERIFIER (SCRAM-SHA-256) on standard input";
    let done = store.transact(slug, |i, _| -> ((i32, &str, &str), bool) {
        match action {
            "create-site" if i.site => ((0, "site exists", ""), false),
            "create-site" => {
                i.site = true;
                ((0, "site created", ""), true)
            }
            "create-database" if verifier.is_none() => ((2, "", NO_VERIFIER), false),
            "create-database" if i.database => ((0, "database exists", ""), false),
            "create-database" => {
                i.database = true;
                i.database_verifier = verifier.clone();
                ((0, "database created", ""), true)
            }
            "database-password" if verifier.is_none() => ((2, "", NO_VERIFIER), false),
            "database-password" if pass.is_none() => {
                ((2, "", "no DB_PASS on standard input"), false)
            }
            "database-password" if !i.database => ((1, "", "has no database"), false),
            "database-password" => {
                // The role's verifier, and config.php's dbpassword once installed.
                i.database_verifier = verifier.clone();
                if i.install_begun || i.installed {
                    i.system
                        .insert("dbpassword".into(), pass.clone().unwrap_or_default().into());
                }
                ((0, "database password set", ""), true)
            }
            "reset-install" if i.installed => ((1, "", "installed; nothing reset"), false),
            "reset-install" => {
                // config.php gone, the database emptied: Nextcloud's own state with them.
                *i = crate::model::Instance {
                    site: i.site,
                    database: i.database,
                    database_verifier: i.database_verifier.clone(),
                    next_id: i.next_id,
                    mails_sent: i.mails_sent,
                    ..Default::default()
                };
                ((0, "install reset", ""), true)
            }
            _ => ((2, "", "unknown action"), false),
        }
    });
    match done {
        Ok((code, out, err)) => {
            o.changed = code == 0 && out != "site exists" && out != "database exists";
            if err == "has no database" {
                say(&mut o, code, out, &format!("{slug} has no database"));
                return o;
            }
            say(&mut o, code, out, err);
        }
        Err(e) => say(&mut o, 1, "", &e.to_string()),
    }
    o
}

/// `logo`: the base64 on standard input written as `theming/logo.png` or `.jpg` in the
/// space's folder, the other one removed; "logo saved PATH" with the absolute path.
fn logo(store: &Store, slug: &str, base64_text: &str, o: &mut Outcome) {
    use base64::Engine;
    let fail = |o: &mut Outcome, code: i32, why: &str| {
        o.code = code;
        o.stderr = format!("framaspace-host: {why}\n");
    };
    if !store.load(slug).ok().flatten().is_some_and(|i| i.site) {
        return fail(o, 1, &format!("{slug} has no site"));
    }
    let text: String = base64_text.split_whitespace().collect();
    let Ok(bytes) = base64::engine::general_purpose::STANDARD.decode(text) else {
        return fail(o, 2, "the logo is not base64");
    };
    let ext = if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        "png"
    } else if bytes.starts_with(&[0xff, 0xd8, 0xff]) {
        "jpg"
    } else {
        ""
    };
    if ext.is_empty() || bytes.len() > 1024 * 1024 {
        return fail(o, 2, "the logo must be a PNG or JPEG of at most 1 MB");
    }
    let dir = store.space_dir(slug).join("theming");
    let dir = match std::fs::create_dir_all(&dir).and_then(|()| std::fs::canonicalize(&dir)) {
        Ok(d) => d,
        Err(e) => return fail(o, 1, &e.to_string()),
    };
    let path = dir.join(format!("logo.{ext}"));
    if let Err(e) = std::fs::write(&path, &bytes) {
        return fail(o, 1, &e.to_string());
    }
    let other = if ext == "png" { "jpg" } else { "png" };
    let _ = std::fs::remove_file(dir.join(format!("logo.{other}")));
    o.changed = true;
    o.stdout = format!("logo saved {}\n", path.display());
}

/// An account's id as `export` takes it: a name for a folder, never a way out of one.
fn valid_uid(uid: &str) -> bool {
    (1..=64).contains(&uid.len())
        && uid
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"_.@-".contains(&b))
        && !uid.starts_with('-')
        && uid != "."
        && uid != ".."
}

/// `export UID`: one archive of the space's data folder (without the exports, previews and
/// caches) and of its database, written into UID's files, folder `Exports`, replacing the
/// earlier ones; prints `export saved Exports/NAME BYTES`. The stand-in's database is its
/// state file, archived as `database.json` where the host's script dumps `database.sql`.
fn export(store: &Store, slug: &str, uid: &str, o: &mut Outcome) {
    let fail = |o: &mut Outcome, code: i32, why: &str| {
        o.code = code;
        o.stderr = format!("framaspace-host: {why}\n");
    };
    if !valid_uid(uid) {
        return fail(o, 2, "export needs an account's id");
    }
    let Some(instance) = store.load(slug).ok().flatten().filter(|i| i.site) else {
        return fail(o, 1, &format!("{slug} has no site"));
    };
    let dir = store.space_dir(slug);
    let out = dir.join("data").join(uid).join("files").join("Exports");
    let work = dir.join("tmp").join("export");
    let name = format!(
        "frama-space-{slug}-{}.tar.gz",
        chrono::Utc::now().format("%Y%m%d-%H%M%S")
    );
    let made = (|| -> std::io::Result<u64> {
        let _ = std::fs::remove_dir_all(&work);
        std::fs::create_dir_all(&work)?;
        std::fs::create_dir_all(&out)?;
        let state = serde_json::to_vec_pretty(&instance).map_err(std::io::Error::other)?;
        std::fs::write(work.join("database.json"), state)?;
        let archive = work.join(&name);
        let tar = std::process::Command::new("tar")
            .arg("-czf")
            .arg(&archive)
            .arg("-C")
            .arg(&dir)
            .args([
                "--exclude=data/*/files/Exports",
                "--exclude=data/appdata_*/preview",
                "data",
            ])
            .arg("-C")
            .arg(&work)
            .arg("database.json")
            .output()?;
        if !tar.status.success() {
            return Err(std::io::Error::other(format!(
                "the archive could not be written: {}",
                String::from_utf8_lossy(&tar.stderr).trim()
            )));
        }
        for old in std::fs::read_dir(&out)?.flatten() {
            let n = old.file_name().to_string_lossy().into_owned();
            if n.starts_with(&format!("frama-space-{slug}-")) && n.ends_with(".tar.gz") {
                std::fs::remove_file(old.path())?;
            }
        }
        std::fs::rename(&archive, out.join(&name))?;
        let size = std::fs::metadata(out.join(&name))?.len();
        std::fs::remove_dir_all(&work)?;
        Ok(size)
    })();
    match made {
        Ok(size) => {
            o.changed = true;
            o.stdout = format!("export saved Exports/{name} {size}\n");
        }
        Err(e) => {
            let _ = std::fs::remove_dir_all(&work);
            fail(o, 1, &e.to_string());
        }
    }
}
