//! Each pool's own RS256 signing key, as in Cognito: one pool's JWKS verifies only its own
//! tokens, so a pool anyone can create on the open admin API cannot mint tokens another pool's
//! relying party accepts. Keys live in `<data>/pool-keys/<pool-id>.p8` (0600, never
//! overwritten), made on a pool's first token or JWKS request and cached.
//!
//! Data directories from before held one key for every pool (`signing-key.p8`). On the first
//! start with per-pool keys, every pool that exists then gets a copy of that key, so tokens
//! already issued stay valid; pools made later get keys of their own.

use std::collections::HashMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

use super::keys::{KEY_FILE, KeyError, SigningKey};

/// The directory of the per-pool keys inside the data directory.
pub const KEYS_DIR: &str = "pool-keys";

/// Longest pool id a key file is made for (Cognito's own limit).
const MAX_POOL_ID_LEN: usize = 55;

pub struct PoolKeys {
    /// `None`: keys live only in memory (unit tests).
    dir: Option<PathBuf>,
    cache: Mutex<HashMap<String, Arc<SigningKey>>>,
    /// Held while a key is loaded or made, so each is made once.
    forge: Mutex<()>,
}

impl std::fmt::Debug for PoolKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PoolKeys")
            .field("dir", &self.dir)
            .field("cached", &lock(&self.cache).len())
            .finish_non_exhaustive()
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    // The guarded data stays consistent across a panic (a map insert, or nothing).
    mutex.lock().unwrap_or_else(|poison| poison.into_inner())
}

impl PoolKeys {
    /// Keys that are made in memory and forgotten at exit.
    pub fn in_memory() -> Self {
        Self {
            dir: None,
            cache: Mutex::default(),
            forge: Mutex::default(),
        }
    }

    /// The keys of the data directory `data`, where `pools` are the pools it holds now (they
    /// inherit an earlier shared key, if there is one and no per-pool keys exist yet).
    pub fn open(data: &Path, pools: &[String]) -> Result<Self, KeyError> {
        let dir = data.join(KEYS_DIR);
        let shared = data.join(KEY_FILE);
        if !dir.exists() && shared.exists() {
            inherit_shared_key(data, &dir, pools)?;
        }
        Ok(Self {
            dir: Some(dir),
            cache: Mutex::default(),
            forge: Mutex::default(),
        })
    }

    /// `pool_id`'s key: cached, else loaded from its file, else made and saved.
    pub fn get(&self, pool_id: &str) -> Result<Arc<SigningKey>, KeyError> {
        if let Some(key) = lock(&self.cache).get(pool_id) {
            return Ok(key.clone());
        }
        let _forging = lock(&self.forge);
        if let Some(key) = lock(&self.cache).get(pool_id) {
            return Ok(key.clone());
        }
        let key = Arc::new(match &self.dir {
            Some(dir) => SigningKey::load_or_create_at(dir, &file_name(pool_id)?)?,
            None => SigningKey::generate()?,
        });
        lock(&self.cache).insert(pool_id.to_string(), key.clone());
        Ok(key)
    }

    /// Makes (or loads) `pool_ids`' keys on a background thread, so their first sign-in does
    /// not wait ~150 ms for an RSA key.
    pub fn warm(self: &Arc<Self>, pool_ids: Vec<String>) {
        let keys = self.clone();
        std::thread::spawn(move || {
            for id in pool_ids {
                // A failure here is reported by the request that needs the key.
                let _ = keys.get(&id);
            }
        });
    }

    /// Forgets a deleted pool's key (its tokens can no longer be verified by anyone).
    pub fn forget(&self, pool_id: &str) -> Result<(), KeyError> {
        let _forging = lock(&self.forge);
        lock(&self.cache).remove(pool_id);
        let (Some(dir), Ok(name)) = (&self.dir, file_name(pool_id)) else {
            return Ok(());
        };
        let path = dir.join(name);
        match fs::remove_file(&path) {
            Err(e) if e.kind() != io::ErrorKind::NotFound => {
                Err(KeyError::Write { path, source: e })
            }
            _ => Ok(()),
        }
    }
}

