//! The job queue with real worker processes (`framaspace worker`): one killed with SIGKILL
//! in the middle of a job, one frozen with SIGSTOP in the middle of a batch. Mail goes to
//! a real SMTP listener that can hold its reply to one mail.

use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

use backend::config::{MailSettings, MailTransportKind};
use backend::jobs::{self, Worker};
use backend::mail::{self, OutgoingMail};
use backend::{Ctx, Settings};
use common::states::JobState;
use sqlx::PgPool;
use testkit::smtp::SmtpSink;

/// Seconds a worker holds a job without renewing its lease.
const LEASE_SECS: u64 = 2;

/// `framaspace worker` on the test's database, sending to `smtp_port`.
struct WorkerProcess(Child);

impl WorkerProcess {
    async fn start(pool: &PgPool, smtp_port: u16) -> Self {
        let database: String = sqlx::query_scalar("select current_database()")
            .fetch_one(pool)
            .await
            .unwrap();
        let options = pool.connect_options();
        let url = format!(
            "postgres://{}@{}:{}/{database}",
            options.get_username(),
            options.get_host(),
            options.get_port()
        );
        let child = Command::new(env!("CARGO_BIN_EXE_framaspace"))
            .arg("worker")
            .env_remove("FRAMASPACE_CONFIG")
            .env("DATABASE_URL", url)
            .env("FRAMASPACE_SERVER__MODE", "development")
            .env("FRAMASPACE_SERVER__LOG_FORMAT", "text")
            .env("FRAMASPACE_MAIL__TRANSPORT", "smtp")
            .env("FRAMASPACE_MAIL__SMTP_HOST", "127.0.0.1")
            .env("FRAMASPACE_MAIL__SMTP_PORT", smtp_port.to_string())
            .env("FRAMASPACE_MAIL__TIMEOUT_SECS", "120")
            .env("FRAMASPACE_JOBS__LEASE_SECS", LEASE_SECS.to_string())
            .env("FRAMASPACE_JOBS__LOOPS", "1")
            .env("FRAMASPACE_JOBS__POLL_INTERVAL_MS", "100")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        WorkerProcess(child)
    }

    fn signal(&self, signal: &str) {
        let ok = Command::new("kill")
            .arg(format!("-{signal}"))
            .arg(self.0.id().to_string())
            .status()
            .unwrap()
            .success();
        assert!(ok, "kill -{signal}");
        if signal == "STOP" {
            self.wait_until_stopped();
        }
    }

