package org.speakr.token.spring;

import java.util.Map;
import java.util.Set;
import org.speakr.token.core.ApiTokens;
import org.speakr.token.servlet.ApiTokenFilter;
import org.speakr.token.servlet.ApiTokenFilterSettings;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;

/**
 * The {@code speakr.token.web.*} properties, read once: the filter settings (applied through
 * {@link ApiTokenFilter.Builder#apply(Map)}), the covered paths and the per-path scopes. Builds the filters of
 * the servlet registration and of {@link SpeakrTokens}.
 */
final class TokenWeb {
    private final ApiTokens tokens;
    private final Map<String, String> filterSettings;
    private final RequestPaths paths;
    /** {@code null} when no path-scopes are configured. */
    private final PathScopes pathScopes;
    private final AuthenticationObserver observer;

    TokenWeb(ApiTokens tokens, Binder binder, AuthenticationObserver observer) {
        this.tokens = tokens;
        this.observer = observer;
        this.filterSettings = TokenSettings.read(binder, "web", ApiTokenFilterSettings.NAMES,
                Set.of(TokenSettings.WEB_PATH_PATTERNS, TokenSettings.WEB_PATH_SCOPES, TokenSettings.WEB_ENABLED));
        String prefix = TokenSettings.PREFIX + ".web.";
        this.paths = new RequestPaths(binder.bind(prefix + TokenSettings.WEB_PATH_PATTERNS,
                Bindable.listOf(String.class)).orElse(TokenSettings.DEFAULT_PATH_PATTERNS));
        Map<String, String> scopes = binder.bind(prefix + TokenSettings.WEB_PATH_SCOPES,
                Bindable.mapOf(String.class, String.class)).orElse(Map.of());
        if (!scopes.isEmpty() && filterSettings.containsKey(ApiTokenFilterSettings.REQUIRED_SCOPES)) {
            throw new IllegalStateException(prefix + TokenSettings.WEB_PATH_SCOPES + " and " + prefix
                    + ApiTokenFilterSettings.REQUIRED_SCOPES + ": expected one of them, got both");
        }
        this.pathScopes = scopes.isEmpty() ? null : new PathScopes(scopes);
        builder().build(); // fails start-up on a bad setting
    }

    /** @return a builder with every {@code speakr.token.web.*} setting applied */
    ApiTokenFilter.Builder builder() {
        ApiTokenFilter.Builder builder = ApiTokenFilter.builder(tokens).apply(filterSettings);
        if (pathScopes != null) {
            builder.requiredScopes(pathScopes);
        }
        return builder;
    }

    RequestPaths paths() {
        return paths;
    }

    AuthenticationObserver observer() {
        return observer;
    }

    /** @return the filter of the servlet registration: the configured mode on the covered paths */
    SpeakrTokenFilter servletFilter() {
        return new SpeakrTokenFilter(builder().build(), paths, observer, SpeakrTokenFilter.Continuation.PLAIN);
    }
}
