//! The help forum: where people new to Nextcloud ask, answer and find what was answered.
//!
//! Reading is open to everyone, logged in or not: the categories ([`categories`]), a
//! category's topics ([`category`]), the latest topics ([`latest`]) and a topic with its
//! posts ([`topic`]). Only what is [`PostState::Visible`] is read here: a post waiting for
//! approval or hidden by a moderator is not in these lists. A topic's first post is its
//! question; its Markdown is rendered and cleaned by [`markdown`] when it is read.
//!
//! Every topic has a canonical address made of its slug and its id
//! (`/forum/t/comment-synchroniser-mon-agenda/123`): the id finds it, the slug says what it
//! is about, and an address with an old or wrong slug leads to the right one.

/// SQL: whether the person `p` is marked staff, and referent ([`Mark`]); a macro, so that
/// `concat!` writes it into the statements.
macro_rules! author_marks {
    () => {
        "(p.nc_uid is null and exists (select 1 from staff_accounts s
            where lower(s.email) = lower(p.email))) as author_staff,
        coalesce(p.referent, false) as author_referent"
    };
}

pub mod held;
pub mod ideas;
pub mod likes;
pub mod markdown;
pub mod merge;
pub mod moderation;
pub mod notify;
pub mod people;
pub mod profile;
pub mod quote;
pub mod sanctions;
pub mod search;
pub mod write;

use std::collections::HashSet;

use chrono::{DateTime, NaiveDateTime, Utc};
use common::states::{IdeaState, PostState};

use crate::{Ctx, Result};

/// Topics on a page of a category or of the latest.
pub const TOPICS_PER_PAGE: i64 = 30;
/// Posts on a page of a topic (its question and the replies after it).
pub const POSTS_PER_PAGE: i64 = 50;
/// The length of a page's description for search engines and link previews.
pub const DESCRIPTION_MAX: usize = 160;

/// A category, with what it holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Category {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub description: String,
    /// Its topics are wishes for Nextcloud, which members vote on.
    pub ideas: bool,
    /// Only staff open topics in it.
    pub staff_only: bool,
    /// Its visible topics.
    pub topics: i64,
    /// When its last visible post was written, in UTC.
    pub last_posted_at: Option<DateTime<Utc>>,
}

/// Who wrote a post or a topic, as a page names them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Author {
    /// The service's team (the welcome topic).
    Team,
    /// A person of the forum, by their pseudonym, and what marks them beside it.
    Person {
        id: i64,
        pseudonym: String,
        mark: Option<Mark>,
    },
    /// A person who deleted their forum account: their posts stay, without their name.
    Gone,
}

/// What a page says beside a person's name: who they are for the service.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mark {
    /// Of the service's team: a staff account has the address their mailed link proved.
    Staff,
    /// Their space's referent, as the portal knew at their last login with it.
    Referent,
}

impl Mark {
    /// The mark of someone staff and/or referent: staff first.
    fn of(staff: bool, referent: bool) -> Option<Mark> {
        match (staff, referent) {
            (true, _) => Some(Mark::Staff),
            (false, true) => Some(Mark::Referent),
            (false, false) => None,
        }
    }
}

impl Author {
    fn of(id: Option<i64>, pseudonym: Option<String>, deleted: bool) -> Self {
        match (id, pseudonym) {
            (None, _) => Author::Team,
            (Some(_), _) if deleted => Author::Gone,
            (Some(id), Some(pseudonym)) => Author::Person {
                id,
                pseudonym,
                mark: None,
            },
            (Some(_), None) => Author::Gone,
        }
    }

    /// The same author, marked staff or referent (staff first).
    fn marked(self, staff: bool, referent: bool) -> Self {
        match self {
            Author::Person { id, pseudonym, .. } => Author::Person {
                id,
                pseudonym,
                mark: Mark::of(staff, referent),
            },
            other => other,
        }
    }
}

/// A topic as a list shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TopicRow {
    pub id: i64,
    pub slug: String,
    pub title: String,
    pub category_id: i64,
    pub category_slug: String,
    pub category_name: String,
    pub author: Author,
    pub created_at: DateTime<Utc>,
    pub last_posted_at: DateTime<Utc>,
    /// The same instant on the clock of Paris, as the pages write it.
    pub last_posted_paris: NaiveDateTime,
    pub replies: i64,
    pub pinned: bool,
    pub locked: bool,
    pub guide: bool,
    pub solved: bool,
    /// In a category of ideas: its votes, its state, and the reason given with it.
    pub idea: Option<Idea>,
}

