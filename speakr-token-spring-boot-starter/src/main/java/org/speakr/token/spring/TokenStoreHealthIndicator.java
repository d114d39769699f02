package org.speakr.token.spring;

import org.speakr.token.core.spi.TokenStore;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * Up when the token store answers a lookup of a hash no token has; down (with the failure's type only, never
 * its message) when it throws.
 */
final class TokenStoreHealthIndicator extends AbstractHealthIndicator {
    /** 64 hex digits: the form of a token hash, matching no stored token. */
    private static final String PROBE_HASH = "0".repeat(64);

    private final TokenStore store;

    TokenStoreHealthIndicator(TokenStore store) {
        super("Token store health check failed");
        this.store = store;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        builder.withDetail("store", store.getClass().getSimpleName());
        try {
            store.findByHash(PROBE_HASH);
            builder.up();
        } catch (RuntimeException e) {
            builder.down().withDetail("error", e.getClass().getName());
        }
    }
}
