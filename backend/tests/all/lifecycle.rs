//! A space's later life against a real PostgreSQL and the Nextcloud stand-in: suspended and
//! resumed (maintenance mode, the referent told), its office suite changed, deleted after a
//! grace period with a reminder and a cancel link; each change refused where it makes no
//! sense, and audited.

use backend::accounts::Admin;
use backend::provisioning::lifecycle::{self, Refused};
use backend::Ctx;
use common::states::{SpaceAction, SpaceHealth, SpaceState};
use nextcloud_sim::{Host, Version};
use sqlx::PgPool;
use testkit::applicants::open;
use testkit::ctx;
use testkit::hosts::{approved, drain, host, state};

async fn active_space(ctx: &Ctx, office: &str) -> (Host, i64, String) {
    open(ctx).await;
    let h = host(ctx, "nc1", Version::V35, 10).await;
    let (id, slug) = approved(ctx, office).await;
    drain(ctx).await.unwrap();
    assert_eq!(state(&ctx.pool, id).await, SpaceState::Active);
    (h, id, slug)
}

/// The lifecycle mails, oldest first: (subject, text), sent (from the mail files: a sent
/// mail's body leaves the outbox) or not yet.
async fn mails(ctx: &Ctx) -> Vec<(String, String)> {
    let ids: Vec<(i64, Option<String>, Option<String>)> = sqlx::query_as(
        "select id, subject, body_text from mail_outbox where kind = $1 order by id",
    )
    .bind(lifecycle::MAIL_LIFECYCLE)
    .fetch_all(&ctx.pool)
    .await
    .unwrap();
    let files = backend::mail::read_mail_files(&ctx.settings.mail.file_dir, 1000).await;
    ids.into_iter()
        .map(|(id, subject, text)| match (subject, text) {
            (Some(s), Some(t)) => (s, t),
            _ => {
                let f = files.iter().find(|f| f.id == id).unwrap();
                (f.subject.clone(), f.text.clone())
            }
        })
        .collect()
}

async fn events(pool: &PgPool, space: i64) -> Vec<(String, SpaceAction)> {
    sqlx::query_as("select actor, action from space_events where space_id = $1 order by id")
        .bind(space)
        .fetch_all(pool)
        .await
        .unwrap()
}

