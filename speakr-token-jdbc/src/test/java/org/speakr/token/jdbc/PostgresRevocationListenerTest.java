package org.speakr.token.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;


import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.speakr.token.core.ApiTokens;
import org.speakr.token.core.AuthenticationResult;
import org.speakr.token.core.CreatedToken;
import org.speakr.token.core.Expiration;
import org.speakr.token.core.RejectionReason;
import org.speakr.token.core.RevocationReason;
import org.speakr.token.core.spi.TokenRecord;
import org.speakr.token.testkit.MutableClock;

/** {@link PostgresRevocationListener} with {@link JdbcTokenStore.Builder#notifyChannel} on a real PostgreSQL. */
class PostgresRevocationListenerTest {
    private static final AuthenticationResult REVOKED = AuthenticationResult.Rejected.of(RejectionReason.REVOKED);

    private static DataSource postgres;
    private static String table;
    private static String channel;

    @BeforeAll
    static void createTable() {
        postgres = TestDatabases.postgres().getPostgresDatabase();
        table = TestDatabases.uniqueTableName(PostgresRevocationListenerTest.class);
        channel = table.toLowerCase(Locale.ROOT) + "_revoked";
        JdbcTokenStore.builder(postgres).tableName(table).build().initializeSchema();
    }

    @AfterAll
    static void dropTable() {
        TestDatabases.dropTable(postgres, table);
    }

    private static JdbcTokenStore notifyingStore() {
        return JdbcTokenStore.builder(postgres).tableName(table).notifyChannel(channel).build();
    }

    /** A node whose only way to learn of other nodes' revocations is a listener: no polling, long cache. */
    private static ApiTokens.Builder nodeWithoutPolling() {
        return ApiTokens.builder().store(notifyingStore()).revocationPollInterval(Duration.ZERO)
                .cacheTtl(Duration.ofMinutes(10));
    }

    @Test
    void revocationReachesAListeningNodeAtOnceWithoutPolling() throws InterruptedException {
        PostgresRevocationListener listener = PostgresRevocationListener.on(postgres, channel);
        try (ApiTokens node1 = nodeWithoutPolling().build();
                ApiTokens node2 = nodeWithoutPolling().revocationSource(listener).build()) {
            awaitTrue(listener::isListening, Duration.ofSeconds(5));
            CreatedToken created = node1.create("alice", "n8n", Expiration.after(Duration.ofDays(30)));
            String token = created.token().reveal();
            assertThat(node1.authenticate(token).isAuthenticated()).isTrue();
            assertThat(node2.authenticate(token).isAuthenticated()).isTrue();

            node1.revoke("alice", created.info().id());
            long revokedAt = System.nanoTime();
            awaitTrue(() -> node2.authenticate(token).equals(REVOKED), Duration.ofSeconds(1));

            Duration took = Duration.ofNanos(System.nanoTime() - revokedAt);
            System.out.println("NOTIFY carried the revocation to node 2 in " + took.toMillis() + " ms (polling off)");
            assertThat(took).isLessThan(Duration.ofMillis(500));
        }
    }

    @Test
    void revokeAllNotifiesEveryTokenItRevoked() throws InterruptedException {
        List<String> evicted = new CopyOnWriteArrayList<>();
        try (ApiTokens node1 = nodeWithoutPolling().build();
                PostgresRevocationListener listener = PostgresRevocationListener.on(postgres, channel)) {
            listener.start(evicted::add);
            awaitTrue(listener::isListening, Duration.ofSeconds(5));
            node1.create("bob", "one", Expiration.after(Duration.ofDays(7)));
            node1.create("bob", "two", Expiration.after(Duration.ofDays(7)));

            node1.revokeAll("bob");

            awaitTrue(() -> evicted.size() >= 2, Duration.ofSeconds(2));
            assertThat(evicted).hasSize(2).allMatch(hash -> hash.matches("[0-9a-f]{64}"));
            assertThat(node1.revokeAll("bob")).isZero();
        }
    }

