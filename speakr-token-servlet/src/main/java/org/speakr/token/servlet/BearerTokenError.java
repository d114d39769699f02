package org.speakr.token.servlet;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Objects;

/**
 * An error answer of a resource server that accepts bearer tokens (RFC 6750 §3), and its writer, after Spring
 * Security's {@code BearerTokenErrors}. Every answer has a JSON body {@code {"error": "…", "error_description": "…"}},
 * {@code Content-Type: application/json;charset=UTF-8} and {@code Cache-Control: no-store}; 400, 401 and 403
 * answers carry a {@code WWW-Authenticate: Bearer realm="…"} challenge (with {@code error},
 * {@code error_description} and, for 403 {@code insufficient_scope}, {@code scope}, except for a request without credentials, RFC 6750 §3.1);
 * 429 and 503 carry {@code Retry-After}.
 *
 * <pre>{@code
 * BearerTokenError.insufficientScope("Only the owner may delete a recording", List.of("recordings:write"))
 *         .send(response, "api");
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe. Descriptions are written as given: they must never hold a token.
 */
public final class BearerTokenError {
    /** Sent as given; Jetty 12 writes the charset in lower case, which RFC 9110 §8.3.2 makes equivalent. */
    static final String CONTENT_TYPE = "application/json;charset=UTF-8";
    /** Seconds in {@code Retry-After} of {@link #unavailable()}. */
    static final long DEFAULT_UNAVAILABLE_SECONDS = 5;

    private static final BearerTokenError UNAUTHORIZED = new BearerTokenError(HttpServletResponse.SC_UNAUTHORIZED,
            "unauthorized", "An API token is required", null, 0, false);

    /** The description of {@link #networkNotAllowed()}. */
    static final String NETWORK_NOT_ALLOWED_DESCRIPTION = "The token may not be used from this network";
    private static final BearerTokenError NETWORK_NOT_ALLOWED = new BearerTokenError(HttpServletResponse.SC_FORBIDDEN,
            "network_not_allowed", NETWORK_NOT_ALLOWED_DESCRIPTION, null, 0, true);

    private final int status;
    private final String errorCode;
    private final String description;
    /** The {@code scope} attribute, or {@code null}. */
    private final String scope;
    private final long retryAfterSeconds;
    /** Whether the challenge names the error (400, 401 with a token, 403); 401 without credentials does not. */
    private final boolean challengeWithError;

    private BearerTokenError(int status, String errorCode, String description, String scope, long retryAfterSeconds,
            boolean challengeWithError) {
        this.status = status;
        this.errorCode = errorCode;
        this.description = Objects.requireNonNull(description, "description");
        this.scope = scope;
        this.retryAfterSeconds = retryAfterSeconds;
        this.challengeWithError = challengeWithError;
    }

    /**
     * 401 to a request without credentials: {@code WWW-Authenticate: Bearer realm="…"} without an error code.
     *
     * @return the answer, with error {@code unauthorized} in the body
     */
    public static BearerTokenError unauthorized() {
        return UNAUTHORIZED;
    }

    /**
     * 400 {@code invalid_request}: a malformed request, e.g. more than one token.
     *
     * @param description what is wrong, for the client
     * @return the answer
     */
    public static BearerTokenError invalidRequest(String description) {
        return new BearerTokenError(HttpServletResponse.SC_BAD_REQUEST, "invalid_request", description, null, 0, true);
    }

    /**
     * 401 {@code invalid_token}: the token is malformed, unknown, expired or revoked.
     *
     * @param description what is wrong, for the client
     * @return the answer
     */
    public static BearerTokenError invalidToken(String description) {
        return new BearerTokenError(HttpServletResponse.SC_UNAUTHORIZED, "invalid_token", description, null, 0, true);
    }

    /**
     * 403 {@code insufficient_scope}, with the scopes the request needs in the challenge's {@code scope}.
     *
     * @param description what is missing, for the client
     * @param scopes the scopes the request needs; none leaves out the {@code scope} attribute
     * @return the answer
     */
    public static BearerTokenError insufficientScope(String description, Collection<String> scopes) {
        Objects.requireNonNull(scopes, "scopes");
        return new BearerTokenError(HttpServletResponse.SC_FORBIDDEN, "insufficient_scope", description,
                scopes.isEmpty() ? null : String.join(" ", scopes), 0, true);
    }

    /**
     * 403 {@code network_not_allowed}: the token is valid, but may not be used from the client's address (its
     * {@linkplain org.speakr.token.core.AllowedNetworks allowed networks}). A 403 rather than a 401, and not
     * {@code invalid_token}: the token is fine and works again from an allowed network, so a client must not
     * discard it or ask its user for a new one (RFC 6750 §3 leaves room for error codes besides its three).
     *
     * @return the answer, described "The token may not be used from this network"
     */
    public static BearerTokenError networkNotAllowed() {
        return NETWORK_NOT_ALLOWED;
    }

