//! Interoperability: pycognito, the reference Python client, signs in with SRP against the local
//! pool, verifies the tokens with the served JWKS, edits the profile and changes the password.
//!
//! Needs a Python with pycognito (`pip install pycognito`); `COGNITO_TUI_PYTHON` names it
//! (default `python3`). Without it the test says so and passes, unless
//! `COGNITO_TUI_REQUIRE_INTEROP=1` (set by `.ci/run`, which installs it) makes it fail.

use std::process::Command;

use cognito_tui::local_pool::{LocalPool, LocalPoolConfig, demo};

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
