//! The one-shot commands against a server that misbehaves (a test-local HTTP server on
//! loopback): invalid JSON, 500s, an answer that never comes, a huge body, an SRP challenge with
//! SRP_B ≡ 0 or without SALT. Each must end with a one-line error, a non-zero exit and no panic,
//! within a bounded time (COGNITO_TUI_TIMEOUT bounds a call; 6 s here, room for the SDK's retries of a 500).

use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::json;

/// What the fake server does with every request.
#[derive(Clone, Copy, Debug)]
enum Misbehaviour {
    InvalidJson,
    ServerErrors,
    NeverAnswers,
    HugeBody,
    ZeroB,
    BIsTheModulus,
    NoSalt,
    /// 256 MiB streamed without a length.
    EndlessBody,
    /// A Content-Length of 300 MiB.
    DeclaredHuge,
    /// An error whose message carries terminal escape sequences.
    EscapesInMessage,
    /// A redirect elsewhere.
    Redirect,
}

const N_HEX: &str = include_str!("../../assets/srp_group_prime.hex");

fn challenge(params: serde_json::Value) -> Response {
    let body = json!({"ChallengeName": "PASSWORD_VERIFIER", "ChallengeParameters": params});
    (
        [("content-type", "application/x-amz-json-1.1")],
        body.to_string(),
    )
        .into_response()
}

async fn answer(mode: Misbehaviour, headers: HeaderMap) -> Response {
    let target = headers
        .get("x-amz-target")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let srp = |b: &str, salt: Option<&str>| {
        let mut params = json!({
            "SRP_B": b, "SECRET_BLOCK": "AAAA", "USER_ID_FOR_SRP": "alice", "USERNAME": "alice",
        });
        if let Some(salt) = salt {
            params["SALT"] = json!(salt);
        }
        challenge(params)
    };
    match mode {
        Misbehaviour::InvalidJson => {
            (StatusCode::OK, "{\"AuthenticationResult\": {not json").into_response()
        }
        Misbehaviour::ServerErrors => (
            StatusCode::INTERNAL_SERVER_ERROR,
            [("content-type", "application/x-amz-json-1.1")],
            "{\"__type\":\"InternalErrorException\",\"message\":\"boom\"}",
        )
            .into_response(),
        Misbehaviour::NeverAnswers => std::future::pending().await,
        Misbehaviour::HugeBody => {
            // 64 MiB of one JSON string, streamed.
            let chunk = axum::body::Bytes::from(vec![b'a'; 1 << 20]);
            let stream = futures_util::stream::iter(
                std::iter::once(Ok::<_, std::io::Error>(axum::body::Bytes::from_static(
                    b"{\"x\":\"",
                )))
                .chain((0..64).map(move |_| Ok(chunk.clone())))
                .chain(std::iter::once(Ok(axum::body::Bytes::from_static(b"\"}")))),
            );
            Response::new(Body::from_stream(stream))
        }
        Misbehaviour::EndlessBody => {
            let chunk = axum::body::Bytes::from(vec![b'a'; 1 << 20]);
            let stream = futures_util::stream::iter(
                std::iter::once(Ok::<_, std::io::Error>(axum::body::Bytes::from_static(
                    b"{\"x\":\"",
                )))
                .chain((0..256).map(move |_| Ok(chunk.clone()))),
            );
            Response::new(Body::from_stream(stream))
        }
        Misbehaviour::DeclaredHuge => {
            let chunk = axum::body::Bytes::from(vec![b'a'; 1 << 20]);
            let stream = futures_util::stream::iter((0..300).map(move |_| Ok::<_, std::io::Error>(chunk.clone())));
            let mut response = Response::new(Body::from_stream(stream));
            response.headers_mut().insert(
                "content-length",
                axum::http::HeaderValue::from(300u64 << 20),
            );
            response
        }
        Misbehaviour::EscapesInMessage => (
            StatusCode::BAD_REQUEST,
            [("content-type", "application/x-amz-json-1.1")],
            "{\"__type\":\"NotAuthorizedException\",\"message\":\"\\u001b]0;pwned\\u0007\\u001b[2J\\u009b31mred\\nforged line\"}",
        )
            .into_response(),
        Misbehaviour::Redirect => (
            StatusCode::TEMPORARY_REDIRECT,
            [("location", "http://elsewhere.example/")],
        )
            .into_response(),
        Misbehaviour::ZeroB if target.ends_with("InitiateAuth") => srp("0", Some("a1b2c3")),
        Misbehaviour::BIsTheModulus if target.ends_with("InitiateAuth") => {
            srp(N_HEX.trim(), Some("a1b2c3"))
        }
        Misbehaviour::NoSalt if target.ends_with("InitiateAuth") => srp("2", None),
        _ => (
            StatusCode::BAD_REQUEST,
            "{\"__type\":\"InvalidParameterException\",\"message\":\"unexpected\"}",
        )
            .into_response(),
    }
}

