//! `profiles.toml`: read leniently (a bad profile costs only itself), edited with `toml_edit` so
//! the user's comments, ordering and unknown keys survive our writes.

use std::path::{Path, PathBuf};

use toml_edit::{Document, DocumentMut, Item, TableLike, Value};

use super::atomic::{FileLock, ensure_dir, lock_path, write_atomic};
use super::error::{line_of, read_text};
use super::profile::{KEYS, Profile, auth_flow_name, validate_name};
use super::{StoreError, StorePaths};

/// One profile as found in the file: usable, or the reason it is not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileEntry {
    pub name: String,
    pub profile: Result<Profile, String>,
}

/// Whether `add` created a profile or overwrote one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Added {
    New,
    Replaced,
}

/// The profiles file. Reads take no lock (writes are atomic renames); writes hold
/// `profiles.lock` across read → modify → write so concurrent edits are not lost.
#[derive(Debug, Clone)]
pub struct ProfileStore {
    path: PathBuf,
}

impl ProfileStore {
    pub fn new(paths: &StorePaths) -> Self {
        Self::at(paths.profiles_file())
    }

    /// A store over a given file (tests, or a file named on the command line).
    pub fn at(path: impl Into<PathBuf>) -> Self {
        Self { path: path.into() }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Every profile in file order; a missing file is no profiles.
    pub fn list(&self) -> Result<Vec<ProfileEntry>, StoreError> {
        let Some(text) = read_text(&self.path)? else {
            return Ok(Vec::new());
        };
        let doc = parse(&self.path, &text)?;
        let Some(profiles) = profiles_table(&self.path, doc.as_table())? else {
            return Ok(Vec::new());
        };
        Ok(profiles
            .iter()
            .map(|(name, item)| {
                let profile = match item.as_table_like() {
                    Some(table) => Profile::from_table(name, table),
                    None => Err("must be a table of settings".to_string()),
                };
                let profile =
                    profile.map_err(|reason| match profiles.key(name).and_then(|k| k.span()) {
                        Some(span) => format!("line {}: {reason}", line_of(&text, span.start)),
                        None => reason,
                    });
                ProfileEntry {
                    name: name.to_string(),
                    profile,
                }
            })
            .collect())
    }

    /// The named profile, if present and valid.
    pub fn get(&self, name: &str) -> Result<Profile, StoreError> {
        let entry = self
            .list()?
            .into_iter()
            .find(|e| e.name == name)
            .ok_or_else(|| StoreError::ProfileNotFound(name.to_string()))?;
        entry.profile.map_err(|reason| StoreError::ProfileInvalid {
            path: self.path.clone(),
            name: name.to_string(),
            reason,
        })
    }

    /// Writes `profile`; an existing one of that name is refused unless `replace`, and then
    /// updated in place (its comments and unknown keys kept).
    pub fn add(&self, profile: &Profile, replace: bool) -> Result<Added, StoreError> {
        profile.validate().map_err(StoreError::BadInput)?;
        self.edit(|doc| {
            let root = doc.as_table_mut();
            if !root.contains_key("profiles") {
                let mut table = toml_edit::Table::new();
                table.set_implicit(true);
                root.insert("profiles", Item::Table(table));
            }
            let profiles = root
                .get_mut("profiles")
                .and_then(Item::as_table_like_mut)
                .ok_or_else(|| not_a_table(&self.path))?;
            if profiles.contains_key(&profile.name) && !replace {
                return Err(StoreError::ProfileExists(profile.name.clone()));
            }
            let added = match profiles.get_mut(&profile.name) {
                Some(item) if item.is_table_like() => {
                    if let Some(table) = item.as_table_like_mut() {
                        write_fields(table, profile);
                    }
                    Added::Replaced
                }
                existing => {
                    let added = if existing.is_some() {
                        Added::Replaced
                    } else {
                        Added::New
                    };
                    let mut table = toml_edit::Table::new();
                    write_fields(&mut table, profile);
                    profiles.insert(&profile.name, Item::Table(table));
                    added
                }
            };
            Ok(added)
        })
    }

    /// Removes the named profile (its sessions are the session store's business).
    pub fn remove(&self, name: &str) -> Result<(), StoreError> {
        validate_name(name).map_err(StoreError::BadInput)?;
        self.edit(|doc| {
            let removed = doc
                .as_table_mut()
                .get_mut("profiles")
                .and_then(Item::as_table_like_mut)
                .and_then(|profiles| profiles.remove(name));
            match removed {
                Some(_) => Ok(()),
                None => Err(StoreError::ProfileNotFound(name.to_string())),
            }
        })
    }

    /// Read → modify → write under the lock. A file that does not parse is left as it is.
    fn edit<T>(
        &self,
        change: impl FnOnce(&mut DocumentMut) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        if let Some(dir) = self.path.parent().filter(|d| !d.as_os_str().is_empty()) {
            ensure_dir(dir)?;
        }
        let _lock = FileLock::acquire(&lock_path(&self.path))?;
        let mut doc = match read_text(&self.path)? {
            Some(text) => {
                let doc = parse(&self.path, &text)?;
                profiles_table(&self.path, doc.as_table())?;
                doc.into_mut()
            }
            None => DocumentMut::new(),
        };
        let result = change(&mut doc)?;
        let text = zeroize::Zeroizing::new(doc.to_string());
        write_atomic(&self.path, text.as_bytes())?;
        Ok(result)
    }
}

fn parse(path: &Path, text: &str) -> Result<Document<String>, StoreError> {
    Document::parse(text.to_string()).map_err(|e| StoreError::Syntax {
        path: path.to_path_buf(),
        line: e.span().map_or(1, |s| line_of(text, s.start)),
        message: first_line(e.message()),
    })
}

/// The `profiles` table, if any; anything else under that name makes the file unusable.
fn profiles_table<'a>(
    path: &Path,
    root: &'a toml_edit::Table,
) -> Result<Option<&'a dyn TableLike>, StoreError> {
    match root.get("profiles") {
        None => Ok(None),
        Some(item) => item
            .as_table_like()
            .map(Some)
            .ok_or_else(|| not_a_table(path)),
    }
}

