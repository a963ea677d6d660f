//! The token inspector's signature checks against the pool's JWKS.

use time::OffsetDateTime;

use crate::cognito::jwt::TokenUse;
use crate::secret::SecretString;
use crate::service::ServiceError;
use crate::service::jwks::JwksCache;
use crate::service::tokens::Tokens;
use crate::tui::msg::Conn;
use crate::tui::screens::tokens::TokenCheck;

/// Checks both JWTs with the account's cached JWKS; when that fails, checks each token on its
/// own so the inspector can say which one is wrong and why.
pub async fn verify_tokens(conn: &Conn, tokens: &Tokens) -> TokenCheck {
    let pair = match conn.account.verify_tokens(tokens).await {
        Ok(claims) => {
            return TokenCheck {
                id: Ok(claims.id.kid().unwrap_or_default().to_string()),
                access: Ok(claims.access.kid().unwrap_or_default().to_string()),
            };
        }
        Err(e) => reason(e),
    };
    let jwks = match JwksCache::new(conn.account.settings()) {
        Ok(jwks) => jwks,
        Err(e) => {
            let why = reason(e);
            return TokenCheck {
                id: Err(why.clone()),
                access: Err(why),
            };
        }
    };
    let now = OffsetDateTime::now_utc();
    let id = verify_one(&jwks, &tokens.id_token, TokenUse::Id, now).await;
    let access = verify_one(&jwks, &tokens.access_token, TokenUse::Access, now).await;
    if id.is_ok() && access.is_ok() {
        // Each is fine alone: the pair itself is wrong (different users).
        return TokenCheck {
            id: Err(pair.clone()),
            access: Err(pair),
        };
    }
    TokenCheck { id, access }
}

/// One token's key id, or why it was refused.
async fn verify_one(
    jwks: &JwksCache,
    token: &SecretString,
    token_use: TokenUse,
    now: OffsetDateTime,
) -> Result<String, String> {
    jwks.verify(token.expose(), token_use, now)
        .await
        .map(|decoded| decoded.kid().unwrap_or_default().to_string())
        .map_err(reason)
}

/// The reason in plain words, without the "not accepted" preamble.
fn reason(e: ServiceError) -> String {
    match e {
        ServiceError::TokenInvalid { detail } => detail,
        other => other.to_string(),
    }
}
