//! A list of members as a file gives it: rows of cells, from a text file (UTF-8 with or
//! without its mark, Windows-1252, UTF-16 as spreadsheet programs write "Unicode text";
//! separated by commas, semicolons or tabs; quoted fields may hold line breaks) or from a
//! sheet (`.xlsx`, `.ods`, its first sheet). Read through maintained crates: `encoding_rs`,
//! `csv`, `calamine`. What cannot be read is a [`ReadError`], each said plainly by the page.

use std::borrow::Cow;
use std::io::Cursor;

use calamine::{Data, Ods, Reader, Xlsx};
use encoding_rs::{UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1252};

/// The largest file read: a list of 5,000 members is far below it.
pub const MAX_BYTES: usize = 2 * 1024 * 1024;
/// Rows read at most, the header included.
pub const MAX_ROWS: usize = 5_001;
/// Columns a row may have.
pub const MAX_COLUMNS: usize = 100;
/// Characters kept of a cell: no name, address or group is longer.
pub const MAX_CELL: usize = 1_000;

/// How a text file's bytes are letters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    /// What spreadsheet programs on Windows write as "CSV" in Western Europe.
    Windows1252,
    /// "Unicode text": UTF-16, little-endian unless its mark says otherwise.
    Utf16,
}

impl Encoding {
    pub const ALL: [Encoding; 3] = [Encoding::Utf8, Encoding::Windows1252, Encoding::Utf16];

    /// As a form sends it and a page shows it.
    pub fn as_str(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Windows1252 => "Windows-1252",
            Encoding::Utf16 => "UTF-16",
        }
    }

    pub fn parse(s: &str) -> Option<Encoding> {
        Encoding::ALL.into_iter().find(|e| e.as_str() == s)
    }
}

/// What kind of file it was.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Text in `encoding`, its cells separated by `separator`.
    Text {
        encoding: Encoding,
        separator: char,
    },
    Xlsx,
    Ods,
}

/// The file's rows, empty ones left out; each cell trimmed, at most [`MAX_CELL`] characters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Table {
    pub format: Format,
    pub rows: Vec<Vec<String>>,
}

/// Why a file could not be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ReadError {
    #[error("the file is empty")]
    Empty,
    #[error("the file is over 2 MB")]
    TooLarge,
    #[error("the file has over 5,000 rows")]
    TooManyRows,
    #[error("a row has over 100 columns")]
    TooManyColumns,
    /// Bytes no text has (NUL), in a file that is not a sheet either.
    #[error("the file is not text nor a sheet")]
    NotText,
    /// The encoding asked for does not fit the bytes (invalid UTF-8 declared UTF-8).
    #[error("the file is not {}", .0.as_str())]
    WrongEncoding(Encoding),
    /// A sheet (zip) that neither `.xlsx` nor `.ods` reading understood.
    #[error("the sheet cannot be read")]
    UnreadableSheet,
}

/// Reads `bytes`: a sheet by its content (a zip), else text, in `encoding` when given, else
/// the encoding found (its mark, else UTF-8 when the bytes are UTF-8, else Windows-1252).
pub fn read(bytes: &[u8], encoding: Option<Encoding>) -> Result<Table, ReadError> {
    if bytes.len() > MAX_BYTES {
        return Err(ReadError::TooLarge);
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ReadError::Empty);
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return read_sheet(bytes);
    }
    let encoding = match encoding {
        Some(e) => e,
        None => found_encoding(bytes),
    };
    let text = decode(bytes, encoding)?;
    if text.contains('\0') {
        return Err(ReadError::NotText);
    }
    let separator = separator(&text);
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(separator as u8)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        // The csv reader only fails on I/O and, for a `&[u8]`, on nothing else: a quote left
        // open takes the rest of the file as its cell.
        let record = record.map_err(|_| ReadError::NotText)?;
        push_row(&mut rows, record.iter())?;
    }
    finish(
        Format::Text {
            encoding,
            separator,
        },
        rows,
    )
}

/// The encoding a text file's bytes say: UTF-16 or UTF-8 by their mark, UTF-16 when every
/// other byte of its start is zero (no mark), UTF-8 when they are UTF-8, else Windows-1252.
fn found_encoding(bytes: &[u8]) -> Encoding {
    match encoding_rs::Encoding::for_bom(bytes) {
        Some((e, _)) if e == UTF_8 => return Encoding::Utf8,
        Some(_) => return Encoding::Utf16,
        None => {}
    }
    let start = &bytes[..bytes.len().min(64)];
    let zeros_at = |parity: usize| {
        start.len() >= 4
            && start
                .iter()
                .enumerate()
                .all(|(i, b)| (i % 2 == parity) == (*b == 0))
    };
    if zeros_at(0) || zeros_at(1) {
        return Encoding::Utf16;
    }
    if std::str::from_utf8(bytes).is_ok() {
        Encoding::Utf8
    } else {
        Encoding::Windows1252
    }
}

