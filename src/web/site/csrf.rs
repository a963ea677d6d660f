//! CSRF protection by a per-session token: every form carries it, every POST is refused without
//! it. The token lives in the server-side session, so a page on another site can neither read
//! nor forge it; it is replaced at sign-in along with the session id.

use base64::Engine as _;
use rand::TryRng as _;
use subtle::ConstantTimeEq as _;
use tower_sessions::Session;

use crate::web::WebError;

const KEY: &str = "site.csrf";

fn fresh() -> Result<String, WebError> {
    let mut bytes = [0u8; 32];
    rand::rngs::SysRng.try_fill_bytes(&mut bytes).map_err(|e| {
        WebError::Session(format!("the operating system's random source failed: {e}"))
    })?;
    Ok(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes))
}

/// The session's token, created on first use.
pub async fn token(session: &Session) -> Result<String, WebError> {
    if let Some(token) = session.get::<String>(KEY).await? {
        return Ok(token);
    }
    rotate(session).await
}

/// A new token (at sign-in).
pub async fn rotate(session: &Session) -> Result<String, WebError> {
    let token = fresh()?;
    session.insert(KEY, &token).await?;
    Ok(token)
}

/// True when `submitted` is the session's token.
pub async fn matches(session: &Session, submitted: &str) -> Result<bool, WebError> {
    Ok(match session.get::<String>(KEY).await? {
        Some(token) => {
            !submitted.is_empty() && bool::from(token.as_bytes().ct_eq(submitted.as_bytes()))
        }
        None => false,
    })
}
