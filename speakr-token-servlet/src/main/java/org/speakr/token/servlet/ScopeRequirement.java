package org.speakr.token.servlet;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;

/**
 * The scopes a request needs, decided per request; a token must have all of them (a token without scopes has
 * every scope). A request whose token lacks one is answered 403 {@code insufficient_scope} with
 * {@code scope="…"} listing that request's requirement.
 *
 * <pre>{@code
 * Set<String> read = Set.of("recordings:read");
 * Set<String> write = Set.of("recordings:write");
 * ApiTokenFilter filter = ApiTokenFilter.builder(tokens)
 *         .requiredScopes(request -> "GET".equals(request.getMethod()) ? read : write)
 *         .build();
 * }</pre>
 *
 * <p>Called on every authenticated request, on the container's threads: implementations must be thread-safe
 * and fast, and should return sets made once rather than a new set per request. {@link #of(String...)} is the
 * fixed requirement of {@link ApiTokenFilter.Builder#requiredScopes(String...)}.
 */
@FunctionalInterface
public interface ScopeRequirement {

    /**
     * @param request a request that carries a token, asked before the token is judged
     * @return the scopes it needs, never {@code null}; empty for none
     */
    Set<String> scopesFor(HttpServletRequest request);

    /**
     * The same scopes for every request.
     *
     * @param scopes RFC 6749 scope tokens of 1 to 64 characters, at most 32; none means no requirement
     * @return the requirement
     * @throws IllegalArgumentException {@code required-scopes: expected …, got '…'} for an invalid scope
     */
    static ScopeRequirement of(String... scopes) {
        return new FixedScopes(Arrays.asList(Objects.requireNonNull(scopes, ApiTokenFilterSettings.REQUIRED_SCOPES)));
    }
}
