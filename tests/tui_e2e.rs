//! The real binary in a pseudo-terminal against its embedded local pool: the first start opens
//! the demo pool's sign-in, alice signs in, the next start resumes her session, she signs out,
//! and each exit leaves the terminal restored. Waits are on screen contents (with a generous
//! timeout against hangs), never on sleeps.

#![cfg(unix)]

mod pty;

use pty::Tui;

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
