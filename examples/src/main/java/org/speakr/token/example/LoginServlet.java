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
 * 401 (the login page with a message, or JSON for a client that accepts only JSON). Before any password check:
 * 403 when the {@code Origin} header (or, without it, the {@code Referer}) names another site, so that a
 * cross-site form cannot log the victim in as someone else; 429 while {@link LoginThrottle} backs off that user
 * name or address; 503 when as many password checks as allowed already run.
 * {@code POST /logout}: ends the session (needs the CSRF token as header {@code X-CSRF-Token} or form field
 * {@code csrf_token}) and 303 to {@code /}.
 */
final class LoginServlet extends HttpServlet {
    private static final Logger log = LoggerFactory.getLogger(LoginServlet.class);

    private final Repository repository;
    private final PageServlet pages;
    private final LoginThrottle throttle;

    LoginServlet(Repository repository, PageServlet pages, LoginThrottle throttle) {
        this.repository = repository;
        this.pages = pages;
        this.throttle = throttle;
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if ("/logout".equals(request.getServletPath())) {
            logout(request, response);
            return;
        }
        if (!SameOrigin.matches(request)) {
            log.info("Cross-site login refused");
            refuse(request, response, ApiError.crossSiteLogin());
            return;
        }
        String username = request.getParameter("username");
        String password = request.getParameter("password");
        String address = request.getRemoteAddr();
        long wait = throttle.retryAfterSeconds(username, address);
        if (wait > 0) {
            refuse(request, response, ApiError.tooManyLogins(wait));
            return;
        }
        if (!throttle.tryStartVerification()) {
            refuse(request, response, ApiError.loginsBusy());
            return;
        }
        Optional<Repository.User> user;
        boolean ok;
        try {
            user = username == null || username.length() > 64 ? Optional.empty() : repository.findUser(username);
            // Verifies against a dummy hash for an unknown user, so both failures take as long.
            ok = Passwords.verify(password, user.map(Repository.User::passwordHash).orElse(null));
        } catch (SQLException e) {
            log.error("Database error during login: {}", e.toString());
            ApiError.databaseUnavailable().send(response);
            return;
        } finally {
            throttle.endVerification();
        }
        if (!ok || user.isEmpty()) {
            throttle.failed(username, address);
            log.info("Failed login for user name of length {}", username == null ? 0 : username.length());
            if (wantsJson(request)) {
                new ApiError(401, "Invalid username or password").send(response);
            } else {
                pages.sendLoginError(response, 401, "Invalid username or password.");
            }
            return;
        }
        throttle.succeeded(username);
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

    /** The login page with the error's message and status for a browser, the JSON error for an API client. */
    private void refuse(HttpServletRequest request, HttpServletResponse response, ApiError error)
            throws IOException {
        if (wantsJson(request)) {
            error.send(response);
            return;
        }
        if (error.retryAfterSeconds() > 0) {
            response.setHeader("Retry-After", Long.toString(error.retryAfterSeconds()));
        }
        pages.sendLoginError(response, error.status(), error.getMessage() + ".");
    }

    private static boolean wantsJson(HttpServletRequest request) {
        String accept = request.getHeader("Accept");
        return accept != null && accept.contains("application/json") && !accept.contains("text/html");
    }
}