/// An idea for Nextcloud, as its topic is listed and shown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Idea {
    pub votes: i64,
    pub state: IdeaState,
    pub reason: String,
}

impl TopicRow {
    /// Its canonical address.
    pub fn path(&self) -> String {
        topic_path(&self.slug, self.id)
    }
}

/// A topic's canonical address.
pub fn topic_path(slug: &str, id: i64) -> String {
    format!("/forum/t/{slug}/{id}")
}

/// A post's address: its topic's page that shows it, and its anchor. `before`: the visible
/// replies before it (negative: the post is the question, shown at the top of the topic).
pub fn post_path(slug: &str, topic_id: i64, post_id: i64, before: i64) -> String {
    let base = topic_path(slug, topic_id);
    match before {
        b if b < 0 => base,
        b if b < POSTS_PER_PAGE => format!("{base}#message-{post_id}"),
        b => format!("{base}?page={}#message-{post_id}", b / POSTS_PER_PAGE + 1),
    }
}

/// SQL: the visible replies of post `o`'s topic before it (`-1` for the question, as
/// [`post_path`] takes it), given the visible state as `$state`.
fn replies_before(state: &str) -> String {
    format!(
        "((select count(*) from forum_posts b
           where b.topic_id = o.topic_id and b.id < o.id and b.state = {state}) - 1)"
    )
}

/// A category's canonical address.
pub fn category_path(slug: &str, id: i64) -> String {
    format!("/forum/c/{slug}/{id}")
}

/// A post as a topic's page shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Post {
    pub id: i64,
    pub author: Author,
    pub created_at: DateTime<Utc>,
    pub created_paris: NaiveDateTime,
    pub edited_paris: Option<NaiveDateTime>,
    /// Its Markdown, rendered and cleaned.
    pub html: markdown::Html,
    /// The people who like it ([`likes`]).
    pub likes: i64,
}

/// A topic's page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Topic {
    pub row: TopicRow,
    /// Its first post, on every page.
    pub question: Post,
    /// The accepted answer, shown under the question, if there is one and it is visible.
    pub solution: Option<Post>,
    /// The replies of the page asked for.
    pub replies: Vec<Post>,
    /// The page shown (from 1) and how many there are.
    pub page: i64,
    pub pages: i64,
    /// The question's first words, for search engines and link previews.
    pub description: String,
}

/// A category's page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CategoryPage {
    pub category: Category,
    pub topics: Vec<TopicRow>,
    pub page: i64,
    pub pages: i64,
}

const CATEGORY_COLUMNS: &str = "c.id, c.slug, c.name, c.description, c.ideas, c.staff_only,
    (select count(*) from forum_topics t where t.category_id = c.id and t.state = $1),
    (select max(t.last_posted_at) from forum_topics t
     where t.category_id = c.id and t.state = $1)";

type CategoryRecord = (
    i64,
    String,
    String,
    String,
    bool,
    bool,
    i64,
    Option<DateTime<Utc>>,
);

fn category_of(r: CategoryRecord) -> Category {
    Category {
        id: r.0,
        slug: r.1,
        name: r.2,
        description: r.3,
        ideas: r.4,
        staff_only: r.5,
        topics: r.6,
        last_posted_at: r.7,
    }
}

/// Every category, in their order.
pub async fn categories(ctx: &Ctx) -> Result<Vec<Category>> {
    let rows: Vec<CategoryRecord> = sqlx::query_as(&format!(
        "select {CATEGORY_COLUMNS} from forum_categories c order by c.position, c.id"
    ))
    .bind(PostState::Visible)
    .fetch_all(&ctx.pool)
    .await?;
    Ok(rows.into_iter().map(category_of).collect())
}

/// Each category's id and name, and whether only staff open topics in it, in their order:
/// what a filter or a choice of category needs, without counting the topics of each.
pub async fn category_names(ctx: &Ctx) -> Result<Vec<(i64, String, bool)>> {
    Ok(
        sqlx::query_as("select id, name, staff_only from forum_categories order by position, id")
            .fetch_all(&ctx.pool)
            .await?,
    )
}

