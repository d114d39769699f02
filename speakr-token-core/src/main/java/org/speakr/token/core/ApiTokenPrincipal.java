package org.speakr.token.core;

import java.io.Serializable;
import java.security.Principal;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import org.speakr.token.core.internal.ScopeRules;

/**
 * Who a successfully authenticated token speaks for. {@link #getName()} is the owner. Holds no secret.
 *
 * @param owner the owner the token was issued to
 * @param tokenId the token's public id
 * @param tokenName the name its owner gave the token
 * @param scopes the token's scopes; empty means full access
 * @param expiresAt when the token expires, or {@code null} if it never does
 */
public record ApiTokenPrincipal(String owner, String tokenId, String tokenName, Set<String> scopes, Instant expiresAt)
        implements Principal, Serializable {

    private static final long serialVersionUID = 1L;

    /** Validates non-null fields and takes an immutable, sorted copy of the scopes. */
    public ApiTokenPrincipal {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(tokenId, "tokenId");
        Objects.requireNonNull(tokenName, "tokenName");
        scopes = ScopeRules.immutableCopy(scopes);
    }

    /** @return the owner */
    @Override
    public String getName() {
        return owner;
    }

    /**
     * Whether this token may act within {@code scope}. A token without scopes has full access.
     *
     * @param scope a scope such as {@code recordings:read}
     * @return true if granted
     */
    public boolean hasScope(String scope) {
        return scopes.isEmpty() || scopes.contains(scope);
    }
}
