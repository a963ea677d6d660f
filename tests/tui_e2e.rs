//! The real binary in a pseudo-terminal against its embedded local pool: the first start opens
//! the demo pool's sign-in, alice signs in, the next start resumes her session, she signs out,
//! and each exit leaves the terminal restored. Waits are on screen contents (with a generous
//! timeout against hangs), never on sleeps.

#![cfg(unix)]

use std::io::{Read as _, Write as _};
use std::num::NonZeroU16;
use std::path::Path;
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

const ROWS: u16 = 24;
const COLS: u16 = 80;
const PATIENCE: Duration = Duration::from_secs(60);

struct Tui {
    child: Box<dyn Child + Send + Sync>,
    _master: Box<dyn MasterPty + Send>,
    writer: Box<dyn std::io::Write + Send>,
    output: Receiver<Vec<u8>>,
    parser: vt100::Parser,
}

impl Tui {
    fn start(dir: &Path) -> Self {
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
        let child = pair.slave.spawn_command(cmd).expect("the binary starts");
        drop(pair.slave);
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
            writer,
            output,
            parser: vt100::Parser::new(
                NonZeroU16::new(ROWS).expect("rows"),
                NonZeroU16::new(COLS).expect("columns"),
                0,
            ),
        }
    }

    fn screen(&self) -> String {
        self.parser.screen().contents()
    }

    /// Feeds output to the terminal emulator until `want` is on the screen.
    fn wait_for(&mut self, want: &str) {
        let deadline = Instant::now() + PATIENCE;
        while !self.screen().contains(want) {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.output.recv_timeout(left) {
                Ok(bytes) => self.parser.process(&bytes),
                Err(_) => panic!("{want:?} never appeared; the screen:\n{}", self.screen()),
            }
        }
    }

    fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).expect("keys sent");
        self.writer.flush().expect("keys flushed");
    }

    /// Waits for the exit, drains the output, and checks the terminal was given back.
    fn finish(mut self) {
        let status = self.child.wait().expect("the binary exits");
        assert!(status.success(), "exit status {status:?}");
        drop(self.writer);
        let deadline = Instant::now() + PATIENCE;
        while let Ok(bytes) = self
            .output
            .recv_timeout(deadline.saturating_duration_since(Instant::now()))
        {
            self.parser.process(&bytes);
        }
        assert!(
            !self.parser.screen().alternate_screen(),
            "the alternate screen was not left"
        );
    }
}

#[test]
fn sign_in_resume_and_sign_out_in_a_real_terminal() {
    let dir = tempfile::tempdir().expect("temp dir");

    let mut tui = Tui::start(dir.path());
    tui.wait_for("Local demo pool");
    tui.wait_for("Password");
    tui.send("alice\tAlice-Demo-2024!\r");
    tui.wait_for("Signed in as alice");
    tui.wait_for("admins, developers");
    tui.send("q");
    tui.finish();

    let mut tui = Tui::start(dir.path());
    tui.wait_for("Signed in as alice");
    tui.send("s");
    tui.wait_for("Signed out alice");
    tui.send("\x03");
    tui.finish();
}
