//! The operator face on a 100k-user local pool (over loopback, as against AWS):
//!
//! - the first page on screen: the Users key to a drawn frame holding the page (the ListUsers
//!   call, its decoding and the render);
//! - a full client-side scan of the 100k users (throughput in users/s);
//! - a keystroke to its frame while such a scan runs (the target: at most 5 ms);
//! - the memory 100k loaded users take in the table (VmRSS before and after, printed).
//!
//! `cargo bench --bench operator`

#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test or benchmark

#[path = "support/big_store.rs"]
mod big_store;

use std::sync::Arc;
use std::time::{Duration, Instant};

use cognito_tui::flows::scan;
use cognito_tui::local_pool::demo::{DEMO_CLIENT_ID, DEMO_POOL_ID};
use cognito_tui::local_pool::{LocalPool, LocalPoolConfig};
use cognito_tui::service::Settings;
use cognito_tui::service::account::Account;
use cognito_tui::service::admin::{MAX_PAGE_SIZE, Operator, OperatorCredentials};
use cognito_tui::tui::app::{App, Start};
use cognito_tui::tui::msg::{Conn, Connected, Msg, Progress, ScreenId, Target, Task, Ticket};
use cognito_tui::tui::theme::Theme;
use cognito_tui::tui::view;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime")
}

struct Bench {
    runtime: tokio::runtime::Runtime,
    _dir: tempfile::TempDir,
    pool: LocalPool,
}

impl Bench {
    fn new() -> Self {
        let dir = big_store::big_store();
        let runtime = runtime();
        let config = LocalPoolConfig {
            seed_demo: false,
            ..LocalPoolConfig::ephemeral(dir.path())
        };
        let pool = runtime.block_on(LocalPool::start(config)).unwrap();
        Self {
            runtime,
            _dir: dir,
            pool,
        }
    }

    fn settings(&self) -> Settings {
        let mut settings = Settings::new(DEMO_POOL_ID, DEMO_CLIENT_ID);
        settings.endpoint_url = Some(self.pool.url().to_string());
        settings
    }

    fn operator(&self) -> Operator {
        Operator::new(self.settings(), OperatorCredentials::local_pool())
    }

    /// The app on the pool's sign-in screen, its operator on the 100k pool.
    fn app(&self) -> App {
        let mut app = App::new(
            Start::Open(Target::LocalDemo, Vec::new()),
            Theme::monochrome(),
            time::OffsetDateTime::now_utc(),
        );
        app.take_tasks();
        let account = self
            .runtime
            .block_on(Account::new(self.settings()))
            .unwrap();
        app.update(Msg::Connected(Ok(Box::new(Connected {
            conn: Conn {
                account: Arc::new(account),
                operator: Arc::new(self.operator()),
                profile: "bench".into(),
                label: "bench".into(),
            },
            last_username: None,
            resumed: None,
            notice: None,
        }))));
        app.take_tasks();
        app
    }

    /// Runs the screens' loads as the worker would, until none is left.
    fn run_loads(&self, app: &mut App) {
        let (tx, _rx) = tokio::sync::mpsc::unbounded_channel();
        let ticket = Ticket {
            id: 0,
            screen: ScreenId(0),
        };
        loop {
            let loads: Vec<_> = app
                .take_tasks()
                .into_iter()
                .filter_map(|t| match t {
                    Task::Load(load) => Some(load),
                    _ => None,
                })
                .collect();
            if loads.is_empty() {
                return;
            }
            for load in loads {
                let msg = self
                    .runtime
                    .block_on(load.run(Progress::new(ticket, tx.clone())));
                app.update(msg);
            }
        }
    }
}

fn terminal() -> Terminal<CrosstermBackend<std::io::Sink>> {
    Terminal::with_options(
        CrosstermBackend::new(std::io::sink()),
        ratatui::TerminalOptions {
            viewport: ratatui::Viewport::Fixed(ratatui::layout::Rect::new(0, 0, 80, 24)),
        },
    )
    .unwrap()
}

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

fn vm_rss_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|n| n.parse().ok())
        })
        .unwrap_or(0)
}

