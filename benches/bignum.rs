//! Why the SRP code uses crypto-bigint: the same 3072-bit modular exponentiation
//! (g^a mod N with a 1024-bit secret exponent, as in computing SRP_A) done by
//! num-bigint (variable time) and by crypto-bigint (constant time, Montgomery); and why `g^a`
//! uses a table precomputed at build time (`build.rs`) rather than AWS-LC or a table built at
//! start-up (the build, measured here, once cost every process ~16 ms).

#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test or benchmark
use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;

const N_HEX: &str = include_str!("../assets/srp_group_prime.hex");

fn bench(c: &mut Criterion) {
    let n_hex = N_HEX.trim();
    let a_bytes = [0xA5u8; 128];

    let n = num_bigint::BigUint::parse_bytes(n_hex.as_bytes(), 16).unwrap();
    let g = num_bigint::BigUint::from(2u32);
    let a = num_bigint::BigUint::from_bytes_be(&a_bytes);
    c.bench_function("num-bigint g^a mod N (1024-bit a)", |b| {
        b.iter(|| black_box(&g).modpow(black_box(&a), &n))
    });

    use crypto_bigint::modular::{FixedMontyForm, FixedMontyParams};
    use crypto_bigint::{Odd, U3072};
    let n = Odd::new(U3072::from_be_hex(n_hex)).unwrap();
    let params = FixedMontyParams::new_vartime(n);
    let g = FixedMontyForm::new(&U3072::from_u8(2), &params);
    let a = U3072::from_be_slice(&{
        let mut full = [0u8; 384];
        full[384 - 128..].copy_from_slice(&a_bytes);
        full
    });
    c.bench_function("crypto-bigint fixed g^a mod N (1024-bit a)", |b| {
        b.iter(|| {
            black_box(&g)
                .pow_bounded_exp(black_box(&a), 1024)
                .retrieve()
        })
    });
    c.bench_function("crypto-bigint fixed AMM g^a mod N (1024-bit a)", |b| {
        b.iter(|| {
            black_box(&g)
                .pow_amm_bounded_exp(black_box(&a), 1024)
                .retrieve()
        })
    });
}

/// `g^a` for the crate's 256-bit secret `a`: by AWS-LC, and by the build-time table.
fn g_pow_choices(c: &mut Criterion) {
    use cognito_tui::cognito::srp_group;
    let a = srp_group::exponent_from_bytes(&[0xA5u8; 32]);
    c.bench_function("g^a (256-bit a) by AWS-LC", |b| {
        b.iter(|| srp_group::g_pow_by_aws_lc(black_box(&a), 256))
    });
    c.bench_function("g^a (256-bit a) by the build-time table", |b| {
        b.iter(|| srp_group::g_pow(black_box(&a), 256))
    });
    c.bench_function(
        "g^a (1024-bit a, Cognito's JS/Python size) by AWS-LC",
        |b| {
            let a = srp_group::exponent_from_bytes(&[0xA5u8; 128]);
            b.iter(|| srp_group::g_pow_by_aws_lc(black_box(&a), 1024))
        },
    );
}

criterion_group!(benches, bench, g_pow_choices);
criterion_main!(benches);
