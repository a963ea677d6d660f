//! Stored pools and app clients.

use rusqlite::{Connection, params};

use crate::local_pool::db::optional;
use crate::local_pool::error::{ApiError, ApiResult};
use crate::local_pool::model::{ClientSettings, PoolSettings};

#[derive(Debug, Clone)]
pub struct Pool {
    pub id: String,
    pub name: String,
    pub settings: PoolSettings,
    pub created: i64,
    pub modified: i64,
}

impl Pool {
    /// The pool id after its `_`: the SRP "pool name".
    pub fn srp_name(&self) -> &str {
        self.id.split_once('_').map_or(self.id.as_str(), |(_, n)| n)
    }

    pub fn region(&self) -> &str {
        self.id.split_once('_').map_or("local", |(r, _)| r)
    }

    pub fn arn(&self) -> String {
        format!(
            "arn:aws:cognito-idp:{}:000000000000:userpool/{}",
            self.region(),
            self.id
        )
    }

    pub fn username_key(&self, username: &str) -> String {
        self.settings.username_key(username)
    }
}

#[derive(Clone)]
pub struct Client {
    pub id: String,
    pub pool_id: String,
    pub secret: Option<String>,
    pub settings: ClientSettings,
    pub created: i64,
    pub modified: i64,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("id", &self.id)
            .field("pool_id", &self.pool_id)
            .field("secret", &self.secret.as_ref().map(|_| "***"))
            .finish()
    }
}

fn corrupt(what: &str, id: &str, e: serde_json::Error) -> ApiError {
    ApiError::internal(format!(
        "stored settings of {what} {id} are unreadable: {e}"
    ))
}

fn pool_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<(Pool, String)> {
    Ok((
        Pool {
            id: row.get(0)?,
            name: row.get(1)?,
            settings: PoolSettings::default(),
            created: row.get(3)?,
            modified: row.get(4)?,
        },
        row.get(2)?,
    ))
}

fn parse_pool((mut pool, config): (Pool, String)) -> ApiResult<Pool> {
    pool.settings = serde_json::from_str(&config).map_err(|e| corrupt("pool", &pool.id, e))?;
    Ok(pool)
}

const POOL_COLUMNS: &str = "id, name, config, created, modified";

/// The pool, or ResourceNotFoundException as Cognito words it.
pub fn get_pool(conn: &Connection, id: &str) -> ApiResult<Pool> {
    find_pool(conn, id)?
        .ok_or_else(|| ApiError::resource_not_found(format!("User pool {id} does not exist.")))
}

pub fn find_pool(conn: &Connection, id: &str) -> ApiResult<Option<Pool>> {
    let row = optional(conn.query_row(
        &format!("SELECT {POOL_COLUMNS} FROM pools WHERE id = ?1"),
        [id],
        pool_from_row,
    ))?;
    row.map(parse_pool).transpose()
}

/// Pools ordered by id, starting after `after`.
pub fn list_pools(conn: &Connection, after: Option<&str>, limit: usize) -> ApiResult<Vec<Pool>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {POOL_COLUMNS} FROM pools WHERE id > ?1 ORDER BY id LIMIT ?2"
    ))?;
    let rows = stmt.query_map(params![after.unwrap_or(""), limit as i64], pool_from_row)?;
    rows.map(|r| parse_pool(r?)).collect()
}

/// Every pool's id.
pub fn pool_ids(conn: &Connection) -> ApiResult<Vec<String>> {
    let mut stmt = conn.prepare_cached("SELECT id FROM pools ORDER BY id")?;
    let ids = stmt.query_map([], |r| r.get(0))?;
    Ok(ids.collect::<Result<_, _>>()?)
}

