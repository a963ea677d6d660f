//! The default bindings: every key of the TUI, in the order the footer and help show them.

use std::borrow::Cow;

use crossterm::event::{KeyCode, KeyModifiers};

use super::{Binding, Command, Context};

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
    Context::AttributeEdit,
];
const FIELD_FORMS: &[Context] = &[Context::ChangePassword, Context::AttributeEdit];
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
/// The operator face's lists and views (the search form is a form: letters are typed).
const OPERATOR_LISTS: &[Context] = &[
    Context::Users,
    Context::UserDetail,
    Context::Groups,
    Context::GroupMembers,
];
const OPERATOR_VIEWS: &[Context] = OPERATOR_LISTS;
/// A bulk action's lists.
const BULK: &[Context] = &[Context::Bulk, Context::BulkPreview];
/// The configuration face's tabs.
const POOL_TABS: &[Context] = &[
    Context::PoolSettings,
    Context::PoolDoctor,
    Context::PoolDiff,
];
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
    bind(KeyCode::Char('c'), NONE,  Command::PoolConfig,     &[Context::Picker],  true),
    bind(KeyCode::Char('u'), NONE,  Command::Operator,       &[Context::Picker],  true),
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
    bind(KeyCode::Char('e'), NONE,  Command::EditAttributes, &[Context::Home],    true),
    bind(KeyCode::Char('p'), NONE,  Command::ChangePassword, &[Context::Home],    true),
    bind(KeyCode::Char('v'), NONE,  Command::VerifyAttribute, &[Context::Home],   true),
    bind(KeyCode::Char('g'), NONE,  Command::GlobalSignOut,  &[Context::Home],    false),
    bind(KeyCode::Char('D'), NONE,  Command::DeleteAccount,  &[Context::Home],    false),
    bind(KeyCode::Char('m'), NONE,  Command::MfaSettings,    &[Context::Home],    true),
    bind(KeyCode::Char('t'), NONE,  Command::InspectTokens,  &[Context::Home],    true),
    bind(KeyCode::Char('o'), NONE,  Command::Outbox,         &[Context::Home],    true),
    bind(KeyCode::Char('c'), NONE,  Command::PoolConfig,     &[Context::Home],    true),
    bind(KeyCode::Char('u'), NONE,  Command::Operator,       &[Context::Home],    true),
    bind(KeyCode::Esc,       NONE,  Command::Back,           FORMS,               true),
    bind(KeyCode::F(3),      NONE,  Command::PoolConfig,     &[Context::SignIn],  true),
    bind(KeyCode::F(5),      NONE,  Command::Operator,       &[Context::SignIn],  false),
    bind(KeyCode::Char('?'), NONE,  Command::Help,           LISTS,               true),
    bind(KeyCode::F(1),      NONE,  Command::Help,           FORMS,               true),
    bind(KeyCode::Char('q'), NONE,  Command::Quit,           LISTS,               true),
    bind(KeyCode::Char('c'), CTRL,  Command::Quit,           ALL,                 false),
    // The attribute editor's table.
    bind(KeyCode::Enter,     NONE,  Command::Edit,           &[Context::Attributes], true),
    bind(KeyCode::Char('a'), NONE,  Command::AddAttribute,   &[Context::Attributes], true),
    bind(KeyCode::Char('n'), CTRL,  Command::AddAttribute,   &[Context::Register], true),
    bind(KeyCode::Char('d'), NONE,  Command::DeleteAttribute, &[Context::Attributes], true),
    bind(KeyCode::Char('s'), CTRL,  Command::Save,           &[Context::Attributes], true),
    bind(KeyCode::Char('v'), NONE,  Command::VerifyAttribute, &[Context::Attributes], true),
    bind(KeyCode::Char('r'), NONE,  Command::Reload,         &[Context::Attributes], false),
    bind(KeyCode::Esc,       NONE,  Command::Back,           &[Context::Attributes], true),
    bind(KeyCode::Up,        NONE,  Command::Up,             &[Context::Attributes, Context::Verify], true),
    bind(KeyCode::Char('k'), NONE,  Command::Up,             &[Context::Attributes], false),
    bind(KeyCode::Down,      NONE,  Command::Down,           &[Context::Attributes, Context::Verify], true),
    bind(KeyCode::Char('j'), NONE,  Command::Down,           &[Context::Attributes], false),
    bind(KeyCode::Char('?'), NONE,  Command::Help,           &[Context::Attributes], true),
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
    // The pool-configuration face's tabs.
    bind(KeyCode::Tab,       NONE,  Command::NextView,       POOL_TABS,           true),
    bind(KeyCode::Right,     NONE,  Command::NextView,       POOL_TABS,           false),
    bind(KeyCode::BackTab,   SHIFT, Command::PrevView,       POOL_TABS,           false),
    bind(KeyCode::Left,      NONE,  Command::PrevView,       POOL_TABS,           false),
    bind(KeyCode::Up,        NONE,  Command::Up,             POOL_TABS,           true),
    bind(KeyCode::Char('k'), NONE,  Command::Up,             POOL_TABS,           false),
    bind(KeyCode::Down,      NONE,  Command::Down,           POOL_TABS,           true),
    bind(KeyCode::Char('j'), NONE,  Command::Down,           POOL_TABS,           false),
    bind(KeyCode::PageUp,    NONE,  Command::PageUp,         POOL_TABS,           false),
    bind(KeyCode::PageDown,  NONE,  Command::PageDown,       POOL_TABS,           false),
    bind(KeyCode::Enter,     NONE,  Command::Compare,        &[Context::PoolDiff], true),
    bind(KeyCode::Char('p'), NONE,  Command::RuleProfile,    &[Context::PoolDoctor], true),
    bind(KeyCode::F(2),      NONE,  Command::RevealSecret,   &[Context::PoolSettings], true),
    bind(KeyCode::Char('c'), NONE,  Command::Copy,           POOL_TABS,           true),
    bind(KeyCode::Char('r'), NONE,  Command::Reload,         POOL_TABS,           false),
    bind(KeyCode::Esc,       NONE,  Command::Back,           POOL_TABS,           true),
    bind(KeyCode::Char('?'), NONE,  Command::Help,           POOL_TABS,           true),
    bind(KeyCode::Char('q'), NONE,  Command::Quit,           POOL_TABS,           true),
    // The operator face: users, the search form, a user's detail, groups and members.
    bind(KeyCode::Tab,       NONE,  Command::NextView,       &[Context::Users, Context::Groups], true),
    bind(KeyCode::BackTab,   SHIFT, Command::PrevView,       &[Context::Users, Context::Groups], false),
    bind(KeyCode::Up,        NONE,  Command::Up,             OPERATOR_LISTS,      true),
    bind(KeyCode::Char('k'), NONE,  Command::Up,             OPERATOR_LISTS,      false),
    bind(KeyCode::Down,      NONE,  Command::Down,           OPERATOR_LISTS,      true),
    bind(KeyCode::Char('j'), NONE,  Command::Down,           OPERATOR_LISTS,      false),
    bind(KeyCode::PageUp,    NONE,  Command::PageUp,         OPERATOR_LISTS,      false),
    bind(KeyCode::PageDown,  NONE,  Command::PageDown,       OPERATOR_LISTS,      false),
    bind(KeyCode::Enter,     NONE,  Command::OpenRow,        &[Context::Users, Context::Groups, Context::GroupMembers], true),
    bind(KeyCode::Char('/'), NONE,  Command::Search,         &[Context::Users],   true),
    bind(KeyCode::Char('s'), NONE,  Command::SortBy,         &[Context::Users],   false),
    bind(KeyCode::Char('n'), NONE,  Command::NewUser,        &[Context::Users],   false),
    bind(KeyCode::Char(' '), NONE,  Command::Mark,           &[Context::Users],   false),
    bind(KeyCode::Char('*'), NONE,  Command::MarkAll,        &[Context::Users],   false),
    bind(KeyCode::Char('b'), NONE,  Command::Bulk,           &[Context::Users],   false),
    bind(KeyCode::Char('x'), NONE,  Command::ExportUsers,    &[Context::Users],   false),
    bind(KeyCode::Char('C'), NONE,  Command::Columns,        &[Context::Users],   false),
    bind(KeyCode::Enter,     NONE,  Command::Submit,         &[Context::UserColumns], true),
    bind(KeyCode::Esc,       NONE,  Command::Back,           &[Context::UserColumns], true),
    bind(KeyCode::F(1),      NONE,  Command::Help,           &[Context::UserColumns], true),
    bind(KeyCode::Char('n'), NONE,  Command::NewGroup,       &[Context::Groups],  false),
    bind(KeyCode::Char('e'), NONE,  Command::EditGroup,      &[Context::Groups],  false),
    bind(KeyCode::Char('D'), NONE,  Command::DeleteGroup,    &[Context::Groups],  false),
    bind(KeyCode::Char('+'), NONE,  Command::AddMember,      &[Context::GroupMembers], false),
    bind(KeyCode::Char('-'), NONE,  Command::RemoveMember,   &[Context::GroupMembers], false),
    // A bulk action: menu, preview, run, results.
    bind(KeyCode::Up,        NONE,  Command::Up,             BULK,                true),
    bind(KeyCode::Char('k'), NONE,  Command::Up,             BULK,                false),
    bind(KeyCode::Down,      NONE,  Command::Down,           BULK,                true),
    bind(KeyCode::Char('j'), NONE,  Command::Down,           BULK,                false),
    bind(KeyCode::PageUp,    NONE,  Command::PageUp,         BULK,                false),
    bind(KeyCode::PageDown,  NONE,  Command::PageDown,       BULK,                false),
    bind(KeyCode::Enter,     NONE,  Command::OpenRow,        &[Context::Bulk],    true),
    bind(KeyCode::Enter,     NONE,  Command::RunBulk,        &[Context::BulkPreview], true),
    bind(KeyCode::Char('d'), NONE,  Command::DryRun,         &[Context::BulkPreview], true),
    bind(KeyCode::Esc,       NONE,  Command::Back,           &[Context::Bulk, Context::BulkPreview, Context::BulkRunning], true),
    bind(KeyCode::Char('?'), NONE,  Command::Help,           &[Context::Bulk, Context::BulkPreview, Context::BulkRunning], true),
    bind(KeyCode::Enter,     NONE,  Command::Submit,         &[Context::UserSearch], true),
    bind(KeyCode::Tab,       NONE,  Command::NextField,      &[Context::UserSearch], true),
    bind(KeyCode::BackTab,   SHIFT, Command::PrevField,      &[Context::UserSearch], false),
    bind(KeyCode::Char('e'), CTRL,  Command::ToggleMatch,    &[Context::UserSearch], true),
    bind(KeyCode::F(2),      NONE,  Command::ToggleScan,     &[Context::UserSearch], false),
    bind(KeyCode::Esc,       NONE,  Command::Back,           &[Context::UserSearch], true),
    bind(KeyCode::F(1),      NONE,  Command::Help,           &[Context::UserSearch], true),
    bind(KeyCode::Char('t'), NONE,  Command::ToggleEnabled,  &[Context::UserDetail], false),
    bind(KeyCode::Char('p'), NONE,  Command::ResetUserPassword, &[Context::UserDetail], false),
    bind(KeyCode::Char('i'), NONE,  Command::ResendInvite,   &[Context::UserDetail], false),
    bind(KeyCode::Char('c'), NONE,  Command::ConfirmUser,    &[Context::UserDetail], false),
    bind(KeyCode::Char('g'), NONE,  Command::UserSignOut,    &[Context::UserDetail], false),
    bind(KeyCode::Char('D'), NONE,  Command::DeleteUser,     &[Context::UserDetail], false),
    bind(KeyCode::Char('w'), NONE,  Command::SetUserPassword, &[Context::UserDetail], false),
    bind(KeyCode::Char('x'), NONE,  Command::DeleteUserAttribute, &[Context::UserDetail], false),
    bind(KeyCode::Char('e'), NONE,  Command::SetAttribute,   &[Context::UserDetail], false),
    bind(KeyCode::Char('+'), NONE,  Command::JoinGroup,      &[Context::UserDetail], false),
    bind(KeyCode::Char('-'), NONE,  Command::LeaveGroup,     &[Context::UserDetail], false),
    // The operator's forms.
    bind(KeyCode::Enter,     NONE,  Command::Submit,         &[Context::OperatorForm], true),
    bind(KeyCode::Tab,       NONE,  Command::NextField,      &[Context::OperatorForm], true),
    bind(KeyCode::Down,      NONE,  Command::NextField,      &[Context::OperatorForm], false),
    bind(KeyCode::BackTab,   SHIFT, Command::PrevField,      &[Context::OperatorForm], false),
    bind(KeyCode::Up,        NONE,  Command::PrevField,      &[Context::OperatorForm], false),
    bind(KeyCode::F(2),      NONE,  Command::ToggleSecret,   &[Context::OperatorForm], true),
    bind(KeyCode::Char('g'), CTRL,  Command::GeneratePassword, &[Context::OperatorForm], false),
    bind(KeyCode::Char('t'), CTRL,  Command::TogglePermanent, &[Context::OperatorForm], false),
    bind(KeyCode::Char('n'), CTRL,  Command::ToggleInvitation, &[Context::OperatorForm], false),
    bind(KeyCode::Char('e'), CTRL,  Command::ToggleDelivery, &[Context::OperatorForm], false),
    bind(KeyCode::Esc,       NONE,  Command::Back,           &[Context::OperatorForm], true),
    bind(KeyCode::F(1),      NONE,  Command::Help,           &[Context::OperatorForm], true),
    bind(KeyCode::Char('r'), NONE,  Command::Reload,         OPERATOR_VIEWS,      false),
    bind(KeyCode::Esc,       NONE,  Command::Back,           OPERATOR_VIEWS,      true),
    bind(KeyCode::Char('?'), NONE,  Command::Help,           OPERATOR_VIEWS,      true),
    bind(KeyCode::Char('q'), NONE,  Command::Quit,           OPERATOR_VIEWS,      true),
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
