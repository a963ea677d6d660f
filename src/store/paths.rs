//! Where the store lives: the OS config and data dirs, or the directories the environment names
//! (tests and sandboxed setups point these at temp dirs).

use std::ffi::OsString;
use std::path::PathBuf;

use super::StoreError;

/// Overrides the directory that holds `profiles.toml`.
pub const CONFIG_DIR_ENV: &str = "COGNITO_TUI_CONFIG_DIR";
/// Overrides the directory that holds `sessions/` (and the local pool's `local-pool/`).
pub const DATA_DIR_ENV: &str = "COGNITO_TUI_DATA_DIR";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StorePaths {
    pub config_dir: PathBuf,
    pub data_dir: PathBuf,
}

impl StorePaths {
    pub fn new(config_dir: impl Into<PathBuf>, data_dir: impl Into<PathBuf>) -> Self {
        Self {
            config_dir: config_dir.into(),
            data_dir: data_dir.into(),
        }
    }

    /// The environment's overrides, else `ProjectDirs` for "cognito-tui".
    pub fn from_env() -> Result<Self, StoreError> {
        Self::from_vars(
            std::env::var_os(CONFIG_DIR_ENV),
            std::env::var_os(DATA_DIR_ENV),
        )
    }

    /// As `from_env`, with the variables given (empty counts as unset).
    pub fn from_vars(config: Option<OsString>, data: Option<OsString>) -> Result<Self, StoreError> {
        let config = config.filter(|v| !v.is_empty()).map(PathBuf::from);
        let data = data.filter(|v| !v.is_empty()).map(PathBuf::from);
        if let (Some(config_dir), Some(data_dir)) = (&config, &data) {
            return Ok(Self::new(config_dir, data_dir));
        }
        let dirs =
            directories::ProjectDirs::from("", "", "cognito-tui").ok_or(StoreError::NoHome)?;
        Ok(Self {
            config_dir: config.unwrap_or_else(|| dirs.config_dir().to_path_buf()),
            data_dir: data.unwrap_or_else(|| dirs.data_dir().to_path_buf()),
        })
    }

    /// The profiles (settings) file, meant to be edited by hand too.
    pub fn profiles_file(&self) -> PathBuf {
        self.config_dir.join("profiles.toml")
    }

    /// One tokens file per profile lives here.
    pub fn sessions_dir(&self) -> PathBuf {
        self.data_dir.join("sessions")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overrides_win_and_empty_is_unset() {
        let paths = StorePaths::from_vars(Some("/c".into()), Some("/d".into())).unwrap();
        assert_eq!(paths, StorePaths::new("/c", "/d"));
        assert_eq!(paths.profiles_file(), PathBuf::from("/c/profiles.toml"));
        assert_eq!(paths.sessions_dir(), PathBuf::from("/d/sessions"));
        if let Ok(paths) = StorePaths::from_vars(Some("".into()), Some("/d".into())) {
            assert_ne!(paths.config_dir, PathBuf::from(""));
        }
    }
}
