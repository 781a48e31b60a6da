//! Legal notice, terms of use and accessibility statement: texts an operator adapts through
//! the configuration (publisher, host, contact) and the locale files.

use crate::components::title::PageTitle;
use leptos::prelude::*;

use crate::i18n::{use_i18n, Arg, I18n};
use crate::site::{use_env, SiteInfo};

fn args(site: &SiteInfo) -> Vec<(&'static str, Arg)> {
    vec![
        ("site", Arg::from(&site.name)),
        ("publisher", Arg::from(&site.publisher)),
        ("email", Arg::from(&site.contact_email)),
        ("director", Arg::from(&site.publication_director)),
        ("url", Arg::from(&site.public_url)),
        ("date", Arg::from(&site.accessibility_audit_date)),
    ]
}

/// A titled section of plain paragraphs.
fn section(i18n: I18n, id: &'static str, title: &str, paragraphs: Vec<String>) -> impl IntoView {
    view! {
        <section aria-labelledby=id>
            <h2 id=id>{i18n.t(title)}</h2>
            {paragraphs.into_iter().map(|p| view! { <p>{p}</p> }).collect_view()}
        </section>
    }
}

#[component]
pub fn LegalPage() -> impl IntoView {
    let i18n = use_i18n();
    let site = use_env().site;
    let a = args(&site);
    let with = |extra: (&'static str, Arg)| {
        let mut v = a.clone();
        v.push(extra);
        v
    };
    view! {
        <PageTitle text=i18n.t("legal-title")/>
        <h1>{i18n.t("legal-title")}</h1>
        {section(i18n, "publisher", "legal-publisher-title", vec![
            i18n.ta("legal-publisher-text", &with(("address", Arg::from(&site.publisher_address)))),
            i18n.ta("legal-director", &a),
            i18n.ta("legal-contact", &a),
        ])}
        {section(i18n, "host", "legal-host-title", vec![
            i18n.ta("legal-host-text", &[("host", Arg::from(&site.host_name)), ("address", Arg::from(&site.host_address))]),
        ])}
        {section(i18n, "data", "legal-data-title", vec![
            i18n.t("legal-data-newsletter"),
            i18n.ta("legal-data-rights", &a),
        ])}
        {section(i18n, "cookies", "legal-cookies-title", vec![i18n.t("legal-cookies-text")])}
    }
}

#[component]
pub fn TermsPage() -> impl IntoView {
    let i18n = use_i18n();
    let site = use_env().site;
    let mut a = args(&site);
    a.extend(super::features::space_size_args(&site));
    view! {
        <PageTitle text=i18n.t("terms-title")/>
        <h1>{i18n.t("terms-title")}</h1>
        {section(i18n, "purpose", "terms-purpose-title", vec![i18n.ta("terms-purpose-text", &a)])}
        {section(i18n, "service", "terms-service-title", vec![i18n.ta("terms-service-text", &a)])}
        {section(i18n, "use", "terms-use-title", vec![i18n.t("terms-use-text")])}
        {section(i18n, "end", "terms-end-title", vec![i18n.t("terms-end-text")])}
        {section(i18n, "changes", "terms-changes-title", vec![i18n.t("terms-changes-text")])}
    }
}

#[component]
pub fn AccessibilityPage() -> impl IntoView {
    let i18n = use_i18n();
    let site = use_env().site;
    let a = args(&site);
    view! {
        <PageTitle text=i18n.t("a11y-title")/>
        <h1>{i18n.t("a11y-title")}</h1>
        <p>{i18n.ta("a11y-intro", &a)}</p>
        <p>{i18n.ta("a11y-scope", &a)}</p>
        {section(i18n, "status", "a11y-status-title", vec![i18n.ta("a11y-status", &a)])}
        {section(i18n, "results", "a11y-results-title", vec![i18n.t("a11y-results")])}
        {section(i18n, "nonconform", "a11y-nonconform-title", vec![i18n.t("a11y-nonconform")])}
        {section(i18n, "tech", "a11y-tech-title", vec![i18n.t("a11y-tech"), i18n.ta("a11y-date", &a)])}
        {section(i18n, "feedback", "a11y-feedback-title", vec![i18n.ta("a11y-feedback", &a)])}
        <section aria-labelledby="recourse">
            <h2 id="recourse">{i18n.t("a11y-recourse-title")}</h2>
            <p>{i18n.t("a11y-recourse-intro")}</p>
            <ul>
                <li>
                    <a href="https://formulaire.defenseurdesdroits.fr/">{i18n.t("a11y-recourse-form")}</a>
                </li>
                <li>
                    <a href="https://www.defenseurdesdroits.fr/saisir/delegues">{i18n.t("a11y-recourse-delegate")}</a>
                </li>
                <li>{i18n.t("a11y-recourse-mail")}</li>
            </ul>
        </section>
    }
}
