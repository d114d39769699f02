package org.speakr.token.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.speakr.token.core.spi.TokenStore;
import org.speakr.token.core.spi.TokenRecord;
import org.speakr.token.core.spi.InMemoryTokenStore;
import org.speakr.token.testkit.ForwardingTokenStore;

/**
 * Revocation racing an authentication whose store lookup is in flight, ordered with latches (no sleeps): the
 * lookup read the token before the revocation, the revocation commits and evicts while the lookup is still
 * loading the cache, and a request that starts after {@code revoke} returned must be refused.
 */
class RevocationRaceTest {
    private final ExecutorService pool = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    /** A store whose lookups, once armed, read the record and then wait for a latch before returning it. */
    private static final class SlowLookupStore extends ForwardingTokenStore {
        volatile CountDownLatch lookupRead;
        volatile CountDownLatch releaseLookup;
        final CountDownLatch revoked = new CountDownLatch(1);

        SlowLookupStore(TokenStore delegate) {
            super(delegate);
        }

        @Override
        public Optional<TokenRecord> findByHash(String hash) {
            Optional<TokenRecord> found = super.findByHash(hash);
            CountDownLatch read = lookupRead;
            if (read != null) {
                lookupRead = null;
                read.countDown();
                await(releaseLookup);
            }
            return found;
        }

        @Override
        public Optional<TokenRecord> revoke(String owner, String id, java.time.Instant revokedAt,
                org.speakr.token.core.RevocationReason reason) {
            Optional<TokenRecord> before = super.revoke(owner, id, revokedAt, reason);
            revoked.countDown();
            return before;
        }
    }

    @Test
    void revokeDuringAnInFlightLookupThenTheStaleSnapshotDoesNotOutliveTheRevocation() throws Exception {
        SlowLookupStore store = new SlowLookupStore(new InMemoryTokenStore());
        try (ApiTokens tokens = ApiTokens.builder().store(store).revocationPollInterval(Duration.ZERO).build()) {
            CreatedToken created = tokens.create("alice", "n8n", Expiration.never());
            String token = created.token().reveal();
            store.lookupRead = new CountDownLatch(1);
            store.releaseLookup = new CountDownLatch(1);
            CountDownLatch lookupRead = store.lookupRead;

            // A: its lookup reads the still active record, then stalls inside the cache load.
            Future<AuthenticationResult> a = pool.submit(() -> tokens.authenticate(token));
            assertThat(lookupRead.await(10, TimeUnit.SECONDS)).isTrue();

            // Revoke while A is loading: the store commits, then the eviction waits for A's load.
            Future<Boolean> revoke = pool.submit(() -> tokens.revoke("alice", created.info().id()));
            assertThat(store.revoked.await(10, TimeUnit.SECONDS)).isTrue();
            store.releaseLookup.countDown();

            assertThat(revoke.get(10, TimeUnit.SECONDS)).isTrue();
            // A started before the revocation returned: either answer is allowed; it must complete.
            assertThat(a.get(10, TimeUnit.SECONDS)).isNotNull();
            // B starts after revoke returned: refused, from the cache or the store.
            assertThat(tokens.authenticate(token)).isEqualTo(AuthenticationResult.Rejected.of(RejectionReason.REVOKED));
            assertThat(tokens.authenticate(token)).isEqualTo(AuthenticationResult.Rejected.of(RejectionReason.REVOKED));
        }
    }

    @Test
    void revokeWhileAnotherRequestHoldsTheCachedSnapshotThenTheNextRequestIsRefused() throws Exception {
        CountingTokenStore store = new CountingTokenStore();
        try (ApiTokens tokens = ApiTokens.builder().store(store).revocationPollInterval(Duration.ZERO).build()) {
            CreatedToken created = tokens.create("alice", "zapier", Expiration.never());
            String token = created.token().reveal();
            AuthenticationResult a = tokens.authenticate(token);
            assertThat(a.isAuthenticated()).isTrue();

            assertThat(tokens.revoke("alice", created.info().id())).isTrue();

            assertThat(tokens.authenticate(token)).isEqualTo(AuthenticationResult.Rejected.of(RejectionReason.REVOKED));
            // A's result is an immutable value: it still names the principal it was issued for.
            assertThat(((AuthenticationResult.Authenticated) a).principal().tokenId()).isEqualTo(created.info().id());
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("latch not released within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
