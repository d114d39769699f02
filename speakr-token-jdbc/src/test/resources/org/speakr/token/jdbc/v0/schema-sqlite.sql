-- speakr-token: API token table for SQLite 3 (xerial sqlite-jdbc).
-- %TABLE_NAME% is the configured table name, unqualified (SQLite qualifies index names, not the table of an index); %INDEX_PREFIX% the same.
-- Instants are BIGINT microseconds since 1970-01-01T00:00:00Z (UTC), identical on every database and
-- independent of any time zone setting; to read one: strftime('%Y-%m-%d %H:%M:%f', created_at / 1e6, 'unixepoch').
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
    revoked_at   BIGINT
);
-- The hot-path lookup, and the guarantee that no two tokens share a hash.
CREATE UNIQUE INDEX IF NOT EXISTS %INDEX_PREFIX%_hash_uk ON %TABLE_NAME% (token_hash);
-- Listing an owner's tokens.
CREATE INDEX IF NOT EXISTS %INDEX_PREFIX%_owner_ix ON %TABLE_NAME% (owner);
-- The revocation feed: tokens revoked since the last poll.
CREATE INDEX IF NOT EXISTS %INDEX_PREFIX%_revoked_ix ON %TABLE_NAME% (revoked_at);
-- purge(): tokens expired long ago.
CREATE INDEX IF NOT EXISTS %INDEX_PREFIX%_expires_ix ON %TABLE_NAME% (expires_at);
