package org.speakr.token.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.speakr.token.core.spi.TokenRecord;

/**
 * The token lifecycle with several nodes on one table of a real (embedded) PostgreSQL: each node has a
 * {@link JdbcTokenStore} of its own, as separate application instances would.
 */
class PostgresLifecycleTest {
    private static final List<Duration> THRESHOLDS = List.of(Duration.ofDays(7), Duration.ofDays(1));

    private static DataSource postgres;
    private static String table;

    @BeforeAll
    static void createTable() {
        postgres = TestDatabases.postgres().getPostgresDatabase();
        table = TestDatabases.uniqueTableName(PostgresLifecycleTest.class);
        JdbcTokenStore.builder(postgres).tableName(table).build().initializeSchema();
    }

    @AfterAll
    static void dropTable() {
        TestDatabases.dropTable(postgres, table);
    }

    private static JdbcTokenStore node() {
        return JdbcTokenStore.builder(postgres).tableName(table).build();
    }

    @Test
    void threeNodesClaimingTheSameExpiryNoticesAtOnceWinEachTokenAndThresholdExactlyOnce() throws Exception {
        Instant now = Instant.now();
        List<TokenRecord> expiring = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            TokenRecord record = record("dave", "claim" + i, now.minus(Duration.ofDays(30)), now.plus(Duration.ofHours(12)));
            node().insert(record);
            expiring.add(record);
        }
        List<JdbcTokenStore> nodes = List.of(node(), node(), node());
        Map<String, AtomicInteger> wins = new ConcurrentHashMap<>();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(nodes.size());
        try {
            List<Future<?>> sweeps = new ArrayList<>();
            for (JdbcTokenStore node : nodes) {
                sweeps.add(threads.submit(() -> {
                    start.await();
                    // As a sweep does: the window, then each threshold longest first.
                    for (TokenRecord found : node.findExpiringBetween(now, now.plus(THRESHOLDS.get(0)))) {
                        for (Duration threshold : THRESHOLDS) {
                            if (node.claimExpiryNotice(found.id(), threshold)) {
                                wins.computeIfAbsent(found.id() + " " + threshold, k -> new AtomicInteger())
                                        .incrementAndGet();
                            }
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> sweep : sweeps) {
                sweep.get(30, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }

        assertThat(wins).hasSize(expiring.size() * THRESHOLDS.size());
        assertThat(wins.values()).allSatisfy(count -> assertThat(count.get()).isEqualTo(1));
        assertThat(expiring).allSatisfy(record -> assertThat(node().findByHash(record.hash()).orElseThrow()
                .expiryNoticed()).isEqualTo(Duration.ofDays(1)));
    }

    /** A record of {@code owner} with an id and hash unique in the table. */
    static TokenRecord record(String owner, String name, Instant createdAt, Instant expiresAt) {
        String suffix = Long.toHexString(System.nanoTime());
        return new TokenRecord(name + "-" + suffix, owner, name, "c".repeat(64 - suffix.length()) + suffix,
                TokenRecord.SHA256_KEY_ID, "spk_…" + name, Set.of(), createdAt, expiresAt, null, null, null, null);
    }
}
