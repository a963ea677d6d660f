//! The TUI: flows through `App` with injected results, the same against the local pool,
//! snapshots at 80×24 and 60×20, mouse, configuration, and the binary in a pseudo-terminal.

#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test or benchmark

#[path = "../common/mod.rs"]
mod common;
mod face_support;
mod pool_support;
mod pty;
mod support;
mod tools_support;

mod account;
mod account_pool;
mod challenges;
mod challenges_pool;
mod config;
mod e2e;
mod flows;
mod flows_more;
mod lists;
mod mouse;
mod operator;
mod operator_import;
mod operator_walk;
mod panic;
mod pool_config;
mod requests;
mod sign_in_polish;
mod snapshots;
mod snapshots_account;
mod snapshots_challenges;
mod snapshots_tools;
mod tools;
mod tools_pool;
mod worker;
