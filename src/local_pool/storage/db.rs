//! The local pool's SQLite store: WAL journal, a versioned schema, one connection behind a mutex
//! (SQLite serialises writers anyway; the mutex makes each operation's transaction atomic).

use std::path::Path;
use std::sync::{Mutex, MutexGuard};

use rusqlite::{Connection, Transaction, TransactionBehavior};

use crate::local_pool::error::{ApiError, ApiResult};

/// File name of the database inside the data dir.
pub const DB_FILE: &str = "local-pool.sqlite3";

/// Schema migrations; entry `i` takes the schema from version `i` to `i + 1`.
const MIGRATIONS: &[&str] = &[
    include_str!("schema_v1.sql"),
    include_str!("schema_v2.sql"),
    include_str!("schema_v3.sql"),
    include_str!("schema_v4.sql"),
];

pub struct Db {
    conn: Mutex<Connection>,
}

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("cannot make the local pool database {path} private (0600): {source}")]
    Private {
        path: String,
        source: std::io::Error,
    },
    #[error("cannot open the local pool database {path}: {source}")]
    Open {
        path: String,
        source: rusqlite::Error,
    },
    #[error(
        "the local pool database {path} has schema version {found}, newer than this program \
         understands ({known}); use a newer cognito-tui or another --data directory"
    )]
    TooNew {
        path: String,
        found: i64,
        known: usize,
    },
}

impl Db {
    /// Opens (creating if needed) the database in `dir` and brings its schema up to date.
    pub fn open(dir: &Path) -> Result<Self, DbError> {
        let path = dir.join(DB_FILE);
        let shown = path.display().to_string();
        let open_err = |source| DbError::Open {
            path: shown.clone(),
            source,
        };
        // SRP verifiers, TOTP secrets, pending codes and client secrets: owner-only, whatever
        // the directory's mode.
        crate::store::atomic::private_database_file(&path).map_err(|e| DbError::Private {
            path: shown.clone(),
            source: e,
        })?;
        let mut conn = Connection::open(&path).map_err(open_err)?;
        configure(&conn).map_err(open_err)?;
        migrate(&mut conn, &shown)?;
        Ok(Self {
            conn: Mutex::new(conn),
        })
    }

    /// An in-memory database (unit tests).
    pub fn in_memory() -> Result<Self, DbError> {
        let open_err = |source| DbError::Open {
            path: ":memory:".into(),
            source,
        };
        let mut conn = Connection::open_in_memory().map_err(open_err)?;
        configure(&conn).map_err(open_err)?;
        migrate(&mut conn, ":memory:")?;
        Ok(Self {
            conn: Mutex::new(conn),
        })
    }

    fn lock(&self) -> MutexGuard<'_, Connection> {
        // A panic while holding the lock rolls the transaction back (Drop), so the
        // connection is still consistent: keep serving.
        self.conn
            .lock()
            .unwrap_or_else(|poison| poison.into_inner())
    }

    /// Runs `f` in one IMMEDIATE transaction, committed when `f` returns Ok.
    pub fn write<T>(&self, f: impl FnOnce(&Transaction<'_>) -> ApiResult<T>) -> ApiResult<T> {
        let mut conn = self.lock();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let out = f(&tx)?;
        tx.commit()?;
        Ok(out)
    }

    /// Like `write`, but also commits when `f` fails with a client error (4xx), for operations
    /// whose failures must leave a trace: wrong codes and wrong passwords count toward limits.
    /// Such `f` must do its checks before any write that should not survive them.
    pub fn write_keeping_failures<T>(
        &self,
        f: impl FnOnce(&Transaction<'_>) -> ApiResult<T>,
    ) -> ApiResult<T> {
        let mut conn = self.lock();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let out = f(&tx);
        match &out {
            Err(e) if e.status() >= 500 => tx.rollback()?,
            _ => tx.commit()?,
        }
        out
    }

    /// Runs `f` in a read transaction (a consistent snapshot).
    pub fn read<T>(&self, f: impl FnOnce(&Transaction<'_>) -> ApiResult<T>) -> ApiResult<T> {
        let mut conn = self.lock();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Deferred)?;
        let out = f(&tx)?;
        tx.finish()?;
        Ok(out)
    }
}

fn configure(conn: &Connection) -> rusqlite::Result<()> {
    conn.pragma_update(None, "journal_mode", "WAL")?;
    // NORMAL in WAL mode: a committed transaction is in the OS once the call returns, so it
    // survives the process being killed (kill -9); only power loss could drop the last commits.
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    Ok(())
}

fn migrate(conn: &mut Connection, shown: &str) -> Result<(), DbError> {
    let open_err = |source| DbError::Open {
        path: shown.to_string(),
        source,
    };
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(open_err)?;
    if version < 0 || version as usize > MIGRATIONS.len() {
        return Err(DbError::TooNew {
            path: shown.to_string(),
            found: version,
            known: MIGRATIONS.len(),
        });
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(version as usize) {
        let tx = conn.transaction().map_err(open_err)?;
        tx.execute_batch(sql).map_err(open_err)?;
        tx.pragma_update(None, "user_version", (i + 1) as i64)
            .map_err(open_err)?;
        tx.commit().map_err(open_err)?;
    }
    Ok(())
}

/// `Some(row)` or `None` for "no rows", as an `ApiResult`.
pub fn optional<T>(r: rusqlite::Result<T>) -> ApiResult<Option<T>> {
    match r {
        Ok(v) => Ok(Some(v)),
        Err(rusqlite::Error::QueryReturnedNoRows) => Ok(None),
        Err(e) => Err(ApiError::from(e)),
    }
}
