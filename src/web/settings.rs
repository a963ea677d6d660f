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

/// The pool keys a settings file may hold, warrant's names (COGNITO_USER_POOL_ID, COGNITO_APP_ID,
/// COGNITO_APP_SECRET) in lower case, with the region, endpoint and flow cognito-tui adds.
const POOL_KEYS: [&str; 6] = [
    "cognito_user_pool_id",
    "cognito_app_id",
    "cognito_app_secret",
    "cognito_region",
    "cognito_endpoint_url",
    "cognito_auth_flow",
];

/// Reads a settings file (every key optional; unknown keys refused).
pub fn read_settings_file(path: &Path) -> Result<(Option<Settings>, UserRules), String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    parse_settings_file(&text).map_err(|e| format!("{}: {e}", path.display()))
}

/// A settings file: the user rules, and optionally the pool and app client. The pool is `None`
/// when the file names none (the site then takes it from a profile).
pub fn parse_settings_file(text: &str) -> Result<(Option<Settings>, UserRules), String> {
    let mut table: toml::Table = toml::from_str(text).map_err(|e| e.to_string())?;
    let mut take = |key: &str| -> Result<Option<String>, String> {
        match table.remove(key) {
            None => Ok(None),
            Some(toml::Value::String(s)) => Ok(Some(s)),
            Some(other) => Err(format!("{key} must be a string, not {}", other.type_str())),
        }
    };
    let pool_id = take(POOL_KEYS[0])?;
    let app_id = take(POOL_KEYS[1])?;
    let secret = take(POOL_KEYS[2])?;
    let region = take(POOL_KEYS[3])?;
    let endpoint = take(POOL_KEYS[4])?;
    let flow = take(POOL_KEYS[5])?;
    let rules: UserRules = toml::Value::Table(table)
        .try_into()
        .map_err(|e: toml::de::Error| e.to_string())?;
    rules.check()?;
    let pool = match (pool_id, app_id) {
        (None, None) if secret.is_none() && region.is_none() && endpoint.is_none() => None,
        (Some(pool_id), Some(app_id)) => {
            let mut settings = Settings::new(pool_id, app_id);
            if let Some(region) = region {
                settings.region = region;
            }
            if settings.region.is_empty() {
                return Err("cognito_region is needed: the pool id names no region".into());
            }
            settings.client_secret = secret.filter(|s| !s.is_empty()).map(Into::into);
            settings.endpoint_url = endpoint;
            settings.auth_flow = match flow.as_deref() {
                None | Some("srp") => crate::service::AuthFlow::Srp,
                Some("user_password") => crate::service::AuthFlow::UserPassword,
                Some(other) => {
                    return Err(format!(
                        "cognito_auth_flow is \"srp\" or \"user_password\", not {other:?}"
                    ));
                }
            };
            Some(settings)
        }
        _ => {
            return Err("a pool needs both cognito_user_pool_id and cognito_app_id".into());
        }
    };
    Ok((pool, rules))
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
    fn a_settings_file_may_name_the_pool() {
        let (pool, rules) = parse_settings_file(
            "cognito_user_pool_id = \"eu-west-1_AbC\"\ncognito_app_id = \"client1\"\n\
             cognito_app_secret = \"s3cret\"\ncognito_auth_flow = \"user_password\"\n\
             create_unknown_user = false\n",
        )
        .unwrap();
        let pool = pool.unwrap();
        assert_eq!(
            (
                pool.region.as_str(),
                pool.user_pool_id.as_str(),
                pool.client_id.as_str()
            ),
            ("eu-west-1", "eu-west-1_AbC", "client1")
        );
        assert_eq!(pool.client_secret.unwrap().expose(), "s3cret");
        assert_eq!(pool.auth_flow, crate::service::AuthFlow::UserPassword);
        assert!(!rules.create_unknown_user);
        assert!(parse_settings_file("").unwrap().0.is_none());
        let half = parse_settings_file("cognito_app_id = \"c\"").unwrap_err();
        assert!(
            half.contains("both cognito_user_pool_id and cognito_app_id"),
            "{half}"
        );
        let typo = parse_settings_file("create_unknown_users = false").unwrap_err();
        assert!(typo.contains("create_unknown_users"), "{typo}");
        let flow = parse_settings_file(
            "cognito_user_pool_id = \"eu-west-1_A\"\ncognito_app_id = \"c\"\ncognito_auth_flow = \"x\"",
        )
        .unwrap_err();
        assert!(flow.contains("cognito_auth_flow"), "{flow}");
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
