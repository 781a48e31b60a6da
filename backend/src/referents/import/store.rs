//! An import's life on the portal: uploaded (the file kept as sent, at most one draft per
//! person), read again as the referent chooses (encoding, header, each column's meaning,
//! what to do with each kind of row) and previewed against the space's members as they are
//! now, confirmed (each row's plan written, a job queued, in one transaction), then shown
//! with its progress and its report. Every function takes the dashboard's proof and acts on
//! that space's imports only.

use chrono::NaiveDateTime;
use common::states::{ImportKind, ImportPlan, ImportResult, ImportState, JobState};

use super::columns::{guess, Column, Mapping};
use super::preview::{entries, plan, Choices, Planned};
use super::read::{read, Encoding, Format, ReadError, Table};
use super::run::ImportMembers;
use crate::jobs::Job;
use crate::referents::members::{self, Member, Refusal};
use crate::referents::Referent;
use crate::{Ctx, Result};

/// Rows shown by the preview and the report: a list of 5,000 is read whole, shown in part.
pub const SHOWN_ROWS: usize = 500;

/// A file as the upload form sent it.
#[derive(Clone, Debug, Default)]
pub struct Upload {
    pub bytes: Vec<u8>,
    /// As the browser named it (empty for pasted text).
    pub file_name: String,
    /// The encoding the referent chose, if any.
    pub encoding: Option<Encoding>,
}

/// Why an upload or a confirmation was not taken.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error(transparent)]
    Read(#[from] ReadError),
    /// The space's members could not be read (down, in maintenance, not active).
    #[error(transparent)]
    Space(#[from] Refusal),
    #[error(transparent)]
    Database(#[from] crate::Error),
}

impl From<sqlx::Error> for ImportError {
    fn from(e: sqlx::Error) -> Self {
        ImportError::Database(e.into())
    }
}

/// The space as the preview found it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SpaceNow {
    /// Its accounts and how many it may have.
    Reached {
        accounts: usize,
        limit: u32,
    },
    NotReached,
    Maintenance,
    NotActive,
}

/// An import not confirmed yet: its file read as chosen, and what each row would do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Preview {
    /// The encoding the referent chose (`None`: the one found).
    pub encoding: Option<Encoding>,
    pub table: std::result::Result<Table, ReadError>,
    pub mapping: Mapping,
    pub choices: Choices,
    pub space: SpaceNow,
    /// Each row, when the file reads and the space answered.
    pub rows: Vec<Planned>,
}

impl Preview {
    /// The rows of each kind, in the kinds' order.
    pub fn counts(&self) -> Vec<(ImportKind, usize)> {
        count_by(self.rows.iter().map(|r| r.kind))
    }

    /// The accounts the import would make.
    pub fn to_create(&self) -> usize {
        self.rows
            .iter()
            .filter(|r| r.plan == ImportPlan::Create)
            .count()
    }
}

fn count_by(kinds: impl Iterator<Item = ImportKind>) -> Vec<(ImportKind, usize)> {
    let kinds: Vec<ImportKind> = kinds.collect();
    ImportKind::ALL
        .iter()
        .map(|k| (*k, kinds.iter().filter(|x| *x == k).count()))
        .filter(|(_, n)| *n > 0)
        .collect()
}

/// A row of a confirmed import.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReportRow {
    pub line: i32,
    pub name: String,
    pub uid: Option<String>,
    pub kind: ImportKind,
    pub plan: ImportPlan,
    /// `None` until its turn came.
    pub result: Option<ImportResult>,
}

/// A confirmed import: where its job stands, and each row's result so far.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Report {
    pub rows: Vec<ReportRow>,
    /// Rows done, of all.
    pub done: usize,
    pub total: usize,
    /// The space did not answer the last try: the next one, Paris time.
    pub retry_at: Option<NaiveDateTime>,
}

impl Report {
    /// The rows of each result, in the results' order (rows not done yet left out).
    pub fn counts(&self) -> Vec<(ImportResult, usize)> {
        ImportResult::ALL
            .iter()
            .map(|r| {
                let n = self.rows.iter().filter(|x| x.result == Some(*r)).count();
                (*r, n)
            })
            .filter(|(_, n)| *n > 0)
            .collect()
    }
}

/// What an import's page shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Stage {
    Preview(Preview),
    Report(Report),
}

