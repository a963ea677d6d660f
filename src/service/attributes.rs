//! Attribute names and values as the wire takes them, shared by the user and operator sides:
//! callers may write `team` for the custom attribute `custom:team`.

use std::collections::BTreeMap;

use aws_sdk_cognitoidentityprovider::types::AttributeType;

use super::ServiceError;

/// Cognito's standard attributes: every other name is a custom one.
const STANDARD_ATTRIBUTES: &[&str] = &[
    "address",
    "identities",
    "birthdate",
    "email",
    "email_verified",
    "family_name",
    "gender",
    "given_name",
    "locale",
    "middle_name",
    "name",
    "nickname",
    "phone_number",
    "phone_number_verified",
    "picture",
    "preferred_username",
    "profile",
    "sub",
    "updated_at",
    "website",
    "zoneinfo",
];

/// The wire name of an attribute: standard names as they are, names that already carry a
/// prefix (`custom:`, `dev:`) as they are, anything else as `custom:<name>`.
pub fn attribute_name(name: &str) -> Result<String, ServiceError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(ServiceError::InvalidParameter {
            detail: "an attribute name is empty".into(),
        });
    }
    if STANDARD_ATTRIBUTES.contains(&name) || name.contains(':') {
        Ok(name.to_string())
    } else {
        Ok(format!("custom:{name}"))
    }
}

/// Booleans go on the wire as `true`/`false`, whatever case the caller used.
fn attribute_value(value: &str) -> String {
    if value.eq_ignore_ascii_case("true") {
        "true".into()
    } else if value.eq_ignore_ascii_case("false") {
        "false".into()
    } else {
        value.to_string()
    }
}

/// Attributes to write, with names and values normalised; a name given twice is refused.
pub fn attributes_to_write(
    attributes: Vec<(String, String)>,
) -> Result<Vec<AttributeType>, ServiceError> {
    let mut seen = BTreeMap::new();
    for (name, value) in attributes {
        let wire = attribute_name(&name)?;
        if seen.insert(wire.clone(), attribute_value(&value)).is_some() {
            return Err(ServiceError::InvalidParameter {
                detail: format!("the attribute {wire} is given twice"),
            });
        }
    }
    seen.into_iter()
        .map(|(name, value)| {
            AttributeType::builder()
                .name(name)
                .value(value)
                .build()
                .map_err(|e| ServiceError::InvalidParameter {
                    detail: e.to_string(),
                })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn custom_prefix_is_added_to_non_standard_names_only() {
        assert_eq!(attribute_name("email").unwrap(), "email");
        assert_eq!(attribute_name("identities").unwrap(), "identities");
        assert_eq!(attribute_name("team").unwrap(), "custom:team");
        assert_eq!(attribute_name("custom:team").unwrap(), "custom:team");
        assert_eq!(attribute_name("dev:custom:x").unwrap(), "dev:custom:x");
        assert!(attribute_name(" ").is_err());
    }

    #[test]
    fn booleans_are_lowercase_and_duplicates_refused() {
        let attrs = attributes_to_write(vec![("email_verified".into(), "TRUE".into())]).unwrap();
        assert_eq!(attrs[0].value(), Some("true"));
        let twice = vec![
            ("team".to_string(), "a".to_string()),
            ("custom:team".to_string(), "b".to_string()),
        ];
        assert!(matches!(
            attributes_to_write(twice),
            Err(ServiceError::InvalidParameter { .. })
        ));
    }
}
