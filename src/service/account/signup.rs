//! Operations before sign-in: register, confirm, resend the code, forgot password. Each sends
//! SECRET_HASH over the username as typed when the app client has a secret.

use crate::secret::SecretString;
use crate::service::ServiceError;
use crate::service::error::AtEndpoint;

use super::Account;
use super::types::{CodeDelivery, RegisterRequest, Registered, attributes_to_write};

impl Account {
    /// Signs up a user with standard and custom attributes (`team` is sent as `custom:team`).
    pub async fn register(&self, request: RegisterRequest) -> Result<Registered, ServiceError> {
        let attributes = attributes_to_write(request.attributes)?;
        let out = self
            .client
            .sign_up()
            .client_id(&self.settings.client_id)
            .username(&request.username)
            .password(request.password.expose())
            .set_user_attributes(Some(attributes))
            .set_secret_hash(self.secret_hash(&request.username))
            .send()
            .await
            .map_err(|e| self.sdk_error(e))?;
        Ok(Registered {
            user_sub: out.user_sub,
            confirmed: out.user_confirmed,
            delivery: out.code_delivery_details.as_ref().map(CodeDelivery::from),
        })
    }

    /// Confirms a sign-up with the code that was sent.
    pub async fn confirm_sign_up(&self, username: &str, code: &str) -> Result<(), ServiceError> {
        self.client
            .confirm_sign_up()
            .client_id(&self.settings.client_id)
            .username(username)
            .confirmation_code(code)
            .set_secret_hash(self.secret_hash(username))
            .send()
            .await
            .map_err(|e| self.sdk_error(e))?;
        Ok(())
    }

    /// Sends the sign-up code again.
    pub async fn resend_confirmation_code(
        &self,
        username: &str,
    ) -> Result<CodeDelivery, ServiceError> {
        let out = self
            .client
            .resend_confirmation_code()
            .client_id(&self.settings.client_id)
            .username(username)
            .set_secret_hash(self.secret_hash(username))
            .send()
            .await
            .map_err(|e| self.sdk_error(e))?;
        self.sent_to(out.code_delivery_details.as_ref())
    }

    /// Sends a password-reset code.
    pub async fn forgot_password(&self, username: &str) -> Result<CodeDelivery, ServiceError> {
        let out = self
            .client
            .forgot_password()
            .client_id(&self.settings.client_id)
            .username(username)
            .set_secret_hash(self.secret_hash(username))
            .send()
            .await
            .map_err(|e| self.sdk_error(e))?;
        self.sent_to(out.code_delivery_details.as_ref())
    }

    /// Sets a new password with the reset code.
    pub async fn confirm_forgot_password(
        &self,
        username: &str,
        code: &str,
        new_password: &SecretString,
    ) -> Result<(), ServiceError> {
        self.client
            .confirm_forgot_password()
            .client_id(&self.settings.client_id)
            .username(username)
            .confirmation_code(code)
            .password(new_password.expose())
            .set_secret_hash(self.secret_hash(username))
            .send()
            .await
            .map_err(|e| self.sdk_error(e))?;
        Ok(())
    }
}
