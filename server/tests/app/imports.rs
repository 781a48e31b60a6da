//! Importing members from a file, against a provisioned space on a stand-in host: a
//! Windows-1252 file with bad rows is previewed (read in the encoding found, each row said),
//! imported by a job of the queue (groups made, Nextcloud's welcome mails), its report shown
//! and downloaded without a formula; the same list fixed and imported again creates nothing
//! twice; a worker stopped mid-import leaves no account made twice; hostile files get a
//! sentence each, and nothing is kept or created.

use sqlx::PgPool;

use crate::members::accounts;
use crate::provisioning::provisioned;
use crate::support::{shown_in_main, Response, TestApp};

const IMPORT: &str = "/espace/les-amis/membres/importer";

fn dir(name: &str) -> std::path::PathBuf {
    std::env::temp_dir().join(format!("framaspace-import-{name}-{}", std::process::id()))
}

async fn space(app: &TestApp, host_name: &str) -> (nextcloud_sim::Host, String) {
    let (host, _, _, _) = provisioned(app, &dir(host_name), host_name).await;
    app.drain_jobs().await;
    let cookie = app.log_in_to_space("les-amis", "camille@example.org").await;
    (host, cookie)
}

/// Sends `bytes` as the upload form's file (`multipart/form-data`), with `encoding`.
async fn upload(app: &TestApp, cookie: &str, name: &str, bytes: &[u8], encoding: &str) -> Response {
    let boundary = "----framaspace-test-7MA4YWxkTrZu0gW";
    let mut body = Vec::new();
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"encoding\"\r\n\r\n{encoding}\r\n\
             --{boundary}\r\nContent-Disposition: form-data; name=\"text\"\r\n\r\n\r\n\
             --{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n\
             Content-Type: text/csv\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let origin = app.origin();
    let content_type = format!("multipart/form-data; boundary={boundary}");
    app.request_bytes(
        "POST",
        IMPORT,
        &[
            ("content-type", &content_type),
            ("origin", &origin),
            ("cookie", cookie),
        ],
        &body,
    )
    .await
}

/// The import's page a successful upload leads to.
fn import_page(res: &Response) -> String {
    assert_eq!(res.status, 303, "{}", res.body);
    let to = res.header("location").unwrap().to_string();
    assert!(to.starts_with(&format!("{IMPORT}/")), "{to}");
    to
}

/// A list of `n` members as a membership tool exports it on Windows: Windows-1252,
/// semicolons, first and last names apart, accents.
fn windows_list(rows: &[(String, String, String, String)]) -> Vec<u8> {
    let mut text = String::from("N° adhérent;Prénom;NOM;Courriel;Groupes\r\n");
    for (i, (first, last, email, groups)) in rows.iter().enumerate() {
        text.push_str(&format!("{};{first};{last};{email};{groups}\r\n", i + 1));
    }
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(&text);
    assert!(!unmappable);
    bytes.into_owned()
}

