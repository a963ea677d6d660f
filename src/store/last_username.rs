//! The last username signed in with, per profile, in `<data dir>/last-usernames.toml`. Kept apart
//! from the sessions (which sign-out deletes) so the sign-in screen can still offer the name.
//! Nothing secret lives here.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::atomic::{Durability, FileLock, ensure_dir, lock_path, write_atomic_with};
use super::error::{line_of, read_text};
use super::{StoreError, StorePaths};

/// The file's name in the data dir.
pub const LAST_USERNAMES_FILE: &str = "last-usernames.toml";

#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    last_username: BTreeMap<String, String>,
}

/// Remembered usernames, one per profile.
#[derive(Debug, Clone)]
pub struct LastUsernames {
    path: PathBuf,
}

impl LastUsernames {
    pub fn new(paths: &StorePaths) -> Self {
        Self {
            path: paths.data_dir.join(LAST_USERNAMES_FILE),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The username last signed in with on `profile`, if any.
    pub fn get(&self, profile: &str) -> Result<Option<String>, StoreError> {
        Ok(read(&self.path)?.last_username.get(profile).cloned())
    }

    /// Remembers `username` for `profile` (an atomic rewrite under the file's lock).
    pub fn set(&self, profile: &str, username: &str) -> Result<(), StoreError> {
        if username.is_empty() || username.len() > 256 || username.chars().any(char::is_control) {
            return Err(StoreError::BadInput(format!(
                "username {username:?} must be 1-256 characters without control characters"
            )));
        }
        if let Some(dir) = self.path.parent() {
            ensure_dir(dir)?;
        }
        let _lock = FileLock::acquire(&lock_path(&self.path))?;
        let mut file = read(&self.path)?;
        if file.last_username.get(profile).map(String::as_str) == Some(username) {
            return Ok(());
        }
        file.last_username
            .insert(profile.to_string(), username.to_string());
        let text = toml::to_string(&file).map_err(|e| StoreError::BadInput(e.to_string()))?;
        let header = "# The last username signed in with, per profile (written by cognito-tui).\n";
        // A convenience for the sign-in form: losing the latest one to a power cut is harmless.
        let text = format!("{header}{text}");
        write_atomic_with(&self.path, text.as_bytes(), Durability::Replaceable)
    }
}

fn read(path: &Path) -> Result<File, StoreError> {
    let Some(text) = read_text(path)? else {
        return Ok(File::default());
    };
    toml::from_str(&text).map_err(|e| {
        let message = e
            .message()
            .lines()
            .next()
            .unwrap_or("invalid")
            .trim()
            .to_string();
        match e.span() {
            Some(span) => StoreError::Syntax {
                path: path.to_path_buf(),
                line: line_of(&text, span.start),
                message,
            },
            None => StoreError::Invalid {
                path: path.to_path_buf(),
                message,
            },
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remembers_one_name_per_profile_across_rewrites() {
        let dir = tempfile::tempdir().expect("temp dir");
        let paths = StorePaths::new(dir.path().join("config"), dir.path().join("data"));
        let names = LastUsernames::new(&paths);
        assert_eq!(names.get("demo").ok().flatten(), None);
        names.set("demo", "alice").expect("set");
        names.set("work", "bob").expect("set");
        names.set("demo", "carol").expect("set");
        assert_eq!(names.get("demo").ok().flatten().as_deref(), Some("carol"));
        assert_eq!(names.get("work").ok().flatten().as_deref(), Some("bob"));
        assert!(names.set("demo", "").is_err());
    }

    #[test]
    fn a_damaged_file_is_reported_with_its_line() {
        let dir = tempfile::tempdir().expect("temp dir");
        let paths = StorePaths::new(dir.path(), dir.path());
        let names = LastUsernames::new(&paths);
        std::fs::write(names.path(), "[last_username]\ndemo = \n").expect("write");
        let error = names.get("demo").expect_err("damaged");
        assert!(error.to_string().contains("line 2"), "{error}");
    }
}
