//! The file cache: `files:scan`, which lists in Nextcloud the files written into a user's
//! folder behind its back (the host script's exports).

use std::collections::HashMap;
use std::path::Path;

use crate::model::Instance;

use super::args::Args;
use super::common::{Outcome, DATA_DIR};

/// `files:scan [--all | UID… | --path=/UID/files/SUB]`: walks the folders and updates the
/// file cache. As Nextcloud's, it ends with its table and exits 0 even when a user is
/// unknown or the path is not found: those count in the table's `Errors` column.
pub(super) fn scan(
    a: &Args,
    inst: &mut Instance,
    env: &HashMap<String, String>,
    mut o: Outcome,
) -> Outcome {
    let path = a.opt("path").map(|p| format!("/{}", p.trim_matches('/')));
    let users: Vec<String> = match &path {
        Some(p) => vec![p.split('/').nth(1).unwrap_or_default().to_string()],
        None if a.has("all") => inst.users.keys().cloned().collect(),
        None => a.pos.clone(),
    };
    if users.is_empty() {
        return o.fail(
            1,
            "<error>Please specify the user id to scan, --all to scan for all users or --path=...</error>",
        );
    }
    let data = Path::new(env.get(DATA_DIR).map(String::as_str).unwrap_or(""));
    let mut count = Counts::default();
    let total = users.len();
    for (n, uid) in users.iter().enumerate() {
        if !inst.users.contains_key(uid) {
            o.out(format!("<error>Unknown user {} {uid}</error>", n + 1));
            continue;
        }
        o.out(format!(
            "Starting scan for user {} out of {total} ({uid})",
            n + 1
        ));
        let from = path.clone().unwrap_or_else(|| format!("/{uid}"));
        let on_disk = data.join(from.trim_start_matches('/'));
        // A path that leaves the user's folder is not theirs to scan.
        if from.split('/').any(|part| part == "..") || !on_disk.exists() {
            o.out(format!("<error>Path not found: {from}</error>"));
            count.errors += 1;
            continue;
        }
        let mut seen = Vec::new();
        walk(&on_disk, &from, &mut seen, &mut count);
        let prefix = format!("{}/", from.trim_end_matches('/'));
        // What the cache had under the path and the disk no longer has.
        let gone: Vec<String> = inst
            .file_cache
            .keys()
            .filter(|k| k.starts_with(&prefix) && !seen.iter().any(|(p, _)| p == *k))
            .cloned()
            .collect();
        for k in gone {
            inst.file_cache.remove(&k);
            count.removed += 1;
        }
        for (p, size) in seen {
            match inst.file_cache.insert(p, size) {
                None => count.new += 1,
                Some(before) if before != size => count.updated += 1,
                Some(_) => {}
            }
        }
    }
    table(&mut o, &count);
    o
}

#[derive(Default)]
struct Counts {
    folders: u64,
    files: u64,
    new: u64,
    updated: u64,
    removed: u64,
    errors: u64,
}

/// The files under `dir` (shown as `shown`), with their sizes.
fn walk(dir: &Path, shown: &str, seen: &mut Vec<(String, u64)>, count: &mut Counts) {
    let Ok(meta) = std::fs::metadata(dir) else {
        count.errors += 1;
        return;
    };
    if meta.is_file() {
        count.files += 1;
        seen.push((shown.to_string(), meta.len()));
        return;
    }
    count.folders += 1;
    let Ok(entries) = std::fs::read_dir(dir) else {
        count.errors += 1;
        return;
    };
    let mut names: Vec<_> = entries.flatten().map(|e| e.file_name()).collect();
    names.sort();
    for name in names {
        let name = name.to_string_lossy();
        walk(
            &dir.join(&*name),
            &format!("{}/{name}", shown.trim_end_matches('/')),
            seen,
            count,
        );
    }
}

/// Symfony's table of the counts (`Scan::presentStats`).
fn table(o: &mut Outcome, c: &Counts) {
    let headers = [
        "Folders",
        "Files",
        "New",
        "Updated",
        "Removed",
        "Errors",
        "Elapsed time",
    ];
    let values = [
        c.folders.to_string(),
        c.files.to_string(),
        c.new.to_string(),
        c.updated.to_string(),
        c.removed.to_string(),
        c.errors.to_string(),
        "00:00:00".to_string(),
    ];
    let widths: Vec<usize> = headers
        .iter()
        .zip(&values)
        .map(|(h, v)| h.len().max(v.len()))
        .collect();
    let rule = widths
        .iter()
        .map(|w| format!("+{}", "-".repeat(w + 2)))
        .collect::<String>()
        + "+";
    let row = |cells: Vec<&str>| {
        cells
            .iter()
            .zip(&widths)
            .map(|(c, w)| format!("| {c:<w$} "))
            .collect::<String>()
            + "|"
    };
    o.out(&rule);
    o.out(row(headers.to_vec()));
    o.out(&rule);
    o.out(row(values.iter().map(String::as_str).collect()));
    o.out(&rule);
}
