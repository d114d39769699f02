package org.speakr.token.spring;

import java.util.List;
import java.util.Objects;
import org.speakr.token.core.ApiTokenPrincipal;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * A request authenticated by a personal API token: the principal is the {@link ApiTokenPrincipal} (so
 * {@code @AuthenticationPrincipal ApiTokenPrincipal principal} works), the name its owner, the authorities
 * {@code SCOPE_<scope>} for each of the token's scopes. A token without scopes has full access: it has no
 * authority, and {@link TokenScopes} grants it every scope. The token itself is never kept:
 * {@link #getCredentials()} is {@code null}.
 *
 * <p>Made for one request and not stored in a session; the principal is not serialised.
 */
public final class ApiTokenAuthentication extends AbstractAuthenticationToken {
    /** The prefix of the scope authorities, as in Spring Security's OAuth2 resource server. */
    public static final String AUTHORITY_PREFIX = "SCOPE_";

    private static final long serialVersionUID = 1L;

    private final ApiTokenPrincipal principal;

    /**
     * @param principal the authenticated token
     */
    public ApiTokenAuthentication(ApiTokenPrincipal principal) {
        super(authorities(Objects.requireNonNull(principal, "principal")));
        this.principal = principal;
        setAuthenticated(true);
    }

    private static List<GrantedAuthority> authorities(ApiTokenPrincipal principal) {
        return principal.scopes().stream()
                .sorted()
                .<GrantedAuthority>map(scope -> new SimpleGrantedAuthority(AUTHORITY_PREFIX + scope))
                .toList();
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
