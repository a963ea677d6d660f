//! Property tests for the client side of Cognito's SRP (`cognito::srp`) and its group math
//! (`cognito::srp_group`):
//!
//! 1. hostile PASSWORD_VERIFIER challenge parameters never panic, and every refusal is the
//!    right `SrpError` (checked against an independent model of the validation rules);
//! 2. the client's key and signature agree with an independent server-side computation, and a
//!    wrong password changes the signature;
//! 3. `to_hex` / `parse_element` round-trip and `pad` is Java's minimal `toByteArray` form.
//!
//! Failures are not persisted (no regression files are written); proptest prints the minimal
//! failing input instead.

use std::collections::HashMap;
use std::sync::LazyLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use cognito_tui::cognito::secret_hash::secret_hash;
use cognito_tui::cognito::srp::{
    PasswordVerifierChallenge, PoolContext, SrpClient, SrpError, decode_secret_block, pool_name,
};
use cognito_tui::cognito::srp_group as group;
use cognito_tui::cognito::timestamp;
use cognito_tui::secret::SecretString;
use crypto_bigint::U3072;
use num_bigint::BigUint;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};
use time::OffsetDateTime;
use time::macros::datetime;

// ---------------------------------------------------------------------------------------------
// Shared helpers
// ---------------------------------------------------------------------------------------------

/// The group prime as the crate embeds it (768 hex digits).
const N_HEX: &str = include_str!("../../assets/srp_group_prime.hex");

/// The five challenge parameters, in the order `from_parameters` validates them.
const KEYS: [&str; 5] = [
    "SALT",
    "SRP_B",
    "SECRET_BLOCK",
    "USER_ID_FOR_SRP",
    "USERNAME",
];

/// The crate's length limits (bytes of the received text).
const MAX_SALT_HEX: usize = 1024;
const MAX_B_HEX: usize = 2048;
const MAX_SECRET_BLOCK: usize = 16 * 1024;
const MAX_NAME: usize = 2048;

/// The instant used wherever the brief asks for a fixed time.
const FIXED_NOW: OffsetDateTime = datetime!(2026-11-05 06:03:04 UTC);
const FIXED_TIMESTAMP: &str = "Thu Nov 5 06:03:04 UTC 2026";

static N: LazyLock<BigUint> =
    LazyLock::new(|| BigUint::parse_bytes(N_HEX.trim().as_bytes(), 16).expect("N is hex"));

/// One client for the "arbitrary parameters" property (building `A` is not what is tested there).
static CLIENT: LazyLock<SrpClient> = LazyLock::new(|| {
    SrpClient::from_secret_exponent(&[0x5a; 128]).expect("a fixed 128-byte exponent is valid")
});

fn config(cases: u32) -> Config {
    Config {
        cases,
        // Only this file may be created: never write `proptest-regressions/`.
        failure_persistence: None,
        ..Config::default()
    }
}

fn invalid(param: &'static str, problem: &'static str) -> SrpError {
    SrpError::Invalid { param, problem }
}

fn biguint(x: &U3072) -> BigUint {
    BigUint::from_bytes_be(&x.to_be_bytes())
}

fn u3072(x: &BigUint) -> U3072 {
    let bytes = x.to_bytes_be();
    assert!(bytes.len() <= 384, "test value wider than 3072 bits");
    let mut buf = [0u8; 384];
    buf[384 - bytes.len()..].copy_from_slice(&bytes);
    U3072::from_be_slice(&buf)
}

/// Python's `'%x' % n`: minimal lowercase hex, `0` for zero.
fn number_hex(x: &BigUint) -> String {
    x.to_str_radix(16)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

// ---------------------------------------------------------------------------------------------
// Strategies
// ---------------------------------------------------------------------------------------------

fn uuid() -> impl Strategy<Value = String> {
    "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
}

/// Hex text of any length: empty, short, around the element size, and far past every limit.
fn any_hex() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "[0-9a-fA-F]{0,16}",
        2 => "[0-9a-f]{0,800}",
        1 => "[0-9a-fA-F]{760,780}",
        1 => "[0-9a-f]{1000,5000}",
    ]
}

