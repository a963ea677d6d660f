//! The `local-pool` command: serve until Ctrl-C / SIGTERM, or print a running pool's outbox.

use std::io::{IsTerminal as _, Write};

use super::{CommandError, Threads, runtime};
use crate::cli::{LocalPoolAction, ServeArgs};
use crate::flows;
use crate::local_pool::seed::{self, SeedFile};
use crate::local_pool::{LocalPool, LocalPoolConfig, demo};

/// Runs `local-pool [outbox]`; returns what to print at the end, or a one-line reason.
pub fn run(serve: ServeArgs, action: Option<LocalPoolAction>) -> Result<String, CommandError> {
    let runtime = runtime(Threads::Many)?;
    match action {
        Some(LocalPoolAction::Outbox { port, json }) => runtime.block_on(print_outbox(port, json)),
        None => runtime.block_on(serve_until_stopped(serve)),
    }
}

async fn serve_until_stopped(args: ServeArgs) -> Result<String, CommandError> {
    init_server_log();
    let data_dir = match args.data {
        Some(dir) => dir,
        None => crate::local_pool::default_data_dir().ok_or(CommandError::NoDataDir)?,
    };
    if !args.bind.is_loopback() {
        eprintln!(
            "warning: binding to {} exposes the local pool to the network: anyone who reaches it \
             can call the admin API (any Authorization header is accepted), read the outbox \
             (codes, temporary passwords) and sign in with the demo passwords",
            args.bind
        );
    }
    if !args.cors_origins.is_empty() {
        eprintln!(
            "note: web pages from {} may call the local pool from a browser, the outbox included",
            args.cors_origins.join(", ")
        );
    }
    // A bad seed file is reported before anything starts.
    let seed_file = match &args.seed {
        Some(path) => {
            let text = std::fs::read_to_string(path).map_err(|e| {
                CommandError::Refused(format!("cannot read {}: {e}", path.display()))
            })?;
            Some(
                SeedFile::parse(&text, &path.display().to_string())
                    .map_err(CommandError::Refused)?,
            )
        }
        None => None,
    };
    let pool = LocalPool::start(LocalPoolConfig {
        bind: args.bind,
        port: args.port,
        data_dir: data_dir.clone(),
        seed_demo: seed_file.is_none(),
        cors_origins: args.cors_origins.clone(),
        limits: Default::default(),
        max_pending_sign_ins: crate::local_pool::sessions::MAX_PENDING,
    })
    .await?;
    let (pool_id, clients) = match &seed_file {
        Some(file) => {
            for warning in seed::warnings(file) {
                eprintln!("warning: {warning}");
            }
            let outcome = seed::seed_into(pool.state(), file)
                .map_err(|e| CommandError::Refused(format!("the seed file was refused: {e}")))?;
            let (kind, seeded) = match outcome {
                seed::Outcome::Created(s) => ("seeded pool", s),
                seed::Outcome::Existing(s) => ("pool (kept from an earlier --seed)", s),
            };
            eprintln!("{kind} {}", seeded.pool_id);
            (seeded.pool_id, seeded.clients)
        }
        None => (
            demo::DEMO_POOL_ID.to_string(),
            vec![(
                "demo-app (no secret)".to_string(),
                demo::DEMO_CLIENT_ID.to_string(),
            )],
        ),
    };
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "local pool listening on {}", pool.url());
    let _ = writeln!(out, "data directory: {}", data_dir.display());
    let _ = writeln!(out, "pool: {pool_id}");
    for (name, id) in &clients {
        let _ = writeln!(out, "app client {name}: {id}");
    }
    let _ = writeln!(
        out,
        "try: aws cognito-idp list-users --endpoint-url {} --user-pool-id {pool_id}",
        pool.url(),
    );
    let _ = out.flush();
    drop(out);
    wait_for_stop_signal().await;
    eprintln!("stopping the local pool");
    pool.shutdown().await;
    Ok("local pool stopped".into())
}

pub(super) async fn wait_for_stop_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

/// Server log lines (one per outbox message) on stderr; `RUST_LOG` refines it.
pub(super) fn init_server_log() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,hyper=warn,aws=warn"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none())
        .with_target(true)
        .try_init();
}

async fn print_outbox(port: u16, json: bool) -> Result<String, CommandError> {
    let messages = flows::outbox::read(&format!("http://127.0.0.1:{port}"), None)
        .await
        .map_err(|error| CommandError::Outbox { port, error })?;
    if json {
        return serde_json::to_string_pretty(&messages)
            .map_err(|e| CommandError::Refused(e.to_string()));
    }
    if messages.is_empty() {
        return Ok("the outbox is empty".into());
    }
    Ok(messages
        .iter()
        .map(|m| {
            format!(
                "{}  {:<16} {:<6} {:<28} {:<16} {}",
                m.time, m.kind, m.delivery, m.destination, m.username, m.message
            )
        })
        .collect::<Vec<_>>()
        .join("\n"))
}
