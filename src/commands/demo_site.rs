//! `demo-site`: the demo web site on the sign-in backend, until Ctrl-C / SIGTERM.

use std::io::Write as _;
use std::net::SocketAddr;

use super::local_pool::{init_server_log, wait_for_stop_signal};
use super::{CommandError, Threads, runtime};
use crate::cli::DemoSiteArgs;
use crate::local_pool::demo::{self, DEMO_CLIENT_ID, DEMO_POOL_ID, DEMO_PROFILE_NAME};
use crate::local_pool::{LocalPool, LocalPoolConfig};
use crate::service::Settings;
use crate::store::{ProfileStore, StorePaths};
use crate::web::settings::read_settings_file;
use crate::web::site::{self, SiteOptions};
use crate::web::{CognitoBackend, UserRules, WebDb, WebSettings};
use tower_sessions::ExpiredDeletion as _;

pub fn run(args: DemoSiteArgs) -> Result<String, CommandError> {
    runtime(Threads::Many)?.block_on(serve(args))
}

async fn serve(args: DemoSiteArgs) -> Result<String, CommandError> {
    init_server_log();
    // Bad settings are reported before anything starts.
    let (from_file, rules) = match &args.settings {
        Some(path) => read_settings_file(path).map_err(CommandError::Refused)?,
        None => (None, UserRules::default()),
    };
    let paths = StorePaths::from_env()?;
    let (pool, label, local, name) = match (&args.profile, from_file) {
        (Some(_), Some(_)) => {
            return Err(CommandError::Refused(
                "the settings file names a pool and so does --profile: give only one".into(),
            ));
        }
        (None, Some(pool)) => {
            let label = format!("pool {}", pool.user_pool_id);
            let name = pool.user_pool_id.clone();
            (pool, label, None, name)
        }
        (Some(name), None) => {
            let profile = ProfileStore::new(&paths).get(name)?;
            (
                profile.settings(),
                format!("profile {name}"),
                None,
                name.clone(),
            )
        }
        (None, None) => {
            // The same store the TUI's built-in demo pool uses.
            let local = LocalPool::start(LocalPoolConfig::ephemeral(
                paths.data_dir.join("local-pool"),
            ))
            .await?;
            let mut settings = Settings::new(DEMO_POOL_ID, DEMO_CLIENT_ID);
            settings.endpoint_url = Some(local.url().to_string());
            let label = "the local demo pool".to_string();
            (settings, label, Some(local), DEMO_PROFILE_NAME.to_string())
        }
    };
    let site_dir = paths.data_dir.join("demo-site").join(&name);
    let db = WebDb::open(&site_dir).map_err(|e| CommandError::Refused(e.to_string()))?;
    let backend = CognitoBackend::new(WebSettings { pool, rules }, db)
        .await
        .map_err(|e| CommandError::Refused(e.to_string()))?;
    let options = SiteOptions {
        pool_label: label.clone(),
        demo_users: if local.is_some() {
            demo::demo_users()
        } else {
            Vec::new()
        },
        secure_cookies: args.secure_cookies,
        operator_group: args.operator_group.clone(),
        ..SiteOptions::default()
    };
    let store = crate::web::SqliteSessionStore::new(backend.db().clone());
    let app = site::router(backend, options);
    let addr = SocketAddr::new(args.bind, args.port);
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| CommandError::Refused(format!("cannot listen on {addr}: {e}")))?;
    let addr = listener
        .local_addr()
        .map_err(|e| CommandError::Refused(format!("cannot listen on {addr}: {e}")))?;
    if !args.bind.is_loopback() {
        eprintln!(
            "warning: binding to {} exposes the demo site to the network",
            args.bind
        );
    }
    // Expired sessions (with their tokens) are swept hourly.
    let sweeper = tokio::spawn(async move {
        let mut every = tokio::time::interval(std::time::Duration::from_secs(3600));
        loop {
            every.tick().await;
            if let Err(e) = store.delete_expired().await {
                tracing::warn!(error = %e, "could not delete expired sessions");
            }
        }
    });
    {
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "demo site on http://{addr} (signing in to {label})");
        let _ = writeln!(out, "site data: {}", site_dir.display());
        let _ = out.flush();
    }
    axum::serve(listener, app)
        .with_graceful_shutdown(wait_for_stop_signal())
        .await
        .map_err(|e| CommandError::Refused(format!("the demo site stopped: {e}")))?;
    sweeper.abort();
    if let Some(local) = local {
        local.shutdown().await;
    }
    Ok("demo site stopped".into())
}
