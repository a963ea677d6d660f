//! Pagination shared by every list operation: page sizes and opaque NextTokens.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::Value;

use crate::local_pool::error::{ApiError, ApiResult};

/// Largest page any list operation returns.
pub const MAX_PAGE: usize = 60;

/// MaxResults / Limit: 1–60, 60 when not given.
pub fn page_size(member: &str, value: Option<i64>) -> ApiResult<usize> {
    match value {
        None => Ok(MAX_PAGE),
        Some(n) if n < 1 => Err(ApiError::invalid_member(
            member,
            "Member must have value greater than or equal to 1",
        )),
        Some(n) if n > MAX_PAGE as i64 => Err(ApiError::invalid_member(
            member,
            "Member must have value less than or equal to 60",
        )),
        Some(n) => Ok(n as usize),
    }
}

/// The key a NextToken resumes after (tokens are opaque to callers).
pub fn decode_token(token: Option<&str>) -> ApiResult<Option<String>> {
    let Some(token) = token else {
        return Ok(None);
    };
    let invalid = || ApiError::invalid_parameter("Invalid pagination token.");
    let bytes = URL_SAFE_NO_PAD
        .decode(token.trim())
        .map_err(|_| invalid())?;
    let key = String::from_utf8(bytes).map_err(|_| invalid())?;
    key.strip_prefix("k:")
        .map(|k| Some(k.to_string()))
        .ok_or_else(invalid)
}

/// Cuts `rows` (fetched with one row more than `limit`) to a page and its NextToken.
pub fn paginate<T>(
    mut rows: Vec<T>,
    limit: usize,
    key: impl Fn(&T) -> &str,
) -> (Vec<T>, Option<String>) {
    if rows.len() <= limit {
        return (rows, None);
    }
    rows.truncate(limit);
    let token = rows.last().map(|r| encode_token(key(r)));
    (rows, token)
}

/// The opaque token that resumes after `key`.
pub fn encode_token(key: &str) -> String {
    URL_SAFE_NO_PAD.encode(format!("k:{key}"))
}

/// `out` with its NextToken, when there is a next page.
pub fn with_token(mut out: Value, token: Option<String>) -> Value {
    if let (Some(token), Some(obj)) = (token, out.as_object_mut()) {
        obj.insert("NextToken".into(), Value::String(token));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_round_trip_and_garbage_is_refused() {
        let (page, token) = paginate(vec!["a", "b", "c"], 2, |s| s);
        assert_eq!(page, vec!["a", "b"]);
        assert_eq!(
            decode_token(token.as_deref()).unwrap().as_deref(),
            Some("b")
        );
        assert!(decode_token(Some("!!")).is_err());
        assert!(decode_token(Some(&URL_SAFE_NO_PAD.encode("b"))).is_err());
        assert_eq!(paginate(vec!["a"], 2, |s| s).1, None);
    }

    #[test]
    fn page_sizes_are_checked() {
        assert!(page_size("Limit", Some(0)).is_err());
        assert!(page_size("Limit", Some(61)).is_err());
        assert_eq!(page_size("Limit", None).unwrap(), 60);
    }
}
