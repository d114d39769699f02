package org.speakr.token.example;

import jakarta.servlet.http.HttpServletRequest;
import java.sql.SQLException;
import java.util.Optional;
import org.speakr.token.core.ApiTokenPrincipal;
import org.speakr.token.servlet.ApiTokenFilter;
import org.speakr.token.servlet.BearerTokenError;

/**
 * Who is calling an {@code /api/*} endpoint: a user through one of their API tokens, or a logged-in user.
 *
 * @param userId the user's id
 * @param username the user's name, which is also the owner of their tokens
 * @param token the principal of the API token that authenticated the request, or {@code null} for a session
 */
record Caller(long userId, String username, ApiTokenPrincipal token) {

    /**
     * @return the owner of the token that {@link ApiTokenFilter} authenticated (the filter has also checked the
     *         token's scopes), else the login session's user, whose {@code POST} and {@code DELETE} need the
     *         session's CSRF token
     * @throws ApiError 401 without token or session, or when the token's owner is gone; 403 without CSRF token
     */
    static Caller of(HttpServletRequest request, Repository repository) throws ApiError, SQLException {
        Optional<ApiTokenPrincipal> token = ApiTokenFilter.principal(request);
        if (token.isPresent()) {
            Repository.User user = repository.findUser(token.get().owner()).orElseThrow(() -> new ApiError(
                    BearerTokenError.invalidToken("The token's owner no longer exists")));
            return new Caller(user.id(), user.username(), token.get());
        }
        Sessions.LoggedIn session = Sessions.current(request);
        if (session == null) {
            throw new ApiError(BearerTokenError.unauthorized());
        }
        boolean safe = switch (request.getMethod()) {
            case "GET", "HEAD", "OPTIONS" -> true;
            default -> false;
        };
        if (!safe && !Sessions.csrfMatches(session, request.getHeader(Sessions.CSRF_HEADER))) {
            throw ApiError.csrfMismatch();
        }
        return new Caller(session.userId(), session.username(), null);
    }
}
