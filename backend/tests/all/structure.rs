//! The crate boundaries of ARCHITECTURE.md, checked on the sources: the driver knows
//! nothing of the stand-in, the backend nothing of HTTP servers or Leptos, and no file of
//! any crate takes, through others, from itself.

mod imports;
mod proofs;
mod spellings;

use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    for e in rd.flatten() {
        let p = e.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The `[dependencies]` section of a manifest (not dev- or build-dependencies).
fn dependencies(manifest: &str) -> String {
    let mut keep = false;
    let mut out = String::new();
    for line in manifest.lines() {
        if line.starts_with('[') {
            keep = line.trim() == "[dependencies]";
            continue;
        }
        if keep {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

#[test]
fn no_crate_but_its_tests_uses_the_nextcloud_stand_in() {
    for krate in ["app", "backend", "common", "frontend", "server"] {
        let manifest = std::fs::read_to_string(root().join(krate).join("Cargo.toml")).unwrap();
        assert!(
            !dependencies(&manifest).contains("nextcloud-sim"),
            "{krate} depends on nextcloud-sim outside its tests"
        );
        let mut files = Vec::new();
        rust_files(&root().join(krate).join("src"), &mut files);
        assert!(!files.is_empty(), "{krate}/src has Rust files");
        for f in files {
            let text = std::fs::read_to_string(&f).unwrap();
            assert!(
                !text.contains("nextcloud_sim"),
                "{} imports the stand-in",
                f.display()
            );
        }
    }
}

#[test]
fn the_backend_knows_nothing_of_http_servers_or_leptos() {
    let deps = dependencies(&std::fs::read_to_string(root().join("backend/Cargo.toml")).unwrap());
    for forbidden in ["axum", "leptos", "hyper ", "tower-http"] {
        assert!(!deps.contains(forbidden), "backend depends on {forbidden}");
    }
}

/// The circles that remain, each exactly as it stands and with what will end it: the test
/// fails on any other circle, and when one of these changes or goes (the list only shrinks).
const KNOWN_CIRCLES: &[(&[&str], &str)] = &[];

/// No circle of imports between the files of a crate: each file can be read knowing only
/// those below it (a circle of two or more files is reported with the imports that make it).
#[test]
fn no_file_imports_from_itself_through_others() {
    let mut found = Vec::new();
    let mut known_seen = vec![false; KNOWN_CIRCLES.len()];
    for krate in [
        "app/src/lib.rs",
        "backend/src/lib.rs",
        "common/src/lib.rs",
        "frontend/src/lib.rs",
        "server/src/lib.rs",
        "server/src/main.rs",
        "nextcloud-sim/src/lib.rs",
        "nextcloud-sim/src/main.rs",
        "testkit/src/lib.rs",
    ] {
        let g = imports::graph(&root().join(krate));
        // The front end is one file, the test kit a handful; the others have many.
        let fewest = match krate {
            k if k.starts_with("frontend") => 0,
            k if k.starts_with("testkit") => 3,
            _ => 5,
        };
        if krate.ends_with("lib.rs") {
            assert!(g.files.len() > fewest, "{krate}: its modules were read");
        }
        let name = |f: usize| {
            g.files[f]
                .strip_prefix(root())
                .unwrap_or(&g.files[f])
                .display()
                .to_string()
        };
        for scc in imports::cycles(&g) {
            let files: Vec<String> = scc.iter().map(|&f| name(f)).collect();
            if let Some(k) = KNOWN_CIRCLES.iter().position(|(known, _)| *known == files) {
                known_seen[k] = true;
                continue;
            }
            let mut why = Vec::new();
            for (&(a, b), path) in &g.edges {
                if scc.contains(&a) && scc.contains(&b) {
                    why.push(format!("  {} -> {} ({path})", name(a), name(b)));
                }
            }
            found.push(format!(
                "{}:\n{}",
                scc.iter().map(|&f| name(f)).collect::<Vec<_>>().join(", "),
                why.join("\n")
            ));
        }
    }
    assert!(
        found.is_empty(),
        "circles of imports:\n{}",
        found.join("\n")
    );
}

/// The graph itself: a re-export is followed to the file that defines the name, and a
/// circle made on purpose is found.
#[test]
fn the_import_graph_follows_re_exports_and_finds_a_circle() {
    let dir = std::env::temp_dir().join(format!("framaspace-imports-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("a")).unwrap();
    std::fs::write(
        dir.join("lib.rs"),
        "mod a;\nmod b;\npub use a::Thing;\npub struct Root;\n#[cfg(test)]\nmod tests { use crate::b::Other; }\n",
    )
    .unwrap();
    std::fs::write(dir.join("a/mod.rs"), "mod inner;\npub use inner::Thing;\n").unwrap();
    std::fs::write(
        dir.join("a/inner.rs"),
        "pub struct Thing;\nfn f() -> crate::b::Other { crate::b::Other }\n",
    )
    .unwrap();
    std::fs::write(dir.join("b.rs"), "use crate::Thing;\npub struct Other;\n").unwrap();
    let g = imports::graph(&dir.join("lib.rs"));
    let names: Vec<String> = g
        .edges
        .keys()
        .map(|&(a, b)| {
            let n = |f: usize| g.files[f].strip_prefix(&dir).unwrap().display().to_string();
            format!("{} -> {}", n(a), n(b))
        })
        .collect();
    // b's `crate::Thing` is a/inner.rs's (through two re-exports); the test module's use
    // and the parents' re-exports are no edges.
    assert_eq!(names, ["a/inner.rs -> b.rs", "b.rs -> a/inner.rs"]);
    assert_eq!(imports::cycles(&g).len(), 1);
    let _ = std::fs::remove_dir_all(&dir);
}

/// The longest a source file may be: a newcomer holds a file of this size in mind.
const MAX_LINES: usize = 800;

/// The files still over [`MAX_LINES`], each with the length it may not pass: the test fails
/// when one grows, and when one is back under the limit (take it off the list).
const KNOWN_LONG: &[(&str, usize)] = &[];

#[test]
fn no_source_file_is_longer_than_a_newcomer_can_hold_in_mind() {
    let mut files = Vec::new();
    for dir in [
        "app",
        "backend",
        "common",
        "frontend",
        "server",
        "nextcloud-sim",
        "testkit",
    ] {
        rust_files(&root().join(dir), &mut files);
    }
    let mut over = Vec::new();
    let mut seen = vec![false; KNOWN_LONG.len()];
    for f in &files {
        let name = f.strip_prefix(root()).unwrap_or(f).display().to_string();
        let lines = std::fs::read_to_string(f).unwrap().lines().count();
        match KNOWN_LONG.iter().position(|(n, _)| *n == name) {
            Some(k) => {
                seen[k] = true;
                let ceiling = KNOWN_LONG[k].1;
                if lines > ceiling {
                    over.push(format!("{name}: {lines} lines, more than its {ceiling}"));
                } else if lines <= MAX_LINES {
                    over.push(format!("{name}: {lines} lines: take it off KNOWN_LONG"));
                }
            }
            None if lines > MAX_LINES => {
                over.push(format!("{name}: {lines} lines (at most {MAX_LINES})"))
            }
            None => {}
        }
    }
    for (seen, (name, _)) in seen.iter().zip(KNOWN_LONG) {
        if !seen {
            over.push(format!("{name} is gone: take it off KNOWN_LONG"));
        }
    }
    assert!(files.len() > 100, "the sources were read");
    assert!(over.is_empty(), "{}", over.join("\n"));
}

#[test]
fn no_state_is_spelt_outside_its_type() {
    let mut files = Vec::new();
    for dir in ["app", "backend", "server", "testkit"] {
        rust_files(&root().join(dir), &mut files);
    }
    // The search's own test spells states on purpose.
    files.retain(|f| !f.ends_with("spellings/mod.rs"));
    assert!(files.len() > 100, "the sources were read");
    let root = root();
    let (mut found, used) = spellings::found(&root, &files);
    for (used, (file, word, _)) in used.iter().zip(spellings::other_meanings()) {
        if !used {
            found.push(format!(
                "{file}: \"{word}\" no longer appears: take it off OTHER_MEANINGS"
            ));
        }
    }
    assert!(
        found.is_empty(),
        "a state spelt by hand (use its type in common::states):\n{}",
        found.join("\n")
    );
}

/// The database keeps every stored state to its type's set: each column's `CHECK`
/// constraint names exactly the type's spellings, so a value added to one and not the other
/// fails here rather than at the first write.
#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn the_database_keeps_each_state_to_its_type(pool: sqlx::PgPool) {
    let mut wrong = Vec::new();
    for (table, column, mut words) in spellings::stored_sets() {
        let definitions: Vec<String> = sqlx::query_scalar(
            "select pg_get_constraintdef(c.oid) from pg_constraint c
             join pg_attribute a on a.attrelid = c.conrelid and a.attnum = any(c.conkey)
             where c.contype = 'c' and c.conrelid = $1::regclass and a.attname = $2",
        )
        .bind(table)
        .bind(column)
        .fetch_all(&pool)
        .await
        .unwrap();
        words.sort_unstable();
        let kept: Vec<Vec<String>> = definitions
            .iter()
            .map(|d| spellings::quoted_words(d))
            .collect();
        if !kept.iter().any(|k| *k == words) {
            wrong.push(format!(
                "{table}.{column}: {definitions:?}, the type says {words:?}"
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn every_privileged_backend_call_takes_a_role_proof() {
    let found = proofs::functions(&root().join("backend/src"));
    assert!(found.len() > 50, "the backend's functions were read");
    let mut wrong = Vec::new();
    for (file, name, second) in &found {
        let excepted = proofs::EXCEPTIONS
            .iter()
            .any(|(f, names, _)| f == file && names.contains(&name.as_str()));
        let not_yet = proofs::NOT_YET
            .iter()
            .any(|(f, names)| f == file && names.contains(&name.as_str()));
        match (proofs::is_proof(second.as_deref()), excepted || not_yet) {
            (true, true) => wrong.push(format!(
                "{file}: {name} takes a proof: take it off the lists"
            )),
            (false, false) => wrong.push(format!(
                "{file}: {name} takes no proof after &Ctx (&Staff, &Admin or &impl IsStaff)"
            )),
            _ => {}
        }
    }
    for (file, names) in proofs::EXCEPTIONS
        .iter()
        .map(|(f, n, _)| (f, n))
        .chain(proofs::NOT_YET.iter().map(|(f, n)| (f, n)))
    {
        for name in *names {
            if !found.iter().any(|(f, n, _)| f == file && n == name) {
                wrong.push(format!("{file}: {name} is listed and no longer exists"));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn only_the_command_line_makes_a_proof_of_its_own() {
    let mut files = Vec::new();
    for dir in ["app/src", "backend/src", "server/src"] {
        rust_files(&root().join(dir), &mut files);
    }
    let root = root();
    let mut wrong = Vec::new();
    for f in &files {
        let name = f.strip_prefix(&root).unwrap_or(f).display().to_string();
        let text = std::fs::read_to_string(f).unwrap();
        if text.contains("command_line(") && !proofs::COMMAND_LINE.contains(&name.as_str()) {
            wrong.push(name);
        }
    }
    assert!(
        wrong.is_empty(),
        "a proof made outside the command line: {wrong:?}"
    );
}
