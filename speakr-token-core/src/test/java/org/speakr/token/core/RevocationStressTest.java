package org.speakr.token.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.speakr.token.core.spi.InMemoryTokenStore;

/**
 * Stress: 4 threads for a while authenticate, create and revoke random tokens, on one node and on two nodes that
 * share one store. A success is a violation when it <em>started</em> after its token's {@code revoke} had
 * returned, on the revoking node; on the other node, when it started more than the revocation feed interval
 * (plus one second of scheduling slack on a loaded 2-core machine) after. The largest lag seen on the other node
 * is printed.
 *
 * <p>Duration per node setup: {@code -Dspeakr.stress.seconds=30} (the figure); the default keeps CI short.
 */
class RevocationStressTest {
    private static final int THREADS = 4;
    private static final Duration FEED_INTERVAL = Duration.ofSeconds(1);
    private static final Duration SLACK = Duration.ofSeconds(1);

    /** One token: its plaintext and when (System.nanoTime) a revoke of it returned, on which node. */
    private static final class Issued {
        final String owner;
        final String id;
        final String token;
        volatile long revokeReturnedNanos;
        volatile int revokedOn = -1;

        Issued(String owner, CreatedToken created) {
            this.owner = owner;
            this.id = created.info().id();
            this.token = created.token().reveal();
        }
    }

    private static Duration duration() {
        return Duration.ofSeconds(Long.getLong("speakr.stress.seconds", 10));
    }

    @Test
    void oneNodeNoSuccessStartsAfterItsRevokeReturned() throws Exception {
        InMemoryTokenStore store = new InMemoryTokenStore();
        try (ApiTokens node = ApiTokens.builder().store(store).revocationPollInterval(FEED_INTERVAL).build()) {
            Result result = run(new ApiTokens[] {node}, duration());
            System.out.println("One node: " + result.authentications + " authentications, " + result.revocations
                    + " revocations, " + result.successesAfterRevoke + " successes started after their revoke returned");
            assertThat(result.violations).as(result.firstViolation.get()).hasValue(0);
            assertThat(result.revocations.get()).isGreaterThan(100);
            assertThat(result.successesAfterRevoke.get()).as("successes after revoke on the revoking node").isZero();
        }
    }

    @Test
    void twoNodesOnOneStoreNoSuccessLaterThanTheFeedIntervalAfterRevoke() throws Exception {
        InMemoryTokenStore shared = new InMemoryTokenStore();
        try (ApiTokens node1 = ApiTokens.builder().store(shared).revocationPollInterval(FEED_INTERVAL).build();
                ApiTokens node2 = ApiTokens.builder().store(shared).revocationPollInterval(FEED_INTERVAL).build()) {
            Result result = run(new ApiTokens[] {node1, node2}, duration());
            System.out.println("Two nodes: " + result.authentications + " authentications, " + result.revocations
                    + " revocations, largest lag of a success on the other node after revoke returned: "
                    + Duration.ofNanos(result.maxOtherNodeLagNanos.get()).toMillis() + " ms (feed interval "
                    + FEED_INTERVAL.toMillis() + " ms)");
            assertThat(result.violations).as(result.firstViolation.get()).hasValue(0);
            assertThat(result.revocations.get()).isGreaterThan(100);
        }
    }

    private static final class Result {
        final AtomicLong authentications = new AtomicLong();
        final AtomicLong revocations = new AtomicLong();
        final AtomicLong violations = new AtomicLong();
        final AtomicLong successesAfterRevoke = new AtomicLong();
        final AtomicLong maxOtherNodeLagNanos = new AtomicLong();
        final AtomicReference<String> firstViolation = new AtomicReference<>("no violation");
    }

    private static Result run(ApiTokens[] nodes, Duration duration) throws Exception {
        Result result = new Result();
        List<Issued> issued = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 50; i++) {
            String owner = "owner" + (i % 5);
            issued.add(new Issued(owner, nodes[0].create(owner, "t" + i, Expiration.never())));
        }
        long end = System.nanoTime() + duration.toNanos();
        long allowance = FEED_INTERVAL.plus(SLACK).toNanos();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            SplittableRandom random = new SplittableRandom(42 + t);
            futures.add(pool.submit(() -> {
                start.await();
                while (System.nanoTime() < end) {
                    // A few hundred revocations a second: far above any real rate, yet each feed poll (which
                    // looks back 10 s) stays small enough that the test measures the feed, not its own load.
                    int op = random.nextInt(1000);
                    int n = random.nextInt(nodes.length);
                    if (op < 2) {
                        String owner = "owner" + random.nextInt(5);
                        issued.add(new Issued(owner, nodes[n].create(owner, "s", Expiration.never())));
                    } else if (op < 4) {
                        Issued victim = issued.get(random.nextInt(issued.size()));
                        if (victim.revokedOn < 0) {
                            nodes[n].revoke(victim.owner, victim.id);
                            victim.revokedOn = n;
                            victim.revokeReturnedNanos = System.nanoTime();
                            result.revocations.incrementAndGet();
                        }
                    } else {
                        Issued target = issued.get(random.nextInt(issued.size()));
                        long started = System.nanoTime();
                        AuthenticationResult answer = nodes[n].authenticate(target.token);
                        result.authentications.incrementAndGet();
                        long revoked = target.revokeReturnedNanos;
                        if (answer.isAuthenticated() && revoked != 0 && started > revoked) {
                            long lag = started - revoked;
                            if (target.revokedOn == n) {
                                result.successesAfterRevoke.incrementAndGet();
                                violation(result, "node " + n + " authenticated token " + target.id + " "
                                        + Duration.ofNanos(lag).toMillis() + " ms after it revoked it");
                            } else {
                                result.maxOtherNodeLagNanos.accumulateAndGet(lag, Math::max);
                                if (lag > allowance) {
                                    violation(result, "node " + n + " authenticated token " + target.id + " "
                                            + Duration.ofNanos(lag).toMillis() + " ms after node " + target.revokedOn
                                            + " revoked it");
                                }
                            }
                        }
                    }
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> future : futures) {
            future.get();
        }
        pool.shutdown();
        return result;
    }

    private static void violation(Result result, String what) {
        result.violations.incrementAndGet();
        result.firstViolation.compareAndSet("no violation", what);
    }
}
