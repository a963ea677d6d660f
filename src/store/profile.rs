//! A profile: the settings for one pool and app client, as kept in `profiles.toml`.

use toml_edit::TableLike;

use crate::secret::SecretString;
use crate::service::{self, AuthFlow, Settings};

/// One `[profiles.NAME]` table. `Debug` shows the client secret as `***`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Profile {
    pub name: String,
    pub region: String,
    pub user_pool_id: String,
    pub client_id: String,
    pub client_secret: Option<SecretString>,
    /// A custom endpoint (local pool, emulator); AWS's when absent.
    pub endpoint_url: Option<String>,
    /// Expected token issuer, when the server's differs from the derived one.
    pub issuer: Option<String>,
    pub jwks_url: Option<String>,
    /// The AWS profile for operator (signed) calls; the default credential chain when absent.
    pub aws_profile: Option<String>,
    pub auth_flow: AuthFlow,
    /// Accounts the operator face's bulk actions never touch: names, or prefixes ending in `*`.
    /// Read from `protected_users`, never written: the list is the user's, kept as typed.
    pub protected_users: Vec<String>,
}

/// The keys of a profile table this crate reads and writes; any others are the user's and kept.
pub(crate) const KEYS: [&str; 9] = [
    "region",
    "user_pool_id",
    "client_id",
    "client_secret",
    "endpoint_url",
    "issuer",
    "jwks_url",
    "aws_profile",
    "auth_flow",
];

impl Profile {
    /// A profile with the region taken from the pool id and everything optional unset.
    pub fn new(
        name: impl Into<String>,
        user_pool_id: impl Into<String>,
        client_id: impl Into<String>,
    ) -> Self {
        let settings = Settings::new(user_pool_id, client_id);
        Self {
            name: name.into(),
            region: settings.region,
            user_pool_id: settings.user_pool_id,
            client_id: settings.client_id,
            client_secret: None,
            endpoint_url: None,
            issuer: None,
            jwks_url: None,
            aws_profile: None,
            auth_flow: AuthFlow::default(),
            protected_users: Vec::new(),
        }
    }

    /// Checks every field; the error names the field and what is wrong with it.
    pub fn validate(&self) -> Result<(), String> {
        validate_name(&self.name)?;
        validate_pool_id(&self.user_pool_id)?;
        validate_region(&self.region)?;
        validate_client_id(&self.client_id)?;
        if self.client_secret.as_ref().is_some_and(|s| s.is_empty()) {
            return Err("client_secret is empty (leave it out for a public client)".into());
        }
        for (key, url) in [
            ("endpoint_url", &self.endpoint_url),
            ("issuer", &self.issuer),
            ("jwks_url", &self.jwks_url),
        ] {
            if let Some(url) = url {
                validate_url(key, url)?;
            }
        }
        if let Some(p) = &self.aws_profile {
            if p.trim().is_empty() || p.chars().any(char::is_control) {
                return Err(format!(
                    "aws_profile {p:?} is not a usable AWS profile name"
                ));
            }
        }
        Ok(())
    }

    /// The service-layer settings this profile describes.
    pub fn settings(&self) -> Settings {
        Settings {
            region: self.region.clone(),
            user_pool_id: self.user_pool_id.clone(),
            client_id: self.client_id.clone(),
            client_secret: self.client_secret.clone(),
            endpoint_url: self.endpoint_url.clone(),
            auth_flow: self.auth_flow,
            issuer: self.issuer.clone(),
            jwks_url: self.jwks_url.clone(),
        }
    }

    /// Reads a profile table as a user may have written it; the error says which key is wrong.
    pub(crate) fn from_table(name: &str, table: &dyn TableLike) -> Result<Self, String> {
        let text = |key: &str| -> Result<Option<String>, String> {
            match table.get(key) {
                None => Ok(None),
                Some(item) => match item.as_str() {
                    Some(s) => Ok(Some(s.to_string())),
                    None => Err(format!("{key} must be a string")),
                },
            }
        };
        let required = |key: &str| -> Result<String, String> {
            text(key)?.ok_or_else(|| format!("{key} is missing"))
        };
        let user_pool_id = required("user_pool_id")?;
        let client_id = required("client_id")?;
        let mut profile = Self::new(name, user_pool_id, client_id);
        if let Some(region) = text("region")? {
            profile.region = region;
        }
        profile.client_secret = text("client_secret")?.map(SecretString::from);
        profile.endpoint_url = text("endpoint_url")?;
        profile.issuer = text("issuer")?;
        profile.jwks_url = text("jwks_url")?;
        profile.aws_profile = text("aws_profile")?;
        if let Some(flow) = text("auth_flow")? {
            profile.auth_flow = parse_auth_flow(&flow)?;
        }
        if let Some(list) = table.get("protected_users") {
            profile.protected_users = list
                .as_array()
                .filter(|a| a.iter().all(|v| v.is_str()))
                .map(|a| {
                    a.iter()
                        .filter_map(|v| v.as_str().map(str::to_string))
                        .collect()
                })
                .ok_or_else(|| {
                    "protected_users must be a list of names or prefixes (\"ci-*\")".to_string()
                })?;
        }
        profile.validate()?;
        Ok(profile)
    }
}

