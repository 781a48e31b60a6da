//! The frame every mail shares: greeting, body, signature and unsubscribe footer, in text
//! and HTML.

use crate::i18n::{tr, Lang};

pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Builds a mail from paragraphs and one call-to-action link.
pub struct Layout<'a> {
    pub lang: Lang,
    pub site_name: &'a str,
    pub paragraphs: Vec<String>,
    pub action: Option<(String, String)>,
    pub after: Vec<String>,
    pub unsubscribe_url: Option<&'a str>,
}

impl Layout<'_> {
    /// The mail to `to`, in text and HTML, with a `List-Unsubscribe` header when the layout
    /// has an unsubscribe link.
    pub fn mail(&self, to: String, subject: String) -> super::OutgoingMail {
        super::OutgoingMail {
            to,
            subject,
            text: self.text(),
            html: self.html(),
            list_unsubscribe: self.unsubscribe_url.map(str::to_string),
        }
    }

    pub fn text(&self) -> String {
        let mut out = String::new();
        out.push_str(&tr(self.lang, "mail-greeting", &[]));
        out.push_str("\n\n");
        for p in &self.paragraphs {
            out.push_str(p);
            out.push_str("\n\n");
        }
        if let Some((label, url)) = &self.action {
            out.push_str(label);
            out.push('\n');
            out.push_str(url);
            out.push_str("\n\n");
        }
        for p in &self.after {
            out.push_str(p);
            out.push_str("\n\n");
        }
        out.push_str(&tr(
            self.lang,
            "mail-signature",
            &[("site", self.site_name)],
        ));
        out.push('\n');
        if let Some(url) = self.unsubscribe_url {
            out.push_str("\n-- \n");
            out.push_str(&tr(self.lang, "mail-unsubscribe-text", &[("url", url)]));
            out.push('\n');
        }
        out
    }

    pub fn html(&self) -> String {
        let mut out = format!(
            "<!DOCTYPE html><html lang=\"{}\"><head><meta charset=\"utf-8\"><title>{}</title></head>\
             <body style=\"font-family:sans-serif;line-height:1.5;color:#1d1a26;max-width:36em\">",
            self.lang.as_str(),
            escape_html(self.site_name)
        );
        out.push_str(&format!(
            "<p>{}</p>",
            escape_html(&tr(self.lang, "mail-greeting", &[]))
        ));
        // Line breaks inside a paragraph (a list, a moderator's note) are kept.
        for p in &self.paragraphs {
            out.push_str(&format!(
                "<p style=\"white-space:pre-line\">{}</p>",
                escape_html(p)
            ));
        }
        if let Some((label, url)) = &self.action {
            out.push_str(&format!(
                "<p><a href=\"{}\" style=\"display:inline-block;padding:.6em 1.2em;background:#5b2a86;color:#fff;text-decoration:none;border-radius:.3em\">{}</a></p>\
                 <p style=\"font-size:.9em\">{}</p>",
                escape_html(url),
                escape_html(label),
                escape_html(url)
            ));
        }
        for p in &self.after {
            out.push_str(&format!("<p>{}</p>", escape_html(p)));
        }
        out.push_str(&format!(
            "<p>{}</p>",
            escape_html(&tr(
                self.lang,
                "mail-signature",
                &[("site", self.site_name)]
            ))
        ));
        if let Some(url) = self.unsubscribe_url {
            out.push_str(&format!(
                "<hr><p style=\"font-size:.85em\"><a href=\"{}\">{}</a></p>",
                escape_html(url),
                escape_html(&tr(self.lang, "mail-unsubscribe", &[]))
            ));
        }
        out.push_str("</body></html>");
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_escapes_everything_it_is_given() {
        let l = Layout {
            lang: Lang::En,
            site_name: "<S>",
            paragraphs: vec!["a < b & \"c\"".into()],
            action: Some(("Go".into(), "https://x/?a=1&b=\"2\"".into())),
            after: vec![],
            unsubscribe_url: Some("https://x/u?t=<1>"),
        };
        let html = l.html();
        assert!(html.contains("a &lt; b &amp; &quot;c&quot;"));
        assert!(html.contains("https://x/?a=1&amp;b=&quot;2&quot;"));
        assert!(!html.contains("<S>"));
        assert!(!html.contains("t=<1>"));
        assert!(l.text().contains("https://x/u?t=<1>"));
    }
}
