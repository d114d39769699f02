package org.speakr.token.servlet;

import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.speakr.token.core.MutableClock;
import org.speakr.token.core.ApiTokenSettings;
import org.speakr.token.core.ApiTokens;

/**
 * A {@link TokenServiceFactory} as a web application would write one: it reads the core settings from the
 * filter's init-params and builds a service over a store shared with the test.
 */
public class TestTokenServiceFactory implements TokenServiceFactory {
    /** The store every service made by this factory uses; the test creates tokens in it. */
    static volatile RecordingStore store = new RecordingStore();

    @Override
    public Set<String> parameterNames() {
        return ApiTokenSettings.NAMES;
    }

    @Override
    public ApiTokens create(FilterConfig config) throws ServletException {
        Map<String, String> settings = new HashMap<>();
        for (String name : ApiTokenSettings.NAMES) {
            String value = config.getInitParameter(name);
            if (value != null) {
                settings.put(name, value);
            }
        }
        try {
            return ApiTokens.builder().store(store).revocationPollInterval(Duration.ZERO).apply(settings).build();
        } catch (IllegalArgumentException e) {
            throw new ServletException("Invalid init-param " + e.getMessage(), e);
        }
    }
}