fn person(i: usize) -> (String, String, String, String) {
    let firsts = ["Hélène", "Élodie", "François", "Zoé", "Noël"];
    (
        firsts[i % firsts.len()].to_string(),
        format!("Lévêque{i}"),
        format!("membre{i}@example.org"),
        if i.is_multiple_of(3) {
            "Bureau".into()
        } else {
            "Jardin partagé".into()
        },
    )
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn a_windows_file_with_bad_rows_is_imported_then_fixed_and_imported_again(pool: PgPool) {
    let app = crate::support::spawn_app(pool, |_| {}).await;
    let (host, cookie) = space(&app, "nc-import").await;
    assert_eq!(accounts(&host).len(), 1);
    // Twenty rows: seventeen people, an address that is none, a row without a name, and
    // the first person again.
    let mut rows: Vec<_> = (1..=17).map(person).collect();
    rows[4].0 = "=1+2".into();
    rows.push((
        "Sans".into(),
        "Adresse".into(),
        "pas-une-adresse".into(),
        String::new(),
    ));
    rows.push((
        String::new(),
        String::new(),
        "sans-nom@example.org".into(),
        String::new(),
    ));
    rows.push((
        "Hélène".into(),
        "Lévêque1".into(),
        "MEMBRE1@example.org".into(),
        String::new(),
    ));
    let file = windows_list(&rows);
    let res = upload(&app, &cookie, "adhérents.csv", &file, "").await;
    let page_path = import_page(&res);
    let page = app.get_with(&page_path, &[("cookie", &cookie)]).await;
    assert_eq!(page.status, 200);
    assert!(
        shown_in_main(&page.body, "Lu en Windows-1252"),
        "{}",
        page.body
    );
    assert!(shown_in_main(&page.body, "Lévêque2"));
    assert!(shown_in_main(&page.body, "17 nouveau(x) compte(s)"));
    assert!(shown_in_main(
        &page.body,
        "Adresse e-mail qui ne semble pas valide"
    ));
    assert!(shown_in_main(&page.body, "Pas de nom"));
    assert!(shown_in_main(&page.body, "Même personne qu’à la ligne 2"));
    // Nothing is made by a preview.
    assert_eq!(accounts(&host).len(), 1);
    let res = app.post_with(&page_path, &cookie, "action=confirm").await;
    assert_eq!(
        res.header("location"),
        Some(format!("{page_path}?resultat=queued&create=17&groups=0").as_str())
    );
    // Pressed twice (another tab): one job.
    let again = app.post_with(&page_path, &cookie, "action=confirm").await;
    assert_eq!(
        again.header("location"),
        Some(format!("{page_path}?resultat=already").as_str())
    );
    let page = app.get_with(&page_path, &[("cookie", &cookie)]).await;
    assert!(
        shown_in_main(&page.body, "0 ligne(s) traitée(s) sur 20"),
        "{}",
        page.body
    );
    assert!(page.body.contains("Actualiser"));
    app.drain_jobs().await;
    let made = accounts(&host);
    assert_eq!(made.len(), 18, "{made:?}");
    let instance = host.store.load("les-amis").unwrap().unwrap();
    assert!(instance.groups.contains_key("Jardin partagé"));
    assert!(instance.groups["Bureau"].members.contains("zoe.leveque3"));
    assert_eq!(
        instance.users["zoe.leveque3"].email.as_deref(),
        Some("membre3@example.org")
    );
    // Nextcloud's welcome mail, to each new member.
    let welcomed = host
        .store
        .mails("les-amis")
        .into_iter()
        .filter(|m| m.to.contains("@example.org") && m.to.starts_with("membre"))
        .count();
    assert_eq!(welcomed, 17);
    let page = app.get_with(&page_path, &[("cookie", &cookie)]).await;
    assert!(shown_in_main(&page.body, "20 ligne(s) traitée(s) sur 20"));
    assert!(shown_in_main(&page.body, "17 compte(s) créé(s)"));
    assert!(shown_in_main(&page.body, "3 non importé(s)"));
    assert!(!page.body.contains("Actualiser"));
    // The file and the addresses are gone; the report stays.
    let (content, emails): (Option<Vec<u8>>, i64) = sqlx::query_as(
        "select content, (select count(email) from member_import_rows) from member_imports",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!((content, emails), (None, 0));
    let report = app
        .get_with(&format!("{page_path}/rapport.csv"), &[("cookie", &cookie)])
        .await;
    assert_eq!(report.status, 200);
    assert_eq!(
        report.header("content-type"),
        Some("text/csv; charset=utf-8")
    );
    assert!(report.body.starts_with('\u{feff}'));
    assert!(report.body.contains("'=1+2"), "{}", report.body);
    assert!(!report.body.contains(";=1+2"));
    assert!(report.body.contains("Compte créé"));

    // The three rows fixed, the same file imported again: only they are made.
    rows[17].2 = "sans.adresse@example.org".into();
    rows[18].0 = "Sacha".into();
    rows[19] = (
        "Hélène".into(),
        "Autre".into(),
        "helene.autre@example.org".into(),
        String::new(),
    );
    let res = upload(
        &app,
        &cookie,
        "adhérents-corrigé.csv",
        &windows_list(&rows),
        "",
    )
    .await;
    let second = import_page(&res);
    assert_ne!(second, page_path);
    let page = app.get_with(&second, &[("cookie", &cookie)]).await;
    assert!(
        shown_in_main(&page.body, "17 déjà membre(s)"),
        "{}",
        page.body
    );
    assert!(shown_in_main(&page.body, "3 nouveau(x) compte(s)"));
    let res = app.post_with(&second, &cookie, "action=confirm").await;
    assert_eq!(
        res.header("location"),
        Some(format!("{second}?resultat=queued&create=3&groups=0").as_str())
    );
    app.drain_jobs().await;
    assert_eq!(accounts(&host).len(), 21);
    // Each made once, as its row's history says.
    let created: i64 = sqlx::query_scalar("select count(*) from member_events")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(created, 20);
}

/// The preview reads the file as the referent says: another encoding, the columns' meaning,
/// what to do with refused logins; a dry run creates nothing; an import may be dropped.
#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn the_preview_follows_the_referents_choices(pool: PgPool) {
    let app = crate::support::spawn_app(pool, |_| {}).await;
    let (host, cookie) = space(&app, "nc-choices").await;
    // Pasted text: no header, a login Nextcloud refuses.
    let text = "Hélène Dupont,helene@example.org,hélène/x,Bureau\nJean Martin,jean@example.org,,\n";
    let body = format!(
        "text={}&encoding=",
        form_urlencoded::byte_serialize(text.as_bytes()).collect::<String>()
    );
    let page_path = import_page(&app.post_with(IMPORT, &cookie, &body).await);
    let page = app.get_with(&page_path, &[("cookie", &cookie)]).await;
    assert!(shown_in_main(&page.body, "texte collé"));
    assert!(page.body.contains("name=\"col-2\""));
    // Without a header, the logins' column is not found: said to be one, its refused
    // login is shown, then made from the name as chosen.
    let update = "action=update&encoding=&header=no&col-0=name&col-1=email&col-2=username&col-3=groups&create=yes";
    let res = app.post_with(&page_path, &cookie, update).await;
    assert_eq!(
        res.header("location"),
        Some(format!("{page_path}?resultat=updated").as_str())
    );
    let page = app.get_with(&page_path, &[("cookie", &cookie)]).await;
    assert!(
        shown_in_main(&page.body, "Identifiant refusé par Nextcloud"),
        "{}",
        page.body
    );
    app.post_with(&page_path, &cookie, "action=update&make_login=yes")
        .await;
    let page = app.get_with(&page_path, &[("cookie", &cookie)]).await;
    assert!(
        shown_in_main(
            &page.body,
            "Sera créé, identifiant «\u{202f}helene.dupont\u{202f}»"
        ),
        "{}",
        page.body
    );
    // Read as Windows-1252, the UTF-8 accents show wrongly: the page shows what it read.
    let res = app
        .post_with(&page_path, &cookie, "action=update&encoding=Windows-1252")
        .await;
    assert_eq!(res.status, 303);
    let page = app.get_with(&page_path, &[("cookie", &cookie)]).await;
    assert!(shown_in_main(&page.body, "HÃ©lÃ¨ne"), "{}", page.body);
    // A forged choice is refused, and nothing changes.
    for forged in [
        "action=update&col-0=admin",
        "action=update&encoding=latin9",
        "action=update&create=peut-etre",
        "action=nothing",
    ] {
        let res = app.post_with(&page_path, &cookie, forged).await;
        assert_eq!(res.status, 422, "{forged}");
    }
    // A dry run: confirmed without creating, nothing is made.
    let res = app
        .post_with(
            &page_path,
            &cookie,
            "action=confirm&encoding=&create=no&make_login=yes",
        )
        .await;
    assert_eq!(
        res.header("location"),
        Some(format!("{page_path}?resultat=queued&create=0&groups=0").as_str())
    );
    app.drain_jobs().await;
    assert_eq!(accounts(&host).len(), 1);
    // A Windows-1252 file said to be UTF-8 does not read: said, and it cannot be confirmed;
    // then dropped, its file with it.
    let file = b"Nom;Courriel\nL\xe9a;lea@example.org\n";
    let dropped = import_page(&upload(&app, &cookie, "lea.csv", file, "").await);
    app.post_with(&dropped, &cookie, "action=update&encoding=UTF-8")
        .await;
    let page = app.get_with(&dropped, &[("cookie", &cookie)]).await;
    assert!(
        shown_in_main(&page.body, "pas dans le codage choisi"),
        "{}",
        page.body
    );
    assert!(!page.body.contains("value=\"confirm\""));
    let res = app
        .post_with(&dropped, &cookie, "action=confirm&encoding=UTF-8")
        .await;
    assert_eq!(
        res.header("location"),
        Some(format!("{dropped}?resultat=unreadable").as_str())
    );
    let res = app.post_with(&dropped, &cookie, "action=cancel").await;
    assert_eq!(
        res.header("location"),
        Some(format!("{IMPORT}?resultat=cancelled").as_str())
    );
    assert_eq!(app.count("member_imports").await, 1);
    assert_eq!(
        app.get_with(&dropped, &[("cookie", &cookie)]).await.status,
        404
    );
}

/// Rows whose account was made, but whose result was never written (the worker stopped
/// between Nextcloud's answer and the record): the job, taken up again, finds each account
/// and makes none twice, then finishes.
#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn a_worker_stopped_mid_import_makes_no_account_twice(pool: PgPool) {
    use backend::jobs::{Job, JobState};
    use backend::referents::import::run::ImportMembers;
    use common::states::{ImportResult, ImportState, MemberAction};
    let app = crate::support::spawn_app(pool, |_| {}).await;
    let (host, cookie) = space(&app, "nc-killed").await;
    let rows: Vec<_> = (1..=6).map(person).collect();
    let page_path =
        import_page(&upload(&app, &cookie, "liste.csv", &windows_list(&rows), "").await);
    let id: i64 = page_path.rsplit('/').next().unwrap().parse().unwrap();
    app.post_with(&page_path, &cookie, "action=confirm").await;
    let space_id: i64 = sqlx::query_scalar("select id from spaces where slug = 'les-amis'")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    type Row = (i32, String, String, String);
    let planned: Vec<Row> = sqlx::query_as(
        "select line, name, email, uid from member_import_rows where import_id = $1 order by line",
    )
    .bind(id)
    .fetch_all(&app.pool)
    .await
    .unwrap();
    // Made in Nextcloud, as its answer to the portal's creation would have made it.
    let made_in_nextcloud = |(_, name, email, uid): &Row| {
        host.store
            .update("les-amis", |i| {
                i.create_user(uid, None, 0);
                let user = i.users.get_mut(uid.as_str()).unwrap();
                user.display_name = name.clone();
                user.email = Some(email.clone());
            })
            .unwrap();
    };
    // The first two rows done and recorded.
    for row in &planned[..2] {
        made_in_nextcloud(row);
        sqlx::query(
            "insert into member_events (space_id, action, actor_uid, member_uid, form_key)
             values ($1, $2, 'camille.martin', $3, $4)",
        )
        .bind(space_id)
        .bind(MemberAction::Created)
        .bind(&row.3)
        .bind(format!("import-{id}-{}", row.0))
        .execute(&app.pool)
        .await
        .unwrap();
        sqlx::query("update member_import_rows set result = $3 where import_id = $1 and line = $2")
            .bind(id)
            .bind(row.0)
            .bind(ImportResult::Created)
            .execute(&app.pool)
            .await
            .unwrap();
    }
    // The third made in Nextcloud, its answer lost with the worker: its creation was
    // written down before Nextcloud was asked.
    made_in_nextcloud(&planned[2]);
    sqlx::query(
        "insert into member_creations (space_id, form_key, member_uid) values ($1, $2, $3)",
    )
    .bind(space_id)
    .bind(format!("import-{id}-{}", planned[2].0))
    .bind(&planned[2].3)
    .execute(&app.pool)
    .await
    .unwrap();
    // The job was running when its worker stopped: its lease runs out, another takes it.
    sqlx::query(
        "update jobs set state = $2, lease = 1, lease_until = now() - interval '1 second',
                attempts = 1
         where kind = $1",
    )
    .bind(ImportMembers::KIND)
    .bind(JobState::Running)
    .execute(&app.pool)
    .await
    .unwrap();
    sqlx::query("update member_imports set state = $2 where id = $1")
        .bind(id)
        .bind(ImportState::Running)
        .execute(&app.pool)
        .await
        .unwrap();
    app.drain_jobs().await;
    let made = accounts(&host);
    assert_eq!(made.len(), 7, "{made:?}");
    let results: Vec<ImportResult> = sqlx::query_scalar(
        "select result from member_import_rows where import_id = $1 order by line",
    )
    .bind(id)
    .fetch_all(&app.pool)
    .await
    .unwrap();
    assert_eq!(results, vec![ImportResult::Created; 6]);
    let events: i64 = sqlx::query_scalar("select count(*) from member_events")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(events, 6, "each row's creation recorded once");
    let page = app.get_with(&page_path, &[("cookie", &cookie)]).await;
    assert!(
        shown_in_main(&page.body, "6 compte(s) créé(s)"),
        "{}",
        page.body
    );
}

