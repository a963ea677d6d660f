//! SRP-6a group math as Cognito does it: the 3072-bit RFC 5054 group, `g = 2`, SHA-256,
//! Java-style padding. Shared by the client (`srp`) and the local pool's verifier.
//!
//! Big numbers are `crypto_bigint::U3072` in Montgomery form: exponentiations with secret
//! exponents (`a`, `b`, `x`) run in constant time.

use crypto_bigint::modular::{FixedMontyForm, FixedMontyParams};
use crypto_bigint::{Odd, U256, U3072, Uint};
use hkdf::Hkdf;
use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256};
use std::sync::LazyLock;
use zeroize::Zeroizing;

use super::fixed_base;
use super::modexp;
use super::srp::SrpError;

/// Bytes of a group element (3072 bits).
pub const ELEMENT_BYTES: usize = 384;
/// Bytes of the client's random secret exponent `a`: 256 bits, twice the 128-bit strength of
/// the 3072-bit group (RFC 3526 §8; RFC 5054 asks for at least 256), as the local pool's `b`.
/// Cognito's JavaScript and Python clients draw 1024 bits; the server cannot tell (it sees only
/// `A`), and the exponentiations cost a quarter. Reference vectors with longer `a` still work.
pub const SECRET_EXPONENT_BYTES: usize = 32;
/// The HKDF info string that names the derived key.
const HKDF_INFO: &[u8] = b"Caldera Derived Key";

type Monty = FixedMontyForm<{ U3072::LIMBS }>;
/// Wide enough for `a + u·x` whatever `a < N` is.
const EXP_LIMBS: usize = U3072::LIMBS + U256::LIMBS;
type Exponent = Uint<EXP_LIMBS>;

pub(crate) struct Group {
    n: U3072,
    params: FixedMontyParams<{ U3072::LIMBS }>,
    g: Monty,
    k: Monty,
}

static GROUP: LazyLock<Group> = LazyLock::new(|| {
    let n = U3072::from_be_hex(&format!(
        "{:0>768}",
        include_str!("../../assets/srp_group_prime.hex").trim()
    ));
    let params = FixedMontyParams::new_vartime(Odd::new(n).expect("the group prime is odd"));
    let g = U3072::from_u8(2);
    // k = H(pad(N) ‖ pad(g)): g is padded on its own (one byte), not to the length of N.
    let k_digest = Sha256::new()
        .chain_update(pad(&n.to_be_bytes()))
        .chain_update(pad(&g.to_be_bytes()))
        .finalize();
    let k = U3072::from_be_slice(&left_pad::<ELEMENT_BYTES>(&k_digest));
    let g = Monty::new(&g, &params);
    Group {
        n,
        params,
        g,
        k: Monty::new(&k, &params),
    }
});

/// `k = H(pad(N) ‖ pad(g))`, for display and tests.
pub fn k_bytes() -> Vec<u8> {
    trim(&GROUP.k.retrieve().to_be_bytes()).to_vec()
}

/// Strips leading zero bytes (the minimal big-endian form).
pub fn trim(bytes: &[u8]) -> &[u8] {
    let first = bytes.iter().position(|b| *b != 0).unwrap_or(bytes.len());
    &bytes[first..]
}

/// Java `BigInteger.toByteArray` form of a non-negative number: minimal big-endian bytes with a
/// `00` prepended when the top bit is set (and a single `00` for zero).
pub fn pad(bytes: &[u8]) -> Vec<u8> {
    let t = trim(bytes);
    let mut out = Vec::with_capacity(t.len() + 1);
    if t.first().is_none_or(|b| b & 0x80 != 0) {
        out.push(0);
    }
    out.extend_from_slice(t);
    out
}

/// Right-aligns `bytes` in a zeroed buffer of `LEN` bytes (`bytes.len() <= LEN`).
fn left_pad<const LEN: usize>(bytes: &[u8]) -> [u8; LEN] {
    let mut out = [0u8; LEN];
    out[LEN - bytes.len()..].copy_from_slice(bytes);
    out
}

fn element_bytes(x: &U3072) -> Zeroizing<Vec<u8>> {
    Zeroizing::new(x.to_be_bytes().to_vec())
}

/// The padded big-endian bytes of a group element, as hashed.
pub fn padded(x: &U3072) -> Vec<u8> {
    pad(&element_bytes(x))
}

/// Minimal lowercase hex (no leading zeros) — how `SRP_A` and `SRP_B` travel.
pub fn to_hex(x: &U3072) -> String {
    let bytes = element_bytes(x);
    let hex = hex_lower(trim(&bytes));
    match hex.trim_start_matches('0') {
        "" => "0".to_string(),
        digits => digits.to_string(),
    }
}

