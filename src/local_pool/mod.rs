//! The local pool: a Cognito-compatible server embedded in the binary (AWS JSON 1.1 over HTTP,
//! real SRP verification, RS256 tokens, SQLite storage).
//!
//! `LocalPool::start` serves on a chosen or ephemeral port until `shutdown`; the
//! `local-pool` command and the tests use it alike.

pub mod clock;
pub mod crypto;
pub mod demo;
pub mod error;
pub mod http;
pub mod model;
pub mod ops;
pub mod rules;
pub mod seed;
pub mod state;
pub mod storage;

// Short paths for the pool's parts (`local_pool::users`), wherever they are filed.
pub use crypto::{keys, pool_keys, srp_server, tokens, totp};
pub use rules::{attributes, filter, mask, password_policy};
pub use storage::{codes, db, outbox, pool_extras, pools, sessions, users};

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use self::state::State;

/// The port Cognito emulators customarily use.
pub const DEFAULT_PORT: u16 = 9229;

#[derive(Debug, Clone)]
pub struct LocalPoolConfig {
    pub bind: IpAddr,
    /// 0 picks a free port.
    pub port: u16,
    pub data_dir: PathBuf,
    /// Create the demo pool when the store has no pools yet.
    pub seed_demo: bool,
    /// Web origins allowed to call from a browser (`--cors-origin`); none by default.
    pub cors_origins: Vec<String>,
    /// Timeouts, the connection cap and the shutdown grace period.
    pub limits: http::serve::HttpLimits,
    /// Sign-ins in progress held at most (the oldest gives way): `sessions::MAX_PENDING`.
    pub max_pending_sign_ins: usize,
}

impl LocalPoolConfig {
    /// Loopback on an ephemeral port with the demo pool: what tests and the TUI use.
    pub fn ephemeral(data_dir: impl Into<PathBuf>) -> Self {
        Self {
            bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: 0,
            data_dir: data_dir.into(),
            seed_demo: true,
            cors_origins: Vec::new(),
            limits: http::serve::HttpLimits::default(),
            max_pending_sign_ins: sessions::MAX_PENDING,
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("cannot create the data directory {path}: {source}")]
    DataDir {
        path: String,
        source: std::io::Error,
    },
    #[error(transparent)]
    Db(#[from] db::DbError),
    #[error(transparent)]
    Key(#[from] keys::KeyError),
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
    },
    #[error("cannot create the demo pool: {0}")]
    Demo(String),
    #[error("cannot read the pools in the store: {0}")]
    Pools(String),
}

/// A running local pool.
pub struct LocalPool {
    addr: SocketAddr,
    url: String,
    state: Arc<State>,
    stop: Option<oneshot::Sender<()>>,
    task: JoinHandle<()>,
}

impl LocalPool {
    /// Opens the store in `config.data_dir` (creating it), seeds the demo pool if asked and the
    /// store is empty, and starts serving.
    pub async fn start(config: LocalPoolConfig) -> Result<Self, StartError> {
        let mut state = open_state(&config.data_dir, config.seed_demo)?;
        state.sessions = sessions::Sessions::with_capacity(config.max_pending_sign_ins);
        let state = Arc::new(state);
        let addr = SocketAddr::new(config.bind, config.port);
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|source| StartError::Bind { addr, source })?;
        let addr = listener
            .local_addr()
            .map_err(|source| StartError::Bind { addr, source })?;
        let exposure = http::guard::Exposure {
            cors_origins: config.cors_origins.clone(),
            loopback: config.bind.is_loopback(),
        };
        let app = http::router(state.clone(), addr, exposure, config.limits.body_timeout);
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(http::serve::serve(listener, app, config.limits, stopped));
        tracing::info!(%addr, "local pool listening");
        Ok(Self {
            url: format!("http://{addr}"),
            addr,
            state,
            stop: Some(stop),
            task,
        })
    }

    /// `http://127.0.0.1:<port>`: the endpoint URL for clients.
    pub fn url(&self) -> &str {
        &self.url
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The shared server state (store, key, clock): for tests and for embedding in-process.
    pub fn state(&self) -> &Arc<State> {
        &self.state
    }

    /// Moves the pool's clock forward (tests of expiry and lockout).
    pub fn advance_clock(&self, seconds: i64) {
        self.state.clock.advance(seconds);
    }

    /// Stops accepting, lets requests in flight finish (for the grace period at most), and
    /// waits for the server to end.
    pub async fn shutdown(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        let _ = (&mut self.task).await;
    }
}

impl Drop for LocalPool {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// Opens the store and key in `dir`, seeding the demo pool if asked and no pool exists.
pub fn open_state(dir: &Path, seed_demo: bool) -> Result<State, StartError> {
    crate::store::atomic::create_private_dir(dir).map_err(|source| StartError::DataDir {
        path: dir.display().to_string(),
        source,
    })?;
    let db = db::Db::open(dir)?;
    let mut pools = db
        .read(|tx| pools::pool_ids(tx))
        .map_err(|e| StartError::Pools(e.to_string()))?;
    let keys = pool_keys::PoolKeys::open(dir, &pools)?;
    let state = State::new(db, keys);
    if seed_demo && demo::seed_if_empty(&state).map_err(|e| StartError::Demo(e.to_string()))? {
        pools.push(demo::DEMO_POOL_ID.to_string());
    }
    // Keys are made on first use; make (or load) them now in the background so the first
    // sign-in does not wait for an RSA key.
    state.keys.warm(pools);
    Ok(state)
}

/// The default data directory: `<OS data dir>/cognito-tui/local-pool`.
pub fn default_data_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("COGNITO_TUI_DATA_DIR") {
        return Some(PathBuf::from(dir).join("local-pool"));
    }
    directories::ProjectDirs::from("", "", "cognito-tui").map(|d| d.data_dir().join("local-pool"))
}
