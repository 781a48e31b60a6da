//! The addresses of applying for a space, in one place for its four files: the form, the
//! confirmation, the status page and the lost-link form; and the way home their notices offer.

pub const FORM_PATH: &str = "/demande";
pub const SENT_PATH: &str = "/demande/envoyee";
pub const CONFIRMED_PATH: &str = "/demande/confirmee";
pub const STATUS_PREFIX: &str = "/demande/suivi";
pub const LOST_PATH: &str = "/demande/lien-perdu";
pub const LOST_SENT_PATH: &str = "/demande/lien-perdu/envoye";

/// The link of the notices that end a step: back to the home page.
pub const HOME: (&str, &str) = ("/", "back-home");
