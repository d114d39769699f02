package org.speakr.token.spring;

import io.micrometer.core.instrument.MeterRegistry;
import org.speakr.token.core.ApiTokens;
import org.speakr.token.core.spi.TokenStore;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * With Micrometer, the timer {@code speakr.token.authentications} (tag {@code result}) and the token cache's
 * {@code speakr.token.cache.hits}, {@code speakr.token.cache.misses} (function counters) and
 * {@code speakr.token.cache.size} (gauge); the starter's {@code ApiTokens} then counts hits and misses
 * ({@code speakr.token.record-cache-statistics} defaults to true instead of false). With Spring Boot's health
 * support, the health indicator {@code speakrToken} of the token store
 * ({@code management.health.speakr-token.enabled=false} turns it off).
 */
@AutoConfiguration(after = SpeakrTokenAutoConfiguration.class, afterName = {
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration"})
public class SpeakrTokenObservabilityAutoConfiguration {

    /** Created by Spring. */
    public SpeakrTokenObservabilityAutoConfiguration() {
    }

    /** Micrometer metrics. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterRegistry.class)
    @ConditionalOnBean(MeterRegistry.class)
    static class Metrics {
        @Bean
        AuthenticationMetrics speakrTokenAuthenticationMetrics(MeterRegistry registry) {
            return new AuthenticationMetrics(registry);
        }

        /** Hits and misses are counted only when asked for; a registry asks. */
        @Bean
        static ApiTokensCustomizer speakrTokenRecordCacheStatistics() {
            return builder -> builder.recordCacheStatistics(true);
        }

        @Bean
        @ConditionalOnBean(ApiTokens.class)
        CacheMetrics speakrTokenCacheMetrics(MeterRegistry registry, ApiTokens tokens) {
            return new CacheMetrics(registry, tokens);
        }
    }

    /** The store's health. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
    @ConditionalOnBean(TokenStore.class)
    @ConditionalOnEnabledHealthIndicator("speakr-token")
    static class StoreHealth {
        @Bean
        TokenStoreHealthIndicator speakrTokenHealthIndicator(TokenStore store) {
            return new TokenStoreHealthIndicator(store);
        }
    }
}
