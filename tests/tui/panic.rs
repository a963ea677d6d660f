//! A panic inside the real TUI binary (the test-only COGNITO_TUI_TEST_PANIC trigger): the
//! terminal is restored — alternate screen left, cursor shown, mouse reporting off, raw mode
//! off — the message is printed on the normal screen, and the panic is in the log file.

#![cfg(unix)]

use crate::pty::Tui;

#[test]
fn a_panic_restores_the_terminal_and_is_logged() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut tui = Tui::start_with_env(dir.path(), &[(cognito_tui::tui::PANIC_FOR_TESTS_ENV, "1")]);
    let (printed, cooked) = tui.finish_failed();
    let screen = tui.terminal();
    assert!(!screen.alternate_screen(), "the alternate screen was left");
    assert!(!screen.hide_cursor(), "the cursor is shown again");
    assert_eq!(screen.mouse_protocol_mode(), vt100::MouseProtocolMode::None);
    assert!(cooked, "raw mode is off (canonical input with echo)");
    assert!(
        printed.contains("a deliberate panic after the first frame"),
        "{printed}"
    );
    let log = std::fs::read_to_string(dir.path().join("data/cognito-tui.log")).expect("the log");
    assert!(log.contains("the TUI panicked"), "{log}");
    assert!(
        log.contains("a deliberate panic after the first frame"),
        "{log}"
    );
}
