package org.speakr.token.spring;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.IOException;
import java.security.Principal;
import java.util.Optional;
import org.speakr.token.core.ApiTokenPrincipal;
import org.speakr.token.servlet.ApiTokenFilter;

/**
 * Runs after Spring Security's request wrapper (which answers {@code getUserPrincipal()} with the
 * {@code Authentication}) so a token request's {@code getUserPrincipal()} is the {@link ApiTokenPrincipal} again,
 * as with the plain filter.
 */
final class PrincipalRequestFilter implements Filter {
    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        Optional<ApiTokenPrincipal> principal = ApiTokenFilter.principal(req);
        if (principal.isPresent() && req instanceof HttpServletRequest request) {
            chain.doFilter(new TokenPrincipalRequest(request, principal.get()), res);
        } else {
            chain.doFilter(req, res);
        }
    }

    private static final class TokenPrincipalRequest extends HttpServletRequestWrapper {
        private final ApiTokenPrincipal principal;

        TokenPrincipalRequest(HttpServletRequest request, ApiTokenPrincipal principal) {
            super(request);
            this.principal = principal;
        }

        @Override
        public Principal getUserPrincipal() {
            return principal;
        }

        @Override
        public String getRemoteUser() {
            return principal.owner();
        }

        @Override
        public String getAuthType() {
            return ApiTokenFilter.AUTH_TYPE;
        }
    }
}
