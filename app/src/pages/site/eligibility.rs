use crate::components::title::PageTitle;
use leptos::prelude::*;

use crate::i18n::{use_i18n, Arg};
use crate::site::use_env;

#[component]
pub fn EligibilityPage() -> impl IntoView {
    let i18n = use_i18n();
    let site = use_env().site;
    let name = Arg::from(&site.name);
    let quota = super::features::space_size_args(&site);
    view! {
        <PageTitle text=i18n.t("eligibility-title")/>
        <h1>{i18n.t("eligibility-title")}</h1>
        <p class="lead">{i18n.ta("eligibility-intro", &[("site", name.clone())])}</p>
        <div class="columns">
            <section aria-labelledby="yes-title" class="panel panel-yes">
                <h2 id="yes-title">{i18n.t("eligibility-yes-title")}</h2>
                <ul>
                    <li>{i18n.t("eligibility-yes-1")}</li>
                    <li>{i18n.t("eligibility-yes-2")}</li>
                    <li>{i18n.t("eligibility-yes-3")}</li>
                    <li>{i18n.ta("eligibility-yes-4", &quota)}</li>
                    <li>{i18n.t("eligibility-yes-5")}</li>
                </ul>
            </section>
            <section aria-labelledby="no-title" class="panel panel-no">
                <h2 id="no-title">{i18n.ta("eligibility-no-title", &[("site", name)])}</h2>
                <ul>
                    <li>{i18n.t("eligibility-no-companies")}</li>
                    <li>{i18n.t("eligibility-no-schools")}</li>
                    <li>{i18n.t("eligibility-no-public")}</li>
                    <li>{i18n.t("eligibility-no-large")}</li>
                </ul>
            </section>
        </div>
        <section aria-labelledby="alt-title">
            <h2 id="alt-title">{i18n.t("eligibility-alternatives-title")}</h2>
            <p>{i18n.t("eligibility-chatons")}</p>
            <p><a href="https://www.chatons.org/">{i18n.t("eligibility-chatons-link")}</a></p>
            <p>{i18n.t("eligibility-paid")}</p>
            <p><a href="https://nextcloud.com/providers/">{i18n.t("eligibility-paid-link")}</a></p>
        </section>
        <section aria-labelledby="review-title">
            <h2 id="review-title">{i18n.t("eligibility-review-title")}</h2>
            <p>{i18n.t("eligibility-review-text")}</p>
            <crate::pages::apply::form::RegistrationStatus/>
            <p><a href=crate::pages::apply::paths::FORM_PATH class="button">{i18n.t("nav-apply")}</a></p>
        </section>
    }
}
