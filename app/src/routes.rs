//! Every route of the portal in one list: pages, form handlers, other handlers and server
//! functions, with their method and who may call them. The declared actions' routes are
//! not written here: [`all`] adds them from their declarations.
//!
//! The server's tests compare this list with what exists (Leptos' route list, the axum
//! routes the server registers from [`HANDLERS`], the registered server functions), both
//! ways, and prove for each entry that every caller not allowed gets 401 or 403. The
//! end-to-end suite reads the same list (`framaspace routes`) for its page walk.

use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// A Leptos page (GET, rendered on the server, hydrated).
    Page,
    /// A plain POST handler: the no-JavaScript side of a form or a button.
    Form,
    /// Another axum handler (language switch, health).
    Handler,
    /// A Leptos server function (POST under `/api/`).
    ServerFn,
}

pub use crate::actions::Access;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Route {
    /// As axum writes it: `/lettre/confirmer/{token}`.
    pub path: &'static str,
    pub kind: Kind,
    pub method: &'static str,
    pub access: Access,
    /// A concrete URL to visit, for paths with parameters.
    pub example: Option<&'static str>,
    /// What a page answers at its example, when it is not 200: 410 for a token that names
    /// nothing (a members' welcome page moved, an invitation link that never was), 404 for
    /// a profile in an empty database.
    pub example_status: u16,
}

const fn r(path: &'static str, kind: Kind, method: &'static str, access: Access) -> Route {
    Route {
        path,
        kind,
        method,
        access,
        example: None,
        example_status: 200,
    }
}

const fn page(path: &'static str, access: Access) -> Route {
    r(path, Kind::Page, "GET", access)
}

#[cfg(feature = "ssr")]
const fn form(path: &'static str, access: Access) -> Route {
    r(path, Kind::Form, "POST", access)
}

const fn server_fn(path: &'static str, access: Access) -> Route {
    r(path, Kind::ServerFn, "POST", access)
}

const fn with_example(route: Route, example: &'static str) -> Route {
    Route {
        example: Some(example),
        ..route
    }
}

/// A page whose example names nobody in an empty database (a person's profile): it answers
/// 404 there, 200 once someone has that name.
const fn absent_at(route: Route, example: &'static str) -> Route {
    Route {
        example: Some(example),
        example_status: 404,
        ..route
    }
}

/// A page whose example names nothing there any more: it answers 410.
const fn gone_at(route: Route, example: &'static str) -> Route {
    Route {
        example: Some(example),
        example_status: 410,
        ..route
    }
}

use Access::{Admin, Anyone, DevOnly, ForumModerator, Member, Referent, Staff};

