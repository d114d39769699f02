package org.speakr.token.spring;

import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletRequestWrapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.util.Enumeration;
import org.speakr.token.servlet.ApiTokenFilter;
import org.springframework.security.web.firewall.FirewalledRequest;

/**
 * The request as the library's filter reads it in a Spring Security chain: the token headers
 * ({@link ApiTokenFilter#TOKEN_HEADERS}) come from the request beneath Spring Security's firewall, everything else
 * through it.
 *
 * <p>Why: {@code StrictHttpFirewall} checks every header name and value read through it with regular expressions,
 * and the filter reads three headers on every request, which made that check one of the largest costs of a token
 * request. The check guards an application that uses a header value; the filter checks the token headers itself
 * (a value that is not a well-formed token is refused as malformed) and hides them from everything after it.
 * Only the filter reads through this view: {@link SpeakrTokenFilter} passes the rest of the chain the request
 * itself. Only Spring Security's own wrappers are looked through (they leave headers
 * as they are); beneath any other wrapper the headers are read as that wrapper gives them.
 */
final class TokenHeadersBeneathFirewall extends HttpServletRequestWrapper {
    private static final String SPRING_SECURITY = "org.springframework.security.";

    private final HttpServletRequest beneath;

    private TokenHeadersBeneathFirewall(HttpServletRequest request, HttpServletRequest beneath) {
        super(request);
        this.beneath = beneath;
    }

    /**
     * @return {@code request} with its token headers read beneath the firewall, or {@code request} itself when no
     *         firewall lies beneath Spring Security's own wrappers
     */
    static ServletRequest of(ServletRequest request) {
        if (!(request instanceof HttpServletRequest http)) {
            return request;
        }
        ServletRequest current = request;
        while (current instanceof ServletRequestWrapper wrapper) {
            if (current instanceof FirewalledRequest && wrapper.getRequest() instanceof HttpServletRequest inner) {
                return new TokenHeadersBeneathFirewall(http, inner);
            }
            if (!current.getClass().getName().startsWith(SPRING_SECURITY)) {
                return request;
            }
            current = wrapper.getRequest();
        }
        return request;
    }

    @Override
    public String getHeader(String name) {
        return ApiTokenFilter.isTokenHeader(name) ? beneath.getHeader(name) : super.getHeader(name);
    }

    @Override
    public Enumeration<String> getHeaders(String name) {
        return ApiTokenFilter.isTokenHeader(name) ? beneath.getHeaders(name) : super.getHeaders(name);
    }
}
