//! The keymap as data: one table of bindings from which key handling, the footer hints and the
//! `?` help overlay are all derived, so the help can never drift from the real keys.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde::{Deserialize, Serialize};

/// What a user can bind a key to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Command {
    Quit,
    Help,
    Back,
    Up,
    Down,
    Select,
    NextField,
    PrevField,
    Submit,
    ToggleSecret,
    Register,
    ConfirmCode,
    ForgotPassword,
    ResendCode,
    Refresh,
    SignOut,
    InspectTokens,
    Outbox,
    NextTab,
    PrevTab,
    PageUp,
    PageDown,
    Copy,
    UseCode,
    Reload,
    RevealSecret,
    AddProfile,
    EditProfile,
    DeleteProfile,
    Yes,
    No,
}

impl Command {
    /// What the command does, for the help overlay.
    pub fn describe(self) -> &'static str {
        match self {
            Self::Quit => "Quit cognito-tui",
            Self::Help => "Show or hide this help",
            Self::Back => "Go back",
            Self::Up => "Move up",
            Self::Down => "Move down",
            Self::Select => "Open the selected profile",
            Self::NextField => "Next field",
            Self::PrevField => "Previous field",
            Self::Submit => "Submit the form",
            Self::ToggleSecret => "Show or hide the password",
            Self::Register => "Create an account",
            Self::ConfirmCode => "Enter a confirmation code",
            Self::ForgotPassword => "Reset a forgotten password",
            Self::ResendCode => "Send a code (again)",
            Self::Refresh => "Refresh the tokens now",
            Self::SignOut => "Sign out (and revoke the refresh token)",
            Self::InspectTokens => "Inspect the tokens",
            Self::Outbox => "Read the local pool's outbox (sent codes)",
            Self::NextTab => "Next token",
            Self::PrevTab => "Previous token",
            Self::PageUp => "Scroll up a page",
            Self::PageDown => "Scroll down a page",
            Self::Copy => "Copy to the clipboard (OSC 52)",
            Self::UseCode => "Use the selected code",
            Self::Reload => "Reload now",
            Self::RevealSecret => "Show or hide the secret text",
            Self::AddProfile => "Add a profile",
            Self::EditProfile => "Edit the selected profile",
            Self::DeleteProfile => "Delete the selected profile",
            Self::Yes => "Yes, do it",
            Self::No => "No, keep it",
        }
    }
}

/// Where a binding applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Context {
    Picker,
    SignIn,
    Register,
    Confirm,
    Forgot,
    Home,
    /// While a request is pending or start-up is under way.
    Loading,
    Tokens,
    Outbox,
    ProfileForm,
    /// The picker asking whether to delete a profile.
    PickerDelete,
}

impl Context {
    /// Screens with text fields: plain letters are typed, not commands.
    pub fn is_form(self) -> bool {
        matches!(
            self,
            Self::SignIn | Self::Register | Self::Confirm | Self::Forgot
        )
    }
}

/// One key bound to a command in some contexts (every context when `contexts` is empty).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Binding {
    pub code: KeyCode,
    pub modifiers: KeyModifiers,
    pub command: Command,
    pub contexts: &'static [Context],
    /// Shown in the footer (the help overlay shows every binding).
    pub footer: bool,
}

const NONE: KeyModifiers = KeyModifiers::NONE;
const CTRL: KeyModifiers = KeyModifiers::CONTROL;
const SHIFT: KeyModifiers = KeyModifiers::SHIFT;
const ALL: &[Context] = &[];
const LISTS: &[Context] = &[Context::Picker, Context::Home, Context::Loading];
const FORMS: &[Context] = &[
    Context::SignIn,
    Context::Register,
    Context::Confirm,
    Context::Forgot,
];
const SECRET_FORMS: &[Context] = &[Context::SignIn, Context::Register, Context::Forgot];
const CODE_FORMS: &[Context] = &[Context::Confirm, Context::Forgot];
const OUTBOX_FORMS: &[Context] = &[Context::SignIn, Context::Confirm, Context::Forgot];
/// Screens that show rather than edit: the token inspector and the outbox.
const VIEWERS: &[Context] = &[Context::Tokens, Context::Outbox];

const fn bind(
    code: KeyCode,
    modifiers: KeyModifiers,
    command: Command,
    contexts: &'static [Context],
    footer: bool,
) -> Binding {
    Binding {
        code,
        modifiers,
        command,
        contexts,
        footer,
    }
}

