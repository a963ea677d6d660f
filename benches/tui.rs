//! The TUI's speed and footprint, measured on the real binary in a pseudo-terminal (80×24) with
//! its embedded local pool, and in process for the keystroke path:
//!
//! - cold start: exec to the first drawn frame, and to the sign-in form of the running local
//!   pool; both on a data dir the pool already initialised (as every start after the first),
//!   and on an empty one (the very first start: signing key and demo users created);
//! - a keystroke to its frame: in process (key handling + render + the terminal diff written to
//!   a buffer) and through the pseudo-terminal (key written → the frame's bytes read back);
//! - idle: CPU time the process uses over 10 idle seconds (after 2 s to settle) on the sign-in
//!   screen and on the account home (whose countdown ticks once a second), summed over all its
//!   threads (/proc/<pid>/task/*/schedstat, nanoseconds, thread by thread), and the bytes it
//!   draws meanwhile; printed;
//! - resident memory once signed in (VmRSS and the peak VmHWM from /proc/<pid>/status), printed.
//!
//! `cargo bench --bench tui`

#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test or benchmark

#[path = "../tests/tui/pty.rs"]
mod pty;

use std::collections::HashMap;
use std::path::Path;
use std::time::{Duration, Instant};

use cognito_tui::tui::app::{App, Start};
use cognito_tui::tui::msg::{Connected, Msg, Target};
use cognito_tui::tui::theme::Theme;
use cognito_tui::tui::view;
use criterion::{Criterion, criterion_group, criterion_main};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use pty::Tui;
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

/// A data dir where the local pool already exists (key pair, demo users).
fn prepared_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut tui = Tui::start(dir.path());
    tui.wait_for("Password");
    quit(tui);
    dir
}

fn quit(mut tui: Tui) {
    tui.send("\x03");
    tui.finish();
}

/// Exec until `want` is on the screen, over `iters` starts on `dir` (a fresh one each time when
/// `fresh`).
fn start_until(dir: &Path, fresh: bool, want: &str, iters: u64) -> Duration {
    let mut total = Duration::ZERO;
    for _ in 0..iters {
        let fresh_dir = fresh.then(|| tempfile::tempdir().expect("temp dir"));
        let at = fresh_dir.as_ref().map_or(dir, |d| d.path());
        let started = Instant::now();
        let mut tui = Tui::start(at);
        tui.wait_for(want);
        total += started.elapsed();
        quit(tui);
    }
    total
}

fn cold_start(c: &mut Criterion) {
    let dir = prepared_dir();
    let mut group = c.benchmark_group("tui_cold_start");
    group.sample_size(20);
    group.measurement_time(Duration::from_secs(10));
    group.bench_function("first_frame", |b| {
        b.iter_custom(|iters| start_until(dir.path(), false, "cognito-tui", iters))
    });
    group.bench_function("sign_in_ready", |b| {
        b.iter_custom(|iters| start_until(dir.path(), false, "Password", iters))
    });
    group.bench_function("sign_in_ready_first_run_ever", |b| {
        b.iter_custom(|iters| start_until(dir.path(), true, "Password", iters))
    });
    group.finish();
}

/// The app on the demo pool's sign-in screen, drawing to an in-memory terminal.
fn sign_in_app() -> App {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let mut settings = cognito_tui::service::Settings::new(
        cognito_tui::local_pool::demo::DEMO_POOL_ID,
        cognito_tui::local_pool::demo::DEMO_CLIENT_ID,
    );
    settings.endpoint_url = Some("http://127.0.0.1:9".into());
    let operator = cognito_tui::service::admin::Operator::new(
        settings.clone(),
        cognito_tui::service::admin::OperatorCredentials::local_pool(),
    );
    let account = runtime
        .block_on(cognito_tui::service::account::Account::new(settings))
        .expect("account service");
    let now = time::OffsetDateTime::now_utc();
    let mut app = App::new(
        Start::Open(Target::LocalDemo, Vec::new()),
        Theme::colored(),
        now,
    );
    app.take_tasks();
    app.update(Msg::Connected(Ok(Box::new(Connected {
        conn: cognito_tui::tui::msg::Conn {
            account: std::sync::Arc::new(account),
            operator: std::sync::Arc::new(operator),
            profile: cognito_tui::tui::msg::LOCAL_DEMO_PROFILE.into(),
            label: "Local demo pool".into(),
        },
        last_username: None,
        resumed: None,
        notice: None,
    }))));
    app
}

