//! A pseudo-terminal driver for the real binary: start it with its own config and data dirs,
//! send keys, wait for text on the emulated screen (a vt100 parser), check the exit. Shared by
//! the end-to-end tests and the TUI benchmarks (`#[path]`-included), so both drive it alike.
#![allow(dead_code)]

use std::io::{Read as _, Write as _};
use std::num::NonZeroU16;
use std::path::Path;
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, SlavePty, native_pty_system};

pub const ROWS: u16 = 24;
pub const COLS: u16 = 80;
pub const PATIENCE: Duration = Duration::from_secs(60);

pub struct Tui {
    child: Box<dyn Child + Send + Sync>,
    _master: Box<dyn MasterPty + Send>,
    /// Held open until the end: once the last slave fd closes, Linux may answer the master's
    /// read with EIO before the child's final bytes (leaving the alternate screen) are read.
    slave: Option<Box<dyn SlavePty + Send>>,
    writer: Box<dyn std::io::Write + Send>,
    output: Receiver<Vec<u8>>,
    parser: vt100::Parser,
}

impl Tui {
    pub fn start(dir: &Path) -> Self {
        Self::start_with_env(dir, &[])
    }

    /// `start` with extra environment variables.
    pub fn start_with_env(dir: &Path, env: &[(&str, &str)]) -> Self {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: ROWS,
                cols: COLS,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("a pseudo-terminal");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_cognito-tui"));
        cmd.env("COGNITO_TUI_CONFIG_DIR", dir.join("config"));
        cmd.env("COGNITO_TUI_DATA_DIR", dir.join("data"));
        cmd.env("TERM", "xterm-256color");
        cmd.env("NO_COLOR", "1");
        for (key, value) in env {
            cmd.env(key, value);
        }
        let child = pair.slave.spawn_command(cmd).expect("the binary starts");
        let mut reader = pair.master.try_clone_reader().expect("pty reader");
        let writer = pair.master.take_writer().expect("pty writer");
        let (tx, output) = channel();
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 || tx.send(buf[..n].to_vec()).is_err() {
                    break;
                }
            }
        });
        Self {
            child,
            _master: pair.master,
            slave: Some(pair.slave),
            writer,
            output,
            parser: vt100::Parser::new(
                NonZeroU16::new(ROWS).expect("rows"),
                NonZeroU16::new(COLS).expect("columns"),
                0,
            ),
        }
    }

    pub fn screen(&self) -> String {
        self.parser.screen().contents()
    }

    /// Feeds output to the terminal emulator until `want` is on the screen.
    pub fn wait_for(&mut self, want: &str) {
        let deadline = Instant::now() + PATIENCE;
        while !self.screen().contains(want) {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.output.recv_timeout(left) {
                Ok(bytes) => self.parser.process(&bytes),
                Err(_) => panic!("{want:?} never appeared; the screen:\n{}", self.screen()),
            }
        }
    }

    /// Blocks until the binary writes something (a frame, after a key), and feeds it in.
    pub fn next_output(&mut self) {
        match self.output.recv_timeout(PATIENCE) {
            Ok(bytes) => self.parser.process(&bytes),
            Err(_) => panic!("no output; the screen:\n{}", self.screen()),
        }
    }

    /// Feeds in whatever has arrived without waiting; the number of bytes.
    pub fn drain(&mut self) -> usize {
        let mut total = 0;
        while let Ok(bytes) = self.output.try_recv() {
            total += bytes.len();
            self.parser.process(&bytes);
        }
        total
    }

    /// The process id, for reading its CPU time and memory under /proc.
    pub fn pid(&self) -> Option<u32> {
        self.child.process_id()
    }

    pub fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).expect("keys sent");
        self.writer.flush().expect("keys flushed");
    }

    /// Waits for an exit that failed; everything the binary printed (as text, escape sequences
    /// included), and whether the terminal is back in canonical mode with echo (not raw).
    pub fn finish_failed(&mut self) -> (String, bool) {
        let status = self.child.wait().expect("the binary exits");
        assert!(!status.success(), "exit status {status:?}");
        let mut all = Vec::new();
        let deadline = Instant::now() + PATIENCE;
        // The hang-up ends the reader once the slave side closes.
        self.slave = None;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.output.recv_timeout(left) {
                Ok(bytes) => {
                    self.parser.process(&bytes);
                    all.extend_from_slice(&bytes);
                }
                Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => break,
                Err(std::sync::mpsc::RecvTimeoutError::Timeout) => panic!("output never ended"),
            }
        }
        let cooked = self._master.get_termios().is_some_and(|t| {
            use nix::sys::termios::LocalFlags;
            t.local_flags
                .contains(LocalFlags::ICANON | LocalFlags::ECHO)
        });
        (String::from_utf8_lossy(&all).into_owned(), cooked)
    }

    /// The emulated terminal after the end (alternate screen, cursor, mouse modes).
    pub fn terminal(&self) -> &vt100::Screen {
        self.parser.screen()
    }

    /// Waits for the exit and checks the terminal was given back (the alternate screen left).
    pub fn finish(mut self) {
        let status = self.child.wait().expect("the binary exits");
        assert!(status.success(), "exit status {status:?}");
        let deadline = Instant::now() + PATIENCE;
        while self.parser.screen().alternate_screen() {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.output.recv_timeout(left) {
                Ok(bytes) => self.parser.process(&bytes),
                Err(_) => panic!("the alternate screen was not left"),
            }
        }
        // Now the reader may see the hang-up and end.
        self.slave = None;
    }
}
