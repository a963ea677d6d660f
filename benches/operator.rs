//! The operator face on a 100k-user local pool (over loopback, as against AWS):
//!
//! - the first page on screen: the Users key to a drawn frame holding the page (the ListUsers
//!   call, its decoding and the render);
//! - a full client-side scan of the 100k users (throughput in users/s);
//! - a keystroke to its frame while such a scan runs (the target: at most 5 ms);
//! - the memory 100k loaded users take in the table (VmRSS before and after, printed);
//! - `cognito-tui users export` of the 100k users as a whole process, next to the aws CLI's
//!   paginated `list-users` on the same pool (printed; the CLI is `COGNITO_TUI_AWS`, e.g. a venv
//!   with `pip install awscli`, or `aws` on the PATH; skipped when neither runs).
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

/// Median wall time of `runs` runs of `command`, which must succeed.
fn median_run(runs: usize, mut command: impl FnMut() -> std::process::Command) -> Duration {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let started = Instant::now();
            let out = command().output().expect("the process runs");
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
            started.elapsed()
        })
        .collect();
    times.sort();
    times[runs / 2]
}

fn export_vs_aws_cli(_c: &mut Criterion) {
    let bench = Bench::new();
    let dir = tempfile::tempdir().unwrap();
    let exe = env!("CARGO_BIN_EXE_cognito-tui");
    let ours = |args: &[&str]| {
        let mut cmd = std::process::Command::new(exe);
        cmd.env("COGNITO_TUI_CONFIG_DIR", dir.path().join("config"))
            .env("COGNITO_TUI_DATA_DIR", dir.path().join("data"))
            .args(args);
        cmd
    };
    let status = ours(&[
        "profiles",
        "add",
        "big",
        "--pool-id",
        DEMO_POOL_ID,
        "--client-id",
        DEMO_CLIENT_ID,
        "--endpoint-url",
        bench.pool.url(),
    ])
    .status()
    .unwrap();
    assert!(status.success());
    let users = big_store::USERS + 5;
    for format in ["csv", "jsonl"] {
        let out = dir.path().join(format!("users.{format}"));
        let took = median_run(3, || {
            let mut cmd = ours(&[
                "users",
                "export",
                "--profile",
                "big",
                "--format",
                format,
                "--output",
                out.to_str().unwrap(),
            ]);
            cmd.stdout(std::process::Stdio::null());
            cmd
        });
        println!(
            "export of {users} users as a process (cognito-tui users export --format {format}): median of 3 {:.2} s, {:.0} users/s",
            took.as_secs_f64(),
            users as f64 / took.as_secs_f64()
        );
    }
    let aws = std::env::var("COGNITO_TUI_AWS").unwrap_or_else(|_| "aws".into());
    if std::process::Command::new(&aws)
        .arg("--version")
        .output()
        .is_err()
    {
        println!("skipped the aws CLI comparison: {aws} does not run (set COGNITO_TUI_AWS)");
        return;
    }
    let took = median_run(3, || {
        let mut cmd = std::process::Command::new(&aws);
        cmd.args([
            "cognito-idp",
            "list-users",
            "--user-pool-id",
            DEMO_POOL_ID,
            "--endpoint-url",
            bench.pool.url(),
            "--region",
            "us-east-1",
            "--output",
            "json",
        ])
        .env("AWS_ACCESS_KEY_ID", "local")
        .env("AWS_SECRET_ACCESS_KEY", "local")
        .env("AWS_CONFIG_FILE", dir.path().join("no-aws-config"))
        .env(
            "AWS_SHARED_CREDENTIALS_FILE",
            dir.path().join("no-aws-credentials"),
        )
        .stdout(std::process::Stdio::null());
        cmd
    });
    println!(
        "the aws CLI's paginated list-users of the same {users} users ({aws}): median of 3 {:.2} s, {:.0} users/s",
        took.as_secs_f64(),
        users as f64 / took.as_secs_f64()
    );
}

criterion_group!(benches, operator_benches, export_vs_aws_cli);
criterion_main!(benches);
