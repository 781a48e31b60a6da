//! The addresses of a space's dashboard, in one place for its files.

pub const LOGIN_PATH: &str = "/espace/connexion";
/// Where a space's Nextcloud sends the person back (registered with the portal's OAuth2
/// client by provisioning: `backend::referents::login::redirect_uri`).
pub const RETURN_PATH: &str = "/espace/connexion/retour";
pub const LINK_PATH: &str = "/espace/connexion/lien";
pub const LINK_SENT_PATH: &str = "/espace/connexion/lien/envoye";
pub const LINK_TOKEN_PATH: &str = "/espace/connexion/lien/{token}";
pub const LOGGED_OUT_PATH: &str = "/espace/deconnecte";
/// A space's dashboard, as the actions declare it.
pub const DASHBOARD_PATH: &str = "/espace/{slug}";
/// A space's members.
pub const MEMBERS_PATH: &str = "/espace/{slug}/membres";
/// A space's invitation links.
pub const INVITATIONS_PATH: &str = "/espace/{slug}/invitations";
/// The public page of an invitation link, and the page that confirms the address given.
pub const JOIN_PATH: &str = "/espace/rejoindre/{token}";
pub const JOIN_CONFIRM_PATH: &str = "/espace/rejoindre/confirmer/{token}";
/// The space of the examples the generated tests try.
pub const EXAMPLE_SLUG: &str = "les-amis";

/// The dashboard of the space at `slug`.
pub fn dashboard(slug: &str) -> String {
    format!("/espace/{slug}")
}

/// The members page of the space at `slug`.
pub fn members(slug: &str) -> String {
    format!("/espace/{slug}/membres")
}

/// The invitation links of the space at `slug`.
pub fn invitations(slug: &str) -> String {
    format!("/espace/{slug}/invitations")
}

/// A space's settings: office suite, apps, look; the logo's form has its own address.
pub const SETTINGS_PATH: &str = "/espace/{slug}/reglages";
pub const SETTINGS_LOGO_PATH: &str = "/espace/{slug}/reglages/logo";

/// The settings of the space at `slug`.
pub fn settings(slug: &str) -> String {
    format!("/espace/{slug}/reglages")
}

/// Where the space at `slug` sends its logo.
pub fn settings_logo(slug: &str) -> String {
    format!("/espace/{slug}/reglages/logo")
}

/// Handing the referent's role over, and the page of an offer's mailed link.
pub const HANDOVER_PATH: &str = "/espace/{slug}/passer-la-main";
pub const HANDOVER_ACCEPT_PATH: &str = "/espace/transmission/{token}";

/// Where the referent of the space at `slug` hands their role over.
pub fn handover(slug: &str) -> String {
    format!("/espace/{slug}/passer-la-main")
}

/// Asking for an export of the space, and following it.
pub const EXPORT_PATH: &str = "/espace/{slug}/exporter";

/// Where the referent of the space at `slug` asks for an export.
pub fn export(slug: &str) -> String {
    format!("/espace/{slug}/exporter")
}

/// The directory of associations: the space's entry, and the search of the others.
pub const DIRECTORY_PATH: &str = "/espace/{slug}/associations";

/// The directory's page of the space at `slug`.
pub fn directory(slug: &str) -> String {
    format!("/espace/{slug}/associations")
}

/// Importing members from a file: the upload, then each import's preview and report, and
/// the report as a file.
pub const IMPORT_PATH: &str = "/espace/{slug}/membres/importer";
pub const IMPORT_ID_PATH: &str = "/espace/{slug}/membres/importer/{id}";
pub const IMPORT_REPORT_PATH: &str = "/espace/{slug}/membres/importer/{id}/rapport.csv";
/// A sample file to fill in, served as it is.
pub const IMPORT_SAMPLE: &str = "/fichiers/exemple-membres.csv";

/// Where the space at `slug` imports members.
pub fn import(slug: &str) -> String {
    format!("/espace/{slug}/membres/importer")
}

/// Import `id` of the space at `slug`.
pub fn import_of(slug: &str, id: i64) -> String {
    format!("/espace/{slug}/membres/importer/{id}")
}

/// The report of import `id`, as a file.
pub fn import_report(slug: &str, id: i64) -> String {
    format!("/espace/{slug}/membres/importer/{id}/rapport.csv")
}
