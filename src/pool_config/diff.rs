//! Two pools' configurations side by side: every setting that differs. Both are brought to the
//! export's form first (no ids, dates or secrets); app clients are matched by name, groups and
//! schema attributes by theirs; ARNs are compared without their region and account, and lists
//! of names without their order.

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::{Map, Value};

use super::PoolConfig;
use super::export::export;

/// One setting that differs; `None` where a side does not have it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Difference {
    /// E.g. `pool.Policies.PasswordPolicy.MinimumLength`, `clients[web].CallbackURLs`.
    pub path: String,
    pub left: Option<Value>,
    pub right: Option<Value>,
}

/// `arn:aws:lambda:eu-west-1:123456789012:function:f` → `arn:aws:lambda:*:*:function:f`.
fn masked_arn(text: &str) -> Option<String> {
    let parts: Vec<&str> = text.splitn(6, ':').collect();
    (parts.len() == 6 && parts[0] == "arn")
        .then(|| format!("arn:{}:{}:*:*:{}", parts[1], parts[2], parts[5]))
}

fn normal(value: &Value) -> Value {
    match value {
        Value::String(s) => masked_arn(s).map_or_else(|| value.clone(), Value::String),
        Value::Array(items) if items.iter().all(Value::is_string) => {
            let mut items: Vec<Value> = items.iter().map(normal).collect();
            items.sort_by(|a, b| a.as_str().cmp(&b.as_str()));
            Value::Array(items)
        }
        Value::Array(items) => Value::Array(items.iter().map(normal).collect()),
        Value::Object(map) => {
            Value::Object(map.iter().map(|(k, v)| (k.clone(), normal(v))).collect())
        }
        _ => value.clone(),
    }
}

/// Lists of named things, keyed by their name so they are compared one by one.
fn keyed(items: &[Value], key: &str) -> Map<String, Value> {
    items
        .iter()
        .map(|item| {
            let name = item.get(key).and_then(Value::as_str).unwrap_or("?");
            (format!("[{name}]"), item.clone())
        })
        .collect()
}

fn flatten(prefix: &str, value: &Value, out: &mut BTreeMap<String, Value>) {
    match value {
        Value::Object(map) if !map.is_empty() => {
            for (key, inner) in map {
                let path = if key.starts_with('[') {
                    format!("{prefix}{key}")
                } else if prefix.is_empty() {
                    key.clone()
                } else {
                    format!("{prefix}.{key}")
                };
                flatten(&path, inner, out);
            }
        }
        _ => {
            out.insert(prefix.to_string(), normal(value));
        }
    }
}

/// The configuration as a map of setting paths to values.
pub fn settings(config: &PoolConfig) -> BTreeMap<String, Value> {
    let mut form = serde_json::to_value(export(config)).unwrap_or(Value::Null);
    if let Some(obj) = form.as_object_mut() {
        for (list, key) in [("clients", "ClientName"), ("groups", "GroupName")] {
            if let Some(Value::Array(items)) = obj.get(list) {
                let items = keyed(items, key);
                obj.insert(list.into(), Value::Object(items));
            }
        }
        if let Some(Value::Array(schema)) = obj.get("pool").and_then(|p| p.get("Schema")) {
            let schema = keyed(schema, "Name");
            if let Some(Value::Object(pool)) = obj.get_mut("pool") {
                pool.insert("Schema".into(), Value::Object(schema));
            }
        }
    }
    let mut out = BTreeMap::new();
    flatten("", &form, &mut out);
    out
}

/// Every setting whose value differs between `left` and `right`, in path order.
pub fn diff(left: &PoolConfig, right: &PoolConfig) -> Vec<Difference> {
    let (a, b) = (settings(left), settings(right));
    let mut paths: Vec<&String> = a.keys().chain(b.keys()).collect();
    paths.sort();
    paths.dedup();
    paths
        .into_iter()
        .filter(|p| a.get(*p) != b.get(*p))
        .map(|p| Difference {
            path: p.clone(),
            left: a.get(p).cloned(),
            right: b.get(p).cloned(),
        })
        .collect()
}

fn shown(value: Option<&Value>) -> String {
    value.map_or_else(|| "(not set)".to_string(), Value::to_string)
}

/// The differences as text, each side labelled.
pub fn text(labels: (&str, &str), differences: &[Difference]) -> String {
    if differences.is_empty() {
        return format!("{} and {}: no difference\n", labels.0, labels.1);
    }
    let width = labels.0.len().max(labels.1.len());
    let mut out = String::new();
    for d in differences {
        out.push_str(&format!(
            "{}\n  {:<width$}  {}\n  {:<width$}  {}\n",
            d.path,
            labels.0,
            shown(d.left.as_ref()),
            labels.1,
            shown(d.right.as_ref()),
        ));
    }
    out.push_str(&format!(
        "{} settings differ between {} and {}\n",
        differences.len(),
        labels.0,
        labels.1
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arns_lose_region_and_account_only() {
        assert_eq!(
            masked_arn("arn:aws:lambda:eu-west-1:123456789012:function:pre-signup").as_deref(),
            Some("arn:aws:lambda:*:*:function:pre-signup")
        );
        assert_eq!(masked_arn("not an arn"), None);
    }

    #[test]
    fn name_lists_compare_without_order() {
        let a = normal(&serde_json::json!(["b", "a"]));
        assert_eq!(a, serde_json::json!(["a", "b"]));
    }
}
