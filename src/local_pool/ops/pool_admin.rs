//! (being written)

use super::Handler;

pub fn handler(_op: &str) -> Option<Handler> {
    None
}
