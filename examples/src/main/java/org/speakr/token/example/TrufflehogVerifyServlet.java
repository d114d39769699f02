package org.speakr.token.example;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.speakr.token.core.ApiTokens;
import org.speakr.token.core.AuthenticationResult;
import org.speakr.token.core.TokenStoreException;

/**
 * {@code POST /api/secret-scanning/trufflehog}: the verification webhook of the trufflehog custom detector in
 * {@code detection/trufflehog.yaml}. Trufflehog posts {@code {"<detector>": {"token": ["<match>", "<group 1>"]}}}
 * and counts {@code 200} as a live secret: answered {@code 200} when a value authenticates now, {@code 403}
 * otherwise. Revokes nothing (reporting is the receivers' job); an accepted value counts as a use of the token,
 * as presenting it anywhere would. Public: the caller proves nothing but the value itself, so requests are limited
 * to {@value #REQUESTS_PER_MINUTE} per client address and minute (then {@code 429} with {@code Retry-After}).
 */
final class TrufflehogVerifyServlet extends HttpServlet {
    private static final Logger log = LoggerFactory.getLogger(TrufflehogVerifyServlet.class);
    /** Trufflehog sends one match (the whole match and its group); more distinct values are refused. */
    static final int MAX_VALUES = 4;
    /** Verifications per client address and minute: a scan sends one per match found. */
    static final int REQUESTS_PER_MINUTE = 60;

    private final transient ApiTokens tokens;
    private final transient AddressRateLimit limit;

    TrufflehogVerifyServlet(ApiTokens tokens, Clock clock) {
        this.tokens = tokens;
        this.limit = new AddressRateLimit(REQUESTS_PER_MINUTE, Duration.ofMinutes(1), clock);
    }

    record Verification(boolean verified) {
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (!request.getMethod().equals("POST")) {
            response.setHeader("Allow", "POST");
            Json.write(response, 405, new Json.ErrorBody("Method not allowed"));
            return;
        }
        long retryAfter = limit.acquire(request.getRemoteAddr());
        if (retryAfter > 0) {
            response.setHeader("Retry-After", Long.toString(retryAfter));
            Json.write(response, 429, new Json.ErrorBody("Too many verifications, retry later"));
            return;
        }
        Set<String> values = new LinkedHashSet<>();
        String problem = read(request, values);
        if (problem != null) {
            Json.write(response, problem.startsWith("Request body too large") ? 413 : 400, new Json.ErrorBody(problem));
            return;
        }
        try {
            boolean live = false;
            for (String value : values) {
                live |= tokens.authenticate(value) instanceof AuthenticationResult.Authenticated;
            }
            Json.write(response, live ? 200 : 403, new Verification(live));
        } catch (TokenStoreException e) {
            log.error("Token store failed on a trufflehog verification: {}", e.getMessage());
            response.setHeader("Retry-After", Long.toString(ApiError.RETRY_AFTER_SECONDS));
            Json.write(response, 503, new Json.ErrorBody("Token store unavailable, retry later"));
        }
    }

    /** Collects the strings of {@code {"<detector>": {"<regex name>": [strings]}}}; returns what is wrong, or null. */
    private static String read(HttpServletRequest request, Set<String> values) throws IOException {
        byte[] bytes;
        try (InputStream in = request.getInputStream()) {
            bytes = in.readNBytes(Json.MAX_BODY_BYTES + 1);
        }
        if (bytes.length > Json.MAX_BODY_BYTES) {
            return "Request body too large";
        }
        JsonNode tree;
        try {
            tree = Json.MAPPER.readTree(bytes);
        } catch (JacksonException e) {
            return "Request body is not valid JSON";
        }
        String shape = "Request body must be {\"<detector>\": {\"<regex name>\": [\"<match>\", ...]}}";
        if (tree == null || !tree.isObject() || tree.isEmpty()) {
            return shape;
        }
        for (JsonNode detector : tree) {
            if (!detector.isObject()) {
                return shape;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = detector.fields(); it.hasNext();) {
                JsonNode matches = it.next().getValue();
                if (!matches.isArray()) {
                    return shape;
                }
                for (JsonNode match : matches) {
                    if (!match.isTextual()) {
                        return shape;
                    }
                    values.add(match.asText());
                }
            }
        }
        if (values.isEmpty()) {
            return shape;
        }
        return values.size() > MAX_VALUES ? "At most " + MAX_VALUES + " distinct values per verification" : null;
    }
}