/// `k·N` in hex with `zeros` leading zeros, for `k` in 0..=3.
fn multiple_of_n_hex() -> impl Strategy<Value = String> {
    (0u32..=3, 0usize..=1400, any::<bool>()).prop_map(|(k, zeros, upper)| {
        let digits = number_hex(&(&*N * k));
        let text = format!("{}{digits}", "0".repeat(zeros));
        if upper { text.to_uppercase() } else { text }
    })
}

/// Anything at all a hostile or broken server might put in a parameter.
fn junk() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => any::<String>(),
        2 => "\\PC{0,64}",
        3 => any_hex(),
        2 => "[A-Za-z0-9+/]{0,120}={0,3}",
        1 => "[A-Za-z0-9+/=\\-_ .\n]{0,60}",
        2 => uuid(),
        1 => "0{1,8}",
        1 => "0{700,2100}",
        1 => multiple_of_n_hex(),
        1 => "[0-9a-fA-F \\-]{0,40}",
        1 => "[\\x00-\\x20]{0,8}",
    ]
}

/// A value that could pass validation for `key` (though zeros / multiples of N must not).
fn plausible(key: &'static str) -> BoxedStrategy<String> {
    match key {
        "SALT" => prop_oneof![
            4 => "[0-9a-fA-F]{1,64}",
            1 => "[0-9a-f]{1000,1030}",
        ]
        .boxed(),
        "SRP_B" => prop_oneof![
            6 => prop::collection::vec(any::<u8>(), 1..=384).prop_map(|b| hex(&b)),
            1 => "[0-9a-f]{1,767}[1-9a-f][0-9a-f]{0,3}",
            2 => multiple_of_n_hex(),
        ]
        .boxed(),
        "SECRET_BLOCK" => prop_oneof![
            5 => prop::collection::vec(any::<u8>(), 0..=1500).prop_map(|b| STANDARD.encode(b)),
            2 => uuid(),
            1 => "[A-Za-z0-9+/]{1,40}",
        ]
        .boxed(),
        _ => prop_oneof![
            3 => "\\PC{1,40}",
            2 => uuid(),
            1 => "[a-z]{2040,2050}",
        ]
        .boxed(),
    }
}

fn parameter_value(key: &'static str) -> impl Strategy<Value = String> {
    prop_oneof![3 => plausible(key), 1 => junk()]
}

/// A challenge-parameters map with any subset of the five keys (plus unrelated keys, ignored).
fn challenge_map() -> impl Strategy<Value = HashMap<String, String>> {
    let entries: Vec<_> = KEYS
        .iter()
        .map(|&key| proptest::option::weighted(0.9, parameter_value(key)))
        .collect();
    let extra = prop::collection::hash_map(
        prop_oneof![
            Just("SRP_A".to_string()),
            Just("salt".to_string()),
            Just("SECRET_HASH".to_string()),
            "\\PC{0,12}".prop_filter("not a checked key", |k| !KEYS.contains(&k.as_str())),
        ],
        junk(),
        0..3,
    );
    (entries, extra).prop_map(|(values, extra)| {
        let mut map = extra;
        for (key, value) in KEYS.iter().zip(values) {
            if let Some(value) = value {
                map.insert(key.to_string(), value);
            }
        }
        map
    })
}

// ---------------------------------------------------------------------------------------------
// 1. Arbitrary challenge parameters
// ---------------------------------------------------------------------------------------------

