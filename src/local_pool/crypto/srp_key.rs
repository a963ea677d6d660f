//! The key a PASSWORD_VERIFIER answer is checked with, computed once: on a spare core right
//! after InitiateAuth has its B (so the pool's half of the arithmetic overlaps the client's), or
//! when the answer arrives if no core was spare.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};

use crypto_bigint::U3072;
use zeroize::Zeroizing;

use crate::cognito::srp_group as group;

/// Background computations running now; at most one per core, so a flood of InitiateAuth costs
/// the pool no more CPU than it would without them (the rest are computed on answer).
static IN_FLIGHT: AtomicUsize = AtomicUsize::new(0);
/// The cores, read once: finding them reads cgroup files, ~0.3 ms of every InitiateAuth.
static CORES: OnceLock<usize> = OnceLock::new();

/// The premaster inputs of one exchange and, once computed, the 16-byte key.
pub struct SrpKey {
    inner: Arc<Inner>,
}

struct Inner {
    b: Zeroizing<U3072>,
    b_bits: u32,
    a_pub: U3072,
    v: U3072,
    u: [u8; 32],
    key: OnceLock<Zeroizing<[u8; 16]>>,
}

impl Inner {
    /// Computes the key the first time; a caller arriving meanwhile waits for that one.
    fn key(&self) -> &[u8; 16] {
        self.key.get_or_init(|| {
            let s = group::server_premaster(&self.a_pub, &self.v, &self.u, &self.b, self.b_bits);
            group::derive_key(&self.u, &s)
        })
    }
}

impl SrpKey {
    pub fn new(b: Zeroizing<U3072>, b_bits: u32, a_pub: U3072, v: U3072, u: [u8; 32]) -> Self {
        Self {
            inner: Arc::new(Inner {
                b,
                b_bits,
                a_pub,
                v,
                u,
                key: OnceLock::new(),
            }),
        }
    }

    pub fn a_pub(&self) -> &U3072 {
        &self.inner.a_pub
    }

    /// The key, computed now unless it already was (or is being: then this waits for it).
    pub fn get(&self) -> &[u8; 16] {
        self.inner.key()
    }

    /// Starts computing the key on the runtime's blocking pool if a core is spare; otherwise
    /// (or outside a runtime) it is computed by `get`. Either way the same work is done once.
    pub fn precompute(&self) {
        let Ok(runtime) = tokio::runtime::Handle::try_current() else {
            return;
        };
        let Some(permit) = Permit::take() else {
            return;
        };
        let inner = Arc::clone(&self.inner);
        drop(runtime.spawn_blocking(move || {
            let _permit = permit;
            inner.key();
        }));
    }
}

/// One of the cores' background slots, given back on drop.
struct Permit;

impl Permit {
    fn take() -> Option<Self> {
        let cores =
            *CORES.get_or_init(|| std::thread::available_parallelism().map_or(1, usize::from));
        IN_FLIGHT
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| {
                (n < cores).then_some(n + 1)
            })
            .ok()
            .map(|_| Self)
    }
}

impl Drop for Permit {
    fn drop(&mut self) {
        IN_FLIGHT.fetch_sub(1, Ordering::AcqRel);
    }
}
