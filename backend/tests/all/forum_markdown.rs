//! The forum's Markdown renderer against what people try to slip into a post: an XSS corpus
//! of known tricks, then random input mixing Markdown, HTML and their escapes, checking
//! that the output holds only the elements, attributes and links the forum allows.

use backend::forum::markdown::{render, LINK_REL, UPLOADS};
use proptest::prelude::*;

/// Elements the output may hold, each with the attributes it may have.
const ALLOWED: &[(&str, &[&str])] = &[
    ("p", &[]),
    ("br", &[]),
    ("hr", &[]),
    ("em", &[]),
    ("strong", &[]),
    ("del", &[]),
    ("code", &["class"]),
    ("pre", &[]),
    ("blockquote", &[]),
    ("ul", &[]),
    ("ol", &["start"]),
    ("li", &[]),
    ("a", &["href", "title", "rel"]),
    ("img", &["src", "alt", "title"]),
    ("h3", &[]),
    ("h4", &[]),
    ("h5", &[]),
    ("h6", &[]),
    ("table", &[]),
    ("thead", &[]),
    ("tbody", &[]),
    ("tr", &[]),
    ("th", &[]),
    ("td", &[]),
];

/// An attribute's value as the browser reads it (the serialiser writes `&amp;` and `&quot;`).
fn decoded(value: &str) -> String {
    value
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&nbsp;", "\u{a0}")
        .replace("&amp;", "&")
}

/// Whether a link's address is one the forum allows: `http`, `https` or `mailto`, or one
/// without a scheme (within the site). Read as a browser reads it (the URL standard): tabs
/// and newlines dropped, spaces and controls trimmed, then a scheme is a letter followed
/// by letters, digits, `+`, `-` or `.`, before a colon.
fn allowed_href(href: &str) -> bool {
    let href: String = href
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let href = href.trim_matches(|c: char| c <= ' ').to_ascii_lowercase();
    let Some((scheme, _)) = href.split_once(':') else {
        return true;
    };
    let is_scheme = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    !is_scheme || ["http", "https", "mailto"].contains(&scheme)
}

/// Why `html` is not clean, if it is not: each tag read with its attributes, as the
/// sanitiser's serialiser writes them (`<name a="v">`, text's `<` escaped).
fn unclean(html: &str) -> Option<String> {
    let mut rest = html;
    while let Some(at) = rest.find('<') {
        rest = &rest[at + 1..];
        let end = rest.find('>')?;
        let tag = &rest[..end];
        rest = &rest[end + 1..];
        let closing = tag.starts_with('/');
        let tag = tag.strip_prefix('/').unwrap_or(tag);
        let tag = tag.strip_suffix('/').unwrap_or(tag);
        let name_end = tag.find(char::is_whitespace).unwrap_or(tag.len());
        let name = &tag[..name_end];
        let Some((_, attributes)) = ALLOWED.iter().find(|(n, _)| *n == name) else {
            return Some(format!("element <{name}>"));
        };
        let mut attrs = tag[name_end..].trim();
        let mut rel = None;
        let mut href = None;
        while !attrs.is_empty() {
            let Some(eq) = attrs.find("=\"") else {
                return Some(format!("attribute without a quoted value in <{tag}>"));
            };
            let attr = &attrs[..eq];
            let after = &attrs[eq + 2..];
            let Some(close) = after.find('"') else {
                return Some(format!("unclosed value in <{tag}>"));
            };
            let value = decoded(&after[..close]);
            if !attributes.contains(&attr) {
                return Some(format!("attribute {attr} on <{name}>"));
            }
            match (name, attr) {
                ("a", "href") => href = Some(value.clone()),
                ("a", "rel") => rel = Some(value.clone()),
                ("img", "src") if !value.starts_with(UPLOADS) || value.contains("..") => {
                    return Some(format!("image from {value}"));
                }
                ("code", "class") if !value.starts_with("language-") => {
                    return Some(format!("class {value}"));
                }
                _ => {}
            }
            attrs = after[close + 1..].trim_start();
        }
        if name == "a" && !closing {
            if let Some(h) = &href {
                if !allowed_href(h) {
                    return Some(format!("link to {h}"));
                }
            }
            if rel.as_deref() != Some(LINK_REL) {
                return Some(format!("link without rel=\"{LINK_REL}\": <{tag}>"));
            }
        }
    }
    None
}