#[derive(Clone, sqlx::FromRow)]
struct TopicRecord {
    id: i64,
    slug: String,
    title: String,
    category_id: i64,
    category_slug: String,
    category_name: String,
    author_id: Option<i64>,
    pseudonym: Option<String>,
    author_deleted: bool,
    author_staff: bool,
    author_referent: bool,
    created_at: DateTime<Utc>,
    last_posted_at: DateTime<Utc>,
    last_posted_paris: NaiveDateTime,
    replies: i32,
    pinned: bool,
    locked: bool,
    guide: bool,
    solved: bool,
    ideas: bool,
    votes: i32,
    idea_state: IdeaState,
    idea_reason: String,
}

impl From<TopicRecord> for TopicRow {
    fn from(r: TopicRecord) -> Self {
        TopicRow {
            id: r.id,
            slug: r.slug,
            title: r.title,
            category_id: r.category_id,
            category_slug: r.category_slug,
            category_name: r.category_name,
            author: Author::of(r.author_id, r.pseudonym, r.author_deleted)
                .marked(r.author_staff, r.author_referent),
            created_at: r.created_at,
            last_posted_at: r.last_posted_at,
            last_posted_paris: r.last_posted_paris,
            replies: i64::from(r.replies),
            pinned: r.pinned,
            locked: r.locked,
            guide: r.guide,
            solved: r.solved,
            idea: r.ideas.then(|| Idea {
                votes: i64::from(r.votes),
                state: r.idea_state,
                reason: r.idea_reason,
            }),
        }
    }
}

const TOPIC_SELECT: &str = concat!(
    "select t.id, t.slug, t.title, t.category_id,
        c.slug as category_slug, c.name as category_name,
        t.author_id, p.pseudonym, (p.deleted_at is not null) as author_deleted, ",
    author_marks!(),
    ", t.created_at, t.last_posted_at,
        t.last_posted_at at time zone 'Europe/Paris' as last_posted_paris,
        t.replies, t.pinned, t.locked, t.guide, (t.solved_post_id is not null) as solved,
        c.ideas, t.votes, t.idea_state, t.idea_reason
    from forum_topics t
    join forum_categories c on c.id = t.category_id
    left join forum_people p on p.id = t.author_id"
);

/// The topics with the latest posts, of every category, pinned ones first.
pub async fn latest(ctx: &Ctx, limit: i64) -> Result<Vec<TopicRow>> {
    let rows: Vec<TopicRecord> = sqlx::query_as(&format!(
        "{TOPIC_SELECT} where t.state = $1 order by t.last_posted_at desc, t.id desc limit $2"
    ))
    .bind(PostState::Visible)
    .bind(limit.clamp(1, 100))
    .fetch_all(&ctx.pool)
    .await?;
    Ok(rows.into_iter().map(TopicRow::from).collect())
}

/// The number of pages `count` items make, at least one.
fn pages_of(count: i64, per_page: i64) -> i64 {
    ((count + per_page - 1) / per_page).max(1)
}

/// The category `id` and its topics of page `page` (from 1: pinned topics first, then by
/// last post); `None` when there is no such category or page.
pub async fn category(ctx: &Ctx, id: i64, page: i64) -> Result<Option<CategoryPage>> {
    let found: Option<CategoryRecord> = sqlx::query_as(&format!(
        "select {CATEGORY_COLUMNS} from forum_categories c where c.id = $2"
    ))
    .bind(PostState::Visible)
    .bind(id)
    .fetch_optional(&ctx.pool)
    .await?;
    let Some(category) = found.map(category_of) else {
        return Ok(None);
    };
    let pages = pages_of(category.topics, TOPICS_PER_PAGE);
    if page < 1 || page > pages {
        return Ok(None);
    }
    let rows: Vec<TopicRecord> = sqlx::query_as(&format!(
        "{TOPIC_SELECT} where t.category_id = $1 and t.state = $2
         order by t.pinned desc, case when c.ideas then t.votes end desc nulls last,
                  t.last_posted_at desc, t.id desc
         limit $3 offset $4"
    ))
    .bind(id)
    .bind(PostState::Visible)
    .bind(TOPICS_PER_PAGE)
    .bind((page - 1) * TOPICS_PER_PAGE)
    .fetch_all(&ctx.pool)
    .await?;
    Ok(Some(CategoryPage {
        category,
        topics: rows.into_iter().map(TopicRow::from).collect(),
        page,
        pages,
    }))
}

#[derive(sqlx::FromRow)]
struct PostRecord {
    id: i64,
    author_id: Option<i64>,
    pseudonym: Option<String>,
    author_deleted: bool,
    author_staff: bool,
    author_referent: bool,
    created_at: DateTime<Utc>,
    created_paris: NaiveDateTime,
    edited_paris: Option<NaiveDateTime>,
    body: String,
    likes: i64,
}

