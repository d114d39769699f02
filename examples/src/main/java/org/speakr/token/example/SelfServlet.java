package org.speakr.token.example;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Instant;
import java.util.Set;
import org.speakr.token.core.ApiTokens;
import org.speakr.token.core.TokenInfo;
import org.speakr.token.servlet.BearerTokenError;

/**
 * {@code GET /api/tokens/self}: what the presented token is ({@link ApiTokens#describe}), for a script checking
 * its own credential and for a secret scanner's verifier. Token-authenticated only (a login session has no "own
 * token"), any scope; changes nothing beyond the use the filter records.
 */
final class SelfServlet extends ApiResource {
    private final ApiTokens tokens;

    SelfServlet(Repository repository, ApiTokens tokens) {
        super(repository);
        this.tokens = tokens;
    }

    /** The caller's own token: never the plaintext, nor the hash. */
    record Self(String id, String name, String owner, String status, Set<String> scopes, Instant expiresAt,
            Instant createdAt, Instant lastUsedAt) {
        static Self of(TokenInfo info) {
            return new Self(info.id(), info.name(), info.owner(), info.status().name(), info.scopes(),
                    info.expiresAt(), info.createdAt(), info.lastUsedAt());
        }
    }

    @Override
    void answer(String method, String path, Caller caller, HttpServletRequest request, HttpServletResponse response)
            throws IOException, ApiError {
        allow(method, "GET");
        if (caller.token() == null) {
            throw new ApiError(BearerTokenError.unauthorized());
        }
        TokenInfo info = tokens.describe(caller.token()).orElseThrow(
                () -> new ApiError(BearerTokenError.invalidToken("The token no longer exists")));
        Json.write(response, 200, Self.of(info));
    }
}
