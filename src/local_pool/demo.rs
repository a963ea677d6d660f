//! (being written)

use super::error::ApiError;
use super::state::State;

pub fn seed_if_empty(_state: &State) -> Result<(), ApiError> {
    Ok(())
}
