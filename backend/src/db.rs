//! Connecting and migrating.

use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::PgPool;
use std::str::FromStr;
use std::time::Duration;

pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("../migrations");

pub async fn connect(url: &str, max_connections: u32) -> Result<PgPool, sqlx::Error> {
    let options = PgConnectOptions::from_str(url)?.application_name("framaspace");
    PgPoolOptions::new()
        .max_connections(max_connections)
        .acquire_timeout(Duration::from_secs(5))
        .connect_with(options)
        .await
}

pub async fn migrate(pool: &PgPool) -> Result<(), sqlx::migrate::MigrateError> {
    MIGRATOR.run(pool).await
}

/// True when the database answers a trivial query.
pub async fn is_ready(pool: &PgPool) -> bool {
    sqlx::query_scalar::<_, i32>("select 1")
        .fetch_one(pool)
        .await
        .is_ok()
}

#[cfg(test)]
mod tests {
    use sha2::{Digest, Sha256};
    use std::path::Path;

    /// A merged migration has run on someone's database: editing it would leave that
    /// database behind without a word (and sqlx refuses to start on a changed checksum).
    /// `migrations/merged.sha256` lists every merged migration (`sha256sum -c` reads it).
    #[test]
    fn merged_migrations_are_never_edited_and_new_ones_are_listed() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../migrations");
        let lock = std::fs::read_to_string(dir.join("merged.sha256")).unwrap_or_default();
        let mut listed = Vec::new();
        for line in lock.lines().filter(|l| !l.trim().is_empty()) {
            let (hash, name) = line.split_once("  ").unwrap_or((line, ""));
            let text = std::fs::read(dir.join(name)).unwrap_or_default();
            let actual: String = Sha256::digest(&text)
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect();
            assert_eq!(
                actual, hash,
                "{name} changed after it was merged: put the change in a new migration"
            );
            listed.push(name.to_string());
        }
        let mut files: Vec<String> = std::fs::read_dir(&dir)
            .map(|d| {
                d.flatten()
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .filter(|n| n.ends_with(".sql"))
                    .collect()
            })
            .unwrap_or_default();
        files.sort();
        for name in &files {
            let (version, what) = name.split_once('_').unwrap_or(("", ""));
            assert!(
                version.len() == 14 && version.bytes().all(|b| b.is_ascii_digit()),
                "{name}: a migration is named <YYYYMMDDNNNNNN>_<what it adds>.sql"
            );
            assert!(
                what.trim_end_matches(".sql")
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b == b'_'),
                "{name}: lower-case words joined by underscores"
            );
            assert!(
                listed.contains(name),
                "{name} is not in migrations/merged.sha256: add it as it is merged \
                 (cd migrations && sha256sum {name} >> merged.sha256)"
            );
        }
        assert_eq!(listed.len(), files.len(), "every listed migration exists");
    }
}
