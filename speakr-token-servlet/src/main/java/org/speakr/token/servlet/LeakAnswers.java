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
     * Body bytes read and thrown away after a body is refused as too long, so that a client still writing it reads
     * the 413 instead of a reset connection (as Tomcat's {@code maxSwallowSize}); past that the container closes
     * the connection.
     */
    static final int SWALLOW_BYTES = 2 << 20;

    /**
     * @param request the request
     * @param maxBytes the most bytes accepted
     * @return the body, or {@code null} when it is longer than {@code maxBytes} (by its Content-Length, before
     *         anything is kept, or as read); the rest of a refused body is swallowed up to {@link #SWALLOW_BYTES}
     * @throws IOException if the body cannot be read
     */
    static byte[] body(HttpServletRequest request, int maxBytes) throws IOException {
        long declared = request.getContentLengthLong();
        try (InputStream in = request.getInputStream()) {
            if (declared > maxBytes) {
                if (declared <= (long) maxBytes + SWALLOW_BYTES) {
                    swallow(in, declared);
                }
                return null;
            }
            byte[] body = in.readNBytes(maxBytes + 1);
            if (body.length > maxBytes) {
                swallow(in, SWALLOW_BYTES);
                return null;
            }
            return body;
        }
    }

    /**
     * Writes an error answer to a request whose body was not read, reading and dropping that body first (up to
     * {@link #SWALLOW_BYTES}): a container that finds body bytes unread after a complete answer closes the
     * connection, and a client that sent its next request on it meanwhile sees no answer at all.
     */
    static void errorUnread(HttpServletRequest request, HttpServletResponse response, int status, String error,
            String description, long retryAfterSeconds) throws IOException {
        if (request.getContentLengthLong() <= SWALLOW_BYTES) {
            try (InputStream in = request.getInputStream()) {
                swallow(in, SWALLOW_BYTES);
            }
        }
        error(response, status, error, description, retryAfterSeconds);
    }

    /** Reads and drops up to {@code atMost} bytes; a client that went away meanwhile is not an error here. */
    private static void swallow(InputStream in, long atMost) {
        byte[] buffer = new byte[8192];
        long left = atMost;
        try {
            for (int n; left > 0 && (n = in.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0; ) {
                left -= n;
            }
        } catch (IOException e) {
            // The 413 is still written; the container finds the connection closed.
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
