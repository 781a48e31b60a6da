//! The pages of the portal: components, router and server functions. Compiled twice: for
//! the server (feature `ssr`, renders HTML and runs server functions) and for the browser
//! (feature `hydrate`, the WASM that makes the rendered page interactive).

// Leptos views are deeply nested types; the home page needs more than the default 128.
#![recursion_limit = "256"]

pub mod actions;
pub mod components;
pub mod forms;
pub mod i18n;
#[cfg(feature = "ssr")]
pub mod multipart;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod proofs;
pub mod registry;
pub mod routes;
pub mod site;
#[cfg(feature = "ssr")]
pub mod ssr;

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Meta};
use leptos_router::components::{Route, Router, Routes};
use leptos_router::{path, Lazy, SsrMode};

use components::layout::Layout;
use i18n::{use_i18n, Arg};
use pages::lazy;
use site::PageEnv;

/// Set by the server when it renders the page for an error status instead of the page at
/// the request's path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ErrorPage(pub u16);

/// The whole HTML document, rendered on the server only.
#[cfg(feature = "ssr")]
pub fn shell(options: LeptosOptions) -> impl IntoView {
    use leptos_meta::{HashedStylesheet, MetaTags};
    let env = ssr::page_env();
    let env_lang = env.lang;
    let lang = env.lang.as_str();
    provide_context(env);
    ssr::provide_request_nonce();
    // Error pages are plain HTML: nothing to hydrate, and the browser's router would
    // otherwise render the page at that URL over them.
    let hydrate = use_context::<ErrorPage>().is_none();
    view! {
        <!DOCTYPE html>
        <html lang=lang>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="color-scheme" content="light"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <HashedStylesheet id="leptos" options=options.clone()/>
                {hydrate.then(|| {
                    // The messages of the page's language and area, fetched with the
                    // WASM (the WASM carries none: see `common::browser`).
                    let area = use_context::<axum::http::request::Parts>()
                        .map(|parts| common::browser::Area::of_path(parts.uri.path()))
                        .unwrap_or(common::browser::Area::Public);
                    let messages = common::browser::address(env_lang, area);
                    view! {
                        <link
                            id="messages"
                            rel="preload"
                            href=messages
                            r#as="fetch"
                            crossorigin="anonymous"
                        />
                        <HydrationScripts options/>
                    }
                })}
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// The site's description for search engines, on every page but the forum's, each of which
/// describes itself (`pages::forum::PageMeta`). Read from the address the page was loaded
/// at, the same on both sides.
#[component]
fn SiteDescription(description: String) -> impl IntoView {
    let path = leptos_router::hooks::use_location()
        .pathname
        .get_untracked();
    (!pages::forum::is_forum_path(&path))
        .then(|| view! { <Meta name="description" content=description/> })
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    // Decided on the server (language, operator settings) and sent along with the page.
    let env = SharedValue::new(|| use_context::<PageEnv>().unwrap_or_default()).into_inner();
    let site_name = env.site.name.clone();
    provide_context(env);
    crate::actions::provide_written();
    let i18n = use_i18n();
    let description = i18n.ta("site-description", &[("site", Arg::from(&site_name))]);
    let error = use_context::<ErrorPage>();
    view! {
        // Each page titles the document with `components::title::PageTitle`.
        <Router>
            <SiteDescription description/>
            <Layout>
                {error.map(|ErrorPage(status)| view! { <pages::site::errors::ErrorView status/> })}
                <Show when=move || error.is_none()>
                <Routes fallback=pages::site::not_found::NotFound>
                    <Route path=path!("/") view=pages::site::home::HomePage/>
                    <Route path=path!("/fonctionnalites") view={Lazy::<lazy::Features>::new()}/>
                    <Route path=path!("/qui-peut-en-beneficier") view={Lazy::<lazy::Eligibility>::new()}/>
                    <Route path=path!("/questions") view={Lazy::<lazy::Faq>::new()}/>
                    <Route path=path!("/soutenir") view={Lazy::<lazy::Support>::new()}/>
                    <Route path=path!("/mentions-legales") view={Lazy::<lazy::Legal>::new()}/>
                    <Route path=path!("/conditions") view={Lazy::<lazy::Terms>::new()}/>
                    <Route path=path!("/accessibilite") view={Lazy::<lazy::Accessibility>::new()}/>
                    <Route path=path!("/lettre") view={Lazy::<lazy::Newsletter>::new()}/>
                    <Route path=path!("/lettre/merci") view={Lazy::<lazy::NewsletterThanks>::new()}/>
                    <Route
                        path=path!("/lettre/confirmer/:token")
                        view={Lazy::<lazy::NewsletterConfirm>::new()}
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/lettre/desinscription/:token")
                        view={Lazy::<lazy::NewsletterUnsubscribe>::new()}
                        ssr=SsrMode::Async
                    />
                    <Route path=path!("/lettre/confirmee") view={Lazy::<lazy::NewsletterConfirmed>::new()}/>
                    <Route path=path!("/lettre/desinscrit") view={Lazy::<lazy::NewsletterUnsubscribed>::new()}/>
                    <Route path=path!("/demande") view={Lazy::<lazy::Apply>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/demande/envoyee") view={Lazy::<lazy::ApplySent>::new()}/>
                    <Route
                        path=path!("/demande/confirmer/:token")
                        view={Lazy::<lazy::ApplyConfirm>::new()}
                        ssr=SsrMode::Async
                    />
                    <Route path=path!("/demande/confirmee") view={Lazy::<lazy::ApplyConfirmed>::new()}/>
                    <Route
                        path=path!("/demande/suivi/:token")
                        view={Lazy::<lazy::ApplyStatus>::new()}
                        ssr=SsrMode::Async
                    />
                    <Route path=path!("/demande/lien-perdu") view={Lazy::<lazy::ApplyLostLink>::new()}/>
                    <Route
                        path=path!("/espace/suppression/:token")
                        view={Lazy::<lazy::SpaceDeletionCancel>::new()}
                        ssr=SsrMode::Async
                    />
                    <Route path=path!("/espace/suppression-annulee") view={Lazy::<lazy::SpaceDeletionCancelled>::new()}/>
                    <Route path=path!("/espace/connexion") view={Lazy::<lazy::SpaceLogin>::new()}/>
                    <Route path=path!("/espace/connexion/retour") view={Lazy::<lazy::SpaceReturn>::new()}/>
                    <Route path=path!("/espace/connexion/lien") view={Lazy::<lazy::SpaceLink>::new()}/>
                    <Route path=path!("/espace/connexion/lien/envoye") view={Lazy::<lazy::SpaceLinkSent>::new()}/>
                    <Route
                        path=path!("/espace/connexion/lien/:token")
                        view={Lazy::<lazy::SpaceLinkUse>::new()}
                        ssr=SsrMode::Async
                    />
                    <Route path=path!("/espace/deconnecte") view={Lazy::<lazy::SpaceLoggedOut>::new()}/>
                    <Route path=path!("/demande/lien-perdu/envoye") view={Lazy::<lazy::ApplyLostLinkSent>::new()}/>
                    <Route path=path!("/forum") view={Lazy::<lazy::ForumHome>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/forum/recherche") view={Lazy::<lazy::ForumSearch>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/forum/c/:slug/:id") view={Lazy::<lazy::ForumCategory>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/forum/t/:slug/:id") view={Lazy::<lazy::ForumTopic>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/forum/connexion") view={Lazy::<lazy::ForumLogin>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/forum/connexion/envoye") view={Lazy::<lazy::ForumLinkSent>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/forum/connexion/espace") view={Lazy::<lazy::ForumSpaceLogin>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/forum/connexion/lien/:token") view={Lazy::<lazy::ForumLink>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/forum/nouveau") view={Lazy::<lazy::ForumNewTopic>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/forum/repondre/:id") view={Lazy::<lazy::ForumReply>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/forum/signaler/:id") view={Lazy::<lazy::ForumFlag>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/forum/u/:pseudonym") view={Lazy::<lazy::ForumProfile>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/forum/compte") view={Lazy::<lazy::ForumAccount>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/forum/compte/supprimer") view={Lazy::<lazy::ForumDelete>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/forum/notifications") view={Lazy::<lazy::ForumNotifications>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/forum/en-attente") view={Lazy::<lazy::ForumPending>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/forum/desabonnement/:token") view={Lazy::<lazy::ForumUnsubscribe>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/forum/desabonne") view={Lazy::<lazy::ForumUnsubscribed>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/equipe/connexion") view={Lazy::<lazy::StaffLogin>::new()}/>
                    <Route path=path!("/equipe/connexion/envoye") view={Lazy::<lazy::StaffLinkSent>::new()}/>
                    <Route
                        path=path!("/equipe/connexion/:token")
                        view={Lazy::<lazy::StaffLink>::new()}
                        ssr=SsrMode::Async
                    />
                    <Route path=path!("/equipe/verification") view={Lazy::<lazy::StaffCode>::new()} ssr=SsrMode::Async/>
                    <Route
                        path=path!("/equipe/double-authentification")
                        view={Lazy::<lazy::StaffEnrol>::new()}
                        ssr=SsrMode::Async
                    />
                    <Route path=path!("/equipe/deconnecte") view={Lazy::<lazy::StaffLoggedOut>::new()}/>
                    <Route path=path!("/equipe") view={Lazy::<lazy::StaffHome>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/equipe/comptes") view={Lazy::<lazy::StaffAccounts>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/equipe/forum") view={Lazy::<lazy::StaffForum>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/equipe/forum/sanction/:id") view={Lazy::<lazy::StaffForumSanction>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/equipe/forum/sujet/:id/fusionner") view={Lazy::<lazy::StaffForumMerge>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/equipe/courriels") view={Lazy::<lazy::StaffOutbox>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/equipe/demandes") view={Lazy::<lazy::StaffQueue>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/equipe/demandes/:id") view={Lazy::<lazy::StaffApplication>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/equipe/modeles-de-refus") view={Lazy::<lazy::StaffTemplates>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/equipe/vagues") view={Lazy::<lazy::StaffWindows>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/equipe/espaces") view={Lazy::<lazy::StaffSpaces>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/equipe/espaces/:id") view={Lazy::<lazy::StaffSpace>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/equipe/serveurs") view={Lazy::<lazy::StaffHosts>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/equipe/serveurs/nouveau") view={Lazy::<lazy::StaffNewHost>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/equipe/taches") view={Lazy::<lazy::StaffJobs>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/equipe/alertes") view={Lazy::<lazy::StaffAlerts>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/dev/courriels") view={Lazy::<lazy::DevMails>::new()} ssr=SsrMode::Async/>
                    // Last: the static addresses under `/espace/` match first.
                    <Route path=path!("/espace/:slug/membres") view={Lazy::<lazy::SpaceMembers>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/espace/:slug/membres/importer") view={Lazy::<lazy::SpaceImport>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/espace/:slug/membres/importer/:id") view={Lazy::<lazy::SpaceImportShown>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/espace/bienvenue/:token") view={Lazy::<lazy::SpaceWelcome>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/espace/:slug/invitations") view={Lazy::<lazy::SpaceInvitations>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/espace/:slug/reglages") view={Lazy::<lazy::SpaceSettings>::new()} ssr=SsrMode::Async/>
                    // The logo's form posts here: a refused file shows the settings again.
                    <Route path=path!("/espace/:slug/reglages/logo") view={Lazy::<lazy::SpaceSettings>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/espace/:slug/passer-la-main") view={Lazy::<lazy::SpaceHandover>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/espace/transmission/:token") view={Lazy::<lazy::SpaceHandoverAccept>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/espace/:slug/exporter") view={Lazy::<lazy::SpaceExport>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/espace/:slug/associations") view={Lazy::<lazy::SpaceDirectory>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/espace/rejoindre/confirmer/:token") view={Lazy::<lazy::SpaceJoinConfirm>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/espace/rejoindre/:token") view={Lazy::<lazy::SpaceJoin>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("/espace/:slug") view={Lazy::<lazy::SpaceOverview>::new()} ssr=SsrMode::Async/>
                </Routes>
                </Show>
            </Layout>
        </Router>
    }
}