/// An independent model of `from_parameters`' rules, in its documented order.
fn expected_outcome(params: &HashMap<String, String>) -> Result<(), SrpError> {
    let get = |name: &'static str, max: usize| -> Result<&str, SrpError> {
        let value = params.get(name).ok_or(SrpError::Missing(name))?;
        if value.is_empty() {
            return Err(invalid(name, "is empty"));
        }
        if value.len() > max {
            return Err(invalid(name, "is too long"));
        }
        Ok(value)
    };
    let is_hex = |s: &str| s.bytes().all(|c| c.is_ascii_hexdigit());

    if !is_hex(get("SALT", MAX_SALT_HEX)?) {
        return Err(invalid("SALT", "is not hexadecimal"));
    }
    let b = get("SRP_B", MAX_B_HEX)?;
    if !is_hex(b) {
        return Err(invalid("SRP_B", "is not hexadecimal"));
    }
    let b = BigUint::parse_bytes(b.as_bytes(), 16).expect("checked hex");
    if b.bits() > 3072 {
        return Err(invalid("SRP_B", "is larger than the group modulus"));
    }
    if (&b % &*N) == BigUint::ZERO {
        return Err(SrpError::UnsafeB);
    }
    if decode_secret_block(get("SECRET_BLOCK", MAX_SECRET_BLOCK)?).is_err() {
        return Err(invalid("SECRET_BLOCK", "is not base64"));
    }
    get("USER_ID_FOR_SRP", MAX_NAME)?;
    get("USERNAME", MAX_NAME)?;
    Ok(())
}

fn check_parameters(
    params: &HashMap<String, String>,
    password: &str,
    client_secret: Option<&str>,
) -> Result<bool, TestCaseError> {
    let result = PasswordVerifierChallenge::from_parameters(params);

    // The refusal names the offending key, and that key really is missing / present.
    match &result {
        Err(SrpError::Missing(name)) => {
            prop_assert!(KEYS.contains(name), "Missing names an unknown key {name}");
            prop_assert!(
                !params.contains_key(*name),
                "Missing({name}) but it is present"
            );
            let first_absent = KEYS.iter().find(|k| !params.contains_key(**k));
            prop_assert!(first_absent.is_some());
        }
        Err(SrpError::Invalid { param, .. }) => {
            prop_assert!(KEYS.contains(param), "Invalid names an unknown key {param}");
            prop_assert!(
                params.contains_key(*param),
                "Invalid({param}) but it is absent"
            );
        }
        Err(SrpError::UnsafeB) => {
            let b = BigUint::parse_bytes(params["SRP_B"].as_bytes(), 16);
            prop_assert!(b.is_some_and(|b| (b % &*N) == BigUint::ZERO));
        }
        Err(other) => prop_assert!(false, "unexpected error from from_parameters: {other:?}"),
        Ok(_) => {}
    }
    prop_assert_eq!(
        result.as_ref().map(|_| ()).map_err(Clone::clone),
        expected_outcome(params)
    );

    let Ok(challenge) = result else {
        return Ok(false);
    };
    prop_assert_eq!(&challenge.salt_hex, &params["SALT"]);
    prop_assert_eq!(&challenge.secret_block, &params["SECRET_BLOCK"]);
    prop_assert_eq!(&challenge.user_id_for_srp, &params["USER_ID_FOR_SRP"]);
    prop_assert_eq!(&challenge.username, &params["USERNAME"]);
    let b = BigUint::parse_bytes(params["SRP_B"].as_bytes(), 16).expect("accepted B is hex");
    prop_assert_eq!(biguint(&challenge.srp_b), b % &*N);

    let pool = PoolContext::new(
        "us-east-1_Prop3rty",
        "client-id",
        client_secret.map(SecretString::from),
    )
    .expect("valid pool id");
    let password = SecretString::from(password);
    match CLIENT.respond(&pool, &challenge, &password, FIXED_NOW) {
        Ok(response) => {
            prop_assert_eq!(&response.username, &challenge.username);
            prop_assert_eq!(&response.secret_block, &challenge.secret_block);
            prop_assert_eq!(response.timestamp.as_str(), FIXED_TIMESTAMP);
            let signature = STANDARD.decode(&response.signature);
            prop_assert_eq!(signature.map(|s| s.len()), Ok(32));
            let expected_hash = client_secret
                .filter(|s| !s.is_empty())
                .map(|s| secret_hash(s, &challenge.username, "client-id"));
            prop_assert_eq!(response.secret_hash, expected_hash);
        }
        // Only a zero u (a 2^-256 event) may refuse an accepted challenge.
        Err(e) => prop_assert_eq!(e, SrpError::UnsafeU),
    }
    Ok(true)
}

