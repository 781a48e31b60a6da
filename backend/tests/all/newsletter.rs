//! The newsletter's double opt-in, against a real PostgreSQL.

use backend::accounts::Admin;
use backend::newsletter::{self, ConfirmOutcome, SignupEffect, UnsubscribeOutcome};
use backend::{Ctx, Error, Lang, Settings};
use sqlx::PgPool;
use testkit::ctx;

fn email(address: &str) -> backend::Email {
    backend::Email::parse(address).unwrap()
}

async fn count(pool: &PgPool, table: &str) -> i64 {
    sqlx::query_scalar(&format!("select count(*) from {table}"))
        .fetch_one(pool)
        .await
        .unwrap()
}

/// The confirmation link in the newest queued mail, and its token.
async fn queued_token(pool: &PgPool) -> String {
    let text: String =
        sqlx::query_scalar("select body_text from mail_outbox order by id desc limit 1")
            .fetch_one(pool)
            .await
            .unwrap();
    let start = text
        .find("/lettre/confirmer/")
        .expect("a confirmation link")
        + "/lettre/confirmer/".len();
    text[start..].split_whitespace().next().unwrap().to_string()
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn signup_stores_a_pending_subscriber_and_queues_one_mail(pool: PgPool) {
    let ctx = ctx(&pool);
    let effect = newsletter::subscribe(
        &ctx,
        &email("  Camille@Asso.Example "),
        Lang::Fr,
        "10.0.0.1",
    )
    .await
    .unwrap();
    assert_eq!(effect, SignupEffect::ConfirmationQueued);
    let (email, confirmed): (String, bool) =
        sqlx::query_as("select email, confirmed_at is not null from newsletter_subscribers")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(email, "camille@asso.example");
    assert!(!confirmed);
    let (to, subject, text, html): (String, String, String, String) =
        sqlx::query_as("select recipient, subject, body_text, body_html from mail_outbox")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(to, "camille@asso.example");
    assert!(
        subject.starts_with("Confirmez votre inscription"),
        "{subject}"
    );
    assert!(text.contains("/lettre/confirmer/"));
    assert!(
        text.contains("/lettre/desinscription/"),
        "every mail can unsubscribe"
    );
    assert!(html.contains("<a href=\"http://127.0.0.1:3000/lettre/confirmer/"));
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn english_subscribers_get_english_mail(pool: PgPool) {
    newsletter::subscribe(&ctx(&pool), &email("sam@coop.example"), Lang::En, "a")
        .await
        .unwrap();
    let subject: String = sqlx::query_scalar("select subject from mail_outbox")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(
        subject,
        "Confirm your subscription to the Frama.space newsletter"
    );
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn signing_up_again_resends_at_most_once_an_hour(pool: PgPool) {
    let ctx = ctx(&pool);
    newsletter::subscribe(&ctx, &email("a@asso.example"), Lang::Fr, "x")
        .await
        .unwrap();
    let again = newsletter::subscribe(&ctx, &email("A@asso.example"), Lang::Fr, "x")
        .await
        .unwrap();
    assert_eq!(again, SignupEffect::RecentlyMailed);
    assert_eq!(count(&pool, "mail_outbox").await, 1);
    assert_eq!(count(&pool, "newsletter_subscribers").await, 1);

    sqlx::query("update newsletter_subscribers set last_mail_at = now() - interval '61 minutes'")
        .execute(&pool)
        .await
        .unwrap();
    let later = newsletter::subscribe(&ctx, &email("a@asso.example"), Lang::En, "x")
        .await
        .unwrap();
    assert_eq!(later, SignupEffect::ConfirmationQueued);
    assert_eq!(count(&pool, "mail_outbox").await, 2);
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn the_link_confirms_once(pool: PgPool) {
    let ctx = ctx(&pool);
    newsletter::subscribe(&ctx, &email("b@asso.example"), Lang::Fr, "x")
        .await
        .unwrap();
    let token = queued_token(&pool).await;
    assert_eq!(
        newsletter::confirm(&ctx, "not-the-token").await.unwrap(),
        ConfirmOutcome::InvalidLink
    );
    assert_eq!(
        newsletter::confirm(&ctx, &token).await.unwrap(),
        ConfirmOutcome::Confirmed
    );
    assert_eq!(
        newsletter::confirm(&ctx, &token).await.unwrap(),
        ConfirmOutcome::InvalidLink
    );
    assert_eq!(
        newsletter::confirmed_count(&ctx, &Admin::command_line())
            .await
            .unwrap(),
        1
    );
    // Signing up a confirmed address again sends nothing.
    let again = newsletter::subscribe(&ctx, &email("b@asso.example"), Lang::Fr, "x")
        .await
        .unwrap();
    assert_eq!(again, SignupEffect::AlreadyConfirmed);
    assert_eq!(count(&pool, "mail_outbox").await, 1);
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn an_expired_link_does_not_confirm_and_is_forgotten(pool: PgPool) {
    let ctx = ctx(&pool);
    newsletter::subscribe(&ctx, &email("c@asso.example"), Lang::Fr, "x")
        .await
        .unwrap();
    let token = queued_token(&pool).await;
    sqlx::query(
        "update newsletter_subscribers set confirm_expires_at = now() - interval '1 second'",
    )
    .execute(&pool)
    .await
    .unwrap();
    assert_eq!(
        newsletter::confirm(&ctx, &token).await.unwrap(),
        ConfirmOutcome::InvalidLink
    );
    assert_eq!(newsletter::purge_unconfirmed(&ctx).await.unwrap(), 1);
    assert_eq!(count(&pool, "newsletter_subscribers").await, 0);
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn unsubscribing_erases_the_address(pool: PgPool) {
    let ctx = ctx(&pool);
    newsletter::subscribe(&ctx, &email("d@asso.example"), Lang::Fr, "x")
        .await
        .unwrap();
    let id: i64 = sqlx::query_scalar("select id from newsletter_subscribers")
        .fetch_one(&pool)
        .await
        .unwrap();
    let url = newsletter::unsubscribe_url(&ctx, id);
    let token = url.rsplit('/').next().unwrap();
    assert!(newsletter::unsubscribe_link_is_valid(&ctx, token));
    let forged = token.replacen(&format!("{id}."), &format!("{}.", id + 1), 1);
    assert!(!newsletter::unsubscribe_link_is_valid(&ctx, &forged));
    assert_eq!(
        newsletter::unsubscribe(&ctx, &forged).await.unwrap(),
        UnsubscribeOutcome::InvalidLink
    );
    assert_eq!(count(&pool, "newsletter_subscribers").await, 1);
    assert_eq!(
        newsletter::unsubscribe(&ctx, token).await.unwrap(),
        UnsubscribeOutcome::Done
    );
    assert_eq!(count(&pool, "newsletter_subscribers").await, 0);
    // Following the link again is harmless.
    assert_eq!(
        newsletter::unsubscribe(&ctx, token).await.unwrap(),
        UnsubscribeOutcome::Done
    );
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn signups_are_limited_per_address(pool: PgPool) {
    let mut settings = Settings::for_tests();
    settings.newsletter.signups_per_hour_per_address = 2;
    let ctx = Ctx::new(pool.clone(), settings);
    newsletter::subscribe(&ctx, &email("e1@asso.example"), Lang::Fr, "192.0.2.7")
        .await
        .unwrap();
    newsletter::subscribe(&ctx, &email("e2@asso.example"), Lang::Fr, "192.0.2.7")
        .await
        .unwrap();
    let third = newsletter::subscribe(&ctx, &email("e3@asso.example"), Lang::Fr, "192.0.2.7").await;
    assert!(matches!(third, Err(Error::RateLimited)));
    assert_eq!(
        count(&pool, "newsletter_subscribers").await,
        2,
        "a refused sign-up leaves nothing"
    );
    // Another address is not affected.
    newsletter::subscribe(&ctx, &email("e3@asso.example"), Lang::Fr, "192.0.2.8")
        .await
        .unwrap();
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn demo_content_is_seeded_once(pool: PgPool) {
    let admin = Admin::command_line();
    assert!(backend::demo::seed(&ctx(&pool)).await.unwrap());
    assert!(!backend::demo::seed(&ctx(&pool)).await.unwrap());
    assert_eq!(
        newsletter::confirmed_count(&ctx(&pool), &admin)
            .await
            .unwrap(),
        3
    );
    let staff = backend::accounts::staff_accounts(&ctx(&pool), &admin)
        .await
        .unwrap();
    assert_eq!(
        staff.len(),
        2,
        "an admin and a moderator to try the team area"
    );
    // A dozen applications for the moderation queue: one overdue, one waiting for an
    // answer, one likely ineligible, one duplicate.
    let ctx = ctx(&pool);
    let counts = backend::applications::moderation::counts(&ctx, &admin)
        .await
        .unwrap();
    assert_eq!(
        counts,
        [
            (common::states::ApplicationStatus::Confirmed, 11),
            (common::states::ApplicationStatus::Question, 1)
        ]
    );
    let filter = backend::applications::moderation::QueueFilter::default();
    let queue = backend::applications::moderation::queue(&ctx, &admin, &filter, None, 20)
        .await
        .unwrap();
    assert_eq!(queue.rows.len(), 12);
    assert!(queue.rows[0].overdue && !queue.rows[1].overdue);
    let sarl = queue
        .rows
        .iter()
        .find(|r| r.slug == "velo-services")
        .unwrap();
    let detail = backend::applications::moderation::detail(&ctx, &admin, sarl.id)
        .await
        .unwrap()
        .unwrap();
    assert!(!backend::applications::hints::hints(&ctx, &detail).is_empty());
    let twin = queue
        .rows
        .iter()
        .find(|r| r.slug == "jardins-blosne-2")
        .unwrap();
    let detail = backend::applications::moderation::detail(&ctx, &admin, twin.id)
        .await
        .unwrap()
        .unwrap();
    assert!(
        !backend::applications::hints::duplicates(&ctx, &admin, &detail)
            .await
            .unwrap()
            .is_empty()
    );
}
