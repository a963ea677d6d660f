//! Second factors: an authenticator app (associate → otpauth URI → verify) and which factors
//! sign-in asks for.

use aws_sdk_cognitoidentityprovider::types::{
    SmsMfaSettingsType, SoftwareTokenMfaSettingsType, VerifySoftwareTokenResponseType,
};

use crate::secret::SecretString;
use crate::service::ServiceError;
use crate::service::error::AtEndpoint;
use crate::service::tokens::Tokens;

use super::types::{TotpSetup, otpauth_uri};
use super::{Account, access};

impl Account {
    /// Associates a new TOTP secret with the user. The URI's issuer is the pool id, so an
    /// authenticator app tells accounts of different pools apart; `account_label` names the user.
    pub async fn setup_totp(
        &self,
        tokens: &Tokens,
        account_label: &str,
    ) -> Result<TotpSetup, ServiceError> {
        let out = self
            .client
            .associate_software_token()
            .access_token(access(tokens))
            .send()
            .await
            .map_err(|e| self.sdk_error(e))?;
        let secret = out
            .secret_code
            .map(SecretString::new)
            .ok_or_else(|| self.missing("SecretCode"))?;
        let uri = otpauth_uri(secret.expose(), account_label, &self.settings.user_pool_id);
        Ok(TotpSetup {
            secret,
            otpauth_uri: SecretString::new(uri),
        })
    }

    /// Confirms the authenticator app with its first code, which turns the factor on.
    pub async fn verify_totp(
        &self,
        tokens: &Tokens,
        code: &str,
        device_name: Option<&str>,
    ) -> Result<(), ServiceError> {
        let out = self
            .client
            .verify_software_token()
            .access_token(access(tokens))
            .user_code(code)
            .set_friendly_device_name(device_name.map(str::to_string))
            .send()
            .await
            .map_err(|e| self.sdk_error(e))?;
        match out.status {
            Some(VerifySoftwareTokenResponseType::Success) | None => Ok(()),
            Some(_) => Err(ServiceError::CodeMismatch),
        }
    }

    /// Turns SMS and TOTP MFA on or off and picks the preferred one; each is
    /// `(enabled, preferred)`, and `None` leaves that factor as it is.
    pub async fn set_mfa_preference(
        &self,
        tokens: &Tokens,
        sms: Option<(bool, bool)>,
        totp: Option<(bool, bool)>,
    ) -> Result<(), ServiceError> {
        let sms = sms.map(|(enabled, preferred)| {
            SmsMfaSettingsType::builder()
                .enabled(enabled)
                .preferred_mfa(preferred)
                .build()
        });
        let totp = totp.map(|(enabled, preferred)| {
            SoftwareTokenMfaSettingsType::builder()
                .enabled(enabled)
                .preferred_mfa(preferred)
                .build()
        });
        self.client
            .set_user_mfa_preference()
            .access_token(access(tokens))
            .set_sms_mfa_settings(sms)
            .set_software_token_mfa_settings(totp)
            .send()
            .await
            .map_err(|e| self.sdk_error(e))?;
        Ok(())
    }
}
