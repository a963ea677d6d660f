//! The local pool's speed: a verified SRP sign-in end to end and the server's share of it,
//! InitiateAuth for an existing and a missing user (they must not differ), a filtered ListUsers
//! page with 100k users, and start-up on that store.
//!
//! `cargo bench --bench local_pool`

#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test or benchmark

use std::hint::black_box;
use std::time::{Duration, Instant};

use cognito_tui::cognito::srp::{PasswordVerifierChallenge, PoolContext, SrpClient};
use cognito_tui::local_pool::ops::{self, Call};
use cognito_tui::local_pool::state::State;
use cognito_tui::local_pool::{LocalPool, LocalPoolConfig, demo};
use cognito_tui::secret::SecretString;
use cognito_tui::service::{self, Settings, auth::Authenticator, auth::SignInStep};
use criterion::{Criterion, criterion_group, criterion_main};
use serde_json::{Value, json};

#[path = "support/big_store.rs"]
mod big_store;

use big_store::big_store;

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime")
}

fn demo_user() -> (String, String) {
    demo::demo_users()
        .into_iter()
        .next()
        .expect("the demo pool has users")
}

/// Client and server on loopback: InitiateAuth + RespondToAuthChallenge through the SDK.
fn sign_in_round_trip(c: &mut Criterion) {
    let rt = runtime();
    let dir = tempfile::tempdir().expect("temp dir");
    let pool = rt
        .block_on(LocalPool::start(LocalPoolConfig::ephemeral(dir.path())))
        .expect("pool");
    let mut settings = Settings::new(demo::DEMO_POOL_ID, demo::DEMO_CLIENT_ID);
    settings.endpoint_url = Some(pool.url().to_string());
    let client = rt.block_on(service::user_client(&settings));
    let auth = Authenticator::new(client, settings).expect("authenticator");
    let (username, password) = demo_user();
    let password = SecretString::new(password);
    c.bench_function("local_pool/srp_sign_in_round_trip", |b| {
        b.iter(|| {
            let step = rt
                .block_on(auth.sign_in(&username, &password, None))
                .expect("sign-in");
            assert!(matches!(step, SignInStep::SignedIn(_)), "{step:?}");
        })
    });
    rt.block_on(pool.shutdown());
}

fn call<'a>(state: &'a State, op: &'a str, body: Value) -> Call<'a> {
    Call {
        state,
        op,
        body,
        base_url: "http://127.0.0.1:9229".into(),
        signed: false,
        region: None,
    }
}

/// The server's work per verified sign-in, without HTTP or the client's math: the two
/// dispatches, timed alone.
fn server_cpu_per_sign_in(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let state = cognito_tui::local_pool::open_state(dir.path(), true).expect("state");
    let (username, password) = demo_user();
    let password = SecretString::new(password);
    let ctx = PoolContext::new(demo::DEMO_POOL_ID, demo::DEMO_CLIENT_ID, None).expect("ctx");
    c.bench_function("local_pool/server_cpu_per_sign_in", |b| {
        b.iter_custom(|iters| {
            let mut server = Duration::ZERO;
            for _ in 0..iters {
                let srp = SrpClient::new().expect("A");
                let body = json!({
                    "AuthFlow": "USER_SRP_AUTH",
                    "ClientId": demo::DEMO_CLIENT_ID,
                    "AuthParameters": ctx.initiate_auth_parameters(&username, &srp),
                });
                let t = Instant::now();
                let out = ops::dispatch(&call(&state, "InitiateAuth", body)).expect("initiate");
                server += t.elapsed();
                let params: std::collections::HashMap<String, String> =
                    serde_json::from_value(out["ChallengeParameters"].clone()).expect("params");
                let challenge = PasswordVerifierChallenge::from_parameters(&params).expect("ch");
                let response = srp
                    .respond(&ctx, &challenge, &password, time::OffsetDateTime::now_utc())
                    .expect("respond");
                let body = json!({
                    "ChallengeName": "PASSWORD_VERIFIER",
                    "ClientId": demo::DEMO_CLIENT_ID,
                    "ChallengeResponses": response.into_map(),
                });
                let t = Instant::now();
                let out =
                    ops::dispatch(&call(&state, "RespondToAuthChallenge", body)).expect("respond");
                server += t.elapsed();
                black_box(out);
            }
            server
        })
    });
}

