package org.speakr.token.servlet;

import java.time.Duration;
import java.util.Map;
import org.speakr.token.core.ApiTokens;
import org.speakr.token.core.spi.TokenServiceFactory;

/**
 * A {@link TokenServiceFactory} as a web application would write one: it applies the core settings the filter
 * hands over (its init-params that are not the filter's own) and builds a service over a store shared with
 * the test.
 */
public class TestTokenServiceFactory implements TokenServiceFactory {
    /** The store every service made by this factory uses; the test creates tokens in it. */
    static volatile RecordingStore store = new RecordingStore();
    /** The settings the last {@link #create} call was given. */
    static volatile Map<String, String> lastSettings;

    @Override
    public ApiTokens create(Map<String, String> settings) {
        lastSettings = Map.copyOf(settings);
        return ApiTokens.builder().store(store).revocationPollInterval(Duration.ZERO).apply(settings).build();
    }
}
