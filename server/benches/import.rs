//! `cargo bench -p server --bench import` (run by `make bench`): importing members from a
//! file, on loopback against a stand-in Nextcloud host, on the PostgreSQL at
//! `DATABASE_URL`, in a database of its own (`framaspace_bench_import`, recreated).
//!
//! - The real server (production mode) and a stand-in host in this process; an application
//!   approved and its space provisioned through the real queue and steps; its referent
//!   logged in by the mailed link. The space may hold 60 accounts here (50 in the
//!   settings' default), so that a file of 50 new members fits beside the referent.
//! - The preview of a file of 2,000 rows (`name,email`, UTF-8): the upload (read, kept),
//!   then its page asked `PREVIEW_RUNS` times one after another (the file read again, the
//!   space's members listed through OCS, every row classified, the first 500 shown).
//!   Goal: p95 at most 1 s.
//! - A 50-row import from the referent's confirmation to the last account made in the
//!   stand-in: the confirmation's POST, then the queue run by a worker of the portal's own
//!   (each account made through OCS, the space's limit counted afresh each time). Goal:
//!   at most 10 s. Beside it, the same 50 accounts made one by one through the members
//!   page's form, as a referent without the import would.
//! - It prints each figure against its goal, and fails past a goal.
//!
//! Needs the stand-in's binary: `cargo build --release -p nextcloud-sim`.

#![allow(clippy::unwrap_used)] // a benchmark that cannot unwrap should stop

mod common;

use std::time::Instant;

const PREVIEW_ROWS: usize = 2_000;
const PREVIEW_RUNS: usize = 20;
const PREVIEW_GOAL_MS: f64 = 1_000.0;
const IMPORT_ROWS: usize = 50;
const IMPORT_GOAL_MS: f64 = 10_000.0;

/// A multipart body with `text` as the form's file.
fn multipart(text: &str) -> (String, Vec<u8>) {
    let boundary = "----framaspace-bench-boundary";
    let body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"encoding\"\r\n\r\n\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"membres.csv\"\r\n\
         Content-Type: text/csv\r\n\r\n{text}\r\n--{boundary}--\r\n"
    );
    (
        format!("multipart/form-data; boundary={boundary}"),
        body.into_bytes(),
    )
}

/// `rows` members named after `prefix`, as a file.
fn file(prefix: &str, rows: usize) -> String {
    let mut text = String::from("Prénom,Nom,Courriel\n");
    for n in 1..=rows {
        text.push_str(&format!("Personne,{prefix} {n},{prefix}{n}@example.org\n"));
    }
    text
}