/// The routes written by hand; [`all`] is the whole list.
pub const ROUTES: &[Route] = &[
    // Public pages.
    page("/", Anyone),
    page("/fonctionnalites", Anyone),
    page("/qui-peut-en-beneficier", Anyone),
    page("/questions", Anyone),
    page("/soutenir", Anyone),
    page("/mentions-legales", Anyone),
    page("/conditions", Anyone),
    page("/accessibilite", Anyone),
    // Newsletter.
    page("/lettre", Anyone),
    page("/lettre/merci", Anyone),
    with_example(
        page("/lettre/confirmer/{token}", Anyone),
        "/lettre/confirmer/lien-inconnu",
    ),
    page("/lettre/confirmee", Anyone),
    with_example(
        page("/lettre/desinscription/{token}", Anyone),
        "/lettre/desinscription/1.lien-inconnu",
    ),
    page("/lettre/desinscrit", Anyone),
    server_fn("/api/forms/check", Anyone),
    // Every declared action, with JavaScript (each checks its own caller).
    server_fn("/api/actions/run", Anyone),
    server_fn("/api/newsletter/confirm-link", Anyone),
    server_fn("/api/newsletter/unsubscribe-link", Anyone),
    // Applying for a space.
    page("/demande", Anyone),
    page("/demande/envoyee", Anyone),
    with_example(
        page("/demande/confirmer/{token}", Anyone),
        "/demande/confirmer/lien-inconnu",
    ),
    page("/demande/confirmee", Anyone),
    with_example(
        page("/demande/suivi/{token}", Anyone),
        "/demande/suivi/lien-inconnu",
    ),
    page("/demande/lien-perdu", Anyone),
    page("/demande/lien-perdu/envoye", Anyone),
    server_fn("/api/applications/registration", Anyone),
    server_fn("/api/applications/confirm-link", Anyone),
    server_fn("/api/applications/status", Anyone),
    // A space's referent, from their mails.
    with_example(
        page("/espace/suppression/{token}", Anyone),
        "/espace/suppression/1.lien-inconnu",
    ),
    page("/espace/suppression-annulee", Anyone),
    server_fn("/api/spaces/cancel-link", Anyone),
    // A space's dashboard: logging in with the space or by a mailed link (open to anyone;
    // their forms are declared actions, added by `all`), then the dashboard itself.
    page("/espace/connexion", Anyone),
    page("/espace/connexion/retour", Anyone),
    page("/espace/connexion/lien", Anyone),
    page("/espace/connexion/lien/envoye", Anyone),
    with_example(
        page("/espace/connexion/lien/{token}", Anyone),
        "/espace/connexion/lien/lien-inconnu",
    ),
    page("/espace/deconnecte", Anyone),
    server_fn("/api/spaces/login-link-valid", Anyone),
    with_example(page("/espace/{slug}", Referent), "/espace/les-amis"),
    server_fn("/api/spaces/overview", Referent),
    with_example(
        page("/espace/{slug}/membres", Referent),
        "/espace/les-amis/membres",
    ),
    server_fn("/api/spaces/members", Referent),
    // Importing members from a file: the upload, an import's preview and report, the
    // report as a file. The forms are declared actions, added by `all`.
    with_example(
        page("/espace/{slug}/membres/importer", Referent),
        "/espace/les-amis/membres/importer",
    ),
    server_fn("/api/spaces/imports", Referent),
    with_example(
        page("/espace/{slug}/membres/importer/{id}", Referent),
        "/espace/les-amis/membres/importer/1",
    ),
    server_fn("/api/spaces/import", Referent),
    with_example(
        r(
            "/espace/{slug}/membres/importer/{id}/rapport.csv",
            Kind::Handler,
            "GET",
            Referent,
        ),
        "/espace/les-amis/membres/importer/1/rapport.csv",
    ),
    with_example(
        page("/espace/{slug}/invitations", Referent),
        "/espace/les-amis/invitations",
    ),
    server_fn("/api/spaces/invitations", Referent),
    // The settings (the forms are declared actions); the logo's address shows them too.
    with_example(
        page("/espace/{slug}/reglages", Referent),
        "/espace/les-amis/reglages",
    ),
    with_example(
        page("/espace/{slug}/reglages/logo", Referent),
        "/espace/les-amis/reglages/logo",
    ),
    server_fn("/api/spaces/settings", Referent),
    // Handing the referent's role over, and the page of the mailed offer.
    with_example(
        page("/espace/{slug}/passer-la-main", Referent),
        "/espace/les-amis/passer-la-main",
    ),
    server_fn("/api/spaces/handover", Referent),
    with_example(
        page("/espace/transmission/{token}", Anyone),
        "/espace/transmission/lien-inconnu",
    ),
    server_fn("/api/spaces/handover-offer", Anyone),
    // Asking for an export of the space, and following it.
    with_example(
        page("/espace/{slug}/exporter", Referent),
        "/espace/les-amis/exporter",
    ),
    server_fn("/api/spaces/export", Referent),
    // The directory of associations: the space's entry and the search.
    with_example(
        page("/espace/{slug}/associations", Referent),
        "/espace/les-amis/associations",
    ),
    server_fn("/api/spaces/directory", Referent),
    // Joining a space by an invitation link, and confirming the address given.
    gone_at(
        page("/espace/rejoindre/{token}", Anyone),
        "/espace/rejoindre/lien-inconnu",
    ),
    server_fn("/api/spaces/join-link", Anyone),
    with_example(
        page("/espace/rejoindre/confirmer/{token}", Anyone),
        "/espace/rejoindre/confirmer/lien-inconnu",
    ),
    server_fn("/api/spaces/join-request", Anyone),
    // The welcome page of a space's members, at the address its referent sends them.
    gone_at(
        page("/espace/bienvenue/{token}", Anyone),
        "/espace/bienvenue/0000000000000000000000000000000000000000000000000000000000000000",
    ),
    server_fn("/api/spaces/welcome", Anyone),
    // The help forum, open to everyone for reading. The welcome topic comes with the
    // forum's migration, in the announcements (category 9).
    page("/forum", Anyone),
    server_fn("/api/forum/home", Anyone),
    with_example(
        page("/forum/c/{slug}/{id}", Anyone),
        "/forum/c/premiers-pas/1",
    ),
    server_fn("/api/forum/category", Anyone),
    // The Atom feeds of the newest topics, of the whole forum and of a category.
    r("/forum/flux.atom", Kind::Handler, "GET", Anyone),
    with_example(
        r(
            "/forum/c/{slug}/{id}/flux.atom",
            Kind::Handler,
            "GET",
            Anyone,
        ),
        "/forum/c/premiers-pas/1/flux.atom",
    ),
    with_example(
        page("/forum/t/{slug}/{id}", Anyone),
        "/forum/t/bienvenue-sur-le-forum-d-entraide/1",
    ),
    server_fn("/api/forum/topic", Anyone),
    page("/forum/recherche", Anyone),
    server_fn("/api/forum/search", Anyone),
    // Logging in to the forum, and writing in it (each page says how to log in; the
    // writes themselves are declared actions, for members).
    page("/forum/connexion", Anyone),
    page("/forum/connexion/envoye", Anyone),
    page("/forum/connexion/espace", Anyone),
    with_example(
        page("/forum/connexion/lien/{token}", Anyone),
        "/forum/connexion/lien/lien-inconnu",
    ),
    server_fn("/api/forum/me", Anyone),
    server_fn("/api/forum/link-valid", Anyone),
    page("/forum/nouveau", Anyone),
    server_fn("/api/forum/compose", Anyone),
    server_fn("/api/forum/similar", Anyone),
    with_example(page("/forum/repondre/{id}", Anyone), "/forum/repondre/1"),
    server_fn("/api/forum/compose-reply", Anyone),
    // Flagging a post for the moderators (the page says how to log in).
    with_example(page("/forum/signaler/{id}", Anyone), "/forum/signaler/1"),
    server_fn("/api/forum/flag-target", Anyone),
    // People: a profile, one's account and notifications, and the one-click unsubscribe of
    // the forum's mails (its button is a declared action).
    absent_at(page("/forum/u/{pseudonym}", Anyone), "/forum/u/camille"),
    server_fn("/api/forum/profile", Anyone),
    page("/forum/compte", Member),
    server_fn("/api/forum/account", Member),
    page("/forum/compte/supprimer", Member),
    page("/forum/notifications", Member),
    server_fn("/api/forum/notifications", Member),
    // One's posts waiting for a moderator's approval.
    page("/forum/en-attente", Member),
    server_fn("/api/forum/pending", Member),
    with_example(
        page("/forum/desabonnement/{token}", Anyone),
        "/forum/desabonnement/1.lien-inconnu",
    ),
    server_fn("/api/forum/unsubscribe-link", Anyone),
    page("/forum/desabonne", Anyone),
    // Staff login: open to anyone, it reveals nothing about who is staff. The link's
    // button is a declared action, added by `all`.
    page("/equipe/connexion", Anyone),
    page("/equipe/connexion/envoye", Anyone),
    with_example(
        page("/equipe/connexion/{token}", Anyone),
        "/equipe/connexion/lien-inconnu",
    ),
    // The second factor: a login waiting for it, or (set-up) a logged-in member. Their
    // forms are declared actions, added by `all`.
    page("/equipe/verification", Anyone),
    page("/equipe/double-authentification", Anyone),
    page("/equipe/deconnecte", Anyone),
    server_fn("/api/staff/link-valid", Anyone),
    server_fn("/api/staff/login-pending", Anyone),
    server_fn("/api/staff/enrolment", Anyone),
    // The staff area.
    page("/equipe", Staff),
    server_fn("/api/staff/overview", Staff),
    page("/equipe/demandes", Staff),
    with_example(page("/equipe/demandes/{id}", Staff), "/equipe/demandes/1"),
    with_example(
        r("/equipe/demandes/{id}/export", Kind::Handler, "GET", Admin),
        "/equipe/demandes/1/export",
    ),
    server_fn("/api/staff/applications", Staff),
    server_fn("/api/staff/application", Staff),
    page("/equipe/comptes", Admin),
    page("/equipe/courriels", Admin),
    page("/equipe/modeles-de-refus", Admin),
    server_fn("/api/staff/reject-templates", Admin),
    page("/equipe/vagues", Admin),
    server_fn("/api/staff/windows", Admin),
    // What runs: spaces, hosts, jobs, alerts.
    // The forum's moderation: its queue, its hidden posts, its log.
    page("/equipe/forum", ForumModerator),
    server_fn("/api/staff/forum", ForumModerator),
    // The welcome topic's post is the team's: nobody to sanction.
    absent_at(
        page("/equipe/forum/sanction/{id}", ForumModerator),
        "/equipe/forum/sanction/1",
    ),
    server_fn("/api/staff/forum-sanction", ForumModerator),
    // Merging a duplicate topic into the older one it repeats.
    with_example(
        page("/equipe/forum/sujet/{id}/fusionner", ForumModerator),
        "/equipe/forum/sujet/1/fusionner",
    ),
    server_fn("/api/staff/forum-merge", ForumModerator),
    page("/equipe/espaces", Staff),
    server_fn("/api/staff/spaces", Staff),
    with_example(page("/equipe/espaces/{id}", Staff), "/equipe/espaces/1"),
    server_fn("/api/staff/space", Staff),
    page("/equipe/alertes", Staff),
    server_fn("/api/staff/alerts", Staff),
    page("/equipe/serveurs", Admin),
    server_fn("/api/staff/hosts", Admin),
    page("/equipe/serveurs/nouveau", Admin),
    page("/equipe/taches", Admin),
    server_fn("/api/staff/jobs", Admin),
    server_fn("/api/staff/accounts", Admin),
    server_fn("/api/staff/outbox", Admin),
    // Development.
    page("/dev/courriels", DevOnly),
    server_fn("/api/dev/mails", DevOnly),
    // Language, messages, health.
    r("/langue/{lang}", Kind::Handler, "GET", Anyone),
    // The page's language's messages, for the browser before it hydrates.
    r("/messages/{lang}", Kind::Handler, "GET", Anyone),
    r("/healthz", Kind::Handler, "GET", Anyone),
    r("/readyz", Kind::Handler, "GET", Anyone),
];

