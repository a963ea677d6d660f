//! One error type for the store, naming the file and the problem so a user can fix it by hand.

use std::io;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StoreError {
    /// The file is not valid TOML (or not UTF-8); it was left untouched.
    #[error("{}: line {line}: {message}", path.display())]
    Syntax {
        path: PathBuf,
        line: usize,
        message: String,
    },
    /// Valid TOML, but not the shape the store expects; it was left untouched.
    #[error("{}: {message}", path.display())]
    Invalid { path: PathBuf, message: String },
    #[error("{} is not readable: {reason}", path.display())]
    Unreadable { path: PathBuf, reason: String },
    #[error("cannot write {}: {reason}", path.display())]
    Unwritable { path: PathBuf, reason: String },
    #[error("cannot lock {}: {reason}", path.display())]
    Lock { path: PathBuf, reason: String },
    #[error(
        "no home directory to keep settings in; set COGNITO_TUI_CONFIG_DIR and COGNITO_TUI_DATA_DIR"
    )]
    NoHome,
    #[error("no profile named {0:?}")]
    ProfileNotFound(String),
    #[error("a profile named {0:?} already exists (use --replace to overwrite it)")]
    ProfileExists(String),
    /// A profile whose entry in profiles.toml cannot be used; the others still work.
    #[error("profile {name:?} in {} is unusable: {reason}", path.display())]
    ProfileInvalid {
        path: PathBuf,
        name: String,
        reason: String,
    },
    /// Input rejected before anything was written (a bad name, pool id, URL, ...).
    #[error("{0}")]
    BadInput(String),
}

impl StoreError {
    pub(crate) fn unreadable(path: &Path, err: &io::Error) -> Self {
        Self::Unreadable {
            path: path.to_path_buf(),
            reason: reason(err),
        }
    }

    pub(crate) fn unwritable(path: &Path, err: &io::Error) -> Self {
        Self::Unwritable {
            path: path.to_path_buf(),
            reason: reason(err),
        }
    }

    pub(crate) fn lock(path: &Path, err: &io::Error) -> Self {
        Self::Lock {
            path: path.to_path_buf(),
            reason: reason(err),
        }
    }
}

/// An I/O error as a short lower-case phrase ("permission denied"), without the OS error number.
pub(crate) fn reason(err: &io::Error) -> String {
    let text = err.to_string();
    let text = match text.find(" (os error") {
        Some(at) => &text[..at],
        None => &text,
    };
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => "unknown error".to_string(),
    }
}

/// The 1-based line of byte `offset` in `text` (clamped to the text).
pub(crate) fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        + 1
}

/// Reads a text file: `Ok(None)` when it does not exist, a `StoreError` naming it otherwise.
pub(crate) fn read_text(path: &Path) -> Result<Option<zeroize::Zeroizing<String>>, StoreError> {
    let bytes = match std::fs::read(path) {
        Ok(bytes) => zeroize::Zeroizing::new(bytes),
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(StoreError::unreadable(path, &e)),
    };
    match std::str::from_utf8(&bytes) {
        Ok(text) => Ok(Some(zeroize::Zeroizing::new(text.to_string()))),
        Err(e) => {
            let valid = &bytes[..e.valid_up_to()];
            let line = valid.iter().filter(|b| **b == b'\n').count() + 1;
            Err(StoreError::Syntax {
                path: path.to_path_buf(),
                line,
                message: "not valid UTF-8 text".to_string(),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn io_reasons_are_short_phrases() {
        let err = io::Error::from(io::ErrorKind::PermissionDenied);
        assert_eq!(reason(&err), "permission denied");
        let err = io::Error::from_raw_os_error(13);
        assert_eq!(reason(&err), "permission denied");
    }

    #[test]
    fn lines_are_counted_from_one() {
        assert_eq!(line_of("a\nb\nc", 0), 1);
        assert_eq!(line_of("a\nb\nc", 4), 3);
        assert_eq!(line_of("a\n", 99), 2);
    }
}
