//! The keymap as data: one table of bindings from which key handling, the footer hints and the
//! `?` help overlay are all derived, so the help can never drift from the real keys.

use std::borrow::Cow;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

mod commands;
mod defaults;
mod labels;

pub use commands::{Command, Context};
pub use defaults::DEFAULT_BINDINGS;
pub use labels::key_label;

use commands::short;

/// One key bound to a command in some contexts (every context when `contexts` is empty). A
/// plain character never applies on a form: there it is typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Binding {
    pub code: KeyCode,
    pub modifiers: KeyModifiers,
    pub command: Command,
    /// Borrowed for the defaults; owned for keys rebound from the user's `tui.toml`.
    pub contexts: Cow<'static, [Context]>,
    /// Shown in the footer (the help overlay shows every binding).
    pub footer: bool,
}

/// A keymap: the default table, with the user's overrides (`tui::config`) applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keymap {
    bindings: Vec<Binding>,
    /// Commands that do not apply right now (their keys do nothing and are not shown).
    disabled: Vec<Command>,
}

impl Default for Keymap {
    fn default() -> Self {
        Self {
            bindings: DEFAULT_BINDINGS.to_vec(),
            disabled: Vec::new(),
        }
    }
}

impl Keymap {
    /// The command `key` means in `context`, if any.
    pub fn lookup(&self, context: Context, key: &KeyEvent) -> Option<Command> {
        // Terminals report Shift with upper-case letters and BackTab inconsistently: compare
        // modifiers without Shift for characters, with it only where the table asks.
        let mods = match key.code {
            KeyCode::Char(_) => key.modifiers - KeyModifiers::SHIFT,
            _ => key.modifiers,
        };
        self.applicable(context)
            .find(|b| b.code == key.code && (b.modifiers == mods || b.code == KeyCode::BackTab))
            .map(|b| b.command)
    }

    /// The bindings that apply in `context`, in table order.
    pub fn applicable(&self, context: Context) -> impl Iterator<Item = &Binding> {
        self.bindings
            .iter()
            .filter(move |b| b.applies(context))
            .filter(|b| !self.disabled.contains(&b.command))
    }

    /// Every binding, in table order.
    pub fn bindings(&self) -> &[Binding] {
        &self.bindings
    }

    /// Turns a command's keys on or off (the outbox exists only with the in-process pool).
    pub fn set_enabled(&mut self, command: Command, enabled: bool) {
        self.disabled.retain(|c| *c != command);
        if !enabled {
            self.disabled.push(command);
        }
    }

    /// The footer's hints in table order; commands sharing a word share a hint (`↑/↓ move`).
    pub fn hints(&self, context: Context) -> Vec<(String, &'static str)> {
        self.footer_hints(context)
            .into_iter()
            .map(|hint| {
                let keys: Vec<&str> = hint.keys.iter().map(|(k, _)| k.as_str()).collect();
                (keys.join("/"), hint.what)
            })
            .collect()
    }

    /// The footer's hints with the command of each key, for drawing and for clicks.
    pub fn footer_hints(&self, context: Context) -> Vec<Hint> {
        let mut seen = Vec::new();
        let mut out: Vec<Hint> = Vec::new();
        for b in self.applicable(context).filter(|b| b.footer) {
            if seen.contains(&b.command) {
                continue;
            }
            seen.push(b.command);
            let key = (key_label(b.code, b.modifiers), b.command);
            match out.iter_mut().find(|hint| hint.what == short(b.command)) {
                Some(hint) => hint.keys.push(key),
                None => out.push(Hint {
                    keys: vec![key],
                    what: short(b.command),
                }),
            }
        }
        out
    }

    /// The keys bound to `command`, in table order, each once.
    pub fn keys_of(&self, command: Command) -> Vec<(KeyCode, KeyModifiers)> {
        let mut keys = Vec::new();
        for b in self.bindings.iter().filter(|b| b.command == command) {
            if !keys.contains(&(b.code, b.modifiers)) {
                keys.push((b.code, b.modifiers));
            }
        }
        keys
    }

