//! Cognito JWTs: decoding for display and RS256 verification against a pool's JWKS.
//!
//! Pure code: fetching the JWKS and reading the clock are the caller's job, so `verify` takes
//! `now` explicitly and stays deterministic. Refresh tokens are opaque and never decoded here.

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use jsonwebtoken::jwk::{AlgorithmParameters, Jwk, JwkSet, KeyAlgorithm};
use jsonwebtoken::{Algorithm, DecodingKey};
use serde_json::{Map, Value};
use std::fmt;
use time::{Duration, OffsetDateTime};

use super::timestamp;

/// Longest token accepted. Cognito tokens are a few KiB even with many groups; the cap keeps a
/// pasted multi-megabyte blob from being decoded at all.
pub const MAX_TOKEN_LEN: usize = 64 * 1024;

/// Clock skew tolerated for an `iat` in the future.
const IAT_SKEW: Duration = Duration::minutes(5);

/// The Cognito token kinds that are JWTs (`token_use` claim).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenUse {
    Id,
    Access,
}

impl TokenUse {
    /// The `token_use` claim value.
    pub fn as_str(self) -> &'static str {
        match self {
            TokenUse::Id => "id",
            TokenUse::Access => "access",
        }
    }

    /// The claim carrying the app client id: ID tokens have `aud`, access tokens `client_id`.
    pub fn client_claim(self) -> &'static str {
        match self {
            TokenUse::Id => "aud",
            TokenUse::Access => "client_id",
        }
    }
}

impl fmt::Display for TokenUse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The three dot-separated parts of a JWS.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenPart {
    Header,
    Payload,
    Signature,
}

impl fmt::Display for TokenPart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TokenPart::Header => "header",
            TokenPart::Payload => "payload",
            TokenPart::Signature => "signature",
        })
    }
}

/// Why a token was not decoded or not accepted. Messages are shown to the user as is; none
/// of them contains the token itself.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum JwtError {
    #[error("token is too long ({len} bytes; at most {MAX_TOKEN_LEN} accepted)")]
    TooLong { len: usize },
    #[error(
        "malformed token: expected 3 dot-separated parts (header.payload.signature), found {0}"
    )]
    PartCount(usize),
    #[error("malformed token: {part} is {problem}")]
    Malformed {
        part: TokenPart,
        problem: &'static str,
    },
    #[error("unsupported signing algorithm {0:?}: only RS256 is accepted")]
    UnsupportedAlgorithm(String),
    #[error("token header has no key id (kid)")]
    MissingKeyId,
    #[error("unknown signing key id {0:?}: not in the user pool's JWKS")]
    UnknownKeyId(String),
    #[error("invalid JWKS: {0}")]
    InvalidJwks(String),
    #[error("bad signature: the token was not signed by the user pool's key")]
    BadSignature,
    #[error("token has no valid {0:?} claim")]
    MissingClaim(&'static str),
    #[error("token expired at {}", timestamp::format(*.0))]
    Expired(OffsetDateTime),
    #[error("token issued in the future ({}); check the system clock", timestamp::format(*.0))]
    IssuedInFuture(OffsetDateTime),
    #[error("wrong issuer: expected {expected:?}, found {found:?}")]
    WrongIssuer { expected: String, found: String },
    #[error("wrong app client: {claim} is {found:?}, expected {expected:?}")]
    WrongClient {
        claim: &'static str,
        expected: String,
        found: String,
    },
    #[error("wrong token_use: expected \"{expected}\", found {found:?}")]
    WrongTokenUse { expected: TokenUse, found: String },
}

/// A JWT's header and claims. The raw token (a bearer credential) is never kept, so the
/// derived `Debug` cannot leak it.
#[derive(Debug, Clone, PartialEq)]
pub struct DecodedToken {
    header: Map<String, Value>,
    claims: Map<String, Value>,
}

impl DecodedToken {
    pub fn header(&self) -> &Map<String, Value> {
        &self.header
    }

