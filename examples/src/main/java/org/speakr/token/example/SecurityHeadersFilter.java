package org.speakr.token.example;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * On every response: a strict Content-Security-Policy and related headers, and {@code Cache-Control: no-store}
 * unless the answer sets its own (only the static files do), so that no page or API answer with a token in it is
 * kept by a cache or the browser's back/forward cache. Refuses {@code TRACE} with 405 on every path: the servlet
 * API's default {@code doTrace} would echo the request's headers, session cookie and tokens included.
 */
final class SecurityHeadersFilter extends HttpFilter {
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; object-src 'none';"
            + " frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
    /**
     * {@code same-origin}, not {@code no-referrer}: with {@code no-referrer} a browser sends {@code Origin: null}
     * on the login form's own {@code POST}, and the login's same-origin check needs the real origin.
     */
    static final String REFERRER_POLICY = "same-origin";

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        response.setHeader("Content-Security-Policy", CSP);
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", REFERRER_POLICY);
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Cache-Control", "no-store");
        if ("TRACE".equals(request.getMethod())) {
            ApiError.methodNotAllowed("GET", "HEAD", "POST", "DELETE", "OPTIONS").send(response);
            return;
        }
        chain.doFilter(request, response);
    }
}
