package org.speakr.token.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.speakr.token.core.ApiTokenPrincipal;
import org.speakr.token.core.ApiTokens;
import org.speakr.token.core.AuthenticationResult;
import org.speakr.token.core.CreatedToken;
import org.speakr.token.core.Expiration;
import org.speakr.token.core.RejectionReason;
import org.speakr.token.core.RevocationReason;
import org.speakr.token.core.TokenInfo;
import org.speakr.token.core.spi.InMemoryTokenStore;
import org.speakr.token.core.spi.TokenRecord;

/**
 * Issue 12, item 1, store part: {@link JdbcTokenStore#initializeSchema()} upgrades a table created with the
 * schema of release 0.1 (kept as the test resources {@code v0/schema-*.sql}) in place: its tokens still
 * authenticate and list, a token revoked before reads as {@code MANUAL}, and child tokens work on it.
 */
class SchemaUpgradeTest {
    private static final String OLD_COLUMNS =
            "id, owner, name, token_hash, hash_key_id, hint, scopes, created_at, expires_at, last_used_at, revoked_at";

    static Stream<Arguments> databases() {
        return Stream.of(
                Arguments.of("H2", (DatabaseFactory) () -> TestDatabases.h2("schema-upgrade-test"), "v0/schema-h2.sql"),
                Arguments.of("PostgreSQL", (DatabaseFactory) () -> TestDatabases.postgres().getPostgresDatabase(),
                        "v0/schema-postgresql.sql"),
                Arguments.of("MariaDB", (DatabaseFactory) TestDatabases::mariaDb, "v0/schema-mysql.sql"));
    }

    @FunctionalInterface
    interface DatabaseFactory {
        DataSource open();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void initializeSchemaUpgradesATableOfTheOldSchemaInPlace(String database, DatabaseFactory factory,
            String oldSchema) throws Exception {
        DataSource dataSource = factory.open();
        String table = TestDatabases.uniqueTableName(SchemaUpgradeTest.class);
        Dialect dialect = Dialect.of(database);
        try {
            for (String ddl : dialect.statements(oldSchema, table)) {
                TestDatabases.execute(dataSource, ddl);
            }
            // Tokens made before the upgrade: one active, one revoked, written with the old column list.
            CreatedToken active;
            CreatedToken revoked;
            List<TokenRecord> old;
            InMemoryTokenStore elsewhere = new InMemoryTokenStore();
            try (ApiTokens before = ApiTokens.builder().store(elsewhere).build()) {
                active = before.create("alice", "n8n", Expiration.after(Duration.ofDays(30)), Set.of("tokens:write"));
                revoked = before.create("alice", "old ci", Expiration.never());
                before.revoke("alice", revoked.info().id());
                old = elsewhere.findByOwner("alice");
            }
            insertWithOldColumns(dataSource, table, old);

            JdbcTokenStore store = JdbcTokenStore.builder(dataSource).tableName(table).build();
            store.initializeSchema();
            store.initializeSchema();

            try (ApiTokens after = ApiTokens.builder().store(store).revocationPollInterval(Duration.ZERO).build()) {
                AuthenticationResult result = after.authenticate(active.token().reveal());
                assertThat(result.isAuthenticated()).isTrue();
                assertThat(after.authenticate(revoked.token().reveal()))
                        .isEqualTo(AuthenticationResult.Rejected.of(RejectionReason.REVOKED));
                assertThat(after.list("alice")).extracting(TokenInfo::name, TokenInfo::revocationReason,
                        TokenInfo::parentId).containsExactlyInAnyOrder(
                        tuple("n8n", null, null), tuple("old ci", RevocationReason.MANUAL, null));
                assertThat(after.list("alice", 1, 1).total()).isEqualTo(2);

                ApiTokenPrincipal parent = ((AuthenticationResult.Authenticated) result).principal();
                CreatedToken child = after.createChild(parent, "child", Expiration.after(Duration.ofDays(1)),
                        Set.of("tokens:write"));
                after.revoke("alice", parent.tokenId());
                assertThat(after.authenticate(child.token().reveal()).isAuthenticated()).isFalse();
                assertThat(after.list("alice")).filteredOn(info -> "child".equals(info.name()))
                        .extracting(TokenInfo::revocationReason, TokenInfo::parentId)
                        .containsExactly(tuple(RevocationReason.PARENT, parent.tokenId()));
            }
        } finally {
            TestDatabases.dropTable(dataSource, table);
        }
    }

    private static void insertWithOldColumns(DataSource dataSource, String table, List<TokenRecord> records)
            throws Exception {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement("INSERT INTO " + table + " (" + OLD_COLUMNS
                        + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (TokenRecord r : records) {
                insert.setString(1, r.id());
                insert.setString(2, r.owner());
                insert.setString(3, r.name());
                insert.setString(4, r.hash());
                insert.setString(5, r.hashKeyId());
                insert.setString(6, r.hint());
                insert.setString(7, String.join(" ", r.scopes()));
                insert.setLong(8, EpochMicros.of("createdAt", r.createdAt()));
                setInstant(insert, 9, r.expiresAt());
                setInstant(insert, 10, r.lastUsedAt());
                setInstant(insert, 11, r.revokedAt());
                insert.executeUpdate();
            }
            if (!connection.getAutoCommit()) {
                connection.commit();
            }
        }
    }

    private static void setInstant(PreparedStatement statement, int index, Instant instant) throws Exception {
        if (instant == null) {
            statement.setNull(index, java.sql.Types.BIGINT);
        } else {
            statement.setLong(index, EpochMicros.of("instant", instant));
        }
    }
}