fn maintenance(h: &Host, slug: &str) -> bool {
    h.store.load(slug).unwrap().unwrap().maintenance()
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn a_space_is_suspended_then_resumed_and_its_referent_told(pool: PgPool) {
    let ctx = ctx(&pool);
    let admin = Admin::command_line();
    let (h, id, slug) = active_space(&ctx, "collabora").await;
    let reason = "Des contenus signalés doivent être retirés.";
    lifecycle::suspend(&ctx, &admin, id, reason).await.unwrap();
    // One change at a time.
    assert!(matches!(
        lifecycle::resume(&ctx, &admin, id).await,
        Err(Refused::Busy)
    ));
    assert!(matches!(
        lifecycle::suspend(&ctx, &admin, id, reason).await,
        Err(Refused::Busy)
    ));
    drain(&ctx).await.unwrap();
    assert_eq!(state(&pool, id).await, SpaceState::Suspended);
    assert!(maintenance(&h, &slug));
    let sent = mails(&ctx).await;
    assert_eq!(sent.len(), 1);
    assert!(sent[0].0.contains("suspendu"), "{}", sent[0].0);
    assert!(sent[0].1.contains(reason), "{}", sent[0].1);
    // Refused where it makes no sense.
    assert!(matches!(
        lifecycle::suspend(&ctx, &admin, id, reason).await,
        Err(Refused::State(SpaceState::Suspended))
    ));
    assert!(matches!(
        lifecycle::change_office(&ctx, &admin, id, "onlyoffice").await,
        Err(Refused::State(_))
    ));
    assert!(matches!(
        lifecycle::resume(&ctx, &admin, 987_654).await,
        Err(Refused::NotFound)
    ));

    lifecycle::resume(&ctx, &admin, id).await.unwrap();
    drain(&ctx).await.unwrap();
    assert_eq!(state(&pool, id).await, SpaceState::Active);
    assert!(!maintenance(&h, &slug));
    let reason_left: Option<String> =
        sqlx::query_scalar("select suspend_reason from spaces where id = $1")
            .bind(id)
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(reason_left, None);
    assert!(mails(&ctx).await[1].0.contains("de nouveau ouvert"));
    assert!(matches!(
        lifecycle::resume(&ctx, &admin, id).await,
        Err(Refused::State(SpaceState::Active))
    ));
    assert_eq!(
        events(&pool, id).await,
        [
            ("operator".into(), SpaceAction::Suspend),
            ("operator".into(), SpaceAction::Resume),
        ]
    );
    // Each run's steps are in the space's timeline.
    let steps: Vec<String> = sqlx::query_scalar(
        "select step from space_steps where space_id = $1 and step like 'maintenance%' order by id",
    )
    .bind(id)
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(steps, ["maintenance-on", "maintenance-off"]);
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn the_office_suite_is_changed(pool: PgPool) {
    let ctx = ctx(&pool);
    let admin = Admin::command_line();
    let (h, id, slug) = active_space(&ctx, "collabora").await;
    assert!(matches!(
        lifecycle::change_office(&ctx, &admin, id, "collabora").await,
        Err(Refused::SameOffice)
    ));
    lifecycle::change_office(&ctx, &admin, id, "onlyoffice")
        .await
        .unwrap();
    drain(&ctx).await.unwrap();
    let inst = h.store.load(&slug).unwrap().unwrap();
    assert!(inst.app_enabled("onlyoffice"));
    assert!(!inst.app_enabled("richdocuments"));
    assert_eq!(
        inst.app_value("onlyoffice", "DocumentServerUrl"),
        Some("https://office.nc.test")
    );
    assert_eq!(
        inst.app_value("onlyoffice", "jwt_secret"),
        Some("office-shared-secret")
    );
    let detail: String = sqlx::query_scalar("select detail from space_events where space_id = $1")
        .bind(id)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(detail, "collabora → onlyoffice");
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn a_deletion_waits_thirty_days_with_a_reminder_and_can_be_cancelled(pool: PgPool) {
    let ctx = ctx(&pool);
    let admin = Admin::command_line();
    let (h, id, slug) = active_space(&ctx, "collabora").await;
    let after = lifecycle::ask_deletion(&ctx, &admin, id).await.unwrap();
    let days = (after - chrono::Utc::now()).num_hours() as f64 / 24.0;
    assert!((29.9..=30.0).contains(&days), "{days}");
    assert!(matches!(
        lifecycle::ask_deletion(&ctx, &admin, id).await,
        Err(Refused::DeletionPending)
    ));
    // The referent's mail has the date and the link that cancels.
    let sent = mails(&ctx).await;
    assert!(sent[0].0.contains("sera supprimé le"), "{}", sent[0].0);
    let link = lifecycle::cancel_link(&ctx, id, after);
    assert!(sent[0].1.contains(&link), "{}", sent[0].1);
    let token = link.rsplit('/').next().unwrap();
    let pending = lifecycle::pending_deletion(&ctx, token)
        .await
        .unwrap()
        .unwrap();
    assert_eq!((pending.space_id, pending.delete_after), (id, after));
    // A forged or altered token shows nothing.
    for bad in [
        format!("{}.{}", id + 1, token.split_once('.').unwrap().1),
        format!("{token}x"),
        "<b>1</b>".to_string(),
        "1.".repeat(25_000),
    ] {
        assert_eq!(lifecycle::pending_deletion(&ctx, &bad).await.unwrap(), None);
    }
    // Nothing to remind or remove yet.
    assert_eq!(lifecycle::deletions(&ctx).await.unwrap(), 0);
    lifecycle::cancel_deletion_by_link(&ctx, &pending)
        .await
        .unwrap();
    assert!(mails(&ctx).await[1].0.contains("est annulée"));
    // The link of a cancelled deletion no longer works, nor does cancelling twice.
    assert_eq!(
        lifecycle::pending_deletion(&ctx, token).await.unwrap(),
        None
    );
    assert!(matches!(
        lifecycle::cancel_deletion(&ctx, &admin, id).await,
        Err(Refused::NoDeletion)
    ));

    // Asked again; six days before, the referent is reminded, once.
    lifecycle::ask_deletion(&ctx, &admin, id).await.unwrap();
    sqlx::query("update spaces set delete_after = now() + interval '6 days' where id = $1")
        .bind(id)
        .execute(&pool)
        .await
        .unwrap();
    assert_eq!(lifecycle::deletions(&ctx).await.unwrap(), 1);
    assert_eq!(lifecycle::deletions(&ctx).await.unwrap(), 0);
    let sent = mails(&ctx).await;
    assert!(sent[3].0.starts_with("Rappel"), "{}", sent[3].0);
    assert_eq!(sent.len(), 4);

    // Past the date: removed from the host, its secrets dropped, its address free again.
    sqlx::query("update spaces set delete_after = now() - interval '1 minute' where id = $1")
        .bind(id)
        .execute(&pool)
        .await
        .unwrap();
    assert_eq!(lifecycle::deletions(&ctx).await.unwrap(), 1);
    drain(&ctx).await.unwrap();
    assert_eq!(state(&pool, id).await, SpaceState::Deleted);
    assert!(h.store.load(&slug).unwrap().is_none());
    let secrets: (bool, bool) = sqlx::query_as(
        "select app_password is null and oauth_secret is null and admin_password is null,
                deleted_at is not null
         from spaces where id = $1",
    )
    .bind(id)
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(secrets, (true, true));
    assert!(mails(&ctx).await[4].0.contains("est supprimé"));
    assert_eq!(lifecycle::deletions(&ctx).await.unwrap(), 0);
    assert!(matches!(
        lifecycle::ask_deletion(&ctx, &admin, id).await,
        Err(Refused::State(SpaceState::Deleted))
    ));
    let actions: Vec<SpaceAction> = events(&pool, id).await.into_iter().map(|e| e.1).collect();
    assert_eq!(
        actions,
        [
            SpaceAction::DeleteAsked,
            SpaceAction::DeleteCancelled,
            SpaceAction::DeleteAsked,
            SpaceAction::DeleteReminded,
            SpaceAction::Remove
        ]
    );
    sqlx::query("insert into spaces (slug, office) values ($1, 'collabora')")
        .bind(&slug)
        .execute(&pool)
        .await
        .unwrap();
}

/// `GET status.php` at `name` on the stand-in `h`, redirects not followed: the status and
/// the `Location`.
async fn status_at(h: &Host, name: &str) -> (u16, Option<String>) {
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .resolve(&format!("{name}.nc.test"), h.addr)
        .build()
        .unwrap();
    let res = client
        .get(format!(
            "http://{name}.nc.test:{}/status.php?x=1",
            h.addr.port()
        ))
        .send()
        .await
        .unwrap();
    let location = res
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    (res.status().as_u16(), location)
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn a_space_is_renamed_and_its_former_address_redirects(pool: PgPool) {
    let ctx = ctx(&pool);
    let admin = Admin::command_line();
    let (h, id, slug) = active_space(&ctx, "collabora").await;
    let new = format!("{slug}-bis");
    // Refused: not an address, reserved, the same, taken by another application.
    for (raw, code) in [
        ("Mon Asso!", common::ErrorCode::SlugCharacters),
        ("www", common::ErrorCode::SlugReserved),
        (slug.as_str(), common::ErrorCode::SlugUnchanged),
    ] {
        assert!(
            matches!(lifecycle::rename(&ctx, &admin, id, raw).await, Err(Refused::Address(c)) if c == code),
            "{raw}"
        );
    }
    let (other_id, other) = approved(&ctx, "collabora").await;
    assert!(matches!(
        lifecycle::rename(&ctx, &admin, id, &other).await,
        Err(Refused::Address(common::ErrorCode::SlugTaken))
    ));
    assert!(
        matches!(
            lifecycle::rename(&ctx, &admin, other_id, "nouveau-nom").await,
            Err(Refused::State(_) | Refused::Busy)
        ),
        "a space not made yet keeps its address"
    );

    // Typed with capitals: folded, as the application form does.
    lifecycle::rename(&ctx, &admin, id, &new.to_uppercase())
        .await
        .unwrap();
    drain(&ctx).await.unwrap();
    assert_eq!(state(&pool, id).await, SpaceState::Active);
    let (now, instance): (String, String) =
        sqlx::query_as("select slug, instance from spaces where id = $1")
            .bind(id)
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(
        (now.as_str(), instance.as_str()),
        (new.as_str(), slug.as_str())
    );
    // The host serves the new name, trusts it, and sends the former one there, path kept.
    assert_eq!(status_at(&h, &new).await.0, 200);
    let port = h.addr.port();
    assert_eq!(
        status_at(&h, &slug).await,
        (
            301,
            Some(format!("http://{new}.nc.test:{port}/status.php?x=1"))
        )
    );
    let inst = h.store.load(&slug).unwrap().unwrap();
    let trusted = inst.system.get("trusted_domains").unwrap().to_string();
    assert!(trusted.contains(&format!("{new}.nc.test")), "{trusted}");
    assert_eq!(
        inst.system
            .get("overwrite.cli.url")
            .and_then(|v| v.as_str()),
        Some(format!("http://{new}.nc.test:{port}").as_str())
    );
    // The space still works with the portal: its secrets are bound to the instance.
    backend::provisioning::health::sweep(&ctx).await.unwrap();
    drain(&ctx).await.unwrap();
    let health: SpaceHealth = sqlx::query_scalar("select health from spaces where id = $1")
        .bind(id)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(health, SpaceHealth::Ok);
    // The referent is told both addresses.
    let sent = mails(&ctx).await;
    let (subject, text) = sent.last().unwrap();
    assert!(subject.contains("nouvelle adresse"), "{subject}");
    assert!(
        text.contains(&format!("{new}.nc.test")) && text.contains(&format!("{slug}.nc.test")),
        "{text}"
    );
    assert_eq!(
        events(&pool, id).await,
        [("operator".into(), SpaceAction::Rename)]
    );
    // The former address is kept from others while the space lives.
    let taken: bool = sqlx::query_scalar(
        "select exists (select 1 from space_former_addresses where slug = $1 and space_id = $2)",
    )
    .bind(&slug)
    .bind(id)
    .fetch_one(&pool)
    .await
    .unwrap();
    assert!(taken);
    assert!(matches!(
        lifecycle::rename(&ctx, &admin, other_id, &slug).await,
        Err(Refused::State(_) | Refused::Address(common::ErrorCode::SlugTaken))
    ));
    // Given its first name back: served again, the redirect gone.
    lifecycle::rename(&ctx, &admin, id, &slug).await.unwrap();
    drain(&ctx).await.unwrap();
    assert_eq!(status_at(&h, &slug).await.0, 200);
    assert_eq!(
        status_at(&h, &new).await,
        (
            301,
            Some(format!("http://{slug}.nc.test:{port}/status.php?x=1"))
        )
    );
    // Removed: its former address is free again, and no longer redirected.
    lifecycle::ask_deletion(&ctx, &admin, id).await.unwrap();
    sqlx::query("update spaces set delete_after = now() - interval '1 minute' where id = $1")
        .bind(id)
        .execute(&pool)
        .await
        .unwrap();
    lifecycle::deletions(&ctx).await.unwrap();
    drain(&ctx).await.unwrap();
    assert_eq!(state(&pool, id).await, SpaceState::Deleted);
    let former: i64 = sqlx::query_scalar("select count(*) from space_former_addresses")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(former, 0);
    assert_eq!(
        h.store.resolve(&new),
        nextcloud_sim::store::Site::Serve(new.clone()),
        "no redirect left on the host"
    );
}
