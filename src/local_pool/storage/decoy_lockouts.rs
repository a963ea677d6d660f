//! Wrong passwords for names that do not exist, counted as a real user's are — in memory, for a
//! client that hides user existence: otherwise only an existing user would ever hear "Password
//! attempts exceeded", and six wrong tries would tell who has an account.

use std::collections::HashMap;
use std::sync::Mutex;

use crate::local_pool::users::{MAX_LOCKOUT_SECONDS, lock_until};

/// Names remembered at most; the stalest go first when full.
const MAX_NAMES: usize = 10_000;

/// (pool id, username key).
type Name = (String, String);
/// (wrong passwords in a row, locked until, last seen).
type Count = (i64, i64, i64);

#[derive(Default)]
pub struct DecoyLockouts {
    entries: Mutex<HashMap<Name, Count>>,
}

impl DecoyLockouts {
    pub fn is_locked(&self, pool_id: &str, username_key: &str, now: i64) -> bool {
        let entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        entries
            .get(&(pool_id.to_string(), username_key.to_string()))
            .is_some_and(|(_, until, _)| *until > now)
    }

    /// Counts a wrong password, locking as `User::note_wrong_password` does.
    pub fn note_wrong(&self, pool_id: &str, username_key: &str, now: i64) {
        let mut entries = self.entries.lock().unwrap_or_else(|p| p.into_inner());
        if entries.len() >= MAX_NAMES {
            // Anything quiet for longer than the longest lock has nothing left to tell.
            entries.retain(|_, (_, _, seen)| now - *seen <= MAX_LOCKOUT_SECONDS);
            if entries.len() >= MAX_NAMES
                && let Some(stalest) = entries
                    .iter()
                    .min_by_key(|(_, (_, _, seen))| *seen)
                    .map(|(k, _)| k.clone())
            {
                entries.remove(&stalest);
            }
        }
        let entry = entries
            .entry((pool_id.to_string(), username_key.to_string()))
            .or_insert((0, 0, now));
        entry.0 = entry.0.saturating_add(1);
        if let Some(until) = lock_until(entry.0, now) {
            entry.1 = until;
        }
        entry.2 = now;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::local_pool::users::LOCKOUT_AFTER;

    #[test]
    fn a_missing_name_locks_after_as_many_wrong_passwords_as_a_user() {
        let lockouts = DecoyLockouts::default();
        for _ in 0..LOCKOUT_AFTER - 1 {
            lockouts.note_wrong("p", "ghost", 100);
            assert!(!lockouts.is_locked("p", "ghost", 100));
        }
        lockouts.note_wrong("p", "ghost", 100);
        assert!(lockouts.is_locked("p", "ghost", 100));
        assert!(!lockouts.is_locked("p", "ghost", 102));
        assert!(!lockouts.is_locked("other-pool", "ghost", 100));
    }
}
