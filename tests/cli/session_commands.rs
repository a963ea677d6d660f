//! `login`, `token`, `whoami`, `logout` as subprocesses against the local pool: a session saved
//! with mode 0600 and no password in it, tokens refreshed when expiring, local and global
//! sign-out, and a challenge without a terminal failing with a message saying which.

use crate::common;

use assert_cmd::Command;
use cognito_tui::cognito::jwt::{TokenUse, decode_unverified};
use cognito_tui::local_pool::{LocalPool, LocalPoolConfig, demo, totp};
use cognito_tui::secret::SecretString;
use cognito_tui::service::account::Account;
use cognito_tui::service::auth::SignInStep;
use cognito_tui::store::{SessionStore, StorePaths};
use serde_json::Value;

/// A local pool with the demo data, temp config and data dirs, and a `demo` profile for it.
struct Setup {
    pool: LocalPool,
    config: tempfile::TempDir,
    data: tempfile::TempDir,
    _pool_dir: tempfile::TempDir,
}

impl Setup {
    async fn new() -> Self {
        let pool_dir = tempfile::tempdir().unwrap();
        let pool = LocalPool::start(LocalPoolConfig::ephemeral(pool_dir.path()))
            .await
            .unwrap();
        let setup = Self {
            pool,
            config: tempfile::tempdir().unwrap(),
            data: tempfile::tempdir().unwrap(),
            _pool_dir: pool_dir,
        };
        let url = setup.pool.url().to_string();
        setup.run(&[
            "profiles",
            "add",
            "demo",
            "--pool-id",
            demo::DEMO_POOL_ID,
            "--client-id",
            demo::DEMO_CLIENT_ID,
            "--endpoint-url",
            &url,
        ]);
        setup
    }

    fn cmd(&self, args: &[&str]) -> Command {
        let mut cmd = Command::cargo_bin("cognito-tui").unwrap();
        cmd.args(args)
            .env("COGNITO_TUI_CONFIG_DIR", self.config.path())
            .env("COGNITO_TUI_DATA_DIR", self.data.path())
            .env_remove("AWS_ENDPOINT_URL");
        cmd
    }

