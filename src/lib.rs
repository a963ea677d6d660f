//! cognito-tui: terminal tools for Amazon Cognito user pools. The binary is a thin shell over
//! this library.

pub mod cli;
pub mod cognito;
pub mod commands;
pub mod local_pool;
pub mod local_pool_command;
pub mod profiles_command;
pub mod secret;
pub mod service;
pub mod session_commands;
pub mod store;
pub mod tui;
