//! Ending sign-ins on the server: everywhere, one refresh token, or the whole account.
//! (Signing out locally is forgetting the `Session`.)

use crate::service::ServiceError;
use crate::service::error::AtEndpoint;
use crate::service::tokens::Tokens;

use super::{Account, access};

impl Account {
    /// Revokes every token issued to the user, on every device.
    pub async fn global_sign_out(&self, tokens: &Tokens) -> Result<(), ServiceError> {
        self.client
            .global_sign_out()
            .access_token(access(tokens))
            .send()
            .await
            .map_err(|e| self.sdk_error(e))?;
        Ok(())
    }

    /// Revokes this sign-in's refresh token (and the tokens it produced).
    pub async fn revoke_refresh_token(&self, tokens: &Tokens) -> Result<(), ServiceError> {
        let refresh =
            tokens
                .refresh_token
                .as_ref()
                .ok_or_else(|| ServiceError::SessionExpired {
                    detail: "no refresh token was saved".into(),
                })?;
        self.client
            .revoke_token()
            .token(refresh.expose())
            .client_id(&self.settings.client_id)
            .set_client_secret(
                self.settings
                    .client_secret
                    .as_ref()
                    .map(|s| s.expose().to_string()),
            )
            .send()
            .await
            .map_err(|e| self.sdk_error(e))?;
        Ok(())
    }

    /// Deletes the user's account for good.
    pub async fn delete_account(&self, tokens: &Tokens) -> Result<(), ServiceError> {
        self.client
            .delete_user()
            .access_token(access(tokens))
            .send()
            .await
            .map_err(|e| self.sdk_error(e))?;
        Ok(())
    }
}
