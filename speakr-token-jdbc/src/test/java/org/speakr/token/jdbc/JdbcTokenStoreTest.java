package org.speakr.token.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.speakr.token.core.RevocationReason;
import org.speakr.token.core.ApiTokens;
import org.speakr.token.core.AuthenticationContext;
import org.speakr.token.core.AuthenticationResult;
import org.speakr.token.core.ClientInfo;
import org.speakr.token.core.CreatedToken;
import org.speakr.token.core.Expiration;
import org.speakr.token.core.spi.InMemoryTokenStore;
import org.speakr.token.core.spi.LastUse;
import org.speakr.token.core.RejectionReason;
import org.speakr.token.core.spi.TokenRecord;
import org.speakr.token.core.TokenStoreException;
import org.speakr.token.testkit.SettingsTable;
import org.speakr.token.testkit.canary.TokenCanary;

/**
 * {@link JdbcTokenStore} beyond the {@code TokenStore} contract: configuration, schema, purge, failures, and
 * the multi-node, outage and volume behaviour on a real (embedded) PostgreSQL.
 */
class JdbcTokenStoreTest {
    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

    private static DataSource h2;
    private static DataSource postgres;
    private static final List<String> H2_TABLES = new ArrayList<>();
    private static final List<String> POSTGRES_TABLES = new ArrayList<>();

    @BeforeAll
    static void databases() {
        h2 = TestDatabases.h2("jdbc-token-store-test");
        postgres = TestDatabases.postgres().getPostgresDatabase();
    }

    @AfterAll
    static void dropTables() {
        H2_TABLES.forEach(table -> TestDatabases.dropTable(h2, table));
        POSTGRES_TABLES.forEach(table -> TestDatabases.dropTable(postgres, table));
    }

    private static JdbcTokenStore newStore(DataSource dataSource, List<String> tables) {
        String table = TestDatabases.uniqueTableName(JdbcTokenStoreTest.class);
        tables.add(table);
        JdbcTokenStore store = JdbcTokenStore.builder(dataSource).tableName(table).build();
        store.initializeSchema();
        return store;
    }

    // ------------------------------------------------------------------ configuration

    @ParameterizedTest
    @ValueSource(strings = {"", "1tokens", "api-tokens", "api tokens", "tokens; DROP TABLE users", "\"tokens\"",
        "a.b.c", ".tokens", "tokens.", "tökens", "t`x", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})
    void tableNameWhenNotAnSqlIdentifierThenRefusedNamingTheSetting(String name) {
        JdbcTokenStore.Builder builder = JdbcTokenStore.builder(h2);

        assertThatThrownBy(() -> builder.tableName(name))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("table-name: expected an SQL identifier [A-Za-z_][A-Za-z0-9_]{0,62}, optionally"
                        + " schema-qualified, got '" + name + "'");
    }

    @Test
    void tableNameWhenSchemaQualifiedThenTheStoreWorksInThatSchema() {
        TestDatabases.execute(h2, "CREATE SCHEMA IF NOT EXISTS tokens");
        String table = "tokens." + TestDatabases.uniqueTableName(JdbcTokenStoreTest.class);
        H2_TABLES.add(table);
        JdbcTokenStore store = JdbcTokenStore.builder(h2).tableName(table).build();
        store.initializeSchema();
        store.initializeSchema();
        TokenRecord record = record("alice", 1, NOW.plusSeconds(60), null);

        store.insert(record);

        assertThat(store.findByHash(record.hash())).contains(record);
        assertThat(store.tableName()).isEqualTo(table);
    }

