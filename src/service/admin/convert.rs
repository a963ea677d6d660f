//! Small conversions between SDK values and the operator's domain types.

use std::collections::BTreeMap;

use aws_sdk_cognitoidentityprovider::primitives::DateTime;
use aws_sdk_cognitoidentityprovider::types::AttributeType;
use time::OffsetDateTime;

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

/// An empty pagination token means the last page, as an absent one does.
pub(super) fn next_token(token: Option<&str>) -> Option<String> {
    token.filter(|t| !t.is_empty()).map(str::to_string)
}