/// An import of the referent's space.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Import {
    pub id: i64,
    pub state: ImportState,
    pub file_name: String,
    /// The file's kind as found (a sheet, or text in the encoding found or chosen).
    pub format: Option<Format>,
    pub created_by_name: String,
    /// Paris time.
    pub created_at: NaiveDateTime,
    pub stage: Stage,
}

/// The file's name as shown: its last part, without control characters, at most 100
/// characters.
fn shown_name(raw: &str) -> String {
    let last = raw.rsplit(['/', '\\']).next().unwrap_or_default();
    last.chars()
        .filter(|c| !c.is_control())
        .take(100)
        .collect::<String>()
        .trim()
        .to_string()
}

/// Takes a file for the referent's space: read first (what cannot be read is refused, and
/// nothing is kept), then kept as sent, in place of the person's earlier draft.
pub async fn upload(
    ctx: &Ctx,
    referent: &Referent,
    upload: &Upload,
) -> std::result::Result<i64, ImportError> {
    read(&upload.bytes, upload.encoding)?;
    let mut tx = ctx.pool.begin().await?;
    sqlx::query(
        "delete from member_imports where space_id = $1 and created_by = $2 and state = $3",
    )
    .bind(referent.space_id())
    .bind(referent.uid())
    .bind(ImportState::Preview)
    .execute(&mut *tx)
    .await?;
    let id: i64 = sqlx::query_scalar(
        "insert into member_imports (space_id, created_by, created_by_name, file_name, content,
                                     encoding, state)
         values ($1, $2, $3, $4, $5, $6, $7) returning id",
    )
    .bind(referent.space_id())
    .bind(referent.uid())
    .bind(
        referent
            .display_name()
            .chars()
            .take(200)
            .collect::<String>(),
    )
    .bind(shown_name(&upload.file_name))
    .bind(&upload.bytes)
    .bind(upload.encoding.map(Encoding::as_str))
    .bind(ImportState::Preview)
    .fetch_one(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(id)
}

#[derive(sqlx::FromRow)]
struct Stored {
    id: i64,
    state: ImportState,
    file_name: String,
    created_by_name: String,
    created_at: NaiveDateTime,
    content: Option<Vec<u8>>,
    encoding: Option<String>,
    mapping: Option<serde_json::Value>,
    choices: serde_json::Value,
}

async fn stored(
    conn: &mut sqlx::PgConnection,
    referent: &Referent,
    id: i64,
    lock: bool,
) -> Result<Option<Stored>> {
    Ok(sqlx::query_as(&format!(
        "select id, state, file_name, created_by_name, created_at at time zone 'Europe/Paris'
                as created_at, content, encoding, mapping, choices
         from member_imports where id = $1 and space_id = $2{}",
        if lock { " for update" } else { "" }
    ))
    .bind(id)
    .bind(referent.space_id())
    .fetch_optional(conn)
    .await?)
}

/// What the referent chose on the preview.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Settings {
    /// `None`: the encoding found.
    pub encoding: Option<Encoding>,
    /// `None`: as it was.
    pub header: Option<bool>,
    /// Each column's meaning, in order; `None`: as they were.
    pub columns: Option<Vec<Column>>,
    pub choices: Choices,
}

/// The file read with the stored choices; the mapping chosen, or guessed.
fn read_stored(s: &Stored) -> (std::result::Result<Table, ReadError>, Mapping, Choices) {
    let encoding = s.encoding.as_deref().and_then(Encoding::parse);
    let table = match &s.content {
        Some(bytes) => read(bytes, encoding),
        None => Err(ReadError::Empty),
    };
    let width = table
        .as_ref()
        .map(|t| t.rows.iter().map(Vec::len).max().unwrap_or(0))
        .unwrap_or(0);
    let mapping = match (&table, &s.mapping) {
        (Ok(_), Some(m)) => serde_json::from_value::<Mapping>(m.clone())
            .ok()
            .map(|m| Mapping::chosen(m.header, m.columns, width)),
        _ => None,
    }
    .or_else(|| table.as_ref().ok().map(|t| guess(&t.rows)))
    .unwrap_or(Mapping {
        header: false,
        columns: Vec::new(),
    });
    let choices = serde_json::from_value(s.choices.clone()).unwrap_or_default();
    (table, mapping, choices)
}

impl SpaceNow {
    /// A space that answered with `all` its members.
    fn of(ctx: &Ctx, all: &[Member]) -> SpaceNow {
        SpaceNow::Reached {
            accounts: all.len(),
            limit: ctx.settings.site.accounts_per_space,
        }
    }
}

