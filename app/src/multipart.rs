//! A form's body sent as `multipart/form-data` (a form with a file), read whole: its parts,
//! each a field's name, the file's name when it is a file, and its bytes. The body is in
//! memory already (the handler read it within the action's limit), so reading it never
//! waits.

use axum::body::Bytes;

/// A part of the body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Part {
    pub name: String,
    /// The file's name, when the part is a file.
    pub file_name: Option<String>,
    pub bytes: Vec<u8>,
}

/// The boundary a multipart body opens with (`--<boundary>\r\n`), if it is one.
fn boundary(body: &[u8]) -> Option<&str> {
    let first = body.split(|b| *b == b'\n').next()?;
    let first = first.strip_suffix(b"\r").unwrap_or(first);
    let boundary = std::str::from_utf8(first.strip_prefix(b"--")?).ok()?;
    // RFC 2046: 1 to 70 characters.
    (1..=70).contains(&boundary.len()).then_some(boundary)
}

/// The parts of `body`, when it is a multipart body; `None` when it is not, or is broken.
pub fn parts(body: &[u8]) -> Option<Vec<Part>> {
    let boundary = boundary(body)?.to_string();
    let data = Bytes::copy_from_slice(body);
    let stream = futures_util::stream::once(async move { Ok::<Bytes, std::io::Error>(data) });
    let mut multipart = multer::Multipart::new(stream, boundary);
    futures_executor::block_on(async move {
        let mut parts = Vec::new();
        while let Some(field) = multipart.next_field().await.ok()? {
            let name = field.name().unwrap_or_default().to_string();
            let file_name = field.file_name().map(str::to_string);
            let bytes = field.bytes().await.ok()?.to_vec();
            parts.push(Part {
                name,
                file_name,
                bytes,
            });
        }
        Some(parts)
    })
}

/// The text fields of a multipart body, as a form's values (a file's bytes left out).
pub fn text_values(body: &[u8]) -> Option<Vec<(String, String)>> {
    Some(
        parts(body)?
            .into_iter()
            .filter(|p| p.file_name.is_none())
            .map(|p| (p.name, String::from_utf8_lossy(&p.bytes).into_owned()))
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_multipart_body_gives_its_fields_and_files() {
        let body = b"--XyZ\r\nContent-Disposition: form-data; name=\"encoding\"\r\n\r\nUTF-8\r\n\
            --XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"m.csv\"\r\n\
            Content-Type: text/csv\r\n\r\nnom;courriel\r\n\xe9\r\n--XyZ--\r\n";
        let got = parts(body).unwrap();
        assert_eq!(got.len(), 2);
        assert_eq!(
            (got[0].name.as_str(), &got[0].bytes[..]),
            ("encoding", &b"UTF-8"[..])
        );
        assert_eq!(got[1].file_name.as_deref(), Some("m.csv"));
        assert_eq!(got[1].bytes, b"nom;courriel\r\n\xe9");
        assert_eq!(
            text_values(body).unwrap(),
            [("encoding".to_string(), "UTF-8".to_string())]
        );
        assert_eq!(parts(b"text=abc&encoding="), None);
        assert_eq!(parts(b"--XyZ\r\nbroken"), None);
    }
}
