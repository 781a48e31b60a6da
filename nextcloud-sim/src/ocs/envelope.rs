//! The OCS envelope (NEXTCLOUD.md §1): the format an answer is written in, the answer ready
//! for the wire, a controller's failure, and the `ocs`/`meta`/`data` document around a
//! result with its HTTP status.

use crate::map;
use crate::params::Params;
use crate::php::Php;

/// JSON or XML (§1.2).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Json,
    Xml,
}

impl Format {
    /// The controller path: `format` wins, then the first whole `json`/`xml` token of
    /// `Accept` once `application/` is stripped, else XML (§1.2; `application/json;
    /// charset=utf-8` matches nothing, §8.3).
    pub fn negotiate(params: &Params, accept: Option<&str>) -> Format {
        if let Some(f) = Self::param(params) {
            return f;
        }
        for part in accept.unwrap_or("").split(',') {
            let p = part.trim().to_ascii_lowercase();
            let p = p.strip_prefix("application/").unwrap_or(&p);
            match p {
                "json" => return Format::Json,
                "xml" => return Format::Xml,
                _ => {}
            }
        }
        Format::Xml
    }

    /// The `ApiHelper` path of pre-routing errors: only `format` counts (§1.2).
    pub fn param(params: &Params) -> Option<Format> {
        match params.get("format") {
            Some("json") => Some(Format::Json),
            Some("xml") => Some(Format::Xml),
            _ => None,
        }
    }
}

/// An answer ready for the wire.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub content_type: &'static str,
    pub headers: Vec<(&'static str, String)>,
    pub body: String,
}

impl Reply {
    pub fn new(status: u16, content_type: &'static str, body: String) -> Reply {
        Reply {
            status,
            content_type,
            headers: Vec::new(),
            body,
        }
    }
    /// The bare `{"message":…}` JSON that the security middleware answers outside OCS (the
    /// 412 of §1.4; 401 and 403 on non-OCS routes).
    pub fn message(status: u16, message: &str) -> Reply {
        Reply::new(
            status,
            "application/json; charset=utf-8",
            crate::map![("message", message)].to_json(),
        )
    }
    pub fn empty(status: u16) -> Reply {
        Reply::new(status, "text/html; charset=UTF-8", String::new())
    }
    pub fn header(mut self, name: &'static str, value: impl Into<String>) -> Reply {
        self.headers.push((name, value.into()));
        self
    }
}

/// A failure as a controller throws it: the OCS status code and its message.
#[derive(Debug, Clone, PartialEq)]
pub struct OcsError {
    pub code: u32,
    pub message: String,
    /// `DataResponse` errors carry data (the app-config 403, §2.1); exceptions carry `[]`.
    pub data: Php,
}

pub fn err(code: u32, message: impl Into<String>) -> OcsError {
    OcsError {
        code,
        message: message.into(),
        data: Php::empty(),
    }
}

pub type OcsResult = Result<Php, OcsError>;

/// The HTTP status of an OCS code: v1 answers 200 except for 997 (§1.1, §8.1); v2 passes it.
pub fn http_status(v2: bool, code: u32) -> u16 {
    if !v2 {
        return if code == 997 { 401 } else { 200 };
    }
    match code {
        100 | 200 => 200,
        997 => 401,
        998 => 404,
        996 | 999 => 500,
        c if !(200..=600).contains(&c) => 400,
        c => c as u16,
    }
}

/// `V1Response`/`V2Response` + `BaseResponse::renderResult` (§1.1). `controller` picks the
/// content types of controller answers over those of `ApiHelper` (§1.2).
pub fn envelope(v2: bool, format: Format, result: &OcsResult, controller: bool) -> Reply {
    let (code, message, data) = match result {
        Ok(d) => (if v2 { 200 } else { 100 }, "OK".to_string(), d.clone()),
        Err(e) => (e.code, e.message.clone(), e.data.clone()),
    };
    let status = http_status(v2, code);
    let ok = if v2 {
        (200..300).contains(&status)
    } else {
        code == 100
    };
    let mut meta = vec![
        (
            "status".to_string(),
            Php::from(if ok { "ok" } else { "failure" }),
        ),
        ("statuscode".to_string(), Php::Int(code as i64)),
        ("message".to_string(), Php::Str(message)),
    ];
    if !v2 {
        meta.push(("totalitems".into(), Php::from("")));
        meta.push(("itemsperpage".into(), Php::from("")));
    }
    let doc = map![("ocs", map![("meta", Php::Map(meta)), ("data", data)])];
    match format {
        Format::Json => Reply::new(status, "application/json; charset=utf-8", doc.to_json()),
        Format::Xml => {
            let inner = doc.get("ocs").cloned().unwrap_or(Php::Null);
            let ct = if controller {
                "application/xml; charset=utf-8"
            } else {
                "text/xml; charset=UTF-8"
            };
            Reply::new(status, ct, Php::to_xml("ocs", &inner))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn v1_answers_200_except_997_and_v2_passes_the_code() {
        assert_eq!(http_status(false, 102), 200);
        assert_eq!(http_status(false, 404), 200);
        assert_eq!(http_status(false, 997), 401);
        assert_eq!(http_status(true, 102), 400);
        assert_eq!(http_status(true, 998), 404);
        assert_eq!(http_status(true, 403), 403);
        assert_eq!(http_status(true, 996), 500);
        assert_eq!(http_status(true, 200), 200);
    }

    #[test]
    fn accept_is_honoured_only_for_whole_tokens() {
        let p = Params::default();
        assert_eq!(
            Format::negotiate(&p, Some("application/json")),
            Format::Json
        );
        assert_eq!(
            Format::negotiate(&p, Some("text/html, application/json")),
            Format::Json
        );
        assert_eq!(
            Format::negotiate(&p, Some("application/json; charset=utf-8")),
            Format::Xml
        );
        assert_eq!(Format::negotiate(&p, Some("*/*")), Format::Xml);
        assert_eq!(Format::negotiate(&p, None), Format::Xml);
        let j = Params::parse("format=json", None, b"");
        assert_eq!(Format::negotiate(&j, Some("application/xml")), Format::Json);
    }

    #[test]
    fn v1_and_v2_envelopes_differ_as_documented() {
        let e = Err(err(102, "User already exists"));
        let v1 = envelope(false, Format::Json, &e, true);
        assert_eq!(v1.status, 200);
        assert_eq!(
            v1.body,
            r#"{"ocs":{"meta":{"status":"failure","statuscode":102,"message":"User already exists","totalitems":"","itemsperpage":""},"data":[]}}"#
        );
        let v2 = envelope(true, Format::Json, &e, true);
        assert_eq!(v2.status, 400);
        assert_eq!(
            v2.body,
            r#"{"ocs":{"meta":{"status":"failure","statuscode":102,"message":"User already exists"},"data":[]}}"#
        );
        let ok = envelope(false, Format::Json, &Ok(map![("id", "a")]), true);
        assert!(ok.body.contains(r#""statuscode":100,"message":"OK""#));
    }
}
