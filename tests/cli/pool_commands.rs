//! `doctor`, `pool show`, `pool export`, `local-pool --seed` and `pool diff` as real processes,
//! with the store in temp dirs; with no saved profile they read the built-in local demo pool.

use std::io::{BufRead as _, BufReader};
use std::process::{Child, Stdio};

use assert_cmd::Command;
use serde_json::Value;

const EXE: &str = env!("CARGO_BIN_EXE_cognito-tui");

struct Env {
    dir: tempfile::TempDir,
}

impl Env {
    fn new() -> Self {
        Self {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn cmd(&self, args: &[&str]) -> Command {
        let mut cmd = assert_cmd::cargo::cargo_bin_cmd!("cognito-tui");
        cmd.env("COGNITO_TUI_CONFIG_DIR", self.dir.path().join("config"))
            .env("COGNITO_TUI_DATA_DIR", self.dir.path().join("data"))
            // Loopback pools need no AWS credentials; make sure none leak in from the host.
            .env_remove("AWS_PROFILE")
            .env("AWS_CONFIG_FILE", self.dir.path().join("no-aws-config"))
            .env(
                "AWS_SHARED_CREDENTIALS_FILE",
                self.dir.path().join("no-aws-credentials"),
            )
            .args(args);
        cmd
    }

    fn stdout(&self, args: &[&str]) -> String {
        let out = self.cmd(args).assert().success();
        String::from_utf8(out.get_output().stdout.clone()).unwrap()
    }
}

#[test]
fn doctor_exit_codes_gate_on_severity() {
    let env = Env::new();
    // The demo pool has threat protection off: a high finding.
    let out = env
        .cmd(&["doctor", "--fail-on", "high"])
        .assert()
        .failure()
        .code(2);
    let stdout = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(
        stdout.contains("[HIGH] pool.threat-protection.off"),
        "{stdout}"
    );
    assert!(
        stdout.contains("fix: aws cognito-idp update-user-pool"),
        "{stdout}"
    );
    assert!(
        stderr.starts_with("cognito-tui: ") && stderr.contains("at or above high"),
        "{stderr}"
    );

    // Nothing critical: success, with the findings still printed.
    let ok = env.stdout(&["doctor", "--fail-on", "critical"]);
    assert!(ok.contains("findings:"), "{ok}");
    // Without --fail-on findings never fail the command.
    env.cmd(&["doctor"]).assert().success();

    // Could not run at all: exit 1 with one line.
    let out = env
        .cmd(&["doctor", "--profile", "nosuch"])
        .assert()
        .failure()
        .code(1);
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("nosuch"), "{stderr}");
}

#[test]
fn doctor_json_names_rules_profiles_and_fixes() {
    let env = Env::new();
    let out = env.stdout(&["doctor", "--json", "--rules", "asvs"]);
    let report: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(report["UserPoolId"], "us-east-1_DemoPool1");
    assert_eq!(report["Rules"], "asvs");
    let findings = report["Findings"].as_array().unwrap();
    let ids: Vec<&str> = findings
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert!(ids.contains(&"pool.password.composition-rules"), "{ids:?}");
    assert!(
        !ids.contains(&"pool.password.uppercase"),
        "aws-baseline only: {ids:?}"
    );
    for f in findings {
        assert!(
            f["profiles"]
                .as_array()
                .unwrap()
                .contains(&Value::from("asvs"))
        );
        assert!(f["fix"].as_str().unwrap().starts_with("aws cognito-idp "));
    }
}

#[test]
fn pool_show_prints_words_or_json_and_a_secret_only_when_asked() {
    let env = Env::new();
    let text = env.stdout(&["pool", "show"]);
    for expected in [
        "Password policy",
        "Minimum length",
        "[Policies.PasswordPolicy.MinimumLength]",
        "App client demo-app",
        "no (public client)",
        "Groups",
    ] {
        assert!(text.contains(expected), "{expected} missing:\n{text}");
    }
    let json: Value = serde_json::from_str(&env.stdout(&["pool", "show", "--json"])).unwrap();
    assert_eq!(json["UserPool"]["Id"], "us-east-1_DemoPool1");
    assert_eq!(json["UserPoolClients"][0]["HasClientSecret"], false);
    assert!(json["UserPoolClients"][0].get("ClientSecret").is_none());
    let revealed = env.stdout(&[
        "pool",
        "show",
        "--reveal-secret",
        "localpooldemoclient0000001",
    ]);
    assert!(revealed.contains("(none: a public client)"), "{revealed}");
}

/// A `local-pool --seed` process, its pool id and first client id from its banner.
fn seeded_server(env: &Env, file: &std::path::Path) -> (Child, String, String, String) {
    let mut child = std::process::Command::new(EXE)
        .args(["local-pool", "--port", "0", "--data"])
        .arg(env.dir.path().join("copy-data"))
        .arg("--seed")
        .arg(file)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let reader = BufReader::new(child.stdout.take().unwrap());
    let (mut url, mut pool, mut client) = (String::new(), String::new(), String::new());
    for line in reader.lines() {
        let line = line.unwrap();
        if let Some(u) = line.strip_prefix("local pool listening on ") {
            url = u.to_string();
        } else if let Some(p) = line.strip_prefix("pool: ") {
            pool = p.to_string();
        } else if line.starts_with("app client ") && client.is_empty() {
            client = line.rsplit(' ').next().unwrap().to_string();
        } else if line.starts_with("try: ") {
            break;
        }
    }
    (child, url, pool, client)
}

#[test]
fn export_seed_and_diff_round_trip_as_processes() {
    let env = Env::new();
    let exported = env.stdout(&["pool", "export"]);
    assert!(
        exported.contains("[pool]") && exported.contains("[[clients]]"),
        "{exported}"
    );
    let file = env.dir.path().join("pool.toml");
    std::fs::write(&file, &exported).unwrap();

    let (mut child, url, pool, client) = seeded_server(&env, &file);
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
    env.cmd(&[
        "profiles",
        "add",
        "copy",
        "--pool-id",
        &pool,
        "--client-id",
        &client,
        "--endpoint-url",
        &url,
    ])
    .assert()
    .success();
    let same = env.stdout(&[
        "pool",
        "diff",
        "--profile",
        "local-demo",
        "--profile",
        "copy",
    ]);
    assert_eq!(same.trim(), "local-demo and copy: no difference");
    let as_json = env.stdout(&[
        "pool",
        "diff",
        "--profile",
        "local-demo",
        "--profile",
        "copy",
        "--json",
    ]);
    assert_eq!(
        serde_json::from_str::<Value>(&as_json).unwrap(),
        Value::Array(vec![])
    );
    // One profile is not a comparison.
    env.cmd(&["pool", "diff", "--profile", "copy"])
        .assert()
        .failure()
        .code(1);
    child.kill().unwrap();
    child.wait().unwrap();
}

#[test]
fn a_bad_seed_file_is_refused_before_anything_starts() {
    let env = Env::new();
    let file = env.dir.path().join("bad.toml");
    std::fs::write(&file, "[pool]\nPoolName = \"x\"\n[extra]\n").unwrap();
    let data = env.dir.path().join("d");
    let out = env
        .cmd(&[
            "local-pool",
            "--port",
            "0",
            "--data",
            data.to_str().unwrap(),
            "--seed",
            file.to_str().unwrap(),
        ])
        .assert()
        .failure()
        .code(1);
    let stderr = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(
        stderr.contains("bad.toml is not a valid seed file"),
        "{stderr}"
    );
}
