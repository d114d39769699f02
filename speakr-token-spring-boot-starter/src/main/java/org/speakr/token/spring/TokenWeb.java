package org.speakr.token.spring;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.speakr.token.core.ApiTokens;
import org.speakr.token.servlet.ApiTokenFilter;
import org.speakr.token.servlet.ApiTokenFilterSettings;
import org.speakr.token.servlet.ScopeRequirement;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;

/**
 * The {@code speakr.token.web.*} properties, read once: the filter settings (applied through
 * {@link ApiTokenFilter.Builder#apply(Map)}), the covered paths, the per-path scopes and the known scopes. Builds
 * the filters of the servlet registration and of {@link SpeakrTokens}.
 */
final class TokenWeb {
    private final ApiTokens tokens;
    private final Map<String, String> filterSettings;
    private final RequestPaths paths;
    /** {@code null} when no path-scopes are configured. */
    private final PathScopes pathScopes;
    /** Granted as authorities to a full-access token; empty for none. */
    private final List<String> knownScopes;
    private final AuthenticationObserver observer;

    TokenWeb(ApiTokens tokens, Binder binder, AuthenticationObserver observer) {
        this.tokens = tokens;
        this.observer = observer;
        this.filterSettings = TokenSettings.read(binder, "web", ApiTokenFilterSettings.NAMES,
                Set.of(TokenSettings.WEB_PATH_PATTERNS, TokenSettings.WEB_PATH_SCOPES, TokenSettings.WEB_ENABLED,
                        TokenSettings.WEB_KNOWN_SCOPES));
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
        this.knownScopes = knownScopes(binder.bind(prefix + TokenSettings.WEB_KNOWN_SCOPES,
                Bindable.listOf(String.class)).orElse(List.of()), prefix + TokenSettings.WEB_KNOWN_SCOPES);
        builder().build(); // fails start-up on a bad setting
    }

    /** Validated as the filter's scopes are, with the message naming this property. */
    private static List<String> knownScopes(List<String> scopes, String property) {
        List<String> stripped = scopes.stream().map(String::strip).filter(scope -> !scope.isEmpty()).toList();
        try {
            ScopeRequirement.of(stripped.toArray(new String[0]));
        } catch (IllegalArgumentException e) {
            // not chained: the filter's message names its own setting
            throw new IllegalArgumentException(property + e.getMessage()
                    .substring(ApiTokenFilterSettings.REQUIRED_SCOPES.length()));
        }
        return List.copyOf(new TreeSet<>(stripped));
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

    /** @return {@code speakr.token.web.known-scopes}, sorted, without repeats; empty when not set */
    List<String> knownScopes() {
        return knownScopes;
    }

    AuthenticationObserver observer() {
        return observer;
    }

    /** @return the filter of the servlet registration: the configured mode on the covered paths */
    SpeakrTokenFilter servletFilter() {
        return new SpeakrTokenFilter(builder().build(), paths, observer, SpeakrTokenFilter.Continuation.PLAIN);
    }
}
