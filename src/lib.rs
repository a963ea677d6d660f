//! cognito-tui: terminal tools for Amazon Cognito user pools. The binary is a thin shell over
//! this library.

pub mod cli;
pub mod cognito;
pub mod commands;
pub mod flows;
pub mod local_pool;
pub mod pool_config;
pub mod printable;
pub mod secret;
pub mod service;
pub mod store;
pub mod tui;
pub mod web;
