//! Pure Cognito protocol code: no I/O, no SDK types.

mod fixed_base;
pub mod jwt;
mod modexp;
pub mod secret_hash;
pub mod srp;
pub mod srp_group;
pub mod timestamp;
