//! Rules over the pool's own settings.

use serde_json::{Value, json};

use super::super::value::{at, flag, text, texts};
use super::fix::{self, set};
use super::{Hit, Profile, Rule, Scope, Severity, Subject};

use Profile::{Asvs, AwsBaseline};

const BOTH: &[Profile] = &[AwsBaseline, Asvs];

fn hit(detail: impl Into<String>, fix: String) -> Option<Hit> {
    Some(Hit {
        detail: detail.into(),
        fix,
    })
}

fn threat_mode<'a>(s: &Subject<'a>) -> &'a str {
    text(&s.config.pool, "UserPoolAddOns.AdvancedSecurityMode").unwrap_or("OFF")
}

fn password(s: &Subject<'_>, member: &str) -> Option<i64> {
    let v = at(&s.config.pool, &format!("Policies.PasswordPolicy.{member}"))?;
    v.as_i64().or_else(|| v.as_bool().map(i64::from))
}

/// A password-policy member that must be set to `want`.
fn policy_fix(s: &Subject<'_>, member: &str, want: Value) -> String {
    fix::update_pool(s.config, |r| {
        set(r, &format!("Policies.PasswordPolicy.{member}"), want)
    })
}

fn requires(s: &Subject<'_>, member: &str, words: &str) -> Option<Hit> {
    if password(s, member) == Some(1) {
        return None;
    }
    hit(
        format!("passwords need not contain {words} ({member} is false)"),
        policy_fix(s, member, json!(true)),
    )
}

fn min_length(s: &Subject<'_>, least: i64) -> Option<Hit> {
    let length = password(s, "MinimumLength").unwrap_or(8);
    if length >= least {
        return None;
    }
    hit(
        format!("passwords may be {length} characters long (MinimumLength = {length})"),
        policy_fix(s, "MinimumLength", json!(least)),
    )
}

fn threat_protection_off(s: &Subject<'_>) -> Option<Hit> {
    let mode = threat_mode(s);
    if mode == "ENFORCED" {
        return None;
    }
    hit(
        format!(
            "threat protection for standard sign-in is {mode} (UserPoolAddOns.AdvancedSecurityMode); it needs the Plus feature plan"
        ),
        fix::update_pool(s.config, |r| {
            set(r, "UserPoolAddOns.AdvancedSecurityMode", json!("ENFORCED"));
            set(r, "UserPoolTier", json!("PLUS"));
        }),
    )
}

fn threat_protection_custom_auth(s: &Subject<'_>) -> Option<Hit> {
    let custom_clients: Vec<&str> = s
        .config
        .clients
        .iter()
        .filter(|c| texts(&c.settings, "ExplicitAuthFlows").contains(&"ALLOW_CUSTOM_AUTH"))
        .map(|c| c.name())
        .collect();
    let mode = text(
        &s.config.pool,
        "UserPoolAddOns.AdvancedSecurityAdditionalFlows.CustomAuthMode",
    )
    .unwrap_or("OFF");
    if custom_clients.is_empty() || mode == "ENFORCED" {
        return None;
    }
    hit(
        format!(
            "custom authentication is allowed ({}) but its threat protection is {mode} (AdvancedSecurityAdditionalFlows.CustomAuthMode)",
            custom_clients.join(", ")
        ),
        fix::update_pool(s.config, |r| {
            set(r, "UserPoolAddOns.AdvancedSecurityMode", json!("ENFORCED"));
            set(
                r,
                "UserPoolAddOns.AdvancedSecurityAdditionalFlows.CustomAuthMode",
                json!("ENFORCED"),
            );
        }),
    )
}

/// Risk rules only judge pools whose threat protection runs and whose settings could be read.
fn risk_setting<'a>(s: &Subject<'a>, path: &str) -> Option<Option<&'a str>> {
    if threat_mode(s) == "OFF" {
        return None;
    }
    let risk = s.config.risk.as_ref()?;
    Some(text(risk, path))
}

