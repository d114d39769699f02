package org.speakr.token.example;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.speakr.token.core.AllowedNetworks;
import org.speakr.token.core.ApiTokens;
import org.speakr.token.core.CreatedToken;
import org.speakr.token.core.Expiration;
import org.speakr.token.core.Page;
import org.speakr.token.core.RevocationReason;
import org.speakr.token.core.TokenInfo;
import org.speakr.token.core.TokenLimitExceededException;
import org.speakr.token.core.TokenStatus;

/**
 * Token management, for the caller's own tokens: {@code GET /api/tokens?page=&per_page=} (newest first, never a
 * plaintext), {@code POST /api/tokens} (the plaintext is in this answer only), {@code DELETE /api/tokens/{id}}
 * and {@code POST /api/tokens/{id}/rotate} ({@link TokenRotation}, the successor's plaintext in that answer only).
 * A token-authenticated {@code POST /api/tokens} creates a child of that token ({@link ApiTokens#createChild}): no
 * broader scopes, no later expiry, and revoked with it.
 */
final class TokensServlet extends ApiResource {
    private static final Logger log = LoggerFactory.getLogger(TokensServlet.class);
    /** Speakr's expiration choices, in days; 0 is "No expiration". */
    static final List<Integer> EXPIRATION_DAYS = List.of(0, 7, 30, 90, 365);
    private static final String DAYS = EXPIRATION_DAYS.stream().map(String::valueOf).collect(Collectors.joining(", "));
    private static final Pattern TOKEN_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    /** A token expiring within this is marked {@code expires_soon}. */
    static final Duration EXPIRES_SOON = Duration.ofDays(7);
    private static final String ROTATE = "/rotate";

    private final ApiTokens tokens;
    private final TokenRotation rotation;
    private final Clock clock;

    TokensServlet(Repository repository, ApiTokens tokens, Clock clock) {
        super(repository);
        this.tokens = tokens;
        this.rotation = new TokenRotation(tokens);
        this.clock = clock;
    }

    /** The body of {@code POST /api/tokens}; checks itself (Jackson answers 400 with the message). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record CreateRequest(String name, Integer expiresInDays, List<String> scopes, List<String> allowedNetworks) {
        static final Map<String, String> TYPE_ERRORS = Map.of(
                "name", "name must be a string",
                "expires_in_days", "expires_in_days must be an integer: one of " + DAYS,
                "scopes", "scopes must be an array of strings",
                "allowed_networks", "allowed_networks must be an array of strings");

        CreateRequest {
            if (name == null) {
                throw new IllegalArgumentException("name is required");
            }
            expiresInDays = expiresInDays == null ? 0 : expiresInDays;
            if (!EXPIRATION_DAYS.contains(expiresInDays)) {
                throw new IllegalArgumentException("expires_in_days must be one of " + DAYS + ", was " + expiresInDays);
            }
            scopes = scopes == null ? List.of() : scopes;
            if (scopes.stream().anyMatch(Objects::isNull)) {
                throw new IllegalArgumentException(TYPE_ERRORS.get("scopes"));
            }
            if (!Wiring.SCOPES.containsAll(scopes)) {
                throw new IllegalArgumentException(
                        "unknown scope; known scopes are " + String.join(", ", Wiring.SCOPES));
            }
            allowedNetworks = allowedNetworks == null ? List.of() : allowedNetworks;
            if (allowedNetworks.stream().anyMatch(Objects::isNull)) {
                throw new IllegalArgumentException(TYPE_ERRORS.get("allowed_networks"));
            }
            if (!allowedNetworks.isEmpty()) {
                AllowedNetworks.of(allowedNetworks); // refuses a malformed block: "allowedNetworks: expected …"
            }
        }

        Expiration expiration() {
            return expiresInDays == 0 ? Expiration.never() : Expiration.after(Duration.ofDays(expiresInDays));
        }
    }

    /**
     * A token as listed; {@code expiresSoon} for an active token within {@link #EXPIRES_SOON} of its expiry. The
     * last use's address and user agent are the client's word as the server saw it: shown, never trusted.
     */
    record TokenView(String id, String name, String hint, String status, Set<String> scopes, Instant createdAt,
            Instant lastUsedAt, Instant expiresAt, Instant revokedAt, RevocationReason revocationReason,
            String parentId, String lastUsedAddress, String lastUsedUserAgent, List<String> allowedNetworks,
            String predecessorId, boolean expiresSoon) {
        static TokenView of(TokenInfo info, Instant now) {
            boolean soon = info.status() == TokenStatus.ACTIVE && info.expiresAt() != null
                    && info.expiresAt().isBefore(now.plus(EXPIRES_SOON));
            return new TokenView(info.id(), info.name(), info.hint(), info.status().name(), info.scopes(),
                    info.createdAt(), info.lastUsedAt(), info.expiresAt(), info.revokedAt(), info.revocationReason(),
                    info.parentId(), info.lastUsedAddress(), info.lastUsedUserAgent(), info.allowedNetworks(),
                    info.predecessorId(), soon);
        }
    }

