//! `cognito::jwt`: decoding, verification and issuer/JWKS URL rules, against fixed RSA test
//! keys (tests/data/jwt) and a fixed clock, so nothing depends on the network or the time.

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use cognito_tui::cognito::jwt::{
    self, Expectation, Jwks, JwtError, MAX_TOKEN_LEN, TokenPart, TokenUse, decode_unverified,
    expected_issuer, jwks_url, verify,
};
use jsonwebtoken::{Algorithm, EncodingKey, Header, encode};
use proptest::prelude::*;
use serde_json::{Value, json};
use time::macros::datetime;
use time::{Duration, OffsetDateTime};

const ISSUER: &str = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Tst0Pool1";
const CLIENT: &str = "3n4b5urk1ft4fl3mg5e62d9ado";
const KID: &str = "test-key-1";
const OTHER_KID: &str = "test-key-2";
const NOW: OffsetDateTime = datetime!(2026-03-01 12:00 UTC);

/// PKCS#1 PEM to DER, so signing needs no PEM feature in jsonwebtoken.
fn pem_to_der(pem: &str) -> Vec<u8> {
    let body: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    STANDARD.decode(body).expect("fixture PEM is base64")
}

fn signing_key() -> EncodingKey {
    EncodingKey::from_rsa_der(&pem_to_der(include_str!("../data/jwt/signing_key.pem")))
}

fn other_key() -> EncodingKey {
    EncodingKey::from_rsa_der(&pem_to_der(include_str!("../data/jwt/other_key.pem")))
}

fn jwks() -> Jwks {
    Jwks::from_json(include_bytes!("../data/jwt/jwks.json")).expect("fixture JWKS parses")
}

fn expect() -> Expectation {
    Expectation::new(ISSUER, CLIENT)
}

fn ts(at: OffsetDateTime) -> i64 {
    at.unix_timestamp()
}

fn id_claims() -> Value {
    json!({
        "sub": "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
        "aud": CLIENT,
        "iss": ISSUER,
        "token_use": "id",
        "cognito:username": "alice",
        "cognito:groups": ["admins", "staff"],
        "email": "alice@example.com",
        "email_verified": true,
        "auth_time": ts(NOW - Duration::minutes(10)),
        "iat": ts(NOW - Duration::minutes(10)),
        "exp": ts(NOW + Duration::minutes(50)),
        "jti": "11111111-2222-3333-4444-555555555555",
        "origin_jti": "66666666-7777-8888-9999-000000000000",
        "event_id": "abcdef01-2345-6789-abcd-ef0123456789",
    })
}

fn access_claims() -> Value {
    json!({
        "sub": "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
        "iss": ISSUER,
        "client_id": CLIENT,
        "token_use": "access",
        "scope": "aws.cognito.signin.user.admin openid",
        "username": "alice",
        "cognito:groups": ["admins"],
        "auth_time": ts(NOW - Duration::minutes(10)),
        "iat": ts(NOW - Duration::minutes(10)),
        "exp": ts(NOW + Duration::minutes(50)),
        "jti": "11111111-2222-3333-4444-555555555555",
    })
}

fn with(mut claims: Value, name: &str, value: Value) -> Value {
    claims[name] = value;
    claims
}

fn without(mut claims: Value, name: &str) -> Value {
    claims.as_object_mut().unwrap().remove(name);
    claims
}

fn sign_with(claims: &Value, key: &EncodingKey, alg: Algorithm, kid: Option<&str>) -> String {
    let mut header = Header::new(alg);
    header.kid = kid.map(str::to_owned);
    encode(&header, claims, key).expect("signing succeeds")
}

fn sign(claims: &Value) -> String {
    sign_with(claims, &signing_key(), Algorithm::RS256, Some(KID))
}

fn b64_json(value: &Value) -> String {
    URL_SAFE_NO_PAD.encode(value.to_string())
}

