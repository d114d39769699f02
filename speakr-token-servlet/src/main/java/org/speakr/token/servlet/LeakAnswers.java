package org.speakr.token.servlet;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reading bounded request bodies and writing the JSON answers of the leak receivers, in the conventions of
 * {@link BearerTokenError}: {@code application/json;charset=UTF-8}, {@code Cache-Control: no-store}, errors as
 * {@code {"error": "…", "error_description": "…"}}.
 */
final class LeakAnswers {
    /** Seconds in {@code Retry-After} when the token store failed. */
    static final long STORE_RETRY_SECONDS = 5;

    private LeakAnswers() {
    }

    /**
     * @param request the request
     * @param maxBytes the most bytes accepted
     * @return the body, or {@code null} when it is longer than {@code maxBytes} (by its Content-Length, before
     *         anything is read, or as read)
     * @throws IOException if the body cannot be read
     */
    static byte[] body(HttpServletRequest request, int maxBytes) throws IOException {
        if (request.getContentLengthLong() > maxBytes) {
            return null;
        }
        try (InputStream in = request.getInputStream()) {
            byte[] body = in.readNBytes(maxBytes + 1);
            return body.length > maxBytes ? null : body;
        }
    }

    /** Writes {@code json} with {@code status}. */
    static void json(HttpServletResponse response, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setHeader("Cache-Control", "no-store");
        response.setContentType(BearerTokenError.CONTENT_TYPE);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    /** Writes an error answer; {@code retryAfterSeconds} above 0 adds {@code Retry-After}. */
    static void error(HttpServletResponse response, int status, String error, String description,
            long retryAfterSeconds) throws IOException {
        if (retryAfterSeconds > 0) {
            response.setHeader("Retry-After", Long.toString(retryAfterSeconds));
        }
        json(response, status, BearerTokenError.json(error, description));
    }

    /** 413: the body is over the limit. */
    static void tooLarge(HttpServletResponse response, int maxBytes) throws IOException {
        error(response, 413, "invalid_request", "The body is larger than " + maxBytes + " bytes", 0);
    }

    /** 503 with {@code Retry-After}: the token store failed; the sender should send it again. */
    static void storeUnavailable(HttpServletResponse response) throws IOException {
        error(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "temporarily_unavailable",
                "The token service is unavailable; retry later", STORE_RETRY_SECONDS);
    }
}
