package org.speakr.token.example;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.speakr.token.core.ApiTokens;
import org.speakr.token.core.CreatedToken;
import org.speakr.token.core.TokenLimitExceededException;

/**
 * {@code POST /api/tokens/{id}/rotate} with {@code {"overlap": "none" | "1h" | "1d"}}: a successor with the same
 * name, scopes and networks, shown once; the old token keeps working for the overlap or until the successor is
 * first used, whichever comes first. A login session may rotate any of its user's tokens, a token only itself
 * (the successor has the rotated token's scopes, so a narrower token must not reach a broader one this way).
 */
final class TokenRotation {
    private static final Logger log = LoggerFactory.getLogger(TokenRotation.class);
    /** The overlap choices of the page. */
    static final Map<String, Duration> OVERLAPS = Map.of(
            "none", Duration.ZERO, "1h", Duration.ofHours(1), "1d", Duration.ofDays(1));
    private static final String CHOICES = "none, 1h, 1d";

    private final ApiTokens tokens;

    TokenRotation(ApiTokens tokens) {
        this.tokens = tokens;
    }

    /** The body of a rotation; checks itself (Jackson answers 400 with the message). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record RotateRequest(String overlap) {
        static final Map<String, String> TYPE_ERRORS = Map.of("overlap", "overlap must be a string: one of " + CHOICES);

        RotateRequest {
            if (overlap == null) {
                throw new IllegalArgumentException("overlap is required: one of " + CHOICES);
            }
            if (!OVERLAPS.containsKey(overlap)) {
                throw new IllegalArgumentException("overlap must be one of " + CHOICES + ", was '"
                        + (overlap.length() > 16 ? overlap.substring(0, 16) + "…" : overlap) + "'");
            }
        }

        Duration duration() {
            return OVERLAPS.get(overlap);
        }
    }

    /**
     * @return the successor
     * @throws ApiError 403 for a token rotating another token, 404 for no such active token of the caller, 409
     *         at the active-token limit
     */
    CreatedToken rotate(Caller caller, String id, RotateRequest body) throws ApiError {
        if (caller.token() != null && !caller.token().tokenId().equals(id)) {
            throw new ApiError(403, "A token may only rotate itself; rotate other tokens from the page");
        }
        CreatedToken successor;
        try {
            successor = tokens.rotate(caller.username(), id, body.duration());
        } catch (IllegalArgumentException e) {
            throw new ApiError(404, "Token not found or not active");
        } catch (TokenLimitExceededException e) {
            throw new ApiError(409, "Too many active tokens; revoke one first");
        }
        log.info("User {} rotated API token {} to {}, overlap {}", caller.username(), id, successor.info().id(),
                body.overlap());
        return successor;
    }
}
