//! A user pool's password policy, checked the way Cognito checks it and with Cognito's messages.
//!
//! Character classes are Cognito's: Basic Latin letters only count as upper/lower case, ASCII
//! digits as numbers, and the documented symbol set plus an inner space as symbols.

use rand::TryRng;
use rand::rngs::SysRng;
use zeroize::Zeroizing;

/// Cognito's documented special characters (an inner space also counts, see [`is_symbol`]).
pub const SYMBOLS: &str = "^$*.[]{}()?\"!@#%&/\\,><':;|_~`=+-";

/// Cognito refuses longer passwords whatever the policy says.
pub const MAX_PASSWORD_CHARS: usize = 256;

/// Temporary passwords are never shorter than this, even under a weak policy.
const MIN_TEMPORARY_CHARS: usize = 12;

/// Symbols used in generated passwords: no quotes, backslash or space, so they survive
/// copy-paste into shells and e-mail templates.
const TEMPORARY_SYMBOLS: &[u8] = b"!@#%^&*()-_=+.?";

const POLICY_PREFIX: &str = "Password did not conform with policy: ";

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct PasswordPolicy {
    #[serde(default = "default_minimum_length")]
    pub minimum_length: u32,
    #[serde(default = "default_true")]
    pub require_uppercase: bool,
    #[serde(default = "default_true")]
    pub require_lowercase: bool,
    #[serde(default = "default_true")]
    pub require_numbers: bool,
    #[serde(default = "default_true")]
    pub require_symbols: bool,
    #[serde(default = "default_temporary_password_validity_days")]
    pub temporary_password_validity_days: u32,
}

fn default_minimum_length() -> u32 {
    8
}

fn default_true() -> bool {
    true
}

fn default_temporary_password_validity_days() -> u32 {
    7
}

impl Default for PasswordPolicy {
    /// Cognito's defaults for a pool created without a policy.
    fn default() -> Self {
        Self {
            minimum_length: default_minimum_length(),
            require_uppercase: true,
            require_lowercase: true,
            require_numbers: true,
            require_symbols: true,
            temporary_password_validity_days: default_temporary_password_validity_days(),
        }
    }
}

/// Whether `c` counts as a Cognito symbol. Spaces count only inside the password, and `check`
/// refuses leading and trailing whitespace before asking.
pub fn is_symbol(c: char) -> bool {
    c == ' ' || SYMBOLS.contains(c)
}

impl PasswordPolicy {
    /// Err with Cognito's message, e.g. "Password did not conform with policy: Password not long enough".
    /// Rules are checked in Cognito's order, so the first failing rule is the one reported.
    pub fn check(&self, password: &str) -> Result<(), String> {
        if password.starts_with(char::is_whitespace) || password.ends_with(char::is_whitespace) {
            return Err(format!(
                "{POLICY_PREFIX}Password must not begin or end with whitespace"
            ));
        }
        let length = password.chars().count();
        if length > MAX_PASSWORD_CHARS {
            return Err(format!(
                "{POLICY_PREFIX}Password must be at most {MAX_PASSWORD_CHARS} characters long"
            ));
        }
        if length < self.minimum_length as usize || length == 0 {
            return Err(format!("{POLICY_PREFIX}Password not long enough"));
        }
        let has = |pred: fn(&char) -> bool| password.chars().any(|c| pred(&c));
        if self.require_uppercase && !has(char::is_ascii_uppercase) {
            return Err(format!(
                "{POLICY_PREFIX}Password must have uppercase characters"
            ));
        }
        if self.require_lowercase && !has(char::is_ascii_lowercase) {
            return Err(format!(
                "{POLICY_PREFIX}Password must have lowercase characters"
            ));
        }
        if self.require_numbers && !has(char::is_ascii_digit) {
            return Err(format!(
                "{POLICY_PREFIX}Password must have numeric characters"
            ));
        }
        if self.require_symbols && !has(|c| is_symbol(*c)) {
            return Err(format!(
                "{POLICY_PREFIX}Password must have symbol characters"
            ));
        }
        Ok(())
    }

