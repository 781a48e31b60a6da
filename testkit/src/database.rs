//! The database itself: a fresh one for the benches (the tests get theirs from
//! `sqlx::test`), and where a text is still stored, for the tests of erasure.

use std::str::FromStr;

use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{ConnectOptions, PgPool};

/// The database `name` on the cluster at `DATABASE_URL`, dropped and made again, migrated,
/// with a pool of `connections`: a bench measures on a database of its own, from empty.
pub async fn fresh_database(name: &str, connections: u32) -> PgPool {
    let url =
        std::env::var("DATABASE_URL").expect("DATABASE_URL (the cluster's postgres database)");
    let admin = PgConnectOptions::from_str(&url).unwrap();
    let mut conn = admin.connect().await.unwrap();
    sqlx::query(&format!("drop database if exists {name} with (force)"))
        .execute(&mut conn)
        .await
        .unwrap();
    sqlx::query(&format!("create database {name}"))
        .execute(&mut conn)
        .await
        .unwrap();
    let pool = PgPoolOptions::new()
        .max_connections(connections)
        .connect_with(admin.database(name))
        .await
        .unwrap();
    backend::db::migrate(&pool).await.unwrap();
    pool
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
