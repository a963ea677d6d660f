//! Small conversions between SDK values and the operator's domain types.

use std::collections::BTreeMap;

use aws_sdk_cognitoidentityprovider::primitives::DateTime;
use aws_sdk_cognitoidentityprovider::types::AttributeType;
use time::OffsetDateTime;

use crate::service::ServiceError;
use crate::service::auth::MfaKind;

/// Cognito's standard attribute names; any other name is a custom attribute.
const STANDARD_ATTRIBUTES: &[&str] = &[
    "sub",
    "name",
    "given_name",
    "family_name",
    "middle_name",
    "nickname",
    "preferred_username",
    "profile",
    "picture",
    "website",
    "email",
    "email_verified",
    "gender",
    "birthdate",
    "zoneinfo",
    "locale",
    "phone_number",
    "phone_number_verified",
    "address",
    "updated_at",
    "identities",
];

/// The wire name of an attribute: operators may write `team` for `custom:team`.
pub(super) fn attribute_name(name: &str) -> String {
    let name = name.trim();
    if STANDARD_ATTRIBUTES.contains(&name)
        || name.starts_with("custom:")
        || name.starts_with("dev:")
    {
        name.to_string()
    } else {
        format!("custom:{name}")
    }
}

/// Name/value pairs as the SDK's attribute list, names completed with `custom:`.
pub(super) fn attribute_list(
    attributes: &[(String, String)],
) -> Result<Vec<AttributeType>, ServiceError> {
    attributes
        .iter()
        .map(|(name, value)| {
            AttributeType::builder()
                .name(attribute_name(name))
                .value(value)
                .build()
                .map_err(|e| ServiceError::InvalidParameter {
                    detail: e.to_string(),
                })
        })
        .collect()
}

/// The SDK's attribute list as a map (attributes without a value map to "").
pub(super) fn attribute_map(attributes: &[AttributeType]) -> BTreeMap<String, String> {
    attributes
        .iter()
        .map(|a| {
            (
                a.name().to_string(),
                a.value().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

pub(super) fn timestamp(value: Option<&DateTime>) -> Option<OffsetDateTime> {
    value.and_then(|t| OffsetDateTime::from_unix_timestamp(t.secs()).ok())
}

/// `SOFTWARE_TOKEN_MFA` → SoftwareToken; names this version does not know are skipped.
pub(super) fn mfa_kind(name: &str) -> Option<MfaKind> {
    match name {
        "SMS_MFA" => Some(MfaKind::Sms),
        "SOFTWARE_TOKEN_MFA" => Some(MfaKind::SoftwareToken),
        "EMAIL_OTP" => Some(MfaKind::Email),
        _ => None,
    }
}

/// An empty pagination token means the last page, as an absent one does.
pub(super) fn next_token(token: Option<&str>) -> Option<String> {
    token.filter(|t| !t.is_empty()).map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn custom_prefix_is_added_only_to_non_standard_names() {
        assert_eq!(attribute_name("email"), "email");
        assert_eq!(attribute_name("email_verified"), "email_verified");
        assert_eq!(attribute_name("team"), "custom:team");
        assert_eq!(attribute_name("custom:team"), "custom:team");
        assert_eq!(attribute_name("dev:custom:x"), "dev:custom:x");
    }

    #[test]
    fn mfa_names() {
        assert_eq!(mfa_kind("SOFTWARE_TOKEN_MFA"), Some(MfaKind::SoftwareToken));
        assert_eq!(mfa_kind("SMS_MFA"), Some(MfaKind::Sms));
        assert_eq!(mfa_kind("WEBAUTHN"), None);
    }
}
