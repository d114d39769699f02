package org.speakr.token.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.speakr.token.core.internal.BackgroundFailures;
import org.speakr.token.core.spi.TokenStore;
import org.speakr.token.core.spi.TokenRecord;

/**
 * Polls the store for tokens revoked since the last poll (by any node sharing it) and evicts them from
 * this node's cache. Each poll looks back {@link #OVERLAP} before the previous poll's start, which absorbs
 * clock skew between nodes and revocations committed late; evicting twice is harmless. A store that stays down
 * is logged once with the stack, then once a minute ({@link BackgroundFailures}).
 *
 * <p>The store also returns revocations scheduled for later (a token rotated away with an overlap), at every poll
 * until their instant: each is evicted once per scheduled instant, so this node reloads the token, learns the
 * instant, and then judges it from its cache; a revocation brought forward has a new instant and is evicted again.
 */
final class RevocationFeed implements Runnable {
    /** How far each poll looks back before the previous poll started. */
    static final Duration OVERLAP = Duration.ofSeconds(10);

    private static final Logger log = LoggerFactory.getLogger(RevocationFeed.class);

    private final TokenStore store;
    private final TokenCache cache;
    private final Clock clock;
    private final BackgroundFailures failures;
    private Instant since;
    /** Hash to the scheduled instant already evicted for; only touched by the poll, one thread at a time. */
    private final java.util.Map<String, Instant> scheduledSeen = new java.util.HashMap<>();

    RevocationFeed(TokenStore store, TokenCache cache, Clock clock) {
        this.store = store;
        this.cache = cache;
        this.clock = clock;
        this.failures = new BackgroundFailures(log, "Revocation feed poll", clock);
        this.since = clock.instant().minus(OVERLAP);
    }

    /** Synchronized: the background and a test's {@code pollRevocationsNow} may run a poll at once. */
    @Override
    public synchronized void run() {
        Instant started = clock.instant();
        try {
            for (TokenRecord revoked : store.revokedSince(since)) {
                Instant at = revoked.revokedAt();
                if (at != null && at.equals(scheduledSeen.get(revoked.hash()))) {
                    continue; // evicted already for this scheduled instant; the cached entry knows it
                }
                if (at != null && at.isAfter(started)) {
                    scheduledSeen.put(revoked.hash(), at);
                }
                Digest digest = Digest.fromHex(revoked.hash());
                if (digest != null) {
                    cache.evict(digest);
                }
            }
            since = started.minus(OVERLAP);
            scheduledSeen.values().removeIf(at -> at.isBefore(since));
            failures.succeeded();
        } catch (RuntimeException | Error e) {
            // An Error too: rethrown, it would cancel every later poll of this node's feed.
            failures.failed("Revocation feed poll failed; cached tokens stay valid at most until the cache TTL", e);
        }
    }
}
