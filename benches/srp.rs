//! SRP client costs per sign-in: computing `A` (fresh 128-byte `a`), and answering the
//! PASSWORD_VERIFIER challenge (u, x, S, HKDF, signature). Targets: A ≤ 3.5 ms, challenge ≤ 5 ms.

#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test or benchmark
use std::collections::HashMap;
use std::hint::black_box;

use cognito_tui::cognito::srp::{PasswordVerifierChallenge, PoolContext, SrpClient};
use cognito_tui::secret::SecretString;
use criterion::{Criterion, criterion_group, criterion_main};
use serde_json::Value;
use time::OffsetDateTime;

fn bench(c: &mut Criterion) {
    let vectors: Value =
        serde_json::from_str(include_str!("../tests/data/srp_vectors.json")).unwrap();
    let inputs = &vectors["cases"][0]["inputs"];
    let s = |k: &str| inputs[k].as_str().unwrap().to_string();
    let pool = PoolContext::new(&s("pool_id"), s("client_id"), None).unwrap();
    let params = HashMap::from([
        ("SALT".to_string(), s("salt_hex")),
        ("SRP_B".to_string(), s("srp_b_hex")),
        ("SECRET_BLOCK".to_string(), s("secret_block_b64")),
        ("USER_ID_FOR_SRP".to_string(), s("user_id_for_srp")),
        ("USERNAME".to_string(), s("challenge_username")),
    ]);
    let password = SecretString::new(s("password"));

    c.bench_function("srp A (fresh 256-bit a)", |b| {
        b.iter(|| SrpClient::new().unwrap())
    });
    let client = SrpClient::new().unwrap();
    let now = OffsetDateTime::now_utc();
    c.bench_function("srp challenge response", |b| {
        b.iter(|| {
            let challenge = PasswordVerifierChallenge::from_parameters(black_box(&params)).unwrap();
            client.respond(&pool, &challenge, &password, now).unwrap()
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