impl From<PostRecord> for Post {
    fn from(r: PostRecord) -> Self {
        r.into_post(&HashSet::new())
    }
}

impl PostRecord {
    /// The post, each mention of someone in `people` (pseudonyms in lower case) a link to
    /// their profile.
    fn into_post(self, people: &HashSet<String>) -> Post {
        Post {
            id: self.id,
            author: Author::of(self.author_id, self.pseudonym, self.author_deleted)
                .marked(self.author_staff, self.author_referent),
            created_at: self.created_at,
            created_paris: self.created_paris,
            edited_paris: self.edited_paris,
            html: markdown::render_with(&self.body, &|name| people.contains(name)),
            likes: self.likes,
        }
    }
}

/// The people `bodies` mention who have that pseudonym, in lower case: one query for a
/// page of posts.
async fn mentioned_people<'a>(
    ctx: &Ctx,
    bodies: impl Iterator<Item = &'a str>,
) -> Result<HashSet<String>> {
    let mut names: Vec<String> = bodies.flat_map(markdown::mentions).collect();
    names.sort_unstable();
    names.dedup();
    if names.is_empty() {
        return Ok(HashSet::new());
    }
    let found: Vec<String> = sqlx::query_scalar(
        "select lower(pseudonym) from forum_people
         where lower(pseudonym) = any($1) and deleted_at is null",
    )
    .bind(&names)
    .fetch_all(&ctx.pool)
    .await?;
    Ok(found.into_iter().collect())
}

const POST_SELECT: &str = concat!(
    "select o.id, o.author_id, p.pseudonym,
        (p.deleted_at is not null) as author_deleted, ",
    author_marks!(),
    ", o.created_at, o.created_at at time zone 'Europe/Paris' as created_paris,
        o.edited_at at time zone 'Europe/Paris' as edited_paris, o.body,
        (select count(*) from forum_likes l where l.post_id = o.id) as likes
    from forum_posts o left join forum_people p on p.id = o.author_id"
);

/// The visible topic `id`, as a list shows it (the page that replies to it names it).
pub async fn topic_row(ctx: &Ctx, id: i64) -> Result<Option<TopicRow>> {
    let found: Option<TopicRecord> =
        sqlx::query_as(&format!("{TOPIC_SELECT} where t.id = $1 and t.state = $2"))
            .bind(id)
            .bind(PostState::Visible)
            .fetch_optional(&ctx.pool)
            .await?;
    Ok(found.map(TopicRow::from))
}

/// The topic `id`, its question, its accepted answer and the replies of page `page` (from
/// 1); `None` when there is no such visible topic or page.
pub async fn topic(ctx: &Ctx, id: i64, page: i64) -> Result<Option<Topic>> {
    let Some(row) = topic_row(ctx, id).await? else {
        return Ok(None);
    };
    let pages = pages_of(row.replies, POSTS_PER_PAGE);
    if page < 1 || page > pages {
        return Ok(None);
    }
    // The question is the topic's first post, whatever its state: a topic is visible only
    // while its question is.
    let question: Option<PostRecord> = sqlx::query_as(&format!(
        "{POST_SELECT} where o.topic_id = $1 order by o.id limit 1"
    ))
    .bind(id)
    .fetch_optional(&ctx.pool)
    .await?;
    let Some(question) = question else {
        return Ok(None);
    };
    let question_id = question.id;
    let description = {
        let body = &question.body;
        markdown::plain_text(body, DESCRIPTION_MAX)
    };
    let replies: Vec<PostRecord> = sqlx::query_as(&format!(
        "{POST_SELECT} where o.topic_id = $1 and o.id > $2 and o.state = $3
         order by o.id limit $4 offset $5"
    ))
    .bind(id)
    .bind(question_id)
    .bind(PostState::Visible)
    .bind(POSTS_PER_PAGE)
    .bind((page - 1) * POSTS_PER_PAGE)
    .fetch_all(&ctx.pool)
    .await?;
    let solution: Option<PostRecord> = sqlx::query_as(&format!(
        "{POST_SELECT} join forum_topics t on t.solved_post_id = o.id
         where t.id = $1 and o.state = $2"
    ))
    .bind(id)
    .bind(PostState::Visible)
    .fetch_optional(&ctx.pool)
    .await?;
    let people = mentioned_people(
        ctx,
        std::iter::once(&question)
            .chain(&replies)
            .chain(&solution)
            .map(|p| p.body.as_str()),
    )
    .await?;
    Ok(Some(Topic {
        row,
        question: question.into_post(&people),
        solution: solution.map(|p| p.into_post(&people)),
        replies: replies.into_iter().map(|p| p.into_post(&people)).collect(),
        page,
        pages,
        description,
    }))
}

