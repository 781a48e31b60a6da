use crate::components::title::PageTitle;
use leptos::prelude::*;

use crate::i18n::{use_i18n, Arg};
use crate::site::use_env;

/// Questions in the order shown; each has `faq-<name>-q` and `faq-<name>-a`.
pub const QUESTIONS: [&str; 7] = [
    "data", "e2ee", "custom", "central", "review", "free", "leave",
];

#[component]
pub fn FaqPage() -> impl IntoView {
    let i18n = use_i18n();
    let site = use_env().site;
    let args = [
        ("site", Arg::from(&site.name)),
        ("publisher", Arg::from(&site.publisher)),
        ("host", Arg::from(&site.host_name)),
        ("email", Arg::from(&site.contact_email)),
    ];
    view! {
        <PageTitle text=i18n.t("faq-title")/>
        <h1>{i18n.t("faq-title")}</h1>
        <p class="lead">{i18n.ta("faq-intro", &args)}</p>
        <div class="faq">
            {QUESTIONS
                .into_iter()
                .map(|name| {
                    view! {
                        <details id=format!("faq-{name}")>
                            <summary><h2>{i18n.ta(&format!("faq-{name}-q"), &args)}</h2></summary>
                            <p>{i18n.ta(&format!("faq-{name}-a"), &args)}</p>
                        </details>
                    }
                })
                .collect_view()}
        </div>
    }
}