    pub fn claims(&self) -> &Map<String, Value> {
        &self.claims
    }

    fn claim_str(&self, name: &str) -> Option<&str> {
        self.claims.get(name)?.as_str()
    }

    pub fn alg(&self) -> Option<&str> {
        self.header.get("alg")?.as_str()
    }

    pub fn kid(&self) -> Option<&str> {
        self.header.get("kid")?.as_str()
    }

    pub fn issuer(&self) -> Option<&str> {
        self.claim_str("iss")
    }

    pub fn subject(&self) -> Option<&str> {
        self.claim_str("sub")
    }

    pub fn token_use(&self) -> Option<TokenUse> {
        match self.claim_str("token_use")? {
            "id" => Some(TokenUse::Id),
            "access" => Some(TokenUse::Access),
            _ => None,
        }
    }

    /// `cognito:username` in ID tokens, `username` in access tokens.
    pub fn username(&self) -> Option<&str> {
        match self.token_use() {
            Some(TokenUse::Id) => self.claim_str("cognito:username"),
            Some(TokenUse::Access) => self.claim_str("username"),
            None => self
                .claim_str("cognito:username")
                .or_else(|| self.claim_str("username")),
        }
    }

    /// The app client id: `aud` in ID tokens, `client_id` in access tokens.
    pub fn client_id(&self) -> Option<&str> {
        match self.token_use() {
            Some(token_use) => self.claim_str(token_use.client_claim()),
            None => self
                .claim_str("aud")
                .or_else(|| self.claim_str("client_id")),
        }
    }

    /// `cognito:groups`; empty when absent.
    pub fn groups(&self) -> Vec<&str> {
        let groups = self.claims.get("cognito:groups").and_then(Value::as_array);
        groups.map_or_else(Vec::new, |g| g.iter().filter_map(Value::as_str).collect())
    }

    /// The access token's space-separated `scope`; empty when absent.
    pub fn scopes(&self) -> Vec<&str> {
        self.claim_str("scope")
            .map_or_else(Vec::new, |s| s.split_whitespace().collect())
    }

    pub fn issued_at(&self) -> Option<OffsetDateTime> {
        self.time_claim("iat")
    }

    pub fn expires_at(&self) -> Option<OffsetDateTime> {
        self.time_claim("exp")
    }

    pub fn auth_time(&self) -> Option<OffsetDateTime> {
        self.time_claim("auth_time")
    }

    /// A NumericDate (seconds since the epoch; RFC 7519 allows fractions). Out-of-range or
    /// non-numeric values read as absent.
    fn time_claim(&self, name: &str) -> Option<OffsetDateTime> {
        let value = self.claims.get(name)?;
        let secs = value
            .as_i64()
            .or_else(|| value.as_f64().map(|f| f as i64))?;
        OffsetDateTime::from_unix_timestamp(secs).ok()
    }

    /// True when the token has expired at `now` or will within `margin`; a token without a
    /// usable `exp` counts as expired, so callers refresh rather than trust it.
    pub fn expires_within(&self, now: OffsetDateTime, margin: Duration) -> bool {
        let Some(exp) = self.expires_at() else {
            return true;
        };
        // Overflow only happens for absurd margins: a huge positive one covers every exp.
        let within = now
            .checked_add(margin)
            .map_or(margin.is_positive(), |limit| exp <= limit);
        exp <= now || within
    }

    pub fn header_pretty(&self) -> String {
        serde_json::to_string_pretty(&self.header).unwrap_or_default()
    }

    pub fn claims_pretty(&self) -> String {
        serde_json::to_string_pretty(&self.claims).unwrap_or_default()
    }
}

/// The raw parts of a token; `signed` is `header.payload`, the bytes the signature covers.
struct Parts<'a> {
    header: &'a str,
    payload: &'a str,
    signature: &'a str,
    signed: &'a str,
}

