package org.speakr.token.example;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The web pages: {@code /} (login), {@code /account} (Account Settings, API Tokens tab; needs a session) and
 * the files below {@code /static/}. Everything else is a 404.
 */
final class PageServlet extends HttpServlet {
    static final String LOGIN_ERROR_MARKER = "<!--login-error-->";

    private final Map<String, Assets.Asset> assets = new HashMap<>();

    PageServlet() {
        for (String name : Assets.TYPES.keySet()) {
            assets.put(name, Assets.load(name));
        }
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        switch (path) {
            case "/", "" -> {
                if (Sessions.current(request) != null) {
                    response.setStatus(303);
                    response.setHeader("Location", "/account");
                    return;
                }
                send(response, 200, assets.get("login.html"));
            }
            case "/account" -> {
                if (Sessions.current(request) == null) {
                    response.setStatus(303);
                    response.setHeader("Location", "/");
                    return;
                }
                send(response, 200, assets.get("account.html"));
            }
            case "/favicon.ico" -> sendStatic(response, assets.get("favicon.svg"));
            default -> {
                Assets.Asset asset = path.startsWith("/static/") ? assets.get(path.substring("/static/".length()))
                        : null;
                if (asset == null) {
                    new ApiError(404, "Not found").send(response);
                } else {
                    sendStatic(response, asset);
                }
            }
        }
    }

    /** Sends the login page again with an error message in it. */
    void sendLoginError(HttpServletResponse response, int status, String message) throws IOException {
        String html = new String(assets.get("login.html").content(), StandardCharsets.UTF_8)
                .replace(LOGIN_ERROR_MARKER, "<p class=\"error\" role=\"alert\">" + message + "</p>");
        send(response, status, new Assets.Asset("text/html;charset=utf-8", html.getBytes(StandardCharsets.UTF_8)));
    }

    /** A static file: no token data in it, so it may be cached (revalidated on every use). */
    private static void sendStatic(HttpServletResponse response, Assets.Asset asset) throws IOException {
        response.setHeader("Cache-Control", "no-cache");
        send(response, 200, asset);
    }

    /** A page keeps the {@code Cache-Control: no-store} of {@link SecurityHeadersFilter}. */
    private static void send(HttpServletResponse response, int status, Assets.Asset asset) throws IOException {
        response.setStatus(status);
        response.setContentType(asset.contentType());
        response.setContentLength(asset.content().length);
        response.getOutputStream().write(asset.content());
    }
}
