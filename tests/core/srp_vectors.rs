//! Every case of the reference vectors (computed by pycognito, cross-checked by warrant):
//! each intermediate and the exact parameter maps. `tests/data/srp_vectors.json` is a copy of
//! `../shared/vectors/srp_vectors.json` so the project tests on its own.

use std::collections::HashMap;

use cognito_tui::cognito::secret_hash::secret_hash;
use cognito_tui::cognito::srp::{
    PasswordVerifierChallenge, PoolContext, SrpClient, decode_secret_block,
};
use cognito_tui::cognito::srp_group as group;
use cognito_tui::cognito::timestamp;
use cognito_tui::secret::SecretString;
use serde_json::Value;
use time::{Date, Month, OffsetDateTime, Time};

fn vectors() -> Value {
    serde_json::from_str(include_str!("../data/srp_vectors.json")).expect("vector file is JSON")
}

fn s<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key]
        .as_str()
        .unwrap_or_else(|| panic!("{key} is a string"))
}

fn hex(bytes: &[u8]) -> String {
    group::hex_lower(bytes)
}

/// Hex of a big-endian number without leading zeros (Python's `'%x' % n`).
fn number_hex(bytes: &[u8]) -> String {
    match hex(bytes).trim_start_matches('0') {
        "" => "0".into(),
        h => h.into(),
    }
}

fn iso_utc(text: &str) -> OffsetDateTime {
    let (date, time) = text.split_once('T').expect("ISO date-time");
    let d: Vec<i32> = date.split('-').map(|p| p.parse().unwrap()).collect();
    let t: Vec<u8> = time.split(':').map(|p| p.parse().unwrap()).collect();
    let month = Month::try_from(d[1] as u8).unwrap();
    Date::from_calendar_date(d[0], month, d[2] as u8)
        .unwrap()
        .with_time(Time::from_hms(t[0], t[1], t[2]).unwrap())
        .assume_utc()
}

fn string_map(v: &Value) -> HashMap<String, String> {
    v.as_object()
        .expect("a map")
        .iter()
        .map(|(k, v)| (k.clone(), v.as_str().expect("string value").to_string()))
        .collect()
}

/// Runs one case through the public API and checks every recorded output.
fn check_case(case: &Value) {
    let id = s(case, "id");
    let i = &case["inputs"];
    let o = &case["outputs"];
    let secret = i["client_secret"].as_str().map(SecretString::from);
    let pool = PoolContext::new(s(i, "pool_id"), s(i, "client_id"), secret).unwrap();
    let a_bytes = group::decode_hex("a", s(i, "small_a_hex")).unwrap();
    let client = SrpClient::from_secret_exponent(&a_bytes).unwrap();

    assert_eq!(client.srp_a(), s(o, "large_a_hex"), "{id}: A");
    assert_eq!(
        hex(&group::padded(client.public())),
        s(o, "large_a_padded_hex"),
        "{id}: pad(A)"
    );
    assert_eq!(
        pool.initiate_auth_parameters(s(i, "username"), &client),
        string_map(&o["initiate_auth_parameters"]),
        "{id}: InitiateAuth parameters"
    );

    let params = HashMap::from([
        ("SALT".to_string(), s(i, "salt_hex").to_string()),
        ("SRP_B".to_string(), s(i, "srp_b_hex").to_string()),
        (
            "SECRET_BLOCK".to_string(),
            s(i, "secret_block_b64").to_string(),
        ),
        (
            "USER_ID_FOR_SRP".to_string(),
            s(i, "user_id_for_srp").to_string(),
        ),
        (
            "USERNAME".to_string(),
            s(i, "challenge_username").to_string(),
        ),
    ]);
    let challenge = PasswordVerifierChallenge::from_parameters(&params).unwrap();
    assert_eq!(
        hex(&group::padded(&challenge.srp_b)),
        s(o, "srp_b_padded_hex"),
        "{id}: pad(B)"
    );

    let u = group::compute_u(client.public(), &challenge.srp_b);
    assert_eq!(number_hex(&u), s(o, "u_hex"), "{id}: u");
    let pool_name = s(i, "pool_name_part");
    let (user_id, password) = (s(i, "user_id_for_srp"), s(i, "password"));
    assert_eq!(
        hex(&group::username_password_hash(pool_name, user_id, password)),
        s(o, "username_password_hash_hex"),
        "{id}: H(pool ‖ user ‖ : ‖ password)"
    );
    assert_eq!(
        hex(&group::padded_salt(s(i, "salt_hex")).unwrap()),
        s(o, "salt_padded_hex"),
        "{id}: padded salt"
    );
    let x = group::compute_x(s(i, "salt_hex"), pool_name, user_id, password).unwrap();
    assert_eq!(number_hex(&x[..]), s(o, "x_hex"), "{id}: x");

    let a = group::exponent_from_bytes(&a_bytes);
    let big_s = group::client_premaster(&challenge.srp_b, &x, &a, 3072, &u);
    assert_eq!(group::to_hex(&big_s), s(o, "s_hex"), "{id}: S");
    assert_eq!(
        hex(&group::padded(&big_s)),
        s(o, "s_padded_hex"),
        "{id}: pad(S)"
    );
    assert_eq!(
        hex(&group::pad(&u)),
        s(o, "hkdf_salt_hex"),
        "{id}: HKDF salt"
    );
    let key = group::derive_key(&u, &big_s);
    assert_eq!(hex(&key[..]), s(o, "hkdf_key_hex"), "{id}: key");
    let password = SecretString::from(password);
    let via_client = client.password_key(&pool, &challenge, &password).unwrap();
    assert_eq!(
        hex(&via_client[..]),
        s(o, "hkdf_key_hex"),
        "{id}: key via client"
    );

    let now = iso_utc(s(i, "timestamp_utc_iso"));
    assert_eq!(timestamp::format(now), s(o, "timestamp"), "{id}: TIMESTAMP");
    let block = decode_secret_block(s(i, "secret_block_b64")).unwrap();
    if let Some(expected) = o["secret_block_bytes_hex_as_decoded_by_pycognito"].as_str() {
        assert_eq!(
            hex(&block),
            expected,
            "{id}: leniently decoded SECRET_BLOCK"
        );
    }
    let message = group::signature_message(pool_name, user_id, &block, s(o, "timestamp"));
    assert_eq!(
        hex(&message),
        s(o, "signature_message_hex"),
        "{id}: signature message"
    );

    let response = client.respond(&pool, &challenge, &password, now).unwrap();
    assert_eq!(
        response.signature,
        s(o, "password_claim_signature_b64"),
        "{id}: PASSWORD_CLAIM_SIGNATURE"
    );
    assert_eq!(
        response.secret_block,
        s(i, "secret_block_b64"),
        "{id}: echoed verbatim"
    );
    assert_eq!(
        response.into_map(),
        string_map(&o["challenge_responses"]),
        "{id}: ChallengeResponses"
    );
}

