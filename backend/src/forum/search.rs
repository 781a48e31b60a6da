//! Finding what was already answered: a search of the forum in French, and the topics
//! similar to a question being written.
//!
//! Words are read by PostgreSQL's `websearch_to_tsquery` with the `french_unaccent`
//! configuration: stems, accents aside (« évènements » finds « evenement »), `"quoted
//! words"` as a phrase, `-word` to leave out, `or` between choices; nothing typed is ever
//! read as a query's syntax error.
//!
//! A search finds topics, by the words of their title, question and visible replies
//! together (`forum_topic_words`, which triggers keep as posts are written), the title
//! weighted above the question and the question above the replies; the list is ranked, a
//! solved topic a little ahead. Each hit then links to its post that matched best and shows
//! its passages around the words found, highlighted.
//!
//! Ranking every topic that holds a common word would cost a read of each: « merci » is in
//! nearly all of them. So the ranking looks at the [`CANDIDATES`] newest topics that match,
//! which are all of them for any search that says something precise; a very common word
//! is looked for among recent topics, and one more word narrows the search to the whole
//! forum again. PostgreSQL's planner chooses how to find them from what it knows of each
//! word's frequency: reading the newest topics until enough match, or the index of the
//! rarer words. For it to see the words, the query is written out in each condition and
//! planned with them (a statement not kept prepared).

use common::states::PostState;

use super::{TopicRecord, TopicRow, TOPIC_SELECT};
use crate::{Ctx, Result};

/// Hits on a page of results.
pub const HITS_PER_PAGE: i64 = 20;
/// What is read of the words typed, at most (characters).
pub const WORDS_MAX: usize = 200;
/// Similar topics shown beside a question being written.
pub const SIMILAR_MAX: i64 = 5;
/// The newest matching topics that a search ranks.
pub const CANDIDATES: i64 = 400;

/// What a person searches for.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Search {
    pub words: String,
    /// Only this category's topics.
    pub category: Option<i64>,
    /// Only topics with an accepted answer.
    pub solved_only: bool,
}

/// A piece of an excerpt: text, and whether it matched the search.
pub type Piece = (String, bool);

/// A topic found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hit {
    pub topic: TopicRow,
    /// The post whose words matched best (`None`: no post holds them all; the title does, or
    /// several posts together).
    pub post_id: Option<i64>,
    /// Whether that post is the topic's accepted answer.
    pub is_solution: bool,
    /// The passages of that post (or of the question) around the words found.
    pub excerpt: Vec<Piece>,
}

/// A page of hits, and whether another follows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    pub hits: Vec<Hit>,
    pub more: bool,
}

/// The words as the search reads them: control characters out, at most [`WORDS_MAX`]
/// characters, spaces trimmed.
pub fn clean_words(words: &str) -> String {
    words
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .take(WORDS_MAX)
        .collect::<String>()
        .trim()
        .to_string()
}

/// The markers `ts_headline` puts around a matched word: characters that a post cannot
/// hold once [`HEADLINE_BODY`] took them out.
const START: char = '\u{1}';
const STOP: char = '\u{2}';

/// A post's body as its excerpt is cut from: the markers out, Markdown's marks as spaces.
const HEADLINE_BODY: &str =
    "regexp_replace(translate(o.body, E'\\x01\\x02', ''), '[*_`#>|\\[\\]()!~]+', ' ', 'g')";

