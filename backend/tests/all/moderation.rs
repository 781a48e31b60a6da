//! Moderation against a real PostgreSQL: the queue (order, filters, pages, overdue), the
//! decisions (approve, reject, waitlist, ask), two moderators at once, capacity, the
//! applicant's answer, eligibility hints and possible duplicates.

use backend::accounts::Admin;
use backend::applications::hints::{self, DuplicateReason, Hint};
use backend::applications::moderation::{self, DecideError, Decision, QueueFilter};
use backend::applications::{self, AnswerOutcome, ApplicationForm};
use backend::{Ctx, Settings};
use common::states::{ApplicationEvent, ApplicationStatus, JobState, SpaceState};
use sqlx::PgPool;
use testkit::applicants::{confirmed, moderator, open, version};
use testkit::ctx;
use testkit::database::places_holding;

/// A change to the usual application.
type Edit = Box<dyn FnOnce(&mut ApplicationForm)>;

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn the_queue_is_oldest_first_filtered_paged_and_shows_what_is_overdue(pool: PgPool) {
    let ctx = ctx(&pool);
    let admin = Admin::command_line();
    open(&ctx).await;
    let mut ids = Vec::new();
    for n in 0..5 {
        let (id, _) = confirmed(&ctx, |f| {
            if n == 4 {
                f.kind = "collective".into();
            }
        })
        .await;
        // Confirmed 40, 30, 20, 10 and 0 days ago.
        sqlx::query("update applications set confirmed_at = now() - make_interval(days => $2) where id = $1")
            .bind(id)
            .bind(40 - n * 10)
            .execute(&pool)
            .await
            .unwrap();
        ids.push(id);
    }
    let page = moderation::queue(&ctx, &admin, &QueueFilter::default(), None, 2)
        .await
        .unwrap();
    assert_eq!(page.rows.iter().map(|r| r.id).collect::<Vec<_>>(), ids[..2]);
    assert!(
        page.rows[0].overdue && page.rows[1].overdue,
        "40 and 30 days: past the 30 promised"
    );
    assert_eq!(page.rows[0].age_days, 40);
    let page2 = moderation::queue(&ctx, &admin, &QueueFilter::default(), page.next, 2)
        .await
        .unwrap();
    assert_eq!(
        page2.rows.iter().map(|r| r.id).collect::<Vec<_>>(),
        ids[2..4]
    );
    assert!(!page2.rows[0].overdue);
    let page3 = moderation::queue(&ctx, &admin, &QueueFilter::default(), page2.next, 2)
        .await
        .unwrap();
    assert_eq!(
        page3.rows.iter().map(|r| r.id).collect::<Vec<_>>(),
        ids[4..]
    );
    assert!(page3.next.is_none());
    let collectives = QueueFilter {
        kind: Some("collective".into()),
        ..Default::default()
    };
    let page = moderation::queue(&ctx, &admin, &collectives, None, 10)
        .await
        .unwrap();
    assert_eq!(page.rows.iter().map(|r| r.id).collect::<Vec<_>>(), [ids[4]]);
    let old = QueueFilter {
        older_than_days: Some(25),
        ..Default::default()
    };
    assert_eq!(
        moderation::queue(&ctx, &admin, &old, None, 10)
            .await
            .unwrap()
            .rows
            .len(),
        2
    );
    let counts = moderation::counts(&ctx, &admin).await.unwrap();
    assert_eq!(counts, [(ApplicationStatus::Confirmed, 5)]);
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn approving_creates_the_space_and_queues_its_provisioning_and_a_mail(pool: PgPool) {
    let ctx = ctx(&pool);
    open(&ctx).await;
    let camille = moderator(&ctx, "camille@staff.example").await;
    let (id, _) = confirmed(&ctx, |_| {}).await;
    let v = version(&pool, id).await;
    moderation::decide(&ctx, &camille, id, v, &Decision::Approve)
        .await
        .unwrap();
    let (state, slug): (SpaceState, String) =
        sqlx::query_as("select state, slug from spaces where application_id = $1")
            .bind(id)
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(state, SpaceState::Waiting);
    assert!(slug.starts_with("velo-"));
    let jobs: i64 = sqlx::query_scalar(
        "select count(*) from jobs where kind = 'spaces.provision' and state = $1",
    )
    .bind(JobState::Ready)
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(jobs, 1);
    let (kind, staff, from, to): (
        ApplicationEvent,
        Option<i64>,
        Option<ApplicationStatus>,
        Option<ApplicationStatus>,
    ) = sqlx::query_as(
        "select kind, staff_id, from_status, to_status from application_events
         where application_id = $1 order by id desc limit 1",
    )
    .bind(id)
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(
        (kind, staff, from, to),
        (
            ApplicationEvent::Approved,
            Some(camille.id()),
            Some(ApplicationStatus::Confirmed),
            Some(ApplicationStatus::Approved)
        )
    );
    let subject: String =
        sqlx::query_scalar("select subject from mail_outbox where kind = 'application-decision'")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert!(subject.contains("accepté"), "{subject}");
    // Approved, it is not in the queue any more, and cannot be approved twice.
    assert!(
        moderation::queue(&ctx, &camille, &QueueFilter::default(), None, 10)
            .await
            .unwrap()
            .rows
            .is_empty()
    );
    let again = moderation::decide(&ctx, &camille, id, v + 1, &Decision::Approve).await;
    assert!(matches!(
        again,
        Err(DecideError::NotPossible(ApplicationStatus::Approved))
    ));
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn two_moderators_at_once_decide_once(pool: PgPool) {
    let ctx = ctx(&pool);
    open(&ctx).await;
    let camille = moderator(&ctx, "camille@staff.example").await;
    let dominique = moderator(&ctx, "dominique@staff.example").await;
    let (id, _) = confirmed(&ctx, |_| {}).await;
    let v = version(&pool, id).await;
    let reject = Decision::Reject {
        reason: "Votre structure est une entreprise.".into(),
        note: String::new(),
    };
    let (a, b) = tokio::join!(
        moderation::decide(&ctx, &camille, id, v, &Decision::Approve),
        moderation::decide(&ctx, &dominique, id, v, &reject),
    );
    let (won, lost) = match (a, b) {
        (Ok(()), Err(e)) => (ApplicationStatus::Approved, e),
        (Err(e), Ok(())) => (ApplicationStatus::Rejected, e),
        other => panic!("exactly one decision: {other:?}"),
    };
    let DecideError::AlreadyDecided { by, status, .. } = lost else {
        panic!("{lost:?}")
    };
    assert_eq!(status, won);
    let expected = if won == ApplicationStatus::Approved {
        camille.email()
    } else {
        dominique.email()
    };
    assert_eq!(&by, expected);
    let decisions: i64 = sqlx::query_scalar(
        "select count(*) from application_events where application_id = $1 and actor = 'staff'",
    )
    .bind(id)
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(decisions, 1);
    let mails: i64 =
        sqlx::query_scalar("select count(*) from mail_outbox where kind = 'application-decision'")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(mails, 1);
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn a_question_is_answered_on_the_status_page_and_the_application_returns(pool: PgPool) {
    let ctx = ctx(&pool);
    open(&ctx).await;
    let camille = moderator(&ctx, "camille@staff.example").await;
    let (id, token) = confirmed(&ctx, |_| {}).await;
    let question = Decision::Ask {
        question: "Combien de bénévoles utiliseront l’espace ?".into(),
    };
    moderation::decide(&ctx, &camille, id, version(&pool, id).await, &question)
        .await
        .unwrap();
    let view = applications::status(&ctx, &token).await.unwrap().unwrap();
    assert_eq!(view.status, ApplicationStatus::Question);
    assert_eq!(
        view.timeline.last().unwrap().body,
        "Combien de bénévoles utiliseront l’espace ?"
    );
    assert_eq!(
        applications::answer(&ctx, &token, "Une dizaine.")
            .await
            .unwrap(),
        AnswerOutcome::Answered
    );
    assert_eq!(
        applications::answer(&ctx, &token, "Encore ?")
            .await
            .unwrap(),
        AnswerOutcome::NoQuestion
    );
    let view = applications::status(&ctx, &token).await.unwrap().unwrap();
    assert_eq!(view.status, ApplicationStatus::Confirmed);
    // Internal notes never reach the applicant; the history shows them to staff.
    moderation::add_note(&ctx, &camille, id, "Vu au forum, sérieux.")
        .await
        .unwrap();
    moderation::assign(&ctx, &camille, id, true).await.unwrap();
    let view = applications::status(&ctx, &token).await.unwrap().unwrap();
    assert!(view
        .timeline
        .iter()
        .all(|e| e.kind != ApplicationEvent::Note && e.kind != ApplicationEvent::Assigned));
    let history = moderation::history(&ctx, &camille, id).await.unwrap();
    assert!(history
        .iter()
        .any(|e| e.kind == ApplicationEvent::Note && e.internal));
    let row = &moderation::queue(&ctx, &camille, &QueueFilter::default(), None, 10)
        .await
        .unwrap()
        .rows[0];
    assert_eq!(row.assigned_to.as_deref(), Some("camille@staff.example"));
    // Waitlisted, then rejected with a reason and a note.
    moderation::decide(
        &ctx,
        &camille,
        id,
        version(&pool, id).await,
        &Decision::Waitlist {
            note: String::new(),
        },
    )
    .await
    .unwrap();
    let reject = Decision::Reject {
        reason: "Nous réservons les espaces aux petites structures.".into(),
        note: "Essayez un CHATONS près de chez vous.".into(),
    };
    moderation::decide(&ctx, &camille, id, version(&pool, id).await, &reject)
        .await
        .unwrap();
    let view = applications::status(&ctx, &token).await.unwrap().unwrap();
    assert_eq!(view.status, ApplicationStatus::Rejected);
    assert!(view.timeline.last().unwrap().body.contains("CHATONS"));
    // Its address is free again.
    assert!(!view.can_withdraw());
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn approvals_stop_at_the_capacity(pool: PgPool) {
    let mut settings = Settings::for_tests();
    settings.site.capacity = 1;
    let ctx = Ctx::new(pool.clone(), settings);
    open(&ctx).await;
    let camille = moderator(&ctx, "camille@staff.example").await;
    let (first, _) = confirmed(&ctx, |_| {}).await;
    let (second, _) = confirmed(&ctx, |_| {}).await;
    moderation::decide(
        &ctx,
        &camille,
        first,
        version(&pool, first).await,
        &Decision::Approve,
    )
    .await
    .unwrap();
    let refused = moderation::decide(
        &ctx,
        &camille,
        second,
        version(&pool, second).await,
        &Decision::Approve,
    )
    .await;
    assert!(matches!(
        refused,
        Err(DecideError::CapacityReached { room: 0 })
    ));
    let spaces: i64 = sqlx::query_scalar("select count(*) from spaces")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(spaces, 1);
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn a_bulk_approval_fits_the_room_left_or_approves_nothing(pool: PgPool) {
    let mut settings = Settings::for_tests();
    settings.site.capacity = 3;
    let ctx = Ctx::new(pool.clone(), settings);
    open(&ctx).await;
    let camille = moderator(&ctx, "camille@staff.example").await;
    let mut ids = Vec::new();
    for _ in 0..4 {
        ids.push(confirmed(&ctx, |_| {}).await.0);
    }
    let mut selection = Vec::new();
    for id in &ids {
        selection.push((*id, version(&pool, *id).await));
    }
    let spaces = || async {
        sqlx::query_scalar::<_, i64>("select count(*) from spaces")
            .fetch_one(&pool)
            .await
            .unwrap()
    };
    // Four for three places: refused whole, saying how many are left.
    let refused = moderation::approve_many(&ctx, &camille, &selection).await;
    assert!(matches!(
        refused,
        Err(DecideError::CapacityReached { room: 3 })
    ));
    assert_eq!(spaces().await, 0);
    // One of three was decided meanwhile: the two others are approved, it is skipped.
    moderation::decide(
        &ctx,
        &camille,
        ids[1],
        selection[1].1,
        &Decision::Waitlist {
            note: String::new(),
        },
    )
    .await
    .unwrap();
    let bulk = moderation::approve_many(&ctx, &camille, &selection[..3])
        .await
        .unwrap();
    assert_eq!(bulk.approved, vec![ids[0], ids[2]]);
    assert_eq!(bulk.skipped, vec![ids[1]]);
    assert_eq!(spaces().await, 2);
    let jobs: i64 = sqlx::query_scalar("select count(*) from jobs where kind = 'spaces.provision'")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(jobs, 2, "one provisioning each");
    // The same selection twice approves nothing twice.
    let again = moderation::approve_many(&ctx, &camille, &[selection[0], selection[0]])
        .await
        .unwrap();
    assert_eq!((again.approved.len(), again.skipped.len()), (0, 1));
    assert_eq!(spaces().await, 2);
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn the_daily_digest_lists_overdue_and_new_applications_to_those_who_want_it(pool: PgPool) {
    use backend::applications::digest;
    let mut settings = Settings::for_tests();
    // The worker below sends the mails: into a directory of its own, not the checkout.
    let dir = std::env::temp_dir().join(format!("framaspace-digest-{}", std::process::id()));
    settings.mail.file_dir = dir.clone();
    let ctx = Ctx::new(pool.clone(), settings);
    open(&ctx).await;
    moderator(&ctx, "camille@staff.example").await;
    let dominique = moderator(&ctx, "dominique@staff.example").await;
    let digests = || async {
        sqlx::query_as::<_, (String, String, String)>(
            // Bodies are dropped once sent.
            "select recipient, coalesce(subject, ''), coalesce(body_text, '') from mail_outbox
             where kind = 'moderation-digest' order by id",
        )
        .fetch_all(&pool)
        .await
        .unwrap()
    };
    // Nothing to say, no mail.
    let mut conn = pool.acquire().await.unwrap();
    assert_eq!(digest::queue_digests(&mut conn, &ctx).await.unwrap(), 0);
    let (late, _) = confirmed(&ctx, |f| f.structure_name = "Les <b>Lents</b>".into()).await;
    let (new, _) = confirmed(&ctx, |f| f.structure_name = "Les Neufs".into()).await;
    sqlx::query("update applications set confirmed_at = now() - interval '40 days' where id = $1")
        .bind(late)
        .execute(&pool)
        .await
        .unwrap();
    // Dominique declined it.
    digest::set_digest(&ctx, &dominique, false).await.unwrap();
    assert!(!digest::wants_digest(&ctx, &dominique).await.unwrap());
    assert_eq!(digest::queue_digests(&mut conn, &ctx).await.unwrap(), 1);
    let sent = digests().await;
    assert_eq!(sent.len(), 1);
    let (to, subject, text) = &sent[0];
    assert_eq!(to, "camille@staff.example");
    assert!(subject.contains("1 en retard, 1 nouvelles"), "{subject}");
    assert!(
        text.contains("Une demande attend depuis plus longtemps que promis"),
        "{text}"
    );
    assert!(text.contains(&format!("/equipe/demandes/{late}")));
    assert!(text.contains("(40 jours)"), "{text}");
    assert!(text.contains("Une demande confirmée depuis hier"));
    assert!(
        text.contains("- Les Neufs (confirmée aujourd’hui) ")
            && text.contains(&format!("/equipe/demandes/{new}\n")),
        "{text}"
    );
    assert!(text.contains("- Les <b>Lents</b> (40 jours)"), "{text}");

    // The daily job: scheduled by two workers, run by both, one digest for the day.
    let registry = std::sync::Arc::new(backend::portal::jobs(&ctx.settings));
    let workers = [
        backend::jobs::Worker::new(ctx.clone(), registry.clone(), "one"),
        backend::jobs::Worker::new(ctx.clone(), registry.clone(), "two"),
    ];
    for w in &workers {
        w.schedule_periodic().await.unwrap();
    }
    for w in &workers {
        w.run_once().await.unwrap();
    }
    assert_eq!(digests().await.len(), 2, "one more digest, not two");
    let _ = std::fs::remove_dir_all(dir);
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn each_eligibility_hint_has_its_words(pool: PgPool) {
    let ctx = ctx(&pool);
    let admin = Admin::command_line();
    open(&ctx).await;
    let cases: Vec<(Hint, Edit)> = vec![
        (
            Hint::Company,
            Box::new(|f| f.structure_name = "Vélo Services SARL".into()),
        ),
        (
            Hint::School,
            Box::new(|f| f.purpose = "Les parents d’élèves de l’école Jaurès.".into()),
        ),
        (
            Hint::PublicBody,
            Box::new(|f| f.structure_name = "Mairie de Saint-Malo".into()),
        ),
        (
            Hint::LargeOrganisation,
            Box::new(|f| f.structure_name = "Fédération nationale du vélo".into()),
        ),
        (
            Hint::NeedsAtTheLimit,
            Box::new(|f| f.accounts = "50".into()),
        ),
        (
            Hint::LargeBudget,
            Box::new(|f| f.budget = "over-200k".into()),
        ),
    ];
    for (hint, edit) in cases {
        let (id, _) = confirmed(&ctx, edit).await;
        let detail = moderation::detail(&ctx, &admin, id).await.unwrap().unwrap();
        assert_eq!(hints::hints(&ctx, &detail), [hint], "{hint:?}");
    }
    // A plain small association raises none.
    let (id, _) = confirmed(&ctx, |_| {}).await;
    let detail = moderation::detail(&ctx, &admin, id).await.unwrap().unwrap();
    assert!(hints::hints(&ctx, &detail).is_empty());
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn each_kind_of_duplicate_is_found(pool: PgPool) {
    let ctx = ctx(&pool);
    let admin = Admin::command_line();
    open(&ctx).await;
    let (first, _) = confirmed(&ctx, |f| {
        f.structure_name = "Jardins partagés de Rennes".into();
        f.referent_email = "alex@example.org".into();
        f.identifier = "W352000001".into();
        f.slug = "jardins-rennes".into();
    })
    .await;
    let cases: Vec<(DuplicateReason, Edit)> = vec![
        (
            DuplicateReason::SameEmail,
            Box::new(|f| f.referent_email = "Alex@Example.org".into()),
        ),
        (
            DuplicateReason::SameIdentifier,
            Box::new(|f| f.identifier = "W352000001".into()),
        ),
        (
            DuplicateReason::SimilarName,
            Box::new(|f| f.structure_name = "Jardins partagés Rennes".into()),
        ),
        (
            DuplicateReason::SameAddressFamily,
            Box::new(|f| f.slug = "jardins-rennes-2".into()),
        ),
    ];
    for (reason, edit) in cases {
        let (id, _) = confirmed(&ctx, edit).await;
        let detail = moderation::detail(&ctx, &admin, id).await.unwrap().unwrap();
        let found = hints::duplicates(&ctx, &admin, &detail).await.unwrap();
        let of_first: Vec<_> = found.iter().filter(|d| d.id == first).collect();
        assert_eq!(of_first.len(), 1, "{reason:?}: {found:?}");
        assert_eq!(of_first[0].reasons, [reason], "{reason:?}");
    }
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn finished_applications_are_anonymised_in_time_and_erased_on_request(pool: PgPool) {
    use backend::applications::privacy::{self, EraseOutcome};
    let ctx = ctx(&pool);
    let admin = Admin::command_line();
    open(&ctx).await;
    let camille = moderator(&ctx, "camille@staff.example").await;
    let (rejected, _) = confirmed(&ctx, |f| {
        f.structure_name = "Zqxname Rejetée".into();
        f.referent_email = "zqx-rejected@example.org".into();
    })
    .await;
    let reject = Decision::Reject {
        reason: "Motif.".into(),
        note: "Zqxnote personnelle".into(),
    };
    moderation::decide(
        &ctx,
        &camille,
        rejected,
        version(&pool, rejected).await,
        &reject,
    )
    .await
    .unwrap();
    let (waiting, _) = confirmed(&ctx, |f| {
        f.referent_email = "zqx-waiting@example.org".into()
    })
    .await;
    // Not old enough: nothing changes.
    assert_eq!(privacy::anonymise_finished(&ctx).await.unwrap(), 0);
    sqlx::query("update application_events set at = at - interval '181 days'")
        .execute(&pool)
        .await
        .unwrap();
    sqlx::query("update applications set submitted_at = submitted_at - interval '181 days'")
        .execute(&pool)
        .await
        .unwrap();
    assert_eq!(
        privacy::anonymise_finished(&ctx).await.unwrap(),
        1,
        "only the rejected one"
    );
    for needle in ["Zqxname", "zqx-rejected", "Zqxnote"] {
        assert_eq!(
            places_holding(&pool, needle).await,
            Vec::<String>::new(),
            "{needle}"
        );
    }
    let (kind, status): (String, ApplicationStatus) =
        sqlx::query_as("select kind, status from applications where id = $1")
            .bind(rejected)
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(
        (kind.as_str(), status),
        ("association", ApplicationStatus::Rejected),
        "statistics stay"
    );

    // Export, then erase at the applicant's request.
    let data = privacy::export(&ctx, &admin, waiting)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        data["application"]["referent_email"],
        "zqx-waiting@example.org"
    );
    assert!(data["application"].get("status_token_hash").is_none());
    assert_eq!(data["timeline"].as_array().unwrap().len(), 2);
    assert_eq!(
        privacy::erase(&ctx, &admin, waiting).await.unwrap(),
        EraseOutcome::Erased
    );
    assert_eq!(
        places_holding(&pool, "zqx-waiting").await,
        Vec::<String>::new()
    );
    assert_eq!(
        privacy::erase(&ctx, &admin, waiting).await.unwrap(),
        EraseOutcome::NotFound
    );
    // An approved one has a space: close it first.
    let (approved, _) = confirmed(&ctx, |_| {}).await;
    moderation::decide(
        &ctx,
        &camille,
        approved,
        version(&pool, approved).await,
        &Decision::Approve,
    )
    .await
    .unwrap();
    assert_eq!(
        privacy::erase(&ctx, &admin, approved).await.unwrap(),
        EraseOutcome::HasSpace
    );
}
