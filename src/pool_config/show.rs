//! A pool's configuration in plain words, with Cognito's own names beside them: the sections of
//! `pool show` and of the TUI's Pool tab.

use serde_json::{Map, Value};
use time::OffsetDateTime;

use super::value::{at, text, texts};
use super::{ClientConfig, PoolConfig};

/// One setting: what it is in words, Cognito's name for it, and its value in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub label: String,
    pub name: String,
    pub value: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    pub title: String,
    pub rows: Vec<Row>,
}

fn row(label: &str, name: &str, value: String) -> Row {
    Row {
        label: label.into(),
        name: name.into(),
        value,
    }
}

/// A JSON value in words: yes/no, lists joined, "not set" for nothing.
pub fn words(value: Option<&Value>) -> String {
    match value {
        None | Some(Value::Null) => "not set".into(),
        Some(Value::Bool(true)) => "yes".into(),
        Some(Value::Bool(false)) => "no".into(),
        Some(Value::String(s)) if s.is_empty() => "(empty)".into(),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        Some(Value::Array(a)) if a.is_empty() => "none".into(),
        Some(Value::Array(a)) => a
            .iter()
            .map(|v| words(Some(v)))
            .collect::<Vec<_>>()
            .join(", "),
        Some(Value::Object(m)) if m.is_empty() => "none".into(),
        Some(other) => other.to_string(),
    }
}

fn date(value: Option<&Value>) -> String {
    let Some(seconds) = value.and_then(Value::as_f64) else {
        return words(value);
    };
    OffsetDateTime::from_unix_timestamp(seconds as i64)
        .map(|t| {
            format!(
                "{:04}-{:02}-{:02} {:02}:{:02} UTC",
                t.year(),
                u8::from(t.month()),
                t.day(),
                t.hour(),
                t.minute()
            )
        })
        .unwrap_or_else(|_| seconds.to_string())
}

fn member(map: &Map<String, Value>, label: &str, path: &str) -> Row {
    row(label, path, words(at(map, path)))
}

fn overview(config: &PoolConfig) -> Section {
    let p = &config.pool;
    let domain = text(p, "CustomDomain")
        .or_else(|| text(p, "Domain"))
        .map_or("none".to_string(), str::to_string);
    Section {
        title: "Overview".into(),
        rows: vec![
            member(p, "Pool id", "Id"),
            member(p, "Name", "Name"),
            member(p, "ARN", "Arn"),
            row(
                "Feature plan",
                "UserPoolTier",
                text(p, "UserPoolTier").unwrap_or("ESSENTIALS").to_string(),
            ),
            row("Created", "CreationDate", date(p.get("CreationDate"))),
            row(
                "Modified",
                "LastModifiedDate",
                date(p.get("LastModifiedDate")),
            ),
            member(p, "Users (estimate)", "EstimatedNumberOfUsers"),
            member(p, "Deletion protection", "DeletionProtection"),
            row("Domain", "Domain", domain),
        ],
    }
}

fn sign_in(config: &PoolConfig) -> Section {
    let p = &config.pool;
    let case = match at(p, "UsernameConfiguration.CaseSensitive") {
        Some(Value::Bool(false)) => "no (Alice = alice)".to_string(),
        Some(Value::Bool(true)) => "yes".to_string(),
        _ => "yes (not set: the API's default)".to_string(),
    };
    Section {
        title: "Sign-in".into(),
        rows: vec![
            member(
                p,
                "Sign in with instead of a username",
                "UsernameAttributes",
            ),
            member(p, "Also sign in with", "AliasAttributes"),
            row(
                "Usernames case-sensitive",
                "UsernameConfiguration.CaseSensitive",
                case,
            ),
            member(
                p,
                "First factors",
                "Policies.SignInPolicy.AllowedFirstAuthFactors",
            ),
            member(
                p,
                "Only admins create users",
                "AdminCreateUserConfig.AllowAdminCreateUserOnly",
            ),
        ],
    }
}