fn verify_id(token: &str) -> Result<jwt::DecodedToken, JwtError> {
    verify(token, &jwks(), &expect(), TokenUse::Id, NOW)
}

fn verify_access(token: &str) -> Result<jwt::DecodedToken, JwtError> {
    verify(token, &jwks(), &expect(), TokenUse::Access, NOW)
}

// --- verification ---

#[test]
fn valid_id_token_verifies() {
    let token = verify_id(&sign(&id_claims())).unwrap();
    assert_eq!(token.username(), Some("alice"));
    assert_eq!(token.client_id(), Some(CLIENT));
    assert_eq!(token.groups(), ["admins", "staff"]);
}

#[test]
fn valid_access_token_verifies() {
    let token = verify_access(&sign(&access_claims())).unwrap();
    assert_eq!(token.token_use(), Some(TokenUse::Access));
    assert_eq!(token.username(), Some("alice"));
}

#[test]
fn key_is_chosen_by_kid() {
    let token = sign_with(
        &access_claims(),
        &other_key(),
        Algorithm::RS256,
        Some(OTHER_KID),
    );
    assert!(verify_access(&token).is_ok());
}

#[test]
fn surrounding_whitespace_is_ignored() {
    let token = format!("  {}\n", sign(&id_claims()));
    assert!(verify_id(&token).is_ok());
}

#[test]
fn expiry_is_judged_against_the_given_now() {
    let exp = NOW - Duration::seconds(1);
    let token = sign(&with(id_claims(), "exp", json!(ts(exp))));
    let err = verify_id(&token).unwrap_err();
    assert_eq!(err, JwtError::Expired(exp));
    assert!(
        err.to_string().contains("Sun Mar 1 11:59:59 UTC 2026"),
        "{err}"
    );
    // The same token was fine two minutes earlier.
    let earlier = NOW - Duration::minutes(2);
    assert!(verify(&token, &jwks(), &expect(), TokenUse::Id, earlier).is_ok());
    // exp itself is already too late.
    let at_exp = sign(&with(id_claims(), "exp", json!(ts(NOW))));
    assert_eq!(verify_id(&at_exp), Err(JwtError::Expired(NOW)));
}

#[test]
fn missing_exp_is_rejected() {
    let token = sign(&without(id_claims(), "exp"));
    assert_eq!(verify_id(&token), Err(JwtError::MissingClaim("exp")));
}

#[test]
fn iat_far_in_the_future_is_rejected() {
    let iat = NOW + Duration::hours(1);
    let claims = with(id_claims(), "iat", json!(ts(iat)));
    let token = sign(&with(claims, "exp", json!(ts(iat + Duration::hours(1)))));
    assert_eq!(verify_id(&token), Err(JwtError::IssuedInFuture(iat)));
}

#[test]
fn wrong_issuer_is_rejected() {
    let other = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Other";
    let token = sign(&with(id_claims(), "iss", json!(other)));
    let err = verify_id(&token).unwrap_err();
    assert_eq!(
        err,
        JwtError::WrongIssuer {
            expected: ISSUER.into(),
            found: other.into()
        }
    );
    let message = err.to_string();
    assert!(
        message.contains(ISSUER) && message.contains(other),
        "{message}"
    );
}

#[test]
fn wrong_audience_is_rejected() {
    let token = sign(&with(id_claims(), "aud", json!("someotherclient")));
    assert_eq!(
        verify_id(&token),
        Err(JwtError::WrongClient {
            claim: "aud",
            expected: CLIENT.into(),
            found: "someotherclient".into()
        })
    );
}

#[test]
fn audience_must_be_the_plain_client_id() {
    // Cognito always issues a string `aud`; an array is not quietly accepted.
    let token = sign(&with(id_claims(), "aud", json!([CLIENT])));
    assert!(matches!(
        verify_id(&token),
        Err(JwtError::WrongClient { .. })
    ));
    let token = sign(&without(id_claims(), "aud"));
    assert_eq!(verify_id(&token), Err(JwtError::MissingClaim("aud")));
}

