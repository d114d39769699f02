package org.speakr.token.servlet;

import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletException;
import java.net.URI;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;
import org.speakr.token.core.ApiTokens;
import org.speakr.token.core.internal.SettingValues;

/**
 * The init-params of the leak servlets declared in {@code web.xml}; every bad one fails {@code init} with
 * {@code <init-param>: expected <rule>, got '<value>'}.
 */
final class LeakServletParams {
    /** Init-param: the ServletContext attribute holding the {@link ApiTokens}. */
    static final String TOKEN_SERVICE_ATTRIBUTE = WebXmlConfiguration.TOKEN_SERVICE_ATTRIBUTE;
    /** Init-param: URL of the partner's key document. */
    static final String PUBLIC_KEYS_URL = "public-keys-url";
    /** Init-param: file holding the partner's key document. */
    static final String PUBLIC_KEYS_FILE = "public-keys-file";
    /** Init-param of the public revocation endpoint: requests per client address and minute. */
    static final String REQUESTS_PER_MINUTE = "requests-per-minute";

    private LeakServletParams() {
    }

    /** Fails for any init-param not in {@code known}. */
    static void checkKnown(ServletConfig config, Set<String> known) throws ServletException {
        for (String name : Collections.list(config.getInitParameterNames())) {
            if (!known.contains(name)) {
                throw failure(SettingValues.invalid(name, "one of the known init-params " + new TreeSet<>(known),
                        config.getInitParameter(name)));
            }
        }
    }

    static ApiTokens tokens(ServletConfig config) throws ServletException {
        String attribute = config.getInitParameter(TOKEN_SERVICE_ATTRIBUTE);
        if (attribute == null) {
            throw failure(SettingValues.invalid(TOKEN_SERVICE_ATTRIBUTE,
                    "the name of a ServletContext attribute holding an " + ApiTokens.class.getName(), null));
        }
        return WebXmlConfiguration.lookUp(config.getServletContext(), attribute.strip());
    }

    /**
     * @param defaultUrl the key document used when neither init-param is given, or {@code null} to require one
     */
    static VerificationKeys keys(ServletConfig config, URI defaultUrl) throws ServletException {
        String url = config.getInitParameter(PUBLIC_KEYS_URL);
        String file = config.getInitParameter(PUBLIC_KEYS_FILE);
        if (url != null && file != null) {
            throw failure(SettingValues.invalid(PUBLIC_KEYS_FILE, "no value when " + PUBLIC_KEYS_URL + " is given",
                    file));
        }
        if (file != null) {
            try {
                return VerificationKeys.fromFile(Path.of(file.strip()));
            } catch (InvalidPathException e) {
                throw failure(SettingValues.invalid(PUBLIC_KEYS_FILE, "a file path", file));
            }
        }
        if (url == null && defaultUrl == null) {
            throw failure(SettingValues.invalid(PUBLIC_KEYS_URL, "the URL of the key document when "
                    + PUBLIC_KEYS_FILE + " is not given", null));
        }
        try {
            return VerificationKeys.fromUrl(url == null ? defaultUrl : new URI(url.strip()));
        } catch (java.net.URISyntaxException | IllegalArgumentException e) {
            throw failure(SettingValues.invalid(PUBLIC_KEYS_URL, "an http or https URL", url));
        }
    }

    static int requestsPerMinute(ServletConfig config, int defaultValue) throws ServletException {
        String text = config.getInitParameter(REQUESTS_PER_MINUTE);
        try {
            return text == null ? defaultValue : SettingValues.parsePositiveInt(REQUESTS_PER_MINUTE, text);
        } catch (IllegalArgumentException e) {
            throw failure(e);
        }
    }

    private static ServletException failure(IllegalArgumentException e) {
        return new ServletException(e.getMessage(), e);
    }
}