fn compromised_credentials(s: &Subject<'_>) -> Option<Hit> {
    let action = risk_setting(
        s,
        "CompromisedCredentialsRiskConfiguration.Actions.EventAction",
    )?;
    if action == Some("BLOCK") {
        return None;
    }
    hit(
        format!(
            "sign-ins with leaked passwords are {} (CompromisedCredentialsRiskConfiguration.Actions.EventAction)",
            action.map_or("not acted on".to_string(), |a| format!("answered with {a}"))
        ),
        fix::set_risk(s.config, |r| {
            set(
                r,
                "CompromisedCredentialsRiskConfiguration.Actions.EventAction",
                json!("BLOCK"),
            )
        }),
    )
}

fn account_takeover(s: &Subject<'_>) -> Option<Hit> {
    let action = risk_setting(
        s,
        "AccountTakeoverRiskConfiguration.Actions.HighAction.EventAction",
    )?;
    if matches!(action, Some("BLOCK" | "MFA_REQUIRED")) {
        return None;
    }
    hit(
        format!(
            "high-risk sign-ins are {} (AccountTakeoverRiskConfiguration.Actions.HighAction)",
            action.map_or("not acted on".to_string(), |a| format!("answered with {a}"))
        ),
        fix::set_risk(s.config, |r| {
            set(
                r,
                "AccountTakeoverRiskConfiguration.Actions.HighAction",
                json!({ "EventAction": "MFA_REQUIRED", "Notify": true }),
            )
        }),
    )
}

fn mfa_mode<'a>(s: &Subject<'a>) -> &'a str {
    text(&s.config.pool, "MfaConfiguration").unwrap_or("OFF")
}

fn mfa_off(s: &Subject<'_>) -> Option<Hit> {
    if mfa_mode(s) != "OFF" {
        return None;
    }
    hit(
        "MfaConfiguration is OFF: no user can add a second factor",
        fix::set_mfa(s.config, |r| {
            r.insert("MfaConfiguration".into(), json!("OPTIONAL"));
            set(r, "SoftwareTokenMfaConfiguration.Enabled", json!(true));
        }),
    )
}

fn mfa_sms_only(s: &Subject<'_>) -> Option<Hit> {
    let mfa = &s.config.mfa;
    let totp = flag(mfa, "SoftwareTokenMfaConfiguration.Enabled").unwrap_or(false);
    let sms = mfa.get("SmsMfaConfiguration").is_some_and(|v| !v.is_null());
    let email = mfa
        .get("EmailMfaConfiguration")
        .is_some_and(|v| !v.is_null());
    if mfa_mode(s) == "OFF" || !sms || totp || email {
        return None;
    }
    hit(
        "SMS is the only second factor (SoftwareTokenMfaConfiguration.Enabled is false)",
        fix::set_mfa(s.config, |r| {
            set(r, "SoftwareTokenMfaConfiguration.Enabled", json!(true))
        }),
    )
}

fn deletion_protection(s: &Subject<'_>) -> Option<Hit> {
    if text(&s.config.pool, "DeletionProtection") == Some("ACTIVE") {
        return None;
    }
    hit(
        "DeletionProtection is INACTIVE: one DeleteUserPool call removes every user",
        fix::update_pool(s.config, |r| {
            r.insert("DeletionProtection".into(), json!("ACTIVE"));
        }),
    )
}

fn composition(s: &Subject<'_>) -> Option<Hit> {
    let required: Vec<&str> = [
        "RequireUppercase",
        "RequireLowercase",
        "RequireNumbers",
        "RequireSymbols",
    ]
    .into_iter()
    .filter(|m| password(s, m) == Some(1))
    .collect();
    if required.is_empty() {
        return None;
    }
    hit(
        format!("character classes are required ({})", required.join(", ")),
        fix::update_pool(s.config, |r| {
            for m in required {
                set(r, &format!("Policies.PasswordPolicy.{m}"), json!(false));
            }
            set(r, "Policies.PasswordPolicy.MinimumLength", json!(12));
        }),
    )
}

fn temporary_validity(s: &Subject<'_>) -> Option<Hit> {
    let days = password(s, "TemporaryPasswordValidityDays").unwrap_or(7);
    if days <= 7 {
        return None;
    }
    hit(
        format!("temporary passwords stay valid for {days} days"),
        policy_fix(s, "TemporaryPasswordValidityDays", json!(7)),
    )
}