    /// Replaces the keys of `command` with `keys`, in every context the command had (a plain
    /// character only where no text field takes it). Keys equal to the current ones change
    /// nothing. Conflicts are found afterwards by `conflict`.
    pub fn rebind(
        &mut self,
        command: Command,
        keys: &[(KeyCode, KeyModifiers)],
    ) -> Result<(), String> {
        let name = command.name();
        let Some(first) = self.bindings.iter().position(|b| b.command == command) else {
            return Err(format!("{name} has no keys to replace"));
        };
        if keys.is_empty() {
            return Err(format!("{name} needs at least one key"));
        }
        if self.keys_of(command) == keys {
            return Ok(());
        }
        let old: Vec<&Binding> = self
            .bindings
            .iter()
            .filter(|b| b.command == command)
            .collect();
        let footer = old.iter().any(|b| b.footer);
        let contexts: Cow<'static, [Context]> = if old.iter().any(|b| b.contexts.is_empty()) {
            Cow::Borrowed(&[])
        } else {
            let mut union: Vec<Context> = Vec::new();
            for c in old.iter().flat_map(|b| b.contexts.iter()) {
                if !union.contains(c) {
                    union.push(*c);
                }
            }
            Cow::Owned(union)
        };
        let fresh: Vec<Binding> = keys
            .iter()
            .map(|&(code, modifiers)| Binding {
                code,
                modifiers,
                command,
                contexts: contexts.clone(),
                footer,
            })
            .collect();
        for b in &fresh {
            let only_forms = !b.contexts.is_empty() && b.contexts.iter().all(|c| c.is_form());
            if b.is_typed_char() && only_forms {
                return Err(format!(
                    "{} would be typed into the text fields {name} is used in; choose a key with ctrl or alt, or a special key",
                    key_label(b.code, b.modifiers)
                ));
            }
        }
        self.bindings.retain(|b| b.command != command);
        let at = first.min(self.bindings.len());
        self.bindings.splice(at..at, fresh);
        Ok(())
    }

    /// The first key bound to two commands on one screen: (key, one, other, where).
    pub fn conflict(&self) -> Option<(String, Command, Command, String)> {
        for (i, a) in self.bindings.iter().enumerate() {
            for b in &self.bindings[i + 1..] {
                let same_key =
                    a.code == b.code && (a.modifiers == b.modifiers || a.code == KeyCode::BackTab);
                if !same_key || a.command == b.command {
                    continue;
                }
                let place = match (a.contexts.is_empty(), b.contexts.is_empty()) {
                    (true, true) => Some("every screen".to_string()),
                    (true, false) => b.contexts.iter().find(|c| b.applies(**c)).map(|c| c.name()),
                    (false, _) => a
                        .contexts
                        .iter()
                        .find(|c| a.applies(**c) && b.applies(**c))
                        .map(|c| c.name()),
                };
                if let Some(place) = place {
                    let key = key_label(a.code, a.modifiers);
                    return Some((key, a.command, b.command, place));
                }
            }
        }
        None
    }

    /// The first key bound to `command` in `context`, as written in hints.
    pub fn key_for(&self, context: Context, command: Command) -> Option<String> {
        self.applicable(context)
            .find(|b| b.command == command)
            .map(|b| key_label(b.code, b.modifiers))
    }

    /// Every binding of `context` with its description, keys of one command joined.
    pub fn help(&self, context: Context) -> Vec<(String, &'static str)> {
        self.commands_with_keys(context)
            .into_iter()
            .map(|(c, keys)| (keys, c.describe()))
            .collect()
    }

    /// Each command of `context` once, in table order, with all its keys (`↓, j`).
    pub fn commands_with_keys(&self, context: Context) -> Vec<(Command, String)> {
        let mut out: Vec<(Command, String)> = Vec::new();
        for b in self.applicable(context) {
            let label = key_label(b.code, b.modifiers);
            match out.iter_mut().find(|(c, _)| *c == b.command) {
                Some((_, keys)) => {
                    keys.push_str(", ");
                    keys.push_str(&label);
                }
                None => out.push((b.command, label)),
            }
        }
        out
    }
}

