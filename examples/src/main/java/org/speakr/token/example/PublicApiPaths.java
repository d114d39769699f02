package org.speakr.token.example;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.List;

/**
 * Runs the token filter on {@code /api/*} except below the paths whose callers prove themselves otherwise: the
 * secret-scanning receivers (a signature of GitHub or GitLab), the trufflehog verifier and the public revoke
 * endpoint (the reported value itself). A scanner's request carries no token of ours, and must not count as a
 * failed token use of its address.
 */
final class PublicApiPaths implements Filter {
    /** Prefixes of the decoded, normalized path (servlet path and path info) that skip the token filter. */
    static final List<String> PREFIXES = List.of("/api/secret-scanning/", "/api/credentials/");

    private final Filter tokenFilter;

    PublicApiPaths(Filter tokenFilter) {
        this.tokenFilter = tokenFilter;
    }

    static boolean isPublic(HttpServletRequest request) {
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        return PREFIXES.stream().anyMatch(path::startsWith);
    }

    @Override
    public void init(FilterConfig config) throws ServletException {
        tokenFilter.init(config);
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (request instanceof HttpServletRequest http && isPublic(http)) {
            chain.doFilter(request, response);
        } else {
            tokenFilter.doFilter(request, response, chain);
        }
    }

    @Override
    public void destroy() {
        tokenFilter.destroy();
    }
}
