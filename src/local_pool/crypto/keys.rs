//! The local pool's RS256 signing key: persisted once per data directory, published as a JWKS,
//! used to sign and verify the pool's JWTs.
//!
//! aws-lc-rs does the RSA work: a sign-in signs two tokens, and a pure-Rust RSA would eat most
//! of the sign-in time budget. The key file is never overwritten: replacing it would silently
//! invalidate every token already issued.

use std::fmt;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use aws_lc_rs::digest::{SHA256, digest};
use aws_lc_rs::encoding::AsDer;
use aws_lc_rs::rand::SystemRandom;
use aws_lc_rs::rsa::{KeyPair, KeySize, PublicKeyComponents};
use aws_lc_rs::signature::{
    KeyPair as _, ParsedPublicKey, RSA_PKCS1_2048_8192_SHA256, RSA_PKCS1_SHA256,
};
use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use serde_json::{Map, Value, json};
use zeroize::Zeroizing;

/// The key's file name in the data directory (unencrypted PKCS#8 DER, mode 0600).
pub const KEY_FILE: &str = "signing-key.p8";

/// Longest token `verify` decodes; Cognito-sized tokens are a few KiB.
pub const MAX_TOKEN_LEN: usize = 16 * 1024;

/// A PKCS#8 RSA key is at most ~5 KiB (8192 bits); a larger file is not a key.
const MAX_KEY_FILE_LEN: u64 = 64 * 1024;

/// Attacker-chosen header values echoed in errors are cut to this many characters.
const MAX_ECHO: usize = 40;

#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error("cannot generate an RSA-2048 signing key")]
    Generate,
    #[error("cannot serialize the signing key as PKCS#8")]
    Serialize,
    #[error("cannot create the data directory {path}: {source}")]
    CreateDir { path: PathBuf, source: io::Error },
    #[error("cannot read the signing key file {path}: {source}")]
    Read { path: PathBuf, source: io::Error },
    #[error(
        "signing key file {path} is not a usable RSA PKCS#8 key ({problem}); \
         it was left untouched: restore it, or move it away to create a new key"
    )]
    Corrupt { path: PathBuf, problem: String },
    #[error("cannot write the signing key file {path}: {source}")]
    Write { path: PathBuf, source: io::Error },
    #[error("no signing key can be kept for the pool id {0:?}")]
    PoolId(String),
    #[error("RS256 signing failed")]
    Sign,
}

/// Why `verify` refused a token. No message contains the token itself.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    #[error("token is too long ({len} bytes; at most {MAX_TOKEN_LEN} accepted)")]
    TooLong { len: usize },
    #[error("malformed token: {0}")]
    Malformed(&'static str),
    #[error("unsupported signing algorithm {0:?}: only RS256 is accepted")]
    UnsupportedAlgorithm(String),
    #[error("token header has no key id (kid)")]
    MissingKeyId,
    #[error("unknown signing key id {0:?}")]
    UnknownKey(String),
    #[error("bad signature")]
    BadSignature,
}

/// The pool's RSA-2048 key pair with its precomputed key id, JWT header and verification key.
pub struct SigningKey {
    pair: KeyPair,
    public: ParsedPublicKey,
    kid: String,
    /// base64url of `{"kid":..,"alg":"RS256"}`, the same for every token.
    header_b64: String,
    n: Vec<u8>,
    e: Vec<u8>,
}

impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SigningKey")
            .field("kid", &self.kid)
            .finish_non_exhaustive()
    }
}

impl SigningKey {
    /// Loads `<dir>/<name>`, or generates a key and writes it atomically when absent. A
    /// present but unreadable or corrupt file is an error and is never overwritten.
    pub fn load_or_create_at(dir: &Path, name: &str) -> Result<Self, KeyError> {
        create_dir(dir)?;
        let path = dir.join(name);
        if let Some(key) = Self::load(&path)? {
            return Ok(key);
        }
        let key = Self::generate()?;
        if key.save_new(dir, name)? {
            return Ok(key);
        }
        // Another process created the key first: use theirs so both sign with one key.
        let source = io::Error::from(io::ErrorKind::NotFound);
        Self::load(&path)?.ok_or(KeyError::Read { path, source })
    }

