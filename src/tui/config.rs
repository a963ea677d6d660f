//! The user's `tui.toml` (in the config dir): keys and colours layered over the defaults.
//!
//! ```toml
//! [keys]                 # command = key or list of keys; replaces that command's default keys
//! sign_out = "ctrl+q"
//! help = ["?", "f1"]
//! [theme]                # slot = colour: a name ("light red"), "#ff8800", "indexed 208", "reset"
//! accent = "magenta"
//! ```
//!
//! A key is `[ctrl+][alt+][shift+]name`, the name a character or one of enter, esc, tab,
//! backtab, backspace, delete, insert, home, end, pageup, pagedown, up, down, left, right,
//! space, f1…f12. A plain character never works on a screen with text fields (it is typed
//! there). A bad file never stops the TUI: the defaults are used and the problem is shown.

use std::path::{Path, PathBuf};

use crossterm::event::{KeyCode, KeyModifiers};
use ratatui::style::Color;
use toml_edit::{Document, Item, Value};

use super::keymap::{Command, Keymap};
use super::theme::Palette;
use crate::store::StorePaths;

/// The file's name in the config dir.
pub const CONFIG_FILE: &str = "tui.toml";

/// The example shipped in `assets/`: every command and colour slot with its default.
pub const EXAMPLE: &str = include_str!("../../assets/tui.example.toml");

/// The keys and colours to run with.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TuiConfig {
    pub keymap: Keymap,
    pub palette: Palette,
}

/// What is wrong with the file, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub line: Option<usize>,
    pub message: String,
}

/// `<config dir>/tui.toml`.
pub fn path(paths: &StorePaths) -> PathBuf {
    paths.config_dir.join(CONFIG_FILE)
}

/// Reads the user's file: the defaults when there is none, and the defaults with a message
/// naming the file, line and problem when it cannot be used.
pub fn load(paths: &StorePaths) -> (TuiConfig, Option<String>) {
    load_file(&path(paths))
}

/// As `load`, from a given file.
pub fn load_file(file: &Path) -> (TuiConfig, Option<String>) {
    let text = match std::fs::read_to_string(file) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return (TuiConfig::default(), None),
        Err(e) => {
            let problem = format!(
                "{} is not readable ({e}); using the default keys and colours.",
                file.display()
            );
            return (TuiConfig::default(), Some(problem));
        }
    };
    match parse(&text) {
        Ok(config) => (config, None),
        Err(error) => {
            let place = match error.line {
                Some(line) => format!("{}: line {line}", file.display()),
                None => file.display().to_string(),
            };
            let problem = format!(
                "{place}: {}; using the default keys and colours.",
                error.message
            );
            (TuiConfig::default(), Some(problem))
        }
    }
}

/// Parses a `tui.toml` text over the defaults.
pub fn parse(text: &str) -> Result<TuiConfig, ConfigError> {
    let doc = Document::parse(text).map_err(|e| ConfigError {
        line: e.span().map(|span| line_of(text, span.start)),
        message: e
            .message()
            .lines()
            .next()
            .unwrap_or("not valid TOML")
            .to_string(),
    })?;
    let at = |item: &Item, message: String| ConfigError {
        line: item.span().map(|span| line_of(text, span.start)),
        message,
    };
    let mut config = TuiConfig::default();
    let mut rebound: Vec<(Command, Option<usize>)> = Vec::new();
    for (name, item) in doc.as_table().iter() {
        match name {
            "keys" => {
                let table = item
                    .as_table_like()
                    .ok_or_else(|| at(item, "[keys] must be a table".into()))?;
                for (command_name, value) in table.iter() {
                    let command = command_named(&config.keymap, command_name).ok_or_else(|| {
                        at(value, format!("unknown command {command_name:?} in [keys]"))
                    })?;
                    let keys = key_list(value)
                        .map_err(|problem| at(value, format!("{command_name}: {problem}")))?;
                    config
                        .keymap
                        .rebind(command, &keys)
                        .map_err(|problem| at(value, problem))?;
                    rebound.push((command, value.span().map(|s| line_of(text, s.start))));
                }
            }
            "theme" => {
                let table = item
                    .as_table_like()
                    .ok_or_else(|| at(item, "[theme] must be a table".into()))?;
                for (slot, value) in table.iter() {
                    let colour = value
                        .as_str()
                        .ok_or_else(|| at(value, format!("{slot}: a colour is a string")))?;
                    let colour = parse_color(colour)
                        .map_err(|problem| at(value, format!("{slot}: {problem}")))?;
                    let target = config.palette.slot_mut(slot).ok_or_else(|| {
                        let known = Palette::SLOTS.join(", ");
                        at(
                            value,
                            format!("unknown colour slot {slot:?} in [theme] (known: {known})"),
                        )
                    })?;
                    *target = colour;
                }
            }
            other => {
                return Err(at(
                    item,
                    format!("unknown section {other:?} (expected [keys] or [theme])"),
                ));
            }
        }
    }
    if let Some((key, a, b, place)) = config.keymap.conflict() {
        let line = rebound
            .iter()
            .rev()
            .find(|(c, _)| *c == a || *c == b)
            .and_then(|(_, line)| *line);
        return Err(ConfigError {
            line,
            message: format!(
                "{key} is bound to both {} and {} on {place}",
                a.name(),
                b.name()
            ),
        });
    }
    Ok(config)
}

