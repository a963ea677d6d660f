//! The terminal UI. `run` sets the terminal up (restoring it on every exit path, panics
//! included), logs to a file, and runs the event loop: draw when something changed, wait for a
//! key, a result or a tick.

pub mod app;
pub mod clipboard;
pub mod config;
pub mod event;
pub mod keymap;
pub mod msg;
pub mod screens;
pub mod theme;
pub mod view;
pub mod widgets;
pub mod worker;

use std::io::IsTerminal as _;

use time::OffsetDateTime;

use self::app::{App, Effect, Start};
use self::event::{AppEvent, Events};
use self::msg::Target;
use self::theme::Theme;
use self::worker::Worker;
use crate::store::{ProfileStore, StorePaths};

/// What the command line chose.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Open this saved profile directly.
    pub profile: Option<String>,
}

/// The log file in the data dir; the terminal belongs to the UI.
pub const LOG_FILE: &str = "cognito-tui.log";

pub fn run(options: Options) -> Result<(), String> {
    // Only readable while the process has one thread: before the runtime starts.
    let offset = time::UtcOffset::current_local_offset().ok();
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        return Err(
            "the TUI needs a terminal; for scripts use a command (see `cognito-tui --help`)".into(),
        );
    }
    let paths = StorePaths::from_env().map_err(|e| e.to_string())?;
    let start = start(&paths, options)?;
    init_logging(&paths);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the async runtime: {e}"))?;
    let config = config::load(&paths);
    install_panic_hook();
    let mut terminal = ratatui::init();
    set_mouse_capture(true);
    let result = runtime.block_on(event_loop(
        &mut terminal,
        start,
        config,
        Worker::new(paths),
        offset,
    ));
    set_mouse_capture(false);
    ratatui::restore();
    // Requests in flight are abandoned; the local pool stops with the runtime.
    runtime.shutdown_background();
    result
}

/// The picker when profiles are saved, else the demo pool; `--profile` opens that one.
pub fn start(paths: &StorePaths, options: Options) -> Result<Start, String> {
    let store = ProfileStore::new(paths);
    let entries = store.list().map_err(|e| e.to_string())?;
    if let Some(name) = options.profile {
        let profile = store.get(&name).map_err(|e| e.to_string())?;
        return Ok(Start::Open(Target::Profile(Box::new(profile)), entries));
    }
    Ok(if entries.is_empty() {
        Start::Open(Target::LocalDemo, entries)
    } else {
        Start::Picker(entries)
    })
}

async fn event_loop(
    terminal: &mut ratatui::DefaultTerminal,
    start: Start,
    (config, problem): (config::TuiConfig, Option<String>),
    worker: Worker,
    offset: Option<time::UtcOffset>,
) -> Result<(), String> {
    let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
    let mut events = Events::new(rx);
    let mut app = App::new(start, Theme::from_env(), OffsetDateTime::now_utc());
    app.configure(config, problem);
    app.set_local_offset(offset);
    let mut dirty = true;
    // Test-only (documented in the README): panic after the first frame, so a test can check
    // that the panic hook restores the terminal and logs the panic.
    let mut panic_after_frame = std::env::var_os(PANIC_FOR_TESTS_ENV).is_some();
    loop {
        for job in app.take_jobs() {
            worker.spawn(job, tx.clone());
        }
        for effect in app.take_effects() {
            perform(terminal, effect);
        }
        if app.should_quit() {
            return Ok(());
        }
        if dirty {
            terminal
                .draw(|frame| view::render(&app, frame))
                .map_err(|e| format!("cannot draw: {e}"))?;
            if std::mem::take(&mut panic_after_frame) {
                panic!("{PANIC_FOR_TESTS_ENV} is set: a deliberate panic after the first frame");
            }
        }
        dirty = match events.next().await? {
            AppEvent::Terminal(crossterm::event::Event::Mouse(mouse)) => {
                let size = terminal.size().unwrap_or_default();
                app.on_mouse(
                    mouse,
                    ratatui::layout::Rect::new(0, 0, size.width, size.height),
                )
            }
            AppEvent::Terminal(event) => app.on_event(event),
            AppEvent::Reply(reply) => app.on_reply(reply),
            AppEvent::Tick => app.tick(OffsetDateTime::now_utc()),
        };
    }
}

/// Does at the terminal what the app asked for.
fn perform(terminal: &mut ratatui::DefaultTerminal, effect: Effect) {
    match effect {
        Effect::Copy(text) => {
            if let Err(e) = clipboard::copy(terminal.backend_mut(), &text) {
                tracing::warn!(error = %e, "cannot write the clipboard sequence");
            }
        }
    }
}

/// Set (to anything) only by the test of the panic hook: the TUI panics after its first frame.
pub const PANIC_FOR_TESTS_ENV: &str = "COGNITO_TUI_TEST_PANIC";

/// Restores the terminal before the panic is reported, so the message is readable and the
/// shell usable; the panic also goes to the log.
fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        set_mouse_capture(false);
        ratatui::restore();
        tracing::error!(panic = %info, "the TUI panicked");
        previous(info);
    }));
}

/// Turns the terminal's mouse reporting on or off; off again on every exit path (the panic
/// hook included), or the shell would receive mouse escape codes.
fn set_mouse_capture(on: bool) {
    use crossterm::event::{DisableMouseCapture, EnableMouseCapture};
    let mut out = std::io::stdout();
    let done = if on {
        crossterm::execute!(out, EnableMouseCapture)
    } else {
        crossterm::execute!(out, DisableMouseCapture)
    };
    if let Err(e) = done {
        tracing::warn!(error = %e, "mouse capture not changed");
    }
}

/// Logs to `<data dir>/cognito-tui.log` ($COGNITO_TUI_LOG filters, `info` by default, the AWS
/// and HTTP crates quieter); without a writable file nothing is logged.
fn init_logging(paths: &StorePaths) {
    use tracing_subscriber::EnvFilter;
    if crate::store::atomic::ensure_dir(&paths.data_dir).is_err() {
        return;
    }
    let file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(paths.data_dir.join(LOG_FILE));
    let Ok(file) = file else { return };
    let filter = EnvFilter::try_from_env("COGNITO_TUI_LOG").unwrap_or_else(|_| {
        EnvFilter::new(
            "info,aws_smithy_runtime=warn,aws_config=warn,hyper=warn,h2=warn,rustls=warn",
        )
    });
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(false)
        .with_writer(std::sync::Mutex::new(file))
        .try_init();
}
