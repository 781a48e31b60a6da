//! `files:scan`: Nextcloud lists in its file cache what was written into a user's folder
//! behind its back (the host script's exports).

use super::occ::{tail, Occ};
use super::NcError;

impl Occ {
    /// `files:scan --path=PATH` (`/UID/files/…`). The command exits 0 even for an unknown
    /// user or a path not found, counting them in its table's `Errors` column (§6 files):
    /// both are read.
    pub async fn scan_files(&self, path: &str) -> Result<(), NcError> {
        let out = self
            .ok(&["files:scan", &format!("--path={path}")], &[])
            .await?;
        match scan_errors(&out.stdout) {
            Some(0) => Ok(()),
            _ => Err(NcError::Occ {
                code: 0,
                stderr: tail(&out.said()),
            }),
        }
    }
}

/// The `Errors` column of `files:scan`'s table: the header row names the columns, the next
/// row of cells holds the counts.
fn scan_errors(stdout: &str) -> Option<u64> {
    let cells = |line: &str| -> Vec<String> {
        line.trim()
            .trim_matches('|')
            .split('|')
            .map(|c| c.trim().to_string())
            .collect()
    };
    let mut rows = stdout.lines().filter(|l| l.trim_start().starts_with('|'));
    let header = cells(rows.next()?);
    let at = header.iter().position(|h| h == "Errors")?;
    cells(rows.next()?).get(at)?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::scan_errors;

    #[test]
    fn the_errors_of_a_files_scan_are_read_from_its_table() {
        let table = |errors: &str| {
            format!(
                "Starting scan for user 1 out of 1 (alix)\n\
                 +---------+-------+-----+---------+---------+--------+--------------+\n\
                 | Folders | Files | New | Updated | Removed | Errors | Elapsed time |\n\
                 +---------+-------+-----+---------+---------+--------+--------------+\n\
                 | 1       | 1     | 2   | 0       | 0       | {errors:<6} | 00:00:00     |\n\
                 +---------+-------+-----+---------+---------+--------+--------------+\n"
            )
        };
        assert_eq!(scan_errors(&table("0")), Some(0));
        assert_eq!(scan_errors(&table("1")), Some(1));
        assert_eq!(scan_errors("Unknown user 1 nobody\n"), None);
    }
}
