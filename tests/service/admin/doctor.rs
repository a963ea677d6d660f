//! Every doctor rule against a pool that triggers it and one that does not, each built through
//! the local pool's real API (CreateUserPool, CreateUserPoolClient, SetUserPoolMfaConfig,
//! SetRiskConfiguration) and read back with `Operator::read_config`.

use std::collections::BTreeSet;

use cognito_tui::pool_config::doctor::{self, Profile};
use cognito_tui::service::Settings;
use cognito_tui::service::admin::Operator;
use serde_json::{Value, json};

use super::common::{TestPool, raw_call};
use super::static_keys;

/// The requests one pool is built from.
#[derive(Clone)]
pub(super) struct Setup {
    pub pool: Value,
    pub client: Value,
    pub mfa: Value,
    pub risk: Value,
}

/// A pool and client that no rule flags, but for ASVS's objection to composition rules (which
/// AWS's baseline requires: the two profiles cannot both be satisfied).
pub(super) fn clean() -> Setup {
    Setup {
        pool: json!({
            "PoolName": "clean pool",
            "Policies": { "PasswordPolicy": {
                "MinimumLength": 12, "RequireUppercase": true, "RequireLowercase": true,
                "RequireNumbers": true, "RequireSymbols": true, "TemporaryPasswordValidityDays": 7 } },
            "DeletionProtection": "ACTIVE",
            "MfaConfiguration": "OPTIONAL",
            "AutoVerifiedAttributes": ["email"],
            "UserAttributeUpdateSettings": { "AttributesRequireVerificationBeforeUpdate": ["email"] },
            "AccountRecoverySetting": { "RecoveryMechanisms": [{ "Name": "verified_email", "Priority": 1 }] },
            "UsernameConfiguration": { "CaseSensitive": false },
            "AdminCreateUserConfig": { "AllowAdminCreateUserOnly": true },
            "UserPoolAddOns": { "AdvancedSecurityMode": "ENFORCED" },
            "UserPoolTier": "PLUS",
            "EmailConfiguration": { "EmailSendingAccount": "DEVELOPER",
                "SourceArn": "arn:aws:ses:us-east-1:123456789012:identity/no-reply@example.com" },
            "Schema": [{ "Name": "tenant", "AttributeDataType": "String", "Mutable": false }],
        }),
        client: json!({
            "ClientName": "web",
            "ExplicitAuthFlows": ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
            "PreventUserExistenceErrors": "ENABLED",
            "EnableTokenRevocation": true,
            "AccessTokenValidity": 60,
            "IdTokenValidity": 60,
            "RefreshTokenValidity": 30,
            "TokenValidityUnits": { "AccessToken": "minutes", "IdToken": "minutes", "RefreshToken": "days" },
            "AllowedOAuthFlows": ["code"],
            "AllowedOAuthScopes": ["openid", "email"],
            "AllowedOAuthFlowsUserPoolClient": true,
            "CallbackURLs": ["https://app.example.com/callback"],
            "LogoutURLs": ["https://app.example.com/"],
            "RefreshTokenRotation": { "Feature": "ENABLED", "RetryGracePeriodSeconds": 0 },
        }),
        mfa: json!({
            "MfaConfiguration": "OPTIONAL",
            "SoftwareTokenMfaConfiguration": { "Enabled": true },
        }),
        risk: json!({
            "CompromisedCredentialsRiskConfiguration": { "Actions": { "EventAction": "BLOCK" } },
            "AccountTakeoverRiskConfiguration": { "Actions": {
                "LowAction": { "EventAction": "NO_ACTION", "Notify": false },
                "MediumAction": { "EventAction": "MFA_IF_CONFIGURED", "Notify": true },
                "HighAction": { "EventAction": "MFA_REQUIRED", "Notify": true } } },
        }),
    }
}

/// Sets the member at a JSON pointer (`/Policies/PasswordPolicy/MinimumLength`).
fn put(target: &mut Value, pointer: &str, value: Value) {
    let (parent, name) = pointer.rsplit_once('/').unwrap();
    let slot = if parent.is_empty() {
        target
    } else {
        target.pointer_mut(parent).unwrap()
    };
    slot.as_object_mut()
        .unwrap()
        .insert(name.to_string(), value);
}

