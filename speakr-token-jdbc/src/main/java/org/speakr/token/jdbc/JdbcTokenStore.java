package org.speakr.token.jdbc;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.speakr.token.core.Page;
import org.speakr.token.core.RevocationReason;
import org.speakr.token.core.spi.LastUse;
import org.speakr.token.core.spi.TokenRecord;
import org.speakr.token.core.spi.TokenStore;
import org.speakr.token.core.TokenStoreException;
import org.speakr.token.core.internal.SettingValues;

/**
 * A {@link TokenStore} in one table of a relational database: H2, PostgreSQL, MySQL, MariaDB or SQLite.
 *
 * <pre>{@code
 * JdbcTokenStore store = JdbcTokenStore.builder(dataSource)
 *         .tableName("speakr_api_tokens")
 *         .queryTimeout(Duration.ofSeconds(2))
 *         .build();
 * store.initializeSchema(); // optional: or run schema-<database>.sql yourself
 * ApiTokens tokens = ApiTokens.builder().store(store).build();
 * }</pre>
 *
 * <p>The DDL is shipped as the resources {@code org/speakr/token/jdbc/schema-h2.sql},
 * {@code schema-postgresql.sql}, {@code schema-mysql.sql} (MySQL and MariaDB) and {@code schema-sqlite.sql}
 * (xerial {@code sqlite-jdbc}; SQLite has no row locks, so revocations take the database's write lock first,
 * as {@code BEGIN IMMEDIATE} would; give its connections a busy timeout). Instants are stored as
 * {@code BIGINT} microseconds since the epoch in UTC, so they read back identically on every database
 * whatever the JVM, session or server time zone; scopes and allowed networks (canonical CIDR blocks) as one
 * space-separated string each; the expiry-notice threshold already claimed in whole seconds.
 *
 * <p>A revocation instant after now is a scheduled one (a token rotated away with an overlap): every statement
 * that means "active" tests {@code revoked_at IS NULL OR revoked_at > <now>}, and a revocation brings a scheduled
 * one forward with one conditional {@code UPDATE}, never later.
 *
 * <p>Every statement is parameterised and carries the query timeout; nothing is retried. Any
 * {@link SQLException} is thrown as a {@link TokenStoreException} whose message names the operation but
 * holds no parameter value (the driver's exception is its cause). Connections come from the
 * {@code DataSource} per call and are closed at once, so use a pool; its connection timeout bounds how long a
 * call waits for a connection, which the query timeout does not cover.
 *
 * <p>Writes commit their own transaction, also on a pool whose connections are not in auto-commit mode; each
 * connection's auto-commit mode is restored before it is closed.
 *
 * <p>Several application nodes may share one table: each {@code ApiTokens} polls {@link #revokedSince}
 * (its revocation feed, default every second), so a token revoked on one node is refused by every node within
 * about one poll interval. On PostgreSQL, {@link Builder#notifyChannel} with a {@link PostgresRevocationListener}
 * on each node makes that immediate. Instances are immutable and thread-safe.
 */
public final class JdbcTokenStore implements TokenStore {
    /** The default table name. */
    public static final String DEFAULT_TABLE_NAME = "speakr_api_tokens";
    /** The default query timeout. */
    public static final Duration DEFAULT_QUERY_TIMEOUT = Duration.ofSeconds(2);

