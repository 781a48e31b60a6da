//! The document's title: « page – site », or the site's name alone.
//!
//! leptos_meta's `<Title>` blanks the document's title on hydration (its first title effect
//! runs before any title is registered) and keeps it blank, or the bare site name, while a
//! lazy page's chunk loads: screen readers and axe then meet an untitled page. `PageTitle`
//! gives the title to leptos_meta on the server only, so the page arrives titled, and in the
//! browser sets it once its page shows; until then the previous one stays.

use leptos::prelude::*;

use crate::i18n::{use_i18n, Arg};
use crate::site::use_env;

/// « page – site » in the page's language, or the site's name when `page` is empty.
pub fn full_title(page: &str) -> String {
    let site = use_env().site.name;
    if page.is_empty() {
        site
    } else {
        use_i18n().ta(
            "title-with-site",
            &[("page", Arg::from(page)), ("site", Arg::from(&site))],
        )
    }
}

/// Sets the document's title to « `text` – site ». Renders an empty placeholder, the same on
/// both sides so that hydration finds it.
#[component]
pub fn PageTitle(#[prop(into)] text: String) -> impl IntoView {
    let full = full_title(&text);
    // On the server, calling leptos_meta's component registers the title for the page's
    // `<head>`; its view, which renders nothing, is not needed.
    // leptos_meta writes the title's text as it is: escaped here, or a title holding
    // `</title>` (a structure's name on a staff page) would end it and run as markup.
    #[cfg(feature = "ssr")]
    let _ = leptos_meta::Title(
        leptos_meta::TitleProps::builder()
            .text(escape_raw_text(&full))
            .build(),
    );
    #[cfg(not(feature = "ssr"))]
    Effect::new(move |_| document().set_title(&full));
}

/// A form page's title, said to be in error first when the form came back with errors
/// (screen readers read the title first).
pub fn title_with_errors(key: &str, has_errors: bool) -> String {
    let i18n = use_i18n();
    if has_errors {
        format!("{} {}", i18n.t("form-error-prefix"), i18n.t(key))
    } else {
        i18n.t(key)
    }
}

/// Text for an element the renderer writes unescaped (`<title>`, `<textarea>`): `&`, `<`
/// and `>` as entities, which the browser reads back to the very text.
pub fn escape_raw_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn raw_text_cannot_close_its_element() {
        assert_eq!(
            super::escape_raw_text("</title><script>a & b</script>"),
            "&lt;/title&gt;&lt;script&gt;a &amp; b&lt;/script&gt;"
        );
    }
}
