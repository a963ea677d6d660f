//! Precomputes the fixed-base table for `g^e` (SRP's generator `g = 2` in the 3072-bit group) at
//! build time, so no process pays for it at start-up: `g^(j·16^i)` in Montgomery form for 64
//! positions (exponents up to 256 bits, the size of every exponent the crate draws) × 16 digits,
//! 384 KiB, written to `$OUT_DIR/g_table.bin` as little-endian numbers and included by
//! `src/cognito/fixed_base.rs`.

use std::io::Write as _;

use crypto_bigint::modular::{FixedMontyForm, FixedMontyParams};
use crypto_bigint::{Odd, U3072};

const POSITIONS: usize = 64;
const DIGITS: usize = 16;

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=assets/srp_group_prime.hex");
    let hex = std::fs::read_to_string("assets/srp_group_prime.hex").expect("the group prime");
    let n = U3072::from_be_hex(&format!("{:0>768}", hex.trim()));
    let params = FixedMontyParams::new_vartime(Odd::new(n).expect("the group prime is odd"));
    let g = FixedMontyForm::new(&U3072::from_u8(2), &params);
    let one = FixedMontyForm::one(&params);
    let mut out = Vec::with_capacity(POSITIONS * DIGITS * 384);
    let mut base = g; // g^(16^i)
    for _ in 0..POSITIONS {
        let mut entry = one;
        for _ in 0..DIGITS {
            out.extend_from_slice(&entry.as_montgomery().to_le_bytes());
            entry *= base;
        }
        // entry is now g^(16·16^i) = g^(16^(i+1)).
        base = entry;
    }
    let path =
        std::path::Path::new(&std::env::var("OUT_DIR").expect("OUT_DIR")).join("g_table.bin");
    std::fs::File::create(&path)
        .and_then(|mut f| f.write_all(&out))
        .expect("the table is written");
}
