//! cognito-tui: a terminal UI, script commands and an embedded local pool for Amazon Cognito
//! user pools. The binary is a thin shell over this library.

pub mod cognito;
pub mod secret;
pub mod service;
