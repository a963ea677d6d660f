//! SetUserMFAPreference and AdminSetUserMFAPreference share these rules.

use serde::Deserialize;

use crate::local_pool::error::{ApiError, ApiResult};
use crate::local_pool::pools::Pool;
use crate::local_pool::users::User;

/// `{"Enabled": bool, "PreferredMfa": bool}`.
#[derive(Debug, Clone, Copy, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct MfaSetting {
    #[serde(default)]
    pub enabled: bool,
    #[serde(default)]
    pub preferred_mfa: bool,
}

/// The members of both operations' requests that set preferences.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct MfaPreferences {
    #[serde(rename = "SMSMfaSettings", default)]
    pub sms: Option<MfaSetting>,
    #[serde(default)]
    pub software_token_mfa_settings: Option<MfaSetting>,
}

/// Applies the preferences to `user` (not saved).
pub fn apply(pool: &Pool, user: &mut User, prefs: &MfaPreferences) -> ApiResult<()> {
    let enabling = prefs.sms.is_some_and(|s| s.enabled)
        || prefs.software_token_mfa_settings.is_some_and(|s| s.enabled);
    if enabling && !pool.settings.mfa_enabled() {
        return Err(ApiError::invalid_parameter(
            "MFA is not enabled for this user pool (MfaConfiguration is OFF).",
        ));
    }
    if let Some(sms) = prefs.sms {
        if sms.enabled && user.attribute("phone_number").is_none() {
            return Err(ApiError::invalid_parameter(
                "SMS MFA needs a phone_number attribute on the user.",
            ));
        }
        user.sms_mfa_enabled = sms.enabled;
    }
    if let Some(totp) = prefs.software_token_mfa_settings {
        if totp.enabled && user.totp_secret.is_none() {
            return Err(ApiError::invalid_parameter(
                "User has not verified software token mfa",
            ));
        }
        user.totp_enabled = totp.enabled;
    }
    let prefer =
        |setting: Option<MfaSetting>| setting.is_some_and(|s| s.enabled && s.preferred_mfa);
    if prefer(prefs.sms) && prefer(prefs.software_token_mfa_settings) {
        return Err(ApiError::invalid_parameter(
            "Only one MFA method can be preferred.",
        ));
    }
    if prefer(prefs.sms) {
        user.preferred_mfa = Some("SMS_MFA".into());
    } else if prefer(prefs.software_token_mfa_settings) {
        user.preferred_mfa = Some("SOFTWARE_TOKEN_MFA".into());
    }
    // A preference for a method that is now off is dropped.
    match user.preferred_mfa.as_deref() {
        Some("SMS_MFA") if !user.sms_mfa_enabled => user.preferred_mfa = None,
        Some("SOFTWARE_TOKEN_MFA") if !user.totp_enabled => user.preferred_mfa = None,
        _ => {}
    }
    Ok(())
}
