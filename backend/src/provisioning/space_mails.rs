//! What a space's referent is told of its later life: a deletion asked (with the link that
//! cancels it), the reminder, a cancellation; a suspension, a resumption, a removal and a new
//! address. Each mail goes through the outbox in the transaction that made the change.

use chrono::{DateTime, Utc};
use sqlx::PgConnection;

use crate::i18n::{long_date, tr, Lang};
use crate::Ctx;

/// The space's referent, name and address, while the application keeps them.
pub(super) struct Referent {
    pub(super) email: String,
    pub(super) lang: Lang,
    pub(super) structure: String,
    pub(super) address: String,
}

pub(super) async fn referent(
    tx: &mut PgConnection,
    id: i64,
) -> Result<Option<Referent>, sqlx::Error> {
    #[derive(sqlx::FromRow)]
    struct Row {
        referent_email: Option<String>,
        lang: Option<String>,
        structure_name: Option<String>,
        slug: String,
        ocs_url: Option<String>,
    }
    let row: Option<Row> = sqlx::query_as(
        "select coalesce(s.referent_email, a.referent_email) referent_email, a.lang, a.structure_name, s.slug, h.ocs_url
         from spaces s left join applications a on a.id = s.application_id
         left join hosts h on h.id = s.host_id where s.id = $1",
    )
    .bind(id)
    .fetch_optional(&mut *tx)
    .await?;
    Ok(row.and_then(|r| {
        Some(Referent {
            email: r.referent_email?,
            lang: Lang::parse(r.lang.as_deref().unwrap_or("fr")).unwrap_or_default(),
            structure: r.structure_name.unwrap_or_else(|| r.slug.clone()),
            address: r
                .ocs_url
                .map(|u| super::fleet::space_address(&u, &r.slug))
                .unwrap_or(r.slug),
        })
    }))
}

#[derive(Clone, Copy)]
pub(super) enum StateMail {
    Suspended,
    Resumed,
    Removed,
    Renamed,
}

#[derive(Clone, Copy)]
pub(super) enum DeletionMail {
    Asked,
    Reminder,
    Cancelled,
}

/// What a lifecycle mail is, in the outbox.
pub const MAIL_LIFECYCLE: &str = "space-lifecycle";

/// The link that cancels the deletion asked for `after`: signed for that request only.
pub fn cancel_link(ctx: &Ctx, id: i64, after: DateTime<Utc>) -> String {
    format!(
        "{}/espace/suppression/{}",
        ctx.settings.site.public_url,
        cancel_token(ctx, id, after)
    )
}

fn cancel_token(ctx: &Ctx, id: i64, after: DateTime<Utc>) -> String {
    crate::tokens::sign(
        &ctx.settings.secret_key,
        &format!("space-deletion:{}", after.timestamp()),
        id,
    )
}

pub(super) async fn deletion_mail(
    ctx: &Ctx,
    tx: &mut PgConnection,
    id: i64,
    which: DeletionMail,
    after: DateTime<Utc>,
) -> Result<(), sqlx::Error> {
    let Some(r) = referent(tx, id).await? else {
        return Ok(());
    };
    let key = match which {
        DeletionMail::Asked => "mail-space-deletion",
        DeletionMail::Reminder => "mail-space-deletion-reminder",
        DeletionMail::Cancelled => "mail-space-deletion-cancelled",
    };
    let paris: chrono::NaiveDateTime =
        sqlx::query_scalar("select $1::timestamptz at time zone 'Europe/Paris'")
            .bind(after)
            .fetch_one(&mut *tx)
            .await?;
    let date = long_date(r.lang, paris);
    let args = [
        ("name", r.structure.as_str()),
        ("address", r.address.as_str()),
        ("date", date.as_str()),
    ];
    let action = match which {
        DeletionMail::Cancelled => None,
        _ => Some((
            tr(r.lang, "mail-space-deletion-action", &[]),
            cancel_link(ctx, id, after),
        )),
    };
    let mail = layout_mail(ctx, &r, key, &args, action);
    crate::mail::enqueue(tx, MAIL_LIFECYCLE, &mail).await?;
    Ok(())
}

pub(super) async fn state_mail(
    ctx: &Ctx,
    tx: &mut PgConnection,
    id: i64,
    which: StateMail,
) -> Result<(), sqlx::Error> {
    let Some(r) = referent(tx, id).await? else {
        return Ok(());
    };
    let reason: Option<String> =
        sqlx::query_scalar("select suspend_reason from spaces where id = $1")
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
    let reason = reason.unwrap_or_default();
    let key = match which {
        StateMail::Suspended => "mail-space-suspended",
        StateMail::Resumed => "mail-space-resumed",
        StateMail::Removed => "mail-space-removed",
        StateMail::Renamed => "mail-space-renamed",
    };
    // The address the space had before a renaming.
    let former: Option<(String, Option<String>)> = match which {
        StateMail::Renamed => {
            sqlx::query_as(
                "select f.slug, h.ocs_url from space_former_addresses f
                 join spaces s on s.id = f.space_id left join hosts h on h.id = s.host_id
                 where f.space_id = $1 order by f.replaced_at desc, f.slug limit 1",
            )
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?
        }
        _ => None,
    };
    let former = former
        .map(|(slug, url)| url.map_or(slug.clone(), |u| super::fleet::space_address(&u, &slug)))
        .unwrap_or_default();
    let args = [
        ("name", r.structure.as_str()),
        ("address", r.address.as_str()),
        ("reason", reason.as_str()),
        ("former", former.as_str()),
    ];
    let mail = layout_mail(ctx, &r, key, &args, None);
    crate::mail::enqueue(tx, MAIL_LIFECYCLE, &mail).await?;
    Ok(())
}

/// A mail from `key`: `<key>-subject`, `<key>-body` and the help line.
fn layout_mail(
    ctx: &Ctx,
    r: &Referent,
    key: &str,
    args: &[(&'static str, &str)],
    action: Option<(String, String)>,
) -> crate::mail::OutgoingMail {
    let site = &ctx.settings.site;
    let layout = crate::mail::Layout {
        lang: r.lang,
        site_name: &site.name,
        paragraphs: vec![tr(r.lang, &format!("{key}-body"), args)],
        action,
        after: vec![tr(
            r.lang,
            "mail-space-lifecycle-help",
            &[("help", &format!("{}/questions", site.public_url))],
        )],
        unsubscribe_url: None,
    };
    layout.mail(r.email.clone(), tr(r.lang, &format!("{key}-subject"), args))
}