    /**
     * 429 {@code too_many_requests}: the client has failed too often.
     *
     * @param retryAfterSeconds the {@code Retry-After} value, positive
     * @return the answer
     */
    public static BearerTokenError tooManyRequests(long retryAfterSeconds) {
        return new BearerTokenError(429, "too_many_requests",
                "Too many failed authentication attempts; retry later", null, positive(retryAfterSeconds), false);
    }

    /**
     * 503 {@code temporarily_unavailable} with {@code Retry-After: 5}: the token service failed.
     *
     * @return the answer
     */
    public static BearerTokenError unavailable() {
        return unavailable(DEFAULT_UNAVAILABLE_SECONDS);
    }

    /**
     * 503 {@code temporarily_unavailable}: the token service failed; the request was not authenticated.
     *
     * @param retryAfterSeconds the {@code Retry-After} value, positive
     * @return the answer
     */
    public static BearerTokenError unavailable(long retryAfterSeconds) {
        return new BearerTokenError(HttpServletResponse.SC_SERVICE_UNAVAILABLE, "temporarily_unavailable",
                "The token service is unavailable; retry later", null, positive(retryAfterSeconds), false);
    }

    private static long positive(long retryAfterSeconds) {
        if (retryAfterSeconds <= 0) {
            throw new IllegalArgumentException("retryAfterSeconds: expected a positive number, got '"
                    + retryAfterSeconds + "'");
        }
        return retryAfterSeconds;
    }

    /** @return the HTTP status: 400, 401, 403, 429 or 503 */
    public int status() {
        return status;
    }

    /** @return the error code of the body, e.g. {@code invalid_token} */
    public String errorCode() {
        return errorCode;
    }

    /** @return the human-readable description of the body */
    public String description() {
        return description;
    }

    /**
     * Writes this answer. Nothing else may have been written to the response.
     *
     * @param response the response
     * @param realm the challenge's realm, e.g. {@code api}; characters a header cannot carry are dropped
     * @throws IOException if the body cannot be written
     */
    public void send(HttpServletResponse response, String realm) throws IOException {
        Objects.requireNonNull(realm, "realm");
        byte[] body = json(errorCode, description).getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setHeader("Cache-Control", "no-store");
        if (status != 429 && status != HttpServletResponse.SC_SERVICE_UNAVAILABLE) {
            response.setHeader("WWW-Authenticate", challenge(realm));
        }
        if (retryAfterSeconds > 0) {
            response.setHeader("Retry-After", Long.toString(retryAfterSeconds));
        }
        response.setContentType(CONTENT_TYPE);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    /**
     * @param realm the realm
     * @return this answer's {@code WWW-Authenticate} value
     */
    String challenge(String realm) {
        return challengeWithError ? challenge(realm, errorCode, description, scope) : challenge(realm, null, null, null);
    }

    /** @return e.g. {@code BearerTokenError[401 invalid_token: The token has expired]} */
    @Override
    public String toString() {
        return "BearerTokenError[" + status + " " + errorCode + ": " + description + "]";
    }

    /**
     * {@code {"error": "…", "error_description": "…"}} with JSON string escaping.
     *
     * @param error the error code
     * @param description the description
     * @return the JSON text
     */
    static String json(String error, String description) {
        StringBuilder json = new StringBuilder(64 + error.length() + description.length());
        json.append("{\"error\": ");
        appendJsonString(json, error);
        json.append(", \"error_description\": ");
        appendJsonString(json, description);
        return json.append('}').toString();
    }

    /** Appends {@code value} as a JSON string: RFC 8259 escapes, plus DEL and the line separators as {@code \\u}. */
    static void appendJsonString(StringBuilder json, String value) {
        json.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                case '\b' -> json.append("\\b");
                case '\f' -> json.append("\\f");
                default -> {
                    if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029') {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        json.append('"');
    }

    /**
     * A {@code Bearer} challenge (RFC 6750 §3): {@code Bearer realm="…"} alone when {@code error} is
     * {@code null}, else with {@code error}, {@code error_description} and, if given, {@code scope}.
     *
     * @param realm the realm
     * @param error the error code, or {@code null}
     * @param description the description (ignored without an error)
     * @param scope space-separated scopes, or {@code null}
     * @return the header value
     */
    static String challenge(String realm, String error, String description, String scope) {
        StringBuilder header = new StringBuilder(96).append("Bearer realm=");
        appendQuoted(header, realm);
        if (error != null) {
            header.append(", error=");
            appendQuoted(header, error);
            header.append(", error_description=");
            appendQuoted(header, description);
            if (scope != null) {
                header.append(", scope=");
                appendQuoted(header, scope);
            }
        }
        return header.toString();
    }

    /** An RFC 9110 quoted-string; characters that may not appear in a header are dropped. */
    private static void appendQuoted(StringBuilder header, String value) {
        header.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\') {
                header.append('\\').append(c);
            } else if (c >= 0x20 && c < 0x7f) {
                header.append(c);
            }
        }
        header.append('"');
    }
}
