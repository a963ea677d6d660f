//! The service layer (account and operator) against the local pool on an ephemeral port.

#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test or benchmark

#[path = "../common/mod.rs"]
mod common;

mod account;
mod admin;
