//! The hostile-input run: at least a million generated calls against the local pool, outside
//! `cargo test`. Most go straight through the dispatcher (random operations, bodies, signed or
//! not); a share goes over loopback HTTP as malformed or hostile requests (broken JSON, wrong
//! content types, foreign origins and hosts, truncated heads). Every answer must be a 4xx —
//! never a 5xx, a panic or a hang — and the store must pass SQLite's integrity check at the end.
//!
//! `cargo bench --bench hostile` (COGNITO_TUI_HOSTILE_CALLS changes the count; 1,000,000 by
//! default). Exits non-zero on any failure.

#![allow(clippy::unwrap_used)] // a failed unwrap is a failed run

use std::collections::BTreeMap;
use std::panic::AssertUnwindSafe;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use cognito_tui::local_pool::ops::{self, Call};
use cognito_tui::local_pool::{LocalPool, LocalPoolConfig};
use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};

#[path = "support/hostile_input.rs"]
mod hostile_input;

/// One in this many calls goes over HTTP.
const HTTP_SHARE: u64 = 20;

fn runner(seed: u8) -> TestRunner {
    TestRunner::new_with_rng(
        Config::default(),
        TestRng::from_seed(RngAlgorithm::ChaCha, &[seed; 32]),
    )
}

/// The first half of `body`'s characters: a body cut short (on a character boundary, since
/// the generated bodies hold any Unicode).
fn half(body: &str) -> String {
    body.chars().take(body.chars().count() / 2).collect()
}

/// A hostile raw HTTP request, chosen by `n`, with `body` as its JSON.
fn raw_request(n: u64, host: &str, op: &str, body: &str) -> Vec<u8> {
    let json = "application/x-amz-json-1.1";
    let (content_type, extra, body) = match n % 8 {
        0 => (json, String::new(), body.to_string()),
        1 => ("text/plain", String::new(), body.to_string()),
        2 => (
            json,
            "Origin: http://evil.example\r\n".into(),
            body.to_string(),
        ),
        3 => (json, String::new(), half(body)),
        4 => (json, "Host: attacker.example\r\n".into(), body.to_string()),
        5 => (json, String::new(), format!("{body}{body}")),
        6 => (
            "application/json; charset=utf-8",
            String::new(),
            "\u{0}\u{1b}[2J".into(),
        ),
        _ => (json, "X-Amz-Target: \r\n".into(), "[".repeat(200)),
    };
    let host_line = if extra.starts_with("Host:") {
        String::new()
    } else {
        format!("Host: {host}\r\n")
    };
    format!(
        "POST / HTTP/1.1\r\n{host_line}{extra}Content-Type: {content_type}\r\nX-Amz-Target: AWSCognitoIdentityProviderService.{op}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

async fn http_status(addr: &str, request: &[u8]) -> Result<u16, String> {
    let mut stream = tokio::net::TcpStream::connect(addr)
        .await
        .map_err(|e| e.to_string())?;
    stream.write_all(request).await.map_err(|e| e.to_string())?;
    let mut response = Vec::new();
    tokio::time::timeout(Duration::from_secs(15), stream.read_to_end(&mut response))
        .await
        .map_err(|_| "no answer within 15 s".to_string())?
        .map_err(|e| e.to_string())?;
    let text = String::from_utf8_lossy(&response);
    text.split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| format!("not HTTP: {:?}", text.chars().take(80).collect::<String>()))
}

fn main() {
    // `cargo bench` passes --bench; nothing else is taken.
    let calls: u64 = std::env::var("COGNITO_TUI_HOSTILE_CALLS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let dir = tempfile::tempdir().unwrap();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let pool = runtime
        .block_on(LocalPool::start(LocalPoolConfig::ephemeral(dir.path())))
        .unwrap();
    let addr = pool.url().trim_start_matches("http://").to_string();
    let state = pool.state().clone();
    let (outcomes, failures) = (
        std::sync::Mutex::new(BTreeMap::<String, u64>::new()),
        std::sync::Mutex::new(Vec::<String>::new()),
    );
    let done = AtomicU64::new(0);
    let started = Instant::now();
    let threads = 2u64;
    std::thread::scope(|scope| {
        for t in 0..threads {
            let (state, addr, outcomes, failures, done, runtime) =
                (&state, &addr, &outcomes, &failures, &done, &runtime);
            scope.spawn(move || {
                let mut runner = runner(t as u8 + 1);
                let strategy = (
                    hostile_input::operation(),
                    hostile_input::body(),
                    proptest::bool::ANY,
                );
                let mut local = BTreeMap::<String, u64>::new();
                let mut n = t;
                while n < calls {
                    let (op, body, signed) = strategy.new_tree(&mut runner).unwrap().current();
                    let outcome = if n % HTTP_SHARE == 0 {
                        let request = raw_request(n / HTTP_SHARE, addr, &op, &body.to_string());
                        match runtime.block_on(http_status(addr, &request)) {
                            Ok(status) if (400..500).contains(&status) || status == 200 => {
                                format!("http {status}")
                            }
                            Ok(status) => {
                                failures
                                    .lock()
                                    .unwrap()
                                    .push(format!("{op}: HTTP {status}"));
                                format!("http {status}")
                            }
                            Err(e) => {
                                failures.lock().unwrap().push(format!("{op}: {e}"));
                                "http failure".into()
                            }
                        }
                    } else {
                        let call = Call {
                            state,
                            op: &op,
                            body,
                            base_url: "http://127.0.0.1:9229".into(),
                            signed,
                            region: None,
                        };
                        match std::panic::catch_unwind(AssertUnwindSafe(|| ops::dispatch(&call))) {
                            Ok(Ok(_)) => "ok".into(),
                            Ok(Err(e)) if e.status() == 400 => e.kind.to_string(),
                            Ok(Err(e)) => {
                                failures
                                    .lock()
                                    .unwrap()
                                    .push(format!("{op}: {} {}", e.kind, e.message));
                                e.kind.to_string()
                            }
                            Err(_) => {
                                failures.lock().unwrap().push(format!("{op}: panicked"));
                                "panic".into()
                            }
                        }
                    };
                    *local.entry(outcome).or_default() += 1;
                    let total = done.fetch_add(1, Ordering::Relaxed) + 1;
                    if total % 100_000 == 0 {
                        eprintln!("{total} calls, {:.0?}", started.elapsed());
                    }
                    n += threads;
                }
                let mut all = outcomes.lock().unwrap();
                for (k, v) in local {
                    *all.entry(k).or_default() += v;
                }
            });
        }
    });
    let took = started.elapsed();
    let check: String = state
        .db
        .read(|tx| Ok(tx.query_row("PRAGMA integrity_check", [], |r| r.get(0))?))
        .unwrap();
    let total = done.load(Ordering::Relaxed);
    println!(
        "hostile run: {total} calls in {:.1} s ({:.0} calls/s), {} over HTTP; integrity_check: {check}",
        took.as_secs_f64(),
        total as f64 / took.as_secs_f64(),
        total.div_ceil(HTTP_SHARE)
    );
    for (outcome, count) in outcomes.lock().unwrap().iter() {
        println!("  {count:>9}  {outcome}");
    }
    runtime.block_on(pool.shutdown());
    let failures = failures.into_inner().unwrap();
    if !failures.is_empty() || check != "ok" {
        for f in failures.iter().take(20) {
            eprintln!("failure: {f}");
        }
        eprintln!("{} failures", failures.len());
        std::process::exit(1);
    }
}
