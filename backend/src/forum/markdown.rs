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

/// Whether `markdown` holds a link or an image (a Markdown link, an autolink `<https://…>`,
/// an image), which a new account's first day refuses. An address written as text or in
/// code is no link: the page shows it as typed, and questions quote their server's address.
pub fn has_links(markdown: &str) -> bool {
    parse(markdown).any(|event| matches!(event, Event::Start(Tag::Link { .. } | Tag::Image { .. })))
}

/// The most people one post notifies by naming them: more is a list, not a conversation.
pub const MENTIONS_MAX: usize = 10;

/// `markdown` as the page shows it, mentions as plain text.
pub fn render(markdown: &str) -> Html {
    render_with(markdown, &|_| false)
}

/// `markdown` as the page shows it, each mention `@pseudo` of someone `is_person` knows (given
/// the pseudonym in lower case) a link to their profile.
pub fn render_with(markdown: &str, is_person: &dyn Fn(&str) -> bool) -> Html {
    let mut image_depth = 0usize;
    let parsed = parse(markdown);
    let events = Mentions::new(parsed, is_person).map(|event| match event {
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

/// The parser's events for `markdown`, adjacent texts merged: the one reading that shows a
/// post, finds its mentions and makes its excerpts.
fn parse(markdown: &str) -> impl Iterator<Item = Event<'_>> {
    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    options.insert(Options::ENABLE_STRIKETHROUGH);
    pulldown_cmark::TextMergeStream::new(Parser::new_ext(markdown, options))
}

/// The byte ranges of the mentions in `text` (each `@` and the pseudonym after it): an
/// `@` not after a letter, a digit or a pseudonym's mark (an address `a@b.fr` names nobody),
/// then a pseudonym's characters ([`super::people::check_pseudonym`]) without the marks
/// that end it (« merci @camille. »).
pub fn mention_spans(text: &str) -> Vec<(usize, usize)> {
    let is_mark = |c: char| matches!(c, '.' | '-' | '_');
    let mut spans = Vec::new();
    let mut before: Option<char> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        let starts = c == '@'
            && !before.is_some_and(|b| b.is_alphanumeric() || is_mark(b) || b == '@')
            && chars.peek().is_some_and(|(_, n)| n.is_alphanumeric());
        before = Some(c);
        if !starts {
            continue;
        }
        let mut end = at + 1;
        let mut count = 0;
        while let Some(&(i, n)) = chars.peek() {
            if !(n.is_alphanumeric() || is_mark(n)) {
                break;
            }
            chars.next();
            before = Some(n);
            count += 1;
            if !is_mark(n) {
                end = i + n.len_utf8();
            }
        }
        let name = &text[at + 1..end];
        let length = name.chars().count();
        if count <= super::people::PSEUDONYM_MAX
            && (super::people::PSEUDONYM_MIN..=super::people::PSEUDONYM_MAX).contains(&length)
        {
            spans.push((at, end));
        }
    }
    spans
}

/// The pseudonyms a post names, in lower case, each once, the first [`MENTIONS_MAX`]:
/// outside code and links, as [`render_with`] links them.
pub fn mentions(markdown: &str) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    let mut outside = Outside::default();
    for event in parse(markdown) {
        outside.follow(&event);
        if let Event::Text(text) = &event {
            if !outside.is_open() {
                continue;
            }
            for (start, end) in mention_spans(text) {
                let name = text[start + 1..end].to_lowercase();
                if !found.contains(&name) {
                    found.push(name);
                }
            }
        }
    }
    found.truncate(MENTIONS_MAX);
    found
}

/// Whether the text being read is where a mention counts: outside links, images and code
/// blocks (inline code comes as its own event).
#[derive(Default)]
struct Outside {
    depth: usize,
}

impl Outside {
    fn follow(&mut self, event: &Event<'_>) {
        match event {
            Event::Start(Tag::Link { .. } | Tag::Image { .. } | Tag::CodeBlock(_)) => {
                self.depth += 1
            }
            Event::End(TagEnd::Link | TagEnd::Image | TagEnd::CodeBlock) => {
                self.depth = self.depth.saturating_sub(1)
            }
            _ => {}
        }
    }

    fn is_open(&self) -> bool {
        self.depth == 0
    }
}

/// The parser's events with each mention of a known person made a link to their profile.
struct Mentions<'a, 'f, I> {
    inner: I,
    is_person: &'f dyn Fn(&str) -> bool,
    outside: Outside,
    pending: std::collections::VecDeque<Event<'a>>,
    /// The names mentioned so far, each once, in lower case: a name past the first
    /// [`MENTIONS_MAX`] stays text, as [`mentions`] leaves it out and it notifies nobody.
    named: Vec<String>,
}

