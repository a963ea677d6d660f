//! Sign-ins in progress: what InitiateAuth started and RespondToAuthChallenge continues. Held
//! in memory only (Cognito's sessions last 3 minutes; a restart simply ends them). Each entry is
//! taken out when used, so a SECRET_BLOCK or Session works once.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::sync::Mutex;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use rand::TryRng as _;

use crate::local_pool::error::{ApiError, ApiResult};
use crate::local_pool::srp_server::ServerSession;
use crate::secret::SecretString;

/// How long a challenge can be answered.
pub const SESSION_SECONDS: i64 = 180;
/// Bound on sign-ins in progress, so a flood of InitiateAuth cannot exhaust memory (~2.6 KB
/// each). At the few thousand InitiateAuth a second the pool can answer, an answer still has
/// several seconds under a flood.
pub const MAX_PENDING: usize = 50_000;
/// Sign-ins in progress per user of one app client: more than anyone needs at once.
pub const MAX_PENDING_PER_USER: usize = 16;

/// A step of a sign-in waiting for its answer.
pub enum Pending {
    /// After InitiateAuth(USER_SRP_AUTH), keyed by the SECRET_BLOCK handed out.
    PasswordVerifier {
        pool_id: String,
        client_id: String,
        username_key: String,
        srp: Box<ServerSession>,
        /// A stand-in challenge for an unknown user (PreventUserExistenceErrors): every answer
        /// fails as a wrong password would.
        decoy: bool,
    },
    /// A challenge after the password (new password, MFA), keyed by the Session handed out.
    Challenge(ChallengeState),
}

/// A challenge after the password, bound to its pool, app client and user.
#[derive(Debug, Clone)]
pub struct ChallengeState {
    pub pool_id: String,
    pub client_id: String,
    pub username_key: String,
    /// ChallengeName, e.g. `SOFTWARE_TOKEN_MFA`.
    pub name: String,
    /// A TOTP secret associated during MFA_SETUP, waiting for its first code.
    pub totp_secret: Option<SecretString>,
    /// MFA_SETUP: VerifySoftwareToken accepted a first code under this session.
    pub setup_verified: bool,
    /// Wrong answers so far; the session is dropped after a few.
    pub failures: u8,
}

impl Pending {
    /// The pool, app client and user the entry belongs to.
    fn owner(&self) -> Owner {
        match self {
            Self::PasswordVerifier {
                pool_id,
                client_id,
                username_key,
                ..
            } => (pool_id.clone(), client_id.clone(), username_key.clone()),
            Self::Challenge(state) => (
                state.pool_id.clone(),
                state.client_id.clone(),
                state.username_key.clone(),
            ),
        }
    }

    pub fn pool_id(&self) -> &str {
        match self {
            Self::PasswordVerifier { pool_id, .. } => pool_id,
            Self::Challenge(state) => &state.pool_id,
        }
    }
}

/// Sign-ins in progress, oldest first, with who each belongs to. When the store is full the oldest
/// entry gives way (a flood of InitiateAuth only shortens how long an answer may take, it never
/// refuses everyone's sign-in), and one user of one app client holds at most
/// `MAX_PENDING_PER_USER` entries (a flood for one name evicts only that name's older ones).
pub struct Sessions {
    inner: Mutex<Store>,
}

impl Default for Sessions {
    fn default() -> Self {
        Self::with_capacity(MAX_PENDING)
    }
}

impl Sessions {
    /// A store that holds at most `capacity` sign-ins in progress (`MAX_PENDING` by default;
    /// tests flood a small one).
    pub fn with_capacity(capacity: usize) -> Self {
        Self {
            inner: Mutex::new(Store {
                capacity: capacity.max(1),
                ..Store::default()
            }),
        }
    }
}

#[derive(Default)]
struct Store {
    capacity: usize,
    /// key → (order, expires, entry).
    entries: HashMap<String, (u64, i64, Pending)>,
    /// order → key: the oldest first.
    order: BTreeMap<u64, String>,
    /// (pool, client, user) → the orders of that user's entries, oldest first.
    by_user: HashMap<Owner, VecDeque<u64>>,
    next: u64,
}

type Owner = (String, String, String);

impl Store {
    fn remove(&mut self, key: &str) -> Option<(i64, Pending)> {
        let (order, expires, pending) = self.entries.remove(key)?;
        self.order.remove(&order);
        let owner = pending.owner();
        if let Some(list) = self.by_user.get_mut(&owner) {
            list.retain(|o| *o != order);
            if list.is_empty() {
                self.by_user.remove(&owner);
            }
        }
        Some((expires, pending))
    }

    fn remove_order(&mut self, order: u64) {
        if let Some(key) = self.order.get(&order).cloned() {
            self.remove(&key);
        }
    }