/// The topics that match `search`, page `page` (from 1).
pub async fn search(ctx: &Ctx, search: &Search, page: i64) -> Result<Found> {
    let words = clean_words(&search.words);
    if words.is_empty() || page < 1 {
        return Ok(Found {
            hits: Vec::new(),
            more: false,
        });
    }
    // The topics that match, ranked among the newest candidates (each candidate's rank
    // computed once, after the limit). A filter is applied in the search of candidates, so
    // that it keeps [`CANDIDATES`] of the category asked.
    const Q: &str = "websearch_to_tsquery('french_unaccent', $1)";
    let filtered = search.category.is_some() || search.solved_only;
    let (join, filters) = if filtered {
        (
            "join forum_topics t on t.id = w.topic_id",
            "and t.state = $2 and ($3::bigint is null or t.category_id = $3)
             and (not $4 or t.solved_post_id is not null)",
        )
    } else {
        ("", "and $3::bigint is null and not $4")
    };
    let sql = format!(
        "select c.topic_id
         from (select w.topic_id, ts_rank_cd(w.words, {Q}) as rank
               from (select w.topic_id, w.words
                     from forum_topic_words w {join}
                     where w.words @@ {Q} {filters}
                     order by w.topic_id desc limit $7) w) c
         join forum_topics t on t.id = c.topic_id
         where t.state = $2
         order by c.rank + case when t.solved_post_id is null then 0 else 0.1 end desc,
                  t.last_posted_at desc, t.id desc
         limit $5 offset $6"
    );
    let ranked: Vec<i64> = sqlx::query_scalar(&sql)
        .persistent(false)
        .bind(&words)
        .bind(PostState::Visible)
        .bind(search.category)
        .bind(search.solved_only)
        .bind(HITS_PER_PAGE + 1)
        .bind((page - 1) * HITS_PER_PAGE)
        .bind(CANDIDATES)
        .fetch_all(&ctx.pool)
        .await?;
    let more = ranked.len() as i64 > HITS_PER_PAGE;
    let ids: Vec<i64> = ranked.into_iter().take(HITS_PER_PAGE as usize).collect();
    let topics: Vec<TopicRecord> = sqlx::query_as(&format!("{TOPIC_SELECT} where t.id = any($1)"))
        .bind(&ids)
        .fetch_all(&ctx.pool)
        .await?;
    // Each hit's best post among its own (none: the words are only in its title, or spread
    // over several posts), and the excerpt of that post or of the question.
    let excerpts: Vec<(i64, Option<i64>, String, bool)> = sqlx::query_as(&format!(
        "with q as (select websearch_to_tsquery('french_unaccent', $1) as q),
         best as (
             select distinct on (o.topic_id) o.topic_id, o.id
             from forum_posts o, q
             where o.topic_id = any($2) and o.state = $3 and o.search @@ q.q
             order by o.topic_id, ts_rank_cd(o.search, q.q) desc, o.id
         ),
         chosen as (
             select h.topic_id, b.id as matched,
                    coalesce(b.id, (select min(o.id) from forum_posts o
                                    where o.topic_id = h.topic_id)) as post_id
             from unnest($2::bigint[]) as h (topic_id)
             left join best b on b.topic_id = h.topic_id
         )
         select c.topic_id, c.matched,
                ts_headline('french_unaccent', {HEADLINE_BODY}, q.q,
                            'StartSel=\"\x01\", StopSel=\"\x02\", MaxWords=30, MinWords=12, \
                             MaxFragments=2, FragmentDelimiter=\" … \"'),
                coalesce(t.solved_post_id = c.matched, false)
         from chosen c
         join forum_posts o on o.id = c.post_id
         join forum_topics t on t.id = c.topic_id, q"
    ))
    .bind(&words)
    .bind(&ids)
    .bind(PostState::Visible)
    .fetch_all(&ctx.pool)
    .await?;
    let mut hits = Vec::with_capacity(ids.len());
    for topic_id in ids {
        let Some(record) = topics.iter().find(|t| t.id == topic_id) else {
            continue;
        };
        let (post_id, excerpt, is_solution) = excerpts
            .iter()
            .find(|e| e.0 == topic_id)
            .map(|e| (e.1, pieces(&e.2), e.3))
            .unwrap_or_default();
        hits.push(Hit {
            topic: TopicRow::from(record.clone()),
            post_id,
            is_solution,
            excerpt,
        });
    }
    Ok(Found { hits, more })
}

/// `ts_headline`'s text cut into pieces at its markers.
fn pieces(headline: &str) -> Vec<Piece> {
    let mut out: Vec<Piece> = Vec::new();
    let mut current = String::new();
    let mut marked = false;
    for c in headline.chars() {
        if c == START || c == STOP {
            if !current.is_empty() {
                out.push((std::mem::take(&mut current), marked));
            }
            marked = c == START;
        } else if c == '\n' || c == '\r' {
            current.push(' ');
        } else if !c.is_control() {
            current.push(c);
        }
    }
    if !current.is_empty() {
        out.push((current, marked));
    }
    out
}

/// The visible topics whose titles are closest to `title` (a question being written):
/// the words of the title, any of them, ranked; solved topics first among equals.
pub async fn similar(ctx: &Ctx, title: &str) -> Result<Vec<TopicRow>> {
    let words = clean_words(title);
    if words.chars().filter(|c| c.is_alphanumeric()).count() < 3 {
        return Ok(Vec::new());
    }
    // Any of the title's words: `plainto_tsquery` keeps its stems joined by `&`, made `|`.
    let rows: Vec<TopicRecord> = sqlx::query_as(&format!(
        "with q as (
             select nullif(replace(plainto_tsquery('french_unaccent', $1)::text, '&', '|'), '')
                 ::tsquery as q
         )
         {TOPIC_SELECT}, q
         where q.q is not null and t.search @@ q.q and t.state = $2
         order by ts_rank_cd(t.search, q.q) desc, (t.solved_post_id is not null) desc,
                  t.last_posted_at desc
         limit $3"
    ))
    .bind(&words)
    .bind(PostState::Visible)
    .bind(SIMILAR_MAX)
    .fetch_all(&ctx.pool)
    .await?;
    Ok(rows.into_iter().map(TopicRow::from).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_headline_is_cut_at_its_markers() {
        assert_eq!(
            pieces("avant \u{1}agenda\u{2} après\n<b>"),
            vec![
                ("avant ".to_string(), false),
                ("agenda".to_string(), true),
                (" après <b>".to_string(), false),
            ]
        );
    }

    #[test]
    fn words_are_cleaned_and_cut() {
        assert_eq!(clean_words("  agenda\r\n\u{0}partagé "), "agenda   partagé");
        assert_eq!(clean_words(&"a".repeat(500)).len(), WORDS_MAX);
    }
}
