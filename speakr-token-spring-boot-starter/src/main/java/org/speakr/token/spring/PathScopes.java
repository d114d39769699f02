package org.speakr.token.spring;

import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.speakr.token.servlet.ScopeRequirement;
import org.springframework.http.server.PathContainer;
import org.springframework.web.util.pattern.PathPattern;

/**
 * {@code speakr.token.web.path-scopes}: the scopes of the most specific matching path pattern, none when no
 * pattern matches. Each pattern's scopes are validated by {@link ScopeRequirement#of(String...)}.
 */
final class PathScopes implements ScopeRequirement {
    private record Entry(PathPattern pattern, ScopeRequirement scopes) {
    }

    private final List<Entry> entries;

    PathScopes(Map<String, String> scopesByPattern) {
        List<Entry> list = new ArrayList<>();
        scopesByPattern.forEach((pattern, scopes) -> list.add(new Entry(RequestPaths.parse(pattern),
                ScopeRequirement.of(scopes.strip().isEmpty() ? new String[0] : scopes.strip().split("[\\s,]+")))));
        list.sort((a, b) -> PathPattern.SPECIFICITY_COMPARATOR.compare(a.pattern(), b.pattern()));
        this.entries = List.copyOf(list);
    }

    @Override
    public Set<String> scopesFor(HttpServletRequest request) {
        PathContainer path = RequestPaths.path(request);
        for (Entry entry : entries) {
            if (entry.pattern().matches(path)) {
                return entry.scopes().scopesFor(request);
            }
        }
        return Set.of();
    }
}
