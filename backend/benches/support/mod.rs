//! What the benches share: a database of their own on the cluster at `DATABASE_URL`.

use std::str::FromStr;

use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{ConnectOptions, PgPool};

/// The database `name`, dropped and made again, migrated, with a pool of `connections`.
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