impl<'a, 'f, I: Iterator<Item = Event<'a>>> Mentions<'a, 'f, I> {
    fn new(inner: I, is_person: &'f dyn Fn(&str) -> bool) -> Self {
        Mentions {
            inner,
            is_person,
            outside: Outside::default(),
            pending: Default::default(),
            named: Vec::new(),
        }
    }
}

impl<'a, I: Iterator<Item = Event<'a>>> Iterator for Mentions<'a, '_, I> {
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        if let Some(event) = self.pending.pop_front() {
            return Some(event);
        }
        let event = self.inner.next()?;
        self.outside.follow(&event);
        let Event::Text(text) = event else {
            return Some(event);
        };
        if !self.outside.is_open() || !text.contains('@') {
            return Some(Event::Text(text));
        }
        let mut last = 0;
        for (start, end) in mention_spans(&text) {
            let name = text[start + 1..end].to_lowercase();
            if !self.named.contains(&name) {
                if self.named.len() >= MENTIONS_MAX {
                    continue;
                }
                self.named.push(name.clone());
            }
            if !(self.is_person)(&name) {
                continue;
            }
            if start > last {
                self.pending
                    .push_back(Event::Text(text[last..start].to_string().into()));
            }
            let href = common::forum::profile_path(&text[start + 1..end]);
            self.pending.push_back(Event::Start(Tag::Link {
                link_type: LinkType::Inline,
                dest_url: href.into(),
                title: CowStr::Borrowed(""),
                id: CowStr::Borrowed(""),
            }));
            self.pending
                .push_back(Event::Text(text[start..end].to_string().into()));
            self.pending.push_back(Event::End(TagEnd::Link));
            last = end;
        }
        if last == 0 {
            return Some(Event::Text(text));
        }
        if last < text.len() {
            self.pending
                .push_back(Event::Text(text[last..].to_string().into()));
        }
        self.pending.pop_front()
    }
}

/// A post's Markdown as plain text, for a description or an excerpt: the words, without
/// the marks; at most `max` characters, cut at a word.
pub fn plain_text(markdown: &str, max: usize) -> String {
    let mut text = String::new();
    for event in parse(markdown) {
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
    fn mentions_are_found_outside_code_and_links_and_addresses() {
        assert_eq!(
            mentions("Merci @Camille. et @zoé-2, cc @camille"),
            ["camille", "zoé-2"]
        );
        assert!(mentions("écrire à jean@exemple.fr").is_empty());
        assert!(mentions("`@camille` et\n\n    @dominique\n").is_empty());
        assert!(mentions("[@camille](https://exemple.fr)").is_empty());
        assert!(mentions("@a seul, @").is_empty());
        assert!(mentions(&format!("@{}", "x".repeat(31))).is_empty());
        assert_eq!(mentions("(@dominique_b)"), ["dominique_b"]);
        let many: String = (0..15).map(|i| format!("@personne{i} ")).collect();
        assert_eq!(mentions(&many).len(), MENTIONS_MAX);
    }

    #[test]
    fn a_known_persons_mention_links_to_their_profile() {
        let known = |name: &str| name == "camille" || name == "élise.m";
        let html = render_with("Bonjour @Camille et @inconnu, et @élise.m.", &known);
        assert_eq!(
            html.as_str(),
            "<p>Bonjour <a href=\"/forum/u/Camille\" rel=\"nofollow ugc noopener\">@Camille</a> \
             et @inconnu, et <a href=\"/forum/u/%C3%A9lise.m\" rel=\"nofollow ugc noopener\">\
             @élise.m</a>.</p>\n"
        );
        let code = render_with("`@camille`", &known);
        assert!(!code.as_str().contains("<a"), "{code:?}");
    }

    #[test]
    fn the_names_linked_are_the_names_notified() {
        let known = |name: &str| name == "camille" || name == "dominique";
        // Ten names first, then two more: only the first ten count, on the page as in
        // the notifications; a name counted once links again.
        let ten: String = (0..MENTIONS_MAX)
            .map(|i| format!("@personne{i} "))
            .collect();
        let post = format!("@camille {ten}@dominique, @Camille | ~~x~~");
        let named = mentions(&post);
        assert!(named.contains(&"camille".to_string()), "{named:?}");
        assert!(!named.contains(&"dominique".to_string()), "{named:?}");
        let html = render_with(&post, &known);
        assert_eq!(
            html.as_str().matches("href=\"/forum/u/").count(),
            2,
            "{html:?}"
        );
        assert!(!html.as_str().contains("/forum/u/dominique"), "{html:?}");
        // A table's cells are text for both.
        let table = "| a | b |\n|---|---|\n| @camille | x |\n";
        assert_eq!(mentions(table), ["camille"]);
        assert!(render_with(table, &known).as_str().contains("<td><a href"));
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
