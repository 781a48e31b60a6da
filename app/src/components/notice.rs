//! Pages that only say something, or ask for one click.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;

use crate::i18n::use_i18n;

/// A page that only says something: a title, paragraphs (the first one a lead), a link on.
#[component]
pub fn Notice(
    title: &'static str,
    paragraphs: &'static [&'static str],
    /// `(href, key of the link text)`.
    link: (&'static str, &'static str),
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=i18n.t(title)/>
        <h1>{i18n.t(title)}</h1>
        {paragraphs
            .iter()
            .enumerate()
            .map(|(n, key)| view! { <p class:lead={n == 0}>{i18n.t(key)}</p> })
            .collect_view()}
        <p><A href=link.0>{i18n.t(link.1)}</A></p>
    }
}

/// A page that asks for one click on a button that POSTs to the page's own URL: what the
/// links in mails open, since mail scanners follow links but do not press buttons.
#[component]
pub fn ConfirmButton(
    title: &'static str,
    text: &'static str,
    submit: &'static str,
    action: String,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=i18n.t(title)/>
        <h1>{i18n.t(title)}</h1>
        <p class="lead">{i18n.t(text)}</p>
        <form method="post" action=action>
            <button type="submit" class="button">{i18n.t(submit)}</button>
        </form>
    }
}
