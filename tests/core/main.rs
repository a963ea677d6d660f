//! The pure parts: SRP against the reference vectors and as properties, JWT decoding and
//! verification, and the sign-in state machine against scripted SDK responses.

#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test or benchmark

mod auth_scripted;
mod jwt;
mod srp_properties;
mod srp_vectors;
