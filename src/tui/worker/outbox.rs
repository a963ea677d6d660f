//! The outbox screen's reads of the local pool's outbox, newest first.

use crate::flows::{self, outbox::OutboxError};
use crate::tui::screens::outbox::OutboxEntry;

/// How many of the newest messages the outbox screen reads.
pub const OUTBOX_LIMIT: usize = 50;

/// The newest messages of the outbox at `url`, newest first.
pub async fn read_outbox(url: &str) -> Result<Vec<OutboxEntry>, String> {
    let messages = flows::outbox::read(url, Some(OUTBOX_LIMIT))
        .await
        .map_err(|e| match e {
            OutboxError::Status(status) => format!("The outbox at {url} answered HTTP {status}."),
            OutboxError::Unreadable(e) => {
                format!("The outbox at {url} sent something unexpected: {e}")
            }
            OutboxError::Client(e) => format!("cannot set up an HTTP client: {e}"),
            OutboxError::Unreachable(e) => format!("The outbox could not be read from {url}: {e}"),
        })?;
    let mut entries: Vec<OutboxEntry> = messages.into_iter().map(OutboxEntry::from).collect();
    entries.reverse();
    Ok(entries)
}
