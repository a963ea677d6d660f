//! `SECRET_HASH = base64(HMAC-SHA256(key = client_secret, message = username ‖ client_id))`.
//!
//! In InitiateAuth the username is the one typed; in RespondToAuthChallenge and REFRESH_TOKEN_AUTH
//! it must be the internal username (challenge `USERNAME` or the tokens' `cognito:username`).

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

pub fn secret_hash(client_secret: &str, username: &str, client_id: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(client_secret.as_bytes())
        .expect("HMAC accepts keys of any length");
    mac.update(username.as_bytes());
    mac.update(client_id.as_bytes());
    STANDARD.encode(mac.finalize().into_bytes())
}
