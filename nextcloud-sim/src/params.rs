//! Nextcloud's one parameter bag: the query string, form bodies (for PUT and DELETE too) and
//! JSON bodies merged (NEXTCLOUD.md §2.1 "Parameter passing"). Arrays come as `groups[]=a`,
//! `groups[0]=a` or JSON arrays.

use std::collections::BTreeMap;

#[derive(Clone, Debug, PartialEq)]
pub enum Param {
    One(String),
    Many(Vec<String>),
}

#[derive(Clone, Debug, Default)]
pub struct Params(BTreeMap<String, Param>);

impl Params {
    pub fn parse(query: &str, content_type: Option<&str>, body: &[u8]) -> Params {
        let mut p = Params::default();
        p.add_urlencoded(query.as_bytes());
        let ct = content_type.unwrap_or("").to_ascii_lowercase();
        if ct.starts_with("application/x-www-form-urlencoded") {
            p.add_urlencoded(body);
        } else if ct.starts_with("application/json") {
            if let Ok(serde_json::Value::Object(m)) = serde_json::from_slice(body) {
                for (k, v) in m {
                    let param = match v {
                        serde_json::Value::Array(a) => Param::Many(a.iter().map(scalar).collect()),
                        other => Param::One(scalar(&other)),
                    };
                    p.0.insert(k, param);
                }
            }
        }
        p
    }

    fn add_urlencoded(&mut self, bytes: &[u8]) {
        for (k, v) in form_urlencoded::parse(bytes) {
            let (key, is_array) = match k.find('[') {
                Some(i) if k.ends_with(']') => (k[..i].to_string(), true),
                _ => (k.to_string(), false),
            };
            if is_array {
                match self.0.entry(key).or_insert_with(|| Param::Many(Vec::new())) {
                    Param::Many(list) => list.push(v.into_owned()),
                    one => *one = Param::Many(vec![v.into_owned()]),
                }
            } else {
                self.0.insert(key, Param::One(v.into_owned()));
            }
        }
    }

    /// A single value, as PHP's `$request->getParam()` gives it (an array is not a string).
    pub fn get(&self, key: &str) -> Option<&str> {
        match self.0.get(key)? {
            Param::One(s) => Some(s),
            Param::Many(_) => None,
        }
    }

    pub fn str(&self, key: &str) -> &str {
        self.get(key).unwrap_or("")
    }

    pub fn list(&self, key: &str) -> Vec<String> {
        match self.0.get(key) {
            Some(Param::Many(v)) => v.clone(),
            Some(Param::One(s)) if !s.is_empty() => vec![s.clone()],
            _ => Vec::new(),
        }
    }

    pub fn int(&self, key: &str) -> Option<i64> {
        self.get(key).and_then(|s| s.trim().parse().ok())
    }
}

fn scalar(v: &serde_json::Value) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Bool(true) => "1".into(),
        serde_json::Value::Bool(false) | serde_json::Value::Null => String::new(),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_form_and_json_merge_into_one_bag() {
        let p = Params::parse(
            "format=json&search=al",
            Some("application/x-www-form-urlencoded"),
            b"userid=bob&groups[]=a&groups[]=b",
        );
        assert_eq!(p.get("format"), Some("json"));
        assert_eq!(p.get("userid"), Some("bob"));
        assert_eq!(p.list("groups"), vec!["a", "b"]);
        let j = Params::parse(
            "",
            Some("application/json; charset=utf-8"),
            br#"{"userid":"c","groups":["x"],"n":3}"#,
        );
        assert_eq!(j.get("userid"), Some("c"));
        assert_eq!(j.list("groups"), vec!["x"]);
        assert_eq!(j.int("n"), Some(3));
    }
}
