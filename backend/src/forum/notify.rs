//! What the forum tells its people (issue 22, point 4).
//!
//! - **When.** A visible post tells the people it mentions (`@pseudo`,
//!   [`super::markdown::mentions`]), the people who watch its topic (a reply) or its
//!   category (a new topic). One post tells a person once, a mention first; it never tells
//!   its own author. Asking or replying watches the topic ([`tell`]), and a person may stop
//!   or start watching a topic or a category ([`watch`]).
//! - **Where.** On the forum's page of notifications ([`list`]), until marked read
//!   ([`mark_read`]); and by mail, each kind turned off on its own (mentions, what one
//!   watches), at once or in one mail a day ([`send_digests`]). Every mail ends with a
//!   one-click unsubscribe (RFC 8058) that turns both off ([`unsubscribe`]).
//!
//! Everything is written in the transaction of the post: a post rolled back tells nobody.
//! The forum speaks French: its mails are in French.

use chrono::{DateTime, NaiveDateTime, Utc};
use common::states::{NotificationKind, PostState};
use sqlx::PgConnection;

use super::people::Member;
use super::{markdown, Author};
use crate::i18n::{tr, tr_count, Lang};
use crate::mail::{self, Layout};
use crate::{tokens, Ctx, Result};

/// The mail kind of a notification sent at once.
pub const MAIL_NOTIFICATION: &str = "forum-notification";
/// The mail kind of a daily digest.
pub const MAIL_DIGEST: &str = "forum-digest";
/// Every kind of mail the forum sends a person (forgotten with their account).
pub const MAIL_KINDS: [&str; 3] = [
    MAIL_NOTIFICATION,
    MAIL_DIGEST,
    super::people::MAIL_LOGIN_LINK,
];
/// The purpose of a signed unsubscribe token.
const UNSUBSCRIBE: &str = "forum-unsubscribe";
/// Notifications the page shows, the newest.
pub const SHOWN: i64 = 50;
/// Items a digest lists, the newest.
pub const DIGEST_MAX: i64 = 30;
/// Digests one sweep sends (the next sweep sends the rest).
const DIGESTS_PER_SWEEP: i64 = 200;
/// The excerpt of a post a mail quotes.
const EXCERPT_MAX: usize = 200;
/// The language of the forum's mails.
const LANG: Lang = Lang::Fr;

/// A post just shown (written, or approved by a moderator), in the transaction that showed
/// it.
pub(super) struct Posted<'a> {
    /// Its author's person.
    pub author: i64,
    pub topic_id: i64,
    pub post_id: i64,
    pub body: &'a str,
    /// Its address (its topic's page and its anchor).
    pub path: &'a str,
    /// A new topic's category (its question); `None` for a reply.
    pub new_topic_in: Option<i64>,
}

/// Tells the people `posted` concerns, within the post's transaction: its author watches
/// its topic from now on, each person mentioned or watching gets a notification, and a mail
/// at once for those who asked for one (a digest later for the others).
pub(super) async fn tell(tx: &mut PgConnection, ctx: &Ctx, posted: &Posted<'_>) -> Result<()> {
    let author = posted.author;
    sqlx::query(
        "insert into forum_topic_watches (person_id, topic_id) values ($1, $2)
         on conflict do nothing",
    )
    .bind(author)
    .bind(posted.topic_id)
    .execute(&mut *tx)
    .await?;
    let names = markdown::mentions(posted.body);
    // A mention first (rank 1), then a watch; a mail at once unless the person chose the
    // digest; none without an address or with that kind of mail turned off.
    let told: Vec<(i64, String, NotificationKind)> = sqlx::query_as(
        "with candidates as (
             select id as person_id, $5::text as kind, 1 as rank from forum_people
             where lower(pseudonym) = any($4) and deleted_at is null
             union all
             select person_id, $6, 2 from forum_topic_watches
             where topic_id = $2 and $8::bigint is null
             union all
             select person_id, $7, 2 from forum_category_watches where category_id = $8
         ), chosen as (
             select distinct on (person_id) person_id, kind from candidates
             where person_id <> $1 order by person_id, rank
         ), wanted as (
             select c.person_id, c.kind,
                    p.email is not null
                    and case when c.kind = $5 then p.mail_mentions else p.mail_watched end
                    as mailed,
                    p.mail_daily, p.email
             from chosen c join forum_people p on p.id = c.person_id and p.deleted_at is null
         ), made as (
             insert into forum_notifications (person_id, kind, post_id, digest_pending)
             select person_id, kind, $3, mailed and mail_daily from wanted
             on conflict do nothing
             returning person_id
         )
         select w.person_id, w.email, w.kind from wanted w join made m on m.person_id = w.person_id
         where w.mailed and not w.mail_daily",
    )
    .bind(author)
    .bind(posted.topic_id)
    .bind(posted.post_id)
    .bind(&names)
    .bind(NotificationKind::Mention)
    .bind(NotificationKind::Reply)
    .bind(NotificationKind::Topic)
    .bind(posted.new_topic_in)
    .fetch_all(&mut *tx)
    .await?;
    if told.is_empty() {
        return Ok(());
    }
    // The author's pseudonym as this transaction has it (chosen with a first post).
    let (title, category, author_name): (String, String, Option<String>) = sqlx::query_as(
        "select t.title, c.name, p.pseudonym from forum_topics t
         join forum_categories c on c.id = t.category_id
         join forum_people p on p.id = $2
         where t.id = $1",
    )
    .bind(posted.topic_id)
    .bind(author)
    .fetch_one(&mut *tx)
    .await?;
    let about = About {
        author: author_name.as_deref().unwrap_or_default(),
        title: &title,
        category: &category,
    };
    let url = format!("{}{}", ctx.settings.site.public_url, posted.path);
    let excerpt = markdown::plain_text(posted.body, EXCERPT_MAX);
    for (person, email, kind) in told {
        let unsubscribe = unsubscribe_url(ctx, person);
        let said = about.said(kind);
        let layout = Layout {
            lang: LANG,
            site_name: &ctx.settings.site.name,
            paragraphs: vec![
                said.clone(),
                tr(LANG, "mail-forum-excerpt", &[("text", &excerpt)]),
            ],
            action: Some((tr(LANG, "mail-forum-read", &[]), url.clone())),
            after: after(ctx, kind),
            unsubscribe_url: Some(&unsubscribe),
        };
        mail::enqueue(&mut *tx, MAIL_NOTIFICATION, &layout.mail(email, said)).await?;
    }
    Ok(())
}

