//! The pool's cryptography: its signing keys (JWKS), the server side of SRP, the tokens it
//! issues, and TOTP.

pub mod keys;
pub mod pool_keys;
pub mod srp_key;
pub mod srp_server;
pub mod tokens;
pub mod totp;
