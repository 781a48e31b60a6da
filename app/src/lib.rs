//! The pages of the portal: components, router and server functions. Compiled twice: for
//! the server (feature `ssr`, renders HTML and runs server functions) and for the browser
//! (feature `hydrate`, the WASM that makes the rendered page interactive).

// Leptos views are deeply nested types; the home page needs more than the default 128.
#![recursion_limit = "256"]

pub mod components;
pub mod forms;
pub mod i18n;
pub mod pages;
pub mod site;
#[cfg(feature = "ssr")]
pub mod ssr;

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Meta, Title};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{path, SsrMode};

use components::layout::Layout;
use i18n::{use_i18n, Arg};
use pages::{dev, public};
use site::PageEnv;

/// The whole HTML document, rendered on the server only.
#[cfg(feature = "ssr")]
pub fn shell(options: LeptosOptions) -> impl IntoView {
    use leptos_meta::{HashedStylesheet, MetaTags};
    let env = ssr::page_env();
    let lang = env.lang.as_str();
    provide_context(env);
    ssr::provide_request_nonce();
    view! {
        <!DOCTYPE html>
        <html lang=lang>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="color-scheme" content="light"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <HashedStylesheet id="leptos" options=options.clone()/>
                <HydrationScripts options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    // Decided on the server (language, operator settings) and sent along with the page.
    let env = SharedValue::new(|| use_context::<PageEnv>().unwrap_or_default()).into_inner();
    let site_name = env.site.name.clone();
    provide_context(env);
    let i18n = use_i18n();
    let description = i18n.ta("site-description", &[("site", Arg::from(&site_name))]);
    let formatter = move |page: String| {
        if page.is_empty() {
            site_name.clone()
        } else {
            i18n.ta(
                "title-with-site",
                &[("page", page.into()), ("site", Arg::from(&site_name))],
            )
        }
    };
    view! {
        <Title formatter/>
        <Meta name="description" content=description/>
        <Router>
            <Layout>
                <Routes fallback=public::not_found::NotFound>
                    <Route path=path!("/") view=public::home::HomePage/>
                    <Route path=path!("/fonctionnalites") view=public::features::FeaturesPage/>
                    <Route path=path!("/qui-peut-en-beneficier") view=public::eligibility::EligibilityPage/>
                    <Route path=path!("/questions") view=public::faq::FaqPage/>
                    <Route path=path!("/soutenir") view=public::support::SupportPage/>
                    <Route path=path!("/mentions-legales") view=public::legal::LegalPage/>
                    <Route path=path!("/conditions") view=public::legal::TermsPage/>
                    <Route path=path!("/accessibilite") view=public::legal::AccessibilityPage/>
                    <Route path=path!("/lettre") view=public::newsletter::NewsletterPage/>
                    <Route path=path!("/lettre/merci") view=public::newsletter::ThanksPage/>
                    <Route
                        path=path!("/lettre/confirmer/:token")
                        view=public::newsletter::ConfirmPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/lettre/desinscription/:token")
                        view=public::newsletter::UnsubscribePage
                        ssr=SsrMode::Async
                    />
                    <Route path=path!("/lettre/desinscrit") view=public::newsletter::UnsubscribedPage/>
                    <Route path=path!("/dev/courriels") view=dev::mails::MailsPage ssr=SsrMode::Async/>
                </Routes>
            </Layout>
        </Router>
    }
}
