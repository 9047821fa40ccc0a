//! Key pairs of processes and draft-cavage HTTP signatures (rsa-sha256, as
//! Mastodon signs and verifies them).

use std::collections::BTreeMap;
use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use rsa::pkcs1::DecodeRsaPublicKey;
use rsa::pkcs1v15::{Signature, SigningKey, VerifyingKey};
use rsa::pkcs8::{
    DecodePrivateKey, DecodePublicKey, EncodePrivateKey, EncodePublicKey, LineEnding,
};
use rsa::signature::{SignatureEncoding, Signer as _, Verifier};
use rsa::{RsaPrivateKey, RsaPublicKey};
use sha2::{Digest, Sha256};

/// How old a signed request may be: Mastodon allows an hour of clock skew.
pub const SIGNATURE_MAX_AGE: Duration = Duration::from_secs(3600);

/// A fresh RSA key pair as PEM (PKCS#8 private, SPKI public).
pub fn generate() -> Result<db::federation::Keys, String> {
    let key = RsaPrivateKey::new(&mut rand_core::OsRng, 2048).map_err(|e| e.to_string())?;
    let private_pem = key
        .to_pkcs8_pem(LineEnding::LF)
        .map_err(|e| e.to_string())?
        .to_string();
    let public_pem = key
        .to_public_key()
        .to_public_key_pem(LineEnding::LF)
        .map_err(|e| e.to_string())?;
    Ok(db::federation::Keys {
        private_pem,
        public_pem,
    })
}

/// The `Digest` header of `body`.
pub fn digest(body: &[u8]) -> String {
    format!("SHA-256={}", STANDARD.encode(Sha256::digest(body)))
}

fn config() -> http_signature_normalization::Config {
    http_signature_normalization::Config::new()
        .mastodon_compat()
        .set_expiration(SIGNATURE_MAX_AGE)
}

/// The `Signature` header for a request with `headers` (lower-case names,
/// among them host and date, and digest for a body).
pub fn sign(
    private_pem: &str,
    key_id: &str,
    method: &str,
    path: &str,
    headers: BTreeMap<String, String>,
) -> Result<String, String> {
    Signer::from_pem(private_pem)?.sign(key_id, method, path, headers)
}

/// A private key read once: reading a PEM costs about as much as a
/// signature, and a post to many servers makes one signature per inbox.
pub struct Signer {
    key: SigningKey<Sha256>,
}

impl Signer {
    pub fn from_pem(private_pem: &str) -> Result<Signer, String> {
        let key = RsaPrivateKey::from_pkcs8_pem(private_pem).map_err(|e| e.to_string())?;
        Ok(Signer {
            key: SigningKey::<Sha256>::new(key),
        })
    }

    /// The `Signature` header for a request with `headers` (lower-case
    /// names, among them host and date, and digest for a body).
    pub fn sign(
        &self,
        key_id: &str,
        method: &str,
        path: &str,
        headers: BTreeMap<String, String>,
    ) -> Result<String, String> {
        let unsigned = config()
            .begin_sign(method, path, headers)
            .map_err(|e| e.to_string())?;
        let signed = unsigned.sign(key_id.to_owned(), |s| {
            let sig = self.key.try_sign(s.as_bytes()).map_err(|e| e.to_string())?;
            Ok::<_, String>(STANDARD.encode(sig.to_bytes()))
        })?;
        Ok(signed.signature_header())
    }
}

/// A request's signature, read but not yet checked against a key.
pub struct Unverified {
    inner: http_signature_normalization::verify::Unverified,
}

impl Unverified {
    /// Parses the Signature header of a request; `None` if it is missing,
    /// malformed, expired or does not cover what must be signed.
    pub fn read(
        method: &str,
        path: &str,
        headers: BTreeMap<String, String>,
        with_body: bool,
    ) -> Option<Unverified> {
        let mut c = config();
        if with_body {
            c = c.require_digest();
        }
        c.begin_verify(method, path, headers)
            .ok()
            .map(|inner| Unverified { inner })
    }

    /// The key the request claims to be signed with (a URL).
    pub fn key_id(&self) -> &str {
        self.inner.key_id()
    }

    /// Whether the signature was made with the private half of `public_pem`.
    pub fn verify(&self, public_pem: &str) -> bool {
        let Some(key) = public_key(public_pem) else {
            return false;
        };
        let verifier = VerifyingKey::<Sha256>::new(key);
        self.inner.verify(|sig, signing_string| {
            let Ok(bytes) = STANDARD.decode(sig) else {
                return false;
            };
            let Ok(sig) = Signature::try_from(bytes.as_slice()) else {
                return false;
            };
            verifier.verify(signing_string.as_bytes(), &sig).is_ok()
        })
    }
}

/// A public key in SPKI PEM (as Mastodon publishes it) or PKCS#1 PEM.
fn public_key(pem: &str) -> Option<RsaPublicKey> {
    RsaPublicKey::from_public_key_pem(pem.trim())
        .or_else(|_| RsaPublicKey::from_pkcs1_pem(pem.trim()))
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(body: &[u8]) -> BTreeMap<String, String> {
        let mut h = BTreeMap::new();
        h.insert("host".into(), "example.org".into());
        h.insert("date".into(), httpdate_now());
        h.insert("digest".into(), digest(body));
        h
    }

    fn httpdate_now() -> String {
        chrono::Utc::now()
            .format("%a, %d %b %Y %H:%M:%S GMT")
            .to_string()
    }

    #[test]
    fn a_signature_verifies_with_its_key_and_no_other() {
        let k = generate().unwrap();
        let other = generate().unwrap();
        let h = headers(b"{}");
        let sig = sign(&k.private_pem, "https://a/key", "POST", "/inbox", h.clone()).unwrap();
        let mut received = h.clone();
        received.insert("signature".into(), sig.clone());
        let u = Unverified::read("POST", "/inbox", received.clone(), true).unwrap();
        assert_eq!(u.key_id(), "https://a/key");
        assert!(u.verify(&k.public_pem));
        assert!(!u.verify(&other.public_pem));
        // Another path, another body: the signing string differs.
        let u = Unverified::read("POST", "/other", received.clone(), true).unwrap();
        assert!(!u.verify(&k.public_pem));
        let mut tampered = received;
        tampered.insert("digest".into(), digest(b"{\"x\":1}"));
        let u = Unverified::read("POST", "/inbox", tampered, true).unwrap();
        assert!(!u.verify(&k.public_pem));
    }

    #[test]
    fn a_request_without_date_or_digest_is_not_read() {
        let k = generate().unwrap();
        let mut h = headers(b"");
        h.remove("digest");
        let sig = sign(&k.private_pem, "k", "POST", "/inbox", h.clone()).unwrap();
        h.insert("signature".into(), sig);
        assert!(Unverified::read("POST", "/inbox", h, true).is_none());
    }
}
