use crate::components::title::PageTitle;
use leptos::prelude::*;

use crate::i18n::{use_i18n, Arg};
use crate::site::{use_env, SiteInfo};

/// The size of a space, as message arguments `accounts` and `quota`.
pub fn space_size_args(site: &SiteInfo) -> [(&'static str, Arg); 2] {
    [
        ("accounts", Arg::from(site.accounts_per_space.to_string())),
        ("quota", Arg::from(site.quota_gb.to_string())),
    ]
}

/// What a space gives, in the order the pages show it; each has `feature-<name>-title`
/// and `feature-<name>-text`.
pub const FEATURES: [&str; 8] = [
    "files", "calendar", "contacts", "photos", "kanban", "wiki", "video", "office",
];

#[component]
pub fn FeatureList(heading_level: u8) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <ul class="feature-grid">
            {FEATURES
                .into_iter()
                .map(|name| {
                    let title = i18n.t(&format!("feature-{name}-title"));
                    let text = i18n.t(&format!("feature-{name}-text"));
                    let heading = if heading_level == 2 {
                        view! { <h2>{title}</h2> }.into_any()
                    } else {
                        view! { <h3>{title}</h3> }.into_any()
                    };
                    view! {
                        <li class=format!("feature feature-{name}")>
                            {heading}
                            <p>{text}</p>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}

#[component]
pub fn FeaturesPage() -> impl IntoView {
    let i18n = use_i18n();
    let site = use_env().site;
    let quota = space_size_args(&site);
    view! {
        <PageTitle text=i18n.t("features-title")/>
        <h1>{i18n.t("features-title")}</h1>
        <p class="lead">{i18n.ta("features-intro", &[("site", Arg::from(&site.name))])}</p>
        <FeatureList heading_level=2/>
        <section aria-labelledby="admin-title">
            <h2 id="admin-title">{i18n.t("features-admin-title")}</h2>
            <p>{i18n.t("features-admin-text")}</p>
            <p>{i18n.ta("features-quota-text", &quota)}</p>
        </section>
        <section aria-labelledby="limits-title">
            <h2 id="limits-title">{i18n.t("features-limits-title")}</h2>
            <ul>
                <li>{i18n.t("features-limits-mail")}</li>
                <li>{i18n.t("features-limits-web")}</li>
                <li>
                    {i18n.t("features-limits-e2ee")} " "
                    <a href="/questions#faq-e2ee">{i18n.t("nav-faq")}</a>
                </li>
            </ul>
        </section>
    }
}
