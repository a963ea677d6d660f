//! The `local-pool` command as a process: start-up output, the outbox command, clean shutdown on
//! SIGTERM, durability across `kill -9`, and data surviving restarts.
#![cfg(unix)]

use crate::common;

use std::io::{BufRead as _, BufReader};
use std::process::{Child, Command, Stdio};

use cognito_tui::local_pool::{LocalPool, LocalPoolConfig, demo};
use cognito_tui::service::{self, Settings};

const EXE: &str = env!("CARGO_BIN_EXE_cognito-tui");

/// A running `cognito-tui local-pool` and the lines it printed before serving.
struct Server {
    child: Child,
    url: String,
    banner: Vec<String>,
}

fn start_server(data: &std::path::Path, extra: &[&str]) -> Server {
    let mut child = Command::new(EXE)
        .args(["local-pool", "--port", "0", "--data"])
        .arg(data)
        .args(extra)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn local-pool");
    let mut reader = BufReader::new(child.stdout.take().expect("stdout"));
    let mut banner = Vec::new();
    // The banner's first four lines: URL, data directory, pool, its app client.
    for _ in 0..4 {
        let mut line = String::new();
        reader.read_line(&mut line).expect("read banner");
        banner.push(line.trim_end().to_string());
    }
    let url = banner[0]
        .split_whitespace()
        .last()
        .expect("url on the first line")
        .to_string();
    Server { child, url, banner }
}

fn signal(child: &Child, sig: &str) {
    let status = Command::new("kill")
        .args([sig, &child.id().to_string()])
        .status()
        .expect("kill");
    assert!(status.success());
}

async fn sign_up(url: &str, username: &str) {
    let mut settings = Settings::new(demo::DEMO_POOL_ID, demo::DEMO_CLIENT_ID);
    settings.endpoint_url = Some(url.to_string());
    let client = service::user_client(&settings).await;
    client
        .sign_up()
        .client_id(demo::DEMO_CLIENT_ID)
        .username(username)
        .password("Durable-Passw0rd!")
        .user_attributes(
            aws_sdk_cognitoidentityprovider::types::AttributeType::builder()
                .name("email")
                .value(format!("{username}@example.com"))
                .build()
                .unwrap(),
        )
        .send()
        .await
        .expect("sign-up acknowledged");
}

async fn user_exists(url: &str, username: &str) -> bool {
    let admin = common::TestPool::admin_client_for(url);
    admin
        .admin_get_user()
        .user_pool_id(demo::DEMO_POOL_ID)
        .username(username)
        .send()
        .await
        .is_ok()
}

#[tokio::test]
async fn banner_outbox_and_clean_shutdown_on_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    let mut server = start_server(dir.path(), &[]);
    assert!(
        server.url.starts_with("http://127.0.0.1:"),
        "{:?}",
        server.banner
    );
    assert!(
        server.banner[2].contains(demo::DEMO_POOL_ID),
        "{:?}",
        server.banner
    );
    assert!(
        server.banner[3].contains(demo::DEMO_CLIENT_ID),
        "{:?}",
        server.banner
    );

    sign_up(&server.url, "outboxed").await;
    let port = server.url.rsplit(':').next().unwrap();
    let out = Command::new(EXE)
        .args(["local-pool", "outbox", "--port", port])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("outboxed") && text.contains("sign_up"),
        "{text}"
    );
    let out = Command::new(EXE)
        .args(["local-pool", "outbox", "--json", "--port", port])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let code = json[0]["code"].as_str().unwrap();
    assert_eq!(code.len(), 6);
    assert!(code.bytes().all(|b| b.is_ascii_digit()));

    signal(&server.child, "-TERM");
    let status = server.child.wait().unwrap();
    assert!(status.success(), "exit status after SIGTERM: {status}");
}

#[tokio::test]
async fn outbox_command_without_a_server_says_so() {
    // Bind then drop a listener to find a port nothing serves.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let out = Command::new(EXE)
        .args(["local-pool", "outbox", "--port", &port.to_string()])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no local pool answers"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
}

#[tokio::test]
async fn binding_beyond_loopback_warns() {
    let dir = tempfile::tempdir().unwrap();
    let mut server = start_server(dir.path(), &["--bind", "0.0.0.0"]);
    signal(&server.child, "-TERM");
    let out = std::mem::replace(&mut server.child, Command::new("true").spawn().unwrap())
        .wait_with_output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("warning: binding to 0.0.0.0"), "{err}");
}

#[tokio::test]
async fn acknowledged_writes_survive_kill_9() {
    let dir = tempfile::tempdir().unwrap();
    let mut server = start_server(dir.path(), &[]);
    sign_up(&server.url, "survivor").await;
    signal(&server.child, "-KILL");
    let _ = server.child.wait();

    let mut again = start_server(dir.path(), &[]);
    assert!(user_exists(&again.url, "survivor").await);
    signal(&again.child, "-TERM");
    assert!(again.child.wait().unwrap().success());
}

#[tokio::test]
async fn data_and_signing_key_survive_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let pool = LocalPool::start(LocalPoolConfig::ephemeral(dir.path()))
        .await
        .unwrap();
    sign_up(pool.url(), "restarted").await;
    let (_, jwks_before) = common::raw_get(
        pool.url(),
        &format!("/{}/.well-known/jwks.json", demo::DEMO_POOL_ID),
    )
    .await;
    pool.shutdown().await;

    let pool = LocalPool::start(LocalPoolConfig::ephemeral(dir.path()))
        .await
        .unwrap();
    assert!(user_exists(pool.url(), "restarted").await);
    let (_, jwks_after) = common::raw_get(
        pool.url(),
        &format!("/{}/.well-known/jwks.json", demo::DEMO_POOL_ID),
    )
    .await;
    assert_eq!(jwks_before, jwks_after, "the signing key is kept");
    pool.shutdown().await;
}
