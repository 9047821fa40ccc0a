//! Secrets: random tokens, their stored hashes, and password hashing.

use std::sync::OnceLock;

use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use sha2::{Digest, Sha256};

/// 32 random bytes as 64 hex characters: session ids, CSRF and mail tokens.
pub fn random_token() -> Result<String, getrandom::Error> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes)?;
    Ok(hex(&bytes))
}

/// What the database stores of a token: a leaked table does not give away
/// live sessions or links.
pub fn token_hash(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
        .collect()
}

/// A key derived from a secret the server does not keep (an invitation link's
/// token), for one purpose: what it locks, only the holder of the secret opens.
pub fn derived_key(purpose: &str, secret: &str) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(b"mitreden\0");
    h.update(purpose.as_bytes());
    h.update(b"\0");
    h.update(secret.as_bytes());
    h.finalize().into()
}

const SEALED: &str = "c1:";

/// Encrypts and authenticates `plain` under `key` (ChaCha20-Poly1305, a random
/// nonce), as text.
pub fn seal(key: &[u8; 32], plain: &[u8]) -> Result<String, getrandom::Error> {
    use chacha20poly1305::aead::{Aead, KeyInit};
    let mut nonce = [0u8; 12];
    getrandom::fill(&mut nonce)?;
    let cipher = chacha20poly1305::ChaCha20Poly1305::new(key.into());
    // Encryption fails only for inputs of many gigabytes.
    let Ok(sealed) = cipher.encrypt((&nonce).into(), plain) else {
        return Err(getrandom::Error::UNSUPPORTED);
    };
    Ok(format!("{SEALED}{}{}", hex(&nonce), hex(&sealed)))
}

/// What `seal` locked, if `key` is the key and nothing was changed.
pub fn open(key: &[u8; 32], text: &str) -> Option<Vec<u8>> {
    use chacha20poly1305::aead::{Aead, KeyInit};
    let bytes = unhex(text.strip_prefix(SEALED)?)?;
    if bytes.len() < 12 {
        return None;
    }
    let (nonce, sealed) = bytes.split_at(12);
    let cipher = chacha20poly1305::ChaCha20Poly1305::new(key.into());
    cipher.decrypt(nonce.into(), sealed).ok()
}

/// Compares in time independent of where the inputs differ.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[derive(Debug, thiserror::Error)]
#[error("password hashing failed: {0}")]
pub struct HashError(String);

/// Argon2id with the crate's defaults (19 MiB, 2 passes), run off the async
/// threads because it takes tens of milliseconds on purpose.
pub async fn hash_password(password: String) -> Result<String, HashError> {
    tokio::task::spawn_blocking(move || {
        Argon2::default()
            .hash_password(password.as_bytes())
            .map(|h| h.to_string())
            .map_err(|e| HashError(e.to_string()))
    })
    .await
    .map_err(|e| HashError(e.to_string()))?
}

/// Checks a password against a stored hash. With no account (`None`) it checks
/// against a fixed hash anyway, so the answer takes as long whether or not the
/// address is registered.
pub async fn verify_password(password: String, stored: Option<String>) -> bool {
    tokio::task::spawn_blocking(move || {
        let stored = match stored {
            Some(s) => s,
            None => match dummy_hash() {
                Some(d) => d.to_owned(),
                None => return false,
            },
        };
        let Ok(parsed) = PasswordHash::new(&stored) else {
            return false;
        };
        Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
    })
    .await
    .unwrap_or(false)
}

fn dummy_hash() -> Option<&'static str> {
    static DUMMY: OnceLock<Option<String>> = OnceLock::new();
    DUMMY
        .get_or_init(|| {
            Argon2::default()
                .hash_password(b"no account has this password")
                .ok()
                .map(|h| h.to_string())
        })
        .as_deref()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_text_opens_only_with_its_key_and_unchanged() {
        let key = derived_key("survey draft", "token-a");
        let sealed = seal(&key, b"{\"q1\":\"Radweg\"}").unwrap();
        assert!(!sealed.contains("Radweg"));
        assert_eq!(open(&key, &sealed).unwrap(), b"{\"q1\":\"Radweg\"}");
        // Another token's key, another purpose, or one changed character: nothing.
        assert!(open(&derived_key("survey draft", "token-b"), &sealed).is_none());
        assert!(open(&derived_key("other", "token-a"), &sealed).is_none());
        let mut changed = sealed.clone().into_bytes();
        let last = changed.len() - 1;
        changed[last] = if changed[last] == b'0' { b'1' } else { b'0' };
        assert!(open(&key, &String::from_utf8(changed).unwrap()).is_none());
        // A fresh nonce each time.
        assert_ne!(seal(&key, b"x").unwrap(), seal(&key, b"x").unwrap());
        assert!(open(&key, "not sealed").is_none());
    }

    #[tokio::test]
    async fn passwords_hash_with_argon2id_and_verify() {
        let h = hash_password("richtig-lang-123".into()).await.unwrap();
        assert!(h.starts_with("$argon2id$"), "{h}");
        assert!(verify_password("richtig-lang-123".into(), Some(h.clone())).await);
        assert!(!verify_password("falsch-lang-123".into(), Some(h)).await);
        assert!(!verify_password("egal".into(), None).await);
    }

    #[test]
    fn tokens_are_random_and_hashes_stable() {
        let a = random_token().unwrap();
        let b = random_token().unwrap();
        assert_eq!(a.len(), 64);
        assert_ne!(a, b);
        assert_eq!(token_hash(&a), token_hash(&a));
        assert_ne!(token_hash(&a), a);
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"ab"));
    }
}
