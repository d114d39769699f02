package org.speakr.token.servlet;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Collection;
import java.util.Set;
import java.util.SortedSet;
import org.speakr.token.core.internal.ScopeRules;

/**
 * The {@link ScopeRequirement} that is the same for every request, validated once with the core's
 * {@link ScopeRules}. The filter reads its array and its prepared 403 answer, so a fixed requirement costs
 * no call, iterator or allocation per request.
 */
final class FixedScopes implements ScopeRequirement {
    /** No requirement. */
    static final FixedScopes NONE = new FixedScopes(Set.of());

    private final SortedSet<String> scopes;
    private final String[] array;
    private final BearerTokenError insufficientScope;

    /**
     * @param scopes the scopes
     * @throws IllegalArgumentException in the standard form, naming {@code required-scopes}
     */
    FixedScopes(Collection<String> scopes) {
        this.scopes = ScopeRules.validated(ApiTokenFilterSettings.REQUIRED_SCOPES, scopes);
        this.array = this.scopes.toArray(new String[0]);
        this.insufficientScope = BearerTokenError.insufficientScope(ApiTokenFilter.LACKS_SCOPE, this.scopes);
    }

    @Override
    public Set<String> scopesFor(HttpServletRequest request) {
        return scopes;
    }

    /** @return the scopes, sorted; the caller must not change the array */
    String[] array() {
        return array;
    }

    /** @return the 403 answer naming these scopes */
    BearerTokenError insufficientScope() {
        return insufficientScope;
    }

    /** @return the scopes space-separated, as in a {@code scope} attribute, or {@code none} */
    @Override
    public String toString() {
        return scopes.isEmpty() ? "none" : String.join(" ", scopes);
    }
}
