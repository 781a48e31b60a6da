//! Writing in the forum: a new topic ([`new_topic`]) and a reply ([`reply`]), by a
//! [`Member`]. Each write is one transaction: the pseudonym chosen at a first post, the
//! topic, its first post and the counts are written together or not at all. What a held
//! person writes ([`Member::held`]) is written waiting for a moderator ([`super::held`]):
//! counted, and telling anyone, only once approved.
//!
//! The Markdown is kept as it was typed (trimmed, line breaks made `\n`, controls
//! refused): it is rendered and cleaned by [`super::markdown`] each time it is read, so a
//! better cleaner applies to every post at once.

use common::application::{clean_line, clean_text};
use common::states::PostState;
use common::ErrorCode;

use super::held;
use super::notify::{tell, Posted};
use super::people::{take_pseudonym, Member, PseudonymRefused, NEW_ACCOUNT_POSTS_PER_DAY};
use super::{markdown, slug_of, topic_path};
use crate::{rate_limit, Ctx, Result};

/// The shortest title: a few words, enough to be found.
pub const TITLE_MIN: usize = 8;
pub const TITLE_MAX: usize = 150;
pub const BODY_MAX: usize = 20_000;
/// Posts one person may write in ten minutes.
pub const POSTS_PER_TEN_MINUTES: u32 = 10;

/// A write refused: the field it concerns and why (the page shows it beside the field,
/// with what was typed kept).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refused {
    pub field: &'static str,
    pub code: ErrorCode,
}

/// A new topic, as typed.
#[derive(Clone, Debug, Default)]
pub struct NewTopic<'a> {
    pub category_id: i64,
    pub title: &'a str,
    pub body: &'a str,
    /// The pseudonym chosen with this first post (ignored when the person has one).
    pub pseudonym: &'a str,
    /// The details of the person's space, from the dashboard's help link ([`question_text`]).
    pub details: &'a str,
}

/// What a write made: where to read it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Written {
    pub topic_id: i64,
    pub post_id: i64,
    /// The post's address: its topic's page (the right one for a reply) and its anchor.
    pub path: String,
}

pub(super) fn refused(field: &'static str, code: ErrorCode) -> Refused {
    Refused { field, code }
}

/// A post's text, as it is kept: trimmed, not empty, without controls, at most
/// [`BODY_MAX`] characters.
pub fn clean_body(raw: &str) -> std::result::Result<String, Refused> {
    match clean_text(raw, BODY_MAX) {
        Ok(body) if body.is_empty() => Err(refused("body", ErrorCode::Required)),
        Ok(body) => Ok(body),
        Err(code) => Err(refused("body", code)),
    }
}

/// The longest details of a space a question carries (issue 22, point 8).
pub const DETAILS_MAX: usize = 300;

/// A question's text, with the details of the asker's space (`details`, which the person
/// may have changed or emptied) as its last paragraph: kept as a post's text, the details
/// refused beside their own field.
pub fn question_text(body: &str, details: &str) -> std::result::Result<String, Refused> {
    let details = clean_text(details, DETAILS_MAX).map_err(|code| refused("details", code))?;
    let body = clean_body(body)?;
    if details.is_empty() {
        return Ok(body);
    }
    clean_body(&format!("{body}\n\n{details}"))
}

/// A topic's title, as it is kept.
pub fn clean_title(raw: &str) -> std::result::Result<String, Refused> {
    match clean_line(raw, TITLE_MAX) {
        Ok(title) if title.is_empty() => Err(refused("title", ErrorCode::Required)),
        Ok(title) if title.chars().count() < TITLE_MIN => {
            Err(refused("title", ErrorCode::TitleTooShort))
        }
        Ok(title) => Ok(title),
        Err(code) => Err(refused("title", code)),
    }
}

fn pseudonym_refused(refusal: PseudonymRefused) -> Refused {
    let code = match refusal {
        PseudonymRefused::Length => ErrorCode::PseudonymLength,
        PseudonymRefused::Characters => ErrorCode::PseudonymCharacters,
        PseudonymRefused::Reserved => ErrorCode::PseudonymReserved,
        PseudonymRefused::Taken => ErrorCode::PseudonymTaken,
    };
    refused("pseudonym", code)
}

/// The pseudonym typed with a first post, checked; nothing to check once one is chosen.
fn first_pseudonym(member: &Member, raw: &str) -> std::result::Result<(), Refused> {
    match member.pseudonym() {
        Some(_) => Ok(()),
        None => super::people::check_pseudonym(raw.trim()).map_err(pseudonym_refused),
    }
}

/// `checked`'s value, or `None` with its refusal added to `refusals`: the words of a post
/// are all checked, and every refusal shown beside its field at once.
fn keep<T>(checked: std::result::Result<T, Refused>, refusals: &mut Vec<Refused>) -> Option<T> {
    checked.map_err(|r| refusals.push(r)).ok()
}

/// The refusal, beside `field`, of anything `member` writes (a post, a flag) while a
/// moderator's sanction holds.
pub(super) fn sanctioned(member: &Member, field: &'static str) -> Option<Refused> {
    member
        .sanction()
        .map(|_| refused(field, ErrorCode::Sanctioned))
}

