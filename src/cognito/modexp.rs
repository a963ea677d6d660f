//! Constant-time modular exponentiation by AWS-LC (`BN_mod_exp_mont_consttime`).
//!
//! The SRP premaster secret needs a 3072-bit base raised to a ~1025-bit secret exponent. AWS-LC's
//! assembly Montgomery code does that several times faster than the portable crates measured in
//! `benches/bignum.rs`, in constant time, and it is already in the binary (rustls uses it). This
//! is the only `unsafe` in the crate: a few calls with owned buffers, checked results, and every
//! secret number cleared before it is freed.

use std::ptr;

use aws_lc_sys as lc;
use zeroize::Zeroizing;

/// An owned BIGNUM, cleared and freed on drop.
struct Bn(*mut lc::BIGNUM);

impl Bn {
    fn from_be(bytes: &[u8]) -> Option<Self> {
        // SAFETY: `bytes` is a valid slice; a null `ret` asks AWS-LC to allocate a new BIGNUM.
        let bn = unsafe { lc::BN_bin2bn(bytes.as_ptr(), bytes.len(), ptr::null_mut()) };
        (!bn.is_null()).then_some(Self(bn))
    }
}

impl Drop for Bn {
    fn drop(&mut self) {
        // SAFETY: `self.0` came from BN_bin2bn/BN_new and is freed exactly once.
        unsafe { lc::BN_clear_free(self.0) }
    }
}

struct Ctx(*mut lc::BN_CTX);

impl Drop for Ctx {
    fn drop(&mut self) {
        // SAFETY: created by BN_CTX_new, freed once.
        unsafe { lc::BN_CTX_free(self.0) }
    }
}

/// `base^exp mod modulus` as big-endian bytes the length of `modulus`, for `base < modulus` and
/// an odd `modulus`. `None` only if AWS-LC fails (allocation), so callers can fall back.
pub(crate) fn mod_exp(base: &[u8], exp: &[u8], modulus: &[u8]) -> Option<Zeroizing<Vec<u8>>> {
    let len = modulus.len();
    let (base, exp, modulus) = (Bn::from_be(base)?, Bn::from_be(exp)?, Bn::from_be(modulus)?);
    // SAFETY: BN_new returns an owned BIGNUM or null (checked).
    let result = Bn(unsafe { lc::BN_new() });
    // SAFETY: BN_CTX_new returns an owned context or null (checked).
    let ctx = Ctx(unsafe { lc::BN_CTX_new() });
    if result.0.is_null() || ctx.0.is_null() {
        return None;
    }
    let mut out = Zeroizing::new(vec![0u8; len]);
    // SAFETY: every pointer is a live object owned above; a null Montgomery context makes AWS-LC
    // build its own; `out` has room for `len` bytes and the result is < modulus.
    let ok = unsafe {
        lc::BN_mod_exp_mont_consttime(result.0, base.0, exp.0, modulus.0, ctx.0, ptr::null()) == 1
            && lc::BN_bn2bin_padded(out.as_mut_ptr(), len, result.0) == 1
    };
    ok.then_some(out)
}