/// Property 1a: arbitrary maps (any subset of keys, hostile values) never panic, refusals match
/// the model exactly, and accepted challenges can be answered without panicking.
#[test]
fn arbitrary_challenge_parameters_never_panic() {
    static ACCEPTED: AtomicUsize = AtomicUsize::new(0);
    const CASES: u32 = 256;
    let strategy = (
        challenge_map(),
        any::<String>(),
        proptest::option::of("\\PC{0,20}"),
    );
    TestRunner::new(config(CASES))
        .run(&strategy, |(params, password, secret)| {
            if check_parameters(&params, &password, secret.as_deref())? {
                ACCEPTED.fetch_add(1, Ordering::Relaxed);
            }
            Ok(())
        })
        .unwrap();
    // Guard against a generator that never reaches `respond`.
    let accepted = ACCEPTED.load(Ordering::Relaxed);
    assert!(
        accepted >= CASES as usize / 10,
        "only {accepted} of {CASES} generated maps were accepted"
    );
}

proptest! {
    #![proptest_config(config(64))]

    /// Property 1b: with the other four keys valid, dropping key `missing` gives
    /// `Missing(missing)` exactly (and never anything about another key).
    #[test]
    fn a_missing_key_is_named(
        missing in 0usize..5,
        salt in "[0-9a-f]{1,64}",
        b in prop::collection::vec(any::<u8>(), 1..=384),
        block in prop::collection::vec(any::<u8>(), 1..=64),
        user in uuid(),
        name in "\\PC{1,20}",
    ) {
        prop_assume!(BigUint::from_bytes_be(&b) % &*N != BigUint::ZERO);
        let mut params = HashMap::from([
            ("SALT".to_string(), salt),
            ("SRP_B".to_string(), hex(&b)),
            ("SECRET_BLOCK".to_string(), STANDARD.encode(&block)),
            ("USER_ID_FOR_SRP".to_string(), user),
            ("USERNAME".to_string(), name),
        ]);
        prop_assert!(PasswordVerifierChallenge::from_parameters(&params).is_ok());
        params.remove(KEYS[missing]);
        prop_assert_eq!(
            PasswordVerifierChallenge::from_parameters(&params).unwrap_err(),
            SrpError::Missing(KEYS[missing])
        );
    }

    /// Property 1c: SRP_B ≡ 0 (mod N) is refused. 0 and N (any leading zeros, any case) give
    /// `UnsafeB`; 2N and 3N do not fit in 3072 bits and are refused as too large.
    #[test]
    fn srp_b_zero_mod_n_is_refused(
        b in multiple_of_n_hex(),
        salt in "[0-9a-f]{1,32}",
    ) {
        let params = HashMap::from([
            ("SALT".to_string(), salt),
            ("SRP_B".to_string(), b.clone()),
            ("SECRET_BLOCK".to_string(), "AAAA".to_string()),
            ("USER_ID_FOR_SRP".to_string(), "user".to_string()),
            ("USERNAME".to_string(), "user".to_string()),
        ]);
        let err = PasswordVerifierChallenge::from_parameters(&params).unwrap_err();
        let value = BigUint::parse_bytes(b.as_bytes(), 16).unwrap();
        if b.len() > MAX_B_HEX {
            prop_assert_eq!(err, invalid("SRP_B", "is too long"));
        } else if value.bits() <= 3072 {
            prop_assert_eq!(err, SrpError::UnsafeB);
        } else {
            prop_assert_eq!(err, invalid("SRP_B", "is larger than the group modulus"));
        }
    }

    /// Property 1d: a non-hex SALT or SRP_B is `Invalid` naming that parameter.
    #[test]
    fn non_hex_salt_or_b_is_named(
        which in 0usize..2,
        prefix in "[0-9a-f]{0,10}",
        bad in "[^0-9a-fA-F]",
        suffix in "[0-9a-f]{0,10}",
    ) {
        let mut params = HashMap::from([
            ("SALT".to_string(), "ab12".to_string()),
            ("SRP_B".to_string(), "1234abcd".to_string()),
            ("SECRET_BLOCK".to_string(), "AAAA".to_string()),
            ("USER_ID_FOR_SRP".to_string(), "user".to_string()),
            ("USERNAME".to_string(), "user".to_string()),
        ]);
        let key = ["SALT", "SRP_B"][which];
        let text = format!("{prefix}{bad}{suffix}");
        params.insert(key.to_string(), text);
        prop_assert_eq!(
            PasswordVerifierChallenge::from_parameters(&params).unwrap_err(),
            invalid(key, "is not hexadecimal")
        );
    }

    /// Property 1e: `decode_secret_block` never panics on any text; strict base64 round-trips;
    /// a lenient success is never empty.
    #[test]
    fn secret_block_decoding(
        text in junk(),
        bytes in prop::collection::vec(any::<u8>(), 0..=600),
    ) {
        if let Ok(decoded) = decode_secret_block(&text) {
            if STANDARD.decode(&text).is_err() {
                prop_assert!(!decoded.is_empty());
            }
        }
        prop_assert_eq!(decode_secret_block(&STANDARD.encode(&bytes)), Ok(bytes));
    }
}

