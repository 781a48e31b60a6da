//! The job that runs a confirmed import, row by row in the file's order: the groups the
//! rows name made first where the space lacks them, then each account made (Nextcloud
//! mails its welcome, with a link to choose a password) or each existing member put in
//! the row's groups, each row's result written as soon as it is known.
//!
//! Never done twice: a row's creation goes through the members' own creation with the key
//! `import-<id>-<line>`, so a row whose result was not written (the worker stopped, the
//! answer lost) finds the account it made, rather than making another; a row with a result
//! is never tried again. The space's limit is counted afresh for each account, so members
//! who joined meanwhile leave no room past it. The space down, the job is retried later and
//! takes up where it stopped. Once every row has its result, the file and what the rows said
//! of each person (address, groups, quota) are deleted; the report stays.

use std::collections::BTreeSet;

use common::states::{ImportPlan, ImportResult, ImportState, MemberAction};
use common::Email;
use serde::{Deserialize, Serialize};

use crate::jobs::{Job, JobError, Policy, Registry, Running};
use crate::nextcloud::NcError;
use crate::referents::members::{self, Actor, NewMember, Refusal};
use crate::Ctx;

/// Runs import `import`.
#[derive(Clone, Copy, Debug, Serialize, Deserialize)]
pub struct ImportMembers {
    pub import: i64,
}

impl Job for ImportMembers {
    const KIND: &'static str = "referents.import";

    fn dedup_key(&self) -> Option<String> {
        Some(self.import.to_string())
    }
}

pub(crate) fn register(registry: &mut Registry) {
    registry
        .handle(
            Policy {
                max_attempts: 10,
                retry_base_secs: 30,
                one_at_a_time: false,
            },
            run,
        )
        .on_given_up(|ctx: Ctx, job: ImportMembers| async move {
            // Given up (the space gone, or never answering): the rows left say so, and the
            // import ends, its file deleted.
            finish(&ctx, job.import, Some(ImportResult::Refused)).await
        });
}

/// A row still to do.
#[derive(sqlx::FromRow)]
struct Todo {
    line: i32,
    name: String,
    email: Option<String>,
    uid: Option<String>,
    groups: Option<Vec<String>>,
    quota: Option<String>,
    plan: ImportPlan,
}

/// What a refusal of the space means for the job: later when it did not answer, else never.
fn job_error(e: Refusal) -> JobError {
    match e {
        Refusal::Database(e) => JobError::Retry(e.to_string()),
        e if e.not_reached() => JobError::Retry(e.to_string()),
        e => JobError::Fatal(e.to_string()),
    }
}

