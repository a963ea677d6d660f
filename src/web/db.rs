//! The site's SQLite file (local users and sessions), through the project's one SQLite library.
//! Sessions hold tokens, so the file is created 0600 in a 0700 directory (SQLite gives its
//! journal files the database's mode). Calls run on the blocking pool.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use rusqlite::{Connection, Transaction, TransactionBehavior};

/// File name of the database inside the site's data dir.
pub const DB_FILE: &str = "site.sqlite3";

const MIGRATIONS: &[&str] = &[include_str!("schema_v1.sql")];

#[derive(Debug, Clone, thiserror::Error)]
pub enum DbError {
    #[error("the site database {path}: {detail}")]
    Open { path: String, detail: String },
    #[error("the site database: {0}")]
    Query(String),
    #[error(
        "the site database has schema version {found}, newer than this program knows ({known})"
    )]
    TooNew { found: i64, known: usize },
}

impl From<rusqlite::Error> for DbError {
    fn from(e: rusqlite::Error) -> Self {
        Self::Query(e.to_string())
    }
}

/// One connection behind a mutex, shared by the user table and the session store.
#[derive(Clone)]
pub struct WebDb {
    conn: Arc<Mutex<Connection>>,
    path: Option<PathBuf>,
}

impl std::fmt::Debug for WebDb {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WebDb").field("path", &self.path).finish()
    }
}

impl WebDb {
    /// Opens (creating) `dir/site.sqlite3`, the directory 0700 and the file 0600.
    pub fn open(dir: &Path) -> Result<Self, DbError> {
        let path = dir.join(DB_FILE);
        let shown = path.display().to_string();
        let err = |e: &dyn std::fmt::Display| DbError::Open {
            path: shown.clone(),
            detail: e.to_string(),
        };
        crate::store::atomic::create_private_dir(dir).map_err(|e| err(&e))?;
        crate::store::atomic::private_database_file(&path).map_err(|e| err(&e))?;
        let conn = Connection::open(&path).map_err(|e| err(&e))?;
        Self::ready(conn, Some(path))
    }

    /// A database in memory (tests, or a site that keeps nothing across restarts).
    pub fn in_memory() -> Result<Self, DbError> {
        let conn = Connection::open_in_memory().map_err(|e| DbError::Open {
            path: ":memory:".into(),
            detail: e.to_string(),
        })?;
        Self::ready(conn, None)
    }

    fn ready(mut conn: Connection, path: Option<PathBuf>) -> Result<Self, DbError> {
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        if version < 0 || version as usize > MIGRATIONS.len() {
            return Err(DbError::TooNew {
                found: version,
                known: MIGRATIONS.len(),
            });
        }
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(version as usize) {
            let tx = conn.transaction()?;
            tx.execute_batch(sql)?;
            tx.pragma_update(None, "user_version", (i + 1) as i64)?;
            tx.commit()?;
        }
        Ok(Self {
            conn: Arc::new(Mutex::new(conn)),
            path,
        })
    }

    /// Where the file is (none in memory).
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Runs `f` in one IMMEDIATE transaction on the blocking pool, committed when it returns Ok.
    pub async fn write<T, F>(&self, f: F) -> Result<T, DbError>
    where
        T: Send + 'static,
        F: FnOnce(&Transaction<'_>) -> Result<T, DbError> + Send + 'static,
    {
        self.run(TransactionBehavior::Immediate, f).await
    }

    /// Runs `f` in a read transaction on the blocking pool.
    pub async fn read<T, F>(&self, f: F) -> Result<T, DbError>
    where
        T: Send + 'static,
        F: FnOnce(&Transaction<'_>) -> Result<T, DbError> + Send + 'static,
    {
        self.run(TransactionBehavior::Deferred, f).await
    }

    async fn run<T, F>(&self, behavior: TransactionBehavior, f: F) -> Result<T, DbError>
    where
        T: Send + 'static,
        F: FnOnce(&Transaction<'_>) -> Result<T, DbError> + Send + 'static,
    {
        let conn = self.conn.clone();
        tokio::task::spawn_blocking(move || {
            // A panic inside `f` rolled its transaction back: the connection is still sound.
            let mut conn = conn.lock().unwrap_or_else(|p| p.into_inner());
            let tx = conn.transaction_with_behavior(behavior)?;
            let out = f(&tx)?;
            // A read has nothing to commit; committing it is the same as finishing it.
            tx.commit()?;
            Ok(out)
        })
        .await
        .map_err(|e| DbError::Query(format!("a database task failed: {e}")))?
    }
}

/// `Some(row)` or `None` for "no rows".
pub fn optional<T>(r: rusqlite::Result<T>) -> Result<Option<T>, DbError> {
    match r {
        Ok(v) => Ok(Some(v)),
        Err(rusqlite::Error::QueryReturnedNoRows) => Ok(None),
        Err(e) => Err(e.into()),
    }
}