#[test]
fn constants_match() {
    let v = vectors();
    assert_eq!(
        hex(&group::k_bytes()),
        s(&v["constants"], "k_hex").to_lowercase()
    );
    assert_eq!(s(&v["constants"], "g_hex"), "2");
}

#[test]
fn every_case_reproduces_every_intermediate() {
    let v = vectors();
    let cases = v["cases"].as_array().unwrap();
    assert_eq!(cases.len(), 8);
    cases.iter().for_each(check_case);
}

#[test]
fn every_lenient_secret_block_case() {
    let v = vectors();
    let cases = v["lenient_secret_block_cases"].as_array().unwrap();
    assert!(!cases.is_empty());
    cases.iter().for_each(check_case);
}

#[test]
fn every_secret_hash_case() {
    let v = vectors();
    let cases = v["secret_hash_cases"].as_array().unwrap();
    assert_eq!(cases.len(), 4);
    for c in cases {
        assert_eq!(
            secret_hash(s(c, "client_secret"), s(c, "username"), s(c, "client_id")),
            s(c, "secret_hash_b64")
        );
    }
}

#[test]
fn timestamp_examples() {
    let v = vectors();
    for (iso, expected) in v["timestamp_examples"].as_object().unwrap() {
        assert_eq!(timestamp::format(iso_utc(iso)), expected.as_str().unwrap());
    }
}

#[test]
fn timestamps_for_every_weekday_and_month_with_unpadded_days() {
    let week = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    for (day, name) in (1..=7).zip(week) {
        assert_eq!(
            timestamp::format(iso_utc(&format!("2026-01-0{day}T09:08:07"))),
            format!("{name} Jan {day} 09:08:07 UTC 2026")
        );
    }
    let firsts = [
        "Thu Jan", "Sun Feb", "Sun Mar", "Wed Apr", "Fri May", "Mon Jun", "Wed Jul", "Sat Aug",
        "Tue Sep", "Thu Oct", "Sun Nov", "Tue Dec",
    ];
    for (month, name) in (1..=12).zip(firsts) {
        assert_eq!(
            timestamp::format(iso_utc(&format!("2026-{month:02}-01T23:59:05"))),
            format!("{name} 1 23:59:05 UTC 2026")
        );
    }
}
