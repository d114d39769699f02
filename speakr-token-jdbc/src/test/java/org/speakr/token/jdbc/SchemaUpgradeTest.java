package org.speakr.token.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.speakr.token.core.AllowedNetworks;
import org.speakr.token.core.ApiTokenPrincipal;
import org.speakr.token.core.ApiTokens;
import org.speakr.token.core.AuthenticationContext;
import org.speakr.token.core.AuthenticationResult;
import org.speakr.token.core.ClientInfo;
import org.speakr.token.core.CreatedToken;
import org.speakr.token.core.Expiration;
import org.speakr.token.core.RejectionReason;
import org.speakr.token.core.RevocationReason;
import org.speakr.token.core.TokenInfo;
import org.speakr.token.core.spi.InMemoryTokenStore;
import org.speakr.token.core.spi.LastUse;
import org.speakr.token.core.spi.TokenRecord;

/**
 * {@link JdbcTokenStore#initializeSchema()} upgrades a table of an earlier schema in place, kept as test
 * resources: {@code v0/} is release 0.1's (no revocation reasons, no child tokens), {@code v1/} the one before the
 * token lifecycle columns (client facts, allowed networks, predecessor, expiry notice). On each database and from
 * each version: the tokens written through the old columns still authenticate and list, their revocation reason
 * survives where the old schema had one (and reads as {@code MANUAL} where it had none), child tokens work, and the
 * new columns carry what the lifecycle writes: network-bound tokens, client facts, rotation, expiry notices.
 */
class SchemaUpgradeTest {

    /** An earlier schema: its test resource directory and the INSERT of its columns. */
    enum OldSchema {
        V0("v0", TestDatabases::insertV0, RevocationReason.MANUAL) {
            @Override
            void bind(PreparedStatement insert, TokenRecord record) throws SQLException {
                TestDatabases.bindV0(insert, record);
            }
        },
        V1("v1", TestDatabases::insertV1, RevocationReason.LEAKED) {
            @Override
            void bind(PreparedStatement insert, TokenRecord record) throws SQLException {
                TestDatabases.bindV1(insert, record);
            }
        };

        final String directory;
        final Function<String, String> insert;
        /** How the token revoked as LEAKED before the upgrade reads after it. */
        final RevocationReason leakedReadsAs;

        OldSchema(String directory, Function<String, String> insert, RevocationReason leakedReadsAs) {
            this.directory = directory;
            this.insert = insert;
            this.leakedReadsAs = leakedReadsAs;
        }

        abstract void bind(PreparedStatement insert, TokenRecord record) throws SQLException;
    }

    @FunctionalInterface
    interface DatabaseFactory {
        DataSource open();
    }

    static Stream<Arguments> databases() {
        Map<String, DatabaseFactory> databases = Map.of(
                "H2", () -> TestDatabases.h2("schema-upgrade-test"),
                "PostgreSQL", () -> TestDatabases.postgres().getPostgresDatabase(),
                "MariaDB", TestDatabases::mariaDb,
                "SQLite", () -> TestDatabases.sqlite("schema-upgrade-test"));
        return Stream.of("H2", "PostgreSQL", "MariaDB", "SQLite").flatMap(database -> Stream.of(OldSchema.values())
                .map(old -> Arguments.of(database, databases.get(database), old)));
    }

