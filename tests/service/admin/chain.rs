//! `OperatorCredentials::Chain` reads the environment and the shared AWS files, so each case
//! runs this test binary again as a child (`admin::chain::child`, ignored in normal runs) with its own
//! environment: no AWS_* variable from outside, HOME and the AWS files in a temp dir, IMDS off.
//! The child prints one `CHILD-OK`/`CHILD-ERR` line that the parent checks.

use std::process::Command;

use cognito_tui::service::Settings;
use cognito_tui::service::admin::{Operator, OperatorCredentials};

use super::common::{self, TestPool};

const URL_VAR: &str = "SERVICE_ADMIN_CHILD_URL";
const POOL_VAR: &str = "SERVICE_ADMIN_CHILD_POOL";
const PROFILE_VAR: &str = "SERVICE_ADMIN_CHILD_PROFILE";

#[tokio::test]
#[ignore = "run in a child process by the other chain tests"]
async fn child() {
    let (Ok(url), Ok(pool_id)) = (std::env::var(URL_VAR), std::env::var(POOL_VAR)) else {
        // Run directly (`--include-ignored`): nothing to check without the parent's set-up.
        return;
    };
    let mut settings = Settings::new(pool_id, "unused");
    settings.endpoint_url = Some(url);
    let aws_profile = std::env::var(PROFILE_VAR).ok();
    let operator = Operator::new(settings, OperatorCredentials::Chain { aws_profile });
    match operator.describe_pool().await {
        Ok(info) => println!("CHILD-OK {}", info.id),
        Err(err) => println!("CHILD-ERR {err:?} | {err}"),
    }
}

/// Runs `admin::chain::child` against `pool_id` with the AWS files holding `config` and `credentials`,
/// plus `env`; returns the child's outcome line.
async fn run_child(
    pool: &TestPool,
    pool_id: &str,
    profile: Option<&str>,
    config: &str,
    credentials: &str,
    env: &[(&str, &str)],
) -> String {
    let home = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| {
        let path = home.path().join(name);
        std::fs::write(&path, text).unwrap();
        path
    };
    let config_file = write("config", config);
    let credentials_file = write("credentials", credentials);
    let mut command = Command::new(std::env::current_exe().unwrap());
    command.args([
        "admin::chain::child",
        "--exact",
        "--ignored",
        "--nocapture",
        "--test-threads=1",
    ]);
    for (name, _) in std::env::vars_os() {
        if name.to_string_lossy().starts_with("AWS_") {
            command.env_remove(name);
        }
    }
    command
        .env("HOME", home.path())
        .env("AWS_CONFIG_FILE", &config_file)
        .env("AWS_SHARED_CREDENTIALS_FILE", &credentials_file)
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env(URL_VAR, pool.url())
        .env(POOL_VAR, pool_id)
        .envs(env.iter().copied());
    match profile {
        Some(p) => command.env(PROFILE_VAR, p),
        None => command.env_remove(PROFILE_VAR),
    };
    // The pool serves on this runtime while the child runs, so wait off it.
    let output = tokio::task::spawn_blocking(move || command.output())
        .await
        .unwrap()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    stdout
        .lines()
        .find_map(|l| l.find("CHILD-").map(|at| &l[at..]))
        .unwrap_or_else(|| {
            panic!(
                "no outcome from the child: {stdout}\n{}",
                String::from_utf8_lossy(&output.stderr)
            )
        })
        .to_string()
}

#[tokio::test]
async fn no_credentials_anywhere_says_how_to_configure_them() {
    let pool = TestPool::start().await;
    let (pool_id, _) = common::standard_pool(&pool);
    let line = run_child(&pool, &pool_id, None, "", "", &[]).await;
    assert!(line.starts_with("CHILD-ERR MissingCredentials"), "{line}");
    assert!(line.contains("AWS_ACCESS_KEY_ID"), "{line}");
    assert!(line.contains("aws_profile"), "{line}");
    assert!(line.contains("none in the environment"), "{line}");
    assert!(!line.contains('\n'));
}

#[tokio::test]
async fn a_missing_named_profile_is_a_credentials_error() {
    let pool = TestPool::start().await;
    let (pool_id, _) = common::standard_pool(&pool);
    let line = run_child(&pool, &pool_id, Some("nosuchprofile"), "", "", &[]).await;
    assert!(line.starts_with("CHILD-ERR MissingCredentials"), "{line}");
    assert!(line.contains("nosuchprofile"), "{line}");
}

#[tokio::test]
async fn environment_credentials_are_used() {
    let pool = TestPool::start().await;
    let (pool_id, _) = common::standard_pool(&pool);
    let env = [
        ("AWS_ACCESS_KEY_ID", "AKIDFROMENV"),
        ("AWS_SECRET_ACCESS_KEY", "env-secret"),
    ];
    let line = run_child(&pool, &pool_id, None, "", "", &env).await;
    assert_eq!(line, format!("CHILD-OK {pool_id}"));
}

#[tokio::test]
async fn a_named_profile_is_used() {
    let pool = TestPool::start().await;
    let (pool_id, _) = common::standard_pool(&pool);
    let credentials =
        "[ops]\naws_access_key_id = AKIDPROFILE\naws_secret_access_key = profile-secret\n";
    let config = "[profile ops]\nregion = us-east-1\n";
    let line = run_child(&pool, &pool_id, Some("ops"), config, credentials, &[]).await;
    assert_eq!(line, format!("CHILD-OK {pool_id}"));
    // The same files without naming the profile: the default profile has no keys.
    let line = run_child(&pool, &pool_id, None, config, credentials, &[]).await;
    assert!(line.starts_with("CHILD-ERR MissingCredentials"), "{line}");
}