fn operator_benches(c: &mut Criterion) {
    let bench = Bench::new();
    let mut group = c.benchmark_group("operator_100k");
    group.sample_size(20);

    group.bench_function("first_page_on_screen", |b| {
        let mut terminal = terminal();
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let mut app = bench.app();
                let started = Instant::now();
                app.on_key(key(KeyCode::F(5)));
                bench.run_loads(&mut app);
                terminal.draw(|f| view::render(&app, f)).unwrap();
                total += started.elapsed();
            }
            total
        })
    });

    let query = scan::parse("custom:team=nobody").unwrap();
    let operator = bench.operator();
    group.throughput(Throughput::Elements(big_store::USERS as u64 + 5));
    group.sample_size(10);
    group.bench_function("full_scan", |b| {
        b.iter(|| {
            let state = scan::ScanState::default();
            let fetch = |token: Option<String>| {
                let operator = operator.clone();
                async move { operator.list_users_page(None, MAX_PAGE_SIZE, token).await }
            };
            let end = bench.runtime.block_on(scan::scan(
                fetch,
                &query,
                &state,
                &|_| {},
                tokio::time::sleep,
            ));
            assert_eq!(end.unwrap(), scan::ScanEnd::Complete);
        })
    });
    group.finish();

    // A keystroke while a scan runs on the worker threads.
    let mut group = c.benchmark_group("operator_100k");
    group.sample_size(50);
    group.bench_function("keystroke_to_frame_while_scanning", |b| {
        let mut app = bench.app();
        app.on_key(key(KeyCode::F(5)));
        bench.run_loads(&mut app);
        app.on_key(key(KeyCode::Char('/')));
        app.on_key(key(KeyCode::F(2)));
        for ch in "*~never".chars() {
            app.on_key(key(KeyCode::Char(ch)));
        }
        app.on_key(key(KeyCode::Enter));
        // The scan goes to the runtime's threads, as the worker would spawn it.
        let scans: Vec<_> = app
            .take_tasks()
            .into_iter()
            .filter_map(|t| match t {
                Task::Load(load) => Some(load),
                _ => None,
            })
            .collect();
        let (tx, _rx) = tokio::sync::mpsc::unbounded_channel();
        let ticket = Ticket {
            id: 0,
            screen: ScreenId(0),
        };
        let handles: Vec<_> = scans
            .into_iter()
            .map(|load| {
                bench
                    .runtime
                    .spawn(load.run(Progress::new(ticket, tx.clone())))
            })
            .collect();
        let mut terminal = terminal();
        let keys = [key(KeyCode::Down), key(KeyCode::Up)];
        let mut i = 0usize;
        b.iter(|| {
            app.on_key(keys[i % 2]);
            i += 1;
            app.tick(time::OffsetDateTime::now_utc());
            terminal.draw(|f| view::render(&app, f)).unwrap();
        });
        for h in handles {
            h.abort();
        }
    });
    group.finish();

    // Memory: every user of the pool loaded in the table (a scan that matches everyone).
    let before = vm_rss_kb();
    let mut app = bench.app();
    app.on_key(key(KeyCode::F(5)));
    bench.run_loads(&mut app);
    app.on_key(key(KeyCode::Char('/')));
    app.on_key(key(KeyCode::F(2)));
    for ch in "username^=".chars() {
        app.on_key(key(KeyCode::Char(ch)));
    }
    app.on_key(key(KeyCode::Enter));
    let started = Instant::now();
    bench.run_loads(&mut app);
    let after = vm_rss_kb();
    let mut test = Terminal::new(ratatui::backend::TestBackend::new(80, 24)).unwrap();
    test.draw(|f| view::render(&app, f)).unwrap();
    let shown = test.backend().to_string();
    assert!(
        shown.contains(&format!("{} matches", big_store::USERS + 5)),
        "{shown}"
    );
    println!(
        "operator_100k memory: {} users in the table; VmRSS {before} kB before, {after} kB after ({} kB, {:.2} kB/user); scan took {:.1} s",
        big_store::USERS + 5,
        after.saturating_sub(before),
        after.saturating_sub(before) as f64 / (big_store::USERS + 5) as f64,
        started.elapsed().as_secs_f64()
    );
}

criterion_group!(benches, operator_benches);
criterion_main!(benches);