fn password_policy(config: &PoolConfig) -> Section {
    let p = &config.pool;
    let m = |label: &str, name: &str| member(p, label, &format!("Policies.PasswordPolicy.{name}"));
    Section {
        title: "Password policy".into(),
        rows: vec![
            m("Minimum length", "MinimumLength"),
            m("Uppercase required", "RequireUppercase"),
            m("Lowercase required", "RequireLowercase"),
            m("Digit required", "RequireNumbers"),
            m("Symbol required", "RequireSymbols"),
            m(
                "Temporary password valid (days)",
                "TemporaryPasswordValidityDays",
            ),
            m("Previous passwords refused", "PasswordHistorySize"),
        ],
    }
}

fn mfa(config: &PoolConfig) -> Section {
    let m = &config.mfa;
    let on = |name: &str| {
        if m.get(name).is_some_and(|v| !v.is_null()) {
            "offered".to_string()
        } else {
            "not offered".to_string()
        }
    };
    Section {
        title: "MFA".into(),
        rows: vec![
            row(
                "MFA",
                "MfaConfiguration",
                words(config.pool.get("MfaConfiguration")),
            ),
            member(
                m,
                "Authenticator app (TOTP)",
                "SoftwareTokenMfaConfiguration.Enabled",
            ),
            row(
                "SMS codes",
                "SmsMfaConfiguration",
                on("SmsMfaConfiguration"),
            ),
            row(
                "Email codes",
                "EmailMfaConfiguration",
                on("EmailMfaConfiguration"),
            ),
            row(
                "Passkeys",
                "WebAuthnConfiguration",
                on("WebAuthnConfiguration"),
            ),
        ],
    }
}

