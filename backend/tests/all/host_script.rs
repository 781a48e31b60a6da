//! The host script an operator installs (`docs/host/framaspace-host`) and the stand-in's
//! `host` command, which the provisioning tests run in its place, answer alike.

use nextcloud_sim::{HostConfig, Version};
use sqlx::PgPool;
use testkit::applicants::rand_suffix;
use testkit::hosts::sim_exe;

/// The host script of the docs (`docs/host/framaspace-host`), run for real against this
/// PostgreSQL with a web-server reload that does nothing, and the stand-in's `host`
/// command give the same answers to the same actions.
#[tokio::test]
async fn the_host_script_and_the_stand_in_answer_alike() {
    use backend::nextcloud::{CommandTemplate, HostScript, Occ, OnHost};
    use std::time::Duration;
    let url = std::env::var("DATABASE_URL").unwrap();
    let work = std::env::temp_dir().join(format!(
        "framaspace-host-script-{}-{}",
        std::process::id(),
        rand_suffix()
    ));
    let _ = std::fs::remove_dir_all(&work);
    for d in ["spaces", "sites", "sim"] {
        std::fs::create_dir_all(work.join(d)).unwrap();
    }
    std::fs::write(
        work.join("site.conf.template"),
        "server { server_name {name}.{domain}; root /srv/nextcloud/current; set $space {slug}; }\n",
    )
    .unwrap();
    std::fs::write(
        work.join("redirect.conf.template"),
        "server { server_name {names}; return 301 https://{name}.{domain}$request_uri; }\n",
    )
    .unwrap();
    let psql = ["/usr/lib/postgresql/15/bin/psql", "/usr/bin/psql"]
        .into_iter()
        .find(|p| std::path::Path::new(p).exists())
        .unwrap_or("psql");
    let pg: sqlx::postgres::PgConnectOptions = url.parse().unwrap();
    let script =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/host/framaspace-host");
    let wrapper = work.join("framaspace-host");
    std::fs::write(
        &wrapper,
        format!(
            "#!/bin/sh\nFRAMASPACE_SPACES_DIR={w}/spaces FRAMASPACE_SITES_DIR={w}/sites \
             FRAMASPACE_SITE_TEMPLATE={w}/site.conf.template FRAMASPACE_SPACE_USERS=0 \
             FRAMASPACE_POOL_TEMPLATE={pool} FRAMASPACE_POOLS_DIR={w}/pools \
             FRAMASPACE_RELOAD_PHP=true FRAMASPACE_CODE_DIR=/srv/nextcloud \
             FRAMASPACE_REDIRECT_TEMPLATE={w}/redirect.conf.template FRAMASPACE_DOMAIN=nc.test \
             FRAMASPACE_RELOAD=true FRAMASPACE_PSQL=\"{psql} -X -q -v ON_ERROR_STOP=1 -d {url}\" \
             FRAMASPACE_LOCK_DIR={w}/locks FRAMASPACE_LOCK_WAIT=1 \
             FRAMASPACE_PG_DUMP=\"{pg_dump} -h {pg_host} -p {pg_port} -U {pg_user}\" \
             exec {s} \"$@\"\n",
            w = work.display(),
            s = script.display(),
            pool = script.with_file_name("pool.conf.template").display(),
            pg_dump = std::path::Path::new(psql)
                .with_file_name("pg_dump")
                .display(),
            pg_host = pg.get_host(),
            pg_port = pg.get_port(),
            pg_user = pg.get_username(),
        ),
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&wrapper, std::fs::Permissions::from_mode(0o755)).unwrap();
    nextcloud_sim::Store::new(work.join("sim"))
        .init(
            &HostConfig {
                name: "sim".into(),
                domain: "nc.test".into(),
                version: Version::V35,
                default_space: None,
                sites: true,
                apps_not_installed: Vec::new(),
            },
            true,
        )
        .unwrap();
    let slug = format!("hs-{}-{}", std::process::id(), rand_suffix());
    let templates = [
        format!("{} {{slug}}", wrapper.display()),
        format!(
            "{} host --dir {}/sim {{slug}}",
            sim_exe().display(),
            work.display()
        ),
    ];
    let mut answers = Vec::new();
    for t in &templates {
        let template = CommandTemplate::direct(t).unwrap();
        let s = HostScript::new(template.clone(), "h", &slug, Duration::from_secs(30));
        let raw = Occ::new(template.clone(), "h", &slug, Duration::from_secs(30));
        let password = backend::Secret::new("a 'quoted' password; drop table x");
        let mut seen = vec![format!("{:?}", s.status().await.unwrap())];
        // The space's id names its Unix user: without it, nothing is made.
        seen.push(format!(
            "{:?}",
            raw.run(&["create-site"], &[]).await.unwrap().code
        ));
        seen.push(format!(
            "{:?}",
            raw.run(&["create-site", "0x1"], &[]).await.unwrap().code
        ));
        seen.push(format!("{:?}", s.create_site(41).await.unwrap()));
        seen.push(format!("{:?}", s.create_site(41).await.unwrap()));
        seen.push(format!("{:?}", s.create_database(&password).await.unwrap()));
        seen.push(format!("{:?}", s.create_database(&password).await.unwrap()));
        let made = s.status().await.unwrap();
        if t == &templates[0] {
            // Its PHP-FPM pool runs as the space's own user, inside its own folders.
            let pool = std::fs::read_to_string(work.join(format!("pools/framaspace-{slug}.conf")))
                .unwrap();
            let dir = work.join("spaces").join(&slug);
            for line in [
                format!("[{slug}]"),
                "user = space-41".to_string(),
                "group = space-41".to_string(),
                "pm = ondemand".to_string(),
                format!("env[NEXTCLOUD_CONFIG_DIR] = {}/config/", dir.display()),
                format!(
                    "php_admin_value[open_basedir] = {}/:/srv/nextcloud/:/dev/urandom",
                    dir.display()
                ),
                format!("php_admin_value[upload_tmp_dir] = {}/tmp", dir.display()),
                format!(
                    "php_admin_value[session.save_path] = {}/sessions",
                    dir.display()
                ),
                "php_admin_flag[opcache.validate_permission] = on".to_string(),
            ] {
                assert!(pool.lines().any(|l| l == line), "{line} in\n{pool}");
            }
            use std::os::unix::fs::PermissionsExt;
            for sub in ["config", "data", "tmp", "sessions"] {
                let mode = std::fs::metadata(dir.join(sub))
                    .unwrap()
                    .permissions()
                    .mode();
                assert_eq!(mode & 0o777, 0o700, "{sub} is its owner's only");
            }
            assert!(!dir.join("apps").exists(), "no writable apps folder");
            // The script made a real role and database.
            let pool = PgPool::connect(&url).await.unwrap();
            let db = format!("nc_{}", slug.replace('-', "_"));
            let found: Option<i32> =
                sqlx::query_scalar("select 1 from pg_database where datname = $1")
                    .bind(&db)
                    .fetch_optional(&pool)
                    .await
                    .unwrap();
            assert_eq!(found, Some(1), "{db}");
            // PostgreSQL keeps the verifier the script was sent, a verifier of this password.
            let kept: String =
                sqlx::query_scalar("select rolpassword from pg_authid where rolname = $1")
                    .bind(&db)
                    .fetch_one(&pool)
                    .await
                    .unwrap();
            assert!(
                nextcloud_sim::scram::verify(&kept, password.expose()),
                "{kept}"
            );
            // Only a space's own role may connect to its database.
            let other = format!("{slug}-b");
            let other_db = format!("nc_{}", other.replace('-', "_"));
            let s2 = HostScript::new(template.clone(), "h", &other, Duration::from_secs(30));
            s2.create_site(42).await.unwrap();
            s2.create_database(&backend::Secret::new("Other-space-password-1"))
                .await
                .unwrap();
            let as_role = |role: &str, database: &str| {
                let options: sqlx::postgres::PgConnectOptions = url.parse().unwrap();
                options.username(role).database(database)
            };
            use sqlx::ConnectOptions;
            as_role(&db, &db).connect().await.expect("its own database");
            let refused = as_role(&db, &other_db)
                .connect()
                .await
                .unwrap_err()
                .to_string();
            assert!(refused.contains("permission denied"), "{refused}");
            s2.remove().await.unwrap();
        }
        assert_eq!(
            made,
            OnHost {
                site: true,
                database: true,
                install_begun: false,
                installed: false
            }
        );
        seen.push(format!("{made:?}"));
        // A new address, the first one redirected; again, nothing to do; then a name of
        // its past given back, which no longer redirects.
        let renamed = format!("{slug}-new");
        let former = vec![slug.clone()];
        let addressed = [
            s.set_address(&renamed, &former).await.unwrap(),
            s.set_address(&renamed, &former).await.unwrap(),
        ];
        seen.push(format!("{addressed:?}"));
        if t == &templates[0] {
            let site = std::fs::read_to_string(work.join(format!("sites/framaspace-{slug}.conf")))
                .unwrap();
            assert!(
                site.contains(&format!("server_name {renamed}.nc.test;")),
                "{site}"
            );
            assert!(
                site.contains(&format!("set $space {slug};")),
                "the folder keeps its name"
            );
            let redirect =
                std::fs::read_to_string(work.join(format!("sites/framaspace-{slug}-former.conf")))
                    .unwrap();
            assert!(
                redirect.contains(&format!(
                    "server_name {slug}.nc.test; return 301 https://{renamed}.nc.test$request_uri;"
                )),
                "{redirect}"
            );
        } else {
            let store = nextcloud_sim::Store::new(work.join("sim"));
            assert_eq!(
                store.resolve(&renamed),
                nextcloud_sim::store::Site::Serve(slug.clone())
            );
            assert_eq!(
                store.resolve(&slug),
                nextcloud_sim::store::Site::Redirect(renamed.clone())
            );
        }
        seen.push(format!(
            "{:?}",
            s.set_address(&slug, std::slice::from_ref(&renamed))
                .await
                .unwrap()
        ));
        seen.push(format!("{:?}", s.set_address(&slug, &[]).await.unwrap()));
        seen.push(format!(
            "{:?}",
            raw.run(&["address", "-x"], &[]).await.unwrap().code
        ));
        // The logo: a PNG written in the space's folder, its absolute path said; a JPEG
        // replaces it; an SVG or what is not base64 is refused (2), nothing written.
        let mut png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR".to_vec();
        png.extend_from_slice(&[0, 0, 0, 64, 0, 0, 0, 32, 8, 6, 0, 0, 0, 1, 2, 3, 4]);
        let path = s.write_logo(&png).await.unwrap();
        assert!(path.starts_with('/'), "{path}");
        assert!(
            path.ends_with(&format!("/{slug}/theming/logo.png")),
            "{path}"
        );
        assert_eq!(std::fs::read(&path).unwrap(), png);
        let jpeg = [0xff, 0xd8, 0xff, 0xe0, 0, 16, b'J', b'F', b'I', b'F', 0];
        let replaced = s.write_logo(&jpeg).await.unwrap();
        assert!(replaced.ends_with("/theming/logo.jpg"), "{replaced}");
        assert!(!std::path::Path::new(&path).exists(), "one logo at a time");
        for input in ["PHN2Zz48L3N2Zz4=\n", "not base64 at all!\n"] {
            let out = raw.run_with_input(&["logo"], &[], input).await.unwrap();
            assert_eq!(out.code, 2, "{t}: {input} {out:?}");
        }
        assert_eq!(std::fs::read(&replaced).unwrap(), jpeg);
        // An export: the data folder (a member's file) and the database, archived into
        // the account's `Exports`; the next one replaces it; an id that could leave the
        // folder is refused (2).
        let data = if t == &templates[0] {
            work.join("spaces").join(&slug).join("data")
        } else {
            nextcloud_sim::Store::new(work.join("sim"))
                .space_dir(&slug)
                .join("data")
        };
        std::fs::create_dir_all(data.join("alix/files")).unwrap();
        std::fs::write(data.join("alix/files/note.txt"), "ordre du jour").unwrap();
        let wait = Duration::from_secs(60);
        let first = s
            .export("alix", wait)
            .await
            .unwrap()
            .expect("an export action");
        let made = s
            .export("alix", wait)
            .await
            .unwrap()
            .expect("an export action");
        let name = |f: &str| {
            f.strip_prefix(&format!("Exports/frama-space-{slug}-"))
                .is_some_and(|n| n.ends_with(".tar.gz"))
        };
        assert!(name(&made.file), "{t}: {made:?}");
        let archive = data.join("alix/files").join(&made.file);
        assert_eq!(std::fs::metadata(&archive).unwrap().len(), made.bytes);
        let exports: Vec<_> = std::fs::read_dir(data.join("alix/files/Exports"))
            .unwrap()
            .collect();
        assert_eq!(exports.len(), 1, "{first:?} replaced");
        let listed = std::process::Command::new("tar")
            .arg("-tzf")
            .arg(&archive)
            .output()
            .unwrap();
        let listed = String::from_utf8_lossy(&listed.stdout).into_owned();
        assert!(listed.contains("data/alix/files/note.txt"), "{t}: {listed}");
        assert!(!listed.contains("Exports"), "{t}: {listed}");
        let dump = if t == &templates[0] {
            "database.sql"
        } else {
            "database.json"
        };
        assert!(listed.lines().any(|l| l == dump), "{t}: {listed}");
        seen.push(format!("export {}", name(&first.file)));
        for uid in ["../alix", "-x", "a/b", "", "."] {
            let out = raw.run(&["export", uid], &[]).await.unwrap();
            seen.push(format!("export {uid:?}: {}", out.code));
        }
        // The space's lock held (by a running install): reset-install does not wait and
        // says busy; another action waits its while, then says busy too.
        let lock_file = if t == &templates[0] {
            work.join(format!("locks/{slug}.lock"))
        } else {
            nextcloud_sim::Store::new(work.join("sim")).lock_path(&slug)
        };
        let held = std::fs::File::open(&lock_file).unwrap();
        held.lock().unwrap();
        seen.push(format!(
            "{:?}",
            raw.run(&["reset-install"], &[]).await.unwrap().code
        ));
        if t == &templates[0] {
            let waited = raw.run(&["status"], &[]).await.unwrap().code;
            assert_eq!(
                waited,
                backend::nextcloud::HOST_BUSY,
                "after FRAMASPACE_LOCK_WAIT"
            );
        }
        drop(held);
        seen.push(format!("{:?}", s.reset_install().await));
        seen.push(format!("{:?}", raw.run(&["nope"], &[]).await.unwrap().code));
        seen.push(format!("{:?}", s.remove().await));
        seen.push(format!("{:?}", s.status().await.unwrap()));
        answers.push(seen);
    }
    assert_eq!(answers[0], answers[1]);
    assert_eq!(answers[0][1], "2", "create-site without the space's id");
    assert_eq!(answers[0][2], "2", "create-site with an id that is not one");
    assert_eq!(answers[0][3], "true");
    assert_eq!(answers[0][4], "false");
    assert_eq!(answers[0][5], "true");
    assert_eq!(answers[0][6], "false");
    assert_eq!(answers[0][8], "[true, false]");
    assert_eq!(answers[0][9], "true");
    assert_eq!(
        answers[0][10], "true",
        "the former name no longer redirects"
    );
    assert_eq!(answers[0][11], "2", "an invalid name is a usage error");
    assert_eq!(
        answers[0][18], "4",
        "reset-install while the space is locked: busy"
    );
    assert_eq!(answers[0][19], "Ok(())");
    assert_eq!(answers[0][20], "2", "an unknown action is a usage error");
    assert_eq!(answers[0][12], "export true");
    for refused in &answers[0][13..18] {
        assert!(refused.ends_with(": 2"), "{refused}");
    }
    assert!(
        !work.join(format!("pools/framaspace-{slug}.conf")).exists(),
        "remove takes the pool away"
    );
    // Started as root, the occ wrapper runs occ only as a space's own user: never as root,
    // nor as any user that is not a space's.
    let root = std::process::Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.starts_with(b"0\n"));
    if root {
        let occ_wrapper = script.with_file_name("framaspace-occ");
        std::fs::create_dir_all(work.join("spaces/owned-by-root/config")).unwrap();
        let out = std::process::Command::new(&occ_wrapper)
            .arg("owned-by-root")
            .arg("status")
            .env("FRAMASPACE_SPACES_DIR", work.join("spaces"))
            .env("FRAMASPACE_PHP", "/bin/false")
            .stdin(std::process::Stdio::null())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(3));
        let said = String::from_utf8_lossy(&out.stderr);
        assert!(
            said.contains("belongs to root, not to a space's user"),
            "{said}"
        );
    }
    let _ = std::fs::remove_dir_all(&work);
}
