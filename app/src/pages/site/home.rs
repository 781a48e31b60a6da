use crate::components::title::PageTitle;
use leptos::prelude::*;
use leptos_router::components::A;

use super::features::FeatureList;
use super::newsletter::NewsletterForm;
use crate::i18n::{use_i18n, Arg};
use crate::site::use_env;

#[component]
pub fn HomePage() -> impl IntoView {
    let i18n = use_i18n();
    let site = use_env().site;
    let name = Arg::from(&site.name);
    view! {
        <PageTitle text=i18n.t("site-tagline")/>
        <section class="hero">
            <h1>{i18n.t("home-title")}</h1>
            <p class="lead">{i18n.ta("home-lead", &[("site", name.clone())])}</p>
            <crate::pages::apply::form::RegistrationStatus/>
            <p class="actions">
                <A href=crate::pages::apply::paths::FORM_PATH attr:class="button">{i18n.t("nav-apply")}</A>
                <A href="/qui-peut-en-beneficier" attr:class="button button-secondary">{i18n.t("home-cta-eligibility")}</A>
                <A href="/fonctionnalites" attr:class="button button-secondary">{i18n.t("home-cta-features")}</A>
            </p>
        </section>
        <section aria-labelledby="figures-title">
            <h2 id="figures-title">{i18n.t("home-figures-title")}</h2>
            <ul class="figures">
                <li>
                    {i18n.ta("home-figure-accounts", &[("accounts", i18n.lang.number(site.accounts_per_space.into()).into())])}
                </li>
                <li>{i18n.ta("home-figure-storage", &[("quota", i18n.lang.number(site.quota_gb.into()).into())])}</li>
                <li>{i18n.t("home-figure-price")}</li>
                <li>{i18n.ta("home-figure-address", &[("domain", Arg::from(&site.domain_suffix))])}</li>
            </ul>
        </section>
        <section aria-labelledby="gives-title">
            <h2 id="gives-title">{i18n.t("home-gives-title")}</h2>
            <FeatureList heading_level=3/>
        </section>
        <section aria-labelledby="why-title">
            <h2 id="why-title">{i18n.t("home-why-title")}</h2>
            <p>{i18n.t("home-why-1")}</p>
            <p>{i18n.ta("home-why-2", &[("site", name)])}</p>
            <p>{i18n.t("home-why-3")}</p>
        </section>
        <section aria-labelledby="whom-title">
            <h2 id="whom-title">{i18n.t("home-for-whom-title")}</h2>
            <p>
                {i18n.ta("home-for-whom-text", &[("capacity", i18n.lang.number(site.capacity.into()).into())])}
            </p>
            <p>
                <A href="/qui-peut-en-beneficier">{i18n.t("home-for-whom-link")}</A>
            </p>
        </section>
        <section aria-labelledby="newsletter-title" class="panel">
            <h2 id="newsletter-title">{i18n.t("home-newsletter-title")}</h2>
            <p>{i18n.t("home-newsletter-text")}</p>
            <NewsletterForm/>
        </section>
    }
}