    @Test
    void aScheduledRevocationNotifiesAndSoDoesBringingItForwardButARevocationThatChangesNothingDoesNot()
            throws InterruptedException {
        List<String> evicted = new CopyOnWriteArrayList<>();
        JdbcTokenStore store = notifyingStore();
        Instant now = Instant.now();
        TokenRecord rotated = record("carol", "rotated-1", "a");
        TokenRecord marker = record("carol", "marker-1", "b");
        store.insert(rotated);
        store.insert(marker);
        try (PostgresRevocationListener listener = PostgresRevocationListener.on(postgres, channel)) {
            listener.start(evicted::add);
            awaitTrue(listener::isListening, Duration.ofSeconds(5));

            // Rotated away with an overlap: other nodes must reload it and judge the future instant themselves.
            store.revoke("carol", rotated.id(), now.plus(Duration.ofHours(1)), RevocationReason.ROTATED);
            awaitTrue(() -> evicted.size() >= 1, Duration.ofSeconds(2));
            store.revoke("carol", rotated.id(), now, RevocationReason.MANUAL);
            awaitTrue(() -> evicted.size() >= 2, Duration.ofSeconds(2));
            // Neither a later instant nor the same one changes the row; the marker's notice comes after them.
            store.revoke("carol", rotated.id(), now.plus(Duration.ofHours(2)), RevocationReason.MANUAL);
            store.revoke("carol", rotated.id(), now, RevocationReason.LEAKED);
            store.revoke("carol", marker.id(), now, RevocationReason.MANUAL);
            awaitTrue(() -> evicted.size() >= 3, Duration.ofSeconds(2));

            assertThat(evicted).containsExactly(rotated.hash(), rotated.hash(), marker.hash());
            assertThat(store.findByHash(rotated.hash()).orElseThrow())
                    .extracting(TokenRecord::revokedAt, TokenRecord::revocationReason)
                    .containsExactly(now.truncatedTo(ChronoUnit.MICROS), RevocationReason.MANUAL);
        }
    }

    /** A record of {@code owner}, unique in the table: 64 hex digits of hash, {@code hexDigit} then the nano clock. */
    private static TokenRecord record(String owner, String id, String hexDigit) {
        String suffix = Long.toHexString(System.nanoTime());
        String hash = (hexDigit.repeat(64 - suffix.length()) + suffix);
        return new TokenRecord(id + "-" + suffix, owner, id, hash, TokenRecord.SHA256_KEY_ID, "spk_…" + id,
                java.util.Set.of(), Instant.now(), null, null, null, null, null);
    }

    @Test
    void listenerReconnectsAfterItsConnectionIsKilled() throws InterruptedException {
        List<String> evicted = new CopyOnWriteArrayList<>();
        try (ApiTokens node1 = nodeWithoutPolling().build();
                PostgresRevocationListener listener = PostgresRevocationListener.on(postgres, channel)) {
            listener.start(evicted::add);
            awaitTrue(listener::isListening, Duration.ofSeconds(5));
            TestDatabases.execute(postgres, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    + " WHERE query = 'LISTEN " + channel + "'");
            awaitTrue(() -> !listener.isListening(), Duration.ofSeconds(5));
            awaitTrue(listener::isListening, Duration.ofSeconds(5));
            CreatedToken created = node1.create("carol", "cron", Expiration.after(Duration.ofDays(7)));

            node1.revoke("carol", created.info().id());

            awaitTrue(() -> evicted.size() == 1, Duration.ofSeconds(2));
        }
    }

