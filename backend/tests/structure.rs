//! The crate boundaries of ARCHITECTURE.md, checked on the sources: the driver knows
//! nothing of the stand-in, and the backend nothing of HTTP servers or Leptos.

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
