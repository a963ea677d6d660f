//! Constant-time exponentiation of the fixed generator `g` with a table precomputed at build
//! time (`build.rs`): `g^(j·16^i)` for 64 positions × 16 digits, in Montgomery form, 384 KiB of
//! read-only data. `g^e` becomes one multiplication per 4-bit digit of `e` — about a fifth of the
//! work of square-and-multiply — and no process pays to build the table. Every entry of a row is
//! read and selected in constant time, so neither the memory access pattern nor the timing
//! depends on `e`.

use crypto_bigint::ctutils::CtAssign as _;
use crypto_bigint::modular::{FixedMontyForm, FixedMontyParams};
use crypto_bigint::{Choice, Limb, U3072};

type Monty = FixedMontyForm<{ U3072::LIMBS }>;

const DIGIT_BITS: u32 = 4;
const DIGITS: usize = 1 << DIGIT_BITS;
/// Exponents up to this many bits use the table: every exponent the crate draws (`a`, `b`, `x`
/// are 256 bits). Longer ones (a reference vector's 1024-bit `a`) go to AWS-LC.
pub const MAX_BITS: u32 = 256;
const POSITIONS: usize = (MAX_BITS / DIGIT_BITS) as usize;
const ENTRY_BYTES: usize = 384;

/// `rows[i][j] = g^(j·16^i)` as little-endian Montgomery numbers, row after row.
static TABLE: &[u8; POSITIONS * DIGITS * ENTRY_BYTES] =
    include_bytes!(concat!(env!("OUT_DIR"), "/g_table.bin"));

/// `g^e` for `e < 2^bits`; `None` when `bits` exceeds the table. `bits` is public.
pub(crate) fn pow(
    params: &FixedMontyParams<{ U3072::LIMBS }>,
    e: &U3072,
    bits: u32,
) -> Option<Monty> {
    if bits > MAX_BITS {
        return None;
    }
    let limbs = e.as_limbs();
    let mut acc = Monty::one(params);
    for (i, row) in TABLE
        .chunks_exact(DIGITS * ENTRY_BYTES)
        .enumerate()
        .take(bits.div_ceil(DIGIT_BITS) as usize)
    {
        let bit = i as u32 * DIGIT_BITS;
        let word = limbs[(bit / Limb::BITS) as usize].0;
        let digit = ((word >> (bit % Limb::BITS)) as u32) & (DIGITS as u32 - 1);
        let mut selected = U3072::ZERO;
        for (j, entry) in row.chunks_exact(ENTRY_BYTES).enumerate() {
            selected.ct_assign(
                &U3072::from_le_slice(entry),
                Choice::from_u32_eq(j as u32, digit),
            );
        }
        acc *= Monty::from_montgomery(selected, params);
    }
    Some(acc)
}