    @Test
    @DisplayName("a database that stays down costs one stack, then a line a minute, then one recovery line")
    void databaseDownThenOneStackThenOneLineASimulatedMinuteThenOneRecoveryLine() throws InterruptedException {
        FaultyDataSource faulty = new FaultyDataSource(postgres);
        faulty.fail(FaultyDataSource.Fault.CONNECT);
        // Each connection attempt stands for half a simulated minute.
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T10:00:00Z"));
        DataSource down = faulty.dataSource();
        DataSource stepping = (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getConnection")) {
                        clock.advance(Duration.ofSeconds(30));
                    }
                    try {
                        return method.invoke(down, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        Logger logger = (Logger) LoggerFactory.getLogger(PostgresRevocationListener.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        String channel = "down_" + PostgresRevocationListenerTest.channel; // only this test's listener logs on it
        try (PostgresRevocationListener listener = PostgresRevocationListener.on(stepping, channel, clock)) {
            listener.start(hash -> { });
            awaitTrue(() -> faulty.injected.get() >= 5, Duration.ofSeconds(15));
            faulty.heal();
            awaitTrue(listener::isListening, Duration.ofSeconds(10));
            // The recovery line follows the listening flag on the listener's thread: wait for it, not for a race.
            awaitTrue(() -> {
                synchronized (appender) {
                    return appender.list.stream().anyMatch(e -> e.getLevel() == Level.INFO
                            && e.getFormattedMessage().startsWith("Revocation listener on channel " + channel + " "));
                }
            }, Duration.ofSeconds(10));
            List<ILoggingEvent> all;
            synchronized (appender) { // other tests' listener threads may still be logging
                all = List.copyOf(appender.list);
            }
            List<ILoggingEvent> events = all.stream()
                    .filter(e -> e.getFormattedMessage().startsWith("Revocation listener on channel " + channel + " "))
                    .toList();
            // Up to the first recovery line: a later failure (a busy database) would start a new run of its own.
            int recovered = events.stream().map(ILoggingEvent::getLevel).toList().indexOf(Level.INFO);
            assertThat(recovered).as("a recovery line").isPositive();
            events = events.subList(0, recovered + 1);
            int attempts = faulty.injected.get();
            List<String> warnings = events.stream().filter(e -> e.getLevel() == Level.WARN)
                    .map(ILoggingEvent::getFormattedMessage).toList();

            assertThat(events.stream().filter(e -> e.getThrowableProxy() != null)).as("one stack").hasSize(1);
            assertThat(warnings.get(0)).isEqualTo("Revocation listener on channel " + channel
                    + " lost its connection; reconnecting every 1s (the polling feed covers the gap)");
            // attempts at 0 s, 30 s, 60 s, …: one summary per two attempts after the first
            assertThat(warnings).hasSize(1 + (attempts - 1) / 2);
            assertThat(warnings.subList(1, warnings.size())).allSatisfy(line -> assertThat(line)
                    .startsWith("Revocation listener on channel " + channel + " still failing: "));
            assertThat(events.stream().filter(e -> e.getLevel() == Level.INFO).map(ILoggingEvent::getFormattedMessage))
                    .singleElement().asString()
                    .startsWith("Revocation listener on channel " + channel + " recovered after " + attempts + " failures in ");
        } finally {
            logger.detachAppender(appender);
        }
    }

    @Test
    void channelWhenNotAPostgresqlIdentifierThenRefusedNamingTheSetting() {
        assertThatThrownBy(() -> JdbcTokenStore.builder(postgres).notifyChannel("Revoked-Tokens"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("notify-channel: expected a PostgreSQL channel name [a-z_][a-z0-9_]{0,62},"
                        + " got 'Revoked-Tokens'");
        assertThatThrownBy(() -> PostgresRevocationListener.on(postgres, "x; DROP TABLE t"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("notify-channel: expected a PostgreSQL channel name [a-z_][a-z0-9_]{0,62},"
                        + " got 'x; DROP TABLE t'");
    }

    @Test
    void startWhenAlreadyStartedThenRefusedSoOneListenerServesOneService() {
        try (PostgresRevocationListener listener = PostgresRevocationListener.on(postgres, channel)) {
            listener.start(hash -> { });
            assertThatThrownBy(() -> listener.start(hash -> { })).isInstanceOf(IllegalStateException.class)
                    .hasMessage("PostgresRevocationListener on channel " + channel + " is already started;"
                            + " give each token service its own");
        }
    }

    private static void awaitTrue(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + timeout);
            }
            Thread.sleep(5);
        }
    }
}