/// The space's members as they are now, and how the preview says it.
async fn space_now(ctx: &Ctx, referent: &Referent) -> Result<(SpaceNow, Vec<Member>)> {
    match members::all_of(ctx, referent.space_id()).await {
        Ok((_, all)) => Ok((SpaceNow::of(ctx, &all), all)),
        Err(Refusal::Database(e)) => Err(e),
        Err(Refusal::NotActive) => Ok((SpaceNow::NotActive, Vec::new())),
        Err(e) if e.maintenance() => Ok((SpaceNow::Maintenance, Vec::new())),
        Err(error) => {
            tracing::warn!(space = referent.space_id(), %error, "an import's space could not be read");
            Ok((SpaceNow::NotReached, Vec::new()))
        }
    }
}

/// Each row's plan, against `all` members of a space of `space`.
fn planned(
    table: &std::result::Result<Table, ReadError>,
    mapping: &Mapping,
    choices: Choices,
    space: SpaceNow,
    all: &[Member],
) -> Vec<Planned> {
    match (table, space) {
        (Ok(t), SpaceNow::Reached { accounts, limit }) => {
            let free = (limit as usize).saturating_sub(accounts);
            plan(&entries(&t.rows, mapping), all, free, choices)
        }
        _ => Vec::new(),
    }
}

/// The referent's import `id`, as its page shows it; `None` when the space has no such
/// import.
pub async fn show(ctx: &Ctx, referent: &Referent, id: i64) -> Result<Option<Import>> {
    let mut conn = ctx.pool.acquire().await?;
    let Some(s) = stored(&mut conn, referent, id, false).await? else {
        return Ok(None);
    };
    drop(conn);
    let (table, mapping, choices) = read_stored(&s);
    let format = table.as_ref().ok().map(|t| t.format);
    let stage = if s.state == ImportState::Preview {
        let (space, all) = space_now(ctx, referent).await?;
        let rows = planned(&table, &mapping, choices, space, &all);
        Stage::Preview(Preview {
            encoding: s.encoding.as_deref().and_then(Encoding::parse),
            table,
            mapping,
            choices,
            space,
            rows,
        })
    } else {
        Stage::Report(report(ctx, s.id).await?)
    };
    Ok(Some(Import {
        id: s.id,
        state: s.state,
        file_name: s.file_name,
        format,
        created_by_name: s.created_by_name,
        created_at: s.created_at,
        stage,
    }))
}

async fn report(ctx: &Ctx, id: i64) -> Result<Report> {
    type Row = (
        i32,
        String,
        Option<String>,
        ImportKind,
        ImportPlan,
        Option<ImportResult>,
    );
    let rows: Vec<Row> = sqlx::query_as(
        "select line, name, uid, kind, plan, result from member_import_rows
         where import_id = $1 order by line",
    )
    .bind(id)
    .fetch_all(&ctx.pool)
    .await?;
    let retry_at: Option<NaiveDateTime> = sqlx::query_scalar(
        "select run_at at time zone 'Europe/Paris' from jobs
         where kind = $1 and dedup_key = $2 and state = $3 and attempts > 0",
    )
    .bind(ImportMembers::KIND)
    .bind(id.to_string())
    .bind(JobState::Ready)
    .fetch_optional(&ctx.pool)
    .await?;
    let rows: Vec<ReportRow> = rows
        .into_iter()
        .map(|(line, name, uid, kind, plan, result)| ReportRow {
            line,
            name,
            uid,
            kind,
            plan,
            result,
        })
        .collect();
    Ok(Report {
        done: rows.iter().filter(|r| r.result.is_some()).count(),
        total: rows.len(),
        rows,
        retry_at,
    })
}

/// What came of a choice on the preview.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Settled {
    Saved,
    /// Confirmed already (or by another tab): nothing changed.
    NotPreview,
    NotFound,
}

/// Keeps the referent's choices for import `id`, still a preview.
pub async fn settle(
    ctx: &Ctx,
    referent: &Referent,
    id: i64,
    settings: &Settings,
) -> Result<Settled> {
    let mut tx = ctx.pool.begin().await?;
    let Some(mut s) = stored(&mut tx, referent, id, true).await? else {
        return Ok(Settled::NotFound);
    };
    if s.state != ImportState::Preview {
        return Ok(Settled::NotPreview);
    }
    save(&mut tx, &mut s, settings).await?;
    tx.commit().await?;
    Ok(Settled::Saved)
}

