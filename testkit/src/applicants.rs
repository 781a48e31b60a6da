//! Applicants and moderators for tests that need an application: a registration window
//! open, an application sent and confirmed, a moderator to decide on it.

use backend::accounts::{self, Admin, Role, Staff};
use backend::applications::windows::{create_window, NewWindow};
use backend::applications::{self, check, ApplicationForm, Checked};
use backend::{ClientAddr, Ctx, Lang};
use chrono::{Duration, Utc};

/// A moderator's account made by the operator, and the proof it acts with: what the
/// backend's moderation calls take.
pub async fn moderator(ctx: &Ctx, email: &str) -> Staff {
    let address = backend::Email::parse(email).unwrap();
    accounts::add_staff(ctx, &Admin::command_line(), &address, Role::Moderator)
        .await
        .unwrap();
    Staff::command_line(ctx, &address).await.unwrap().unwrap()
}

/// Registrations open: a window from yesterday to ten days from now, without a cap, with
/// a note the public pages show.
pub async fn open(ctx: &Ctx) {
    let now = Utc::now().naive_utc();
    create_window(
        ctx,
        &Admin::command_line(),
        &NewWindow {
            opens: now - Duration::days(1),
            closes: now + Duration::days(10),
            max_applications: None,
            note_fr: "Première vague".into(),
            note_en: "First wave".into(),
        },
    )
    .await
    .unwrap();
}

/// Sends and confirms an application (a valid one, with an address and a referent of its
/// own, then changed by `edit`); returns its id and status token.
pub async fn confirmed(ctx: &Ctx, edit: impl FnOnce(&mut ApplicationForm)) -> (i64, String) {
    let mut form = ApplicationForm {
        structure_name: "Les Amis du Vélo".into(),
        kind: "association".into(),
        location: "35".into(),
        identifier: String::new(),
        field_of_action: "environment".into(),
        purpose: "Organiser nos ateliers de réparation.".into(),
        members: "30".into(),
        accounts: "10".into(),
        storage_gb: "5".into(),
        budget: "under-1k".into(),
        slug: format!("velo-{}", rand_suffix()),
        office: "collabora".into(),
        referent_name: "Dominique".into(),
        referent_email: format!("{}@example.org", rand_suffix()),
        referent_role: "Présidente".into(),
        terms: "yes".into(),
        ..Default::default()
    };
    form.identifier = format!("W35{:07}", rand_suffix()[1..].parse::<u32>().unwrap());
    edit(&mut form);
    let Checked::Valid(app) = check(&form, &ctx.settings.site) else {
        panic!("{form:?}")
    };
    let sent = applications::submit(ctx, &app, Lang::Fr, &ClientAddr(rand_suffix()))
        .await
        .unwrap();
    applications::confirm(ctx, &sent.confirm_token)
        .await
        .unwrap();
    (sent.id, sent.status_token)
}

/// A word no other call in this process gets (`n0`, `n1`…): for addresses, names and
/// folders that tests running side by side must not share.
pub fn rand_suffix() -> String {
    use std::sync::atomic::{AtomicU32, Ordering};
    static N: AtomicU32 = AtomicU32::new(0);
    format!("n{}", N.fetch_add(1, Ordering::Relaxed))
}

/// Application `id`'s version, which a moderator's decision carries.
pub async fn version(pool: &sqlx::PgPool, id: i64) -> i32 {
    sqlx::query_scalar("select version from applications where id = $1")
        .bind(id)
        .fetch_one(pool)
        .await
        .unwrap()
}

/// An active space at `slug` that no host serves (its dashboard reads only what the portal
/// knows), made from a confirmed application whose referent is `referent_email`; returns
/// the space's id. For tests of who may open which dashboard.
pub async fn space_without_host(ctx: &Ctx, slug: &str, referent_email: &str) -> i64 {
    let windows: i64 = sqlx::query_scalar("select count(*) from registration_windows")
        .fetch_one(&ctx.pool)
        .await
        .unwrap();
    if windows == 0 {
        open(ctx).await;
    }
    let (application, _) = confirmed(ctx, |f| {
        f.slug = slug.into();
        f.referent_email = referent_email.into();
    })
    .await;
    sqlx::query_scalar(
        "insert into spaces (application_id, slug, state, office) values ($1, $2, $3, 'collabora')
         returning id",
    )
    .bind(application)
    .bind(slug)
    .bind(common::states::SpaceState::Active)
    .fetch_one(&ctx.pool)
    .await
    .unwrap()
}