fn drop_member(target: &mut Value, pointer: &str) {
    let (parent, name) = pointer.rsplit_once('/').unwrap();
    let slot = if parent.is_empty() {
        target
    } else {
        target.pointer_mut(parent).unwrap()
    };
    slot.as_object_mut().unwrap().remove(name);
}

type Change = fn(&mut Setup);

/// (rule id, the change that makes a clean pool trigger it, the change for a pool that must not).
fn cases() -> Vec<(&'static str, Change, Change)> {
    fn none(_: &mut Setup) {}
    vec![
        (
            "pool.threat-protection.off",
            |s| {
                put(
                    &mut s.pool,
                    "/UserPoolAddOns/AdvancedSecurityMode",
                    json!("AUDIT"),
                )
            },
            none,
        ),
        (
            "pool.threat-protection.custom-auth",
            |s| {
                put(
                    &mut s.client,
                    "/ExplicitAuthFlows",
                    json!([
                        "ALLOW_USER_SRP_AUTH",
                        "ALLOW_CUSTOM_AUTH",
                        "ALLOW_REFRESH_TOKEN_AUTH"
                    ]),
                )
            },
            |s| {
                put(
                    &mut s.client,
                    "/ExplicitAuthFlows",
                    json!([
                        "ALLOW_USER_SRP_AUTH",
                        "ALLOW_CUSTOM_AUTH",
                        "ALLOW_REFRESH_TOKEN_AUTH"
                    ]),
                );
                put(
                    &mut s.pool,
                    "/UserPoolAddOns/AdvancedSecurityAdditionalFlows",
                    json!({ "CustomAuthMode": "ENFORCED" }),
                );
            },
        ),
        (
            "pool.threat-protection.compromised-credentials",
            |s| {
                put(
                    &mut s.risk,
                    "/CompromisedCredentialsRiskConfiguration/Actions/EventAction",
                    json!("NO_BLOCK"),
                )
            },
            none,
        ),
        (
            "pool.threat-protection.account-takeover",
            |s| {
                put(
                    &mut s.risk,
                    "/AccountTakeoverRiskConfiguration/Actions/HighAction/EventAction",
                    json!("NO_ACTION"),
                )
            },
            |s| {
                put(
                    &mut s.risk,
                    "/AccountTakeoverRiskConfiguration/Actions/HighAction/EventAction",
                    json!("BLOCK"),
                )
            },
        ),
        (
            "pool.mfa.off",
            |s| {
                put(&mut s.pool, "/MfaConfiguration", json!("OFF"));
                put(&mut s.mfa, "/MfaConfiguration", json!("OFF"));
            },
            none,
        ),
        (
            "pool.mfa.sms-only",
            |s| {
                put(
                    &mut s.mfa,
                    "/SoftwareTokenMfaConfiguration/Enabled",
                    json!(false),
                );
                put(
                    &mut s.mfa,
                    "/SmsMfaConfiguration",
                    json!({ "SmsAuthenticationMessage": "Your code is {####}" }),
                );
            },
            |s| {
                put(
                    &mut s.mfa,
                    "/SmsMfaConfiguration",
                    json!({ "SmsAuthenticationMessage": "Your code is {####}" }),
                )
            },
        ),
        (
            "pool.deletion-protection.off",
            |s| put(&mut s.pool, "/DeletionProtection", json!("INACTIVE")),
            none,
        ),
        (
            "pool.password.min-length-8",
            |s| {
                put(
                    &mut s.pool,
                    "/Policies/PasswordPolicy/MinimumLength",
                    json!(6),
                )
            },
            |s| {
                put(
                    &mut s.pool,
                    "/Policies/PasswordPolicy/MinimumLength",
                    json!(8),
                )
            },
        ),
        (
            "pool.password.min-length-12",
            |s| {
                put(
                    &mut s.pool,
                    "/Policies/PasswordPolicy/MinimumLength",
                    json!(10),
                )
            },
            none,
        ),
        (
            "pool.password.uppercase",
            |s| {
                put(
                    &mut s.pool,
                    "/Policies/PasswordPolicy/RequireUppercase",
                    json!(false),
                )
            },
            none,
        ),
        (
            "pool.password.lowercase",
            |s| {
                put(
                    &mut s.pool,
                    "/Policies/PasswordPolicy/RequireLowercase",
                    json!(false),
                )
            },
            none,
        ),
        (
            "pool.password.numbers",
            |s| {
                put(
                    &mut s.pool,
                    "/Policies/PasswordPolicy/RequireNumbers",
                    json!(false),
                )
            },
            none,
        ),
        (
            "pool.password.symbols",
            |s| {
                put(
                    &mut s.pool,
                    "/Policies/PasswordPolicy/RequireSymbols",
                    json!(false),
                )
            },
            none,
        ),
        ("pool.password.composition-rules", none, |s| {
            for m in [
                "RequireUppercase",
                "RequireLowercase",
                "RequireNumbers",
                "RequireSymbols",
            ] {
                put(
                    &mut s.pool,
                    &format!("/Policies/PasswordPolicy/{m}"),
                    json!(false),
                );
            }
        }),
        (
            "pool.password.temporary-validity",
            |s| {
                put(
                    &mut s.pool,
                    "/Policies/PasswordPolicy/TemporaryPasswordValidityDays",
                    json!(30),
                )
            },
            none,
        ),
        (
            "pool.sign-up.open",
            |s| {
                put(
                    &mut s.pool,
                    "/AdminCreateUserConfig/AllowAdminCreateUserOnly",
                    json!(false),
                )
            },
            none,
        ),
        (
            "pool.username.case-sensitive",
            |s| {
                put(
                    &mut s.pool,
                    "/UsernameConfiguration/CaseSensitive",
                    json!(true),
                )
            },
            none,
        ),
        (
            "pool.verification.none",
            |s| {
                put(&mut s.pool, "/AutoVerifiedAttributes", json!([]));
                drop_member(&mut s.pool, "/UserAttributeUpdateSettings");
            },
            none,
        ),
        (
            "pool.attributes.unverified-update",
            |s| drop_member(&mut s.pool, "/UserAttributeUpdateSettings"),
            none,
        ),
        (
            "pool.recovery.sms",
            |s| {
                put(
                    &mut s.pool,
                    "/AccountRecoverySetting/RecoveryMechanisms",
                    json!([
            { "Name": "verified_phone_number", "Priority": 1 }, { "Name": "verified_email", "Priority": 2 }]),
                )
            },
            none,
        ),
        (
            "pool.email.cognito-default",
            |s| {
                put(
                    &mut s.pool,
                    "/EmailConfiguration",
                    json!({ "EmailSendingAccount": "COGNITO_DEFAULT" }),
                )
            },
            none,
        ),
        (
            "client.flow.user-password",
            |s| {
                put(
                    &mut s.client,
                    "/ExplicitAuthFlows",
                    json!([
                        "ALLOW_USER_SRP_AUTH",
                        "ALLOW_USER_PASSWORD_AUTH",
                        "ALLOW_REFRESH_TOKEN_AUTH"
                    ]),
                )
            },
            none,
        ),
        (
            "client.user-existence-errors",
            |s| {
                put(
                    &mut s.client,
                    "/PreventUserExistenceErrors",
                    json!("LEGACY"),
                )
            },
            none,
        ),
        (
            "client.token-revocation.off",
            |s| put(&mut s.client, "/EnableTokenRevocation", json!(false)),
            none,
        ),
        (
            "client.refresh-token.years",
            |s| put(&mut s.client, "/RefreshTokenValidity", json!(3650)),
            |s| put(&mut s.client, "/RefreshTokenValidity", json!(365)),
        ),
        (
            "client.access-token.long",
            |s| put(&mut s.client, "/AccessTokenValidity", json!(1440)),
            none,
        ),
        (
            "client.oauth.implicit-grant",
            |s| {
                put(
                    &mut s.client,
                    "/AllowedOAuthFlows",
                    json!(["code", "implicit"]),
                )
            },
            none,
        ),
        (
            "client.redirect.plain-http",
            |s| {
                put(
                    &mut s.client,
                    "/CallbackURLs",
                    json!(["http://app.example.com/callback"]),
                )
            },
            |s| {
                put(
                    &mut s.client,
                    "/CallbackURLs",
                    json!(["http://localhost:3000/callback"]),
                )
            },
        ),
        (
            "client.redirect.localhost-in-production",
            |s| {
                put(&mut s.client, "/ClientName", json!("web-prod"));
                put(
                    &mut s.client,
                    "/CallbackURLs",
                    json!(["http://localhost:3000/callback"]),
                );
            },
            |s| {
                put(&mut s.client, "/ClientName", json!("web-dev"));
                put(
                    &mut s.client,
                    "/CallbackURLs",
                    json!(["http://localhost:3000/callback"]),
                );
            },
        ),
        (
            "client.attributes.user-writable-custom",
            |s| {
                put(
                    &mut s.pool,
                    "/Schema",
                    json!([{ "Name": "role", "AttributeDataType": "String", "Mutable": true }]),
                )
            },
            |s| {
                put(
                    &mut s.pool,
                    "/Schema",
                    json!([{ "Name": "role", "AttributeDataType": "String", "Mutable": true }]),
                );
                put(&mut s.client, "/WriteAttributes", json!(["email", "name"]));
            },
        ),
        (
            "client.refresh-token.no-rotation",
            |s| drop_member(&mut s.client, "/RefreshTokenRotation"),
            none,
        ),
    ]
}