fn sign_up_open(s: &Subject<'_>) -> Option<Hit> {
    if flag(
        &s.config.pool,
        "AdminCreateUserConfig.AllowAdminCreateUserOnly",
    ) == Some(true)
    {
        return None;
    }
    hit(
        "anyone can sign up (AdminCreateUserConfig.AllowAdminCreateUserOnly is false)",
        fix::update_pool(s.config, |r| {
            set(
                r,
                "AdminCreateUserConfig.AllowAdminCreateUserOnly",
                json!(true),
            )
        }),
    )
}

fn case_sensitive(s: &Subject<'_>) -> Option<Hit> {
    if flag(&s.config.pool, "UsernameConfiguration.CaseSensitive") == Some(false) {
        return None;
    }
    hit(
        "usernames are case-sensitive: \"Alice\" and \"alice\" can be two accounts",
        fix::recreate(s.config, |r| {
            set(r, "UsernameConfiguration.CaseSensitive", json!(false))
        }),
    )
}

fn no_auto_verified(s: &Subject<'_>) -> Option<Hit> {
    if !texts(&s.config.pool, "AutoVerifiedAttributes").is_empty() {
        return None;
    }
    hit(
        "no attribute is verified automatically (AutoVerifiedAttributes is empty): users cannot confirm themselves or recover their account",
        fix::update_pool(s.config, |r| {
            r.insert("AutoVerifiedAttributes".into(), json!(["email"]));
        }),
    )
}

fn unverified_updates(s: &Subject<'_>) -> Option<Hit> {
    let pool = &s.config.pool;
    let guarded = texts(
        pool,
        "UserAttributeUpdateSettings.AttributesRequireVerificationBeforeUpdate",
    );
    let open: Vec<&str> = texts(pool, "AutoVerifiedAttributes")
        .into_iter()
        .filter(|a| !guarded.contains(a))
        .collect();
    if open.is_empty() {
        return None;
    }
    let all: Vec<&str> = texts(pool, "AutoVerifiedAttributes");
    hit(
        format!(
            "a changed {} takes effect before it is verified (UserAttributeUpdateSettings)",
            open.join(" or ")
        ),
        fix::update_pool(s.config, |r| {
            set(
                r,
                "UserAttributeUpdateSettings.AttributesRequireVerificationBeforeUpdate",
                json!(all),
            )
        }),
    )
}

fn recovery_by_sms(s: &Subject<'_>) -> Option<Hit> {
    let mechanisms =
        at(&s.config.pool, "AccountRecoverySetting.RecoveryMechanisms").and_then(Value::as_array);
    let first = mechanisms.and_then(|m| {
        m.iter()
            .min_by_key(|x| {
                x.get("Priority")
                    .and_then(Value::as_i64)
                    .unwrap_or(i64::MAX)
            })
            .and_then(|x| x.get("Name"))
            .and_then(Value::as_str)
    });
    let detail = match first {
        Some("verified_phone_number") => "account recovery tries SMS first",
        Some(_) => return None,
        None => "no AccountRecoverySetting: Cognito's legacy recovery prefers SMS",
    };
    hit(
        detail,
        fix::update_pool(s.config, |r| {
            set(
                r,
                "AccountRecoverySetting.RecoveryMechanisms",
                json!([{ "Name": "verified_email", "Priority": 1 }]),
            )
        }),
    )
}

fn cognito_email(s: &Subject<'_>) -> Option<Hit> {
    let account =
        text(&s.config.pool, "EmailConfiguration.EmailSendingAccount").unwrap_or("COGNITO_DEFAULT");
    if account != "COGNITO_DEFAULT" {
        return None;
    }
    hit(
        "mail goes out through Cognito's own sender (EmailSendingAccount COGNITO_DEFAULT), which sends only a few dozen messages a day",
        fix::update_pool(s.config, |r| {
            set(
                r,
                "EmailConfiguration.EmailSendingAccount",
                json!("DEVELOPER"),
            );
            set(
                r,
                "EmailConfiguration.SourceArn",
                json!("arn:aws:ses:REGION:ACCOUNT:identity/you@example.com"),
            );
        }),
    )
}