    /// Writes this key to `<dir>/<name>` (0600, fsynced) unless that file exists: false then.
    pub fn save_new(&self, dir: &Path, name: &str) -> Result<bool, KeyError> {
        let der = self.pair.as_der().map_err(|_| KeyError::Serialize)?;
        write_new_file(dir, name, der.as_ref())
    }

    /// `None` when the file does not exist; every other failure is an error.
    fn load(path: &Path) -> Result<Option<Self>, KeyError> {
        match read_key_file(path) {
            Ok(der) => Self::from_pkcs8(&der, path).map(Some),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(source) => Err(KeyError::Read {
                path: path.to_owned(),
                source,
            }),
        }
    }

    /// A fresh key that lives only in memory.
    pub fn generate() -> Result<Self, KeyError> {
        let pair = KeyPair::generate(KeySize::Rsa2048).map_err(|_| KeyError::Generate)?;
        Self::from_pair(pair).map_err(|_| KeyError::Generate)
    }

    fn from_pkcs8(der: &[u8], path: &Path) -> Result<Self, KeyError> {
        let corrupt = |problem: String| KeyError::Corrupt {
            path: path.to_owned(),
            problem,
        };
        let pair = KeyPair::from_pkcs8(der).map_err(|e| corrupt(e.description_().to_owned()))?;
        Self::from_pair(pair).map_err(corrupt)
    }

    fn from_pair(pair: KeyPair) -> Result<Self, String> {
        let components = PublicKeyComponents::<Vec<u8>>::from(pair.public_key());
        let public = components
            .to_parsed_public_key(&RSA_PKCS1_2048_8192_SHA256)
            .map_err(|e| format!("public key rejected: {}", e.description_()))?;
        let kid = key_id(pair.public_key().as_ref());
        // Built by hand: a serde_json map would sort `alg` before `kid`, unlike Cognito.
        let header = format!(r#"{{"kid":"{kid}","alg":"RS256"}}"#);
        let header_b64 = URL_SAFE_NO_PAD.encode(header);
        let PublicKeyComponents { n, e } = components;
        Ok(SigningKey {
            pair,
            public,
            kid,
            header_b64,
            n: strip_leading_zeros(n),
            e: strip_leading_zeros(e),
        })
    }

    /// Stable for a key: base64url of the first 20 bytes of SHA-256 of the DER public key.
    pub fn kid(&self) -> &str {
        &self.kid
    }

    /// The JWKS served at `/<pool-id>/.well-known/jwks.json`.
    pub fn jwks(&self) -> Value {
        json!({
            "keys": [{
                "alg": "RS256",
                "e": URL_SAFE_NO_PAD.encode(&self.e),
                "kid": self.kid,
                "kty": "RSA",
                "n": URL_SAFE_NO_PAD.encode(&self.n),
                "use": "sig",
            }]
        })
    }

    /// An RS256 JWT with Cognito's header (`kid` first) and `claims` as the payload.
    pub fn sign(&self, claims: &Map<String, Value>) -> Result<String, KeyError> {
        let payload = serde_json::to_vec(claims).map_err(|_| KeyError::Sign)?;
        let mut token = format!("{}.{}", self.header_b64, URL_SAFE_NO_PAD.encode(payload));
        let mut signature = vec![0u8; self.pair.public_modulus_len()];
        let rng = SystemRandom::new();
        self.pair
            .sign(&RSA_PKCS1_SHA256, &rng, token.as_bytes(), &mut signature)
            .map_err(|_| KeyError::Sign)?;
        token.push('.');
        URL_SAFE_NO_PAD.encode_string(signature, &mut token);
        Ok(token)
    }

    /// Checks structure, `alg`, `kid` and the signature, and returns the claims. Expiry and
    /// claim values are the caller's job.
    pub fn verify(&self, token: &str) -> Result<Map<String, Value>, TokenError> {
        if token.len() > MAX_TOKEN_LEN {
            return Err(TokenError::TooLong { len: token.len() });
        }
        let mut parts = token.split('.');
        let (Some(header), Some(payload), Some(signature), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(TokenError::Malformed("expected 3 dot-separated parts"));
        };
        let signed_len = header.len() + 1 + payload.len();
        let header =
            json_object(header).ok_or(TokenError::Malformed("header is not base64url JSON"))?;
        match header.get("alg") {
            Some(Value::String(alg)) if alg == "RS256" => {}
            Some(Value::String(alg)) => {
                return Err(TokenError::UnsupportedAlgorithm(shorten(alg)));
            }
            Some(_) => return Err(TokenError::Malformed("header alg is not a string")),
            None => return Err(TokenError::UnsupportedAlgorithm("(missing)".into())),
        }
        match header.get("kid") {
            Some(Value::String(kid)) if *kid == self.kid => {}
            Some(Value::String(kid)) => return Err(TokenError::UnknownKey(shorten(kid))),
            Some(_) => return Err(TokenError::Malformed("header kid is not a string")),
            None => return Err(TokenError::MissingKeyId),
        }
        let signature = URL_SAFE_NO_PAD
            .decode(signature)
            .map_err(|_| TokenError::Malformed("signature is not base64url"))?;
        // The signed bytes are the first two parts as sent, with their separating dot.
        let signed = token.as_bytes().get(..signed_len).unwrap_or_default();
        self.public
            .verify_sig(signed, &signature)
            .map_err(|_| TokenError::BadSignature)?;
        json_object(payload).ok_or(TokenError::Malformed("payload is not base64url JSON"))
    }
}

/// The `iss` a token claims, before anything is verified: it only picks the key to verify
/// with (each pool has its own), as a relying party picks a JWKS.
pub fn claimed_issuer(token: &str) -> Option<String> {
    if token.len() > MAX_TOKEN_LEN {
        return None;
    }
    let payload = token.split('.').nth(1)?;
    match json_object(payload)?.remove("iss")? {
        Value::String(iss) => Some(iss),
        _ => None,
    }
}

/// A base64url-encoded JSON object.
fn json_object(encoded: &str) -> Option<Map<String, Value>> {
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(encoded).ok()?).ok()
}