    /// A random temporary password that satisfies this policy: at least 12 characters (or the
    /// policy's minimum), always one of each class, drawn from the OS RNG.
    pub fn generate_temporary(&self) -> Result<String, String> {
        let length = (self.minimum_length as usize).max(MIN_TEMPORARY_CHARS);
        if length > MAX_PASSWORD_CHARS {
            return Err(format!(
                "minimum password length {} exceeds Cognito's limit of {MAX_PASSWORD_CHARS}",
                self.minimum_length
            ));
        }
        const UPPER: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ";
        const LOWER: &[u8] = b"abcdefghijkmnopqrstuvwxyz";
        const DIGITS: &[u8] = b"23456789";
        // Look-alikes (I, l, O, 0, 1) are left out: people type these from an e-mail.
        let all: Vec<u8> = [UPPER, LOWER, DIGITS, TEMPORARY_SYMBOLS].concat();

        let mut rng = Picker::new();
        let mut out = Zeroizing::new(Vec::with_capacity(length));
        for class in [UPPER, LOWER, DIGITS, TEMPORARY_SYMBOLS] {
            out.push(class[rng.below(class.len())?]);
        }
        while out.len() < length {
            out.push(all[rng.below(all.len())?]);
        }
        // Fisher-Yates, so the guaranteed characters are not always first.
        for i in (1..out.len()).rev() {
            let j = rng.below(i + 1)?;
            out.swap(i, j);
        }
        let password: String = out.iter().map(|&b| char::from(b)).collect();
        self.check(&password)?;
        Ok(password)
    }

    /// Human summary for UIs, e.g. "at least 8 characters, with upper and lower case letters,
    /// a number and a symbol".
    pub fn describe(&self) -> String {
        let mut parts: Vec<&str> = Vec::new();
        match (self.require_uppercase, self.require_lowercase) {
            (true, true) => parts.push("upper and lower case letters"),
            (true, false) => parts.push("an upper case letter"),
            (false, true) => parts.push("a lower case letter"),
            (false, false) => {}
        }
        if self.require_numbers {
            parts.push("a number");
        }
        if self.require_symbols {
            parts.push("a symbol");
        }
        let plural = if self.minimum_length == 1 { "" } else { "s" };
        let mut text = format!("at least {} character{plural}", self.minimum_length);
        if let Some((last, rest)) = parts.split_last() {
            text.push_str(", with ");
            if !rest.is_empty() {
                text.push_str(&rest.join(", "));
                text.push_str(" and ");
            }
            text.push_str(last);
        }
        text
    }
}

/// Unbiased random indices from the OS RNG, fetched in blocks to limit system calls.
struct Picker {
    pool: Zeroizing<[u8; 64]>,
    used: usize,
}

impl Picker {
    fn new() -> Self {
        Self {
            pool: Zeroizing::new([0u8; 64]),
            used: 64,
        }
    }

    fn byte(&mut self) -> Result<u8, String> {
        if self.used == self.pool.len() {
            SysRng
                .try_fill_bytes(&mut self.pool[..])
                .map_err(|e| format!("the OS random number generator failed: {e}"))?;
            self.used = 0;
        }
        let b = self.pool[self.used];
        self.used += 1;
        Ok(b)
    }

