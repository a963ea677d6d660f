//! `cognito-tui profiles add | list | remove`: the profiles file from a shell or CI.

use serde_json::{Value, json};

use super::{CommandError, read_input};
use crate::cli::{ProfileAddArgs, ProfilesAction};
use crate::flows;
use crate::secret::SecretString;
use crate::store::profile::auth_flow_name;
use crate::store::{Profile, ProfileEntry, ProfileStore, StorePaths};

/// Longest client secret read from standard input (Cognito's are 51 characters).
const MAX_SECRET_LEN: u64 = 4096;

/// Runs a profiles command, returning what to print or a one-line reason.
pub fn run(action: ProfilesAction, stdin: &mut dyn std::io::Read) -> Result<String, CommandError> {
    let paths = StorePaths::from_env()?;
    match action {
        ProfilesAction::Add(args) => add(&paths, args, stdin),
        ProfilesAction::List { json } => {
            let profiles = ProfileStore::new(&paths);
            let entries = profiles.list()?;
            Ok(if json {
                list_json(&entries)
            } else {
                list_text(&entries, &profiles)
            })
        }
        ProfilesAction::Remove { name } => {
            let (words, problem) = flows::profiles::remove(&paths, &name)?.words(&name);
            if problem {
                Err(CommandError::Refused(words))
            } else {
                Ok(words)
            }
        }
    }
}

fn add(
    paths: &StorePaths,
    args: ProfileAddArgs,
    stdin: &mut dyn std::io::Read,
) -> Result<String, CommandError> {
    let mut profile = Profile::new(args.name, args.pool_id, args.client_id);
    if let Some(region) = args.region {
        profile.region = region;
    }
    profile.client_secret = match args.client_secret {
        Some(secret) if secret.expose() == "-" => Some(read_secret(stdin)?),
        other => other,
    };
    profile.endpoint_url = args.endpoint_url;
    profile.issuer = args.issuer;
    profile.jwks_url = args.jwks_url;
    profile.aws_profile = args.aws_profile;
    profile.auth_flow = args.auth_flow.into();
    let saved = flows::profiles::save(paths, &profile, args.replace)?;
    Ok(saved.words(&profile.name))
}

fn read_secret(stdin: &mut dyn std::io::Read) -> Result<SecretString, CommandError> {
    let text = read_input(
        stdin,
        MAX_SECRET_LEN,
        "the client secret from standard input",
    )?;
    let secret = text.trim();
    if secret.is_empty() {
        return Err(CommandError::Empty("client secret"));
    }
    Ok(SecretString::new(secret))
}

fn list_text(entries: &[ProfileEntry], store: &ProfileStore) -> String {
    if entries.is_empty() {
        return format!(
            "no profiles in {} (add one with `cognito-tui profiles add`)",
            store.path().display()
        );
    }
    let mut blocks = Vec::new();
    for entry in entries {
        match &entry.profile {
            Err(reason) => blocks.push(format!("{} (invalid: {reason})", entry.name)),
            Ok(p) => {
                let mut lines = vec![entry.name.clone()];
                for (key, value) in fields(p) {
                    if let Some(value) = value {
                        lines.push(format!("  {key:<15}{value}"));
                    }
                }
                blocks.push(lines.join("\n"));
            }
        }
    }
    blocks.join("\n\n")
}

fn list_json(entries: &[ProfileEntry]) -> String {
    let list: Vec<Value> = entries
        .iter()
        .map(|entry| match &entry.profile {
            Err(reason) => json!({"name": entry.name, "valid": false, "error": reason}),
            Ok(p) => {
                let mut object = serde_json::Map::new();
                object.insert("name".into(), json!(entry.name));
                object.insert("valid".into(), json!(true));
                for (key, value) in fields(p) {
                    object.insert(key.trim_end_matches(':').into(), json!(value));
                }
                Value::Object(object)
            }
        })
        .collect();
    serde_json::to_string_pretty(&list).unwrap_or_else(|_| "[]".to_string())
}

/// What `list` shows of a profile: every setting, the client secret only as "set".
fn fields(p: &Profile) -> [(&'static str, Option<String>); 9] {
    [
        ("region:", Some(p.region.clone())),
        ("user_pool_id:", Some(p.user_pool_id.clone())),
        ("client_id:", Some(p.client_id.clone())),
        (
            "client_secret:",
            p.client_secret.as_ref().map(|_| "set".to_string()),
        ),
        ("endpoint_url:", p.endpoint_url.clone()),
        ("issuer:", p.issuer.clone()),
        ("jwks_url:", p.jwks_url.clone()),
        ("aws_profile:", p.aws_profile.clone()),
        ("auth_flow:", Some(auth_flow_name(p.auth_flow).to_string())),
    ]
}