/// A fake server behaving as `mode`, and a profile "fake" pointing at it.
struct Fake {
    server: tokio::task::JoinHandle<std::io::Result<()>>,
    config: tempfile::TempDir,
    data: tempfile::TempDir,
}

impl Fake {
    async fn start(mode: Misbehaviour) -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let app = Router::new().fallback(move |headers: HeaderMap| answer(mode, headers));
        let fake = Self {
            server: tokio::spawn(async move { axum::serve(listener, app).await }),
            config: tempfile::tempdir().unwrap(),
            data: tempfile::tempdir().unwrap(),
        };
        let added = fake
            .command(&[
                "profiles",
                "add",
                "fake",
                "--pool-id",
                "us-east-1_Fake1",
                "--client-id",
                "fakeclient",
                "--endpoint-url",
                &url,
            ])
            .output()
            .unwrap();
        assert!(
            added.status.success(),
            "{}",
            String::from_utf8_lossy(&added.stderr)
        );
        fake
    }

    /// The program with `args`, its dirs the fake's, calls bounded by 6 s.
    fn command(&self, args: &[&str]) -> std::process::Command {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_cognito-tui"));
        cmd.args(args)
            .env("COGNITO_TUI_CONFIG_DIR", self.config.path())
            .env("COGNITO_TUI_DATA_DIR", self.data.path())
            .env("COGNITO_TUI_TIMEOUT", "6")
            .env("RUST_BACKTRACE", "1")
            .env_remove("AWS_ENDPOINT_URL");
        cmd
    }

    /// A saved session of alice's for the profile, expired, so the next command refreshes it.
    fn save_expired_session(&self) {
        use cognito_tui::service::tokens::Tokens;
        use cognito_tui::store::{SessionStore, StorePaths};
        let sessions = SessionStore::new(&StorePaths::new(self.config.path(), self.data.path()));
        let tokens = Tokens {
            id_token: "i".into(),
            access_token: "a".into(),
            refresh_token: Some("r".into()),
            expires_at: time::OffsetDateTime::UNIX_EPOCH,
            username: "alice".into(),
            device: None,
        };
        sessions.save("fake", "alice", &tokens).unwrap();
    }
}

impl Drop for Fake {
    fn drop(&mut self) {
        self.server.abort();
    }
}

/// Runs `login` (and the other args) against a fake server; (stderr, how long it took).
async fn run(mode: Misbehaviour, command: &[&str]) -> (String, Duration) {
    run_on(Fake::start(mode).await, mode, command).await
}

/// Runs the command against `fake` (set up as `mode`); (stderr, how long it took).
async fn run_on(fake: Fake, mode: Misbehaviour, command: &[&str]) -> (String, Duration) {
    let mut run = assert_cmd::Command::from_std(fake.command(command));
    run.write_stdin("Some-Password-1\n");
    let started = Instant::now();
    let out = tokio::task::spawn_blocking(move || run.output().unwrap())
        .await
        .unwrap();
    let took = started.elapsed();
    drop(fake);
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!out.status.success(), "{mode:?}: {command:?} succeeded");
    assert_ne!(out.status.code(), Some(101), "{mode:?}: a panic: {err}");
    assert!(!err.contains("panicked"), "{mode:?}: {err}");
    assert_eq!(
        err.trim_end().lines().count(),
        1,
        "{mode:?}: not one line: {err}"
    );
    assert!(err.starts_with("cognito-tui: "), "{mode:?}: {err}");
    // Nothing a server sent acts on the terminal.
    assert!(
        !err.chars().any(|c| c.is_control() && c != '\n'),
        "{mode:?}: raw control characters: {err:?}"
    );
    (err, took)
}

