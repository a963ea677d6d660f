//! A pool's password policy, checked as the password is typed: each rule with ✓ or ✗. The
//! register screen shows it; the new-password, change-password and reset screens can too.

use ratatui::text::{Line, Span};

use super::Form;
use crate::service::admin::PasswordPolicy;
use crate::tui::theme::Theme;

/// Cognito's minimum length when a pool sets none.
const DEFAULT_MIN_LENGTH: usize = 8;

/// The characters Cognito counts as symbols (and the space, when not at either end).
const SYMBOLS: &str = "^$*.[]{}()?\"!@#%&/\\,><':;|_~`=+-";

/// One rule of the policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    Length(usize),
    Upper,
    Lower,
    Digit,
    Symbol,
}

impl Rule {
    pub fn label(self) -> String {
        match self {
            Self::Length(n) => format!("{n}+\u{a0}characters"),
            Self::Upper => "upper-case".into(),
            Self::Lower => "lower-case".into(),
            Self::Digit => "digit".into(),
            Self::Symbol => "symbol".into(),
        }
    }

    pub fn met_by(self, password: &str) -> bool {
        match self {
            Self::Length(n) => password.chars().count() >= n,
            Self::Upper => password.chars().any(|c| c.is_ascii_uppercase()),
            Self::Lower => password.chars().any(|c| c.is_ascii_lowercase()),
            Self::Digit => password.chars().any(|c| c.is_ascii_digit()),
            Self::Symbol => {
                let inner = password.trim_matches(' ');
                inner.chars().any(|c| SYMBOLS.contains(c) || c == ' ')
            }
        }
    }
}

/// The rules of a policy and whether the password typed so far meets each.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyCheck {
    rules: Vec<(Rule, bool)>,
}

impl PolicyCheck {
    /// The policy's rules, none met yet.
    pub fn new(policy: &PasswordPolicy) -> Self {
        let length = policy
            .minimum_length
            .and_then(|n| usize::try_from(n).ok())
            .unwrap_or(DEFAULT_MIN_LENGTH);
        let mut rules = vec![(Rule::Length(length), false)];
        for (required, rule) in [
            (policy.require_uppercase, Rule::Upper),
            (policy.require_lowercase, Rule::Lower),
            (policy.require_numbers, Rule::Digit),
            (policy.require_symbols, Rule::Symbol),
        ] {
            if required {
                rules.push((rule, false));
            }
        }
        Self { rules }
    }

    /// Re-checks every rule against `password` (called on each keystroke, never in render).
    pub fn check(&mut self, password: &str) {
        for (rule, met) in &mut self.rules {
            *met = rule.met_by(password);
        }
    }

    pub fn rules(&self) -> &[(Rule, bool)] {
        &self.rules
    }

    pub fn all_met(&self) -> bool {
        self.rules.iter().all(|(_, met)| *met)
    }

    /// `Password:  ✓ 8+ characters  ✗ upper-case …`, met rules in the success style.
    pub fn line(&self, theme: &Theme) -> Line<'static> {
        let mut spans = vec![Span::styled("Password:", theme.muted())];
        for (rule, met) in &self.rules {
            let (mark, style) = if *met {
                ("✓", theme.success())
            } else {
                ("✗", theme.error())
            };
            // No-break spaces keep a mark with its rule when the line wraps.
            spans.push(Span::raw("  "));
            spans.push(Span::styled(format!("{mark}\u{a0}{}", rule.label()), style));
        }
        Line::from(spans)
    }
}

/// The policy line under a new-password field: the pool's rules checked as typed once its
/// policy is known, Cognito's default in words until then. The screens with a new password
/// (register, change, reset, the new-password challenge) share it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PolicyNote {
    check: Option<PolicyCheck>,
}

impl PolicyNote {
    /// The pool's policy became known (or is known already): check `form`'s `field` against it.
    pub fn set(&mut self, policy: Option<&PasswordPolicy>, form: &Form, field: usize) {
        self.check = policy.map(PolicyCheck::new);
        self.recheck(form, field);
    }

    /// Checks the password in `form`'s `field` again (after a keystroke there).
    pub fn recheck(&mut self, form: &Form, field: usize) {
        if let Some(check) = &mut self.check {
            form.field(field).inspect(|password| check.check(password));
        }
    }

    pub fn check(&self) -> Option<&PolicyCheck> {
        self.check.as_ref()
    }

    /// The rules with their marks, or the default policy in words while the pool's is unknown.
    pub fn line(&self, theme: &Theme) -> Line<'static> {
        match &self.check {
            Some(check) => check.line(theme),
            None => Line::from(Span::styled(POLICY_TEXT, theme.muted())),
        }
    }
}

/// Shown while the pool's policy is unknown (the user API cannot read it; the app asks the
/// operator API in the background): Cognito's default. The pool's own rule comes back in
/// plain words if a password falls short of it.
pub const POLICY_TEXT: &str = "Password: 8+ characters with upper- and lower-case letters, a digit and a symbol (Cognito's default).";

#[cfg(test)]
mod tests {
    use super::*;

    fn policy() -> PasswordPolicy {
        PasswordPolicy {
            minimum_length: Some(10),
            require_uppercase: true,
            require_lowercase: true,
            require_numbers: true,
            require_symbols: true,
            temporary_password_validity_days: None,
        }
    }

    #[test]
    fn each_rule_is_checked_as_typed() {
        let mut check = PolicyCheck::new(&policy());
        assert_eq!(check.rules().len(), 5);
        check.check("abc");
        let met: Vec<bool> = check.rules().iter().map(|(_, m)| *m).collect();
        assert_eq!(met, [false, false, true, false, false]);
        check.check("Abcdefgh1!");
        assert!(check.all_met());
        check.check(" Abcdefgh1 ");
        assert!(!check.all_met(), "spaces at the ends are no symbol");
    }

    #[test]
    fn rules_the_pool_does_not_require_are_not_shown() {
        let mut lax = policy();
        lax.require_symbols = false;
        lax.require_uppercase = false;
        lax.minimum_length = None;
        let check = PolicyCheck::new(&lax);
        let rules: Vec<Rule> = check.rules().iter().map(|(r, _)| *r).collect();
        assert_eq!(rules, [Rule::Length(8), Rule::Lower, Rule::Digit]);
    }
}
