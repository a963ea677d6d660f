//! The web sign-in backend and the demo site, against the local pool on an ephemeral port:
//! the backend's rules, every page over HTTP (tower `oneshot`), and a real headless browser.

#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

#[path = "../common/mod.rs"]
mod common;

mod backend;
mod browser;
mod command;
mod harness;
mod pages;
mod pages_account;
