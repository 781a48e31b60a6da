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

/// What PostgreSQL stores for a password under SCRAM-SHA-256 (RFC 5802, RFC 7677, in
/// PostgreSQL's `SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>` form). Sent in
/// `CREATE ROLE … PASSWORD '<verifier>'`, PostgreSQL keeps it as it is: the password itself
/// never reaches the database server, its logs (`log_statement = ddl`) or `pg_stat_activity`.
/// The passwords the portal makes are ASCII, which SASLprep leaves as they are.
pub fn scram_verifier(password: &Secret) -> String {
    let mut salt = [0u8; 16];
    rand::RngCore::fill_bytes(&mut rand::thread_rng(), &mut salt);
    scram_verifier_with(password, &salt, 4096)
}

fn scram_verifier_with(password: &Secret, salt: &[u8], iterations: u32) -> String {
    use base64::engine::general_purpose::STANDARD;
    use base64::Engine as _;
    use hmac::{Hmac, Mac};
    use sha2::{Digest, Sha256};
    let mut salted = [0u8; 32];
    pbkdf2::pbkdf2_hmac::<Sha256>(password.expose().as_bytes(), salt, iterations, &mut salted);
    let key = |what: &[u8]| {
        let mut mac = Hmac::<Sha256>::new_from_slice(&salted).expect("any key size");
        mac.update(what);
        mac.finalize().into_bytes()
    };
    let stored = Sha256::digest(key(b"Client Key"));
    let server = key(b"Server Key");
    format!(
        "SCRAM-SHA-256${iterations}:{}${}:{}",
        STANDARD.encode(salt),
        STANDARD.encode(stored),
        STANDARD.encode(server)
    )
}

#[cfg(test)]
mod scram_tests {
    use super::*;

    #[test]
    fn the_verifier_is_postgresqls() {
        // The same computed by Python's hashlib and hmac (pbkdf2_hmac('sha256', …, 4096)).
        let v = scram_verifier_with(
            &Secret::new("A-long-space-password-1"),
            &(0u8..16).collect::<Vec<_>>(),
            4096,
        );
        assert_eq!(
            v,
            "SCRAM-SHA-256$4096:AAECAwQFBgcICQoLDA0ODw==$vpieR+XmCel/9H7G4LD0ofGIQLF60fb4FuvVy5FzRGI=:tGrOWyLz+gL5CCxqBrztjBU6aW7mMkNLmDzU/NJ+XII="
        );
        let fresh = scram_verifier(&Secret::new("x"));
        assert!(fresh.starts_with("SCRAM-SHA-256$4096:"));
        assert!(!fresh.contains('\''), "quotable in SQL as it is");
        assert_ne!(
            fresh,
            scram_verifier(&Secret::new("x")),
            "a salt of its own"
        );
    }
}
