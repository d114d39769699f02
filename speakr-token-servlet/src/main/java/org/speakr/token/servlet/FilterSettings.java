package org.speakr.token.servlet;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The validated configuration of one {@link ApiTokenFilter}, and the validators shared by its builder and
 * its init-params. Every validator names the setting it was given in its message.
 *
 * @param mode whether a request without a token is refused or passed on
 * @param realm the realm in {@code WWW-Authenticate}
 * @param allowQueryParameter whether the query parameter is a token location
 * @param queryParameter the query parameter's name
 * @param requiredScopes the scopes every token must have (a token without scopes has all)
 * @param failureLimit failed attempts a client may make per window
 * @param failureWindow the throttling window
 * @param expirationHeader whether authenticated responses of expiring tokens carry the expiry
 * @param clock the time source for the throttling windows
 */
record FilterSettings(ApiTokenFilter.Mode mode, String realm, boolean allowQueryParameter, String queryParameter,
        List<String> requiredScopes, int failureLimit, Duration failureWindow, boolean expirationHeader,
        Clock clock) {

    static final ApiTokenFilter.Mode DEFAULT_MODE = ApiTokenFilter.Mode.REQUIRED;
    static final String DEFAULT_REALM = "api";
    static final boolean DEFAULT_ALLOW_QUERY_PARAMETER = false;
    static final String DEFAULT_QUERY_PARAMETER = "token";
    static final int DEFAULT_FAILURE_LIMIT = 20;
    static final Duration DEFAULT_FAILURE_WINDOW = Duration.ofMinutes(1);
    static final boolean DEFAULT_EXPIRATION_HEADER = true;

    private static final Pattern QUERY_PARAMETER_NAME = Pattern.compile("[A-Za-z0-9._~-]{1,64}");
    private static final Pattern SCOPE = Pattern.compile("[\\x21\\x23-\\x5B\\x5D-\\x7E]{1,200}");

    FilterSettings {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(realm, "realm");
        Objects.requireNonNull(queryParameter, "queryParameter");
        requiredScopes = List.copyOf(requiredScopes);
        Objects.requireNonNull(failureWindow, "failureWindow");
        Objects.requireNonNull(clock, "clock");
    }

    /** @return the required scopes space-separated, as in a {@code scope} attribute, or {@code null} */
    String scopeAttribute() {
        return requiredScopes.isEmpty() ? null : String.join(" ", requiredScopes);
    }

    static ApiTokenFilter.Mode mode(String name, String value) {
        Objects.requireNonNull(value, name);
        switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "required":
                return ApiTokenFilter.Mode.REQUIRED;
            case "optional":
                return ApiTokenFilter.Mode.OPTIONAL;
            default:
                throw new IllegalArgumentException(name + ": expected required or optional, got '" + value + "'");
        }
    }

    static String realm(String name, String value) {
        Objects.requireNonNull(value, name);
        boolean valid = !value.isEmpty() && value.length() <= 100;
        for (int i = 0; valid && i < value.length(); i++) {
            char c = value.charAt(i);
            valid = c >= 0x20 && c < 0x7f && c != '"' && c != '\\';
        }
        if (!valid) {
            throw new IllegalArgumentException(name
                    + ": expected 1 to 100 printable ASCII characters without '\"' or '\\', got '" + value + "'");
        }
        return value;
    }

    static String queryParameter(String name, String value) {
        Objects.requireNonNull(value, name);
        if (!QUERY_PARAMETER_NAME.matcher(value).matches()) {
            throw new IllegalArgumentException(name + ": expected 1 to 64 of [A-Za-z0-9._~-], got '" + value + "'");
        }
        return value;
    }

    static List<String> scopes(String name, Collection<String> scopes) {
        Objects.requireNonNull(scopes, name);
        Set<String> valid = new LinkedHashSet<>();
        for (String scope : scopes) {
            if (scope == null || !SCOPE.matcher(scope).matches()) {
                throw new IllegalArgumentException(name + ": '" + scope
                        + "' is not an RFC 6749 scope token (1 to 200 printable ASCII characters, no space, '\"' or '\\')");
            }
            valid.add(scope);
        }
        return List.copyOf(valid);
    }

    /** Scopes separated by spaces or commas; an empty value means none. */
    static List<String> parseScopes(String name, String value) {
        Objects.requireNonNull(value, name);
        List<String> scopes = new ArrayList<>();
        for (String scope : value.strip().split("[\\s,]+")) {
            if (!scope.isEmpty()) {
                scopes.add(scope);
            }
        }
        return scopes(name, scopes);
    }

    static int failureLimit(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + ": expected a positive integer, got '" + value + "'");
        }
        return value;
    }

    static Duration failureWindow(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException(name + ": expected at least 1 second, got '" + value + "'");
        }
        return value;
    }
}
