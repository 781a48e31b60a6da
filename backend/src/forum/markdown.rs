//! What a forum post's Markdown becomes on the page: HTML that can hold nothing but text,
//! links, the forum's own images and code.
//!
//! Two steps, each enough on its own for what it stops:
//! 1. **The parser** (`pulldown-cmark`, CommonMark with tables and strikethrough) reads the
//!    Markdown. What the writer typed as HTML is given back as text (shown as typed, never
//!    run); an image from anywhere but the forum's own uploads becomes a link to it; a
//!    heading is moved down under the page's own (`#` is a `<h3>`: the page has the topic's
//!    `<h1>` and each post's `<h2>`), so that a post cannot break the outline a screen reader
//!    follows.
//! 2. **The sanitiser** (`ammonia`) then keeps only an allow-list of elements and attributes,
//!    links with `http`, `https` or `mailto` or within the site, each with
//!    `rel="nofollow ugc noopener"`, and `<img>` only with a source under [`UPLOADS`].
//!
//! The XSS corpus and the property test (`backend/tests/all/forum_markdown.rs`) hold it to
//! that.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use pulldown_cmark::{CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};

/// Where the forum serves the images people upload: the only source an `<img>` may have.
pub const UPLOADS: &str = "/forum/images/";

/// What `rel` every link gets: no ranking given to what people post, and no hold of the
/// page opened on the forum's.
pub const LINK_REL: &str = "nofollow ugc noopener";

/// HTML made from a post: cleaned, safe to put in a page as it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Html(String);

impl Html {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

/// `markdown` as the page shows it.
pub fn render(markdown: &str) -> Html {
    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    options.insert(Options::ENABLE_STRIKETHROUGH);
    let mut image_depth = 0usize;
    let events = Parser::new_ext(markdown, options).map(|event| match event {
        // Typed HTML is shown as typed.
        Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
        Event::Start(Tag::Heading {
            level,
            id: _,
            classes: _,
            attrs: _,
        }) => Event::Start(Tag::Heading {
            level: moved_down(level),
            id: None,
            classes: Vec::new(),
            attrs: Vec::new(),
        }),
        Event::End(TagEnd::Heading(level)) => Event::End(TagEnd::Heading(moved_down(level))),
        // An image from elsewhere becomes a link to it, its description the link's text.
        Event::Start(Tag::Image {
            dest_url, title, ..
        }) if !is_upload(&dest_url) => {
            image_depth += 1;
            Event::Start(Tag::Link {
                link_type: LinkType::Inline,
                dest_url,
                title,
                id: CowStr::Borrowed(""),
            })
        }
        Event::End(TagEnd::Image) if image_depth > 0 => {
            image_depth -= 1;
            Event::End(TagEnd::Link)
        }
        other => other,
    });
    let mut raw = String::with_capacity(markdown.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut raw, events);
    Html(SANITISER.clean(&raw).to_string())
}

/// A post's Markdown as plain text, for a description or an excerpt: the words, without
/// the marks; at most `max` characters, cut at a word.
pub fn plain_text(markdown: &str, max: usize) -> String {
    let mut text = String::new();
    for event in Parser::new_ext(markdown, Options::ENABLE_TABLES) {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak | Event::End(_) => text.push(' '),
            _ => {}
        }
    }
    let mut out = String::new();
    // `out`'s length in characters, kept rather than counted again for every word.
    let mut len = 0;
    for word in text.split_whitespace() {
        let more = usize::from(len > 0) + word.chars().count();
        if len + more > max {
            out.push('…');
            break;
        }
        if len > 0 {
            out.push(' ');
        }
        out.push_str(word);
        len += more;
    }
    out.chars().filter(|c| !c.is_control()).collect()
}

fn moved_down(level: HeadingLevel) -> HeadingLevel {
    match level {
        HeadingLevel::H1 | HeadingLevel::H2 => HeadingLevel::H3,
        HeadingLevel::H3 => HeadingLevel::H4,
        HeadingLevel::H4 => HeadingLevel::H5,
        HeadingLevel::H5 | HeadingLevel::H6 => HeadingLevel::H6,
    }
}

/// Whether `src` names one of the forum's uploads: the path and a plain file name, nothing
/// that could climb out of it or reach another host.
pub fn is_upload(src: &str) -> bool {
    src.strip_prefix(UPLOADS).is_some_and(|name| {
        !name.is_empty()
            && name.len() <= 80
            && name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'.')
            && !name.contains("..")
    })
}

/// A code block's language, as the parser writes it (`language-rust`), kept when it is a
/// plain word.
fn is_language_class(value: &str) -> bool {
    value.strip_prefix("language-").is_some_and(|lang| {
        !lang.is_empty()
            && lang.len() <= 24
            && lang
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'+' || b == b'#')
    })
}

static SANITISER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let tags: HashSet<&'static str> = [
        "p",
        "br",
        "hr",
        "em",
        "strong",
        "del",
        "code",
        "pre",
        "blockquote",
        "ul",
        "ol",
        "li",
        "a",
        "img",
        "h3",
        "h4",
        "h5",
        "h6",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
    ]
    .into_iter()
    .collect();
    let attributes: HashMap<&'static str, HashSet<&'static str>> = [
        ("a", ["href", "title"].into_iter().collect()),
        ("img", ["src", "alt", "title"].into_iter().collect()),
        ("ol", ["start"].into_iter().collect()),
        ("code", ["class"].into_iter().collect()),
    ]
    .into_iter()
    .collect();
    let mut builder = ammonia::Builder::empty();
    builder
        .tags(tags)
        .tag_attributes(attributes)
        .url_schemes(["http", "https", "mailto"].into_iter().collect())
        .url_relative(ammonia::UrlRelative::PassThrough)
        .link_rel(Some(LINK_REL))
        .strip_comments(true)
        .attribute_filter(|element, attribute, value| match (element, attribute) {
            ("img", "src") => is_upload(value).then(|| Cow::Owned(value.to_string())),
            ("code", "class") => is_language_class(value).then(|| Cow::Owned(value.to_string())),
            ("ol", "start") => (value.len() <= 9 && value.bytes().all(|b| b.is_ascii_digit()))
                .then(|| Cow::Owned(value.to_string())),
            _ => Some(Cow::Owned(value.to_string())),
        });
    builder
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_sit_under_the_pages_own() {
        let html = render("# Titre\n\n## Sous-titre\n\n### Plus bas");
        assert!(html.as_str().contains("<h3>Titre</h3>"), "{html:?}");
        assert!(html.as_str().contains("<h3>Sous-titre</h3>"), "{html:?}");
        assert!(html.as_str().contains("<h4>Plus bas</h4>"), "{html:?}");
    }

    #[test]
    fn a_plain_text_excerpt_is_cut_at_a_word() {
        assert_eq!(
            plain_text("**Bonjour** à tous, *voici* `le code`", 200),
            "Bonjour à tous, voici le code"
        );
        assert_eq!(plain_text("un deux trois quatre", 10), "un deux…");
    }
}