    @ParameterizedTest(name = "{0} from {2}")
    @MethodSource("databases")
    void initializeSchemaUpgradesATableOfAnEarlierSchemaInPlace(String database, DatabaseFactory factory,
            OldSchema oldSchema) throws Exception {
        DataSource dataSource = factory.open();
        String table = TestDatabases.uniqueTableName(SchemaUpgradeTest.class);
        Dialect dialect = Dialect.of(database);
        try {
            for (String ddl : dialect.statements(oldSchema.directory + "/" + dialect.resource(), table)) {
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
                elsewhere.revoke("alice", revoked.info().id(), Instant.now(), RevocationReason.LEAKED);
                old = elsewhere.findByOwner("alice");
            }
            insertWithOldColumns(dataSource, table, oldSchema, old);

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
                        tuple("n8n", null, null), tuple("old ci", oldSchema.leakedReadsAs, null));
                assertThat(after.list("alice", 1, 1).total()).isEqualTo(2);

                ApiTokenPrincipal parent = ((AuthenticationResult.Authenticated) result).principal();
                CreatedToken child = after.createChild(parent, "child", Expiration.after(Duration.ofDays(1)),
                        Set.of("tokens:write"));
                after.revoke("alice", parent.tokenId());
                assertThat(after.authenticate(child.token().reveal()).isAuthenticated()).isFalse();
                assertThat(after.list("alice")).filteredOn(info -> "child".equals(info.name()))
                        .extracting(TokenInfo::revocationReason, TokenInfo::parentId)
                        .containsExactly(tuple(RevocationReason.PARENT, parent.tokenId()));

                // The lifecycle through the service: networks, client facts and rotation on the upgraded table.
                CreatedToken office = after.create("alice", "office", Expiration.after(Duration.ofDays(30)), Set.of(),
                        AllowedNetworks.of(List.of("192.0.2.0/24")));
                String officeToken = office.token().reveal();
                assertThat(after.authenticate(officeToken, AuthenticationContext.defaults(),
                        ClientInfo.of("198.51.100.1", "curl/8.5.0")))
                        .isEqualTo(AuthenticationResult.Rejected.of(RejectionReason.NETWORK_NOT_ALLOWED));
                assertThat(after.authenticate(officeToken, AuthenticationContext.defaults(),
                        ClientInfo.of("192.0.2.9", "curl/8.5.0")).isAuthenticated()).isTrue();
                after.flushLastUsed();
                CreatedToken rotated = after.rotate("alice", office.info().id(), Duration.ofHours(1));
                assertThat(after.list("alice")).filteredOn(info -> "office".equals(info.name()))
                        .extracting(TokenInfo::id, TokenInfo::allowedNetworks, TokenInfo::lastUsedAddress,
                                TokenInfo::lastUsedUserAgent, TokenInfo::predecessorId)
                        .containsExactlyInAnyOrder(
                                tuple(office.info().id(), List.of("192.0.2.0/24"), "192.0.2.9", "curl/8.5.0", null),
                                tuple(rotated.info().id(), List.of("192.0.2.0/24"), null, null,
                                        office.info().id()));
            }
            assertTheLifecycleColumnsWork(store, store.findByHash(old.stream()
                    .filter(r -> r.revokedAt() == null).findFirst().orElseThrow().hash()).orElseThrow());
        } finally {
            TestDatabases.dropTable(dataSource, table);
        }
    }

    /** The new columns on the upgraded table: client facts, expiry notices, networks and predecessor. */
    private static void assertTheLifecycleColumnsWork(JdbcTokenStore store, TokenRecord upgraded) {
        assertThat(upgraded.lastUsedAddress()).isNull();
        assertThat(upgraded.allowedNetworks()).isEmpty();
        assertThat(upgraded.expiryNoticed()).isNull();
        Instant later = Instant.now().plus(Duration.ofDays(1)).truncatedTo(ChronoUnit.MICROS);

        store.updateLastUse(Map.of(upgraded.id(), new LastUse(later, "2001:db8::7", "curl/8.5.0")));
        assertThat(store.claimExpiryNotice(upgraded.id(), Duration.ofDays(7))).isTrue();
        assertThat(store.claimExpiryNotice(upgraded.id(), Duration.ofDays(7))).isFalse();
        TokenRecord successor = new TokenRecord("successor-1", upgraded.owner(), "n8n (rotated)", "f".repeat(64),
                TokenRecord.SHA256_KEY_ID, "spk_…ffff", Set.of(), later, null, null, null, null, null, null, null,
                List.of("192.0.2.0/24", "2001:db8::/32"), upgraded.id(), null);
        store.insert(successor);

        TokenRecord read = store.findByHash(upgraded.hash()).orElseThrow();
        assertThat(read.lastUsedAt()).isEqualTo(later);
        assertThat(read.lastUsedAddress()).isEqualTo("2001:db8::7");
        assertThat(read.lastUsedUserAgent()).isEqualTo("curl/8.5.0");
        assertThat(read.expiryNoticed()).isEqualTo(Duration.ofDays(7));
        assertThat(store.findByHash(successor.hash())).contains(successor);
    }

    private static void insertWithOldColumns(DataSource dataSource, String table, OldSchema oldSchema,
            List<TokenRecord> records) throws Exception {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement insert = connection.prepareStatement(oldSchema.insert.apply(table))) {
            for (TokenRecord record : records) {
                oldSchema.bind(insert, record);
                insert.executeUpdate();
            }
            if (!connection.getAutoCommit()) {
                connection.commit();
            }
        }
    }
}
