//! The local pool's outbox read over HTTP, through one client for the whole process (the TUI
//! reloads it every two seconds).

use std::sync::OnceLock;
use std::time::Duration;

use crate::local_pool::outbox::OutboxMessage;

#[derive(Debug, thiserror::Error)]
pub enum OutboxError {
    #[error("cannot set up an HTTP client: {0}")]
    Client(String),
    /// Nothing answered, or the answer broke off.
    #[error("{0}")]
    Unreachable(reqwest::Error),
    #[error("HTTP {0}")]
    Status(reqwest::StatusCode),
    #[error("{0}")]
    Unreadable(serde_json::Error),
}

fn http() -> Result<&'static reqwest::Client, OutboxError> {
    static CLIENT: OnceLock<reqwest::Client> = OnceLock::new();
    if let Some(client) = CLIENT.get() {
        return Ok(client);
    }
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(5))
        .build()
        .map_err(|e| OutboxError::Client(e.to_string()))?;
    Ok(CLIENT.get_or_init(|| client))
}

/// The outbox of the local pool at `base_url`, oldest first: the newest `limit` messages, or
/// all of them.
pub async fn read(base_url: &str, limit: Option<usize>) -> Result<Vec<OutboxMessage>, OutboxError> {
    let mut endpoint = format!("{}/_local/outbox", base_url.trim_end_matches('/'));
    if let Some(limit) = limit {
        endpoint.push_str(&format!("?limit={limit}"));
    }
    let response = http()?
        .get(&endpoint)
        .send()
        .await
        .map_err(OutboxError::Unreachable)?;
    let status = response.status();
    if !status.is_success() {
        return Err(OutboxError::Status(status));
    }
    let body = response.bytes().await.map_err(OutboxError::Unreachable)?;
    serde_json::from_slice(&body).map_err(OutboxError::Unreadable)
}
