//! Rules over each app client: the settings the published rule sets read least.

use serde_json::{Value, json};

use super::super::ClientConfig;
use super::super::value::{flag, number, text, texts};
use super::fix::{self, set};
use super::{Hit, Profile, Rule, Scope, Severity, Subject};

use Profile::{Asvs, AwsBaseline};

const BOTH: &[Profile] = &[AwsBaseline, Asvs];
const YEAR: i64 = 365 * 86_400;

/// The client a client rule judges (`examine` always gives one).
fn client<'a>(s: &Subject<'a>) -> Option<&'a ClientConfig> {
    s.client
}

fn hit(detail: impl Into<String>, fix: String) -> Option<Hit> {
    Some(Hit {
        detail: detail.into(),
        fix,
    })
}

fn update(
    s: &Subject<'_>,
    c: &ClientConfig,
    change: impl FnOnce(&mut serde_json::Map<String, Value>),
) -> String {
    fix::update_client(s.config, c, change)
}

/// A token's lifetime in seconds, with Cognito's default value and unit.
fn lifetime(c: &ClientConfig, token: &str, default_value: i64, default_unit: &str) -> i64 {
    let value = number(&c.settings, &format!("{token}TokenValidity")).unwrap_or(default_value);
    let unit =
        text(&c.settings, &format!("TokenValidityUnits.{token}Token")).unwrap_or(default_unit);
    let seconds = match unit {
        "seconds" => 1,
        "minutes" => 60,
        "hours" => 3600,
        _ => 86_400,
    };
    value.saturating_mul(seconds)
}

fn words(seconds: i64) -> String {
    match seconds {
        s if s % 86_400 == 0 => format!("{} days", s / 86_400),
        s if s % 3600 == 0 => format!("{} hours", s / 3600),
        s => format!("{} minutes", s / 60),
    }
}

fn user_password_flow(s: &Subject<'_>) -> Option<Hit> {
    let c = client(s)?;
    let f = texts(&c.settings, "ExplicitAuthFlows");
    let plain = ["ALLOW_USER_PASSWORD_AUTH", "USER_PASSWORD_AUTH"];
    let found: Vec<&str> = f.iter().copied().filter(|x| plain.contains(x)).collect();
    if found.is_empty() {
        return None;
    }
    let kept: Vec<&str> = f.into_iter().filter(|x| !plain.contains(x)).collect();
    hit(
        format!(
            "{} is allowed: the password itself is sent to Cognito",
            found.join(", ")
        ),
        update(s, c, |r| {
            r.insert("ExplicitAuthFlows".into(), json!(kept));
        }),
    )
}

fn user_existence(s: &Subject<'_>) -> Option<Hit> {
    let c = client(s)?;
    let setting = text(&c.settings, "PreventUserExistenceErrors").unwrap_or("LEGACY");
    if setting == "ENABLED" {
        return None;
    }
    hit(
        format!(
            "PreventUserExistenceErrors is {setting}: sign-in and recovery answers tell whether a user exists"
        ),
        update(s, c, |r| {
            r.insert("PreventUserExistenceErrors".into(), json!("ENABLED"));
        }),
    )
}

fn token_revocation(s: &Subject<'_>) -> Option<Hit> {
    let c = client(s)?;
    if flag(&c.settings, "EnableTokenRevocation") != Some(false) {
        return None;
    }
    hit(
        "EnableTokenRevocation is false: a signed-out refresh token keeps working",
        update(s, c, |r| {
            r.insert("EnableTokenRevocation".into(), json!(true));
        }),
    )
}

fn refresh_for_years(s: &Subject<'_>) -> Option<Hit> {
    let c = client(s)?;
    let seconds = lifetime(c, "Refresh", 30, "days");
    if seconds <= YEAR {
        return None;
    }
    hit(
        format!("refresh tokens stay valid for {}", words(seconds)),
        update(s, c, |r| {
            r.insert("RefreshTokenValidity".into(), json!(30));
            set(r, "TokenValidityUnits.RefreshToken", json!("days"));
        }),
    )
}

fn long_access(s: &Subject<'_>) -> Option<Hit> {
    let c = client(s)?;
    let access = lifetime(c, "Access", 1, "hours");
    let id = lifetime(c, "Id", 1, "hours");
    if access.max(id) <= 3600 {
        return None;
    }
    hit(
        format!(
            "access tokens live {}, ID tokens {}: a leaked one cannot be revoked before then",
            words(access),
            words(id)
        ),
        update(s, c, |r| {
            r.insert("AccessTokenValidity".into(), json!(60));
            r.insert("IdTokenValidity".into(), json!(60));
            set(r, "TokenValidityUnits.AccessToken", json!("minutes"));
            set(r, "TokenValidityUnits.IdToken", json!("minutes"));
        }),
    )
}

