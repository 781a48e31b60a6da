//! The forum's moderation (issue 22, point 5).
//!
//! - **Flags.** A [`Member`] flags a visible post with a reason ([`flag`]); a person's open
//!   flag on a post is one row, so flagging again changes nothing.
//! - **The queue.** A [`ForumModerator`] sees the flagged posts, each once with its flags
//!   ([`queue`]), and decides ([`decide`]): hide the post (with a reason, which the log
//!   keeps), or keep it (the flags are dismissed). A hidden post may be restored. Hiding a
//!   topic's question hides the topic; the replies' count and the topic's last post are
//!   counted again from what stays visible, in the same transaction.
//! - **Held posts.** A new person's posts wait for approval ([`held`], [`super::held`]):
//!   approving one shows it and stops holding its author; refusing it is hiding it.
//! - **Topics.** A moderator locks and pins topics ([`change_topic`]) and moves them to
//!   another category ([`move_topic`]).
//! - **The log.** Every decision is a row of `forum_moderation_log`: who, what, on which
//!   topic and post, why, when ([`journal`]). A decision that changes nothing (hiding a post
//!   already hidden) writes nothing.
//!
//! Moderating applications does not make one a forum moderator: an admin gives the role
//! ([`crate::accounts::set_forum_moderator`]); admins who passed their second factor
//! moderate the forum too.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use common::application::clean_text;
use common::states::{FlagOutcome, FlagReason, IdeaState, ModerationAction, PostState};
use common::ErrorCode;

use super::people::Member;
use super::write::{refused, sanctioned, Refused};
use super::{held, markdown, topic_path, Author};
use crate::accounts::Staff;
use crate::{rate_limit, Ctx, Result};

/// The longest flag's detail and moderator's reason.
pub const REASON_MAX: usize = 500;
/// Flags one person may send in an hour.
pub const FLAGS_PER_HOUR: u32 = 20;
/// The excerpt of a post the queue shows.
const EXCERPT_MAX: usize = 300;
/// The words of a held post the list shows, as typed.
const HELD_EXCERPT_MAX: usize = 2000;
/// Entries of the log the moderators' page shows, the newest.
pub const LOG_SHOWN: i64 = 50;
/// Flagged posts the queue shows at once (the oldest first).
const QUEUE_MAX: i64 = 100;

/// A staff member who may moderate the forum: given the role by an admin, or an admin who
/// passed the second factor. Made only by [`ForumModerator::of`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ForumModerator(Staff);

impl ForumModerator {
    pub fn of(staff: &Staff) -> Option<Self> {
        (staff.forum_moderator() || staff.admin().is_some()).then(|| ForumModerator(staff.clone()))
    }

    pub fn staff(&self) -> &Staff {
        &self.0
    }
}

/// The visible post `post_id` of a visible topic, for the page that flags it.
pub async fn flag_target(ctx: &Ctx, post_id: i64) -> Result<Option<ModeratedPost>> {
    moderated_post(ctx, post_id, true).await
}

/// A post's address: its topic's first page and its anchor (the page a reply is on is
/// found by the topic's own links).
fn post_path(slug: &str, topic_id: i64, post_id: i64) -> String {
    format!("{}#message-{post_id}", topic_path(slug, topic_id))
}

/// What came of a flag.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flagged {
    /// In the moderators' queue.
    Flagged,
    /// This person's flag on this post was already waiting: nothing changed.
    AlreadyFlagged,
    /// One does not flag one's own post (it may be edited, or asked to be hidden).
    OwnPost,
}

/// Why a flag was not taken.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FlagRefused {
    /// No such visible post.
    NoPost,
    /// The detail (too long, controls, missing for « another reason »), or too many flags.
    Field(Refused),
}

/// A reason typed by a person: trimmed, without controls, at most [`REASON_MAX`]; refused
/// when empty and `required`.
pub(super) fn clean_reason(
    field: &'static str,
    raw: &str,
    required: bool,
) -> std::result::Result<String, Refused> {
    match clean_text(raw, REASON_MAX) {
        Ok(r) if r.is_empty() && required => Err(refused(field, ErrorCode::Required)),
        Ok(r) => Ok(r),
        Err(code) => Err(refused(field, code)),
    }
}

