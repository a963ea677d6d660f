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
    tui.wait_for("Sign out?");
    tui.send("y");
    tui.wait_for("Signed out alice");
    tui.send("\x03");
    tui.finish();
}

/// The port the screen names in its outbox hint.
fn outbox_port(screen: &str) -> u16 {
    let after = screen
        .split("--port")
        .nth(1)
        .expect("an outbox hint on the screen");
    let digits: String = after
        .trim_start()
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().expect("a port number")
}

/// The newest code the local pool on `port` "sent" to `username`, read with the outbox command
/// the screen suggests.
fn code_from_outbox(port: u16, username: &str) -> String {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_cognito-tui"))
        .args([
            "local-pool",
            "outbox",
            "--json",
            "--port",
            &port.to_string(),
        ])
        .output()
        .expect("the outbox command runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let messages: Vec<serde_json::Value> =
        serde_json::from_slice(&out.stdout).expect("outbox JSON");
    messages
        .iter()
        .rev()
        .find(|m| m["username"] == username)
        .and_then(|m| m["code"].as_str())
        .expect("a code for the user")
        .to_string()
}

#[test]
fn register_read_the_code_from_the_outbox_confirm_and_sign_in() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut tui = Tui::start(dir.path());
    tui.wait_for("Password");
    tui.send("\x12"); // Ctrl-R: register
    tui.wait_for("Create an account");
    tui.send("zoe\tZoe-Demo-2024!\tzoe@example.com\tZoe\tQuinn\r");
    tui.wait_for("mails nothing");
    let port = outbox_port(&tui.screen());
    let code = code_from_outbox(port, "zoe");
    tui.send(&format!("{code}\r"));
    tui.wait_for("Account confirmed");
    tui.send("Zoe-Demo-2024!\r");
    tui.wait_for("Signed in as zoe");
    tui.wait_for("zoe@example.com");
    tui.send("q");
    tui.finish();
}