/// The default bindings, in the order the footer and help show them.
#[rustfmt::skip]
pub const DEFAULT_BINDINGS: &[Binding] = &[
    bind(KeyCode::Up,        NONE,  Command::Up,             &[Context::Picker],  true),
    bind(KeyCode::Char('k'), NONE,  Command::Up,             &[Context::Picker],  false),
    bind(KeyCode::Down,      NONE,  Command::Down,           &[Context::Picker],  true),
    bind(KeyCode::Char('j'), NONE,  Command::Down,           &[Context::Picker],  false),
    bind(KeyCode::Enter,     NONE,  Command::Select,         &[Context::Picker],  true),
    bind(KeyCode::Char('a'), NONE,  Command::AddProfile,     &[Context::Picker],  true),
    bind(KeyCode::Char('e'), NONE,  Command::EditProfile,    &[Context::Picker],  true),
    bind(KeyCode::Char('d'), NONE,  Command::DeleteProfile,  &[Context::Picker],  true),
    bind(KeyCode::Enter,     NONE,  Command::Submit,         FORMS,               true),
    bind(KeyCode::Tab,       NONE,  Command::NextField,      FORMS,               true),
    bind(KeyCode::Down,      NONE,  Command::NextField,      FORMS,               false),
    bind(KeyCode::BackTab,   SHIFT, Command::PrevField,      FORMS,               false),
    bind(KeyCode::Up,        NONE,  Command::PrevField,      FORMS,               false),
    bind(KeyCode::F(2),      NONE,  Command::ToggleSecret,   SECRET_FORMS,        true),
    bind(KeyCode::Char('r'), CTRL,  Command::Register,       &[Context::SignIn],  false),
    bind(KeyCode::Char('o'), CTRL,  Command::ConfirmCode,    &[Context::SignIn],  false),
    bind(KeyCode::Char('f'), CTRL,  Command::ForgotPassword, &[Context::SignIn],  false),
    bind(KeyCode::Char('r'), CTRL,  Command::ResendCode,     CODE_FORMS,          true),
    bind(KeyCode::F(4),      NONE,  Command::Outbox,         OUTBOX_FORMS,        true),
    bind(KeyCode::Char('r'), NONE,  Command::Refresh,        &[Context::Home],    true),
    bind(KeyCode::Char('s'), NONE,  Command::SignOut,        &[Context::Home],    true),
    bind(KeyCode::Char('t'), NONE,  Command::InspectTokens,  &[Context::Home],    true),
    bind(KeyCode::Char('o'), NONE,  Command::Outbox,         &[Context::Home],    true),
    bind(KeyCode::Esc,       NONE,  Command::Back,           FORMS,               true),
    bind(KeyCode::Char('?'), NONE,  Command::Help,           LISTS,               true),
    bind(KeyCode::F(1),      NONE,  Command::Help,           FORMS,               true),
    bind(KeyCode::Char('q'), NONE,  Command::Quit,           LISTS,               true),
    bind(KeyCode::Char('c'), CTRL,  Command::Quit,           ALL,                 false),
    // The token inspector.
    bind(KeyCode::Tab,       NONE,  Command::NextTab,        &[Context::Tokens],  true),
    bind(KeyCode::Right,     NONE,  Command::NextTab,        &[Context::Tokens],  false),
    bind(KeyCode::BackTab,   SHIFT, Command::PrevTab,        &[Context::Tokens],  false),
    bind(KeyCode::Left,      NONE,  Command::PrevTab,        &[Context::Tokens],  false),
    bind(KeyCode::Up,        NONE,  Command::Up,             VIEWERS,             true),
    bind(KeyCode::Down,      NONE,  Command::Down,           VIEWERS,             true),
    bind(KeyCode::PageUp,    NONE,  Command::PageUp,         &[Context::Tokens],  false),
    bind(KeyCode::PageDown,  NONE,  Command::PageDown,       &[Context::Tokens],  false),
    bind(KeyCode::Enter,     NONE,  Command::UseCode,        &[Context::Outbox],  true),
    bind(KeyCode::Char('c'), NONE,  Command::Copy,           VIEWERS,             true),
    bind(KeyCode::F(2),      NONE,  Command::RevealSecret,   &[Context::Tokens],  true),
    bind(KeyCode::Char('r'), NONE,  Command::Refresh,        &[Context::Tokens],  true),
    bind(KeyCode::Char('r'), NONE,  Command::Reload,         &[Context::Outbox],  true),
    bind(KeyCode::Esc,       NONE,  Command::Back,           VIEWERS,             true),
    bind(KeyCode::Char('?'), NONE,  Command::Help,           VIEWERS,             true),
    bind(KeyCode::Char('q'), NONE,  Command::Quit,           VIEWERS,             true),
    // The profile form.
    bind(KeyCode::Enter,     NONE,  Command::Submit,         &[Context::ProfileForm], true),
    bind(KeyCode::Tab,       NONE,  Command::NextField,      &[Context::ProfileForm], true),
    bind(KeyCode::Down,      NONE,  Command::NextField,      &[Context::ProfileForm], false),
    bind(KeyCode::BackTab,   SHIFT, Command::PrevField,      &[Context::ProfileForm], false),
    bind(KeyCode::Up,        NONE,  Command::PrevField,      &[Context::ProfileForm], false),
    bind(KeyCode::F(2),      NONE,  Command::RevealSecret,   &[Context::ProfileForm], true),
    bind(KeyCode::Esc,       NONE,  Command::Back,           &[Context::ProfileForm], true),
    bind(KeyCode::F(1),      NONE,  Command::Help,           &[Context::ProfileForm], true),
    // The picker's delete prompt.
    bind(KeyCode::Char('y'), NONE,  Command::Yes,            &[Context::PickerDelete], true),
    bind(KeyCode::Char('n'), NONE,  Command::No,             &[Context::PickerDelete], true),
    bind(KeyCode::Esc,       NONE,  Command::No,             &[Context::PickerDelete], false),
    bind(KeyCode::Char('?'), NONE,  Command::Help,           &[Context::PickerDelete], true),
];