/// What keeps `member` from posting `body`, before counting it: a sanction in force, or a
/// link or an image on their account's first day.
fn may_post(member: &Member, field: &'static str, body: &str) -> Option<Refused> {
    sanctioned(member, field).or_else(|| {
        (member.first_day() && markdown::has_links(body))
            .then(|| refused(field, ErrorCode::NewAccountLinks))
    })
}

/// Counts a post of `member`'s: refused past [`POSTS_PER_TEN_MINUTES`], or past
/// [`NEW_ACCOUNT_POSTS_PER_DAY`] in a day while their account is new.
async fn rate_refusal(ctx: &Ctx, member: &Member) -> Result<Option<Refused>> {
    let key = format!("forum-post:{}", member.person_id());
    if !rate_limit::hit(&ctx.pool, &key, POSTS_PER_TEN_MINUTES, 600).await? {
        return Ok(Some(refused("body", ErrorCode::PostingTooFast)));
    }
    if member.new_account() {
        let key = format!("forum-post-day:{}", member.person_id());
        if !rate_limit::hit(&ctx.pool, &key, NEW_ACCOUNT_POSTS_PER_DAY, 86_400).await? {
            return Ok(Some(refused("body", ErrorCode::NewAccountDaily)));
        }
    }
    Ok(None)
}

/// The state of what `member` writes: held for a moderator's approval, or shown.
fn state_of(member: &Member) -> PostState {
    if member.held() {
        PostState::Held
    } else {
        PostState::Visible
    }
}

/// Writes `member`'s post `body` in topic `topic_id`, held or shown as they are.
async fn insert_post(
    tx: &mut sqlx::PgConnection,
    member: &Member,
    topic_id: i64,
    body: &str,
) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "insert into forum_posts (topic_id, author_id, body, state)
         values ($1, $2, $3, $4) returning id",
    )
    .bind(topic_id)
    .bind(member.person_id())
    .bind(body)
    .bind(state_of(member))
    .fetch_one(&mut *tx)
    .await?)
}

/// Opens a topic in category `topic.category_id`, its question first. Refused: the words
/// (each beside its field), a category that does not exist or where
/// only the team writes, a pseudonym someone has, or too many posts at once.
pub async fn new_topic(
    ctx: &Ctx,
    member: &Member,
    topic: &NewTopic<'_>,
) -> Result<std::result::Result<Written, Vec<Refused>>> {
    let mut refusals = Vec::new();
    keep(first_pseudonym(member, topic.pseudonym), &mut refusals);
    let title = keep(clean_title(topic.title), &mut refusals);
    let body = keep(question_text(topic.body, topic.details), &mut refusals);
    if let Some(r) = may_post(member, "body", topic.body) {
        refusals.push(r);
    }
    let (Some(title), Some(body), true) = (title, body, refusals.is_empty()) else {
        return Ok(Err(refusals));
    };
    let staff_only: Option<bool> =
        sqlx::query_scalar("select staff_only from forum_categories where id = $1")
            .bind(topic.category_id)
            .fetch_optional(&ctx.pool)
            .await?;
    match staff_only {
        None => return Ok(Err(vec![refused("category", ErrorCode::ChoiceRequired)])),
        Some(true) => return Ok(Err(vec![refused("category", ErrorCode::CategoryStaffOnly)])),
        Some(false) => {}
    }
    if let Some(r) = rate_refusal(ctx, member).await? {
        return Ok(Err(vec![r]));
    }
    let mut tx = ctx.pool.begin().await?;
    if let Err(refusal) = take_pseudonym(&mut tx, member, topic.pseudonym.trim()).await? {
        return Ok(Err(vec![pseudonym_refused(refusal)]));
    }
    let slug = slug_of(&title);
    let state = state_of(member);
    let topic_id: i64 = sqlx::query_scalar(
        "insert into forum_topics (category_id, title, slug, author_id, state)
         values ($1, $2, $3, $4, $5) returning id",
    )
    .bind(topic.category_id)
    .bind(&title)
    .bind(&slug)
    .bind(member.person_id())
    .bind(state)
    .fetch_one(&mut *tx)
    .await?;
    let post_id = insert_post(&mut tx, member, topic_id, &body).await?;
    let path = match state {
        PostState::Visible => topic_path(&slug, topic_id),
        _ => held::pending_path(post_id),
    };
    if state == PostState::Visible {
        let posted = Posted {
            author: member.person_id(),
            topic_id,
            post_id,
            body: &body,
            path: &path,
            new_topic_in: Some(topic.category_id),
        };
        tell(&mut tx, ctx, &posted).await?;
    }
    tx.commit().await?;
    tracing::info!(
        topic = topic_id,
        person = member.person_id(),
        %state,
        "a forum topic opened"
    );
    Ok(Ok(Written {
        topic_id,
        post_id,
        path,
    }))
}

