//! RFC 6238 software tokens as Cognito uses them: SHA-1, 6 digits, 30-second steps, and a
//! 20-byte secret handed out as 32 base32 characters (`AssociateSoftwareToken`'s SecretCode).

use rand::TryRng;
use rand::rngs::SysRng;
use subtle::{ConditionallySelectable as _, ConstantTimeEq as _};
use totp_rs::{Algorithm, Secret, TOTP};
use zeroize::{Zeroize, Zeroizing};

const DIGITS: usize = 6;
const STEP_SECONDS: u64 = 30;
const SECRET_BYTES: usize = 20;
/// Steps accepted on either side of the current one, for clock skew between phone and server.
const SKEW_STEPS: u64 = 1;
/// Anything longer is not a secret we issued; refuse before decoding.
const MAX_SECRET_CHARS: usize = 256;

/// A fresh random secret: 20 bytes from the OS, base32 without padding (32 characters).
pub fn new_secret() -> Result<String, String> {
    let mut bytes = Zeroizing::new([0u8; SECRET_BYTES]);
    SysRng
        .try_fill_bytes(&mut bytes[..])
        .map_err(|e| format!("the OS random number generator failed: {e}"))?;
    let raw = Secret::Raw(bytes.to_vec());
    let encoded = raw.to_encoded();
    wipe(raw);
    match encoded {
        Secret::Encoded(text) => Ok(text),
        other => {
            wipe(other);
            Err("base32 encoding of the secret failed".to_string())
        }
    }
}

/// totp-rs's `Secret` is not wiped on drop without its `zeroize` feature; do it by hand.
fn wipe(secret: Secret) {
    match secret {
        Secret::Raw(mut bytes) => bytes.zeroize(),
        Secret::Encoded(mut text) => text.zeroize(),
    }
}

/// Accepts the code of the step containing `now`, or one step before/after (clock skew).
/// Non-6-digit input, or a secret that does not decode, gives false.
pub fn verify(secret_b32: &str, code: &str, now_unix: u64) -> bool {
    matching_step(secret_b32, code, now_unix).is_some()
}

/// The time step (30 s) whose code `code` is — the one containing `now_unix`, or one before or
/// after — or None. Sign-in records it so the same code cannot be used twice.
pub fn matching_step(secret_b32: &str, code: &str, now_unix: u64) -> Option<u64> {
    if code.len() != DIGITS || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let totp = Token::new(secret_b32)?;
    let step = now_unix / STEP_SECONDS;
    let first = step.saturating_sub(SKEW_STEPS);
    let last = step.saturating_add(SKEW_STEPS);
    // Check every candidate step without an early exit, so timing does not say which one matched.
    let mut matched = subtle::Choice::from(0u8);
    let mut found = 0u64;
    for s in first..=last {
        let Some(time) = s.checked_mul(STEP_SECONDS) else {
            continue;
        };
        let expected = Zeroizing::new(totp.0.generate(time));
        let hit = expected.as_bytes().ct_eq(code.as_bytes());
        found = u64::conditional_select(&found, &s, hit);
        matched |= hit;
    }
    bool::from(matched).then_some(found)
}

/// The code for the step containing `now_unix`; None when the secret does not decode.
pub fn code_at(secret_b32: &str, now_unix: u64) -> Option<String> {
    Token::new(secret_b32).map(|t| t.0.generate(now_unix))
}

/// The `otpauth://` URI authenticator apps read from a QR code. Label and issuer are
/// percent-encoded, so a `:` or `&` in a pool or user name cannot change the URI's meaning.
pub fn otpauth_uri(secret_b32: &str, account: &str, issuer: &str) -> String {
    let secret = normalize(secret_b32);
    let mut uri = String::from("otpauth://totp/");
    if !issuer.is_empty() {
        uri.push_str(&percent_encode(issuer));
        uri.push(':');
    }
    uri.push_str(&percent_encode(account));
    uri.push_str("?secret=");
    uri.push_str(&percent_encode(&secret));
    if !issuer.is_empty() {
        uri.push_str("&issuer=");
        uri.push_str(&percent_encode(issuer));
    }
    uri.push_str(&format!(
        "&algorithm=SHA1&digits={DIGITS}&period={STEP_SECONDS}"
    ));
    uri
}

/// A TOTP generator whose secret bytes are wiped when it is dropped (totp-rs does not do that
/// without its `zeroize` feature).
struct Token(TOTP);

impl Token {
    fn new(secret_b32: &str) -> Option<Token> {
        if secret_b32.len() > MAX_SECRET_CHARS {
            return None;
        }
        let encoded = Secret::Encoded(normalize(secret_b32));
        let bytes = encoded.to_bytes();
        wipe(encoded);
        let bytes = bytes.ok()?;
        // totp-rs refuses secrets under 128 bits; we never issue those.
        TOTP::new(Algorithm::SHA1, DIGITS, 0, STEP_SECONDS, bytes)
            .ok()
            .map(Token)
    }
}

impl Drop for Token {
    fn drop(&mut self) {
        self.0.secret.zeroize();
    }
}