pub const RULES: &[Rule] = &[
    Rule {
        id: "pool.threat-protection.off",
        scope: Scope::Pool,
        severity: Severity::High,
        profiles: BOTH,
        title: "threat protection is not enforced for standard sign-in",
        why: "without it, sign-ins with leaked passwords or from unusual places are not challenged or blocked",
        source: "Security Hub Cognito.1; Prowler cognito_user_pool_advanced_security_enabled",
        check: threat_protection_off,
    },
    Rule {
        id: "pool.threat-protection.custom-auth",
        scope: Scope::Pool,
        severity: Severity::Medium,
        profiles: BOTH,
        title: "threat protection is not enforced for custom authentication",
        why: "clients allowing ALLOW_CUSTOM_AUTH bypass the protection standard sign-in has",
        source: "Security Hub Cognito.4",
        check: threat_protection_custom_auth,
    },
    Rule {
        id: "pool.threat-protection.compromised-credentials",
        scope: Scope::Pool,
        severity: Severity::Medium,
        profiles: BOTH,
        title: "sign-ins with compromised credentials are not blocked",
        why: "a password found in a breach still signs in",
        source: "Prowler cognito_user_pool_blocks_compromised_credentials_sign_in_attempts",
        check: compromised_credentials,
    },
    Rule {
        id: "pool.threat-protection.account-takeover",
        scope: Scope::Pool,
        severity: Severity::Medium,
        profiles: BOTH,
        title: "high-risk sign-ins are not blocked or challenged",
        why: "an attacker's sign-in that Cognito rates high risk goes through unchallenged",
        source: "Prowler cognito_user_pool_blocks_potential_malicious_sign_in_attempts",
        check: account_takeover,
    },
    Rule {
        id: "pool.mfa.off",
        scope: Scope::Pool,
        severity: Severity::High,
        profiles: BOTH,
        title: "multi-factor authentication is off",
        why: "a stolen password is all it takes to sign in",
        source: "Security Hub Cognito.5; Prowler cognito_user_pool_mfa_enabled; cfn_nag F78 (F51 in older releases)",
        check: mfa_off,
    },
    Rule {
        id: "pool.mfa.sms-only",
        scope: Scope::Pool,
        severity: Severity::Low,
        profiles: &[Asvs],
        title: "SMS is the only second factor",
        why: "SMS codes can be intercepted (SIM swap, SS7); NIST SP 800-63B restricts them",
        source: "ASVS V2.7; NIST SP 800-63B 5.1.3.3",
        check: mfa_sms_only,
    },
    Rule {
        id: "pool.deletion-protection.off",
        scope: Scope::Pool,
        severity: Severity::Medium,
        profiles: BOTH,
        title: "deletion protection is off",
        why: "the pool and every user in it can be deleted by one call or a stack teardown",
        source: "Security Hub Cognito.6; Prowler cognito_user_pool_deletion_protection_enabled",
        check: deletion_protection,
    },
    Rule {
        id: "pool.password.min-length-8",
        scope: Scope::Pool,
        severity: Severity::High,
        profiles: &[AwsBaseline],
        title: "passwords may be shorter than 8 characters",
        why: "short passwords fall to guessing",
        source: "Security Hub Cognito.3; Prowler cognito_user_pool_password_policy_minimum_length_14",
        check: |s| min_length(s, 8),
    },
    Rule {
        id: "pool.password.min-length-12",
        scope: Scope::Pool,
        severity: Severity::Medium,
        profiles: &[Asvs],
        title: "passwords may be shorter than 12 characters",
        why: "length, not composition, is what makes a password hard to guess",
        source: "ASVS V2.1.1",
        check: |s| min_length(s, 12),
    },
    Rule {
        id: "pool.password.uppercase",
        scope: Scope::Pool,
        severity: Severity::Low,
        profiles: &[AwsBaseline],
        title: "passwords need no uppercase letter",
        why: "AWS's baseline requires every character class",
        source: "Security Hub Cognito.3; Prowler cognito_user_pool_password_policy_uppercase",
        check: |s| requires(s, "RequireUppercase", "an uppercase letter"),
    },
    Rule {
        id: "pool.password.lowercase",
        scope: Scope::Pool,
        severity: Severity::Low,
        profiles: &[AwsBaseline],
        title: "passwords need no lowercase letter",
        why: "AWS's baseline requires every character class",
        source: "Security Hub Cognito.3; Prowler cognito_user_pool_password_policy_lowercase",
        check: |s| requires(s, "RequireLowercase", "a lowercase letter"),
    },
    Rule {
        id: "pool.password.numbers",
        scope: Scope::Pool,
        severity: Severity::Low,
        profiles: &[AwsBaseline],
        title: "passwords need no digit",
        why: "AWS's baseline requires every character class",
        source: "Security Hub Cognito.3; Prowler cognito_user_pool_password_policy_number",
        check: |s| requires(s, "RequireNumbers", "a digit"),
    },
    Rule {
        id: "pool.password.symbols",
        scope: Scope::Pool,
        severity: Severity::Low,
        profiles: &[AwsBaseline],
        title: "passwords need no symbol",
        why: "AWS's baseline requires every character class",
        source: "Security Hub Cognito.3; Prowler cognito_user_pool_password_policy_symbol",
        check: |s| requires(s, "RequireSymbols", "a symbol"),
    },
    Rule {
        id: "pool.password.composition-rules",
        scope: Scope::Pool,
        severity: Severity::Low,
        profiles: &[Asvs],
        title: "passwords must mix character classes",
        why: "composition rules push users to predictable patterns (Password1!); ASVS asks for length instead",
        source: "ASVS V2.1.9; NIST SP 800-63B 5.1.1.2",
        check: composition,
    },
    Rule {
        id: "pool.password.temporary-validity",
        scope: Scope::Pool,
        severity: Severity::Medium,
        profiles: BOTH,
        title: "temporary passwords are valid for more than 7 days",
        why: "an invitation's password that lingers is a standing way in",
        source: "Prowler cognito_user_pool_temporary_password_expiration",
        check: temporary_validity,
    },
    Rule {
        id: "pool.sign-up.open",
        scope: Scope::Pool,
        severity: Severity::Low,
        profiles: &[AwsBaseline],
        title: "self sign-up is open",
        why: "anyone on the internet can create an account; fine for a consumer app, not for an internal one",
        source: "Prowler cognito_user_pool_self_registration_disabled",
        check: sign_up_open,
    },
    Rule {
        id: "pool.username.case-sensitive",
        scope: Scope::Pool,
        severity: Severity::Low,
        profiles: BOTH,
        title: "usernames are case-sensitive",
        why: "look-alike accounts and sign-in failures that differ only in case; it cannot be changed later",
        source: "Cognito developer guide (case insensitivity is recommended)",
        check: case_sensitive,
    },
    Rule {
        id: "pool.verification.none",
        scope: Scope::Pool,
        severity: Severity::Medium,
        profiles: BOTH,
        title: "no attribute is verified automatically",
        why: "unverified contacts cannot be trusted for recovery or MFA, and users cannot confirm sign-up themselves",
        source: "Cognito developer guide (verification)",
        check: no_auto_verified,
    },
    Rule {
        id: "pool.attributes.unverified-update",
        scope: Scope::Pool,
        severity: Severity::Medium,
        profiles: BOTH,
        title: "email or phone changes take effect before they are verified",
        why: "a mistyped or hostile address becomes the account's sign-in alias and recovery channel at once",
        source: "Cognito developer guide (AttributesRequireVerificationBeforeUpdate)",
        check: unverified_updates,
    },
    Rule {
        id: "pool.recovery.sms",
        scope: Scope::Pool,
        severity: Severity::Low,
        profiles: &[Asvs],
        title: "account recovery prefers SMS",
        why: "SMS recovery is open to SIM-swap takeovers",
        source: "ASVS V2.5; NIST SP 800-63B 5.1.3.3",
        check: recovery_by_sms,
    },
    Rule {
        id: "pool.email.cognito-default",
        scope: Scope::Pool,
        severity: Severity::Info,
        profiles: &[],
        title: "mail is sent by Cognito's default sender",
        why: "its daily quota is small: sign-ups and resets stop when it runs out",
        source: "Cognito developer guide (email settings)",
        check: cognito_email,
    },
];
