//! The account layer's domain types, and their conversions from the SDK's shapes.

use std::collections::BTreeMap;

use aws_sdk_cognitoidentityprovider::types::{
    AttributeType, CodeDeliveryDetailsType, DeliveryMediumType,
};

use crate::secret::SecretString;
use crate::service::auth::MfaKind;

/// A signed-in user's profile, as GetUser returns it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    /// The internal username.
    pub username: String,
    pub sub: String,
    /// Every attribute by its wire name (`email`, `custom:team`), `sub` included.
    pub attributes: BTreeMap<String, String>,
    pub email_verified: bool,
    pub phone_verified: bool,
    pub mfa: MfaSettings,
}

impl User {
    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes.get(name).map(String::as_str)
    }
}

/// Which second factors are on, and which one sign-in asks for first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MfaSettings {
    pub enabled: Vec<MfaKind>,
    pub preferred: Option<MfaKind>,
}

/// How a code was sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeliveryMedium {
    Email,
    Sms,
    Other(String),
}

/// Where a code was sent: the destination comes masked (`a***@e***`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeDelivery {
    pub destination: Option<String>,
    pub medium: DeliveryMedium,
    /// The attribute the code verifies (`email`, `phone_number`).
    pub attribute: Option<String>,
}

impl From<&CodeDeliveryDetailsType> for CodeDelivery {
    fn from(details: &CodeDeliveryDetailsType) -> Self {
        let medium = match details.delivery_medium() {
            Some(DeliveryMediumType::Email) => DeliveryMedium::Email,
            Some(DeliveryMediumType::Sms) => DeliveryMedium::Sms,
            Some(other) => DeliveryMedium::Other(other.as_str().to_string()),
            None => DeliveryMedium::Other(String::new()),
        };
        Self {
            destination: details.destination().map(str::to_string),
            medium,
            attribute: details.attribute_name().map(str::to_string),
        }
    }
}

/// A sign-up. Attributes may name custom ones with or without their `custom:` prefix.
/// `Debug` is safe: the password prints as `***`.
#[derive(Debug, Clone)]
pub struct RegisterRequest {
    pub username: String,
    pub password: SecretString,
    pub attributes: Vec<(String, String)>,
}

/// The outcome of a sign-up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Registered {
    pub user_sub: String,
    /// False until the code is confirmed (unless the pool confirms by itself).
    pub confirmed: bool,
    pub delivery: Option<CodeDelivery>,
}

/// A TOTP secret for an authenticator app. Both fields carry the secret.
#[derive(Debug, Clone)]
pub struct TotpSetup {
    pub secret: SecretString,
    pub otpauth_uri: SecretString,
}

pub use crate::service::attributes::{attribute_name, attributes_to_write};

/// Builds a `User` from GetUser's answer.
pub fn user_from(
    username: String,
    attributes: &[AttributeType],
    enabled: &[String],
    preferred: Option<&str>,
) -> User {
    let attributes: BTreeMap<String, String> = attributes
        .iter()
        .map(|a| {
            (
                a.name().to_string(),
                a.value().unwrap_or_default().to_string(),
            )
        })
        .collect();
    let flag = |name: &str| attributes.get(name).is_some_and(|v| v == "true");
    User {
        sub: attributes.get("sub").cloned().unwrap_or_default(),
        email_verified: flag("email_verified"),
        phone_verified: flag("phone_number_verified"),
        mfa: MfaSettings {
            enabled: enabled
                .iter()
                .filter_map(|n| MfaKind::from_wire(n))
                .collect(),
            preferred: preferred.and_then(MfaKind::from_wire),
        },
        username,
        attributes,
    }
}

/// Percent-encodes everything but RFC 3986's unreserved characters.
fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// The `otpauth://` URI an authenticator app reads (usually from a QR code).
pub fn otpauth_uri(secret: &str, label: &str, issuer: &str) -> String {
    let issuer = percent_encode(issuer);
    format!(
        "otpauth://totp/{issuer}:{}?secret={}&issuer={issuer}",
        percent_encode(label),
        percent_encode(secret)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn otpauth_uri_encodes_label_and_issuer() {
        let uri = otpauth_uri("ABC234", "a b:c@x", "us-east-1_P&1");
        assert_eq!(
            uri,
            "otpauth://totp/us-east-1_P%261:a%20b%3Ac%40x?secret=ABC234&issuer=us-east-1_P%261"
        );
    }
}
