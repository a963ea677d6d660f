//! Which pool an operator command works on: a saved profile's (AWS credentials from the chain or
//! its aws_profile; none for a pool on this machine), or the built-in local demo pool.

use super::CommandError;
use crate::cli::PoolArgs;
use crate::local_pool::demo::{DEMO_CLIENT_ID, DEMO_POOL_ID, DEMO_PROFILE_NAME};
use crate::local_pool::{LocalPool, LocalPoolConfig};
use crate::service::Settings;
use crate::service::admin::{Operator, OperatorCredentials};
use crate::store::{ProfileStore, StoreError, StorePaths};

/// A pool to read, and the in-process local pool behind it when it is the demo one.
pub(super) struct Opened {
    pub operator: Operator,
    pub label: String,
    _local: Option<LocalPool>,
}

/// The profile to use when none is named: the only saved one, or the local demo pool.
fn default_profile(store: &ProfileStore) -> Result<String, CommandError> {
    let names: Vec<String> = store.list()?.into_iter().map(|e| e.name).collect();
    match names.as_slice() {
        [] => Ok(DEMO_PROFILE_NAME.to_string()),
        [only] => Ok(only.clone()),
        many => Err(CommandError::Refused(format!(
            "several profiles are saved ({}): name one with --profile",
            many.join(", ")
        ))),
    }
}

/// The pool `args` names: a saved profile's, or the built-in demo pool (started in-process).
pub(super) async fn open(args: &PoolArgs) -> Result<Opened, CommandError> {
    let paths = StorePaths::from_env()?;
    let store = ProfileStore::new(&paths);
    let name = match args.profile.as_deref() {
        Some(name) => name.to_string(),
        None => default_profile(&store)?,
    };
    match store.get(&name) {
        Ok(profile) => Ok(Opened {
            operator: Operator::new(
                profile.settings(),
                OperatorCredentials::for_profile(
                    profile.aws_profile.as_deref(),
                    profile.endpoint_url.as_deref(),
                ),
            ),
            label: name,
            _local: None,
        }),
        Err(StoreError::ProfileNotFound(_)) if name == DEMO_PROFILE_NAME => {
            // The same store the TUI's built-in demo pool uses.
            let local = LocalPool::start(LocalPoolConfig::ephemeral(
                paths.data_dir.join("local-pool"),
            ))
            .await?;
            let mut settings = Settings::new(DEMO_POOL_ID, DEMO_CLIENT_ID);
            settings.endpoint_url = Some(local.url().to_string());
            Ok(Opened {
                operator: Operator::new(settings, OperatorCredentials::local_pool()),
                label: name,
                _local: Some(local),
            })
        }
        Err(e) => Err(e.into()),
    }
}

/// Pretty JSON of `value`.
pub(super) fn json(value: &impl serde::Serialize) -> Result<String, CommandError> {
    serde_json::to_string_pretty(value).map_err(|e| CommandError::Refused(e.to_string()))
}
