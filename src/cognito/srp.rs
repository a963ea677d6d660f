//! Client side of Cognito's USER_SRP_AUTH: `A` first (before the password is known, so it can be
//! computed while the user types), then the PASSWORD_VERIFIER challenge into its exact responses.

use std::collections::HashMap;
use std::fmt;

use base64::Engine as _;
use base64::alphabet::STANDARD as STANDARD_ALPHABET;
use base64::engine::DecodePaddingMode;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig, STANDARD};
use crypto_bigint::U3072;
use rand::TryRng as _;
use time::OffsetDateTime;
use zeroize::Zeroizing;

use super::secret_hash::secret_hash;
use super::srp_group::{self as group, SECRET_EXPONENT_BYTES};
use super::timestamp;
use crate::secret::SecretString;

/// Largest challenge parameters accepted (far above what any server sends), so hostile input
/// cannot make us hash or decode megabytes.
const MAX_SALT_HEX: usize = 1024;
const MAX_B_HEX: usize = 2048;
const MAX_SECRET_BLOCK: usize = 16 * 1024;
const MAX_NAME: usize = 2048;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SrpError {
    #[error("the sign-in challenge has no {0}")]
    Missing(&'static str),
    #[error("the sign-in challenge's {param} {problem}")]
    Invalid {
        param: &'static str,
        problem: &'static str,
    },
    #[error("the server sent an SRP_B that is 0 mod N; sign-in stopped to protect the password")]
    UnsafeB,
    #[error("the SRP scrambling value u is 0; sign-in stopped to protect the password")]
    UnsafeU,
    #[error("user pool id {0:?} is not of the form REGION_NAME (e.g. us-east-1_AbC123)")]
    PoolId(String),
    #[error("the operating system's random source failed: {0}")]
    Random(String),
}

impl SrpError {
    pub(crate) fn invalid(param: &'static str, problem: &'static str) -> Self {
        Self::Invalid { param, problem }
    }
}

/// What SRP needs to know about the pool and its app client.
#[derive(Clone)]
pub struct PoolContext {
    pool_name: String,
    client_id: String,
    client_secret: Option<SecretString>,
}

impl fmt::Debug for PoolContext {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PoolContext")
            .field("pool_name", &self.pool_name)
            .field("client_id", &self.client_id)
            .field("client_secret", &self.client_secret)
            .finish()
    }
}

/// The part of a pool id after its `_`: `us-east-1_AbC123` → `AbC123`.
pub fn pool_name(pool_id: &str) -> Result<&str, SrpError> {
    match pool_id.split('_').nth(1) {
        Some(name) if !name.is_empty() => Ok(name),
        _ => Err(SrpError::PoolId(pool_id.to_string())),
    }
}

impl PoolContext {
    pub fn new(
        pool_id: &str,
        client_id: impl Into<String>,
        client_secret: Option<SecretString>,
    ) -> Result<Self, SrpError> {
        Ok(Self {
            pool_name: pool_name(pool_id)?.to_string(),
            client_id: client_id.into(),
            client_secret: client_secret.filter(|s| !s.is_empty()),
        })
    }

    pub fn client_id(&self) -> &str {
        &self.client_id
    }

    pub fn has_secret(&self) -> bool {
        self.client_secret.is_some()
    }

    /// SECRET_HASH for `username` when the client has a secret.
    pub fn secret_hash(&self, username: &str) -> Option<String> {
        self.client_secret
            .as_ref()
            .map(|s| secret_hash(s.expose(), username, &self.client_id))
    }

    /// InitiateAuth(USER_SRP_AUTH) AuthParameters: USERNAME, SRP_A, SECRET_HASH (typed username).
    pub fn initiate_auth_parameters(
        &self,
        username: &str,
        client: &SrpClient,
    ) -> HashMap<String, String> {
        let mut params = HashMap::from([
            ("USERNAME".to_string(), username.to_string()),
            ("SRP_A".to_string(), client.srp_a().to_string()),
        ]);
        if let Some(hash) = self.secret_hash(username) {
            params.insert("SECRET_HASH".to_string(), hash);
        }
        params
    }
}

/// A PASSWORD_VERIFIER challenge, validated.
#[derive(Debug, Clone)]
pub struct PasswordVerifierChallenge {
    pub salt_hex: String,
    pub srp_b: U3072,
    pub secret_block: String,
    pub user_id_for_srp: String,
    pub username: String,
}

fn bounded<'a>(
    params: &'a HashMap<String, String>,
    name: &'static str,
    max: usize,
) -> Result<&'a str, SrpError> {
    let value = params.get(name).ok_or(SrpError::Missing(name))?;
    if value.is_empty() {
        return Err(SrpError::invalid(name, "is empty"));
    }
    if value.len() > max {
        return Err(SrpError::invalid(name, "is too long"));
    }
    Ok(value)
}

impl PasswordVerifierChallenge {
    /// Reads and checks the ChallengeParameters; refuses `B ≡ 0 (mod N)`.
    pub fn from_parameters(params: &HashMap<String, String>) -> Result<Self, SrpError> {
        let salt_hex = bounded(params, "SALT", MAX_SALT_HEX)?;
        group::decode_hex("SALT", salt_hex)?;
        let srp_b = group::parse_element("SRP_B", bounded(params, "SRP_B", MAX_B_HEX)?)?;
        if group::is_zero(&srp_b) {
            return Err(SrpError::UnsafeB);
        }
        let secret_block = bounded(params, "SECRET_BLOCK", MAX_SECRET_BLOCK)?;
        decode_secret_block(secret_block)?;
        Ok(Self {
            salt_hex: salt_hex.to_string(),
            srp_b,
            secret_block: secret_block.to_string(),
            user_id_for_srp: bounded(params, "USER_ID_FOR_SRP", MAX_NAME)?.to_string(),
            username: bounded(params, "USERNAME", MAX_NAME)?.to_string(),
        })
    }
}