#[test]
fn access_token_with_wrong_client_id_is_rejected() {
    let token = sign(&with(
        access_claims(),
        "client_id",
        json!("someotherclient"),
    ));
    assert!(matches!(
        verify_access(&token),
        Err(JwtError::WrongClient {
            claim: "client_id",
            ..
        })
    ));
}

#[test]
fn access_token_is_not_an_id_token_and_vice_versa() {
    let access = sign(&access_claims());
    assert_eq!(
        verify_id(&access),
        Err(JwtError::WrongTokenUse {
            expected: TokenUse::Id,
            found: "access".into()
        })
    );
    let message = verify_id(&access).unwrap_err().to_string();
    assert_eq!(message, r#"wrong token_use: expected "id", found "access""#);
    let id = sign(&id_claims());
    assert!(matches!(
        verify_access(&id),
        Err(JwtError::WrongTokenUse {
            expected: TokenUse::Access,
            ..
        })
    ));
}

#[test]
fn unknown_or_missing_kid_is_rejected() {
    let token = sign_with(&id_claims(), &signing_key(), Algorithm::RS256, Some("nope"));
    let err = verify_id(&token).unwrap_err();
    assert_eq!(err, JwtError::UnknownKeyId("nope".into()));
    assert!(err.to_string().contains("\"nope\""));

    let token = sign_with(&id_claims(), &signing_key(), Algorithm::RS256, None);
    assert_eq!(verify_id(&token), Err(JwtError::MissingKeyId));
}

#[test]
fn token_signed_by_another_key_is_rejected() {
    let token = sign_with(&id_claims(), &other_key(), Algorithm::RS256, Some(KID));
    assert_eq!(verify_id(&token), Err(JwtError::BadSignature));
}

#[test]
fn alg_none_is_rejected() {
    let header = json!({"alg": "none", "typ": "JWT", "kid": KID});
    let token = format!("{}.{}.", b64_json(&header), b64_json(&id_claims()));
    let err = verify_id(&token).unwrap_err();
    assert_eq!(err, JwtError::UnsupportedAlgorithm("none".into()));
    assert!(err.to_string().contains("\"none\""));
}

#[test]
fn hs256_is_rejected_even_keyed_with_the_public_key() {
    // The classic confusion attack: HMAC keyed with the (public) RSA key material.
    let secret = include_bytes!("../data/jwt/jwks.json");
    let key = EncodingKey::from_secret(secret);
    let token = sign_with(&id_claims(), &key, Algorithm::HS256, Some(KID));
    assert_eq!(
        verify_id(&token),
        Err(JwtError::UnsupportedAlgorithm("HS256".into()))
    );
}

#[test]
fn other_rsa_algorithms_are_rejected() {
    let token = sign_with(&id_claims(), &signing_key(), Algorithm::RS512, Some(KID));
    assert_eq!(
        verify_id(&token),
        Err(JwtError::UnsupportedAlgorithm("RS512".into()))
    );
}

#[test]
fn tampered_token_is_rejected() {
    let token = sign(&id_claims());
    let parts: Vec<&str> = token.split('.').collect();

    let forged = with(id_claims(), "cognito:groups", json!(["root"]));
    let tampered = format!("{}.{}.{}", parts[0], b64_json(&forged), parts[2]);
    assert_eq!(verify_id(&tampered), Err(JwtError::BadSignature));

    let mut signature = URL_SAFE_NO_PAD.decode(parts[2]).unwrap();
    signature[10] ^= 1;
    let flipped = format!(
        "{}.{}.{}",
        parts[0],
        parts[1],
        URL_SAFE_NO_PAD.encode(signature)
    );
    assert_eq!(verify_id(&flipped), Err(JwtError::BadSignature));
}

#[test]
fn jwks_key_that_is_not_rs256_is_refused() {
    let jwks = Jwks::from_json(br#"{"keys":[{"kty":"oct","kid":"hmac","k":"c2VjcmV0"}]}"#).unwrap();
    let token = sign_with(&id_claims(), &signing_key(), Algorithm::RS256, Some("hmac"));
    let err = verify(&token, &jwks, &expect(), TokenUse::Id, NOW).unwrap_err();
    assert!(matches!(err, JwtError::InvalidJwks(_)), "{err:?}");
}

// --- JWKS parsing ---

#[test]
fn jwks_parses_and_finds_keys_by_kid() {
    let jwks = jwks();
    assert_eq!(jwks.key_ids(), [KID, OTHER_KID]);
    assert!(jwks.find(KID).is_some());
    assert!(jwks.find("nope").is_none());
}

#[test]
fn invalid_jwks_is_an_error() {
    for bad in [
        &b"not json"[..],
        b"[]",
        b"{}",
        br#"{"keys":[]}"#,
        br#"{"keys":5}"#,
    ] {
        let err = Jwks::from_json(bad).unwrap_err();
        assert!(matches!(err, JwtError::InvalidJwks(_)), "{err:?}");
    }
}

// --- decoding for display ---

#[test]
fn decode_unverified_reads_id_token_claims() {
    let token = decode_unverified(&sign(&id_claims())).unwrap();
    assert_eq!(token.alg(), Some("RS256"));
    assert_eq!(token.kid(), Some(KID));
    assert_eq!(token.issuer(), Some(ISSUER));
    assert_eq!(
        token.subject(),
        Some("aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee")
    );
    assert_eq!(token.token_use(), Some(TokenUse::Id));
    assert_eq!(token.username(), Some("alice"));
    assert_eq!(token.client_id(), Some(CLIENT));
    assert_eq!(token.groups(), ["admins", "staff"]);
    assert_eq!(token.issued_at(), Some(NOW - Duration::minutes(10)));
    assert_eq!(token.auth_time(), Some(NOW - Duration::minutes(10)));
    assert_eq!(token.expires_at(), Some(NOW + Duration::minutes(50)));
    assert_eq!(token.claims()["email"], "alice@example.com");
    assert!(
        token
            .header_pretty()
            .contains("\n  \"kid\": \"test-key-1\"")
    );
    assert!(
        token
            .claims_pretty()
            .contains("\n  \"cognito:username\": \"alice\"")
    );
}

#[test]
fn decode_unverified_reads_access_token_claims() {
    let claims = with(access_claims(), "cognito:username", json!("not-this-one"));
    let token = decode_unverified(&sign(&claims)).unwrap();
    assert_eq!(token.token_use(), Some(TokenUse::Access));
    assert_eq!(token.username(), Some("alice"));
    assert_eq!(token.client_id(), Some(CLIENT));
    assert_eq!(token.scopes(), ["aws.cognito.signin.user.admin", "openid"]);
    assert_eq!(token.groups(), ["admins"]);
}

#[test]
fn missing_or_odd_claims_read_as_absent() {
    let claims = json!({"exp": "tomorrow", "iat": 1.5e300, "cognito:groups": "admins"});
    let token = decode_unverified(&sign(&claims)).unwrap();
    assert_eq!(token.expires_at(), None);
    assert_eq!(token.issued_at(), None);
    assert!(token.groups().is_empty());
    assert_eq!(token.username(), None);
    assert_eq!(token.token_use(), None);
}

#[test]
fn expires_within_margin() {
    let exp = NOW + Duration::minutes(5);
    let token = decode_unverified(&sign(&with(id_claims(), "exp", json!(ts(exp))))).unwrap();
    assert!(!token.expires_within(NOW, Duration::ZERO));
    assert!(!token.expires_within(NOW, Duration::minutes(4)));
    assert!(token.expires_within(NOW, Duration::minutes(5)));
    assert!(token.expires_within(NOW, Duration::minutes(10)));
    assert!(token.expires_within(exp, Duration::ZERO));
    assert!(token.expires_within(exp + Duration::hours(1), Duration::ZERO));
    assert!(token.expires_within(NOW, Duration::MAX));
    assert!(!token.expires_within(NOW, Duration::MIN));

    let no_exp = decode_unverified(&sign(&without(id_claims(), "exp"))).unwrap();
    assert!(no_exp.expires_within(NOW, Duration::ZERO));
}

#[test]
fn debug_never_shows_the_raw_token() {
    let raw = sign(&id_claims());
    let signature = raw.rsplit('.').next().unwrap();
    for token in [decode_unverified(&raw).unwrap(), verify_id(&raw).unwrap()] {
        let debug = format!("{token:?}");
        assert!(
            !debug.contains(&raw) && !debug.contains(signature),
            "{debug}"
        );
        assert!(debug.contains("alice"));
    }
}

#[test]
fn malformed_tokens_name_the_problem() {
    let header = b64_json(&json!({"alg": "RS256"}));
    let claims = b64_json(&json!({"sub": "x"}));
    let not_json = URL_SAFE_NO_PAD.encode("nope");
    let array = b64_json(&json!([1, 2]));
    let malformed = |part, problem| Err(JwtError::Malformed { part, problem });
    let cases = [
        ("", Err(JwtError::PartCount(1))),
        ("abc", Err(JwtError::PartCount(1))),
        ("a.b", Err(JwtError::PartCount(2))),
        // A refresh token is a 5-part JWE: opaque, never decoded.
        ("a.b.c.d.e", Err(JwtError::PartCount(5))),
        (
            &format!("!!.{claims}.AA"),
            malformed(TokenPart::Header, "not base64url"),
        ),
        (
            &format!("{not_json}.{claims}.AA"),
            malformed(TokenPart::Header, "not JSON"),
        ),
        (
            &format!("{array}.{claims}.AA"),
            malformed(TokenPart::Header, "not a JSON object"),
        ),
        (
            &format!("{header}.%%.AA"),
            malformed(TokenPart::Payload, "not base64url"),
        ),
        (
            &format!("{header}.{not_json}.AA"),
            malformed(TokenPart::Payload, "not JSON"),
        ),
        (
            &format!("{header}.{array}.AA"),
            malformed(TokenPart::Payload, "not a JSON object"),
        ),
        (
            &format!("{header}.{claims}.A+/="),
            malformed(TokenPart::Signature, "not base64url"),
        ),
    ];
    for (token, expected) in cases {
        assert_eq!(decode_unverified(token), expected, "{token:?}");
        assert_eq!(verify_id(token), expected, "{token:?}");
    }
    let message = decode_unverified("a.b.c.d.e").unwrap_err().to_string();
    assert!(message.contains("3 dot-separated parts") && message.contains('5'));
}

#[test]
fn huge_tokens_are_refused_before_decoding() {
    let huge = format!(
        "{}.{}.AA",
        b64_json(&json!({"alg": "RS256"})),
        "A".repeat(MAX_TOKEN_LEN)
    );
    let err = decode_unverified(&huge).unwrap_err();
    assert_eq!(err, JwtError::TooLong { len: huge.len() });
    assert_eq!(verify_id(&huge), Err(err));
}

// --- issuer and JWKS URL ---

#[test]
fn expected_issuer_on_aws() {
    assert_eq!(
        expected_issuer(None, "eu-west-1", "eu-west-1_Tst0Pool1", None),
        ISSUER
    );
}

#[test]
fn expected_issuer_with_local_endpoint_trims_trailing_slash() {
    for endpoint in ["http://127.0.0.1:9229/", "http://127.0.0.1:9229"] {
        assert_eq!(
            expected_issuer(Some(endpoint), "us-east-1", "local_abc", None),
            "http://127.0.0.1:9229/local_abc"
        );
    }
    // A blank endpoint (e.g. an empty environment variable) means AWS.
    assert_eq!(
        expected_issuer(Some(""), "us-east-1", "us-east-1_x", None),
        "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_x"
    );
}

#[test]
fn expected_issuer_override_wins() {
    // moto: reached via a custom endpoint, but issues AWS-style issuers.
    let moto = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_moto";
    assert_eq!(
        expected_issuer(
            Some("http://127.0.0.1:5000"),
            "us-east-1",
            "us-east-1_moto",
            Some(moto)
        ),
        moto
    );
    assert_eq!(
        expected_issuer(None, "us-east-1", "us-east-1_x", Some(" ")),
        "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_x"
    );
}

#[test]
fn jwks_url_default_and_override() {
    let expected = format!("{ISSUER}/.well-known/jwks.json");
    assert_eq!(jwks_url(ISSUER, None), expected);
    assert_eq!(jwks_url(&format!("{ISSUER}/"), None), expected);
    assert_eq!(
        jwks_url("http://127.0.0.1:9229/local_abc", None),
        "http://127.0.0.1:9229/local_abc/.well-known/jwks.json"
    );
    let custom = "http://127.0.0.1:5000/us-east-1_moto/.well-known/jwks.json";
    assert_eq!(jwks_url(ISSUER, Some(custom)), custom);
}

// --- never panic ---

/// Something that looks like a token part: charset noise, encoded bytes or encoded JSON.
fn part() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(Value::from),
        any::<bool>().prop_map(Value::from),
        ".{0,12}".prop_map(Value::from),
        Just(json!(["a", 1])),
    ];
    let name = prop_oneof![
        Just("alg".to_owned()),
        Just("kid".to_owned()),
        Just("exp".to_owned()),
        Just("iat".to_owned()),
        Just("iss".to_owned()),
        Just("token_use".to_owned()),
        Just("cognito:groups".to_owned()),
        "[a-z_]{1,8}",
    ];
    let object = prop::collection::btree_map(name, leaf, 0..6)
        .prop_map(|m| URL_SAFE_NO_PAD.encode(serde_json::to_string(&m).unwrap()));
    prop_oneof![
        "[A-Za-z0-9_=+/.-]{0,64}",
        prop::collection::vec(any::<u8>(), 0..300).prop_map(|b| URL_SAFE_NO_PAD.encode(b)),
        object,
    ]
}

