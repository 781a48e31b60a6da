//! Erased means erased: mail bodies, tokens and addresses leave no trace once they are
//! no longer needed, in any table.

use backend::config::MailSettings;
use backend::jobs::Worker;
use backend::mail::{self, OutgoingMail};
use backend::newsletter::{self, UnsubscribeOutcome};
use backend::Lang;
use common::states::JobState;
use sqlx::PgPool;
use testkit::ctx;
use testkit::database::places_holding;

fn email(address: &str) -> backend::Email {
    backend::Email::parse(address).unwrap()
}

/// A worker writing mail to a folder of the test's own.
fn file_worker(pool: &PgPool, name: &str) -> Worker {
    let dir =
        std::env::temp_dir().join(format!("framaspace-erasure-{name}-{}", std::process::id()));
    let settings = MailSettings {
        file_dir: dir,
        ..MailSettings::default()
    };
    testkit::worker(pool, settings)
}

async fn confirmation_token(pool: &PgPool) -> String {
    let text: String =
        sqlx::query_scalar("select body_text from mail_outbox order by id desc limit 1")
            .fetch_one(pool)
            .await
            .unwrap();
    let start = text.find("/lettre/confirmer/").unwrap() + "/lettre/confirmer/".len();
    text[start..].split_whitespace().next().unwrap().to_string()
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn once_a_mail_has_gone_its_body_and_token_are_nowhere(pool: PgPool) {
    let ctx = ctx(&pool);
    newsletter::subscribe(&ctx, &email("camille@asso.example"), Lang::Fr, "192.0.2.1")
        .await
        .unwrap();
    let token = confirmation_token(&pool).await;
    // The search finds the token while the mail waits: it would find a leftover.
    assert_eq!(
        places_holding(&pool, &token).await,
        [
            "public.mail_outbox.body_text",
            "public.mail_outbox.body_html"
        ]
    );
    let pass = file_worker(&pool, "token").run_once().await.unwrap();
    assert_eq!(pass.done, 1);
    assert_eq!(places_holding(&pool, &token).await, Vec::<String>::new());
    let (kind, recipient, subject, text, sent): (
        String,
        String,
        Option<String>,
        Option<String>,
        bool,
    ) = sqlx::query_as(
        "select kind, recipient, subject, body_text, sent_at is not null from mail_outbox",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(
        (kind.as_str(), recipient.as_str()),
        ("newsletter-confirm", "camille@asso.example")
    );
    assert_eq!(
        (subject, text, sent),
        (None, None, true),
        "only metadata remains"
    );
    // The link still works: only its hash is kept.
    assert!(newsletter::confirm_link_is_valid(&ctx, &token)
        .await
        .unwrap());
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn a_given_up_mail_keeps_its_body_only_for_the_retention_period(pool: PgPool) {
    let mut conn = pool.acquire().await.unwrap();
    let mail = |to: &str| OutgoingMail {
        to: to.into(),
        subject: "Sujet".into(),
        text: "secret-body".into(),
        html: "<p>secret-body</p>".into(),
        list_unsubscribe: None,
    };
    let old = mail::enqueue(&mut conn, "test", &mail("old@asso.example"))
        .await
        .unwrap();
    let recent = mail::enqueue(&mut conn, "test", &mail("recent@asso.example"))
        .await
        .unwrap();
    drop(conn);
    for (id, hours) in [(old, 25), (recent, 1)] {
        sqlx::query(
            "update jobs set state = $3, finished_at = now() - make_interval(hours => $2)
             where id = (select job_id from mail_outbox where id = $1)",
        )
        .bind(id)
        .bind(hours)
        .bind(JobState::Dead)
        .execute(&pool)
        .await
        .unwrap();
    }
    assert_eq!(mail::erase_dead_bodies(&ctx(&pool)).await.unwrap(), 1);
    let kept: Vec<(i64, Option<String>)> =
        sqlx::query_as("select id, body_text from mail_outbox order by id")
            .fetch_all(&pool)
            .await
            .unwrap();
    assert_eq!(
        kept,
        vec![(old, None), (recent, Some("secret-body".into()))]
    );
    assert_eq!(
        mail::erase_dead_bodies(&ctx(&pool)).await.unwrap(),
        0,
        "once"
    );
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn unsubscribing_erases_the_address_from_every_table(pool: PgPool) {
    let ctx = ctx(&pool);
    let address = "dominique@collectif-velo.example";
    newsletter::subscribe(&ctx, &email(address), Lang::Fr, "198.51.100.23")
        .await
        .unwrap();
    let token = confirmation_token(&pool).await;
    file_worker(&pool, "unsubscribe").run_once().await.unwrap();
    assert_eq!(
        newsletter::confirm(&ctx, &token).await.unwrap(),
        newsletter::ConfirmOutcome::Confirmed
    );
    // A second mail still waiting to go.
    sqlx::query("update newsletter_subscribers set confirmed_at = null, last_mail_at = null")
        .execute(&pool)
        .await
        .unwrap();
    newsletter::subscribe(&ctx, &email(address), Lang::Fr, "198.51.100.23")
        .await
        .unwrap();
    // A delivery error that quotes the address, as SMTP servers do.
    sqlx::query("update jobs set last_error = $1 where kind = 'mail.send'")
        .bind(format!("550 <{address}>: mailbox unavailable"))
        .execute(&pool)
        .await
        .unwrap();
    let mut before = places_holding(&pool, address).await;
    before.sort();
    assert!(
        before.contains(&"public.jobs.last_error".to_string()),
        "{before:?}"
    );
    assert!(
        before.contains(&"public.mail_outbox.recipient".to_string()),
        "{before:?}"
    );
    assert!(
        before.contains(&"public.newsletter_subscribers.email".to_string()),
        "{before:?}"
    );

    let id: i64 = sqlx::query_scalar("select id from newsletter_subscribers")
        .fetch_one(&pool)
        .await
        .unwrap();
    let url = newsletter::unsubscribe_url(&ctx, id);
    let link = url.rsplit('/').next().unwrap();
    assert_eq!(
        newsletter::unsubscribe(&ctx, link).await.unwrap(),
        UnsubscribeOutcome::Done
    );
    assert_eq!(places_holding(&pool, address).await, Vec::<String>::new());
    // The caller's address counted its sign-ups, but only as a hash.
    assert_eq!(
        places_holding(&pool, "198.51.100.23").await,
        Vec::<String>::new()
    );
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn an_expired_signup_is_forgotten_with_its_mail(pool: PgPool) {
    let ctx = ctx(&pool);
    newsletter::subscribe(&ctx, &email("oubli@asso.example"), Lang::Fr, "x")
        .await
        .unwrap();
    sqlx::query(
        "update newsletter_subscribers set confirm_expires_at = now() - interval '1 second'",
    )
    .execute(&pool)
    .await
    .unwrap();
    assert_eq!(newsletter::purge_unconfirmed(&ctx).await.unwrap(), 1);
    assert_eq!(
        places_holding(&pool, "oubli@asso.example").await,
        Vec::<String>::new()
    );
}