/// The name written in the file for an auth flow.
pub fn auth_flow_name(flow: AuthFlow) -> &'static str {
    match flow {
        AuthFlow::Srp => "srp",
        AuthFlow::UserPassword => "user_password",
    }
}

/// `srp` or `user_password` (also `user-password`, as the command line spells it).
pub fn parse_auth_flow(text: &str) -> Result<AuthFlow, String> {
    match text {
        "srp" => Ok(AuthFlow::Srp),
        "user_password" | "user-password" => Ok(AuthFlow::UserPassword),
        other => Err(format!(
            "auth_flow {other:?} is not one of \"srp\", \"user_password\""
        )),
    }
}

/// Profile names become file names, so only letters, digits, `-` and `_` (1–64 of them).
pub fn validate_name(name: &str) -> Result<(), String> {
    let ok = !name.is_empty()
        && name.len() <= 64
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if ok {
        Ok(())
    } else {
        Err(format!(
            "profile name {name:?} must be 1-64 letters, digits, '-' or '_'"
        ))
    }
}

/// A user pool id is `<region>_<letters and digits>`, as Cognito issues them.
pub fn validate_pool_id(id: &str) -> Result<(), String> {
    let bad = || {
        Err(format!(
            "user pool id {id:?} is not of the form <region>_<id>, e.g. us-east-1_AbC123"
        ))
    };
    let Some(region) = service::region_of_pool(id) else {
        return bad();
    };
    let rest = &id[region.len() + 1..];
    if id.len() > 55
        || validate_region(region).is_err()
        || rest.is_empty()
        || !rest.chars().all(|c| c.is_ascii_alphanumeric())
    {
        return bad();
    }
    Ok(())
}

fn validate_region(region: &str) -> Result<(), String> {
    let ok = !region.is_empty()
        && region.len() <= 32
        && region
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if ok {
        Ok(())
    } else {
        Err(format!(
            "region {region:?} is not a region name like us-east-1"
        ))
    }
}

fn validate_client_id(id: &str) -> Result<(), String> {
    let ok = !id.is_empty()
        && id.len() <= 128
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '+');
    if ok {
        Ok(())
    } else {
        Err(format!(
            "client id {id:?} must be 1-128 letters, digits, '_' or '+'"
        ))
    }
}

fn validate_url(key: &str, url: &str) -> Result<(), String> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    match rest {
        Some(host) if !host.is_empty() && !url.chars().any(|c| c.is_whitespace()) => Ok(()),
        _ => Err(format!("{key} {url:?} is not an http:// or https:// URL")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_pool_ids() {
        assert!(validate_name("dev-1_x").is_ok());
        for bad in ["", "a b", "../x", "é", "a.b"] {
            assert!(validate_name(bad).is_err(), "{bad}");
        }
        assert!(validate_pool_id("us-east-1_DemoPool1").is_ok());
        for bad in [
            "",
            "DemoPool1",
            "_abc",
            "us-east-1_",
            "US_abc",
            "us-east-1_a-b",
        ] {
            assert!(validate_pool_id(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn region_follows_the_pool_id_and_settings_carry_everything() {
        let mut p = Profile::new("dev", "eu-west-2_Abc", "client1");
        assert_eq!(p.region, "eu-west-2");
        p.client_secret = Some("s3cret".into());
        p.endpoint_url = Some("http://127.0.0.1:9229".into());
        p.auth_flow = AuthFlow::UserPassword;
        assert!(p.validate().is_ok());
        let s = p.settings();
        assert_eq!(s.user_pool_id, "eu-west-2_Abc");
        assert_eq!(s.client_secret.as_ref().map(|s| s.expose()), Some("s3cret"));
        assert_eq!(s.auth_flow, AuthFlow::UserPassword);
        assert!(!format!("{p:?}").contains("s3cret"));
    }
}
