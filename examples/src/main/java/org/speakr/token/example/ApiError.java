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

    ApiError(int status, String message) {
        this(status, message, null, null);
    }

    ApiError(BearerTokenError tokenError) {
        this(tokenError.status(), tokenError.errorCode(), tokenError, null);
    }

    private ApiError(int status, String message, BearerTokenError tokenError, String allow) {
        super(message, null, false, false);
        this.status = status;
        this.tokenError = tokenError;
        this.allow = allow;
    }

    /** 403: a session's {@code POST} or {@code DELETE} without its CSRF token. */
    static ApiError csrfMismatch() {
        return new ApiError(403, "Missing or invalid " + Sessions.CSRF_HEADER + " header");
    }

    /** 405 with the {@code Allow} header. */
    static ApiError methodNotAllowed(String... allowed) {
        return new ApiError(405, "Method not allowed", null, String.join(", ", allowed));
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
        if (status == 503) {
            response.setHeader("Retry-After", Long.toString(RETRY_AFTER_SECONDS));
        }
        Json.write(response, status, new Json.ErrorBody(getMessage()));
    }
}