fn keystroke(c: &mut Criterion) {
    let mut group = c.benchmark_group("tui_keystroke");
    group.bench_function("in_process_key_render_diff", |b| {
        let mut app = sign_in_app();
        let backend = CrosstermBackend::new(std::io::sink());
        let mut terminal = Terminal::with_options(
            backend,
            ratatui::TerminalOptions {
                viewport: ratatui::Viewport::Fixed(ratatui::layout::Rect::new(0, 0, 80, 24)),
            },
        )
        .expect("terminal");
        let keys = [
            KeyEvent::new(KeyCode::Char('x'), KeyModifiers::NONE),
            KeyEvent::new(KeyCode::Backspace, KeyModifiers::NONE),
        ];
        let mut i = 0usize;
        b.iter(|| {
            app.on_key(keys[i % 2]);
            i += 1;
            terminal
                .draw(|frame| view::render(&app, frame))
                .expect("drawn");
        })
    });
    let dir = prepared_dir();
    let mut tui = Tui::start(dir.path());
    tui.wait_for("Password");
    group.bench_function("pty_key_to_frame", |b| {
        let mut i = 0usize;
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                tui.drain();
                let key = if i % 2 == 0 { "x" } else { "\x7f" };
                i += 1;
                let sent = Instant::now();
                tui.send(key);
                tui.next_output();
                total += sent.elapsed();
            }
            total
        })
    });
    quit(tui);
    group.finish();
}

/// CPU nanoseconds used so far by each live thread of `pid`, by thread id.
fn cpu_by_thread(pid: u32) -> HashMap<String, u64> {
    let Ok(tasks) = std::fs::read_dir(format!("/proc/{pid}/task")) else {
        return HashMap::new();
    };
    tasks
        .filter_map(Result::ok)
        .filter_map(|t| {
            let stat = std::fs::read_to_string(t.path().join("schedstat")).ok()?;
            let ns = stat.split_whitespace().next()?.parse::<u64>().ok()?;
            Some((t.file_name().to_string_lossy().into_owned(), ns))
        })
        .collect()
}

/// CPU used between two readings: each thread's own increase (a thread that ended meanwhile,
/// such as an idle tokio blocking thread, adds nothing; one that started adds all of its time).
fn cpu_between(before: &HashMap<String, u64>, after: &HashMap<String, u64>) -> Duration {
    let ns = after
        .iter()
        .map(|(tid, ns)| ns.saturating_sub(before.get(tid).copied().unwrap_or(0)))
        .sum();
    Duration::from_nanos(ns)
}

fn status_kb(pid: u32, field: &str) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(field))?
                .split_whitespace()
                .nth(1)?
                .parse()
                .ok()
        })
        .unwrap_or(0)
}

/// How long a screen is left to finish its background work before idle is measured.
const SETTLE: Duration = Duration::from_secs(2);

/// How long the idle measurements watch the process.
const IDLE: Duration = Duration::from_secs(10);

/// CPU time the process uses while left alone, and the bytes it draws meanwhile. Printed, not a
/// criterion measurement: an idle second often costs exactly zero CPU, which criterion refuses.
fn idle_report(name: &str, tui: &mut Tui) {
    let pid = tui.pid().expect("a pid");
    // The tail of the work that led here (the pool's password policy read in the background,
    // an SRP ephemeral prepared for the next sign-in) finishes first.
    std::thread::sleep(SETTLE);
    tui.drain();
    let before = cpu_by_thread(pid);
    // The measurement is of doing nothing: the process is left alone.
    std::thread::sleep(IDLE);
    let used = cpu_between(&before, &cpu_by_thread(pid));
    let drawn = tui.drain();
    println!(
        "idle on {name}: {} µs of CPU in {} s ({:.4} % of one core), {drawn} bytes drawn",
        used.as_micros(),
        IDLE.as_secs(),
        used.as_secs_f64() * 100.0 / IDLE.as_secs_f64()
    );
}

fn idle_and_memory(_: &mut Criterion) {
    let dir = prepared_dir();
    let mut tui = Tui::start(dir.path());
    tui.wait_for("Password");
    idle_report("the sign-in screen", &mut tui);
    tui.send("alice\tAlice-Demo-2024!\r");
    tui.wait_for("Signed in as alice");
    tui.wait_for("admins, developers");
    let pid = tui.pid().expect("a pid");
    println!(
        "resident memory signed in: VmRSS {} kB, peak VmHWM {} kB",
        status_kb(pid, "VmRSS:"),
        status_kb(pid, "VmHWM:")
    );
    idle_report(
        "the account home (a countdown ticking each second)",
        &mut tui,
    );
    println!(
        "resident memory after idling: VmRSS {} kB, peak VmHWM {} kB",
        status_kb(pid, "VmRSS:"),
        status_kb(pid, "VmHWM:")
    );
    quit(tui);
}

criterion_group!(benches, cold_start, keystroke, idle_and_memory);
criterion_main!(benches);
