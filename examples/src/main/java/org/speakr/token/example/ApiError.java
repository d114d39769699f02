package org.speakr.token.example;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.speakr.token.servlet.BearerTokenError;

/**
 * An answer that ends an API request early: an error of the app, {@code {"error": message}}, or a token error
 * of the library ({@link BearerTokenError}, with its {@code WWW-Authenticate} challenge).
 */
final class ApiError extends Exception {
    private static final long serialVersionUID = 1L;
    /** Seconds a client waits before it retries when the database or the token store is down. */
    static final long RETRY_AFTER_SECONDS = 5;

    private final int status;
    private final transient BearerTokenError tokenError;
    private final String allow;
    private final long retryAfterSeconds;

    ApiError(int status, String message) {
        this(status, message, null, null, status == 503 ? RETRY_AFTER_SECONDS : 0);
    }

    ApiError(BearerTokenError tokenError) {
        this(tokenError.status(), tokenError.errorCode(), tokenError, null, 0);
    }

    private ApiError(int status, String message, BearerTokenError tokenError, String allow, long retryAfterSeconds) {
        super(message, null, false, false);
        this.status = status;
        this.tokenError = tokenError;
        this.allow = allow;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** 403: a session's {@code POST} or {@code DELETE} without its CSRF token. */
    static ApiError csrfMismatch() {
        return new ApiError(403, "Missing or invalid " + Sessions.CSRF_HEADER + " header");
    }

    /** 405 with the {@code Allow} header. */
    static ApiError methodNotAllowed(String... allowed) {
        return new ApiError(405, "Method not allowed", null, String.join(", ", allowed), 0);
    }

    /** 403: a {@code POST /login} whose {@code Origin} (or {@code Referer}) is another site. */
    static ApiError crossSiteLogin() {
        return new ApiError(403, "Cross-site login refused");
    }

    /** 429: too many failed logins for this user name or from this address; {@code Retry-After} says when. */
    static ApiError tooManyLogins(long retryAfterSeconds) {
        return new ApiError(429, "Too many failed logins, retry later", null, null, retryAfterSeconds);
    }

    /** 503: as many password checks as the server allows at once are running; not queued. */
    static ApiError loginsBusy() {
        return new ApiError(503, "Too many logins at once, retry shortly", null, null, 1);
    }

    /** @return the HTTP status */
    int status() {
        return status;
    }

    /** @return seconds for the {@code Retry-After} header, 0 for none */
    long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** 503: the database failed; the client may simply try again. */
    static ApiError databaseUnavailable() {
        return new ApiError(503, "Database unavailable, retry later");
    }

    void send(HttpServletResponse response) throws IOException {
        if (tokenError != null) {
            tokenError.send(response, Wiring.REALM);
            return;
        }
        if (allow != null) {
            response.setHeader("Allow", allow);
        }
        if (retryAfterSeconds > 0) {
            response.setHeader("Retry-After", Long.toString(retryAfterSeconds));
        }
        Json.write(response, status, new Json.ErrorBody(getMessage()));
    }
}
