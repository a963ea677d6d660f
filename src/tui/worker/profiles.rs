//! The picker's profile editing on the worker side: `profiles.toml` edits through the same
//! flows (and words) as `cognito-tui profiles`, with the list as it is afterwards.

use super::Worker;
use crate::flows;
use crate::store::{Profile, ProfileStore, StoreError};
use crate::tui::screens::profile_form::ProfilesChanged;

impl Worker {
    /// `profiles add [--replace]`: same validation, same words.
    pub(super) fn save_profile(
        &self,
        profile: &Profile,
        replace: bool,
    ) -> Result<ProfilesChanged, String> {
        let saved = flows::profiles::save(&self.paths, profile, replace).map_err(|e| match e {
            StoreError::ProfileExists(name) => format!(
                "a profile named {name:?} already exists: choose another name, or edit that one"
            ),
            other => other.to_string(),
        })?;
        let message = saved.words(&profile.name);
        let entries = ProfileStore::new(&self.paths)
            .list()
            .map_err(|e| format!("{message}, but {e}"))?;
        Ok(ProfilesChanged {
            message,
            problem: false,
            entries,
            name: profile.name.clone(),
        })
    }

    /// `profiles remove`: the profile, then its saved sessions.
    pub(super) fn delete_profile(&self, name: &str) -> Result<ProfilesChanged, String> {
        let removed = flows::profiles::remove(&self.paths, name).map_err(|e| e.to_string())?;
        let (message, problem) = removed.words(name);
        let entries = ProfileStore::new(&self.paths)
            .list()
            .map_err(|e| format!("{message}, but {e}"))?;
        Ok(ProfilesChanged {
            message,
            problem,
            entries,
            name: name.to_string(),
        })
    }
}
