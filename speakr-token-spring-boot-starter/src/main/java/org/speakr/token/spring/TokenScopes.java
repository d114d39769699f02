package org.speakr.token.spring;

import java.util.List;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Scope checks that a full-access token (one without scopes) passes: Spring's {@code hasAuthority("SCOPE_x")}
 * would refuse it, unless {@code x} is one of {@code speakr.token.web.known-scopes}. A token authentication has a scope when its {@link org.speakr.token.core.ApiTokenPrincipal}
 * has it; any other authentication when it has the authority {@code SCOPE_<scope>}.
 *
 * <pre>{@code
 * http.authorizeHttpRequests(requests -> requests
 *         .requestMatchers(HttpMethod.POST, "/api/recordings/**").access(TokenScopes.hasScope("recordings:write"))
 *         .anyRequest().authenticated());
 *
 * @PreAuthorize("@speakrScopes.has('recordings:write')")
 * }</pre>
 * The starter registers an instance as the bean {@value #BEAN_NAME}.
 */
public final class TokenScopes {
    /** The name of the bean for {@code @PreAuthorize} expressions. */
    public static final String BEAN_NAME = "speakrScopes";

    /** For the bean; the checks are also the static methods. */
    public TokenScopes() {
    }

    /**
     * For {@code @PreAuthorize("@speakrScopes.has('a', 'b')")}: the current authentication's check.
     *
     * @param scopes the scopes needed, all of them
     * @return whether the current authentication has them all
     */
    public boolean has(String... scopes) {
        return granted(SecurityContextHolder.getContextHolderStrategy().getContext().getAuthentication(), scopes);
    }

    /**
     * @param authentication an authentication, or {@code null}
     * @param scopes the scopes needed, all of them
     * @return whether it is authenticated and has them all
     */
    public static boolean granted(Authentication authentication, String... scopes) {
        if (authentication instanceof ApiTokenAuthentication token) {
            for (String scope : scopes) {
                if (!token.getPrincipal().hasScope(scope)) {
                    return false;
                }
            }
            return true;
        }
        if (authentication == null || !authentication.isAuthenticated()) {
            return false;
        }
        List<String> authorities = authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .toList();
        for (String scope : scopes) {
            if (!authorities.contains(ApiTokenAuthentication.AUTHORITY_PREFIX + scope)) {
                return false;
            }
        }
        return true;
    }

    /**
     * For {@code authorizeHttpRequests}: {@code .requestMatchers(...).access(TokenScopes.hasScope("x"))}.
     *
     * @param scopes the scopes needed, all of them
     * @param <T> the secured object's type
     * @return the authorization manager
     */
    public static <T> AuthorizationManager<T> hasScope(String... scopes) {
        String[] copy = scopes.clone();
        return (authentication, object) -> new AuthorizationDecision(granted(authentication.get(), copy));
    }
}