/// InitiateAuth(USER_SRP_AUTH) for an existing user and for a missing one on the demo client
/// (which hides user existence): the two must cost the same, or the delay tells them apart.
fn initiate_auth_existing_vs_missing(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let state = cognito_tui::local_pool::open_state(dir.path(), true).expect("state");
    let (username, _) = demo_user();
    let ctx = PoolContext::new(demo::DEMO_POOL_ID, demo::DEMO_CLIENT_ID, None).expect("ctx");
    let srp = SrpClient::new().expect("A");
    let mut group = c.benchmark_group("local_pool/initiate_auth");
    // One name each, asked again and again: both reach the same steady state of the store of
    // sign-ins in progress (at most 16 per name), as an attacker's alternating probes do.
    for (name, who) in [
        ("existing_user", username.as_str()),
        ("missing_user", "ghost"),
    ] {
        group.bench_function(name, |b| {
            b.iter(|| {
                let body = json!({
                    "AuthFlow": "USER_SRP_AUTH",
                    "ClientId": demo::DEMO_CLIENT_ID,
                    "AuthParameters": ctx.initiate_auth_parameters(who, &srp),
                });
                black_box(ops::dispatch(&call(&state, "InitiateAuth", body)).expect("initiate"))
            })
        });
    }
    group.finish();
}

fn list_users_100k(c: &mut Criterion, dir: &tempfile::TempDir) {
    let state = cognito_tui::local_pool::open_state(dir.path(), true).expect("state");
    let page = |filter: Option<&str>| {
        let mut body = json!({ "UserPoolId": demo::DEMO_POOL_ID, "Limit": 60 });
        if let Some(f) = filter {
            body["Filter"] = json!(f);
        }
        let mut call = call(&state, "ListUsers", body);
        call.signed = true;
        let out = ops::dispatch(&call).expect("ListUsers");
        black_box(out["Users"].as_array().map(Vec::len))
    };
    let mut group = c.benchmark_group("local_pool/list_users_100k");
    for (name, filter) in [
        ("email_prefix", Some("email ^= \"user0421\"")),
        ("email_equals", Some("email = \"user042424@example.com\"")),
        ("given_name_prefix_broad", Some("given_name ^= \"Given4\"")),
        (
            "status_unconfirmed",
            Some("cognito:user_status = \"UNCONFIRMED\""),
        ),
        ("unfiltered", None),
    ] {
        group.bench_function(name, |b| b.iter(|| page(filter)));
    }
    group.finish();
}

/// In-process start-up on the 100k store: open, migrate check, key, bind, serve.
fn start_up_100k(c: &mut Criterion, dir: &tempfile::TempDir) {
    let rt = runtime();
    c.bench_function("local_pool/start_up_100k_in_process", |b| {
        b.iter(|| {
            rt.block_on(async {
                let mut config = LocalPoolConfig::ephemeral(dir.path());
                config.seed_demo = true;
                let pool = LocalPool::start(config).await.expect("start");
                pool.shutdown().await;
            })
        })
    });
}

/// The real binary from exec to its "listening" line, on the 100k store.
fn start_up_100k_process(c: &mut Criterion, dir: &tempfile::TempDir) {
    use std::io::{BufRead as _, BufReader};
    use std::process::{Command, Stdio};
    let exe = env!("CARGO_BIN_EXE_cognito-tui");
    c.bench_function("local_pool/start_up_100k_process", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let t = Instant::now();
                let mut child = Command::new(exe)
                    .args(["local-pool", "--port", "0", "--data"])
                    .arg(dir.path())
                    .stdout(Stdio::piped())
                    .stderr(Stdio::null())
                    .spawn()
                    .expect("spawn");
                let stdout = child.stdout.take().expect("stdout");
                let mut line = String::new();
                BufReader::new(stdout).read_line(&mut line).expect("read");
                total += t.elapsed();
                assert!(line.contains("listening"), "{line}");
                let _ = child.kill();
                let _ = child.wait();
            }
            total
        })
    });
}

fn benches_100k(c: &mut Criterion) {
    let dir = big_store();
    list_users_100k(c, &dir);
    start_up_100k(c, &dir);
    start_up_100k_process(c, &dir);
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30).measurement_time(Duration::from_secs(5));
    targets = sign_in_round_trip, server_cpu_per_sign_in, initiate_auth_existing_vs_missing, benches_100k
}
criterion_main!(benches);