fn recovery(config: &PoolConfig) -> Section {
    let mut mechanisms: Vec<(i64, String)> =
        at(&config.pool, "AccountRecoverySetting.RecoveryMechanisms")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .map(|m| {
                        (
                            m.get("Priority").and_then(Value::as_i64).unwrap_or(0),
                            words(m.get("Name")),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
    mechanisms.sort();
    let order = if mechanisms.is_empty() {
        "not set (legacy: SMS if the phone is verified, else email)".to_string()
    } else {
        mechanisms
            .into_iter()
            .map(|(_, n)| n)
            .collect::<Vec<_>>()
            .join(", then ")
    };
    Section {
        title: "Account recovery".into(),
        rows: vec![row(
            "Recovery order",
            "AccountRecoverySetting.RecoveryMechanisms",
            order,
        )],
    }
}

fn threat_protection(config: &PoolConfig) -> Section {
    let p = &config.pool;
    let mut rows = vec![
        row(
            "Standard sign-in",
            "UserPoolAddOns.AdvancedSecurityMode",
            text(p, "UserPoolAddOns.AdvancedSecurityMode")
                .unwrap_or("OFF")
                .to_string(),
        ),
        row(
            "Custom authentication",
            "UserPoolAddOns.AdvancedSecurityAdditionalFlows.CustomAuthMode",
            text(
                p,
                "UserPoolAddOns.AdvancedSecurityAdditionalFlows.CustomAuthMode",
            )
            .unwrap_or("OFF")
            .to_string(),
        ),
    ];
    match &config.risk {
        Some(risk) => {
            rows.push(member(
                risk,
                "Compromised credentials",
                "CompromisedCredentialsRiskConfiguration.Actions.EventAction",
            ));
            for level in ["Low", "Medium", "High"] {
                rows.push(member(
                    risk,
                    &format!("{level}-risk sign-in"),
                    &format!("AccountTakeoverRiskConfiguration.Actions.{level}Action.EventAction"),
                ));
            }
        }
        None => rows.push(row(
            "Risk settings",
            "DescribeRiskConfiguration",
            "could not be read".into(),
        )),
    }
    Section {
        title: "Threat protection".into(),
        rows,
    }
}

fn messages(config: &PoolConfig) -> Section {
    let p = &config.pool;
    Section {
        title: "Verification and messages".into(),
        rows: vec![
            member(p, "Verified automatically", "AutoVerifiedAttributes"),
            member(
                p,
                "Verification by",
                "VerificationMessageTemplate.DefaultEmailOption",
            ),
            member(p, "Verification email subject", "EmailVerificationSubject"),
            member(p, "Email sent by", "EmailConfiguration.EmailSendingAccount"),
            member(p, "Email sender identity", "EmailConfiguration.SourceArn"),
            member(p, "SMS role", "SmsConfiguration.SnsCallerArn"),
            member(p, "MFA SMS text", "SmsAuthenticationMessage"),
            member(
                p,
                "Invitation email subject",
                "AdminCreateUserConfig.InviteMessageTemplate.EmailSubject",
            ),
            member(
                p,
                "Changes need verification first",
                "UserAttributeUpdateSettings.AttributesRequireVerificationBeforeUpdate",
            ),
        ],
    }
}

/// The function's name out of a Lambda ARN.
fn function_name(arn: &str) -> String {
    arn.rsplit_once(":function:")
        .map_or(arn, |(_, f)| f)
        .to_string()
}

fn triggers(config: &PoolConfig) -> Section {
    let mut rows = Vec::new();
    if let Some(Value::Object(lambdas)) = config.pool.get("LambdaConfig") {
        for (name, value) in lambdas {
            let shown = match value {
                Value::String(arn) => function_name(arn),
                // PreTokenGenerationConfig, CustomSMSSender, …: { LambdaArn, LambdaVersion }
                Value::Object(inner) => inner
                    .get("LambdaArn")
                    .and_then(Value::as_str)
                    .map_or_else(|| words(Some(value)), function_name),
                other => words(Some(other)),
            };
            rows.push(row(name, &format!("LambdaConfig.{name}"), shown));
        }
    }
    if rows.is_empty() {
        rows.push(row("Triggers", "LambdaConfig", "none".into()));
    }
    Section {
        title: "Lambda triggers".into(),
        rows,
    }
}

fn schema(config: &PoolConfig) -> Section {
    let mut rows = Vec::new();
    for a in config
        .pool
        .get("SchemaAttributes")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_object)
    {
        let name = text(a, "Name").unwrap_or("?");
        let mut traits = vec![text(a, "AttributeDataType").unwrap_or("String").to_string()];
        if a.get("Required") == Some(&Value::Bool(true)) {
            traits.push("required".into());
        }
        if a.get("Mutable") == Some(&Value::Bool(false)) {
            traits.push("immutable".into());
        }
        if a.get("DeveloperOnlyAttribute") == Some(&Value::Bool(true)) {
            traits.push("developer only".into());
        }
        if let Some(c) = a
            .get("StringAttributeConstraints")
            .and_then(Value::as_object)
        {
            traits.push(format!(
                "length {}–{}",
                text(c, "MinLength").unwrap_or("0"),
                text(c, "MaxLength").unwrap_or("2048")
            ));
        }
        if let Some(c) = a
            .get("NumberAttributeConstraints")
            .and_then(Value::as_object)
            && !c.is_empty()
        {
            traits.push(format!(
                "value {}–{}",
                text(c, "MinValue").unwrap_or("any"),
                text(c, "MaxValue").unwrap_or("any")
            ));
        }
        rows.push(row(name, "SchemaAttributes", traits.join(", ")));
    }
    Section {
        title: "Attribute schema".into(),
        rows,
    }
}

fn validity(c: &ClientConfig, token: &str, default: i64, default_unit: &str) -> String {
    let value = at(&c.settings, &format!("{token}TokenValidity"))
        .and_then(Value::as_i64)
        .unwrap_or(default);
    let unit =
        text(&c.settings, &format!("TokenValidityUnits.{token}Token")).unwrap_or(default_unit);
    // Cognito names the units in the plural ("hours").
    let unit = if value == 1 {
        unit.trim_end_matches('s')
    } else {
        unit
    };
    format!("{value} {unit}")
}

/// One app client's settings.
pub fn client_section(c: &ClientConfig) -> Section {
    let s = &c.settings;
    let all_if_empty = |path: &str| {
        if texts(s, path).is_empty() {
            "every attribute".to_string()
        } else {
            words(at(s, path))
        }
    };
    Section {
        title: format!("App client {} ({})", c.name(), c.id()),
        rows: vec![
            member(s, "Client id", "ClientId"),
            row(
                "Secret",
                "ClientSecret",
                if c.has_secret {
                    "yes (shown only on request)".into()
                } else {
                    "no (public client)".into()
                },
            ),
            member(s, "Auth flows", "ExplicitAuthFlows"),
            row(
                "Access token valid",
                "AccessTokenValidity",
                validity(c, "Access", 1, "hours"),
            ),
            row(
                "ID token valid",
                "IdTokenValidity",
                validity(c, "Id", 1, "hours"),
            ),
            row(
                "Refresh token valid",
                "RefreshTokenValidity",
                validity(c, "Refresh", 30, "days"),
            ),
            member(s, "Sign-in session (minutes)", "AuthSessionValidity"),
            member(s, "OAuth flows", "AllowedOAuthFlows"),
            member(s, "OAuth scopes", "AllowedOAuthScopes"),
            member(s, "Callback URLs", "CallbackURLs"),
            member(s, "Logout URLs", "LogoutURLs"),
            member(s, "Identity providers", "SupportedIdentityProviders"),
            row("Reads", "ReadAttributes", all_if_empty("ReadAttributes")),
            row("Writes", "WriteAttributes", all_if_empty("WriteAttributes")),
            row(
                "Hides whether users exist",
                "PreventUserExistenceErrors",
                text(s, "PreventUserExistenceErrors")
                    .unwrap_or("LEGACY")
                    .to_string(),
            ),
            member(s, "Token revocation", "EnableTokenRevocation"),
            row(
                "Refresh-token rotation",
                "RefreshTokenRotation.Feature",
                text(s, "RefreshTokenRotation.Feature")
                    .unwrap_or("DISABLED")
                    .to_string(),
            ),
        ],
    }
}

fn groups(config: &PoolConfig) -> Section {
    let rows = config
        .groups
        .iter()
        .map(|g| {
            let mut value = format!("precedence {}", words(g.get("Precedence")));
            if let Some(d) = text(g, "Description") {
                value.push_str(&format!(", {d}"));
            }
            row(text(g, "GroupName").unwrap_or("?"), "Groups", value)
        })
        .collect();
    Section {
        title: "Groups".into(),
        rows,
    }
}

/// Every section, pool first, then each app client, then the groups.
pub fn sections(config: &PoolConfig) -> Vec<Section> {
    let mut out = vec![
        overview(config),
        sign_in(config),
        password_policy(config),
        mfa(config),
        recovery(config),
        threat_protection(config),
        messages(config),
        triggers(config),
        schema(config),
    ];
    out.extend(config.clients.iter().map(client_section));
    out.push(groups(config));
    out
}

/// `pool show`'s text.
pub fn text_of(config: &PoolConfig) -> String {
    let mut out = String::new();
    for section in sections(config) {
        out.push_str(&format!("{}\n", section.title));
        let width = section
            .rows
            .iter()
            .map(|r| r.label.chars().count())
            .max()
            .unwrap_or(0);
        for r in &section.rows {
            out.push_str(&format!(
                "  {:<width$}  {}  [{}]\n",
                r.label, r.value, r.name
            ));
        }
        out.push('\n');
    }
    for note in &config.notes {
        out.push_str(&format!("note: not read: {note}\n"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_read_as_words() {
        assert_eq!(words(Some(&Value::Bool(true))), "yes");
        assert_eq!(words(None), "not set");
        assert_eq!(words(Some(&serde_json::json!(["a", "b"]))), "a, b");
        assert_eq!(
            function_name("arn:aws:lambda:us-east-1:1:function:pre-signup"),
            "pre-signup"
        );
    }
}
