//! `pool show`, `doctor` and `pool export` against moto, a third-party Cognito emulator, as real
//! processes: the configuration face reads any server that speaks Cognito's protocol, and says
//! what it could not read. moto_server comes from `COGNITO_TUI_MOTO` (`.ci/run` installs it);
//! without it the tests say so and pass, unless `COGNITO_TUI_REQUIRE_INTEROP=1`.

use std::io::{BufRead as _, BufReader};
use std::process::{Child, Command, Stdio};

use serde_json::Value;

use crate::common::TestPool;

struct Moto {
    child: Child,
    url: String,
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// moto_server on a free loopback port, or None (with a note) when it is not installed.
fn moto() -> Option<Moto> {
    let exe = std::env::var("COGNITO_TUI_MOTO").unwrap_or_else(|_| "moto_server".into());
    let spawned = Command::new(&exe)
        .args(["-H", "127.0.0.1", "-p", "0"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn();
    let mut child = match spawned {
        Ok(child) => child,
        Err(e) => {
            let required = std::env::var("COGNITO_TUI_REQUIRE_INTEROP").is_ok_and(|v| v == "1");
            assert!(
                !required,
                "moto_server is required but {exe} cannot run: {e}"
            );
            eprintln!(
                "skipped: {exe} cannot run ({e}); pip install 'moto[server]' to run this test"
            );
            return None;
        }
    };
    // Werkzeug names the port it bound: " * Running on http://127.0.0.1:41234".
    let stderr = child.stderr.take().expect("stderr");
    let mut lines = BufReader::new(stderr).lines();
    let url = loop {
        let line = lines
            .next()
            .expect("moto_server ended before it listened")
            .expect("moto_server's output");
        if let Some(at) = line.find("http://127.0.0.1:") {
            break line[at..].trim().to_string();
        }
    };
    // Keep reading its log so it never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    Some(Moto { child, url })
}

struct Env {
    dir: tempfile::TempDir,
}

impl Env {
    fn cmd(&self, args: &[&str]) -> assert_cmd::Command {
        let mut cmd = assert_cmd::cargo::cargo_bin_cmd!("cognito-tui");
        cmd.env("COGNITO_TUI_CONFIG_DIR", self.dir.path().join("config"))
            .env("COGNITO_TUI_DATA_DIR", self.dir.path().join("data"))
            .args(args);
        cmd
    }
}

/// A pool and an app client made on moto with the SDK, as a user would set one up.
async fn moto_pool(url: &str) -> (String, String) {
    use aws_sdk_cognitoidentityprovider::types::ExplicitAuthFlowsType;
    let admin = TestPool::admin_client_for(url);
    let pool = admin
        .create_user_pool()
        .pool_name("moto-prod")
        .send()
        .await
        .expect("moto creates the pool");
    let pool_id = pool.user_pool().unwrap().id().unwrap().to_string();
    let client = admin
        .create_user_pool_client()
        .user_pool_id(&pool_id)
        .client_name("web")
        .explicit_auth_flows(ExplicitAuthFlowsType::AllowUserPasswordAuth)
        .explicit_auth_flows(ExplicitAuthFlowsType::AllowRefreshTokenAuth)
        .send()
        .await
        .expect("moto creates the client");
    let client_id = client
        .user_pool_client()
        .unwrap()
        .client_id()
        .unwrap()
        .to_string();
    (pool_id, client_id)
}

#[tokio::test(flavor = "multi_thread")]
async fn pool_show_doctor_and_export_read_a_moto_pool() {
    let Some(moto) = moto() else { return };
    let (pool_id, client_id) = moto_pool(&moto.url).await;
    let env = Env {
        dir: tempfile::tempdir().unwrap(),
    };
    env.cmd(&[
        "profiles",
        "add",
        "moto",
        "--pool-id",
        &pool_id,
        "--client-id",
        &client_id,
        "--endpoint-url",
        &moto.url,
    ])
    .assert()
    .success();

    let shown = env
        .cmd(&["pool", "show", "--profile", "moto", "--json"])
        .assert()
        .success();
    let shown: Value = serde_json::from_slice(&shown.get_output().stdout).unwrap();
    assert_eq!(shown["UserPool"]["Id"], Value::from(pool_id.clone()));
    assert_eq!(shown["UserPoolClients"][0]["ClientName"], "web");
    let text = env
        .cmd(&["pool", "show", "--profile", "moto"])
        .assert()
        .success();
    let text = String::from_utf8(text.get_output().stdout.clone()).unwrap();
    assert!(text.contains("App client web"), "{text}");

    // The client sends passwords in the clear and the pool has no MFA: findings, exit 2.
    let doctor = env
        .cmd(&["doctor", "--profile", "moto", "--json", "--fail-on", "high"])
        .assert()
        .failure()
        .code(2);
    let report: Value = serde_json::from_slice(&doctor.get_output().stdout).unwrap();
    let rules: Vec<&str> = report["Findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    for expected in ["pool.mfa.off", "client.flow.user-password"] {
        assert!(rules.contains(&expected), "{expected} not in {rules:?}");
    }

    // Its export seeds the local pool: an offline copy of a pool made elsewhere.
    let export = env
        .cmd(&["pool", "export", "--profile", "moto"])
        .assert()
        .success();
    let text = String::from_utf8(export.get_output().stdout.clone()).unwrap();
    let file = cognito_tui::local_pool::seed::SeedFile::parse(&text, "moto export").unwrap();
    let local = TestPool::start().await;
    let outcome = cognito_tui::local_pool::seed::seed_into(local.pool.state(), &file)
        .expect("the local pool takes moto's configuration");
    assert!(matches!(
        outcome,
        cognito_tui::local_pool::seed::Outcome::Created(_)
    ));
}

#[tokio::test(flavor = "multi_thread")]
async fn the_operator_commands_work_against_moto() {
    let Some(moto) = moto() else { return };
    let (pool_id, client_id) = moto_pool(&moto.url).await;
    let env = Env {
        dir: tempfile::tempdir().unwrap(),
    };
    env.cmd(&[
        "profiles",
        "add",
        "moto",
        "--pool-id",
        &pool_id,
        "--client-id",
        &client_id,
        "--endpoint-url",
        &moto.url,
    ])
    .assert()
    .success();
    let run = |args: &[&str]| {
        let mut all = args.to_vec();
        all.extend(["--profile", "moto"]);
        let out = env.cmd(&all).assert().success();
        String::from_utf8(out.get_output().stdout.clone()).unwrap()
    };
    run(&[
        "users",
        "create",
        "mia",
        "--attribute",
        "email=mia@example.com",
        "--generate",
        "--suppress-invitation",
    ]);
    let listed: Vec<Value> = run(&["users", "list", "--json"])
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0]["Username"], "mia");
    assert_eq!(listed[0]["UserStatus"], "FORCE_CHANGE_PASSWORD");
    run(&["users", "disable", "mia", "--yes"]);
    let mia: Value = serde_json::from_str(&run(&["users", "get", "mia", "--json"])).unwrap();
    assert_eq!(mia["Enabled"], false);
    run(&["users", "enable", "mia"]);
    run(&["users", "update", "mia", "--set", "given_name=Mia"]);
    run(&[
        "groups",
        "create",
        "qa",
        "--description",
        "Testers",
        "--precedence",
        "3",
    ]);
    run(&["groups", "add", "qa", "mia"]);
    assert!(run(&["groups", "members", "qa"]).contains("mia"));
    let mia: Value = serde_json::from_str(&run(&["users", "get", "mia", "--json"])).unwrap();
    assert_eq!(mia["Groups"], serde_json::json!(["qa"]));
    assert_eq!(mia["Attributes"]["given_name"], "Mia");
    // The export reads moto's users and groups as the import reads them back.
    let jsonl = run(&["users", "export", "--format", "jsonl"]);
    assert!(jsonl.contains("\"Groups\":[\"qa\"]"), "{jsonl}");
    run(&["users", "delete", "mia", "--yes"]);
    assert!(run(&["users", "list", "--json"]).trim().is_empty());
}
