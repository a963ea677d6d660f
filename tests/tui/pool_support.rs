//! Shared by the TUI tests that drive the worker against a real local pool over loopback: start
//! the in-process pool, open its demo pool, read the newest code from its outbox.
#![allow(dead_code)]

use cognito_tui::local_pool::demo::{DEMO_CLIENT_ID, DEMO_POOL_ID};
use cognito_tui::service::Settings;
use cognito_tui::tui::msg::{Connected, LOCAL_DEMO_PROFILE, Msg, PoolHandle, Task};
use cognito_tui::tui::worker::Worker;

/// Starts the local pool in process, as the TUI does on a fresh machine.
pub async fn start(worker: &Worker) -> PoolHandle {
    match worker.perform(Task::StartLocalPool).await {
        Msg::LocalPoolStarted(Ok(pool)) => pool,
        other => panic!("the local pool did not start: {other:?}"),
    }
}

/// The demo pool's settings on `pool`.
pub fn settings(pool: &PoolHandle) -> Settings {
    let mut settings = Settings::new(DEMO_POOL_ID, DEMO_CLIENT_ID);
    settings.endpoint_url = Some(pool.0.url().to_string());
    settings
}

/// Opens the demo pool as the picker's "Local demo pool" row does.
pub async fn connect(worker: &Worker, pool: &PoolHandle) -> Connected {
    let task = Task::Connect {
        settings: settings(pool),
        credentials: cognito_tui::service::admin::OperatorCredentials::local_pool(),
        profile: LOCAL_DEMO_PROFILE.into(),
        label: "Local demo pool".into(),
    };
    match worker.perform(task).await {
        Msg::Connected(Ok(connected)) => *connected,
        other => panic!("cannot open the pool: {other:?}"),
    }
}

/// The newest code the pool "sent" to `username`.
pub async fn last_code(pool: &PoolHandle, username: &str) -> String {
    let url = format!("{}/_local/outbox", pool.0.url());
    let body = reqwest::get(url)
        .await
        .expect("outbox")
        .text()
        .await
        .expect("body");
    let messages: Vec<serde_json::Value> = serde_json::from_str(&body).expect("outbox JSON");
    messages
        .iter()
        .rev()
        .find(|m| m["username"] == username)
        .and_then(|m| m["code"].as_str())
        .expect("a code in the outbox")
        .to_string()
}