/// What a notification is about, as a sentence says it.
struct About<'a> {
    author: &'a str,
    title: &'a str,
    category: &'a str,
}

impl About<'_> {
    fn said(&self, kind: NotificationKind) -> String {
        let args = [
            ("author", self.author),
            ("title", self.title),
            ("category", self.category),
        ];
        tr(LANG, &format!("mail-forum-{}", kind.as_str()), &args)
    }
}

/// Why the person gets a mail, and where they choose which.
fn after(ctx: &Ctx, kind: NotificationKind) -> Vec<String> {
    let settings = format!("{}/forum/compte", ctx.settings.site.public_url);
    vec![
        tr(LANG, &format!("mail-forum-why-{}", kind.as_str()), &[]),
        tr(LANG, "mail-forum-settings", &[("url", &settings)]),
    ]
}

/// The one-click unsubscribe address of person `person`: signed, it needs no login.
fn unsubscribe_url(ctx: &Ctx, person: i64) -> String {
    let token = tokens::sign(&ctx.settings.secret_key, UNSUBSCRIBE, person);
    format!(
        "{}/forum/desabonnement/{token}",
        ctx.settings.site.public_url
    )
}

/// Whether an unsubscribe link is one the forum made. Reads only.
pub fn unsubscribe_link_is_valid(ctx: &Ctx, token: &str) -> bool {
    tokens::verify(&ctx.settings.secret_key, UNSUBSCRIBE, token).is_some()
}

/// Turns off every mail of notifications for the person the link names (their page of
/// notifications stays); `false` when the link is not one the forum made.
pub async fn unsubscribe(ctx: &Ctx, token: &str) -> Result<bool> {
    let Some(person) = tokens::verify(&ctx.settings.secret_key, UNSUBSCRIBE, token) else {
        return Ok(false);
    };
    let mut tx = ctx.pool.begin().await?;
    sqlx::query(
        "update forum_people set mail_mentions = false, mail_watched = false where id = $1",
    )
    .bind(person)
    .execute(&mut *tx)
    .await?;
    drop_unwanted(&mut tx, person).await?;
    tx.commit().await?;
    tracing::info!(person, "forum mails turned off by their link");
    Ok(true)
}

/// Drops from `person`'s next digest what their choices no longer mail (a kind of mail
/// turned off), in the transaction that changed them.
pub(super) async fn drop_unwanted(conn: &mut PgConnection, person: i64) -> Result<()> {
    sqlx::query(
        "update forum_notifications n set digest_pending = false
         from forum_people p
         where p.id = n.person_id and n.person_id = $1 and n.digest_pending
           and case when n.kind = $2 then not p.mail_mentions else not p.mail_watched end",
    )
    .bind(person)
    .bind(NotificationKind::Mention)
    .execute(conn)
    .await?;
    Ok(())
}

