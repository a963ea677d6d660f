//! `App::request`: a screen's request becomes a `Task` for the worker, with the open pool and
//! the words the status bar shows while it runs. One request at a time.

use super::App;
use crate::tui::msg::Task;
use crate::tui::screens::Request;
use crate::tui::widgets::Toast;

impl App {
    pub(super) fn request(&mut self, request: Request) {
        if self.pending.is_some() {
            self.toast = Some(Toast::error("Still working on the last request."));
            return;
        }
        let Some(conn) = self.conn.clone() else {
            return;
        };
        let (what, task) = match request {
            Request::SignIn { username, password } => (
                "Signing in",
                Task::SignIn {
                    conn,
                    username,
                    password,
                },
            ),
            Request::Register(request) => {
                ("Creating the account", Task::Register { conn, request })
            }
            Request::Confirm { username, code } => (
                "Confirming",
                Task::Confirm {
                    conn,
                    username,
                    code,
                },
            ),
            Request::Resend { username } => ("Sending a new code", Task::Resend { conn, username }),
            Request::Forgot { username } => {
                ("Sending a reset code", Task::Forgot { conn, username })
            }
            Request::ResetPassword {
                username,
                code,
                password,
            } => (
                "Changing the password",
                Task::ResetPassword {
                    conn,
                    username,
                    code,
                    password,
                },
            ),
            Request::Refresh { username, session } => (
                "Refreshing the session",
                Task::Refresh {
                    conn,
                    username,
                    session,
                },
            ),
            Request::SignOut { username, session } => (
                "Signing out",
                Task::SignOut {
                    conn,
                    username,
                    session,
                },
            ),
            Request::Account(task) => (task.what(), Task::Account { conn, task }),
            Request::Challenge(task) => (task.doing(), Task::Challenge { conn, task }),
        };
        self.pending = Some(what);
        self.tasks.push(task);
    }
}