    /** The answer to a creation: the token as listed, and its plaintext, shown this once. */
    record Created(@JsonUnwrapped TokenView info, String token) {
        @Override
        public String toString() {
            return "Created[" + info.id() + "]";
        }
    }

    record Tokens(Pagination pagination, List<TokenView> tokens) {
    }

    record Revoked(String id, String status) {
    }

    @Override
    void answer(String method, String path, Caller caller, HttpServletRequest request, HttpServletResponse response)
            throws IOException, ApiError {
        if (path == null) {
            allow(method, "GET", "POST");
            if (method.equals("GET")) {
                Json.write(response, 200, list(caller, request));
            } else {
                create(caller, Json.read(request, CreateRequest.class, CreateRequest.TYPE_ERRORS), response);
            }
            return;
        }
        if (path.endsWith(ROTATE) && path.indexOf('/', 1) == path.length() - ROTATE.length()) {
            rotate(method, path.substring(1, path.length() - ROTATE.length()), caller, request, response);
            return;
        }
        String id = path.substring(1);
        if (id.isEmpty() || id.contains("/")) {
            throw new ApiError(404, "Not found");
        }
        allow(method, "DELETE");
        if (!TOKEN_ID.matcher(id).matches() || !tokens.revoke(caller.username(), id)) {
            throw new ApiError(404, "Token not found");
        }
        log.info("User {} revoked API token {}", caller.username(), id);
        Json.write(response, 200, new Revoked(id, "REVOKED"));
    }

    private Tokens list(Caller caller, HttpServletRequest request) throws ApiError {
        int page = Pagination.page(request);
        int perPage = Pagination.perPage(request);
        Page<TokenInfo> tokenPage = tokens.list(caller.username(), page, perPage);
        Instant now = clock.instant();
        return new Tokens(Pagination.of(page, perPage, tokenPage.total()),
                tokenPage.items().stream().map(info -> TokenView.of(info, now)).toList());
    }

    private void rotate(String method, String id, Caller caller, HttpServletRequest request,
            HttpServletResponse response) throws IOException, ApiError {
        allow(method, "POST");
        if (!TOKEN_ID.matcher(id).matches()) {
            throw new ApiError(404, "Token not found or not active");
        }
        TokenRotation.RotateRequest body = Json.read(request, TokenRotation.RotateRequest.class,
                TokenRotation.RotateRequest.TYPE_ERRORS);
        CreatedToken successor = rotation.rotate(caller, id, body);
        Json.write(response, 201, new Created(TokenView.of(successor.info(), clock.instant()),
                successor.token().reveal()));
    }

    private void create(Caller caller, CreateRequest body, HttpServletResponse response) throws IOException, ApiError {
        CreatedToken created;
        try {
            Set<String> scopes = Set.copyOf(body.scopes());
            if (caller.token() != null && !body.allowedNetworks().isEmpty()) {
                throw new ApiError(400, "allowed_networks can only be chosen for a token created from the page");
            }
            if (caller.token() != null) {
                created = tokens.createChild(caller.token(), body.name(), body.expiration(), scopes);
            } else if (body.allowedNetworks().isEmpty()) {
                created = tokens.create(caller.username(), body.name(), body.expiration(), scopes);
            } else {
                created = tokens.create(caller.username(), body.name(), body.expiration(), scopes,
                        AllowedNetworks.of(body.allowedNetworks()));
            }
        } catch (IllegalArgumentException e) {
            throw new ApiError(400, e.getMessage());
        } catch (TokenLimitExceededException e) {
            throw new ApiError(409, "Too many active tokens; revoke one first");
        }
        if (caller.token() == null) {
            log.info("User {} created API token {}", caller.username(), created.info().id());
        } else {
            log.info("User {} created API token {}, child of {}", caller.username(), created.info().id(),
                    caller.token().tokenId());
        }
        Json.write(response, 201, new Created(TokenView.of(created.info(), clock.instant()), created.token().reveal()));
    }
}
