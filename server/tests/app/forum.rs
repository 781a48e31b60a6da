//! The help forum, as anyone reads it: its home, a category, a topic; canonical addresses,
//! what search engines and link previews read, what is hidden, and hostile words.

use common::states::PostState;
use sqlx::PgPool;
use testkit::forum::{person, reply, set_post_state, set_topic_state, solve, topic};

use crate::support::{h1_count, soon, spawn_app};

fn count(body: &str, needle: &str) -> usize {
    body.matches(needle).count()
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn the_forum_home_lists_the_categories_and_the_latest_topics_in_both_languages(pool: PgPool) {
    let app = spawn_app(pool.clone(), |_| {}).await;
    let camille = person(&pool, "camille").await;
    let (id, _) = topic(
        &pool,
        "agendas-et-contacts",
        "Comment synchroniser mon agenda ?",
        "Sur mon téléphone Android.",
        camille,
    )
    .await;
    let home = app.get("/forum").await;
    assert_eq!(home.status, 200);
    assert_eq!(h1_count(&home.body), 1);
    for name in [
        "Premiers pas",
        "Fichiers et synchronisation",
        "Agendas et contacts",
        "Bureautique en ligne",
        "Visio et discussion",
        "Administrer son espace",
        "Vie associative et outils",
        "Idées pour Nextcloud",
        "Annonces",
    ] {
        assert!(home.body.contains(name), "{name}");
    }
    let path = format!("/forum/t/comment-synchroniser-mon-agenda/{id}");
    assert!(
        home.body.contains(&format!("href=\"{path}\"")),
        "{}",
        home.body
    );
    assert!(home.body.contains("Bienvenue sur le forum d’entraide"));
    // Its own description, not the site's beside it.
    assert_eq!(count(&home.body, "name=\"description\""), 1);
    let head = &home.body[..home.body.find("<body").unwrap()];
    assert!(head.contains("/forum\" rel=\"canonical\">"), "{head}");
    let en = app.get_with("/forum", &[("cookie", "lang=en")]).await;
    assert_eq!(en.status, 200);
    assert!(en.body.contains("Latest topics"), "{}", en.body);
    // The other pages keep the site's description, once.
    assert_eq!(count(&app.get("/").await.body, "name=\"description\""), 1);
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn a_topic_has_one_address_and_describes_itself(pool: PgPool) {
    let app = spawn_app(pool.clone(), |_| {}).await;
    let camille = person(&pool, "camille").await;
    let (id, _) = topic(
        &pool,
        "premiers-pas",
        "Réunion d’AG : où ranger le compte rendu ?",
        "Nous avons **trois** bureaux.\n\n# Contexte\n\nUn dossier partagé ?",
        camille,
    )
    .await;
    let path = format!("/forum/t/reunion-d-ag-ou-ranger-le-compte-rendu/{id}");
    let page = app.get(&path).await;
    assert_eq!(page.status, 200);
    assert_eq!(h1_count(&page.body), 1);
    assert!(page.body.contains("<strong>trois</strong>"));
    // A post's heading sits under the page's and the post's own.
    assert!(page.body.contains("<h3>Contexte</h3>"), "{}", page.body);
    assert!(page.body.contains("Question de camille"));
    assert!(page.body.contains(
        "<meta name=\"description\" content=\"Nous avons trois bureaux. Contexte Un dossier partagé ?\""
    ));
    assert!(page.body.contains("property=\"og:title\""));
    assert!(page.body.contains(&format!("{path}\" rel=\"canonical\">")));
    // Another slug leads to the canonical address; an unknown id or page, nowhere.
    let moved = app.get(&format!("/forum/t/ancien-titre/{id}")).await;
    assert_eq!(moved.status, 301);
    assert_eq!(moved.header("location"), Some(path.as_str()));
    assert_eq!(app.get("/forum/t/x/999999").await.status, 404);
    assert_eq!(app.get("/forum/t/x/abc").await.status, 404);
    assert_eq!(app.get(&format!("{path}?page=2")).await.status, 404);
    assert_eq!(app.get(&format!("{path}?page=zero")).await.status, 404);
    assert_eq!(app.get("/forum/c/premiers-pas/999").await.status, 404);
    let category = app.get("/forum/c/ancien-nom/1").await;
    assert_eq!(category.status, 301);
    assert_eq!(category.header("location"), Some("/forum/c/premiers-pas/1"));
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn the_accepted_answer_shows_under_the_question_and_hidden_posts_do_not_show(pool: PgPool) {
    let app = spawn_app(pool.clone(), |_| {}).await;
    let camille = person(&pool, "camille").await;
    let dominique = person(&pool, "dominique").await;
    let (id, _) = topic(
        &pool,
        "fichiers-et-synchronisation",
        "Le client de bureau ne synchronise plus",
        "Depuis hier.",
        camille,
    )
    .await;
    let answer = reply(
        &pool,
        id,
        "Relancez le client, puis **vérifiez** le quota.",
        dominique,
    )
    .await;
    let hidden = reply(&pool, id, "Achetez des montres pas chères", dominique).await;
    set_post_state(&pool, hidden, PostState::Hidden).await;
    sqlx::query("update forum_topics set replies = 1 where id = $1")
        .bind(id)
        .execute(&pool)
        .await
        .unwrap();
    solve(&pool, id, answer).await;
    let path = format!("/forum/t/le-client-de-bureau-ne-synchronise-plus/{id}");
    let page = app.get(&path).await;
    assert_eq!(page.status, 200);
    assert!(!page.body.contains("montres"), "a hidden post is not shown");
    let question = page.body.find("Question de camille").unwrap();
    let solution = page.body.find("Solution, par dominique").unwrap();
    let in_place = page.body.find("Réponse de dominique").unwrap();
    assert!(question < solution && solution < in_place);
    assert!(page.body.contains("Résolu"));
    // The category lists it as solved; a topic waiting for approval is nowhere.
    let (waiting, _) = topic(
        &pool,
        "premiers-pas",
        "En attente",
        "Premier message.",
        camille,
    )
    .await;
    set_topic_state(&pool, waiting, PostState::Held).await;
    assert_eq!(
        app.get(&format!("/forum/t/en-attente/{waiting}"))
            .await
            .status,
        404
    );
    assert!(!app.get("/forum").await.body.contains("En attente"));
    assert!(!app
        .get("/forum/c/premiers-pas/1")
        .await
        .body
        .contains("En attente"));
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn hostile_words_in_a_topic_are_shown_as_words(pool: PgPool) {
    let app = spawn_app(pool.clone(), |_| {}).await;
    let hostile = person(&pool, "<b>x</b>\r\n").await;
    let title = "</title><script>alert(1)</script>\u{7}";
    let body = format!(
        "<script>alert(2)</script> [x](javascript:alert(3)) <img src=x onerror=alert(4)>\r\n{}",
        "A".repeat(19_000)
    );
    let (id, _) = topic(&pool, "premiers-pas", title, &body, hostile).await;
    let path = format!("/forum/t/{}/{id}", backend::forum::slug_of(title));
    let page = app.get(&path).await;
    assert_eq!(page.status, 200, "{path}");
    assert!(
        !page.body.contains("<script>alert"),
        "{}",
        &page.body[..2000]
    );
    assert!(!page.body.contains("</title><script>"));
    assert!(!page.body.contains("href=\"javascript:"));
    assert!(!page.body.contains("<img src=x"));
    assert!(page.body.contains("&lt;img src=x onerror=alert(4)&gt;"));
    assert!(!page.body.contains("<b>x</b>"));
    assert!(page.body.contains("&lt;script&gt;alert(2)&lt;/script&gt;"));
    let home = app.get("/forum").await;
    assert!(!home.body.contains("<script>alert"));
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn a_category_lists_pinned_topics_first_thirty_a_page(pool: PgPool) {
    let app = spawn_app(pool.clone(), |_| {}).await;
    let camille = person(&pool, "camille").await;
    let mut ids = Vec::new();
    for n in 1..=31 {
        ids.push(
            topic(
                &pool,
                "premiers-pas",
                &format!("Sujet numéro {n}"),
                "Texte.",
                camille,
            )
            .await
            .0,
        );
    }
    sqlx::query("update forum_topics set pinned = true where id = $1")
        .bind(ids[0])
        .execute(&pool)
        .await
        .unwrap();
    let first = app.get("/forum/c/premiers-pas/1").await;
    assert_eq!(first.status, 200);
    assert!(first.body.contains("31 sujets"));
    let pinned = first.body.find("Sujet numéro 1<").unwrap();
    let latest = first.body.find("Sujet numéro 31<").unwrap();
    assert!(pinned < latest, "the pinned topic comes first");
    assert!(first.body.contains("Épinglé"));
    assert!(first
        .body
        .contains("href=\"/forum/c/premiers-pas/1?page=2\""));
    let second = app.get("/forum/c/premiers-pas/1?page=2").await;
    assert_eq!(second.status, 200);
    assert!(
        second.body.contains("Sujet numéro 2<"),
        "the oldest unpinned is on page 2"
    );
    assert!(second.body.contains("(page 2)"));
    assert_eq!(app.get("/forum/c/premiers-pas/1?page=3").await.status, 404);
}

/// A search's page, as the form sends it.
fn search_path(words: &str, extra: &str) -> String {
    let q: String = words
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    format!("/forum/recherche?q={q}{extra}")
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn search_finds_words_in_french_accents_aside_and_highlights_them(pool: PgPool) {
    let app = spawn_app(pool.clone(), |_| {}).await;
    let camille = person(&pool, "camille").await;
    let dominique = person(&pool, "dominique").await;
    let (agenda, _) = topic(
        &pool,
        "agendas-et-contacts",
        "Partager l’agenda des événements",
        "Comment montrer nos événements aux bénévoles ?",
        camille,
    )
    .await;
    let answer = reply(
        &pool,
        agenda,
        "Dans Agenda, partagez-le par un lien public en lecture seule.",
        dominique,
    )
    .await;
    solve(&pool, agenda, answer).await;
    let (files, _) = topic(
        &pool,
        "fichiers-et-synchronisation",
        "Synchroniser un dossier",
        "Le client de bureau synchronise mal nos événements partagés.",
        camille,
    )
    .await;
    let hidden = reply(&pool, files, "Le lien public des pourriels", dominique).await;
    set_post_state(&pool, hidden, PostState::Hidden).await;

    // Without accents, and by stem (« evenement » finds « événements »).
    let found = app.get(&search_path("evenement", "")).await;
    assert_eq!(found.status, 200);
    assert!(
        found.body.contains("Partager l’agenda des événements"),
        "{}",
        found.body
    );
    assert!(found.body.contains("Synchroniser un dossier"));
    assert!(
        found.body.contains("<mark>événements</mark>"),
        "{}",
        found.body
    );
    assert!(found.body.contains("name=\"robots\" content=\"noindex\""));
    // The post that matched is the one linked; a word of the accepted answer says so.
    let public = app.get(&search_path("lien public", "")).await;
    assert!(
        public.body.contains(&format!("#message-{answer}")),
        "{}",
        public.body
    );
    assert!(public.body.contains("trouvé dans la solution acceptée"));
    assert!(
        !public.body.contains("pourriels"),
        "a hidden post is not searched"
    );
    // Filters: solved topics only, one category.
    let solved = app.get(&search_path("evenement", "&resolus=1")).await;
    assert!(solved.body.contains("Partager l’agenda"));
    assert!(!solved.body.contains("Synchroniser un dossier"));
    let category = app.get(&search_path("evenement", "&categorie=2")).await;
    assert!(category.body.contains("Synchroniser un dossier"));
    assert!(!category.body.contains("Partager l’agenda"));
    // Nothing found, said so; nothing asked, the hint.
    let none = app.get(&search_path("photocopieuse", "")).await;
    assert!(none
        .body
        .contains("Aucun sujet ne correspond à «\u{202f}photocopieuse\u{202f}»"));
    let empty = app.get("/forum/recherche").await;
    assert_eq!(empty.status, 200);
    assert!(empty.body.contains("les accents et les pluriels"));
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn search_takes_any_words_without_an_error(pool: PgPool) {
    let app = spawn_app(pool.clone(), |_| {}).await;
    let camille = person(&pool, "camille").await;
    topic(
        &pool,
        "premiers-pas",
        "Se connecter",
        "Mot de passe oublié.",
        camille,
    )
    .await;
    // 48 KB: read, then cut to the search's 200 characters.
    let long = "agenda".repeat(8_000);
    for words in [
        "<script>alert(1)</script>",
        "\"unclosed",
        "a & b | !c :* ()",
        "'; drop table forum_posts; --",
        "\r\n\u{0}\u{7}",
        "le la les de",
        long.as_str(),
    ] {
        let res = app.get(&search_path(words, "&page=2")).await;
        assert_eq!(res.status, 200, "{words:.40}");
        assert!(!res.body.contains("<script>alert"), "{words:.40}");
    }
    for extra in [
        "&categorie=abc",
        "&categorie=-1",
        "&page=-5",
        "&page=x",
        "&resolus=oui",
    ] {
        let res = app.get(&search_path("connecter", extra)).await;
        assert_eq!(res.status, 200, "{extra}");
    }
    // Past 64 KB an address is refused by the HTTP layer, before the portal, never a 500.
    let too_long = app.get(&search_path(&"agenda ".repeat(8_000), "")).await;
    assert_eq!(too_long.status, 414);
    assert_eq!(app.count("forum_posts").await, 2);
}

/// Anonymous readers get a topic's page kept by the server, with an `ETag`: asked again
/// with it, a `304` without a body or a policy (the browser's copy keeps its own nonce's).
/// A reply written anywhere is heard, and the next reader gets the page with it.
#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn anonymous_readers_get_a_kept_page_a_304_while_unchanged_and_the_reply_once_written(
    pool: PgPool,
) {
    let app = spawn_app(pool.clone(), |_| {}).await;
    let camille = person(&pool, "camille").await;
    let dominique = person(&pool, "dominique").await;
    let (id, _) = topic(
        &pool,
        "premiers-pas",
        "Mot de passe oublié",
        "Que faire ?",
        camille,
    )
    .await;
    let path = format!("/forum/t/mot-de-passe-oublie/{id}");
    let public = app.state.public.clone();
    // The first page asked starts listening for changes; pages are kept from then on.
    app.get(&path).await;
    soon("the server listens for changes", || public.is_listening()).await;
    let first = app.get(&path).await;
    let etag = first.header("etag").expect("an ETag").to_string();
    let csp = first.header("content-security-policy").unwrap().to_string();
    let second = app.get(&path).await;
    assert_eq!(second.header("etag"), Some(etag.as_str()), "the same page");
    assert_ne!(
        second.header("content-security-policy"),
        Some(csp.as_str()),
        "each 200 has a nonce of its own"
    );
    let nonce = |csp: &str| csp.split("'nonce-").nth(1).unwrap()[..32].to_string();
    assert!(second
        .body
        .contains(&nonce(second.header("content-security-policy").unwrap())));

    let held = app.get_with(&path, &[("if-none-match", &etag)]).await;
    assert_eq!(held.status, 304);
    assert!(held.body.is_empty());
    assert_eq!(held.header("etag"), Some(etag.as_str()));
    assert_eq!(held.header("content-security-policy"), None);
    assert_eq!(held.header("cache-control"), Some("private, no-cache"));
    // Another ETag, or a reader with a session, gets the page.
    let other = app.get_with(&path, &[("if-none-match", "W/\"0\"")]).await;
    assert_eq!(other.status, 200);
    let logged_in = app
        .get_with(&path, &[("if-none-match", &etag), ("cookie", "forum=x")])
        .await;
    assert_eq!(logged_in.status, 200);
    assert_eq!(
        logged_in.header("etag"),
        None,
        "a session's page is not kept"
    );

    // A reply, written by another connection: heard, then shown, under another ETag.
    let heard = public.forum_changes_heard();
    reply(&pool, id, "Le lien « Mot de passe oublié ».", dominique).await;
    soon("the reply is heard", || {
        public.forum_changes_heard() > heard
    })
    .await;
    let after = app.get_with(&path, &[("if-none-match", &etag)]).await;
    assert_eq!(after.status, 200);
    assert!(after.body.contains("Le lien « Mot de passe oublié »."));
    assert_ne!(after.header("etag"), Some(etag.as_str()));
}

/// The Atom feeds: the newest visible topics with their questions, links that lead back,
/// hostile words as text, and one address per feed.
#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn the_feeds_list_the_newest_visible_topics_with_their_questions(pool: PgPool) {
    let app = spawn_app(pool.clone(), |_| {}).await;
    let camille = person(&pool, "camille").await;
    let (shown, _) = topic(
        &pool,
        "premiers-pas",
        "<script>alert(1)</script> & \u{7}« Agenda »",
        "Un **agenda** <iframe src=x></iframe>\u{1b}",
        camille,
    )
    .await;
    let (held, _) = topic(&pool, "premiers-pas", "En attente", "Rien.", camille).await;
    set_topic_state(&pool, held, PostState::Held).await;
    let (elsewhere, _) = topic(&pool, "bureautique-en-ligne", "Tableur", "Oui.", camille).await;

    let feed = app.get("/forum/flux.atom").await;
    assert_eq!(feed.status, 200);
    assert_eq!(
        feed.header("content-type"),
        Some("application/atom+xml; charset=utf-8")
    );
    let xml = &feed.body;
    assert!(xml.starts_with(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\""
    ));
    assert!(
        xml.contains("<title>&lt;script&gt;alert(1)&lt;/script&gt; &amp; « Agenda »</title>"),
        "{xml}"
    );
    assert!(!xml.contains("<script") && !xml.contains("<iframe") && !xml.contains("\u{7}"));
    assert!(!xml
        .chars()
        .any(|c| (c as u32) < 0x20 && !"\t\n\r".contains(c)));
    // The question as its page shows it, escaped once more for the feed.
    assert!(xml.contains("&lt;strong&gt;agenda&lt;/strong&gt;"));
    assert!(
        xml.contains(&format!(
            "/forum/t/script-alert-1-script-agenda/{shown}</id>"
        )),
        "{xml}"
    );
    assert!(xml.contains("<name>camille</name>"));
    assert!(xml.contains("Tableur") && !xml.contains("En attente"));
    // Newest first; the welcome topic, by the team, last.
    let at = |needle: &str| xml.find(needle).unwrap();
    assert!(at("Tableur") < at("Agenda") && at("Agenda") < at("<name>L’équipe</name>"));
    assert_eq!(count(xml, "<entry>"), 3);

    // A category's feed has its topics only; another slug leads to its address.
    let category = app.get("/forum/c/bureautique-en-ligne/4/flux.atom").await;
    assert_eq!(category.status, 200);
    assert!(category.body.contains(&format!("/{elsewhere}</id>")));
    assert_eq!(count(&category.body, "<entry>"), 1);
    let moved = app.get("/forum/c/ancien-nom/4/flux.atom").await;
    assert_eq!(moved.status, 308);
    assert_eq!(
        moved.header("location"),
        Some("/forum/c/bureautique-en-ligne/4/flux.atom")
    );
    assert_eq!(app.get("/forum/c/x/999/flux.atom").await.status, 404);
    assert_eq!(app.get("/forum/c/x/abc/flux.atom").await.status, 404);
    // The pages name their feeds for feed readers.
    let home = app.get("/forum").await.body;
    assert!(home.contains("type=\"application/atom+xml\""));
    assert!(home.contains("href=\"/forum/flux.atom\""));
    assert!(app
        .get("/forum/c/bureautique-en-ligne/4")
        .await
        .body
        .contains("href=\"/forum/c/bureautique-en-ligne/4/flux.atom\""));
}
