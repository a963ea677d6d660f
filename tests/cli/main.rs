//! The one-shot commands as a script runs them: the real binary, a temp config and data dir.

#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test or benchmark

#[path = "../common/mod.rs"]
mod common;

mod misbehaving;
mod moto;
mod operator_commands;
mod pool_commands;
mod profiles_command;
mod session_commands;
