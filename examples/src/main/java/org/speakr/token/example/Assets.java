package org.speakr.token.example;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/** The web page's static files, loaded once from the classpath ({@code /static/…}). */
final class Assets {
    /** File name to content type; nothing else is served. */
    static final Map<String, String> TYPES = Map.of(
            "login.html", "text/html;charset=utf-8",
            "account.html", "text/html;charset=utf-8",
            "app.css", "text/css;charset=utf-8",
            "account.js", "text/javascript;charset=utf-8",
            "favicon.svg", "image/svg+xml");

    private Assets() {
    }

    record Asset(String contentType, byte[] content) {
    }

    static Asset load(String name) {
        String type = TYPES.get(name);
        if (type == null) {
            return null;
        }
        try (InputStream in = Assets.class.getResourceAsStream("/static/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing classpath resource /static/" + name);
            }
            return new Asset(type, in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
