//! A space's secrets at rest: the portal's app password on the space, the space's OAuth2
//! client secret, its database password and its admin password. Sealed with the configuration's `secret_key` (XChaCha20-Poly1305,
//! `crypto`), each bound to its kind and its space, so a sealed value copied to another
//! space's row, or used as another kind, does not open.

use crate::crypto;
use crate::Secret;

/// What a sealed value is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// The portal's app password on the space (OCS calls as its account).
    AppPassword,
    /// The space's OAuth2 client secret (referents log in with their space).
    OAuthClientSecret,
    /// The password of the space's database role.
    DatabasePassword,
    /// The password of the portal's admin account on the space, set at install.
    AdminPassword,
}

impl Kind {
    fn purpose(self, slug: &str) -> String {
        let k = match self {
            Kind::AppPassword => "app-password",
            Kind::OAuthClientSecret => "oauth2-client-secret",
            Kind::DatabasePassword => "database-password",
            Kind::AdminPassword => "admin-password",
        };
        format!("nextcloud:{k}:{slug}")
    }
}

pub fn seal(key: &Secret, kind: Kind, slug: &str, value: &Secret) -> Vec<u8> {
    crypto::seal(key, &kind.purpose(slug), value.expose().as_bytes())
}

/// The value, or `None` when the key, kind or space differ (or the bytes were altered).
pub fn open(key: &Secret, kind: Kind, slug: &str, sealed: &[u8]) -> Option<Secret> {
    crypto::open(key, &kind.purpose(slug), sealed)
        .and_then(|b| String::from_utf8(b).ok())
        .map(Secret::new)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_secrets_open_only_for_their_space_and_kind() {
        let key = Secret::new("configuration-secret-key-0123456789");
        let pw = Secret::new("app-password-72-characters");
        let sealed = seal(&key, Kind::AppPassword, "mon-asso", &pw);
        assert!(!String::from_utf8_lossy(&sealed).contains(pw.expose()));
        assert_eq!(open(&key, Kind::AppPassword, "mon-asso", &sealed), Some(pw));
        assert_eq!(open(&key, Kind::AppPassword, "autre-asso", &sealed), None);
        assert_eq!(
            open(&key, Kind::OAuthClientSecret, "mon-asso", &sealed),
            None
        );
        assert_eq!(
            open(
                &Secret::new("another-key"),
                Kind::AppPassword,
                "mon-asso",
                &sealed
            ),
            None
        );
    }
}
