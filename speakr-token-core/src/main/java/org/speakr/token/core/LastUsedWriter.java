package org.speakr.token.core;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.speakr.token.core.internal.BackgroundFailures;
import org.speakr.token.core.spi.TokenStore;

/**
 * Write-behind of last-use instants: the request path only notes the latest use per token id in memory;
 * {@link #flush()}, run once per write interval off the request thread and on close, writes all noted uses
 * as one batch. So a token costs at most one store write per interval, and a failing write never fails
 * a request. A failed batch is merged back so a later flush retries it; a store that stays down is logged once
 * with the stack, then once a minute ({@link BackgroundFailures}).
 *
 * <p>Instants are kept to the millisecond. A use within the millisecond already noted for its token changes
 * nothing, so it is answered by a lock-free read: under load, many threads authenticating the same token
 * would otherwise all take the same map bin's lock on every request.
 */
final class LastUsedWriter {
    private static final Logger log = LoggerFactory.getLogger(LastUsedWriter.class);

    private final TokenStore store;
    private final BackgroundFailures failures;
    /** Replaced by each flush, so its table does not stay at the high-water mark of a busy interval. */
    private volatile ConcurrentHashMap<String, Instant> pending = new ConcurrentHashMap<>();

    LastUsedWriter(TokenStore store, Clock clock) {
        this.store = store;
        this.failures = new BackgroundFailures(log, "Writing last-used instants", clock);
    }

    void record(String tokenId, Instant at) {
        ConcurrentHashMap<String, Instant> map = pending;
        Instant noted = map.get(tokenId);
        long atMillis = at.toEpochMilli();
        if (noted != null && noted.toEpochMilli() >= atMillis) {
            return;
        }
        Instant use = Instant.ofEpochMilli(atMillis);
        map.merge(tokenId, use, LastUsedWriter::later);
        if (map != pending) {
            // A flush swapped maps meanwhile and may have drained ours already: note the use in the new one
            // too (at worst it is written twice, in two intervals).
            pending.merge(tokenId, use, LastUsedWriter::later);
        }
    }

    /** Writes every pending use in one batch; never throws. */
    synchronized void flush() {
        ConcurrentHashMap<String, Instant> drained = pending;
        if (drained.isEmpty()) {
            return;
        }
        pending = new ConcurrentHashMap<>();
        Map<String, Instant> batch = new HashMap<>();
        for (String id : drained.keySet()) {
            Instant at = drained.remove(id);
            if (at != null) {
                batch.put(id, at);
            }
        }
        try {
            store.updateLastUsed(batch);
            failures.succeeded();
        } catch (RuntimeException | Error e) {
            // An Error too (e.g. a driver class that fails to load): rethrown, it would cancel every later
            // scheduled flush and lose this batch.
            batch.forEach(this::record);
            failures.failed("Could not write last-used instants of " + batch.size()
                    + " tokens; will retry at the next flush", e);
        }
    }

    int pendingCount() {
        return pending.size();
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
