//! Can one InitiateAuth(USER_SRP_AUTH) tell an existing user from a missing one by its time?
//! The attack of issue 14, point 5, as an attacker runs it: single requests over loopback HTTP
//! (one keep-alive connection), alternating an existing name and fresh missing names on the
//! demo client (which hides user existence). Reports each side's quantiles and how often the
//! best single threshold on one request's time classifies it right (50 % is a coin toss; the
//! issue measured 89 % before the fix).
//!
//! `cargo bench --bench user_existence_timing` (COGNITO_TUI_TIMING_SAMPLES per side, 4000 by
//! default).

#![allow(clippy::unwrap_used)] // a failed unwrap is a failed run

use std::time::{Duration, Instant};

use cognito_tui::cognito::srp::{PoolContext, SrpClient};
use cognito_tui::local_pool::{LocalPool, LocalPoolConfig, demo};
use serde_json::json;
use tokio::io::{AsyncBufReadExt as _, AsyncReadExt as _, AsyncWriteExt as _, BufReader};
use tokio::net::TcpStream;

/// One request on the open connection; the time until its whole answer is read.
async fn timed(stream: &mut BufReader<TcpStream>, host: &str, body: &str) -> Duration {
    let request = format!(
        "POST / HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/x-amz-json-1.1\r\n\
         X-Amz-Target: AWSCognitoIdentityProviderService.InitiateAuth\r\n\
         Content-Length: {}\r\n\r\n{body}",
        body.len()
    );
    let started = Instant::now();
    stream
        .get_mut()
        .write_all(request.as_bytes())
        .await
        .unwrap();
    let mut length = 0usize;
    let mut status = String::new();
    loop {
        let mut line = String::new();
        stream.read_line(&mut line).await.unwrap();
        if status.is_empty() {
            status = line.clone();
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':')
            && name.eq_ignore_ascii_case("content-length")
        {
            length = value.trim().parse().unwrap();
        }
    }
    let mut answer = vec![0u8; length];
    stream.read_exact(&mut answer).await.unwrap();
    let took = started.elapsed();
    assert!(
        status.starts_with("HTTP/1.1 200"),
        "{status} {}",
        String::from_utf8_lossy(&answer)
    );
    took
}

/// How often the best threshold on one sample's time names its side right.
fn best_threshold_accuracy(existing: &[Duration], missing: &[Duration]) -> f64 {
    let mut all: Vec<(Duration, bool)> = existing
        .iter()
        .map(|d| (*d, true))
        .chain(missing.iter().map(|d| (*d, false)))
        .collect();
    all.sort();
    let total = all.len() as f64;
    // Below the threshold: "existing" (or, the other way round, "missing").
    let (mut existing_below, mut missing_below) = (0usize, 0usize);
    let mut best = 0.5f64;
    for (_, is_existing) in &all {
        if *is_existing {
            existing_below += 1;
        } else {
            missing_below += 1;
        }
        let right = existing_below + (missing.len() - missing_below);
        let accuracy = right as f64 / total;
        best = best.max(accuracy).max(1.0 - accuracy);
    }
    best
}

fn quantile(sorted: &[Duration], q: f64) -> Duration {
    sorted[((sorted.len() - 1) as f64 * q) as usize]
}

fn main() {
    let samples: usize = std::env::var("COGNITO_TUI_TIMING_SAMPLES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(4000);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let pool = runtime
        .block_on(LocalPool::start(LocalPoolConfig::ephemeral(dir.path())))
        .unwrap();
    let host = pool.url().trim_start_matches("http://").to_string();
    let existing_name = demo::demo_users().into_iter().next().unwrap().0;
    let ctx = PoolContext::new(demo::DEMO_POOL_ID, demo::DEMO_CLIENT_ID, None).unwrap();
    let srp = SrpClient::new().unwrap();
    let body = |name: &str| {
        json!({
            "AuthFlow": "USER_SRP_AUTH",
            "ClientId": demo::DEMO_CLIENT_ID,
            "AuthParameters": ctx.initiate_auth_parameters(name, &srp),
        })
        .to_string()
    };
    let existing_body = body(&existing_name);
    let (mut existing, mut missing) = (Vec::new(), Vec::new());
    runtime.block_on(async {
        let mut stream = BufReader::new(TcpStream::connect(&host).await.unwrap());
        stream.get_ref().set_nodelay(true).unwrap();
        // Warm-up: the first calls wait for the pool's signing and SRP set-up.
        for n in 0..200 {
            timed(&mut stream, &host, &existing_body).await;
            timed(&mut stream, &host, &body(&format!("warm{n}"))).await;
        }
        for n in 0..samples {
            // Which side goes first alternates, so drift hits both alike.
            let ghost = body(&format!("ghost{n}"));
            if n % 2 == 0 {
                existing.push(timed(&mut stream, &host, &existing_body).await);
                missing.push(timed(&mut stream, &host, &ghost).await);
            } else {
                missing.push(timed(&mut stream, &host, &ghost).await);
                existing.push(timed(&mut stream, &host, &existing_body).await);
            }
        }
    });
    let accuracy = best_threshold_accuracy(&existing, &missing);
    existing.sort();
    missing.sort();
    for (side, times) in [("existing user", &existing), ("missing user", &missing)] {
        println!(
            "{side:>13}: p10 {:?}  median {:?}  p90 {:?}  ({} requests)",
            quantile(times, 0.1),
            quantile(times, 0.5),
            quantile(times, 0.9),
            times.len()
        );
    }
    println!(
        "one request's time names its side right {:.1} % of the time at best (50 % = a coin toss)",
        accuracy * 100.0
    );
}
