//! Every message the pool would send (mail or SMS): stored for `GET /_local/outbox` and the
//! `local-pool outbox` command, and one line on the server's log.

use rusqlite::{Connection, params};
use serde::Serialize;

use crate::local_pool::codes::Destination;
use crate::local_pool::error::ApiResult;
use crate::local_pool::users::User;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct OutboxMessage {
    /// RFC 3339, UTC.
    pub time: String,
    pub pool_id: String,
    pub username: String,
    /// sign_up, verify_attribute, forgot_password, invitation, mfa.
    pub kind: String,
    /// EMAIL or SMS.
    pub delivery: String,
    pub destination: String,
    pub code: Option<String>,
    pub message: String,
}

/// What a message is about and what it says.
pub struct Letter<'a> {
    /// sign_up, verify_attribute, forgot_password, invitation, mfa.
    pub kind: &'a str,
    /// The code or temporary password it carries.
    pub code: &'a str,
    pub message: String,
}

/// Sends `letter` to `user` at `to`: the pool's one way out (recorded and logged).
pub fn send(
    conn: &Connection,
    now: i64,
    user: &User,
    to: &Destination,
    letter: Letter<'_>,
) -> ApiResult<()> {
    push(
        conn,
        now,
        &OutboxMessage {
            time: rfc3339(now),
            pool_id: user.pool_id.clone(),
            username: user.username.clone(),
            kind: letter.kind.into(),
            delivery: to.medium.into(),
            destination: to.address.clone(),
            code: Some(letter.code.to_string()),
            message: letter.message,
        },
    )
}

/// Records a message and logs it.
fn push(conn: &Connection, unix_time: i64, m: &OutboxMessage) -> ApiResult<()> {
    conn.execute(
        "INSERT INTO outbox (time, pool_id, username, kind, delivery, destination, code, message)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            unix_time,
            m.pool_id,
            m.username,
            m.kind,
            m.delivery,
            m.destination,
            m.code,
            m.message
        ],
    )?;
    tracing::info!(
        target: "outbox",
        "{} to {} <{}> ({}, pool {}): {}",
        m.delivery,
        m.username,
        m.destination,
        m.kind,
        m.pool_id,
        m.message
    );
    Ok(())
}

/// The newest `limit` messages, oldest first.
pub fn list(conn: &Connection, limit: usize) -> ApiResult<Vec<OutboxMessage>> {
    let mut stmt = conn.prepare(
        "SELECT time, pool_id, username, kind, delivery, destination, code, message FROM
           (SELECT * FROM outbox ORDER BY id DESC LIMIT ?1) ORDER BY id",
    )?;
    let rows = stmt.query_map([limit as i64], |r| {
        let time: i64 = r.get(0)?;
        Ok(OutboxMessage {
            time: rfc3339(time),
            pool_id: r.get(1)?,
            username: r.get(2)?,
            kind: r.get(3)?,
            delivery: r.get(4)?,
            destination: r.get(5)?,
            code: r.get(6)?,
            message: r.get(7)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn rfc3339(unix: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp(unix)
        .ok()
        .and_then(|t| {
            t.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_else(|| unix.to_string())
}
