//! `files:scan`: what lists in Nextcloud the files the host script wrote behind its back
//! (the exports), and how it says an unknown user or a missing path (§6 files).

use super::*;

pub(super) fn cases() -> Vec<Case> {
    vec![case!(
        files_scan_lists_what_was_written_and_counts_errors_without_failing,
        Needs::Occ,
        true,
        |t| {
            // §6 files: exit 0 with an unknown user or a missing path, counted in the
            // table's `Errors` column; no user at all is a failure.
            let occ = t.occ();
            let out = occ.run(&["files:scan"], &[]).await.unwrap();
            assert_eq!(out.code, 1, "{out:?}");
            assert!(out.stdout.contains("Please specify the user id to scan"));
            let out = occ.run(&["files:scan", "nobody-here"], &[]).await.unwrap();
            assert_eq!(out.code, 0, "{out:?}");
            assert!(out.stdout.contains("Unknown user 1 nobody-here"), "{out:?}");
            let missing = format!("/{}/files/ct-none-{}", t.admin, unique(""));
            let out = occ
                .run(&["files:scan", &format!("--path={missing}")], &[])
                .await
                .unwrap();
            assert_eq!(out.code, 0, "{out:?}");
            assert!(out.stdout.contains(&format!("Path not found: {missing}")));
            assert!(occ.scan_files(&missing).await.is_err(), "read as a failure");
            // A file written behind Nextcloud's back (the stand-in's data folder; a
            // real host's is not reachable from here).
            if let Some(sim) = &t.sim {
                let folder = sim
                    .host
                    .store
                    .space_dir(&t.slug)
                    .join("data")
                    .join(&t.admin)
                    .join("files/ct-scan");
                std::fs::create_dir_all(&folder).unwrap();
                std::fs::write(folder.join("a.txt"), "abc").unwrap();
                let path = format!("/{}/files/ct-scan", t.admin);
                let out = occ.run(&["files:scan", "-p", &path], &[]).await.unwrap();
                assert_eq!(out.code, 0, "{out:?}");
                assert!(out
                    .stdout
                    .contains(&format!("Starting scan for user 1 out of 1 ({})", t.admin)));
                assert!(
                    out.stdout.contains(
                        "| Folders | Files | New | Updated | Removed | Errors | Elapsed time |"
                    ),
                    "{out:?}"
                );
                occ.scan_files(&path).await.unwrap();
                let cached = sim.host.store.load(&t.slug).unwrap().unwrap().file_cache;
                assert_eq!(cached.get(&format!("{path}/a.txt")), Some(&3));
            }
        }
    )]
}