proptest! {
    #![proptest_config(config(24))]

    /// Property 1f: `SrpClient::from_secret_exponent` on any bytes (up to 400, leading zeros
    /// included) never panics, and refuses exactly the values wider than 384 bytes.
    #[test]
    fn secret_exponent_of_any_width(
        zeros in 0usize..=40,
        tail in prop::collection::vec(any::<u8>(), 0..=390),
    ) {
        let bytes = [vec![0u8; zeros], tail.clone()].concat();
        prop_assume!(bytes.len() <= 400);
        let width = group::trim(&bytes).len();
        match SrpClient::from_secret_exponent(&bytes) {
            Ok(client) => {
                prop_assert!(width <= 384);
                prop_assert_eq!(group::parse_element("SRP_A", client.srp_a()), Ok(*client.public()));
            }
            Err(e) => {
                prop_assert!(width > 384, "refused a {width}-byte exponent: {e:?}");
                prop_assert_eq!(e, invalid("a", "is larger than the group modulus"));
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// 2. Round trip against a server-side computation
// ---------------------------------------------------------------------------------------------

/// Salt hex from 1..=32 random bytes; when `odd`, the first digit is dropped (odd length).
fn salt_hex() -> impl Strategy<Value = String> {
    (prop::collection::vec(any::<u8>(), 1..=32), any::<bool>()).prop_map(|(bytes, odd)| {
        let h = hex(&bytes);
        if odd { h[1..].to_string() } else { h }
    })
}

fn user_id() -> impl Strategy<Value = String> {
    prop_oneof![uuid(), "\\PC{1,40}", "[A-Za-z0-9_.@+-]{1,64}"]
}

#[derive(Debug, Clone)]
struct Round {
    password: String,
    wrong_password: String,
    user_id: String,
    username: String,
    salt_hex: String,
    b: Vec<u8>,
    a: Vec<u8>,
    region: &'static str,
    pool_suffix: String,
    secret_block: Vec<u8>,
    client_secret: Option<String>,
    unix_seconds: i64,
}

fn round() -> impl Strategy<Value = Round> {
    (
        (any::<String>(), any::<String>(), user_id(), user_id()),
        (
            salt_hex(),
            prop::collection::vec(any::<u8>(), 128),
            prop::collection::vec(any::<u8>(), 1..=128),
        ),
        (
            prop::sample::select(vec!["us-east-1", "eu-west-2", "ap-southeast-2"]),
            "[A-Za-z0-9]{1,12}",
            prop::collection::vec(any::<u8>(), 1..=300),
            proptest::option::of("[A-Za-z0-9]{1,52}"),
            0i64..=4_102_444_799,
        ),
    )
        .prop_map(
            |(
                (password, wrong_password, user_id, username),
                (salt_hex, b, a),
                (region, pool_suffix, secret_block, client_secret, unix_seconds),
            )| Round {
                password,
                wrong_password,
                user_id,
                username,
                salt_hex,
                b,
                a,
                region,
                pool_suffix,
                secret_block,
                client_secret,
                unix_seconds,
            },
        )
}

fn check_round(r: &Round) -> Result<(), TestCaseError> {
    let pool_id = format!("{}_{}", r.region, r.pool_suffix);
    let pool_name_text = r.pool_suffix.as_str();
    prop_assert_eq!(pool_name(&pool_id), Ok(pool_name_text));
    let pool = PoolContext::new(
        &pool_id,
        "app-client",
        r.client_secret.clone().map(SecretString::from),
    )
    .expect("valid pool id");
    let now = OffsetDateTime::from_unix_timestamp(r.unix_seconds).expect("in range");

    // Server: verifier, b and B = k·v + g^b.
    let x = group::compute_x(&r.salt_hex, pool_name_text, &r.user_id, &r.password)
        .expect("salt is hex");
    let v = group::verifier(&x);
    let b = group::exponent_from_bytes(&r.b);
    let b_pub = group::server_public(&v, &b, 1024);
    prop_assume!(!group::is_zero(&b_pub));
    let block_text = STANDARD.encode(&r.secret_block);
    let params = HashMap::from([
        ("SALT".to_string(), r.salt_hex.clone()),
        ("SRP_B".to_string(), group::to_hex(&b_pub)),
        ("SECRET_BLOCK".to_string(), block_text.clone()),
        ("USER_ID_FOR_SRP".to_string(), r.user_id.clone()),
        ("USERNAME".to_string(), r.username.clone()),
    ]);
    let challenge = PasswordVerifierChallenge::from_parameters(&params).expect("valid challenge");
    prop_assert_eq!(challenge.srp_b, b_pub);

    // Client: A from a, then its key.
    let client = SrpClient::from_secret_exponent(&r.a).expect("a fits");
    let a_pub = *client.public();
    prop_assert_eq!(group::parse_element("SRP_A", client.srp_a()), Ok(a_pub));
    let password = SecretString::from(r.password.as_str());
    let client_key = client
        .password_key(&pool, &challenge, &password)
        .expect("client key");

    // Server: u = H(A ‖ B), S = (A·v^u)^b, key = HKDF(u, S).
    let u = group::compute_u(&a_pub, &b_pub);
    let server_s = group::server_premaster(&a_pub, &v, &u, &b, 1024);
    let server_key = group::derive_key(&u, &server_s);
    prop_assert_eq!(
        &client_key[..],
        &server_key[..],
        "client and server keys differ"
    );

    // The response and the server's check of its signature.
    let response = client
        .respond(&pool, &challenge, &password, now)
        .expect("respond");
    prop_assert_eq!(&response.timestamp, &timestamp::format(now));
    prop_assert_eq!(&response.username, &r.username);
    prop_assert_eq!(&response.secret_block, &block_text);
    let expected_hash = r
        .client_secret
        .as_deref()
        .map(|s| secret_hash(s, &r.username, "app-client"));
    prop_assert_eq!(&response.secret_hash, &expected_hash);
    let message = group::signature_message(
        pool_name_text,
        &r.user_id,
        &r.secret_block,
        &response.timestamp,
    );
    let expected_signature = STANDARD.encode(group::sign(&server_key, &message));
    prop_assert_eq!(&response.signature, &expected_signature);

    // A wrong password gives another key and another signature.
    let wrong = if r.wrong_password == r.password {
        format!("{}x", r.password)
    } else {
        r.wrong_password.clone()
    };
    let wrong = SecretString::from(wrong);
    let wrong_response = client
        .respond(&pool, &challenge, &wrong, now)
        .expect("respond (wrong password)");
    prop_assert_ne!(&wrong_response.signature, &expected_signature);
    Ok(())
}

proptest! {
    #![proptest_config(config(64))]

    /// Property 2: client and server agree on the key and the signature; a wrong password
    /// changes the signature.
    #[test]
    fn client_and_server_agree(r in round()) {
        check_round(&r)?;
    }
}

// ---------------------------------------------------------------------------------------------
// 3. Element encoding and `pad`
// ---------------------------------------------------------------------------------------------

/// Values below N of every width (1..=384 random bytes reduced mod N), plus 0, 1 and N − 1.
fn below_n() -> impl Strategy<Value = BigUint> {
    prop_oneof![
        8 => prop::collection::vec(any::<u8>(), 0..=384)
            .prop_map(|b| BigUint::from_bytes_be(&b) % &*N),
        1 => Just(BigUint::ZERO),
        1 => Just(BigUint::from(1u8)),
        1 => Just(&*N - 1u8),
    ]
}

proptest! {
    #![proptest_config(config(256))]

    /// Property 3a: `to_hex` is minimal lowercase hex (Python's `'%x'`) and `parse_element`
    /// inverts it — also with leading zeros and upper case; values in [N, 2^3072) reduce by N.
    #[test]
    fn to_hex_and_parse_element_round_trip(x in below_n(), zeros in 0usize..=8, upper: bool) {
        let element = u3072(&x);
        let text = group::to_hex(&element);
        prop_assert_eq!(&text, &number_hex(&x));
        prop_assert_eq!(group::parse_element("SRP_B", &text), Ok(element));
        let mut variant = format!("{}{text}", "0".repeat(zeros));
        if upper {
            variant = variant.to_uppercase();
        }
        prop_assert_eq!(group::parse_element("SRP_B", &variant), Ok(element));
        let shifted = &x + &*N;
        if shifted.bits() <= 3072 {
            prop_assert_eq!(group::parse_element("SRP_B", &number_hex(&shifted)), Ok(element));
        }
    }

    /// Property 3b: `pad` is Java's `BigInteger.toByteArray` of a non-negative number: same value,
    /// first byte's top bit clear, and minimal (`bitLength / 8 + 1` bytes).
    #[test]
    fn pad_is_minimal_and_non_negative(
        zeros in 0usize..=4,
        bytes in prop::collection::vec(any::<u8>(), 0..=400),
    ) {
        let input = [vec![0u8; zeros], bytes].concat();
        let value = BigUint::from_bytes_be(&input);
        let out = group::pad(&input);
        prop_assert!(!out.is_empty());
        prop_assert_eq!(out[0] & 0x80, 0, "top bit set: {:02x?}", &out[..out.len().min(4)]);
        prop_assert_eq!(BigUint::from_bytes_be(&out), value.clone());
        prop_assert_eq!(out.len() as u64, value.bits() / 8 + 1);
        if out.len() > 1 {
            // A leading 00 is there only to clear the sign bit of the next byte.
            prop_assert!(out[0] != 0 || out[1] & 0x80 != 0);
        }
        if input.len() <= 384 {
            let mut buf = [0u8; 384];
            buf[384 - input.len()..].copy_from_slice(&input);
            prop_assert_eq!(group::padded(&U3072::from_be_slice(&buf)), out);
        }
    }
}
