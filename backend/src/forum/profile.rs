//! A person of the forum as everyone sees them ([`profile`]: their topics and replies, how
//! many of their answers solved a question, their space only if they chose so), as they
//! see themselves ([`settings`], [`save_settings`]: what they show and which mails they
//! get), and leaving the forum ([`delete_account`]: their posts stay, without their name).

use chrono::{DateTime, NaiveDateTime, Utc};
use common::states::PostState;

use super::people::Member;
use super::{markdown, post_path, replies_before, Mark};
use crate::{mail, Ctx, Result};

/// Posts a profile lists on a page, the newest first.
pub const ACTIVITY_PER_PAGE: i64 = 30;
/// The excerpt of a post a profile shows.
const EXCERPT_MAX: usize = 200;

/// A person's profile page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Profile {
    pub pseudonym: String,
    /// Staff, or a space's referent.
    pub mark: Option<Mark>,
    pub since: DateTime<Utc>,
    pub since_paris: NaiveDateTime,
    /// Their visible topics, replies, and replies chosen as a question's answer.
    pub topics: i64,
    pub replies: i64,
    pub solutions: i64,
    /// Their space's name, only if they chose to show it.
    pub space: Option<String>,
    /// Their visible posts of the page asked for, the newest first.
    pub activity: Vec<Activity>,
    pub page: i64,
    pub pages: i64,
}

/// One post of a person, as their profile lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Activity {
    pub title: String,
    /// The post's address.
    pub path: String,
    /// The topic's question (not a reply).
    pub question: bool,
    pub excerpt: String,
    pub created_at: DateTime<Utc>,
    pub created_paris: NaiveDateTime,
}

/// The profile of the person named `pseudonym` (whatever its case) and their posts of page
/// `page` (from 1); `None` when nobody has that pseudonym, or for a page past the last.
pub async fn profile(ctx: &Ctx, pseudonym: &str, page: i64) -> Result<Option<Profile>> {
    #[derive(sqlx::FromRow)]
    struct Head {
        id: i64,
        pseudonym: String,
        since: DateTime<Utc>,
        since_paris: NaiveDateTime,
        space: Option<String>,
        topics: i64,
        replies: i64,
        solutions: i64,
        author_staff: bool,
        author_referent: bool,
    }
    // A topic is visible while its question is; a reply counts while it and its topic are.
    let head: Option<Head> = sqlx::query_as(concat!(
        "select p.id, p.pseudonym, p.created_at as since,
                p.created_at at time zone 'Europe/Paris' as since_paris,
                case when p.show_space then coalesce(d.name, a.structure_name) end as space,",
        author_marks!(),
        ", (select count(*) from forum_topics t where t.author_id = p.id and t.state = $2)
                  as topics,
                (select count(*) from forum_posts o join forum_topics t on t.id = o.topic_id
                 where o.author_id = p.id and o.state = $2 and t.state = $2
                   and o.id > (select min(f.id) from forum_posts f where f.topic_id = t.id))
                  as replies,
                (select count(*) from forum_topics t join forum_posts o on o.id = t.solved_post_id
                 where o.author_id = p.id and o.state = $2 and t.state = $2) as solutions
         from forum_people p
         left join spaces s on s.id = p.space_id
         left join applications a on a.id = s.application_id
         left join space_directory d on d.space_id = s.id
         where lower(p.pseudonym) = lower($1) and p.deleted_at is null"
    ))
    .bind(pseudonym)
    .bind(PostState::Visible)
    .fetch_optional(&ctx.pool)
    .await?;
    let Some(head) = head else {
        return Ok(None);
    };
    let Head {
        id,
        pseudonym,
        since,
        since_paris,
        space,
        topics,
        replies,
        solutions,
        ..
    } = head;
    let mark = Mark::of(head.author_staff, head.author_referent);
    let pages = super::pages_of(topics + replies, ACTIVITY_PER_PAGE);
    if page < 1 || page > pages {
        return Ok(None);
    }
    #[derive(sqlx::FromRow)]
    struct Row {
        title: String,
        slug: String,
        topic_id: i64,
        post_id: i64,
        before: i64,
        body: String,
        created_at: DateTime<Utc>,
        created_paris: NaiveDateTime,
    }
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "select t.title, t.slug, t.id as topic_id, o.id as post_id, {} as before, o.body,
                o.created_at, o.created_at at time zone 'Europe/Paris' as created_paris
         from forum_posts o join forum_topics t on t.id = o.topic_id
         where o.author_id = $1 and o.state = $2 and t.state = $2
         order by o.id desc limit $3 offset $4",
        replies_before("$2")
    ))
    .bind(id)
    .bind(PostState::Visible)
    .bind(ACTIVITY_PER_PAGE)
    .bind((page - 1) * ACTIVITY_PER_PAGE)
    .fetch_all(&ctx.pool)
    .await?;
    let activity = rows
        .into_iter()
        .map(|r| Activity {
            path: post_path(&r.slug, r.topic_id, r.post_id, r.before),
            question: r.before < 0,
            excerpt: markdown::plain_text(&r.body, EXCERPT_MAX),
            title: r.title,
            created_at: r.created_at,
            created_paris: r.created_paris,
        })
        .collect();
    Ok(Some(Profile {
        pseudonym,
        mark,
        since,
        since_paris,
        topics,
        replies,
        solutions,
        space,
        activity,
        page,
        pages,
    }))
}

