//! `users …` and `groups …` as real processes against a local pool on loopback (the demo pool,
//! through a saved profile: a loopback pool needs no AWS credentials). Every change is checked
//! through the pool's own API, not through the command's words.

use assert_cmd::Command;
use aws_sdk_cognitoidentityprovider::Client;
use aws_sdk_cognitoidentityprovider::types::{AttributeType, UserStatusType};
use cognito_tui::local_pool::demo::{DEMO_CLIENT_ID, DEMO_POOL_ID};
use cognito_tui::local_pool::password_policy::PasswordPolicy;
use cognito_tui::local_pool::{LocalPool, LocalPoolConfig};
use serde_json::Value;

use crate::common::TestPool;

struct Env {
    dir: tempfile::TempDir,
    pool: LocalPool,
}

impl Env {
    async fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let pool = LocalPool::start(LocalPoolConfig::ephemeral(dir.path().join("pool")))
            .await
            .unwrap();
        let env = Self { dir, pool };
        env.cmd(&[
            "profiles",
            "add",
            "demo",
            "--pool-id",
            DEMO_POOL_ID,
            "--client-id",
            DEMO_CLIENT_ID,
            "--endpoint-url",
            env.pool.url(),
        ])
        .assert()
        .success();
        env
    }

    fn cmd(&self, args: &[&str]) -> Command {
        let mut cmd = assert_cmd::cargo::cargo_bin_cmd!("cognito-tui");
        cmd.env("COGNITO_TUI_CONFIG_DIR", self.dir.path().join("config"))
            .env("COGNITO_TUI_DATA_DIR", self.dir.path().join("data"))
            .args(args);
        cmd
    }

    /// Runs a command on the demo profile; its standard output.
    fn ok(&self, args: &[&str]) -> String {
        let mut all = args.to_vec();
        all.extend(["--profile", "demo"]);
        let out = self.cmd(&all).assert().success();
        String::from_utf8(out.get_output().stdout.clone()).unwrap()
    }

    /// Runs a command that must fail with `code`; (stdout, stderr).
    fn fails(&self, args: &[&str], code: i32) -> (String, String) {
        let mut all = args.to_vec();
        all.extend(["--profile", "demo"]);
        let out = self.cmd(&all).assert().failure().code(code);
        (
            String::from_utf8(out.get_output().stdout.clone()).unwrap(),
            String::from_utf8(out.get_output().stderr.clone()).unwrap(),
        )
    }

    fn admin(&self) -> Client {
        TestPool::admin_client_for(self.pool.url())
    }

    async fn user(
        &self,
        username: &str,
    ) -> aws_sdk_cognitoidentityprovider::operation::admin_get_user::AdminGetUserOutput {
        self.admin()
            .admin_get_user()
            .user_pool_id(DEMO_POOL_ID)
            .username(username)
            .send()
            .await
            .unwrap()
    }

    async fn outbox_kinds(&self, username: &str) -> Vec<String> {
        let (_, body) = crate::common::raw_get(self.pool.url(), "/_local/outbox").await;
        let messages: Vec<Value> = serde_json::from_str(&body).unwrap();
        messages
            .iter()
            .filter(|m| m["username"] == username)
            .map(|m| m["kind"].as_str().unwrap().to_string())
            .collect()
    }
}

fn attribute(
    out: &aws_sdk_cognitoidentityprovider::operation::admin_get_user::AdminGetUserOutput,
    name: &str,
) -> Option<String> {
    out.user_attributes()
        .iter()
        .find(|a| a.name() == name)
        .and_then(|a| a.value().map(str::to_string))
}

