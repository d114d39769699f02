package org.speakr.token.spring;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.ServletRequestPathUtils;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/** Request paths (within the application) matched against Spring's {@link PathPattern} syntax, e.g. {@code /api/**}. */
final class RequestPaths {
    private final List<PathPattern> patterns;
    private final List<String> text;

    RequestPaths(List<String> patterns) {
        this.text = List.copyOf(patterns);
        this.patterns = text.stream().map(RequestPaths::parse).toList();
    }

    static PathPattern parse(String pattern) {
        return PathPatternParser.defaultInstance.parse(pattern);
    }

    /**
     * @return the path within the application: the one Spring has parsed for this dispatch when it has (Spring
     *         Security's filter chain and Spring MVC parse it before they match), otherwise parsed here
     */
    static PathContainer path(HttpServletRequest request) {
        if (ServletRequestPathUtils.hasParsedRequestPath(request)) {
            return ServletRequestPathUtils.getParsedRequestPath(request).pathWithinApplication();
        }
        String uri = request.getRequestURI();
        String context = request.getContextPath();
        return PathContainer.parsePath(context != null && uri.startsWith(context) ? uri.substring(context.length())
                : uri);
    }

    boolean matches(HttpServletRequest request) {
        PathContainer path = path(request);
        for (PathPattern pattern : patterns) {
            if (pattern.matches(path)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return String.join(", ", text);
    }
}