/// What a feed of the newest topics holds: the category it is of (`None`: the whole forum)
/// and, newest first, each topic with its question.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Feed {
    /// The category's id, slug and name.
    pub category: Option<(i64, String, String)>,
    pub entries: Vec<(TopicRow, Post)>,
}

/// Topics in a feed.
pub const FEED_ENTRIES: i64 = 20;

/// The newest visible topics (of the category `category`, or of the whole forum), each with
/// its question, for the Atom feeds; `None` when there is no such category.
pub async fn newest(ctx: &Ctx, category: Option<i64>) -> Result<Option<Feed>> {
    let named = match category {
        None => None,
        Some(id) => {
            let found: Option<(i64, String, String)> =
                sqlx::query_as("select id, slug, name from forum_categories where id = $1")
                    .bind(id)
                    .fetch_optional(&ctx.pool)
                    .await?;
            let Some(found) = found else { return Ok(None) };
            Some(found)
        }
    };
    // By id, the order they were opened in (the primary key's index, read backwards).
    let rows: Vec<TopicRecord> = sqlx::query_as(&format!(
        "{TOPIC_SELECT} where t.state = $1 and ($2::bigint is null or t.category_id = $2)
         order by t.id desc limit $3"
    ))
    .bind(PostState::Visible)
    .bind(category)
    .bind(FEED_ENTRIES)
    .fetch_all(&ctx.pool)
    .await?;
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    // Each one's question, its first post (a topic is visible only while its question is).
    #[derive(sqlx::FromRow)]
    struct Question {
        topic_id: i64,
        #[sqlx(flatten)]
        post: PostRecord,
    }
    let questions: Vec<Question> = sqlx::query_as(&format!(
        "{} where o.id in (select min(f.id) from forum_posts f where f.topic_id = any($1)
                           group by f.topic_id)",
        POST_SELECT.replacen("select ", "select o.topic_id, ", 1)
    ))
    .bind(&ids)
    .fetch_all(&ctx.pool)
    .await?;
    let mut questions: std::collections::HashMap<i64, PostRecord> = questions
        .into_iter()
        .map(|q| (q.topic_id, q.post))
        .collect();
    let entries = rows
        .into_iter()
        .filter_map(|r| {
            let question = questions.remove(&r.id)?;
            Some((TopicRow::from(r), Post::from(question)))
        })
        .collect();
    Ok(Some(Feed {
        category: named,
        entries,
    }))
}

/// A title as an address's slug: lower-case ASCII words joined by hyphens, accents taken
/// off (« Comment synchroniser mon agenda ? » → `comment-synchroniser-mon-agenda`), at most
/// 80 characters cut at a word; `sujet` when nothing is left.
pub fn slug_of(title: &str) -> String {
    let ascii = deunicode::deunicode(title).to_ascii_lowercase();
    let mut slug = String::new();
    for word in ascii
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if slug.len() + word.len() + 1 > 80 {
            break;
        }
        if !slug.is_empty() {
            slug.push('-');
        }
        slug.push_str(word);
    }
    if slug.is_empty() {
        let first: String = ascii
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .take(80)
            .collect();
        if first.is_empty() {
            return "sujet".into();
        }
        return first;
    }
    slug
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_slug_is_the_titles_words_without_accents() {
        assert_eq!(
            slug_of("Comment synchroniser mon agenda ?"),
            "comment-synchroniser-mon-agenda"
        );
        assert_eq!(
            slug_of("Réunion d’AG : l’ordre du jour"),
            "reunion-d-ag-l-ordre-du-jour"
        );
        assert_eq!(slug_of("???"), "sujet");
        assert_eq!(
            slug_of("<script>alert(1)</script>"),
            "script-alert-1-script"
        );
        let long = slug_of(&"mot ".repeat(60));
        assert!(long.len() <= 80 && !long.ends_with('-'), "{long}");
    }

    #[test]
    fn pages_are_counted_from_one() {
        assert_eq!(pages_of(0, 50), 1);
        assert_eq!(pages_of(50, 50), 1);
        assert_eq!(pages_of(51, 50), 2);
    }
}
