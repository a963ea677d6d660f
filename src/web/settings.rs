//! The backend's settings, named after warrant's Django settings (COGNITO_ATTR_MAPPING,
//! COGNITO_CREATE_UNKNOWN_USERS, …) with the same defaults, readable from a TOML file.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use crate::service::Settings;

/// The local field whose value decides whether a user is active (see `inactive_user_status`).
pub const STATUS_FIELD: &str = "status";

/// How Cognito users become the site's local users.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct UserRules {
    /// COGNITO_ATTR_MAPPING: Cognito attribute (`email`, `custom:team`) → local field. Unmapped
    /// attributes are still kept with the user (`WebUser::attribute`).
    #[serde(rename = "cognito_attr_mapping")]
    pub attr_mapping: BTreeMap<String, String>,
    /// COGNITO_CREATE_UNKNOWN_USERS: a first sign-in creates the local user; when off, only
    /// existing local users can sign in (and are updated).
    #[serde(rename = "create_unknown_user")]
    pub create_unknown_user: bool,
    /// Let inactive users sign in anyway (they are marked inactive, `WebUser::active`).
    pub supports_inactive_user: bool,
    /// INACTIVE_USER_STATUS: values of the local `status` field (set through the mapping, e.g.
    /// `custom:status = "status"`, or on the operators' page) that make a user inactive.
    #[serde(rename = "inactive_user_status")]
    pub inactive_statuses: Vec<String>,
}

impl Default for UserRules {
    fn default() -> Self {
        Self {
            attr_mapping: default_mapping(),
            create_unknown_user: true,
            supports_inactive_user: false,
            inactive_statuses: vec!["inactive".into()],
        }
    }
}

/// warrant's default mapping: email → email, given_name → first_name, family_name → last_name.
pub fn default_mapping() -> BTreeMap<String, String> {
    [
        ("email", "email"),
        ("given_name", "first_name"),
        ("family_name", "last_name"),
    ]
    .into_iter()
    .map(|(a, f)| (a.to_string(), f.to_string()))
    .collect()
}

impl UserRules {
    /// True when a user whose local fields are `fields` counts as inactive.
    pub fn is_inactive(&self, fields: &BTreeMap<String, String>) -> bool {
        fields.get(STATUS_FIELD).is_some_and(|status| {
            self.inactive_statuses
                .iter()
                .any(|s| s.eq_ignore_ascii_case(status.trim()))
        })
    }

    /// The Cognito attribute a local field comes from, if the mapping names one.
    pub fn attribute_of(&self, field: &str) -> Option<&str> {
        self.attr_mapping
            .iter()
            .find(|(_, f)| f.as_str() == field)
            .map(|(a, _)| a.as_str())
    }

    /// Reads the rules from a TOML file (every key optional; unknown keys refused).
    pub fn from_file(path: &Path) -> Result<Self, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        Self::from_toml(&text).map_err(|e| format!("{}: {e}", path.display()))
    }

    pub fn from_toml(text: &str) -> Result<Self, String> {
        let rules: Self = toml::from_str(text).map_err(|e| e.to_string())?;
        rules.check()?;
        Ok(rules)
    }

    /// Refuses a mapping that would write two attributes into one field, or empty names.
    pub fn check(&self) -> Result<(), String> {
        let mut seen = BTreeMap::new();
        for (attribute, field) in &self.attr_mapping {
            if attribute.trim().is_empty() || field.trim().is_empty() {
                return Err("cognito_attr_mapping: names must not be empty".into());
            }
            if let Some(other) = seen.insert(field.as_str(), attribute.as_str()) {
                return Err(format!(
                    "cognito_attr_mapping: both {other} and {attribute} map to the field {field}"
                ));
            }
        }
        Ok(())
    }
}

/// Everything the backend needs: the pool and app client (COGNITO_USER_POOL_ID, COGNITO_APP_ID,
/// COGNITO_APP_SECRET, the sign-in flow) and the user rules.
#[derive(Debug, Clone)]
pub struct WebSettings {
    pub pool: Settings,
    pub rules: UserRules,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_warrants() {
        let rules = UserRules::default();
        assert_eq!(rules.attr_mapping.get("given_name").unwrap(), "first_name");
        assert_eq!(rules.attr_mapping.get("family_name").unwrap(), "last_name");
        assert_eq!(rules.attr_mapping.get("email").unwrap(), "email");
        assert!(rules.create_unknown_user && !rules.supports_inactive_user);
        assert_eq!(UserRules::from_toml("").unwrap(), rules);
    }

    #[test]
    fn toml_names_and_checks() {
        let rules = UserRules::from_toml(
            "create_unknown_user = false\ninactive_user_status = [\"suspended\"]\n\
             [cognito_attr_mapping]\n\"custom:team\" = \"team\"\n\"custom:status\" = \"status\"\n",
        )
        .unwrap();
        assert!(!rules.create_unknown_user);
        assert_eq!(rules.attribute_of("team"), Some("custom:team"));
        let fields = BTreeMap::from([("status".to_string(), " Suspended".to_string())]);
        assert!(rules.is_inactive(&fields));
        let err = UserRules::from_toml("[cognito_attr_mapping]\nemail = \"x\"\nname = \"x\"\n")
            .unwrap_err();
        assert!(
            err.contains("both email and name map to the field x"),
            "{err}"
        );
        assert!(UserRules::from_toml("create_unknown_users = true").is_err());
    }
}
