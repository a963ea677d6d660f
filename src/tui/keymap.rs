//! The keymap as data: one table of bindings from which key handling, the footer hints and the
//! `?` help overlay are all derived, so the help can never drift from the real keys.

use std::borrow::Cow;

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
    EditProfile,
    ChangePassword,
    VerifyAttribute,
    GlobalSignOut,
    DeleteAccount,
    Yes,
    No,
    Edit,
    AddAttribute,
    DeleteAttribute,
    Save,
    Reload,
    /// Answers a SELECT_MFA_TYPE challenge with the selected method.
    Choose,
    MfaSettings,
    MakePreferred,
    SetUpTotp,
    RemoveTotp,
    InspectTokens,
    Outbox,
    NextTab,
    PrevTab,
    PageUp,
    PageDown,
    Copy,
    UseCode,
    RevealSecret,
    AddProfile,
    EditSavedProfile,
    DeleteProfile,
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
            Self::EditProfile => "Edit the profile (attributes)",
            Self::ChangePassword => "Change the password",
            Self::VerifyAttribute => "Verify the email address or phone number",
            Self::GlobalSignOut => "Sign out on every device",
            Self::DeleteAccount => "Delete the account for good",
            Self::Yes => "Yes: go ahead",
            Self::No => "No: cancel",
            Self::Edit => "Edit the selected value",
            Self::AddAttribute => "Add an attribute",
            Self::DeleteAttribute => "Mark the selected attribute for deletion (again unmarks)",
            Self::Save => "Save the changes (only what changed is sent)",
            Self::Reload => "Load again from the pool",
            Self::Choose => "Use the selected method",
            Self::MfaSettings => "Two-factor sign-in (MFA) settings",
            Self::MakePreferred => "Make the selected method the one sign-in asks for",
            Self::SetUpTotp => "Set up an authenticator app",
            Self::RemoveTotp => "Remove the authenticator app",
            Self::InspectTokens => "Inspect the tokens",
            Self::Outbox => "Read the local pool's outbox (sent codes)",
            Self::NextTab => "Next token",
            Self::PrevTab => "Previous token",
            Self::PageUp => "Scroll up a page",
            Self::PageDown => "Scroll down a page",
            Self::Copy => "Copy to the clipboard (OSC 52)",
            Self::UseCode => "Use the selected code",
            Self::RevealSecret => "Show or hide the secret text",
            Self::AddProfile => "Add a profile",
            Self::EditSavedProfile => "Edit the selected profile",
            Self::DeleteProfile => "Delete the selected profile",
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
    /// The profile editor's table.
    Profile,
    /// The profile editor while a value is edited or an attribute added.
    ProfileEdit,
    ChangePassword,
    Verify,
    /// A yes/no question over the screen.
    Dialog,
    /// A question answered by typing a word (a destructive action).
    TypedDialog,
    /// NEW_PASSWORD_REQUIRED at sign-in.
    NewPassword,
    /// A code at sign-in: authenticator app, SMS or email.
    ChallengeCode,
    /// An authenticator app's QR code and first code (at sign-in or from the MFA settings).
    MfaSetup,
    /// SELECT_MFA_TYPE at sign-in.
    SelectMfa,
    MfaSettings,
    Tokens,
    Outbox,
    ProfileForm,
}