fn implicit_grant(s: &Subject<'_>) -> Option<Hit> {
    let c = client(s)?;
    let grants = texts(&c.settings, "AllowedOAuthFlows");
    if !grants.contains(&"implicit") {
        return None;
    }
    let kept: Vec<&str> = grants.into_iter().filter(|g| *g != "implicit").collect();
    let kept = if kept.is_empty() { vec!["code"] } else { kept };
    hit(
        "the OAuth implicit grant is allowed: tokens travel in the URL fragment",
        update(s, c, |r| {
            r.insert("AllowedOAuthFlows".into(), json!(kept));
        }),
    )
}

fn host_of(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    if host.starts_with('[') {
        return host
            .split_once(']')
            .map_or(host, |(h, _)| h)
            .trim_start_matches('[');
    }
    host.split(':').next().unwrap_or(host)
}

fn is_local(url: &str) -> bool {
    matches!(host_of(url), "localhost" | "127.0.0.1" | "::1")
}

fn redirect_urls(c: &ClientConfig) -> Vec<&str> {
    let mut urls = texts(&c.settings, "CallbackURLs");
    urls.extend(texts(&c.settings, "LogoutURLs"));
    urls.extend(text(&c.settings, "DefaultRedirectURI"));
    urls
}

fn without_urls(
    c: &ClientConfig,
    drop: impl Fn(&str) -> bool,
) -> impl FnOnce(&mut serde_json::Map<String, Value>) {
    let keep = |member: &str| -> Vec<String> {
        texts(&c.settings, member)
            .into_iter()
            .filter(|u| !drop(u))
            .map(str::to_string)
            .collect()
    };
    let (callbacks, logouts) = (keep("CallbackURLs"), keep("LogoutURLs"));
    let default_dropped = text(&c.settings, "DefaultRedirectURI").is_some_and(&drop);
    move |r| {
        r.insert("CallbackURLs".into(), json!(callbacks));
        r.insert("LogoutURLs".into(), json!(logouts));
        if default_dropped {
            r.remove("DefaultRedirectURI");
        }
    }
}

fn plain_http(s: &Subject<'_>) -> Option<Hit> {
    let c = client(s)?;
    let bad = |u: &str| u.starts_with("http://") && !is_local(u);
    let found: Vec<&str> = redirect_urls(c).into_iter().filter(|u| bad(u)).collect();
    if found.is_empty() {
        return None;
    }
    hit(
        format!("redirect URLs over plain http: {}", found.join(", ")),
        update(s, c, without_urls(c, bad)),
    )
}

/// A client or pool whose name says it serves production.
fn production_looking(s: &Subject<'_>, c: &ClientConfig) -> bool {
    let names = [c.name(), s.config.pool_name()];
    names.iter().any(|n| {
        let n = n.to_lowercase();
        n.split(|c: char| !c.is_ascii_alphanumeric())
            .any(|w| matches!(w, "prod" | "production" | "prd" | "live"))
    })
}

fn localhost_in_production(s: &Subject<'_>) -> Option<Hit> {
    let c = client(s)?;
    if !production_looking(s, c) {
        return None;
    }
    let found: Vec<&str> = redirect_urls(c)
        .into_iter()
        .filter(|u| is_local(u))
        .collect();
    if found.is_empty() {
        return None;
    }
    hit(
        format!(
            "a production client redirects to this machine: {}",
            found.join(", ")
        ),
        update(s, c, without_urls(c, is_local)),
    )
}

fn writable_custom_attributes(s: &Subject<'_>) -> Option<Hit> {
    let c = client(s)?;
    let mutable_custom: Vec<&str> = s
        .config
        .pool
        .get("SchemaAttributes")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter(|x| x.get("Mutable").and_then(Value::as_bool).unwrap_or(true))
                .filter(|x| {
                    !x.get("DeveloperOnlyAttribute")
                        .and_then(Value::as_bool)
                        .unwrap_or(false)
                })
                .filter_map(|x| x.get("Name").and_then(Value::as_str))
                .filter(|n| n.starts_with("custom:"))
                .collect()
        })
        .unwrap_or_default();
    let write = texts(&c.settings, "WriteAttributes");
    let writable: Vec<&str> = mutable_custom
        .iter()
        .copied()
        .filter(|a| write.is_empty() || write.contains(a))
        .collect();
    if writable.is_empty() {
        return None;
    }
    let kept: Vec<String> = if write.is_empty() {
        s.config
            .pool
            .get("SchemaAttributes")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter(|x| x.get("Mutable").and_then(Value::as_bool).unwrap_or(true))
                    .filter_map(|x| x.get("Name").and_then(Value::as_str))
                    .filter(|n| !n.starts_with("custom:") && *n != "sub")
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default()
    } else {
        write
            .into_iter()
            .filter(|a| !writable.contains(a))
            .map(str::to_string)
            .collect()
    };
    hit(
        format!(
            "users can set {} themselves (UpdateUserAttributes); never trust them for authorization",
            writable.join(", ")
        ),
        update(s, c, |r| {
            r.insert("WriteAttributes".into(), json!(kept));
        }),
    )
}

