//! Logging in to the forum and writing in it: the mailed link, the pseudonym chosen at the
//! first post, the preview that writes nothing, a question and a reply, and what is refused.

use app::pages::forum::compose::{Button, ReplyInput, TopicInput};
use common::states::PostState;
use sqlx::PgPool;
use testkit::forum::{person, set_topic_state, topic};

use crate::support::{spawn_app, TestApp};

const NEW: &str = "/forum/nouveau";

fn topic_form(title: &str, body: &str, pseudonym: &str, button: Button) -> String {
    serde_urlencoded::to_string(TopicInput {
        category: "2".into(),
        title: title.into(),
        body: body.into(),
        pseudonym: pseudonym.into(),
        button,
        ..Default::default()
    })
    .unwrap()
}

fn reply_form(body: &str, pseudonym: &str, button: Button) -> String {
    serde_urlencoded::to_string(ReplyInput {
        body: body.into(),
        pseudonym: pseudonym.into(),
        button,
    })
    .unwrap()
}

async fn topics(app: &TestApp) -> i64 {
    app.count("forum_topics").await
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn a_person_logs_in_by_a_mailed_link_previews_asks_and_replies(pool: PgPool) {
    let app = spawn_app(pool.clone(), |_| {}).await;
    // Anonymous: the page says how to log in, and has no form.
    let page = app.get(NEW).await;
    assert_eq!(page.status, 200);
    assert!(page
        .body
        .contains("href=\"/forum/connexion?retour=%2Fforum%2Fnouveau\""));
    assert!(!page.body.contains("name=\"body\""));

    let me = app.log_in_to_forum("camille@example.org").await;
    let page = app.get_with(NEW, &[("cookie", &me)]).await;
    assert!(
        page.body.contains("name=\"pseudonym\""),
        "a first post asks for it"
    );
    assert!(page.body.contains("Se déconnecter du forum"));

    // The preview writes nothing and keeps every word.
    let title = "Comment partager un agenda avec le bureau ?";
    let preview = app
        .post_with(
            NEW,
            &me,
            &topic_form(
                title,
                "Avec **tout le bureau**.",
                "camille",
                Button::Preview,
            ),
        )
        .await;
    assert_eq!(preview.status, 200, "{}", preview.body);
    assert_eq!(preview.header("cache-control"), Some("no-store"));
    assert!(preview.body.contains("<strong>tout le bureau</strong>"));
    assert!(
        preview.body.contains("Avec **tout le bureau**."),
        "the text kept"
    );
    assert!(
        preview.body.contains("value=\"camille\""),
        "the pseudonym kept"
    );
    assert!(preview.body.contains(title), "the title kept");
    assert_eq!(topics(&app).await, 1, "only the welcome topic");

    // A reserved pseudonym is refused beside its field, everything kept.
    let refused = app
        .post_with(
            NEW,
            &me,
            &topic_form(title, "Avec le bureau.", "Équipe", Button::Publish),
        )
        .await;
    assert_eq!(refused.status, 422);
    assert!(refused.body.contains("Ce pseudonyme est réservé"));
    assert!(refused.body.contains("Avec le bureau."));
    assert_eq!(topics(&app).await, 1);

    let published = app
        .post_with(
            NEW,
            &me,
            &topic_form(title, "Avec le bureau.", "camille", Button::Publish),
        )
        .await;
    assert_eq!(published.status, 303, "{}", published.body);
    let at = published.header("location").unwrap().to_string();
    assert!(
        at.starts_with("/forum/t/comment-partager-un-agenda-avec-le-bureau/"),
        "{at}"
    );
    let read = app.get(&at).await;
    assert_eq!(read.status, 200);
    assert!(read.body.contains("Question de camille"));
    let id: i64 = at.rsplit('/').next().unwrap().parse().unwrap();

    // The second post asks for no pseudonym, and lands on its own anchor.
    let reply_page = format!("/forum/repondre/{id}");
    let page = app.get_with(&reply_page, &[("cookie", &me)]).await;
    assert_eq!(page.status, 200);
    assert!(!page.body.contains("name=\"pseudonym\""));
    let replied = app
        .post_with(
            &reply_page,
            &me,
            &reply_form("Trouvé, merci !", "", Button::Publish),
        )
        .await;
    assert_eq!(replied.status, 303, "{}", replied.body);
    let to = replied.header("location").unwrap();
    assert!(to.starts_with(&format!("{at}#message-")), "{to}");
    let read = app.get(&at).await;
    assert!(read.body.contains("Réponse de camille"));
    assert!(read.body.contains("Trouvé, merci !"));
    let replies: i32 = sqlx::query_scalar("select replies from forum_topics where id = $1")
        .bind(id)
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(replies, 1);
    // The same address logs the same person in again: no second person.
    let again = app.log_in_to_forum("Camille@Example.org").await;
    let page = app.get_with(NEW, &[("cookie", &again)]).await;
    assert!(page.body.contains("sous le pseudonyme camille"));
    assert_eq!(app.count("forum_people").await, 1);
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn a_login_link_works_once_and_says_nothing_of_the_address(pool: PgPool) {
    let app = spawn_app(pool.clone(), |_| {}).await;
    let asked = app
        .post_form("/forum/connexion", "email=inconnu%40example.org")
        .await;
    assert_eq!(asked.header("location"), Some("/forum/connexion/envoye"));
    let text: String = sqlx::query_scalar(
        "select body_text from mail_outbox where kind = 'forum-login' order by id desc limit 1",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    let start = text.find("/forum/connexion/lien/").unwrap();
    let link = text[start..].split_whitespace().next().unwrap().to_string();
    // Opening the link (a mail scanner) uses nothing.
    let page = app.get(&link).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Me connecter"));
    assert_eq!(app.count("forum_people").await, 0);
    let used = app.post_form(&link, "").await;
    assert_eq!(used.status, 303);
    assert_eq!(app.count("forum_people").await, 1);
    let again = app.post_form(&link, "").await;
    assert_eq!(again.status, 400, "a link serves once");
    assert!(app
        .get(&link)
        .await
        .body
        .contains("Ce lien ne fonctionne plus"));
    // A bad address is refused beside its field, and sends nothing.
    let bad = app
        .post_form("/forum/connexion", "email=pas-une-adresse")
        .await;
    assert_eq!(bad.status, 422);
    assert!(bad.body.contains("pas-une-adresse"));
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn a_login_returns_to_the_page_that_asked_for_it(pool: PgPool) {
    let app = spawn_app(pool.clone(), |_| {}).await;
    // The page that asks links to the login with itself; both of the login's forms carry it.
    let page = app
        .get("/forum/connexion?retour=%2Fforum%2Fsignaler%2F4")
        .await;
    assert_eq!(page.status, 200);
    assert_eq!(
        page.body
            .matches("name=\"retour\" value=\"/forum/signaler/4\"")
            .count(),
        2,
        "{}",
        page.body
    );
    // Another site, or the login itself, is no page to return to.
    for bad in [
        "%2F%2Fevil.example",
        "https%3A%2F%2Fevil.example",
        "%2Fforum%2Fconnexion",
    ] {
        let page = app.get(&format!("/forum/connexion?retour={bad}")).await;
        assert_eq!(page.status, 200);
        assert_eq!(
            page.body.matches("name=\"retour\" value=\"\"").count(),
            2,
            "{bad}"
        );
    }
    // The mailed link keeps the page, and its button leads there.
    let link_to = |retour: &'static str| {
        let app = &app;
        async move {
            let asked = app
                .post_form(
                    "/forum/connexion",
                    &format!("email=camille%40example.org&retour={retour}"),
                )
                .await;
            assert_eq!(asked.header("location"), Some("/forum/connexion/envoye"));
            let text: String = sqlx::query_scalar(
                "select body_text from mail_outbox where kind = 'forum-login'
                 order by id desc limit 1",
            )
            .fetch_one(&app.pool)
            .await
            .unwrap();
            let start = text.find("/forum/connexion/lien/").unwrap();
            text[start..].split_whitespace().next().unwrap().to_string()
        }
    };
    let link = link_to("%2Fforum%2Ft%2Fun-sujet%2F3%23votes").await;
    let used = app.post_form(&link, "").await;
    assert_eq!(used.status, 303);
    assert_eq!(used.header("location"), Some("/forum/t/un-sujet/3#votes"));
    // Whatever was sent in its stead (the field is the browser's to forge): the forum's page
    // for a question, nothing kept.
    for bad in [
        "%2F%2Fevil.example",
        "%2Fforum%2F..%2Fequipe",
        "%2Fforum%0D%0ALocation%3A+x",
    ] {
        let link = link_to(bad).await;
        let used = app.post_form(&link, "").await;
        assert_eq!(used.header("location"), Some(NEW), "{bad}");
    }
    let kept: Vec<Option<String>> =
        sqlx::query_scalar("select return_path from forum_login_links order by created_at")
            .fetch_all(&pool)
            .await
            .unwrap();
    assert_eq!(
        kept,
        vec![Some("/forum/t/un-sujet/3#votes".into()), None, None, None]
    );
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn pseudonyms_are_unique_whatever_their_case(pool: PgPool) {
    let app = spawn_app(pool.clone(), |_| {}).await;
    person(&pool, "camille").await;
    let me = app.log_in_to_forum("autre@example.org").await;
    let title = "Où sont mes fichiers partagés ?";
    for (pseudonym, says) in [
        ("Camille", "Ce pseudonyme est déjà pris"),
        ("a", "Un pseudonyme compte de 2 à 30 caractères"),
        ("moi@example.org", "ni espace ni @"),
        ("deux mots", "ni espace ni @"),
    ] {
        let res = app
            .post_with(
                NEW,
                &me,
                &topic_form(title, "Je ne les trouve plus.", pseudonym, Button::Publish),
            )
            .await;
        assert_eq!(res.status, 422, "{pseudonym}");
        assert!(res.body.contains(says), "{pseudonym}");
    }
    assert_eq!(topics(&app).await, 1);
    let pseudonyms: Vec<Option<String>> =
        sqlx::query_scalar("select pseudonym from forum_people order by id")
            .fetch_all(&pool)
            .await
            .unwrap();
    assert_eq!(pseudonyms, vec![Some("camille".to_string()), None]);
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn what_a_topic_and_a_reply_refuse(pool: PgPool) {
    let app = spawn_app(pool.clone(), |_| {}).await;
    let camille = person(&pool, "camille").await;
    let (id, _) = topic(
        &pool,
        "premiers-pas",
        "Une question fermée",
        "Déjà vu.",
        camille,
    )
    .await;
    let me = app.log_in_to_forum("dominique@example.org").await;
    // The announcements are the team's.
    let staff_only = form_urlencoded::Serializer::new(String::new())
        .append_pair("category", "9")
        .append_pair("title", "Une annonce de ma part")
        .append_pair("body", "Bonjour.")
        .append_pair("pseudonym", "dominique")
        .finish();
    let res = app.post_with(NEW, &me, &staff_only).await;
    assert_eq!(res.status, 422);
    assert!(res.body.contains("Seule l’équipe ouvre des sujets"));
    // A title too short, a body empty: both beside their fields.
    let res = app
        .post_with(
            NEW,
            &me,
            &topic_form("Aide", "   ", "dominique", Button::Publish),
        )
        .await;
    assert_eq!(res.status, 422);
    assert!(res.body.contains("Un titre d’au moins 8 caractères"));
    assert!(res.body.contains("Ce champ est obligatoire"));
    // A locked topic takes no reply; a hidden one is not there.
    sqlx::query("update forum_topics set locked = true where id = $1")
        .bind(id)
        .execute(&pool)
        .await
        .unwrap();
    let reply_page = format!("/forum/repondre/{id}");
    let res = app
        .post_with(
            &reply_page,
            &me,
            &reply_form("Encore moi.", "dominique", Button::Publish),
        )
        .await;
    assert_eq!(res.status, 422);
    assert!(app
        .get(&reply_page)
        .await
        .body
        .contains("Ce sujet est fermé"));
    set_topic_state(&pool, id, PostState::Hidden).await;
    let res = app
        .post_with(
            &reply_page,
            &me,
            &reply_form("Encore moi.", "dominique", Button::Publish),
        )
        .await;
    assert_eq!(res.status, 404);
    assert_eq!(app.get(&reply_page).await.status, 404);
    assert_eq!(
        app.count("forum_posts").await,
        2,
        "the welcome and the question"
    );
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn logging_out_ends_the_forum_login_only(pool: PgPool) {
    let app = spawn_app(pool.clone(), |_| {}).await;
    let me = app.log_in_to_forum("camille@example.org").await;
    let out = app.post_with("/forum/deconnexion", &me, "").await;
    assert_eq!(out.status, 303);
    assert_eq!(out.header("location"), Some("/forum"));
    let cookie = crate::support::session_cookie(&out).unwrap_or(me);
    let res = app
        .post_with(
            NEW,
            &cookie,
            &topic_form("Encore une question", "Oui.", "camille", Button::Publish),
        )
        .await;
    assert_eq!(res.status, 401);
    assert_eq!(app.count("forum_logins").await, 0);
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn any_account_of_a_space_logs_in_to_the_forum_with_its_space(pool: PgPool) {
    use crate::dashboard::{form_of, portal_ocs, space_with_referent, PASSWORD};
    use crate::support::session_cookie;
    let app = spawn_app(pool.clone(), |_| {}).await;
    let (_host, referent) = space_with_referent(&app, "nc-forum").await;
    let access = backend::provisioning::fleet::host(
        &app.state.ctx,
        &backend::accounts::Admin::command_line(),
        "nc-forum",
    )
    .await
    .unwrap()
    .unwrap()
    .access()
    .unwrap();
    // A plain member, in no group: not an admin of the space.
    portal_ocs(&app, &access)
        .await
        .create_user(&backend::nextcloud::ocs::NewUser {
            uid: "sacha",
            password: Some(&backend::Secret::new(PASSWORD)),
            email: Some("sacha@example.org"),
            ..Default::default()
        })
        .await
        .unwrap();
    let (app, access) = (&app, &access);
    // Logs in from the login page given `retour`, which leads to `lands`.
    let log_in_as = move |who: String, retour: &'static str, lands: &'static str| async move {
        let res = app
            .post_form(
                "/forum/connexion/espace",
                &format!("address=les-amis&retour={retour}"),
            )
            .await;
        assert_eq!(res.status, 303, "{}", res.body);
        let cookie = session_cookie(&res).unwrap();
        let authorize = res.header("location").unwrap().to_string();
        let back =
            testkit::hosts::log_in_and_grant(access, "les-amis", &authorize, &who, PASSWORD).await;
        let done = app
            .post_with("/espace/connexion/retour", &cookie, &form_of(&back))
            .await;
        assert_eq!(done.header("location"), Some(lands), "{}", done.body);
        session_cookie(&done).unwrap()
    };
    let log_in =
        move |retour: &'static str, lands: &'static str| log_in_as("sacha".into(), retour, lands);
    let me = log_in("", NEW).await;
    let page = app.get_with(NEW, &[("cookie", &me)]).await;
    assert!(page.body.contains("name=\"pseudonym\""));
    // A forum login, not a dashboard's.
    let dashboard = app.get_with("/espace/les-amis", &[("cookie", &me)]).await;
    assert_eq!(dashboard.status, 401);
    let published = app
        .post_with(
            NEW,
            &me,
            &topic_form(
                "Mon premier sujet ici",
                "Bonjour.",
                "sacha",
                Button::Publish,
            ),
        )
        .await;
    assert_eq!(published.status, 303, "{}", published.body);
    // A person of a space is not held for approval: the question is on its page at once.
    let at = published.header("location").unwrap();
    assert!(at.starts_with("/forum/t/mon-premier-sujet-ici/"), "{at}");
    // The same account again is the same person, with the address Nextcloud gave; from a
    // page that asked for the login, back to it; never to another site.
    log_in("%2Fforum%2Fsignaler%2F1", "/forum/signaler/1").await;
    log_in("https%3A%2F%2Fevil.example%2Fforum", NEW).await;
    let people: Vec<(Option<String>, Option<String>, Option<String>)> =
        sqlx::query_as("select pseudonym, nc_uid, email from forum_people")
            .fetch_all(&pool)
            .await
            .unwrap();
    assert_eq!(
        people,
        vec![(
            Some("sacha".into()),
            Some("sacha".into()),
            Some("sacha@example.org".into())
        )]
    );
    // The space's referent is marked as such beside their name; a member is not.
    let theirs = log_in_as(referent.clone(), "", NEW).await;
    let asked = app
        .post_with(
            NEW,
            &theirs,
            &topic_form(
                "Une question de la référente",
                "Bonjour.",
                "referente",
                Button::Publish,
            ),
        )
        .await;
    let at = asked.header("location").unwrap().to_string();
    let page = app.get(&at).await.body;
    assert!(
        page.contains("<span class=\"mark mark-referent\">Référent·e d’un espace</span>"),
        "{page}"
    );
    let home = app.get("/forum").await.body;
    assert_eq!(
        home.matches("mark-referent").count(),
        1,
        "sacha's topic has none"
    );
    // An address no space has: beside the field, in the forum's words, what was typed kept.
    let unknown = app
        .post_form("/forum/connexion/espace", "address=nulle-part")
        .await;
    assert_eq!(unknown.status, 422);
    assert!(unknown.body.contains("Aucun espace n’a cette adresse"));
    assert!(unknown.body.contains("value=\"nulle-part\""));
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn the_person_who_asked_marks_the_reply_that_solved_it(pool: PgPool) {
    let app = spawn_app(pool.clone(), |_| {}).await;
    let asker = app.log_in_to_forum("camille@example.org").await;
    let published = app
        .post_with(
            NEW,
            &asker,
            &topic_form(
                "Mon agenda ne se met pas à jour",
                "Sur Android.",
                "camille",
                Button::Publish,
            ),
        )
        .await;
    let at = published.header("location").unwrap().to_string();
    let id: i64 = at.rsplit('/').next().unwrap().parse().unwrap();
    let helper = app.log_in_to_forum("dominique@example.org").await;
    let replied = app
        .post_with(
            &format!("/forum/repondre/{id}"),
            &helper,
            &reply_form("Installez DAVx⁵.", "dominique", Button::Publish),
        )
        .await;
    let to = replied.header("location").unwrap();
    let post: i64 = to.rsplit("#message-").next().unwrap().parse().unwrap();
    let solve = format!("/forum/solution/{id}");
    let mark = format!("post={post}");
    // Only the person who asked sees the button, and may press it.
    assert!(!app
        .get_with(&at, &[("cookie", &helper)])
        .await
        .body
        .contains(&solve));
    assert!(!app.get(&at).await.body.contains(&solve));
    assert!(app
        .get_with(&at, &[("cookie", &asker)])
        .await
        .body
        .contains(&solve));
    assert_eq!(app.post_with(&solve, &helper, &mark).await.status, 403);
    assert_eq!(app.post_with(&solve, "", &mark).await.status, 401);
    // The question itself, or another topic's post, is no solution.
    let question: i64 = sqlx::query_scalar("select min(id) from forum_posts where topic_id = $1")
        .bind(id)
        .fetch_one(&pool)
        .await
        .unwrap();
    let res = app
        .post_with(&solve, &asker, &format!("post={question}"))
        .await;
    assert_eq!(res.status, 404);
    assert_eq!(app.post_with(&solve, &asker, "post=1").await.status, 404);

    let done = app.post_with(&solve, &asker, &mark).await;
    assert_eq!(done.status, 303);
    assert_eq!(
        done.header("location"),
        Some(format!("{at}#solution").as_str())
    );
    let page = app.get(&at).await.body;
    assert!(page.contains("Solution acceptée"));
    assert!(page.contains("id=\"solution\""));
    // The answer shows twice (under the question and in its place), with ids of its own each.
    assert_eq!(page.matches(&format!("id=\"message-{post}\"")).count(), 1);
    assert_eq!(page.matches(&format!("id=\"solution-{post}\"")).count(), 1);
    // Withdrawn: no solution any more.
    let undone = app.post_with(&solve, &asker, "").await;
    assert_eq!(undone.header("location"), Some(at.as_str()));
    assert!(!app.get(&at).await.body.contains("Solution acceptée"));
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn a_question_being_written_shows_the_topics_like_it(pool: PgPool) {
    let app = spawn_app(pool.clone(), |_| {}).await;
    let dominique = person(&pool, "dominique").await;
    let (like, _) = topic(
        &pool,
        "agendas-et-contacts",
        "Partager l’agenda de l’association",
        "Avec les bénévoles.",
        dominique,
    )
    .await;
    let path = format!("/forum/t/partager-l-agenda-de-l-association/{like}");
    let me = app.log_in_to_forum("camille@example.org").await;
    let empty = app.get_with(NEW, &[("cookie", &me)]).await;
    assert!(!empty.body.contains(&path), "nothing typed, nothing shown");

    // Without JavaScript: with the preview, each in a new tab so that the form stays.
    let title = "Comment partager mon agenda ?";
    let preview = app
        .post_with(
            NEW,
            &me,
            &topic_form(title, "Avec le bureau.", "camille", Button::Preview),
        )
        .await;
    assert_eq!(preview.status, 200, "{}", preview.body);
    assert!(preview
        .body
        .contains("Des sujets qui ressemblent à votre question"));
    assert!(
        preview.body.contains(&format!(
            "href=\"{path}\" target=\"_blank\" rel=\"noopener\""
        )),
        "{}",
        preview.body
    );
    // A reply's preview has none.
    let reply = app
        .post_with(
            &format!("/forum/repondre/{like}"),
            &me,
            &reply_form("Partager l’agenda", "camille", Button::Preview),
        )
        .await;
    assert_eq!(reply.status, 200);
    assert!(!reply.body.contains("Des sujets qui ressemblent"));

    // With JavaScript, as the title is typed: anyone may ask, whatever the words.
    let asked = app
        .post_form("/api/forum/similar", "title=agenda+partag%C3%A9")
        .await;
    assert_eq!(asked.status, 200, "{}", asked.body);
    assert!(asked.body.contains(&path), "{}", asked.body);
    let long = "agenda ".repeat(7_500);
    for title in [
        "<script>alert(1)</script>",
        "\r\nSet-Cookie: x=1",
        "\u{0}\u{7}\u{1b}",
        "'; drop table forum_topics; --",
        long.as_str(),
    ] {
        let body = serde_urlencoded::to_string([("title", title)]).unwrap();
        let res = app.post_form("/api/forum/similar", &body).await;
        assert_eq!(res.status, 200, "{title:.40}");
        assert!(!res.body.contains("<script>"), "{title:.40}");
        assert!(res.header("set-cookie").is_none());
    }
    assert_eq!(topics(&app).await, 2, "nothing written");
}