#[tokio::test(flavor = "multi_thread")]
async fn list_get_create_and_delete_users() {
    let env = Env::new().await;
    let table = env.ok(&["users", "list"]);
    assert!(table.starts_with("USERNAME"), "{table}");
    assert!(
        table.contains("alice@example.com ✓") && table.ends_with("5 users\n"),
        "{table}"
    );
    let lines = env.ok(&["users", "list", "--json", "--filter", "username ^= \"a\""]);
    let users: Vec<Value> = lines
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(users.len(), 1);
    assert_eq!(users[0]["Username"], "alice");
    assert_eq!(
        env.ok(&["users", "list", "--json", "--limit", "2"])
            .lines()
            .count(),
        2
    );

    let alice: Value = serde_json::from_str(&env.ok(&["users", "get", "alice", "--json"])).unwrap();
    assert_eq!(alice["Groups"], serde_json::json!(["admins", "developers"]));
    assert_eq!(alice["Attributes"]["custom:team"], "platform");

    // A generated temporary password fits the pool's policy and is shown once.
    let created: Value = serde_json::from_str(&env.ok(&[
        "users",
        "create",
        "zed",
        "--attribute",
        "email=zed@example.com",
        "--attribute",
        "team=qa",
        "--generate",
        "--suppress-invitation",
        "--json",
    ]))
    .unwrap();
    assert_eq!(created["UserStatus"], "FORCE_CHANGE_PASSWORD");
    let password = created["GeneratedPassword"].as_str().unwrap();
    assert!(
        PasswordPolicy::default().check(password).is_ok(),
        "{password}"
    );
    let zed = env.user("zed").await;
    assert_eq!(
        zed.user_status(),
        Some(&UserStatusType::ForceChangePassword)
    );
    assert_eq!(attribute(&zed, "custom:team").as_deref(), Some("qa"));
    assert!(
        env.outbox_kinds("zed").await.is_empty(),
        "the invitation was suppressed"
    );

    // A permanent password from standard input: CONFIRMED at once.
    let out = env
        .cmd(&[
            "users",
            "create",
            "yan",
            "--attribute",
            "email=yan@example.com",
            "--password-stdin",
            "--permanent",
            "--profile",
            "demo",
        ])
        .write_stdin("Yan-Passw0rd-2024!\n")
        .assert()
        .success();
    assert!(String::from_utf8_lossy(&out.get_output().stdout).contains("(CONFIRMED)"));
    assert_eq!(
        env.user("yan").await.user_status(),
        Some(&UserStatusType::Confirmed)
    );

    // Without a terminal, deleting needs --yes; nothing happens otherwise.
    let (_, err) = env.fails(&["users", "delete", "zed"], 1);
    assert!(err.contains("pass --yes"), "{err}");
    env.user("zed").await;
    env.ok(&["users", "delete", "zed", "--yes"]);
    let gone = env
        .admin()
        .admin_get_user()
        .user_pool_id(DEMO_POOL_ID)
        .username("zed")
        .send()
        .await
        .unwrap_err();
    assert_eq!(crate::common::error_name(&gone), "UserNotFoundException");
    let (_, err) = env.fails(&["users", "get", "zed"], 1);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("No such user"), "{err}");
}

