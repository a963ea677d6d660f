//! `decode-token`: a JWT's header and claims, and when it expires (the signature is not checked).

use time::OffsetDateTime;

use super::{CommandError, read_input};
use crate::cognito::{jwt, timestamp};

/// Decodes `token`, or the token on standard input when it is absent or `-`.
pub fn decode(
    token: Option<String>,
    stdin: &mut dyn std::io::Read,
) -> Result<String, CommandError> {
    let token = match token.filter(|t| t != "-") {
        Some(t) => t,
        None => read_input(
            stdin,
            jwt::MAX_TOKEN_LEN as u64 + 1,
            "the token from standard input",
        )?
        .to_string(),
    };
    decode_token(token.trim(), OffsetDateTime::now_utc())
}

/// The decoded token as text, with the expiry relative to `now`.
pub fn decode_token(token: &str, now: OffsetDateTime) -> Result<String, CommandError> {
    let decoded = jwt::decode_unverified(token)?;
    let expiry = match decoded.expires_at() {
        Some(at) if at > now => {
            format!("expires {} (in {})", timestamp::format(at), span(at - now))
        }
        Some(at) => format!("expired {} ({} ago)", timestamp::format(at), span(now - at)),
        None => "no expiry (exp claim missing)".to_string(),
    };
    Ok(format!(
        "header:\n{}\nclaims:\n{}\n{expiry}\nsignature not checked",
        decoded.header_pretty(),
        decoded.claims_pretty()
    ))
}

fn span(d: time::Duration) -> String {
    let secs = d.whole_seconds();
    match secs {
        s if s < 120 => format!("{s} s"),
        s if s < 7200 => format!("{} min", s / 60),
        s if s < 172_800 => format!("{} h", s / 3600),
        s => format!("{} days", s / 86_400),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine as _;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use time::macros::datetime;

    fn token(claims: &str) -> String {
        format!(
            "{}.{}.c2ln",
            URL_SAFE_NO_PAD.encode(r#"{"alg":"RS256","kid":"k"}"#),
            URL_SAFE_NO_PAD.encode(claims)
        )
    }

    #[test]
    fn shows_claims_and_relative_expiry() {
        let now = datetime!(2026-11-05 06:00:00 UTC);
        let out = decode_token(&token(r#"{"sub":"abc","exp":1793863200}"#), now).unwrap();
        assert!(out.contains("\"sub\": \"abc\""), "{out}");
        assert!(
            out.contains("expires Thu Nov 5 07:20:00 UTC 2026 (in 80 min)"),
            "{out}"
        );
        let later = datetime!(2026-11-05 09:20:00 UTC);
        let out = decode_token(&token(r#"{"exp":1793863200}"#), later).unwrap();
        assert!(out.contains("(2 h ago)"), "{out}");
    }

    #[test]
    fn garbage_is_a_clear_error() {
        let err = decode_token("not-a-token", OffsetDateTime::now_utc())
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("not a readable JWT"), "{err}");
    }

    #[test]
    fn reads_standard_input_when_no_token_is_given() {
        let t = token(r#"{"sub":"from-stdin"}"#);
        let out = decode(None, &mut t.as_bytes()).unwrap();
        assert!(out.contains("from-stdin"));
    }
}
