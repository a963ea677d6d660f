//! Profiles saved and removed, with what belongs to them (a removed profile's sessions go too).

use std::path::PathBuf;

use crate::store::{Added, Profile, ProfileStore, SessionStore, StoreError, StorePaths};

/// A profile written to the profiles file.
#[derive(Debug)]
pub struct Saved {
    pub added: Added,
    pub path: PathBuf,
}

impl Saved {
    /// "saved profile NAME in PATH", as both faces say it.
    pub fn words(&self, name: &str) -> String {
        let verb = match self.added {
            Added::New => "saved",
            Added::Replaced => "replaced",
        };
        format!("{verb} profile {name} in {}", self.path.display())
    }
}

/// Saves `profile` (over one of the same name only when `replace`).
pub fn save(paths: &StorePaths, profile: &Profile, replace: bool) -> Result<Saved, StoreError> {
    let store = ProfileStore::new(paths);
    let added = store.add(profile, replace)?;
    Ok(Saved {
        added,
        path: store.path().to_path_buf(),
    })
}

/// A profile removed; its saved sessions are removed after it.
#[derive(Debug)]
pub struct Removed {
    /// Whether it had saved sessions (an error when they could not be deleted).
    pub sessions: Result<bool, StoreError>,
}

impl Removed {
    /// What to say, and whether it is a problem (the sessions stayed).
    pub fn words(&self, name: &str) -> (String, bool) {
        match &self.sessions {
            Ok(true) => (
                format!("removed profile {name} and its saved sessions"),
                false,
            ),
            Ok(false) => (format!("removed profile {name}"), false),
            Err(e) => (
                format!("profile {name} removed, but its sessions were not: {e}"),
                true,
            ),
        }
    }
}

/// Removes the profile `name`, then its saved sessions.
pub fn remove(paths: &StorePaths, name: &str) -> Result<Removed, StoreError> {
    ProfileStore::new(paths).remove(name)?;
    Ok(Removed {
        sessions: SessionStore::new(paths).remove_profile(name),
    })
}
