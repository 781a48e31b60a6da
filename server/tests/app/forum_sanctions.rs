//! Sanctions and the limits of new accounts: a forum moderator silences the author of a
//! post (they read, but no longer write or flag), bans them (their login opens nothing but
//! why), lifts it; each is logged. A new account writes no link on its first day and at
//! most ten posts a day in its first week.

use app::pages::forum::compose::{Button, ReplyInput};
use backend::accounts::Role;
use common::states::{ModerationAction, SanctionKind};
use sqlx::PgPool;
use testkit::forum::{person, reply, topic};

use crate::support::spawn_app;

const SILENCE: &str = SanctionKind::Silence.as_str();
const BAN: &str = SanctionKind::Ban.as_str();
const LIFT: &str = "/equipe/forum/sanction/lever";

/// A sanction's form as a browser sends it: no `kind` when no button is checked.
fn sanction_form(kind: &str, until: &str, reason: &str) -> String {
    let mut fields = Vec::new();
    if !kind.is_empty() {
        fields.push(("kind", kind));
    }
    fields.extend([("until", until), ("reason", reason)]);
    serde_urlencoded::to_string(fields).unwrap()
}

fn reply_form(body: &str) -> String {
    serde_urlencoded::to_string(ReplyInput {
        body: body.into(),
        pseudonym: String::new(),
        button: Button::Publish,
    })
    .unwrap()
}

/// A day `days` from today, by the clock of Paris, as a date field sends it.
async fn day(pool: &PgPool, days: i32) -> String {
    sqlx::query_scalar("select ((now() at time zone 'Europe/Paris')::date + $1)::text")
        .bind(days)
        .fetch_one(pool)
        .await
        .unwrap()
}

