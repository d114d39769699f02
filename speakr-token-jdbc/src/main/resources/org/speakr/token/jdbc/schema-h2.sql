-- speakr-token: API token table for H2 2.x.
-- %TABLE_NAME% is the configured table name; %INDEX_PREFIX% the same (index names share the table's schema).
-- Instants are BIGINT microseconds since 1970-01-01T00:00:00Z (UTC), identical on every database and
-- independent of any time zone setting; to read one: DATEADD(MICROSECOND, created_at, TIMESTAMP WITH TIME ZONE '1970-01-01 00:00:00Z').
-- Scopes are one space-separated string; '' means full access.
CREATE TABLE IF NOT EXISTS %TABLE_NAME% (
    id           VARCHAR(64)   NOT NULL PRIMARY KEY,
    owner        VARCHAR(255)  NOT NULL,
    name         VARCHAR(255)  NOT NULL,
    token_hash   VARCHAR(64)   NOT NULL,
    hash_key_id  VARCHAR(32)   NOT NULL,
    hint         VARCHAR(64)   NOT NULL,
    scopes       VARCHAR(4000) NOT NULL DEFAULT '',
    created_at   BIGINT        NOT NULL,
    expires_at   BIGINT,
    last_used_at BIGINT,
    revoked_at   BIGINT,
    -- MANUAL, ROTATED, PARENT, LEAKED, UNUSED or ALL; set exactly when revoked_at is.
    revocation_reason VARCHAR(16),
    -- The token that created this one (a child token); NULL for a token its owner created.
    parent_id    VARCHAR(64),
    -- The client address and user agent of the use recorded in last_used_at; NULL when unknown.
    last_used_address    VARCHAR(64),
    last_used_user_agent VARCHAR(256),
    -- Canonical CIDR blocks a use must come from, separated by one space (at most 32 blocks of at most 43
    -- characters); NULL means any network.
    allowed_networks VARCHAR(1500),
    -- The token this one replaced by rotation; NULL for a token that replaced none.
    predecessor_id VARCHAR(64),
    -- The shortest expiry-notice threshold already claimed, in seconds; NULL for none.
    expiry_noticed BIGINT
);
-- The hot-path lookup, and the guarantee that no two tokens share a hash.
CREATE UNIQUE INDEX IF NOT EXISTS %INDEX_PREFIX%_hash_uk ON %TABLE_NAME% (token_hash);
-- Listing an owner's tokens.
CREATE INDEX IF NOT EXISTS %INDEX_PREFIX%_owner_ix ON %TABLE_NAME% (owner);
-- The revocation feed: tokens revoked since the last poll.
CREATE INDEX IF NOT EXISTS %INDEX_PREFIX%_revoked_ix ON %TABLE_NAME% (revoked_at);
-- Revoking a token's children.
CREATE INDEX IF NOT EXISTS %INDEX_PREFIX%_parent_ix ON %TABLE_NAME% (parent_id);
-- purge(): tokens expired long ago.
CREATE INDEX IF NOT EXISTS %INDEX_PREFIX%_expires_ix ON %TABLE_NAME% (expires_at);