fn decode(bytes: &[u8], encoding: Encoding) -> Result<Cow<'_, str>, ReadError> {
    match encoding {
        Encoding::Utf8 => {
            let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
            std::str::from_utf8(bytes)
                .map(Cow::Borrowed)
                .map_err(|_| ReadError::WrongEncoding(Encoding::Utf8))
        }
        Encoding::Windows1252 => Ok(WINDOWS_1252.decode_without_bom_handling(bytes).0),
        Encoding::Utf16 => {
            let (e, bom) = match encoding_rs::Encoding::for_bom(bytes) {
                Some((e, n)) if e != UTF_8 => (e, n),
                // No mark: the zero byte of ASCII letters says which end comes first.
                _ if bytes.first() == Some(&0) => (UTF_16BE, 0),
                _ => (UTF_16LE, 0),
            };
            let (text, malformed) = e.decode_without_bom_handling(&bytes[bom..]);
            if malformed {
                return Err(ReadError::WrongEncoding(Encoding::Utf16));
            }
            Ok(text)
        }
    }
}

/// The separator of the first line that has one, outside quotes: tab, semicolon or comma,
/// whichever it has most of (a tab first, then a semicolon, on a tie); a comma for a file
/// of one column.
fn separator(text: &str) -> char {
    for line in text.lines().take(20) {
        let mut quoted = false;
        let mut counts = [0usize; 3];
        for c in line.chars() {
            match c {
                '"' => quoted = !quoted,
                '\t' if !quoted => counts[0] += 1,
                ';' if !quoted => counts[1] += 1,
                ',' if !quoted => counts[2] += 1,
                _ => {}
            }
        }
        let best = counts.iter().copied().max().unwrap_or(0);
        if best > 0 {
            let at = counts.iter().position(|n| *n == best).unwrap_or(2);
            return ['\t', ';', ','][at];
        }
    }
    ','
}

/// The first sheet of an `.xlsx` or `.ods` file, each cell as the sheet shows its value.
fn read_sheet(bytes: &[u8]) -> Result<Table, ReadError> {
    let cursor = Cursor::new(bytes);
    let (format, range) = if let Ok(mut book) = Xlsx::new(cursor.clone()) {
        (Format::Xlsx, book.worksheet_range_at(0).map(|r| r.ok()))
    } else if let Ok(mut book) = Ods::new(cursor) {
        (Format::Ods, book.worksheet_range_at(0).map(|r| r.ok()))
    } else {
        return Err(ReadError::UnreadableSheet);
    };
    let range = match range {
        Some(Some(r)) => r,
        Some(None) => return Err(ReadError::UnreadableSheet),
        None => return Err(ReadError::Empty),
    };
    let (height, width) = range.get_size();
    if height > MAX_ROWS * 2 {
        return Err(ReadError::TooManyRows);
    }
    if width > MAX_COLUMNS {
        return Err(ReadError::TooManyColumns);
    }
    let mut rows = Vec::new();
    for row in range.rows() {
        let cells: Vec<String> = row.iter().map(cell_text).collect();
        push_row(&mut rows, cells.iter().map(String::as_str))?;
    }
    finish(format, rows)
}

/// A sheet's cell as text: a whole number without `.0` (a member number, a quota in GB).
fn cell_text(d: &Data) -> String {
    match d {
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        other => other.to_string(),
    }
}

/// Adds a row of `cells` (trimmed, cut to [`MAX_CELL`]), unless all are empty; refuses past
/// the limits.
fn push_row<'a>(
    rows: &mut Vec<Vec<String>>,
    cells: impl Iterator<Item = &'a str>,
) -> Result<(), ReadError> {
    let mut row = Vec::new();
    for cell in cells {
        if row.len() == MAX_COLUMNS {
            return Err(ReadError::TooManyColumns);
        }
        row.push(cell.trim().chars().take(MAX_CELL).collect::<String>());
    }
    while row.last().is_some_and(String::is_empty) {
        row.pop();
    }
    if row.is_empty() {
        return Ok(());
    }
    if rows.len() == MAX_ROWS {
        return Err(ReadError::TooManyRows);
    }
    rows.push(row);
    Ok(())
}