/// `member` flags the visible post `post_id` for `reason`, with `detail` (required for
/// [`FlagReason::Other`]).
pub async fn flag(
    ctx: &Ctx,
    member: &Member,
    post_id: i64,
    reason: FlagReason,
    detail: &str,
) -> Result<std::result::Result<Flagged, FlagRefused>> {
    let detail = match clean_reason("detail", detail, reason == FlagReason::Other) {
        Ok(d) => d,
        Err(r) => return Ok(Err(FlagRefused::Field(r))),
    };
    // A silenced person does not flag either: a flag puts words before the moderators.
    if let Some(r) = sanctioned(member, "detail") {
        return Ok(Err(FlagRefused::Field(r)));
    }
    let author: Option<Option<i64>> = sqlx::query_scalar(
        "select o.author_id from forum_posts o join forum_topics t on t.id = o.topic_id
         where o.id = $1 and o.state = $2 and t.state = $2",
    )
    .bind(post_id)
    .bind(PostState::Visible)
    .fetch_optional(&ctx.pool)
    .await?;
    let Some(author) = author else {
        return Ok(Err(FlagRefused::NoPost));
    };
    if author == Some(member.person_id()) {
        return Ok(Ok(Flagged::OwnPost));
    }
    let key = format!("forum-flag:{}", member.person_id());
    if !rate_limit::hit(&ctx.pool, &key, FLAGS_PER_HOUR, 3600).await? {
        return Ok(Err(FlagRefused::Field(refused(
            "detail",
            ErrorCode::PostingTooFast,
        ))));
    }
    let inserted = sqlx::query(
        "insert into forum_flags (post_id, person_id, reason, detail) values ($1, $2, $3, $4)
         on conflict (post_id, person_id) where resolved_at is null do nothing",
    )
    .bind(post_id)
    .bind(member.person_id())
    .bind(reason)
    .bind(&detail)
    .execute(&ctx.pool)
    .await?;
    if inserted.rows_affected() == 0 {
        return Ok(Ok(Flagged::AlreadyFlagged));
    }
    tracing::info!(post = post_id, %reason, "a forum post flagged");
    Ok(Ok(Flagged::Flagged))
}

/// One flag, as the queue shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FlagEntry {
    pub reason: FlagReason,
    pub detail: String,
    /// Who flagged, by their pseudonym (`None`: no pseudonym yet, or deleted).
    pub by: Option<String>,
    pub at_paris: NaiveDateTime,
}

/// A post of the queue, with its open flags (oldest first) or, in the list of hidden
/// posts, why it was hidden.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ModeratedPost {
    pub post_id: i64,
    pub topic_title: String,
    pub path: String,
    pub author: Author,
    /// Its words as plain text; a held post's as typed (the addresses of its links show).
    pub excerpt: String,
    /// It is its topic's question: hiding it hides the topic.
    pub is_question: bool,
    pub state: PostState,
    pub flags: Vec<FlagEntry>,
}

#[derive(sqlx::FromRow)]
struct QueueRow {
    #[sqlx(flatten)]
    post: PostRow,
    reason: FlagReason,
    detail: String,
    by: Option<String>,
    at_paris: NaiveDateTime,
}

/// The posts with open flags, the longest waiting first, each with its flags.
pub async fn queue(ctx: &Ctx, _moderator: &ForumModerator) -> Result<Vec<ModeratedPost>> {
    let rows: Vec<QueueRow> = sqlx::query_as(&format!(
        "with waiting as (
             select post_id, min(created_at) as since from forum_flags
             where resolved_at is null group by post_id order by since, post_id limit $1
         )
         select {POST_COLUMNS}, f.reason, f.detail,
                case when b.deleted_at is null then b.pseudonym end as by,
                f.created_at at time zone 'Europe/Paris' as at_paris
         from waiting w
         join forum_flags f on f.post_id = w.post_id and f.resolved_at is null
         join forum_posts o on o.id = w.post_id
         join forum_topics t on t.id = o.topic_id
         left join forum_people a on a.id = o.author_id
         join forum_people b on b.id = f.person_id
         order by w.since, w.post_id, f.created_at, f.id"
    ))
    .bind(QUEUE_MAX)
    .fetch_all(&ctx.pool)
    .await?;
    let mut posts: Vec<ModeratedPost> = Vec::new();
    for r in rows {
        let entry = FlagEntry {
            reason: r.reason,
            detail: r.detail,
            by: r.by,
            at_paris: r.at_paris,
        };
        match posts.last_mut() {
            Some(last) if last.post_id == r.post.post_id => last.flags.push(entry),
            _ => {
                let mut post = ModeratedPost::from(r.post);
                post.flags.push(entry);
                posts.push(post);
            }
        }
    }
    Ok(posts)
}

