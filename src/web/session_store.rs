//! A tower-sessions store over the site's SQLite file (the published SQLite stores use sqlx,
//! which would link a second libsqlite3). Expired records are never loaded and are swept by
//! `delete_expired`.

use async_trait::async_trait;
use time::OffsetDateTime;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, ExpiredDeletion, SessionStore};

use super::db::{DbError, WebDb, optional};

#[derive(Debug, Clone)]
pub struct SqliteSessionStore {
    db: WebDb,
}

impl SqliteSessionStore {
    pub fn new(db: WebDb) -> Self {
        Self { db }
    }

    /// How many unexpired sessions there are (the operators' page, tests).
    pub async fn live_sessions(&self) -> Result<i64, DbError> {
        let now = OffsetDateTime::now_utc().unix_timestamp();
        self.db
            .read(move |tx| {
                Ok(tx.query_row(
                    "SELECT COUNT(*) FROM sessions WHERE expiry > ?1",
                    [now],
                    |r| r.get(0),
                )?)
            })
            .await
    }
}

fn backend(e: DbError) -> session_store::Error {
    session_store::Error::Backend(e.to_string())
}

fn encode(record: &Record) -> session_store::Result<Vec<u8>> {
    serde_json::to_vec(&record.data).map_err(|e| session_store::Error::Encode(e.to_string()))
}

#[async_trait]
impl SessionStore for SqliteSessionStore {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        // Always a fresh id (a flushed session that gets new data must not come back under
        // its old id), retried until free: ids are random 128-bit, so this loops once.
        let data = encode(record)?;
        let expiry = record.expiry_date.unix_timestamp();
        let mut id = Id::default();
        let chosen = self
            .db
            .write(move |tx| {
                loop {
                    let inserted = tx.execute(
                        "INSERT OR IGNORE INTO sessions (id, data, expiry) VALUES (?1, ?2, ?3)",
                        rusqlite::params![id.to_string(), data, expiry],
                    )?;
                    if inserted == 1 {
                        return Ok(id);
                    }
                    id = Id::default();
                }
            })
            .await
            .map_err(backend)?;
        record.id = chosen;
        Ok(())
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        let data = encode(record)?;
        let (id, expiry) = (record.id.to_string(), record.expiry_date.unix_timestamp());
        self.db
            .write(move |tx| {
                tx.execute(
                    "INSERT INTO sessions (id, data, expiry) VALUES (?1, ?2, ?3) \
                     ON CONFLICT (id) DO UPDATE SET data = excluded.data, expiry = excluded.expiry",
                    rusqlite::params![id, data, expiry],
                )?;
                Ok(())
            })
            .await
            .map_err(backend)
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        let key = id.to_string();
        let now = OffsetDateTime::now_utc().unix_timestamp();
        let row: Option<(Vec<u8>, i64)> = self
            .db
            .read(move |tx| {
                optional(tx.query_row(
                    "SELECT data, expiry FROM sessions WHERE id = ?1 AND expiry > ?2",
                    rusqlite::params![key, now],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                ))
            })
            .await
            .map_err(backend)?;
        let Some((data, expiry)) = row else {
            return Ok(None);
        };
        let data = serde_json::from_slice(&data)
            .map_err(|e| session_store::Error::Decode(e.to_string()))?;
        let expiry_date = OffsetDateTime::from_unix_timestamp(expiry)
            .map_err(|e| session_store::Error::Decode(e.to_string()))?;
        Ok(Some(Record {
            id: *id,
            data,
            expiry_date,
        }))
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        let key = id.to_string();
        self.db
            .write(move |tx| {
                tx.execute("DELETE FROM sessions WHERE id = ?1", [key])?;
                Ok(())
            })
            .await
            .map_err(backend)
    }
}

#[async_trait]
impl ExpiredDeletion for SqliteSessionStore {
    async fn delete_expired(&self) -> session_store::Result<()> {
        let now = OffsetDateTime::now_utc().unix_timestamp();
        self.db
            .write(move |tx| {
                tx.execute("DELETE FROM sessions WHERE expiry <= ?1", [now])?;
                Ok(())
            })
            .await
            .map_err(backend)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn record(seconds: i64) -> Record {
        Record {
            id: Id::default(),
            data: HashMap::from([("k".to_string(), serde_json::json!({"v": 1}))]),
            expiry_date: OffsetDateTime::now_utc() + time::Duration::seconds(seconds),
        }
    }

    #[tokio::test]
    async fn create_save_load_delete_and_expiry() {
        let store = SqliteSessionStore::new(WebDb::in_memory().unwrap());
        let mut live = record(600);
        store.create(&mut live).await.unwrap();
        let loaded = store.load(&live.id).await.unwrap().expect("stored");
        assert_eq!(loaded.data, live.data);
        assert_eq!(
            loaded.expiry_date.unix_timestamp(),
            live.expiry_date.unix_timestamp()
        );
        live.data.insert("k".into(), serde_json::json!("changed"));
        store.save(&live).await.unwrap();
        assert_eq!(
            store.load(&live.id).await.unwrap().unwrap().data["k"],
            "changed"
        );

        // A clash of ids takes a new one instead of overwriting.
        let mut clash = record(600);
        clash.id = live.id;
        store.create(&mut clash).await.unwrap();
        assert_ne!(clash.id, live.id);

        let mut old = record(-5);
        store.create(&mut old).await.unwrap();
        assert!(store.load(&old.id).await.unwrap().is_none(), "expired");
        assert_eq!(store.live_sessions().await.unwrap(), 2);
        store.delete_expired().await.unwrap();
        store.delete(&live.id).await.unwrap();
        assert!(store.load(&live.id).await.unwrap().is_none());
        assert_eq!(store.live_sessions().await.unwrap(), 1);
    }
}
