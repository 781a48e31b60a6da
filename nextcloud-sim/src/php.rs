//! PHP values as Nextcloud's responses carry them, in their order, and their two renderings:
//! `json_encode($v, JSON_HEX_TAG)` and `XMLWriter` with indentation (NEXTCLOUD.md §1.1).

use std::fmt::Write;

/// A PHP array is a list (keys 0..n) or a map (string keys, in insertion order); an empty
/// array is a list, so it encodes as `[]` (§1.1, §8.5).
#[derive(Clone, Debug, PartialEq)]
pub enum Php {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    List(Vec<Php>),
    Map(Vec<(String, Php)>),
}

impl From<&str> for Php {
    fn from(s: &str) -> Self {
        Php::Str(s.to_string())
    }
}
impl From<String> for Php {
    fn from(s: String) -> Self {
        Php::Str(s)
    }
}
impl From<bool> for Php {
    fn from(b: bool) -> Self {
        Php::Bool(b)
    }
}
impl From<i64> for Php {
    fn from(i: i64) -> Self {
        Php::Int(i)
    }
}
impl From<Option<String>> for Php {
    fn from(s: Option<String>) -> Self {
        s.map_or(Php::Null, Php::Str)
    }
}
impl<T: Into<Php>> From<Vec<T>> for Php {
    fn from(v: Vec<T>) -> Self {
        Php::List(v.into_iter().map(Into::into).collect())
    }
}

/// A PHP map literal: `map![("a", 1i64), ("b", "x")]`.
#[macro_export]
macro_rules! map {
    ($(($k:expr, $v:expr)),* $(,)?) => {
        $crate::php::Php::Map(vec![$(($k.to_string(), $crate::php::Php::from($v))),*])
    };
}

impl Php {
    pub fn empty() -> Php {
        Php::List(Vec::new())
    }

    /// A PHP array keyed by ids, where an id that looks like an integer becomes an integer
    /// key: `["alice", "123"]` as a list gives `["alice", 123]` once PHP has turned the keys
    /// of `$users[$uid]` back into values (§2.4: numeric uids come back as numbers).
    pub fn id(s: &str) -> Php {
        match s.parse::<i64>() {
            Ok(n) if n.to_string() == s => Php::Int(n),
            _ => Php::Str(s.to_string()),
        }
    }

    /// `json_encode($v, JSON_HEX_TAG)`: `/` as `\/`, `<` `>` as `\u003C` `\u003E`, every
    /// non-ASCII character as `\uXXXX` (PHP's default without `JSON_UNESCAPED_UNICODE`).
    pub fn to_json(&self) -> String {
        let mut out = String::new();
        self.json_into(&mut out, true);
        out
    }

    /// `json_encode($v)` without flags, as `status.php` and `occ --output=json` write it:
    /// like [`Php::to_json`] but `<` and `>` stay as they are.
    pub fn to_json_plain(&self) -> String {
        let mut out = String::new();
        self.json_into(&mut out, false);
        out
    }

    fn json_into(&self, out: &mut String, hex_tag: bool) {
        match self {
            Php::Null => out.push_str("null"),
            Php::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Php::Int(i) => {
                let _ = write!(out, "{i}");
            }
            Php::Float(f) => {
                // PHP ≥ 7.1 (serialize_precision = -1) writes the shortest form and keeps
                // `.0` on whole numbers.
                if f.fract() == 0.0 && f.is_finite() {
                    let _ = write!(out, "{f:.1}");
                } else {
                    let _ = write!(out, "{f}");
                }
            }
            Php::Str(s) => json_string(s, out, hex_tag),
            Php::List(v) => {
                out.push('[');
                for (i, x) in v.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    x.json_into(out, hex_tag);
                }
                out.push(']');
            }
            Php::Map(m) => {
                if m.is_empty() {
                    out.push_str("[]");
                    return;
                }
                out.push('{');
                for (i, (k, v)) in m.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    json_string(k, out, hex_tag);
                    out.push(':');
                    v.json_into(out, hex_tag);
                }
                out.push('}');
            }
        }
    }

    /// `BaseResponse::toXML` through `XMLWriter` with `setIndent(true)`: one space per
    /// level, numeric keys as `<element>`, `true` as `1`, `false` and `null` as empty
    /// elements, an empty array as a self-closed element.
    pub fn to_xml(root: &str, value: &Php) -> String {
        let mut out = String::from("<?xml version=\"1.0\"?>\n");
        xml_element(root, value, 0, &mut out);
        out
    }

    pub fn get(&self, key: &str) -> Option<&Php> {
        match self {
            Php::Map(m) => m.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }
}

