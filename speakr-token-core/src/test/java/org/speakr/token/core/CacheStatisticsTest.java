package org.speakr.token.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CacheStatisticsTest {

    @Test
    void recordingWhenKnownSequenceThenHitsMissesAndSizeCounted() {
        CountingTokenStore store = new CountingTokenStore();
        try (ApiTokens tokens = ApiTokens.builder().store(store).recordCacheStatistics(true)
                .revocationPollInterval(Duration.ZERO).build()) {
            CreatedToken alice = tokens.create("alice", "ci", Expiration.never());
            CreatedToken bob = tokens.create("bob", "ci", Expiration.never());
            String unknown = elsewhere();
            assertThat(tokens.cacheStatistics()).isEqualTo(new CacheStatistics(true, 0, 0, 0));

            tokens.authenticate(alice.token().reveal()); // miss: loaded
            tokens.authenticate(alice.token().reveal()); // hit
            tokens.authenticate(alice.token().reveal()); // hit
            tokens.authenticate(bob.token().reveal());   // miss: loaded
            assertThat(tokens.cacheStatistics()).isEqualTo(new CacheStatistics(true, 2, 2, 2));

            tokens.revoke("bob", bob.info().id());        // evicts bob's active entry
            tokens.authenticate(bob.token().reveal());   // miss: loaded as revoked, then cached as revoked
            tokens.authenticate(bob.token().reveal());   // hit (the revoked cache)
            assertThat(tokens.cacheStatistics()).isEqualTo(new CacheStatistics(true, 3, 3, 2));

            tokens.authenticate(unknown);                // miss: the store does not know it, remembered as unknown
            tokens.authenticate(unknown);                // hit (the negative cache)
            CacheStatistics last = tokens.cacheStatistics();
            assertThat(last).isEqualTo(new CacheStatistics(true, 4, 4, 2));
            assertThat(last.misses()).as("a miss is a store lookup").isEqualTo(store.findByHash.get());
        }
    }

    @Test
    void notRecordingByDefaultThenZeroCountsButSize() {
        try (ApiTokens tokens = ApiTokens.builder().store(new CountingTokenStore()).build()) {
            String token = tokens.create("alice", "ci", Expiration.never()).token().reveal();
            tokens.authenticate(token);
            tokens.authenticate(token);
            assertThat(tokens.cacheStatistics()).isEqualTo(new CacheStatistics(false, 0, 0, 1));
        }
    }

    /** @return a well-formed token of another service's store, which this test's store does not know */
    private static String elsewhere() {
        try (ApiTokens other = ApiTokens.builder().store(new CountingTokenStore()).build()) {
            return other.create("carol", "elsewhere", Expiration.never()).token().reveal();
        }
    }
}