impl Context {
    /// Screens with text fields: plain letters are typed, not commands.
    pub fn is_form(self) -> bool {
        matches!(
            self,
            Self::SignIn
                | Self::Register
                | Self::Confirm
                | Self::Forgot
                | Self::ProfileEdit
                | Self::ChangePassword
                | Self::Verify
                | Self::TypedDialog
                | Self::NewPassword
                | Self::ChallengeCode
                | Self::MfaSetup
                | Self::ProfileForm
        )
    }
}

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
const ACCOUNT_FORMS: &[Context] = &[
    Context::ChangePassword,
    Context::Verify,
    Context::ProfileEdit,
];
const FIELD_FORMS: &[Context] = &[Context::ChangePassword, Context::ProfileEdit];
const DIALOGS: &[Context] = &[Context::Dialog, Context::TypedDialog];
const CHALLENGE_FORMS: &[Context] = &[
    Context::NewPassword,
    Context::ChallengeCode,
    Context::MfaSetup,
];
const MFA_LISTS: &[Context] = &[Context::SelectMfa, Context::MfaSettings];
const MFA_ALL: &[Context] = &[
    Context::NewPassword,
    Context::ChallengeCode,
    Context::MfaSetup,
    Context::SelectMfa,
    Context::MfaSettings,
];
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
        contexts: Cow::Borrowed(contexts),
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
    bind(KeyCode::Char('e'), NONE,  Command::EditSavedProfile,&[Context::Picker],  true),
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
    bind(KeyCode::Char('e'), NONE,  Command::EditProfile,    &[Context::Home],    true),
    bind(KeyCode::Char('p'), NONE,  Command::ChangePassword, &[Context::Home],    true),
    bind(KeyCode::Char('v'), NONE,  Command::VerifyAttribute, &[Context::Home],   true),
    bind(KeyCode::Char('g'), NONE,  Command::GlobalSignOut,  &[Context::Home],    false),
    bind(KeyCode::Char('D'), NONE,  Command::DeleteAccount,  &[Context::Home],    false),
    bind(KeyCode::Char('m'), NONE,  Command::MfaSettings,    &[Context::Home],    true),
    bind(KeyCode::Char('t'), NONE,  Command::InspectTokens,  &[Context::Home],    true),
    bind(KeyCode::Char('o'), NONE,  Command::Outbox,         &[Context::Home],    true),
    bind(KeyCode::Esc,       NONE,  Command::Back,           FORMS,               true),
    bind(KeyCode::Char('?'), NONE,  Command::Help,           LISTS,               true),
    bind(KeyCode::F(1),      NONE,  Command::Help,           FORMS,               true),
    bind(KeyCode::Char('q'), NONE,  Command::Quit,           LISTS,               true),
    bind(KeyCode::Char('c'), CTRL,  Command::Quit,           ALL,                 false),
    // The profile editor's table.
    bind(KeyCode::Enter,     NONE,  Command::Edit,           &[Context::Profile], true),
    bind(KeyCode::Char('a'), NONE,  Command::AddAttribute,   &[Context::Profile], true),
    bind(KeyCode::Char('n'), CTRL,  Command::AddAttribute,   &[Context::Register], true),
    bind(KeyCode::Char('d'), NONE,  Command::DeleteAttribute, &[Context::Profile], true),
    bind(KeyCode::Char('s'), CTRL,  Command::Save,           &[Context::Profile], true),
    bind(KeyCode::Char('v'), NONE,  Command::VerifyAttribute, &[Context::Profile], true),
    bind(KeyCode::Char('r'), NONE,  Command::Reload,         &[Context::Profile], false),
    bind(KeyCode::Esc,       NONE,  Command::Back,           &[Context::Profile], true),
    bind(KeyCode::Up,        NONE,  Command::Up,             &[Context::Profile, Context::Verify], true),
    bind(KeyCode::Char('k'), NONE,  Command::Up,             &[Context::Profile], false),
    bind(KeyCode::Down,      NONE,  Command::Down,           &[Context::Profile, Context::Verify], true),
    bind(KeyCode::Char('j'), NONE,  Command::Down,           &[Context::Profile], false),
    bind(KeyCode::Char('?'), NONE,  Command::Help,           &[Context::Profile], true),
    // Change password, verify, and the editor's value fields.
    bind(KeyCode::Enter,     NONE,  Command::Submit,         ACCOUNT_FORMS,       true),
    bind(KeyCode::Tab,       NONE,  Command::NextField,      FIELD_FORMS,         true),
    bind(KeyCode::Down,      NONE,  Command::NextField,      FIELD_FORMS,         false),
    bind(KeyCode::BackTab,   SHIFT, Command::PrevField,      FIELD_FORMS,         false),
    bind(KeyCode::Up,        NONE,  Command::PrevField,      FIELD_FORMS,         false),
    bind(KeyCode::F(2),      NONE,  Command::ToggleSecret,   &[Context::ChangePassword], true),
    bind(KeyCode::Char('r'), CTRL,  Command::ResendCode,     &[Context::Verify],  true),
    bind(KeyCode::Esc,       NONE,  Command::Back,           ACCOUNT_FORMS,       true),
    bind(KeyCode::F(1),      NONE,  Command::Help,           ACCOUNT_FORMS,       true),
    // Questions over the screen.
    bind(KeyCode::Char('y'), NONE,  Command::Yes,            &[Context::Dialog],  true),
    bind(KeyCode::Enter,     NONE,  Command::Yes,            DIALOGS,             true),
    bind(KeyCode::Char('n'), NONE,  Command::No,             &[Context::Dialog],  true),
    bind(KeyCode::Esc,       NONE,  Command::No,             DIALOGS,             true),
    bind(KeyCode::Char('?'), NONE,  Command::Help,           &[Context::Dialog],  false),
    bind(KeyCode::F(1),      NONE,  Command::Help,           &[Context::TypedDialog], false),
    // Sign-in challenges and the MFA settings.
    bind(KeyCode::Up,        NONE,  Command::Up,             MFA_LISTS,           true),
    bind(KeyCode::Char('k'), NONE,  Command::Up,             MFA_LISTS,           false),
    bind(KeyCode::Down,      NONE,  Command::Down,           MFA_LISTS,           true),
    bind(KeyCode::Char('j'), NONE,  Command::Down,           MFA_LISTS,           false),
    bind(KeyCode::Enter,     NONE,  Command::Choose,         &[Context::SelectMfa], true),
    bind(KeyCode::Enter,     NONE,  Command::MakePreferred,  &[Context::MfaSettings], true),
    bind(KeyCode::Char('p'), NONE,  Command::MakePreferred,  &[Context::MfaSettings], false),
    bind(KeyCode::Char('t'), NONE,  Command::SetUpTotp,      &[Context::MfaSettings], true),
    bind(KeyCode::Char('x'), NONE,  Command::RemoveTotp,     &[Context::MfaSettings], true),
    bind(KeyCode::Enter,     NONE,  Command::Submit,         CHALLENGE_FORMS,     true),
    bind(KeyCode::Tab,       NONE,  Command::NextField,      &[Context::NewPassword], true),
    bind(KeyCode::Down,      NONE,  Command::NextField,      &[Context::NewPassword], false),
    bind(KeyCode::BackTab,   SHIFT, Command::PrevField,      &[Context::NewPassword], false),
    bind(KeyCode::Up,        NONE,  Command::PrevField,      &[Context::NewPassword], false),
    bind(KeyCode::F(2),      NONE,  Command::ToggleSecret,   &[Context::NewPassword], true),
    bind(KeyCode::Esc,       NONE,  Command::Back,           MFA_ALL,             true),
    bind(KeyCode::Char('?'), NONE,  Command::Help,           MFA_LISTS,           true),
    bind(KeyCode::F(1),      NONE,  Command::Help,           CHALLENGE_FORMS,     true),
    bind(KeyCode::Char('q'), NONE,  Command::Quit,           MFA_LISTS,           true),
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
];

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

