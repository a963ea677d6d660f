//! The pool's connections: HTTP/1.1 with a deadline for each request's headers (also while a
//! kept-alive connection waits for its next request), at most `max_connections` at once (one
//! more is closed as soon as it is accepted), and a shutdown that lets requests in flight finish
//! for `shutdown_grace` and then closes whatever is left — so a stalled client can neither hold
//! the port hostage nor keep SIGTERM from ending the process.

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::{Semaphore, oneshot, watch};
use tokio::task::JoinSet;

/// Bounds on what one client can hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HttpLimits {
    /// A request's headers must arrive within this, counted from the connection's start or the
    /// end of its previous response.
    pub header_timeout: Duration,
    /// A request's whole body must arrive within this once its headers are in.
    pub body_timeout: Duration,
    /// Connections served at once.
    pub max_connections: usize,
    /// How long requests in flight may finish after shutdown begins.
    pub shutdown_grace: Duration,
}

impl Default for HttpLimits {
    fn default() -> Self {
        Self {
            header_timeout: Duration::from_secs(10),
            body_timeout: Duration::from_secs(10),
            max_connections: 512,
            shutdown_grace: Duration::from_secs(5),
        }
    }
}

/// Serves `app` on `listener` until `stop` fires (or its sender is dropped).
pub async fn serve(
    listener: TcpListener,
    app: Router,
    limits: HttpLimits,
    mut stop: oneshot::Receiver<()>,
) {
    let slots = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    let (closing, closing_rx) = watch::channel(false);
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            _ = &mut stop => break,
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
            accepted = listener.accept() => {
                let stream = match accepted {
                    Ok((stream, _)) => stream,
                    Err(e) => {
                        // Out of file descriptors and the like: pause instead of spinning.
                        tracing::warn!(error = %e, "could not accept a connection");
                        tokio::time::sleep(Duration::from_millis(20)).await;
                        continue;
                    }
                };
                let Ok(slot) = Arc::clone(&slots).try_acquire_owned() else {
                    tracing::warn!(max = limits.max_connections, "too many connections: one closed");
                    drop(stream);
                    continue;
                };
                let service = TowerToHyperService::new(app.clone());
                let mut closing = closing_rx.clone();
                connections.spawn(async move {
                    let connection = hyper::server::conn::http1::Builder::new()
                        .timer(TokioTimer::new())
                        .header_read_timeout(limits.header_timeout)
                        .serve_connection(TokioIo::new(stream), service);
                    tokio::pin!(connection);
                    let shutdown_begins = async move {
                        let _ = closing.wait_for(|c| *c).await;
                    };
                    tokio::select! {
                        _ = connection.as_mut() => {}
                        () = shutdown_begins => {
                            connection.as_mut().graceful_shutdown();
                            let _ = connection.as_mut().await;
                        }
                    }
                    // The slot is free before the socket closes, so a client that saw it close
                    // finds room for its next connection.
                    drop(slot);
                });
            }
        }
    }
    drop(listener);
    let _ = closing.send(true);
    let drained = tokio::time::timeout(limits.shutdown_grace, async {
        while connections.join_next().await.is_some() {}
    })
    .await;
    if drained.is_err() {
        tracing::info!(
            left = connections.len(),
            "connections still open after the grace period: closed"
        );
        connections.shutdown().await;
    }
}
