//! The staff's pages: logging in (e-mail link, then the second factor), the staff area and
//! one's own account, and by capability: `applications` (moderation and its settings),
//! `spaces`, `hosts`, `queue` (the background jobs and the alerts). `format` holds little
//! helpers their pages share. The staff area's paths are here.

pub mod account;
pub mod applications;
pub mod area;
pub mod format;
pub mod forum;
pub mod forum_merge;
pub mod forum_sanctions;
pub mod hosts;
pub mod login;
pub mod queue;
pub mod spaces;

pub const AREA_PATH: &str = "/equipe";
pub const LOGIN_PATH: &str = "/equipe/connexion";
/// The forum's moderation: its queue, its hidden posts, its log.
pub const FORUM_MODERATION_PATH: &str = "/equipe/forum";
pub const LINK_SENT_PATH: &str = "/equipe/connexion/envoye";
pub const CODE_PATH: &str = "/equipe/verification";
pub const ENROL_PATH: &str = "/equipe/double-authentification";
pub const ENROL_START_PATH: &str = "/equipe/double-authentification/commencer";
pub const LOGOUT_PATH: &str = "/equipe/deconnexion";
pub const LOGOUT_ALL_PATH: &str = "/equipe/deconnexion-partout";
pub const LOGGED_OUT_PATH: &str = "/equipe/deconnecte";
pub const ACCOUNTS_PATH: &str = "/equipe/comptes";
pub const OUTBOX_PATH: &str = "/equipe/courriels";
pub const APPLICATIONS_PATH: &str = "/equipe/demandes";
pub const TEMPLATES_PATH: &str = "/equipe/modeles-de-refus";
pub const BULK_APPROVE_PATH: &str = "/equipe/demandes/approbation";
pub const DIGEST_PATH: &str = "/equipe/resume-quotidien";
pub const WINDOWS_PATH: &str = "/equipe/vagues";
pub const SPACES_PATH: &str = "/equipe/espaces";
pub const HOSTS_PATH: &str = "/equipe/serveurs";
pub const NEW_HOST_PATH: &str = "/equipe/serveurs/nouveau";
pub const JOBS_PATH: &str = "/equipe/taches";
pub const ALERTS_PATH: &str = "/equipe/alertes";
