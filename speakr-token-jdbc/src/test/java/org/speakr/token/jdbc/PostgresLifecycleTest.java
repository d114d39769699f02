package org.speakr.token.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
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
import org.speakr.token.core.ApiTokens;
import org.speakr.token.core.AuthenticationResult;
import org.speakr.token.core.CreatedToken;
import org.speakr.token.core.Expiration;
import org.speakr.token.core.RejectionReason;
import org.speakr.token.core.RevocationReason;
import org.speakr.token.core.TokenEvent;
import org.speakr.token.core.internal.SettingValues;
import org.speakr.token.core.spi.TokenRecord;
import org.speakr.token.testkit.MutableClock;

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

    @Test
    void threeNodesRunningMaintenanceAtOnceSendOneNoticePerTokenAndThresholdAndNoneForATokenCreatedInside()
            throws Exception {
        MutableClock clock = new MutableClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        Instant t0 = clock.instant();
        List<String> notices = new CopyOnWriteArrayList<>();
        List<ApiTokens> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                String node = "node" + (i + 1);
                nodes.add(ApiTokens.builder().store(node()).clock(clock).revocationPollInterval(Duration.ZERO)
                        .expiryNoticeThresholds(THRESHOLDS)
                        .eventListener(event -> {
                            if (event instanceof TokenEvent.ExpiringSoon soon) {
                                notices.add(soon.name() + " " + SettingValues.format(soon.threshold()));
                            }
                        }).build());
            }
            ApiTokens first = nodes.get(0);
            first.create("erin", "eight days", Expiration.after(Duration.ofDays(8)));
            first.create("erin", "sixty hours", Expiration.after(Duration.ofHours(60)));
            first.create("erin", "thirty days", Expiration.after(Duration.ofDays(30)));
            clock.advance(Duration.ofDays(2));
            nodes.get(1).create("erin", "created inside 7 days", Expiration.after(Duration.ofDays(5)));
            nodes.get(2).create("erin", "created inside 1 day", Expiration.after(Duration.ofHours(20)));

            // At t0 + 2 days: "eight days" has 6 days left, "sixty hours" (created inside 7 days) 12 hours.
            sweepAtOnce(nodes);
            assertThat(notices).containsExactlyInAnyOrder("eight days 7d", "sixty hours 1d");

            // At t0 + 7 days + 1 hour: "eight days" has 23 hours left; the others have expired.
            clock.set(t0.plus(Duration.ofDays(7)).plus(Duration.ofHours(1)));
            sweepAtOnce(nodes);
            sweepAtOnce(nodes);
            assertThat(notices).containsExactlyInAnyOrder("eight days 7d", "sixty hours 1d", "eight days 1d");
        } finally {
            nodes.forEach(ApiTokens::close);
        }
    }

    /** Each node runs its maintenance on a thread of its own, all released at once. */
    private static void sweepAtOnce(List<ApiTokens> nodes) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(nodes.size());
        try {
            List<Future<?>> sweeps = new ArrayList<>();
            for (ApiTokens node : nodes) {
                sweeps.add(threads.submit(() -> {
                    start.await();
                    node.runMaintenance();
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
    }

    @Test
    void rotationOnTwoNodesKeepsBothValidInTheOverlapUntilTheSuccessorsFirstUseThenTheOtherNodeRefusesTheOld()
            throws InterruptedException {
        Duration feedInterval = Duration.ofMillis(500);
        try (ApiTokens nodeA = ApiTokens.builder().store(node()).revocationPollInterval(feedInterval).build();
                ApiTokens nodeB = ApiTokens.builder().store(node()).revocationPollInterval(feedInterval).build()) {
            CreatedToken original = nodeA.create("frank", "deploy", Expiration.after(Duration.ofDays(30)));
            String old = original.token().reveal();
            assertThat(nodeB.authenticate(old).isAuthenticated()).as("node B caches the original").isTrue();

            CreatedToken successor = nodeA.rotate("frank", original.info().id(), Duration.ofHours(1));
            assertThat(successor.info().predecessorId()).isEqualTo(original.info().id());
            assertThat(nodeA.authenticate(old).isAuthenticated()).isTrue();
            assertThat(nodeB.authenticate(old).isAuthenticated()).isTrue();
            // Node B's feed brings the scheduled revocation: B reloads the token and still accepts it.
            Thread.sleep(feedInterval.multipliedBy(3).toMillis());
            assertThat(nodeB.authenticate(old).isAuthenticated()).as("old on B inside the overlap").isTrue();

            assertThat(nodeA.authenticate(successor.token().reveal()).isAuthenticated()).isTrue();
            long firstUse = System.nanoTime();

            assertThat(nodeA.authenticate(old)).isEqualTo(AuthenticationResult.Rejected.of(RejectionReason.ROTATED));
            Duration deadline = feedInterval.plusSeconds(1);
            AuthenticationResult onB = nodeB.authenticate(old);
            while (onB.isAuthenticated() && System.nanoTime() - firstUse < deadline.toNanos()) {
                Thread.sleep(10);
                onB = nodeB.authenticate(old);
            }
            Duration took = Duration.ofNanos(System.nanoTime() - firstUse);
            System.out.println("The successor's first use on node A retired the original on node B after "
                    + took.toMillis() + " ms (feed interval " + feedInterval.toMillis() + " ms)");
            assertThat(onB).isEqualTo(AuthenticationResult.Rejected.of(RejectionReason.ROTATED));
            assertThat(took).isLessThan(deadline);
            assertThat(nodeB.authenticate(successor.token().reveal()).isAuthenticated()).isTrue();
            assertThat(node().findByOwner("frank")).filteredOn(r -> r.id().equals(original.info().id()))
                    .singleElement().extracting(TokenRecord::revocationReason).isEqualTo(RevocationReason.ROTATED);
        }
    }

    /** A record of {@code owner} with an id and hash unique in the table. */
    static TokenRecord record(String owner, String name, Instant createdAt, Instant expiresAt) {
        String suffix = Long.toHexString(System.nanoTime());
        return new TokenRecord(name + "-" + suffix, owner, name, "c".repeat(64 - suffix.length()) + suffix,
                TokenRecord.SHA256_KEY_ID, "spk_…" + name, Set.of(), createdAt, expiresAt, null, null, null, null);
    }
}
