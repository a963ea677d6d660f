//! Crash-safe file replacement and cross-process locks.
//!
//! A write goes to a temp file in the same directory (mode 0600, since store files may hold
//! secrets), is fsynced, renamed over the target and (for `Durability::Full`) the directory
//! fsynced: a reader sees the old file or the new one, never half of either, also after a power
//! cut. Writers hold the target's lock, which is also what makes removing stale temp files (left
//! by a crash) safe.

use std::fs::{File, OpenOptions};
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use super::StoreError;

static TEMP_COUNTER: AtomicU64 = AtomicU64::new(0);

/// What a power cut right after a write may undo.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Durability {
    /// Nothing: the directory is fsynced after the rename. For what the user wrote (profiles)
    /// and for removals (a forgotten session must stay forgotten).
    Full,
    /// The rename itself: the file's content is fsynced first (never a torn file), but a power
    /// cut may bring back the previous version. For what is made again on demand — saved tokens
    /// (sign in again), the JWKS copy (fetched again), the last username — where the directory
    /// fsync would be about a millisecond of every sign-in.
    Replaceable,
}

/// A replacement for `target` being written; dropped without `commit`, it leaves no trace.
#[derive(Debug)]
pub struct AtomicFile {
    target: PathBuf,
    temp: PathBuf,
    file: Option<File>,
}

impl AtomicFile {
    /// Starts a replacement of `target`, first removing temp files earlier writers left behind.
    /// The caller must hold `target`'s lock.
    pub fn create(target: &Path) -> io::Result<Self> {
        let dir = parent_dir(target);
        let prefix = temp_prefix(target)?;
        remove_stale_temps(dir, &prefix);
        loop {
            let n = TEMP_COUNTER.fetch_add(1, Ordering::Relaxed);
            let temp = dir.join(format!("{prefix}{}.{n}", std::process::id()));
            match private_options().write(true).create_new(true).open(&temp) {
                Ok(file) => {
                    return Ok(Self {
                        target: target.to_path_buf(),
                        temp,
                        file: Some(file),
                    });
                }
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(e),
            }
        }
    }

    /// Where the new content is being written until `commit`.
    pub fn temp_path(&self) -> &Path {
        &self.temp
    }

    pub fn write_all(&mut self, bytes: &[u8]) -> io::Result<()> {
        match &mut self.file {
            Some(file) => file.write_all(bytes),
            None => Err(io::Error::other("already committed")),
        }
    }

    /// Makes the new content durable, then puts it in place of the target.
    pub fn commit(self) -> io::Result<()> {
        self.commit_with(Durability::Full)
    }

    /// Makes the new content durable, then puts it in place of the target, the rename made
    /// durable as `durability` says.
    pub fn commit_with(mut self, durability: Durability) -> io::Result<()> {
        let file = self
            .file
            .take()
            .ok_or_else(|| io::Error::other("already committed"))?;
        file.sync_all()?;
        drop(file);
        std::fs::rename(&self.temp, &self.target)?;
        match durability {
            Durability::Full => sync_dir(parent_dir(&self.target)),
            Durability::Replaceable => Ok(()),
        }
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if self.file.take().is_some() {
            let _ = std::fs::remove_file(&self.temp);
        }
    }
}

/// Replaces `target` with `bytes` atomically, with mode 0600. The caller holds `target`'s lock.
pub fn write_atomic(target: &Path, bytes: &[u8]) -> Result<(), StoreError> {
    write_atomic_with(target, bytes, Durability::Full)
}

/// `write_atomic` with the rename made durable as `durability` says.
pub fn write_atomic_with(
    target: &Path,
    bytes: &[u8],
    durability: Durability,
) -> Result<(), StoreError> {
    let mut file = AtomicFile::create(target).map_err(|e| StoreError::unwritable(target, &e))?;
    file.write_all(bytes)
        .map_err(|e| StoreError::unwritable(target, &e))?;
    file.commit_with(durability)
        .map_err(|e| StoreError::unwritable(target, &e))
}

/// Creates `dir` (and parents) if missing, private to the user (0700).
pub fn ensure_dir(dir: &Path) -> Result<(), StoreError> {
    create_private_dir(dir).map_err(|e| StoreError::unwritable(dir, &e))
}

/// Creates `dir` and its parents, the new ones mode 0700 (the store, the local pool's data, the
/// demo site's database).
pub fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt as _;
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)
    }
    #[cfg(not(unix))]
    {
        std::fs::create_dir_all(dir)
    }
}

/// Makes an SQLite database file (created if missing) and its `-wal` / `-shm` companions, if
/// present, mode 0600 before SQLite opens it: SQLite gives the journal files the database's own
/// mode, and a directory that existed before (0755, say) must not leave them readable.
pub fn private_database_file(path: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        private_options().create(true).append(true).open(path)?;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))?;
        for suffix in ["-wal", "-shm"] {
            let mut companion = path.as_os_str().to_owned();
            companion.push(suffix);
            match std::fs::set_permissions(&companion, std::fs::Permissions::from_mode(0o600)) {
                Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
                _ => {}
            }
        }
        Ok(())
    }
    #[cfg(not(unix))]
    {
        OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .map(|_| ())
    }
}

/// An exclusive lock on a `.lock` file, shared by every process using the store; released on
/// drop (or when the process dies, so a crash never leaves it stuck).
#[derive(Debug)]
pub struct FileLock {
    _file: File,
}

impl FileLock {
    /// Blocks until the lock at `path` is held, creating the lock file if needed.
    pub fn acquire(path: &Path) -> Result<Self, StoreError> {
        let file = private_options()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(path)
            .map_err(|e| StoreError::lock(path, &e))?;
        fs4::FileExt::lock(&file).map_err(|e| StoreError::lock(path, &e))?;
        Ok(Self { _file: file })
    }
}

/// The lock file that guards `target`: `<stem>.lock` beside it.
pub fn lock_path(target: &Path) -> PathBuf {
    target.with_extension("lock")
}

fn private_options() -> OpenOptions {
    let mut options = OpenOptions::new();
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options
}

fn parent_dir(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// Temp files of `target` are named `.<file name>.tmp.<pid>.<n>`, hidden and easy to recognise.
fn temp_prefix(target: &Path) -> io::Result<String> {
    let name = target
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "not a file name"))?;
    Ok(format!(".{name}.tmp."))
}

fn remove_stale_temps(dir: &Path, prefix: &str) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        if entry
            .file_name()
            .to_str()
            .is_some_and(|n| n.starts_with(prefix))
        {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Makes a directory's entries (a new or renamed file) durable.
pub fn sync_dir(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        File::open(dir)?.sync_all()
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_abandoned_write_leaves_the_old_file_and_no_temp() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("f.toml");
        write_atomic(&target, b"old").unwrap();
        let mut file = AtomicFile::create(&target).unwrap();
        file.write_all(b"half").unwrap();
        let temp = file.temp_path().to_path_buf();
        assert!(temp.exists());
        drop(file);
        assert!(!temp.exists());
        assert_eq!(std::fs::read(&target).unwrap(), b"old");
    }

    #[test]
    fn a_replaceable_write_replaces_the_file_privately_and_leaves_no_temp() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("s.toml");
        write_atomic(&target, b"old").unwrap();
        write_atomic_with(&target, b"new", Durability::Replaceable).unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), b"new");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, vec![std::ffi::OsString::from("s.toml")]);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = std::fs::metadata(&target).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }

    #[test]
    fn lock_file_sits_beside_the_target() {
        assert_eq!(
            lock_path(Path::new("/d/sessions/dev.toml")),
            PathBuf::from("/d/sessions/dev.lock")
        );
    }
}
