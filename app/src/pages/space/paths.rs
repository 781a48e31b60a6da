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
/// The space of the examples the generated tests try.
pub const EXAMPLE_SLUG: &str = "les-amis";

/// The dashboard of the space at `slug`.
pub fn dashboard(slug: &str) -> String {
    format!("/espace/{slug}")
}