/// The posts hidden by a moderator, the most recently hidden first, at most `limit`, each
/// with the log's entry of its hiding.
pub async fn hidden(
    ctx: &Ctx,
    _moderator: &ForumModerator,
    limit: i64,
) -> Result<Vec<(ModeratedPost, LogEntry)>> {
    // The entry's topic and post are the post's own: their columns are read once, by name.
    let rows: Vec<HiddenRow> = sqlx::query_as(&format!(
        "select {POST_COLUMNS}, {LOG_COLUMNS}
         from forum_posts o join forum_topics t on t.id = o.topic_id
         left join forum_people a on a.id = o.author_id
         join lateral (select * from forum_moderation_log h
                       where h.post_id = o.id and h.action = $2
                       order by h.at desc, h.id desc limit 1) l on true
         where o.state = $1
         order by l.at desc, l.id desc limit $3"
    ))
    .bind(PostState::Hidden)
    .bind(ModerationAction::Hide)
    .bind(limit.clamp(1, 200))
    .fetch_all(&ctx.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| (r.post.into(), r.log.into()))
        .collect())
}

/// The posts held for approval, the longest waiting first, at most `limit`.
pub async fn held(
    ctx: &Ctx,
    _moderator: &ForumModerator,
    limit: i64,
) -> Result<Vec<ModeratedPost>> {
    let rows: Vec<PostRow> = sqlx::query_as(&format!(
        "select {POST_COLUMNS}
         from forum_posts o join forum_topics t on t.id = o.topic_id
         left join forum_people a on a.id = o.author_id
         where o.state = $1 order by o.id limit $2"
    ))
    .bind(PostState::Held)
    .bind(limit.clamp(1, 200))
    .fetch_all(&ctx.pool)
    .await?;
    Ok(rows.into_iter().map(ModeratedPost::from).collect())
}

/// The post `post_id`, whatever its state, for a moderator.
pub async fn post(
    ctx: &Ctx,
    _moderator: &ForumModerator,
    post_id: i64,
) -> Result<Option<ModeratedPost>> {
    moderated_post(ctx, post_id, false).await
}

/// The columns of a [`PostRow`], from posts `o`, topics `t` and authors `a`.
const POST_COLUMNS: &str = "o.id as post_id, t.id as topic_id, t.slug, t.title,
    o.author_id, a.pseudonym, (a.deleted_at is not null) as author_deleted, o.body,
    o.id = (select min(q.id) from forum_posts q where q.topic_id = t.id) as is_question,
    o.state";

#[derive(sqlx::FromRow)]
struct PostRow {
    post_id: i64,
    topic_id: i64,
    slug: String,
    title: String,
    author_id: Option<i64>,
    pseudonym: Option<String>,
    author_deleted: bool,
    body: String,
    is_question: bool,
    state: PostState,
}

impl From<PostRow> for ModeratedPost {
    fn from(r: PostRow) -> Self {
        ModeratedPost {
            post_id: r.post_id,
            topic_title: r.title,
            path: post_path(&r.slug, r.topic_id, r.post_id),
            author: Author::of(r.author_id, r.pseudonym, r.author_deleted),
            // A held post's words as typed: the addresses of its links show.
            excerpt: if r.state == PostState::Held {
                r.body.chars().take(HELD_EXCERPT_MAX).collect()
            } else {
                markdown::plain_text(&r.body, EXCERPT_MAX)
            },
            is_question: r.is_question,
            state: r.state,
            flags: Vec::new(),
        }
    }
}

#[derive(sqlx::FromRow)]
struct HiddenRow {
    #[sqlx(flatten)]
    post: PostRow,
    #[sqlx(flatten)]
    log: LogRow,
}

