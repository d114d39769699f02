package org.speakr.token.core;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.speakr.token.core.internal.BackgroundFailures;
import org.speakr.token.core.spi.LastUse;
import org.speakr.token.core.spi.TokenStore;

/**
 * Write-behind of last uses (instant, client address, user agent): the request path only notes the latest use
 * per token id in memory; {@link #flush()}, run once per write interval off the request thread and on close,
 * cleans the client facts (control characters removed, lengths bounded to {@link LastUse}'s limits) and writes
 * all noted uses as one batch. So a token costs at most one store write per interval, and a failing write never
 * fails a request. A failed batch is merged back so a later flush retries it; a store that stays down is logged
 * once with the stack, then once a minute ({@link BackgroundFailures}).
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
    private volatile ConcurrentHashMap<String, Noted> pending = new ConcurrentHashMap<>();

    /** One noted use: the raw client facts as given, cleaned only at flush time. */
    private record Noted(long millis, String address, String userAgent) {
    }

    LastUsedWriter(TokenStore store, Clock clock) {
        this.store = store;
        this.failures = new BackgroundFailures(log, "Writing last-used instants", clock);
    }

    /** Notes a use; the client's facts are read only when the use is noted (not within an already noted millisecond). */
    void record(String tokenId, Instant at, ClientInfo client) {
        ConcurrentHashMap<String, Noted> map = pending;
        Noted noted = map.get(tokenId);
        long atMillis = at.toEpochMilli();
        if (noted != null && noted.millis >= atMillis) {
            return;
        }
        Noted use = new Noted(atMillis, client.address(), client.userAgent());
        map.merge(tokenId, use, LastUsedWriter::later);
        if (map != pending) {
            // A flush swapped maps meanwhile and may have drained ours already: note the use in the new one
            // too (at worst it is written twice, in two intervals).
            pending.merge(tokenId, use, LastUsedWriter::later);
        }
    }

    /** Writes every pending use in one batch; never throws. */
    synchronized void flush() {
        ConcurrentHashMap<String, Noted> drained = pending;
        if (drained.isEmpty()) {
            return;
        }
        pending = new ConcurrentHashMap<>();
        Map<String, Noted> taken = new HashMap<>();
        Map<String, LastUse> batch = new HashMap<>();
        for (String id : drained.keySet()) {
            Noted use = drained.remove(id);
            if (use != null) {
                taken.put(id, use);
                batch.put(id, new LastUse(Instant.ofEpochMilli(use.millis),
                        clean(use.address, LastUse.MAX_ADDRESS_LENGTH),
                        clean(use.userAgent, LastUse.MAX_USER_AGENT_LENGTH)));
            }
        }
        try {
            store.updateLastUse(batch);
            failures.succeeded();
        } catch (RuntimeException | Error e) {
            // An Error too (e.g. a driver class that fails to load): rethrown, it would cancel every later
            // scheduled flush and lose this batch.
            taken.forEach((id, use) -> pending.merge(id, use, LastUsedWriter::later));
            failures.failed("Could not write last-used instants of " + batch.size()
                    + " tokens; will retry at the next flush", e);
        }
    }

    int pendingCount() {
        return pending.size();
    }

    /**
     * @return {@code text} without ISO control characters, cut to {@code max} characters (never inside a surrogate
     *         pair), or null when nothing is left
     */
    static String clean(String text, int max) {
        if (text == null) {
            return null;
        }
        StringBuilder kept = new StringBuilder(Math.min(text.length(), max));
        for (int i = 0; i < text.length() && kept.length() < max; i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c)) {
                continue;
            }
            if (Character.isHighSurrogate(c) && kept.length() == max - 1) {
                break;
            }
            kept.append(c);
        }
        String result = kept.toString().strip();
        return result.isEmpty() ? null : result;
    }

    private static Noted later(Noted a, Noted b) {
        return a.millis >= b.millis ? a : b;
    }
}
