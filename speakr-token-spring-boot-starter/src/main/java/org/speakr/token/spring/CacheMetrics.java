package org.speakr.token.spring;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.speakr.token.core.ApiTokens;

/**
 * The token cache's meters, read from {@link ApiTokens#cacheStatistics()} when the registry is scraped: the
 * function counters {@value #HITS} and {@value #MISSES} and the gauge {@value #SIZE}.
 */
final class CacheMetrics {
    static final String HITS = "speakr.token.cache.hits";
    static final String MISSES = "speakr.token.cache.misses";
    static final String SIZE = "speakr.token.cache.size";

    CacheMetrics(MeterRegistry registry, ApiTokens tokens) {
        FunctionCounter.builder(HITS, tokens, t -> t.cacheStatistics().hits())
                .description("Presented tokens answered from the token cache (cached, revoked or known unknown)")
                .register(registry);
        FunctionCounter.builder(MISSES, tokens, t -> t.cacheStatistics().misses())
                .description("Presented tokens looked up in the token store")
                .register(registry);
        Gauge.builder(SIZE, tokens, t -> t.cacheStatistics().size())
                .description("Tokens in the token cache")
                .strongReference(true)
                .register(registry);
    }
}