/// Files no import reads, and hostile words in every field: a sentence each beside the
/// field (never a bare 413, never a 500), what was typed kept and escaped, nothing kept
/// or created.
#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn hostile_files_get_a_sentence_and_nothing_is_kept(pool: PgPool) {
    let app = crate::support::spawn_app(pool, |_| {}).await;
    let (host, cookie) = space(&app, "nc-hostile").await;
    let hundred_thousand = "x@example.org\n".repeat(100_000);
    let wide = format!("{}\n", vec!["a"; 10_000].join(";"));
    let cases: Vec<(&str, Vec<u8>, &str, u16, &str)> = vec![
        (
            "ten MB",
            vec![b'a'; 10 * 1024 * 1024],
            "",
            413,
            "dépasse 2 Mo",
        ),
        (
            "100,000 rows",
            hundred_thousand.into_bytes(),
            "",
            422,
            "plus de 5\u{202f}000 lignes",
        ),
        (
            "NUL bytes",
            b"nom;courriel\na\0b;c@example.org\n".to_vec(),
            "",
            422,
            "ni du texte",
        ),
        (
            "not UTF-8",
            b"nom;courriel\nL\xe9a;l@example.org\n".to_vec(),
            "UTF-8",
            422,
            "pas dans le codage choisi",
        ),
        (
            "10,000 columns",
            wide.into_bytes(),
            "",
            422,
            "plus de 100 colonnes",
        ),
        ("empty", Vec::new(), "", 422, "celui-ci est vide"),
        (
            "a zip",
            b"PK\x03\x04not a sheet".to_vec(),
            "",
            422,
            "ne se lit pas",
        ),
    ];
    for (what, bytes, encoding, status, says) in cases {
        let res = upload(&app, &cookie, "liste.csv", &bytes, encoding).await;
        let main = &res.body[res.body.find("<main").unwrap_or(0)..];
        assert_eq!(res.status, status, "{what}: {main}");
        assert!(shown_in_main(&res.body, says), "{what}: {main}");
        assert!(res.body.contains("id=\"import-file-error\""), "{what}");
    }
    assert_eq!(app.count("member_imports").await, 0);
    // Hostile words pasted: refused or taken as words, shown escaped, never a 500.
    for value in crate::forms::hostile_values() {
        let body = format!(
            "text={}&encoding=",
            form_urlencoded::byte_serialize(value.as_bytes()).collect::<String>()
        );
        let res = app.post_with(IMPORT, &cookie, &body).await;
        assert!(res.status < 500, "{value:.40}: {}", res.status);
        assert!(!res.body.contains("<script>alert"), "{value:.40}");
        if res.status == 303 {
            let page = app
                .get_with(res.header("location").unwrap(), &[("cookie", &cookie)])
                .await;
            assert_eq!(page.status, 200, "{value:.40}");
            assert!(!page.body.contains("<script>alert"), "{value:.40}");
            assert!(!page.body.contains("<img src=x"), "{value:.40}");
        }
        let res = app
            .post_with(
                IMPORT,
                &cookie,
                &format!(
                    "text=a&encoding={}",
                    form_urlencoded::byte_serialize(value.as_bytes()).collect::<String>()
                ),
            )
            .await;
        assert!(res.status < 500, "{value:.40}");
    }
    // Markup as names, formulas, a header twice: shown as words, the second column left.
    let file = "Nom;Courriel;Courriel\n<script>alert('zq7')</script>;a@example.org;b@example.org\n=HYPERLINK(\"x\");c@example.org;\n";
    let page_path = import_page(&upload(&app, &cookie, "l.csv", file.as_bytes(), "").await);
    let page = app.get_with(&page_path, &[("cookie", &cookie)]).await;
    assert!(!page.body.contains("<script>alert('zq7')"));
    assert!(page.body.contains("&lt;script&gt;alert"));
    assert!(
        shown_in_main(&page.body, "2 nouveau(x) compte(s)"),
        "{}",
        page.body
    );
    for value in crate::forms::hostile_values() {
        let v: String = form_urlencoded::byte_serialize(value.as_bytes()).collect();
        for field in ["encoding", "header", "columns", "create", "add_to_groups"] {
            let res = app
                .post_with(&page_path, &cookie, &format!("action=update&{field}={v}"))
                .await;
            assert!(
                matches!(res.status, 303 | 422),
                "{field} {value:.40}: {}",
                res.status
            );
        }
    }
    assert_eq!(accounts(&host).len(), 1);
}
