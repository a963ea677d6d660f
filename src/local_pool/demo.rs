//! (being written)

use super::error::ApiError;
use super::state::State;

pub const DEMO_POOL_ID: &str = "us-east-1_DemoPool1";
pub const DEMO_CLIENT_ID: &str = "demo";

pub fn seed_if_empty(_state: &State) -> Result<(), ApiError> {
    Ok(())
}
