-- Local pool schema, version 1. Times are Unix seconds (UTC).

CREATE TABLE pools (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    config      TEXT NOT NULL,            -- JSON: the pool's settings in Cognito's wire shape
    created     INTEGER NOT NULL,
    modified    INTEGER NOT NULL
);

CREATE TABLE clients (
    id          TEXT PRIMARY KEY,
    pool_id     TEXT NOT NULL REFERENCES pools(id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    secret      TEXT,
    config      TEXT NOT NULL,            -- JSON: the client's settings in Cognito's wire shape
    created     INTEGER NOT NULL,
    modified    INTEGER NOT NULL
);
CREATE INDEX clients_pool ON clients(pool_id, name);

CREATE TABLE users (
    pool_id         TEXT NOT NULL REFERENCES pools(id) ON DELETE CASCADE,
    username        TEXT NOT NULL,        -- as created (USER_ID_FOR_SRP, cognito:username)
    username_key    TEXT NOT NULL,        -- lookup key: lower-cased in case-insensitive pools
    sub             TEXT NOT NULL,
    status          TEXT NOT NULL,        -- UNCONFIRMED, CONFIRMED, FORCE_CHANGE_PASSWORD, RESET_REQUIRED
    enabled         INTEGER NOT NULL DEFAULT 1,
    salt            TEXT NOT NULL,        -- SRP salt (hex); never the password
    verifier        TEXT NOT NULL,        -- SRP verifier g^x mod N (hex)
    temp_password_expires INTEGER,        -- for FORCE_CHANGE_PASSWORD users
    created         INTEGER NOT NULL,
    modified        INTEGER NOT NULL,
    sms_mfa_enabled INTEGER NOT NULL DEFAULT 0,
    totp_enabled    INTEGER NOT NULL DEFAULT 0,
    preferred_mfa   TEXT,                 -- SMS_MFA or SOFTWARE_TOKEN_MFA
    totp_secret     TEXT,                 -- verified authenticator secret (base32)
    totp_pending    TEXT,                 -- associated, not yet verified secret
    totp_last_step  INTEGER NOT NULL DEFAULT 0, -- 30 s step of the last code used to sign in
    failed_attempts INTEGER NOT NULL DEFAULT 0,
    locked_until    INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (pool_id, username_key)
) WITHOUT ROWID;
CREATE UNIQUE INDEX users_sub ON users(pool_id, sub);
CREATE INDEX users_status ON users(pool_id, status, username_key);
CREATE INDEX users_enabled ON users(pool_id, enabled, username_key);

CREATE TABLE user_attributes (
    pool_id      TEXT NOT NULL,
    username_key TEXT NOT NULL,
    name         TEXT NOT NULL,
    value        TEXT NOT NULL,
    value_lower  TEXT NOT NULL,           -- lower(value): case-insensitive filters use the index
    PRIMARY KEY (pool_id, username_key, name),
    FOREIGN KEY (pool_id, username_key) REFERENCES users(pool_id, username_key) ON DELETE CASCADE
) WITHOUT ROWID;
-- Filtered ListUsers (`email ^= "ann"`) and alias sign-in look values up by name.
CREATE INDEX user_attributes_value ON user_attributes(pool_id, name, value_lower);

CREATE TABLE groups (
    pool_id     TEXT NOT NULL REFERENCES pools(id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    description TEXT,
    precedence  INTEGER,
    role_arn    TEXT,
    created     INTEGER NOT NULL,
    modified    INTEGER NOT NULL,
    PRIMARY KEY (pool_id, name)
) WITHOUT ROWID;

CREATE TABLE group_members (
    pool_id      TEXT NOT NULL,
    group_name   TEXT NOT NULL,
    username_key TEXT NOT NULL,
    PRIMARY KEY (pool_id, group_name, username_key),
    FOREIGN KEY (pool_id, group_name) REFERENCES groups(pool_id, name) ON DELETE CASCADE,
    FOREIGN KEY (pool_id, username_key) REFERENCES users(pool_id, username_key) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE INDEX group_members_user ON group_members(pool_id, username_key);

-- One-time codes: sign-up confirmation, forgot password, attribute verification, SMS/email MFA.
CREATE TABLE codes (
    pool_id      TEXT NOT NULL,
    username_key TEXT NOT NULL,
    purpose      TEXT NOT NULL,           -- signup, forgot_password, verify:<attribute>, mfa
    code         TEXT NOT NULL,
    expires      INTEGER NOT NULL,
    attempts     INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (pool_id, username_key, purpose),
    FOREIGN KEY (pool_id, username_key) REFERENCES users(pool_id, username_key) ON DELETE CASCADE
) WITHOUT ROWID;

-- Refresh tokens (stored as SHA-256 hashes). Access and ID tokens name theirs as origin_jti, so
-- revoking a row revokes every token of that sign-in.
CREATE TABLE refresh_tokens (
    token_hash   TEXT PRIMARY KEY,
    origin_jti   TEXT NOT NULL UNIQUE,
    pool_id      TEXT NOT NULL,
    client_id    TEXT NOT NULL,
    username_key TEXT NOT NULL,
    auth_time    INTEGER NOT NULL,
    expires      INTEGER NOT NULL,
    revoked      INTEGER NOT NULL DEFAULT 0,
    FOREIGN KEY (pool_id, username_key) REFERENCES users(pool_id, username_key) ON DELETE CASCADE
);
CREATE INDEX refresh_tokens_user ON refresh_tokens(pool_id, username_key);

-- Every message the pool would have sent (mail, SMS), oldest first.
CREATE TABLE outbox (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    time        INTEGER NOT NULL,
    pool_id     TEXT NOT NULL,
    username    TEXT NOT NULL,
    kind        TEXT NOT NULL,            -- sign_up, verify_attribute, forgot_password, invitation, mfa
    delivery    TEXT NOT NULL,            -- EMAIL or SMS
    destination TEXT NOT NULL,
    code        TEXT,
    message     TEXT NOT NULL
);
