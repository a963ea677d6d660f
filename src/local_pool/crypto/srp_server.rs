//! Server side of Cognito's SRP (USER_SRP_AUTH → PASSWORD_VERIFIER) for the local pool.
//!
//! The pool keeps a random salt and the verifier `v = g^x mod N` per user, never the password,
//! and checks a client's PASSWORD_CLAIM_SIGNATURE by deriving the same key from its own side.

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use crypto_bigint::U3072;
use rand::TryRng as _;
use subtle::ConstantTimeEq as _;
use time::{Duration, OffsetDateTime};
use zeroize::Zeroizing;

use crate::cognito::srp_group as group;
use crate::cognito::timestamp;
use crate::local_pool::crypto::srp_key::SrpKey;

/// Bits of the server's secret exponent `b`: twice the 128-bit strength of the 3072-bit group
/// (RFC 3526 §8), which makes the server's exponentiations ~4x cheaper than 1024-bit exponents.
const B_BITS: u32 = 256;
const B_BYTES: usize = (B_BITS / 8) as usize;
/// Bytes of a freshly drawn salt.
const SALT_BYTES: usize = 16;
/// Hex digits of a 3072-bit number.
const MAX_ELEMENT_HEX: usize = group::ELEMENT_BYTES * 2;
/// Length of base64 text for a 32-byte HMAC (with padding); anything longer is refused unread.
const SIGNATURE_B64_LEN: usize = 44;

/// What the pool stores for a user's password.
#[derive(Clone, PartialEq, Eq)]
pub struct StoredVerifier {
    /// 16 random bytes as lowercase hex, sent verbatim as `SALT`.
    pub salt_hex: String,
    /// `v = g^x mod N`, minimal lowercase hex.
    pub verifier_hex: String,
}

