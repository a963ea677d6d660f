//! `tui.toml`: keys and colours over the defaults; the example file is the defaults; a bad file
//! falls back to the defaults and says where and what.

use crate::support;

use cognito_tui::tui::app::Screen;
use cognito_tui::tui::config::{self, EXAMPLE, TuiConfig, key_spec, parse, parse_key};
use cognito_tui::tui::keymap::{Command, Context, Keymap};
use cognito_tui::tui::msg::Msg;
use cognito_tui::tui::theme::{Palette, Theme};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::style::Color;
use support::*;

fn problem(text: &str) -> (Option<usize>, String) {
    match parse(text) {
        Ok(_) => panic!("accepted: {text}"),
        Err(e) => (e.line, e.message),
    }
}

#[test]
fn the_example_file_lists_every_command_and_slot_and_equals_the_defaults() {
    let parsed = parse(EXAMPLE).expect("the example parses");
    assert_eq!(parsed, TuiConfig::default());
    let doc: toml::Table = toml::from_str(EXAMPLE).expect("TOML");
    let keys = doc["keys"].as_table().expect("[keys]");
    let defaults = Keymap::default();
    for binding in defaults.bindings() {
        let name = binding.command.name();
        let listed = keys
            .get(&name)
            .unwrap_or_else(|| panic!("{name} is missing from the example"));
        let listed: Vec<String> = match listed {
            toml::Value::String(s) => vec![s.clone()],
            toml::Value::Array(a) => a
                .iter()
                .filter_map(|v| v.as_str())
                .map(String::from)
                .collect(),
            other => panic!("{name}: {other:?}"),
        };
        let default: Vec<String> = defaults
            .keys_of(binding.command)
            .into_iter()
            .map(|(code, mods)| key_spec(code, mods))
            .collect();
        assert_eq!(listed, default, "{name}");
    }
    let theme = doc["theme"].as_table().expect("[theme]");
    for slot in Palette::SLOTS {
        assert!(
            theme.contains_key(slot),
            "{slot} is missing from the example"
        );
    }
}

#[test]
fn overridden_keys_replace_the_defaults_in_the_footer_help_and_lookup() {
    let config = parse("[keys]\nsign_out = \"ctrl+q\"\nhelp = [\"h\", \"f1\"]\n").expect("parses");
    let map = &config.keymap;
    let ctrl_q = KeyEvent::new(KeyCode::Char('q'), KeyModifiers::CONTROL);
    assert_eq!(map.lookup(Context::Home, &ctrl_q), Some(Command::SignOut));
    let s = KeyEvent::new(KeyCode::Char('s'), KeyModifiers::NONE);
    assert_eq!(map.lookup(Context::Home, &s), None);
    // F1 now opens help everywhere help was; `h` only where no text field takes it.
    let f1 = KeyEvent::new(KeyCode::F(1), KeyModifiers::NONE);
    assert_eq!(map.lookup(Context::Picker, &f1), Some(Command::Help));
    let h = KeyEvent::new(KeyCode::Char('h'), KeyModifiers::NONE);
    assert_eq!(map.lookup(Context::SignIn, &h), None);
    assert!(map.help(Context::Home).contains(&(
        "Ctrl-Q".to_string(),
        "Sign out (and revoke the refresh token)"
    )));

    let mut app = signed_out_app(Some("alice"));
    app.configure(config, None);
    app.update(Msg::SignIn(Ok(cognito_tui::tui::msg::SignInResult::Home(
        Box::new(home_data()),
        None,
    ))));
    assert!(matches!(app.screen(), Screen::Home(_)));
    let text = screen(&app, 80, 24);
    let footer = text.lines().nth(23).unwrap_or_default();
    assert!(footer.contains("Ctrl-Q sign out"), "{footer}");
    assert!(footer.contains("h help"), "{footer}");
}

#[test]
fn keys_are_written_as_people_write_them() {
    let cases = [
        ("ctrl+q", (KeyCode::Char('q'), KeyModifiers::CONTROL)),
        ("Ctrl+Q", (KeyCode::Char('q'), KeyModifiers::CONTROL)),
        ("shift+tab", (KeyCode::BackTab, KeyModifiers::SHIFT)),
        ("f1", (KeyCode::F(1), KeyModifiers::NONE)),
        ("?", (KeyCode::Char('?'), KeyModifiers::NONE)),
        ("+", (KeyCode::Char('+'), KeyModifiers::NONE)),
        ("alt++", (KeyCode::Char('+'), KeyModifiers::ALT)),
        ("space", (KeyCode::Char(' '), KeyModifiers::NONE)),
        ("PageDown", (KeyCode::PageDown, KeyModifiers::NONE)),
        ("shift+x", (KeyCode::Char('X'), KeyModifiers::NONE)),
    ];
    for (text, key) in cases {
        assert_eq!(parse_key(text), Ok(key), "{text}");
    }
    for bad in ["", "ctrl+", "hyper+x", "f99", "enterr"] {
        assert!(parse_key(bad).is_err(), "{bad:?}");
    }
}