/// What a reply was refused for, besides its words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReplyRefused {
    /// No such visible topic.
    NoTopic,
    /// Beside a field: the words, the pseudonym, a locked topic, too many posts at once.
    Field(Vec<Refused>),
}

/// Replies `body` to topic `topic_id`, choosing `pseudonym` if this is `member`'s first
/// post. The reply is counted and the topic goes to the top of the latest, in the same
/// transaction.
pub async fn reply(
    ctx: &Ctx,
    member: &Member,
    topic_id: i64,
    body: &str,
    pseudonym: &str,
) -> Result<std::result::Result<Written, ReplyRefused>> {
    let mut refusals = Vec::new();
    keep(first_pseudonym(member, pseudonym), &mut refusals);
    let body_typed = body;
    let body = keep(clean_body(body), &mut refusals);
    let mut tx = ctx.pool.begin().await?;
    // The topic's row is locked: replies counted one after the other.
    let topic: Option<(String, bool)> = sqlx::query_as(
        "select slug, locked from forum_topics where id = $1 and state = $2 for update",
    )
    .bind(topic_id)
    .bind(PostState::Visible)
    .fetch_optional(&mut *tx)
    .await?;
    let Some((slug, locked)) = topic else {
        return Ok(Err(ReplyRefused::NoTopic));
    };
    if locked {
        refusals.push(refused("body", ErrorCode::TopicLocked));
    }
    if let Some(r) = may_post(member, "body", body_typed) {
        refusals.push(r);
    }
    let Some(body) = body.filter(|_| refusals.is_empty()) else {
        return Ok(Err(ReplyRefused::Field(refusals)));
    };
    if let Some(r) = rate_refusal(ctx, member).await? {
        return Ok(Err(ReplyRefused::Field(vec![r])));
    }
    if let Err(refusal) = take_pseudonym(&mut tx, member, pseudonym.trim()).await? {
        return Ok(Err(ReplyRefused::Field(vec![pseudonym_refused(refusal)])));
    }
    let post_id = insert_post(&mut tx, member, topic_id, &body).await?;
    if member.held() {
        // Counted, and its topic brought up, once a moderator approves it.
        tx.commit().await?;
        tracing::info!(topic = topic_id, post = post_id, "a forum reply held");
        return Ok(Ok(Written {
            topic_id,
            post_id,
            path: held::pending_path(post_id),
        }));
    }
    let replies: i32 = sqlx::query_scalar(
        "update forum_topics set replies = replies + 1, last_posted_at = now()
         where id = $1 returning replies",
    )
    .bind(topic_id)
    .fetch_one(&mut *tx)
    .await?;
    let path = super::post_path(&slug, topic_id, post_id, i64::from(replies) - 1);
    let posted = Posted {
        author: member.person_id(),
        topic_id,
        post_id,
        body: &body,
        path: &path,
        new_topic_in: None,
    };
    tell(&mut tx, ctx, &posted).await?;
    tx.commit().await?;
    tracing::info!(topic = topic_id, post = post_id, "a forum reply");
    Ok(Ok(Written {
        topic_id,
        post_id,
        path,
    }))
}

/// Why a solution was not set.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SolveRefused {
    /// No such visible topic.
    NoTopic,
    /// Only the person who asked chooses the answer that solved it.
    NotYours,
    /// Not a visible reply of this topic (the question itself included).
    NoReply,
}

/// Marks `post` as the answer that solved topic `topic_id`, or withdraws the mark (`None`),
/// by the person who asked. Returns where to read the topic.
pub async fn mark_solved(
    ctx: &Ctx,
    member: &Member,
    topic_id: i64,
    post: Option<i64>,
) -> Result<std::result::Result<String, SolveRefused>> {
    let mut tx = ctx.pool.begin().await?;
    let topic: Option<(Option<i64>, String)> = sqlx::query_as(
        "select author_id, slug from forum_topics where id = $1 and state = $2 for update",
    )
    .bind(topic_id)
    .bind(PostState::Visible)
    .fetch_optional(&mut *tx)
    .await?;
    let Some((author, slug)) = topic else {
        return Ok(Err(SolveRefused::NoTopic));
    };
    if author != Some(member.person_id()) {
        return Ok(Err(SolveRefused::NotYours));
    }
    if let Some(post) = post {
        let is_reply: bool = sqlx::query_scalar(
            "select exists (select 1 from forum_posts
             where id = $1 and topic_id = $2 and state = $3
               and id > (select min(id) from forum_posts where topic_id = $2))",
        )
        .bind(post)
        .bind(topic_id)
        .bind(PostState::Visible)
        .fetch_one(&mut *tx)
        .await?;
        if !is_reply {
            return Ok(Err(SolveRefused::NoReply));
        }
    }
    sqlx::query("update forum_topics set solved_post_id = $2 where id = $1")
        .bind(topic_id)
        .bind(post)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    tracing::info!(topic = topic_id, ?post, "a forum topic's solution set");
    let base = topic_path(&slug, topic_id);
    Ok(Ok(match post {
        Some(_) => format!("{base}#solution"),
        None => base,
    }))
}