/// The command called `name`: every bindable command has a default key.
/// The bound command called `name` (or by a name it had before: `edit_profile`).
fn command_named(keymap: &Keymap, name: &str) -> Option<Command> {
    let command: Command = serde_json::from_value(serde_json::Value::from(name)).ok()?;
    keymap
        .bindings()
        .iter()
        .any(|b| b.command == command)
        .then_some(command)
}

fn key_list(item: &Item) -> Result<Vec<(KeyCode, KeyModifiers)>, String> {
    let value = item
        .as_value()
        .ok_or_else(|| "give a key or a list of keys".to_string())?;
    let texts: Vec<&str> = match value {
        Value::String(s) => vec![s.value().as_str()],
        Value::Array(list) => list
            .iter()
            .map(|v| {
                v.as_str()
                    .ok_or_else(|| "every key is a string".to_string())
            })
            .collect::<Result<_, _>>()?,
        _ => return Err("give a key or a list of keys".into()),
    };
    let mut keys = Vec::new();
    for text in texts {
        let key = parse_key(text)?;
        if !keys.contains(&key) {
            keys.push(key);
        }
    }
    Ok(keys)
}

/// Parses `ctrl+q`, `shift+tab`, `f1`, `?`, `enter`.
pub fn parse_key(text: &str) -> Result<(KeyCode, KeyModifiers), String> {
    let bad = || format!("{text:?} is not a key (try \"ctrl+q\", \"f1\", \"?\", \"enter\")");
    let (mods, name) = if text == "+" {
        ("", "+")
    } else if let Some(mods) = text.strip_suffix("++") {
        (mods, "+")
    } else {
        match text.rsplit_once('+') {
            Some((mods, name)) => (mods, name),
            None => ("", text),
        }
    };
    let mut modifiers = KeyModifiers::NONE;
    for m in mods.split('+').filter(|m| !m.is_empty()) {
        modifiers |= match m.trim().to_ascii_lowercase().as_str() {
            "ctrl" | "control" => KeyModifiers::CONTROL,
            "alt" => KeyModifiers::ALT,
            "shift" => KeyModifiers::SHIFT,
            _ => return Err(bad()),
        };
    }
    let mut chars = name.chars();
    let code = match (chars.next(), chars.next()) {
        (Some(c), None) if !c.is_control() => KeyCode::Char(c),
        _ => match name.to_ascii_lowercase().as_str() {
            "enter" | "return" => KeyCode::Enter,
            "esc" | "escape" => KeyCode::Esc,
            "tab" if modifiers.contains(KeyModifiers::SHIFT) => KeyCode::BackTab,
            "tab" => KeyCode::Tab,
            "backtab" => {
                modifiers |= KeyModifiers::SHIFT;
                KeyCode::BackTab
            }
            "backspace" => KeyCode::Backspace,
            "delete" | "del" => KeyCode::Delete,
            "insert" | "ins" => KeyCode::Insert,
            "home" => KeyCode::Home,
            "end" => KeyCode::End,
            "pageup" | "pgup" => KeyCode::PageUp,
            "pagedown" | "pgdn" => KeyCode::PageDown,
            "up" => KeyCode::Up,
            "down" => KeyCode::Down,
            "left" => KeyCode::Left,
            "right" => KeyCode::Right,
            "space" => KeyCode::Char(' '),
            f if f.starts_with('f') => match f[1..].parse::<u8>() {
                Ok(n @ 1..=24) => KeyCode::F(n),
                _ => return Err(bad()),
            },
            _ => return Err(bad()),
        },
    };
    // Terminals send Ctrl-letters in lower case and Shift-letters as the capital.
    let code = match code {
        KeyCode::Char(c) if modifiers.contains(KeyModifiers::CONTROL) => {
            KeyCode::Char(c.to_ascii_lowercase())
        }
        KeyCode::Char(c) if modifiers.contains(KeyModifiers::SHIFT) => {
            modifiers -= KeyModifiers::SHIFT;
            KeyCode::Char(c.to_ascii_uppercase())
        }
        other => other,
    };
    Ok((code, modifiers))
}

/// How `parse_key` spells a key, for the example file.
pub fn key_spec(code: KeyCode, modifiers: KeyModifiers) -> String {
    let mut out = String::new();
    if modifiers.contains(KeyModifiers::CONTROL) {
        out.push_str("ctrl+");
    }
    if modifiers.contains(KeyModifiers::ALT) {
        out.push_str("alt+");
    }
    let name = match code {
        KeyCode::BackTab => return format!("{out}shift+tab"),
        KeyCode::Char(' ') => "space".to_string(),
        KeyCode::Char(c) => c.to_string(),
        KeyCode::F(n) => format!("f{n}"),
        KeyCode::PageUp => "pageup".into(),
        KeyCode::PageDown => "pagedown".into(),
        other => format!("{other:?}").to_ascii_lowercase(),
    };
    out + &name
}

/// A colour: a name (`"light red"`, `"dark gray"`), `"#rrggbb"`, `"indexed N"` or `"reset"`.
pub fn parse_color(text: &str) -> Result<Color, String> {
    let trimmed = text.trim();
    let spec = trimmed.strip_prefix("indexed ").unwrap_or(trimmed).trim();
    spec.parse::<Color>().map_err(|_| {
        format!(
            "{text:?} is not a colour (try \"red\", \"light blue\", \"#ff8800\", \"indexed 208\")"
        )
    })
}

fn line_of(text: &str, offset: usize) -> usize {
    let end = offset.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        + 1
}