    @Test
    void queryTimeoutWhenNotAPositiveWholeNumberOfSecondsThenRefused() {
        JdbcTokenStore.Builder builder = JdbcTokenStore.builder(h2);

        assertThatThrownBy(() -> builder.queryTimeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("query-timeout: expected a positive whole number of seconds, got '0'");
        assertThatThrownBy(() -> builder.queryTimeout(Duration.ofMillis(1500)))
                .hasMessage("query-timeout: expected a positive whole number of seconds, got '1500ms'");
        assertThatThrownBy(() -> builder.queryTimeout(Duration.ofSeconds(-2)))
                .hasMessage("query-timeout: expected a positive whole number of seconds, got '-2s'");
        assertThat(builder.queryTimeout(Duration.ofSeconds(5)).build().queryTimeout()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void defaultsAreTheDocumentedTableAndTimeout() {
        JdbcTokenStore store = JdbcTokenStore.builder(h2).build();

        assertThat(store.tableName()).isEqualTo("speakr_api_tokens");
        assertThat(store.queryTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(store).hasToString("JdbcTokenStore[table-name=speakr_api_tokens, query-timeout=2s, notify-channel=none]");
    }

    @Test
    void applyWhenEverySettingGivenThenEachReachesItsSetterAndTheDescription() {
        Map<String, String> settings = Map.of(JdbcTokenStoreSettings.TABLE_NAME, "tokens.api_tokens",
                JdbcTokenStoreSettings.QUERY_TIMEOUT, "PT5S", JdbcTokenStoreSettings.NOTIFY_CHANNEL, "revoked");
        assertThat(settings.keySet()).as("every setting is set here").isEqualTo(JdbcTokenStoreSettings.NAMES);

        assertThat(SettingsTable.description(JdbcTokenStore.builder(h2).apply(settings).build()))
                .containsEntry("table-name", "tokens.api_tokens").containsEntry("query-timeout", "5s")
                .containsEntry("notify-channel", "revoked");
        assertThatThrownBy(() -> JdbcTokenStore.builder(h2).apply(Map.of("table", "x")))
                .hasMessage("table: expected one of the known settings [notify-channel, query-timeout, table-name],"
                        + " got 'x'");
        assertThatThrownBy(() -> JdbcTokenStore.builder(h2).apply(Map.of("query-timeout", "soon")))
                .hasMessage("query-timeout: expected a duration such as 30s, 5m, 90d or PT30S, got 'soon'");
    }

    @Test
    void readmeTableWhenReadThenSameNamesSettersAndDefaultsAsTheCode() {
        SettingsTable.assertDocuments(Path.of("..", "README.md"), "## JDBC store", JdbcTokenStore.Builder.class,
                JdbcTokenStoreSettings.NAMES, JdbcTokenStore.builder(h2).build());
    }

    @Test
    void readmeCarriesTheWiringSnippetOfReadmeWiringInCodeRuns() throws Exception {
        String source = Files.readString(Path.of("src/test/java/org/speakr/token/jdbc/JdbcTokenStoreTest.java"));
        int start = source.indexOf("// README: wiring in code (keep in sync with README.md)\n") + 56;
        String snippet = source.substring(start, source.indexOf("            assertThat(tokens.authenticate(token)", start));
        assertThat(Files.readString(Path.of("..", "README.md")))
                .contains(snippet.replaceAll("(?m)^ {8}", "") + "}\n");
    }

    @Test
    void everyStatementCarriesTheQueryTimeout() {
        RecordingDataSource recording = new RecordingDataSource(h2);
        String table = TestDatabases.uniqueTableName(JdbcTokenStoreTest.class);
        H2_TABLES.add(table);
        JdbcTokenStore store = JdbcTokenStore.builder(recording.dataSource()).tableName(table)
                .queryTimeout(Duration.ofSeconds(3)).build();
        store.initializeSchema();
        TokenRecord record = record("alice", 2, null, null);
        store.insert(record);
        store.findByHash(record.hash());
        store.findByOwner("alice");
        store.updateLastUsed(java.util.Map.of(record.id(), NOW));
        store.revoke("alice", record.id(), NOW, RevocationReason.MANUAL);
        store.revokeAll("alice", NOW, RevocationReason.ALL);
        store.revokedSince(NOW);
        store.purge(Duration.ofDays(1));
        store.updateLastUse(Map.of(record.id(), new LastUse(NOW, "192.0.2.7", "curl/8")));
        store.findExpiringBetween(NOW, NOW.plus(Duration.ofDays(7)));
        store.claimExpiryNotice(record.id(), Duration.ofDays(7));
        store.findUnusedBefore(NOW.minus(Duration.ofDays(90)), NOW);
        store.purge(NOW);

        assertThat(recording.statements.get()).isGreaterThanOrEqualTo(15);
        assertThat(recording.queryTimeouts).hasSize(recording.statements.get()).containsOnly(3);
    }

    @Test
    void readmeWiringInCodeRuns() {
        DataSource dataSource = h2;
        H2_TABLES.add("speakr_api_tokens");
        // README: wiring in code (keep in sync with README.md)
        JdbcTokenStore store = JdbcTokenStore.builder(dataSource)
                .tableName("speakr_api_tokens")
                .queryTimeout(Duration.ofSeconds(2))
                .build();
        store.initializeSchema(); // optional: or run schema-<database>.sql with your migrations
        try (ApiTokens tokens = ApiTokens.builder().store(store).build()) {
            String token = tokens.create("alice", "n8n", Expiration.after(Duration.ofDays(90))).token().reveal();
            assertThat(tokens.authenticate(token).isAuthenticated()).isTrue();
        }
        // README: purge, e.g. once a day from a scheduler
        int deleted = store.purge(Duration.ofDays(30));
        assertThat(deleted).isZero();
    }

    @Test
    void writesCommitEvenWhenThePoolHandsOutConnectionsWithoutAutoCommit() {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:h2:mem:no-auto-commit;DB_CLOSE_DELAY=-1");
        config.setAutoCommit(false);
        config.setMaximumPoolSize(2);
        config.setPoolName("no-auto-commit");
        try (HikariDataSource pool = new HikariDataSource(config)) {
            JdbcTokenStore store = JdbcTokenStore.builder(pool).tableName("manual_commit_tokens").build();
            store.initializeSchema();
            TokenRecord record = record("alice", 30, null, null);
            TokenRecord other = record("alice", 31, null, null);

            store.insert(record);
            store.insert(other);
            store.updateLastUsed(java.util.Map.of(record.id(), NOW));
            store.revoke("alice", record.id(), NOW.plusSeconds(1), RevocationReason.MANUAL);
            store.revokeAll("alice", NOW.plusSeconds(2), RevocationReason.ALL);

            JdbcTokenStore fresh = JdbcTokenStore.builder(TestDatabases.h2("no-auto-commit"))
                    .tableName("manual_commit_tokens").build();
            assertThat(fresh.findByHash(record.hash()))
                    .contains(record.withLastUsedAt(NOW)
                            .withRevocation(NOW.plusSeconds(1), RevocationReason.MANUAL));
            assertThat(fresh.findByHash(other.hash()))
                    .contains(other.withRevocation(NOW.plusSeconds(2), RevocationReason.ALL));
        }
    }

    // ------------------------------------------------------------------ schema

    @Test
    void initializeSchemaTwiceOnH2IsHarmless() {
        JdbcTokenStore store = newStore(h2, H2_TABLES);
        TokenRecord record = record("alice", 3, null, null);
        store.insert(record);

        store.initializeSchema();

        assertThat(store.findByHash(record.hash())).contains(record);
    }

    @Test
    void initializeSchemaTwiceOnPostgresqlIsHarmlessAndCreatesTheFiveIndexes() throws SQLException {
        JdbcTokenStore store = newStore(postgres, POSTGRES_TABLES);
        TokenRecord record = record("alice", 4, null, null);
        store.insert(record);

        store.initializeSchema();

        assertThat(store.findByHash(record.hash())).contains(record);
        List<String> indexes = new ArrayList<>();
        try (Connection connection = postgres.getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT indexdef FROM pg_indexes WHERE tablename = ? ORDER BY indexname")) {
            statement.setString(1, store.tableName());
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    indexes.add(rows.getString(1).replace("public." + store.tableName(), "T")
                            .replace(store.tableName(), "T"));
                }
            }
        }
        assertThat(indexes).containsExactly(
                "CREATE INDEX T_expires_ix ON T USING btree (expires_at)",
                "CREATE UNIQUE INDEX T_hash_uk ON T USING btree (token_hash)",
                "CREATE INDEX T_owner_ix ON T USING btree (owner)",
                "CREATE INDEX T_parent_ix ON T USING btree (parent_id)",
                "CREATE UNIQUE INDEX T_pkey ON T USING btree (id)",
                "CREATE INDEX T_revoked_ix ON T USING btree (revoked_at)");
    }

    @Test
    void initializeSchemaTwiceOnMariaDbIsHarmless() {
        DataSource mariaDb = TestDatabases.mariaDb();
        String table = TestDatabases.uniqueTableName(JdbcTokenStoreTest.class);
        try {
            JdbcTokenStore store = JdbcTokenStore.builder(mariaDb).tableName(table).build();
            store.initializeSchema();
            TokenRecord record = record("alice", 5, null, null);
            store.insert(record);

            store.initializeSchema();

            assertThat(store.findByHash(record.hash())).contains(record);
        } finally {
            TestDatabases.dropTable(mariaDb, table);
        }
    }

    @Test
    void initializeSchemaWhenTheDatabaseIsUnsupportedThenSaysWhatToDo() {
        assertThatThrownBy(() -> Dialect.of("Apache Derby"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("initializeSchema supports H2, PostgreSQL, MySQL, MariaDB and SQLite, not 'Apache Derby';"
                        + " create the table from one of the schema-*.sql resources instead");
    }

    // ------------------------------------------------------------------ purge

    @Test
    void purgeDeletesTokensExpiredOrRevokedLongerAgoThanTheAgeAndKeepsTheRest() {
        String table = TestDatabases.uniqueTableName(JdbcTokenStoreTest.class);
        H2_TABLES.add(table);
        JdbcTokenStore store = JdbcTokenStore.builder(h2).tableName(table)
                .clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();
        store.initializeSchema();
        Duration age = Duration.ofDays(30);
        TokenRecord expiredLongAgo = record("alice", 10, NOW.minus(age).minusMillis(1), null);
        TokenRecord expiredAtTheCutoff = record("alice", 11, NOW.minus(age), null);
        TokenRecord expiredRecently = record("alice", 12, NOW.minus(Duration.ofDays(1)), null);
        TokenRecord revokedLongAgo = record("alice", 13, null, NOW.minus(Duration.ofDays(31)));
        TokenRecord revokedRecently = record("alice", 14, NOW.plus(Duration.ofDays(90)), NOW.minusSeconds(5));
        TokenRecord neverExpires = record("alice", 15, null, null);
        TokenRecord active = record("bob", 16, NOW.plus(Duration.ofDays(7)), null);
        for (TokenRecord r : List.of(expiredLongAgo, expiredAtTheCutoff, expiredRecently, revokedLongAgo,
                revokedRecently, neverExpires, active)) {
            store.insert(r);
        }

        assertThat(store.purge(age)).isEqualTo(2);

        assertThat(store.findByOwner("alice")).extracting(TokenRecord::id).containsExactlyInAnyOrder(
                expiredAtTheCutoff.id(), expiredRecently.id(), revokedRecently.id(), neverExpires.id());
        assertThat(store.findByOwner("bob")).containsExactly(active);
        assertThat(store.purge(age)).isZero();
    }

    @Test
    void purgeWhenTheAgeIsNegativeThenRefused() {
        JdbcTokenStore store = JdbcTokenStore.builder(h2).build();

        assertThatThrownBy(() -> store.purge(Duration.ofDays(-1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("olderThan must not be negative: PT-24H");
    }

    // ------------------------------------------------------------------ failures

    @Test
    void storeFailureNamesTheOperationButNoParameterValue() {
        JdbcTokenStore store = JdbcTokenStore.builder(h2).tableName("no_such_table").build();
        String hash = sha256Hex("never-shown");

        assertThatThrownBy(() -> store.findByHash(hash))
                .isInstanceOf(TokenStoreException.class)
                .hasMessage("token store failed on findByHash (table no_such_table): JdbcSQLSyntaxErrorException,"
                        + " SQLState 42S02, error code 42102")
                .hasCauseInstanceOf(SQLException.class);
        assertThatThrownBy(() -> store.revoke("alice-owner", "id-123", NOW, RevocationReason.MANUAL))
                .hasMessageStartingWith("token store failed on revoke (table no_such_table): ")
                .hasMessageNotContaining("alice-owner").hasMessageNotContaining("id-123");
        assertThatThrownBy(() -> store.updateLastUse(Map.of("id-123", new LastUse(NOW, "203.0.113.99", "agent-x/1"))))
                .hasMessageStartingWith("token store failed on updateLastUse (table no_such_table): ")
                .hasMessageNotContaining("id-123").hasMessageNotContaining("203.0.113.99")
                .hasMessageNotContaining("agent-x");
        assertThatThrownBy(() -> store.claimExpiryNotice("id-123", Duration.ofDays(7)))
                .hasMessageStartingWith("token store failed on claimExpiryNotice (table no_such_table): ")
                .hasMessageNotContaining("id-123");
        assertThatThrownBy(() -> store.findExpiringBetween(NOW, NOW.plusSeconds(60)))
                .hasMessageStartingWith("token store failed on findExpiringBetween (table no_such_table): ");
        assertThatThrownBy(() -> store.findUnusedBefore(NOW, NOW))
                .hasMessageStartingWith("token store failed on findUnusedBefore (table no_such_table): ");
        assertThatThrownBy(() -> store.purge(NOW))
                .hasMessageStartingWith("token store failed on purge (table no_such_table): ");
    }

    @Test
    void insertWhenDuplicateThenTokenStoreExceptionWithoutTheValues() {
        JdbcTokenStore store = newStore(h2, H2_TABLES);
        TokenRecord record = record("alice", 20, null, null);
        store.insert(record);

        assertThatThrownBy(() -> store.insert(record))
                .isInstanceOf(TokenStoreException.class)
                .hasMessage("token store failed on insert: duplicate token id or hash in table " + store.tableName()
                        + " (SQLState 23505)")
                .hasMessageNotContaining(record.id()).hasMessageNotContaining(record.hash());
    }

    @Test
    void instantOutsideTheStorableRangeIsRefused() {
        JdbcTokenStore store = newStore(h2, H2_TABLES);
        TokenRecord record = record("alice", 21, Instant.MAX, null);

        assertThatThrownBy(() -> store.insert(record)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("expiresAt is outside the storable range (about ±292,000 years around 1970): "
                        + Instant.MAX);
    }

    @Test
    void findByHashWhenTheTableIsLockedThenTokenStoreExceptionWithinTheQueryTimeout() throws SQLException {
        JdbcTokenStore created = newStore(postgres, POSTGRES_TABLES);
        JdbcTokenStore store = JdbcTokenStore.builder(postgres).tableName(created.tableName())
                .queryTimeout(Duration.ofSeconds(1)).build();
        try (Connection locker = postgres.getConnection(); Statement lock = locker.createStatement()) {
            locker.setAutoCommit(false);
            lock.execute("LOCK TABLE " + store.tableName() + " IN ACCESS EXCLUSIVE MODE");
            long start = System.nanoTime();

            assertThatThrownBy(() -> store.findByHash(sha256Hex("x")))
                    .isInstanceOf(TokenStoreException.class)
                    .hasMessageStartingWith("token store failed on findByHash (table " + store.tableName() + "): ");

            Duration took = Duration.ofNanos(System.nanoTime() - start);
            System.out.println("findByHash on a locked table failed after " + took.toMillis() + " ms (timeout 1 s)");
            assertThat(took).isBetween(Duration.ofMillis(900), Duration.ofMillis(2500));
            locker.rollback();
        }
    }

    // ------------------------------------------------------------------ secrets

    @Test
    void noBoundSqlParameterEverHoldsATokenPlaintext() {
        RecordingDataSource recording = new RecordingDataSource(h2);
        String table = TestDatabases.uniqueTableName(JdbcTokenStoreTest.class);
        H2_TABLES.add(table);
        JdbcTokenStore store = JdbcTokenStore.builder(recording.dataSource()).tableName(table).build();
        store.initializeSchema();
        List<String> plaintexts = new ArrayList<>();
        try (ApiTokens node1 = ApiTokens.builder().store(store).build();
                ApiTokens node2 = ApiTokens.builder().store(store).build()) {
            CreatedToken a = node1.create("alice", "n8n 'prod'", Expiration.after(Duration.ofDays(30)), Set.of("recordings:read"));
            CreatedToken b = node1.create("alice", "zapier", Expiration.never());
            CreatedToken c = node1.create("bob", "cron", Expiration.after(Duration.ofDays(7)));
            for (CreatedToken created : List.of(a, b, c)) {
                plaintexts.add(created.token().reveal());
            }
            for (String token : plaintexts) {
                assertThat(node1.authenticate(token).isAuthenticated()).isTrue();
                assertThat(node1.authenticate(token).isAuthenticated()).isTrue();
                assertThat(node2.authenticate(token).isAuthenticated()).isTrue();
            }
            String unknown = plaintexts.get(0).substring(0, 10) + "ZZZZ" + plaintexts.get(0).substring(14);
            node1.authenticate(unknown);
            node1.list("alice");
            node1.list("bob");
            // Rotation, the successor's first use (which retires the original) and the lifecycle sweep.
            String successor = node1.rotate("bob", c.info().id(), Duration.ofMinutes(5)).token().reveal();
            plaintexts.add(successor);
            assertThat(node2.authenticate(successor, AuthenticationContext.defaults(),
                    ClientInfo.of("192.0.2.7", "curl/8.5.0")).isAuthenticated()).isTrue();
            node1.runMaintenance();
            node1.revoke("alice", a.info().id());
            node1.revokeAll("alice");
            assertThat(node1.authenticate(plaintexts.get(1))).isEqualTo(
                    AuthenticationResult.Rejected.of(RejectionReason.REVOKED));
            node1.flushLastUsed();
            node2.flushLastUsed();
            // The lifecycle operations of the store, called directly with the ids the service made.
            store.updateLastUse(Map.of(a.info().id(), new LastUse(Instant.now(), "192.0.2.7", "curl/8.5.0")));
            store.findExpiringBetween(Instant.now(), Instant.now().plus(Duration.ofDays(31)));
            store.claimExpiryNotice(c.info().id(), Duration.ofDays(7));
            store.findUnusedBefore(Instant.now().plusSeconds(1), Instant.now());
            store.revoke("bob", c.info().id(), Instant.now().plus(Duration.ofHours(1)), RevocationReason.ROTATED);
            store.revoke("bob", c.info().id(), Instant.now(), RevocationReason.MANUAL);
            store.purge(Instant.now().minus(Duration.ofDays(1)));
        }
        synchronized (recording.parameters) {
            recording.parameters.forEach(p -> TokenCanary.scan(String.valueOf(p), "bound SQL parameter"));
        }
        synchronized (recording.sql) {
            recording.sql.forEach(sql -> TokenCanary.scan(sql, "SQL text"));
        }

        assertThat(recording.parameters).as("the proxy saw the bound values").contains(sha256Hex(plaintexts.get(0)));
        assertThat(recording.executeBatchCalls.get()).as("last-used flushes seen").isPositive();
        for (String plaintext : plaintexts) {
            String secretPart = plaintext.substring("spk_".length());
            assertThat(recording.parameters).noneMatch(p -> String.valueOf(p).contains(secretPart));
            assertThat(recording.sql).noneMatch(sql -> sql.contains(secretPart));
        }
    }

    // ------------------------------------------------------------------ several nodes, outages, volume

    @Test
    void revocationOnOneNodeReachesAnotherNodeThatCachedTheTokenWithinTheFeedIntervalPlusOneSecond()
            throws InterruptedException {
        String table = newStore(postgres, POSTGRES_TABLES).tableName();
        EmbeddedPostgres pg = TestDatabases.postgres();
        RecordingDataSource node2Database = new RecordingDataSource(pg.getPostgresDatabase());
        Duration feedInterval = Duration.ofSeconds(1);
        try (ApiTokens node1 = ApiTokens.builder()
                        .store(JdbcTokenStore.builder(pg.getPostgresDatabase()).tableName(table).build())
                        .revocationPollInterval(feedInterval).build();
                ApiTokens node2 = ApiTokens.builder()
                        .store(JdbcTokenStore.builder(node2Database.dataSource()).tableName(table).build())
                        .revocationPollInterval(feedInterval).build()) {
            CreatedToken created = node1.create("alice", "n8n", Expiration.after(Duration.ofDays(30)));
            String token = created.token().reveal();
            assertThat(node1.authenticate(token).isAuthenticated()).isTrue();
            assertThat(node2.authenticate(token).isAuthenticated()).isTrue();
            int queriesBefore = node2Database.executeQueryCalls.get();
            assertThat(node2.authenticate(token).isAuthenticated()).isTrue();
            assertThat(node2Database.executeQueryCalls.get() - queriesBefore)
                    .as("node 2 answers from its cache").isLessThanOrEqualTo(1);

            node1.revoke("alice", created.info().id());
            long revokedAt = System.nanoTime();

            assertThat(node1.authenticate(token)).isEqualTo(AuthenticationResult.Rejected.of(RejectionReason.REVOKED));
            Duration deadline = feedInterval.plusSeconds(1);
            AuthenticationResult onNode2 = node2.authenticate(token);
            while (onNode2.isAuthenticated() && System.nanoTime() - revokedAt < deadline.toNanos()) {
                Thread.sleep(10);
                onNode2 = node2.authenticate(token);
            }
            Duration took = Duration.ofNanos(System.nanoTime() - revokedAt);
            System.out.println("Revocation on node 1 reached node 2 after " + took.toMillis() + " ms (feed interval "
                    + feedInterval.toMillis() + " ms)");
            assertThat(onNode2).isEqualTo(AuthenticationResult.Rejected.of(RejectionReason.REVOKED));
            assertThat(took).isLessThan(deadline);
        }
    }

    @Test
    void authenticateWhenPostgresqlIsDownThenStoreFailureWithinTheTimeoutAndWorksAgainWhenItIsBack()
            throws Exception {
        Path dataDirectory = Files.createTempDirectory("speakr-pg-outage");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        EmbeddedPostgres pg = startPostgres(dataDirectory, port);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:postgresql://localhost:" + port + "/postgres?user=postgres");
        config.setConnectionTimeout(2_000);
        config.setMaximumPoolSize(2);
        config.setPoolName("outage-test");
        Duration queryTimeout = Duration.ofSeconds(2);
        try (HikariDataSource pool = new HikariDataSource(config)) {
            JdbcTokenStore store = JdbcTokenStore.builder(pool).queryTimeout(queryTimeout).build();
            store.initializeSchema();
            try (ApiTokens tokens = ApiTokens.builder().store(store).revocationPollInterval(Duration.ZERO).build()) {
                String cached = tokens.create("alice", "cached", Expiration.after(Duration.ofDays(30))).token().reveal();
                String uncached = tokens.create("alice", "uncached", Expiration.after(Duration.ofDays(30))).token().reveal();
                assertThat(tokens.authenticate(cached).isAuthenticated()).isTrue();

                pg.close();
                long start = System.nanoTime();
                assertThatThrownBy(() -> tokens.authenticate(uncached)).isInstanceOf(TokenStoreException.class)
                        .hasMessageStartingWith("token store failed on findByHash (table speakr_api_tokens): ");
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                System.out.println("authenticate with PostgreSQL down failed after " + took.toMillis() + " ms");
                assertThat(took).isLessThan(queryTimeout.plusMillis(1_500));
                long again = System.nanoTime();
                assertThatThrownBy(() -> tokens.authenticate(uncached))
                        .as("the failure was not cached as unknown").isInstanceOf(TokenStoreException.class);
                Duration tookAgain = Duration.ofNanos(System.nanoTime() - again);
                System.out.println("authenticate with PostgreSQL still down (no pooled connection left) failed after "
                        + tookAgain.toMillis() + " ms");
                assertThat(tookAgain).isLessThan(queryTimeout.plusMillis(1_500));
                assertThat(tokens.authenticate(cached).isAuthenticated()).as("cached tokens keep working").isTrue();

                pg = startPostgres(dataDirectory, port);
                long back = System.nanoTime();
                AuthenticationResult result = null;
                while (result == null && System.nanoTime() - back < Duration.ofSeconds(15).toNanos()) {
                    try {
                        result = tokens.authenticate(uncached);
                    } catch (TokenStoreException stillReconnecting) {
                        Thread.sleep(100);
                    }
                }
                System.out.println("authenticate worked again " + Duration.ofNanos(System.nanoTime() - back).toMillis()
                        + " ms after PostgreSQL restarted");
                assertThat(result).isNotNull();
                assertThat(result.isAuthenticated()).isTrue();
            }
        } finally {
            pg.close();
            deleteRecursively(dataDirectory);
        }
    }

    @Test
    void withOneHundredThousandTokensTheLookupsAreIndexScansAndTenThousandLastUsesAreOneBatch()
            throws SQLException {
        EmbeddedPostgres pg = TestDatabases.postgres();
        String table = newStore(postgres, POSTGRES_TABLES).tableName();

        // 10,000 real tokens (minted in memory, so their plaintexts are known) plus 90,000 generated records.
        InMemoryTokenStore mint = new InMemoryTokenStore();
        List<String> plaintexts = new ArrayList<>();
        try (ApiTokens minter = ApiTokens.builder().store(mint).revocationPollInterval(Duration.ZERO).build()) {
            for (int i = 0; i < 10_000; i++) {
                plaintexts.add(minter.create("minted", "token " + i, Expiration.after(Duration.ofDays(30))).token().reveal());
            }
        }
        List<TokenRecord> records = new ArrayList<>(mint.findByOwner("minted"));
        for (int i = 0; i < 90_000; i++) {
            records.add(record("owner" + (i % 1_000), 1_000_000 + i, i % 3 == 0 ? null : NOW.plusSeconds(i), null));
        }
        long insertStart = System.nanoTime();
        bulkInsert(pg.getJdbcUrl("postgres", "postgres") + "&reWriteBatchedInserts=true", table, records);
        System.out.println("Inserted " + records.size() + " tokens in "
                + Duration.ofNanos(System.nanoTime() - insertStart).toMillis() + " ms");

        String plan = explainLookup(table, records.get(54_321).hash());
        System.out.println("EXPLAIN of the lookup by hash: " + plan);
        assertThat(plan).startsWith("Index Scan using " + table + "_hash_uk on " + table);
        // The expiry-notice sweep's window (here about 2,400 of the 100,000 rows) is a range on the expires_at index.
        String expiringPlan = explain(new Queries(table).findExpiringBetween,
                EpochMicros.of("now", NOW), EpochMicros.of("until", NOW.plus(Duration.ofHours(1))), EpochMicros.of("now", NOW));
        System.out.println("EXPLAIN of findExpiringBetween over one hour: " + expiringPlan);
        assertThat(expiringPlan).contains(table + "_expires_ix");
        // The unused-token sweep reads the table (no index serves COALESCE(last_used_at, created_at)): the 90,000
        // generated tokens were created 60 days before NOW and never used; the 10,000 minted ones are newer.
        JdbcTokenStore sweeping = JdbcTokenStore.builder(postgres).tableName(table).queryTimeout(Duration.ofSeconds(30))
                .build();
        long sweepStart = System.nanoTime();
        List<TokenRecord> unused = sweeping.findUnusedBefore(NOW.minus(Duration.ofDays(30)), NOW);
        System.out.println("findUnusedBefore over " + records.size() + " tokens found " + unused.size() + " in "
                + Duration.ofNanos(System.nanoTime() - sweepStart).toMillis() + " ms");
        assertThat(unused).hasSize(90_000).allMatch(r -> r.owner().startsWith("owner"));

        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(pg.getJdbcUrl("postgres", "postgres"));
        config.setMaximumPoolSize(2);
        config.setPoolName("volume-test");
        JdbcTokenStore store;
        String updateLastUse = "UPDATE " + table + " SET last_used_at = ?, last_used_address = ?,"
                + " last_used_user_agent = ? WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)";
        try (HikariDataSource pool = new HikariDataSource(config)) {
            RecordingDataSource recording = new RecordingDataSource(pool);
            // The one 10,000-row batch takes ~1.8 s on a quiet 2-core machine, close to the 2 s default query
            // timeout; this test is about batching and the index, so a loaded machine must not time it out.
            store = JdbcTokenStore.builder(recording.dataSource()).tableName(table)
                    .queryTimeout(Duration.ofSeconds(30)).build();
            try (ApiTokens node = ApiTokens.builder().store(store).lastUsedWriteInterval(Duration.ofHours(1))
                    .revocationPollInterval(Duration.ZERO).build()) {
                ClientInfo client = ClientInfo.of("203.0.113.5", "n8n/1.0");
                for (String token : plaintexts) {
                    assertThat(node.authenticate(token, AuthenticationContext.defaults(), client).isAuthenticated())
                            .isTrue();
                }
                recording.reset();
                long flushStart = System.nanoTime();

                node.flushLastUsed();

                System.out.println("One flush of " + plaintexts.size() + " last uses: "
                        + recording.executeBatchCalls.get() + " executeBatch, " + recording.addBatchCalls.get()
                        + " addBatch, " + Duration.ofNanos(System.nanoTime() - flushStart).toMillis() + " ms");
                assertThat(recording.executeBatchCalls.get()).isEqualTo(1);
                assertThat(recording.addBatchCalls.get()).isEqualTo(10_000);
                assertThat(recording.sql).containsExactly(updateLastUse);

                // 10,000 uses of one token in one interval are still one write of one row.
                for (int i = 0; i < 10_000; i++) {
                    node.authenticate(plaintexts.get(0), AuthenticationContext.defaults(), client);
                }
                recording.reset();
                node.flushLastUsed();
                assertThat(recording.executeBatchCalls.get()).isEqualTo(1);
                assertThat(recording.addBatchCalls.get()).isEqualTo(1);
            }
            assertThat(count(table, "owner = 'minted' AND last_used_address = '203.0.113.5'"
                    + " AND last_used_user_agent = 'n8n/1.0'")).isEqualTo(10_000);

            // The store itself: 10,000 uses with client facts in one updateLastUse call are one JDBC batch of one
            // statement, which moves each instant forward and writes the address and user agent with it.
            Instant later = Instant.now().plus(Duration.ofDays(1));
            Map<String, LastUse> uses = new java.util.HashMap<>();
            mint.findByOwner("minted").forEach(r -> uses.put(r.id(), new LastUse(later, "198.51.100.7", "ci/1.0")));
            recording.reset();
            long flushStart = System.nanoTime();

            store.updateLastUse(uses);

            System.out.println("One updateLastUse of " + uses.size() + " uses with client facts: "
                    + recording.executeBatchCalls.get() + " executeBatch, " + recording.addBatchCalls.get()
                    + " addBatch, " + Duration.ofNanos(System.nanoTime() - flushStart).toMillis() + " ms");
            assertThat(recording.executeBatchCalls.get()).isEqualTo(1);
            assertThat(recording.addBatchCalls.get()).isEqualTo(10_000);
            assertThat(recording.sql).containsExactly(updateLastUse);
        }
        assertThat(count(table, "owner = 'minted' AND last_used_at IS NOT NULL")).isEqualTo(10_000);
        assertThat(count(table, "owner = 'minted' AND last_used_address = '198.51.100.7'"
                + " AND last_used_user_agent = 'ci/1.0'")).isEqualTo(10_000);
        assertThat(count(table, "1 = 1")).isEqualTo(100_000);
    }

    // ------------------------------------------------------------------ helpers

    private static EmbeddedPostgres startPostgres(Path dataDirectory, int port) throws IOException {
        return EmbeddedPostgres.builder().setDataDirectory(dataDirectory).setCleanDataDirectory(false).setPort(port)
                .start();
    }

    private static void bulkInsert(String url, String table, List<TokenRecord> records) throws SQLException {
        try (Connection connection = java.sql.DriverManager.getConnection(url);
                PreparedStatement insert = connection.prepareStatement(TestDatabases.insertV0(table))) {
            connection.setAutoCommit(false);
            int pending = 0;
            for (TokenRecord r : records) {
                TestDatabases.bindV0(insert, r);
                insert.addBatch();
                if (++pending == 5_000) {
                    insert.executeBatch();
                    pending = 0;
                }
            }
            insert.executeBatch();
            connection.commit();
            try (Statement analyze = connection.createStatement()) {
                connection.setAutoCommit(true);
                analyze.execute("ANALYZE " + table);
            }
        }
    }

    private static String explainLookup(String table, String hash) throws SQLException {
        try (Connection connection = postgres.getConnection();
                PreparedStatement explain = connection.prepareStatement("EXPLAIN SELECT id, owner, name, token_hash,"
                        + " hash_key_id, hint, scopes, created_at, expires_at, last_used_at, revoked_at FROM " + table
                        + " WHERE token_hash = ?")) {
            explain.setString(1, hash);
            try (ResultSet rows = explain.executeQuery()) {
                rows.next();
                return rows.getString(1);
            }
        }
    }

    /** @return the whole plan of a query with Long parameters, one line per plan row */
    private static String explain(String sql, Long... parameters) throws SQLException {
        try (Connection connection = postgres.getConnection();
                PreparedStatement explain = connection.prepareStatement("EXPLAIN " + sql)) {
            for (int i = 0; i < parameters.length; i++) {
                explain.setLong(i + 1, parameters[i]);
            }
            StringBuilder plan = new StringBuilder();
            try (ResultSet rows = explain.executeQuery()) {
                while (rows.next()) {
                    plan.append(rows.getString(1)).append('\n');
                }
            }
            return plan.toString();
        }
    }

    private static long count(String table, String where) throws SQLException {
        try (Connection connection = postgres.getConnection(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT count(*) FROM " + table + " WHERE " + where)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static TokenRecord record(String owner, int n, Instant expiresAt, Instant revokedAt) {
        return new TokenRecord("id" + n, owner, "token " + n, sha256Hex("token-" + n), TokenRecord.SHA256_KEY_ID,
                "spk_…" + n % 10_000, Set.of(), NOW.minus(Duration.ofDays(60)), expiresAt, null, revokedAt,
                revokedAt == null ? null : RevocationReason.MANUAL, null);
    }

    private static String sha256Hex(String text) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    private static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
