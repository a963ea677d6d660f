//! What the command line and the TUI both do, once: resume a saved session, sign out, save or
//! remove a profile, read the local pool's outbox. Each flow returns data (and typed errors);
//! each face words the result its own way.

pub mod bulk;
pub mod outbox;
pub mod profiles;
pub mod scan;
pub mod session;
pub mod users_export;
pub mod users_import;
