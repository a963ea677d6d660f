//! The local pool: a Cognito-compatible server embedded in the binary (AWS JSON 1.1 over HTTP,
//! real SRP verification, RS256 tokens, SQLite storage).

pub mod filter;
pub mod keys;
pub mod mask;
pub mod password_policy;
pub mod srp_server;
pub mod totp;