const LOGIN: &[&str] = &[
    "login",
    "--profile",
    "fake",
    "--username",
    "alice",
    "--password-stdin",
];

/// Every misbehaviour ends the login with an error that says what happened.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn login_gives_a_one_line_error_for_every_misbehaviour() {
    for (mode, says) in [
        (Misbehaviour::InvalidJson, "Unexpected answer"),
        (Misbehaviour::ServerErrors, "boom"),
        (Misbehaviour::NeverAnswers, "may take 6 s in all"),
        (Misbehaviour::HugeBody, "Unexpected answer"),
        (Misbehaviour::ZeroB, "SRP_B"),
        (Misbehaviour::BIsTheModulus, "SRP_B"),
        (Misbehaviour::NoSalt, "SALT"),
        (Misbehaviour::EndlessBody, "larger than 8 MiB"),
        (Misbehaviour::DeclaredHuge, "larger than 8 MiB"),
        (Misbehaviour::EscapesInMessage, "\\u{1b}]0;pwned"),
        (
            Misbehaviour::Redirect,
            "HTTP 307 to http://elsewhere.example/, which Cognito never answers",
        ),
    ] {
        let (err, took) = run(mode, LOGIN).await;
        assert!(err.contains(says), "{mode:?}: {err}");
        // The bound: the 6 s call timeout, and the process around it.
        assert!(took < Duration::from_secs(20), "{mode:?} took {took:?}");
    }
}

/// `token` and `whoami` refresh an expired session: a server's text in the failure is shown
/// escaped there too.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn token_and_whoami_escape_what_the_server_says() {
    let mode = Misbehaviour::EscapesInMessage;
    for command in [
        &["token", "--profile", "fake"][..],
        &["whoami", "--profile", "fake"][..],
    ] {
        let fake = Fake::start(mode).await;
        fake.save_expired_session();
        let (err, _) = run_on(fake, mode, command).await;
        assert!(err.contains("\\u{1b}]0;pwned"), "{command:?}: {err}");
    }
}

/// The operator commands' signed client is bounded the same way.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn operator_commands_are_bounded_too() {
    for mode in [
        Misbehaviour::NeverAnswers,
        Misbehaviour::InvalidJson,
        Misbehaviour::ServerErrors,
    ] {
        let (err, took) = run(mode, &["users", "list", "--profile", "fake"]).await;
        assert!(
            took < Duration::from_secs(20),
            "{mode:?} took {took:?}: {err}"
        );
    }
}

/// A 256 MiB answer is not buffered: the login stops reading at the cap, and its peak memory
/// stays far below what the answer would take (the issue measured 329 MB for 300 MiB).
#[cfg(target_os = "linux")]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_huge_answer_is_not_buffered() {
    let fake = Fake::start(Misbehaviour::EndlessBody).await;
    let mut login = fake.command(LOGIN);
    // 20 s: the cap, not the deadline, must be what ends this login.
    login
        .env("COGNITO_TUI_TIMEOUT", "20")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null());
    // The child is reaped by wait4 (which also gives its peak memory), not by Child::wait.
    #[allow(clippy::zombie_processes)]
    let max_rss_kib = tokio::task::spawn_blocking(move || {
        use std::io::Write as _;
        let mut child = login.spawn().unwrap();
        let mut stdin = child.stdin.take().unwrap();
        stdin.write_all(b"Some-Password-1\n").unwrap();
        drop(stdin);
        let pid = i32::try_from(child.id()).unwrap();
        let mut status = 0;
        // SAFETY: rusage is plain data, written by the kernel for our own child.
        let mut usage: nix::libc::rusage = unsafe { std::mem::zeroed() };
        let waited = unsafe { nix::libc::wait4(pid, &mut status, 0, &mut usage) };
        assert_eq!(waited, pid);
        assert_ne!(status, 0, "the login failed, as it must");
        usage.ru_maxrss
    })
    .await
    .unwrap();
    drop(fake);
    assert!(
        max_rss_kib < 96 * 1024,
        "the login's peak memory was {max_rss_kib} KiB"
    );
}
