//! The signed-in user's profile: attributes, their verification, and the password.

use crate::secret::SecretString;
use crate::service::ServiceError;
use crate::service::error::AtEndpoint;
use crate::service::tokens::Tokens;

use super::types::{CodeDelivery, User, attribute_name, attributes_to_write, user_from};
use super::{Account, access};

impl Account {
    /// The user's attributes, verified flags and MFA settings.
    pub async fn get_user(&self, tokens: &Tokens) -> Result<User, ServiceError> {
        let out = self
            .client
            .get_user()
            .access_token(access(tokens))
            .send()
            .await
            .map_err(|e| self.sdk_error(e))?;
        Ok(user_from(
            out.username,
            &out.user_attributes,
            out.user_mfa_setting_list.as_deref().unwrap_or_default(),
            out.preferred_mfa_setting.as_deref(),
        ))
    }

    /// Writes attributes (custom names with or without `custom:`). Changing an email or phone
    /// number the pool verifies sends a code, reported here.
    pub async fn update_attributes(
        &self,
        tokens: &Tokens,
        attributes: Vec<(String, String)>,
    ) -> Result<Vec<CodeDelivery>, ServiceError> {
        let attributes = attributes_to_write(attributes)?;
        let out = self
            .client
            .update_user_attributes()
            .access_token(access(tokens))
            .set_user_attributes(Some(attributes))
            .send()
            .await
            .map_err(|e| self.sdk_error(e))?;
        Ok(out
            .code_delivery_details_list
            .unwrap_or_default()
            .iter()
            .map(CodeDelivery::from)
            .collect())
    }

    /// Removes attributes (custom names with or without `custom:`).
    pub async fn delete_attributes(
        &self,
        tokens: &Tokens,
        names: Vec<String>,
    ) -> Result<(), ServiceError> {
        let names = names
            .iter()
            .map(|n| attribute_name(n))
            .collect::<Result<Vec<_>, _>>()?;
        self.client
            .delete_user_attributes()
            .access_token(access(tokens))
            .set_user_attribute_names(Some(names))
            .send()
            .await
            .map_err(|e| self.sdk_error(e))?;
        Ok(())
    }

    /// Sends a code that verifies `attribute` (`email` or `phone_number`).
    pub async fn send_verification_code(
        &self,
        tokens: &Tokens,
        attribute: &str,
    ) -> Result<CodeDelivery, ServiceError> {
        let out = self
            .client
            .get_user_attribute_verification_code()
            .access_token(access(tokens))
            .attribute_name(attribute)
            .send()
            .await
            .map_err(|e| self.sdk_error(e))?;
        self.sent_to(out.code_delivery_details.as_ref())
    }

    /// Marks `attribute` verified with the code that was sent.
    pub async fn verify_attribute(
        &self,
        tokens: &Tokens,
        attribute: &str,
        code: &str,
    ) -> Result<(), ServiceError> {
        self.client
            .verify_user_attribute()
            .access_token(access(tokens))
            .attribute_name(attribute)
            .code(code)
            .send()
            .await
            .map_err(|e| self.sdk_error(e))?;
        Ok(())
    }

    /// Changes the password; a wrong old one is `WrongCredentials`.
    pub async fn change_password(
        &self,
        tokens: &Tokens,
        old: &SecretString,
        new: &SecretString,
    ) -> Result<(), ServiceError> {
        self.client
            .change_password()
            .access_token(access(tokens))
            .previous_password(old.expose())
            .proposed_password(new.expose())
            .send()
            .await
            .map_err(|e| self.sdk_error(e))?;
        Ok(())
    }
}
