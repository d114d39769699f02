package org.speakr.token.example;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/** The login session: who is logged in and the session's CSRF token. */
final class Sessions {
    static final String USER_ID = "speakr.userId";
    static final String USERNAME = "speakr.username";
    static final String CSRF = "speakr.csrf";
    static final String CSRF_HEADER = "X-CSRF-Token";
    static final String COOKIE_NAME = "speakr_session";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Sessions() {
    }

    record LoggedIn(long userId, String username, String csrfToken) {
        @Override
        public String toString() {
            return "LoggedIn[" + userId + ", " + username + "]";
        }
    }

    /** @return the logged-in user of this request's session, or {@code null} */
    static LoggedIn current(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session == null) {
            return null;
        }
        try {
            Object id = session.getAttribute(USER_ID);
            Object name = session.getAttribute(USERNAME);
            Object csrf = session.getAttribute(CSRF);
            if (id instanceof Long userId && name instanceof String username && csrf instanceof String token) {
                return new LoggedIn(userId, username, token);
            }
            return null;
        } catch (IllegalStateException invalidated) {
            return null;
        }
    }

    /** Replaces any existing session by a new one (no session fixation) for {@code user}. */
    static LoggedIn logIn(HttpServletRequest request, long userId, String username) {
        HttpSession old = request.getSession(false);
        if (old != null) {
            old.invalidate();
        }
        HttpSession session = request.getSession(true);
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String csrf = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        session.setAttribute(USER_ID, userId);
        session.setAttribute(USERNAME, username);
        session.setAttribute(CSRF, csrf);
        return new LoggedIn(userId, username, csrf);
    }

    static void logOut(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session != null) {
            try {
                session.invalidate();
            } catch (IllegalStateException alreadyInvalid) {
                // nothing to do
            }
        }
    }

    /** @return whether {@code presented} equals the session's CSRF token, compared in constant time */
    static boolean csrfMatches(LoggedIn session, String presented) {
        return presented != null && MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8),
                session.csrfToken().getBytes(StandardCharsets.UTF_8));
    }
}
