//! Runs `Task`s off the UI task: network and disk happen here, and each result goes back as a
//! `Msg`. Sessions are saved and removed here too.

use tokio::sync::mpsc::UnboundedSender;

use super::msg::{Job, Msg, PoolHandle, Progress, Reply, ScreenId, Task, Ticket};
use crate::local_pool::{LocalPool, LocalPoolConfig};
use crate::store::{SessionStore, StorePaths};

mod account;
mod challenge;
mod outbox;
mod pool;
mod profiles;
mod session;
mod tokens;

pub use outbox::OUTBOX_LIMIT;
pub use session::home_data;

/// Where the worker reads and writes.
#[derive(Debug, Clone)]
pub struct Worker {
    paths: StorePaths,
}

impl Worker {
    pub fn new(paths: StorePaths) -> Self {
        Self { paths }
    }

    /// Spawns `job`; its `Reply` arrives on `tx`, unless the job is cancelled first (then
    /// its work stops at the next await and nothing is sent).
    pub fn spawn(&self, job: Job, tx: UnboundedSender<Reply>) {
        let worker = self.clone();
        tokio::spawn(async move {
            let Job {
                ticket,
                task,
                cancel,
            } = job;
            let work = async {
                match task {
                    Task::Load(load) => load.run(Progress::new(ticket, tx.clone())).await,
                    task => worker.perform(task).await,
                }
            };
            tokio::select! {
                biased;
                () = cancel.cancelled() => {}
                msg = work => {
                    let _ = tx.send(Reply { ticket, msg });
                }
            }
        });
    }

    fn sessions(&self) -> SessionStore {
        SessionStore::new(&self.paths)
    }

    /// Does the work of `task` and says how it went.
    pub async fn perform(&self, task: Task) -> Msg {
        match task {
            Task::StartLocalPool => {
                let dir = self.paths.data_dir.join("local-pool");
                let started = LocalPool::start(LocalPoolConfig::ephemeral(dir)).await;
                Msg::LocalPoolStarted(started.map(PoolHandle).map_err(|e| e.to_string()))
            }
            Task::Connect {
                settings,
                credentials,
                profile,
                label,
            } => Msg::Connected(
                self.connect(settings, credentials, profile, label)
                    .await
                    .map(Box::new),
            ),
            Task::SignIn {
                conn,
                username,
                password,
            } => Msg::SignIn(self.sign_in(&conn, &username, &password).await),
            Task::Register { conn, request } => {
                let username = request.username.clone();
                let result = conn.account.register(request).await;
                Msg::Registered { username, result }
            }
            Task::Confirm {
                conn,
                username,
                code,
            } => {
                let result = conn.account.confirm_sign_up(&username, &code).await;
                Msg::Confirmed { username, result }
            }
            Task::Resend { conn, username } => {
                Msg::Resent(conn.account.resend_confirmation_code(&username).await)
            }
            Task::Forgot { conn, username } => {
                Msg::ForgotSent(conn.account.forgot_password(&username).await)
            }
            Task::ResetPassword {
                conn,
                username,
                code,
                password,
            } => {
                let result = conn
                    .account
                    .confirm_forgot_password(&username, &code, &password)
                    .await;
                Msg::PasswordReset { username, result }
            }
            Task::Refresh {
                conn,
                username,
                session,
            } => Msg::Refreshed(self.refresh(&conn, &username, &session).await),
            Task::SignOut {
                conn,
                username,
                session,
            } => Msg::SignedOut(self.sign_out(&conn, &username, *session).await),
            Task::PasswordPolicy { conn } => Msg::PasswordPolicy {
                policy: Self::password_policy(&conn).await,
                profile: conn.profile,
            },
            Task::Account { conn, task } => self.account(conn, task).await,
            Task::Challenge { conn, task } => self.challenge(conn, task).await,
            Task::VerifyTokens { conn, tokens } => {
                Msg::TokensVerified(tokens::verify_tokens(&conn, &tokens).await)
            }
            Task::ReadOutbox { url } => Msg::OutboxRead(outbox::read_outbox(&url).await),
            Task::SaveProfile { profile, replace } => {
                Msg::ProfileSaved(self.save_profile(&profile, replace))
            }
            Task::DeleteProfile { name } => Msg::ProfileDeleted(self.delete_profile(&name)),
            // Run without a ticket (tests, benchmarks): its progress reaches no one.
            Task::Load(load) => {
                let (tx, _) = tokio::sync::mpsc::unbounded_channel();
                let ticket = Ticket {
                    id: 0,
                    screen: ScreenId(0),
                };
                load.run(Progress::new(ticket, tx)).await
            }
        }
    }
}