impl Command {
    /// The name in `tui.toml` (`sign_out`).
    pub fn name(self) -> String {
        serde_json::to_string(&self)
            .unwrap_or_default()
            .trim_matches('"')
            .to_string()
    }
}

impl Context {
    /// The name used in messages (`sign_in`).
    pub fn name(self) -> String {
        serde_json::to_string(&self)
            .unwrap_or_default()
            .trim_matches('"')
            .to_string()
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
        Command::EditProfile => "profile",
        Command::ChangePassword => "password",
        Command::VerifyAttribute => "verify",
        Command::GlobalSignOut => "sign out everywhere",
        Command::DeleteAccount => "delete account",
        Command::Yes => "yes",
        Command::No => "no",
        Command::Edit => "edit",
        Command::AddAttribute => "add",
        Command::DeleteAttribute => "delete",
        Command::Save => "save",
        Command::Reload => "reload",
        Command::Choose => "choose",
        Command::MfaSettings => "MFA",
        Command::MakePreferred => "prefer",
        Command::SetUpTotp => "set up app",
        Command::RemoveTotp => "remove app",
        Command::InspectTokens => "tokens",
        Command::Outbox => "outbox",
        Command::NextTab => "next token",
        Command::PrevTab => "previous token",
        Command::PageUp | Command::PageDown => "page",
        Command::Copy => "copy",
        Command::UseCode => "use code",
        Command::RevealSecret => "show/hide",
        Command::AddProfile => "add",
        Command::EditSavedProfile => "edit",
        Command::DeleteProfile => "delete",
    }
}

/// How a key is written in hints: `Ctrl-R`, `Enter`, `↑`, `q`.
pub fn key_label(code: KeyCode, modifiers: KeyModifiers) -> String {
    if modifiers.contains(KeyModifiers::ALT) {
        return format!("Alt-{}", key_label(code, modifiers - KeyModifiers::ALT));
    }
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
        KeyCode::Backspace => "Backspace".into(),
        KeyCode::Delete => "Del".into(),
        KeyCode::Insert => "Ins".into(),
        KeyCode::Home => "Home".into(),
        KeyCode::End => "End".into(),
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
