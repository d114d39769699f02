package org.speakr.token.example;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.Principal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.speakr.token.core.ApiTokenPrincipal;
import org.speakr.token.core.ApiTokens;
import org.speakr.token.core.AuthenticationResult;
import org.speakr.token.core.TokenStoreException;

/** Stand-in for {@code org.speakr.token.servlet.ApiTokenFilter} in optional mode until that module lands. */
final class InterimTokenFilter extends HttpFilter {
    private final ApiTokens tokens;

    InterimTokenFilter(ApiTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        List<String> found = new ArrayList<>();
        for (String auth : Collections.list(request.getHeaders("Authorization"))) {
            if (auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
                found.add(auth.substring(7).strip());
            }
        }
        found.addAll(Collections.list(request.getHeaders("X-API-Token")));
        found.addAll(Collections.list(request.getHeaders("API-Token")));
        String query = request.getQueryString();
        if (query != null && ("GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod()))) {
            for (String pair : query.split("&")) {
                if (pair.startsWith("token=")) {
                    found.add(pair.substring(6));
                }
            }
        }
        if (found.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        if (found.size() > 1) {
            Json.oauthError(response, 400, "invalid_request", "The token was sent more than once");
            return;
        }
        AuthenticationResult result;
        try {
            result = tokens.authenticate(found.get(0));
        } catch (TokenStoreException e) {
            response.setHeader("Retry-After", "5");
            Json.oauthError(response, 503, "temporarily_unavailable", "Token store unavailable");
            return;
        }
        if (!(result instanceof AuthenticationResult.Authenticated ok)) {
            response.setHeader("WWW-Authenticate", "Bearer realm=\"speakr\", error=\"invalid_token\"");
            Json.oauthError(response, 401, "invalid_token", "The token is invalid");
            return;
        }
        ApiTokenPrincipal principal = ok.principal();
        chain.doFilter(new HttpServletRequestWrapper(request) {
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
                return "Bearer";
            }
        }, response);
    }
}
