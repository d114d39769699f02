package org.speakr.token.spring;

import io.micrometer.core.instrument.MeterRegistry;
import org.speakr.token.core.spi.TokenStore;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * With Micrometer, the timer {@code speakr.token.authentications} (tag {@code result}); with Spring Boot's health
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