/// The key file's name for `pool_id`; ids that could leave the directory are refused.
fn file_name(pool_id: &str) -> Result<String, KeyError> {
    let fits = !pool_id.is_empty()
        && pool_id.len() <= MAX_POOL_ID_LEN
        && pool_id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    if !fits {
        return Err(KeyError::PoolId(pool_id.chars().take(60).collect()));
    }
    Ok(format!("{pool_id}.p8"))
}

/// Gives every pool in `pools` a copy of the shared key: written into a fresh side directory,
/// which is then renamed into place, so a crash leaves either no per-pool keys (and the next
/// start tries again) or all of them.
fn inherit_shared_key(data: &Path, dir: &Path, pools: &[String]) -> Result<(), KeyError> {
    let side = data.join(format!(".{KEYS_DIR}.partial"));
    let write_err = |path: &Path| {
        let path = path.to_owned();
        move |source| KeyError::Write { path, source }
    };
    if side.exists() {
        fs::remove_dir_all(&side).map_err(write_err(&side))?;
    }
    crate::store::atomic::create_private_dir(&side).map_err(write_err(&side))?;
    let key = SigningKey::load_or_create_at(data, KEY_FILE)?;
    for id in pools {
        // Copies are written fsynced, 0600, like any key.
        key.save_new(&side, &file_name(id)?)?;
    }
    fs::rename(&side, dir).map_err(write_err(dir))?;
    crate::store::atomic::sync_dir(data).map_err(write_err(data))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_pool_gets_its_own_key_kept_across_starts() {
        let data = tempfile::tempdir().unwrap();
        let keys = PoolKeys::open(data.path(), &[]).unwrap();
        let a = keys.get("us-east-1_AAAAAAAAA").unwrap();
        let b = keys.get("us-east-1_BBBBBBBBB").unwrap();
        assert_ne!(a.kid(), b.kid());
        assert!(Arc::ptr_eq(&a, &keys.get("us-east-1_AAAAAAAAA").unwrap()));
        let again = PoolKeys::open(data.path(), &[]).unwrap();
        assert_eq!(again.get("us-east-1_AAAAAAAAA").unwrap().kid(), a.kid());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let file = data.path().join(KEYS_DIR).join("us-east-1_AAAAAAAAA.p8");
            let mode = fs::metadata(file).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        again.forget("us-east-1_AAAAAAAAA").unwrap();
        let renewed = again.get("us-east-1_AAAAAAAAA").unwrap();
        assert_ne!(renewed.kid(), a.kid(), "a deleted pool's key is gone");
    }

    #[test]
    fn pools_of_an_earlier_shared_key_keep_it_and_new_pools_do_not() {
        let data = tempfile::tempdir().unwrap();
        let shared = SigningKey::load_or_create_at(data.path(), KEY_FILE).unwrap();
        let old = [
            "us-east-1_OldPool01".to_string(),
            "eu-west-1_OldPool02".into(),
        ];
        let keys = PoolKeys::open(data.path(), &old).unwrap();
        for id in &old {
            assert_eq!(keys.get(id).unwrap().kid(), shared.kid(), "{id}");
        }
        assert_ne!(keys.get("us-east-1_NewPool03").unwrap().kid(), shared.kid());
        // Only the first start inherits: a pool that appears later does not get the old key.
        let later = PoolKeys::open(data.path(), &["us-east-1_Later0004".into()]).unwrap();
        assert_ne!(
            later.get("us-east-1_Later0004").unwrap().kid(),
            shared.kid()
        );
        assert!(!data.path().join(format!(".{KEYS_DIR}.partial")).exists());
    }

    #[test]
    fn ids_that_could_leave_the_directory_are_refused() {
        let keys = PoolKeys::in_memory();
        for id in ["", "../etc", "a/b", "x.p8", &"a".repeat(56)] {
            assert!(matches!(file_name(id), Err(KeyError::PoolId(_))), "{id:?}");
        }
        assert!(keys.get("us-east-1_Fine-0_9").is_ok());
    }
}