    private static final Pattern TABLE_NAME =
            Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}(\\.[A-Za-z_][A-Za-z0-9_]{0,62})?");

    private final String tableName;
    private final int queryTimeoutSeconds;
    private final Clock clock;
    private final String notifyChannel;
    private final Queries queries;
    private final JdbcCalls jdbc;
    private final Revocations revocations;

    private JdbcTokenStore(Builder builder) {
        this.tableName = builder.tableName;
        this.queryTimeoutSeconds = (int) builder.queryTimeout.toSeconds();
        this.clock = builder.clock;
        this.notifyChannel = builder.notifyChannel;
        this.queries = new Queries(tableName);
        this.jdbc = new JdbcCalls(builder.dataSource, tableName, queryTimeoutSeconds);
        this.revocations = new Revocations(jdbc, queries, notifyChannel);
    }

    /**
     * Starts configuring a store.
     *
     * @param dataSource where connections come from; a pool is recommended
     * @return a builder with the defaults: table {@value #DEFAULT_TABLE_NAME}, query timeout 2 s
     */
    public static Builder builder(DataSource dataSource) {
        return new Builder(dataSource);
    }

    // ------------------------------------------------------------------ TokenStore

    @Override
    public void insert(TokenRecord record) {
        Objects.requireNonNull(record, "record");
        Object[] values = TokenRows.encode(record);
        jdbc.inTransaction("insert", "duplicate token id or hash", connection -> {
            try (PreparedStatement statement = jdbc.prepare(connection, queries.insert)) {
                TokenRows.bind(statement, values);
                return statement.executeUpdate();
            }
        });
    }

    @Override
    public Optional<TokenRecord> findByHash(String hash) {
        Objects.requireNonNull(hash, "hash");
        byte[] wanted = hash.getBytes(StandardCharsets.US_ASCII);
        return jdbc.query("findByHash", connection -> jdbc.select(connection, queries.findByHash, hash)).stream()
                .filter(record -> MessageDigest.isEqual(record.hash().getBytes(StandardCharsets.US_ASCII), wanted))
                .findFirst();
    }

    /**
     * {@inheritDoc}
     *
     * <p>Owners are compared exactly, also where the database's collation ignores trailing spaces.
     */
    @Override
    public List<TokenRecord> findByOwner(String owner) {
        Objects.requireNonNull(owner, "owner");
        return ownedBy(owner, jdbc.query("findByOwner", connection -> jdbc.select(connection, queries.findByOwner, owner)));
    }

    /**
     * {@inheritDoc}
     *
     * <p>Pages in SQL ({@code ORDER BY created_at DESC, id DESC LIMIT … OFFSET …}) and counts in the same
     * transaction, so the page and its total agree.
     */
    @Override
    public Page<TokenRecord> findByOwner(String owner, int page, int perPage) {
        Objects.requireNonNull(owner, "owner");
        String exact = owner + "|";
        long offset = (long) (page - 1) * perPage;
        return jdbc.inTransaction("findByOwner", connection -> {
            List<TokenRecord> items = jdbc.select(connection, queries.findPageByOwner, owner, exact, (long) perPage, offset);
            return new Page<>(items, page, perPage, jdbc.count(connection, queries.countByOwner, owner, exact));
        });
    }

    @Override
    public Optional<TokenRecord> revoke(String owner, String id, Instant revokedAt, RevocationReason reason) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(reason, "reason");
        return revocations.revoke(owner, id, EpochMicros.of("revokedAt", revokedAt), reason);
    }

    @Override
    public List<TokenRecord> revokeAll(String owner, Instant revokedAt, RevocationReason reason) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(reason, "reason");
        return revocations.revokeAll(owner, EpochMicros.of("revokedAt", revokedAt), reason);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Runs as one JDBC statement batch in one transaction, in id order so that nodes flushing at the same
     * time cannot deadlock each other.
     */
    @Override
    public void updateLastUsed(Map<String, Instant> lastUsedById) {
        Objects.requireNonNull(lastUsedById, "lastUsedById");
        if (lastUsedById.isEmpty()) {
            return;
        }
        TreeMap<String, Long> sorted = new TreeMap<>();
        lastUsedById.forEach((id, at) ->
                sorted.put(Objects.requireNonNull(id, "id"), EpochMicros.of("lastUsedAt", at)));
        List<Object[]> parameterSets = sorted.entrySet().stream()
                .map(e -> new Object[] {e.getValue(), e.getKey(), e.getValue()}).toList();
        jdbc.inTransaction("updateLastUsed", connection -> {
            jdbc.batch(connection, queries.updateLastUsed, parameterSets);
            return null;
        });
    }

    /**
     * {@inheritDoc}
     *
     * <p>As {@link #updateLastUsed(Map)}: one JDBC statement batch in one transaction, in id order; the address
     * and user agent are written in the same {@code UPDATE} as the instant, so they always belong to it.
     */
    @Override
    public void updateLastUse(Map<String, LastUse> usesById) {
        Objects.requireNonNull(usesById, "usesById");
        if (usesById.isEmpty()) {
            return;
        }
        List<Object[]> parameterSets = new TreeMap<>(usesById).entrySet().stream().map(e -> {
            LastUse use = Objects.requireNonNull(e.getValue(), "use");
            long at = EpochMicros.of("lastUsedAt", use.at());
            return new Object[] {at, use.address(), use.userAgent(), Objects.requireNonNull(e.getKey(), "id"), at};
        }).toList();
        jdbc.inTransaction("updateLastUse", connection -> {
            jdbc.batch(connection, queries.updateLastUse, parameterSets);
            return null;
        });
    }

    @Override
    public List<TokenRecord> revokedSince(Instant since) {
        long from = EpochMicros.of("since", since);
        return jdbc.query("revokedSince", connection -> jdbc.select(connection, queries.revokedSince, from));
    }

    /** {@inheritDoc} <p>A range scan of the {@code expires_at} index. */
    @Override
    public List<TokenRecord> findExpiringBetween(Instant now, Instant until) {
        long from = EpochMicros.of("now", now);
        long to = EpochMicros.of("until", until);
        return jdbc.query("findExpiringBetween",
                connection -> jdbc.select(connection, queries.findExpiringBetween, from, to, from));
    }

    /**
     * {@inheritDoc}
     *
     * <p>One conditional {@code UPDATE}, so of the nodes claiming at once exactly one sees its row changed. The
     * threshold is stored in whole seconds.
     */
    @Override
    public boolean claimExpiryNotice(String id, Duration threshold) {
        Objects.requireNonNull(id, "id");
        Long seconds = TokenRows.thresholdSeconds(Objects.requireNonNull(threshold, "threshold"));
        return jdbc.inTransaction("claimExpiryNotice",
                connection -> jdbc.update(connection, queries.claimExpiryNotice, seconds, id, seconds)) == 1;
    }

    /**
     * {@inheritDoc}
     *
     * <p>Reads the whole table (no index serves {@code COALESCE(last_used_at, created_at)}); the sweep that calls
     * it runs once per maintenance interval, and only when unused tokens are to be revoked.
     */
    @Override
    public List<TokenRecord> findUnusedBefore(Instant cutoff, Instant now) {
        long before = EpochMicros.of("cutoff", cutoff);
        long at = EpochMicros.of("now", now);
        return jdbc.query("findUnusedBefore",
                connection -> jdbc.select(connection, queries.findUnusedBefore, at, at, before));
    }

    @Override
    public int purge(Instant cutoff) {
        long before = EpochMicros.of("cutoff", cutoff);
        return jdbc.inTransaction("purge", connection -> jdbc.update(connection, queries.purge, before, before));
    }

    // ------------------------------------------------------------------ beyond the SPI

    /**
     * Deletes tokens that expired, or were revoked, longer ago than {@code olderThan}: an expired or revoked
     * token stays listed (soft revoke) for that long, then disappears. Run it from a scheduler, e.g. daily with
     * {@code Duration.ofDays(30)}; it is safe to run on several nodes at once.
     *
     * @param olderThan how long expired and revoked tokens are kept; zero or positive
     * @return how many tokens were deleted
     * @throws IllegalArgumentException when {@code olderThan} is negative
     * @throws TokenStoreException when the database fails
     */
    public int purge(Duration olderThan) {
        Objects.requireNonNull(olderThan, "olderThan");
        if (olderThan.isNegative()) {
            throw new IllegalArgumentException("olderThan must not be negative: " + olderThan);
        }
        return purge(clock.instant().minus(olderThan));
    }

    /**
     * Creates the table and its indexes unless they exist, with the DDL resource for the database the
     * {@code DataSource} connects to (H2, PostgreSQL, MySQL, MariaDB or SQLite, from
     * {@link java.sql.DatabaseMetaData#getDatabaseProductName()}), and upgrades a table of an earlier schema in
     * place: {@code schema-upgrade-1-<database>.sql} adds {@code revocation_reason} and {@code parent_id},
     * {@code schema-upgrade-2-<database>.sql} the lifecycle columns ({@code last_used_address},
     * {@code last_used_user_agent}, {@code allowed_networks}, {@code predecessor_id}, {@code expiry_noticed}),
     * each when the table lacks them; its tokens keep working. Idempotent; opt-in: production deployments may prefer to run those resources
     * through their migration tool.
     *
     * @throws IllegalStateException for a database without a shipped schema
     * @throws TokenStoreException when the database fails
     */
    public void initializeSchema() {
        jdbc.query("initializeSchema", connection -> {
            Schema.initialize(connection, jdbc, tableName);
            return null;
        });
    }

    /** @return the table name, as configured */
    public String tableName() {
        return tableName;
    }

    /** @return the query timeout applied to every statement */
    public Duration queryTimeout() {
        return Duration.ofSeconds(queryTimeoutSeconds);
    }

    @Override
    public String toString() {
        return "JdbcTokenStore[" + JdbcTokenStoreSettings.TABLE_NAME + "=" + tableName + ", "
                + JdbcTokenStoreSettings.QUERY_TIMEOUT + "=" + SettingValues.format(queryTimeout()) + ", "
                + JdbcTokenStoreSettings.NOTIFY_CHANNEL + "=" + (notifyChannel == null ? "none" : notifyChannel) + "]";
    }

    // ------------------------------------------------------------------ helpers

    /** Keeps only the records whose owner is exactly {@code owner}, whatever the database's collation. */
    static List<TokenRecord> ownedBy(String owner, List<TokenRecord> records) {
        records.removeIf(record -> !record.owner().equals(owner));
        return records;
    }

    /**
     * Configures a {@link JdbcTokenStore}; each setter validates at once and refuses a bad value with
     * {@code <setting>: expected <rule>, got '<value>'}, naming the setting as in {@link JdbcTokenStoreSettings};
     * {@link #apply(Map)} reaches the same setters from text. Not thread-safe; {@link #build()} may be called
     * more than once.
     */
    public static final class Builder {
        /** The one path from text to a setting: each name parses its text and calls its setter. */
        private static final Map<String, BiConsumer<Builder, String>> FROM_TEXT = Map.of(
                JdbcTokenStoreSettings.TABLE_NAME, (b, v) -> b.tableName(v.strip()),
                JdbcTokenStoreSettings.QUERY_TIMEOUT, (b, v) -> b.queryTimeout(
                        SettingValues.parseDuration(JdbcTokenStoreSettings.QUERY_TIMEOUT, v)),
                JdbcTokenStoreSettings.NOTIFY_CHANNEL, (b, v) -> b.notifyChannel(v.strip()));

        private final DataSource dataSource;
        private String tableName = DEFAULT_TABLE_NAME;
        private Duration queryTimeout = DEFAULT_QUERY_TIMEOUT;
        private Clock clock = Clock.systemUTC();
        private String notifyChannel;

        private Builder(DataSource dataSource) {
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        }

        /**
         * @param tableName an unquoted SQL identifier, {@code [A-Za-z_][A-Za-z0-9_]{0,62}}, optionally qualified
         *        by a schema of the same form ({@code tokens.api_tokens}); default {@value #DEFAULT_TABLE_NAME}
         * @return this builder
         * @throws IllegalArgumentException when it is not such an identifier
         */
        public Builder tableName(String tableName) {
            Objects.requireNonNull(tableName, JdbcTokenStoreSettings.TABLE_NAME);
            if (!TABLE_NAME.matcher(tableName).matches()) {
                throw SettingValues.invalid(JdbcTokenStoreSettings.TABLE_NAME,
                        "an SQL identifier [A-Za-z_][A-Za-z0-9_]{0,62}, optionally schema-qualified", tableName);
            }
            this.tableName = tableName;
            return this;
        }

        /**
         * @param queryTimeout the JDBC query timeout set on every statement: a whole number of seconds, at least
         *        1 s; default 2 s
         * @return this builder
         * @throws IllegalArgumentException when it is not a positive whole number of seconds
         */
        public Builder queryTimeout(Duration queryTimeout) {
            Objects.requireNonNull(queryTimeout, JdbcTokenStoreSettings.QUERY_TIMEOUT);
            if (queryTimeout.isNegative() || queryTimeout.isZero() || queryTimeout.getNano() != 0
                    || queryTimeout.getSeconds() > Integer.MAX_VALUE) {
                throw SettingValues.invalid(JdbcTokenStoreSettings.QUERY_TIMEOUT,
                        "a positive whole number of seconds", SettingValues.format(queryTimeout));
            }
            this.queryTimeout = queryTimeout;
            return this;
        }

        /**
         * @param clock the time source of {@link JdbcTokenStore#purge(Duration)}; default {@link Clock#systemUTC()}
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * PostgreSQL only: after each revocation commits, send {@code NOTIFY channel, '<token hash>'}, so that
         * nodes running a {@link PostgresRevocationListener} on the same channel evict the token at once instead
         * of at their next revocation poll. Off by default; on another database revocations would fail.
         *
         * @param channel a PostgreSQL channel name, {@code [a-z_][a-z0-9_]{0,62}}
         * @return this builder
         * @throws IllegalArgumentException when it is not such a name
         */
        public Builder notifyChannel(String channel) {
            this.notifyChannel = PostgresRevocationListener.validChannel(JdbcTokenStoreSettings.NOTIFY_CHANNEL, channel);
            return this;
        }

        /**
         * Applies settings given as text through the setters above; the names are those of
         * {@link JdbcTokenStoreSettings}.
         *
         * @param settings name to value
         * @return this builder
         * @throws IllegalArgumentException naming the first unknown or invalid setting
         */
        public Builder apply(Map<String, String> settings) {
            SettingValues.apply(this, settings, FROM_TEXT);
            return this;
        }

        /** @return a new store; it does not touch the database until used */
        public JdbcTokenStore build() {
            return new JdbcTokenStore(this);
        }
    }

}