fn shorten(value: &str) -> String {
    value.chars().take(MAX_ECHO).collect()
}

fn key_id(public_der: &[u8]) -> String {
    let hash = digest(&SHA256, public_der);
    URL_SAFE_NO_PAD.encode(&hash.as_ref()[..20])
}

/// JWK `n` and `e` are unsigned big-endian integers with no leading zero bytes (RFC 7518 §6.3.1).
fn strip_leading_zeros(mut bytes: Vec<u8>) -> Vec<u8> {
    let zeros = bytes.iter().take_while(|&&b| b == 0).count();
    bytes.drain(..zeros.min(bytes.len().saturating_sub(1)));
    bytes
}

fn create_dir(dir: &Path) -> Result<(), KeyError> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir).map_err(|source| KeyError::CreateDir {
        path: dir.to_owned(),
        source,
    })
}

/// Reads at most `MAX_KEY_FILE_LEN + 1` bytes, so an oversized file is caught as corrupt by the
/// PKCS#8 parser instead of being read whole.
fn read_key_file(path: &Path) -> io::Result<Zeroizing<Vec<u8>>> {
    let file = File::open(path)?;
    let mut der = Zeroizing::new(Vec::with_capacity(4096));
    file.take(MAX_KEY_FILE_LEN + 1).read_to_end(&mut der)?;
    Ok(der)
}

