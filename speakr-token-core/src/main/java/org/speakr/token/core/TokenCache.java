package org.speakr.token.core;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.function.Function;

/**
 * Two bounded Caffeine caches keyed by token hash: snapshots of known tokens, and a short-lived set of
 * hashes the store confirmed unknown. Failures are never cached: a loader that throws leaves no entry.
 */
final class TokenCache {
    private final Cache<Digest, CachedToken> known;
    private final Cache<Digest, Boolean> unknown;

    TokenCache(long maximumSize, Duration ttl, long unknownMaximumSize, Duration unknownTtl) {
        known = Caffeine.newBuilder().maximumSize(maximumSize).expireAfterWrite(ttl).build();
        unknown = Caffeine.newBuilder().maximumSize(unknownMaximumSize).expireAfterWrite(unknownTtl).build();
    }

    CachedToken get(Digest digest) {
        return known.getIfPresent(digest);
    }

    /**
     * Loads atomically per key: a concurrent {@link #evict} waits for an in-flight load and then removes
     * its result, so a snapshot read before a revocation cannot outlive the revocation's eviction.
     */
    CachedToken load(Digest digest, Function<Digest, CachedToken> loader) {
        return known.get(digest, loader);
    }

    boolean isKnownUnknown(Digest digest) {
        return unknown.getIfPresent(digest) != null;
    }

    void rememberUnknown(Digest digest) {
        unknown.put(digest, Boolean.TRUE);
    }

    /** Forgets everything about {@code digest}. */
    void evict(Digest digest) {
        known.invalidate(digest);
        unknown.invalidate(digest);
    }

    /** Evicts a snapshot that is not already marked revoked (the revocation feed's eviction). */
    void evictUnlessRevoked(Digest digest) {
        known.asMap().computeIfPresent(digest, (key, cached) -> cached.revoked() ? cached : null);
    }

    long size() {
        return known.estimatedSize();
    }
}