fn not_a_table(path: &Path) -> StoreError {
    StoreError::Invalid {
        path: path.to_path_buf(),
        message: "`profiles` must be a table of [profiles.NAME] sections".to_string(),
    }
}

fn first_line(message: &str) -> String {
    message
        .lines()
        .next()
        .unwrap_or("invalid TOML")
        .trim()
        .to_string()
}

/// Sets this crate's keys on `table`, dropping those now unset; other keys stay untouched.
fn write_fields(table: &mut dyn TableLike, profile: &Profile) {
    let secret = profile.client_secret.as_ref().map(|s| s.expose());
    let values: [Option<&str>; 9] = [
        Some(&profile.region),
        Some(&profile.user_pool_id),
        Some(&profile.client_id),
        secret,
        profile.endpoint_url.as_deref(),
        profile.issuer.as_deref(),
        profile.jwks_url.as_deref(),
        profile.aws_profile.as_deref(),
        Some(auth_flow_name(profile.auth_flow)),
    ];
    for (key, value) in KEYS.iter().zip(values) {
        set_string(table, key, value);
    }
}

/// Sets or removes one string, keeping the value's comments and spacing when it existed.
fn set_string(table: &mut dyn TableLike, key: &str, value: Option<&str>) {
    let Some(value) = value else {
        table.remove(key);
        return;
    };
    match table.get_mut(key).and_then(Item::as_value_mut) {
        Some(old) if old.as_str() == Some(value) => {}
        Some(old) => {
            let decor = old.decor().clone();
            *old = Value::from(value);
            *old.decor_mut() = decor;
        }
        None => {
            table.insert(key, toml_edit::value(value));
        }
    }
}
