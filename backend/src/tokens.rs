//! Tokens in links sent by mail.
//!
//! Confirmation tokens are random and stored only as a SHA-256 hash, so a copy of the
//! database does not hold usable links. Unsubscribe links are signed (HMAC-SHA-256) with the
//! secret key, so every mail can carry one without storing anything.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::{Digest, Sha256};

use crate::Secret;

pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

pub fn hash_token(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

/// [`hash_token`] in lower-case hex: how a text column keeps a secret it must never hold.
pub fn hash_hex(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn mac(key: &Secret, purpose: &str, id: i64) -> Hmac<Sha256> {
    let mut mac = Hmac::<Sha256>::new_from_slice(key.expose().as_bytes()).expect("any key size");
    mac.update(purpose.as_bytes());
    mac.update(b":");
    mac.update(id.to_string().as_bytes());
    mac
}

/// `"<id>.<signature>"`, where the signature binds the id to `purpose`.
pub fn sign(key: &Secret, purpose: &str, id: i64) -> String {
    let sig = mac(key, purpose, id).finalize().into_bytes();
    format!("{id}.{}", URL_SAFE_NO_PAD.encode(sig))
}

/// The id of a token made by [`sign`] for the same purpose, in constant time.
pub fn verify(key: &Secret, purpose: &str, token: &str) -> Option<i64> {
    let (id, sig) = token.split_once('.')?;
    let id: i64 = id.parse().ok()?;
    let sig = URL_SAFE_NO_PAD.decode(sig).ok()?;
    mac(key, purpose, id).verify_slice(&sig).ok()?;
    Some(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signed_token_round_trips_and_resists_tampering() {
        let key = Secret::new("k1");
        let t = sign(&key, "unsubscribe", 42);
        assert_eq!(verify(&key, "unsubscribe", &t), Some(42));
        assert_eq!(verify(&key, "other", &t), None);
        assert_eq!(verify(&Secret::new("k2"), "unsubscribe", &t), None);
        let forged = t.replacen("42.", "43.", 1);
        assert_eq!(verify(&key, "unsubscribe", &forged), None);
        assert_eq!(verify(&key, "unsubscribe", "garbage"), None);
    }

    #[test]
    fn random_tokens_differ_and_hash_to_32_bytes() {
        let a = random_token();
        assert_ne!(a, random_token());
        assert!(a.len() >= 43);
        assert_eq!(hash_token(&a).len(), 32);
    }
}
