-- Codes pretended for names that get none (a missing user, or one who cannot receive a code,
-- when the client hides user existence): the same counts, so the limits answer alike.
CREATE TABLE decoy_codes (
    pool_id      TEXT NOT NULL,
    username_key TEXT NOT NULL,
    purpose      TEXT NOT NULL,
    code         TEXT NOT NULL,
    expires      INTEGER NOT NULL,
    attempts     INTEGER NOT NULL DEFAULT 0,
    sends        INTEGER NOT NULL DEFAULT 0,
    window_start INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (pool_id, username_key, purpose)
);
CREATE INDEX decoy_codes_by_window ON decoy_codes (window_start);
