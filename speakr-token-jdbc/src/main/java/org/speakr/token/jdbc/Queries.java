package org.speakr.token.jdbc;

/**
 * The store's SQL text: each statement a template over the {@value #TABLE_NAME} placeholder, rendered once per
 * store for its table name. Every value is a {@code ?} parameter; only the validated table name is spliced in.
 * The statements are the same on every supported database, except that SQLite reads without {@code FOR UPDATE}
 * after {@link #takeWriteLock} (the DDL, which differs, is {@link Dialect}'s).
 */
final class Queries {
    /** The placeholder for the configured table name, in these templates and in the schema resources. */
    static final String TABLE_NAME = "%TABLE_NAME%";

    private static final String SELECT = "SELECT " + TokenRows.COLUMN_LIST + " FROM " + TABLE_NAME;

    private static final String INSERT = "INSERT INTO " + TABLE_NAME + " (" + TokenRows.COLUMN_LIST + ")"
            + " VALUES (" + TokenRows.PARAMETERS + ")";

    private static final String FIND_BY_HASH = SELECT + " WHERE token_hash = ?";

    /** Locks the row, so concurrent revokes of one token queue up and each reads the latest committed state. */
    private static final String FIND_BY_ID_FOR_UPDATE = SELECT + " WHERE id = ? FOR UPDATE";

    private static final String FIND_BY_ID = SELECT + " WHERE id = ?";

    private static final String FIND_BY_OWNER = SELECT + " WHERE owner = ?";

    /**
     * The exact owner test of a page: {@code owner = ?} uses the index; comparing {@code owner} with a suffix to
     * the owner with the same suffix (the second parameter) is exact also where the collation ignores trailing
     * spaces (MySQL's PAD SPACE), so counts and pages never include a near-namesake.
     */
    private static final String EXACT_OWNER = " WHERE owner = ? AND CONCAT(owner, '|') = ?";

    private static final String FIND_PAGE_BY_OWNER = SELECT + EXACT_OWNER
            + " ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?";

    private static final String COUNT_BY_OWNER = "SELECT COUNT(*) FROM " + TABLE_NAME + EXACT_OWNER;

    private static final String FIND_ACTIVE_BY_OWNER = SELECT + " WHERE owner = ? AND revoked_at IS NULL ORDER BY id";

    private static final String FIND_ACTIVE_BY_OWNER_FOR_UPDATE = FIND_ACTIVE_BY_OWNER + " FOR UPDATE";

    /**
     * For databases without row locks (SQLite): a write that changes nothing, so the transaction holds the
     * database's write lock from its first statement on, as {@code BEGIN IMMEDIATE} would.
     */
    private static final String TAKE_WRITE_LOCK = "UPDATE " + TABLE_NAME + " SET revoked_at = revoked_at WHERE 1 = 0";

    private static final String REVOKE = "UPDATE " + TABLE_NAME + " SET revoked_at = ?, revocation_reason = ?"
            + " WHERE id = ? AND revoked_at IS NULL";

    private static final String UPDATE_LAST_USED = "UPDATE " + TABLE_NAME + " SET last_used_at = ?"
            + " WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)";

    private static final String REVOKED_SINCE = SELECT + " WHERE revoked_at >= ?";

    /** PostgreSQL only: parameters channel and payload. */
    private static final String NOTIFY = "SELECT pg_notify(?, ?)";

    private static final String PURGE = "DELETE FROM " + TABLE_NAME + " WHERE expires_at < ? OR revoked_at < ?";

    final String insert;
    final String findByHash;
    final String findByIdForUpdate;
    final String findById;
    final String findByOwner;
    final String findActiveByOwner;
    final String findPageByOwner;
    final String countByOwner;
    final String findActiveByOwnerForUpdate;
    final String takeWriteLock;
    final String revoke;
    final String updateLastUsed;
    final String revokedSince;
    final String pgNotify;
    final String purge;

    /** @param tableName a validated SQL identifier, optionally schema-qualified */
    Queries(String tableName) {
        this.insert = render(INSERT, tableName);
        this.findByHash = render(FIND_BY_HASH, tableName);
        this.findByIdForUpdate = render(FIND_BY_ID_FOR_UPDATE, tableName);
        this.findById = render(FIND_BY_ID, tableName);
        this.findByOwner = render(FIND_BY_OWNER, tableName);
        this.findActiveByOwner = render(FIND_ACTIVE_BY_OWNER, tableName);
        this.findPageByOwner = render(FIND_PAGE_BY_OWNER, tableName);
        this.countByOwner = render(COUNT_BY_OWNER, tableName);
        this.findActiveByOwnerForUpdate = render(FIND_ACTIVE_BY_OWNER_FOR_UPDATE, tableName);
        this.takeWriteLock = render(TAKE_WRITE_LOCK, tableName);
        this.revoke = render(REVOKE, tableName);
        this.updateLastUsed = render(UPDATE_LAST_USED, tableName);
        this.revokedSince = render(REVOKED_SINCE, tableName);
        this.pgNotify = NOTIFY;
        this.purge = render(PURGE, tableName);
    }

    /** @return the template with every {@value #TABLE_NAME} replaced by the table name */
    static String render(String template, String tableName) {
        return template.replace(TABLE_NAME, tableName);
    }
}
