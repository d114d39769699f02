package org.speakr.token.core;

import java.util.Arrays;
import java.util.Collection;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import org.speakr.token.core.internal.ScopeRules;

/**
 * What the caller of {@link ApiTokens#authenticate(String, AuthenticationContext)} needs from one use of a token,
 * so the service can judge the use as a whole and record only a use that is accepted:
 *
 * <ul>
 * <li>{@linkplain #requiredScopes() required scopes}: a valid token that lacks one is answered
 *     {@link AuthenticationResult.InsufficientScope}, and that refused use is not recorded (its last-used instant
 *     does not move, no {@link TokenEvent.AuthenticationSucceeded} is published);</li>
 * <li>{@linkplain #isCacheOnly() cache only}: the token is judged from this node's cache alone and the store is
 *     never asked; a token the cache knows nothing of is answered {@link AuthenticationResult.NotCached}. For a
 *     caller that has stopped spending store lookups on a client (a failure throttle) but still serves the
 *     client's tokens that this node already knows to be valid.</li>
 * </ul>
 *
 * <pre>{@code
 * AuthenticationContext read = AuthenticationContext.requiringScopes(Set.of("recordings:read"));
 * switch (tokens.authenticate(value, throttled ? read.cacheOnly() : read)) {
 *     case AuthenticationResult.Authenticated ok -> serve(ok.principal());
 *     case AuthenticationResult.InsufficientScope lacking -> forbid(lacking.requiredScopes());
 *     case AuthenticationResult.NotCached notCached -> tooManyRequests();
 *     case AuthenticationResult.Rejected no -> refuse(no.reason());
 * }
 * }</pre>
 *
 * <p>Immutable and thread-safe; make contexts once and reuse them, as the hot path neither copies nor validates
 * them.
 */
public final class AuthenticationContext {
    private static final String[] NO_SCOPES = {};
    private static final AuthenticationContext DEFAULTS = new AuthenticationContext(ScopeRules.validated(
            "requiredScopes", Set.of()), false);

    private final SortedSet<String> requiredScopes;
    private final String[] scopeArray;
    private final boolean cacheOnly;

    private AuthenticationContext(SortedSet<String> requiredScopes, boolean cacheOnly) {
        this.requiredScopes = requiredScopes;
        this.scopeArray = requiredScopes.isEmpty() ? NO_SCOPES : requiredScopes.toArray(NO_SCOPES);
        this.cacheOnly = cacheOnly;
    }

    /** @return no required scope, the store asked when the cache does not know the token: as {@link ApiTokens#authenticate(String)} */
    public static AuthenticationContext defaults() {
        return DEFAULTS;
    }

    /**
     * @param scopes scopes the use needs, all of them (a token without scopes has every scope); RFC 6749 scope
     *        tokens of 1 to 64 characters, at most 32; none means no requirement
     * @return a context requiring {@code scopes}, the store asked when needed
     * @throws IllegalArgumentException {@code requiredScopes: expected …, got '…'} for an invalid scope
     */
    public static AuthenticationContext requiringScopes(Collection<String> scopes) {
        Objects.requireNonNull(scopes, "requiredScopes");
        return scopes.isEmpty() ? DEFAULTS : new AuthenticationContext(ScopeRules.validated("requiredScopes", scopes), false);
    }

    /**
     * @param scopes scopes the use needs
     * @return a context requiring {@code scopes}
     * @see #requiringScopes(Collection)
     */
    public static AuthenticationContext requiringScopes(String... scopes) {
        return requiringScopes(Arrays.asList(Objects.requireNonNull(scopes, "requiredScopes")));
    }

    /** @return this context, judged from this node's cache alone: the store is never asked */
    public AuthenticationContext cacheOnly() {
        return cacheOnly ? this : new AuthenticationContext(requiredScopes, true);
    }

    /** @return the scopes a use needs, sorted and immutable; empty for none */
    public SortedSet<String> requiredScopes() {
        return requiredScopes;
    }

    /** @return whether the token is judged from this node's cache alone */
    public boolean isCacheOnly() {
        return cacheOnly;
    }

    /** @return the first required scope {@code principal} lacks, or null when it has them all; allocates nothing */
    String lackedBy(ApiTokenPrincipal principal) {
        for (String scope : scopeArray) {
            if (!principal.hasScope(scope)) {
                return scope;
            }
        }
        return null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AuthenticationContext other && cacheOnly == other.cacheOnly
                && requiredScopes.equals(other.requiredScopes);
    }

    @Override
    public int hashCode() {
        return requiredScopes.hashCode() * 31 + Boolean.hashCode(cacheOnly);
    }

    /** @return e.g. {@code AuthenticationContext[required-scopes=recordings:read, cache-only=true]} */
    @Override
    public String toString() {
        return "AuthenticationContext[required-scopes=" + (requiredScopes.isEmpty() ? "none" : String.join(" ", requiredScopes))
                + ", cache-only=" + cacheOnly + "]";
    }
}
