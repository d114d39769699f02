package org.speakr.token.example;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * A secret-scanning receiver the app was started without ({@code --github-scanning-keys},
 * {@code --gitlab-scanning-keys}): {@code 404} to every request, so a partner sees "no such endpoint" (not a
 * temporary failure it would retry), and nothing is read or revoked.
 */
final class NotConfiguredServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Json.write(response, 404, new Json.ErrorBody("Not found: this receiver is not configured"));
    }
}
