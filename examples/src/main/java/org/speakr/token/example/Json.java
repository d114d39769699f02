package org.speakr.token.example;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/** JSON responses: UTF-8, {@code Cache-Control: no-store}, instants as ISO-8601 UTC with {@code Z}. */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private Json() {
    }

    static void write(HttpServletResponse response, int status, Object body) throws IOException {
        byte[] bytes = MAPPER.writeValueAsBytes(body);
        response.setStatus(status);
        response.setContentType("application/json;charset=utf-8");
        response.setHeader("Cache-Control", "no-store");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
    }

    /** Writes {@code {"error": message}}. */
    static void error(HttpServletResponse response, int status, String message) throws IOException {
        write(response, status, Map.of("error", message));
    }

    /**
     * Writes 503 {@code {"error": "Database unavailable, retry later"}} with {@code Retry-After}: a database
     * failure is the server's trouble, not the request's, and the client may simply try again.
     */
    static void databaseUnavailable(HttpServletResponse response) throws IOException {
        response.setHeader("Retry-After", "5");
        error(response, 503, "Database unavailable, retry later");
    }

    /** Writes {@code {"error": code, "error_description": description}}, the RFC 6750 shape. */
    static void oauthError(HttpServletResponse response, int status, String code, String description)
            throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", code);
        body.put("error_description", description);
        write(response, status, body);
    }

    /** @return ISO-8601 in UTC to the millisecond, e.g. {@code 2026-01-05T09:00:00Z}, or {@code null} */
    static String instant(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.MILLIS).toString();
    }
}
