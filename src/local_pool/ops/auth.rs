//! Sign-in: InitiateAuth and AdminInitiateAuth start it, RespondToAuthChallenge and
//! AdminRespondToAuthChallenge answer its challenges (SRP's PASSWORD_VERIFIER is verified for
//! real), and AssociateSoftwareToken / VerifySoftwareToken set up TOTP, also during MFA_SETUP.

mod challenges;
mod initiate;
mod next_step;
mod software_token;
mod verifier;

use std::collections::HashMap;

use rusqlite::Connection;

use super::{Call, Op};
use crate::local_pool::error::{ApiError, ApiResult};
use crate::local_pool::pools::{self, Client, Pool};

/// The operations of this group.
pub const OPS: &[Op] = &[
    Op::unsigned("InitiateAuth", initiate::initiate_auth),
    Op::signed("AdminInitiateAuth", initiate::admin_initiate_auth),
    Op::unsigned("RespondToAuthChallenge", challenges::respond),
    Op::signed("AdminRespondToAuthChallenge", challenges::admin_respond),
    Op::unsigned("AssociateSoftwareToken", software_token::associate),
    Op::unsigned("VerifySoftwareToken", software_token::verify),
];

/// Cognito's answer to a wrong password, an unknown user it must not reveal, or a replayed
/// SECRET_BLOCK.
const WRONG_CREDENTIALS: &str = "Incorrect username or password.";
/// An unknown, expired or used-up Session.
const SESSION_EXPIRED: &str = "Invalid session for the user, session is expired.";
/// A Session presented by another app client or for another user.
const SESSION_MISMATCH: &str = "Invalid session for the user.";

fn wrong_credentials() -> ApiError {
    ApiError::not_authorized(WRONG_CREDENTIALS)
}

fn session_expired() -> ApiError {
    ApiError::not_authorized(SESSION_EXPIRED)
}

/// The pool and app client a sign-in runs against, and the request it came in.
struct Ctx<'a> {
    call: &'a Call<'a>,
    pool: &'a Pool,
    client: &'a Client,
}

/// A required AuthParameters / ChallengeResponses entry, with Cognito's message when absent.
fn param<'m>(map: &'m HashMap<String, String>, name: &str) -> ApiResult<&'m str> {
    map.get(name)
        .map(String::as_str)
        .filter(|v| !v.is_empty())
        .ok_or_else(|| ApiError::invalid_parameter(format!("Missing required parameter {name}")))
}

fn optional_param<'m>(map: &'m HashMap<String, String>, name: &str) -> Option<&'m str> {
    map.get(name).map(String::as_str)
}

/// The client and its pool. User calls name only the client; admin calls name both, and an
/// unknown pool is reported before the client.
fn client_and_pool(
    conn: &Connection,
    client_id: &str,
    admin_pool: Option<&str>,
) -> ApiResult<(Client, Pool)> {
    match admin_pool {
        Some(pool_id) => {
            let pool = pools::get_pool(conn, pool_id)?;
            let client = pools::get_pool_client(conn, pool_id, client_id)?;
            Ok((client, pool))
        }
        None => pools::get_client_and_pool(conn, client_id),
    }
}

/// The pool clock as Unix seconds for TOTP (a clock before 1970 counts as 1970).
fn totp_time(call: &Call<'_>) -> u64 {
    u64::try_from(call.now()).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_six_operations_have_handlers() {
        for op in [
            "InitiateAuth",
            "AdminInitiateAuth",
            "RespondToAuthChallenge",
            "AdminRespondToAuthChallenge",
            "AssociateSoftwareToken",
            "VerifySoftwareToken",
        ] {
            assert!(OPS.iter().any(|o| o.name == op), "{op}");
        }
        assert_eq!(OPS.len(), 6);
    }

    #[test]
    fn missing_or_empty_parameters_are_named() {
        let map = HashMap::from([
            ("USERNAME".to_string(), "alice".to_string()),
            ("SRP_A".to_string(), String::new()),
        ]);
        assert_eq!(param(&map, "USERNAME"), Ok("alice"));
        for name in ["SRP_A", "PASSWORD"] {
            let err = param(&map, name).unwrap_err();
            assert_eq!(err.kind, "InvalidParameterException");
            assert_eq!(err.message, format!("Missing required parameter {name}"));
        }
        assert_eq!(optional_param(&map, "SRP_A"), Some(""));
        assert_eq!(optional_param(&map, "SECRET_HASH"), None);
    }
}
