//! Constant-time exponentiation of the fixed generator `g` with a precomputed table.
//!
//! `g` never changes, so `g^(j·16^i)` is computed once (256 positions × 16 digits, 1.5 MiB,
//! ~16 ms at first use) and `g^e` becomes one multiplication per 4-bit digit of `e` — about a
//! fifth of the work of square-and-multiply. Every entry of a row is read and selected in
//! constant time, so neither the memory access pattern nor the timing depends on `e`.

use crypto_bigint::ctutils::CtAssign as _;
use crypto_bigint::modular::{FixedMontyForm, FixedMontyParams};
use crypto_bigint::{Choice, Limb, U3072};

type Monty = FixedMontyForm<{ U3072::LIMBS }>;

const DIGIT_BITS: u32 = 4;
const DIGITS: usize = 1 << DIGIT_BITS;
/// Exponents up to this many bits use the table (`a`, `b` are 1024 bits, `x` 256).
pub const MAX_BITS: u32 = 1024;
const POSITIONS: usize = (MAX_BITS / DIGIT_BITS) as usize;

pub(crate) struct FixedBase {
    params: FixedMontyParams<{ U3072::LIMBS }>,
    /// `rows[i][j] = g^(j·16^i)`, in Montgomery form.
    rows: Vec<[U3072; DIGITS]>,
}

impl FixedBase {
    pub(crate) fn new(g: &Monty) -> Self {
        let params = *g.params();
        let one = Monty::one(&params);
        let mut rows = Vec::with_capacity(POSITIONS);
        let mut base = *g; // g^(16^i)
        for _ in 0..POSITIONS {
            let mut row = [one; DIGITS];
            for j in 1..DIGITS {
                row[j] = row[j - 1] * base;
            }
            base = row[DIGITS - 1] * base;
            rows.push(row.map(|m| m.to_montgomery()));
        }
        Self { params, rows }
    }

    /// `g^e` for `e < 2^bits`; `None` when `bits` exceeds the table. `bits` is public.
    pub(crate) fn pow(&self, e: &U3072, bits: u32) -> Option<Monty> {
        if bits > MAX_BITS {
            return None;
        }
        let limbs = e.as_limbs();
        let mut acc = Monty::one(&self.params);
        for (i, row) in self
            .rows
            .iter()
            .enumerate()
            .take(bits.div_ceil(DIGIT_BITS) as usize)
        {
            let bit = i as u32 * DIGIT_BITS;
            let word = limbs[(bit / Limb::BITS) as usize].0;
            let digit = ((word >> (bit % Limb::BITS)) as u32) & (DIGITS as u32 - 1);
            let mut selected = row[0];
            for (j, entry) in row.iter().enumerate().skip(1) {
                selected.ct_assign(entry, Choice::from_u32_eq(j as u32, digit));
            }
            acc *= Monty::from_montgomery(selected, &self.params);
        }
        Some(acc)
    }
}