    /// Runs a command that must succeed; its stdout.
    fn run(&self, args: &[&str]) -> String {
        let out = self.cmd(args).output().unwrap();
        assert!(
            out.status.success(),
            "{args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap().trim().to_string()
    }

    /// Runs a command that must fail; its one-line stderr.
    fn fail(&self, args: &[&str], stdin: &str) -> String {
        let out = self.cmd(args).write_stdin(stdin).output().unwrap();
        assert!(!out.status.success(), "{args:?} succeeded");
        let err = String::from_utf8(out.stderr).unwrap();
        assert_eq!(err.trim_end().lines().count(), 1, "not one line: {err}");
        err
    }

    fn login(&self, username: &str, password: &str) -> Value {
        let out = self
            .cmd(&[
                "login",
                "--profile",
                "demo",
                "--username",
                username,
                "--password-stdin",
                "--json",
            ])
            .write_stdin(format!("{password}\n"))
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "login failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap()
    }

    fn sessions(&self) -> SessionStore {
        SessionStore::new(&StorePaths::new(self.config.path(), self.data.path()))
    }
}

fn password_of(user: &str) -> String {
    demo::demo_users()
        .into_iter()
        .find(|(u, _)| u == user)
        .unwrap()
        .1
}

#[tokio::test(flavor = "multi_thread")]
async fn login_token_whoami_and_local_logout() {
    let s = Setup::new().await;
    let password = password_of("alice");
    let summary = s.login("alice", &password);
    assert_eq!(summary["username"], "alice");
    assert_eq!(summary["profile"], "demo");
    assert!(summary["sub"].as_str().unwrap().len() > 10);

    // The saved session: 0600, tokens only — the password is nowhere in it.
    let file = s.sessions().file("demo").unwrap();
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(!text.contains(&password));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(&file).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    let id = s.run(&["token", "--profile", "demo"]);
    assert_eq!(
        decode_unverified(&id).unwrap().token_use(),
        Some(TokenUse::Id)
    );
    let access = s.run(&["token", "--profile", "demo", "--kind", "access"]);
    assert_eq!(
        decode_unverified(&access).unwrap().token_use(),
        Some(TokenUse::Access)
    );

    let who: Value =
        serde_json::from_str(&s.run(&["whoami", "--profile", "demo", "--json"])).unwrap();
    assert_eq!(who["username"], "alice");
    assert_eq!(who["email"], "alice@example.com");
    assert_eq!(who["email_verified"], true);
    assert_eq!(who["groups"], serde_json::json!(["admins", "developers"]));
    let text = s.run(&["whoami", "--profile", "demo"]);
    assert!(text.contains("alice@example.com (verified)"), "{text}");

    // An expiring session is refreshed before the token is printed, and saved again.
    let mut tokens = s.sessions().load("demo", "alice").unwrap().unwrap();
    let refresh = tokens.refresh_token.clone();
    tokens.expires_at = time::OffsetDateTime::now_utc() - time::Duration::minutes(1);
    s.sessions().save("demo", "alice", &tokens).unwrap();
    let fresh = s.run(&["token", "--profile", "demo", "--kind", "access"]);
    let saved = s.sessions().load("demo", "alice").unwrap().unwrap();
    assert_eq!(saved.access_token.expose(), fresh);
    assert!(saved.expires_at > time::OffsetDateTime::now_utc());
    assert_eq!(saved.refresh_token, refresh, "the refresh token is kept");

    let out = s.run(&["logout", "--profile", "demo"]);
    assert!(out.contains("refresh token is revoked"), "{out}");
    assert!(s.sessions().load("demo", "alice").unwrap().is_none());
    let err = s.fail(&["token", "--profile", "demo", "--username", "alice"], "");
    assert!(err.contains("no saved session"), "{err}");

    // The revoked refresh token no longer works.
    let account = Account::new(common_settings(&s)).await.unwrap();
    let mut old = saved.clone();
    old.refresh_token = refresh;
    assert!(
        account
            .refresh(&old, time::OffsetDateTime::now_utc())
            .await
            .is_err()
    );
}

fn common_settings(s: &Setup) -> cognito_tui::service::Settings {
    let mut settings =
        cognito_tui::service::Settings::new(demo::DEMO_POOL_ID, demo::DEMO_CLIENT_ID);
    settings.endpoint_url = Some(s.pool.url().to_string());
    settings
}

#[tokio::test(flavor = "multi_thread")]
async fn global_logout_revokes_every_token() {
    let s = Setup::new().await;
    s.login("bob", &password_of("bob"));
    let access = s.run(&["token", "--profile", "demo", "--kind", "access"]);
    let out = s.run(&["logout", "--profile", "demo", "--global"]);
    assert!(out.contains("every session"), "{out}");
    let client = common::TestPool::admin_client_for(s.pool.url());
    let err = client
        .get_user()
        .access_token(access)
        .send()
        .await
        .unwrap_err();
    assert_eq!(common::error_name(&err), "NotAuthorizedException");
}

#[tokio::test(flavor = "multi_thread")]
async fn failures_are_one_line_reasons() {
    let s = Setup::new().await;
    let login = [
        "login",
        "--profile",
        "demo",
        "--username",
        "carol",
        "--password-stdin",
    ];
    let err = s.fail(&login, "Wrong-Passw0rd!\n");
    assert!(err.contains("Incorrect username or password."), "{err}");
    let err = s.fail(&login, "");
    assert!(err.contains("no password on standard input"), "{err}");
    let err = s.fail(&["login", "--profile", "demo", "--username", "carol"], "");
    assert!(err.contains("--password-stdin"), "{err}");
    let err = s.fail(
        &[
            "login",
            "--profile",
            "nope",
            "--username",
            "carol",
            "--password-stdin",
        ],
        "x\n",
    );
    assert!(err.contains("nope"), "{err}");
    let err = s.fail(&["whoami", "--profile", "demo"], "");
    assert!(err.contains("no saved session"), "{err}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_pending_challenge_without_a_terminal_fails_saying_which() {
    let s = Setup::new().await;
    // dave turns on an authenticator app.
    let password = password_of("dave");
    let account = Account::new(common_settings(&s)).await.unwrap();
    let SignInStep::SignedIn(tokens) = account
        .sign_in("dave", &SecretString::new(password.clone()))
        .await
        .unwrap()
    else {
        panic!("dave has no MFA yet");
    };
    let setup = account.setup_totp(&tokens, "dave").await.unwrap();
    let now = s.pool.state().now() as u64;
    let code = totp::code_at(setup.secret.expose(), now).unwrap();
    account.verify_totp(&tokens, &code, None).await.unwrap();
    account
        .set_mfa_preference(&tokens, None, Some((true, true)))
        .await
        .unwrap();

    let err = s.fail(
        &[
            "login",
            "--profile",
            "demo",
            "--username",
            "dave",
            "--password-stdin",
        ],
        &format!("{password}\n"),
    );
    assert!(
        err.contains("authenticator app") && err.contains("SOFTWARE_TOKEN_MFA"),
        "{err}"
    );
    assert!(s.sessions().load("demo", "dave").unwrap().is_none());
}

#[test]
fn every_session_command_has_help() {
    for command in ["login", "token", "logout", "whoami"] {
        let out = Command::cargo_bin("cognito-tui")
            .unwrap()
            .args([command, "--help"])
            .output()
            .unwrap();
        assert!(out.status.success());
        assert!(String::from_utf8_lossy(&out.stdout).contains("--profile"));
    }
}
