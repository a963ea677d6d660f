//! What a pool has besides its settings: risk configurations and its domain.

use rusqlite::{Connection, params};
use serde_json::{Map, Value};

use crate::local_pool::db::optional;
use crate::local_pool::error::{ApiError, ApiResult};

fn parse(what: &str, text: &str) -> ApiResult<Map<String, Value>> {
    serde_json::from_str(text)
        .map_err(|e| ApiError::internal(format!("the stored {what} is unreadable: {e}")))
}

fn encode(value: &Map<String, Value>) -> ApiResult<String> {
    serde_json::to_string(value)
        .map_err(|e| ApiError::internal(format!("cannot store settings: {e}")))
}

/// The risk configuration of the pool (`client_id` empty) or of one client, with its time.
pub fn risk(
    conn: &Connection,
    pool_id: &str,
    client_id: &str,
) -> ApiResult<Option<(Map<String, Value>, i64)>> {
    let row: Option<(String, i64)> = optional(conn.query_row(
        "SELECT config, modified FROM risk_configurations WHERE pool_id = ?1 AND client_id = ?2",
        params![pool_id, client_id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    ))?;
    row.map(|(text, at)| Ok((parse("risk configuration", &text)?, at)))
        .transpose()
}

pub fn save_risk(
    conn: &Connection,
    pool_id: &str,
    client_id: &str,
    config: &Map<String, Value>,
    now: i64,
) -> ApiResult<()> {
    conn.execute(
        "INSERT INTO risk_configurations (pool_id, client_id, config, modified)
         VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT(pool_id, client_id) DO UPDATE SET config = ?3, modified = ?4",
        params![pool_id, client_id, encode(config)?, now],
    )?;
    Ok(())
}

/// A client's own risk configuration goes with the client.
pub fn delete_client_risk(conn: &Connection, pool_id: &str, client_id: &str) -> ApiResult<()> {
    conn.execute(
        "DELETE FROM risk_configurations WHERE pool_id = ?1 AND client_id = ?2",
        params![pool_id, client_id],
    )?;
    Ok(())
}

/// A pool's domain.
#[derive(Debug, Clone, PartialEq)]
pub struct Domain {
    pub domain: String,
    pub pool_id: String,
    /// CustomDomainConfig and ManagedLoginVersion, as given.
    pub config: Map<String, Value>,
    pub created: i64,
}

fn domain_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<(String, String, String, i64)> {
    Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?))
}

fn to_domain(
    (domain, pool_id, config, created): (String, String, String, i64),
) -> ApiResult<Domain> {
    Ok(Domain {
        config: parse("domain", &config)?,
        domain,
        pool_id,
        created,
    })
}

pub fn find_domain(conn: &Connection, domain: &str) -> ApiResult<Option<Domain>> {
    optional(conn.query_row(
        "SELECT domain, pool_id, config, created FROM domains WHERE domain = ?1",
        [domain],
        domain_row,
    ))?
    .map(to_domain)
    .transpose()
}

pub fn domain_of_pool(conn: &Connection, pool_id: &str) -> ApiResult<Option<Domain>> {
    optional(conn.query_row(
        "SELECT domain, pool_id, config, created FROM domains WHERE pool_id = ?1",
        [pool_id],
        domain_row,
    ))?
    .map(to_domain)
    .transpose()
}

pub fn insert_domain(conn: &Connection, domain: &Domain) -> ApiResult<()> {
    conn.execute(
        "INSERT INTO domains (domain, pool_id, config, created) VALUES (?1, ?2, ?3, ?4)",
        params![
            domain.domain,
            domain.pool_id,
            encode(&domain.config)?,
            domain.created
        ],
    )?;
    Ok(())
}

pub fn delete_domain(conn: &Connection, domain: &str) -> ApiResult<()> {
    conn.execute("DELETE FROM domains WHERE domain = ?1", [domain])?;
    Ok(())
}
