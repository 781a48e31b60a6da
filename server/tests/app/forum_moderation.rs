//! The forum's moderation: a person flags a post, a forum moderator finds it in the queue
//! and hides it (with a reason the log keeps) or keeps it, restores it, locks and pins a
//! topic; a moderator of applications is no forum moderator until given the role.

use backend::accounts::Role;
use common::states::{FlagOutcome, FlagReason, ModerationAction, PostState};
use sqlx::PgPool;
use testkit::forum::{person, post_state, replies, reply, topic};

use crate::support::spawn_app;

const QUEUE: &str = "/equipe/forum";
const SPAM: &str = FlagReason::Spam.as_str();

fn flag_form(reason: &str, detail: &str) -> String {
    serde_urlencoded::to_string([("reason", reason), ("detail", detail)]).unwrap()
}

fn decision(post: i64, decision: &str, reason: &str) -> String {
    serde_urlencoded::to_string([
        ("post", post.to_string().as_str()),
        ("decision", decision),
        ("reason", reason),
    ])
    .unwrap()
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn a_flagged_post_is_hidden_by_a_forum_moderator_restored_and_logged(pool: PgPool) {
    let app = spawn_app(pool.clone(), |_| {}).await;
    let asker = person(&pool, "camille").await;
    let spammer = person(&pool, "vendeur").await;
    let (id, question) = topic(
        &pool,
        "premiers-pas",
        "Comment partager un dossier ?",
        "Je voudrais partager un dossier avec le bureau.",
        asker,
    )
    .await;
    let spam = reply(&pool, id, "Achetez des montres pas chères !", spammer).await;
    let at = format!("/forum/t/comment-partager-un-dossier/{id}");

    // Every post links to its flag page, for everyone.
    let page = app.get(&at).await.body;
    assert!(page.contains(&format!("href=\"/forum/signaler/{spam}\"")));
    // Anonymous: the page says how to log in, and a flag is refused.
    let flag_page = format!("/forum/signaler/{spam}");
    let anonymous = app.get(&flag_page).await;
    assert_eq!(anonymous.status, 200);
    assert!(anonymous.body.contains("connectez-vous"));
    assert!(!anonymous.body.contains("name=\"reason\""));
    assert_eq!(
        app.post_with(&flag_page, "", &flag_form(SPAM, ""))
            .await
            .status,
        401
    );

    let reader = app.log_in_to_forum("dominique@example.org").await;
    let form = app.get_with(&flag_page, &[("cookie", &reader)]).await;
    assert!(form.body.contains("name=\"reason\""));
    assert!(form.body.contains("Achetez des montres"));
    // « Another reason » needs words; an unknown reason is no reason: both refused,
    // what was typed kept, nothing written.
    let other = app
        .post_with(
            &flag_page,
            &reader,
            &flag_form(FlagReason::Other.as_str(), "  "),
        )
        .await;
    assert_eq!(other.status, 422, "{}", other.body);
    let unknown = app
        .post_with(
            &flag_page,
            &reader,
            &flag_form("<b>x</b>", "Voir plus haut"),
        )
        .await;
    assert_eq!(unknown.status, 422);
    assert!(unknown.body.contains("Voir plus haut"));
    assert_eq!(app.count("forum_flags").await, 0);
    // No such post.
    assert_eq!(
        app.post_with("/forum/signaler/999999", &reader, &flag_form(SPAM, ""))
            .await
            .status,
        404
    );

    let flagged = app
        .post_with(&flag_page, &reader, &flag_form(SPAM, "Une publicité."))
        .await;
    assert_eq!(flagged.status, 303);
    let to = flagged.header("location").unwrap().to_string();
    assert_eq!(to, format!("{flag_page}?resultat=flagged"));
    assert!(app
        .get_with(&to, &[("cookie", &reader)])
        .await
        .body
        .contains("transmis à la modération"));
    // Again: nothing more.
    let again = app
        .post_with(
            &flag_page,
            &reader,
            &flag_form(FlagReason::Offensive.as_str(), ""),
        )
        .await;
    assert_eq!(
        again.header("location"),
        Some(format!("{flag_page}?resultat=already-flagged").as_str())
    );
    assert_eq!(app.count("forum_flags").await, 1);
    // One's own post is not flagged.
    let own = app.log_in_to_forum("camille@example.org").await;
    let mine = app
        .post_with(
            &format!("/forum/signaler/{question}"),
            &own,
            &flag_form(SPAM, ""),
        )
        .await;
    assert!(mine.header("location").unwrap().ends_with("own-post"));
    assert_eq!(app.count("forum_flags").await, 1);

    // A moderator of applications is no forum moderator.
    let modo = app.log_in_as("modo@frama.example", Role::Moderator).await;
    assert_eq!(app.get_with(QUEUE, &[("cookie", &modo)]).await.status, 403);
    assert_eq!(
        app.post_with(QUEUE, &modo, &decision(spam, "hide", "Spam"))
            .await
            .status,
        403
    );
    assert!(!app
        .get_with(&at, &[("cookie", &modo)])
        .await
        .body
        .contains("/equipe/forum/sujet/"));
    // Given the role by an admin on the staff accounts' page, from their next page; they
    // cannot give it themselves.
    let role = "action=give&email=modo%40frama.example";
    assert_eq!(
        app.post_with("/equipe/comptes", &modo, role).await.status,
        403
    );
    let admin = app.log_in_as("admin@frama.example", Role::Admin).await;
    let accounts = app.get_with("/equipe/comptes", &[("cookie", &admin)]).await;
    assert!(accounts.body.contains("Confier la modération du forum"));
    assert!(
        accounts.body.contains("oui, par son rôle"),
        "the admin's own row"
    );
    let given = app.post_with("/equipe/comptes", &admin, role).await;
    assert_eq!(given.status, 303);
    assert_eq!(given.header("location"), Some("/equipe/comptes"));
    let accounts = app.get_with("/equipe/comptes", &[("cookie", &admin)]).await;
    assert!(accounts.body.contains("Retirer la modération du forum"));
    // An address with no account is a 404, and changes nothing.
    let nobody = "action=take&email=personne%40frama.example";
    assert_eq!(
        app.post_with("/equipe/comptes", &admin, nobody)
            .await
            .status,
        404
    );
    let queue = app.get_with(QUEUE, &[("cookie", &modo)]).await;
    assert_eq!(queue.status, 200);
    assert!(queue.body.contains("Achetez des montres"));
    assert!(queue.body.contains("Publicité ou spam"));
    assert!(queue.body.contains("Une publicité."));
    assert!(queue.body.contains("dominique") || queue.body.contains("Ancien membre"));
    // The topic shows the moderator their links and buttons.
    let seen = app.get_with(&at, &[("cookie", &modo)]).await.body;
    assert!(seen.contains(&format!("/equipe/forum?message={spam}")));
    assert!(seen.contains(&format!("/equipe/forum/sujet/{id}")));

    // Hiding needs a reason: refused, the post still shown, nothing logged.
    let no_reason = app
        .post_with(QUEUE, &modo, &decision(spam, "hide", " "))
        .await;
    assert_eq!(no_reason.status, 422);
    assert_eq!(post_state(&pool, spam).await, PostState::Visible);
    assert_eq!(app.count("forum_moderation_log").await, 0);

    let hidden = app
        .post_with(QUEUE, &modo, &decision(spam, "hide", "Publicité"))
        .await;
    assert_eq!(hidden.status, 303);
    assert_eq!(
        hidden.header("location"),
        Some("/equipe/forum?resultat=hidden")
    );
    assert_eq!(post_state(&pool, spam).await, PostState::Hidden);
    assert_eq!(replies(&pool, id).await, 0);
    assert!(!app.get(&at).await.body.contains("Achetez des montres"));
    let open: i64 =
        sqlx::query_scalar("select count(*) from forum_flags where resolved_at is null")
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(open, 0);
    // Hiding it again changes nothing and writes nothing.
    app.post_with(QUEUE, &modo, &decision(spam, "hide", "Encore"))
        .await;
    assert_eq!(app.count("forum_moderation_log").await, 1);
    let queue = app.get_with(QUEUE, &[("cookie", &modo)]).await.body;
    assert!(queue.contains("Aucun message n’attend de décision."));
    assert!(queue.contains("Masqué par modo@frama.example"));
    assert!(queue.contains("Message masqué"));

    // Restored: shown and counted again.
    let restored = app
        .post_with(QUEUE, &modo, &decision(spam, "restore", ""))
        .await;
    assert_eq!(restored.status, 303);
    assert_eq!(post_state(&pool, spam).await, PostState::Visible);
    assert_eq!(replies(&pool, id).await, 1);
    assert!(app.get(&at).await.body.contains("Achetez des montres"));

    // Locked and pinned from the topic's page, each logged.
    let bar = format!("/equipe/forum/sujet/{id}");
    let locked = app.post_with(&bar, &modo, "change=lock").await;
    assert_eq!(locked.status, 303);
    assert_eq!(locked.header("location"), Some(at.as_str()));
    app.post_with(&bar, &modo, "change=pin").await;
    let (is_locked, is_pinned): (bool, bool) =
        sqlx::query_as("select locked, pinned from forum_topics where id = $1")
            .bind(id)
            .fetch_one(&pool)
            .await
            .unwrap();
    assert!(is_locked && is_pinned);
    // A locked topic takes no reply.
    assert!(app
        .get_with(&format!("/forum/repondre/{id}"), &[("cookie", &reader)])
        .await
        .body
        .contains("fermé"));
    let actions: Vec<ModerationAction> =
        sqlx::query_scalar("select action from forum_moderation_log order by id")
            .fetch_all(&pool)
            .await
            .unwrap();
    use ModerationAction::{Hide, Lock, Move, Pin, Restore};
    assert_eq!(actions, [Hide, Restore, Lock, Pin]);

    // Moved to another category from the topic's page: its address stays, the log names
    // both categories; a move to where it is, or to no category, changes nothing.
    let agendas: i64 =
        sqlx::query_scalar("select id from forum_categories where slug = 'agendas-et-contacts'")
            .fetch_one(&pool)
            .await
            .unwrap();
    let page = app.get_with(&at, &[("cookie", &modo)]).await.body;
    assert!(
        page.contains("Déplacer le sujet"),
        "the bar offers the move"
    );
    assert!(!app
        .get_with(&at, &[("cookie", &reader)])
        .await
        .body
        .contains("Déplacer le sujet"));
    let to = format!("/equipe/forum/sujet/{id}/deplacer");
    let moved = app
        .post_with(&to, &modo, &format!("category={agendas}"))
        .await;
    assert_eq!(moved.status, 303);
    assert_eq!(moved.header("location"), Some(at.as_str()));
    let shown = app.get(&at).await.body;
    assert!(
        shown.contains("Agendas et contacts"),
        "the topic's new category"
    );
    app.post_with(&to, &modo, &format!("category={agendas}"))
        .await;
    assert_eq!(
        app.post_with(&to, &modo, "category=999999").await.status,
        404
    );
    let (moves, reason): (i64, String) =
        sqlx::query_as("select count(*), max(reason) from forum_moderation_log where action = $1")
            .bind(Move)
            .fetch_one(&pool)
            .await
            .unwrap();
    assert_eq!(
        (moves, reason.as_str()),
        (1, "Premiers pas → Agendas et contacts")
    );

    // Hiding the question hides the topic.
    app.post_with(QUEUE, &modo, &decision(question, "hide", "Doublon"))
        .await;
    assert_eq!(app.get(&at).await.status, 404);
    // The forum moderator is not a forum member by being staff: no flag from them.
    assert_eq!(
        app.post_with(&flag_page, &modo, &flag_form(SPAM, ""))
            .await
            .status,
        401
    );
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn flags_dismissed_leave_the_post_and_the_queue_names_the_post_asked_for(pool: PgPool) {
    let app = spawn_app(pool.clone(), |_| {}).await;
    let asker = person(&pool, "camille").await;
    let (id, question) = topic(
        &pool,
        "premiers-pas",
        "Comment changer mon mot de passe ?",
        "Je ne trouve pas le réglage.",
        asker,
    )
    .await;
    let answer = reply(&pool, id, "Dans **Paramètres personnels**.", asker).await;
    let reader = app.log_in_to_forum("dominique@example.org").await;
    app.post_with(
        &format!("/forum/signaler/{answer}"),
        &reader,
        &flag_form(FlagReason::OffTopic.as_str(), ""),
    )
    .await;
    // An admin (with the second factor) moderates the forum.
    let admin = app.log_in_as("admin@frama.example", Role::Admin).await;
    let kept = app
        .post_with(QUEUE, &admin, &decision(answer, "keep", ""))
        .await;
    assert_eq!(kept.header("location"), Some("/equipe/forum?resultat=kept"));
    assert_eq!(post_state(&pool, answer).await, PostState::Visible);
    let outcome: FlagOutcome = sqlx::query_scalar("select outcome from forum_flags")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(outcome, FlagOutcome::Kept);
    // A post nobody flagged, named by the topic's « Modérer » link, may be hidden.
    let named = app
        .get_with(
            &format!("/equipe/forum?message={question}"),
            &[("cookie", &admin)],
        )
        .await;
    assert!(named.body.contains("Le message à modérer"));
    assert!(named.body.contains("la masquer masque le sujet"));
    // A refused decision shows that post's form again with the error beside it.
    let refused = app
        .post_with(QUEUE, &admin, &decision(question, "hide", ""))
        .await;
    assert_eq!(refused.status, 422);
    assert!(refused.body.contains("Le message à modérer"));
    assert!(refused
        .body
        .contains(&format!("forum-mod-reason-{question}-error")));
    // A nonexistent post.
    assert_eq!(
        app.post_with(QUEUE, &admin, &decision(999_999, "hide", "x"))
            .await
            .status,
        404
    );
}