/// Makes person `id`'s account `days` old.
async fn age(pool: &PgPool, id: i64, days: i32) {
    sqlx::query(
        "update forum_people set created_at = now() - make_interval(days => $2) where id = $1",
    )
    .bind(id)
    .bind(days)
    .execute(pool)
    .await
    .unwrap();
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn a_moderator_silences_bans_and_lifts_and_the_person_reads_why(pool: PgPool) {
    let app = spawn_app(pool.clone(), |_| {}).await;
    let asker = person(&pool, "camille").await;
    let seller = person(&pool, "vendeur").await;
    age(&pool, seller, 30).await;
    let (id, _) = topic(
        &pool,
        "premiers-pas",
        "Comment partager un dossier ?",
        "Je voudrais partager un dossier avec le bureau.",
        asker,
    )
    .await;
    let spam = reply(&pool, id, "Achetez des montres pas chères !", seller).await;
    let reply_page = format!("/forum/repondre/{id}");
    let in_a_week = day(&pool, 7).await;
    let sanction = format!("/equipe/forum/sanction/{spam}");

    // Only a forum moderator sanctions.
    let form = sanction_form(SILENCE, &in_a_week, "Publicités répétées.");
    assert_eq!(app.post_with(&sanction, "", &form).await.status, 401);
    let modo = app.log_in_as("modo@frama.example", Role::Moderator).await;
    assert_eq!(app.post_with(&sanction, &modo, &form).await.status, 403);
    let seller_login = app.log_in_to_forum("vendeur@example.org").await;
    assert_eq!(
        app.post_with(&sanction, &seller_login, &form).await.status,
        401
    );
    let admin = app.log_in_as("admin@frama.example", Role::Admin).await;
    let card = app
        .get_with(
            &format!("/equipe/forum?message={spam}"),
            &[("cookie", &admin)],
        )
        .await
        .body;
    assert!(card.contains(&format!("href=\"{sanction}\"")));
    let page = app.get_with(&sanction, &[("cookie", &admin)]).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("<h1>Sanctionner vendeur</h1>"));
    assert!(page.body.contains("Achetez des montres"));
    assert!(page.body.contains("type=\"date\""));
    assert_eq!(
        app.get_with(&sanction, &[("cookie", &modo)]).await.status,
        403
    );

    // Refused beside their fields, what was typed kept, nothing written.
    for (form, says) in [
        (
            sanction_form("", &in_a_week, "Publicités répétées."),
            "Choisissez",
        ),
        (
            sanction_form(SILENCE, "31/01/2027", "Publicités répétées."),
            "Saisissez une date comme 2027-01-31",
        ),
        (
            sanction_form(SILENCE, &day(&pool, -1).await, "Publicités répétées."),
            "Choisissez un jour entre aujourd’hui et dans deux ans",
        ),
        (
            sanction_form(SILENCE, &day(&pool, 731).await, "Publicités répétées."),
            "Choisissez un jour entre aujourd’hui et dans deux ans",
        ),
        (sanction_form(BAN, &in_a_week, "  "), "Sanctionner vendeur"),
    ] {
        let res = app.post_with(&sanction, &admin, &form).await;
        assert_eq!(res.status, 422, "{form}");
        assert!(res.body.contains(says), "{form}: {says}");
    }
    let kept = app
        .post_with(
            &sanction,
            &admin,
            &sanction_form(SILENCE, "bientôt", "Mes mots à moi"),
        )
        .await;
    assert!(kept.body.contains("Mes mots à moi") && kept.body.contains("bientôt"));
    assert_eq!(app.count("forum_sanctions").await, 0);
    assert_eq!(app.count("forum_moderation_log").await, 0);
    // A post nobody living wrote (the welcome topic's, by the team) has nobody to sanction.
    let team = sanction_form(BAN, &in_a_week, "Non.");
    let welcome = "/equipe/forum/sanction/1";
    assert_eq!(app.post_with(welcome, &admin, &team).await.status, 404);
    assert_eq!(
        app.get_with(welcome, &[("cookie", &admin)]).await.status,
        404
    );

    // Silenced: they read, logged in, with why and until when, and no longer write or flag.
    let done = app.post_with(&sanction, &admin, &form).await;
    assert_eq!(done.status, 303, "{}", done.body);
    assert_eq!(
        done.header("location"),
        Some("/equipe/forum?resultat=silenced")
    );
    let page = app
        .get_with(&reply_page, &[("cookie", &seller_login)])
        .await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("suspendu votre droit d’écrire"));
    assert!(page.body.contains("Publicités répétées."));
    assert!(!page.body.contains("name=\"body\""));
    let refused = app
        .post_with(
            &reply_page,
            &seller_login,
            &reply_form("Encore des montres !"),
        )
        .await;
    assert_eq!(refused.status, 422);
    assert!(refused.body.contains("Encore des montres"));
    let flag = app
        .post_with(
            &format!("/forum/signaler/{id}"),
            &seller_login,
            "reason=spam&detail=",
        )
        .await;
    assert_eq!(flag.status, 422);
    assert_eq!(app.count("forum_flags").await, 0);
    assert_eq!(
        app.count("forum_posts").await,
        3,
        "the welcome, the question, the spam"
    );
    // Their own pages stay theirs while silenced.
    let account = app
        .get_with("/forum/compte", &[("cookie", &seller_login)])
        .await;
    assert_eq!(account.status, 200);

    // The moderators' page lists it, the log keeps it with the post and the person.
    let queue = app
        .get_with("/equipe/forum", &[("cookie", &admin)])
        .await
        .body;
    assert!(queue.contains("Sanctions en cours"));
    assert!(queue.contains("Lever la sanction de vendeur"));
    assert!(queue.contains("Personne réduite au silence"));
    let logged: (ModerationAction, Option<i64>, Option<i64>) =
        sqlx::query_as("select action, post_id, person_id from forum_moderation_log")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(
        logged,
        (ModerationAction::Silence, Some(spam), Some(seller))
    );

    // The page says the sanction in force, which a new one replaces.
    let page = app.get_with(&sanction, &[("cookie", &admin)]).await.body;
    assert!(page.contains("Une sanction est en cours"));
    // Banned (the sanction replaced): the login opens nothing but why; logging out works.
    let ban = sanction_form(BAN, &in_a_week, "Publicités, encore.");
    assert_eq!(app.post_with(&sanction, &admin, &ban).await.status, 303);
    let kind: SanctionKind = sqlx::query_scalar("select kind from forum_sanctions")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(kind, SanctionKind::Ban);
    assert_eq!(
        app.get_with("/forum/compte", &[("cookie", &seller_login)])
            .await
            .status,
        403
    );
    assert_eq!(
        app.post_with("/forum/notifications", &seller_login, "")
            .await
            .status,
        403
    );
    let home = app
        .get_with("/forum", &[("cookie", &seller_login)])
        .await
        .body;
    assert!(home.contains("suspendu votre compte du forum"));
    assert!(home.contains("Publicités, encore."));
    assert!(!home.contains("href=\"/forum/compte\""));

    // Lifted: they write again; lifting again finds nothing.
    let row = format!("person={seller}");
    let lifted = app.post_with(LIFT, &admin, &row).await;
    assert_eq!(
        lifted.header("location"),
        Some("/equipe/forum?resultat=lifted")
    );
    assert_eq!(app.post_with(LIFT, &admin, &row).await.status, 404);
    assert_eq!(app.post_with(LIFT, &modo, &row).await.status, 403);
    let again = app
        .post_with(
            &reply_page,
            &seller_login,
            &reply_form("Pardon pour les montres."),
        )
        .await;
    assert_eq!(again.status, 303, "{}", again.body);
    let actions: Vec<ModerationAction> =
        sqlx::query_scalar("select action from forum_moderation_log order by id")
            .fetch_all(&pool)
            .await
            .unwrap();
    assert_eq!(
        actions,
        [
            ModerationAction::Silence,
            ModerationAction::Ban,
            ModerationAction::Lift
        ]
    );
    let log = app
        .get_with("/equipe/forum", &[("cookie", &admin)])
        .await
        .body;
    assert!(log.contains("Sanction levée"));
    assert!(log.contains("Aucune sanction en cours"));
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn a_new_account_writes_no_link_on_its_first_day_and_ten_posts_a_day_its_first_week(
    pool: PgPool,
) {
    let app = spawn_app(pool.clone(), |_| {}).await;
    let asker = person(&pool, "camille").await;
    let (id, _) = topic(
        &pool,
        "premiers-pas",
        "Comment partager un dossier ?",
        "Je voudrais partager un dossier avec le bureau.",
        asker,
    )
    .await;
    let reply_page = format!("/forum/repondre/{id}");
    let newcomer = person(&pool, "nouvelle").await;
    let me = app.log_in_to_forum("nouvelle@example.org").await;

    // The first day: no link, no image; an address as text or code is fine.
    for linked in [
        "Voyez [la documentation](https://docs.nextcloud.com).",
        "Voyez <https://docs.nextcloud.com>.",
        "![capture](/forum/images/1.png)",
    ] {
        let res = app.post_with(&reply_page, &me, &reply_form(linked)).await;
        assert_eq!(res.status, 422, "{linked}");
        assert!(res.body.contains("après votre premier jour"), "{linked}");
    }
    let plain = "Mon serveur : https://mon-asso.frama.space et `https://mon-asso.frama.space/remote.php/dav`.";
    assert_eq!(
        app.post_with(&reply_page, &me, &reply_form(plain))
            .await
            .status,
        303
    );
    // The next day, links pass.
    age(&pool, newcomer, 2).await;
    let me = app.log_in_to_forum("nouvelle@example.org").await;
    let linked = reply_form("Voyez [la documentation](https://docs.nextcloud.com).");
    assert_eq!(app.post_with(&reply_page, &me, &linked).await.status, 303);

    // Ten posts a day in the first week: the eleventh of the day waits (the ten minutes'
    // window is left aside by counting the day's posts as already written).
    sqlx::query(
        "insert into rate_limits (key, window_start, hits)
         values (encode(sha256(convert_to('forum-post-day:' || $1, 'UTF8')), 'hex'), now(), 10)
         on conflict (key) do update set hits = 10, window_start = now()",
    )
    .bind(newcomer)
    .execute(&pool)
    .await
    .unwrap();
    let res = app
        .post_with(&reply_page, &me, &reply_form("Une onzième réponse."))
        .await;
    assert_eq!(res.status, 422);
    assert!(res.body.contains("Revenez demain"));
    assert!(res.body.contains("Une onzième réponse."));
    // Past the first week, no daily limit.
    age(&pool, newcomer, 8).await;
    let me = app.log_in_to_forum("nouvelle@example.org").await;
    let res = app
        .post_with(&reply_page, &me, &reply_form("Une onzième réponse."))
        .await;
    assert_eq!(res.status, 303);
}