/// Writes `settings` over what `s` holds, in the database and in `s`: what they leave out
/// stays as it was (the file is read again only then, for the mapping it had).
async fn save(tx: &mut sqlx::PgConnection, s: &mut Stored, settings: &Settings) -> Result<()> {
    let mapping = match (settings.header, &settings.columns) {
        (Some(header), Some(columns)) => Mapping {
            header,
            columns: columns.clone(),
        },
        (header, columns) => {
            let (_, now, _) = read_stored(s);
            Mapping {
                header: header.unwrap_or(now.header),
                columns: columns.clone().unwrap_or(now.columns),
            }
        }
    };
    let encoding = settings.encoding.map(|e| e.as_str().to_string());
    let mapping = serde_json::to_value(&mapping).unwrap_or_default();
    let choices = serde_json::to_value(settings.choices).unwrap_or_default();
    sqlx::query(
        "update member_imports set encoding = $2, mapping = $3, choices = $4 where id = $1",
    )
    .bind(s.id)
    .bind(&encoding)
    .bind(&mapping)
    .bind(&choices)
    .execute(tx)
    .await?;
    s.encoding = encoding;
    s.mapping = Some(mapping);
    s.choices = choices;
    Ok(())
}

/// What came of a confirmation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Confirmed {
    /// Its job is queued: `create` accounts to make, `groups` members to put in groups.
    Queued {
        create: usize,
        groups: usize,
    },
    /// Confirmed already: its job runs (a second press, another tab).
    Already,
    NotFound,
}

/// Confirms import `id` with the referent's last `settings`: each row's plan, made against
/// the space's members as they are now, is written and the job queued, in one transaction.
pub async fn confirm(
    ctx: &Ctx,
    referent: &Referent,
    id: i64,
    settings: &Settings,
) -> std::result::Result<Confirmed, ImportError> {
    // Read before the transaction: the space may be slow, and the plan is checked again row
    // by row when the job runs. What refused is handed on as it came.
    let all = match members::all_of(ctx, referent.space_id()).await {
        Ok((_, all)) => all,
        Err(Refusal::Database(e)) => return Err(ImportError::Database(e)),
        Err(e) => {
            if !matches!(e, Refusal::NotActive) && !e.maintenance() {
                tracing::warn!(space = referent.space_id(), error = %e, "an import's space could not be read");
            }
            return Err(e.into());
        }
    };
    let space = SpaceNow::of(ctx, &all);
    let mut tx = ctx.pool.begin().await?;
    let Some(mut s) = stored(&mut tx, referent, id, true).await? else {
        return Ok(Confirmed::NotFound);
    };
    if s.state != ImportState::Preview {
        return Ok(Confirmed::Already);
    }
    save(&mut tx, &mut s, settings).await?;
    let (table, mapping, choices) = read_stored(&s);
    if let Err(e) = &table {
        return Err(ImportError::Read(e.clone()));
    }
    let rows = planned(&table, &mapping, choices, space, &all);
    for r in &rows {
        let e = &r.entry;
        sqlx::query(
            "insert into member_import_rows (import_id, line, name, email, uid, groups, quota,
                                             kind, plan)
             values ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        )
        .bind(id)
        .bind(e.line as i32)
        .bind(e.name.chars().take(200).collect::<String>())
        .bind(Some(e.email.as_str()).filter(|s| !s.is_empty()))
        .bind(r.verdict.uid())
        .bind(&e.groups)
        .bind(Some(e.quota.as_str()).filter(|s| !s.is_empty()))
        .bind(r.kind)
        .bind(r.plan)
        .execute(&mut *tx)
        .await?;
    }
    sqlx::query("update member_imports set state = $2, confirmed_at = now() where id = $1")
        .bind(id)
        .bind(ImportState::Queued)
        .execute(&mut *tx)
        .await?;
    crate::jobs::enqueue(&mut tx, &ImportMembers { import: id }).await?;
    tx.commit().await?;
    let count = |p: ImportPlan| rows.iter().filter(|r| r.plan == p).count();
    Ok(Confirmed::Queued {
        create: count(ImportPlan::Create),
        groups: count(ImportPlan::AddToGroups),
    })
}

