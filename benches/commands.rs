//! The one-shot commands as whole processes against the local pool (started once, in process):
//!
//! - `login --password-stdin`, alternated with pycognito's SRP sign-in in an already-warm Python
//!   process (one boto3 client, `Cognito.authenticate` timed), both on the same pool, with the
//!   ratio of the medians printed (target ≤ 0.2×). pycognito comes from COGNITO_TUI_PYTHON (a
//!   Python that can import it); without it that half says "skipped".
//! - `token` on a fresh session (target ≤ 3 ms), and `token` that must refresh (target ≤ 2 ms
//!   above one round trip, the refresh call measured in process beside it).
//!
//! `cargo bench --bench commands` (COGNITO_TUI_PYTHON=target/interop-venv/bin/python for the
//! comparison; `.ci/run` creates that venv).

#![allow(clippy::unwrap_used)] // a failed unwrap is a failed benchmark

use std::io::{BufRead as _, BufReader, Write as _};
use std::path::Path;
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::time::{Duration, Instant};

use cognito_tui::local_pool::demo::{DEMO_CLIENT_ID, DEMO_POOL_ID, demo_users};
use cognito_tui::local_pool::{LocalPool, LocalPoolConfig};
use criterion::{Criterion, criterion_group, criterion_main};

const BIN: &str = env!("CARGO_BIN_EXE_cognito-tui");

struct Dirs {
    config: tempfile::TempDir,
    data: tempfile::TempDir,
}

impl Dirs {
    fn cmd(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(BIN);
        cmd.args(args)
            .env("COGNITO_TUI_CONFIG_DIR", self.config.path())
            .env("COGNITO_TUI_DATA_DIR", self.data.path())
            .env_remove("AWS_ENDPOINT_URL")
            .stdout(Stdio::null())
            .stderr(Stdio::inherit());
        cmd
    }

    fn run(&self, args: &[&str], stdin: Option<&str>) -> Duration {
        let mut cmd = self.cmd(args);
        cmd.stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        });
        let started = Instant::now();
        let mut child = cmd.spawn().unwrap();
        if let Some(text) = stdin {
            child
                .stdin
                .take()
                .unwrap()
                .write_all(text.as_bytes())
                .unwrap();
        }
        let status = child.wait().unwrap();
        let took = started.elapsed();
        assert!(status.success(), "{args:?} failed");
        took
    }

    /// Makes the saved session look expired, so the next `token` refreshes it.
    fn expire_session(&self) {
        let path = self.data.path().join("sessions").join("demo.toml");
        let text = std::fs::read_to_string(&path).unwrap();
        let expired: String = text
            .lines()
            .map(|line| {
                if line.starts_with("expires_at") {
                    "expires_at = \"2000-01-01T00:00:00Z\"".to_string()
                } else {
                    line.to_string()
                }
            })
            .collect::<Vec<_>>()
            .join("\n");
        std::fs::write(&path, expired + "\n").unwrap();
    }
}

const PYCOGNITO_LOOP: &str = r#"
import os, sys, time
os.environ.setdefault("AWS_ACCESS_KEY_ID", "local")
os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "local")
os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")
from pycognito import Cognito
endpoint, pool_id, client_id, username, password = sys.argv[1:6]
user = Cognito(pool_id, client_id, username=username, boto3_client_kwargs={"endpoint_url": endpoint})
user.authenticate(password=password)  # warm: imports, client, connection
print("ready", flush=True)
for _ in sys.stdin:
    started = time.perf_counter()
    user.authenticate(password=password)
    print(time.perf_counter() - started, flush=True)
"#;

/// pycognito in a warm Python process: each request times one `authenticate`.
struct Pycognito {
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
}

impl Pycognito {
    fn start(python: &Path, url: &str, user: &str, password: &str) -> Option<Self> {
        let mut child = Command::new(python)
            .args([
                "-c",
                PYCOGNITO_LOOP,
                url,
                DEMO_POOL_ID,
                DEMO_CLIENT_ID,
                user,
                password,
            ])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .ok()?;
        let stdin = child.stdin.take()?;
        let mut stdout = BufReader::new(child.stdout.take()?);
        let mut line = String::new();
        stdout.read_line(&mut line).ok()?;
        (line.trim() == "ready").then_some(Self {
            child,
            stdin,
            stdout,
        })
    }