fn split(token: &str) -> Result<Parts<'_>, JwtError> {
    if token.len() > MAX_TOKEN_LEN {
        return Err(JwtError::TooLong { len: token.len() });
    }
    // Pasted tokens often carry a trailing newline.
    let token = token.trim();
    let mut it = token.split('.');
    match (it.next(), it.next(), it.next(), it.next()) {
        (Some(header), Some(payload), Some(signature), None) => Ok(Parts {
            header,
            payload,
            signature,
            signed: &token[..header.len() + 1 + payload.len()],
        }),
        _ => Err(JwtError::PartCount(token.split('.').count())),
    }
}

fn json_part(encoded: &str, part: TokenPart) -> Result<Map<String, Value>, JwtError> {
    let malformed = |problem| JwtError::Malformed { part, problem };
    let bytes = URL_SAFE_NO_PAD
        .decode(encoded)
        .map_err(|_| malformed("not base64url"))?;
    match serde_json::from_slice(&bytes) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(malformed("not a JSON object")),
        Err(_) => Err(malformed("not JSON")),
    }
}

fn decode_parts(parts: &Parts<'_>) -> Result<DecodedToken, JwtError> {
    let header = json_part(parts.header, TokenPart::Header)?;
    let claims = json_part(parts.payload, TokenPart::Payload)?;
    if URL_SAFE_NO_PAD.decode(parts.signature).is_err() {
        return Err(JwtError::Malformed {
            part: TokenPart::Signature,
            problem: "not base64url",
        });
    }
    Ok(DecodedToken { header, claims })
}

/// Decodes a token for display WITHOUT checking anything: never base a decision on the result.
pub fn decode_unverified(token: &str) -> Result<DecodedToken, JwtError> {
    decode_parts(&split(token)?)
}

/// What a token must say to be accepted for this pool and app client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expectation {
    pub issuer: String,
    pub client_id: String,
}

impl Expectation {
    pub fn new(issuer: impl Into<String>, client_id: impl Into<String>) -> Self {
        Expectation {
            issuer: issuer.into(),
            client_id: client_id.into(),
        }
    }
}

/// Treats blank settings (e.g. an empty environment variable) as unset.
fn non_blank(value: Option<&str>) -> Option<&str> {
    value.map(str::trim).filter(|v| !v.is_empty())
}

/// The `iss` a pool's tokens carry. An explicit override wins because some local servers
/// (moto) issue AWS-style issuers even when reached through a custom endpoint.
pub fn expected_issuer(
    endpoint_url: Option<&str>,
    region: &str,
    pool_id: &str,
    override_issuer: Option<&str>,
) -> String {
    if let Some(issuer) = non_blank(override_issuer) {
        return issuer.to_owned();
    }
    match non_blank(endpoint_url) {
        Some(endpoint) => format!("{}/{pool_id}", endpoint.trim_end_matches('/')),
        None => format!("https://cognito-idp.{region}.amazonaws.com/{pool_id}"),
    }
}

/// Where the issuer publishes its signing keys, unless overridden.
pub fn jwks_url(issuer: &str, override_url: Option<&str>) -> String {
    match non_blank(override_url) {
        Some(url) => url.to_owned(),
        None => format!("{}/.well-known/jwks.json", issuer.trim_end_matches('/')),
    }
}

/// A pool's parsed JSON Web Key Set.
#[derive(Debug, Clone, PartialEq)]
pub struct Jwks(JwkSet);

impl Jwks {
    pub fn from_json(bytes: &[u8]) -> Result<Jwks, JwtError> {
        let set: JwkSet =
            serde_json::from_slice(bytes).map_err(|e| JwtError::InvalidJwks(e.to_string()))?;
        if set.keys.is_empty() {
            return Err(JwtError::InvalidJwks("it contains no keys".into()));
        }
        Ok(Jwks(set))
    }

    pub fn find(&self, kid: &str) -> Option<&Jwk> {
        self.0.find(kid)
    }

    pub fn key_ids(&self) -> Vec<&str> {
        let kids = self
            .0
            .keys
            .iter()
            .filter_map(|k| k.common.key_id.as_deref());
        kids.collect()
    }
}

