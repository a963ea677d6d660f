//! The pool-configuration face's logic, over a `PoolConfig` read by the service layer: see it
//! (`show`), judge it (`doctor`), compare two (`diff`) and copy it (`export`, which the local
//! pool's `--seed` reads back). Pure functions of the configuration: no I/O.

pub mod diff;
pub mod doctor;
pub mod export;
pub mod show;
mod value;

pub use crate::service::admin::{ClientConfig, PoolConfig};
