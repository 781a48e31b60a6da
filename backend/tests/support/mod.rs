#![allow(dead_code)]

pub mod applicants;
pub mod hosts;
pub mod smtp;

use std::sync::Arc;

use backend::config::MailSettings;
use backend::jobs::Worker;
use backend::{Ctx, Settings};
use sqlx::PgPool;

/// A job worker with every handler, sending mail as `mail` says.
pub fn worker(pool: &PgPool, mail: MailSettings) -> Worker {
    let mut settings = Settings::for_tests();
    settings.mail = mail;
    let ctx = Ctx::new(pool.clone(), settings);
    let registry = Arc::new(backend::portal::jobs(&ctx.settings));
    Worker::new(ctx, registry, "test")
}

/// Every `table.column` of the database (any schema but the system's) whose text holds
/// `needle`, case-insensitively: proves that something was erased everywhere, including
/// tables added after this test was written.
pub async fn places_holding(pool: &PgPool, needle: &str) -> Vec<String> {
    let columns: Vec<(String, String, String, String)> = sqlx::query_as(
        "select table_schema::text, table_name::text, column_name::text, data_type::text
         from information_schema.columns c
         where table_schema not in ('pg_catalog', 'information_schema')
           and exists (select 1 from information_schema.tables t
                       where t.table_schema = c.table_schema and t.table_name = c.table_name
                         and t.table_type = 'BASE TABLE')",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    let mut found = Vec::new();
    for (schema, table, column, data_type) in columns {
        // bytea columns are searched as their escaped text, so that serialised session
        // data and the like count too.
        let text = if data_type == "bytea" {
            format!("encode(\"{column}\", 'escape')")
        } else {
            format!("\"{column}\"::text")
        };
        let sql = format!(
            "select count(*) from \"{schema}\".\"{table}\"
             where position(lower($1) in lower({text})) > 0"
        );
        let n: i64 = sqlx::query_scalar(&sql)
            .bind(needle)
            .fetch_one(pool)
            .await
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
        if n > 0 {
            found.push(format!("{schema}.{table}.{column}"));
        }
    }
    found
}