/// Builds the pool through the local pool's API and returns the rule ids "all" flags.
async fn flagged(server: &TestPool, setup: &Setup) -> BTreeSet<String> {
    let call = |op: &'static str, body: Value| {
        let url = server.url().to_string();
        async move {
            let (status, _, out) = raw_call(&url, op, &body.to_string(), true).await;
            assert_eq!(status, 200, "{op}: {out}");
            out
        }
    };
    let created = call("CreateUserPool", setup.pool.clone()).await;
    let pool_id = created["UserPool"]["Id"].as_str().unwrap().to_string();
    let mut client = setup.client.clone();
    put(&mut client, "/UserPoolId", json!(pool_id));
    let client = call("CreateUserPoolClient", client).await;
    let client_id = client["UserPoolClient"]["ClientId"]
        .as_str()
        .unwrap()
        .to_string();
    let mut mfa = setup.mfa.clone();
    put(&mut mfa, "/UserPoolId", json!(pool_id));
    call("SetUserPoolMfaConfig", mfa).await;
    let mut risk = setup.risk.clone();
    put(&mut risk, "/UserPoolId", json!(pool_id));
    call("SetRiskConfiguration", risk).await;

    let mut settings = Settings::new(&pool_id, &client_id);
    settings.endpoint_url = Some(server.url().to_string());
    let config = Operator::new(settings, static_keys())
        .read_config()
        .await
        .unwrap();
    assert!(config.notes.is_empty(), "{:?}", config.notes);
    doctor::examine(&config, Profile::All)
        .into_iter()
        .map(|f| f.rule.to_string())
        .collect()
}

