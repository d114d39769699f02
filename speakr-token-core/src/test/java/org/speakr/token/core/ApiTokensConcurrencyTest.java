package org.speakr.token.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.speakr.token.core.spi.InMemoryTokenStore;

class ApiTokensConcurrencyTest {

    /** A token under test: its plaintext, and whether revoke(...) has returned. */
    private record Issued(String owner, String id, String token, AtomicBoolean revokeReturned) {
    }

    @Test
    void eightThreadsMixingCreateAuthenticateRevokeThenNoAuthenticationAfterRevokeAndNoLostToken() throws Exception {
        InMemoryTokenStore store = new InMemoryTokenStore();
        List<Issued> issued = new CopyOnWriteArrayList<>();
        Map<String, Boolean> expectRevoked = new ConcurrentHashMap<>();
        AtomicInteger violations = new AtomicInteger();
        AtomicLong authentications = new AtomicLong();
        long end = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        CountDownLatch start = new CountDownLatch(1);

        try (ApiTokens tokens = ApiTokens.builder().store(store).cacheMaximumSize(64).build()) {
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Future<?>> futures = new java.util.ArrayList<>();
            for (int t = 0; t < 8; t++) {
                String owner = "owner" + (t % 3);
                java.util.SplittableRandom random = new java.util.SplittableRandom(t);
                futures.add(pool.submit(() -> {
                    start.await();
                    while (System.nanoTime() < end) {
                        int op = random.nextInt(10);
                        if (op == 0 || issued.isEmpty()) {
                            CreatedToken created = tokens.create(owner, "t", Expiration.never());
                            issued.add(new Issued(owner, created.info().id(), created.token().reveal(), new AtomicBoolean()));
                        } else if (op == 1) {
                            Issued victim = issued.get(random.nextInt(issued.size()));
                            tokens.revoke(victim.owner(), victim.id());
                            expectRevoked.put(victim.id(), true);
                            victim.revokeReturned().set(true);
                        } else {
                            Issued target = issued.get(random.nextInt(issued.size()));
                            boolean revokedBefore = target.revokeReturned().get();
                            AuthenticationResult result = tokens.authenticate(target.token());
                            authentications.incrementAndGet();
                            if (revokedBefore && result.isAuthenticated()) {
                                violations.incrementAndGet();
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

            assertThat(violations).hasValue(0);
            assertThat(authentications.get()).isGreaterThan(1000);
            assertThat(issued).hasSizeGreaterThan(50);
            Map<String, TokenStatus> listed = new java.util.HashMap<>();
            for (int t = 0; t < 3; t++) {
                tokens.list("owner" + t).forEach(info -> listed.put(info.id(), info.status()));
            }
            assertThat(listed).hasSize(issued.size());
            for (Issued token : issued) {
                boolean revoked = expectRevoked.containsKey(token.id());
                assertThat(listed.get(token.id())).isEqualTo(revoked ? TokenStatus.REVOKED : TokenStatus.ACTIVE);
                AuthenticationResult result = tokens.authenticate(token.token());
                if (revoked) {
                    assertThat(result).isEqualTo(AuthenticationResult.Rejected.of(RejectionReason.REVOKED));
                } else {
                    assertThat(result.isAuthenticated()).isTrue();
                }
            }
        }
    }
}