/// A notification, as the page of notifications lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notification {
    pub id: i64,
    pub kind: NotificationKind,
    pub author: Author,
    pub title: String,
    pub category: String,
    /// The post's address: its topic's page and its anchor.
    pub path: String,
    pub created_at: DateTime<Utc>,
    pub created_paris: NaiveDateTime,
    pub read: bool,
}

#[derive(sqlx::FromRow)]
struct NotificationRecord {
    id: i64,
    kind: NotificationKind,
    author_id: Option<i64>,
    pseudonym: Option<String>,
    author_deleted: bool,
    title: String,
    category: String,
    slug: String,
    topic_id: i64,
    post_id: i64,
    /// The visible replies before the post (-1: the post is the question).
    before: i64,
    created_at: DateTime<Utc>,
    created_paris: NaiveDateTime,
    read: bool,
}

impl From<NotificationRecord> for Notification {
    fn from(r: NotificationRecord) -> Self {
        let path = super::post_path(&r.slug, r.topic_id, r.post_id, r.before);
        Notification {
            id: r.id,
            kind: r.kind,
            author: Author::of(r.author_id, r.pseudonym, r.author_deleted),
            title: r.title,
            category: r.category,
            path,
            created_at: r.created_at,
            created_paris: r.created_paris,
            read: r.read,
        }
    }
}

/// The notifications of what is still visible, newest first, at most `limit`; `pending`:
/// only those waiting for a digest.
async fn of_person(
    conn: &mut PgConnection,
    person: i64,
    limit: i64,
    pending: bool,
) -> Result<Vec<Notification>> {
    let rows: Vec<NotificationRecord> = sqlx::query_as(&format!(
        "select n.id, n.kind, o.author_id, p.pseudonym,
                (p.deleted_at is not null) as author_deleted,
                t.title, c.name as category, t.slug, t.id as topic_id, o.id as post_id,
                {} as before, n.created_at, n.created_at at time zone 'Europe/Paris' as created_paris,
                (n.read_at is not null) as read
         from forum_notifications n
         join forum_posts o on o.id = n.post_id and o.state = $2
         join forum_topics t on t.id = o.topic_id and t.state = $2
         join forum_categories c on c.id = t.category_id
         left join forum_people p on p.id = o.author_id
         where n.person_id = $1 and (not $4 or n.digest_pending)
         order by n.id desc limit $3",
        super::replies_before("$2")
    ))
    .bind(person)
    .bind(PostState::Visible)
    .bind(limit)
    .bind(pending)
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows.into_iter().map(Notification::from).collect())
}

/// `member`'s notifications, newest first, at most [`SHOWN`] (what was hidden since is not
/// listed).
pub async fn list(ctx: &Ctx, member: &Member) -> Result<Vec<Notification>> {
    let mut conn = ctx.pool.acquire().await?;
    of_person(&mut conn, member.person_id(), SHOWN, false).await
}

/// How many of `member`'s notifications are unread.
pub async fn unread(ctx: &Ctx, member: &Member) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "select count(*) from forum_notifications n
         join forum_posts o on o.id = n.post_id and o.state = $2
         where n.person_id = $1 and n.read_at is null",
    )
    .bind(member.person_id())
    .bind(PostState::Visible)
    .fetch_one(&ctx.pool)
    .await?)
}

/// Marks every notification of `member` read; returns how many were unread.
pub async fn mark_read(ctx: &Ctx, member: &Member) -> Result<u64> {
    Ok(sqlx::query(
        "update forum_notifications set read_at = now()
         where person_id = $1 and read_at is null",
    )
    .bind(member.person_id())
    .execute(&ctx.pool)
    .await?
    .rows_affected())
}

/// What a person may watch: a topic (its replies) or a category (its new topics).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Watched {
    Topic,
    Category,
}

impl Watched {
    /// The watches' table and the column naming what is watched.
    fn table(self) -> (&'static str, &'static str) {
        match self {
            Watched::Topic => ("forum_topic_watches", "topic_id"),
            Watched::Category => ("forum_category_watches", "category_id"),
        }
    }

    /// SQL: whether `$1` names one that may be watched (a visible topic, a category).
    fn exists(self) -> String {
        match self {
            Watched::Topic => format!(
                "select exists (select 1 from forum_topics where id = $1 and state = '{}')",
                PostState::Visible.as_str()
            ),
            Watched::Category => {
                "select exists (select 1 from forum_categories where id = $1)".to_string()
            }
        }
    }
}

/// Whether `member` watches the topic or category `id`.
pub async fn watches(ctx: &Ctx, member: &Member, what: Watched, id: i64) -> Result<bool> {
    let (table, column) = what.table();
    Ok(sqlx::query_scalar(&format!(
        "select exists (select 1 from {table} where person_id = $1 and {column} = $2)"
    ))
    .bind(member.person_id())
    .bind(id)
    .fetch_one(&ctx.pool)
    .await?)
}

