package org.speakr.token.servlet;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Writes the filter's error answers: a JSON body {@code {"error": "...", "error_description": "..."}},
 * {@code Content-Type: application/json;charset=UTF-8}, {@code Cache-Control: no-store}, and where given a
 * {@code WWW-Authenticate} challenge (RFC 6750 §3) and {@code Retry-After}.
 */
final class ErrorResponse {
    /** Sent as given; Jetty 12 writes the charset in lower case, which RFC 9110 §8.3.2 makes equivalent. */
    static final String CONTENT_TYPE = "application/json;charset=UTF-8";

    private ErrorResponse() {
    }

    /**
     * Writes an answer. Nothing else has been written to the response.
     *
     * @param response the response
     * @param status the HTTP status
     * @param challenge the {@code WWW-Authenticate} value, or {@code null} for none
     * @param retryAfterSeconds the {@code Retry-After} value, or 0 for none
     * @param error the error code for the body
     * @param description the human-readable description for the body
     * @throws IOException if the body cannot be written
     */
    static void send(HttpServletResponse response, int status, String challenge, long retryAfterSeconds,
            String error, String description) throws IOException {
        byte[] body = json(error, description).getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setHeader("Cache-Control", "no-store");
        if (challenge != null) {
            response.setHeader("WWW-Authenticate", challenge);
        }
        if (retryAfterSeconds > 0) {
            response.setHeader("Retry-After", Long.toString(retryAfterSeconds));
        }
        response.setContentType(CONTENT_TYPE);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
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

    private static void appendJsonString(StringBuilder json, String value) {
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
