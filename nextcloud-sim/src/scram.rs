//! SCRAM-SHA-256 verifiers as PostgreSQL keeps them
//! (`SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>`, RFC 5802 and 7677): the
//! stand-in's database server checks a password against its role's verifier, as a real one
//! does at login.

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

/// A verifier's parts.
struct Verifier {
    iterations: u32,
    salt: Vec<u8>,
    stored: Vec<u8>,
    server: Vec<u8>,
}

fn parts(v: &str) -> Option<Verifier> {
    let rest = v.strip_prefix("SCRAM-SHA-256$")?;
    let (iter_salt, keys) = rest.split_once('$')?;
    let (iterations, salt) = iter_salt.split_once(':')?;
    let (stored, server) = keys.split_once(':')?;
    Some(Verifier {
        iterations: iterations.parse().ok().filter(|i| *i > 0)?,
        salt: STANDARD.decode(salt).ok()?,
        stored: STANDARD.decode(stored).ok()?,
        server: STANDARD.decode(server).ok()?,
    })
}

/// Whether `v` reads as a verifier.
pub fn is_verifier(v: &str) -> bool {
    parts(v).is_some_and(|p| p.stored.len() == 32 && p.server.len() == 32)
}

/// Whether `password` is the one `v` was made from.
pub fn verify(v: &str, password: &str) -> bool {
    let Some(Verifier {
        iterations,
        salt,
        stored,
        server,
    }) = parts(v)
    else {
        return false;
    };
    let mut salted = [0u8; 32];
    pbkdf2::pbkdf2_hmac::<Sha256>(password.as_bytes(), &salt, iterations, &mut salted);
    let key = |what: &[u8]| {
        let mut mac = Hmac::<Sha256>::new_from_slice(&salted).expect("any key size");
        mac.update(what);
        mac.finalize().into_bytes().to_vec()
    };
    Sha256::digest(key(b"Client Key")).as_slice() == stored.as_slice()
        && key(b"Server Key") == server
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_verifier_made_elsewhere_is_checked() {
        // Made by Python's hashlib for this password and the salt 00 01 … 0f.
        let v = "SCRAM-SHA-256$4096:AAECAwQFBgcICQoLDA0ODw==$vpieR+XmCel/9H7G4LD0ofGIQLF60fb4FuvVy5FzRGI=:tGrOWyLz+gL5CCxqBrztjBU6aW7mMkNLmDzU/NJ+XII=";
        assert!(super::is_verifier(v));
        assert!(super::verify(v, "A-long-space-password-1"));
        assert!(!super::verify(v, "A-long-space-password-2"));
        assert!(!super::is_verifier("A-long-space-password-1"));
    }
}
