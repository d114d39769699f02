package org.speakr.token.core;

/**
 * What the token cache of one {@link ApiTokens} has done since it was built, from
 * {@link ApiTokens#cacheStatistics()}. Hits and misses are counted only when the service was built with
 * {@link ApiTokens.Builder#recordCacheStatistics(boolean) recordCacheStatistics(true)} (setting
 * {@value ApiTokenSettings#RECORD_CACHE_STATISTICS}); otherwise both are 0 and {@code recording} is false, and
 * the authentication path does not count at all.
 *
 * @param recording whether hits and misses are counted
 * @param hits presented tokens answered from memory: a cached token (active or revoked), or a hash remembered
 *        as unknown
 * @param misses lookups of a presented token in the store (one per hash asked for: a token created under a
 *        previous key of {@link TokenHashing} may cost one per key)
 * @param size tokens in the cache now, active and revoked (the cache's estimate; counted whether recording or
 *        not)
 */
public record CacheStatistics(boolean recording, long hits, long misses, long size) {
}
