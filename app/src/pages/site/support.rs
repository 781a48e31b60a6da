use crate::components::title::PageTitle;
use leptos::prelude::*;

use crate::i18n::{use_i18n, Arg};
use crate::site::use_env;

#[component]
pub fn SupportPage() -> impl IntoView {
    let i18n = use_i18n();
    let site = use_env().site;
    let args = [
        ("site", Arg::from(&site.name)),
        ("publisher", Arg::from(&site.publisher)),
    ];
    let title = i18n.ta("support-title", &args);
    view! {
        <PageTitle text=title.clone()/>
        <h1>{title}</h1>
        <p class="lead">{i18n.ta("support-text", &args)}</p>
        <p class="actions">
            <a class="button" href=site.donation_url.clone()>{i18n.t("support-donate")}</a>
        </p>
        <p>{i18n.t("support-tax")}</p>
        <section aria-labelledby="other-title">
            <h2 id="other-title">{i18n.t("support-other-title")}</h2>
            <p>{i18n.ta("support-other-text", &args)}</p>
        </section>
    }
}
