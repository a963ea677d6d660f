//! The real binary in a pseudo-terminal against its embedded local pool: the first start opens
//! the demo pool's sign-in, alice signs in, the next start resumes her session, she signs out;
//! and the issue's whole walk-through, from registering to signing out. Each exit leaves the
//! terminal restored. Waits are on screen contents (with a generous timeout against hangs),
//! never on sleeps.

#![cfg(unix)]

use crate::pty;

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

/// Keys as a terminal sends them.
const DOWN: &str = "\x1b[B";
const ESC: &str = "\x1b";
const F4: &str = "\x1bOS";
const CTRL_R: &str = "\x12";
const CTRL_S: &str = "\x13";
const CTRL_C: &str = "\x03";
const BACKSPACE: &str = "\x7f";

/// Saves a profile with the script command, so start-up shows the picker.
fn save_profile(dir: &std::path::Path) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_cognito-tui"))
        .env("COGNITO_TUI_CONFIG_DIR", dir.join("config"))
        .env("COGNITO_TUI_DATA_DIR", dir.join("data"))
        .args([
            "profiles",
            "add",
            "staging",
            "--pool-id",
            "us-east-1_Staging01",
            "--client-id",
            "1234567890abcdefghijklmnop",
            "--endpoint-url",
            "http://127.0.0.1:9",
        ])
        .output()
        .expect("profiles add runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The code in the outbox screen's newest message ("Your confirmation code is 123456").
fn code_on_screen(screen: &str) -> String {
    let after = screen
        .split("code is ")
        .nth(1)
        .expect("a message with a code on the outbox screen");
    after.chars().take_while(char::is_ascii_digit).collect()
}

/// The issue's walk-through, as a person would do it: register, read the code on the outbox
/// screen, confirm, sign in, change given_name, see the token inspector's ✓, sign out, and find
/// the profile picker (not the account) on the next start.
#[test]
fn register_confirm_from_the_outbox_edit_inspect_sign_out_and_start_again() {
    let dir = tempfile::tempdir().expect("temp dir");
    save_profile(dir.path());

    let mut tui = Tui::start(dir.path());
    tui.wait_for("Choose a profile");
    tui.wait_for("Local demo pool");
    tui.send(DOWN);
    tui.send("\r");
    tui.wait_for("Password");
    tui.send(CTRL_R);
    tui.wait_for("Create an account");
    tui.send("zoe\tZoe-Demo-2024!\tzoe@example.com\tZoe\tQuinn\r");
    tui.wait_for("Confirm your account");

    tui.send(F4);
    tui.wait_for("Outbox of the local pool");
    tui.wait_for("code is ");
    let code = code_on_screen(&tui.screen());
    assert_eq!(code.len(), 6, "a six-digit code: {code:?}");
    tui.send("\r");
    tui.wait_for("Confirm your account");
    assert!(tui.screen().contains(&code), "the code is filled in");
    tui.send("\r");
    tui.wait_for("Account confirmed");

    tui.send("Zoe-Demo-2024!\r");
    tui.wait_for("Signed in as zoe");
    tui.wait_for("zoe@example.com");

    tui.send("e");
    tui.wait_for("Profile of zoe");
    tui.wait_for("given_name");
    // The rows are sorted: email, email_verified, family_name, given_name, sub.
    tui.send(&DOWN.repeat(3));
    tui.send("\r");
    tui.wait_for("Editing given_name");
    tui.send(&BACKSPACE.repeat(3));
    tui.send("Zoey\r");
    tui.wait_for("changed");
    tui.send(CTRL_S);
    tui.wait_for("The profile is saved");
    tui.wait_for("Zoey");
    tui.send(ESC);
    tui.wait_for("Signed in as zoe");

    tui.send("t");
    tui.wait_for("Tokens of zoe");
    tui.wait_for("✓ signature valid");
    tui.send(ESC);
    tui.wait_for("Signed in as zoe");

    tui.send("s");
    tui.wait_for("Sign out?");
    tui.send("y");
    tui.wait_for("Signed out zoe");
    tui.send(CTRL_C);
    tui.finish();

    let mut tui = Tui::start(dir.path());
    tui.wait_for("Choose a profile");
    tui.wait_for("Local demo pool");
    assert!(!tui.screen().contains("Signed in"));
    tui.send(CTRL_C);
    tui.finish();
}
