-- The site's local users: one per Cognito user that signed in, matched by the Cognito username
-- (it never changes).
CREATE TABLE local_users (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    sub TEXT,
    -- JSON object: the mapping's local fields (first_name, email, status, ...).
    fields TEXT NOT NULL DEFAULT '{}',
    -- JSON object: every Cognito attribute at the last sign-in, mapped or not.
    attributes TEXT NOT NULL DEFAULT '{}',
    -- JSON array: cognito:groups at the last sign-in or refresh (the permissions).
    groups TEXT NOT NULL DEFAULT '[]',
    -- axum-login's session auth hash: replaced to end every web session of the user.
    session_key BLOB NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    last_login_at INTEGER
);

-- tower-sessions records: the data is JSON, the expiry a Unix time.
CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    data BLOB NOT NULL,
    expiry INTEGER NOT NULL
);
CREATE INDEX sessions_by_expiry ON sessions (expiry);
