package org.speakr.token.example;

import jakarta.servlet.http.HttpServletRequest;
import org.speakr.token.core.ApiTokenPrincipal;

/**
 * Who is calling an {@code /api/*} endpoint: a logged-in user, or a user through one of their API tokens.
 *
 * @param userId the user's id
 * @param username the user's name, which is also the owner of their tokens
 * @param token the token used, or {@code null} for a session
 */
record Caller(long userId, String username, ApiTokenPrincipal token) {
    static final String ATTRIBUTE = Caller.class.getName();

    static Caller of(HttpServletRequest request) {
        return (Caller) request.getAttribute(ATTRIBUTE);
    }
}
