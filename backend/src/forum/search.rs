//! Finding what was already answered: a search of the forum in French, and the topics
//! similar to a question being written.
//!
//! Words are read by PostgreSQL's `websearch_to_tsquery` with the `french_unaccent`
//! configuration: stems, accents aside (« évènements » finds « evenement »), `"quoted
//! words"` as a phrase, `-word` to leave out, `or` between choices; nothing typed is ever
//! read as a query's syntax error. A topic is found by its title (weighted above) or by any
//! of its visible posts; the list is ranked, a solved topic a little ahead, and each hit
//! shows the passages that matched, highlighted.

use common::states::PostState;

use super::{TopicRecord, TopicRow, TOPIC_SELECT};
use crate::{Ctx, Result};

/// Hits on a page of results.
pub const HITS_PER_PAGE: i64 = 20;
/// What is read of the words typed, at most (characters).
pub const WORDS_MAX: usize = 200;
/// Similar topics shown beside a question being written.
pub const SIMILAR_MAX: i64 = 5;

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
    /// The post whose words matched best (`None`: the title alone matched).
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
    // Each topic's best-ranked match: its title, or its best post.
    let ranked: Vec<(i64, Option<i64>, f32)> = sqlx::query_as(
        "with q as (select websearch_to_tsquery('french_unaccent', $1) as q),
         matches as (
             select o.topic_id, o.id as post_id, ts_rank_cd(o.search, q.q) as rank
             from forum_posts o, q
             where o.search @@ q.q and o.state = $2
             union all
             select t.id, null, ts_rank_cd(t.search, q.q) * 2
             from forum_topics t, q
             where t.search @@ q.q
         ),
         best as (
             select distinct on (topic_id) topic_id, post_id, rank
             from matches
             order by topic_id, rank desc, post_id
         )
         select b.topic_id, b.post_id, b.rank::real
         from best b join forum_topics t on t.id = b.topic_id
         where t.state = $2
           and ($3::bigint is null or t.category_id = $3)
           and (not $4 or t.solved_post_id is not null)
         order by b.rank + case when t.solved_post_id is null then 0 else 0.1 end desc,
                  t.last_posted_at desc, t.id desc
         limit $5 offset $6",
    )
    .bind(&words)
    .bind(PostState::Visible)
    .bind(search.category)
    .bind(search.solved_only)
    .bind(HITS_PER_PAGE + 1)
    .bind((page - 1) * HITS_PER_PAGE)
    .fetch_all(&ctx.pool)
    .await?;
    let more = ranked.len() as i64 > HITS_PER_PAGE;
    let ranked: Vec<_> = ranked.into_iter().take(HITS_PER_PAGE as usize).collect();
    let ids: Vec<i64> = ranked.iter().map(|r| r.0).collect();
    let topics: Vec<TopicRecord> = sqlx::query_as(&format!("{TOPIC_SELECT} where t.id = any($1)"))
        .bind(&ids)
        .fetch_all(&ctx.pool)
        .await?;
    // The excerpt of each hit: its matched post, or its question when the title matched.
    let excerpts: Vec<(i64, String, bool)> = sqlx::query_as(&format!(
        "with q as (select websearch_to_tsquery('french_unaccent', $1) as q),
         chosen as (
             select h.topic_id,
                    coalesce(h.post_id,
                             (select min(o.id) from forum_posts o where o.topic_id = h.topic_id))
                        as post_id
             from unnest($2::bigint[], $3::bigint[]) as h (topic_id, post_id)
         )
         select c.topic_id,
                ts_headline('french_unaccent', {HEADLINE_BODY}, q.q,
                            'StartSel=\"\x01\", StopSel=\"\x02\", MaxWords=30, MinWords=12, \
                             MaxFragments=2, FragmentDelimiter=\" … \"'),
                (t.solved_post_id is not distinct from o.id)
         from chosen c
         join forum_posts o on o.id = c.post_id
         join forum_topics t on t.id = c.topic_id, q"
    ))
    .bind(&words)
    .bind(&ids)
    .bind(ranked.iter().map(|r| r.1).collect::<Vec<Option<i64>>>())
    .fetch_all(&ctx.pool)
    .await?;
    let mut hits = Vec::with_capacity(ranked.len());
    for (topic_id, post_id, _) in ranked {
        let Some(record) = topics.iter().find(|t| t.id == topic_id) else {
            continue;
        };
        let (excerpt, is_solution) = excerpts
            .iter()
            .find(|e| e.0 == topic_id)
            .map(|e| (pieces(&e.1), post_id.is_some() && e.2))
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