/// The only GET requests allowed to write, and what they write. Every other GET runs, in
/// the test suites, under a database role that cannot write.
pub const GET_SIDE_EFFECTS: &[(&str, &str)] = &[
    (
        "any request with a session",
        "the session store touches the session (idle expiry)",
    ),
    (
        "rate-limited requests",
        "rate-limit counters (none on GET today)",
    ),
];

/// Every route: those written here, then each declared action's (a `Form` entry with its
/// declaration's path, example and least access).
#[cfg(feature = "ssr")]
pub fn all() -> Vec<Route> {
    let mut all = ROUTES.to_vec();
    for a in crate::registry::actions() {
        let route = form(a.path, a.access);
        all.push(if a.path.contains('{') {
            with_example(route, a.example)
        } else {
            route
        });
    }
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(feature = "ssr")]
    #[test]
    fn each_route_is_listed_once() {
        let mut seen = std::collections::HashSet::new();
        for r in &all() {
            assert!(seen.insert((r.path, r.method, r.kind as u8)), "{r:?}");
            assert!(r.path.starts_with('/'));
            if r.path.contains('{') {
                assert!(
                    r.kind != Kind::Page || r.example.is_some(),
                    "{}: a page with parameters needs an example",
                    r.path
                );
            }
            if r.kind == Kind::ServerFn {
                assert!(r.path.starts_with("/api/"));
            }
        }
    }
}
