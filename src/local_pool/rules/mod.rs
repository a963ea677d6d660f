//! Cognito's rules the pool enforces: attribute schema and writes, the password policy, the
//! ListUsers filter, and how a delivery destination is masked.

pub mod attributes;
pub mod filter;
pub mod mask;
pub mod password_policy;
