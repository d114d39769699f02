package org.speakr.token.spring;

import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.speakr.token.core.ApiTokenPrincipal;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * A request authenticated by a personal API token: the principal is the {@link ApiTokenPrincipal} (so
 * {@code @AuthenticationPrincipal ApiTokenPrincipal principal} works), the name its owner, the authorities
 * {@code SCOPE_<scope>} for each of the token's scopes. A token without scopes has full access: it has the
 * authorities of the known scopes ({@code speakr.token.web.known-scopes}, so that {@code hasAuthority("SCOPE_x")}
 * grants it the listed scopes), none when none are listed, and {@link TokenScopes} grants it every scope. The token
 * itself is never kept: {@link #getCredentials()} is {@code null}.
 *
 * <p>Made for one request and not stored in a session; the principal is not serialised.
 */
public final class ApiTokenAuthentication extends AbstractAuthenticationToken {
    /** The prefix of the scope authorities, as in Spring Security's OAuth2 resource server. */
    public static final String AUTHORITY_PREFIX = "SCOPE_";

    private static final long serialVersionUID = 1L;

    private final ApiTokenPrincipal principal;
    /** The known scopes for a full-access token; empty for a token with scopes (its own are its authorities). */
    @SuppressWarnings("serial") // List.of and List.copyOf lists are serializable
    private final List<String> knownScopes;
    /** Made when first asked for: a chain that only checks {@code authenticated()} never needs them. */
    private transient volatile List<GrantedAuthority> authorities;

    /**
     * @param principal the authenticated token
     */
    public ApiTokenAuthentication(ApiTokenPrincipal principal) {
        this(principal, Set.of());
    }

    /**
     * @param principal the authenticated token
     * @param knownScopes the scopes a full-access token is granted as authorities (ignored for a token with
     *        scopes, whose authorities are its own)
     */
    public ApiTokenAuthentication(ApiTokenPrincipal principal, Collection<String> knownScopes) {
        super(AuthorityUtils.NO_AUTHORITIES);
        this.principal = Objects.requireNonNull(principal, "principal");
        Objects.requireNonNull(knownScopes, "knownScopes");
        // List.copyOf of the starter's own (immutable) list is that list: no copy per request.
        this.knownScopes = principal.scopes().isEmpty() ? List.copyOf(knownScopes) : List.of();
        setAuthenticated(true);
    }

    /** @return {@code SCOPE_<scope>} for each of the token's scopes (a full-access token: of the known scopes), sorted */
    @Override
    public Collection<GrantedAuthority> getAuthorities() {
        List<GrantedAuthority> made = authorities;
        if (made == null) {
            made = (principal.scopes().isEmpty() ? knownScopes : principal.scopes()).stream()
                    .sorted()
                    .<GrantedAuthority>map(scope -> new SimpleGrantedAuthority(AUTHORITY_PREFIX + scope))
                    .toList();
            authorities = made;
        }
        return made;
    }

    /** @return {@code null}: the token is not kept */
    @Override
    public Object getCredentials() {
        return null;
    }

    /** @return the authenticated token */
    @Override
    public ApiTokenPrincipal getPrincipal() {
        return principal;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ApiTokenAuthentication that && Objects.equals(principal, that.principal);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(principal);
    }
}
