package org.speakr.token.example;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.sql.SQLException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.speakr.token.core.ApiTokenPrincipal;

/**
 * Decides who calls {@code /api/*}, after the token filter has run: a request the token filter authenticated
 * is that token's owner, limited to the token's scopes; otherwise the login session's user, with a CSRF
 * check on state-changing methods; otherwise 401. Never redirects.
 *
 * <p>Scopes, checked only for tokens (a session has full access): {@code recordings:read} for
 * {@code /api/recordings*}, {@code tags:read} for {@code /api/tags}, {@code tokens:write} for
 * {@code /api/tokens*}. A token without scopes has full access.
 */
final class ApiAuthFilter extends HttpFilter {
    private static final Logger log = LoggerFactory.getLogger(ApiAuthFilter.class);
    static final String REALM = "speakr";

    private final Repository repository;

    ApiAuthFilter(Repository repository) {
        this.repository = repository;
    }

    /** @return the scope a token needs for a path below {@code /api}, or {@code null} */
    static String requiredScope(String pathInfo) {
        if (pathInfo == null) {
            return null;
        }
        if (matches(pathInfo, "/recordings")) {
            return "recordings:read";
        }
        if (matches(pathInfo, "/tags")) {
            return "tags:read";
        }
        if (matches(pathInfo, "/tokens")) {
            return "tokens:write";
        }
        return null;
    }

    private static boolean matches(String path, String prefix) {
        return path.equals(prefix) || path.startsWith(prefix + "/");
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        response.setHeader("Cache-Control", "no-store");
        Caller caller;
        try {
            caller = authorize(request, response);
        } catch (SQLException e) {
            log.error("Database error while authorizing {} {}: {}", request.getMethod(), request.getRequestURI(),
                    e.toString());
            Json.databaseUnavailable(response);
            return;
        }
        if (caller != null) {
            request.setAttribute(Caller.ATTRIBUTE, caller);
            chain.doFilter(request, response);
        }
    }

    /** @return the caller, or {@code null} after writing the refusal */
    private Caller authorize(HttpServletRequest request, HttpServletResponse response)
            throws IOException, SQLException {
        if (request.getUserPrincipal() instanceof ApiTokenPrincipal token) {
            Optional<Repository.User> user = repository.findUser(token.owner());
            if (user.isEmpty()) {
                response.setHeader("WWW-Authenticate", "Bearer realm=\"" + REALM + "\", error=\"invalid_token\"");
                Json.oauthError(response, 401, "invalid_token", "The token's owner no longer exists");
                return null;
            }
            String scope = requiredScope(request.getPathInfo());
            if (scope != null && !token.hasScope(scope)) {
                response.setHeader("WWW-Authenticate", "Bearer realm=\"" + REALM
                        + "\", error=\"insufficient_scope\", scope=\"" + scope + "\"");
                Json.oauthError(response, 403, "insufficient_scope", "The token lacks the scope " + scope);
                return null;
            }
            return new Caller(user.get().id(), user.get().username(), token);
        }
        Sessions.LoggedIn session = Sessions.current(request);
        if (session == null) {
            response.setHeader("WWW-Authenticate", "Bearer realm=\"" + REALM + "\"");
            Json.oauthError(response, 401, "unauthorized",
                    "Log in, or send an API token in the Authorization, X-API-Token or API-Token header");
            return null;
        }
        if (!isSafe(request.getMethod())
                && !Sessions.csrfMatches(session, request.getHeader(Sessions.CSRF_HEADER))) {
            Json.error(response, 403, "Missing or invalid " + Sessions.CSRF_HEADER + " header");
            return null;
        }
        return new Caller(session.userId(), session.username(), null);
    }

    private static boolean isSafe(String method) {
        return "GET".equals(method) || "HEAD".equals(method) || "OPTIONS".equals(method);
    }
}