/// The post `post_id` (only a visible one of a visible topic when `visible`).
async fn moderated_post(ctx: &Ctx, post_id: i64, visible: bool) -> Result<Option<ModeratedPost>> {
    let row: Option<PostRow> = sqlx::query_as(&format!(
        "select {POST_COLUMNS}
         from forum_posts o join forum_topics t on t.id = o.topic_id
         left join forum_people a on a.id = o.author_id
         where o.id = $1 and (not $2 or (o.state = $3 and t.state = $3))"
    ))
    .bind(post_id)
    .bind(visible)
    .bind(PostState::Visible)
    .fetch_optional(&ctx.pool)
    .await?;
    Ok(row.map(ModeratedPost::from))
}

/// A moderator's decision on a post.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decision {
    /// Hidden from everyone but moderators; its open flags upheld. Needs a reason.
    Hide,
    /// Left as it is; its open flags dismissed.
    Keep,
    /// Shown again.
    Restore,
    /// A post held for approval shown; its author is no longer held ([`held::released`]).
    Approve,
}

/// Why a decision was not taken.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DecideRefused {
    NoPost,
    /// The reason (required to hide, too long, controls).
    Field(Refused),
}

/// `moderator` decides on post `post_id`, for `reason`. Returns where the post is read.
pub async fn decide(
    ctx: &Ctx,
    moderator: &ForumModerator,
    post_id: i64,
    decision: Decision,
    reason: &str,
) -> Result<std::result::Result<String, DecideRefused>> {
    let reason = match clean_reason("reason", reason, decision == Decision::Hide) {
        Ok(r) => r,
        Err(r) => return Ok(Err(DecideRefused::Field(r))),
    };
    let mut tx = ctx.pool.begin().await?;
    // The topic's row first, as a reply does: counts written one after the other.
    let found: Option<(i64, String, PostState, bool)> = sqlx::query_as(
        "select t.id, t.slug, o.state,
                o.id = (select min(q.id) from forum_posts q where q.topic_id = t.id)
         from forum_posts o join forum_topics t on t.id = o.topic_id
         where o.id = $1 for update of t, o",
    )
    .bind(post_id)
    .fetch_optional(&mut *tx)
    .await?;
    let Some((topic_id, slug, state, is_question)) = found else {
        return Ok(Err(DecideRefused::NoPost));
    };
    let (action, new_state, outcome) = match decision {
        Decision::Hide => (
            ModerationAction::Hide,
            Some(PostState::Hidden),
            Some(FlagOutcome::Hidden),
        ),
        Decision::Keep => (ModerationAction::Keep, None, Some(FlagOutcome::Kept)),
        Decision::Restore => (ModerationAction::Restore, Some(PostState::Visible), None),
        Decision::Approve => (ModerationAction::Approve, Some(PostState::Visible), None),
    };
    let mut changed = false;
    if let Some(new_state) = new_state.filter(|s| *s != state) {
        // A hidden post is restored, a held one approved: each from its own state only.
        let from = match decision {
            Decision::Restore => Some(PostState::Hidden),
            Decision::Approve => Some(PostState::Held),
            Decision::Hide | Decision::Keep => None,
        };
        if from.is_some_and(|from| from != state) {
            return Ok(Err(DecideRefused::NoPost));
        }
        sqlx::query("update forum_posts set state = $2 where id = $1")
            .bind(post_id)
            .bind(new_state)
            .execute(&mut *tx)
            .await?;
        if is_question {
            sqlx::query("update forum_topics set state = $2 where id = $1")
                .bind(topic_id)
                .bind(new_state)
                .execute(&mut *tx)
                .await?;
        }
        recount(&mut tx, topic_id).await?;
        if decision == Decision::Approve {
            held::released(&mut tx, ctx, post_id).await?;
        }
        changed = true;
    }
    if let Some(outcome) = outcome {
        let resolved = sqlx::query(
            "update forum_flags set resolved_at = now(), resolved_by = $2, outcome = $3
             where post_id = $1 and resolved_at is null",
        )
        .bind(post_id)
        .bind(moderator.staff().id())
        .bind(outcome)
        .execute(&mut *tx)
        .await?;
        changed |= resolved.rows_affected() > 0;
    }
    if changed {
        let entry = Logged {
            topic_id: Some(topic_id),
            post_id: Some(post_id),
            reason: &reason,
            ..Logged::of(action)
        };
        log(&mut tx, moderator, entry).await?;
    }
    tx.commit().await?;
    tracing::info!(post = post_id, %action, changed, "a forum moderation decision");
    Ok(Ok(post_path(&slug, topic_id, post_id)))
}