fn json_string(s: &str, out: &mut String, hex_tag: bool) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '/' => out.push_str("\\/"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '<' if hex_tag => out.push_str("\\u003C"),
            '>' if hex_tag => out.push_str("\\u003E"),
            c if (c as u32) < 0x20 || (c as u32) > 0x7e => {
                let mut buf = [0u16; 2];
                for u in c.encode_utf16(&mut buf) {
                    let _ = write!(out, "\\u{u:04x}");
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

fn xml_element(name: &str, v: &Php, depth: usize, out: &mut String) {
    let pad = " ".repeat(depth);
    match v {
        Php::List(items) if items.is_empty() => {
            let _ = writeln!(out, "{pad}<{name}/>");
        }
        Php::Map(items) if items.is_empty() => {
            let _ = writeln!(out, "{pad}<{name}/>");
        }
        Php::List(items) => {
            let _ = writeln!(out, "{pad}<{name}>");
            for x in items {
                xml_element("element", x, depth + 1, out);
            }
            let _ = writeln!(out, "{pad}</{name}>");
        }
        Php::Map(items) => {
            let _ = writeln!(out, "{pad}<{name}>");
            for (k, x) in items {
                let k = if k.parse::<i64>().is_ok() {
                    "element"
                } else {
                    k
                };
                xml_element(k, x, depth + 1, out);
            }
            let _ = writeln!(out, "{pad}</{name}>");
        }
        scalar => {
            let text = match scalar {
                Php::Null | Php::Bool(false) => String::new(),
                Php::Bool(true) => "1".into(),
                Php::Int(i) => i.to_string(),
                Php::Float(f) => format!("{f}"),
                Php::Str(s) => xml_escape(s),
                _ => String::new(),
            };
            if matches!(scalar, Php::Null) {
                let _ = writeln!(out, "{pad}<{name}/>");
            } else {
                let _ = writeln!(out, "{pad}<{name}>{text}</{name}>");
            }
        }
    }
}

fn xml_escape(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '\r' => o.push_str("&#xD;"),
            c => o.push(c),
        }
    }
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_is_escaped_as_php_does() {
        let v = map![("a", "<b>/é"), ("n", Php::empty()), ("f", Php::Float(12.0))];
        assert_eq!(
            v.to_json(),
            r#"{"a":"\u003Cb\u003E\/\u00e9","n":[],"f":12.0}"#
        );
        assert_eq!(Php::Str("😀".into()).to_json(), r#""\ud83d\ude00""#);
        assert_eq!(Php::Map(vec![]).to_json(), "[]");
        assert_eq!(Php::id("123"), Php::Int(123));
        assert_eq!(Php::id("0123"), Php::Str("0123".into()));
    }

    #[test]
    fn xml_is_indented_with_elements_for_lists() {
        let v = map![
            ("meta", map![("status", "ok"), ("totalitems", "")]),
            (
                "data",
                map![
                    ("users", vec!["a", "b"]),
                    ("enabled", true),
                    ("none", Php::empty())
                ]
            )
        ];
        assert_eq!(
            Php::to_xml("ocs", &v),
            "<?xml version=\"1.0\"?>\n<ocs>\n <meta>\n  <status>ok</status>\n  <totalitems></totalitems>\n </meta>\n <data>\n  <users>\n   <element>a</element>\n   <element>b</element>\n  </users>\n  <enabled>1</enabled>\n  <none/>\n </data>\n</ocs>\n"
        );
    }
}