    fn sign_in(&mut self) -> Duration {
        self.stdin.write_all(b"go\n").unwrap();
        self.stdin.flush().unwrap();
        let mut line = String::new();
        self.stdout.read_line(&mut line).unwrap();
        Duration::from_secs_f64(line.trim().parse().unwrap())
    }
}

impl Drop for Pycognito {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn bench(c: &mut Criterion) {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let pool_dir = tempfile::tempdir().unwrap();
    let pool = runtime
        .block_on(LocalPool::start(LocalPoolConfig::ephemeral(
            pool_dir.path(),
        )))
        .unwrap();
    let url = pool.url().to_string();
    let dirs = Dirs {
        config: tempfile::tempdir().unwrap(),
        data: tempfile::tempdir().unwrap(),
    };
    dirs.run(
        &[
            "profiles",
            "add",
            "demo",
            "--pool-id",
            DEMO_POOL_ID,
            "--client-id",
            DEMO_CLIENT_ID,
            "--endpoint-url",
            &url,
        ],
        None,
    );
    let (user, password) = demo_users().into_iter().next().unwrap();
    let login = [
        "login",
        "--profile",
        "demo",
        "--username",
        user.as_str(),
        "--password-stdin",
    ];
    let stdin = format!("{password}\n");

    // The two clients alternated on the same pool, medians compared.
    let python = std::env::var_os("COGNITO_TUI_PYTHON").map(std::path::PathBuf::from);
    let mut py = python.and_then(|p| Pycognito::start(&p, &url, &user, &password));
    let (mut ours, mut theirs) = (Vec::new(), Vec::new());
    for _ in 0..30 {
        ours.push(dirs.run(&login, Some(&stdin)));
        if let Some(py) = py.as_mut() {
            theirs.push(py.sign_in());
        }
    }
    let ours_median = median(ours);
    match theirs.is_empty() {
        true => println!(
            "login process median {ours_median:?}; pycognito skipped (set COGNITO_TUI_PYTHON)"
        ),
        false => {
            let theirs_median = median(theirs);
            println!(
                "alternated 30×: login process median {ours_median:?}, pycognito warm \
                 authenticate median {theirs_median:?}, ratio {:.2}",
                ours_median.as_secs_f64() / theirs_median.as_secs_f64()
            );
        }
    }

    let mut group = c.benchmark_group("commands");
    group.sample_size(30);
    group.bench_function("login_password_stdin_process", |b| {
        b.iter_custom(|iters| (0..iters).map(|_| dirs.run(&login, Some(&stdin))).sum())
    });
    if let Some(py) = py.as_mut() {
        group.bench_function("pycognito_warm_authenticate", |b| {
            b.iter_custom(|iters| (0..iters).map(|_| py.sign_in()).sum())
        });
    }
    let token = ["token", "--profile", "demo"];
    group.bench_function("token_fresh_session_process", |b| {
        b.iter_custom(|iters| (0..iters).map(|_| dirs.run(&token, None)).sum())
    });
    group.bench_function("token_refresh_process", |b| {
        b.iter_custom(|iters| {
            (0..iters)
                .map(|_| {
                    dirs.expire_session();
                    dirs.run(&token, None)
                })
                .sum()
        })
    });
    // One refresh round trip in process, with a warm client: what `token` cannot avoid.
    let account = runtime.block_on(async {
        let mut settings = cognito_tui::service::Settings::new(DEMO_POOL_ID, DEMO_CLIENT_ID);
        settings.endpoint_url = Some(url.clone());
        cognito_tui::service::account::Account::new(settings)
            .await
            .unwrap()
    });
    let tokens = runtime.block_on(async {
        match account
            .sign_in(&user, &password.as_str().into())
            .await
            .unwrap()
        {
            cognito_tui::service::auth::SignInStep::SignedIn(t) => t,
            _ => panic!("the demo user signs in"),
        }
    });
    group.bench_function("refresh_round_trip_in_process", |b| {
        b.iter(|| {
            runtime
                .block_on(account.authenticator().refresh(&tokens))
                .unwrap()
        })
    });
    group.finish();
    drop(py);
    runtime.block_on(pool.shutdown());
}

criterion_group!(benches, bench);
criterion_main!(benches);
