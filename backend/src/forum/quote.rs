//! Quoting (issue 22, point 1): the reply page opens with a post of its topic quoted, or
//! a passage of it that the reader selected: a line naming its author and linking to it,
//! then its words, each line behind `> `, as Markdown the person may cut or keep. The
//! quote is only text in their form: what they publish is read, cleaned and held like any
//! other message, and a passage is never taken for the post's own words by the server.

use common::forum::PASSAGE_MAX;
use common::states::PostState;

use super::{post_path, replies_before, Author, PostRecord, POST_SELECT};
use crate::{Ctx, Result};

/// A visible post, as its quote needs it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Quoted {
    pub author: Author,
    /// Its address in its topic.
    pub path: String,
    /// Its Markdown.
    pub body: String,
}

/// The visible post `post_id` of the visible topic `topic_id`; `None` otherwise (a held
/// or hidden post is quoted by nobody).
pub async fn quoted(ctx: &Ctx, topic_id: i64, post_id: i64) -> Result<Option<Quoted>> {
    #[derive(sqlx::FromRow)]
    struct Row {
        slug: String,
        before: i64,
        #[sqlx(flatten)]
        post: PostRecord,
    }
    let select = format!("select t.slug, {} as before, ", replies_before("$3"));
    let row: Option<Row> = sqlx::query_as(&format!(
        "{} join forum_topics t on t.id = o.topic_id
         where o.id = $1 and o.topic_id = $2 and o.state = $3 and t.state = $3",
        POST_SELECT.replacen("select ", &select, 1)
    ))
    .bind(post_id)
    .bind(topic_id)
    .bind(PostState::Visible)
    .fetch_optional(&ctx.pool)
    .await?;
    Ok(row.map(|r| Quoted {
        path: post_path(&r.slug, topic_id, r.post.id, r.before),
        author: Author::of(r.post.author_id, r.post.pseudonym, r.post.author_deleted),
        body: r.post.body,
    }))
}

/// `text` quoted under `header` (Markdown already): each line behind `> `, control
/// characters dropped, blank lines at its ends trimmed, at most [`PASSAGE_MAX`]
/// characters; then an empty line, where the reply starts. Empty when `text` is.
pub fn markdown(header: &str, text: &str) -> String {
    let cleaned: String = text
        .replace("\r\n", "\n")
        .chars()
        .filter(|c| *c == '\n' || *c == '\t' || !c.is_control())
        .take(PASSAGE_MAX)
        .collect();
    let lines: Vec<&str> = cleaned.trim().lines().map(str::trim_end).collect();
    if lines.is_empty() {
        return String::new();
    }
    let mut out = format!("> {header}\n>\n");
    for line in lines {
        out.push('>');
        if !line.is_empty() {
            out.push(' ');
            out.push_str(line);
        }
        out.push('\n');
    }
    out.push('\n');
    out
}

/// `name` as Markdown text: every ASCII punctuation mark escaped, so that a name reads
/// as written and opens no link, emphasis or markup.
pub fn escape(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars().filter(|c| !c.is_control()) {
        if c.is_ascii_punctuation() {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_line_is_quoted_under_its_header() {
        assert_eq!(
            markdown(
                "[Camille](/forum/t/a/1#message-2) a écrit :",
                "\n\nUn\r\n\n  deux  \n\n"
            ),
            "> [Camille](/forum/t/a/1#message-2) a écrit :\n>\n> Un\n>\n>   deux\n\n"
        );
    }

    #[test]
    fn a_quote_of_a_quote_nests_and_nothing_quotes_to_nothing() {
        assert_eq!(
            markdown("A", "> dit\nsuite"),
            "> A\n>\n> > dit\n> suite\n\n"
        );
        assert_eq!(markdown("A", " \n\u{7}\n "), "");
    }

    #[test]
    fn a_long_passage_is_cut_and_control_characters_dropped() {
        let long = "é".repeat(PASSAGE_MAX * 2);
        let quoted = markdown("A", &long);
        assert_eq!(quoted.chars().filter(|c| *c == 'é').count(), PASSAGE_MAX);
        assert_eq!(markdown("A", "a\u{0}b\u{1b}c"), "> A\n>\n> abc\n\n");
    }

    #[test]
    fn a_name_opens_no_markup() {
        assert_eq!(escape("_a*b[c](d)<e>"), "\\_a\\*b\\[c\\]\\(d\\)\\<e\\>");
        assert_eq!(escape("Zoé\n"), "Zoé");
    }
}
