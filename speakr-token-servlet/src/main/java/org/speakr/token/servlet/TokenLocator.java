package org.speakr.token.servlet;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds the one token a request presents in the four locations the filter reads ({@code Authorization: Bearer},
 * {@code X-API-Token}, {@code API-Token} and, when enabled, the query parameter on GET and HEAD, or on
 * every method in Speakr compatibility; more than one
 * token is an error, never a choice), following the rules of Spring Security's {@code DefaultBearerTokenResolver}. Works on plain strings so that it never consumes a request body.
 * Immutable and thread-safe.
 */
final class TokenLocator {
    /** Longest value read as a token; anything longer is malformed without further scanning. */
    static final int MAX_TOKEN_LENGTH = 4096;

    private static final String BEARER = "bearer";
    /** RFC 7235 token68 characters before the '=' padding: ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/". */
    private static final boolean[] TOKEN68_CHARS = new boolean[128];

    static {
        String token68 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~+/";
        for (int i = 0; i < token68.length(); i++) {
            TOKEN68_CHARS[token68.charAt(i)] = true;
        }
    }

    /** Where a token was found. */
    enum Location {
        AUTHORIZATION("Bearer token"),
        X_API_TOKEN(ApiTokenFilter.X_API_TOKEN_HEADER + " header"),
        API_TOKEN(ApiTokenFilter.API_TOKEN_HEADER + " header"),
        QUERY_PARAMETER("Query parameter");

        private final String label;

        Location(String label) {
            this.label = label;
        }

        String label(String queryParameter) {
            return this == QUERY_PARAMETER ? label + " '" + queryParameter + "'" : label;
        }
    }

    /** What the request presents. */
    enum Kind {
        /** No token in any location. */
        NONE,
        /** More than one token: two locations, a header twice, or the parameter twice. */
        MULTIPLE,
        /** One location with an empty value. */
        EMPTY,
        /** One location whose value is not a token68 (or not a {@code Bearer} credential). */
        MALFORMED,
        /** One well-formed value, still to be checked by the token service. */
        FOUND
    }

    /**
     * The outcome.
     *
     * @param kind what was found
     * @param location where, for {@code EMPTY}, {@code MALFORMED} and {@code FOUND}; else {@code null}
     * @param value the token, for {@code FOUND} only
     * @param queryOccurrences how often the query parameter occurs in the query string (0 when the
     *        parameter is not enabled), whether or not it was read as a token
     */
    record Located(Kind kind, Location location, String value, int queryOccurrences) {
        @Override
        public String toString() {
            return "Located[" + kind + ", " + location + ", queryOccurrences=" + queryOccurrences + "]";
        }
    }

    private final boolean allowQueryParameter;
    private final String queryParameter;
    private final boolean queryParameterAnyMethod;

    TokenLocator(boolean allowQueryParameter, String queryParameter) {
        this(allowQueryParameter, queryParameter, false);
    }

    /** @param queryParameterAnyMethod read the enabled query parameter on every method, not only GET and HEAD */
    TokenLocator(boolean allowQueryParameter, String queryParameter, boolean queryParameterAnyMethod) {
        this.allowQueryParameter = allowQueryParameter;
        this.queryParameter = queryParameter;
        this.queryParameterAnyMethod = queryParameterAnyMethod;
    }

    /**
     * Locates the token.
     *
     * @param authorization every {@code Authorization} field value
     * @param xApiToken every {@code X-API-Token} field value
     * @param apiToken every {@code API-Token} field value
     * @param method the request method, e.g. {@code GET}
     * @param rawQuery the raw query string, or {@code null}
     * @return the outcome
     */
    Located locate(List<String> authorization, List<String> xApiToken, List<String> apiToken, String method,
            String rawQuery) {
        List<Location> locations = new ArrayList<>(2);
        List<String> raw = new ArrayList<>(2);
        for (String value : authorization) {
            if (value.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
                locations.add(Location.AUTHORIZATION);
                raw.add(value);
            }
        }
        for (String value : xApiToken) {
            locations.add(Location.X_API_TOKEN);
            raw.add(value);
        }
        for (String value : apiToken) {
            locations.add(Location.API_TOKEN);
            raw.add(value);
        }
        int queryOccurrences = 0;
        if (allowQueryParameter) {
            List<String> values = QueryString.values(rawQuery, queryParameter);
            queryOccurrences = values.size();
            if (queryParameterAnyMethod || "GET".equals(method) || "HEAD".equals(method)) {
                for (String value : values) {
                    locations.add(Location.QUERY_PARAMETER);
                    raw.add(value);
                }
            }
        }
        if (locations.isEmpty()) {
            return new Located(Kind.NONE, null, null, queryOccurrences);
        }
        if (locations.size() > 1) {
            return new Located(Kind.MULTIPLE, null, null, queryOccurrences);
        }
        Location location = locations.get(0);
        String value = raw.get(0);
        if (location == Location.AUTHORIZATION) {
            String credentials = bearerCredentials(value);
            return credentials == null
                    ? new Located(Kind.MALFORMED, location, null, queryOccurrences)
                    : new Located(Kind.FOUND, location, credentials, queryOccurrences);
        }
        if (value == null) {
            return new Located(Kind.MALFORMED, location, null, queryOccurrences);
        }
        if (value.isBlank()) {
            return new Located(Kind.EMPTY, location, null, queryOccurrences);
        }
        return isToken68(value)
                ? new Located(Kind.FOUND, location, value, queryOccurrences)
                : new Located(Kind.MALFORMED, location, null, queryOccurrences);
    }

    /**
     * {@code "Bearer" 1*SP token68}, the scheme in any case (RFC 6750 §2.1).
     *
     * @return the token68, or {@code null} if the value does not match
     */
    static String bearerCredentials(String authorization) {
        int length = authorization.length();
        if (length <= BEARER.length() || authorization.charAt(BEARER.length()) != ' ') {
            return null;
        }
        int start = BEARER.length();
        while (start < length && authorization.charAt(start) == ' ') {
            start++;
        }
        String credentials = authorization.substring(start);
        return isToken68(credentials) ? credentials : null;
    }

    /**
     * {@code token68 = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="} (RFC 7235 §2.1), at
     * most {@link #MAX_TOKEN_LENGTH} characters.
     */
    static boolean isToken68(String value) {
        int length = value.length();
        if (length == 0 || length > MAX_TOKEN_LENGTH) {
            return false;
        }
        int i = 0;
        while (i < length && isToken68Char(value.charAt(i))) {
            i++;
        }
        if (i == 0) {
            return false;
        }
        while (i < length && value.charAt(i) == '=') {
            i++;
        }
        return i == length;
    }

    private static boolean isToken68Char(char c) {
        return c < TOKEN68_CHARS.length && TOKEN68_CHARS[c];
    }
}
