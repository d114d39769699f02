package org.speakr.token.core;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;
import org.speakr.token.core.spi.TokenRecord;

/**
 * Bounded Caffeine caches keyed by token hash: the principals of tokens that are not revoked (their expiry is
 * judged on every call), the principals of revoked tokens (revocation is irreversible, so they never go stale),
 * and a short-lived set of hashes the store confirmed unknown. Failures are never cached: a loader that throws
 * leaves no entry.
 *
 * <p>An active token is cached for {@code ttl} on the service's clock: its cache's ticker is a
 * {@link ServiceClockTicker} that each lookup first advances to the caller's instant. Active tokens are cached
 * as their {@link ApiTokenPrincipal} alone, with no wrapper, because this cache is what a node's memory holds per
 * token; only a token with a scheduled revocation, allowed networks or a predecessor to retire is cached as a
 * {@link CachedToken}. A token whose revocation is only scheduled (after {@code now}) is cached as active: its
 * entry judges it revoked once the instant passes, with no store call.
 */
final class TokenCache {
    private final ServiceClockTicker ticker;
    /** Values: {@link ApiTokenPrincipal} or {@link CachedToken} (see {@link CachedToken#of}). */
    private final Cache<Digest, Object> active;
    private final Cache<Digest, Object> revoked;
    private final Cache<Digest, Boolean> unknown;

    TokenCache(long maximumSize, Duration ttl, long unknownMaximumSize, Duration unknownTtl, Instant start) {
        ticker = new ServiceClockTicker(start);
        active = Caffeine.newBuilder().maximumSize(maximumSize).ticker(ticker).expireAfterWrite(ttl).build();
        revoked = Caffeine.newBuilder().maximumSize(maximumSize).build();
        unknown = Caffeine.newBuilder().maximumSize(unknownMaximumSize).expireAfterWrite(unknownTtl).build();
    }

    /** @return the entry of a token cached as not revoked, loaded less than {@code ttl} before {@code now} */
    Object active(Digest digest, Instant now) {
        ticker.advanceTo(now);
        return active.getIfPresent(digest);
    }

    /** @return the entry of a cached revoked token, or null */
    Object revoked(Digest digest) {
        return revoked.getIfPresent(digest);
    }

    /**
     * A token as just loaded: its principal and whether it is revoked. Returned directly rather than read back
     * from a cache, because a bounded cache may refuse to admit a new entry.
     */
    record Loaded(Object entry, boolean revoked) {
    }

    /**
     * Loads a token from the store, atomically per key: a concurrent {@link #evict} waits for an in-flight
     * load and then removes its result, so a snapshot read before a revocation cannot outlive the revocation's
     * eviction. A revoked token is also remembered in the revoked cache.
     *
     * @param now the caller's current instant: an active token is cached until {@code now + ttl}
     * @return the token, or null when the store does not know {@code digest}
     */
    Loaded load(Digest digest, Instant now, Function<Digest, TokenRecord> loader) {
        ticker.advanceTo(now);
        Loaded[] revokedToken = new Loaded[1];
        Object entry = active.get(digest, key -> {
            TokenRecord record = loader.apply(key);
            if (record == null) {
                return null;
            }
            Object loaded = CachedToken.of(record);
            if (!record.isRevokedAt(now)) {
                return loaded;
            }
            revoked.put(key, loaded);
            revokedToken[0] = new Loaded(loaded, true);
            return null;
        });
        return entry != null ? new Loaded(entry, false) : revokedToken[0];
    }

    boolean isKnownUnknown(Digest digest) {
        return unknown.getIfPresent(digest) != null;
    }

    void rememberUnknown(Digest digest) {
        unknown.put(digest, Boolean.TRUE);
    }

    /** Forgets an active or unknown verdict about {@code digest}; a revoked verdict is final and stays. */
    void evict(Digest digest) {
        active.invalidate(digest);
        unknown.invalidate(digest);
    }

    long size() {
        return active.estimatedSize() + revoked.estimatedSize();
    }
}
