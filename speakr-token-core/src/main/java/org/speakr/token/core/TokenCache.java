package org.speakr.token.core;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.function.Function;

/**
 * Bounded Caffeine caches keyed by token hash: the principals of tokens that are not revoked (their expiry is
 * judged on every call), the principals of revoked tokens (revocation is irreversible, so they never go stale),
 * and a short-lived set of hashes the store confirmed unknown. Failures are never cached: a loader that throws
 * leaves no entry.
 *
 * <p>An active token goes stale {@code ttl} after it was loaded, judged against the instant the caller already
 * read from the service's clock, rather than by Caffeine's expire-after-write: that would read
 * {@code System.nanoTime()} a second time on every hit (a quarter of the hot path's cost beside the hash) and
 * give each entry a larger node. A stale entry is removed when next looked up, so the caller loads it afresh.
 */
final class TokenCache {
    private final Cache<Digest, CachedToken> active;
    private final Cache<Digest, ApiTokenPrincipal> revoked;
    private final Cache<Digest, Boolean> unknown;
    private final long ttlMillis;

    /**
     * A token that was not revoked when loaded, and the epoch millisecond from which it is stale. It keeps the
     * principal's fields rather than the principal: one object per token instead of two, which is 16 bytes
     * less per cached token, for a 32-byte principal made per call (allocation that dies young).
     */
    private record CachedToken(String owner, String tokenId, String tokenName, Set<String> scopes,
            Instant expiresAt, long staleFromMillis) {

        CachedToken(ApiTokenPrincipal principal, long staleFromMillis) {
            this(principal.owner(), principal.tokenId(), principal.tokenName(), principal.scopes(),
                    principal.expiresAt(), staleFromMillis);
        }

        ApiTokenPrincipal principal() {
            return new ApiTokenPrincipal(owner, tokenId, tokenName, scopes, expiresAt);
        }
    }

    TokenCache(long maximumSize, Duration ttl, long unknownMaximumSize, Duration unknownTtl) {
        active = Caffeine.newBuilder().maximumSize(maximumSize).build();
        revoked = Caffeine.newBuilder().maximumSize(maximumSize).build();
        unknown = Caffeine.newBuilder().maximumSize(unknownMaximumSize).expireAfterWrite(unknownTtl).build();
        ttlMillis = ttl.toMillis();
    }

    /** @return the principal of a token cached as not revoked and not stale at {@code now}, or null */
    ApiTokenPrincipal active(Digest digest, Instant now) {
        CachedToken cached = active.getIfPresent(digest);
        if (cached == null) {
            return null;
        }
        if (now.toEpochMilli() < cached.staleFromMillis) {
            return cached.principal();
        }
        active.asMap().remove(digest, cached);
        return null;
    }

    /** @return the principal of a cached revoked token, or null */
    ApiTokenPrincipal revoked(Digest digest) {
        return revoked.getIfPresent(digest);
    }

    /**
     * A token as just loaded: its principal and whether it is revoked. Returned directly rather than read back
     * from a cache, because a bounded cache may refuse to admit a new entry.
     */
    record Loaded(ApiTokenPrincipal principal, boolean revoked) {
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
        Loaded[] revokedToken = new Loaded[1];
        CachedToken cached = active.get(digest, key -> {
            TokenRecord record = loader.apply(key);
            if (record == null) {
                return null;
            }
            ApiTokenPrincipal loaded = new ApiTokenPrincipal(
                    record.owner(), record.id(), record.name(), record.scopes(), record.expiresAt());
            if (record.revokedAt() == null) {
                return new CachedToken(loaded, staleFromMillis(now));
            }
            revoked.put(key, loaded);
            revokedToken[0] = new Loaded(loaded, true);
            return null;
        });
        return cached != null ? new Loaded(cached.principal(), false) : revokedToken[0];
    }

    private long staleFromMillis(Instant loadedAt) {
        long loadedMillis = loadedAt.toEpochMilli();
        return loadedMillis > Long.MAX_VALUE - ttlMillis ? Long.MAX_VALUE : loadedMillis + ttlMillis;
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