fn finish(format: Format, rows: Vec<Vec<String>>) -> Result<Table, ReadError> {
    if rows.is_empty() {
        return Err(ReadError::Empty);
    }
    Ok(Table { format, rows })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(t: &Table) -> (Format, Vec<Vec<&str>>) {
        (
            t.format,
            t.rows
                .iter()
                .map(|r| r.iter().map(String::as_str).collect())
                .collect(),
        )
    }

    #[test]
    fn separators_quotes_and_line_breaks() {
        let t = read(b"Nom;E-mail\n\"Dupont; H\xc3\xa9l\xc3\xa8ne\";helene@example.org\r\n\n\"Line\nbreak\";x@example.org\n", None).unwrap();
        assert_eq!(
            text(&t),
            (
                Format::Text {
                    encoding: Encoding::Utf8,
                    separator: ';'
                },
                vec![
                    vec!["Nom", "E-mail"],
                    vec!["Dupont; Hélène", "helene@example.org"],
                    vec!["Line\nbreak", "x@example.org"],
                ]
            )
        );
        let t = read(b"name\temail\nA, B\ta@example.org\n", None).unwrap();
        assert_eq!(t.rows[1], ["A, B", "a@example.org"]);
        let t = read(b"name,email\n\"A; B\",a@example.org\n", None).unwrap();
        assert_eq!(t.rows[1], ["A; B", "a@example.org"]);
        // One column: a list of names.
        let t = read(b"Camille\nDominique\n", None).unwrap();
        assert_eq!(t.rows, [["Camille"], ["Dominique"]]);
    }

    #[test]
    fn encodings_found_shown_and_changeable() {
        // Windows-1252, as a spreadsheet on Windows writes it: not UTF-8, so found.
        let cp1252 = b"Nom;Pr\xe9nom\nL\xe9vy;\xc9lodie\n";
        let t = read(cp1252, None).unwrap();
        assert_eq!(
            t.format,
            Format::Text {
                encoding: Encoding::Windows1252,
                separator: ';'
            }
        );
        assert_eq!(t.rows[1], ["Lévy", "Élodie"]);
        // Declared UTF-8, it is refused plainly rather than read as replacement marks.
        assert_eq!(
            read(cp1252, Some(Encoding::Utf8)),
            Err(ReadError::WrongEncoding(Encoding::Utf8))
        );
        // UTF-8 with its mark: the mark is not part of the first cell.
        let t = read(b"\xEF\xBB\xBFname,email\n", None).unwrap();
        assert_eq!(t.rows[0], ["name", "email"]);
        // UTF-16 little-endian with its mark, as "Unicode text" is written, and without.
        let utf16: Vec<u8> = "nom\temail\nÉlodie\te@example.org\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        for bytes in [[&[0xFF_u8, 0xFE][..], &utf16[..]].concat(), utf16.clone()] {
            let t = read(&bytes, None).unwrap();
            assert_eq!(
                t.format,
                Format::Text {
                    encoding: Encoding::Utf16,
                    separator: '\t'
                }
            );
            assert_eq!(t.rows[1], ["Élodie", "e@example.org"]);
        }
        // A UTF-8 file read as Windows-1252 when the referent says so.
        let t = read("Hélène".as_bytes(), Some(Encoding::Windows1252)).unwrap();
        assert_eq!(t.rows[0], ["HÃ©lÃ¨ne"]);
    }

    /// Two sheets made as a spreadsheet program saves them (`samples/`, written by hand with
    /// Python's `zipfile`: an `.xlsx` with inline strings, an `.ods`), a number among the cells.
    #[test]
    fn the_first_sheet_of_an_xlsx_or_ods_file() {
        for (bytes, format) in [
            (&include_bytes!("samples/membres.xlsx")[..], Format::Xlsx),
            (&include_bytes!("samples/membres.ods")[..], Format::Ods),
        ] {
            let t = read(bytes, None).unwrap();
            assert_eq!(t.format, format);
            assert_eq!(
                t.rows,
                [
                    ["Nom", "E-mail", "Quota"],
                    ["Hélène Dupont", "helene@example.org", "5"]
                ],
                "{format:?}"
            );
        }
    }

    #[test]
    fn what_cannot_be_read_is_said() {
        assert_eq!(read(b"", None), Err(ReadError::Empty));
        assert_eq!(read(b" \r\n\t\n", None), Err(ReadError::Empty));
        assert_eq!(read(b";;;\n;;\n", None), Err(ReadError::Empty));
        assert_eq!(read(b"a\0b;c\n", None), Err(ReadError::NotText));
        assert_eq!(
            read(&vec![b'a'; MAX_BYTES + 1], None),
            Err(ReadError::TooLarge)
        );
        let many = "x@example.org\n".repeat(MAX_ROWS + 1);
        assert_eq!(read(many.as_bytes(), None), Err(ReadError::TooManyRows));
        let wide = format!("{}\n", vec!["a"; MAX_COLUMNS + 1].join(";"));
        assert_eq!(read(wide.as_bytes(), None), Err(ReadError::TooManyColumns));
        assert_eq!(
            read(b"PK\x03\x04 not really a sheet", None),
            Err(ReadError::UnreadableSheet)
        );
        // A cell is cut, never kept whole.
        let long = "y".repeat(MAX_CELL * 3);
        assert_eq!(
            read(long.as_bytes(), None).unwrap().rows[0][0].len(),
            MAX_CELL
        );
    }
}