impl fmt::Debug for StoredVerifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The verifier allows an offline dictionary attack on the password: never log it.
        f.debug_struct("StoredVerifier")
            .field("salt_hex", &self.salt_hex)
            .field("verifier_hex", &"***")
            .finish()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SrpServerError {
    #[error("SRP_A {0}")]
    BadA(&'static str),
    #[error("the operating system's random source failed: {0}")]
    Random(String),
    #[error("the stored password verifier is corrupt: {0}")]
    Corrupt(&'static str),
}

fn random_bytes<const N: usize>() -> Result<Zeroizing<[u8; N]>, SrpServerError> {
    let mut bytes = Zeroizing::new([0u8; N]);
    rand::rngs::SysRng
        .try_fill_bytes(&mut bytes[..])
        .map_err(|e| SrpServerError::Random(e.to_string()))?;
    Ok(bytes)
}

/// `v = g^x mod N` for the salt text exactly as it will be sent.
fn compute_verifier(
    salt_hex: &str,
    pool_name: &str,
    user_id: &str,
    password: &str,
) -> Result<U3072, SrpServerError> {
    let x = group::compute_x(salt_hex, pool_name, user_id, password)
        .map_err(|_| SrpServerError::Corrupt("the salt is not hexadecimal"))?;
    Ok(group::verifier(&x))
}

fn verifier_with_salt(
    salt: &[u8],
    pool_name: &str,
    user_id: &str,
    password: &str,
) -> Result<StoredVerifier, SrpServerError> {
    let salt_hex = group::hex_lower(salt);
    let v = compute_verifier(&salt_hex, pool_name, user_id, password)?;
    Ok(StoredVerifier {
        salt_hex,
        verifier_hex: group::to_hex(&v),
    })
}

/// A fresh random salt and the verifier for `password`. `pool_name` is the pool id after its `_`,
/// `user_id` the internal username (USER_ID_FOR_SRP).
pub fn new_verifier(
    pool_name: &str,
    user_id: &str,
    password: &str,
) -> Result<StoredVerifier, SrpServerError> {
    let salt = random_bytes::<SALT_BYTES>()?;
    verifier_with_salt(&salt[..], pool_name, user_id, password)
}

/// The stored verifier as a group element; a zero or malformed one is corrupt.
fn stored_element(stored: &StoredVerifier) -> Result<U3072, SrpServerError> {
    if stored.verifier_hex.len() > MAX_ELEMENT_HEX {
        return Err(SrpServerError::Corrupt("the verifier is too long"));
    }
    let v = group::parse_element("verifier", &stored.verifier_hex)
        .map_err(|_| SrpServerError::Corrupt("the verifier is not a group element"))?;
    if group::is_zero(&v) {
        return Err(SrpServerError::Corrupt("the verifier is 0"));
    }
    Ok(v)
}

/// For USER_PASSWORD_AUTH / ADMIN_USER_PASSWORD_AUTH: recompute v from the password and compare
/// in constant time.
pub fn password_matches(
    stored: &StoredVerifier,
    pool_name: &str,
    user_id: &str,
    password: &str,
) -> bool {
    let (Ok(expected), Ok(v)) = (
        stored_element(stored),
        compute_verifier(&stored.salt_hex, pool_name, user_id, password),
    ) else {
        return false;
    };
    let (expected, v) = (expected.to_be_bytes(), v.to_be_bytes());
    bool::from(expected.as_ref().ct_eq(v.as_ref()))
}

/// Validates the client's `SRP_A`: hex, at most 3072 bits once leading zeros are dropped, and
/// not `0 mod N` (which would make the session key predictable). Returns `A mod N`.
fn parse_a(srp_a_hex: &str) -> Result<U3072, SrpServerError> {
    if srp_a_hex.is_empty() {
        return Err(SrpServerError::BadA("is empty"));
    }
    if !srp_a_hex.bytes().all(|c| c.is_ascii_hexdigit()) {
        return Err(SrpServerError::BadA("is not hexadecimal"));
    }
    // Trim first so a flood of leading zeros is never decoded into memory. Then only "" (zero)
    // can fail to parse, and a 3072-bit value is reduced mod N.
    let digits = srp_a_hex.trim_start_matches('0');
    if digits.len() > MAX_ELEMENT_HEX {
        return Err(SrpServerError::BadA("is too large"));
    }
    match group::parse_element("SRP_A", digits) {
        Ok(a) if !group::is_zero(&a) => Ok(a),
        _ => Err(SrpServerError::BadA("is 0 mod N")),
    }
}

/// One PASSWORD_VERIFIER exchange, from the server's side.
pub struct ServerSession {
    b_hex: String,
    key: SrpKey,
}

impl fmt::Debug for ServerSession {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ServerSession")
            .field("b", &"***")
            .field("srp_a", &group::to_hex(self.key.a_pub()))
            .field("srp_b", &self.b_hex)
            .field("v", &"***")
            .finish()
    }
}

/// Draws before giving up on values that occur with probability ~2^-256 each.
const MAX_DRAWS: usize = 4;

impl ServerSession {
    /// Validates SRP_A (hex, at most 3072 bits after trimming, refuse A mod N == 0), draws b,
    /// computes B.
    pub fn begin(stored: &StoredVerifier, srp_a_hex: &str) -> Result<Self, SrpServerError> {
        let a_pub = parse_a(srp_a_hex)?;
        let v = stored_element(stored)?;
        for _ in 0..MAX_DRAWS {
            let bytes = random_bytes::<B_BYTES>()?;
            let b = group::exponent_from_bytes(&bytes[..]);
            let b_pub = group::server_public(&v, &b, B_BITS);
            let u = group::compute_u(&a_pub, &b_pub);
            // B ≡ 0 would tell the client nothing; u = 0 would make S independent of the password.
            if group::is_zero(&b_pub) || group::trim(&u).is_empty() {
                continue;
            }
            return Ok(Self {
                b_hex: group::to_hex(&b_pub),
                key: SrpKey::new(b, B_BITS, a_pub, v, u),
            });
        }
        Err(SrpServerError::Random(
            "kept drawing degenerate SRP values".to_string(),
        ))
    }

    /// `SRP_B` as the client expects it: unpadded lowercase hex.
    pub fn srp_b_hex(&self) -> &str {
        &self.b_hex
    }

    /// Starts deriving the password key on a spare core, so it is ready (or nearly) when the
    /// answer comes: the client spends about as long on its own half.
    pub fn precompute_key(&self) {
        self.key.precompute();
    }

    /// Recomputes the PASSWORD_CLAIM_SIGNATURE for (pool_name, user_id, secret_block bytes,
    /// timestamp text) and compares with the received base64 signature in constant time.
    /// Malformed base64 → false. Repeatable: single use of the SECRET_BLOCK is the caller's job.
    pub fn signature_matches(
        &self,
        pool_name: &str,
        user_id: &str,
        secret_block: &[u8],
        timestamp: &str,
        signature_b64: &str,
    ) -> bool {
        if signature_b64.len() != SIGNATURE_B64_LEN {
            return false;
        }
        let Ok(received) = STANDARD.decode(signature_b64) else {
            return false;
        };
        // The 16-byte key the client derives when it knows the password.
        let key = self.key.get();
        let message = group::signature_message(pool_name, user_id, secret_block, timestamp);
        let expected = Zeroizing::new(group::sign(key, &message));
        bool::from(expected[..].ct_eq(&received[..]))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TimestampError {
    #[error("TIMESTAMP is not of the form \"Thu Nov 5 06:03:04 UTC 2026\"")]
    Malformed,
    #[error("TIMESTAMP is too far from the server's clock")]
    OutOfRange,
}

/// Checks a TIMESTAMP text ("Thu Nov 5 06:03:04 UTC 2026": English names, unpadded day, weekday
/// must match the date) and that it lies within `tolerance` of `now` either way.
pub fn check_timestamp(
    text: &str,
    now: OffsetDateTime,
    tolerance: Duration,
) -> Result<(), TimestampError> {
    let at = timestamp::parse(text).ok_or(TimestampError::Malformed)?;
    // Both instants lie within years ±9999, so the difference cannot overflow.
    if (at - now).abs() <= tolerance.abs() {
        Ok(())
    } else {
        Err(TimestampError::OutOfRange)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cognito::srp::{PasswordVerifierChallenge, PoolContext, SrpClient};
    use crate::secret::SecretString;
    use std::collections::HashMap;
    use time::macros::datetime;

    const POOL_ID: &str = "us-east-1_AbC123";
    const POOL: &str = "AbC123";
    const USER_ID: &str = "0b5e6c1a-user";
    const NOW: OffsetDateTime = datetime!(2026-11-05 06:03:04 UTC);

    struct SignIn {
        session: ServerSession,
        block: Vec<u8>,
        timestamp: String,
        signature: String,
    }

    /// Server `begin` → challenge → the crate's real client answers with `password`.
    fn sign_in(stored: &StoredVerifier, password: &str) -> SignIn {
        let client = SrpClient::new().unwrap();
        let session = ServerSession::begin(stored, client.srp_a()).unwrap();
        let block = random_bytes::<48>().unwrap().to_vec();
        let params = HashMap::from(
            [
                ("SALT", stored.salt_hex.clone()),
                ("SRP_B", session.srp_b_hex().to_string()),
                ("SECRET_BLOCK", STANDARD.encode(&block)),
                ("USER_ID_FOR_SRP", USER_ID.to_string()),
                ("USERNAME", "alice@example.com".to_string()),
            ]
            .map(|(k, v)| (k.to_string(), v)),
        );
        let challenge = PasswordVerifierChallenge::from_parameters(&params).unwrap();
        let pool = PoolContext::new(POOL_ID, "client", None).unwrap();
        let response = client
            .respond(&pool, &challenge, &SecretString::from(password), NOW)
            .unwrap();
        SignIn {
            session,
            block,
            timestamp: response.timestamp,
            signature: response.signature,
        }
    }

    #[test]
    fn the_real_client_signs_in_and_only_the_exact_claim_verifies() {
        // A random salt plus the edge cases of the client's salt padding (leading 00, top bit set).
        let mut stored: Vec<_> = [[0u8; 16], [0xff; 16], [0x80; 16]]
            .iter()
            .map(|salt| verifier_with_salt(salt, POOL, USER_ID, "Pa55w0rd!").unwrap())
            .collect();
        stored.push(new_verifier(POOL, USER_ID, "Pa55w0rd!").unwrap());
        for stored in &stored {
            let s = sign_in(stored, "Pa55w0rd!");
            let (ts, sig) = (s.timestamp.as_str(), s.signature.as_str());
            let ok = |pool: &str, user: &str, block: &[u8], ts: &str, sig: &str| {
                s.session.signature_matches(pool, user, block, ts, sig)
            };
            assert!(ok(POOL, USER_ID, &s.block, ts, sig));
            assert_eq!(check_timestamp(ts, NOW, Duration::minutes(5)), Ok(()));
            let mut raw = STANDARD.decode(sig).unwrap();
            raw[31] ^= 1;
            let later = timestamp::format(NOW + Duration::SECOND);
            assert!(!ok(POOL, USER_ID, &s.block, ts, &STANDARD.encode(&raw)));
            assert!(!ok(POOL, USER_ID, &s.block[1..], ts, sig));
            assert!(!ok(POOL, USER_ID, &s.block, &later, sig));
            assert!(!ok(POOL, "someone-else", &s.block, ts, sig));
            assert!(!ok("OtherPool", USER_ID, &s.block, ts, sig));
            let padded = format!("{sig}=");
            for bad in ["", "!!!", &sig[..43], &padded, &"A".repeat(10_000)] {
                assert!(!ok(POOL, USER_ID, &s.block, ts, bad), "{bad:?}");
            }
        }
    }

    #[test]
    fn a_wrong_password_does_not_verify() {
        let stored = new_verifier(POOL, USER_ID, "Pa55w0rd!").unwrap();
        let s = sign_in(&stored, "Pa55w0rd?");
        assert!(
            !s.session
                .signature_matches(POOL, USER_ID, &s.block, &s.timestamp, &s.signature)
        );
    }

    /// The key computed on the blocking pool while the client works is the one the answer is
    /// checked with: the right password verifies, a wrong one does not, also when several
    /// exchanges are precomputing at once (more than there are cores, so some wait for `get`).
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn keys_precomputed_in_the_background_check_answers_as_computed_ones() {
        let stored = new_verifier(POOL, USER_ID, "Pa55w0rd!").unwrap();
        let answers: Vec<_> = (0..6)
            .map(|i| {
                let password = if i % 2 == 0 { "Pa55w0rd!" } else { "Pa55w0rd?" };
                let s = sign_in(&stored, password);
                s.session.precompute_key();
                (i % 2 == 0, s)
            })
            .collect();
        for (right, s) in answers {
            let ok = tokio::task::spawn_blocking(move || {
                s.session
                    .signature_matches(POOL, USER_ID, &s.block, &s.timestamp, &s.signature)
            })
            .await
            .unwrap();
            assert_eq!(ok, right);
        }
    }

    #[test]
    fn password_matches_only_the_right_password_user_and_pool() {
        let stored = new_verifier(POOL, USER_ID, "Pa55w0rd!").unwrap();
        assert_eq!(stored.salt_hex.len(), 32);
        assert!(password_matches(&stored, POOL, USER_ID, "Pa55w0rd!"));
        assert!(!password_matches(&stored, POOL, USER_ID, "pa55w0rd!"));
        assert!(!password_matches(&stored, POOL, "other", "Pa55w0rd!"));
        assert!(!password_matches(&stored, "Other", USER_ID, "Pa55w0rd!"));
        let corrupt = StoredVerifier {
            verifier_hex: "zz".into(),
            ..stored.clone()
        };
        assert!(!password_matches(&corrupt, POOL, USER_ID, "Pa55w0rd!"));
        assert_ne!(
            new_verifier(POOL, USER_ID, "Pa55w0rd!").unwrap(),
            stored,
            "salts are random"
        );
        let debug = format!("{stored:?}");
        assert!(!debug.contains(&stored.verifier_hex) && debug.contains(&stored.salt_hex));
    }

    #[test]
    fn bad_srp_a_values_are_refused() {
        let stored = new_verifier(POOL, USER_ID, "pw").unwrap();
        let n = include_str!("../../../assets/srp_group_prime.hex")
            .trim()
            .to_lowercase();
        let begin = |a: &str| ServerSession::begin(&stored, a).map(|_| ());
        let bad = |why| Err(SrpServerError::BadA(why));
        assert_eq!(begin(""), bad("is empty"));
        assert_eq!(begin("0"), bad("is 0 mod N"));
        assert_eq!(begin(&"0".repeat(100_000)), bad("is 0 mod N"));
        assert_eq!(begin(&n), bad("is 0 mod N"));
        assert_eq!(begin(&format!("000{n}")), bad("is 0 mod N"));
        assert_eq!(begin(&format!("1{}", "0".repeat(768))), bad("is too large"));
        assert_eq!(begin(&"f".repeat(769)), bad("is too large"));
        assert_eq!(begin("12g4"), bad("is not hexadecimal"));
        assert_eq!(begin(" 1234"), bad("is not hexadecimal"));
        assert_eq!(begin("ü"), bad("is not hexadecimal"));
        assert_eq!(
            SrpServerError::BadA("is not hexadecimal").to_string(),
            "SRP_A is not hexadecimal"
        );
        assert!(begin(&format!("{}2", "0".repeat(100_000))).is_ok());
        assert!(begin(&"f".repeat(768)).is_ok(), "3072 bits, reduced mod N");
        let corrupt = StoredVerifier {
            verifier_hex: "0".into(),
            ..stored.clone()
        };
        assert!(matches!(
            ServerSession::begin(&corrupt, "2"),
            Err(SrpServerError::Corrupt(_))
        ));
        let session = ServerSession::begin(&stored, "2").unwrap();
        let b = session.srp_b_hex();
        assert!(!b.starts_with('0') && b.bytes().all(|c| matches!(c, b'0'..=b'9' | b'a'..=b'f')));
        assert!(format!("{session:?}").contains("b: \"***\""));
    }

    #[test]
    fn timestamps_must_be_exact_and_near_the_server_clock() {
        use TimestampError::{Malformed, OutOfRange};
        let at = |minutes| timestamp::format(NOW + Duration::minutes(minutes));
        for (text, expected) in [
            ("Thu Nov 5 06:03:04 UTC 2026".to_string(), Ok(())),
            ("Thu Nov 05 06:03:04 UTC 2026".to_string(), Err(Malformed)),
            ("Fri Nov 5 06:03:04 UTC 2026".to_string(), Err(Malformed)),
            (at(-4), Ok(())),
            (at(4), Ok(())),
            (at(-6), Err(OutOfRange)),
            (at(6), Err(OutOfRange)),
            ("Mon Jan 1 00:00:00 UTC 1".to_string(), Err(OutOfRange)),
        ] {
            let got = check_timestamp(&text, NOW, Duration::minutes(5));
            assert_eq!(got, expected, "{text}");
        }
    }

    proptest::proptest! {
        #[test]
        fn check_timestamp_never_panics(text in "\\PC{0,48}") {
            let _ = check_timestamp(&text, NOW, Duration::minutes(5));
        }
    }

    /// `cargo test --release --lib local_pool::srp_server -- --ignored --nocapture`
    #[test]
    #[ignore]
    fn server_cost_of_a_sign_in() {
        let stored = new_verifier(POOL, USER_ID, "Pa55w0rd!").unwrap();
        let s = sign_in(&stored, "Pa55w0rd!");
        let a_hex = SrpClient::new().unwrap().srp_a().to_string();
        let rounds = 200;
        let time = |f: &mut dyn FnMut()| {
            let start = std::time::Instant::now();
            (0..rounds).for_each(|_| f());
            start.elapsed() / rounds
        };
        let begin = time(&mut || drop(std::hint::black_box(ServerSession::begin(&stored, &a_hex))));
        let (block, ts, sig) = (&s.block, &s.timestamp, &s.signature);
        let verify =
            time(&mut || assert!(s.session.signature_matches(POOL, USER_ID, block, ts, sig)));
        let password = time(&mut || assert!(password_matches(&stored, POOL, USER_ID, "Pa55w0rd!")));
        println!(
            "begin {begin:?}, signature_matches {verify:?}, total {:?}; password_matches {password:?}",
            begin + verify
        );
    }
}