pub fn hex_lower(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

/// Decodes hex text of any length (an odd length gets a leading `0`), naming `param` on error.
pub fn decode_hex(param: &'static str, text: &str) -> Result<Vec<u8>, SrpError> {
    if text.is_empty() {
        return Err(SrpError::invalid(param, "is empty"));
    }
    if !text.bytes().all(|c| c.is_ascii_hexdigit()) {
        return Err(SrpError::invalid(param, "is not hexadecimal"));
    }
    let digit = |c: u8| (c as char).to_digit(16).unwrap_or(0) as u8;
    let bytes = text.as_bytes();
    let (head, rest) = if bytes.len() % 2 == 1 {
        (Some(digit(bytes[0])), &bytes[1..])
    } else {
        (None, bytes)
    };
    Ok(head
        .into_iter()
        .chain(rest.chunks(2).map(|p| digit(p[0]) << 4 | digit(p[1])))
        .collect())
}

/// Parses a hex group element and reduces it mod N; refuses anything wider than N.
pub fn parse_element(param: &'static str, text: &str) -> Result<U3072, SrpError> {
    let bytes = decode_hex(param, text)?;
    let value = trim(&bytes);
    if value.len() > ELEMENT_BYTES {
        return Err(SrpError::invalid(param, "is larger than the group modulus"));
    }
    let x = U3072::from_be_slice(&left_pad::<ELEMENT_BYTES>(value));
    // N > 2^3071 > x - N, so one subtraction reduces any 3072-bit value.
    Ok(if x >= GROUP.n {
        x.wrapping_sub(&GROUP.n)
    } else {
        x
    })
}

/// Builds a secret exponent from big-endian bytes (at most the element size).
pub fn exponent_from_bytes(bytes: &[u8]) -> Zeroizing<U3072> {
    let mut buf = Zeroizing::new([0u8; ELEMENT_BYTES]);
    let t = trim(bytes);
    let t = &t[t.len().saturating_sub(ELEMENT_BYTES)..];
    buf[ELEMENT_BYTES - t.len()..].copy_from_slice(t);
    Zeroizing::new(U3072::from_be_slice(&buf[..]))
}

/// `g^e mod N` in constant time for exponents below `2^bits`.
pub fn g_pow(e: &U3072, bits: u32) -> U3072 {
    g_pow_monty(e, bits).retrieve()
}

fn g_pow_monty(e: &U3072, bits: u32) -> Monty {
    let grp = &*GROUP;
    // The build-time table for the crate's own exponents; AWS-LC for longer ones.
    match fixed_base::pow(&grp.params, e, bits) {
        Some(power) => power,
        None => Monty::new(&pow_secret(&grp.g, e, bits), &grp.params),
    }
}

/// `g^e` by AWS-LC, for `benches/bignum.rs` (the table's alternative).
#[doc(hidden)]
pub fn g_pow_by_aws_lc(e: &U3072, bits: u32) -> U3072 {
    *pow_secret(&GROUP.g, e, bits)
}

/// `u = H(pad(A) ‖ pad(B))`, as the 32 digest bytes (a big-endian number).
pub fn compute_u(a_pub: &U3072, b_pub: &U3072) -> [u8; 32] {
    Sha256::new()
        .chain_update(padded(a_pub))
        .chain_update(padded(b_pub))
        .finalize()
        .into()
}

/// `H(poolName ‖ userId ‖ ":" ‖ password)` over the UTF-8 text.
pub fn username_password_hash(pool_name: &str, user_id: &str, password: &str) -> [u8; 32] {
    Sha256::new()
        .chain_update(pool_name.as_bytes())
        .chain_update(user_id.as_bytes())
        .chain_update(b":")
        .chain_update(password.as_bytes())
        .finalize()
        .into()
}

/// The salt as hashed: pycognito pads the hex *string* as received (odd length → `0` prefix,
/// else a leading digit 8–f → `00` prefix), so a received leading `00` byte is kept.
pub fn padded_salt(salt_hex: &str) -> Result<Vec<u8>, SrpError> {
    let mut bytes = decode_hex("SALT", salt_hex)?;
    if salt_hex.len() % 2 == 0 && bytes[0] & 0x80 != 0 {
        bytes.insert(0, 0);
    }
    Ok(bytes)
}

/// `x = H(padded_salt ‖ H(poolName ‖ userId ‖ ":" ‖ password))`.
pub fn compute_x(
    salt_hex: &str,
    pool_name: &str,
    user_id: &str,
    password: &str,
) -> Result<Zeroizing<[u8; 32]>, SrpError> {
    let inner = Zeroizing::new(username_password_hash(pool_name, user_id, password));
    Ok(Zeroizing::new(
        Sha256::new()
            .chain_update(padded_salt(salt_hex)?)
            .chain_update(&inner[..])
            .finalize()
            .into(),
    ))
}

fn u256(bytes: &[u8; 32]) -> U256 {
    U256::from_be_slice(bytes)
}

/// The password verifier `v = g^x mod N` (stored by the server instead of the password).
pub fn verifier(x: &[u8; 32]) -> U3072 {
    let x = Zeroizing::new(u256(x).resize::<{ U3072::LIMBS }>());
    g_pow(&x, 256)
}

/// Client premaster secret `S = (B − k·g^x)^(a + u·x) mod N`.
/// `a_bits` bounds `a` (public: 1024 for the exponents this crate generates).
pub fn client_premaster(
    b_pub: &U3072,
    x: &[u8; 32],
    a: &U3072,
    a_bits: u32,
    u: &[u8; 32],
) -> Zeroizing<U3072> {
    let grp = &*GROUP;
    let v = Zeroizing::new(Monty::new(&verifier(x), &grp.params));
    let base = Zeroizing::new(Monty::new(b_pub, &grp.params) - grp.k * *v);
    let ux: Zeroizing<Exponent> = Zeroizing::new(u256(u).concatenating_mul(&u256(x)).resize());
    let exp = Zeroizing::new(a.resize::<EXP_LIMBS>().wrapping_add(&ux));
    pow_secret(&base, &*exp, a_bits.max(512) + 1)
}

/// Server public value `B = (k·v + g^b) mod N`.
pub fn server_public(v: &U3072, b: &U3072, b_bits: u32) -> U3072 {
    let grp = &*GROUP;
    let gb = g_pow_monty(b, b_bits);
    (grp.k * Monty::new(v, &grp.params) + gb).retrieve()
}

/// Server premaster secret `S = (A · v^u)^b mod N`.
pub fn server_premaster(
    a_pub: &U3072,
    v: &U3072,
    u: &[u8; 32],
    b: &U3072,
    b_bits: u32,
) -> Zeroizing<U3072> {
    let grp = &*GROUP;
    // u is public, but AWS-LC's exponentiation is still the fastest way to v^u.
    let vu = pow_secret(&Monty::new(v, &grp.params), &u256(u), 256);
    let base = Zeroizing::new(Monty::new(a_pub, &grp.params) * Monty::new(&vu, &grp.params));
    pow_secret(&base, b, b_bits)
}

/// `base^e mod N` in constant time for a secret `e < 2^bits`: AWS-LC's assembly, or
/// crypto-bigint should AWS-LC fail to allocate.
fn pow_secret<const L: usize>(base: &Monty, e: &Uint<L>, bits: u32) -> Zeroizing<U3072> {
    let base_bytes = Zeroizing::new(base.retrieve().to_be_bytes());
    let e_bytes = Zeroizing::new(e.to_be_bytes());
    // Constant-time code works over the whole width it is given: give it the public bound only.
    let e_bytes = &e_bytes[e_bytes.len().saturating_sub(bits.div_ceil(8) as usize)..];
    let fast = modexp::mod_exp(&base_bytes, e_bytes, &GROUP.n.to_be_bytes());
    Zeroizing::new(match fast {
        Some(bytes) => U3072::from_be_slice(&bytes),
        None => base.pow_bounded_exp(e, bits).retrieve(),
    })
}

/// The 16-byte password authentication key: HKDF-SHA256(salt = pad(u), ikm = pad(S)).
pub fn derive_key(u: &[u8; 32], s: &U3072) -> Zeroizing<[u8; 16]> {
    let ikm = Zeroizing::new(padded(s));
    let hk = Hkdf::<Sha256>::new(Some(&pad(u)), &ikm);
    let mut key = Zeroizing::new([0u8; 16]);
    hk.expand(HKDF_INFO, &mut key[..])
        .expect("16 bytes is a valid HKDF-SHA256 output length");
    key
}

/// The message signed by `PASSWORD_CLAIM_SIGNATURE`.
pub fn signature_message(
    pool_name: &str,
    user_id: &str,
    secret_block: &[u8],
    timestamp: &str,
) -> Vec<u8> {
    [
        pool_name.as_bytes(),
        user_id.as_bytes(),
        secret_block,
        timestamp.as_bytes(),
    ]
    .concat()
}

/// HMAC-SHA256 of the signature message under the derived key.
pub fn sign(key: &[u8; 16], message: &[u8]) -> [u8; 32] {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC accepts any key length");
    mac.update(message);
    mac.finalize().into_bytes().into()
}

/// Is `x ≡ 0 (mod N)`? (`x` is already reduced.)
pub fn is_zero(x: &U3072) -> bool {
    bool::from(x.is_zero())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_build_time_table_and_aws_lc_give_the_same_powers() {
        for (bytes, bits) in [
            (vec![0xFFu8; 32], 256),
            (vec![0xA5; 32], 256),
            (vec![0x01; 16], 128),
            (vec![0], 8),
        ] {
            let e = exponent_from_bytes(&bytes);
            let by_table = fixed_base::pow(&GROUP.params, &e, bits).unwrap().retrieve();
            assert_eq!(by_table, g_pow_by_aws_lc(&e, bits), "{bits} bits");
        }
        let long = exponent_from_bytes(&[1; 128]);
        assert!(fixed_base::pow(&GROUP.params, &long, 1024).is_none());
    }
}
