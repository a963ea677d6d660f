-- Version 2: what the pool-configuration face reads besides the pool's own settings.

-- SetRiskConfiguration's settings: one row for the pool (client_id '') and one per app client
-- that has its own. Stored in Cognito's wire shape; the local pool does not act on them.
CREATE TABLE risk_configurations (
    pool_id     TEXT NOT NULL REFERENCES pools(id) ON DELETE CASCADE,
    client_id   TEXT NOT NULL,
    config      TEXT NOT NULL,
    modified    INTEGER NOT NULL,
    PRIMARY KEY (pool_id, client_id)
) WITHOUT ROWID;

-- CreateUserPoolDomain: a pool has at most one domain, a domain belongs to one pool.
CREATE TABLE domains (
    domain      TEXT PRIMARY KEY,
    pool_id     TEXT NOT NULL UNIQUE REFERENCES pools(id) ON DELETE CASCADE,
    config      TEXT NOT NULL,            -- JSON: CustomDomainConfig, ManagedLoginVersion
    created     INTEGER NOT NULL
) WITHOUT ROWID;