/// The topic's replies and last post, counted again from its visible posts.
pub(super) async fn recount(tx: &mut sqlx::PgConnection, topic_id: i64) -> Result<()> {
    sqlx::query(
        "update forum_topics t set
             replies = (select count(*) from forum_posts o
                        where o.topic_id = t.id and o.state = $2
                          and o.id > (select min(q.id) from forum_posts q where q.topic_id = t.id)),
             last_posted_at = coalesce((select max(o.created_at) from forum_posts o
                                        where o.topic_id = t.id and o.state = $2), t.created_at)
         where t.id = $1",
    )
    .bind(topic_id)
    .bind(PostState::Visible)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// What a row of the moderation log says.
pub(super) struct Logged<'a> {
    pub action: ModerationAction,
    /// The topic it concerns (`None`: a person's sanction lifted, which names only them).
    pub topic_id: Option<i64>,
    pub post_id: Option<i64>,
    /// The person a sanction concerns.
    pub person_id: Option<i64>,
    /// A sanction's end.
    pub until: Option<DateTime<Utc>>,
    pub reason: &'a str,
    /// The state an idea was given ([`ModerationAction::IdeaState`]).
    pub idea_state: Option<IdeaState>,
}

impl Logged<'_> {
    /// An entry of `action` that names nothing yet: each site sets what it concerns.
    pub fn of(action: ModerationAction) -> Self {
        Logged {
            action,
            topic_id: None,
            post_id: None,
            person_id: None,
            until: None,
            reason: "",
            idea_state: None,
        }
    }
}

/// Writes `entry` in the moderation log, as `moderator`'s.
pub(super) async fn log(
    tx: &mut sqlx::PgConnection,
    moderator: &ForumModerator,
    entry: Logged<'_>,
) -> Result<()> {
    sqlx::query(
        "insert into forum_moderation_log
             (staff_id, staff_email, action, topic_id, post_id, reason, idea_state,
              person_id, until)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(moderator.staff().id())
    .bind(moderator.staff().email())
    .bind(entry.action)
    .bind(entry.topic_id)
    .bind(entry.post_id)
    .bind(entry.reason)
    .bind(entry.idea_state)
    .bind(entry.person_id)
    .bind(entry.until)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// A change of a topic by a moderator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TopicChange {
    /// Closed to replies.
    Lock,
    Unlock,
    /// First in its category.
    Pin,
    Unpin,
}

/// `moderator` changes topic `topic_id` (hidden or not). Returns its address; `None` when
/// there is no such topic.
pub async fn change_topic(
    ctx: &Ctx,
    moderator: &ForumModerator,
    topic_id: i64,
    change: TopicChange,
) -> Result<Option<String>> {
    let (column, value, action) = match change {
        TopicChange::Lock => ("locked", true, ModerationAction::Lock),
        TopicChange::Unlock => ("locked", false, ModerationAction::Unlock),
        TopicChange::Pin => ("pinned", true, ModerationAction::Pin),
        TopicChange::Unpin => ("pinned", false, ModerationAction::Unpin),
    };
    let mut tx = ctx.pool.begin().await?;
    let found: Option<(String, bool)> = sqlx::query_as(&format!(
        "select slug, {column} from forum_topics where id = $1 for update"
    ))
    .bind(topic_id)
    .fetch_optional(&mut *tx)
    .await?;
    let Some((slug, before)) = found else {
        return Ok(None);
    };
    if before != value {
        sqlx::query(&format!(
            "update forum_topics set {column} = $2 where id = $1"
        ))
        .bind(topic_id)
        .bind(value)
        .execute(&mut *tx)
        .await?;
        let entry = Logged {
            topic_id: Some(topic_id),
            ..Logged::of(action)
        };
        log(&mut tx, moderator, entry).await?;
    }
    tx.commit().await?;
    Ok(Some(topic_path(&slug, topic_id)))
}

/// `moderator` moves topic `topic_id` (hidden or not) to category `category_id`; the log
/// names the category it left and the one it joined, by their names at the time. Its address
/// stays. Returns it; `None` when there is no such topic or category. A move to the
/// category it is in changes and logs nothing.
pub async fn move_topic(
    ctx: &Ctx,
    moderator: &ForumModerator,
    topic_id: i64,
    category_id: i64,
) -> Result<Option<String>> {
    let mut tx = ctx.pool.begin().await?;
    let found: Option<(String, i64, String)> = sqlx::query_as(
        "select t.slug, t.category_id, c.name
         from forum_topics t join forum_categories c on c.id = t.category_id
         where t.id = $1 for update of t",
    )
    .bind(topic_id)
    .fetch_optional(&mut *tx)
    .await?;
    let Some((slug, from, from_name)) = found else {
        return Ok(None);
    };
    let to_name: Option<String> =
        sqlx::query_scalar("select name from forum_categories where id = $1")
            .bind(category_id)
            .fetch_optional(&mut *tx)
            .await?;
    let Some(to_name) = to_name else {
        return Ok(None);
    };
    if from != category_id {
        sqlx::query("update forum_topics set category_id = $2 where id = $1")
            .bind(topic_id)
            .bind(category_id)
            .execute(&mut *tx)
            .await?;
        let reason = format!("{from_name} → {to_name}");
        let entry = Logged {
            topic_id: Some(topic_id),
            reason: &reason,
            ..Logged::of(ModerationAction::Move)
        };
        log(&mut tx, moderator, entry).await?;
        tracing::info!(
            topic = topic_id,
            from,
            to = category_id,
            "a forum topic moved"
        );
    }
    tx.commit().await?;
    Ok(Some(topic_path(&slug, topic_id)))
}

/// An entry of the moderation log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogEntry {
    pub at: DateTime<Utc>,
    pub at_paris: NaiveDateTime,
    pub staff_email: String,
    pub action: ModerationAction,
    /// The topic it concerns, by its title, and its address (the post's when the entry
    /// names one); `None` for a sanction lifted.
    pub topic: Option<(String, String)>,
    pub post_id: Option<i64>,
    /// The person a sanction concerns, by their pseudonym (`None`: no sanction, or their
    /// account deleted).
    pub person: Option<String>,
    /// A sanction's last day, by the clock of Paris.
    pub last_day: Option<NaiveDate>,
    pub reason: String,
    /// The state an idea was given.
    pub idea_state: Option<IdeaState>,
}