    /// A uniform index in `0..n` for `1 <= n <= 256`, by rejection sampling.
    fn below(&mut self, n: usize) -> Result<usize, String> {
        if n == 0 || n > 256 {
            return Err(format!("cannot pick uniformly among {n} items"));
        }
        let limit = 256 - (256 % n);
        loop {
            let b = usize::from(self.byte()?);
            if b < limit {
                return Ok(b % n);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn msg(rule: &str) -> Result<(), String> {
        Err(format!("{POLICY_PREFIX}{rule}"))
    }

    #[test]
    fn defaults_match_cognito() {
        let p = PasswordPolicy::default();
        assert_eq!(p.minimum_length, 8);
        assert!(
            p.require_uppercase && p.require_lowercase && p.require_numbers && p.require_symbols
        );
        assert_eq!(p.temporary_password_validity_days, 7);
        let from_empty: PasswordPolicy = serde_json::from_str("{}").unwrap();
        assert_eq!(from_empty, p);
    }

    #[test]
    fn serde_uses_pascal_case_and_fills_gaps() {
        let p: PasswordPolicy =
            serde_json::from_str(r#"{"MinimumLength": 12, "RequireSymbols": false}"#).unwrap();
        assert_eq!(p.minimum_length, 12);
        assert!(!p.require_symbols && p.require_numbers);
        let json = serde_json::to_value(&p).unwrap();
        assert_eq!(json["MinimumLength"], 12);
        assert_eq!(json["TemporaryPasswordValidityDays"], 7);
        let back: PasswordPolicy = serde_json::from_value(json).unwrap();
        assert_eq!(back, p);
    }

    #[test]
    fn each_rule_reports_cognitos_message() {
        let p = PasswordPolicy::default();
        assert_eq!(p.check("Passw0rd!"), Ok(()));
        assert_eq!(p.check("Pa0!"), msg("Password not long enough"));
        assert_eq!(p.check(""), msg("Password not long enough"));
        assert_eq!(
            p.check("passw0rd!"),
            msg("Password must have uppercase characters")
        );
        assert_eq!(
            p.check("PASSW0RD!"),
            msg("Password must have lowercase characters")
        );
        assert_eq!(
            p.check("Password!"),
            msg("Password must have numeric characters")
        );
        assert_eq!(
            p.check("Passw0rdx"),
            msg("Password must have symbol characters")
        );
        // First failing rule wins.
        assert_eq!(p.check("abc"), msg("Password not long enough"));
    }

    #[test]
    fn symbol_set_and_spaces() {
        let p = PasswordPolicy::default();
        for s in SYMBOLS.chars() {
            assert_eq!(p.check(&format!("Abcdef1{s}")), Ok(()), "{s}");
        }
        assert_eq!(p.check("Abc def1"), Ok(()), "an inner space is a symbol");
        assert!(p.check(" Abcdef1!").is_err());
        assert!(p.check("Abcdef1! ").is_err());
        assert!(p.check("Abcdef1!\n").is_err());
        assert_eq!(
            p.check("Abcdefg1€"),
            msg("Password must have symbol characters")
        );
        // Non-Latin letters do not count as upper or lower case.
        assert_eq!(p.check("ÀBCDÉFG1!a"), Ok(()));
        assert_eq!(
            p.check("ÀÉÎÕÜ1!a"),
            msg("Password must have uppercase characters")
        );
    }

    #[test]
    fn relaxed_policy_and_length_limits() {
        let p = PasswordPolicy {
            minimum_length: 6,
            require_uppercase: false,
            require_lowercase: false,
            require_numbers: false,
            require_symbols: false,
            temporary_password_validity_days: 1,
        };
        assert_eq!(p.check("aaaaaa"), Ok(()));
        assert_eq!(p.check("aaaaa"), msg("Password not long enough"));
        assert_eq!(p.check(&"a".repeat(256)), Ok(()));
        assert!(p.check(&"a".repeat(257)).is_err());
        // Length counts characters, not bytes.
        assert_eq!(p.check("éééééé"), Ok(()));
    }

    #[test]
    fn generated_passwords_satisfy_the_policy() {
        for min in [0, 6, 8, 12, 20, 99] {
            let p = PasswordPolicy {
                minimum_length: min,
                ..PasswordPolicy::default()
            };
            let mut seen = std::collections::HashSet::new();
            for _ in 0..50 {
                let pw = p.generate_temporary().unwrap();
                assert_eq!(p.check(&pw), Ok(()), "{pw}");
                assert_eq!(pw.len(), (min as usize).max(12));
                seen.insert(pw);
            }
            assert_eq!(seen.len(), 50, "repeated temporary passwords");
        }
        let too_long = PasswordPolicy {
            minimum_length: 300,
            ..PasswordPolicy::default()
        };
        assert!(too_long.generate_temporary().is_err());
    }

    #[test]
    fn picker_rejects_bad_ranges_and_stays_in_range() {
        let mut r = Picker::new();
        assert!(r.below(0).is_err());
        assert!(r.below(257).is_err());
        for n in [1, 2, 3, 7, 71, 256] {
            for _ in 0..100 {
                assert!(r.below(n).unwrap() < n);
            }
        }
    }

    #[test]
    fn descriptions() {
        assert_eq!(
            PasswordPolicy::default().describe(),
            "at least 8 characters, with upper and lower case letters, a number and a symbol"
        );
        let p = PasswordPolicy {
            minimum_length: 12,
            require_uppercase: false,
            require_lowercase: true,
            require_numbers: true,
            require_symbols: false,
            temporary_password_validity_days: 7,
        };
        assert_eq!(
            p.describe(),
            "at least 12 characters, with a lower case letter and a number"
        );
        let p = PasswordPolicy {
            minimum_length: 6,
            require_uppercase: false,
            require_lowercase: false,
            require_numbers: false,
            require_symbols: true,
            temporary_password_validity_days: 7,
        };
        assert_eq!(p.describe(), "at least 6 characters, with a symbol");
        let p = PasswordPolicy {
            require_symbols: false,
            require_numbers: false,
            require_uppercase: false,
            require_lowercase: false,
            ..PasswordPolicy::default()
        };
        assert_eq!(p.describe(), "at least 8 characters");
    }
}