/// The RS256 verification key for `kid`, refusing keys the JWKS marks for anything else.
fn rsa_key(jwk: &Jwk, kid: &str) -> Result<DecodingKey, JwtError> {
    let invalid = |why: String| JwtError::InvalidJwks(format!("key {kid:?} {why}"));
    if let Some(alg) = jwk
        .common
        .key_algorithm
        .filter(|a| *a != KeyAlgorithm::RS256)
    {
        return Err(invalid(format!("is for {alg}, not RS256")));
    }
    if !matches!(jwk.algorithm, AlgorithmParameters::RSA(_)) {
        return Err(invalid("is not an RSA key".into()));
    }
    DecodingKey::from_jwk(jwk).map_err(|e| invalid(format!("is unusable: {e}")))
}

/// `Some(found)` when claim `name` is not `wanted`. Non-strings compare (and display) as
/// their JSON, so `"aud": ["x"]` is not mistaken for `"x"`.
fn mismatch(
    token: &DecodedToken,
    name: &'static str,
    wanted: &str,
) -> Result<Option<String>, JwtError> {
    let found = match token.claims.get(name) {
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
        None => return Err(JwtError::MissingClaim(name)),
    };
    Ok((found != wanted).then_some(found))
}

/// Verifies a Cognito ID or access token: RS256 signature by the JWKS key named in `kid`, then
/// issuer, `token_use`, app client and expiry relative to `now`.
pub fn verify(
    token: &str,
    jwks: &Jwks,
    expect: &Expectation,
    token_use: TokenUse,
    now: OffsetDateTime,
) -> Result<DecodedToken, JwtError> {
    let parts = split(token)?;
    let decoded = decode_parts(&parts)?;

    // Pinned before any key is touched: `none` and HS256-with-the-public-key are the classic
    // forgeries, and Cognito only ever signs with RS256.
    match decoded.alg() {
        Some("RS256") => {}
        other => {
            let alg = other.unwrap_or("(missing)");
            return Err(JwtError::UnsupportedAlgorithm(alg.to_owned()));
        }
    }
    let kid = decoded.kid().ok_or(JwtError::MissingKeyId)?;
    let jwk = jwks
        .find(kid)
        .ok_or_else(|| JwtError::UnknownKeyId(kid.to_owned()))?;
    let key = rsa_key(jwk, kid)?;
    let signed = parts.signed.as_bytes();
    match jsonwebtoken::crypto::verify(parts.signature, signed, &key, Algorithm::RS256) {
        Ok(true) => {}
        Ok(false) => return Err(JwtError::BadSignature),
        Err(e) => return Err(JwtError::InvalidJwks(format!("key {kid:?}: {e}"))),
    }

    // Claims are trusted from here on. token_use goes before the client check so an access
    // token offered as an ID token reports that, not its missing `aud`.
    if let Some(found) = mismatch(&decoded, "iss", &expect.issuer)? {
        let expected = expect.issuer.clone();
        return Err(JwtError::WrongIssuer { expected, found });
    }
    if let Some(found) = mismatch(&decoded, "token_use", token_use.as_str())? {
        let expected = token_use;
        return Err(JwtError::WrongTokenUse { expected, found });
    }
    let claim = token_use.client_claim();
    if let Some(found) = mismatch(&decoded, claim, &expect.client_id)? {
        let expected = expect.client_id.clone();
        return Err(JwtError::WrongClient {
            claim,
            expected,
            found,
        });
    }
    let exp = decoded.expires_at().ok_or(JwtError::MissingClaim("exp"))?;
    if exp <= now {
        return Err(JwtError::Expired(exp));
    }
    if let Some(iat) = decoded.issued_at() {
        if now.checked_add(IAT_SKEW).is_some_and(|limit| iat > limit) {
            return Err(JwtError::IssuedInFuture(iat));
        }
    }
    Ok(decoded)
}