    fn insert(&mut self, key: String, pending: Pending, now: i64, expires: i64) {
        self.remove(&key);
        let owner = pending.owner();
        // This user's oldest entries give way first, then (when full) anyone's oldest.
        while self
            .by_user
            .get(&owner)
            .is_some_and(|l| l.len() >= MAX_PENDING_PER_USER)
        {
            let Some(oldest) = self.by_user.get(&owner).and_then(|l| l.front().copied()) else {
                break;
            };
            self.remove_order(oldest);
        }
        // Expired entries at the old end go first (cheap: most expire in insertion order).
        while let Some(key) = self.order.values().next().cloned() {
            if self.entries.get(&key).is_some_and(|(_, e, _)| *e <= now) {
                self.remove(&key);
            } else {
                break;
            }
        }
        while self.entries.len() >= self.capacity {
            let Some((&oldest, _)) = self.order.iter().next() else {
                break;
            };
            self.remove_order(oldest);
        }
        let order = self.next;
        self.next += 1;
        self.order.insert(order, key.clone());
        self.by_user.entry(owner).or_default().push_back(order);
        self.entries.insert(key, (order, expires, pending));
    }
}

/// `bytes` random bytes from the OS, base64.
pub fn random_token(bytes: usize) -> ApiResult<String> {
    let mut buf = vec![0u8; bytes];
    rand::rngs::SysRng
        .try_fill_bytes(&mut buf)
        .map_err(|e| ApiError::internal(format!("the random source failed: {e}")))?;
    Ok(STANDARD.encode(buf))
}

impl Sessions {
    /// Stores `pending` under `key` until `now + SESSION_SECONDS`.
    pub fn put(&self, key: String, pending: Pending, now: i64) -> ApiResult<()> {
        self.put_until(key, pending, now, now + SESSION_SECONDS)
    }

    /// Stores `pending` under `key` until `expires` (putting a taken entry back keeps its end).
    pub fn put_until(
        &self,
        key: String,
        pending: Pending,
        now: i64,
        expires: i64,
    ) -> ApiResult<()> {
        let mut store = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        store.insert(key, pending, now, expires);
        Ok(())
    }

    /// Takes the entry out (single use); `None` if unknown or expired.
    pub fn take(&self, key: &str, now: i64) -> Option<Pending> {
        self.take_entry(key, now).map(|(_, pending)| pending)
    }

    /// Takes the entry out with its expiry; `None` if unknown or expired.
    pub fn take_entry(&self, key: &str, now: i64) -> Option<(i64, Pending)> {
        let mut store = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        match store.remove(key) {
            Some((expires, pending)) if expires > now => Some((expires, pending)),
            _ => None,
        }
    }

    /// Stores a new challenge session under a fresh random key and returns the key.
    pub fn start(&self, pending: Pending, now: i64) -> ApiResult<String> {
        let key = random_token(48)?;
        self.put(key.clone(), pending, now)?;
        Ok(key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn challenge(user: &str) -> Pending {
        Pending::Challenge(ChallengeState {
            pool_id: "us-east-1_P".into(),
            client_id: "client".into(),
            username_key: user.into(),
            name: "SOFTWARE_TOKEN_MFA".into(),
            totp_secret: None,
            setup_verified: false,
            failures: 0,
        })
    }

    /// The attack, in process: more sign-ins started than the store holds, under many
    /// names. Nobody is refused; a sign-in started after the flood can be answered.
    #[test]
    fn a_flood_never_refuses_a_new_sign_in() {
        let sessions = Sessions::default();
        let now = 1_000;
        for i in 0..(MAX_PENDING + 5_000) {
            sessions
                .put(format!("flood-{i}"), challenge(&format!("u{i}")), now)
                .unwrap();
        }
        sessions
            .put("alice".into(), challenge("alice"), now)
            .unwrap();
        assert!(sessions.take("alice", now).is_some());
        // The oldest gave way; the newest are there; the store stayed bounded.
        assert!(sessions.take("flood-0", now).is_none());
        assert!(
            sessions
                .take(&format!("flood-{}", MAX_PENDING + 4_999), now)
                .is_some()
        );
        let store = sessions.inner.lock().unwrap();
        assert!(store.entries.len() < MAX_PENDING);
        assert_eq!(store.entries.len(), store.order.len());
    }

    #[test]
    fn one_name_holds_a_few_entries_and_others_keep_theirs() {
        let sessions = Sessions::default();
        let now = 1_000;
        sessions.put("bob-1".into(), challenge("bob"), now).unwrap();
        for i in 0..1_000 {
            sessions
                .put(format!("mallory-{i}"), challenge("mallory"), now)
                .unwrap();
        }
        assert!(sessions.take("bob-1", now).is_some());
        let store = sessions.inner.lock().unwrap();
        assert_eq!(store.entries.len(), MAX_PENDING_PER_USER);
        assert!(store.entries.contains_key("mallory-999"));
        assert!(!store.entries.contains_key("mallory-0"));
    }

    #[test]
    fn expired_entries_go_first_and_are_never_taken() {
        let sessions = Sessions::default();
        sessions.put("old".into(), challenge("a"), 0).unwrap();
        assert!(sessions.take("old", SESSION_SECONDS + 1).is_none());
        sessions.put("old2".into(), challenge("a"), 0).unwrap();
        sessions
            .put("new".into(), challenge("b"), SESSION_SECONDS + 1)
            .unwrap();
        let store = sessions.inner.lock().unwrap();
        assert_eq!(store.entries.len(), 1);
        assert!(store.by_user.len() == 1 && store.order.len() == 1);
    }
}