#[derive(sqlx::FromRow)]
struct LogRow {
    at: DateTime<Utc>,
    at_paris: NaiveDateTime,
    staff_email: String,
    action: ModerationAction,
    title: Option<String>,
    slug: Option<String>,
    topic_id: Option<i64>,
    post_id: Option<i64>,
    person: Option<String>,
    last_day: Option<NaiveDate>,
    reason: String,
    idea_state: Option<IdeaState>,
}

impl From<LogRow> for LogEntry {
    fn from(r: LogRow) -> Self {
        let topic = match (r.title, r.slug, r.topic_id) {
            (Some(title), Some(slug), Some(topic_id)) => Some((
                title,
                match r.post_id {
                    Some(post) => post_path(&slug, topic_id, post),
                    None => topic_path(&slug, topic_id),
                },
            )),
            _ => None,
        };
        LogEntry {
            topic,
            at: r.at,
            at_paris: r.at_paris,
            staff_email: r.staff_email,
            action: r.action,
            post_id: r.post_id,
            person: r.person,
            last_day: r.last_day,
            reason: r.reason,
            idea_state: r.idea_state,
        }
    }
}

/// The columns of a [`LogRow`] but those of its topic and post, from the log `l`.
const LOG_COLUMNS: &str = "l.at, l.at at time zone 'Europe/Paris' as at_paris,
    l.staff_email, l.action, l.reason, l.idea_state,
    (select p.pseudonym from forum_people p
     where p.id = l.person_id and p.deleted_at is null) as person,
    ((l.until at time zone 'Europe/Paris') - interval '1 microsecond')::date as last_day";

/// The moderation log's [`LOG_SHOWN`] newest entries.
pub async fn journal(ctx: &Ctx, _moderator: &ForumModerator) -> Result<Vec<LogEntry>> {
    let rows: Vec<LogRow> = sqlx::query_as(&format!(
        "select {LOG_COLUMNS}, t.title, t.slug, t.id as topic_id, l.post_id
         from forum_moderation_log l left join forum_topics t on t.id = l.topic_id
         order by l.at desc, l.id desc limit $1"
    ))
    .bind(LOG_SHOWN)
    .fetch_all(&ctx.pool)
    .await?;
    Ok(rows.into_iter().map(LogEntry::from).collect())
}