#[tokio::main(flavor = "multi_thread")]
async fn main() {
    let b = common::space("framaspace_bench_import", "nc-import", 1, |c| {
        c.site.accounts_per_space = 60;
    })
    .await;
    let import_path = format!("/espace/{}/membres/importer", b.slug);
    let upload = |text: String| {
        let (b, import_path) = (&b, import_path.clone());
        async move {
            let (content_type, body) = multipart(&text);
            let res = b
                .client
                .post(format!("{}{import_path}", b.base))
                .header("origin", &b.base)
                .header("cookie", &b.cookie)
                .header("content-type", content_type)
                .body(body)
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 303, "the upload was refused");
            res.headers()["location"].to_str().unwrap().to_string()
        }
    };

    // The preview of 2,000 rows.
    let started = Instant::now();
    let preview = upload(file("Apercu", PREVIEW_ROWS)).await;
    let upload_ms = started.elapsed().as_secs_f64() * 1000.0;
    let mut millis = Vec::new();
    for _ in 0..PREVIEW_RUNS {
        let t = Instant::now();
        let page = b
            .client
            .get(format!("{}{preview}", b.base))
            .header("cookie", &b.cookie)
            .send()
            .await
            .unwrap();
        assert_eq!(page.status(), 200);
        let body = page.text().await.unwrap();
        millis.push(t.elapsed().as_secs_f64() * 1000.0);
        let main = &body[body.find("<main").unwrap_or(0)..];
        assert!(
            body.contains("nouveau(x) compte(s)"),
            "the preview says what happens: {}",
            &main[..main.len().min(3000)]
        );
    }
    millis.sort_by(f64::total_cmp);
    let preview_p95 = common::at(&millis, 95.0);

    // A 50-row import, from the confirmation to the last account.
    let page = upload(file("Import", IMPORT_ROWS)).await;
    let started = Instant::now();
    let confirmed = b
        .client
        .post(format!("{}{page}", b.base))
        .header("origin", &b.base)
        .header("cookie", &b.cookie)
        .header("content-type", "application/x-www-form-urlencoded")
        .body("action=confirm")
        .send()
        .await
        .unwrap();
    assert_eq!(confirmed.status(), 303);
    testkit::hosts::drain(&b.ctx).await.unwrap();
    let import_ms = started.elapsed().as_secs_f64() * 1000.0;
    let accounts = b.host.store.load(&b.slug).unwrap().unwrap().users.len();
    // The referent, the portal's own account, and the fifty.
    assert_eq!(
        accounts,
        IMPORT_ROWS + 2,
        "every account of the file is made"
    );

    // The same fifty by hand, one form after another, in another space's worth of room:
    // the ones imported are deleted first through the stand-in, as a referent would.
    b.host
        .store
        .update(&b.slug, |i| {
            let imported: Vec<String> = i
                .users
                .keys()
                .filter(|u| u.starts_with("personne"))
                .cloned()
                .collect();
            assert_eq!(imported.len(), IMPORT_ROWS);
            for uid in imported {
                i.delete_user(&uid);
            }
        })
        .unwrap();
    let members = format!("{}/espace/{}/membres", b.base, b.slug);
    let started = Instant::now();
    for n in 1..=IMPORT_ROWS {
        let res = b
            .client
            .post(&members)
            .header("origin", &b.base)
            .header("cookie", &b.cookie)
            .header("content-type", "application/x-www-form-urlencoded")
            .body(format!(
                "action=create&key=bench-{n}&name=Personne%20Main%20{n}&email=main{n}%40example.org"
            ))
            .send()
            .await
            .unwrap();
        let status = res.status();
        let body = res.text().await.unwrap_or_default();
        let summary = body
            .find("error-summary")
            .map(|at| &body[at..(at + 600).min(body.len())])
            .unwrap_or_default();
        assert_eq!(
            status, 303,
            "member {n} made by hand was refused: {summary}"
        );
    }
    let by_hand_ms = started.elapsed().as_secs_f64() * 1000.0;

    println!("Importing members on a stand-in host, on loopback:");
    println!(
        "upload of {PREVIEW_ROWS} rows: {upload_ms:.1} ms; its preview page, {PREVIEW_RUNS} times: p50 {:.1} ms, p95 {preview_p95:.1} ms",
        common::at(&millis, 50.0)
    );
    println!(
        "preview p95 / {PREVIEW_GOAL_MS} ms goal: {:.3}",
        preview_p95 / PREVIEW_GOAL_MS
    );
    println!(
        "{IMPORT_ROWS}-row import, confirmation to last account: {import_ms:.0} ms; / {IMPORT_GOAL_MS} ms goal: {:.3}",
        import_ms / IMPORT_GOAL_MS
    );
    println!(
        "the same {IMPORT_ROWS} accounts by the members page's form, one after another: {by_hand_ms:.0} ms; import / by hand: {:.2}",
        import_ms / by_hand_ms
    );
    let imports: i64 =
        sqlx::query_scalar("select count(*) from member_imports where space_id = $1")
            .bind(b.space_id)
            .fetch_one(&b.pool)
            .await
            .unwrap();
    // The 2,000-row draft, never confirmed, was replaced by the next upload.
    assert_eq!(imports, 1, "the import confirmed, of this space");
    if preview_p95 > PREVIEW_GOAL_MS || import_ms > IMPORT_GOAL_MS {
        eprintln!("an import figure is over its goal");
        std::process::exit(1);
    }
}
