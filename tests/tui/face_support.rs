//! Helpers of the pool-face tests (configuration, operator): the app open on a real local pool
//! with a real operator, and the screens' loads run as the worker runs them.
#![allow(dead_code)]

use std::sync::Arc;

use cognito_tui::service::Settings;
use cognito_tui::service::account::Account;
use cognito_tui::service::admin::{Operator, OperatorCredentials};
use cognito_tui::store::ProfileEntry;
use cognito_tui::tui::app::{App, Start};
use cognito_tui::tui::msg::{
    Conn, Connected, LOCAL_DEMO_PROFILE, Msg, PoolHandle, Progress, ScreenId, Target, Task, Ticket,
};
use cognito_tui::tui::theme::Theme;

use crate::support::now;

/// The demo target opened on `pool` (signed out), its operator on `pool_id`/`client_id`, with
/// `profiles` saved.
pub fn face_app(
    runtime: &tokio::runtime::Runtime,
    pool: PoolHandle,
    profiles: Vec<ProfileEntry>,
    pool_id: &str,
    client_id: &str,
) -> App {
    let url = pool.0.url().to_string();
    let mut app = App::new(
        Start::Open(Target::LocalDemo, profiles),
        Theme::monochrome(),
        now(),
    );
    app.take_tasks();
    app.update(Msg::LocalPoolStarted(Ok(pool)));
    app.take_tasks();
    let mut settings = Settings::new(pool_id, client_id);
    settings.endpoint_url = Some(url);
    let account = runtime
        .block_on(Account::new(settings.clone()))
        .expect("account service");
    app.update(Msg::Connected(Ok(Box::new(Connected {
        conn: Conn {
            account: Arc::new(account),
            operator: Arc::new(Operator::new(settings, OperatorCredentials::local_pool())),
            profile: LOCAL_DEMO_PROFILE.into(),
            label: "Local demo pool".into(),
        },
        last_username: None,
        resumed: None,
        notice: None,
    }))));
    app.take_tasks();
    app
}

/// Runs the screens' reads and calls as the worker would, and what their answers ask for in
/// turn, until nothing is left; how many ran.
pub fn run_loads(app: &mut App, runtime: &tokio::runtime::Runtime) -> usize {
    let (tx, _rx) = tokio::sync::mpsc::unbounded_channel();
    let ticket = Ticket {
        id: 0,
        screen: ScreenId(0),
    };
    let mut ran = 0;
    loop {
        let loads: Vec<_> = app
            .take_tasks()
            .into_iter()
            .filter_map(|task| match task {
                Task::Load(load) => Some(load),
                _ => None,
            })
            .collect();
        if loads.is_empty() {
            return ran;
        }
        for load in loads {
            let msg = runtime.block_on(load.run(Progress::new(ticket, tx.clone())));
            app.update(msg);
            ran += 1;
        }
    }
}