pub fn save_pool(conn: &Connection, pool: &Pool) -> ApiResult<()> {
    let config = serde_json::to_string(&pool.settings)
        .map_err(|e| ApiError::internal(format!("cannot store pool settings: {e}")))?;
    conn.execute(
        "INSERT INTO pools (id, name, config, created, modified) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT(id) DO UPDATE SET name = ?2, config = ?3, modified = ?5",
        params![pool.id, pool.name, config, pool.created, pool.modified],
    )?;
    Ok(())
}

pub fn delete_pool(conn: &Connection, id: &str) -> ApiResult<()> {
    // Tables without a foreign key to pools are cleared by hand.
    for table in [
        "codes",
        "decoy_codes",
        "refresh_tokens",
        "outbox",
        "group_members",
        "user_attributes",
    ] {
        conn.execute(&format!("DELETE FROM {table} WHERE pool_id = ?1"), [id])?;
    }
    conn.execute("DELETE FROM pools WHERE id = ?1", [id])?;
    Ok(())
}

const CLIENT_COLUMNS: &str = "id, pool_id, secret, config, created, modified";

fn client_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<(Client, String)> {
    Ok((
        Client {
            id: row.get(0)?,
            pool_id: row.get(1)?,
            secret: row.get(2)?,
            settings: ClientSettings::default(),
            created: row.get(4)?,
            modified: row.get(5)?,
        },
        row.get(3)?,
    ))
}

fn parse_client((mut client, config): (Client, String)) -> ApiResult<Client> {
    client.settings =
        serde_json::from_str(&config).map_err(|e| corrupt("app client", &client.id, e))?;
    Ok(client)
}

pub fn find_client(conn: &Connection, id: &str) -> ApiResult<Option<Client>> {
    let row = optional(conn.query_row(
        &format!("SELECT {CLIENT_COLUMNS} FROM clients WHERE id = ?1"),
        [id],
        client_from_row,
    ))?;
    row.map(parse_client).transpose()
}

/// A client of a given pool (admin calls name both).
pub fn get_pool_client(conn: &Connection, pool_id: &str, client_id: &str) -> ApiResult<Client> {
    match find_client(conn, client_id)? {
        Some(c) if c.pool_id == pool_id => Ok(c),
        _ => Err(ApiError::resource_not_found(format!(
            "User pool client {client_id} does not exist."
        ))),
    }
}

/// The client a user-side call names, with its pool. Unknown clients are
/// ResourceNotFoundException, as in Cognito.
pub fn get_client_and_pool(conn: &Connection, client_id: &str) -> ApiResult<(Client, Pool)> {
    let client = find_client(conn, client_id)?.ok_or_else(|| {
        ApiError::resource_not_found(format!("User pool client {client_id} does not exist."))
    })?;
    let pool = get_pool(conn, &client.pool_id)?;
    Ok((client, pool))
}

pub fn list_clients(
    conn: &Connection,
    pool_id: &str,
    after: Option<&str>,
    limit: usize,
) -> ApiResult<Vec<Client>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {CLIENT_COLUMNS} FROM clients WHERE pool_id = ?1 AND id > ?2 ORDER BY id LIMIT ?3"
    ))?;
    let rows = stmt.query_map(
        params![pool_id, after.unwrap_or(""), limit as i64],
        client_from_row,
    )?;
    rows.map(|r| parse_client(r?)).collect()
}

pub fn save_client(conn: &Connection, client: &Client) -> ApiResult<()> {
    let config = serde_json::to_string(&client.settings)
        .map_err(|e| ApiError::internal(format!("cannot store client settings: {e}")))?;
    conn.execute(
        "INSERT INTO clients (id, pool_id, name, secret, config, created, modified)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT(id) DO UPDATE SET name = ?3, secret = ?4, config = ?5, modified = ?7",
        params![
            client.id,
            client.pool_id,
            client.settings.client_name,
            client.secret,
            config,
            client.created,
            client.modified
        ],
    )?;
    Ok(())
}

pub fn delete_client(conn: &Connection, id: &str) -> ApiResult<()> {
    conn.execute("DELETE FROM clients WHERE id = ?1", [id])?;
    Ok(())
}