#[tokio::test(flavor = "multi_thread")]
async fn status_and_password_actions_do_what_they_say() {
    let env = Env::new().await;
    env.ok(&["users", "disable", "bob", "--yes"]);
    assert!(!env.user("bob").await.enabled());
    env.ok(&["users", "enable", "bob"]);
    assert!(env.user("bob").await.enabled());

    env.ok(&["users", "reset-password", "carol", "--yes"]);
    assert_eq!(
        env.user("carol").await.user_status(),
        Some(&UserStatusType::ResetRequired)
    );
    assert!(
        env.outbox_kinds("carol")
            .await
            .contains(&"forgot_password".to_string())
    );

    let set = |args: &[&str]| {
        env.cmd(args)
            .write_stdin("Dave-Changed-2024!\n")
            .assert()
            .success();
    };
    set(&[
        "users",
        "set-password",
        "dave",
        "--temporary",
        "--password-stdin",
        "--profile",
        "demo",
    ]);
    assert_eq!(
        env.user("dave").await.user_status(),
        Some(&UserStatusType::ForceChangePassword)
    );
    env.ok(&["users", "resend-invite", "dave"]);
    assert!(
        env.outbox_kinds("dave")
            .await
            .contains(&"invitation".to_string())
    );
    set(&[
        "users",
        "set-password",
        "dave",
        "--password-stdin",
        "--profile",
        "demo",
    ]);
    assert_eq!(
        env.user("dave").await.user_status(),
        Some(&UserStatusType::Confirmed)
    );

    // An unconfirmed sign-up, confirmed by the operator.
    let user_client = TestPool::admin_client_for(env.pool.url());
    user_client
        .sign_up()
        .client_id(DEMO_CLIENT_ID)
        .username("uma")
        .password("Uma-Passw0rd-2024!")
        .user_attributes(
            AttributeType::builder()
                .name("email")
                .value("uma@example.com")
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(
        env.user("uma").await.user_status(),
        Some(&UserStatusType::Unconfirmed)
    );
    env.ok(&["users", "confirm", "uma"]);
    assert_eq!(
        env.user("uma").await.user_status(),
        Some(&UserStatusType::Confirmed)
    );

    env.ok(&[
        "users",
        "update",
        "uma",
        "--set",
        "given_name=Uma",
        "--delete",
        "custom:team",
        "--verified",
        "email",
    ]);
    let uma = env.user("uma").await;
    assert_eq!(attribute(&uma, "given_name").as_deref(), Some("Uma"));
    assert_eq!(attribute(&uma, "email_verified").as_deref(), Some("true"));
    env.ok(&["users", "sign-out", "uma", "--yes"]);
    let (_, err) = env.fails(&["users", "update", "uma"], 1);
    assert!(err.contains("nothing to change"), "{err}");
    let (_, err) = env.fails(
        &["users", "create", "vic", "--attribute", "no-equals-sign"],
        1,
    );
    assert!(err.contains("NAME=VALUE"), "{err}");
}

#[tokio::test(flavor = "multi_thread")]
async fn groups_round_trip() {
    let env = Env::new().await;
    env.ok(&[
        "groups",
        "create",
        "qa",
        "--description",
        "Testers",
        "--precedence",
        "5",
        "--role-arn",
        "arn:aws:iam::123456789012:role/qa",
    ]);
    // An update keeps what it is not given.
    env.ok(&["groups", "update", "qa", "--precedence", "3"]);
    let qa = env
        .admin()
        .get_group()
        .user_pool_id(DEMO_POOL_ID)
        .group_name("qa")
        .send()
        .await
        .unwrap();
    let qa = qa.group().unwrap();
    assert_eq!(qa.precedence(), Some(3));
    assert_eq!(qa.description(), Some("Testers"));
    assert_eq!(qa.role_arn(), Some("arn:aws:iam::123456789012:role/qa"));
    let listed: Vec<Value> = env
        .ok(&["groups", "list", "--json"])
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(listed.len(), 3);

    // One failure never stops the rest, and the command says so.
    let (out, err) = env.fails(&["groups", "add", "qa", "bob", "nosuch", "carol"], 1);
    assert!(
        out.contains("bob: added to qa") && out.contains("carol: added to qa"),
        "{out}"
    );
    assert!(out.contains("nosuch: failed"), "{out}");
    assert!(err.contains("1 of 3 failed"), "{err}");
    let members = env.ok(&["groups", "members", "qa"]);
    assert!(members.contains("bob") && members.contains("carol") && members.contains("2 members"));
    env.ok(&["groups", "remove", "qa", "bob"]);
    assert!(!env.ok(&["groups", "members", "qa"]).contains("bob"));

    let (_, err) = env.fails(&["groups", "delete", "qa"], 1);
    assert!(err.contains("pass --yes"), "{err}");
    env.ok(&["groups", "delete", "qa", "--yes"]);
    assert_eq!(env.ok(&["groups", "list", "--json"]).lines().count(), 2);
    // Its members stay users.
    env.user("carol").await;
}

/// A second local pool with the demo pool's configuration and no users, and a profile "copy".
async fn empty_copy(env: &Env) -> LocalPool {
    let export = env.ok(&["pool", "export"]);
    let file = cognito_tui::local_pool::seed::SeedFile::parse(&export, "export").unwrap();
    let copy = LocalPool::start(cognito_tui::local_pool::LocalPoolConfig {
        seed_demo: false,
        ..LocalPoolConfig::ephemeral(env.dir.path().join("copy"))
    })
    .await
    .unwrap();
    let cognito_tui::local_pool::seed::Outcome::Created(seeded) =
        cognito_tui::local_pool::seed::seed_into(copy.state(), &file).unwrap()
    else {
        panic!("a fresh store")
    };
    env.cmd(&[
        "profiles",
        "add",
        "copy",
        "--pool-id",
        &seeded.pool_id,
        "--client-id",
        &seeded.clients[0].1,
        "--endpoint-url",
        copy.url(),
    ])
    .assert()
    .success();
    copy
}

fn on_copy(env: &Env, args: &[&str]) -> Command {
    let mut all = args.to_vec();
    all.extend(["--profile", "copy"]);
    env.cmd(&all)
}

fn stdout(cmd: &mut Command) -> String {
    let out = cmd.assert().success();
    String::from_utf8(out.get_output().stdout.clone()).unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn export_then_import_into_a_fresh_pool_is_idempotent() {
    let env = Env::new().await;
    // CSV: exactly the pool's import header, then a row per user.
    let csv = env.ok(&["users", "export"]);
    let header = env
        .admin()
        .get_csv_header()
        .user_pool_id(DEMO_POOL_ID)
        .send()
        .await
        .unwrap();
    let mut lines = csv.lines();
    assert_eq!(lines.next().unwrap(), header.csv_header().join(","));
    assert_eq!(lines.count(), 5);
    let jsonl = env.dir.path().join("users.jsonl");
    let csv_file = env.dir.path().join("users.csv");
    std::fs::write(&csv_file, &csv).unwrap();
    env.ok(&[
        "users",
        "export",
        "--format",
        "jsonl",
        "--output",
        jsonl.to_str().unwrap(),
    ]);

    let copy = empty_copy(&env).await;
    let dry = stdout(&mut on_copy(
        &env,
        &["users", "import", jsonl.to_str().unwrap(), "--dry-run"],
    ));
    assert!(
        dry.contains("alice  would be created in admins, developers"),
        "{dry}"
    );
    assert!(dry.contains("(dry run: nothing changed)"), "{dry}");
    assert!(stdout(&mut on_copy(&env, &["users", "list", "--json"])).is_empty());

    let first = stdout(&mut on_copy(
        &env,
        &[
            "users",
            "import",
            jsonl.to_str().unwrap(),
            "--generate",
            "--suppress-invitation",
        ],
    ));
    assert!(first.contains("5 rows: 5 applied, 0 failed"), "{first}");
    let alice: Value = serde_json::from_str(&stdout(&mut on_copy(
        &env,
        &["users", "get", "alice", "--json"],
    )))
    .unwrap();
    assert_eq!(alice["Groups"], serde_json::json!(["admins", "developers"]));
    assert_eq!(alice["Attributes"]["custom:employee_id"], "E1001");
    // Twice: nothing to do, from either file.
    for file in [&jsonl, &csv_file] {
        let again = stdout(&mut on_copy(
            &env,
            &["users", "import", file.to_str().unwrap()],
        ));
        assert_eq!(again.matches("unchanged").count(), 5, "{again}");
    }
    drop(copy);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_bad_row_is_named_and_the_others_are_applied() {
    let env = Env::new().await;
    let file = env.dir.path().join("users.csv");
    std::fs::write(
        &file,
        "email,email_verified,given_name,cognito:mfa_enabled,cognito:username\n\
         nia@example.com,true,Nia,false,nia\n\
         ,maybe,,false,oz\n\
         alice@example.com,true,Alicia,false,alice\n\
         pia-no-email,,,false,pia\n",
    )
    .unwrap();
    let (out, err) = env.fails(
        &[
            "users",
            "import",
            file.to_str().unwrap(),
            "--suppress-invitation",
        ],
        1,
    );
    assert!(out.contains("line 2  nia  created"), "{out}");
    assert!(
        out.contains("line 3, column email_verified: \"maybe\" is not true or false (skipped)"),
        "{out}"
    );
    assert!(out.contains("line 4  alice  updated: given_name"), "{out}");
    assert!(out.contains("line 5  pia  failed:"), "{out}");
    assert!(err.contains("2 of 4 rows failed"), "{err}");
    assert_eq!(
        attribute(&env.user("alice").await, "given_name").as_deref(),
        Some("Alicia")
    );
    env.user("nia").await;
}

/// Runs the program with `args` on a pseudo-terminal as its stdout; everything it wrote.
fn output_on_a_terminal(env: &Env, args: &[&str]) -> Vec<u8> {
    use portable_pty::{CommandBuilder, PtySize, native_pty_system};
    use std::io::Read as _;
    let pair = native_pty_system()
        .openpty(PtySize {
            rows: 24,
            cols: 200,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_cognito-tui"));
    cmd.env("COGNITO_TUI_CONFIG_DIR", env.dir.path().join("config"));
    cmd.env("COGNITO_TUI_DATA_DIR", env.dir.path().join("data"));
    cmd.env("NO_COLOR", "1");
    cmd.args(args);
    let mut child = pair.slave.spawn_command(cmd).unwrap();
    let mut reader = pair.master.try_clone_reader().unwrap();
    // Read while it runs (a full pty buffer would stop it); the read ends with its last byte
    // once it has exited and our end of the slave is closed.
    let reading = std::thread::spawn(move || {
        let mut out = Vec::new();
        let mut buf = [0u8; 4096];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            out.extend_from_slice(&buf[..n]);
        }
        out
    });
    let status = child.wait().unwrap();
    drop(pair.slave);
    let out = reading.join().unwrap();
    assert!(status.success(), "{}", String::from_utf8_lossy(&out));
    out
}

#[tokio::test(flavor = "multi_thread")]
async fn server_data_reaches_a_terminal_escaped_and_a_pipe_as_it_is() {
    let env = Env::new().await;
    let hostile = "Eve\u{1b}]0;pwned\u{7}\u{1b}[2J\u{202e}evil";
    env.admin()
        .admin_create_user()
        .user_pool_id(DEMO_POOL_ID)
        .username("eve")
        .user_attributes(
            AttributeType::builder()
                .name("name")
                .value(hostile)
                .build()
                .unwrap(),
        )
        .user_attributes(
            AttributeType::builder()
                .name("email")
                .value("eve@example.com")
                .build()
                .unwrap(),
        )
        .send()
        .await
        .unwrap();
    let args = ["users", "get", "eve", "--profile", "demo"];
    let shown = output_on_a_terminal(&env, &args);
    let text = String::from_utf8_lossy(&shown);
    assert!(text.contains("eve"), "{text}");
    // The pseudo-terminal turns \n into \r\n; nothing else may be a control character.
    let controls: Vec<char> = text
        .chars()
        .filter(|c| (c.is_control() && !matches!(c, '\n' | '\r')) || *c == '\u{202e}')
        .collect();
    assert!(controls.is_empty(), "raw controls {controls:?} in {text:?}");
    assert!(text.contains("\\u{1b}]0;pwned"), "{text}");
    // A script reading a pipe gets the value unchanged.
    let piped = env.ok(&["users", "get", "eve"]);
    assert!(piped.contains(hostile), "{piped:?}");
}
