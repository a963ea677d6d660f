//! The signing key as the server holds it. A key file that exists is loaded at start (a corrupt
//! one is an error then); on the very first start the RSA-2048 key is generated on a background
//! thread, so the start does not wait ~150 ms for it: the first token (or JWKS) waits instead.

use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use super::keys::{KEY_FILE, KeyError, SigningKey};

#[derive(Clone)]
pub struct KeySlot {
    cell: Arc<OnceLock<Result<SigningKey, String>>>,
    dir: PathBuf,
}

impl std::fmt::Debug for KeySlot {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeySlot")
            .field("ready", &self.cell.get().is_some())
            .finish_non_exhaustive()
    }
}

impl KeySlot {
    /// A key already at hand.
    pub fn ready(key: SigningKey) -> Self {
        let cell = OnceLock::new();
        let _ = cell.set(Ok(key));
        Self {
            cell: Arc::new(cell),
            dir: PathBuf::new(),
        }
    }

    /// The key in `dir`: loaded now when its file exists, else generated in the background.
    pub fn load_or_generate(dir: &std::path::Path) -> Result<Self, KeyError> {
        if dir.join(KEY_FILE).exists() {
            return SigningKey::load_or_create(dir).map(Self::ready);
        }
        let slot = Self {
            cell: Arc::new(OnceLock::new()),
            dir: dir.to_path_buf(),
        };
        let background = slot.clone();
        std::thread::spawn(move || {
            background.get().ok();
        });
        Ok(slot)
    }

    /// The key, waiting for its generation if that is still running (or running it here if
    /// the background thread has not started yet: either way it is generated once).
    pub fn get(&self) -> Result<&SigningKey, String> {
        self.cell
            .get_or_init(|| SigningKey::load_or_create(&self.dir).map_err(|e| e.to_string()))
            .as_ref()
            .map_err(Clone::clone)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_first_start_generates_once_and_a_second_loads_the_same_key() {
        let dir = tempfile::tempdir().unwrap();
        let first = KeySlot::load_or_generate(dir.path()).unwrap();
        let kid = first.get().unwrap().kid().to_string();
        assert!(dir.path().join(KEY_FILE).exists());
        let again = KeySlot::load_or_generate(dir.path()).unwrap();
        assert_eq!(again.get().unwrap().kid(), kid);
    }
}
