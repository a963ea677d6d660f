//! Pool and app-client settings in Cognito's wire shape. Members the pool does not act on are
//! kept verbatim (`extra`) so DescribeUserPool returns what CreateUserPool was given.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::error::{ApiError, ApiResult};
use super::password_policy::PasswordPolicy;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct Policies {
    #[serde(default)]
    pub password_policy: PasswordPolicy,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AdminCreateUserConfig {
    #[serde(default)]
    pub allow_admin_create_user_only: bool,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct UsernameConfiguration {
    pub case_sensitive: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct StringConstraints {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_length: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_length: Option<String>,
}

/// One attribute of the pool's schema (standard or `custom:`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct SchemaAttribute {
    pub name: String,
    #[serde(default = "string_type")]
    pub attribute_data_type: String,
    #[serde(default)]
    pub developer_only_attribute: bool,
    #[serde(default = "yes")]
    pub mutable: bool,
    #[serde(default)]
    pub required: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub string_attribute_constraints: Option<StringConstraints>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number_attribute_constraints: Option<Value>,
}

fn string_type() -> String {
    "String".into()
}

fn yes() -> bool {
    true
}

fn off() -> String {
    "OFF".into()
}

/// A pool's settings (everything of CreateUserPool but the name).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct PoolSettings {
    #[serde(default)]
    pub policies: Policies,
    #[serde(default)]
    pub auto_verified_attributes: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub alias_attributes: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub username_attributes: Vec<String>,
    #[serde(default = "off")]
    pub mfa_configuration: String,
    #[serde(default)]
    pub admin_create_user_config: AdminCreateUserConfig,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username_configuration: Option<UsernameConfiguration>,
    /// The full schema: standard attributes plus `custom:` ones.
    #[serde(default)]
    pub schema_attributes: Vec<SchemaAttribute>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl PoolSettings {
    /// As in Cognito's API, a pool created without `UsernameConfiguration` compares usernames
    /// case-sensitively (the console, and the demo pool, choose insensitive).
    pub fn case_sensitive(&self) -> bool {
        self.username_configuration
            .as_ref()
            .is_none_or(|c| c.case_sensitive)
    }

    /// The key a username is stored and looked up under.
    pub fn username_key(&self, username: &str) -> String {
        if self.case_sensitive() {
            username.to_string()
        } else {
            username.to_lowercase()
        }
    }

    pub fn schema(&self, name: &str) -> Option<&SchemaAttribute> {
        self.schema_attributes.iter().find(|a| a.name == name)
    }

    /// Attributes that can sign in in place of the username: email/phone when they are the
    /// username attributes, or verified aliases.
    pub fn sign_in_aliases(&self) -> impl Iterator<Item = &str> {
        self.username_attributes
            .iter()
            .chain(self.alias_attributes.iter())
            .map(String::as_str)
    }

    pub fn auto_verifies(&self, attribute: &str) -> bool {
        self.auto_verified_attributes.iter().any(|a| a == attribute)
    }

    pub fn mfa_required(&self) -> bool {
        self.mfa_configuration == "ON"
    }

    pub fn mfa_enabled(&self) -> bool {
        self.mfa_configuration != "OFF"
    }
}

/// Cognito's standard attributes: (name, data type, mutable).
pub const STANDARD_ATTRIBUTES: &[(&str, &str, bool)] = &[
    ("sub", "String", false),
    ("name", "String", true),
    ("given_name", "String", true),
    ("family_name", "String", true),
    ("middle_name", "String", true),
    ("nickname", "String", true),
    ("preferred_username", "String", true),
    ("profile", "String", true),
    ("picture", "String", true),
    ("website", "String", true),
    ("email", "String", true),
    ("email_verified", "Boolean", true),
    ("gender", "String", true),
    ("birthdate", "String", true),
    ("zoneinfo", "String", true),
    ("locale", "String", true),
    ("phone_number", "String", true),
    ("phone_number_verified", "Boolean", true),
    ("address", "String", true),
    ("updated_at", "Number", true),
];

pub fn is_standard(name: &str) -> bool {
    STANDARD_ATTRIBUTES.iter().any(|(n, _, _)| *n == name)
}

/// Custom attributes a pool may have (Cognito's quota).
pub const MAX_CUSTOM_ATTRIBUTES: usize = 50;

/// Builds the full schema from CreateUserPool's `Schema`: every standard attribute (with the
/// caller's `Required` / `Mutable` / constraints where given) followed by custom attributes,
/// which get their `custom:` prefix.
pub fn full_schema(given: Vec<SchemaAttribute>) -> ApiResult<Vec<SchemaAttribute>> {
    // Cognito's quota; checked first, so a schema of thousands costs nothing.
    let custom = given.iter().filter(|a| !is_standard(&a.name)).count();
    if custom > MAX_CUSTOM_ATTRIBUTES {
        return Err(ApiError::invalid_parameter(format!(
            "A user pool can have at most {MAX_CUSTOM_ATTRIBUTES} custom attributes; this schema has {custom}."
        )));
    }
    let mut out: Vec<SchemaAttribute> = STANDARD_ATTRIBUTES
        .iter()
        .map(|(name, data_type, mutable)| SchemaAttribute {
            name: (*name).to_string(),
            attribute_data_type: (*data_type).to_string(),
            developer_only_attribute: false,
            mutable: *mutable,
            required: *name == "sub",
            string_attribute_constraints: (*data_type == "String").then(|| StringConstraints {
                min_length: Some(if *name == "sub" { "1" } else { "0" }.into()),
                max_length: Some("2048".into()),
            }),
            number_attribute_constraints: None,
        })
        .collect();
    for mut attr in given {
        if attr.name.is_empty() || attr.name.len() > 20 && !attr.name.starts_with("custom:") {
            return Err(ApiError::invalid_parameter(format!(
                "Invalid schema attribute name {:?}: 1 to 20 characters",
                attr.name
            )));
        }
        if !matches!(
            attr.attribute_data_type.as_str(),
            "String" | "Number" | "DateTime" | "Boolean"
        ) {
            return Err(ApiError::invalid_parameter(format!(
                "Invalid AttributeDataType {:?} for attribute {}",
                attr.attribute_data_type, attr.name
            )));
        }
        if let Some(standard) = out.iter_mut().find(|a| a.name == attr.name) {
            if attr.name == "sub" {
                continue;
            }
            standard.required = attr.required;
            standard.mutable = attr.mutable;
            if attr.string_attribute_constraints.is_some() {
                standard.string_attribute_constraints = attr.string_attribute_constraints;
            }
            continue;
        }
        if !attr.name.starts_with("custom:") {
            attr.name = format!("custom:{}", attr.name);
        }
        if attr.required {
            return Err(ApiError::invalid_parameter(
                "Required custom attributes are not supported currently.",
            ));
        }
        if out.iter().any(|a| a.name == attr.name) {
            return Err(ApiError::invalid_parameter(format!(
                "Duplicate schema attribute {}",
                attr.name
            )));
        }
        out.push(attr);
    }
    Ok(out)
}

/// Token lifetimes with their units, as CreateUserPoolClient takes them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct TokenValidityUnits {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_token: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_token: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<String>,
}

/// An app client's settings (CreateUserPoolClient minus pool id).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ClientSettings {
    pub client_name: String,
    #[serde(default)]
    pub explicit_auth_flows: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prevent_user_existence_errors: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_token_validity: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_token_validity: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_token_validity: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_validity_units: Option<TokenValidityUnits>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub read_attributes: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub write_attributes: Option<Vec<String>>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The flows Cognito enables when a client names none.
pub const DEFAULT_AUTH_FLOWS: &[&str] = &[
    "ALLOW_USER_SRP_AUTH",
    "ALLOW_CUSTOM_AUTH",
    "ALLOW_REFRESH_TOKEN_AUTH",
];

/// Which sign-in flow a request uses, for the client's ExplicitAuthFlows check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    UserSrp,
    UserPassword,
    AdminUserPassword,
    RefreshToken,
}

