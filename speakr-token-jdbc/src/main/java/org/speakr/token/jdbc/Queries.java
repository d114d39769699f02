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

    /**
     * Not revoked at the instant of the parameter: never revoked, or revoked only from a later instant on (a
     * scheduled revocation, as after a rotation with an overlap). Every "active" test uses this condition.
     */
    private static final String NOT_REVOKED_AT = "(revoked_at IS NULL OR revoked_at > ?)";

    /** Parameters owner and the revocation instant: the tokens a revokeAll at that instant changes. */
    private static final String FIND_ACTIVE_BY_OWNER = SELECT + " WHERE owner = ? AND " + NOT_REVOKED_AT + " ORDER BY id";

    private static final String FIND_ACTIVE_BY_OWNER_FOR_UPDATE = FIND_ACTIVE_BY_OWNER + " FOR UPDATE";

    /**
     * For databases without row locks (SQLite): a write that changes nothing, so the transaction holds the
     * database's write lock from its first statement on, as {@code BEGIN IMMEDIATE} would.
     */
    private static final String TAKE_WRITE_LOCK = "UPDATE " + TABLE_NAME + " SET revoked_at = revoked_at WHERE 1 = 0";

    /**
     * Parameters instant, reason, id and the instant again: revokes a token that is not revoked yet, or brings a
     * scheduled revocation forward; a revocation at or before the instant stays as it is.
     */
    private static final String REVOKE = "UPDATE " + TABLE_NAME + " SET revoked_at = ?, revocation_reason = ?"
            + " WHERE id = ? AND " + NOT_REVOKED_AT;

    private static final String UPDATE_LAST_USED = "UPDATE " + TABLE_NAME + " SET last_used_at = ?"
            + " WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)";

    /** As {@link #UPDATE_LAST_USED}, writing the use's client address and user agent with its instant. */
    private static final String UPDATE_LAST_USE = "UPDATE " + TABLE_NAME + " SET last_used_at = ?,"
            + " last_used_address = ?, last_used_user_agent = ?"
            + " WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)";

    /** Parameters now, until and now: a range on the {@code expires_at} index. */
    private static final String FIND_EXPIRING_BETWEEN = SELECT + " WHERE expires_at > ? AND expires_at <= ?"
            + " AND " + NOT_REVOKED_AT;

    /** Parameters threshold, id and threshold (seconds): claims a notice only if no equal or shorter one was. */
    private static final String CLAIM_EXPIRY_NOTICE = "UPDATE " + TABLE_NAME + " SET expiry_noticed = ?"
            + " WHERE id = ? AND (expiry_noticed IS NULL OR expiry_noticed > ?)";

    /** Parameters now, now and cutoff: active at now, and neither used nor (if never used) created since cutoff. */
    private static final String FIND_UNUSED_BEFORE = SELECT + " WHERE " + NOT_REVOKED_AT
            + " AND (expires_at IS NULL OR expires_at > ?) AND COALESCE(last_used_at, created_at) < ?";

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
    final String updateLastUse;
    final String findExpiringBetween;
    final String claimExpiryNotice;
    final String findUnusedBefore;
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
        this.updateLastUse = render(UPDATE_LAST_USE, tableName);
        this.findExpiringBetween = render(FIND_EXPIRING_BETWEEN, tableName);
        this.claimExpiryNotice = render(CLAIM_EXPIRY_NOTICE, tableName);
        this.findUnusedBefore = render(FIND_UNUSED_BEFORE, tableName);
        this.revokedSince = render(REVOKED_SINCE, tableName);
        this.pgNotify = NOTIFY;
        this.purge = render(PURGE, tableName);
    }

    /** @return the template with every {@value #TABLE_NAME} replaced by the table name */
    static String render(String template, String tableName) {
        return template.replace(TABLE_NAME, tableName);
    }
}