/// What people try, each with what the output must not hold, beyond [`unclean`].
const CORPUS: &[&str] = &[
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<iframe src=\"https://evil.example\"></iframe>",
    "<a href=\"javascript:alert(1)\">x</a>",
    "[lien](javascript:alert(1))",
    "[lien](JaVaScRiPt:alert(1))",
    "[lien](java\tscript:alert(1))",
    "[lien](&#x6A;avascript:alert(1))",
    "[lien](&#106;&#97;vascript:alert(1))",
    "[lien](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[lien](vbscript:msgbox(1))",
    "![image](javascript:alert(1))",
    "![image](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "![image](https://evil.example/pixel.png)",
    "![image](/forum/images/../../secret.png)",
    "<javascript:alert(1)>",
    "<http://a.example/\"onmouseover=\"alert(1)>",
    "<https://a.example/'><script>alert(1)</script>>",
    "[a](https://a.example/\"onmouseover=\"alert(1))",
    "[a](<https://a.example/\" onclick=\"alert(1)>)",
    "**<img src=x onerror=alert(1)>**",
    "*[a](javascript:alert(1))*",
    "> <script>alert(1)</script>",
    "- [x](javascript:alert(1))\n- <b onclick=alert(1)>b</b>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#60;script&#62;alert(1)&#60;/script&#62;",
    "<div style=\"background:url(javascript:alert(1))\">x</div>",
    "<style>body{display:none}</style>",
    "<form action=\"https://evil.example\"><input name=p></form>",
    "<object data=\"x.swf\"></object><embed src=\"x.swf\">",
    "<meta http-equiv=\"refresh\" content=\"0;url=https://evil.example\">",
    "<base href=\"https://evil.example/\">",
    "<!-- <script>alert(1)</script> -->",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "```html\n<script>alert(1)</script>\n```",
    "```\" onmouseover=\"alert(1)\nx\n```",
    "[a][ref]\n\n[ref]: javascript:alert(1)",
    "| a | b |\n|---|---|\n| <script>alert(1)</script> | [x](javascript:alert(1)) |",
    "<details open ontoggle=alert(1)>",
    "<a href=\"https://ok.example\" target=\"_blank\">ok</a>",
];

#[test]
fn the_xss_corpus_comes_out_clean() {
    for input in CORPUS {
        let html = render(input);
        let html = html.as_str();
        assert_eq!(unclean(html), None, "{input:?} gave {html:?}");
        // Shown as text (escaped) is harmless; as markup, never.
        let tags = tags_of(html).to_ascii_lowercase();
        for word in [
            "<script",
            "<iframe",
            "<svg",
            "<style",
            "<form",
            "<object",
            "<details",
            " on",
            "javascript:",
            "data:",
            "style=",
            "target=",
        ] {
            assert!(!tags.contains(word), "{input:?} gave {html:?}");
        }
    }
}

/// Every tag of `html`, joined: what the browser reads as markup.
fn tags_of(html: &str) -> String {
    let mut tags = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => {
                in_tag = true;
                tags.push(c);
            }
            '>' if in_tag => {
                in_tag = false;
                tags.push(c);
            }
            c if in_tag => tags.push(c),
            _ => {}
        }
    }
    tags
}