/// Writes `bytes` to `path` only if `path` does not exist yet; false if it does. A 0600 temp
/// file in the same directory is fsynced, then hard-linked into place (which, unlike a rename,
/// fails rather than replace a key another process wrote meanwhile), then the directory is
/// fsynced. Filesystems without hard links fall back to a rename.
fn write_new_file(dir: &Path, name: &str, bytes: &[u8]) -> Result<bool, KeyError> {
    let path = &dir.join(name);
    let write_err = |source| KeyError::Write {
        path: path.to_owned(),
        source,
    };
    let mut suffix = [0u8; 8];
    aws_lc_rs::rand::fill(&mut suffix).map_err(|_| write_err(io::Error::other("no randomness")))?;
    let tmp = dir.join(format!(".{name}.{}.tmp", URL_SAFE_NO_PAD.encode(suffix)));
    let result = write_synced(&tmp, bytes).and_then(|()| match fs::hard_link(&tmp, path) {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Ok(false),
        Err(_) => fs::rename(&tmp, path).map(|()| true),
    });
    // Best effort: after a rename the temp name is already gone.
    let _ = fs::remove_file(&tmp);
    let created = result.map_err(write_err)?;
    crate::store::atomic::sync_dir(dir).map_err(write_err)?;
    Ok(created)
}