/// `member` starts (`on`) or stops watching the topic or category `id`; `false` when there
/// is no such category or visible topic.
pub async fn watch(ctx: &Ctx, member: &Member, what: Watched, id: i64, on: bool) -> Result<bool> {
    let exists: bool = sqlx::query_scalar(&what.exists())
        .bind(id)
        .fetch_one(&ctx.pool)
        .await?;
    if !exists {
        return Ok(false);
    }
    let (table, column) = what.table();
    let sql = if on {
        format!("insert into {table} (person_id, {column}) values ($1, $2) on conflict do nothing")
    } else {
        format!("delete from {table} where person_id = $1 and {column} = $2")
    };
    sqlx::query(&sql)
        .bind(member.person_id())
        .bind(id)
        .execute(&ctx.pool)
        .await?;
    Ok(true)
}

/// Sends the daily digests that are due: to each person with notifications waiting for one
/// and no digest in the last day, one mail listing them (the newest [`DIGEST_MAX`]); what
/// was hidden since is left out. Returns how many digests left.
pub async fn send_digests(ctx: &Ctx) -> Result<u64> {
    let due: Vec<i64> = sqlx::query_scalar(
        "select distinct n.person_id from forum_notifications n
         join forum_people p on p.id = n.person_id
         where n.digest_pending
           and (p.digest_sent_at is null or p.digest_sent_at < now() - interval '1 day')
         limit $1",
    )
    .bind(DIGESTS_PER_SWEEP)
    .fetch_all(&ctx.pool)
    .await?;
    let mut sent = 0;
    for person in due {
        let mut tx = ctx.pool.begin().await?;
        // Another worker's sweep may have taken this person: skip them.
        let found: Option<(Option<String>, bool)> = sqlx::query_as(
            "select email, deleted_at is null from forum_people
             where id = $1 and (digest_sent_at is null or digest_sent_at < now() - interval '1 day')
             for update skip locked",
        )
        .bind(person)
        .fetch_optional(&mut *tx)
        .await?;
        let Some((email, present)) = found else {
            continue;
        };
        let items = of_person(&mut tx, person, DIGEST_MAX, true).await?;
        sqlx::query(
            "update forum_notifications set digest_pending = false
             where person_id = $1 and digest_pending",
        )
        .bind(person)
        .execute(&mut *tx)
        .await?;
        // Sent even if the person has since chosen mails at once: these waited for it.
        if let (Some(email), true, false) = (email, present, items.is_empty()) {
            sqlx::query("update forum_people set digest_sent_at = now() where id = $1")
                .bind(person)
                .execute(&mut *tx)
                .await?;
            let mail = digest(ctx, person, email, &items);
            mail::enqueue(&mut tx, MAIL_DIGEST, &mail).await?;
            sent += 1;
        }
        tx.commit().await?;
    }
    Ok(sent)
}

fn digest(ctx: &Ctx, person: i64, email: String, items: &[Notification]) -> mail::OutgoingMail {
    let site = &ctx.settings.site;
    let lines: Vec<String> = items
        .iter()
        .map(|n| {
            let author = match &n.author {
                Author::Person { pseudonym, .. } => pseudonym.clone(),
                Author::Team => tr(LANG, "forum-team", &[]),
                Author::Gone => tr(LANG, "forum-gone", &[]),
            };
            let about = About {
                author: &author,
                title: &n.title,
                category: &n.category,
            };
            format!("- {}\n  {}{}", about.said(n.kind), site.public_url, n.path)
        })
        .collect();
    let count = items.len() as i64;
    let unsubscribe = unsubscribe_url(ctx, person);
    let layout = Layout {
        lang: LANG,
        site_name: &site.name,
        paragraphs: vec![
            tr_count(LANG, "mail-forum-digest-intro", count, &[]),
            lines.join("\n"),
        ],
        action: Some((
            tr(LANG, "mail-forum-digest-action", &[]),
            format!("{}/forum/notifications", site.public_url),
        )),
        after: vec![tr(
            LANG,
            "mail-forum-settings",
            &[("url", &format!("{}/forum/compte", site.public_url))],
        )],
        unsubscribe_url: Some(&unsubscribe),
    };
    layout.mail(
        email,
        tr_count(LANG, "mail-forum-digest-subject", count, &[]),
    )
}

/// The sweep that sends the daily digests, every hour.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct DigestSweep;

impl crate::jobs::Job for DigestSweep {
    const KIND: &'static str = "forum.digests";
    const QUEUE: &'static str = "sweeps";
}

/// Registers the digests' sweep.
pub(crate) fn register(registry: &mut crate::jobs::Registry) {
    registry.sweep(
        std::time::Duration::from_secs(3600),
        DigestSweep,
        |ctx: Ctx| async move { send_digests(&ctx).await },
    );
}
