//! Reading members out of Cognito's JSON documents.

use serde_json::{Map, Value};

/// The value at a dotted path (`Policies.PasswordPolicy.MinimumLength`).
pub fn at<'a>(map: &'a Map<String, Value>, path: &str) -> Option<&'a Value> {
    let mut parts = path.split('.');
    let mut current = map.get(parts.next()?)?;
    for part in parts {
        current = current.get(part)?;
    }
    Some(current)
}

pub fn text<'a>(map: &'a Map<String, Value>, path: &str) -> Option<&'a str> {
    at(map, path).and_then(Value::as_str)
}

pub fn flag(map: &Map<String, Value>, path: &str) -> Option<bool> {
    at(map, path).and_then(Value::as_bool)
}

pub fn number(map: &Map<String, Value>, path: &str) -> Option<i64> {
    at(map, path).and_then(Value::as_i64)
}

/// A list of strings (absent or not a list: empty).
pub fn texts<'a>(map: &'a Map<String, Value>, path: &str) -> Vec<&'a str> {
    at(map, path)
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default()
}