#[tokio::test]
async fn a_clean_pool_is_flagged_only_for_composition_rules() {
    let server = TestPool::start().await;
    let found = flagged(&server, &clean()).await;
    assert_eq!(
        found,
        BTreeSet::from(["pool.password.composition-rules".to_string()])
    );
}

#[tokio::test]
async fn every_rule_triggers_on_its_case_and_not_on_the_other() {
    let server = TestPool::start().await;
    let cases = cases();
    let covered: BTreeSet<&str> = cases.iter().map(|c| c.0).collect();
    let rules: BTreeSet<&str> = doctor::rules().map(|r| r.id).collect();
    assert_eq!(covered, rules, "every rule needs a case here");
    for (rule, bad, good) in cases {
        let mut setup = clean();
        bad(&mut setup);
        let found = flagged(&server, &setup).await;
        assert!(found.contains(rule), "{rule} did not trigger: {found:?}");
        let mut setup = clean();
        good(&mut setup);
        let found = flagged(&server, &setup).await;
        assert!(!found.contains(rule), "{rule} triggered on its good case");
    }
}

#[tokio::test]
async fn profiles_pick_their_rules_and_fixes_keep_every_other_setting() {
    let server = TestPool::start().await;
    let mut setup = clean();
    put(
        &mut setup.pool,
        "/Policies/PasswordPolicy/MinimumLength",
        json!(6),
    );
    put(&mut setup.pool, "/DeletionProtection", json!("INACTIVE"));
    let created = {
        let (_, _, out) = raw_call(
            server.url(),
            "CreateUserPool",
            &setup.pool.to_string(),
            true,
        )
        .await;
        out
    };
    let pool_id = created["UserPool"]["Id"].as_str().unwrap().to_string();
    let mut client = setup.client.clone();
    put(&mut client, "/UserPoolId", json!(pool_id));
    let (_, _, client) = raw_call(
        server.url(),
        "CreateUserPoolClient",
        &client.to_string(),
        true,
    )
    .await;
    let client_id = client["UserPoolClient"]["ClientId"].as_str().unwrap();
    let mut settings = Settings::new(&pool_id, client_id);
    settings.endpoint_url = Some(server.url().to_string());
    let config = Operator::new(settings, static_keys())
        .read_config()
        .await
        .unwrap();

    let ids = |p: Profile| -> BTreeSet<&str> {
        doctor::examine(&config, p).iter().map(|f| f.rule).collect()
    };
    let aws = ids(Profile::AwsBaseline);
    let asvs = ids(Profile::Asvs);
    assert!(
        aws.contains("pool.password.min-length-8") && !aws.contains("pool.password.min-length-12")
    );
    assert!(
        asvs.contains("pool.password.min-length-12")
            && !asvs.contains("pool.password.min-length-8")
    );
    assert!(
        asvs.contains("pool.password.composition-rules")
            && !aws.contains("pool.password.composition-rules")
    );

    // The fix is a whole UpdateUserPool request: the one change, and every other setting kept.
    let findings = doctor::examine(&config, Profile::All);
    let fix = &findings
        .iter()
        .find(|f| f.rule == "pool.deletion-protection.off")
        .unwrap()
        .fix;
    assert!(
        fix.starts_with("aws cognito-idp update-user-pool --region us-east-1 --cli-input-json '"),
        "{fix}"
    );
    let request: Value = serde_json::from_str(
        fix.split_once(" --cli-input-json '")
            .unwrap()
            .1
            .trim_end_matches('\''),
    )
    .unwrap();
    assert_eq!(request["UserPoolId"], json!(pool_id));
    assert_eq!(request["DeletionProtection"], json!("ACTIVE"));
    assert_eq!(
        request["Policies"]["PasswordPolicy"]["MinimumLength"],
        json!(6)
    );
    assert_eq!(
        request["UserPoolAddOns"]["AdvancedSecurityMode"],
        json!("ENFORCED")
    );
    assert!(
        request.get("Schema").is_none() && request.get("UsernameConfiguration").is_none(),
        "UpdateUserPool cannot take them"
    );
    // Applying it through the API fixes exactly that finding.
    let (status, _, out) =
        raw_call(server.url(), "UpdateUserPool", &request.to_string(), true).await;
    assert_eq!(status, 200, "{out}");
    let mut settings = Settings::new(&pool_id, client_id);
    settings.endpoint_url = Some(server.url().to_string());
    let after = Operator::new(settings, static_keys())
        .read_config()
        .await
        .unwrap();
    let before: BTreeSet<&str> = findings.iter().map(|f| f.rule).collect();
    let now: BTreeSet<&str> = doctor::examine(&after, Profile::All)
        .iter()
        .map(|f| f.rule)
        .collect();
    let gone: Vec<&&str> = before.difference(&now).collect();
    assert_eq!(gone, vec![&"pool.deletion-protection.off"]);
}