/// Authenticator apps and people write secrets in lower case, with spaces or with padding.
fn normalize(secret_b32: &str) -> String {
    secret_b32
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-' && *c != '=')
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// RFC 3986 percent-encoding of everything except the unreserved characters.
fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238 appendix B, SHA-1: the ASCII secret "12345678901234567890".
    const RFC_SECRET_B32: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
    const RFC_VECTORS: [(u64, &str); 6] = [
        (59, "94287082"),
        (1_111_111_109, "07081804"),
        (1_111_111_111, "14050471"),
        (1_234_567_890, "89005924"),
        (2_000_000_000, "69279037"),
        (20_000_000_000, "65353130"),
    ];

    #[test]
    fn rfc6238_sha1_vectors() {
        let encoded = Secret::Raw(b"12345678901234567890".to_vec()).to_encoded();
        assert!(matches!(&encoded, Secret::Encoded(s) if s == RFC_SECRET_B32));
        for (time, eight) in RFC_VECTORS {
            let six = &eight[2..];
            assert_eq!(
                code_at(RFC_SECRET_B32, time).as_deref(),
                Some(six),
                "t={time}"
            );
            assert!(verify(RFC_SECRET_B32, six, time), "t={time}");
        }
    }

    #[test]
    fn window_is_one_step_each_way() {
        let now = 1_234_567_890; // step 41152263, which starts at 1_234_567_890
        let step_start = now / 30 * 30;
        let current = code_at(RFC_SECRET_B32, now).unwrap();
        let previous = code_at(RFC_SECRET_B32, step_start - 1).unwrap();
        let next = code_at(RFC_SECRET_B32, step_start + 30).unwrap();
        let too_old = code_at(RFC_SECRET_B32, step_start - 31).unwrap();
        let too_new = code_at(RFC_SECRET_B32, step_start + 60).unwrap();
        assert!(verify(RFC_SECRET_B32, &current, now));
        assert!(verify(RFC_SECRET_B32, &previous, now));
        assert!(verify(RFC_SECRET_B32, &next, now));
        for stale in [&too_old, &too_new] {
            if ![&current, &previous, &next].contains(&stale) {
                assert!(!verify(RFC_SECRET_B32, stale, now));
            }
        }
    }

    #[test]
    fn edges_of_time_do_not_panic() {
        let code = code_at(RFC_SECRET_B32, 0).unwrap();
        assert!(verify(RFC_SECRET_B32, &code, 0));
        assert!(verify(RFC_SECRET_B32, &code, 29));
        let _ = verify(RFC_SECRET_B32, "123456", u64::MAX);
        let _ = code_at(RFC_SECRET_B32, u64::MAX);
    }

    #[test]
    fn malformed_codes_are_refused() {
        let code = code_at(RFC_SECRET_B32, 59).unwrap();
        for bad in [
            "",
            "28708",
            "2870820",
            "28708a",
            " 287082",
            "２８７０８２",
            "-28708",
        ] {
            assert!(!verify(RFC_SECRET_B32, bad, 59), "{bad:?}");
        }
        assert_eq!(code, "287082");
    }

    #[test]
    fn bad_secrets_never_panic() {
        for bad in [
            "",
            "1",
            "!!!!",
            "GEZDGNBV",
            "é",
            "AAAAAAAAAAAAAAAAAAAAAAAAA1",
            &"A".repeat(5000),
        ] {
            assert!(code_at(bad, 59).is_none(), "{bad:?}");
            assert!(!verify(bad, "287082", 59));
        }
    }

    #[test]
    fn lenient_secret_spelling() {
        let spaced = "gezd gnbv gy3t qojq gezd gnbv gy3t qojq";
        assert_eq!(code_at(spaced, 59).as_deref(), Some("287082"));
        // 20 bytes need no padding, but a padded 16-byte secret decodes too.
        let Secret::Encoded(unpadded) = Secret::Raw(vec![7; 16]).to_encoded() else {
            panic!("to_encoded gives Encoded");
        };
        let padded = format!("{unpadded}======");
        assert!(code_at(&padded, 59).is_some());
    }

    #[test]
    fn new_secrets_look_like_cognitos() {
        let a = new_secret().unwrap();
        let b = new_secret().unwrap();
        assert_ne!(a, b);
        assert_eq!(a.len(), 32);
        assert!(
            a.bytes()
                .all(|c| c.is_ascii_uppercase() || (b'2'..=b'7').contains(&c))
        );
        let code = code_at(&a, 1_700_000_000).unwrap();
        assert!(verify(&a, &code, 1_700_000_000));
    }

    #[test]
    fn otpauth_uris() {
        assert_eq!(
            otpauth_uri(RFC_SECRET_B32, "alice@example.com", "My Pool"),
            "otpauth://totp/My%20Pool:alice%40example.com?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ\
             &issuer=My%20Pool&algorithm=SHA1&digits=6&period=30"
        );
        let uri = otpauth_uri(RFC_SECRET_B32, "a:b&c=d?", "");
        assert!(
            uri.starts_with("otpauth://totp/a%3Ab%26c%3Dd%3F?secret="),
            "{uri}"
        );
        assert!(!uri.contains("issuer="));
        assert!(otpauth_uri("x", "名前", "é").contains("%C3%A9:%E5%90%8D%E5%89%8D"));
    }
}
