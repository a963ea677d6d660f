//! What keys can mean: the commands, where they apply, and their words (help and footer).

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
    #[serde(alias = "edit_profile")]
    EditAttributes,
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
    /// The pool-configuration face (settings, doctor, diff).
    PoolConfig,
    NextView,
    PrevView,
    /// The doctor's rule profile: all → aws-baseline → asvs.
    RuleProfile,
    /// Compare the open pool with the selected one.
    Compare,
    /// The operator face (users and groups).
    Operator,
    OpenRow,
    Search,
    SortBy,
    /// Between `=` and `^=` in the user search.
    ToggleMatch,
    ToggleEnabled,
    ResetUserPassword,
    ResendInvite,
    ConfirmUser,
    UserSignOut,
    DeleteUser,
    /// Between ListUsers' filter and a client-side scan in the user search.
    ToggleScan,
    NewUser,
    SetUserPassword,
    SetAttribute,
    JoinGroup,
    LeaveGroup,
    GeneratePassword,
    /// A permanent or a temporary password.
    TogglePermanent,
    ToggleInvitation,
    /// Invitation by email or by SMS.
    ToggleDelivery,
    Mark,
    MarkAll,
    Bulk,
    RunBulk,
    DryRun,
    NewGroup,
    EditGroup,
    DeleteGroup,
    AddMember,
    RemoveMember,
    ExportUsers,
    /// Imports users from a file (checked first, then applied).
    ImportUsers,
    /// Deletes the selected attribute of the user shown (operator).
    DeleteUserAttribute,
    /// Chooses the users table's extra columns.
    Columns,
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
            Self::EditAttributes => "Edit the profile (attributes)",
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
            Self::PoolConfig => "The pool's configuration: settings, doctor, diff",
            Self::NextView => "Next tab",
            Self::PrevView => "Previous tab",
            Self::RuleProfile => "Doctor rules: all, aws-baseline, asvs",
            Self::Compare => "Compare with the selected pool (again: choose another)",
            Self::Operator => "The pool's users and groups (operator)",
            Self::OpenRow => "Open the selected row",
            Self::Search => "Search users (ListUsers' filter)",
            Self::SortBy => "Sort the loaded users by the next column",
            Self::ToggleMatch => "Match exactly (=) or by prefix (^=)",
            Self::ToggleEnabled => "Enable or disable the user",
            Self::ResetUserPassword => "Reset the password (sends a code)",
            Self::ResendInvite => "Send a new invitation",
            Self::ConfirmUser => "Confirm the sign-up",
            Self::UserSignOut => "Sign the user out on every device",
            Self::DeleteUser => "Delete the user (type the username)",
            Self::ToggleScan => "Search with ListUsers' filter, or scan every user here",
            Self::NewUser => "Create a user",
            Self::SetUserPassword => "Set the user's password",
            Self::SetAttribute => "Set an attribute (the selected one to start with)",
            Self::JoinGroup => "Add the user to a group",
            Self::LeaveGroup => "Remove the user from a group",
            Self::GeneratePassword => "Generate a password that fits the pool's policy",
            Self::TogglePermanent => "Permanent or temporary password",
            Self::ToggleInvitation => "Send the invitation or not",
            Self::ToggleDelivery => "Invite by email or by SMS",
            Self::Mark => "Mark or unmark the user (for a bulk action)",
            Self::MarkAll => "Mark everyone the search matches (again: unmark)",
            Self::Bulk => "A bulk action on the marked users",
            Self::RunBulk => "Do it for the users listed",
            Self::DryRun => "A dry run: say what would happen, change nothing",
            Self::NewGroup => "Create a group",
            Self::EditGroup => "Edit the group's description, precedence and role",
            Self::DeleteGroup => "Delete the group (type its name; members stay users)",
            Self::AddMember => "Add a user to this group",
            Self::RemoveMember => "Remove the selected member from this group",
            Self::ExportUsers => "Export the users the search matches to a file",
            Self::ImportUsers => "Import users from a CSV or JSON-lines file (checked first)",
            Self::DeleteUserAttribute => "Delete the selected attribute of the user",
            Self::Columns => "Choose extra columns (any attributes, custom ones too)",
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
    /// The attribute editor's table.
    #[serde(alias = "profile")]
    Attributes,
    /// The attribute editor while a value is edited or an attribute added.
    #[serde(alias = "profile_edit")]
    AttributeEdit,
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
    /// The pool-configuration face's Pool tab (the settings).
    PoolSettings,
    /// Its Doctor tab.
    PoolDoctor,
    /// Its Diff tab.
    PoolDiff,
    /// The operator face: the users table.
    Users,
    /// The user search form.
    UserSearch,
    /// The users table's extra columns, being chosen.
    UserColumns,
    /// One user's detail and actions.
    UserDetail,
    /// The groups list.
    Groups,
    /// One group's members.
    GroupMembers,
    /// The operator's forms: create a user, set a password or an attribute, join or leave a group.
    OperatorForm,
    /// A bulk action's menu, its group choice, and its results.
    Bulk,
    /// Who a bulk action would reach, before it runs.
    BulkPreview,
    /// A bulk action under way.
    BulkRunning,
    /// The import form: the file and how new users get their password.
    UserImport,
    /// What an import checked or did, row by row.
    ImportResults,
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
                | Self::AttributeEdit
                | Self::ChangePassword
                | Self::Verify
                | Self::TypedDialog
                | Self::NewPassword
                | Self::ChallengeCode
                | Self::MfaSetup
                | Self::ProfileForm
                | Self::UserSearch
                | Self::UserColumns
                | Self::OperatorForm
                | Self::UserImport
        )
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
pub(super) fn short(command: Command) -> &'static str {
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
        Command::EditAttributes => "profile",
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
        Command::PoolConfig => "pool config",
        Command::NextView | Command::PrevView => "tab",
        Command::RuleProfile => "rules",
        Command::Compare => "compare",
        Command::Operator => "users",
        Command::OpenRow => "open",
        Command::Search => "search",
        Command::SortBy => "sort",
        Command::ToggleMatch => "= / ^=",
        Command::ToggleEnabled => "enable/disable",
        Command::ResetUserPassword => "reset password",
        Command::ResendInvite => "invite again",
        Command::ConfirmUser => "confirm",
        Command::UserSignOut => "sign out",
        Command::DeleteUser => "delete",
        Command::ToggleScan => "filter/scan",
        Command::NewUser => "new user",
        Command::SetUserPassword => "set password",
        Command::SetAttribute => "set attribute",
        Command::JoinGroup => "join group",
        Command::LeaveGroup => "leave group",
        Command::GeneratePassword => "generate",
        Command::TogglePermanent => "permanent/temporary",
        Command::ToggleInvitation => "invitation",
        Command::ToggleDelivery => "email/SMS",
        Command::Mark => "mark",
        Command::MarkAll => "mark all",
        Command::Bulk => "bulk",
        Command::RunBulk => "run",
        Command::DryRun => "dry run",
        Command::NewGroup => "new group",
        Command::EditGroup => "edit",
        Command::DeleteGroup => "delete",
        Command::AddMember => "add member",
        Command::RemoveMember => "remove member",
        Command::ExportUsers => "export",
        Command::ImportUsers => "import",
        Command::DeleteUserAttribute => "delete attribute",
        Command::Columns => "columns",
    }
}