async fn run(run: Running, job: ImportMembers) -> Result<(), JobError> {
    let ctx = &run.ctx;
    let found: Option<(i64, String, String, ImportState)> = sqlx::query_as(
        "select space_id, created_by, created_by_name, state from member_imports where id = $1",
    )
    .bind(job.import)
    .fetch_optional(&ctx.pool)
    .await?;
    let Some((space_id, by, by_name, state)) = found else {
        // Purged, or its space removed: nothing to do.
        return Ok(());
    };
    if matches!(state, ImportState::Finished | ImportState::Preview) {
        return Ok(());
    }
    sqlx::query("update member_imports set state = $2 where id = $1 and state = $3")
        .bind(job.import)
        .bind(ImportState::Running)
        .bind(ImportState::Queued)
        .execute(&ctx.pool)
        .await?;
    let todo: Vec<Todo> = sqlx::query_as(
        "select line, name, email, uid, groups, quota, plan from member_import_rows
         where import_id = $1 and result is null order by line",
    )
    .bind(job.import)
    .fetch_all(&ctx.pool)
    .await?;
    let acting = todo.iter().any(|r| r.plan != ImportPlan::Skip);
    let ocs = if acting {
        let (ocs, _) = members::all_of(ctx, space_id).await.map_err(job_error)?;
        let wanted: BTreeSet<&str> = todo
            .iter()
            .filter(|r| r.plan != ImportPlan::Skip)
            .flat_map(|r| r.groups.iter().flatten().map(String::as_str))
            .collect();
        if !wanted.is_empty() {
            let have: Vec<String> = ocs
                .groups()
                .await
                .map_err(|e| job_error(Refusal::Space(e)))?;
            for group in wanted {
                if have.iter().any(|g| g.eq_ignore_ascii_case(group)) {
                    continue;
                }
                run.check_lease().await?;
                ocs.create_group(group, group)
                    .await
                    .map_err(|e| job_error(Refusal::of_answer(e)))?;
            }
        }
        Some(ocs)
    } else {
        None
    };
    let actor = Actor {
        uid: Some(&by),
        name: &by_name,
    };
    for row in todo {
        run.check_lease().await?;
        let result = match (row.plan, &ocs) {
            (ImportPlan::Create, _) => create(ctx, space_id, actor, job.import, &row).await?,
            (ImportPlan::AddToGroups, Some(ocs)) => {
                let uid = row.uid.as_deref().unwrap_or_default();
                let mut result = ImportResult::AddedToGroups;
                for group in row.groups.iter().flatten() {
                    match ocs.add_to_group(uid, group).await {
                        Ok(()) => {}
                        Err(NcError::NotFound | NcError::GroupMissing(_)) => {
                            result = ImportResult::Refused;
                            break;
                        }
                        Err(e) => return Err(job_error(Refusal::of_answer(e))),
                    }
                }
                result
            }
            _ => ImportResult::Skipped,
        };
        sqlx::query(
            "update member_import_rows set result = $3
             where import_id = $1 and line = $2 and result is null",
        )
        .bind(job.import)
        .bind(row.line)
        .bind(result)
        .execute(&ctx.pool)
        .await?;
    }
    let mut tx = run.fence().await?;
    end(&mut tx, job.import, None).await?;
    run.complete(tx).await
}

/// Makes the account of `row`: created, or why not. A refusal that is no fault of the row
/// (the space down) stops the job, to be tried again.
async fn create(
    ctx: &Ctx,
    space_id: i64,
    actor: Actor<'_>,
    import: i64,
    row: &Todo,
) -> Result<ImportResult, JobError> {
    let new = NewMember {
        display_name: row.name.clone(),
        uid: row.uid.clone(),
        email: row.email.as_deref().and_then(|e| Email::parse(e).ok()),
        groups: row.groups.clone().unwrap_or_default(),
        quota: row.quota.clone(),
    };
    let key = format!("import-{import}-{}", row.line);
    match members::create_as(
        ctx,
        space_id,
        actor,
        MemberAction::Created,
        &new,
        Some(&key),
    )
    .await
    {
        Ok(_) => Ok(ImportResult::Created),
        Err(Refusal::LimitReached { .. }) => Ok(ImportResult::NoRoom),
        Err(Refusal::UsernameTaken) => Ok(ImportResult::LoginTaken),
        Err(
            e @ (Refusal::UsernameRefused(_) | Refusal::EmailRefused(_) | Refusal::EmailRequired),
        ) => {
            tracing::warn!(space = space_id, import, line = row.line, error = %e, "the space refused an imported member");
            Ok(ImportResult::Refused)
        }
        Err(Refusal::Space(NcError::GroupMissing(_))) => Ok(ImportResult::Refused),
        Err(e) => Err(job_error(e)),
    }
}

/// Ends import `import`: the rows left get `left` (none when every row is done), and the
/// file and the rows' details are deleted.
async fn end(
    tx: &mut sqlx::PgConnection,
    import: i64,
    left: Option<ImportResult>,
) -> Result<(), sqlx::Error> {
    if let Some(left) = left {
        sqlx::query(
            "update member_import_rows set result = $2 where import_id = $1 and result is null",
        )
        .bind(import)
        .bind(left)
        .execute(&mut *tx)
        .await?;
    }
    sqlx::query(
        "update member_import_rows set email = null, groups = null, quota = null
         where import_id = $1",
    )
    .bind(import)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "update member_imports set state = $2, finished_at = now(), content = null
         where id = $1 and state <> $2",
    )
    .bind(import)
    .bind(ImportState::Finished)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

async fn finish(ctx: &Ctx, import: i64, left: Option<ImportResult>) -> Result<(), sqlx::Error> {
    let mut tx = ctx.pool.begin().await?;
    end(&mut tx, import, left).await?;
    tx.commit().await
}