impl ClientSettings {
    /// Whether the client allows `flow`, honouring the legacy flow names.
    pub fn allows(&self, flow: Flow) -> bool {
        let names: &[&str] = match flow {
            Flow::UserSrp => &["ALLOW_USER_SRP_AUTH"],
            Flow::UserPassword => &["ALLOW_USER_PASSWORD_AUTH", "USER_PASSWORD_AUTH"],
            Flow::AdminUserPassword => &["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ADMIN_NO_SRP_AUTH"],
            // Refresh is always possible with legacy names; Cognito requires it with new ones.
            Flow::RefreshToken => &["ALLOW_REFRESH_TOKEN_AUTH"],
        };
        if self.explicit_auth_flows.is_empty() {
            return DEFAULT_AUTH_FLOWS.iter().any(|f| names.contains(f));
        }
        let legacy_only = self
            .explicit_auth_flows
            .iter()
            .all(|f| !f.starts_with("ALLOW_"));
        if legacy_only && matches!(flow, Flow::UserSrp | Flow::RefreshToken) {
            return true;
        }
        self.explicit_auth_flows
            .iter()
            .any(|f| names.contains(&f.as_str()))
    }

    /// `PreventUserExistenceErrors = ENABLED`: unknown users look like wrong passwords.
    pub fn hides_user_existence(&self) -> bool {
        self.prevent_user_existence_errors.as_deref() == Some("ENABLED")
    }

