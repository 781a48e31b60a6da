//! Secrets kept at rest (second-factor keys), encrypted with a key derived from the
//! configuration's `secret_key`: a copy of the database alone does not give them away.

use chacha20poly1305::aead::{Aead, KeyInit};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use rand::RngCore;
use sha2::{Digest, Sha256};

use crate::Secret;

const NONCE: usize = 24;

fn cipher(key: &Secret, purpose: &str) -> XChaCha20Poly1305 {
    let mut h = Sha256::new();
    h.update(b"framaspace-at-rest-v1:");
    h.update(purpose.as_bytes());
    h.update(b":");
    h.update(key.expose().as_bytes());
    XChaCha20Poly1305::new(&h.finalize())
}

/// `nonce || ciphertext`; the purpose binds the value to its use.
pub fn seal(key: &Secret, purpose: &str, plain: &[u8]) -> Vec<u8> {
    let mut nonce = [0u8; NONCE];
    rand::thread_rng().fill_bytes(&mut nonce);
    let sealed = cipher(key, purpose)
        .encrypt(XNonce::from_slice(&nonce), plain)
        .expect("encryption of a short value");
    let mut out = nonce.to_vec();
    out.extend(sealed);
    out
}

/// The value [`seal`] sealed with the same key and purpose, or `None`.
pub fn open(key: &Secret, purpose: &str, sealed: &[u8]) -> Option<Vec<u8>> {
    if sealed.len() < NONCE {
        return None;
    }
    let (nonce, body) = sealed.split_at(NONCE);
    cipher(key, purpose)
        .decrypt(XNonce::from_slice(nonce), body)
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_values_open_only_with_the_same_key_and_purpose() {
        let k = Secret::new("a-key");
        let s = seal(&k, "totp", b"12345678901234567890");
        assert_eq!(
            open(&k, "totp", &s).as_deref(),
            Some(&b"12345678901234567890"[..])
        );
        assert_eq!(open(&k, "other", &s), None);
        assert_eq!(open(&Secret::new("b-key"), "totp", &s), None);
        assert_ne!(
            seal(&k, "totp", b"x"),
            seal(&k, "totp", b"x"),
            "fresh nonce"
        );
        assert_eq!(open(&k, "totp", b"short"), None);
    }
}
