//! Interoperability with third-party clients over the real wire:
//! - pycognito, the reference Python client (boto3 underneath): SRP sign-in, token verification
//!   with the served JWKS, profile update, password change, global sign-out;
//! - amazon-cognito-identity-js, Amplify's identity library (Node): SRP sign-in, attribute
//!   update and read, global sign-out.
//!
//! They need a Python with pycognito (`COGNITO_TUI_PYTHON`, default `python3`) and
//! `npm ci` in `tests/interop`. Without them a test says so and passes, unless
//! `COGNITO_TUI_REQUIRE_INTEROP=1` (set by `.ci/run`, which installs both) makes it fail.

use std::process::Command;

use cognito_tui::local_pool::{LocalPool, LocalPoolConfig, demo};

fn required() -> bool {
    std::env::var("COGNITO_TUI_REQUIRE_INTEROP").is_ok_and(|v| v == "1")
}

fn python() -> Option<String> {
    let python = std::env::var("COGNITO_TUI_PYTHON").unwrap_or_else(|_| "python3".into());
    let ok = Command::new(&python)
        .args(["-c", "import pycognito"])
        .output()
        .is_ok_and(|o| o.status.success());
    if ok {
        return Some(python);
    }
    let required = std::env::var("COGNITO_TUI_REQUIRE_INTEROP").is_ok_and(|v| v == "1");
    assert!(
        !required,
        "pycognito is required (COGNITO_TUI_REQUIRE_INTEROP=1) but {python} cannot import it"
    );
    eprintln!("skipped: {python} cannot import pycognito (pip install pycognito to run this test)");
    None
}

#[tokio::test(flavor = "multi_thread")]
async fn pycognito_signs_in_and_manages_the_account() {
    let Some(python) = python() else { return };
    let dir = tempfile::tempdir().unwrap();
    let pool = LocalPool::start(LocalPoolConfig::ephemeral(dir.path()))
        .await
        .unwrap();
    let (username, password) = demo::demo_users().into_iter().next().unwrap();
    let script = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/interop/pycognito_flow.py"
    );
    let url = pool.url().to_string();
    let out = tokio::task::spawn_blocking(move || {
        Command::new(python)
            .args([
                script,
                &url,
                demo::DEMO_POOL_ID,
                demo::DEMO_CLIENT_ID,
                &username,
                &password,
            ])
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "pycognito failed:\n{stdout}\n{stderr}"
    );
    for step in [
        "authenticated",
        "tokens verified",
        "profile updated",
        "signed in with the new password",
        "revoked: NotAuthorizedException",
    ] {
        assert!(
            stdout.contains(step),
            "missing {step:?} in:\n{stdout}\n{stderr}"
        );
    }
    pool.shutdown().await;
}

const INTEROP_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/interop");

#[tokio::test(flavor = "multi_thread")]
async fn amplify_identity_library_signs_in_and_updates_attributes() {
    let installed = std::path::Path::new(INTEROP_DIR)
        .join("node_modules/amazon-cognito-identity-js")
        .is_dir();
    let node = Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !(installed && node) {
        assert!(
            !required(),
            "node and `npm ci` in tests/interop are required (COGNITO_TUI_REQUIRE_INTEROP=1)"
        );
        eprintln!("skipped: needs node and `npm ci` in tests/interop");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let pool = LocalPool::start(LocalPoolConfig::ephemeral(dir.path()))
        .await
        .unwrap();
    let (username, password) = demo::demo_users().into_iter().nth(1).unwrap();
    let url = pool.url().to_string();
    let out = tokio::task::spawn_blocking(move || {
        Command::new("node")
            .current_dir(INTEROP_DIR)
            .args([
                "amplify_flow.js",
                &url,
                demo::DEMO_POOL_ID,
                demo::DEMO_CLIENT_ID,
                &username,
                &password,
            ])
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "amazon-cognito-identity-js failed:\n{stdout}\n{stderr}"
    );
    for step in ["authenticated true", "given_name Amplify", "signed out"] {
        assert!(
            stdout.contains(step),
            "missing {step:?} in:\n{stdout}\n{stderr}"
        );
    }
    pool.shutdown().await;
}
