//! The local pool over its wire protocol: every operation group, hostile input, concurrency,
//! the server as a process, and third-party clients (pycognito, Amplify).

#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test or benchmark

#[path = "../common/mod.rs"]
mod common;

mod account;
mod admin_users;
mod auth;
mod code_limits;
mod concurrency;
mod enumeration;
mod exposure;
mod groups;
mod hostile;
mod interop;
mod mfa_config;
mod pool_config;
mod pools;
mod process;
mod sign_in_flood;
mod signup;
