package org.speakr.token.servlet;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.ECPublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.speakr.token.core.ApiTokens;
import org.speakr.token.core.LeakOutcome;
import org.speakr.token.core.LeakReport;
import org.speakr.token.core.TokenStoreException;

/**
 * The one handler behind {@link GitHubSecretScanningServlet} and {@link GitLabTokenRevocationServlet}: a signed
 * JSON array of matches in, one {@link ApiTokens#reportLeaked} per match. The signature is checked over the raw
 * body before anything is parsed, so nothing unverified reaches the JSON reader or the store.
 */
final class LeakReceiver {
    private static final Logger log = LoggerFactory.getLogger(LeakReceiver.class);
    /** Largest report accepted: 1 MiB, several thousand matches. */
    static final int MAX_BODY_BYTES = 1 << 20;
    /** Seconds in {@code Retry-After} when the key document cannot be read. */
    static final long KEYS_RETRY_SECONDS = 60;
    private static final int MAX_HEADER_LENGTH = 1024;

    /** A partner's wire details. */
    enum Partner {
        GITHUB("github", "Github-Public-Key-Identifier", "Github-Public-Key-Signature"),
        GITLAB("gitlab", "Gitlab-Public-Key-Identifier", "Gitlab-Public-Key-Signature");

        final String reporter;
        final String keyIdHeader;
        final String signatureHeader;

        Partner(String reporter, String keyIdHeader, String signatureHeader) {
            this.reporter = reporter;
            this.keyIdHeader = keyIdHeader;
            this.signatureHeader = signatureHeader;
        }
    }

    /** One reported value: {@code token}, and the {@code type} and {@code url} it came with (or null). */
    record Match(String token, String type, String url) {
        @Override
        public String toString() {
            return "Match[type=" + type + "]";
        }
    }

    private final Partner partner;
    private final ApiTokens tokens;
    private final VerificationKeys keys;

    LeakReceiver(Partner partner, ApiTokens tokens, VerificationKeys keys) {
        this.partner = partner;
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.keys = Objects.requireNonNull(keys, "keys");
    }

    void handle(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String keyId = request.getHeader(partner.keyIdHeader);
        String signature = request.getHeader(partner.signatureHeader);
        if (isBlank(keyId) || isBlank(signature)) {
            LeakAnswers.errorUnread(request, response, HttpServletResponse.SC_UNAUTHORIZED, "invalid_signature",
                    "The report must be signed: " + partner.keyIdHeader + " and " + partner.signatureHeader
                            + " are required", 0);
            return;
        }
        byte[] body = LeakAnswers.body(request, MAX_BODY_BYTES);
        if (body == null) {
            LeakAnswers.tooLarge(response, MAX_BODY_BYTES);
            return;
        }
        Optional<ECPublicKey> key;
        try {
            key = keyId.length() > MAX_HEADER_LENGTH ? Optional.empty() : keys.find(keyId.strip());
        } catch (RuntimeException e) {
            // UncheckedIOException by contract; anything else from an application's key source is treated alike.
            if (!(e instanceof UncheckedIOException)) {
                log.warn("The {} verification keys failed", partner.reporter, e);
            }
            LeakAnswers.error(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "temporarily_unavailable",
                    "The signing keys cannot be read; retry later", KEYS_RETRY_SECONDS);
            return;
        }
        if (key.isEmpty() || !EcKeys.verify(key.get(), body, decode(signature))) {
            log.debug("Refused a {} leak report: signature does not verify", partner.reporter);
            LeakAnswers.error(response, HttpServletResponse.SC_UNAUTHORIZED, "invalid_signature",
                    "The report's signature does not verify", 0);
            return;
        }
        List<Match> matches = matches(body);
        if (matches == null) {
            LeakAnswers.error(response, HttpServletResponse.SC_BAD_REQUEST, "invalid_request",
                    "The report must be a JSON array of objects, each with a string token", 0);
            return;
        }
        List<LeakOutcome> outcomes = new ArrayList<>(matches.size());
        try {
            for (Match match : matches) {
                outcomes.add(tokens.reportLeaked(match.token(), new LeakReport(partner.reporter, match.url())));
            }
        } catch (TokenStoreException e) {
            log.warn("A {} leak report of {} matches stopped after {}: the token store failed; the sender retries",
                    partner.reporter, matches.size(), outcomes.size(), e);
            LeakAnswers.storeUnavailable(response);
            return;
        }
        logSummary(outcomes);
        if (partner == Partner.GITHUB) {
            LeakAnswers.json(response, HttpServletResponse.SC_OK, feedback(matches, outcomes));
        } else {
            response.setStatus(HttpServletResponse.SC_NO_CONTENT);
            response.setHeader("Cache-Control", "no-store");
        }
    }

    private void logSummary(List<LeakOutcome> outcomes) {
        Map<LeakOutcome, Integer> counts = new EnumMap<>(LeakOutcome.class);
        outcomes.forEach(outcome -> counts.merge(outcome, 1, Integer::sum));
        log.info("{} leak report of {} matches: {} revoked, {} already invalid, {} not ours", partner.reporter,
                outcomes.size(), counts.getOrDefault(LeakOutcome.REVOKED, 0),
                counts.getOrDefault(LeakOutcome.ALREADY_INVALID, 0), counts.getOrDefault(LeakOutcome.NOT_OURS, 0));
    }

    private static boolean isBlank(String header) {
        return header == null || header.isBlank();
    }

    private static byte[] decode(String signature) {
        if (signature.length() > MAX_HEADER_LENGTH) {
            return new byte[0];
        }
        try {
            return Base64.getDecoder().decode(signature.strip());
        } catch (IllegalArgumentException e) {
            return new byte[0];
        }
    }

    /** @return the matches, or {@code null} when the body is not an array of objects with a string token */
    static List<Match> matches(byte[] body) {
        Object parsed = Json.parseOrNull(body, 2);
        if (!(parsed instanceof List<?> elements)) {
            return null;
        }
        List<Match> matches = new ArrayList<>(elements.size());
        for (Object element : elements) {
            if (!(element instanceof Map<?, ?> fields) || !(fields.get("token") instanceof String token)) {
                return null;
            }
            Object type = fields.get("type");
            Object url = fields.get("url");
            if ((type != null && !(type instanceof String)) || (url != null && !(url instanceof String))) {
                return null;
            }
            matches.add(new Match(token, (String) type, (String) url));
        }
        return matches;
    }

    /**
     * GitHub's feedback: {@code [{"token_hash": "<SHA-256 hex>", "token_type": "…", "label": "true_positive"}]},
     * one per match, {@code true_positive} for any token of this service (revoked now or before).
     */
    static String feedback(List<Match> matches, List<LeakOutcome> outcomes) {
        StringBuilder json = new StringBuilder(32 + matches.size() * 140).append('[');
        for (int i = 0; i < matches.size(); i++) {
            Match match = matches.get(i);
            if (i > 0) {
                json.append(", ");
            }
            json.append("{\"token_hash\": \"").append(sha256Hex(match.token())).append("\", \"token_type\": ");
            BearerTokenError.appendJsonString(json, match.type() == null ? "" : match.type());
            json.append(", \"label\": \"")
                    .append(outcomes.get(i) == LeakOutcome.NOT_OURS ? "false_positive" : "true_positive")
                    .append("\"}");
        }
        return json.append(']').toString();
    }

    private static String sha256Hex(String token) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
