//! The daily digest of moderation: each moderator who has not declined it gets one mail a
//! day listing the applications past the promised review time and those confirmed since
//! the day before, with links to them. Nothing to say, no mail. The mails are queued in
//! the job's fenced transaction: a digest is never sent twice for one day, even when a
//! worker dies and another takes the job over.

use common::states::ApplicationStatus;
use sqlx::PgConnection;

use crate::accounts::Staff;
use crate::i18n::{tr, tr_count, Lang};
use crate::mail::{self, Layout, OutgoingMail};
use crate::{Ctx, Result};

/// The mails of the digest.
pub const MAIL_DIGEST: &str = "moderation-digest";

/// Applications listed per part of a digest; the rest are counted.
const LISTED: usize = 20;

/// The daily digest job.
#[derive(Clone, Copy, Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct ModerationDigest;

impl crate::jobs::Job for ModerationDigest {
    const KIND: &'static str = "applications.digest";
    const QUEUE: &'static str = "sweeps";
}

/// One application in a digest.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    pub id: i64,
    pub structure_name: String,
    pub age_days: i64,
}

/// What a digest says, the same for every moderator.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Digest {
    pub overdue: Vec<Line>,
    pub overdue_total: i64,
    pub fresh: Vec<Line>,
    pub fresh_total: i64,
}

impl Digest {
    pub fn is_empty(&self) -> bool {
        self.overdue_total == 0 && self.fresh_total == 0
    }
}

/// The applications in one of `statuses` and matching `filter` (SQL over `applications`),
/// oldest first.
async fn lines(
    conn: &mut PgConnection,
    statuses: &[ApplicationStatus],
    filter: &str,
) -> Result<(Vec<Line>, i64)> {
    let rows: Vec<(i64, String, i64, i64)> = sqlx::query_as(&format!(
        "select id, structure_name, extract(day from now() - confirmed_at)::bigint,
                count(*) over ()
         from applications
         where anonymised_at is null and confirmed_at is not null and status = any($1)
           and {filter}
         order by confirmed_at, id
         limit {LISTED}"
    ))
    .bind(statuses)
    .fetch_all(conn)
    .await?;
    let total = rows.first().map_or(0, |r| r.3);
    Ok((
        rows.into_iter()
            .map(|(id, structure_name, age_days, _)| Line {
                id,
                structure_name,
                age_days,
            })
            .collect(),
        total,
    ))
}

/// What today's digest says.
pub async fn digest(conn: &mut PgConnection, ctx: &Ctx) -> Result<Digest> {
    // A number from the settings, not from anyone's input.
    let review_days = ctx.settings.applications.review_days;
    let (overdue, overdue_total) = lines(
        conn,
        ApplicationStatus::REVIEWING,
        &format!("confirmed_at < now() - make_interval(days => {review_days})"),
    )
    .await?;
    let (fresh, fresh_total) = lines(
        conn,
        &[ApplicationStatus::Confirmed],
        "confirmed_at >= now() - interval '1 day'",
    )
    .await?;
    Ok(Digest {
        overdue,
        overdue_total,
        fresh,
        fresh_total,
    })
}

fn mail_of(ctx: &Ctx, to: &str, digest: &Digest) -> OutgoingMail {
    // Staff read French first; the operator's team is French-speaking.
    let lang = Lang::Fr;
    let site = &ctx.settings.site;
    let base = site.public_url.trim_end_matches('/');
    let link = |l: &Line| {
        format!(
            "- {} ({}) {}/equipe/demandes/{}",
            l.structure_name.replace(['\r', '\n'], " "),
            tr_count(lang, "mail-digest-days", l.age_days, &[]),
            base,
            l.id
        )
    };
    let part = |key: &str, total: i64, lines: &[Line]| {
        let mut text = tr_count(lang, key, total, &[]);
        for l in lines {
            text.push('\n');
            text.push_str(&link(l));
        }
        if total as usize > lines.len() {
            let more = total - lines.len() as i64;
            text.push('\n');
            text.push_str(&tr_count(lang, "mail-digest-more", more, &[]));
        }
        text
    };
    let mut paragraphs = vec![tr(lang, "mail-digest-intro", &[("site", &site.name)])];
    paragraphs.push(part(
        "mail-digest-overdue",
        digest.overdue_total,
        &digest.overdue,
    ));
    paragraphs.push(part("mail-digest-fresh", digest.fresh_total, &digest.fresh));
    let queue = format!("{base}/equipe/demandes");
    let layout = Layout {
        lang,
        site_name: &site.name,
        paragraphs,
        action: Some((tr(lang, "mail-digest-action", &[]), queue)),
        after: vec![tr(
            lang,
            "mail-digest-opt-out",
            &[("url", &format!("{base}/equipe"))],
        )],
        unsubscribe_url: None,
    };
    let overdue = digest.overdue_total.to_string();
    let fresh = digest.fresh_total.to_string();
    layout.mail(
        to.to_string(),
        tr(
            lang,
            "mail-digest-subject",
            &[
                ("site", &site.name),
                ("overdue", &overdue),
                ("fresh", &fresh),
            ],
        ),
    )
}

/// Queues today's digest to each moderator who wants it, on `conn`. Returns how many.
pub async fn queue_digests(conn: &mut PgConnection, ctx: &Ctx) -> Result<u64> {
    let today = digest(conn, ctx).await?;
    if today.is_empty() {
        return Ok(0);
    }
    let to: Vec<String> =
        sqlx::query_scalar("select email from staff_accounts where moderation_digest order by id")
            .fetch_all(&mut *conn)
            .await?;
    for email in &to {
        mail::enqueue(conn, MAIL_DIGEST, &mail_of(ctx, email, &today)).await?;
    }
    Ok(to.len() as u64)
}

pub(crate) fn register(registry: &mut crate::jobs::Registry) {
    use crate::jobs::{JobError, Policy, Running};
    registry
        .handle(
            Policy::default(),
            |run: Running, _: ModerationDigest| async move {
                let mut tx = run.fence().await?;
                let sent = queue_digests(&mut tx, &run.ctx)
                    .await
                    .map_err(|e| JobError::Retry(e.to_string()))?;
                run.complete(tx).await?;
                if sent > 0 {
                    tracing::info!(sent, "moderation digests queued");
                }
                Ok(())
            },
        )
        .every(std::time::Duration::from_secs(24 * 3600), ModerationDigest);
}

/// Whether the staff account `staff_id` receives the digest.
pub async fn wants_digest(ctx: &Ctx, staff: &Staff) -> Result<bool> {
    Ok(
        sqlx::query_scalar("select moderation_digest from staff_accounts where id = $1")
            .bind(staff.id())
            .fetch_optional(&ctx.pool)
            .await?
            .unwrap_or(false),
    )
}

/// Turns the digest on or off for the staff account `staff_id`.
pub async fn set_digest(ctx: &Ctx, staff: &Staff, on: bool) -> Result<()> {
    sqlx::query("update staff_accounts set moderation_digest = $2 where id = $1")
        .bind(staff.id())
        .bind(on)
        .execute(&ctx.pool)
        .await?;
    Ok(())
}