/// Drops import `id` while it is a preview (its file with it). Whether it was dropped.
pub async fn cancel(ctx: &Ctx, referent: &Referent, id: i64) -> Result<bool> {
    let done =
        sqlx::query("delete from member_imports where id = $1 and space_id = $2 and state = $3")
            .bind(id)
            .bind(referent.space_id())
            .bind(ImportState::Preview)
            .execute(&ctx.pool)
            .await?;
    Ok(done.rows_affected() == 1)
}

/// The space's latest imports (id, file name, state, Paris time), newest first.
pub async fn latest(
    ctx: &Ctx,
    referent: &Referent,
) -> Result<Vec<(i64, String, ImportState, NaiveDateTime)>> {
    Ok(sqlx::query_as(
        "select id, file_name, state, created_at at time zone 'Europe/Paris'
         from member_imports where space_id = $1 order by created_at desc, id desc limit 5",
    )
    .bind(referent.space_id())
    .fetch_all(&ctx.pool)
    .await?)
}

/// A cell of a file the portal writes, never read as a formula by a spreadsheet program: a
/// cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return gets a `'` before it
/// (OWASP's advice on CSV injection).
pub fn safe_cell(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

/// The report of the referent's import `id` as a CSV file (UTF-8 with its mark, semicolons,
/// as spreadsheet programs in France open it), its words in `lang`; `None` when the space has
/// no such confirmed import.
pub async fn report_csv(
    ctx: &Ctx,
    referent: &Referent,
    id: i64,
    lang: common::Lang,
) -> Result<Option<Vec<u8>>> {
    use crate::i18n::tr;
    let Some(found) = show_report(ctx, referent, id).await? else {
        return Ok(None);
    };
    let mut out = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_writer(b"\xEF\xBB\xBF".to_vec());
    let header = [
        "import-row-line",
        "dash-member-name",
        "dash-member-username",
        "import-row-what",
    ]
    .map(|k| tr(lang, k, &[]));
    let written = out.write_record(&header).and_then(|()| {
        for r in &found.rows {
            let what = match r.result {
                Some(ImportResult::Skipped) => format!(
                    "{} — {}",
                    tr(lang, &ImportResult::Skipped.message_key(), &[]),
                    tr(lang, &r.kind.message_key(), &[])
                ),
                Some(res) => tr(lang, &res.message_key(), &[]),
                None => tr(lang, "import-result-waiting", &[]),
            };
            out.write_record([
                r.line.to_string(),
                safe_cell(&r.name),
                safe_cell(r.uid.as_deref().unwrap_or_default()),
                safe_cell(&what),
            ])?;
        }
        Ok(())
    });
    match written.and_then(|()| out.into_inner().map_err(|e| e.into_error().into())) {
        Ok(bytes) => Ok(Some(bytes)),
        // Written to memory: nothing can fail but a bug.
        Err(error) => {
            tracing::error!(%error, "an import's report could not be written");
            Ok(None)
        }
    }
}

/// The report of import `id` when it is confirmed.
async fn show_report(ctx: &Ctx, referent: &Referent, id: i64) -> Result<Option<Report>> {
    let mut conn = ctx.pool.acquire().await?;
    match stored(&mut conn, referent, id, false).await? {
        Some(s) if s.state != ImportState::Preview => {
            drop(conn);
            Ok(Some(report(ctx, id).await?))
        }
        _ => Ok(None),
    }
}

/// Forgets imports never confirmed after a day, and finished ones after 30 days.
pub(crate) async fn purge(ctx: &Ctx) -> Result<u64> {
    let done = sqlx::query(
        "delete from member_imports
         where (state = $1 and created_at < now() - interval '1 day')
            or (state = $2 and finished_at < now() - interval '30 days')",
    )
    .bind(ImportState::Preview)
    .bind(ImportState::Finished)
    .execute(&ctx.pool)
    .await?;
    Ok(done.rows_affected())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cell_written_back_is_never_a_formula() {
        for bad in ["=1+1", "+33 6", "-2", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(safe_cell(bad), format!("'{bad}"));
        }
        assert_eq!(safe_cell("Hélène"), "Hélène");
    }

    #[test]
    fn a_file_name_is_shown_plainly() {
        assert_eq!(shown_name("C:\\Users\\moi\\membres.csv"), "membres.csv");
        assert_eq!(shown_name("../../etc/passwd"), "passwd");
        assert_eq!(shown_name("a\r\nb\u{0}.csv"), "ab.csv");
        assert_eq!(shown_name(&"x".repeat(300)).len(), 100);
    }
}