fn exercise(token: &str) {
    if let Ok(decoded) = decode_unverified(token) {
        let _ = (decoded.username(), decoded.client_id(), decoded.groups());
        let _ = (decoded.issued_at(), decoded.auth_time(), decoded.scopes());
        let _ = decoded.expires_within(NOW, Duration::minutes(5));
        let _ = (decoded.header_pretty(), decoded.claims_pretty());
    }
    let jwks = jwks();
    for token_use in [TokenUse::Id, TokenUse::Access] {
        let _ = verify(token, &jwks, &expect(), token_use, NOW);
    }
}

proptest! {
    #[test]
    fn arbitrary_strings_never_panic(token in any::<String>()) {
        exercise(&token);
    }

    #[test]
    fn arbitrary_parts_never_panic(parts in prop::collection::vec(part(), 0..6)) {
        exercise(&parts.join("."));
    }

    /// A valid RS256 header with a known kid drives random payloads and signatures into the
    /// RSA verifier itself.
    #[test]
    fn forged_rs256_tokens_never_verify(
        payload in part(),
        // 256 bytes is the modulus size, so these reach the RSA arithmetic itself.
        signature in prop_oneof![
            part(),
            prop::collection::vec(any::<u8>(), 256).prop_map(|b| URL_SAFE_NO_PAD.encode(b)),
        ],
    ) {
        let header = b64_json(&json!({"alg": "RS256", "kid": KID}));
        let token = format!("{header}.{payload}.{signature}");
        exercise(&token);
        prop_assert!(verify(&token, &jwks(), &expect(), TokenUse::Id, NOW).is_err());
    }
}
