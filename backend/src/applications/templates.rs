//! The reasons a moderator picks from when rejecting: a label for staff and a text sent to
//! the applicant, in French and English, which admins edit. A retired reason is no longer
//! offered; the decisions already sent keep their words (the text is copied into the
//! decision's event and mail).

use chrono::{DateTime, Utc};

use crate::accounts::{Admin, IsStaff};
use crate::i18n::Lang;
use crate::{Ctx, Result};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RejectTemplate {
    pub code: String,
    pub label_fr: String,
    pub label_en: String,
    pub text_fr: String,
    pub text_en: String,
    pub retired: bool,
    pub updated_at: DateTime<Utc>,
    pub updated_by: Option<String>,
}

impl RejectTemplate {
    pub fn label(&self, lang: Lang) -> &str {
        match lang {
            Lang::Fr => &self.label_fr,
            Lang::En => &self.label_en,
        }
    }

    pub fn text(&self, lang: Lang) -> &str {
        match lang {
            Lang::Fr => &self.text_fr,
            Lang::En => &self.text_en,
        }
    }
}

type Row = (
    String,
    String,
    String,
    String,
    String,
    bool,
    DateTime<Utc>,
    Option<String>,
);

fn from_row(
    (code, label_fr, label_en, text_fr, text_en, retired, updated_at, updated_by): Row,
) -> RejectTemplate {
    RejectTemplate {
        code,
        label_fr,
        label_en,
        text_fr,
        text_en,
        retired,
        updated_at,
        updated_by,
    }
}

const SELECT: &str = "select t.code, t.label_fr, t.label_en, t.text_fr, t.text_en, t.retired,
        t.updated_at, s.email
     from reject_templates t left join staff_accounts s on s.id = t.updated_by";

/// Every reason, in their order (the retired ones last, if asked for).
pub async fn list(
    ctx: &Ctx,
    _staff: &impl IsStaff,
    with_retired: bool,
) -> Result<Vec<RejectTemplate>> {
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "{SELECT} where $1 or not t.retired order by t.retired, t.position, t.code"
    ))
    .bind(with_retired)
    .fetch_all(&ctx.pool)
    .await?;
    Ok(rows.into_iter().map(from_row).collect())
}

/// The reason named `code`, retired or not.
pub async fn get(ctx: &Ctx, _staff: &impl IsStaff, code: &str) -> Result<Option<RejectTemplate>> {
    // PostgreSQL refuses a NUL in text: no stored code has one, and asking would fail.
    if code.contains('\0') {
        return Ok(None);
    }
    let row: Option<Row> = sqlx::query_as(&format!("{SELECT} where t.code = $1"))
        .bind(code)
        .fetch_optional(&ctx.pool)
        .await?;
    Ok(row.map(from_row))
}

/// The text a rejection for `code` sends, in `lang`; `None` if no such reason is offered.
async fn reason_text(
    ctx: &Ctx,
    staff: &impl IsStaff,
    code: &str,
    lang: Lang,
) -> Result<Option<String>> {
    Ok(get(ctx, staff, code)
        .await?
        .filter(|t| !t.retired)
        .map(|t| t.text(lang).to_string()))
}

/// What an admin writes (already checked by the form's rules).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TemplateInput {
    pub code: String,
    pub label_fr: String,
    pub label_en: String,
    pub text_fr: String,
    pub text_en: String,
    pub retired: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Saved {
    Created,
    Updated,
}

/// Creates the reason `input.code`, or replaces its words; a new one comes last.
pub async fn save(ctx: &Ctx, by: &Admin, input: &TemplateInput) -> Result<Saved> {
    let created: bool = sqlx::query_scalar(
        "insert into reject_templates
             (code, label_fr, label_en, text_fr, text_en, retired, updated_by, position)
         values ($1, $2, $3, $4, $5, $6, $7,
                 (select coalesce(max(position), 0) + 1 from reject_templates))
         on conflict (code) do update set
             label_fr = excluded.label_fr, label_en = excluded.label_en,
             text_fr = excluded.text_fr, text_en = excluded.text_en,
             retired = excluded.retired, updated_by = excluded.updated_by, updated_at = now()
         returning xmax = 0",
    )
    .bind(&input.code)
    .bind(&input.label_fr)
    .bind(&input.label_en)
    .bind(&input.text_fr)
    .bind(&input.text_en)
    .bind(input.retired)
    .bind(by.staff().map(|s| s.id()))
    .fetch_one(&ctx.pool)
    .await?;
    Ok(if created {
        Saved::Created
    } else {
        Saved::Updated
    })
}

/// What a rejection could not be built from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unknown {
    Application,
    Reason,
}

/// The rejection of application `id` for the reason `code`: the reason's text in the
/// applicant's language, then the moderator's `note`.
pub async fn rejection(
    ctx: &Ctx,
    staff: &impl IsStaff,
    id: i64,
    code: &str,
    note: String,
) -> Result<std::result::Result<super::moderation::Decision, Unknown>> {
    let lang: Option<String> =
        sqlx::query_scalar("select lang from applications where id = $1 and anonymised_at is null")
            .bind(id)
            .fetch_optional(&ctx.pool)
            .await?;
    let Some(lang) = lang else {
        return Ok(Err(Unknown::Application));
    };
    let lang = Lang::parse(&lang).unwrap_or_default();
    Ok(match reason_text(ctx, staff, code, lang).await? {
        Some(reason) => Ok(super::moderation::Decision::Reject { reason, note }),
        None => Err(Unknown::Reason),
    })
}
