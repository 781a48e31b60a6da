//! The outbox and its worker, against a real PostgreSQL and a real SMTP listener.

use backend::config::{MailSettings, MailTransportKind};
use backend::mail::{self, OutgoingMail};
use common::states::JobState;
use sqlx::PgPool;
use testkit::smtp::SmtpSink;
use testkit::worker;

fn smtp_settings(port: u16) -> MailSettings {
    MailSettings {
        transport: MailTransportKind::Smtp,
        smtp_host: "127.0.0.1".into(),
        smtp_port: port,
        timeout_secs: 5,
        ..MailSettings::default()
    }
}

fn a_mail(to: &str) -> OutgoingMail {
    OutgoingMail {
        to: to.into(),
        subject: "Bienvenue à l'association".into(),
        text: "Bonjour, voici un lien : https://example.org/x".into(),
        html: "<p>Bonjour</p>".into(),
        list_unsubscribe: Some("https://example.org/u/1".into()),
    }
}

async fn enqueue(pool: &PgPool, mail: &OutgoingMail) -> i64 {
    let mut conn = pool.acquire().await.unwrap();
    mail::enqueue(&mut conn, "test", mail).await.unwrap()
}

/// A free port with nothing listening on it.
async fn closed_port() -> u16 {
    let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    l.local_addr().unwrap().port()
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn queued_mail_is_sent_once_through_smtp(pool: PgPool) {
    let sink = SmtpSink::start().await;
    let id = enqueue(&pool, &a_mail("camille@asso.example")).await;
    let w = worker(&pool, smtp_settings(sink.port));

    let pass = w.run_once().await.unwrap();
    assert_eq!((pass.done, pass.failed), (1, 0));
    let again = w.run_once().await.unwrap();
    assert_eq!(
        (again.done, again.failed),
        (0, 0),
        "a sent mail is never sent again"
    );

    let got = sink.wait_for(1).await;
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].to, vec!["camille@asso.example".to_string()]);
    assert!(
        got[0]
            .data
            .contains(&format!("Message-ID: <outbox-{id}@frama.space>")),
        "{}",
        got[0].data
    );
    assert!(got[0]
        .data
        .contains("List-Unsubscribe: <https://example.org/u/1>"));
    assert!(got[0]
        .data
        .contains("List-Unsubscribe-Post: List-Unsubscribe=One-Click"));
    assert!(got[0].data.contains("multipart/alternative"));

    let stats = mail::stats(&pool).await.unwrap();
    assert_eq!((stats.pending, stats.sent, stats.failed), (0, 1, 0));
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn smtp_down_means_retry_later_then_delivery(pool: PgPool) {
    let port = closed_port().await;
    enqueue(&pool, &a_mail("dominique@collectif.example")).await;
    let w = worker(&pool, smtp_settings(port));

    let pass = w.run_once().await.unwrap();
    assert_eq!((pass.done, pass.failed), (0, 1));
    let (attempts, later, error): (i32, bool, Option<String>) = sqlx::query_as(
        "select attempts, run_at > now(), last_error from jobs where kind = 'mail.send'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(attempts, 1);
    assert!(later, "the retry waits");
    assert!(error.is_some());
    // Not due yet: nothing happens.
    assert_eq!(w.run_once().await.unwrap().failed, 0);

    // The server comes back and the retry is due.
    let sink = SmtpSink::start_on(port).await;
    sqlx::query("update jobs set run_at = now()")
        .execute(&pool)
        .await
        .unwrap();
    let pass = w.run_once().await.unwrap();
    assert_eq!((pass.done, pass.failed), (1, 0));
    assert_eq!(sink.wait_for(1).await.len(), 1);
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn a_mail_is_given_up_after_the_last_attempt(pool: PgPool) {
    let port = closed_port().await;
    enqueue(&pool, &a_mail("sam@coop.example")).await;
    let mut settings = smtp_settings(port);
    settings.max_attempts = 2;
    settings.retry_base_secs = 0;
    let w = worker(&pool, settings);
    w.run_once().await.unwrap();
    w.run_once().await.unwrap();
    let stats = mail::stats(&pool).await.unwrap();
    assert_eq!((stats.pending, stats.failed), (0, 1));
    assert_eq!(
        w.run_once().await.unwrap().failed,
        0,
        "a given-up mail is left alone"
    );
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn two_workers_side_by_side_send_each_mail_once(pool: PgPool) {
    let sink = SmtpSink::start().await;
    for i in 0..30 {
        enqueue(&pool, &a_mail(&format!("membre{i}@asso.example"))).await;
    }
    let a = worker(&pool, smtp_settings(sink.port));
    let b = worker(&pool, smtp_settings(sink.port));
    let (ra, rb) = tokio::join!(a.run_once(), b.run_once());
    let (ra, rb) = (ra.unwrap(), rb.unwrap());
    assert_eq!(ra.done + rb.done, 30);
    let got = sink.wait_for(30).await;
    let mut to: Vec<String> = got.iter().flat_map(|m| m.to.clone()).collect();
    to.sort();
    to.dedup();
    assert_eq!(got.len(), 30);
    assert_eq!(to.len(), 30, "no address got two copies");
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn file_transport_writes_the_mail_for_the_development_page(pool: PgPool) {
    let dir = std::env::temp_dir().join(format!("framaspace-mail-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let settings = MailSettings {
        transport: MailTransportKind::File,
        file_dir: dir.clone(),
        ..MailSettings::default()
    };
    enqueue(&pool, &a_mail("one@asso.example")).await;
    enqueue(&pool, &a_mail("two@asso.example")).await;
    assert_eq!(worker(&pool, settings).run_once().await.unwrap().done, 2);
    let listed = mail::read_mail_files(&dir, 10).await;
    assert_eq!(listed.len(), 2);
    assert_eq!(listed[0].to, "two@asso.example", "newest first");
    assert!(std::fs::read_dir(&dir).unwrap().any(|e| e
        .unwrap()
        .path()
        .extension()
        .is_some_and(|x| x == "eml")));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn a_permanent_refusal_is_given_up_at_once(pool: PgPool) {
    let sink = SmtpSink::start().await;
    enqueue(&pool, &a_mail("nobody@asso.example")).await;
    let w = worker(&pool, smtp_settings(sink.port));
    assert_eq!(w.run_once().await.unwrap().failed, 1);
    let (state, attempts, error): (JobState, i32, Option<String>) =
        sqlx::query_as("select state, attempts, last_error from jobs where kind = 'mail.send'")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!((state, attempts), (JobState::Dead, 1), "not retried");
    assert!(error.unwrap_or_default().contains("mailbox unavailable"));
    assert_eq!(mail::stats(&pool).await.unwrap().failed, 1);
}
