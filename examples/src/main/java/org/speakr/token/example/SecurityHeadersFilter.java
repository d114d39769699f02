package org.speakr.token.example;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * On every response: a strict Content-Security-Policy and related headers, and {@code Cache-Control: no-store}
 * unless the answer sets its own (only the static files do), so that no page or API answer with a token in it is
 * kept by a cache or the browser's back/forward cache. Refuses {@code TRACE} with 405 on every path: the servlet
 * API's default {@code doTrace} would echo the request's headers, session cookie and tokens included; and, so as
 * not to advertise it, takes {@code TRACE} out of the {@code Allow} header of {@code OPTIONS} answers (the servlet
 * API's default {@code doOptions} lists it).
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
        chain.doFilter(request, "OPTIONS".equals(request.getMethod()) ? new AllowWithoutTrace(response) : response);
    }

    /** Drops {@code TRACE} from whatever {@code Allow} header the servlet sets. */
    private static final class AllowWithoutTrace extends HttpServletResponseWrapper {
        AllowWithoutTrace(HttpServletResponse response) {
            super(response);
        }

        @Override
        public void setHeader(String name, String value) {
            super.setHeader(name, isAllow(name) ? withoutTrace(value) : value);
        }

        @Override
        public void addHeader(String name, String value) {
            super.addHeader(name, isAllow(name) ? withoutTrace(value) : value);
        }

        private static boolean isAllow(String name) {
            return "Allow".equalsIgnoreCase(name);
        }

        private static String withoutTrace(String methods) {
            return methods == null ? null : Arrays.stream(methods.split(","))
                    .map(String::strip)
                    .filter(method -> !method.equalsIgnoreCase("TRACE"))
                    .collect(Collectors.joining(", "));
        }
    }
}
