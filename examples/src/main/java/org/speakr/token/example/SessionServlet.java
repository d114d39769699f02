package org.speakr.token.example;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** {@code GET /api/session}: the login session's user and CSRF token, for the page's script. */
final class SessionServlet extends ApiResource {

    SessionServlet(Repository repository) {
        super(repository);
    }

    record Session(String username, String csrfToken) {
        @Override
        public String toString() {
            return "Session[" + username + "]";
        }
    }

    @Override
    void answer(String method, String path, Caller caller, HttpServletRequest request, HttpServletResponse response)
            throws IOException, ApiError {
        allow(method, "GET");
        Sessions.LoggedIn session = Sessions.current(request);
        if (session == null) {
            throw new ApiError(401, "Not logged in");
        }
        Json.write(response, 200, new Session(session.username(), session.csrfToken()));
    }
}
