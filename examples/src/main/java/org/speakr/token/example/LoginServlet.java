package org.speakr.token.example;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.sql.SQLException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /login} (form {@code username}, {@code password}): a new session and 303 to {@code /account}, or
 * 401 (the login page with a message, or JSON for a client that accepts only JSON).
 * {@code POST /logout}: ends the session (needs the CSRF token as header {@code X-CSRF-Token} or form field
 * {@code csrf_token}) and 303 to {@code /}.
 */
final class LoginServlet extends HttpServlet {
    private static final Logger log = LoggerFactory.getLogger(LoginServlet.class);

    private final Repository repository;
    private final PageServlet pages;

    LoginServlet(Repository repository, PageServlet pages) {
        this.repository = repository;
        this.pages = pages;
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if ("/logout".equals(request.getServletPath())) {
            logout(request, response);
            return;
        }
        String username = request.getParameter("username");
        String password = request.getParameter("password");
        Optional<Repository.User> user;
        try {
            user = username == null || username.length() > 64 ? Optional.empty() : repository.findUser(username);
        } catch (SQLException e) {
            log.error("Database error during login: {}", e.toString());
            ApiError.databaseUnavailable().send(response);
            return;
        }
        // Verifies against a dummy hash for an unknown user, so both failures take as long.
        boolean ok = Passwords.verify(password, user.map(Repository.User::passwordHash).orElse(null));
        if (!ok || user.isEmpty()) {
            log.info("Failed login for user name of length {}", username == null ? 0 : username.length());
            if (wantsJson(request)) {
                new ApiError(401, "Invalid username or password").send(response);
            } else {
                pages.sendLoginError(response, "Invalid username or password.");
            }
            return;
        }
        Sessions.logIn(request, user.get().id(), user.get().username());
        log.info("User {} logged in", user.get().username());
        response.setStatus(303);
        response.setHeader("Location", "/account");
    }

    private static void logout(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Sessions.LoggedIn session = Sessions.current(request);
        if (session != null) {
            String presented = request.getHeader(Sessions.CSRF_HEADER);
            if (presented == null) {
                presented = request.getParameter("csrf_token");
            }
            if (!Sessions.csrfMatches(session, presented)) {
                ApiError.csrfMismatch().send(response);
                return;
            }
            Sessions.logOut(request);
        }
        response.setStatus(303);
        response.setHeader("Location", "/");
    }

    private static boolean wantsJson(HttpServletRequest request) {
        String accept = request.getHeader("Accept");
        return accept != null && accept.contains("application/json") && !accept.contains("text/html");
    }
}
