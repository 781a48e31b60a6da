//! Applications for a space, against a real PostgreSQL: windows and capacity, sending,
//! the address's uniqueness (with a race), confirming, expiring, the status page, the
//! "lost my link" mail and withdrawing.

use backend::accounts::Admin;
use backend::applications::windows::{create_window, NewWindow, WindowError};
use backend::applications::{
    self, check, ApplicationForm, Availability, Checked, ConfirmOutcome, NewApplication,
    Registration, SubmitError, WithdrawOutcome,
};
use backend::{ClientAddr, Ctx, Error, Lang, Settings};
use chrono::{Duration, Utc};
use common::states::{ApplicationEvent, ApplicationStatus, SpaceState};
use common::{ErrorCode, Slug};
use sqlx::PgPool;
use testkit::ctx;

fn client(n: u8) -> ClientAddr {
    ClientAddr(format!("192.0.2.{n}"))
}

fn form(slug: &str, email: &str) -> ApplicationForm {
    ApplicationForm {
        structure_name: "Les Amis de l’Étoile".into(),
        kind: "association".into(),
        location: "69".into(),
        identifier: "W691234567".into(),
        field_of_action: "culture".into(),
        purpose: "Partager nos documents.".into(),
        members: "40".into(),
        accounts: "12".into(),
        storage_gb: "10".into(),
        budget: "1k-10k".into(),
        slug: slug.into(),
        office: "collabora".into(),
        referent_name: "Camille Martin".into(),
        referent_email: email.into(),
        referent_role: "Secrétaire".into(),
        terms: "yes".into(),
        ..Default::default()
    }
}

fn application(slug: &str, email: &str) -> NewApplication {
    match check(&form(slug, email), &Settings::for_tests().site) {
        Checked::Valid(app) => *app,
        other => panic!("{other:?}"),
    }
}

/// Opens a window from an hour ago to `hours` from now, with an optional cap.
async fn open_window(ctx: &Ctx, hours: i64, cap: Option<i32>) -> i64 {
    // Written on the clock of Paris (UTC+1 or +2): the margins cover the offset.
    let paris = |d: Duration| Utc::now().naive_utc() + d;
    create_window(
        ctx,
        &Admin::command_line(),
        &NewWindow {
            opens: paris(Duration::hours(-26)),
            closes: paris(Duration::hours(hours + 2)),
            max_applications: cap,
            note_fr: "Vague d’essai".into(),
            note_en: "Trial wave".into(),
        },
    )
    .await
    .unwrap()
}

