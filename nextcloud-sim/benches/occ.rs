//! `occ` commands per second through a local command template, as the portal's driver runs
//! them (one process per command, secrets on standard input), beside the same driver
//! running `/bin/true`: the floor of spawning a process here.
//!
//! `cargo bench -p nextcloud-sim --bench occ` (also part of `make bench`).

#![allow(clippy::unwrap_used)]

use std::path::PathBuf;
use std::time::{Duration, Instant};

use backend::nextcloud::occ::{CommandTemplate, Install, Occ};
use backend::Secret;

const N: usize = 300;

async fn rate(occ: &Occ, args: &[&str], callers: usize) -> f64 {
    let start = Instant::now();
    let mut tasks = Vec::new();
    for c in 0..callers {
        let occ = occ.clone();
        let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
        tasks.push(tokio::spawn(async move {
            for i in 0..N / callers {
                let owned: Vec<String> = args
                    .iter()
                    .map(|a| a.replace("{i}", &format!("{c}-{i}")))
                    .collect();
                let refs: Vec<&str> = owned.iter().map(String::as_str).collect();
                let out = occ.run(&refs, &[]).await.unwrap();
                assert_eq!(out.code, 0, "{}", out.stderr);
            }
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    (N / callers * callers) as f64 / start.elapsed().as_secs_f64()
}

fn main() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let exe = PathBuf::from(env!("CARGO_BIN_EXE_nextcloud-sim"));
        let dir = std::env::temp_dir().join(format!("ncsim-bench-occ-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        nextcloud_sim::Store::new(&dir)
            .init(
                &nextcloud_sim::HostConfig {
                    name: "bench".into(),
                    domain: "nc.bench".into(),
                    version: nextcloud_sim::Version::V35,
                    default_space: None,
                    sites: false,
                    apps_not_installed: Vec::new(),
                },
                true,
            )
            .unwrap();
        let template = CommandTemplate::direct(&format!(
            "{} occ --dir {} --stdin-env {{slug}}",
            exe.display(),
            dir.display()
        ))
        .unwrap();
        let occ = Occ::new(template, "bench", "bench", Duration::from_secs(30));
        occ.install(&Install {
            database: "pgsql",
            database_host: "localhost",
            database_name: "nc_bench",
            database_user: "nc_bench",
            database_password: &Secret::new("x"),
            admin_user: "portal",
            admin_password: &Secret::new("Bench-admin-password-1"),
            data_dir: "/srv/spaces/bench/data",
        })
        .await
        .unwrap();
        for i in 0..49 {
            occ.add_user(
                &format!("membre{i}"),
                &format!("Membre {i}"),
                None,
                &["membres"],
                &Secret::new("Member-password-1"),
            )
            .await
            .unwrap();
        }
        let floor = Occ::new(
            CommandTemplate::direct("/bin/true {slug}").unwrap(),
            "bench",
            "bench",
            Duration::from_secs(30),
        );

        let rows = [
            (
                "/bin/true (the floor)",
                rate(&floor, &[], 1).await,
                rate(&floor, &[], 2).await,
            ),
            (
                "user:info --output=json (read)",
                rate(&occ, &["user:info", "membre7", "--output=json"], 1).await,
                rate(&occ, &["user:info", "membre7", "--output=json"], 2).await,
            ),
            (
                "config:app:set (write, locked)",
                rate(&occ, &["config:app:set", "bench", "k{i}", "--value=v"], 1).await,
                rate(&occ, &["config:app:set", "bench", "k{i}", "--value=v"], 2).await,
            ),
        ];
        println!("{N} commands each, one instance of 50 accounts, 2 cores");
        println!(
            "{:<34} {:>13} {:>13} {:>14}",
            "", "1 caller /s", "2 callers /s", "/ floor (1)"
        );
        let base = rows[0].1;
        for (label, one, two) in rows {
            println!("{label:<34} {one:>13.0} {two:>13.0} {:>14.2}", one / base);
        }
        let _ = std::fs::remove_dir_all(&dir);
    });
}