fn refresh_rotation(s: &Subject<'_>) -> Option<Hit> {
    let c = client(s)?;
    let feature = text(&c.settings, "RefreshTokenRotation.Feature").unwrap_or("DISABLED");
    if feature == "ENABLED" {
        return None;
    }
    hit(
        "refresh tokens are not rotated: a stolen one works until it expires",
        update(s, c, |r| {
            set(r, "RefreshTokenRotation.Feature", json!("ENABLED"));
            set(r, "RefreshTokenRotation.RetryGracePeriodSeconds", json!(0));
        }),
    )
}

pub const RULES: &[Rule] = &[
    Rule {
        id: "client.flow.user-password",
        scope: Scope::Client,
        severity: Severity::Medium,
        profiles: BOTH,
        title: "ALLOW_USER_PASSWORD_AUTH is enabled",
        why: "the plain password reaches Cognito (and anything logging requests); SRP proves it without sending it",
        source: "Cognito developer guide (authentication flows)",
        check: user_password_flow,
    },
    Rule {
        id: "client.user-existence-errors",
        scope: Scope::Client,
        severity: Severity::Medium,
        profiles: BOTH,
        title: "PreventUserExistenceErrors is LEGACY",
        why: "different answers for unknown users let anyone enumerate the pool's accounts",
        source: "Prowler cognito_user_pool_client_prevent_user_existence_errors",
        check: user_existence,
    },
    Rule {
        id: "client.token-revocation.off",
        scope: Scope::Client,
        severity: Severity::Medium,
        profiles: BOTH,
        title: "token revocation is off",
        why: "signing out cannot stop a refresh token that was copied",
        source: "Prowler cognito_user_pool_client_token_revocation_enabled",
        check: token_revocation,
    },
    Rule {
        id: "client.refresh-token.years",
        scope: Scope::Client,
        severity: Severity::Low,
        profiles: BOTH,
        title: "refresh tokens are valid for more than a year",
        why: "a device that was lost or a token that leaked keeps access for years",
        source: "ASVS V3.3",
        check: refresh_for_years,
    },
    Rule {
        id: "client.access-token.long",
        scope: Scope::Client,
        severity: Severity::Low,
        profiles: &[Asvs],
        title: "access or ID tokens live longer than an hour",
        why: "JWTs cannot be recalled: their lifetime is the window a leaked one is usable",
        source: "ASVS V3.5",
        check: long_access,
    },
    Rule {
        id: "client.oauth.implicit-grant",
        scope: Scope::Client,
        severity: Severity::High,
        profiles: BOTH,
        title: "the OAuth implicit grant is allowed",
        why: "tokens in the redirect URL leak through history, logs and referrers; use the code grant with PKCE",
        source: "OAuth 2.0 Security Best Current Practice (RFC 9700) 2.1.2",
        check: implicit_grant,
    },
    Rule {
        id: "client.redirect.plain-http",
        scope: Scope::Client,
        severity: Severity::High,
        profiles: BOTH,
        title: "a callback or logout URL uses plain http",
        why: "authorization codes and tokens cross the network unencrypted",
        source: "RFC 9700 2.1; Cognito developer guide (app client settings)",
        check: plain_http,
    },
    Rule {
        id: "client.redirect.localhost-in-production",
        scope: Scope::Client,
        severity: Severity::Medium,
        profiles: BOTH,
        title: "a production-looking client redirects to localhost",
        why: "any program listening on a user's machine can receive that user's codes",
        source: "RFC 9700 4.1",
        check: localhost_in_production,
    },
    Rule {
        id: "client.attributes.user-writable-custom",
        scope: Scope::Client,
        severity: Severity::Medium,
        profiles: BOTH,
        title: "users can write custom attributes",
        why: "a custom attribute a user can set (custom:role, custom:tenant) must never decide what they may do",
        source: "Cognito developer guide (attribute permissions)",
        check: writable_custom_attributes,
    },
    Rule {
        id: "client.refresh-token.no-rotation",
        scope: Scope::Client,
        severity: Severity::Info,
        profiles: &[Asvs],
        title: "refresh tokens are not rotated",
        why: "with rotation, a stolen refresh token stops working the next time the real client refreshes",
        source: "RFC 9700 4.14.2; ASVS V3.3",
        check: refresh_rotation,
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_are_read_from_urls() {
        assert_eq!(host_of("http://localhost:3000/cb"), "localhost");
        assert_eq!(host_of("https://user@app.example.com/x"), "app.example.com");
        assert_eq!(host_of("http://[::1]:8080/"), "::1");
        assert!(is_local("http://127.0.0.1/"));
        assert!(!is_local("https://localhost.example.com/"));
    }

    #[test]
    fn lifetimes_use_units_and_defaults() {
        let c = ClientConfig {
            settings: serde_json::json!({"RefreshTokenValidity": 10, "TokenValidityUnits": {"RefreshToken": "hours"}})
                .as_object()
                .cloned()
                .unwrap(),
            has_secret: false,
            risk: None,
        };
        assert_eq!(lifetime(&c, "Refresh", 30, "days"), 36_000);
        assert_eq!(lifetime(&c, "Access", 1, "hours"), 3600);
    }
}