/// A keymap: the default table today; a user's TOML overrides can be layered on later.
#[derive(Debug, Clone)]
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
            .filter(move |b| b.contexts.is_empty() || b.contexts.contains(&context))
            .filter(|b| !self.disabled.contains(&b.command))
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
        let mut seen = Vec::new();
        let mut out: Vec<(String, &'static str)> = Vec::new();
        for b in self.applicable(context).filter(|b| b.footer) {
            if seen.contains(&b.command) {
                continue;
            }
            seen.push(b.command);
            let label = key_label(b.code, b.modifiers);
            match out.iter_mut().find(|(_, what)| *what == short(b.command)) {
                Some((keys, _)) => {
                    keys.push('/');
                    keys.push_str(&label);
                }
                None => out.push((label, short(b.command))),
            }
        }
        out
    }

    /// The first key bound to `command` in `context`, as written in hints.
    pub fn key_for(&self, context: Context, command: Command) -> Option<String> {
        self.applicable(context)
            .find(|b| b.command == command)
            .map(|b| key_label(b.code, b.modifiers))
    }

    /// Every binding of `context` with its description, keys of one command joined.
    pub fn help(&self, context: Context) -> Vec<(String, &'static str)> {
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
        out.into_iter()
            .map(|(c, keys)| (keys, c.describe()))
            .collect()
    }
}

/// The footer's one-word name of a command.
fn short(command: Command) -> &'static str {
    match command {
        Command::Quit => "quit",
        Command::Help => "help",
        Command::Back => "back",
        Command::Up | Command::Down => "move",
        Command::Select => "open",
        Command::NextField => "next",
        Command::PrevField => "previous",
        Command::Submit => "submit",
        Command::ToggleSecret => "show/hide",
        Command::Register => "register",
        Command::ConfirmCode => "confirm",
        Command::ForgotPassword => "forgot",
        Command::ResendCode => "resend",
        Command::Refresh => "refresh",
        Command::SignOut => "sign out",
        Command::InspectTokens => "tokens",
        Command::Outbox => "outbox",
        Command::NextTab => "next token",
        Command::PrevTab => "previous token",
        Command::PageUp | Command::PageDown => "page",
        Command::Copy => "copy",
        Command::UseCode => "use code",
        Command::Reload => "reload",
        Command::RevealSecret => "show/hide",
        Command::AddProfile => "add",
        Command::EditProfile => "edit",
        Command::DeleteProfile => "delete",
        Command::Yes => "delete",
        Command::No => "keep",
    }
}

/// How a key is written in hints: `Ctrl-R`, `Enter`, `↑`, `q`.
pub fn key_label(code: KeyCode, modifiers: KeyModifiers) -> String {
    match code {
        KeyCode::Char(c) if modifiers.contains(KeyModifiers::CONTROL) => {
            format!("Ctrl-{}", c.to_ascii_uppercase())
        }
        KeyCode::Char(c) => c.to_string(),
        KeyCode::Enter => "Enter".into(),
        KeyCode::Esc => "Esc".into(),
        KeyCode::Tab => "Tab".into(),
        KeyCode::BackTab => "Shift-Tab".into(),
        KeyCode::Up => "↑".into(),
        KeyCode::Down => "↓".into(),
        KeyCode::Left => "←".into(),
        KeyCode::Right => "→".into(),
        KeyCode::F(n) => format!("F{n}"),
        KeyCode::PageUp => "PgUp".into(),
        KeyCode::PageDown => "PgDn".into(),
        other => format!("{other:?}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn commands_serialize_in_snake_case() {
        let text = serde_json::to_string(&Command::ToggleSecret).unwrap_or_default();
        assert_eq!(text, "\"toggle_secret\"");
    }
}
