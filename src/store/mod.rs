//! What survives a restart: profiles (pool settings, `profiles.toml` in the config dir, editable by
//! hand) and sessions (tokens, one file per profile in the data dir). Files are written
//! atomically with mode 0600; a damaged file is reported with its path and left as it is.

pub mod atomic;
pub mod error;
pub mod last_username;
pub mod paths;
pub mod profile;
pub mod profiles;
pub mod sessions;

pub use error::StoreError;
pub use last_username::LastUsernames;
pub use paths::StorePaths;
pub use profile::Profile;
pub use profiles::{Added, ProfileEntry, ProfileStore};
pub use sessions::SessionStore;