/// What a person chooses about their forum account.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Choices {
    /// Their profile names their space (when they log in with one).
    pub show_space: bool,
    /// A mail when someone mentions them.
    pub mail_mentions: bool,
    /// A mail for a reply in a topic they watch, or a new topic in a category they watch.
    pub mail_watched: bool,
    /// Those mails in one a day rather than at once.
    pub mail_daily: bool,
}

/// A person's account as its settings page shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Settings {
    pub pseudonym: Option<String>,
    /// The name of the space they log in with, if they do.
    pub space: Option<String>,
    /// The forum has an address to write to them.
    pub has_email: bool,
    pub choices: Choices,
}

/// `member`'s account settings.
pub async fn settings(ctx: &Ctx, member: &Member) -> Result<Settings> {
    type Row = (Option<String>, Option<String>, bool, bool, bool, bool, bool);
    let r: Row = sqlx::query_as(
        "select p.pseudonym,
                case when p.space_id is not null
                     then coalesce(d.name, a.structure_name, s.slug) end,
                p.email is not null, p.show_space, p.mail_mentions, p.mail_watched, p.mail_daily
         from forum_people p
         left join spaces s on s.id = p.space_id
         left join applications a on a.id = s.application_id
         left join space_directory d on d.space_id = s.id
         where p.id = $1",
    )
    .bind(member.person_id())
    .fetch_one(&ctx.pool)
    .await?;
    Ok(Settings {
        pseudonym: r.0,
        space: r.1,
        has_email: r.2,
        choices: Choices {
            show_space: r.3,
            mail_mentions: r.4,
            mail_watched: r.5,
            mail_daily: r.6,
        },
    })
}

/// Saves `member`'s choices. A kind of mail turned off also drops what of it waited for
/// the next digest.
pub async fn save_settings(ctx: &Ctx, member: &Member, choices: &Choices) -> Result<()> {
    let mut tx = ctx.pool.begin().await?;
    sqlx::query(
        "update forum_people
         set show_space = $2 and space_id is not null, mail_mentions = $3, mail_watched = $4,
             mail_daily = $5
         where id = $1",
    )
    .bind(member.person_id())
    .bind(choices.show_space)
    .bind(choices.mail_mentions)
    .bind(choices.mail_watched)
    .bind(choices.mail_daily)
    .execute(&mut *tx)
    .await?;
    super::notify::drop_unwanted(&mut tx, member.person_id()).await?;
    tx.commit().await?;
    Ok(())
}

/// Deletes `member`'s forum account: their posts stay, shown as an former member's; their
/// pseudonym is free again; their address, their space, their logins, what they watch,
/// their notifications and the mails waiting for them are gone. Their flags and votes stay,
/// without a name.
pub async fn delete_account(ctx: &Ctx, member: &Member) -> Result<()> {
    let person = member.person_id();
    let mut tx = ctx.pool.begin().await?;
    let email: Option<Option<String>> = sqlx::query_scalar(
        "select email from forum_people where id = $1 and deleted_at is null for update",
    )
    .bind(person)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(email) = email else {
        return Ok(());
    };
    sqlx::query(
        "update forum_people
         set deleted_at = now(), pseudonym = null, email = null, nc_uid = null, space_id = null,
             show_space = false, mail_mentions = false, mail_watched = false, referent = false
         where id = $1",
    )
    .bind(person)
    .execute(&mut *tx)
    .await?;
    for table in [
        "forum_logins",
        "forum_topic_watches",
        "forum_category_watches",
        "forum_notifications",
    ] {
        sqlx::query(&format!("delete from {table} where person_id = $1"))
            .bind(person)
            .execute(&mut *tx)
            .await?;
    }
    if let Some(email) = email {
        sqlx::query("delete from forum_login_links where lower(email) = lower($1)")
            .bind(&email)
            .execute(&mut *tx)
            .await?;
        mail::forget_recipient(&mut tx, &email, &super::notify::MAIL_KINDS).await?;
    }
    tx.commit().await?;
    tracing::info!(person, "a forum account deleted");
    Ok(())
}
