//! `cognito-tui profiles ...` run as a real process, with the store in temp dirs.

use assert_cmd::Command;
use cognito_tui::service::tokens::Tokens;
use cognito_tui::store::{SessionStore, StorePaths};
use predicates::prelude::*;
use serde_json::Value;

struct Env {
    dir: tempfile::TempDir,
}

impl Env {
    fn new() -> Self {
        Self {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn paths(&self) -> StorePaths {
        StorePaths::new(self.dir.path().join("config"), self.dir.path().join("data"))
    }

    fn cmd(&self, args: &[&str]) -> Command {
        let paths = self.paths();
        let mut cmd = assert_cmd::cargo::cargo_bin_cmd!("cognito-tui");
        cmd.env("COGNITO_TUI_CONFIG_DIR", &paths.config_dir)
            .env("COGNITO_TUI_DATA_DIR", &paths.data_dir)
            .args(args);
        cmd
    }

    fn list_json(&self) -> Vec<Value> {
        let out = self.cmd(&["profiles", "list", "--json"]).assert().success();
        let out = String::from_utf8(out.get_output().stdout.clone()).unwrap();
        serde_json::from_str::<Value>(&out)
            .unwrap()
            .as_array()
            .unwrap()
            .clone()
    }
}

/// Asserts a failure with exit code 1 and exactly one line on stderr containing `text`.
fn fails_with(mut cmd: Command, text: &str) {
    let out = cmd.assert().failure().code(1).stdout("");
    let err = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.starts_with("cognito-tui: ") && err.contains(text),
        "{err}"
    );
}

const ADD_DEV: &[&str] = &[
    "profiles",
    "add",
    "dev",
    "--pool-id",
    "us-east-1_DemoPool1",
    "--client-id",
    "localpooldemoclient0000001",
    "--endpoint-url",
    "http://127.0.0.1:9229",
    "--client-secret",
    "very-secret-value",
];

#[test]
fn add_then_list_as_text_and_json() {
    let env = Env::new();
    env.cmd(&["profiles", "list"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("no profiles in "));
    env.cmd(ADD_DEV)
        .assert()
        .success()
        .stdout(predicate::str::starts_with("saved profile dev in "))
        .stdout(predicate::str::contains("profiles.toml"));
    env.cmd(&[
        "profiles",
        "add",
        "prod",
        "--pool-id",
        "eu-west-1_Prod42",
        "--client-id",
        "prodclient",
        "--region",
        "eu-central-1",
        "--issuer",
        "https://issuer.example/eu-west-1_Prod42",
        "--jwks-url",
        "https://issuer.example/jwks.json",
        "--aws-profile",
        "ops",
        "--auth-flow",
        "user-password",
    ])
    .assert()
    .success();

    let out = env.cmd(&["profiles", "list"]).assert().success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(!text.contains("very-secret-value"), "{text}");
    for line in [
        "dev\n",
        "  region:        us-east-1\n",
        "  client_secret: set\n",
        "  endpoint_url:  http://127.0.0.1:9229\n",
        "  auth_flow:     srp\n",
        "prod\n",
        "  region:        eu-central-1\n",
        "  aws_profile:   ops\n",
        "  auth_flow:     user_password\n",
    ] {
        assert!(text.contains(line), "{line:?} missing in:\n{text}");
    }

    let list = env.list_json();
    assert_eq!(list.len(), 2);
    assert_eq!(list[0]["name"], "dev");
    assert_eq!(list[0]["valid"], true);
    assert_eq!(list[0]["user_pool_id"], "us-east-1_DemoPool1");
    assert_eq!(list[0]["client_secret"], "set");
    assert_eq!(list[1]["client_secret"], Value::Null);
    assert_eq!(list[1]["jwks_url"], "https://issuer.example/jwks.json");
    assert_eq!(list[1]["auth_flow"], "user_password");
    assert!(!list[0].to_string().contains("very-secret-value"));

    // The secret is in the file (0600), for the commands that sign in.
    let file = std::fs::read_to_string(env.paths().profiles_file()).unwrap();
    assert!(
        file.contains("client_secret = \"very-secret-value\""),
        "{file}"
    );
}

#[test]
fn the_client_secret_can_come_from_standard_input() {
    let env = Env::new();
    env.cmd(&[
        "profiles",
        "add",
        "s",
        "--pool-id",
        "us-east-1_A",
        "--client-id",
        "c",
        "--client-secret",
        "-",
    ])
    .write_stdin("from-stdin-secret\n")
    .assert()
    .success();
    let file = std::fs::read_to_string(env.paths().profiles_file()).unwrap();
    assert!(
        file.contains("client_secret = \"from-stdin-secret\""),
        "{file}"
    );
}

#[test]
fn replace_needs_the_flag() {
    let env = Env::new();
    env.cmd(ADD_DEV).assert().success();
    fails_with(
        env.cmd(&[
            "profiles",
            "add",
            "dev",
            "--pool-id",
            "us-west-2_Other",
            "--client-id",
            "other",
        ]),
        "already exists (use --replace",
    );
    assert_eq!(
        env.list_json()[0]["client_id"],
        "localpooldemoclient0000001"
    );
    env.cmd(&[
        "profiles",
        "add",
        "dev",
        "--pool-id",
        "us-west-2_Other",
        "--client-id",
        "other",
        "--replace",
    ])
    .assert()
    .success()
    .stdout(predicate::str::starts_with("replaced profile dev"));
    let list = env.list_json();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["client_id"], "other");
    assert_eq!(list[0]["region"], "us-west-2");
    assert_eq!(list[0]["client_secret"], Value::Null);
    assert_eq!(list[0]["endpoint_url"], Value::Null);
}

#[test]
fn remove_takes_the_sessions_too() {
    let env = Env::new();
    env.cmd(ADD_DEV).assert().success();
    let sessions = SessionStore::new(&env.paths());
    let tokens = Tokens {
        id_token: "i".into(),
        access_token: "a".into(),
        refresh_token: None,
        expires_at: time::OffsetDateTime::UNIX_EPOCH,
        username: "alice".into(),
        device: None,
    };
    sessions.save("dev", "alice", &tokens).unwrap();
    env.cmd(&["profiles", "remove", "dev"])
        .assert()
        .success()
        .stdout("removed profile dev and its saved sessions\n");
    assert!(!sessions.file("dev").unwrap().exists());
    assert!(env.list_json().is_empty());
    fails_with(
        env.cmd(&["profiles", "remove", "dev"]),
        "no profile named \"dev\"",
    );
}

#[test]
fn bad_input_is_one_line_and_a_failure() {
    let env = Env::new();
    let add = |name: &str, pool: &str| {
        env.cmd(&[
            "profiles",
            "add",
            name,
            "--pool-id",
            pool,
            "--client-id",
            "c",
        ])
    };
    fails_with(add("bad name", "us-east-1_A"), "profile name \"bad name\"");
    fails_with(add("../up", "us-east-1_A"), "profile name");
    fails_with(add("ok", "DemoPool1"), "user pool id \"DemoPool1\"");
    fails_with(add("ok", "us-east-1_a-b"), "is not of the form");
    fails_with(
        env.cmd(&[
            "profiles",
            "add",
            "ok",
            "--pool-id",
            "us-east-1_A",
            "--client-id",
            "c",
            "--endpoint-url",
            "localhost:9229",
        ]),
        "endpoint_url \"localhost:9229\" is not an http",
    );
    assert!(!env.paths().profiles_file().exists());
    // Missing or unknown arguments are clap's: usage on stderr, exit code 2.
    env.cmd(&["profiles", "add", "x"]).assert().code(2);
    env.cmd(&[
        "profiles",
        "add",
        "x",
        "--pool-id",
        "us-east-1_A",
        "--client-id",
        "c",
    ])
    .args(["--auth-flow", "magic"])
    .assert()
    .code(2);
}

#[test]
fn a_corrupt_file_is_named_and_kept() {
    let env = Env::new();
    let path = env.paths().profiles_file();
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let bytes = b"# mine\n[profiles.dev\nregion = 1\n";
    std::fs::write(&path, bytes).unwrap();
    fails_with(
        env.cmd(&["profiles", "list"]),
        &format!("{}: line 2: ", path.display()),
    );
    fails_with(env.cmd(ADD_DEV), "profiles.toml: line 2: ");
    fails_with(
        env.cmd(&["profiles", "remove", "dev"]),
        "profiles.toml: line 2",
    );
    assert_eq!(std::fs::read(&path).unwrap(), bytes);
}

#[test]
fn an_invalid_profile_is_listed_with_its_reason() {
    let env = Env::new();
    env.cmd(ADD_DEV).assert().success();
    let path = env.paths().profiles_file();
    let mut text = std::fs::read_to_string(&path).unwrap();
    text.push_str("\n[profiles.half]\nclient_id = \"c\"\n");
    std::fs::write(&path, text).unwrap();
    env.cmd(&["profiles", "list"])
        .assert()
        .success()
        .stdout(predicate::str::contains("half (invalid: line "))
        .stdout(predicate::str::contains("user_pool_id is missing"));
    let list = env.list_json();
    assert_eq!(list[0]["valid"], true);
    assert_eq!(list[1]["name"], "half");
    assert_eq!(list[1]["valid"], false);
    assert!(
        list[1]["error"]
            .as_str()
            .unwrap()
            .contains("user_pool_id is missing")
    );
}

#[test]
fn every_command_has_help() {
    let env = Env::new();
    for args in [
        &["profiles", "--help"][..],
        &["profiles", "add", "--help"],
        &["profiles", "list", "--help"],
        &["profiles", "remove", "--help"],
    ] {
        env.cmd(args)
            .assert()
            .success()
            .stdout(predicate::str::contains("Usage: cognito-tui profiles"));
    }
}
