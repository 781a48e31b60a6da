//! An applicant's data: what is kept, for how long, and how an administrator exports or
//! erases it.
//!
//! A rejected, withdrawn or expired application loses everything that names or describes
//! its structure and its referent `anonymise_after_days` after its last change; its
//! statistics stay (kind, place, dates, status). Its mails go with it.
//!
//! Export and erasure are the operator's (`framaspace applications export|erase`); an
//! administrators' page will call the same functions.

use common::states::{ApplicationStatus, SpaceState};
use serde_json::{json, Value};

use crate::accounts::Admin;
use crate::{mail, Ctx, Result};

/// Anonymises the finished applications whose last change is older than the settings
/// allow; returns how many.
pub async fn anonymise_finished(ctx: &Ctx) -> Result<u64> {
    let days = ctx.settings.applications.anonymise_after_days;
    let mut tx = ctx.pool.begin().await?;
    let emails: Vec<(i64, String)> = sqlx::query_as(
        "select a.id, a.referent_email from applications a
         where a.anonymised_at is null and a.status = any($2)
           and coalesce((select max(e.at) from application_events e where e.application_id = a.id),
                        a.submitted_at) < now() - make_interval(days => $1)
         for update of a skip locked",
    )
    .bind(days as i32)
    .bind(ApplicationStatus::CLOSED)
    .fetch_all(&mut *tx)
    .await?;
    for (id, email) in &emails {
        anonymise_one(&mut tx, *id).await?;
        forget_mails(&mut tx, email).await?;
    }
    tx.commit().await?;
    Ok(emails.len() as u64)
}

/// Blanks every answer that names or describes, and every free text of its history.
async fn anonymise_one(conn: &mut sqlx::PgConnection, id: i64) -> Result<()> {
    sqlx::query(
        "update applications set
             structure_name = '', identifier = '', field_detail = '', purpose = '', tools = '',
             slug = 'anonyme-' || id, referent_name = '', referent_email = '', referent_role = '',
             confirm_token_hash = null, confirm_expires_at = null,
             status_token_hash = sha256(random()::text::bytea), anonymised_at = now()
         where id = $1",
    )
    .bind(id)
    .execute(&mut *conn)
    .await?;
    sqlx::query("update application_events set body = '' where application_id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// The application mails to `email`, unless another live application still has it.
async fn forget_mails(conn: &mut sqlx::PgConnection, email: &str) -> Result<()> {
    let still_used: bool = sqlx::query_scalar(
        "select exists (select 1 from applications
                        where lower(referent_email) = lower($1) and anonymised_at is null)",
    )
    .bind(email)
    .fetch_one(&mut *conn)
    .await?;
    if !still_used {
        mail::forget_recipient(conn, email, &super::MAIL_KINDS).await?;
    }
    Ok(())
}

/// Everything kept about one application, for its applicant (a data access request).
pub async fn export(ctx: &Ctx, _admin: &Admin, id: i64) -> Result<Option<Value>> {
    let row: Option<Value> = sqlx::query_scalar(
        "select to_jsonb(a) - 'confirm_token_hash' - 'status_token_hash'
         from applications a where id = $1",
    )
    .bind(id)
    .fetch_optional(&ctx.pool)
    .await?;
    let Some(application) = row else {
        return Ok(None);
    };
    let events: Vec<Value> = sqlx::query_scalar(
        "select jsonb_build_object('at', at, 'kind', kind, 'from', from_status, 'to', to_status,
                                   'body', body)
         from application_events where application_id = $1 and not internal order by id",
    )
    .bind(id)
    .fetch_all(&ctx.pool)
    .await?;
    let email = application["referent_email"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let mails: Vec<Value> = sqlx::query_scalar(
        "select jsonb_build_object('kind', kind, 'created_at', created_at, 'sent_at', sent_at)
         from mail_outbox where recipient = $1 and kind = any($2) order by id",
    )
    .bind(&email)
    .bind(
        super::MAIL_KINDS
            .iter()
            .map(|k| k.to_string())
            .collect::<Vec<_>>(),
    )
    .fetch_all(&ctx.pool)
    .await?;
    Ok(Some(json!({
        "application": application,
        "timeline": events,
        "mails": mails,
    })))
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EraseOutcome {
    Erased,
    /// Approved: its space exists and must be closed first.
    HasSpace,
    NotFound,
}

/// Erases one application and its history and mails, at its applicant's request.
pub async fn erase(ctx: &Ctx, _admin: &Admin, id: i64) -> Result<EraseOutcome> {
    let mut tx = ctx.pool.begin().await?;
    let row: Option<(String, bool)> = sqlx::query_as(
        "select referent_email, exists (select 1 from spaces s where s.application_id = a.id
                                         and s.state <> $2)
         from applications a where id = $1 for update",
    )
    .bind(id)
    .bind(SpaceState::Deleted)
    .fetch_optional(&mut *tx)
    .await?;
    let Some((email, has_space)) = row else {
        return Ok(EraseOutcome::NotFound);
    };
    if has_space {
        return Ok(EraseOutcome::HasSpace);
    }
    sqlx::query("delete from applications where id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    forget_mails(&mut tx, &email).await?;
    tx.commit().await?;
    Ok(EraseOutcome::Erased)
}

/// The daily sweep that anonymises finished applications.
#[derive(Clone, Copy, Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct AnonymiseFinished;

impl crate::jobs::Job for AnonymiseFinished {
    const KIND: &'static str = "applications.anonymise";
    const QUEUE: &'static str = "sweeps";
}