#[test]
fn colours_are_overridable_and_no_color_still_wins() {
    let config = parse("[theme]\naccent = \"magenta\"\nerror = \"light red\"\nkey = \"#ff8800\"\nmuted = \"indexed 208\"\nborder = \"reset\"\n")
        .expect("parses");
    let p = config.palette;
    assert_eq!(p.accent, Color::Magenta);
    assert_eq!(p.error, Color::LightRed);
    assert_eq!(p.key, Color::Rgb(0xff, 0x88, 0x00));
    assert_eq!(p.muted, Color::Indexed(208));
    assert_eq!(p.border, Color::Reset);
    assert_eq!(
        Theme::colored().with_palette(p).error().fg,
        Some(Color::LightRed)
    );

    let mut app = signed_out_app(None);
    app.configure(config, None);
    assert_eq!(
        app.theme.error().fg,
        None,
        "the test app runs without colour"
    );
    assert_eq!(app.theme.palette().accent, Color::Magenta);
}

#[test]
fn every_kind_of_mistake_is_named_with_its_line() {
    assert_eq!(problem("[keys]\nquit = \"q\"\nsign_out = [\n").0, Some(3));
    let (line, message) = problem("[keys]\nquit = \"q\"\nteleport = \"t\"\n");
    assert_eq!(line, Some(3));
    assert!(
        message.contains("unknown command \"teleport\""),
        "{message}"
    );
    let (line, message) = problem("\n[keys]\nquit = \"ctrl+hyper+q\"\n");
    assert_eq!(line, Some(3));
    assert!(message.contains("not a key"), "{message}");
    let (line, message) = problem("[theme]\n\naccent = \"chartreuse-ish\"\n");
    assert_eq!(line, Some(3));
    assert!(message.contains("not a colour"), "{message}");
    let (_, message) = problem("[theme]\nsparkle = \"red\"\n");
    assert!(message.contains("unknown colour slot"), "{message}");
    let (line, message) = problem("[keys]\nhelp = \"f1\"\nsign_out = \"r\"\n");
    assert_eq!(line, Some(3));
    assert!(
        message.contains("r is bound to both refresh and sign_out on home"),
        "{message}"
    );
    let (_, message) = problem("[keys]\nsubmit = \"x\"\n");
    assert!(message.contains("typed into the text fields"), "{message}");
    let (_, message) = problem("[keys]\nquit = []\n");
    assert!(message.contains("at least one key"), "{message}");
    let (line, message) = problem("[colours]\nred = 1\n");
    assert_eq!(line, Some(1));
    assert!(message.contains("unknown section"), "{message}");
}

#[test]
fn a_bad_file_never_blocks_start_up_the_defaults_are_used_and_a_toast_says_why() {
    let dir = tempfile::tempdir().expect("temp dir");
    let paths = cognito_tui::store::StorePaths::new(dir.path(), dir.path());
    let (config, problem) = config::load(&paths);
    assert_eq!((config, problem), (TuiConfig::default(), None));

    let file = config::path(&paths);
    std::fs::write(
        &file,
        "[keys]\nsign_out = \"ctrl+q\"\nrefresh = \"nope+r\"\n",
    )
    .expect("write");
    let (config, problem) = config::load(&paths);
    assert_eq!(config, TuiConfig::default());
    let problem = problem.expect("a problem");
    assert!(
        problem.contains(&format!("{}: line 3", file.display())),
        "{problem}"
    );
    assert!(
        problem.contains("using the default keys and colours"),
        "{problem}"
    );

    std::fs::write(&file, [0xff, 0xfe, 0x00]).expect("write");
    let (config, problem) = config::load(&paths);
    assert_eq!(config, TuiConfig::default());
    assert!(problem.is_some());

    let mut app = signed_out_app(None);
    app.configure(TuiConfig::default(), Some("tui.toml: line 3: oops".into()));
    let text = screen(&app, 80, 24);
    assert!(text.contains("tui.toml: line 3: oops"), "{text}");
}

#[test]
fn a_file_from_before_the_attribute_editor_was_renamed_still_binds_its_key() {
    let config = parse("[keys]\nedit_profile = \"x\"\n").expect("the old name is accepted");
    let x = KeyEvent::new(KeyCode::Char('x'), KeyModifiers::NONE);
    assert_eq!(
        config.keymap.lookup(Context::Home, &x),
        Some(Command::EditAttributes)
    );
    let (_, message) = problem("[keys]\nedit_nothing = \"x\"\n");
    assert!(message.contains("unknown command"), "{message}");
}
