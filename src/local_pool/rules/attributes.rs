//! Checking the attributes a request wants to write against the pool's schema, the client's
//! write permissions and Cognito's formats.

use serde::Deserialize;

use crate::local_pool::error::{ApiError, ApiResult};
use crate::local_pool::pools::{Client, Pool};

/// `{"Name": .., "Value": ..}` as requests carry it.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AttributeInput {
    pub name: String,
    #[serde(default)]
    pub value: Option<String>,
}

/// Who writes: users through an app client, or an administrator.
#[derive(Debug, Clone, Copy)]
pub enum Writer<'a> {
    User(&'a Client),
    Admin,
}

/// Longest attribute value Cognito accepts.
const MAX_VALUE: usize = 2048;

/// Validates and normalises attributes to write. `creating`: the user is new, so immutable
/// attributes may be given (once).
pub fn validate(
    pool: &Pool,
    writer: Writer<'_>,
    input: Vec<AttributeInput>,
    creating: bool,
) -> ApiResult<Vec<(String, String)>> {
    let mut out: Vec<(String, String)> = Vec::with_capacity(input.len());
    for AttributeInput { name, value } in input {
        let value = value.unwrap_or_default();
        let Some(schema) = pool.settings.schema(&name) else {
            return Err(ApiError::invalid_parameter(format!(
                "Attribute {name} does not exist in the schema."
            )));
        };
        if name == "sub" {
            return Err(ApiError::invalid_parameter(
                "Cannot modify the non-mutable attribute sub",
            ));
        }
        if !creating && !schema.mutable {
            return Err(ApiError::invalid_parameter(format!(
                "Cannot modify an already provided immutable attribute: {name}"
            )));
        }
        if let Writer::User(client) = writer {
            if schema.developer_only_attribute {
                return Err(ApiError::not_authorized(format!(
                    "A client attempted to write unauthorized attribute {name}"
                )));
            }
            if let Some(allowed) = &client.settings.write_attributes
                && !allowed.contains(&name)
            {
                return Err(ApiError::not_authorized(format!(
                    "A client attempted to write unauthorized attribute {name}"
                )));
            }
        }
        if value.len() > MAX_VALUE {
            return Err(ApiError::invalid_parameter(format!(
                "The value of attribute {name} is longer than {MAX_VALUE} characters"
            )));
        }
        let value = normalise(&name, &schema.attribute_data_type, value)?;
        if let Some(max) = schema
            .string_attribute_constraints
            .as_ref()
            .and_then(|c| c.max_length.as_deref())
            .and_then(|m| m.parse::<usize>().ok())
            && value.chars().count() > max
        {
            return Err(ApiError::invalid_parameter(format!(
                "The value of attribute {name} is longer than its maximum length {max}"
            )));
        }
        out.retain(|(n, _)| *n != name);
        out.push((name, value));
    }
    Ok(out)
}

fn normalise(name: &str, data_type: &str, value: String) -> ApiResult<String> {
    match name {
        "email" => {
            let email = value.trim().to_lowercase();
            if !looks_like_email(&email) {
                return Err(ApiError::invalid_parameter("Invalid email address format."));
            }
            return Ok(email);
        }
        "phone_number" => {
            if !looks_like_phone(&value) {
                return Err(ApiError::invalid_parameter(
                    "Invalid phone number format: use +<country code><number>, e.g. +14325551212.",
                ));
            }
            return Ok(value);
        }
        _ => {}
    }
    match data_type {
        "Boolean" => match value.as_str() {
            "true" | "false" => Ok(value),
            _ => Err(ApiError::invalid_parameter(format!(
                "The value of attribute {name} must be true or false"
            ))),
        },
        "Number" => match value.parse::<f64>() {
            Ok(n) if n.is_finite() => Ok(value),
            _ => Err(ApiError::invalid_parameter(format!(
                "The value of attribute {name} must be a number"
            ))),
        },
        _ => Ok(value),
    }
}

pub fn looks_like_email(text: &str) -> bool {
    match text.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.is_empty()
                && !domain.contains('@')
                && !text.chars().any(char::is_whitespace)
        }
        None => false,
    }
}

/// E.164: `+` and 4 to 15 digits.
pub fn looks_like_phone(text: &str) -> bool {
    text.strip_prefix('+').is_some_and(|digits| {
        (4..=15).contains(&digits.len()) && digits.bytes().all(|b| b.is_ascii_digit())
    })
}

/// Refuses a user that lacks any attribute the schema requires.
pub fn check_required(pool: &Pool, have: &[(String, String)]) -> ApiResult<()> {
    for schema in &pool.settings.schema_attributes {
        if schema.required
            && schema.name != "sub"
            && !have.iter().any(|(n, v)| *n == schema.name && !v.is_empty())
        {
            return Err(ApiError::invalid_parameter(format!(
                "Attributes did not conform to the schema: {}: The attribute is required",
                schema.name
            )));
        }
    }
    Ok(())
}

/// Refuses an alias value (email, phone, preferred_username) another user already holds as a
/// verified alias or username attribute.
pub fn check_alias_free(
    conn: &rusqlite::Connection,
    pool: &Pool,
    username_key: &str,
    attrs: &[(String, String)],
) -> ApiResult<()> {
    for (name, value) in attrs {
        if !pool.settings.sign_in_aliases().any(|a| a == name) {
            continue;
        }
        for owner in crate::local_pool::users::owners_of(conn, &pool.id, name, value)? {
            if owner == username_key {
                continue;
            }
            let Some(other) = crate::local_pool::users::get_by_key(conn, &pool.id, &owner)? else {
                continue;
            };
            let username_attribute = pool.settings.username_attributes.iter().any(|a| a == name);
            if username_attribute || name == "preferred_username" || other.is_verified(name) {
                return Err(if username_attribute {
                    ApiError::username_exists("An account with the given email already exists.")
                        .with_attribute(name)
                } else {
                    ApiError::alias_exists("An account with the given email already exists.")
                        .with_attribute(name)
                });
            }
        }
    }
    Ok(())
}

impl ApiError {
    /// Rewords the "given email" messages for other attributes.
    fn with_attribute(mut self, name: &str) -> Self {
        if name == "phone_number" {
            self.message = self.message.replace("email", "phone_number");
        } else if name != "email" {
            self.message = self.message.replace("email", name);
        }
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        assert!(looks_like_email("a@b.c"));
        assert!(!looks_like_email("a b@c"));
        assert!(!looks_like_email("@c"));
        assert!(looks_like_phone("+14325551212"));
        assert!(!looks_like_phone("14325551212"));
        assert!(!looks_like_phone("+1a"));
    }
}
