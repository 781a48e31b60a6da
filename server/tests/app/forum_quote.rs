//! Quotes: « Citer » under each post of a topic open to replies opens the reply form with
//! the post quoted, or the passage the reader selected; the quote is only text in the form.

use common::states::PostState;
use sqlx::PgPool;
use testkit::forum::{person, reply, set_post_state, topic};

use crate::support::spawn_app;

fn quote_page(topic: i64, post: i64, passage: Option<&str>) -> String {
    let mut query = vec![("citer", post.to_string())];
    if let Some(p) = passage {
        query.push(("passage", p.to_string()));
    }
    format!(
        "/forum/repondre/{topic}?{}",
        serde_urlencoded::to_string(query).unwrap()
    )
}

/// The reply form's text, as the page sends it (the textarea's content, unescaped).
fn form_text(page: &str) -> String {
    let start = page.find("id=\"forum-body\"").expect("the form");
    let text = &page[start..];
    let text = &text[text.find('>').unwrap() + 1..text.find("</textarea>").unwrap()];
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&amp;", "&")
}

#[sqlx::test(migrator = "backend::db::MIGRATOR")]
async fn quoting_a_post_or_a_passage_starts_the_reply(pool: PgPool) {
    let app = spawn_app(pool.clone(), |_| {}).await;
    let camille = person(&pool, "camille").await;
    let dominique = person(&pool, "dom_i*nique").await;
    let (id, question) = topic(
        &pool,
        "premiers-pas",
        "Comment partager un dossier ?",
        "Avec le *bureau*.\n\nMerci !",
        camille,
    )
    .await;
    let answer = reply(&pool, id, "Par un lien de partage.", dominique).await;
    let path = format!("/forum/t/comment-partager-un-dossier/{id}");

    // Under each post, « Citer » leads to the reply form with it; anyone sees the link.
    let page = app.get(&path).await.body;
    for post in [question, answer] {
        assert!(
            page.contains(&format!(
                "href=\"/forum/repondre/{id}?citer={post}\" rel=\"nofollow\">Citer<"
            )),
            "{post}"
        );
    }
    assert!(page.contains("le message de dom_i*nique</span></a> · <a href=\"/forum/signaler"));

    // Logged in, the form opens with the post quoted under its author, linked to it; the
    // name's marks are escaped, so it reads as written.
    let me = app.log_in_to_forum("camille@example.org").await;
    let opened = app
        .get_with(&quote_page(id, answer, None), &[("cookie", &me)])
        .await;
    assert_eq!(opened.status, 200);
    assert_eq!(
        form_text(&opened.body),
        format!(
            "> [dom\\_i\\*nique]({path}#message-{answer}) a écrit\u{202f}:\n>\n\
             > Par un lien de partage.\n\n"
        )
    );
    // The question, as typed (its Markdown, each line quoted).
    let question_quoted = form_text(
        &app.get_with(&quote_page(id, question, None), &[("cookie", &me)])
            .await
            .body,
    );
    assert!(
        question_quoted.ends_with(">\n> Avec le *bureau*.\n>\n> Merci !\n\n"),
        "{question_quoted}"
    );

    // A passage is quoted instead of the whole post: as text in the form, whatever it
    // holds, cut to its length.
    let hostile = "<script>alert(1)</script>\r\n\u{7}\"><img src=x onerror=alert(1)>";
    let opened = app
        .get_with(&quote_page(id, answer, Some(hostile)), &[("cookie", &me)])
        .await;
    assert_eq!(opened.status, 200);
    assert!(!opened.body.contains("<script>alert(1)"));
    assert!(!opened.body.contains("<img src=x"));
    assert!(form_text(&opened.body)
        .ends_with("> <script>alert(1)</script>\n> \"><img src=x onerror=alert(1)>\n\n"));
    let long = "lien ".repeat(10_000);
    let opened = app
        .get_with(&quote_page(id, answer, Some(&long)), &[("cookie", &me)])
        .await;
    assert_eq!(opened.status, 200);
    let text = form_text(&opened.body);
    assert_eq!(text.matches("lien").count(), common::forum::PASSAGE_MAX / 5);

    // A hidden post, another topic's post or none is not quoted: the form opens empty.
    let (other, elsewhere) =
        topic(&pool, "premiers-pas", "Autre sujet", "Ailleurs.", camille).await;
    assert_ne!(other, id);
    for post in [elsewhere, 999_999] {
        let opened = app
            .get_with(&quote_page(id, post, None), &[("cookie", &me)])
            .await;
        assert_eq!(opened.status, 200);
        assert_eq!(form_text(&opened.body), "");
    }
    set_post_state(&pool, answer, PostState::Hidden).await;
    let opened = app
        .get_with(
            &quote_page(id, answer, Some("Par un lien")),
            &[("cookie", &me)],
        )
        .await;
    assert_eq!(form_text(&opened.body), "");

    // A locked topic takes no reply: nothing to quote under its posts.
    sqlx::query("update forum_topics set locked = true where id = $1")
        .bind(id)
        .execute(&pool)
        .await
        .unwrap();
    assert!(!app.get(&path).await.body.contains("citer="));
}
