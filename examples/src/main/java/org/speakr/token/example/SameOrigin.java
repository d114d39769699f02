package org.speakr.token.example;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Whether a state-changing browser request comes from this site: its {@code Origin} header, or without one its
 * {@code Referer}, must name this server's scheme, host and port (as the request sees them; behind a trusted
 * proxy, the forwarded ones). {@code Origin: null} (an opaque or privacy-reduced origin) is refused. A request
 * with neither header is let through: browsers send {@code Origin} on every cross-site {@code POST}, and
 * non-browser clients such as {@code curl} send neither.
 */
final class SameOrigin {
    private SameOrigin() {
    }

    static boolean matches(HttpServletRequest request) {
        String origin = request.getHeader("Origin");
        if (origin != null) {
            return sameSite(origin.trim(), request);
        }
        String referer = request.getHeader("Referer");
        return referer == null || sameSite(referer.trim(), request);
    }

    private static boolean sameSite(String url, HttpServletRequest request) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return false;
        }
        if (uri.getScheme() == null || uri.getHost() == null) {
            return false;
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        return scheme.equals(request.getScheme().toLowerCase(Locale.ROOT))
                && uri.getHost().equalsIgnoreCase(request.getServerName())
                && port(scheme, uri.getPort()) == port(scheme, request.getServerPort());
    }

    private static int port(String scheme, int port) {
        if (port > 0) {
            return port;
        }
        return "https".equals(scheme) ? 443 : 80;
    }
}