fn write_synced(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cognito::jwt::{self, Expectation, Jwks, JwtError, TokenUse};
    use std::sync::OnceLock;
    use time::OffsetDateTime;

    /// Generation is slow in debug builds: most tests share these two keys.
    fn key() -> &'static SigningKey {
        static KEY: OnceLock<SigningKey> = OnceLock::new();
        KEY.get_or_init(|| SigningKey::generate().unwrap())
    }
    fn other_key() -> &'static SigningKey {
        static KEY: OnceLock<SigningKey> = OnceLock::new();
        KEY.get_or_init(|| SigningKey::generate().unwrap())
    }

    const ISS: &str = "http://localhost:9229/us-east-1_AbC123";
    const CLIENT: &str = "7d8pnq1vd0fj3kmm6tu5aaqq0a";

    /// A Cognito-like ID token claim set (~600 bytes as JSON).
    fn claims() -> Map<String, Value> {
        let t = OffsetDateTime::now_utc().unix_timestamp();
        let uuid = "0c7d1a6e-3c1b-4d5e-9f00-112233445566";
        let claims = json!({
            "sub": uuid, "iss": ISS, "aud": CLIENT, "token_use": "id",
            "cognito:username": "alice", "cognito:groups": ["admins", "readers"],
            "auth_time": t, "iat": t, "exp": t + 3600,
            "jti": uuid, "origin_jti": uuid, "event_id": uuid,
            "email": "alice@example.com", "email_verified": true,
            "name": "Alice Example", "phone_number": "+15555550100", "phone_number_verified": false,
            "custom:department": "Engineering and Operations",
        });
        claims.as_object().cloned().unwrap()
    }

    fn b64(s: &str) -> String {
        URL_SAFE_NO_PAD.encode(s)
    }

    /// Re-encodes part `i` of `token` after `f` changed its bytes.
    fn tamper(token: &str, i: usize, f: impl FnOnce(&mut Vec<u8>)) -> String {
        let mut parts: Vec<String> = token.split('.').map(str::to_owned).collect();
        let mut bytes = URL_SAFE_NO_PAD.decode(&parts[i]).unwrap();
        f(&mut bytes);
        parts[i] = URL_SAFE_NO_PAD.encode(bytes);
        parts.join(".")
    }

    #[test]
    fn round_trip_with_cognito_header_and_jwks() {
        let claims = claims();
        let token = key().sign(&claims).unwrap();
        assert_eq!(key().verify(&token).unwrap(), claims);
        let header = URL_SAFE_NO_PAD.decode(token.split('.').next().unwrap());
        let expected = format!(r#"{{"kid":"{}","alg":"RS256"}}"#, key().kid());
        assert_eq!(header.unwrap(), expected.as_bytes());
        let jwk = &key().jwks()["keys"][0];
        let fields = [
            ("alg", "RS256"),
            ("kty", "RSA"),
            ("use", "sig"),
            ("e", "AQAB"),
        ];
        for (name, value) in fields {
            assert_eq!(jwk[name], value);
        }
        assert_eq!(jwk["kid"], key().kid());
        let n = URL_SAFE_NO_PAD.decode(jwk["n"].as_str().unwrap()).unwrap();
        assert!(n.len() == 256 && n[0] != 0);
        assert_eq!(key().kid().len(), 27);
        assert_ne!(key().kid(), other_key().kid());
        let shown = format!("{:?}", key());
        assert_eq!(
            shown,
            format!("SigningKey {{ kid: {:?}, .. }}", key().kid())
        );
    }

    #[test]
    fn verifies_with_the_client_side_verifier() {
        let now = OffsetDateTime::now_utc();
        let token = key().sign(&claims()).unwrap();
        let jwks = Jwks::from_json(key().jwks().to_string().as_bytes()).unwrap();
        let expect = Expectation::new(ISS, CLIENT);
        let decoded = jwt::verify(&token, &jwks, &expect, TokenUse::Id, now).unwrap();
        assert_eq!(decoded.username(), Some("alice"));
        assert_eq!(decoded.kid(), Some(key().kid()));
        // Another key's signature under our kid is refused by the client too.
        let other = other_key().sign(&claims()).unwrap();
        let forged = format!("{}.{}", key().header_b64, other.split_once('.').unwrap().1);
        let err = jwt::verify(&forged, &jwks, &expect, TokenUse::Id, now).unwrap_err();
        assert_eq!(err, JwtError::BadSignature);
        assert_eq!(key().verify(&forged), Err(TokenError::BadSignature));
        assert!(matches!(
            key().verify(&other),
            Err(TokenError::UnknownKey(_))
        ));
    }

    #[test]
    fn tampered_tokens_are_refused() {
        let token = key().sign(&claims()).unwrap();
        let bad = |t: &str| assert_eq!(key().verify(t), Err(TokenError::BadSignature));
        bad(&tamper(&token, 1, |p| p[10] ^= 1));
        bad(&tamper(&token, 2, |s| s[100] ^= 1));
        bad(&tamper(&token, 2, |s| s.truncate(255)));
        bad(&format!("{}.", token.rsplit_once('.').unwrap().0));
    }

    #[test]
    fn header_checks() {
        let with_header = |h: &str| format!("{}.{}.", b64(h), b64(r#"{"sub":"x"}"#));
        let kid = key().kid();
        let err = |h: &str| key().verify(&with_header(h)).unwrap_err();
        let unsupported = |alg: &str| TokenError::UnsupportedAlgorithm(alg.into());
        assert_eq!(
            err(&format!(r#"{{"kid":"{kid}","alg":"none"}}"#)),
            unsupported("none")
        );
        assert_eq!(
            err(&format!(r#"{{"kid":"{kid}","alg":"HS256"}}"#)),
            unsupported("HS256")
        );
        assert_eq!(
            err(&format!(r#"{{"kid":"{kid}"}}"#)),
            unsupported("(missing)")
        );
        assert_eq!(err(r#"{"alg":"RS256"}"#), TokenError::MissingKeyId);
        let long_kid = format!(r#"{{"kid":"{}","alg":"RS256"}}"#, "k".repeat(500));
        assert_eq!(err(&long_kid), TokenError::UnknownKey("k".repeat(MAX_ECHO)));
        for header in [
            format!(r#"{{"kid":"{kid}","alg":256}}"#),
            "[1,2]".into(),
            "{".into(),
        ] {
            assert!(matches!(err(&header), TokenError::Malformed(_)), "{header}");
        }
    }

    #[test]
    fn garbage_is_refused_without_panic() {
        let token = key().sign(&claims()).unwrap();
        let inputs = [
            "",
            ".",
            "..",
            "...",
            "a.b.c",
            "not a token",
            "é.é.é",
            "\0.\0.\0",
            &format!("{token}."),
            &format!(" {token}"),
            &format!("{token}\n"),
            &token.replace('.', ".."),
            &token.replacen('.', "", 1),
            &format!("{}=.x.y", key().header_b64),
        ];
        for input in inputs {
            assert!(key().verify(input).is_err(), "{input:?}");
        }
        let long = "a".repeat(MAX_TOKEN_LEN + 1);
        assert_eq!(
            key().verify(&long),
            Err(TokenError::TooLong { len: long.len() })
        );
        // Every truncation and many single-character changes of a valid token.
        for cut in 0..token.len() {
            assert!(key().verify(&token[..cut]).is_err());
        }
        for at in (0..token.len()).step_by(7) {
            let mut bytes = token.clone().into_bytes();
            bytes[at] = if bytes[at] == b'A' { b'B' } else { b'A' };
            let changed = String::from_utf8(bytes).unwrap();
            assert!(key().verify(&changed).is_err(), "changed at {at}");
        }
    }

    #[test]
    fn load_or_create_persists_the_key() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("data").join("pool");
        let first = SigningKey::load_or_create_at(&dir, KEY_FILE).unwrap();
        let path = dir.join(KEY_FILE);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
            assert_eq!((mode(&path), mode(&dir)), (0o600, 0o700));
        }
        let names: Vec<_> = fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, [KEY_FILE], "no temp file left behind");
        let bytes = fs::read(&path).unwrap();
        let second = SigningKey::load_or_create_at(&dir, KEY_FILE).unwrap();
        assert_eq!(first.kid(), second.kid());
        assert_eq!(fs::read(&path).unwrap(), bytes);
        assert!(second.verify(&first.sign(&claims()).unwrap()).is_ok());
        // A key written elsewhere loads with the same identity.
        let der = key().pair.as_der().unwrap().as_ref().to_vec();
        fs::write(tmp.path().join(KEY_FILE), der).unwrap();
        let loaded = SigningKey::load_or_create_at(tmp.path(), KEY_FILE).unwrap();
        assert_eq!((loaded.kid(), loaded.jwks()), (key().kid(), key().jwks()));
    }

    #[test]
    fn corrupt_or_unreadable_files_are_errors_and_left_alone() {
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join(KEY_FILE);
        let names_path = |e: &KeyError| e.to_string().contains(&path.display().to_string());
        let der = key().pair.as_der().unwrap().as_ref().to_vec();
        let truncated = der[..der.len() / 2].to_vec();
        let oversized = vec![0x30; MAX_KEY_FILE_LEN as usize + 10];
        for content in [b"garbage".to_vec(), Vec::new(), truncated, oversized] {
            fs::write(&path, &content).unwrap();
            let err = SigningKey::load_or_create_at(tmp.path(), KEY_FILE).unwrap_err();
            assert!(
                matches!(err, KeyError::Corrupt { .. }) && names_path(&err),
                "{err}"
            );
            assert_eq!(fs::read(&path).unwrap(), content);
        }
        // A directory where the key should be cannot be read: an error, not a new key.
        fs::remove_file(&path).unwrap();
        fs::create_dir(&path).unwrap();
        let err = SigningKey::load_or_create_at(tmp.path(), KEY_FILE).unwrap_err();
        assert!(
            matches!(err, KeyError::Read { .. }) && names_path(&err),
            "{err}"
        );
        assert!(path.is_dir());
    }

    /// `cargo test --release --lib local_pool::keys::tests::timing -- --ignored --nocapture`
    #[test]
    #[ignore]
    fn timing() {
        use std::time::Instant;
        let claims = claims();
        println!(
            "claims: {} bytes",
            serde_json::to_vec(&claims).unwrap().len()
        );
        let start = Instant::now();
        for _ in 0..20 {
            SigningKey::generate().unwrap();
        }
        println!("generate: {:?} per key", start.elapsed() / 20);
        let (start, mut token) = (Instant::now(), String::new());
        for _ in 0..1000 {
            token = key().sign(&claims).unwrap();
        }
        println!("sign: {:?} per token", start.elapsed() / 1000);
        let start = Instant::now();
        for _ in 0..1000 {
            key().verify(&token).unwrap();
        }
        println!("verify: {:?} per token", start.elapsed() / 1000);
    }
}