/// One footer hint: its keys (each with its command, so a click on `↓` moves down) and word.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hint {
    pub keys: Vec<(String, Command)>,
    pub what: &'static str,
}

impl Binding {
    /// A character without Ctrl or Alt: text on a form.
    pub fn is_typed_char(&self) -> bool {
        matches!(self.code, KeyCode::Char(_))
            && !self
                .modifiers
                .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
    }

    pub fn applies(&self, context: Context) -> bool {
        let listed = self.contexts.is_empty() || self.contexts.contains(&context);
        listed && !(context.is_form() && self.is_typed_char())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NONE: KeyModifiers = KeyModifiers::NONE;
    const CTRL: KeyModifiers = KeyModifiers::CONTROL;

    fn key(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, modifiers)
    }

    #[test]
    fn letters_are_typed_in_forms_and_commands_elsewhere() {
        let map = Keymap::default();
        let q = key(KeyCode::Char('q'), NONE);
        assert_eq!(map.lookup(Context::SignIn, &q), None);
        assert_eq!(map.lookup(Context::Picker, &q), Some(Command::Quit));
        let ctrl_c = key(KeyCode::Char('c'), CTRL);
        assert_eq!(map.lookup(Context::SignIn, &ctrl_c), Some(Command::Quit));
        let ctrl_r = key(KeyCode::Char('r'), CTRL);
        assert_eq!(
            map.lookup(Context::SignIn, &ctrl_r),
            Some(Command::Register)
        );
        assert_eq!(
            map.lookup(Context::Confirm, &ctrl_r),
            Some(Command::ResendCode)
        );
    }

    #[test]
    fn footer_and_help_come_from_the_same_table() {
        let map = Keymap::default();
        let hints = map.hints(Context::SignIn);
        assert!(hints.contains(&("F2".to_string(), "show/hide")));
        assert_eq!(
            map.key_for(Context::SignIn, Command::Register).as_deref(),
            Some("Ctrl-R")
        );
        let help = map.help(Context::Picker);
        assert!(help.contains(&("↑, k".to_string(), "Move up")));
        for (keys, _) in map.hints(Context::Home) {
            assert!(
                map.help(Context::Home)
                    .iter()
                    .any(|(k, _)| k.contains(&keys))
            );
        }
    }

    #[test]
    fn the_defaults_have_no_conflicts_and_rebinding_replaces_keys() {
        let mut map = Keymap::default();
        assert_eq!(map.conflict(), None);
        let same = map.keys_of(Command::Help);
        assert_eq!(map.rebind(Command::Help, &same), Ok(()));
        assert_eq!(map, Keymap::default());
        assert_eq!(
            map.rebind(Command::SignOut, &[(KeyCode::Char('x'), NONE)]),
            Ok(())
        );
        let x = key(KeyCode::Char('x'), NONE);
        assert_eq!(map.lookup(Context::Home, &x), Some(Command::SignOut));
        assert_eq!(
            map.lookup(Context::Home, &key(KeyCode::Char('s'), NONE)),
            None
        );
        assert!(
            map.hints(Context::Home)
                .contains(&("x".to_string(), "sign out"))
        );
        assert_eq!(
            map.rebind(Command::SignOut, &[(KeyCode::Char('r'), NONE)]),
            Ok(())
        );
        assert_eq!(
            map.conflict().map(|(_, a, b, place)| (a, b, place)),
            Some((Command::Refresh, Command::SignOut, "home".to_string()))
        );
        assert!(
            map.rebind(Command::Submit, &[(KeyCode::Char('x'), NONE)])
                .is_err()
        );
    }

    #[test]
    fn commands_serialize_in_snake_case() {
        let text = serde_json::to_string(&Command::ToggleSecret).unwrap_or_default();
        assert_eq!(text, "\"toggle_secret\"");
    }
}
