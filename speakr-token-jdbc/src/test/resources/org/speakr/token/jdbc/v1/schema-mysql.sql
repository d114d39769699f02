-- speakr-token: API token table for MySQL 8 and MariaDB 10.6+ (InnoDB, utf8mb4).
-- %TABLE_NAME% is the configured table name; %INDEX_PREFIX% the same without its database.
-- Instants are BIGINT microseconds since 1970-01-01T00:00:00Z (UTC), identical on every database and
-- independent of any time zone setting; to read one: FROM_UNIXTIME(created_at / 1000000) (session zone).
-- Scopes are one space-separated string; '' means full access.
-- Ids, hashes and scopes are ASCII with a binary collation, so the hash lookup is exact (not
-- case-insensitive); owners and names are utf8mb4 (emoji) with a binary collation.
CREATE TABLE IF NOT EXISTS %TABLE_NAME% (
    id           VARCHAR(64)   CHARACTER SET ascii   COLLATE ascii_bin   NOT NULL,
    owner        VARCHAR(255)  CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    name         VARCHAR(255)  CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    token_hash   VARCHAR(64)   CHARACTER SET ascii   COLLATE ascii_bin   NOT NULL,
    hash_key_id  VARCHAR(32)   CHARACTER SET ascii   COLLATE ascii_bin   NOT NULL,
    hint         VARCHAR(64)   CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
    scopes       VARCHAR(4000) CHARACTER SET ascii   COLLATE ascii_bin   NOT NULL DEFAULT '',
    created_at   BIGINT        NOT NULL,
    expires_at   BIGINT        NULL,
    last_used_at BIGINT        NULL,
    revoked_at   BIGINT        NULL,
    -- MANUAL, ROTATED, PARENT, LEAKED, UNUSED or ALL; set exactly when revoked_at is.
    revocation_reason VARCHAR(16) CHARACTER SET ascii COLLATE ascii_bin NULL,
    -- The token that created this one (a child token); NULL for a token its owner created.
    parent_id    VARCHAR(64)   CHARACTER SET ascii   COLLATE ascii_bin   NULL,
    PRIMARY KEY (id),
    -- The hot-path lookup, and the guarantee that no two tokens share a hash.
    UNIQUE KEY %INDEX_PREFIX%_hash_uk (token_hash),
    -- Listing an owner's tokens.
    KEY %INDEX_PREFIX%_owner_ix (owner),
    -- The revocation feed: tokens revoked since the last poll.
    KEY %INDEX_PREFIX%_revoked_ix (revoked_at),
    -- Revoking a token's children.
    KEY %INDEX_PREFIX%_parent_ix (parent_id),
    -- purge(): tokens expired long ago.
    KEY %INDEX_PREFIX%_expires_ix (expires_at)
) ENGINE = InnoDB DEFAULT CHARACTER SET = utf8mb4 COLLATE = utf8mb4_bin;