    /// `kill` returns once the signal is queued; a thread running on another core goes
    /// on until the kernel next stops it. Wait until every thread is seen stopped, so
    /// that the test's next step happens while the worker sleeps.
    fn wait_until_stopped(&self) {
        let tasks = format!("/proc/{}/task", self.0.id());
        for _ in 0..500 {
            let all_stopped = std::fs::read_dir(&tasks).unwrap().all(|task| {
                let stat =
                    std::fs::read_to_string(task.unwrap().path().join("stat")).unwrap_or_default();
                // The state follows the command name, which is in parentheses.
                let state = stat.rsplit_once(") ").map(|(_, rest)| &rest[..1]);
                matches!(state, Some("T") | Some("t"))
            });
            if all_stopped {
                return;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        panic!("the worker process did not stop within 5 s");
    }
}

impl Drop for WorkerProcess {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A worker in this test process, sending to `smtp_port`.
fn ctx_sending_to(pool: &PgPool, smtp_port: u16) -> Ctx {
    let mut settings = Settings::for_tests();
    settings.mail = MailSettings {
        transport: MailTransportKind::Smtp,
        smtp_host: "127.0.0.1".into(),
        smtp_port,
        timeout_secs: 10,
        ..MailSettings::default()
    };
    settings.jobs.lease_secs = LEASE_SECS;
    Ctx::new(pool.clone(), settings)
}

async fn enqueue_mails(pool: &PgPool, n: usize) -> Vec<i64> {
    let mut tx = pool.begin().await.unwrap();
    let mut ids = Vec::new();
    for i in 1..=n {
        let mail = OutgoingMail {
            to: format!("membre{i}@asso.example"),
            subject: format!("Mail {i}"),
            text: format!("Bonjour {i}"),
            html: format!("<p>Bonjour {i}</p>"),
            list_unsubscribe: None,
        };
        ids.push(mail::enqueue(&mut tx, "test", &mail).await.unwrap());
    }
    tx.commit().await.unwrap();
    ids
}

fn message_ids(sink: &SmtpSink) -> Vec<String> {
    sink.messages()
        .iter()
        .map(|m| {
            m.data
                .lines()
                .find_map(|l| l.strip_prefix("Message-ID: "))
                .unwrap_or("?")
                .to_string()
        })
        .collect()
}

async fn sleep_past_the_lease() {
    tokio::time::sleep(Duration::from_millis(LEASE_SECS * 1000 + 700)).await;
}

async fn mail_job(pool: &PgPool, outbox_id: i64) -> (JobState, i32) {
    sqlx::query_as(
        "select j.state, j.attempts from jobs j join mail_outbox m on m.job_id = j.id
         where m.id = $1",
    )
    .bind(outbox_id)
    .fetch_one(pool)
    .await
    .unwrap()
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn a_worker_killed_mid_job_leaves_it_to_another_that_completes_it_once(pool: PgPool) {
    // The sink never answers the first mail: the worker is killed while it waits.
    let sink = SmtpSink::holding(1).await;
    let ids = enqueue_mails(&pool, 1).await;
    let worker = WorkerProcess::start(&pool, sink.port).await;
    tokio::time::timeout(Duration::from_secs(30), sink.held())
        .await
        .expect("the worker process sent the mail");
    worker.signal("KILL");
    assert_eq!(mail_job(&pool, ids[0]).await, (JobState::Running, 1));

    // Before the lease ends, nobody may take the job.
    let ctx = ctx_sending_to(&pool, sink.port);
    let registry = Arc::new(backend::portal::jobs(&ctx.settings));
    let other = Worker::new(ctx.clone(), registry.clone(), "other");
    other.run_once().await.unwrap();
    assert_eq!(mail_job(&pool, ids[0]).await, (JobState::Running, 1));
    assert_eq!(sink.messages().len(), 1);
    sleep_past_the_lease().await;
    other.run_once().await.unwrap();
    assert_eq!(mail_job(&pool, ids[0]).await, (JobState::Done, 2));
    // The unanswered copy and the delivered one carry the same Message-ID.
    let seen = message_ids(&sink);
    assert_eq!(seen.len(), 2);
    assert_eq!(seen[0], seen[1]);
    assert_eq!(seen[0], format!("<outbox-{}@frama.space>", ids[0]));
    jobs::drain(&ctx, registry, &[]).await.unwrap();
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn a_worker_frozen_mid_batch_sends_nothing_once_it_wakes(pool: PgPool) {
    // The worker process claims five mails at once and sends them in order; the sink
    // holds its reply to the second, and the test freezes the process right there.
    let sink = SmtpSink::holding(2).await;
    let ids = enqueue_mails(&pool, 5).await;
    let frozen = WorkerProcess::start(&pool, sink.port).await;
    tokio::time::timeout(Duration::from_secs(30), sink.held())
        .await
        .expect("the worker process sent two mails");
    frozen.signal("STOP");
    // The SMTP server accepts the second mail while the worker sleeps.
    sink.release();
    sleep_past_the_lease().await;

    // Another worker takes over every job the frozen one held.
    let ctx = ctx_sending_to(&pool, sink.port);
    let registry = Arc::new(backend::portal::jobs(&ctx.settings));
    Worker::new(ctx.clone(), registry.clone(), "taker")
        .run_once()
        .await
        .unwrap();
    assert_eq!(sink.messages().len(), 6, "mail 2 again, then mails 3 to 5");

    // The frozen worker wakes: it reads the server's reply to mail 2, cannot record it,
    // and checks its lease before mail 3: lost, so it stops.
    frozen.signal("CONT");
    tokio::time::sleep(Duration::from_secs(2)).await;
    let seen = message_ids(&sink);
    assert_eq!(seen.len(), 6, "nothing sent after waking: {seen:?}");
    let expected: Vec<String> = [0, 1, 1, 2, 3, 4]
        .iter()
        .map(|&i| format!("<outbox-{}@frama.space>", ids[i]))
        .collect();
    let mut sorted = seen.clone();
    sorted.sort_by_key(|m| expected.iter().position(|e| e == m));
    assert_eq!(
        sorted, expected,
        "mail 2, accepted just before the freeze, went twice with one Message-ID; the rest once"
    );
    for id in &ids {
        let (state, _) = mail_job(&pool, *id).await;
        assert_eq!(state, JobState::Done);
    }
    let owners: Vec<String> = sqlx::query_scalar(
        "select distinct lease_owner from jobs where kind = 'mail.send' and id <> (
           select job_id from mail_outbox where id = $1)",
    )
    .bind(ids[0])
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(owners, vec!["taker".to_string()], "finished by the taker");
    jobs::drain(&ctx, registry, &[]).await.unwrap();
}