async fn count(pool: &PgPool, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(pool).await.unwrap()
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn closed_by_default_then_open_in_a_window_then_full(pool: PgPool) {
    let ctx = ctx(&pool);
    let app = application("etoile", "camille@example.org");
    assert_eq!(
        applications::registration(&ctx, Lang::Fr).await.unwrap(),
        Registration::Closed {
            next: None,
            note: String::new()
        }
    );
    let refused = applications::submit(&ctx, &app, Lang::Fr, &client(1)).await;
    assert!(matches!(
        refused,
        Err(SubmitError::NotOpen(ErrorCode::RegistrationsClosed))
    ));
    assert_eq!(count(&pool, "select count(*) from applications").await, 0);

    open_window(&ctx, 24, Some(1)).await;
    let Registration::Open { note, closes, .. } =
        applications::registration(&ctx, Lang::En).await.unwrap()
    else {
        panic!("open")
    };
    assert_eq!(note, "Trial wave");
    assert!(closes.utc > Utc::now());
    applications::submit(&ctx, &app, Lang::Fr, &client(1))
        .await
        .unwrap();
    // The window's cap is reached.
    assert!(matches!(
        applications::registration(&ctx, Lang::Fr).await.unwrap(),
        Registration::WindowFull { next: None }
    ));
    let second = applications::submit(
        &ctx,
        &application("autre", "autre@example.org"),
        Lang::Fr,
        &client(2),
    )
    .await;
    assert!(matches!(
        second,
        Err(SubmitError::NotOpen(ErrorCode::RegistrationsClosed))
    ));
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn windows_never_overlap_and_close_after_opening(pool: PgPool) {
    let ctx = ctx(&pool);
    let admin = Admin::command_line();
    open_window(&ctx, 24, None).await;
    let now = Utc::now().naive_utc();
    let overlapping = NewWindow {
        opens: now,
        closes: now + Duration::days(3),
        max_applications: None,
        note_fr: String::new(),
        note_en: String::new(),
    };
    assert!(matches!(
        create_window(&ctx, &admin, &overlapping).await,
        Err(WindowError::Overlaps)
    ));
    let backwards = NewWindow {
        opens: now + Duration::days(10),
        closes: now + Duration::days(9),
        ..overlapping
    };
    assert!(matches!(
        create_window(&ctx, &admin, &backwards).await,
        Err(WindowError::ClosesBeforeOpening)
    ));
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn capacity_counts_spaces_in_use_or_promised(pool: PgPool) {
    let mut settings = Settings::for_tests();
    settings.site.capacity = 2;
    let ctx = Ctx::new(pool.clone(), settings);
    open_window(&ctx, 24, None).await;
    sqlx::query(
        "insert into spaces (slug, state, office) values
             ('un', $1, 'collabora'), ('deux', $2, 'collabora')",
    )
    .bind(SpaceState::Active)
    .bind(SpaceState::Deleted)
    .execute(&pool)
    .await
    .unwrap();
    assert!(applications::registration(&ctx, Lang::Fr)
        .await
        .unwrap()
        .is_open());
    sqlx::query("insert into spaces (slug, state, office) values ('trois', $1, 'onlyoffice')")
        .bind(SpaceState::Waiting)
        .execute(&pool)
        .await
        .unwrap();
    assert_eq!(
        applications::registration(&ctx, Lang::Fr).await.unwrap(),
        Registration::CapacityReached
    );
    let refused = applications::submit(
        &ctx,
        &application("etoile", "c@example.org"),
        Lang::Fr,
        &client(1),
    )
    .await;
    assert!(matches!(
        refused,
        Err(SubmitError::NotOpen(ErrorCode::CapacityReached))
    ));
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn submitting_writes_the_application_its_event_and_one_mail_together(pool: PgPool) {
    let ctx = ctx(&pool);
    open_window(&ctx, 24, None).await;
    let sent = applications::submit(
        &ctx,
        &application("les-amis", "camille@example.org"),
        Lang::Fr,
        &client(1),
    )
    .await
    .unwrap();
    let (status, slug): (ApplicationStatus, String) =
        sqlx::query_as("select status, slug from applications where id = $1")
            .bind(sent.id)
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(
        (status, slug.as_str()),
        (ApplicationStatus::Unconfirmed, "les-amis")
    );
    let (to, kind, body): (String, String, String) =
        sqlx::query_as("select recipient, kind, body_text from mail_outbox")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(
        (to.as_str(), kind.as_str()),
        ("camille@example.org", "application-confirm")
    );
    assert!(body.contains(&format!("/demande/confirmer/{}", sent.confirm_token)));
    assert!(body.contains(&format!("/demande/suivi/{}", sent.status_token)));
    assert!(body.contains("les-amis.frama.space"));
    // Only hashes of the links are stored.
    let stored: i64 = count(
        &pool,
        &format!(
            "select count(*) from applications where confirm_token_hash::text like '%{}%'",
            sent.confirm_token
        ),
    )
    .await;
    assert_eq!(stored, 0);
    let submitted: i64 =
        sqlx::query_scalar("select count(*) from application_events where kind = $1")
            .bind(ApplicationEvent::Submitted)
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(submitted, 1);
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn an_address_is_unique_among_live_applications_and_spaces(pool: PgPool) {
    let ctx = ctx(&pool);
    open_window(&ctx, 24, None).await;
    let first = applications::submit(
        &ctx,
        &application("etoile", "a@example.org"),
        Lang::Fr,
        &client(1),
    )
    .await
    .unwrap();
    // Typed in capitals, it is the same address.
    let again = applications::submit(
        &ctx,
        &application("ETOILE", "b@example.org"),
        Lang::Fr,
        &client(2),
    )
    .await;
    assert!(matches!(
        again,
        Err(SubmitError::Slug(ErrorCode::SlugTaken))
    ));
    // A space holds its address too; reserved names are refused.
    sqlx::query("insert into spaces (slug, office) values ('lune', 'collabora')")
        .execute(&pool)
        .await
        .unwrap();
    let taken = applications::submit(
        &ctx,
        &application("lune", "c@example.org"),
        Lang::Fr,
        &client(3),
    )
    .await;
    assert!(matches!(
        taken,
        Err(SubmitError::Slug(ErrorCode::SlugTaken))
    ));
    let reserved = applications::submit(
        &ctx,
        &application("admin", "d@example.org"),
        Lang::Fr,
        &client(4),
    )
    .await;
    assert!(matches!(
        reserved,
        Err(SubmitError::Slug(ErrorCode::SlugReserved))
    ));
    // The availability check says so, with free addresses near it.
    let slug = Slug::parse("etoile").unwrap();
    let Availability::Unavailable { code, suggestions } =
        applications::slug_availability(&ctx, &slug, &client(5))
            .await
            .unwrap()
    else {
        panic!("taken")
    };
    assert_eq!(code, ErrorCode::SlugTaken);
    assert_eq!(
        suggestions,
        ["etoile-asso", "etoile-collectif", "etoile-association"]
    );
    assert_eq!(
        applications::slug_availability(&ctx, &Slug::parse("soleil").unwrap(), &client(5))
            .await
            .unwrap(),
        Availability::Available
    );
    // Withdrawn, the address is free again.
    assert_eq!(
        applications::withdraw(&ctx, &first.status_token)
            .await
            .unwrap(),
        WithdrawOutcome::Withdrawn
    );
    applications::submit(
        &ctx,
        &application("etoile", "b@example.org"),
        Lang::Fr,
        &client(2),
    )
    .await
    .unwrap();
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn the_database_settles_a_race_for_one_address(pool: PgPool) {
    let ctx = ctx(&pool);
    open_window(&ctx, 24, None).await;
    let tasks: Vec<_> = (0..8u8)
        .map(|n| {
            let ctx = ctx.clone();
            tokio::spawn(async move {
                applications::submit(
                    &ctx,
                    &application("course", &format!("p{n}@example.org")),
                    Lang::Fr,
                    &client(n),
                )
                .await
            })
        })
        .collect();
    let mut won = 0;
    for t in tasks {
        match t.await.unwrap() {
            Ok(_) => won += 1,
            Err(SubmitError::Slug(ErrorCode::SlugTaken)) => {}
            Err(e) => panic!("{e:?}"),
        }
    }
    assert_eq!(won, 1);
    assert_eq!(count(&pool, "select count(*) from applications").await, 1);
    // The index itself refuses a second live application with the address, any case.
    let direct = sqlx::query(
        "insert into applications (structure_name, kind, location, field_of_action, purpose,
             members, accounts, storage_gb, budget, slug, office, referent_name, referent_email,
             referent_role, lang, status_token_hash)
         select structure_name, kind, location, field_of_action, purpose, members, accounts,
             storage_gb, budget, slug, office, referent_name, referent_email, referent_role,
             lang, '\\x00'::bytea from applications",
    )
    .execute(&pool)
    .await;
    assert!(direct
        .unwrap_err()
        .to_string()
        .contains("applications_live_slug"));
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn confirming_puts_it_in_the_queue_once(pool: PgPool) {
    let ctx = ctx(&pool);
    open_window(&ctx, 24, None).await;
    let sent = applications::submit(
        &ctx,
        &application("etoile", "a@example.org"),
        Lang::Fr,
        &client(1),
    )
    .await
    .unwrap();
    assert!(
        applications::confirm_link_is_valid(&ctx, &sent.confirm_token)
            .await
            .unwrap()
    );
    assert!(!applications::confirm_link_is_valid(&ctx, "nope")
        .await
        .unwrap());
    assert_eq!(
        applications::confirm(&ctx, &sent.confirm_token)
            .await
            .unwrap(),
        ConfirmOutcome::Confirmed
    );
    assert_eq!(
        applications::confirm(&ctx, &sent.confirm_token)
            .await
            .unwrap(),
        ConfirmOutcome::InvalidLink
    );
    let view = applications::status(&ctx, &sent.status_token)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(view.status, ApplicationStatus::Confirmed);
    assert_eq!(
        view.timeline
            .iter()
            .map(|e| e.kind.as_str())
            .collect::<Vec<_>>(),
        [
            ApplicationEvent::Submitted.as_str(),
            ApplicationEvent::Confirmed.as_str()
        ]
    );
    let promised = view.answer_by.unwrap() - Utc::now();
    assert!(promised > Duration::days(29) && promised <= Duration::days(30));
    assert!(view.can_withdraw());
    assert!(applications::status(&ctx, "unknown")
        .await
        .unwrap()
        .is_none());
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn unconfirmed_applications_expire_and_free_their_address(pool: PgPool) {
    let ctx = ctx(&pool);
    open_window(&ctx, 24, None).await;
    let sent = applications::submit(
        &ctx,
        &application("etoile", "a@example.org"),
        Lang::Fr,
        &client(1),
    )
    .await
    .unwrap();
    assert_eq!(applications::expire_unconfirmed(&ctx).await.unwrap(), 0);
    sqlx::query("update applications set confirm_expires_at = now() - interval '1 second'")
        .execute(&pool)
        .await
        .unwrap();
    assert_eq!(applications::expire_unconfirmed(&ctx).await.unwrap(), 1);
    assert_eq!(
        applications::confirm(&ctx, &sent.confirm_token)
            .await
            .unwrap(),
        ConfirmOutcome::InvalidLink
    );
    let view = applications::status(&ctx, &sent.status_token)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(view.status, ApplicationStatus::Expired);
    assert!(!view.can_withdraw());
    applications::submit(
        &ctx,
        &application("etoile", "b@example.org"),
        Lang::Fr,
        &client(2),
    )
    .await
    .unwrap();
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn a_lost_link_is_replaced_by_mail_and_the_old_one_stops_working(pool: PgPool) {
    let ctx = ctx(&pool);
    open_window(&ctx, 24, None).await;
    let sent = applications::submit(
        &ctx,
        &application("etoile", "Camille@Example.org"),
        Lang::En,
        &client(1),
    )
    .await
    .unwrap();
    let email = backend::Email::parse("camille@example.org").unwrap();
    assert_eq!(
        applications::send_lost_links(&ctx, &email, Lang::Fr, &client(1))
            .await
            .unwrap(),
        1
    );
    assert!(applications::status(&ctx, &sent.status_token)
        .await
        .unwrap()
        .is_none());
    let (kind, subject, body): (String, String, String) =
        sqlx::query_as("select kind, subject, body_text from mail_outbox order by id desc limit 1")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(kind, "application-link");
    assert!(
        subject.starts_with("The link"),
        "in the application's language: {subject}"
    );
    let start = body.find("/demande/suivi/").unwrap() + "/demande/suivi/".len();
    let token = body[start..].split_whitespace().next().unwrap();
    assert!(applications::status(&ctx, token).await.unwrap().is_some());
    // Asked again at once: no second mail; an unknown address: none either, same answer.
    assert_eq!(
        applications::send_lost_links(&ctx, &email, Lang::Fr, &client(1))
            .await
            .unwrap(),
        0
    );
    let nobody = backend::Email::parse("nobody@example.org").unwrap();
    assert_eq!(
        applications::send_lost_links(&ctx, &nobody, Lang::Fr, &client(1))
            .await
            .unwrap(),
        0
    );
    assert_eq!(count(&pool, "select count(*) from mail_outbox").await, 2);
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn sending_and_lost_links_are_rate_limited_per_client(pool: PgPool) {
    let ctx = ctx(&pool);
    open_window(&ctx, 24, None).await;
    let limit = ctx.settings.applications.submissions_per_hour_per_address;
    for n in 0..limit {
        applications::submit(
            &ctx,
            &application(&format!("asso-{n}"), "a@example.org"),
            Lang::Fr,
            &client(1),
        )
        .await
        .unwrap();
    }
    let over = applications::submit(
        &ctx,
        &application("asso-x", "a@example.org"),
        Lang::Fr,
        &client(1),
    )
    .await;
    assert!(matches!(
        over,
        Err(SubmitError::Backend(Error::RateLimited))
    ));
    // Another client is not held back.
    applications::submit(
        &ctx,
        &application("asso-y", "a@example.org"),
        Lang::Fr,
        &client(2),
    )
    .await
    .unwrap();
    let email = backend::Email::parse("a@example.org").unwrap();
    for _ in 0..ctx.settings.applications.lost_link_per_hour_per_address {
        applications::send_lost_links(&ctx, &email, Lang::Fr, &client(3))
            .await
            .unwrap();
    }
    assert!(matches!(
        applications::send_lost_links(&ctx, &email, Lang::Fr, &client(3)).await,
        Err(Error::RateLimited)
    ));
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn withdrawing_is_refused_once_decided(pool: PgPool) {
    let ctx = ctx(&pool);
    open_window(&ctx, 24, None).await;
    let sent = applications::submit(
        &ctx,
        &application("etoile", "a@example.org"),
        Lang::Fr,
        &client(1),
    )
    .await
    .unwrap();
    sqlx::query("update applications set status = $1")
        .bind(ApplicationStatus::Approved)
        .execute(&pool)
        .await
        .unwrap();
    assert_eq!(
        applications::withdraw(&ctx, &sent.status_token)
            .await
            .unwrap(),
        WithdrawOutcome::TooLate
    );
    assert_eq!(
        applications::withdraw(&ctx, "unknown").await.unwrap(),
        WithdrawOutcome::InvalidLink
    );
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn every_name_the_deployment_uses_is_reserved(pool: PgPool) {
    let mut settings = Settings::for_tests();
    settings.site.public_url = "https://portail.frama.example".into();
    settings.applications.reserved = vec!["radio-libre".into()];
    let ctx = Ctx::new(pool.clone(), settings);
    // A host of the fleet: its first label is the name its own services answer at.
    sqlx::query(
        "insert into hosts (name, occ_template, ocs_url, nextcloud_version, database_server,
           capacity_spaces, capacity_bytes)
         values ('nc7.frama.example', 'occ {slug}', 'https://{slug}.frama.example', 35, 'db', 10, 1)",
    )
    .execute(&pool)
    .await
    .unwrap();
    open_window(&ctx, 2, None).await;
    let names = [
        "mail",
        "smtp",
        "imap",
        "mta-sts",
        "autoconfig",
        "autodiscover",
        "webmail",
        "status",
        "forum",
        "login",
        "cloud",
        "nc7",
        "portail",
        "radio-libre",
    ];
    for (n, name) in names.into_iter().enumerate() {
        let slug = Slug::parse(name).unwrap();
        let Availability::Unavailable { code, .. } =
            applications::slug_availability(&ctx, &slug, &client(n as u8))
                .await
                .unwrap()
        else {
            panic!("{name} should be unavailable")
        };
        assert_eq!(code, ErrorCode::SlugReserved, "{name}");
        let sent = applications::submit(
            &ctx,
            &application(name, &format!("r{n}@example.org")),
            Lang::Fr,
            &client(n as u8),
        )
        .await;
        assert!(
            matches!(sent, Err(SubmitError::Slug(ErrorCode::SlugReserved))),
            "{name}: {sent:?}"
        );
    }
    assert_eq!(
        applications::slug_availability(&ctx, &Slug::parse("nc8").unwrap(), &client(99))
            .await
            .unwrap(),
        Availability::Available,
        "a name no host has is free"
    );
}