    pub fn access_token_seconds(&self) -> i64 {
        self.validity(
            self.access_token_validity,
            |u| u.access_token.as_deref(),
            3600,
            "hours",
        )
    }

    pub fn id_token_seconds(&self) -> i64 {
        self.validity(
            self.id_token_validity,
            |u| u.id_token.as_deref(),
            3600,
            "hours",
        )
    }

    pub fn refresh_token_seconds(&self) -> i64 {
        self.validity(
            self.refresh_token_validity,
            |u| u.refresh_token.as_deref(),
            30 * 86_400,
            "days",
        )
    }

    fn validity(
        &self,
        value: Option<i64>,
        unit: impl Fn(&TokenValidityUnits) -> Option<&str>,
        default_seconds: i64,
        default_unit: &str,
    ) -> i64 {
        let Some(value) = value else {
            return default_seconds;
        };
        let unit = self
            .token_validity_units
            .as_ref()
            .and_then(unit)
            .unwrap_or(default_unit);
        value.saturating_mul(unit_seconds(unit).unwrap_or(1))
    }
}

/// Seconds in a TokenValidityUnits unit.
pub fn unit_seconds(unit: &str) -> Option<i64> {
    match unit {
        "seconds" => Some(1),
        "minutes" => Some(60),
        "hours" => Some(3600),
        "days" => Some(86_400),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_flows_allow_srp_and_refresh_only() {
        let c = ClientSettings::default();
        assert!(c.allows(Flow::UserSrp));
        assert!(c.allows(Flow::RefreshToken));
        assert!(!c.allows(Flow::UserPassword));
        assert!(!c.allows(Flow::AdminUserPassword));
    }

    #[test]
    fn legacy_flow_names_are_honoured() {
        let c = ClientSettings {
            explicit_auth_flows: vec!["ADMIN_NO_SRP_AUTH".into()],
            ..ClientSettings::default()
        };
        assert!(c.allows(Flow::AdminUserPassword));
        assert!(c.allows(Flow::UserSrp));
        assert!(!c.allows(Flow::UserPassword));
    }

    #[test]
    fn validity_uses_units() {
        let c = ClientSettings {
            access_token_validity: Some(5),
            token_validity_units: Some(TokenValidityUnits {
                access_token: Some("minutes".into()),
                ..Default::default()
            }),
            refresh_token_validity: Some(2),
            ..ClientSettings::default()
        };
        assert_eq!(c.access_token_seconds(), 300);
        assert_eq!(c.id_token_seconds(), 3600);
        assert_eq!(c.refresh_token_seconds(), 2 * 86_400);
    }

    #[test]
    fn schema_adds_custom_prefix_and_refuses_required_custom() {
        let s = full_schema(vec![SchemaAttribute {
            name: "team".into(),
            attribute_data_type: "String".into(),
            developer_only_attribute: false,
            mutable: true,
            required: false,
            string_attribute_constraints: None,
            number_attribute_constraints: None,
        }])
        .unwrap();
        assert!(s.iter().any(|a| a.name == "custom:team"));
        assert!(s.iter().any(|a| a.name == "email" && !a.required));
        let err = full_schema(vec![SchemaAttribute {
            name: "team".into(),
            attribute_data_type: "String".into(),
            developer_only_attribute: false,
            mutable: true,
            required: true,
            string_attribute_constraints: None,
            number_attribute_constraints: None,
        }])
        .unwrap_err();
        assert_eq!(err.kind, "InvalidParameterException");
    }
}