#[test]
fn what_people_write_comes_through() {
    let html = render(
        "Bonjour,\n\n**Important** : voir [la doc](https://docs.nextcloud.com/) et \
         ![capture](/forum/images/abc123.png)\n\n```bash\nocc files:scan --all\n```\n\n\
         > cité\n\n1. un\n2. deux\n\n<b>pas du HTML</b>",
    );
    let html = html.as_str();
    assert!(html.contains("<strong>Important</strong>"), "{html}");
    assert!(
        html.contains(&format!(
            "<a href=\"https://docs.nextcloud.com/\" rel=\"{LINK_REL}\">la doc</a>"
        )),
        "{html}"
    );
    assert!(
        html.contains("<img src=\"/forum/images/abc123.png\" alt=\"capture\">"),
        "{html}"
    );
    assert!(
        html.contains("<pre><code class=\"language-bash\">occ files:scan --all\n</code></pre>"),
        "{html}"
    );
    assert!(html.contains("<blockquote>"), "{html}");
    assert!(html.contains("<ol>"), "{html}");
    // Typed HTML is shown as typed.
    assert!(html.contains("&lt;b&gt;pas du HTML&lt;/b&gt;"), "{html}");
}

#[test]
fn an_image_from_elsewhere_is_a_link_to_it() {
    let html = render("![le logo](https://example.org/logo.png)");
    assert_eq!(
        html.as_str(),
        format!("<p><a href=\"https://example.org/logo.png\" rel=\"{LINK_REL}\">le logo</a></p>\n")
    );
}

#[test]
fn the_checker_itself_catches_what_it_must() {
    assert!(unclean("<p>ok</p>").is_none());
    assert!(unclean("<script>x</script>").is_some());
    assert!(unclean("<img src=\"https://evil.example/x.png\">").is_some());
    assert!(
        unclean("<a href=\"javascript:alert(1)\" rel=\"nofollow ugc noopener\">x</a>").is_some()
    );
    assert!(unclean("<a href=\"https://ok.example\">x</a>").is_some());
    assert!(unclean("<p onclick=\"x\">x</p>").is_some());
    assert!(!allowed_href(" java\tscript:alert(1)"));
    assert!(!allowed_href("data:text/html,x"));
    assert!(allowed_href(":"));
    assert!(allowed_href("/forum/t/x/1?a=b:c"));
}

/// Pieces of Markdown, HTML and escapes that combine into what a fuzzer would try.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => Just("<script>".to_string()),
        2 => Just("<img src=x onerror=alert(1)>".to_string()),
        2 => Just("<svg onload=alert(1)>".to_string()),
        2 => Just("javascript:alert(1)".to_string()),
        2 => Just("data:text/html,x".to_string()),
        2 => Just("[".to_string()),
        2 => Just("](".to_string()),
        2 => Just(")".to_string()),
        2 => Just("![".to_string()),
        1 => Just("<".to_string()),
        1 => Just(">".to_string()),
        1 => Just("\"".to_string()),
        1 => Just("'".to_string()),
        1 => Just("&#".to_string()),
        1 => Just("&#x6A;".to_string()),
        1 => Just("&amp;".to_string()),
        1 => Just("`".to_string()),
        1 => Just("```".to_string()),
        1 => Just("\n".to_string()),
        1 => Just("\n\n".to_string()),
        1 => Just("> ".to_string()),
        1 => Just("- ".to_string()),
        1 => Just("# ".to_string()),
        1 => Just("*".to_string()),
        1 => Just("|".to_string()),
        1 => Just(" onmouseover=".to_string()),
        1 => Just("<a href=\"".to_string()),
        1 => Just("</a>".to_string()),
        1 => Just("<http://".to_string()),
        1 => Just("/forum/images/".to_string()),
        1 => Just("../".to_string()),
        1 => Just("<!--".to_string()),
        1 => Just("\u{0}".to_string()),
        4 => "[a-zA-Z0-9 :/.=]{0,8}",
        2 => any::<String>().prop_map(|s| s.chars().take(12).collect()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2_000, ..ProptestConfig::default() })]

    #[test]
    fn random_input_always_comes_out_clean(pieces in prop::collection::vec(piece(), 0..40)) {
        let input = pieces.concat();
        let html = render(&input);
        prop_assert_eq!(unclean(html.as_str()), None, "{:?} gave {:?}", input, html.as_str());
    }
}
