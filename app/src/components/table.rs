//! A table that may scroll sideways on a narrow screen.

use leptos::prelude::*;

/// Wraps a table that may be wider than the screen: a region named `label` (usually the
/// table's caption), which the keyboard reaches, so that it can be scrolled without a
/// mouse (WCAG 2.1.1; axe's `scrollable-region-focusable`).
#[component]
pub fn TableWrap(#[prop(into)] label: String, children: Children) -> impl IntoView {
    view! {
        <div class="table-wrap" role="region" aria-label=label tabindex="0">
            {children()}
        </div>
    }
}