/// Decodes SECRET_BLOCK: strict base64 first; otherwise (moto sends a UUID) the way the reference
/// client does, dropping every character outside the base64 alphabet.
pub fn decode_secret_block(text: &str) -> Result<Vec<u8>, SrpError> {
    if let Ok(bytes) = STANDARD.decode(text) {
        return Ok(bytes);
    }
    const LENIENT: GeneralPurpose = GeneralPurpose::new(
        &STANDARD_ALPHABET,
        GeneralPurposeConfig::new()
            .with_decode_padding_mode(DecodePaddingMode::Indifferent)
            .with_decode_allow_trailing_bits(true),
    );
    let kept: String = text
        .chars()
        .take_while(|c| *c != '=')
        .filter(|c| c.is_ascii_alphanumeric() || *c == '+' || *c == '/')
        .collect();
    match LENIENT.decode(&kept) {
        Ok(bytes) if !bytes.is_empty() => Ok(bytes),
        _ => Err(SrpError::invalid("SECRET_BLOCK", "is not base64")),
    }
}

/// The ChallengeResponses for PASSWORD_VERIFIER.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PasswordVerifierResponse {
    /// The challenge's USERNAME (the internal one), echoed.
    pub username: String,
    pub timestamp: String,
    /// SECRET_BLOCK echoed verbatim.
    pub secret_block: String,
    pub signature: String,
    pub secret_hash: Option<String>,
}

impl PasswordVerifierResponse {
    pub fn into_map(self) -> HashMap<String, String> {
        let mut map = HashMap::from([
            ("USERNAME".to_string(), self.username),
            ("TIMESTAMP".to_string(), self.timestamp),
            ("PASSWORD_CLAIM_SECRET_BLOCK".to_string(), self.secret_block),
            ("PASSWORD_CLAIM_SIGNATURE".to_string(), self.signature),
        ]);
        if let Some(hash) = self.secret_hash {
            map.insert("SECRET_HASH".to_string(), hash);
        }
        map
    }
}

/// One SRP sign-in attempt's client state: the secret `a` and the public `A`.
pub struct SrpClient {
    a: Zeroizing<U3072>,
    a_bits: u32,
    a_pub: U3072,
    a_hex: String,
}

impl fmt::Debug for SrpClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SrpClient")
            .field("a", &"***")
            .field("srp_a", &self.a_hex)
            .finish()
    }
}

impl SrpClient {
    /// A fresh attempt: 128 random bytes from the OS for `a`, and `A = g^a mod N`.
    pub fn new() -> Result<Self, SrpError> {
        let mut bytes = Zeroizing::new([0u8; SECRET_EXPONENT_BYTES]);
        rand::rngs::SysRng
            .try_fill_bytes(&mut bytes[..])
            .map_err(|e| SrpError::Random(e.to_string()))?;
        Self::from_secret_exponent(&bytes[..])
    }

    /// An attempt with a given `a` (big-endian). For reproducing reference vectors; use `new`.
    pub fn from_secret_exponent(a_bytes: &[u8]) -> Result<Self, SrpError> {
        if group::trim(a_bytes).len() > group::ELEMENT_BYTES {
            return Err(SrpError::invalid("a", "is larger than the group modulus"));
        }
        let a = group::exponent_from_bytes(a_bytes);
        // The bound is public: the byte width of `a`, never its value.
        let a_bits = (a_bytes.len().max(SECRET_EXPONENT_BYTES) * 8) as u32;
        let a_pub = group::g_pow(&a, a_bits);
        if group::is_zero(&a_pub) {
            return Err(SrpError::invalid("a", "gives A = 0"));
        }
        Ok(Self {
            a,
            a_bits,
            a_hex: group::to_hex(&a_pub),
            a_pub,
        })
    }

    /// `SRP_A` as sent: lowercase hex without padding.
    pub fn srp_a(&self) -> &str {
        &self.a_hex
    }

    pub fn public(&self) -> &U3072 {
        &self.a_pub
    }

    /// The 16-byte password authentication key for a challenge.
    pub fn password_key(
        &self,
        pool: &PoolContext,
        challenge: &PasswordVerifierChallenge,
        password: &SecretString,
    ) -> Result<Zeroizing<[u8; 16]>, SrpError> {
        let u = group::compute_u(&self.a_pub, &challenge.srp_b);
        if group::trim(&u).is_empty() {
            return Err(SrpError::UnsafeU);
        }
        let x = group::compute_x(
            &challenge.salt_hex,
            &pool.pool_name,
            &challenge.user_id_for_srp,
            password.expose(),
        )?;
        let s = group::client_premaster(&challenge.srp_b, &x, &self.a, self.a_bits, &u);
        Ok(group::derive_key(&u, &s))
    }

    /// Answers a PASSWORD_VERIFIER challenge at instant `now`.
    pub fn respond(
        &self,
        pool: &PoolContext,
        challenge: &PasswordVerifierChallenge,
        password: &SecretString,
        now: OffsetDateTime,
    ) -> Result<PasswordVerifierResponse, SrpError> {
        let key = self.password_key(pool, challenge, password)?;
        let timestamp = timestamp::format(now);
        let block = decode_secret_block(&challenge.secret_block)?;
        let message = group::signature_message(
            &pool.pool_name,
            &challenge.user_id_for_srp,
            &block,
            &timestamp,
        );
        Ok(PasswordVerifierResponse {
            signature: STANDARD.encode(group::sign(&key, &message)),
            secret_hash: pool.secret_hash(&challenge.username),
            username: challenge.username.clone(),
            secret_block: challenge.secret_block.clone(),
            timestamp,
        })
    }
}
